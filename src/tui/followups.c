/* Follow-ups: every open continuation by next-contact date, mine first;
 * close one, move it to another date, or hand it to another operator
 * (handbook 29: handover when staff change). Each action is one transaction
 * with its audit entry. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

#define FU_MAX 1000 /* rows listed; a backlog beyond is counted, not loaded */

struct fu {
	struct app *a;
	struct call_row *rows;
	size_t n, cap, sel, top;
	int64_t total;      /* open follow-ups in all; at most FU_MAX are listed */
	bool mine_only;
};

static const char *fu_owner(const struct call_row *r)
{
	return r->assigned_to[0] ? r->assigned_to : r->operator_name;
}

static int on_row(const struct call_row *r, void *ctx)
{
	struct fu *p = ctx;

	if (p->mine_only && strcmp(fu_owner(r), p->a->me) != 0)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->rows = xrealloc(p->rows, p->cap * sizeof *p->rows);
	}
	p->rows[p->n++] = *r;
	return 0;
}

static void fu_load(struct fu *p)
{
	struct error err;

	p->n = 0;
	error_clear(&err);
	/* Mine first, each group by date: the store's order. */
	if (store_followups(p->a->store, "9999-12-31", p->a->me, FU_MAX, &p->total, on_row, p,
			    &err))
		app_error(p->a, _("Cannot read the follow-ups"), &err);
	if (p->sel >= p->n)
		p->sel = p->n ? p->n - 1 : 0;
}

static void fu_paint_row(struct fu *p, size_t i, int y, const char *today)
{
	const struct call_row *r = &p->rows[i];
	struct app *a = p->a;
	bool on = i == p->sel, overdue = strcmp(r->next_contact, today) < 0;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char started[24];

	time_format_local(r->started_at, "%m-%d %H:%M", started, sizeof started);
	/* Columns with a space between each; overdue dates carry a "!". */
	draw_text(y, 0, 2, on ? ">" : "", at);
	draw_textf(y, 2, 12, overdue ? draw_attr(a, DS_WATCH) : at, "%s%s", r->next_contact,
		   overdue ? "!" : "");
	draw_text(y, 14, 12, started, at);
	draw_text(y, 26, 11, label_of(a->cfg, LIST_CALLER, r->caller), at);
	draw_text(y, 37, 21, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	draw_text(y, 58, 10, r->case_code, at);
	draw_text(y, 68, COLS - 68, fu_owner(r), at);
}

static void fu_paint(void *ctx)
{
	struct fu *p = ctx;
	int rows = LINES - 5;
	char today[11], total[24];
	struct buf foot;

	date_format(date_of(time_now()), today, sizeof today);
	draw_header(p->a, _("Follow-ups"));
	snprintf(total, sizeof total, "%lld", (long long)p->total);
	if ((int64_t)p->n < p->total && !p->mine_only)
		draw_textf(1, 0, COLS, draw_attr(p->a, DS_TITLE), _("%s (first %zu of %s)"),
			   _("Open continuations by next contact, mine first"), p->n,
			   p->total > STORE_FOLLOWUPS_COUNTED ? STORE_FOLLOWUPS_COUNTED_S "+" : total);
	else
		draw_textf(1, 0, COLS, draw_attr(p->a, DS_TITLE), "%s (%zu)%s",
			   _("Open continuations by next contact, mine first"), p->n,
			   p->mine_only ? _(", only mine") : "");
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && p->top + (size_t)r < p->n; r++)
		fu_paint_row(p, p->top + (size_t)r, 2 + r, today);
	if (!p->n)
		draw_text(2, 2, COLS - 2, _("(none)"), draw_attr(p->a, DS_DIM));
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&followups_keys, false, 0, COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
}

enum fu_action { FU_CLOSE, FU_RESCHEDULE, FU_ASSIGN };

static enum status fu_store(struct fu *p, enum fu_action act, const char *id, const char *v,
			    struct error *err)
{
	switch (act) {
	case FU_CLOSE: return store_followup_close(p->a->store, id, NULL, p->a->me, err);
	case FU_RESCHEDULE: return store_followup_reschedule(p->a->store, id, v, p->a->me, err);
	default: return store_followup_assign(p->a->store, id, v, p->a->me, err);
	}
}

/* The store makes each change and its audit entry one transaction. */
static void fu_apply(struct fu *p, enum fu_action act, const char *value)
{
	struct error err;

	error_clear(&err);
	if (fu_store(p, act, p->rows[p->sel].id, value, &err)) {
		app_error(p->a, _("Not changed"), &err);
	} else {
		app_msg(p->a, MSG_INFO, _("Follow-up updated."));
	}
}

static const char *check_date(const char *text)
{
	struct date d;

	if (text[0] == '+' && isdigit((unsigned char)text[1]))
		return NULL;
	return date_parse(text, &d) ? NULL : N_("use YYYY-MM-DD, or +days");
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
	char *text, day[11];
	struct date d;

	if (p->sel >= p->n ||
	    !dialog_input(p->a, _("Reschedule"), _("Next contact (YYYY-MM-DD, or +days):"),
			  p->rows[p->sel].next_contact, 16, check_date, &text))
		return KEY_STAY;
	if (text[0] == '+')
		d = date_add_days(date_of(time_now()), atoi(text + 1));
	else
		date_parse(text, &d);
	date_format(d, day, sizeof day);
	fu_apply(p, FU_RESCHEDULE, day);
	free(text);
	fu_load(p);
	return KEY_STAY;
}

static int fu_assign(void *ctx, int key)
{
	struct fu *p = ctx;
	char *text;

	if (p->sel >= p->n ||
	    !dialog_input(p->a, _("Assign"), _("Hand over to the operator (login name):"),
			  fu_owner(&p->rows[p->sel]), 64, check_login, &text))
		return KEY_STAY;
	fu_apply(p, FU_ASSIGN, text);
	free(text);
	fu_load(p);
	return KEY_STAY;
}

static int fu_close(void *ctx, int key)
{
	struct fu *p = ctx;
	struct choice yes = {'y', _("close it (no further contact planned)")};
	struct question q = {_("Close this follow-up?"), NULL, &yes, 1, _("keep it open"), 1};

	if (p->sel < p->n && dialog_ask(p->a, &q) == 'y') {
		fu_apply(p, FU_CLOSE, NULL);
		fu_load(p);
	}
	return KEY_STAY;
}

static int fu_open(void *ctx, int key)
{
	struct fu *p = ctx;
	struct call c;
	struct error err;

	if (p->sel >= p->n)
		return KEY_STAY;
	error_clear(&err);
	if (store_call_get(p->a->store, p->rows[p->sel].id, &c, &err)) {
		app_error(p->a, _("Cannot open the call"), &err);
		return KEY_STAY;
	}
	form_run(p->a, &c, FROM_SAVED);
	call_free(&c);
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

	if (key == TK(KEY_UP) || key == 'k') {
		if (p->sel > 0)
			p->sel--;
	} else if (p->sel + 1 < p->n) {
		p->sel++;
	}
	return KEY_STAY;
}

static int fu_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

#define FOLLOWUPS_KEYS(X)                                                                 \
	X(fu_open, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("open"), N_("open the call"), 0)    \
	X(fu_close, KEYS('c'), 1, N_("close"), N_("close the follow-up"), 0)                   \
	X(fu_reschedule, KEYS('r'), 1, N_("reschedule"),                                     \
	  N_("reschedule (a new date, or +days)"), 0)                                         \
	X(fu_assign, KEYS('a'), 1, N_("assign"),                                              \
	  N_("assign to another operator (handover)"), 0)                                     \
	X(fu_mine, KEYS('m'), 1, N_("mine/all"), N_("only mine / everyone's"), KB_SPARE)       \
	X(fu_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)        \
	X(fu_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                          \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding followups_bindings[] = {FOLLOWUPS_KEYS(KEY_BINDING)};
const struct keymap followups_keys = KEYMAP(
	"followups", N_("Follow-ups"), followups_bindings,
	N_("Open continuations by next-contact date, mine first."), NULL);

void followups_run(struct app *a)
{
	static const struct screen followups_screen = {.paint = fu_paint, .keys = &followups_keys};
	struct fu p;

	memset(&p, 0, sizeof p);
	p.a = a;
	fu_load(&p);
	app_run(a, &followups_screen, &p);
	free(p.rows);
}
