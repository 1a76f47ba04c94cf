/* Small modal questions drawn over the current screen. */
#ifndef SOUDAN_TUI_DIALOG_H
#define SOUDAN_TUI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* Show title and text (lines split at '\n'); wait for one of keys (ASCII,
 * either case). Returns that key in lower case, KEY_ESC, or TK_HALT. */
int dialog_ask(struct app *a, const char *title, const char *text, const char *keys);
/* Ask for one line of text. True with *out (a new string) on Enter; false on
 * Esc or a signal. check, when given, returns an error message (untranslated
 * is fine: it is passed through _()) or NULL when the text is acceptable. */
bool dialog_input(struct app *a, const char *title, const char *prompt, const char *initial,
		  size_t max_bytes, const char *(*check)(const char *text), char **out);
/* Text until any key (help pages). */
void dialog_page(struct app *a, const char *title, const char *text);

#endif
