/* The application shell every screen runs inside: the terminal, signals, the
 * stack of screens, keys and the status line. Private to src/tui. */
#ifndef SOUDAN_TUI_APP_H
#define SOUDAN_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "input.h"
#include "keys.h"
#include "soudan/config.h"
#include "soudan/queue.h"
#include "soudan/store.h"

enum msg_level { MSG_NONE, MSG_INFO, MSG_WARN, MSG_ERROR };

typedef void (*paint_fn)(void *ctx);

/* What a screen is to the shell. Every member but paint may be NULL. */
struct screen {
	paint_fn paint;
	const struct keymap *keys;
	/* More tables the help page lists after keys (NULL-terminated). */
	const struct keymap *const *help_also;
	/* A key its table did not take: typing, TK_TICK (about four times a
	 * second), TK(KEY_RESIZE). Returns enum key_result. */
	int (*key)(void *ctx, int key);
	/* Printable keys go into a text field now (not to the table). */
	bool (*in_text)(void *ctx);
	/* Bindings (enum binding_flags) not offered now. */
	unsigned (*hidden)(void *ctx);
	/* Write unsaved work: before every wait for a key while the screen is on
	 * the stack (at most once a second is the screen's business), and with
	 * force when a signal ends the program. */
	void (*flush)(void *ctx, bool force);
	/* A write of the writer thread finished (queue.h): every screen on the
	 * stack hears of it; true when it told the operator (else the shell
	 * does, for a save or a failure). */
	bool (*result)(void *ctx, const struct job_result *r);
	/* Drawn over the screen under it (a question, a text box); a modal screen
	 * (questions, help) keeps the status line, any other starts it empty. */
	bool overlay, modal;
	/* Shows the help requests (home): a new one is said with how to
	 * acknowledge it, not where to see it. */
	bool duty_room;
};

#define APP_DEPTH_MAX 16

struct app_frame {
	const struct screen *s;
	void *ctx;
};

struct app {
	const struct config *cfg;
	struct store *store;
	const char *me;      /* store_whoami(): never typed */
	bool supervisor;     /* roles_is_supervisor() */
	struct input in;
	bool colour;         /* has_colors() and NO_COLOR unset */
	bool halt;           /* a signal arrived: every screen unwinds */
	bool hangup;         /* SIGHUP or a dead terminal: never draw again */
	int cur_y, cur_x;    /* where the screen wants the cursor, or -1 */
	char msg[512];
	enum msg_level msg_level;
	int64_t msg_at;      /* monotonic ms */
	struct app_frame stack[APP_DEPTH_MAX];
	int depth;
	/* The screens' writes of calls (drafts, saves, holding a call): a thread
	 * that waits for the database, so that keys never do. */
	struct store_queue *queue;
	int saving;          /* saves queued, not done yet (保存待ち) */
	/* The help requests, read every APP_HELP_MS whatever the screen, for a
	 * supervisor: the bell once for each new one, and who asked. */
	int64_t help_at;     /* app_ms() of the last read */
	int64_t help_seq;    /* the greatest request number seen */
	/* What a KB_HELP binding shows (help.c; set by tui.c, so that the shell
	 * does not call the screens). */
	void (*help)(struct app *a);
};

/* Set up the terminal and the shell; restore it. */
enum status app_open(struct app *a, const struct config *cfg, struct store *store,
		     struct error *err);
void app_close(struct app *a);

/* Run a screen on top of the stack until a key handler answers KEY_LEAVE or
 * a signal arrives (then a->halt). Keys go to the screen's table first (a
 * KB_HELP binding shows its help page), then to its key function. */
void app_run(struct app *a, const struct screen *s, void *ctx);
/* The screen on top of the stack (NULL when none), and the bindings it does
 * not offer now. */
const struct app_frame *app_top(const struct app *a);
unsigned app_hidden(const struct app_frame *f);

/* Wait for the next key (input.h codes), writing unsaved work first. TK_TICK
 * about four times a second; TK_HALT (forever, once returned) after SIGHUP,
 * SIGTERM or SIGINT. Ctrl-L also repaints the whole terminal. */
int app_key(struct app *a);
/* One frame of the stack as it stands; skipped while more input is waiting
 * (a paste draws once) and after a hangup. */
void app_paint(struct app *a);

/* The status line. Errors stay until replaced or cleared. */
void app_msg(struct app *a, enum msg_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error from the store or a check: "what: message". */
void app_error(struct app *a, const char *what, const struct error *err);
void app_msg_clear(struct app *a);
int64_t app_ms(void); /* monotonic milliseconds */

/* How often the help requests are read for a supervisor's bell (ms). */
#define APP_HELP_MS 3000

#endif
