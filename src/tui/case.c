/* The case screen: find a repeat caller's case by the start of its code or
 * part of its nickname, read what the case holds (first and last call,
 * count, last outcome, every risk and urgency ever marked, referrals,
 * open follow-ups, the handover note 申し送り), edit that note, open the
 * earlier calls; link the case to the call, or open a new case and read its
 * code out. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "lineedit.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define CASE_MAX 50
#define CASE_CALLS_MAX 100
#define LABEL_W 18 /* the summary's labels */

struct found {
	char code[16];
	char *nickname;
	int calls;
	int64_t created_at;
};

struct picker {
	struct app *a;
	struct call *call; /* the call a case is linked to; NULL: reading only */
	bool changed;      /* it was */
	struct lineedit q;
	struct found found[CASE_MAX];
	int n, sel, total; /* total: the matches, those listed or more */
	/* The selected case: its summary and calls, read when it is selected. */
	char shown[16];
	bool have; /* cs holds its summary */
	struct case_summary cs;
	struct call_row calls[CASE_CALLS_MAX]; /* the latest ones, oldest first */
	int ncalls, ntotal; /* ntotal: all the case's calls */
	/* A handover note typed and not saved (the database was busy, or the
	 * note changed meanwhile): the next Ctrl-E on that case brings it back,
	 * checked against the note it started from. Kept until saved or until
	 * the screen is left. */
	char draft_code[16];
	char *draft, *draft_from;
};

static void draft_drop(struct picker *p)
{
	free(p->draft);
	free(p->draft_from);
	p->draft = p->draft_from = NULL;
	p->draft_code[0] = '\0';
}

static void draft_keep(struct picker *p, const char *code, const char *text, const char *from)
{
	char *t = xstrdup(text), *f = xstrdup(from);

	draft_drop(p);
	snprintf(p->draft_code, sizeof p->draft_code, "%s", code);
	p->draft = t;
	p->draft_from = f;
}

static void picker_clear(struct picker *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->found[i].nickname);
	p->n = p->sel = 0;
}

static int on_case(const struct case_info *ci, void *ctx)
{
	struct picker *p = ctx;
	struct found *f = &p->found[p->n++];

	snprintf(f->code, sizeof f->code, "%s", ci->code);
	f->nickname = ci->nickname ? xstrdup(ci->nickname) : NULL;
	f->calls = ci->calls;
	f->created_at = ci->created_at;
	return p->n >= CASE_MAX;
}

static void picker_search(struct picker *p)
{
	char *q = lineedit_text(&p->q);
	struct error err;

	picker_clear(p);
	error_clear(&err);
	p->total = 0;
	if (*q && store_cases_find(p->a->store, q, on_case, p, &p->total, &err))
		app_error(p->a, NULL, &err);
	free(q);
}

/* The calls come oldest first: the latest CASE_CALLS_MAX are kept, in a
 * ring until all are read (calls_settle puts them in order). */
static int on_case_call(const struct call_row *r, void *ctx)
{
	struct picker *p = ctx;

	p->calls[p->ntotal++ % CASE_CALLS_MAX] = *r;
	if (p->ncalls < CASE_CALLS_MAX)
		p->ncalls++;
	return 0;
}

static void calls_settle(struct picker *p)
{
	int start = p->ntotal > CASE_CALLS_MAX ? p->ntotal % CASE_CALLS_MAX : 0;
	struct call_row *tmp;

	if (!start)
		return;
	tmp = xcalloc(CASE_CALLS_MAX, sizeof *tmp);
	for (int i = 0; i < CASE_CALLS_MAX; i++)
		tmp[i] = p->calls[(start + i) % CASE_CALLS_MAX];
	memcpy(p->calls, tmp, sizeof p->calls);
	free(tmp);
}

static void picker_forget(struct picker *p)
{
	if (p->have)
		case_summary_free(&p->cs);
	p->have = false;
	p->ncalls = p->ntotal = 0;
	p->shown[0] = '\0';
}

/* The selected case's summary and calls, read once per selection (and
 * again after its note changed). */
static void picker_load_case(struct picker *p)
{
	struct error err;
	bool found;

	if (p->sel >= p->n) {
		picker_forget(p);
		return;
	}
	if (strcmp(p->shown, p->found[p->sel].code) == 0)
		return;
	picker_forget(p);
	snprintf(p->shown, sizeof p->shown, "%s", p->found[p->sel].code);
	error_clear(&err);
	if (store_case_summary(p->a->store, p->shown, &p->cs, &found, &err)) {
		app_error(p->a, _("Cannot read the case"), &err);
		return;
	}
	p->have = found;
	if (found && store_case_calls(p->a->store, p->shown, on_case_call, p, &err))
		app_error(p->a, _("Cannot read the case"), &err);
	calls_settle(p);
}

/* Painting */

static void paint_found(struct picker *p, int y, int rows)
{
	int top = p->sel >= rows ? p->sel - rows + 1 : 0;

	for (int i = top; i < p->n && i - top < rows; i++) {
		const struct found *f = &p->found[i];
		char since[11];

		date_format(date_of(f->created_at), since, sizeof since);
		draw_textf(y + i - top, 0, COLS, i == p->sel ? draw_attr(p->a, DS_SEL) : A_NORMAL,
			   "%s %-10s %s  %d %s  %s", i == p->sel ? ">" : " ", f->code, since, f->calls,
			   _("calls"), f->nickname ? f->nickname : "");
	}
	if (p->total > p->n) /* the search stopped: say so, not silently */
		draw_textf(y + rows, 2, COLS - 2, draw_attr(p->a, DS_DIM),
			   _("The first %d of %d cases: type more of the code or nickname."), p->n,
			   p->total);
	if (p->n == 0)
		draw_text(y, 2, COLS - 2,
			  p->call ? _("No case found. Ctrl-N opens a new one.") : _("No case found."),
			  draw_attr(p->a, DS_DIM));
}

/* "label  value" on one row; returns the rows used. */
static int paint_row(struct picker *p, int y, const char *label, const char *value, attr_t at)
{
	draw_text(y, 0, LABEL_W, label, draw_attr(p->a, DS_DIM));
	draw_text(y, LABEL_W, COLS - LABEL_W, value, at);
	return 1;
}

/* Codes with how often they were marked, the highest urgency first. */
static void marks_text(struct picker *p, enum list_id list, const struct case_mark *m, size_t n,
		       bool reverse, struct buf *out)
{
	for (size_t k = 0; k < n; k++) {
		const struct case_mark *x = &m[reverse ? n - 1 - k : k];

		buf_printf(out, "%s%s (%d)", k ? ", " : "", label_of(p->a->cfg, list, x->key),
			   x->count);
	}
	if (!n)
		buf_puts(out, _("none"));
}

/* The urgency marks in the order of the list, so that the highest (the
 * last key, urgent) comes first when reversed. */
static void sort_urgencies(struct picker *p)
{
	const struct codelist *l = config_list(p->a->cfg, LIST_URGENCY);
	struct case_mark *u = p->cs.urgencies;

	for (size_t i = 1; i < p->cs.nurgencies; i++)
		for (size_t j = i; j > 0 && codelist_find(l, u[j - 1].key) > codelist_find(l, u[j].key);
		     j--) {
			struct case_mark t = u[j];

			u[j] = u[j - 1];
			u[j - 1] = t;
		}
}

static bool marked_urgent(const struct case_summary *cs)
{
	for (size_t i = 0; i < cs->nurgencies; i++)
		if (strcmp(cs->urgencies[i].key, "urgent") == 0)
			return true;
	return false;
}

static void referrals_text(struct picker *p, struct buf *out)
{
	for (size_t i = 0; i < p->cs.nreferrals; i++) {
		const struct case_referral *r = &p->cs.referrals[i];
		char day[11];

		date_format(date_of(r->at), day, sizeof day);
		buf_printf(out, "%s%s %s (%s)", i ? ", " : "", day + 5, r->name,
			   r->consent == CONSENT_YES  ? _("consent")
			   : r->consent == CONSENT_NO ? _("no consent")
						    : _("consent not recorded"));
	}
	if (!p->cs.nreferrals)
		buf_puts(out, _("none"));
}

static void followups_text(struct picker *p, struct buf *out)
{
	for (size_t i = 0; i < p->cs.nfollowups; i++) {
		const struct call_row *r = &p->cs.followups[i];

		buf_printf(out, "%s%s (%s)", i ? "; " : "",
			   strcmp(r->followup_state, "waiting") == 0 ? _("waiting for the caller")
								      : r->next_contact,
			   r->assigned_to[0] ? r->assigned_to : r->operator_name);
	}
	if (!p->cs.nfollowups)
		buf_puts(out, _("none open"));
}

/* The summary; returns the rows used. */
static int paint_summary(struct picker *p, int y, int rows)
{
	struct case_summary *cs = &p->cs;
	struct app *a = p->a;
	char first[24], last[24];
	struct buf b;
	int r = 0;

	if (!p->have || rows < 8)
		return 0;
	buf_init(&b);
	time_format_local(cs->first_call, "%Y-%m-%d", first, sizeof first);
	time_format_local(cs->last_call, "%Y-%m-%d", last, sizeof last);
	if (cs->info.calls)
		draw_textf(y + r++, 0, COLS, draw_attr(a, DS_TITLE), _("Case %s %s: %d calls, %s to %s"),
			   cs->info.code, cs->info.nickname ? cs->info.nickname : "", cs->info.calls,
			   first, last);
	else
		draw_textf(y + r++, 0, COLS, draw_attr(a, DS_TITLE), _("Case %s %s: no calls yet"),
			   cs->info.code, cs->info.nickname ? cs->info.nickname : "");
	r += paint_row(p, y + r, _("Last outcome"), label_of(a->cfg, LIST_OUTCOME, cs->last_outcome),
		       A_NORMAL);
	sort_urgencies(p);
	marks_text(p, LIST_URGENCY, cs->urgencies, cs->nurgencies, true, &b);
	r += paint_row(p, y + r, _("Urgency ever"), b.s,
		       marked_urgent(cs) ? draw_attr(a, DS_URGENT) : A_NORMAL);
	buf_reset(&b);
	marks_text(p, LIST_RISK, cs->risks, cs->nrisks, false, &b);
	r += paint_row(p, y + r, _("Risks ever"), b.s, cs->nrisks ? draw_attr(a, DS_URGENT) : A_NORMAL);
	buf_reset(&b);
	referrals_text(p, &b);
	r += paint_row(p, y + r, _("Referrals"), b.s, A_NORMAL);
	buf_reset(&b);
	followups_text(p, &b);
	r += paint_row(p, y + r, _("Follow-ups"), b.s, A_NORMAL);
	buf_free(&b);
	if (!cs->info.note || !*cs->info.note)
		return r + paint_row(p, y + r, _("Handover note"), _("none (Ctrl-E writes one)"),
				     draw_attr(a, DS_DIM));
	draw_text(y + r, 0, LABEL_W, _("Handover note"), draw_attr(a, DS_DIM));
	return r + draw_wrap(y + r, LABEL_W, COLS - LABEL_W, rows - r > 6 ? 3 : 1, cs->info.note,
			     A_BOLD);
}

static void paint_calls(struct picker *p, int y, int rows)
{
	struct app *a = p->a;
	int first = p->ncalls > rows ? p->ncalls - rows : 0; /* the latest ones */

	if (rows <= 0)
		return;
	/* The true count: the rows below are the latest of them. */
	draw_textf(y - 1, 0, COLS, draw_attr(a, DS_TITLE), "%s %s (%d)", _("Earlier calls of"),
		   p->shown, p->ntotal);
	for (int i = first; i < p->ncalls && i - first < rows; i++) {
		const struct call_row *r = &p->calls[i];
		char when[24];

		struct buf b;

		buf_init(&b);
		case_row_coded(a, r, &b);
		time_format_local(r->started_at, "%Y-%m-%d %H:%M", when, sizeof when);
		draw_textf(y + i - first, 0, COLS, A_NORMAL, "  %s  %s  %s", when, b.s,
			   r->operator_name);
		buf_free(&b);
	}
}

static unsigned picker_hidden(void *ctx)
{
	struct picker *p = ctx;

	return p->call ? 0 : KB_EDIT; /* reading only: nothing to link */
}

static void picker_paint(void *ctx)
{
	struct picker *p = ctx;
	int body = LINES - 4, fh = p->n < 1 ? 1 : p->n, max = LINES >= 40 ? 8 : 4, y, cx;
	struct buf foot;

	if (fh > max)
		fh = max;
	draw_header(p->a, _("Case"));
	draw_text(1, 0, 34, _("Case code or nickname:"), A_BOLD);
	lineedit_draw(&p->q, 1, 34, COLS - 35, A_UNDERLINE, &cx);
	paint_found(p, 2, fh);
	picker_load_case(p);
	y = 2 + fh + (p->total > p->n);
	y += paint_summary(p, y, body - (y - 2));
	if (p->have)
		paint_calls(p, y + 1, LINES - 3 - (y + 1));
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&case_keys, true, picker_hidden(p), COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
	p->a->cur_y = 1;
	p->a->cur_x = cx;
}

/* Keys */

static int picker_link(void *ctx, int key)
{
	struct picker *p = ctx;
	struct call *c = p->call;
	const struct found *f = &p->found[p->sel];

	if (p->sel >= p->n || !c)
		return KEY_STAY;
	call_set(&c->case_code, f->code);
	call_set(&c->nickname, f->nickname);
	if (!c->coded[CF_CONTACT] || strcmp(c->coded[CF_CONTACT], "unknown") == 0)
		if (f->calls > 0 && codelist_find(config_list(p->a->cfg, LIST_CONTACT), "repeat") >= 0)
			call_set(&c->coded[CF_CONTACT], "repeat");
	app_msg(p->a, MSG_INFO, _("Linked to case %s."), f->code);
	p->changed = true;
	return KEY_LEAVE;
}

static bool case_create(struct app *a, struct call *c, const char *initial)
{
	const char *prompt = _("A nickname the caller chose (optional; never a real name):");
	char code[CASE_CODE_LEN + 1], *nick = NULL, *typed = xstrdup(initial ? initial : "");
	struct error err;

	for (;;) {
		if (!dialog_input(a, _("New case"), prompt, typed, 200, NULL, &nick)) {
			free(typed);
			return false;
		}
		free(typed);
		typed = nick;
		error_clear(&err);
		if (!store_case_create(a->store, *nick ? nick : NULL, code, &err))
			break;
		if (err.status != ST_TEMPFAIL) {
			app_error(a, NULL, &err);
			free(nick);
			return false;
		}
		/* Busy: the nickname typed stays in the box, to try again. */
		prompt = _("The database is busy: the nickname is kept here; Enter again to retry.");
	}
	call_set(&c->case_code, code);
	call_set(&c->nickname, *nick ? nick : NULL);
	if (!c->coded[CF_CONTACT] && codelist_find(config_list(a->cfg, LIST_CONTACT), "new") >= 0)
		call_set(&c->coded[CF_CONTACT], "new");
	free(nick);
	return true;
}

bool case_new(struct app *a, struct call *c)
{
	return case_create(a, c, NULL);
}

static int picker_create(void *ctx, int key)
{
	struct picker *p = ctx;
	char *text;
	bool made;

	if (!p->call)
		return KEY_STAY;
	text = lineedit_text(&p->q);
	made = case_create(p->a, p->call, text);
	free(text);
	if (!made)
		return KEY_STAY;
	app_msg(p->a, MSG_INFO, _("New case %s: read the code out to the caller."),
		p->call->case_code);
	p->changed = true;
	return KEY_LEAVE;
}

static int picker_calls(void *ctx, int key)
{
	struct picker *p = ctx;

	if (p->sel < p->n)
		case_calls_run(p->a, p->found[p->sel].code);
	return KEY_STAY;
}

/* The note goes to whoever takes the case next, and with consent to another
 * agency: the anonymity warning of the notes applies. */
enum note_answer { NOTE_KEEP, NOTE_EDIT, NOTE_BACK };

static enum note_answer note_anonymous_enough(struct app *a, const char *text)
{
	const char *why = call_notes_identifying(text);
	const struct choice ch[] = {{'e', _("edit it again")}, {'k', _("keep it as it is")}};
	char body[300];
	struct question q = {_("The handover note"), body, ch, 2, _("do not change the note"), 1};
	int k;

	if (!why)
		return NOTE_KEEP;
	snprintf(body, sizeof body, _(" %s: %s. %s "), _("Warning"), _(why),
		 _("The line is anonymous."));
	k = dialog_ask(a, &q);
	return k == 'k' ? NOTE_KEEP : k == 'e' ? NOTE_EDIT : NOTE_BACK;
}

/* The note of the case as it is now in the database, into *out ("" when
 * none); false (said on the status line) when it cannot be read. */
static bool note_now(struct app *a, const char *code, char **out)
{
	struct case_info ci;
	struct error err;
	bool found;

	error_clear(&err);
	if (store_case_get(a->store, code, &ci, &found, &err)) {
		app_error(a, _("Cannot read the case"), &err);
		return false;
	}
	*out = xstrdup(found && ci.note ? ci.note : "");
	if (found)
		case_info_free(&ci);
	return true;
}

/* After a conflict: the note as it is now, then the text typed, in one box
 * (only the text typed when both would not fit). */
static char *note_both(const char *now, const char *mine)
{
	struct buf b;

	if (!*now || strcmp(now, mine) == 0)
		return xstrdup(mine);
	if (strlen(now) + 3 + strlen(mine) > CASE_NOTE_MAX)
		return xstrdup(mine);
	buf_init(&b);
	buf_printf(&b, "%s / %s", now, mine);
	return buf_take(&b);
}

static int picker_note(void *ctx, int key)
{
	struct picker *p = ctx;
	const char *prompt = _("For whoever takes this case next: what to know, what was agreed.\n"
			       "At most 2000 bytes; no names, phone numbers or addresses.");
	char *text = NULL, *from = NULL, *initial;
	const char *code;
	struct error err;
	bool kept = false; /* the text typed is a draft not saved */

	if (p->sel >= p->n)
		return KEY_STAY;
	code = p->found[p->sel].code;
	if (p->draft && strcmp(p->draft_code, code) == 0) {
		/* Typed before and not saved: back, checked against where it started. */
		from = xstrdup(p->draft_from);
		initial = xstrdup(p->draft);
		kept = true;
		prompt = _("Not saved yet: this is what you typed. Enter saves it.");
	} else {
		/* Read again now: the summary may be older than another session's save. */
		if (!note_now(p->a, code, &from))
			return KEY_STAY;
		initial = xstrdup(from);
	}
	for (;;) {
		bool saved;

		if (!dialog_input(p->a, _("Handover note"), prompt, initial, CASE_NOTE_MAX, NULL,
				  &text)) {
			if (kept && !p->a->halt)
				app_msg(p->a, MSG_WARN,
					_("The handover note is not saved: Ctrl-E brings back your text."));
			break;
		}
		free(initial);
		initial = text;
		text = NULL;
		switch (note_anonymous_enough(p->a, initial)) {
		case NOTE_KEEP:
			break;
		case NOTE_EDIT:
			continue;
		case NOTE_BACK: /* Esc (or a signal): the note stays as it is */
			goto done;
		}
		error_clear(&err);
		saved = !store_case_set_note(p->a->store, code, from, initial, p->a->me, &err);
		picker_forget(p); /* read it again */
		case_brief_forget();
		if (saved) {
			draft_drop(p);
			app_msg(p->a, MSG_INFO, _("The handover note of %s is saved."), code);
			break;
		}
		if (err.status == ST_TEMPFAIL) {
			/* Kept here, to be tried again: nothing typed is lost. */
			draft_keep(p, code, initial, from);
			kept = true;
			prompt = _("The database is busy: the note is kept here; Enter again to retry.\n"
				   "Esc keeps it for the next Ctrl-E.");
			continue;
		}
		if (err.status != ST_CONFLICT) {
			app_error(p->a, _("The handover note was not saved"), &err);
			break;
		}
		/* Changed meanwhile: nothing typed is lost; the box comes back with
		 * the note as it is now and, after it, the text typed. */
		draft_keep(p, code, initial, from);
		kept = true;
		free(from);
		if (!note_now(p->a, code, &from)) {
			from = NULL;
			break;
		}
		text = note_both(from, initial);
		/* Theirs is in the box, or too long to share it: then it is shown
		 * before the box, never replaced unseen. */
		if (strcmp(text, initial) == 0 && *from && strcmp(from, initial) != 0) {
			dialog_page(p->a, _("The handover note as someone saved it meanwhile"), from);
			prompt = _("Someone changed this note meanwhile (shown before): with yours it\n"
				   "is too long for the box, which holds yours. Enter saves yours over\n"
				   "theirs; Esc keeps yours for the next Ctrl-E.");
		} else {
			prompt = _("Someone changed this note meanwhile. Nothing is lost: the box holds\n"
				   "the note as it is now, then yours after \" / \". Enter saves the box;\n"
				   "to keep only yours, delete theirs first.");
		}
		free(initial);
		initial = text;
		text = NULL;
		draft_keep(p, code, initial, from);
	}
done:
	free(from);
	free(initial);
	free(text);
	return KEY_STAY;
}

static int picker_move(void *ctx, int key)
{
	struct picker *p = ctx;

	if (key == TK(KEY_UP)) {
		if (p->sel > 0)
			p->sel--;
	} else if (p->sel + 1 < p->n) {
		p->sel++;
	}
	return KEY_STAY;
}

static int picker_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

static int picker_type(void *ctx, int k)
{
	struct picker *p = ctx;

	if (lineedit_key(&p->q, k) == LE_CHANGED)
		picker_search(p);
	return KEY_STAY;
}

static bool picker_in_text(void *ctx)
{
	return true;
}

#define CASE_KEYS(X)                                                                        \
	X(picker_link, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("link"),                         \
	  N_("link the selected case to this call"), KB_EDIT)                                   \
	X(picker_create, KEYS(CTRL('n')), 1, N_("new case"),                                   \
	  N_("open a new case (with an optional nickname) and link it"), KB_EDIT)              \
	X(picker_calls, KEYS(CTRL('o')), 1, N_("its calls"),                                   \
	  N_("the case's calls, each opened read only (reading notes is recorded)"), 0)        \
	X(picker_note, KEYS(CTRL('e')), 1, N_("note"),                                         \
	  N_("write or change the case's handover note"), 0)                                    \
	X(picker_move, KEYS(TK(KEY_UP), TK(KEY_DOWN)), 2, N_("select"), N_("select"), KB_SPARE) \
	X(picker_back, KEYS(KEY_ESC), 1, N_("back"), N_("back without changing anything"), 0)  \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding case_bindings[] = {CASE_KEYS(KEY_BINDING)};
const struct keymap case_keys = KEYMAP(
	"case", N_("Case"), case_bindings,
	N_("Type the start of a case code (K7Q2, case and hyphen do not matter) or\n"
	   "part of a nickname. Up/Down select; the case's summary, its handover\n"
	   "note and its latest calls show below."),
	NULL);

static void picker_run(struct picker *p)
{
	static const struct screen case_screen = {
		.paint = picker_paint, .keys = &case_keys, .key = picker_type,
		.in_text = picker_in_text, .hidden = picker_hidden};

	app_run(p->a, &case_screen, p);
	picker_forget(p);
	picker_clear(p);
	draft_drop(p);
	lineedit_free(&p->q);
}

bool case_pick(struct app *a, struct call *c)
{
	struct picker *p = xcalloc(1, sizeof *p);
	bool changed;

	p->a = a;
	p->call = c;
	lineedit_init(&p->q, 200);
	picker_run(p);
	changed = p->changed;
	free(p);
	return changed;
}

void case_show(struct app *a, const char *code)
{
	struct picker *p = xcalloc(1, sizeof *p);

	p->a = a;
	lineedit_init(&p->q, 200);
	lineedit_set(&p->q, code);
	picker_search(p);
	picker_run(p);
	free(p);
}

/* The one-line summary at the top of a call: one case, read again when
 * forgotten (each form starts so), for another case, or after 30 s. */
static struct {
	char code[16];
	int64_t at; /* app_ms() of the reading; 0: forgotten */
	bool ok;
	int calls;
	char last[32], highest[32];
	char *note;
} brief;

void case_brief_forget(void)
{
	brief.at = 0;
}

static void brief_load(struct app *a, const char *code)
{
	const struct codelist *l = config_list(a->cfg, LIST_URGENCY);
	struct case_summary cs;
	struct error err;
	bool found;
	int top = -1;

	if (brief.at && strcmp(brief.code, code) == 0 && app_ms() - brief.at < 30000)
		return;
	free(brief.note);
	memset(&brief, 0, sizeof brief);
	snprintf(brief.code, sizeof brief.code, "%s", code);
	brief.at = app_ms();
	error_clear(&err);
	if (store_case_summary(a->store, code, &cs, &found, &err) || !found)
		return;
	brief.ok = true;
	brief.calls = cs.info.calls;
	snprintf(brief.last, sizeof brief.last, "%s", cs.last_outcome);
	for (size_t i = 0; i < cs.nurgencies; i++)
		if (codelist_find(l, cs.urgencies[i].key) > top) {
			top = codelist_find(l, cs.urgencies[i].key);
			snprintf(brief.highest, sizeof brief.highest, "%s", cs.urgencies[i].key);
		}
	brief.note = cs.info.note ? xstrdup(cs.info.note) : NULL;
	case_summary_free(&cs);
}

/* s in its own width from *x on, never past end; *x moves on. */
static void draw_piece(int y, int *x, int end, const char *s, attr_t at)
{
	int w = text_width(s);

	if (w > end - *x)
		w = end - *x;
	if (w > 0)
		*x += draw_text(y, *x, w, s, at);
}

void case_brief_draw(struct app *a, const char *code, int y, int x, int w)
{
	int end = x + w;
	char head[160];
	const char *u;

	brief_load(a, code);
	draw_fill(y, x, w, A_NORMAL);
	if (!brief.ok) {
		draw_text(y, x, w, _("The case's summary cannot be read."), draw_attr(a, DS_DIM));
		return;
	}
	if (!brief.calls) {
		draw_textf(y, x, w, draw_attr(a, DS_DIM), _("Case %s: no calls yet."), code);
		return;
	}
	u = brief.highest;
	snprintf(head, sizeof head, _("Case so far: %d calls, last %s, urgency up to "), brief.calls,
		 label_of(a->cfg, LIST_OUTCOME, brief.last));
	draw_piece(y, &x, end, head, A_NORMAL);
	draw_piece(y, &x, end, label_of(a->cfg, LIST_URGENCY, u),
		   strcmp(u, "urgent") == 0  ? draw_attr(a, DS_URGENT)
		   : strcmp(u, "watch") == 0 ? draw_attr(a, DS_WATCH)
					     : A_NORMAL);
	if (brief.note && *brief.note) {
		draw_piece(y, &x, end, _("; note: "), A_NORMAL);
		draw_piece(y, &x, end, brief.note, A_BOLD);
	}
}
