/* Key tables: each screen lists its keys once, as an X-macro like error.h's
 * statuses, and what it does, its footer, its help page and its list in
 * soudan(1) (checked by tests/unit/test_keys.c) all come from that table.
 * Private to src/tui. */
#ifndef SOUDAN_TUI_KEYS_H
#define SOUDAN_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "soudan/text.h"

/* What a screen's key handler answers. */
enum key_result {
	KEY_STAY,  /* the screen goes on */
	KEY_LEAVE, /* the screen is done: back to the one under it */
};

/* Classes of keys a binding may list besides single keys. */
#define KC_QUICK 0x300100 /* 1-9 then a-z: a choice (or a field) by its quick key */

enum binding_flags {
	KB_HELP = 1 << 0,       /* shows this screen's help (app_run does it) */
	KB_EDIT = 1 << 1,       /* changes the record: not offered on a read-only call */
	KB_SUPERVISOR = 1 << 2, /* only supervisors are offered it */
	KB_OPERATOR = 1 << 3,   /* only those who are not supervisors */
	KB_SPARE = 1 << 4,      /* the footer shows it only when there is room */
};

/* One line of a key table. run gets the screen (its context) and the key
 * pressed; screens answer enum key_result, widgets their own results. */
struct binding {
	int (*run)(void *ctx, int key);
	int keys[10];     /* input.h codes or KC_ classes, 0-terminated */
	int foot;         /* how many of the first keys the footer shows; 0: none */
	const char *hint; /* N_(): the footer's word for it */
	const char *help; /* N_(): its line of help */
	unsigned flags;
};

struct keymap {
	const char *id;    /* the key list in soudan(1) with the comment "keys: id" */
	const char *title; /* N_(): the help section's title */
	const struct binding *b;
	size_t n;
	const char *intro; /* N_(): help before the keys, or NULL */
	const char *outro; /* N_(): help after the keys, or NULL */
};

/* A table entry from an X-macro line: X(run, KEYS(...), foot, hint, help, flags). */
#define KEYS(...) {__VA_ARGS__, 0}
#define KEY_BINDING(run, keys, foot, hint, help, flags) {run, keys, foot, hint, help, flags},
#define KEYMAP(id, title, table, intro, outro) \
	{id, title, table, sizeof table / sizeof *table, intro, outro}

/* The run of a KB_HELP binding: never called (app_run shows the help). */
int app_help_key(void *ctx, int key);

/* Up/k and Down/j over a list of n rows: *sel moves by one, within it. */
void keys_step(int key, size_t *sel, size_t n);

/* The binding for key, or NULL. in_text: printable keys belong to the text
 * field that has the focus, never to a binding. hide: bindings with any of
 * these flags are not offered now. */
const struct binding *keymap_find(const struct keymap *m, int key, bool in_text,
				  unsigned hide);
/* The footer: "KEYS: hint" for each binding with a footer part that is
 * offered, in table order, fitted to cols columns (the help binding is kept;
 * others are left out from the end of the table while it is too wide). */
void keymap_footer(const struct keymap *m, bool in_text, unsigned hide, int cols,
		   struct buf *out);
/* The hint line of a field: the same as a footer without the leading space. */
void keymap_hints(const struct keymap *m, bool in_text, unsigned hide, int cols,
		  struct buf *out);
/* The help of a table: its title, intro, one line per binding ("KEYS  what")
 * and outro, translated. */
void keymap_help(const struct keymap *m, unsigned hide, struct buf *out);
/* The names of a binding's keys, as help and soudan(1) write them:
 * "q, Ctrl-C" (long) or, for the footer, the first n as "^S/F2". */
void binding_names(const struct binding *b, struct buf *out);
void binding_foot(const struct binding *b, bool in_text, struct buf *out);
/* Whether key is one of the binding's keys. */
bool binding_has(const struct binding *b, int key);

/* Every key table of the program (help.c), for the soudan(1) test: NULL
 * after the last. */
const struct keymap *keymap_each(size_t i);

#endif
