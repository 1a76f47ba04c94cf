/* Modal questions: a reverse-video box over the screen it belongs to (an
 * overlay on the stack of screens). No box-drawing characters (East Asian
 * ambiguous width in many fonts). The answers a question accepts and the
 * lines that name them come from one list of choices. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "lineedit.h"
#include "soudan/i18n.h"
#include "soudan/text.h"

struct box {
	const char *title;
	char *text;       /* every line of the body */
	int extra;        /* rows below the text for the caller */
	int y, x, w, h;   /* computed when painted */
};

static int box_lines(const char *text, int *maxw)
{
	int n = 0;
	char *copy = xstrdup(text ? text : ""), *save = copy; /* strsep keeps blank lines */

	*maxw = 0;
	for (char *l = strsep(&save, "\n"); l; l = strsep(&save, "\n")) {
		int w = text_width(l);

		if (w > *maxw)
			*maxw = w;
		n++;
	}
	free(copy);
	return n;
}

static void box_paint(struct app *a, struct box *b)
{
	attr_t body = draw_attr(a, DS_SEL);
	char *copy = xstrdup(b->text ? b->text : ""), *save = copy;
	int maxw, n = box_lines(b->text, &maxw), row = 2;

	b->w = maxw + 4;
	if (b->w < 50)
		b->w = 50;
	if (b->w > COLS - 4)
		b->w = COLS - 4;
	b->h = n + 3 + b->extra;
	b->y = (LINES - b->h) / 2;
	b->x = (COLS - b->w) / 2;
	for (int i = 0; i < b->h; i++) {
		draw_unsplit(b->y + i, b->x);
		draw_unsplit(b->y + i, b->x + b->w);
		draw_fill(b->y + i, b->x, b->w, body);
	}
	draw_text(b->y, b->x, b->w, b->title, draw_attr(a, DS_HEAD) | A_BOLD);
	for (char *l = strsep(&save, "\n"); l; l = strsep(&save, "\n"))
		draw_text(b->y + row++, b->x + 2, b->w - 4, l, body);
	free(copy);
}

/* Questions */

struct ask {
	struct app *a;
	const struct question *q;
	struct box box;
	int answer;
};

static void ask_paint(void *ctx)
{
	struct ask *q = ctx;

	box_paint(q->a, &q->box);
	q->a->cur_y = -1;
}

static bool ask_is(const struct question *q, int k, int *answer)
{
	if (k <= 0 || k >= 0x80)
		return false;
	for (size_t i = 0; i < q->n; i++)
		if (tolower(k) == tolower(q->choices[i].key)) {
			*answer = tolower(q->choices[i].key);
			return true;
		}
	return false;
}

static int ask_key(void *ctx, int k)
{
	struct ask *q = ctx;

	if (k == KEY_ESC) {
		q->answer = KEY_ESC;
		return KEY_LEAVE;
	}
	return ask_is(q->q, k, &q->answer) ? KEY_LEAVE : KEY_STAY;
}

/* The body: the text, a blank line, then the choices in columns. */
static char *ask_text(const struct question *q)
{
	int cols = q->columns > 1 ? q->columns : 1, cw = (COLS - 10) / cols - 2;
	struct buf b;

	buf_init(&b);
	if (q->text)
		buf_printf(&b, "%s\n\n", q->text);
	for (size_t i = 0; i < q->n; i++) {
		char one[300];
		bool last = (int)(i % (size_t)cols) == cols - 1 || i + 1 == q->n;

		snprintf(one, sizeof one, "%c: %s", q->choices[i].key, q->choices[i].label);
		text_fit_to(&b, one, cw > 20 ? cw : 20, !last);
		buf_puts(&b, last ? "\n" : "  ");
	}
	buf_printf(&b, "Esc: %s", q->esc ? q->esc : _("back"));
	return buf_take(&b);
}

int dialog_ask(struct app *a, const struct question *q)
{
	static const struct screen ask_screen = {.paint = ask_paint, .key = ask_key,
						 .overlay = true, .modal = true};
	struct ask s = {a, q, {q->title, ask_text(q), 0, 0, 0, 0, 0}, TK_HALT};

	app_run(a, &ask_screen, &s);
	free(s.box.text);
	return a->halt ? TK_HALT : s.answer;
}

/* Text boxes */

struct input_box {
	struct app *a;
	struct box box;
	struct lineedit le;
	const char *error;
	const char *(*check)(const char *text);
	char *out;
	char full[160]; /* said when the text reaches its limit (error points here) */
};

static void input_paint(void *ctx)
{
	struct input_box *q = ctx;
	int y, cx;

	box_paint(q->a, &q->box);
	y = q->box.y + q->box.h - 3;
	lineedit_draw(&q->le, y, q->box.x + 2, q->box.w - 4, A_UNDERLINE, &cx);
	if (q->error)
		draw_text(y + 1, q->box.x + 2, q->box.w - 4,
			  q->error == q->full ? q->full : _(q->error),
			  draw_attr(q->a, DS_SEL) | A_BOLD);
	q->a->cur_y = y;
	q->a->cur_x = cx;
}

static int input_accept(void *ctx, int key)
{
	struct input_box *q = ctx;
	char *text = lineedit_text(&q->le);

	if (q->check && (q->error = q->check(text))) {
		free(text);
		return KEY_STAY;
	}
	q->out = text;
	return KEY_LEAVE;
}

static int input_cancel(void *ctx, int key)
{
	return KEY_LEAVE;
}

static int input_key(void *ctx, int k)
{
	struct input_box *q = ctx;

	if (!lineedit_fits(&q->le, k)) { /* said, never cut silently */
		snprintf(q->full, sizeof q->full,
			 _("The text is full (at most %zu bytes); nothing more was added."),
			 q->le.max_bytes);
		q->error = q->full;
		return KEY_STAY;
	}
	if (lineedit_key(&q->le, k) == LE_CHANGED)
		q->error = NULL;
	return KEY_STAY;
}

static bool input_in_text(void *ctx)
{
	return true;
}

#define INPUT_KEYS(X)                                                                 \
	X(input_accept, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("done"),                 \
	  N_("accept the text"), 0)                                                       \
	X(input_cancel, KEYS(KEY_ESC), 1, N_("cancel"), N_("cancel"), 0)

static const struct binding input_bindings[] = {INPUT_KEYS(KEY_BINDING)};
const struct keymap input_keys = KEYMAP("box", N_("Text box"), input_bindings, NULL,
					       NULL);

bool dialog_input(struct app *a, const char *title, const char *prompt, const char *initial,
		  size_t max_bytes, const char *(*check)(const char *text), char **out)
{
	static const struct screen input_screen = {
		.paint = input_paint, .keys = &input_keys, .key = input_key,
		.in_text = input_in_text, .overlay = true, .modal = true};
	struct input_box q = {a, {title, xstrdup(prompt ? prompt : ""), 3, 0, 0, 0, 0},
			      {0}, NULL, check, NULL, ""};

	lineedit_init(&q.le, max_bytes);
	lineedit_set(&q.le, initial);
	app_run(a, &input_screen, &q);
	lineedit_free(&q.le);
	free(q.box.text);
	if (a->halt) {
		free(q.out);
		q.out = NULL;
	}
	*out = q.out;
	return q.out != NULL;
}

/* Pages */

struct page {
	struct app *a;
	const char *title, *text;
	int top, lines;
};

static int page_rows(void)
{
	return LINES - 4;
}

static void page_paint(void *ctx)
{
	struct page *p = ctx;
	char *copy = xstrdup(p->text), *save = copy;
	int y = 2, i = 0;

	draw_header(p->a, p->title);
	for (char *l = strsep(&save, "\n"); l && y < LINES - 2; l = strsep(&save, "\n"))
		if (i++ >= p->top)
			draw_text(y++, 2, COLS - 4, l, A_NORMAL);
	free(copy);
	draw_footer(p->a, p->lines > page_rows() ? _(" Up/Down: scroll  Any other key: back")
						: _(" Any key: back"));
	p->a->cur_y = -1;
}

static int page_key(void *ctx, int k)
{
	struct page *p = ctx;
	int last = p->lines > page_rows() ? p->lines - page_rows() : 0;

	if (k == TK_TICK || k == TK_NONE || k == TK(KEY_RESIZE))
		return KEY_STAY;
	if (last == 0) /* nothing to scroll: every key leaves */
		return KEY_LEAVE;
	switch (k) {
	case TK(KEY_UP): p->top--; break;
	case TK(KEY_DOWN): p->top++; break;
	case TK(KEY_PPAGE): p->top -= page_rows() - 1; break;
	case TK(KEY_NPAGE): p->top += page_rows() - 1; break;
	default: return KEY_LEAVE;
	}
	p->top = p->top < 0 ? 0 : p->top > last ? last : p->top;
	return KEY_STAY;
}

void dialog_page(struct app *a, const char *title, const char *text)
{
	static const struct screen page_screen = {.paint = page_paint, .key = page_key,
						  .modal = true};
	struct page p = {a, title, text, 0, 0};
	int w;

	p.lines = box_lines(text, &w);
	app_run(a, &page_screen, &p);
}
