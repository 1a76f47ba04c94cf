/* Small modal questions drawn over the current screen, and help pages. */
#ifndef SOUDAN_TUI_DIALOG_H
#define SOUDAN_TUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* An answer to a question: its key (ASCII; a letter in either case) and what
 * it does, translated. */
struct choice {
	int key;
	const char *label;
};

struct question {
	const char *title, *text; /* text may be NULL or hold '\n' */
	const struct choice *choices;
	size_t n;
	const char *esc;          /* what Esc does (translated); NULL: "back" */
	int columns;              /* choices side by side in up to this many columns */
};

/* Show the question with one line per choice ("k: label") and Esc's; wait
 * for a choice's key. Returns that key (a letter in lower case), KEY_ESC, or
 * TK_HALT. */
int dialog_ask(struct app *a, const struct question *q);
/* Ask for one line of text. True with *out (a new string) on Enter; false on
 * Esc or a signal. check, when given, returns an error message (untranslated
 * is fine: it is passed through _()) or NULL when the text is acceptable. */
bool dialog_input(struct app *a, const char *title, const char *prompt, const char *initial,
		  size_t max_bytes, const char *(*check)(const char *text), char **out);
/* A page of text (help): Up/Down and PageUp/PageDown scroll, any other key
 * leaves. */
void dialog_page(struct app *a, const char *title, const char *text);

#endif
