/* Safe drawing. Stored text comes from other operators and from imports: it
 * reaches the screen only through text_fit_to, which replaces control and
 * bidi characters and never splits a wide character. The interface's own text
 * is ASCII or Japanese of unambiguous width: no box-drawing characters. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "soudan/i18n.h"
#include "soudan/text.h"
#include "soudan/timeutil.h"

enum { PAIR_HEAD = 1, PAIR_URGENT, PAIR_WATCH, PAIR_ERROR, PAIR_TITLE };

void draw_init(struct app *a)
{
	const char *nc = getenv("NO_COLOR");

	/* no-color.org: present and not empty disables colour. */
	a->colour = has_colors() && !(nc && *nc);
	if (!a->colour)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_HEAD, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_URGENT, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_WATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
}

attr_t draw_attr(const struct app *a, enum draw_style st)
{
	bool c = a->colour;

	switch (st) {
	case DS_HEAD: return c ? COLOR_PAIR(PAIR_HEAD) : A_REVERSE;
	case DS_SEL: return A_REVERSE;
	/* Monochrome terminals still see urgency: bold and reverse. */
	case DS_URGENT: return c ? COLOR_PAIR(PAIR_URGENT) | A_BOLD : A_BOLD | A_REVERSE;
	case DS_WATCH: return c ? COLOR_PAIR(PAIR_WATCH) : A_BOLD | A_UNDERLINE;
	case DS_ERROR: return c ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_BOLD;
	case DS_TITLE: return c ? COLOR_PAIR(PAIR_TITLE) | A_BOLD : A_BOLD;
	case DS_DIM: return c ? A_DIM : A_NORMAL;
	default: return A_NORMAL;
	}
}

/* Columns that may be written at (y, x): never the screen's last cell, whose
 * writing would scroll some terminals. */
static int draw_room(int y, int x, int cols)
{
	int room = COLS - x;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (y == LINES - 1)
		room--;
	return cols < room ? cols : room;
}

/* s fitted to cols; when it is cut, it ends with DRAW_CUT. Two ASCII dots,
 * not U+2026: the ellipsis is East Asian ambiguous width, drawn two columns
 * wide by many Japanese terminals, which would break every column. */
#define DRAW_CUT ".."

static int draw_fit(struct buf *b, const char *s, int cols)
{
	int used;

	if (cols <= 2 || text_width(s) <= cols)
		return text_fit_to(b, s, cols, true);
	used = text_fit_to(b, s, cols - 2, false);
	while (b->len && b->s[b->len - 1] == ' ') { /* half a wide character was padded */
		b->s[--b->len] = '\0';
		used--;
	}
	buf_puts(b, DRAW_CUT);
	used += 2;
	while (used < cols) {
		buf_putc(b, ' ');
		used++;
	}
	return used;
}

int draw_text(int y, int x, int cols, const char *s, attr_t attr)
{
	struct buf b;
	int used;

	if ((cols = draw_room(y, x, cols)) <= 0)
		return 0;
	buf_init(&b);
	used = draw_fit(&b, s ? s : "", cols);
	attrset(attr);
	mvaddstr(y, x, b.s);
	attrset(A_NORMAL);
	buf_free(&b);
	return used;
}

int draw_textf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n, used;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	used = draw_text(y, x, cols, s, attr);
	free(s);
	return used;
}

int draw_wrap(int y, int x, int cols, int rows, const char *s, attr_t attr)
{
	int row = 0;

	s = s ? s : "";
	while (row < rows && (*s || row == 0)) {
		const char *e = s;
		int used = 0;

		/* Take whole characters while they fit; a newline ends the row. */
		while (*e && *e != '\n') {
			uint32_t cp;
			size_t k = utf8_decode(e, strlen(e), &cp);
			char one[5];
			int w;

			k = k ? k : 1;
			memcpy(one, e, k);
			one[k] = '\0';
			w = text_width(one);
			if (used + w > cols)
				break;
			used += w;
			e += k;
		}
		if (e == s && *e && *e != '\n') /* wider than the row: never loop */
			e += 1;
		{
			/* The last row takes the rest, joined: what does not fit
			 * is cut as everywhere, ending with "..". */
			bool more = row == rows - 1 && *e && (*e != '\n' || e[1]);
			char *line = more ? xstrdup(s) : xstrndup(s, (size_t)(e - s));

			for (char *nl = line; more && (nl = strchr(nl, '\n')); nl++)
				*nl = ' ';
			draw_text(y + row, x, cols, line, attr);
			free(line);
		}
		s = *e == '\n' ? e + 1 : e;
		row++;
	}
	return row;
}

/* ncurses keeps a wide character whose second half was written over as the
 * first half alone, and never writes that cell again: the terminal has
 * blanked the whole character, and when the box goes the character stays
 * lost. So whatever is drawn over the screen (a box) first blanks a wide
 * character that straddles its edge, and both cells are painted again. */
void draw_unsplit(int y, int x)
{
	int col = 0;

	if (y < 0 || y >= LINES || x <= 0 || x >= COLS)
		return;
	while (col < x) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1] = {0};
		attr_t at;
		short pair;
		int w;

		if (mvin_wch(y, col, &cc) == ERR || getcchar(&cc, wch, &at, &pair, NULL) == ERR)
			return;
		w = wcwidth(wch[0]) > 1 ? 2 : 1;
		if (col + w > x) {
			attrset(A_NORMAL);
			mvaddstr(y, col, "  ");
			return;
		}
		col += w;
	}
}

void draw_fill(int y, int x, int cols, attr_t attr)
{
	draw_text(y, x, cols, "", attr);
}

void draw_clock(int64_t t, char out[8])
{
	time_format_local(t, "%H:%M", out, 8);
}

void draw_duration(int64_t secs, char out[16])
{
	if (secs < 0)
		secs = 0;
	if (secs >= 3600)
		snprintf(out, 16, "%d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	else
		snprintf(out, 16, "%02d:%02d", (int)(secs / 60), (int)(secs % 60));
}

/* A length in words ("1m15s", "1h02m"; translated): beside clock times in a
 * list, "01:15" would read as one of them. */
void draw_length(int64_t secs, char out[24])
{
	if (secs < 0)
		secs = 0;
	if (secs >= 3600)
		snprintf(out, 24, _("%dh%02dm"), (int)(secs / 3600), (int)(secs / 60 % 60));
	else if (secs >= 60)
		snprintf(out, 24, _("%dm%02ds"), (int)(secs / 60), (int)(secs % 60));
	else
		snprintf(out, 24, _("%ds"), (int)secs);
}

/* The header's right part, shortest last: what gives way so that the site
 * shows whole. */
static void header_right(struct app *a, int variant, struct buf *out)
{
	char now[24];

	time_format_local(time_now(), variant == 0 ? "%Y-%m-%d %H:%M" : "%H:%M", now, sizeof now);
	if (variant < 2)
		buf_printf(out, "%s: %s  %s ", _("operator"), a->me, now);
	else
		buf_printf(out, "%s  %s ", a->me, now);
}

void draw_header(struct app *a, const char *title)
{
	attr_t head = draw_attr(a, DS_HEAD);
	const char *site = a->cfg->site ? a->cfg->site : "";
	struct buf left, right;
	int w = 0;

	buf_init(&left);
	buf_init(&right);
	draw_fill(0, 0, COLS, head);
	/* Operator and clock at the right always show; the date, the word
	 * "operator" and the program's name give way before the site does. */
	for (int v = 0; v < 4; v++) {
		buf_reset(&left);
		buf_reset(&right);
		header_right(a, v < 3 ? v : 2, &right);
		if (v < 3)
			buf_printf(&left, " soudan | %s | %s", title, site);
		else
			buf_printf(&left, " %s | %s", title, site);
		w = text_width(right.s);
		if (text_width(left.s) + w + 1 <= COLS)
			break;
	}
	draw_text(0, COLS - w, w, right.s, head);
	draw_text(0, 0, COLS - w - 1, left.s, head);
	buf_free(&left);
	buf_free(&right);
}

/* What waits for a busy database, on the status line's right. */
static const char *draw_waiting(enum job_kind kind)
{
	switch (kind) {
	case JOB_BEAT: case JOB_TAKE: case JOB_RELEASE:
		return _(" heartbeat waits: database busy ");
	case JOB_HELP: return _(" help request waits: database busy ");
	case JOB_HELP_ACK: return _(" acknowledgement waits: database busy ");
	case JOB_DEBRIEF_DONE: return _(" debrief mark waits: database busy ");
	case JOB_SHIFT_ADD: return _(" shift log entry waits: database busy ");
	case JOB_SHIFT_REMOVE: return _(" taking back an entry waits: database busy ");
	default: return _(" draft waits: database busy ");
	}
}

void draw_status(struct app *a)
{
	enum draw_style st = a->msg_level == MSG_ERROR ? DS_ERROR
			   : a->msg_level == MSG_WARN ? DS_WATCH : DS_NORMAL;

	/* Information fades after a few seconds; errors stay until replaced. */
	if (a->msg_level == MSG_INFO && app_ms() - a->msg_at > 6000)
		app_msg_clear(a);
	int room = COLS;
	bool busy = false;
	size_t pending = a->queue ? store_queue_pending(a->queue, &busy) : 0;
	enum job_kind waiting = JOB_DRAFT;

	if (pending && busy && !store_queue_waiting(a->queue, &waiting))
		busy = false; /* written since */

	draw_fill(LINES - 2, 0, COLS, A_NORMAL);
	/* Writes waiting for the database, at the right: the screen goes on. */
	if (a->saving || (pending && busy)) {
		char mark[96];
		int w;

		if (a->saving)
			snprintf(mark, sizeof mark, busy ? _(" save queued: %d, database busy ")
							 : _(" save queued: %d "), a->saving);
		else
			snprintf(mark, sizeof mark, "%s", draw_waiting(waiting));
		w = text_width(mark);
		room = COLS - w - 1;
		draw_text(LINES - 2, room + 1, w, mark, draw_attr(a, DS_WATCH));
	}
	if (a->msg_level != MSG_NONE)
		draw_text(LINES - 2, 0, room, a->msg, draw_attr(a, st));
}

void draw_footer(struct app *a, const char *hints)
{
	draw_text(LINES - 1, 0, COLS, hints, draw_attr(a, DS_HEAD));
}

bool draw_too_small(struct app *a)
{
	if (COLS >= DRAW_MIN_COLS && LINES >= DRAW_MIN_LINES)
		return false;
	/* Plain text from the top-left corner: readable at any size. */
	draw_textf(0, 0, COLS, A_NORMAL, _("The terminal is too small: %dx%d."), COLS, LINES);
	draw_textf(1, 0, COLS, A_NORMAL, _("soudan needs at least %dx%d."), DRAW_MIN_COLS,
		   DRAW_MIN_LINES);
	draw_text(2, 0, COLS, _("Enlarge the window; nothing typed is lost."), A_NORMAL);
	a->cur_y = -1;
	return true;
}
