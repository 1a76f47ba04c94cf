/* The notes editor: multi-line Japanese text as an array of code points,
 * wrapped by display width, a wide character never split. */
#ifndef SOUDAN_TUI_EDITOR_H
#define SOUDAN_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"

enum editor_result {
	ED_IGNORED, /* not an editing key */
	ED_MOVED,   /* the cursor moved */
	ED_CHANGED, /* the text changed */
	ED_FULL,    /* refused: the text would pass max_bytes */
};

struct editor {
	uint32_t *cp;
	size_t n, cap;
	size_t cur;        /* cursor: index into cp, 0..n */
	size_t bytes;      /* UTF-8 length of the text */
	size_t max_bytes;
	int goal;          /* column kept by Up/Down; -1: none */
	size_t top;        /* first visual row shown */
	int page;          /* rows shown, for PageUp/PageDown */
	/* Visual rows: rows[i] is the index of row i's first code point. */
	size_t *rows, nrows, rows_cap;
	int width;         /* columns the rows were wrapped to */
	bool stale;
};

/* The editing keys of the notes (notes_keys). */
extern const struct keymap notes_keys;

void editor_init(struct editor *ed, size_t max_bytes);
void editor_free(struct editor *ed);
/* Replace the text (cursor at the end). Invalid UTF-8 bytes are dropped. */
void editor_set(struct editor *ed, const char *utf8);
/* The text as a new UTF-8 string. */
char *editor_text(const struct editor *ed);
/* Insert one code point at the cursor (newline allowed; other control
 * characters refused). */
enum editor_result editor_insert(struct editor *ed, uint32_t cp);
/* Editing and movement keys (input.h codes). */
enum editor_result editor_key(struct editor *ed, int key);
/* Draw h rows of w columns at (y, x); *cy, *cx get the cursor's place. */
void editor_draw(struct editor *ed, int y, int x, int h, int w, int *cy, int *cx);
/* Display width of one code point as the screen shows it. */
int editor_cp_width(uint32_t cp);

#endif
