/* Private to the store. */
#ifndef SOUDAN_STORE_INTERNAL_H
#define SOUDAN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "soudan/store.h"

struct stmt_cache {
	const char *sql;
	sqlite3_stmt *stmt;
	struct stmt_cache *next;
};

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool supervisor; /* store_set_supervisor: may change others' calls */
	struct stmt_cache *stmts;
};

/* Bind text or NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column text as a new string, or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *st, int i);
/* Run a statement that returns no rows. */
enum status store_exec_stmt(struct store *s, sqlite3_stmt *st, const char *what, struct error *err);

#endif
