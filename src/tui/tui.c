/* The intake program: the shell around the home screen. Screens open the
 * screens above them (home a call, a call its pickers), never the other way
 * round; this file is the only one that knows which screen comes first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/sha256.h"
#include "soudan/tui.h"

/* How long the writer thread may still write when the program stops. */
#define TUI_STOP_WAIT_MS 3000

/* mkdir -p, each directory made 0700 (the XDG base directories' mode): a
 * new account has no ~/.local/share yet. What exists is left as it is. */
static void make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	mkdir(path, 0700);
}

/* Where drafts wait that could not reach the database before the program
 * stopped: the user's own data directory, one folder per database (a user
 * may work in two). */
static char *rescue_dir(const struct store *store)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	const char *path = store_path(store);
	unsigned char d[32];
	struct sha256 h;
	struct buf b;

	buf_init(&b);
	if (xdg && xdg[0] == '/')
		buf_printf(&b, "%s/soudan", xdg);
	else
		buf_printf(&b, "%s/.local/share/soudan", home && *home ? home : ".");
	buf_puts(&b, "/rescue");
	make_dirs(b.s);
	sha256_init(&h);
	sha256_update(&h, path, strlen(path));
	sha256_final(&h, d);
	buf_putc(&b, '/');
	for (int i = 0; i < 8; i++)
		buf_printf(&b, "%02x", d[i]);
	return buf_take(&b);
}

enum status tui_run(const struct config *cfg, struct store *store, struct error *err)
{
	char *rescue = rescue_dir(store);
	struct queue_lost lost;
	long loaded = 0;
	struct app a;
	enum status rc;

	if ((rc = app_open(&a, cfg, store, err))) {
		free(rescue);
		return rc;
	}
	/* The screen's own connection never waits long: the writer thread
	 * waits for it. */
	store_set_busy_timeout(store, 250);
	if ((rc = store_queue_start(&a.queue, store_path(store), cfg->busy_timeout_ms,
				    a.supervisor, err))) {
		app_close(&a);
		free(rescue);
		return rc;
	}
	if (store_rescue_load(store, rescue, a.me, &loaded, err))
		app_error(&a, _("Rescued drafts could not be read back"), err);
	else if (loaded)
		app_msg(&a, MSG_WARN,
			_("%ld draft(s) or shift log entries kept from last time are back."),
			loaded);
	a.help = help_show;
	home_run(&a);
	app_close(&a);
	store_queue_stop(a.queue, TUI_STOP_WAIT_MS, rescue, &lost);
	/* Told after the screen is gone, on the terminal that quit. */
	if (lost.drafts && !a.hangup)
		fprintf(stderr, _("soudan: %ld draft(s) could not be written anywhere\n"), lost.drafts);
	if (lost.entries && !a.hangup)
		fprintf(stderr, _("soudan: %ld shift log entries could not be written anywhere\n"),
			lost.entries);
	if (lost.actions && !a.hangup)
		fprintf(stderr,
			_("soudan: %ld help request(s), acknowledgement(s), debrief(s) marked done or"
			  " entries taken back were not made (the database was busy): do them"
			  " again\n"),
			lost.actions);
	free(rescue);
	return ST_OK;
}
