/* The application shell: terminal set-up, signals, the stack of screens, the
 * key loop's heartbeat (drafts, clocks) and the status line.
 *
 * Signals: ncurses leaves SIGHUP alone (an SSH connection dropping would kill
 * us with the call unsaved), and its own SIGTERM handler _exits. So flag-only
 * handlers are installed before initscr (ncurses then keeps its hands off),
 * input is polled with a timeout, and the key loop that sees the flag writes
 * every screen's unsaved work and unwinds the stack. */
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
#include "soudan/i18n.h"
#include "soudan/roles.h"

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

/* The status line */

void app_msg(struct app *a, enum msg_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_level = level;
	a->msg_at = app_ms();
}

void app_error(struct app *a, const char *what, const struct error *err)
{
	char m[600];

	error_format(err, m, sizeof m);
	if (what)
		app_msg(a, MSG_ERROR, "%s: %s", what, m);
	else
		app_msg(a, MSG_ERROR, "%s", m);
}

void app_msg_clear(struct app *a)
{
	a->msg[0] = '\0';
	a->msg_level = MSG_NONE;
}

/* Keys */

/* Every screen on the stack writes what it holds, the deepest first. */
static void app_flush(struct app *a, bool force)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i].s->flush)
			a->stack[i].s->flush(a->stack[i].ctx, force);
}

static bool app_check_signal(struct app *a)
{
	bool was = a->halt;

	if (a->in.dead)
		a->hangup = true;
	if (app_signal == SIGHUP)
		a->hangup = true;
	if (app_signal || a->in.dead)
		a->halt = true;
	if (a->halt && !was)
		app_flush(a, true); /* before anything unwinds */
	return a->halt;
}

/* What the shell says of a finished write no screen spoke of. */
static void app_result_default(struct app *a, const struct job_result *r)
{
	if (r->kind == JOB_SAVE && r->status == ST_OK)
		app_msg(a, MSG_INFO, _("Saved."));
	else if (r->kind == JOB_SAVE && r->status == ST_CONFLICT)
		app_msg(a, MSG_ERROR,
			_("Not saved, to keep both versions: %s. Your text is a draft on home:"
			  " open it to compare."), r->err.msg);
	else if (r->kind == JOB_DRAFT && r->status == ST_CONFLICT)
		app_msg(a, MSG_WARN,
			_("Another session took this call over (%s). Your text is kept as a"
			  " separate draft on home."), r->err.msg);
	else if (r->status != ST_OK && r->kind != JOB_BEAT && r->kind != JOB_RELEASE)
		app_error(a, r->kind == JOB_SAVE ? _("Not saved (the call is a draft on home)")
						 : _("Not written"), &r->err);
}

/* Hand every finished write to the screens on the stack, top first. */
static void app_results(struct app *a)
{
	struct job_result r;

	while (a->queue && store_queue_poll(a->queue, &r)) {
		bool told = false;

		if (r.kind == JOB_SAVE && a->saving > 0)
			a->saving--;
		for (int i = a->depth - 1; i >= 0; i--)
			if (a->stack[i].s->result)
				told |= a->stack[i].s->result(a->stack[i].ctx, &r);
		if (!told)
			app_result_default(a, &r);
	}
}

/* The open help requests, for a supervisor's bell on any screen. */
struct help_poll {
	int64_t seen, seq; /* the greatest number rung before, and read now */
	size_t open, fresh;
	char by[64];       /* who asked last */
};

static int on_help_poll(const struct help_request *h, void *ctx)
{
	struct help_poll *p = ctx;

	p->open++;
	if (h->state.seq > p->seen)
		p->fresh++;
	if (h->state.seq > p->seq) {
		p->seq = h->state.seq;
		snprintf(p->by, sizeof p->by, "%s", h->state.raised_by);
	}
	return 0;
}

/* Every APP_HELP_MS, whatever the screen: a supervisor hears of each new
 * help request once (the bell, who asked, how many are open); home then
 * shows it selected. A read that fails is tried again at the next (home
 * says why when shown). Operators who see the duty room
 * (calls_in_progress = everyone) cannot acknowledge: no bell for them. */
static void app_help_poll(struct app *a)
{
	struct help_poll p;
	struct error err;

	if (!a->supervisor || !a->store || app_ms() - a->help_at < APP_HELP_MS)
		return;
	a->help_at = app_ms();
	memset(&p, 0, sizeof p);
	p.seen = a->help_seq;
	error_clear(&err);
	if (store_help_open(a->store, on_help_poll, &p, &err))
		return;
	if (p.seq > a->help_seq)
		a->help_seq = p.seq;
	if (!p.fresh)
		return;
	beep();
	if (app_top(a) && app_top(a)->s->duty_room)
		app_msg(a, MSG_WARN, _("Help requested by %s (%zu open): a acknowledges it."), p.by,
			p.open);
	else
		app_msg(a, MSG_WARN, _("Help requested by %s (%zu open): home shows it."), p.by,
			p.open);
}

int app_key(struct app *a)
{
	long dropped = a->in.dropped;
	int k;

	if (app_check_signal(a))
		return TK_HALT;
	app_flush(a, false);
	app_results(a);
	app_help_poll(a);
	k = input_get(&a->in, 250);
	if (app_check_signal(a))
		return TK_HALT;
	if (a->in.dropped != dropped)
		app_msg(a, MSG_WARN, _("An invalid byte in the input was dropped; the rest was kept."));
	if (k == CTRL('l'))
		clearok(curscr, TRUE); /* whatever the terminal shows, draw it all again */
	return k;
}

/* The stack */

const struct app_frame *app_top(const struct app *a)
{
	return a->depth ? &a->stack[a->depth - 1] : NULL;
}

static bool app_push(struct app *a, const struct screen *s, void *ctx)
{
	if (a->depth == APP_DEPTH_MAX)
		return false;
	/* A message belongs to the screen it was said on, or to the one that
	 * screen returns to: a new screen starts with an empty status line (the
	 * first keeps what was said while starting). */
	if (!s->modal && a->depth > 0)
		app_msg_clear(a);
	a->stack[a->depth++] = (struct app_frame){s, ctx};
	return true;
}

static void app_pop(struct app *a)
{
	if (a->depth)
		a->depth--;
}

void app_paint(struct app *a)
{
	int base = a->depth - 1;

	if (a->hangup || input_pending(&a->in) || base < 0)
		return;
	while (base > 0 && a->stack[base].s->overlay)
		base--;
	erase();
	a->cur_y = -1;
	if (!draw_too_small(a))
		for (int i = base; i < a->depth; i++)
			a->stack[i].s->paint(a->stack[i].ctx);
	if (a->cur_y >= 0) {
		curs_set(1);
		move(a->cur_y, a->cur_x);
	} else {
		curs_set(0);
		move(LINES - 1, 0);
	}
	refresh();
}

unsigned app_hidden(const struct app_frame *f)
{
	return f->s->hidden ? f->s->hidden(f->ctx) : 0;
}

static bool app_in_text(const struct app_frame *f)
{
	return f->s->in_text && f->s->in_text(f->ctx);
}

static int app_dispatch(struct app *a, const struct app_frame *f, int k)
{
	const struct binding *b = NULL;

	if (f->s->keys)
		b = keymap_find(f->s->keys, k, app_in_text(f), app_hidden(f));
	if (b && (b->flags & KB_HELP)) {
		if (a->help)
			a->help(a);
		return KEY_STAY;
	}
	if (b)
		return b->run(f->ctx, k);
	return f->s->key ? f->s->key(f->ctx, k) : KEY_STAY;
}

void app_run(struct app *a, const struct screen *s, void *ctx)
{
	if (a->halt || !app_push(a, s, ctx))
		return;
	for (;;) {
		int k;

		app_paint(a);
		k = app_key(a);
		if (k == TK_HALT || app_dispatch(a, app_top(a), k) == KEY_LEAVE || a->halt)
			break;
	}
	app_pop(a);
}

/* The terminal */

enum status app_open(struct app *a, const struct config *cfg, struct store *store,
		     struct error *err)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->store = store;
	a->me = store_whoami();
	a->supervisor = roles_is_supervisor(cfg);
	store_set_supervisor(store, a->supervisor);
	a->cur_y = -1;
	input_init(&a->in);
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

void app_close(struct app *a)
{
	/* After a hangup the terminal is gone: restore nothing on it. */
	if (!a->hangup) {
		erase();
		refresh();
	}
	endwin();
	delscreen(app_screen);
	app_screen = NULL;
}
