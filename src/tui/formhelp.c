/* The duty room in a call: the help request (応援要請) and the note
 * templates, kept out of form.c. Raising a request is the writer thread's
 * (queue.h); reading whether a supervisor saw it is a read, every few
 * seconds while it is open. */
#include <string.h>

#include "draw.h"
#include "form.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define HELP_READ_MS 3000

static void help_read(struct form *f)
{
	struct error err;
	struct help_state h;

	f->help_read = app_ms();
	error_clear(&err);
	if (store_help_state(f->a->store, f->call.id, &h, &err))
		return; /* asked again in a few seconds */
	if (h.acked_at && !f->help.acked_at && f->help.raised_at) {
		char at[8];

		draw_clock(h.acked_at, at);
		app_msg(f->a, MSG_INFO, _("Your help request was seen by %s at %s."), h.acked_by, at);
	}
	f->help = h;
}

void form_help_open(struct form *f)
{
	if (f->origin != FROM_NEW)
		help_read(f);
}

void form_help_tick(struct form *f)
{
	if (f->help.raised_at && !f->help.acked_at && !f->help_ticket &&
	    app_ms() - f->help_read >= HELP_READ_MS)
		help_read(f);
}

int form_help_key(void *ctx, int key)
{
	struct form *f = ctx;

	if (f->help_ticket || (f->help.raised_at && !f->help.acked_at)) {
		app_msg(f->a, MSG_INFO, _("Help is already requested: supervisors see it on home."));
		return KEY_STAY;
	}
	f->help_ticket = store_queue_help(f->a->queue, &f->call, f->a->me);
	app_msg(f->a, MSG_WARN, _("Asking a supervisor for help..."));
	return KEY_STAY;
}

bool form_help_result(struct form *f, const struct job_result *r)
{
	if (r->kind != JOB_HELP || r->ticket != f->help_ticket)
		return false;
	f->help_ticket = 0;
	f->help_read = app_ms();
	if (r->status != ST_OK) {
		app_error(f->a, _("Help was not requested"), &r->err);
		return true;
	}
	f->help = r->help;
	app_msg(f->a, MSG_WARN, _("Help requested: supervisors see it on home."));
	return true;
}

/* "HELP REQUESTED" until seen, then "seen by suzuki 14:02". */
int form_help_paint(struct form *f, int y, int right)
{
	char text[160], at[8];
	int w;

	if (f->help_ticket)
		snprintf(text, sizeof text, " %s ", _("asking for help"));
	else if (f->help.raised_at && !f->help.acked_at)
		snprintf(text, sizeof text, " %s ", _("HELP REQUESTED"));
	else if (f->help.acked_at) {
		draw_clock(f->help.acked_at, at);
		snprintf(text, sizeof text, _(" seen by %s at %s "), f->help.acked_by, at);
	} else
		return 0;
	w = text_width(text);
	if (w > right - 2)
		w = right - 2;
	draw_text(y, right - w, w, text,
		  draw_attr(f->a, f->help.acked_at && !f->help_ticket ? DS_TITLE : DS_URGENT));
	return w + 1;
}

int form_template_key(void *ctx, int key)
{
	struct form *f = ctx;
	const char *text;
	size_t i = 0, n;
	uint32_t cp;

	if (f->readonly)
		return KEY_STAY;
	if (f->fields[f->focus].kind != FK_NOTES) {
		app_msg(f->a, MSG_INFO, _("Ctrl-T inserts a note template in the notes: go there first."));
		return KEY_STAY;
	}
	if (!(text = template_pick(f->a)))
		return KEY_STAY;
	n = strlen(text);
	while (i < n) {
		size_t k = utf8_decode(text + i, n - i, &cp);

		if (!k)
			break;
		if (editor_insert(&f->notes, cp) == ED_FULL) {
			app_msg(f->a, MSG_ERROR,
				_("The notes are full (at most %d KiB); nothing more was added."),
				CALL_NOTES_MAX / 1024);
			break;
		}
		i += k;
	}
	form_touch(f);
	return KEY_STAY;
}
