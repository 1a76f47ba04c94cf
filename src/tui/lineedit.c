/* One line of text input: code points, so that the cursor never stands inside
 * a character; scrolled sideways when wider than its box. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "input.h"
#include "lineedit.h"
#include "soudan/text.h"

void lineedit_init(struct lineedit *le, size_t max_bytes)
{
	memset(le, 0, sizeof *le);
	le->max_bytes = max_bytes;
}

void lineedit_free(struct lineedit *le)
{
	free(le->cp);
	memset(le, 0, sizeof *le);
}

static size_t le_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static bool lineedit_insert(struct lineedit *le, uint32_t cp)
{
	if (text_is_dangerous(cp, 0) || le->bytes + le_len(cp) > le->max_bytes)
		return false;
	if (le->n + 1 > le->cap) {
		le->cap = le->cap ? le->cap * 2 : 32;
		le->cp = xrealloc(le->cp, le->cap * sizeof *le->cp);
	}
	memmove(le->cp + le->cur + 1, le->cp + le->cur, (le->n - le->cur) * sizeof *le->cp);
	le->cp[le->cur++] = cp;
	le->n++;
	le->bytes += le_len(cp);
	return true;
}

void lineedit_set(struct lineedit *le, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, k;
	uint32_t cp;

	le->n = le->cur = le->bytes = le->left = 0;
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
			k = 1;
		else
			lineedit_insert(le, cp == '\n' || cp == '\t' ? ' ' : cp);
		i += k;
	}
}

char *lineedit_text(const struct lineedit *le)
{
	char *out = xmalloc(le->bytes + 1), *p = out;

	for (size_t i = 0; i < le->n; i++)
		p += utf8_encode(le->cp[i], p);
	*p = '\0';
	return out;
}

bool lineedit_empty(const struct lineedit *le)
{
	return le->n == 0;
}

static bool lineedit_delete(struct lineedit *le, size_t i)
{
	if (i >= le->n)
		return false;
	le->bytes -= le_len(le->cp[i]);
	memmove(le->cp + i, le->cp + i + 1, (le->n - i - 1) * sizeof *le->cp);
	le->n--;
	if (le->cur > i)
		le->cur--;
	return true;
}

bool lineedit_key(struct lineedit *le, int key, bool *moved)
{
	*moved = true;
	switch (key) {
	case TK(KEY_LEFT): if (le->cur) le->cur--; return false;
	case TK(KEY_RIGHT): if (le->cur < le->n) le->cur++; return false;
	case TK(KEY_HOME): case CTRL('a'): le->cur = 0; return false;
	case TK(KEY_END): le->cur = le->n; return false;
	}
	*moved = false;
	switch (key) {
	case 0x7f: case CTRL('h'): case TK(KEY_BACKSPACE):
		return le->cur && lineedit_delete(le, le->cur - 1);
	case CTRL('d'): case TK(KEY_DC):
		return lineedit_delete(le, le->cur);
	case CTRL('u'):
		while (le->cur)
			lineedit_delete(le, le->cur - 1);
		return true;
	default:
		return key_is_char(key) && lineedit_insert(le, (uint32_t)key);
	}
}

static int lineedit_width(const struct lineedit *le, size_t from, size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++)
		w += editor_cp_width(le->cp[i]);
	return w;
}

void lineedit_draw(struct lineedit *le, int y, int x, int w, unsigned long attr, int *cx)
{
	struct buf s, fit;
	char u[5];

	if (le->left > le->cur)
		le->left = le->cur;
	while (le->left < le->cur && lineedit_width(le, le->left, le->cur) > w - 1)
		le->left++;
	buf_init(&s);
	buf_init(&fit);
	for (size_t i = le->left; i < le->n; i++)
		buf_add(&s, u, utf8_encode(le->cp[i], u));
	text_fit_to(&fit, s.s ? s.s : "", w, true);
	attrset((attr_t)attr);
	mvaddstr(y, x, fit.s);
	attrset(A_NORMAL);
	*cx = x + lineedit_width(le, le->left, le->cur);
	buf_free(&s);
	buf_free(&fit);
}
