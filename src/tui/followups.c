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
	bool back;
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
	char m[600];

	p->n = 0;
	error_clear(&err);
	/* Mine first, each group by date: the store's order. */
	if (store_followups(p->a->store, "9999-12-31", p->a->me, FU_MAX, &p->total, on_row, p,
			    &err)) {
		error_format(&err, m, sizeof m);
		app_msg(p->a, MSG_ERROR, _("Cannot read the follow-ups: %s"), m);
	}
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
	draw_text(y, 26, 11, label_of(a, LIST_CALLER, r->caller), at);
	draw_text(y, 37, 21, label_of(a, LIST_CONCERN, r->main_concern), at);
	draw_text(y, 58, 10, r->case_code, at);
	draw_text(y, 68, COLS - 68, fu_owner(r), at);
}

static void fu_paint(void *ctx)
{
	struct fu *p = ctx;
	int rows = LINES - 5;
	char today[11], total[24];

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
	draw_footer(p->a, _(" Enter: open  c: close  r: reschedule  a: assign  m: mine/all  F1: help"));
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
	char m[600];

	error_clear(&err);
	if (fu_store(p, act, p->rows[p->sel].id, value, &err)) {
		error_format(&err, m, sizeof m);
		app_msg(p->a, MSG_ERROR, _("Not changed: %s"), m);
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

static void fu_reschedule(struct fu *p)
{
	char *text, day[11];
	struct date d;

	if (!dialog_input(p->a, _("Reschedule"), _("Next contact (YYYY-MM-DD, or +days):"),
			  p->rows[p->sel].next_contact, 16, check_date, &text))
		return;
	if (text[0] == '+')
		d = date_add_days(date_of(time_now()), atoi(text + 1));
	else
		date_parse(text, &d);
	date_format(d, day, sizeof day);
	fu_apply(p, FU_RESCHEDULE, day);
	free(text);
}

static void fu_assign(struct fu *p)
{
	char *text;

	if (!dialog_input(p->a, _("Assign"), _("Hand over to the operator (login name):"),
			  fu_owner(&p->rows[p->sel]), 64, check_login, &text))
		return;
	fu_apply(p, FU_ASSIGN, text);
	free(text);
}

static void fu_close(struct fu *p)
{
	if (dialog_ask(p->a, _("Close this follow-up?"),
		       _("y: close it (no further contact planned)\nEsc: keep it open"),
		       "y") == 'y')
		fu_apply(p, FU_CLOSE, NULL);
}

static void fu_open(struct fu *p)
{
	struct call c;
	struct error err;
	char m[600];

	error_clear(&err);
	if (store_call_get(p->a->store, p->rows[p->sel].id, &c, &err)) {
		error_format(&err, m, sizeof m);
		app_msg(p->a, MSG_ERROR, _("Cannot open the call: %s"), m);
		return;
	}
	form_run(p->a, &c, FROM_SAVED);
	call_free(&c);
}

static void fu_key(struct fu *p, int k)
{
	bool any = p->sel < p->n;

	switch (k) {
	case TK_HALT: case KEY_ESC: case 'q': p->back = true; return;
	case TK(KEY_F(1)): case '?': help_show(p->a, HELP_FOLLOWUPS); return;
	case TK(KEY_UP): case 'k': if (p->sel > 0) p->sel--; return;
	case TK(KEY_DOWN): case 'j': if (p->sel + 1 < p->n) p->sel++; return;
	case 'm': p->mine_only = !p->mine_only; break;
	case '\n': case '\r': case TK(KEY_ENTER): if (any) fu_open(p); break;
	case 'c': if (any) fu_close(p); break;
	case 'r': if (any) fu_reschedule(p); break;
	case 'a': if (any) fu_assign(p); break;
	default: return;
	}
	fu_load(p);
}

void followups_run(struct app *a)
{
	struct fu p;
	void (*under)(void *) = a->under;
	void *under_ctx = a->under_ctx;

	memset(&p, 0, sizeof p);
	p.a = a;
	fu_load(&p);
	while (!p.back && !a->halt) {
		a->under = fu_paint;
		a->under_ctx = &p;
		app_paint(a, fu_paint, &p);
		fu_key(&p, app_key(a));
	}
	a->under = under;
	a->under_ctx = under_ctx;
	free(p.rows);
}
