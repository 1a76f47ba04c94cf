/* A saved call's history: its audit entries, oldest first, with the fields
 * each change touched (before and after are parsed back into calls). */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

struct entry {
	int64_t at;
	char *op, *action, *before, *after;
};

struct hist {
	struct app *a;
	const char *id;
	struct entry *e;
	size_t n, cap, top;
	char **lines; /* what the screen shows, one per entry */
};

static int on_audit(const struct audit_entry *e, void *ctx)
{
	struct hist *h = ctx;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->e = xrealloc(h->e, h->cap * sizeof *h->e);
	}
	h->e[h->n++] = (struct entry){e->at, xstrdup(e->operator_name), xstrdup(e->action),
				      xstrdup(e->before ? e->before : ""),
				      xstrdup(e->after ? e->after : "")};
	return 0;
}

/* The names of the fields that differ, as the form labels them. */
static void diff_calls(const struct config *cfg, const struct call *x, const struct call *y,
		       struct buf *out)
{
#define NAME(cond, name) do { if (!(cond)) buf_printf(out, " %s", _(name)); } while (0)
	NAME(x->started_at == y->started_at, N_("Start"));
	NAME(x->ended_at == y->ended_at, N_("End"));
	for (int i = 0; i < CF__COUNT; i++)
		NAME(text_same(x->coded[i], y->coded[i]), config_list(cfg, call_coded_info[i].list)->title);
	for (int i = 0; i < CM__COUNT; i++)
		NAME(strlist_same(&x->multi[i], &y->multi[i]),
		     config_list(cfg, call_multi_info[i].list)->title);
	NAME(text_same(x->case_code, y->case_code), N_("Case"));
	NAME(text_same(x->nickname, y->nickname), N_("Nickname"));
	NAME(call_referrals_same(x, y), N_("Referrals"));
	NAME(text_same(x->next_contact, y->next_contact), N_("Next contact"));
	NAME(text_same(x->assigned_to, y->assigned_to), N_("Assigned to"));
	NAME(x->debrief == y->debrief, N_("Debrief"));
	NAME(text_same(x->notes, y->notes), N_("Notes"));
#undef NAME
}

/* Audit actions in the operator's words. */
static const char *action_name(const char *action)
{
	static const struct {
		const char *action, *name;
	} names[] = {
		{"create", N_("saved")},
		{"update", N_("edited")},
		{"followup_close", N_("follow-up closed")},
		{"followup_reschedule", N_("rescheduled")},
		{"followup_assign", N_("handed over")},
		{"hold", N_("legal hold")},
		{"release", N_("hold released")},
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(action, names[i].action) == 0)
			return _(names[i].name);
	return action;
}

/* A follow-up change in words: the new date or owner and the old one, or
 * the result it was closed with. The values come from the entry's JSON as
 * the store reads it; none is shown when it cannot be read. */
static void describe_followup(struct hist *h, const struct entry *e, struct buf *out)
{
	bool closing = strcmp(e->action, "followup_close") == 0;
	const char *key = strcmp(e->action, "followup_reschedule") == 0 ? "next_contact"
			  : strcmp(e->action, "followup_assign") == 0	 ? "assigned_to"
			  : closing					 ? "followup_result"
									 : NULL;
	char *was = NULL, *now = NULL;
	struct error err;

	if (!key)
		return;
	error_clear(&err);
	if (store_json_text(h->a->store, e->before, key, &was, &err) ||
	    store_json_text(h->a->store, e->after, key, &now, &err)) {
		app_error(h->a, _("Cannot read the history"), &err);
	} else if (closing) {
		/* "follow-up closed  result: could not be reached" */
		if (now)
			buf_printf(out, _("result: %s"), label_of(h->a->cfg, LIST_FOLLOWUP_RESULT, now));
	} else {
		/* "rescheduled to 2026-12-02 (was ...)", "handed over to suzuki (was ...)" */
		buf_printf(out, _("to %s (was %s)"), now ? now : "-", was ? was : "-");
	}
	free(was);
	free(now);
}

/* What changed, in words: the fields of a call edit, the new date or owner
 * of a follow-up; nothing more for the rest (the action says it). Stored
 * JSON is never shown. */
static void describe(struct hist *h, const struct entry *e, struct buf *out)
{
	struct call x, y;
	struct error err;
	size_t mark;

	if (strncmp(e->action, "followup_", 9) == 0) {
		describe_followup(h, e, out);
		return;
	}
	if (strcmp(e->action, "update") != 0 || !*e->before || !*e->after)
		return;
	error_clear(&err);
	call_init(&x);
	call_init(&y);
	if (store_call_from_json(h->a->store, e->before, strlen(e->before), &x, &err) == ST_OK &&
	    store_call_from_json(h->a->store, e->after, strlen(e->after), &y, &err) == ST_OK) {
		buf_printf(out, "%s:", _("changed"));
		mark = out->len;
		diff_calls(h->a->cfg, &x, &y, out);
		if (out->len == mark)
			buf_printf(out, " %s", _("nothing"));
	}
	call_free(&x);
	call_free(&y);
}

static void hist_load(struct hist *h)
{
	struct error err;

	error_clear(&err);
	if (store_audit_of(h->a->store, "call", h->id, on_audit, h, &err))
		app_error(h->a, _("Cannot read the history"), &err);
	h->lines = xcalloc(h->n + 1, sizeof *h->lines);
	for (size_t i = 0; i < h->n; i++) {
		struct buf b;
		char when[24];

		buf_init(&b);
		time_format_local(h->e[i].at, "%Y-%m-%d %H:%M", when, sizeof when);
		buf_printf(&b, "%s  ", when);
		text_fit_to(&b, h->e[i].op, 10, true);
		buf_putc(&b, ' ');
		text_fit_to(&b, action_name(h->e[i].action), 16, true);
		buf_putc(&b, ' ');
		describe(h, &h->e[i], &b);
		h->lines[i] = buf_take(&b);
	}
}

static void hist_paint(void *ctx)
{
	struct hist *h = ctx;
	int rows = LINES - 5;
	struct buf foot;

	draw_header(h->a, _("History"));
	draw_textf(1, 0, COLS, draw_attr(h->a, DS_TITLE), "%s %s (%zu)", _("Changes to call"),
		   h->id, h->n);
	for (int r = 0; r < rows && h->top + (size_t)r < h->n; r++)
		draw_text(2 + r, 0, COLS, h->lines[h->top + (size_t)r], A_NORMAL);
	if (!h->n)
		draw_text(2, 2, COLS - 2, _("(none)"), draw_attr(h->a, DS_DIM));
	draw_status(h->a);
	buf_init(&foot);
	keymap_footer(&history_keys, false, 0, COLS, &foot);
	draw_footer(h->a, foot.s);
	buf_free(&foot);
}

static int hist_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

static int hist_scroll(void *ctx, int key)
{
	struct hist *h = ctx;

	keys_step(key, &h->top, h->n);
	return KEY_STAY;
}

#define HISTORY_KEYS(X)                                                                  \
	X(hist_scroll, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 2, N_("scroll"), N_("scroll"), 0) \
	X(hist_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                       \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding history_bindings[] = {HISTORY_KEYS(KEY_BINDING)};
const struct keymap history_keys = KEYMAP(
	"history", N_("History"), history_bindings,
	N_("Every change to the call, oldest first: when, who, what changed."), NULL);

void history_show(struct app *a, const char *call_id)
{
	static const struct screen history_screen = {.paint = hist_paint, .keys = &history_keys};
	struct hist h;

	memset(&h, 0, sizeof h);
	h.a = a;
	h.id = call_id;
	hist_load(&h);
	app_run(a, &history_screen, &h);
	for (size_t i = 0; i < h.n; i++) {
		free(h.e[i].op), free(h.e[i].action), free(h.e[i].before), free(h.e[i].after);
		free(h.lines[i]);
	}
	free(h.e);
	free(h.lines);
}
