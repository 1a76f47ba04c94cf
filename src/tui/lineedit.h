/* One line of text input (search boxes, dates, short notes). */
#ifndef SOUDAN_TUI_LINEEDIT_H
#define SOUDAN_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct lineedit {
	uint32_t *cp;
	size_t n, cap, cur, bytes, max_bytes;
	size_t left; /* first code point shown when the text is wider than the box */
};

enum le_result {
	LE_IGNORED, /* not an editing key */
	LE_MOVED,   /* the cursor moved */
	LE_CHANGED, /* the text changed */
};

/* The editing keys of every line of text (text_keys). */
extern const struct keymap text_keys;

void lineedit_init(struct lineedit *le, size_t max_bytes);
void lineedit_free(struct lineedit *le);
void lineedit_set(struct lineedit *le, const char *utf8);
char *lineedit_text(const struct lineedit *le); /* a new string */
bool lineedit_empty(const struct lineedit *le);
/* Whether a character key would go in: false when the text is full (its
 * bytes would pass max_bytes). */
bool lineedit_fits(const struct lineedit *le, int key);
/* An editing key or a character to insert. */
enum le_result lineedit_key(struct lineedit *le, int key);
/* Draw in w columns at (y, x) with attr; *cx gets the cursor column. */
void lineedit_draw(struct lineedit *le, int y, int x, int w, unsigned long attr, int *cx);

#endif
