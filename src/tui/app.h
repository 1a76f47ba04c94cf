/* The application shell every screen runs inside: keys, signals, the status
 * line and the draft hook of the open call. Private to src/tui. */
#ifndef SOUDAN_TUI_APP_H
#define SOUDAN_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/config.h"
#include "soudan/store.h"
#include "input.h"

enum msg_level { MSG_NONE, MSG_INFO, MSG_WARN, MSG_ERROR };

struct app {
	const struct config *cfg;
	struct store *store;
	const char *me;      /* store_whoami(): never typed */
	bool supervisor;     /* roles_is_supervisor() */
	struct input in;
	bool colour;         /* has_colors() and NO_COLOR unset */
	bool halt;           /* a signal arrived: every loop unwinds */
	bool hangup;         /* SIGHUP or a dead terminal: never draw again */
	int cur_y, cur_x;    /* where the screen wants the cursor, or -1 */
	char msg[512];
	enum msg_level msg_level;
	int64_t msg_at;      /* monotonic ms */
	/* The open call writes its draft through this (form.c). force: now,
	 * whatever the clock says (before exiting on a signal). */
	void (*flush)(void *ctx, bool force);
	void *flush_ctx;
	/* The screen under a dialog, painted again with every frame. */
	void (*under)(void *ctx);
	void *under_ctx;
};

typedef void (*paint_fn)(void *ctx);

/* Wait for the next key (input.h codes), writing the open call's draft when
 * due. TK_TICK about four times a second so clocks move; TK_HALT (forever,
 * once returned) after SIGHUP, SIGTERM or SIGINT. */
int app_key(struct app *a);
/* The status line. Errors stay until replaced or cleared. */
void app_msg(struct app *a, enum msg_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_msg_clear(struct app *a);
int64_t app_ms(void); /* monotonic milliseconds */
/* One frame: erase, paint (or the too-small message), put it on the terminal
 * with the cursor where the painter asked (a->cur_y/cur_x). Skipped while
 * more input is waiting (a paste draws once) and after a hangup. */
void app_paint(struct app *a, paint_fn paint, void *ctx);
/* Paint the screen a dialog stands on. */
void app_paint_under(struct app *a);

#endif
