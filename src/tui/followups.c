/* Follow-ups: every open continuation by next-contact date, mine first, and
 * apart from them those waiting for the caller (相談者からの連絡待ち);
 * close one with a result, move it to another date (which ends a wait), or
 * hand it to another operator (handbook 29: handover when staff change).
 * Each action is one transaction with its audit entry; one that someone
 * else made pointless meanwhile (a later call, another operator) is refused
 * by the store, said plainly, and the lists are read again. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define FU_MAX 1000 /* rows listed in each section; a backlog beyond is counted */

/* One section of the screen: due by date, or waiting for the caller. */
struct fu_list {
	struct call_row *rows;
	size_t n, cap, top;
	int64_t total; /* in all; at most FU_MAX are listed */
};

struct fu {
	struct app *a;
	struct fu_list due, wait;
	size_t sel; /* over due then wait */
	bool mine_only;
};

static const char *fu_owner(const struct call_row *r)
{
	return r->assigned_to[0] ? r->assigned_to : r->operator_name;
}

struct fu_load_ctx {
	struct fu *p;
	struct fu_list *l;
};

static int on_row(const struct call_row *r, void *ctx)
{
	struct fu_load_ctx *x = ctx;
	struct fu_list *l = x->l;

	if (x->p->mine_only && strcmp(fu_owner(r), x->p->a->me) != 0)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->rows = xrealloc(l->rows, l->cap * sizeof *l->rows);
	}
	l->rows[l->n++] = *r;
	return 0;
}

static size_t fu_count(const struct fu *p)
{
	return p->due.n + p->wait.n;
}

/* The selected row, or NULL. */
static const struct call_row *fu_selected(const struct fu *p)
{
	if (p->sel < p->due.n)
		return &p->due.rows[p->sel];
	if (p->sel < fu_count(p))
		return &p->wait.rows[p->sel - p->due.n];
	return NULL;
}

static void fu_load(struct fu *p)
{
	struct fu_load_ctx due = {p, &p->due}, wait = {p, &p->wait};
	char id[ID_LEN + 1] = "";
	size_t was = p->sel;
	struct error err;

	if (fu_selected(p)) /* the same follow-up stays selected where it can */
		snprintf(id, sizeof id, "%s", fu_selected(p)->id);
	p->due.n = p->wait.n = 0;
	error_clear(&err);
	/* Mine first, each group by date (or by the call, when waiting). */
	if (store_followups(p->a->store, "9999-12-31", p->a->me, FU_MAX, &p->due.total, on_row,
			    &due, &err) ||
	    store_followups_waiting(p->a->store, p->a->me, FU_MAX, &p->wait.total, on_row, &wait,
				    &err))
		app_error(p->a, _("Cannot read the follow-ups"), &err);
	for (size_t i = 0; id[0] && i < fu_count(p); i++) {
		p->sel = i;
		if (strcmp(fu_selected(p)->id, id) == 0)
			return;
	}
	p->sel = was; /* it is gone: the next one takes its place */
	if (p->sel >= fu_count(p))
		p->sel = fu_count(p) ? fu_count(p) - 1 : 0;
}

/* Painting */

static void fu_paint_row(struct fu *p, const struct call_row *r, bool on, int y,
			 const char *today)
{
	struct app *a = p->a;
	bool waiting = strcmp(r->followup_state, "waiting") == 0;
	bool overdue = !waiting && strcmp(r->next_contact, today) < 0;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char started[24];

	time_format_local(r->started_at, "%m-%d %H:%M", started, sizeof started);
	/* Columns with a space between each; overdue dates carry a "!". */
	draw_text(y, 0, 2, on ? ">" : "", at);
	if (waiting)
		draw_text(y, 2, 12, "-", at);
	else
		draw_textf(y, 2, 12, overdue ? draw_attr(a, DS_WATCH) : at, "%s%s", r->next_contact,
			   overdue ? "!" : "");
	draw_text(y, 14, 12, started, at);
	draw_text(y, 26, 11, label_of(a->cfg, LIST_CALLER, r->caller), at);
	draw_text(y, 37, 21, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	draw_text(y, 58, 10, r->case_code, at);
	draw_text(y, 68, COLS - 68, fu_owner(r), at);
}

/* "Title (n)", "(first n of N)" when a backlog is cut, ", only mine". */
static void fu_title(struct fu *p, const struct fu_list *l, const char *title, int y)
{
	char total[24];

	snprintf(total, sizeof total, "%lld", (long long)l->total);
	if ((int64_t)l->n < l->total && !p->mine_only)
		draw_textf(y, 0, COLS, draw_attr(p->a, DS_TITLE), _("%s (first %zu of %s)"), title,
			   l->n, l->total > STORE_FOLLOWUPS_COUNTED ? STORE_FOLLOWUPS_COUNTED_S "+" : total);
	else
		draw_textf(y, 0, COLS, draw_attr(p->a, DS_TITLE), "%s (%zu)%s", title, l->n,
			   p->mine_only ? _(", only mine") : "");
}

/* A section's rows from y on, rows high; first is the index of its first
 * row in the selection. */
static void fu_paint_list(struct fu *p, struct fu_list *l, size_t first, int y, int rows,
			  const char *today)
{
	bool here = p->sel >= first && p->sel < first + l->n;
	size_t sel = here ? p->sel - first : 0;

	if (rows <= 0)
		return;
	if (here && sel < l->top)
		l->top = sel;
	if (here && sel >= l->top + (size_t)rows)
		l->top = sel - (size_t)rows + 1;
	if (l->top >= l->n)
		l->top = 0;
	for (int r = 0; r < rows && l->top + (size_t)r < l->n; r++)
		fu_paint_row(p, &l->rows[l->top + (size_t)r], here && l->top + (size_t)r == sel, y + r,
			     today);
	if (!l->n)
		draw_text(y, 2, COLS - 2, _("(none)"), draw_attr(p->a, DS_DIM));
}

static void fu_paint(void *ctx)
{
	struct fu *p = ctx;
	int rows = LINES - 4, wait_h, due_h;
	char today[11];
	struct buf foot;

	date_format(date_of(time_now()), today, sizeof today);
	draw_header(p->a, _("Follow-ups"));
	/* The waiting ones keep up to a third of the screen: in sight however
	 * long the list of dates is. */
	wait_h = p->wait.n ? (int)p->wait.n : 1;
	if (wait_h > rows / 3)
		wait_h = rows / 3;
	due_h = rows - wait_h - 1;
	fu_title(p, &p->due, _("Open continuations by next contact, mine first"), 1);
	fu_paint_list(p, &p->due, 0, 2, due_h, today);
	fu_title(p, &p->wait, _("Waiting for the caller, oldest call first"), 2 + due_h);
	fu_paint_list(p, &p->wait, p->due.n, 3 + due_h, wait_h, today);
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&followups_keys, false, 0, COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
}

/* Changes */

/* The store makes each change and its audit entry one transaction. A
 * follow-up that a later call or another operator ended meanwhile is not
 * changed: said as such, and the lists show how things stand now. */
static void fu_done(struct fu *p, enum status rc, const struct error *err, const char *said)
{
	if (rc == ST_CONFLICT)
		app_msg(p->a, MSG_WARN, _("Not changed: %s. The list is up to date again."), err->msg);
	else if (rc)
		app_error(p->a, _("Not changed"), err);
	else
		app_msg(p->a, MSG_INFO, "%s", said);
	fu_load(p);
}

/* A date typed in the box: YYYY-MM-DD or +days, not before today. */
static bool fu_date_of(const char *text, char out[11])
{
	struct date d, today = date_of(time_now());

	if (!date_typed(text, today, &d))
		return false;
	date_format(d, out, 11);
	return date_cmp(d, today) >= 0;
}

static const char *check_date(const char *text)
{
	char day[11];
	struct date d;

	if (fu_date_of(text, day))
		return NULL;
	if (date_typed(text, date_of(time_now()), &d))
		return N_("not before today: today, a later date, or +days");
	return N_("use YYYY-MM-DD, or +days");
}

static const char *check_login(const char *text)
{
	if (!*text)
		return N_("a login name is needed");
	for (const char *s = text; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return N_("a login name: letters, digits, . _ -");
	return NULL;
}

static int fu_reschedule(void *ctx, int key)
{
	struct fu *p = ctx;
	const struct call_row *r = fu_selected(p);
	char *text, day[11];
	struct error err;
	enum status rc;

	if (!r || !dialog_input(p->a, _("Reschedule"),
				_("Next contact (YYYY-MM-DD, or +days), not before today.\n"
				  "A date ends a wait for the caller."),
				r->next_contact, 16, check_date, &text))
		return KEY_STAY;
	fu_date_of(text, day);
	free(text);
	error_clear(&err);
	rc = store_followup_reschedule(p->a->store, r->id, day, p->a->me, &err);
	fu_done(p, rc, &err, _("Follow-up rescheduled."));
	return KEY_STAY;
}

static int fu_assign(void *ctx, int key)
{
	struct fu *p = ctx;
	const struct call_row *r = fu_selected(p);
	char *text;
	struct error err;
	enum status rc;

	if (!r || !dialog_input(p->a, _("Assign"), _("Hand over to the operator (login name):"),
				fu_owner(r), 64, check_login, &text))
		return KEY_STAY;
	error_clear(&err);
	rc = store_followup_assign(p->a->store, r->id, text, p->a->me, &err);
	free(text);
	fu_done(p, rc, &err, _("Follow-up handed over."));
	return KEY_STAY;
}

#define RESULTS_MAX PICK_LIST_MAX /* 1-9, then a-k (config.h) */

/* The result of [followup_result] chosen by its key, or NULL. */
static const char *fu_ask_result(struct fu *p)
{
	const struct codelist *l = config_list(p->a->cfg, LIST_FOLLOWUP_RESULT);
	struct choice ch[RESULTS_MAX];
	size_t n = l->n < RESULTS_MAX ? l->n : RESULTS_MAX;
	struct question q = {_("Close this follow-up: how did it end?"), NULL, ch, n,
			     _("keep it open"), n > 8 ? 2 : 1};
	int k;

	for (size_t i = 0; i < n; i++)
		ch[i] = (struct choice){i < 9 ? '1' + (int)i : 'a' + (int)(i - 9), l->codes[i].label};
	k = dialog_ask(p->a, &q);
	for (size_t i = 0; i < n; i++)
		if (k == ch[i].key)
			return l->codes[i].key;
	return NULL;
}

static int fu_close(void *ctx, int key)
{
	struct fu *p = ctx;
	const struct call_row *r = fu_selected(p);
	const char *result;
	struct error err;
	enum status rc;

	if (!r)
		return KEY_STAY;
	if (config_list(p->a->cfg, LIST_FOLLOWUP_RESULT)->n == 0) {
		/* A configuration may list no results: closing still works. */
		const struct choice yes = {'y', _("close it (no further contact planned)")};
		struct question q = {_("Close this follow-up?"), NULL, &yes, 1, _("keep it open"), 1};

		if (dialog_ask(p->a, &q) != 'y')
			return KEY_STAY;
		result = NULL;
	} else if (!(result = fu_ask_result(p))) {
		return KEY_STAY;
	}
	error_clear(&err);
	rc = store_followup_close(p->a->store, r->id, result, p->a->me, &err);
	fu_done(p, rc, &err, _("Follow-up closed."));
	return KEY_STAY;
}

static int fu_open(void *ctx, int key)
{
	struct fu *p = ctx;
	const struct call_row *r = fu_selected(p);
	struct call c;
	struct error err;

	if (!r)
		return KEY_STAY;
	error_clear(&err);
	if (store_call_get(p->a->store, r->id, &c, &err)) {
		app_error(p->a, _("Cannot open the call"), &err);
		return KEY_STAY;
	}
	form_run(p->a, &c, FROM_SAVED);
	call_free(&c);
	fu_load(p);
	return KEY_STAY;
}

static int fu_case(void *ctx, int key)
{
	struct fu *p = ctx;
	const struct call_row *r = fu_selected(p);

	if (!r)
		return KEY_STAY;
	if (!r->case_code[0]) {
		app_msg(p->a, MSG_INFO, _("This call has no case."));
		return KEY_STAY;
	}
	case_show(p->a, r->case_code);
	fu_load(p);
	return KEY_STAY;
}

static int fu_mine(void *ctx, int key)
{
	struct fu *p = ctx;

	p->mine_only = !p->mine_only;
	fu_load(p);
	return KEY_STAY;
}

static int fu_move(void *ctx, int key)
{
	struct fu *p = ctx;

	keys_step(key, &p->sel, fu_count(p));
	return KEY_STAY;
}

static int fu_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

#define FOLLOWUPS_KEYS(X)                                                                 \
	X(fu_open, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("open"), N_("open the call"), 0)    \
	X(fu_close, KEYS('c'), 1, N_("close"), N_("close the follow-up with its result"), 0)   \
	X(fu_reschedule, KEYS('r'), 1, N_("reschedule"),                                     \
	  N_("reschedule (a date not before today, or +days; ends a wait)"), 0)              \
	X(fu_assign, KEYS('a'), 1, N_("assign"),                                              \
	  N_("assign to another operator (handover)"), 0)                                     \
	X(fu_case, KEYS('v'), 1, N_("case"),                                                  \
	  N_("the call's case: its summary, handover note and calls"), KB_SPARE)              \
	X(fu_mine, KEYS('m'), 1, N_("mine/all"), N_("only mine / everyone's"), KB_SPARE)       \
	X(fu_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)        \
	X(fu_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                          \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding followups_bindings[] = {FOLLOWUPS_KEYS(KEY_BINDING)};
const struct keymap followups_keys = KEYMAP(
	"followups", N_("Follow-ups"), followups_bindings,
	N_("Open continuations by next-contact date, mine first; below them, those\n"
	   "waiting for the caller to ring."),
	NULL);

void followups_run(struct app *a)
{
	static const struct screen followups_screen = {.paint = fu_paint, .keys = &followups_keys};
	struct fu p;

	memset(&p, 0, sizeof p);
	p.a = a;
	fu_load(&p);
	app_run(a, &followups_screen, &p);
	free(p.due.rows);
	free(p.wait.rows);
}
