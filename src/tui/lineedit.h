/* One line of text input (search boxes, dates, short notes). */
#ifndef SOUDAN_TUI_LINEEDIT_H
#define SOUDAN_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lineedit {
	uint32_t *cp;
	size_t n, cap, cur, bytes, max_bytes;
	size_t left; /* first code point shown when the text is wider than the box */
};

void lineedit_init(struct lineedit *le, size_t max_bytes);
void lineedit_free(struct lineedit *le);
void lineedit_set(struct lineedit *le, const char *utf8);
char *lineedit_text(const struct lineedit *le); /* a new string */
bool lineedit_empty(const struct lineedit *le);
/* Editing keys; true when the text changed (*moved for cursor moves). */
bool lineedit_key(struct lineedit *le, int key, bool *moved);
/* Draw in w columns at (y, x) with attr; *cx gets the cursor column. */
void lineedit_draw(struct lineedit *le, int y, int x, int w, unsigned long attr, int *cx);

#endif
