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
	/* The writers' queue: a lock on a file beside the database, taken
	 * before BEGIN IMMEDIATE (store_begin) and released after COMMIT or
	 * ROLLBACK. -1: none (a read-only store, or no room to make it). */
	int queue_fd;
	int queue_wait_ms;   /* how long to wait for a turn (busy timeout by default) */
	int busy_ms;         /* the busy timeout set on the connection */
	bool queued;         /* holding it */
	int64_t released_at; /* monotonic ms when it was last let go */
	char import_id[ID_LEN + 1]; /* calls and cases written now belong to it ("") */
	long fail_step; /* store_inject_step_failure: steps until one fails, 0 none */
	int fail_rc;
};

/* One step of st, and the only place the store calls sqlite3_step: a row is
 * STEP_ROW; the end is STEP_DONE with st reset (no read snapshot stays open);
 * anything else is STEP_ERROR with err set by store_fail (what) and st reset.
 * An error is never "no rows". */
enum step { STEP_ERROR = -1, STEP_DONE = 0, STEP_ROW = 1 };
enum step store_step(struct store *s, sqlite3_stmt *st, const char *what, struct error *err);
/* A query that always gives one row (count(*), a pragma): ST_OK on its row
 * (the caller reads it, then resets st); no row at all is ST_SOFTWARE. */
enum status store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct error *err);

/* Calls and cases that everyone sees: not part of an import still being
 * written (a row in imports). a is the table's alias in the query. */
#define VISIBLE(a) " (" a ".import_id IS NULL OR " a ".import_id NOT IN (SELECT id FROM imports)) "

/* A follow-up still to do: a continued call (outcome not closed, and an
 * outcome or a next-contact date) neither contacted nor closed. */
#define STORE_PENDING(a)                                                                     \
	" (" a ".outcome IS NOT 'closed' AND (" a ".outcome IS NOT NULL OR " a                 \
	".next_contact IS NOT NULL) AND (" a ".followup_state IS NULL OR " a                  \
	".followup_state = 'waiting')) "

/* After c is written: the pending follow-ups of its case that started before
 * it are contacted by it (and those contacted by a call after it: c is the
 * first call after them now), and its own by the first call after it when
 * there is one; each audited ("followup_contacted") as who. Whatever order
 * an import brings the calls in, each follow-up ends contacted by the first
 * call after it. Within an import, among its calls only
 * (store_import_publish does the rest). */
enum status store_followups_contact(struct store *s, const struct call *c, const char *who,
				    struct error *err);
/* Every pending follow-up with a later call on its case (or contacted by
 * another than the first), contacted by the first of them: of the cases an
 * import touched (import_id), or all (NULL: the migration to version 4). */
enum status store_followups_contact_all(struct store *s, const char *import_id, const char *who,
					struct error *err);

/* The pending follow-ups of a case: by date, then those waiting. */
enum status store_case_pending(struct store *s, const char *code, store_row_fn fn, void *ctx,
			       struct error *err);

/* store_call_insert with the audit entries of the follow-ups it contacts
 * made by who. */
enum status store_call_insert_as(struct store *s, const struct call *c, const char *who,
				 struct error *err);

/* c->version is the version of the call saved now (or the call was never
 * saved): else ST_CONFLICT saying who saved it meanwhile, and when. */
enum status store_version_check(struct store *s, const struct call *c, struct error *err);

/* Inside the migration to version 3: every case code in its canonical form
 * (K7Q2-9MXD), cases that differed only in form merged, each merge audited. */
enum status store_cases_canonical(struct store *s, struct error *err);

/* A lease's holder is gone: no heartbeat for LEASE_STALE_SECONDS, or its
 * process is dead on this host. */
bool store_holder_gone(const struct lease_holder *h);

/* Inside a save's transaction: the debrief queue follows the call's flag.
 * Flagged and not queued: queued with c->debrief_reason (NULL: none given),
 * requested now by operator_name ("debrief_request"); waiting with another
 * reason chosen: that reason ("debrief_request", before and after);
 * unflagged while waiting: withdrawn ("debrief_withdraw"). A debrief done
 * stays done. */
enum status store_debrief_sync(struct store *s, const struct call *c, const char *operator_name,
			       struct error *err);

/* Inside a transaction that removed free text (a purge, a shift log entry
 * removed), audited as entry purge_seq: the words are to be wiped from the
 * journal (store_wipes_finish). */
enum status store_wipe_owed(struct store *s, int64_t purge_seq, struct error *err);

/* A turn in the writers' queue outside a transaction (a checkpoint). */
enum status store_turn_take(struct store *s, struct error *err);
void store_turn_give(struct store *s);

/* Bind text or NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column text as a new string, or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *st, int i);
/* Column i's text into out ("" for NULL), cut at a character boundary when
 * it does not fit. */
void store_column_copy(sqlite3_stmt *st, int i, char *out, size_t size);
/* Run a statement to its end (rows, if any, are not read). */
enum status store_exec_stmt(struct store *s, sqlite3_stmt *st, const char *what, struct error *err);

#endif
