/* Home: the operator's unsaved drafts, today's calls and the follow-ups due
 * (mine first), one list with a cursor. Reloaded on return from any screen
 * and every half minute, so that colleagues' calls appear. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

enum item_kind { HI_DRAFT, HI_CALL, HI_FOLLOWUP };

/* Follow-ups listed on home (mine first); the rest are on the f screen. */
#define HOME_FOLLOW_MAX 50

struct item {
	enum item_kind kind;
	struct call_row row;  /* calls and follow-ups */
	int64_t updated_at;   /* drafts */
	char *preview;        /* drafts: the start of the notes */
};

struct home {
	struct app *a;
	struct item *items;
	size_t n, cap, sel, top;
	size_t ndrafts, ncalls, nfollow;
	int64_t follow_total; /* due in all; at most HOME_FOLLOW_MAX are listed */
	int64_t loaded;
	int day;             /* calls of today + day (Left/Right move it) */
	char calls_title[64];
	bool quit;
};

static void home_clear(struct home *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->items[i].preview);
	free(h->items);
	h->items = NULL;
	h->n = h->cap = h->ndrafts = h->ncalls = h->nfollow = 0;
	h->follow_total = 0;
}

static struct item *home_push(struct home *h, enum item_kind kind)
{
	struct item *it;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->items = xrealloc(h->items, h->cap * sizeof *h->items);
	}
	it = &h->items[h->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* The first line of the notes, at most about 200 bytes, cut between
 * characters (text_fit_to does the rest at drawing time). */
static char *preview_of(const char *notes)
{
	size_t i = 0, n = strlen(notes), k;
	uint32_t cp;

	while (i < n && i < 200 && notes[i] != '\n') {
		if ((k = utf8_decode(notes + i, n - i, &cp)) == 0)
			break;
		i += k;
	}
	return xstrndup(notes, i);
}

static int on_draft(const char *id, int64_t updated_at, const struct call *c, void *ctx)
{
	struct home *h = ctx;
	struct item *it = home_push(h, HI_DRAFT);

	snprintf(it->row.id, sizeof it->row.id, "%s", id);
	it->row.started_at = c->started_at;
	it->row.ended_at = c->ended_at;
	snprintf(it->row.call_type, sizeof it->row.call_type, "%s",
		 c->coded[CF_CALL_TYPE] ? c->coded[CF_CALL_TYPE] : "");
	it->updated_at = updated_at;
	it->preview = preview_of(c->notes ? c->notes : "");
	h->ndrafts++;
	return 0;
}

static int on_call(const struct call_row *r, void *ctx)
{
	struct home *h = ctx;

	home_push(h, HI_CALL)->row = *r;
	h->ncalls++;
	return 0;
}

static int on_followup(const struct call_row *r, void *ctx)
{
	struct home *h = ctx;

	home_push(h, HI_FOLLOWUP)->row = *r;
	h->nfollow++;
	return 0;
}

static void home_load(struct home *h)
{
	struct date today = date_of(time_now()), shown = date_add_days(today, h->day);
	char day[11], shown_s[11];
	struct error err;

	home_clear(h);
	error_clear(&err);
	date_format(today, day, sizeof day);
	date_format(shown, shown_s, sizeof shown_s);
	if (h->day == 0)
		snprintf(h->calls_title, sizeof h->calls_title, "%s", _("Today's calls"));
	else
		snprintf(h->calls_title, sizeof h->calls_title, _("Calls of %s"), shown_s);
	if (store_drafts_of(h->a->store, h->a->me, on_draft, h, &err) ||
	    store_calls_between(h->a->store, date_start(shown), date_start(date_add_days(shown, 1)),
				on_call, h, &err) ||
	    store_followups(h->a->store, day, h->a->me, HOME_FOLLOW_MAX, &h->follow_total,
			    on_followup, h, &err))
		app_error(h->a, _("Cannot read the calls"), &err);
	if (h->sel >= h->n)
		h->sel = h->n ? h->n - 1 : 0;
	h->loaded = app_ms();
}

/* Painting */

/* One cell of a row: text in w columns, then a space. */
static void cell(int y, int *x, int w, const char *text, attr_t at)
{
	draw_text(y, *x, w, text, at);
	draw_text(y, *x + w, 1, "", at);
	*x += w + 1;
}

static void paint_call(struct home *h, const struct call_row *r, int y, bool on)
{
	struct app *a = h->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char start[8], dur[16] = "";
	bool alarm = strcmp(r->urgency, "urgent") == 0 || r->has_risk;
	int x = 0, cw = COLS - 70 > 20 ? COLS - 70 : 20;

	draw_clock(r->started_at, start);
	if (r->ended_at)
		draw_duration(r->ended_at - r->started_at, dur);
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 5, start, at);
	cell(y, &x, 7, dur, at);
	cell(y, &x, 10, label_of(a->cfg, LIST_CALL_TYPE, r->call_type), at);
	cell(y, &x, 10, label_of(a->cfg, LIST_CALLER, r->caller), at);
	cell(y, &x, cw, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	cell(y, &x, 6, r->urgency[0] ? label_of(a->cfg, LIST_URGENCY, r->urgency) : "",
	     alarm ? draw_attr(a, DS_URGENT) : at);
	cell(y, &x, 5, r->outcome[0] && strcmp(r->outcome, "closed") ? _("cont.") : "", at);
	draw_text(y, x, COLS - x, r->operator_name, at);
}

static void paint_draft(struct home *h, const struct item *it, int y, bool on)
{
	attr_t at = on ? draw_attr(h->a, DS_SEL) : A_NORMAL;
	char day[24];
	int x = 0;

	time_format_local(it->row.started_at, "%m-%d %H:%M", day, sizeof day);
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 11, day, at);
	cell(y, &x, 10, label_of(h->a->cfg, LIST_CALL_TYPE, it->row.call_type), at);
	draw_text(y, x, COLS - x, it->preview[0] ? it->preview : _("(no notes yet)"), at);
}

static void paint_followup(struct home *h, const struct call_row *r, int y, bool on)
{
	struct app *a = h->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char today[11];
	bool overdue;
	int x = 0;

	date_format(date_of(time_now()), today, sizeof today);
	overdue = strcmp(r->next_contact, today) < 0;
	/* Overdue dates stand out and carry a "!" for monochrome screens. */
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 11, r->next_contact, at);
	if (overdue)
		draw_textf(y, x - 12, 11, draw_attr(a, DS_WATCH), "%s!", r->next_contact);
	cell(y, &x, 10, label_of(a->cfg, LIST_CALLER, r->caller), at);
	cell(y, &x, 20, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	cell(y, &x, 14, label_of(a->cfg, LIST_OUTCOME, r->outcome), at);
	cell(y, &x, 9, r->case_code, at);
	draw_text(y, x, COLS - x, r->assigned_to[0] ? r->assigned_to : r->operator_name, at);
}

/* The list as screen lines: section titles (item -1) and items. */
struct line {
	int item;
	const char *title;
	size_t count;
	bool counted; /* a count the store caps (follow-ups): "1000+" */
};

static size_t home_lines(struct home *h, struct line *out)
{
	const char *const titles[] = {
		N_("Unsaved drafts (Enter resumes)"), h->calls_title,
		N_("Follow-ups due (today and overdue, mine first)")};
	/* The follow-ups title counts all that are due, listed or not. */
	size_t counts[] = {h->ndrafts, h->ncalls, (size_t)h->follow_total}, k = 0, item = 0;

	for (int s = 0; s < 3; s++) {
		if (s == 0 && !h->ndrafts)
			continue;
		out[k++] = (struct line){-1, titles[s], counts[s], s == 2};
		if (!counts[s])
			out[k++] = (struct line){-2, N_("(none)"), 0, false};
		for (size_t i = 0; i < (s == 2 ? h->nfollow : counts[s]); i++)
			out[k++] = (struct line){(int)item++, NULL, 0, false};
	}
	return k;
}

static void paint_line(struct home *h, const struct line *l, int y)
{
	const struct item *it;
	bool on;

	if (l->item == -1) {
		if (l->counted && l->count > STORE_FOLLOWUPS_COUNTED) /* the store stops there */
			draw_textf(y, 0, COLS, draw_attr(h->a, DS_TITLE), "%s (%d+)", _(l->title),
				   STORE_FOLLOWUPS_COUNTED);
		else
			draw_textf(y, 0, COLS, draw_attr(h->a, DS_TITLE), "%s (%zu)", _(l->title),
				   l->count);
		return;
	}
	if (l->item == -2) {
		draw_text(y, 2, COLS - 2, _(l->title), draw_attr(h->a, DS_DIM));
		return;
	}
	it = &h->items[l->item];
	on = (size_t)l->item == h->sel;
	if (it->kind == HI_DRAFT)
		paint_draft(h, it, y, on);
	else if (it->kind == HI_CALL)
		paint_call(h, &it->row, y, on);
	else
		paint_followup(h, &it->row, y, on);
}

static const struct screen home_screen;

static void home_paint(void *ctx)
{
	struct home *h = ctx;
	struct line *lines = xcalloc(h->n + 8, sizeof *lines);
	size_t n = home_lines(h, lines), sel_line = 0;
	int rows = LINES - 4;
	struct buf foot;

	for (size_t i = 0; i < n; i++)
		if (lines[i].item >= 0 && (size_t)lines[i].item == h->sel)
			sel_line = i;
	if (sel_line < h->top)
		h->top = sel_line > 0 && lines[sel_line - 1].item == -1 ? sel_line - 1 : sel_line;
	if (sel_line >= h->top + (size_t)rows)
		h->top = sel_line - (size_t)rows + 1;
	draw_header(h->a, _("Home"));
	for (int r = 0; r < rows && h->top + (size_t)r < n; r++)
		paint_line(h, &lines[h->top + (size_t)r], 1 + r);
	free(lines);
	draw_status(h->a);
	buf_init(&foot);
	keymap_footer(&home_keys, false, 0, COLS, &foot);
	draw_footer(h->a, foot.s);
	buf_free(&foot);
}

/* Actions: each answers enum key_result and reloads what it may have changed. */

static void home_open_draft(struct home *h, const char *id)
{
	struct call c;
	struct error err;
	bool saved;

	error_clear(&err);
	if (store_call_exists(h->a->store, id, &saved, &err) ||
	    store_draft_get(h->a->store, id, &c, &err)) {
		app_error(h->a, _("Cannot open the draft"), &err);
		return;
	}
	form_run(h->a, &c, saved ? FROM_SAVED : FROM_DRAFT);
	call_free(&c);
}

static void home_open_call(struct home *h, const char *id)
{
	struct call c;
	struct error err;

	error_clear(&err);
	if (store_call_get(h->a->store, id, &c, &err)) {
		app_error(h->a, _("Cannot open the call"), &err);
		return;
	}
	form_run(h->a, &c, FROM_SAVED);
	call_free(&c);
}

static int home_new(void *ctx, int key)
{
	struct home *h = ctx;
	struct call c;

	form_new_call(h->a, &c);
	form_run(h->a, &c, FROM_NEW);
	call_free(&c);
	home_load(h);
	return KEY_STAY;
}

static int home_open(void *ctx, int key)
{
	struct home *h = ctx;
	char id[ID_LEN + 1];

	if (h->sel >= h->n)
		return KEY_STAY;
	snprintf(id, sizeof id, "%s", h->items[h->sel].row.id);
	if (h->items[h->sel].kind == HI_DRAFT)
		home_open_draft(h, id);
	else
		home_open_call(h, id);
	home_load(h);
	return KEY_STAY;
}

static int home_discard(void *ctx, int key)
{
	static const struct choice yes[] = {{'y', N_("discard it for good")}};
	struct home *h = ctx;
	struct choice c = {yes[0].key, _(yes[0].label)};
	struct question q = {_("Discard this draft?"), NULL, &c, 1, _("keep it"), 1};
	struct error err;

	if (h->sel >= h->n || h->items[h->sel].kind != HI_DRAFT) {
		app_msg(h->a, MSG_INFO, _("x discards a draft: select one first."));
		return KEY_STAY;
	}
	if (dialog_ask(h->a, &q) != 'y')
		return KEY_STAY;
	error_clear(&err);
	if (store_draft_delete(h->a->store, h->items[h->sel].row.id, &err))
		app_error(h->a, _("Cannot discard the draft"), &err);
	else
		app_msg(h->a, MSG_INFO, _("Draft discarded."));
	home_load(h);
	return KEY_STAY;
}

static int home_history(void *ctx, int key)
{
	struct home *h = ctx;

	if (h->sel >= h->n || h->items[h->sel].kind == HI_DRAFT) {
		app_msg(h->a, MSG_INFO, _("h shows the history of a saved call: select one first."));
		return KEY_STAY;
	}
	history_show(h->a, h->items[h->sel].row.id);
	return KEY_STAY;
}

static int home_followups(void *ctx, int key)
{
	struct home *h = ctx;

	followups_run(h->a);
	home_load(h);
	return KEY_STAY;
}

static int home_directory(void *ctx, int key)
{
	struct home *h = ctx;

	directory_run(h->a);
	home_load(h);
	return KEY_STAY;
}

/* Earlier days' calls, to open or correct them; t is today again. */
static int home_day(void *ctx, int key)
{
	struct home *h = ctx;

	h->day = key == 't' ? 0 : h->day + (key == TK(KEY_LEFT) ? -1 : 1);
	if (h->day > 0)
		h->day = 0;
	h->sel = 0;
	home_load(h);
	return KEY_STAY;
}

static int home_reload(void *ctx, int key)
{
	home_load(ctx); /* Ctrl-L has also made app_key repaint everything */
	return KEY_STAY;
}

static int home_move(void *ctx, int key)
{
	struct home *h = ctx;
	long s = (long)h->sel, page = LINES - 6;

	switch (key) {
	case TK(KEY_UP): case 'k': s--; break;
	case TK(KEY_DOWN): case 'j': s++; break;
	case TK(KEY_PPAGE): s -= page; break;
	case TK(KEY_NPAGE): s += page; break;
	case TK(KEY_HOME): s = 0; break;
	default: s = (long)h->n; break;
	}
	if (s >= (long)h->n)
		s = (long)h->n - 1;
	h->sel = s < 0 ? 0 : (size_t)s;
	return KEY_STAY;
}

static int home_quit(void *ctx, int key)
{
	return KEY_LEAVE;
}

static int home_tick(void *ctx, int key)
{
	struct home *h = ctx;

	if (app_ms() - h->loaded > 30000) /* colleagues' calls appear */
		home_load(h);
	return KEY_STAY;
}

/* The keys of home; new keys go here (the footer shows those with a hint
 * while they fit, the help page and soudan(1) list all). */
#define HOME_KEYS(X)                                                                           \
	X(home_new, KEYS('n'), 1, N_("new call"),                                               \
	  N_("start a new call: the timer starts, type the notes at once"), 0)                  \
	X(home_open, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("open"),                              \
	  N_("open the selected call, or resume the selected draft"), 0)                        \
	X(home_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)        \
	X(home_move, KEYS(TK(KEY_PPAGE), TK(KEY_NPAGE), TK(KEY_HOME), TK(KEY_END)), 0, NULL,     \
	  N_("select a page up or down, the first or the last"), 0)                            \
	X(home_day, KEYS(TK(KEY_LEFT), TK(KEY_RIGHT), 't'), 0, NULL,                             \
	  N_("the calls of the day before / after; t: today"), 0)                                \
	X(home_followups, KEYS('f'), 1, N_("follow-ups"),                                       \
	  N_("follow-ups: close, reschedule or hand over continuations"), 0)                    \
	X(home_directory, KEYS('d'), 1, N_("directory"), N_("the referral directory"), 0)        \
	X(home_history, KEYS('h'), 0, NULL, N_("history of changes to the selected saved call"), 0) \
	X(home_discard, KEYS('x'), 0, NULL, N_("discard the selected draft"), 0)                \
	X(home_reload, KEYS('r', CTRL('l')), 0, NULL, N_("reload and redraw"), 0)               \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"),     \
	  KB_HELP)                                                                               \
	X(home_quit, KEYS('q', CTRL('c')), 1, N_("quit"),                                        \
	  N_("quit (open calls are kept as drafts)"), 0)

static const struct binding home_bindings[] = {HOME_KEYS(KEY_BINDING)};
const struct keymap home_keys = KEYMAP(
	"home", N_("Home"), home_bindings, NULL,
	N_("Drafts are written every second while a call is open. If the\n"
	   "connection drops, the call is waiting here the next time."));

static const struct screen home_screen = {.paint = home_paint, .keys = &home_keys,
					  .key = home_tick};

void home_run(struct app *a)
{
	struct home h;

	memset(&h, 0, sizeof h);
	h.a = a;
	home_load(&h);
	if (h.ndrafts)
		app_msg(a, MSG_WARN,
			_("%zu interrupted call(s) found: select one and press Enter to resume it."),
			h.ndrafts);
	app_run(a, &home_screen, &h);
	home_clear(&h);
}
