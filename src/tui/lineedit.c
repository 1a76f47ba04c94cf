/* One line of text input: code points, so that the cursor never stands inside
 * a character; scrolled sideways when wider than its box. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "input.h"
#include "lineedit.h"
#include "soudan/i18n.h"
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

bool lineedit_fits(const struct lineedit *le, int key)
{
	return !key_is_char(key) || le->bytes + le_len((uint32_t)key) <= le->max_bytes;
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

static int le_left(void *ctx, int key)
{
	struct lineedit *le = ctx;

	if (le->cur)
		le->cur--;
	return LE_MOVED;
}

static int le_right(void *ctx, int key)
{
	struct lineedit *le = ctx;

	if (le->cur < le->n)
		le->cur++;
	return LE_MOVED;
}

static int le_home(void *ctx, int key)
{
	((struct lineedit *)ctx)->cur = 0;
	return LE_MOVED;
}

static int le_end(void *ctx, int key)
{
	struct lineedit *le = ctx;

	le->cur = le->n;
	return LE_MOVED;
}

static int le_backspace(void *ctx, int key)
{
	struct lineedit *le = ctx;

	return le->cur && lineedit_delete(le, le->cur - 1) ? LE_CHANGED : LE_IGNORED;
}

static int le_delete(void *ctx, int key)
{
	struct lineedit *le = ctx;

	return lineedit_delete(le, le->cur) ? LE_CHANGED : LE_IGNORED;
}

static int le_kill(void *ctx, int key)
{
	struct lineedit *le = ctx;
	bool any = le->cur > 0;

	while (le->cur)
		lineedit_delete(le, le->cur - 1);
	return any ? LE_CHANGED : LE_IGNORED;
}

#define TEXT_KEYS(X)                                                                       \
	X(le_left, KEYS(TK(KEY_LEFT)), 0, NULL, N_("one character back"), 0)              \
	X(le_right, KEYS(TK(KEY_RIGHT)), 0, NULL, N_("one character on"), 0)              \
	X(le_home, KEYS(TK(KEY_HOME), CTRL('a')), 0, NULL, N_("to the start"), 0)         \
	X(le_end, KEYS(TK(KEY_END)), 0, NULL, N_("to the end"), 0)                        \
	X(le_backspace, KEYS(0x7f, TK(KEY_BACKSPACE), CTRL('h')), 0, NULL,                \
	  N_("delete the character before the cursor"), 0)                               \
	X(le_delete, KEYS(TK(KEY_DC), CTRL('d')), 0, NULL,                                \
	  N_("delete the character under the cursor"), 0)                                \
	X(le_kill, KEYS(CTRL('u')), 0, NULL, N_("delete everything before the cursor"), 0)

static const struct binding text_bindings[] = {TEXT_KEYS(KEY_BINDING)};
const struct keymap text_keys = KEYMAP("text", N_("A line of text"), text_bindings,
				       N_("In date and name fields, search boxes and text boxes:"),
				       NULL);

enum le_result lineedit_key(struct lineedit *le, int key)
{
	const struct binding *b = keymap_find(&text_keys, key, false, 0);

	if (b)
		return b->run(le, key);
	return key_is_char(key) && lineedit_insert(le, (uint32_t)key) ? LE_CHANGED : LE_IGNORED;
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
