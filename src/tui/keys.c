/* Key tables: lookup, footers and help pages made from them, and the names
 * of keys (ASCII, as the help, the footers and soudan(1) write them). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "soudan/i18n.h"

static bool key_quick(int key)
{
	return (key >= '1' && key <= '9') || (key >= 'a' && key <= 'z');
}

/* A printable key goes to the text field that has the focus. */
static bool key_is_text(int key)
{
	return key_is_char(key);
}

int app_help_key(void *ctx, int key)
{
	return KEY_STAY;
}

bool binding_has(const struct binding *b, int key)
{
	for (const int *k = b->keys; *k; k++)
		if (*k == key || (*k == KC_QUICK && key_quick(key)))
			return true;
	return false;
}

static bool binding_offered(const struct binding *b, unsigned hide)
{
	return !(b->flags & hide);
}

void keys_step(int key, size_t *sel, size_t n)
{
	if (key == TK(KEY_UP) || key == 'k') {
		if (*sel > 0)
			(*sel)--;
	} else if (*sel + 1 < n) {
		(*sel)++;
	}
}

const struct binding *keymap_find(const struct keymap *m, int key, bool in_text,
				  unsigned hide)
{
	if (in_text && key_is_text(key))
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (binding_offered(&m->b[i], hide) && binding_has(&m->b[i], key))
			return &m->b[i];
	return NULL;
}

/* Key names */

static const struct {
	int key;
	const char *name, *brief; /* brief: the footer's, when shorter */
} key_names[] = {
	{'\n', "Enter", NULL},
	{'\r', "Enter", NULL},
	{TK(KEY_ENTER), "Enter", NULL},
	{'\t', "Tab", NULL},
	{TK(KEY_BTAB), "Shift-Tab", "S-Tab"},
	{KEY_ESC, "Esc", NULL},
	{' ', "Space", NULL},
	{0x7f, "Backspace", "BS"},
	{TK(KEY_BACKSPACE), "Backspace", "BS"},
	{TK(KEY_DC), "Delete", "Del"},
	{TK(KEY_UP), "Up", NULL},
	{TK(KEY_DOWN), "Down", NULL},
	{TK(KEY_LEFT), "Left", NULL},
	{TK(KEY_RIGHT), "Right", NULL},
	{TK(KEY_PPAGE), "PageUp", "PgUp"},
	{TK(KEY_NPAGE), "PageDown", "PgDn"},
	{TK(KEY_HOME), "Home", NULL},
	{TK(KEY_END), "End", NULL},
	{KC_QUICK, "1-9, a-z", "1-9 a-z"},
};

static void keyname_of(int key, bool brief, char out[24])
{
	for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++)
		if (key_names[i].key == key) {
			snprintf(out, 24, "%s",
				 brief && key_names[i].brief ? key_names[i].brief : key_names[i].name);
			return;
		}
	if (key >= TK(KEY_F(1)) && key <= TK(KEY_F(12)))
		snprintf(out, 24, "F%d", key - TK(KEY_F(0)));
	else if (key > 0 && key < 0x20)
		snprintf(out, 24, brief ? "^%c" : "Ctrl-%c", key + 0x40);
	else if (key > 0x20 && key < 0x7f)
		snprintf(out, 24, "%c", key);
	else
		snprintf(out, 24, "?");
}

void binding_names(const struct binding *b, struct buf *out)
{
	char name[24], last[24] = "";

	for (const int *k = b->keys; *k; k++) {
		keyname_of(*k, false, name);
		if (strcmp(name, last) == 0) /* '\n', '\r' and KEY_ENTER are one key */
			continue;
		buf_printf(out, "%s%s", last[0] ? ", " : "", name);
		snprintf(last, sizeof last, "%s", name);
	}
}

void binding_foot(const struct binding *b, bool in_text, struct buf *out)
{
	char name[24], last[24] = "";
	int shown = 0;

	for (const int *k = b->keys; *k && shown < b->foot; k++) {
		if (in_text && key_is_text(*k) && *k != KC_QUICK)
			continue;
		keyname_of(*k, true, name);
		if (strcmp(name, last) == 0)
			continue;
		buf_printf(out, "%s%s", shown ? "/" : "", name);
		snprintf(last, sizeof last, "%s", name);
		shown++;
	}
}

/* Footers and hint lines */

static bool footer_wanted(const struct binding *b, bool in_text, unsigned hide)
{
	struct buf k;
	bool any;

	if (!b->foot || !b->hint || !binding_offered(b, hide))
		return false;
	buf_init(&k);
	binding_foot(b, in_text, &k);
	any = k.len > 0;
	buf_free(&k);
	return any;
}

/* Esc among its keys: the way back, the last a footer leaves out. */
static bool binding_is_back(const struct binding *b)
{
	for (int i = 0; b->keys[i]; i++)
		if (b->keys[i] == KEY_ESC)
			return true;
	return false;
}

static void footer_build(const struct keymap *m, const bool *take, bool in_text,
			 struct buf *out)
{
	for (size_t i = 0; i < m->n; i++) {
		if (!take[i])
			continue;
		if (out->len)
			buf_puts(out, "  ");
		binding_foot(&m->b[i], in_text, out);
		buf_printf(out, ": %s", _(m->b[i].hint));
	}
}

static bool footer_try(const struct keymap *m, const bool *take, bool in_text, int cols,
		       struct buf *line)
{
	buf_reset(line);
	footer_build(m, take, in_text, line);
	return text_width(line->s ? line->s : "") <= cols;
}

void keymap_hints(const struct keymap *m, bool in_text, unsigned hide, int cols,
		  struct buf *out)
{
	bool take[64] = {false}, fits;
	struct buf line;
	size_t n = m->n < 64 ? m->n : 64;

	for (size_t i = 0; i < n; i++)
		take[i] = footer_wanted(&m->b[i], in_text, hide);
	buf_init(&line);
	fits = footer_try(m, take, in_text, cols, &line);
	/* Leave bindings out until it fits: the spare ones first, then from
	 * the end of the table, the way back (Esc) last; help stays. */
	for (int pass = 0; pass < 3 && !fits; pass++)
		for (size_t d = n; d > 0 && !fits; d--) {
			unsigned fl = m->b[d - 1].flags;

			if (!take[d - 1] || (fl & KB_HELP) || (pass == 0 && !(fl & KB_SPARE)) ||
			    (pass == 1 && binding_is_back(&m->b[d - 1])))
				continue;
			take[d - 1] = false;
			fits = footer_try(m, take, in_text, cols, &line);
		}
	buf_puts(out, line.s ? line.s : "");
	buf_free(&line);
}

void keymap_footer(const struct keymap *m, bool in_text, unsigned hide, int cols,
		   struct buf *out)
{
	buf_putc(out, ' ');
	keymap_hints(m, in_text, hide, cols - 1, out);
}

/* Help pages */

void keymap_help(const struct keymap *m, unsigned hide, struct buf *out)
{
	struct buf names;
	int w = 0;

	buf_init(&names);
	for (size_t i = 0; i < m->n; i++) {
		buf_reset(&names);
		binding_names(&m->b[i], &names);
		if (binding_offered(&m->b[i], hide) && text_width(names.s) > w)
			w = text_width(names.s);
	}
	if (m->intro)
		buf_printf(out, "%s\n", _(m->intro));
	for (size_t i = 0; i < m->n; i++) {
		if (!binding_offered(&m->b[i], hide) || !m->b[i].help)
			continue;
		buf_reset(&names);
		binding_names(&m->b[i], &names);
		buf_printf(out, "%-*s  %s\n", w, names.s, _(m->b[i].help));
	}
	if (m->outro)
		buf_printf(out, "%s\n", _(m->outro));
	buf_free(&names);
}
