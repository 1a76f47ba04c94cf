/* The application shell: terminal set-up, signals, the key loop's heartbeat
 * (drafts, clocks) and the status line.
 *
 * Signals: ncurses leaves SIGHUP alone (an SSH connection dropping would kill
 * us with the call unsaved), and its own SIGTERM handler _exits. So flag-only
 * handlers are installed before initscr (ncurses then keeps its hands off),
 * input is polled with a timeout, and the loop that sees the flag writes the
 * draft and unwinds; tui_run restores the terminal and returns 0. */
#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/roles.h"
#include "soudan/tui.h"

static volatile sig_atomic_t app_signal;
static SCREEN *app_screen;

static void app_on_signal(int sig)
{
	app_signal = sig;
}

static void app_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a waiting read returns at once */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Writing to a terminal that is gone must not kill us before the draft. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int64_t app_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_msg(struct app *a, enum msg_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_level = level;
	a->msg_at = app_ms();
}

void app_msg_clear(struct app *a)
{
	a->msg[0] = '\0';
	a->msg_level = MSG_NONE;
}

static bool app_check_signal(struct app *a)
{
	if (a->in.dead)
		a->hangup = true;
	if (app_signal == SIGHUP)
		a->hangup = true;
	if (app_signal || a->in.dead)
		a->halt = true;
	return a->halt;
}

int app_key(struct app *a)
{
	long dropped = a->in.dropped;
	int k;

	if (app_check_signal(a))
		return TK_HALT;
	if (a->flush)
		a->flush(a->flush_ctx, false);
	k = input_get(&a->in, 250);
	if (app_check_signal(a))
		return TK_HALT;
	if (a->in.dropped != dropped)
		app_msg(a, MSG_WARN, _("An invalid byte in the input was dropped; the rest was kept."));
	return k;
}

void app_paint(struct app *a, paint_fn paint, void *ctx)
{
	if (a->hangup || input_pending(&a->in))
		return;
	erase();
	a->cur_y = -1;
	if (!draw_too_small(a))
		paint(ctx);
	if (a->cur_y >= 0) {
		curs_set(1);
		move(a->cur_y, a->cur_x);
	} else {
		curs_set(0);
		move(LINES - 1, 0);
	}
	refresh();
}

void app_paint_under(struct app *a)
{
	if (a->under)
		a->under(a->under_ctx);
}

static enum status app_start(struct app *a, struct error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return error_set(err, ST_USAGE,
				 _("the intake screen needs a terminal (for scripts, see soudan --help)"));
	app_signals_install(); /* before initscr: ncurses then leaves them to us */
	if (!(app_screen = newterm(NULL, stdout, stdin)))
		return error_set(err, ST_UNAVAILABLE, _("cannot use the terminal (TERM=%s)"),
				 getenv("TERM") ? getenv("TERM") : "");
	raw();      /* Ctrl-S, Ctrl-C and Ctrl-Z reach us as keys */
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(50); /* Esc is also how function keys begin */
	draw_init(a);
	return ST_OK;
}

enum status tui_run(const struct config *cfg, struct store *store, struct error *err)
{
	struct app a;
	enum status rc;

	memset(&a, 0, sizeof a);
	a.cfg = cfg;
	a.store = store;
	a.me = store_whoami();
	a.supervisor = roles_is_supervisor(cfg);
	store_set_supervisor(store, a.supervisor);
	a.cur_y = -1;
	input_init(&a.in);
	if ((rc = app_start(&a, err)))
		return rc;
	home_run(&a);
	/* After a hangup the terminal is gone: restore nothing on it. */
	if (!a.hangup) {
		erase();
		refresh();
	}
	endwin();
	delscreen(app_screen);
	return ST_OK;
}
