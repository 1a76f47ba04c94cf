/* The notes editor. The text is an array of code points: a cursor can never
 * stand inside a character, and a wide one is never split when wrapping.
 * Rows are wrapped by display width one column short of the area, so that the
 * cursor after a full row still has a cell to stand in. Notes are at most
 * CALL_NOTES_MAX bytes: inserting a memmove away is fast enough at that size. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "input.h"
#include "keys.h"
#include "soudan/i18n.h"
#include "soudan/text.h"

void editor_init(struct editor *ed, size_t max_bytes)
{
	memset(ed, 0, sizeof *ed);
	ed->max_bytes = max_bytes;
	ed->goal = -1;
	ed->stale = true;
	ed->width = 78;
	ed->page = 8;
}

void editor_free(struct editor *ed)
{
	free(ed->cp);
	free(ed->rows);
	memset(ed, 0, sizeof *ed);
}

int editor_cp_width(uint32_t cp)
{
	char s[5];

	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	s[utf8_encode(cp, s)] = '\0';
	return text_width(s); /* placeholders included, as text_fit_to draws */
}

static size_t cp_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static void editor_reserve(struct editor *ed, size_t n)
{
	if (n <= ed->cap)
		return;
	ed->cap = ed->cap ? ed->cap : 256;
	while (ed->cap < n)
		ed->cap *= 2;
	ed->cp = xrealloc(ed->cp, ed->cap * sizeof *ed->cp);
}

static void editor_touch(struct editor *ed)
{
	ed->stale = true;
	ed->goal = -1;
}

void editor_set(struct editor *ed, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, k;
	uint32_t cp;

	ed->n = ed->bytes = 0;
	editor_reserve(ed, len + 1);
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			i++; /* invalid stored bytes cannot be shown or kept */
			continue;
		}
		ed->cp[ed->n++] = cp;
		ed->bytes += k;
		i += k;
	}
	ed->cur = ed->n;
	ed->top = 0;
	editor_touch(ed);
}

char *editor_text(const struct editor *ed)
{
	char *out = xmalloc(ed->bytes + 1), *p = out;

	for (size_t i = 0; i < ed->n; i++)
		p += utf8_encode(ed->cp[i], p);
	*p = '\0';
	return out;
}

enum editor_result editor_insert(struct editor *ed, uint32_t cp)
{
	if (cp != '\n' && text_is_dangerous(cp, 0))
		return ED_IGNORED;
	if (ed->bytes + cp_len(cp) > ed->max_bytes)
		return ED_FULL;
	editor_reserve(ed, ed->n + 1);
	memmove(ed->cp + ed->cur + 1, ed->cp + ed->cur, (ed->n - ed->cur) * sizeof *ed->cp);
	ed->cp[ed->cur++] = cp;
	ed->n++;
	ed->bytes += cp_len(cp);
	editor_touch(ed);
	return ED_CHANGED;
}

static enum editor_result editor_delete_at(struct editor *ed, size_t i)
{
	if (i >= ed->n)
		return ED_IGNORED;
	ed->bytes -= cp_len(ed->cp[i]);
	memmove(ed->cp + i, ed->cp + i + 1, (ed->n - i - 1) * sizeof *ed->cp);
	ed->n--;
	if (ed->cur > i)
		ed->cur--;
	editor_touch(ed);
	return ED_CHANGED;
}

/* Layout */

static void rows_push(struct editor *ed, size_t start)
{
	if (ed->nrows == ed->rows_cap) {
		ed->rows_cap = ed->rows_cap ? ed->rows_cap * 2 : 64;
		ed->rows = xrealloc(ed->rows, ed->rows_cap * sizeof *ed->rows);
	}
	ed->rows[ed->nrows++] = start;
}

static void editor_layout(struct editor *ed, int width)
{
	int col = 0, w;

	if (width < 2)
		width = 2;
	if (!ed->stale && ed->width == width)
		return;
	ed->width = width;
	ed->nrows = 0;
	rows_push(ed, 0);
	for (size_t i = 0; i < ed->n; i++) {
		if (ed->cp[i] == '\n') {
			rows_push(ed, i + 1);
			col = 0;
			continue;
		}
		w = editor_cp_width(ed->cp[i]);
		if (col + w > width - 1 && col > 0) {
			rows_push(ed, i);
			col = 0;
		}
		col += w;
	}
	ed->stale = false;
}

static size_t row_of(const struct editor *ed, size_t pos)
{
	size_t lo = 0, hi = ed->nrows; /* last row starting at or before pos */

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ed->rows[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The last place the cursor can stand in row r: before its newline, or
 * before the character that wrapped to the next row. */
static size_t row_end(const struct editor *ed, size_t r)
{
	size_t end;

	if (r + 1 >= ed->nrows)
		return ed->n;
	end = ed->rows[r + 1];
	return end - 1;
}

static int col_of(const struct editor *ed, size_t pos)
{
	int col = 0;

	for (size_t i = ed->rows[row_of(ed, pos)]; i < pos; i++)
		col += editor_cp_width(ed->cp[i]);
	return col;
}

static size_t pos_at(const struct editor *ed, size_t r, int goal)
{
	size_t i = ed->rows[r], end = row_end(ed, r);
	int col = 0, w;

	while (i < end && col + (w = editor_cp_width(ed->cp[i])) <= goal) {
		col += w;
		i++;
	}
	return i;
}

static enum editor_result editor_vertical(struct editor *ed, long rows)
{
	long r;
	int goal;

	editor_layout(ed, ed->width);
	goal = ed->goal >= 0 ? ed->goal : col_of(ed, ed->cur);
	r = (long)row_of(ed, ed->cur) + rows;
	if (r < 0)
		r = 0;
	if (r >= (long)ed->nrows)
		r = (long)ed->nrows - 1;
	ed->cur = pos_at(ed, (size_t)r, goal);
	ed->goal = goal;
	return ED_MOVED;
}

static enum editor_result editor_move(struct editor *ed, size_t pos)
{
	ed->cur = pos;
	ed->goal = -1;
	return ED_MOVED;
}

static int ed_newline(void *ctx, int key)
{
	return editor_insert(ctx, '\n');
}

static int ed_backspace(void *ctx, int key)
{
	struct editor *ed = ctx;

	return ed->cur ? editor_delete_at(ed, ed->cur - 1) : ED_IGNORED;
}

static int ed_delete(void *ctx, int key)
{
	struct editor *ed = ctx;

	return editor_delete_at(ed, ed->cur);
}

static int ed_sideways(void *ctx, int key)
{
	struct editor *ed = ctx;

	if (key == TK(KEY_LEFT))
		return editor_move(ed, ed->cur ? ed->cur - 1 : 0);
	return editor_move(ed, ed->cur < ed->n ? ed->cur + 1 : ed->n);
}

static int ed_vertical(void *ctx, int key)
{
	struct editor *ed = ctx;
	long page = ed->page > 1 ? ed->page - 1 : 1;

	switch (key) {
	case TK(KEY_UP): return editor_vertical(ed, -1);
	case TK(KEY_DOWN): return editor_vertical(ed, 1);
	case TK(KEY_PPAGE): return editor_vertical(ed, -page);
	default: return editor_vertical(ed, page);
	}
}

static int ed_line_ends(void *ctx, int key)
{
	struct editor *ed = ctx;
	size_t r = row_of(ed, ed->cur);

	return editor_move(ed, key == TK(KEY_HOME) ? ed->rows[r] : row_end(ed, r));
}

#define NOTES_KEYS(X)                                                                      \
	X(ed_newline, KEYS('\n', '\r', TK(KEY_ENTER)), 0, NULL, N_("a new line"), 0)       \
	X(ed_sideways, KEYS(TK(KEY_LEFT), TK(KEY_RIGHT)), 0, NULL,                          \
	  N_("one character back or on"), 0)                                               \
	X(ed_vertical, KEYS(TK(KEY_UP), TK(KEY_DOWN), TK(KEY_PPAGE), TK(KEY_NPAGE)), 0, NULL, \
	  N_("a line or a screen up or down"), 0)                                          \
	X(ed_line_ends, KEYS(TK(KEY_HOME), TK(KEY_END)), 0, NULL,                           \
	  N_("to the start or end of the line"), 0)                                        \
	X(ed_backspace, KEYS(0x7f, TK(KEY_BACKSPACE), CTRL('h')), 0, NULL,                  \
	  N_("delete the character before the cursor"), 0)                                 \
	X(ed_delete, KEYS(TK(KEY_DC), CTRL('d')), 0, NULL,                                  \
	  N_("delete the character under the cursor"), 0)

static const struct binding notes_bindings[] = {NOTES_KEYS(KEY_BINDING)};
const struct keymap notes_keys = KEYMAP(
	"notes", N_("Notes"), notes_bindings,
	N_("Typing goes into the notes; pasting works. The line is anonymous: no names,\n"
	   "phone numbers or addresses."),
	NULL);

enum editor_result editor_key(struct editor *ed, int key)
{
	const struct binding *b;

	editor_layout(ed, ed->width);
	if ((b = keymap_find(&notes_keys, key, false, 0)))
		return b->run(ed, key);
	if (key_is_char(key))
		return editor_insert(ed, (uint32_t)key);
	return ED_IGNORED;
}

/* Drawing */

static void editor_draw_row(const struct editor *ed, size_t r, int y, int x, int w)
{
	size_t start = ed->rows[r], end = r + 1 < ed->nrows ? ed->rows[r + 1] : ed->n;
	struct buf row, fit;
	char u[5];

	buf_init(&row);
	buf_init(&fit);
	for (size_t i = start; i < end; i++)
		if (ed->cp[i] != '\n')
			buf_add(&row, u, utf8_encode(ed->cp[i], u));
	text_fit_to(&fit, row.s ? row.s : "", w, true);
	mvaddstr(y, x, fit.s);
	buf_free(&row);
	buf_free(&fit);
}

void editor_draw(struct editor *ed, int y, int x, int h, int w, int *cy, int *cx)
{
	size_t row;

	editor_layout(ed, w);
	ed->page = h;
	row = row_of(ed, ed->cur);
	if (row < ed->top)
		ed->top = row;
	if (h > 0 && row >= ed->top + (size_t)h)
		ed->top = row - (size_t)h + 1;
	if (ed->top >= ed->nrows)
		ed->top = 0;
	for (int i = 0; i < h; i++) {
		size_t r = ed->top + (size_t)i;

		if (r < ed->nrows)
			editor_draw_row(ed, r, y + i, x, w);
		else
			mvprintw(y + i, x, "%*s", w, "");
	}
	*cy = y + (int)(row - ed->top);
	*cx = x + col_of(ed, ed->cur);
}
