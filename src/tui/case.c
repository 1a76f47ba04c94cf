/* The case picker: find a repeat caller's case by code or nickname, see the
 * earlier calls, link it; or open a new case and read its code out. */
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

struct found {
	char code[16];
	char *nickname;
	int calls;
	int64_t created_at;
};

struct picker {
	struct app *a;
	struct call *call; /* the call a case is linked to */
	bool changed;      /* it was */
	struct lineedit q;
	struct found found[CASE_MAX];
	int n, sel;
	struct call_row calls[CASE_CALLS_MAX];
	int ncalls;
	char calls_of[16]; /* the case whose calls are loaded */
};

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
	if (*q && store_cases_find(p->a->store, q, on_case, p, &err))
		app_error(p->a, NULL, &err);
	free(q);
}

static int on_case_call(const struct call_row *r, void *ctx)
{
	struct picker *p = ctx;

	p->calls[p->ncalls++] = *r;
	return p->ncalls >= CASE_CALLS_MAX;
}

static void picker_load_calls(struct picker *p)
{
	struct error err;

	if (p->sel >= p->n) {
		p->ncalls = 0;
		p->calls_of[0] = '\0';
		return;
	}
	if (strcmp(p->calls_of, p->found[p->sel].code) == 0)
		return;
	snprintf(p->calls_of, sizeof p->calls_of, "%s", p->found[p->sel].code);
	p->ncalls = 0;
	error_clear(&err);
	if (store_case_calls(p->a->store, p->calls_of, on_case_call, p, &err))
		app_error(p->a, NULL, &err);
}

static void paint_found(struct picker *p, int y, int rows)
{
	for (int i = 0; i < rows && i < p->n; i++) {
		const struct found *f = &p->found[i];
		char since[11];

		date_format(date_of(f->created_at), since, sizeof since);
		draw_textf(y + i, 0, COLS, i == p->sel ? draw_attr(p->a, DS_SEL) : A_NORMAL,
			   "%s %-10s %s  %d %s  %s", i == p->sel ? ">" : " ", f->code, since, f->calls,
			   _("calls"), f->nickname ? f->nickname : "");
	}
	if (p->n == 0)
		draw_text(y, 2, COLS - 2, _("No case found. Ctrl-N opens a new one."),
			  draw_attr(p->a, DS_DIM));
}

static void paint_calls(struct picker *p, int y, int rows)
{
	struct app *a = p->a;
	int first = p->ncalls > rows ? p->ncalls - rows : 0; /* the latest ones */

	draw_textf(y - 1, 0, COLS, draw_attr(a, DS_TITLE), "%s %s", _("Earlier calls of"),
		   p->calls_of);
	for (int i = first; i < p->ncalls && i - first < rows; i++) {
		const struct call_row *r = &p->calls[i];
		char when[24];

		time_format_local(r->started_at, "%Y-%m-%d %H:%M", when, sizeof when);
		draw_textf(y + i - first, 0, COLS, A_NORMAL, "  %s  %s / %s / %s / %s  %s", when,
			   label_of(a->cfg, LIST_CALL_TYPE, r->call_type),
			   label_of(a->cfg, LIST_CONCERN, r->main_concern),
			   label_of(a->cfg, LIST_OUTCOME, r->outcome), r->next_contact, r->operator_name);
	}
}

static void picker_paint(void *ctx)
{
	struct picker *p = ctx;
	int half = (LINES - 6) / 2, cx;
	struct buf foot;

	draw_header(p->a, _("Case"));
	draw_text(1, 0, 34, _("Case code or nickname:"), A_BOLD);
	lineedit_draw(&p->q, 1, 34, COLS - 35, A_UNDERLINE, &cx);
	paint_found(p, 2, half);
	picker_load_calls(p);
	if (p->n)
		paint_calls(p, 3 + half, LINES - 5 - half - 1);
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&case_keys, true, 0, COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
	p->a->cur_y = 1;
	p->a->cur_x = cx;
}

static int picker_link(void *ctx, int key)
{
	struct picker *p = ctx;
	struct call *c = p->call;
	const struct found *f = &p->found[p->sel];

	if (p->sel >= p->n)
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

static int picker_create(void *ctx, int key)
{
	struct picker *p = ctx;
	struct call *c = p->call;
	char code[CASE_CODE_LEN + 1], *nick = NULL, *text;
	struct error err;

	text = lineedit_text(&p->q);
	if (!dialog_input(p->a, _("New case"),
			  _("A nickname the caller chose (optional; never a real name):"), text,
			  200, NULL, &nick)) {
		free(text);
		return KEY_STAY;
	}
	free(text);
	error_clear(&err);
	if (store_case_create(p->a->store, nick, code, &err)) {
		app_error(p->a, NULL, &err);
		free(nick);
		return KEY_STAY;
	}
	call_set(&c->case_code, code);
	call_set(&c->nickname, *nick ? nick : NULL);
	if (!c->coded[CF_CONTACT] && codelist_find(config_list(p->a->cfg, LIST_CONTACT), "new") >= 0)
		call_set(&c->coded[CF_CONTACT], "new");
	free(nick);
	app_msg(p->a, MSG_INFO, _("New case %s: read the code out to the caller."), code);
	p->changed = true;
	return KEY_LEAVE;
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
	  N_("link the selected case to this call"), 0)                                         \
	X(picker_create, KEYS(CTRL('n')), 1, N_("new case"),                                   \
	  N_("open a new case (with an optional nickname) and link it"), 0)                     \
	X(picker_move, KEYS(TK(KEY_UP), TK(KEY_DOWN)), 2, N_("select"), N_("select"), 0)        \
	X(picker_back, KEYS(KEY_ESC), 1, N_("back"), N_("back without changing anything"), 0)  \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding case_bindings[] = {CASE_KEYS(KEY_BINDING)};
const struct keymap case_keys = KEYMAP(
	"case", N_("Case"), case_bindings,
	N_("Type a case code (K7Q2-9MXD, case and hyphen do not matter) or\n"
	   "part of a nickname. Up/Down select, the earlier calls show below."),
	NULL);

bool case_pick(struct app *a, struct call *c)
{
	static const struct screen case_screen = {.paint = picker_paint, .keys = &case_keys,
						  .key = picker_type, .in_text = picker_in_text};
	struct picker *p = xcalloc(1, sizeof *p);
	bool changed;

	p->a = a;
	p->call = c;
	lineedit_init(&p->q, 200);
	app_run(a, &case_screen, p);
	changed = p->changed;
	picker_clear(p);
	lineedit_free(&p->q);
	free(p);
	return changed;
}
