/* Safe drawing: every string on screen goes through text_fit_to (sanitized,
 * cut to its columns, a wide character never split). */
#ifndef SOUDAN_TUI_DRAW_H
#define SOUDAN_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

#include "app.h"

#define DRAW_MIN_COLS 80
#define DRAW_MIN_LINES 24

enum draw_style {
	DS_NORMAL,
	DS_HEAD,    /* header and footer bars */
	DS_SEL,     /* the selected row or field */
	DS_URGENT,  /* urgency urgent, any risk */
	DS_WATCH,   /* urgency watch */
	DS_ERROR,   /* failures in the status line */
	DS_TITLE,   /* section titles */
	DS_DIM,     /* hints */
};

/* Colour pairs when the terminal has colour and NO_COLOR is unset. */
void draw_init(struct app *a);
attr_t draw_attr(const struct app *a, enum draw_style st);

/* s sanitized and fitted into cols columns at (y, x), padded. Never writes
 * past the screen's edge. Returns the columns used. */
int draw_text(int y, int x, int cols, const char *s, attr_t attr);
int draw_textf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* s over at most rows rows of cols columns, broken at character boundaries
 * and newlines (sanitized like draw_text); text beyond the last row ends it
 * with "..". Returns the rows used. */
int draw_wrap(int y, int x, int cols, int rows, const char *s, attr_t attr);
/* Make column x of row y the start of a character: a wide character across
 * it is blanked (before drawing a box whose edge is there). */
void draw_unsplit(int y, int x);
/* Fill cols columns with spaces in attr. */
void draw_fill(int y, int x, int cols, attr_t attr);

/* Header: program, site, operator, a title and the clock. */
void draw_header(struct app *a, const char *title);
/* The status line (above the footer) and the key hints (last line). */
void draw_status(struct app *a);
void draw_footer(struct app *a, const char *hints);
/* When the terminal is smaller than 80x24: a plain message instead of a
 * broken layout; true when that is what was drawn. */
bool draw_too_small(struct app *a);

/* "HH:MM" of a UTC time in local time; "MM:SS" (or "H:MM:SS") of seconds. */
void draw_clock(int64_t t, char out[8]);
void draw_duration(int64_t secs, char out[16]);
/* A length in words for lists: "1m15s", "1h02m". */
void draw_length(int64_t secs, char out[24]);

#endif
