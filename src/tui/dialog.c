/* Modal questions: a reverse-video box over the screen it belongs to. No
 * box-drawing characters (East Asian ambiguous width in many fonts). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "lineedit.h"
#include "soudan/i18n.h"
#include "soudan/text.h"

struct box {
	const char *title, *text;
	int extra;        /* rows below the text for the caller */
	int y, x, w, h;   /* computed */
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
	for (int i = 0; i < b->h; i++)
		draw_fill(b->y + i, b->x, b->w, body);
	draw_text(b->y, b->x, b->w, b->title, draw_attr(a, DS_HEAD) | A_BOLD);
	for (char *l = strsep(&save, "\n"); l; l = strsep(&save, "\n"))
		draw_text(b->y + row++, b->x + 2, b->w - 4, l, body);
	free(copy);
}

struct ask {
	struct app *a;
	struct box box;
};

static void ask_paint(void *ctx)
{
	struct ask *q = ctx;

	app_paint_under(q->a);
	box_paint(q->a, &q->box);
	q->a->cur_y = -1;
}

int dialog_ask(struct app *a, const char *title, const char *text, const char *keys)
{
	struct ask q = {a, {title, text, 0, 0, 0, 0, 0}};
	int k;

	for (;;) {
		app_paint(a, ask_paint, &q);
		k = app_key(a);
		if (k == TK_HALT || k == KEY_ESC)
			return k;
		if (k > 0 && k < 0x80 && isalpha(k) && strchr(keys, tolower(k)))
			return tolower(k);
	}
}

struct input_box {
	struct app *a;
	struct box box;
	struct lineedit le;
	const char *error;
};

static void input_paint(void *ctx)
{
	struct input_box *q = ctx;
	int y, cx;

	app_paint_under(q->a);
	box_paint(q->a, &q->box);
	y = q->box.y + q->box.h - 3;
	lineedit_draw(&q->le, y, q->box.x + 2, q->box.w - 4, A_UNDERLINE, &cx);
	if (q->error)
		draw_text(y + 1, q->box.x + 2, q->box.w - 4, _(q->error),
			  draw_attr(q->a, DS_SEL) | A_BOLD);
	q->a->cur_y = y;
	q->a->cur_x = cx;
}

static bool input_accept(struct input_box *q, const char *(*check)(const char *), char **out)
{
	char *text = lineedit_text(&q->le);

	if (check && (q->error = check(text))) {
		free(text);
		return false;
	}
	*out = text;
	return true;
}

bool dialog_input(struct app *a, const char *title, const char *prompt, const char *initial,
		  size_t max_bytes, const char *(*check)(const char *text), char **out)
{
	struct input_box q = {a, {title, prompt, 3, 0, 0, 0, 0}, {0}, NULL};
	bool done = false, moved;
	int k;

	lineedit_init(&q.le, max_bytes);
	lineedit_set(&q.le, initial);
	*out = NULL;
	while (!done) {
		app_paint(a, input_paint, &q);
		k = app_key(a);
		if (k == TK_HALT || k == KEY_ESC)
			break;
		if (k == '\n' || k == '\r' || k == TK(KEY_ENTER))
			done = input_accept(&q, check, out);
		else if (lineedit_key(&q.le, k, &moved))
			q.error = NULL;
	}
	lineedit_free(&q.le);
	return done;
}

struct page {
	struct app *a;
	const char *title, *text;
};

static void page_paint(void *ctx)
{
	struct page *p = ctx;
	char *copy = xstrdup(p->text), *save = copy;
	int y = 2;

	draw_header(p->a, p->title);
	for (char *l = strsep(&save, "\n"); l && y < LINES - 2; l = strsep(&save, "\n"))
		draw_text(y++, 2, COLS - 4, l, A_NORMAL);
	free(copy);
	draw_footer(p->a, _(" Any key: back"));
	p->a->cur_y = -1;
}

void dialog_page(struct app *a, const char *title, const char *text)
{
	struct page p = {a, title, text};
	int k;

	do {
		app_paint(a, page_paint, &p);
		k = app_key(a);
	} while (k == TK_TICK || k == TK_NONE || k == TK(KEY_RESIZE));
}
