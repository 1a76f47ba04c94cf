/* Short calls from home: s, the type, and the call is recorded (a draft at
 * once, saved after the undo time). The types offered are the call types
 * other than the consultations (consult and info by default: soudan-stats
 * counts those as consultations). */
#include <stdio.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "quick.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define QUICK_TYPES_MAX 9

static bool quick_offered(const char *key)
{
	return strcmp(key, "consult") != 0 && strcmp(key, "info") != 0;
}

/* The choices 1-9: the call types that are not consultations. */
static size_t quick_choices(struct app *a, struct choice *c, const char **keys)
{
	const struct codelist *l = config_list(a->cfg, LIST_CALL_TYPE);
	size_t n = 0;

	for (size_t i = 0; i < l->n && n < QUICK_TYPES_MAX; i++)
		if (quick_offered(l->codes[i].key)) {
			c[n] = (struct choice){'1' + (int)n, l->codes[i].label};
			keys[n++] = l->codes[i].key;
		}
	return n;
}

static bool quick_record(struct app *a, struct quick *q, const char *type)
{
	call_free(&q->call);
	form_new_call(a, &q->call);
	call_set(&q->call.coded[CF_CALL_TYPE], type);
	q->call.ended_at = q->call.started_at; /* logged as it ends */
	/* A draft at once (the writer thread's: nothing here waits). */
	store_queue_draft(a->queue, q->call.id, &q->call);
	q->pending = true;
	snprintf(q->type, sizeof q->type, "%s", type);
	q->due = app_ms() + QUICK_UNDO_MS;
	return true;
}

bool quick_start(struct app *a, struct quick *q)
{
	struct choice c[QUICK_TYPES_MAX];
	const char *keys[QUICK_TYPES_MAX];
	size_t n = quick_choices(a, c, keys);
	int k;

	quick_settle(a, q, true, false);
	if (n == 0) {
		app_msg(a, MSG_INFO, _("Every call type is a consultation: n starts a call."));
		return false;
	}
	k = dialog_ask(a, &(struct question){_("A short call, recorded at once"), NULL, c, n,
					     NULL, n > 4 ? 2 : 1});
	if (k < '1' || k >= '1' + (int)n || !quick_record(a, q, keys[k - '1']))
		return false;
	quick_say(a, q);
	return true;
}

void quick_say(struct app *a, const struct quick *q)
{
	int64_t left = (q->due - app_ms() + 999) / 1000;
	char at[8];

	if (!q->pending)
		return;
	draw_clock(q->call.started_at, at);
	app_msg(a, MSG_INFO, _("%s at %s recorded; u: undo (%d s)"),
		label_of(a->cfg, LIST_CALL_TYPE, q->type), at, (int)(left > 0 ? left : 0));
}

void quick_settle(struct app *a, struct quick *q, bool now, bool say)
{
	struct error err;

	if (!q->pending || (!now && app_ms() < q->due))
		return;
	q->pending = false;
	error_clear(&err);
	call_fill_unknown(&q->call, a->cfg);
	if (call_validate(&q->call, a->cfg, &err)) {
		/* The draft stays: home lists it to be opened and saved. */
		app_error(a, _("The short call could not be saved (it is kept as a draft)"), &err);
		return;
	}
	store_queue_save(a->queue, q->call.id, &q->call, a->me);
	a->saving++;
	memcpy(q->saving, q->call.id, sizeof q->saving);
	if (say)
		app_msg(a, MSG_INFO, _("Saving..."));
}

bool quick_saved(struct app *a, const struct quick *q, const struct job_result *r)
{
	if (r->kind != JOB_SAVE || r->status != ST_OK || strcmp(r->call_id, q->saving) != 0)
		return false;
	app_msg(a, MSG_INFO, _("%s saved."), label_of(a->cfg, LIST_CALL_TYPE, q->type));
	return true;
}

bool quick_undo(struct app *a, struct quick *q)
{
	if (!q->pending) {
		app_msg(a, MSG_INFO, _("Nothing to undo: u takes back a short call within %d s."),
			QUICK_UNDO_MS / 1000);
		return false;
	}
	store_queue_drop(a->queue, q->call.id);
	q->pending = false;
	app_msg(a, MSG_INFO, _("Undone: the short call was not recorded."));
	return true;
}
