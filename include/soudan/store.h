/* The store: the one module that owns the SQLite database. No curses here. */
#ifndef SOUDAN_STORE_H
#define SOUDAN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/call.h"
#include "soudan/error.h"

struct sqlite3;
struct sqlite3_stmt;
struct store;

#define STORE_APPLICATION_ID 0x536f4441 /* "SoDA" */

enum store_open_flags {
	STORE_READONLY = 1 << 0, /* never create or migrate (soudan-stats, check) */
	STORE_NO_CREATE = 1 << 1,
};

/* Open (creating the directory 0770/2770 and file 0660 under umask 007 when
 * missing), harden the connection (WAL, synchronous=FULL, busy timeout,
 * foreign keys, defensive), check application_id and migrate the schema. */
enum status store_open(struct store **out, const char *path, unsigned flags,
		       int busy_timeout_ms, struct error *err);
void store_close(struct store *s);
const char *store_path(const struct store *s);
struct sqlite3 *store_db(struct store *s);
enum status store_schema_version(struct store *s, int *version, struct error *err);

/* Write transactions always start with BEGIN IMMEDIATE. */
enum status store_begin(struct store *s, struct error *err);
enum status store_commit(struct store *s, struct error *err);
void store_rollback(struct store *s);

/* A cached prepared statement for sql (kept until store_close); reset and
 * cleared of bindings. NULL with err set on failure. */
struct sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct error *err);
/* Map the last SQLite error to a status with "what: sqlite message". */
enum status store_fail(struct store *s, const char *what, struct error *err);
/* For tests: the nth step of a statement from now (1: the next) fails with
 * the SQLite result code rc, as a failing disk or a lock would; 0 turns it off. */
void store_inject_step_failure(struct store *s, long nth, int rc);

/* --- calls (inside a transaction for writes) --- */
/* Whether a saved call has this id (an error is never "no"). */
enum status store_call_exists(struct store *s, const char *id, bool *exists, struct error *err);
/* Insert a new call; links or creates its case. ST_DATAERR on duplicate id
 * or unknown resource. */
enum status store_call_insert(struct store *s, const struct call *c, struct error *err);
/* Replace an existing call's values. */
enum status store_call_update(struct store *s, const struct call *c, struct error *err);
enum status store_call_get(struct store *s, const char *id, struct call *out, struct error *err);
/* Calls with from <= started_at < to (UTC seconds; to 0: no upper bound),
 * oldest first. fn returns non-zero to stop. */
typedef int (*store_call_fn)(const struct call *c, void *ctx);
enum status store_calls_each(struct store *s, int64_t from, int64_t to, store_call_fn fn,
			     void *ctx, struct error *err);

/* Summary rows for lists (home screen, case history, follow-ups). */
struct call_row {
	char id[ID_LEN + 1];
	int64_t started_at, ended_at;
	char operator_name[64];
	char call_type[32], caller[32], main_concern[32], urgency[32], outcome[32];
	char next_contact[11];
	char assigned_to[64];
	char case_code[16];
	bool has_risk;
};
typedef int (*store_row_fn)(const struct call_row *r, void *ctx);
enum status store_calls_between(struct store *s, int64_t from, int64_t to, store_row_fn fn,
				void *ctx, struct error *err);
enum status store_case_calls(struct store *s, const char *case_code, store_row_fn fn, void *ctx,
			     struct error *err);
/* Open follow-ups (outcome not closed, next_contact set, not closed on the
 * follow-up screen) with next_contact <= until ("YYYY-MM-DD"), oldest first;
 * those owned by owner (assigned_to, else the operator) first when owner is
 * not NULL. At most limit rows (0: all); *total (when not NULL) gets how many
 * there are in all, counted up to STORE_FOLLOWUPS_COUNTED + 1 ("1000+"). */
#define STORE_FOLLOWUPS_COUNTED 1000
#define STORE_FOLLOWUPS_COUNTED_S "1000"
enum status store_followups(struct store *s, const char *until, const char *owner, int limit,
			    int64_t *total, store_row_fn fn, void *ctx, struct error *err);

/* Handling a follow-up: close it, move it to another date, or hand it to
 * another operator. Each is one transaction with its audit entry
 * ("followup_close", "followup_reschedule", "followup_assign"; before and
 * after hold the follow-up columns) made by operator_name. */
enum status store_followup_close(struct store *s, const char *id, const char *operator_name,
				 struct error *err);
enum status store_followup_reschedule(struct store *s, const char *id, const char *date,
				      const char *operator_name, struct error *err);
enum status store_followup_assign(struct store *s, const char *id, const char *assignee,
				  const char *operator_name, struct error *err);

/* Whether the person at the keyboard is a supervisor (roles.h); off until set.
 * Only supervisors change a call another operator took. */
void store_set_supervisor(struct store *s, bool supervisor);

/* Save a call the way the screen does: one transaction that inserts or updates
 * the call, appends its audit entry (before and after as JSON) and removes its
 * draft. Updating a call whose operator is not operator_name is ST_NOPERM
 * unless store_set_supervisor(s, true). */
enum status store_call_save(struct store *s, const struct call *c, const char *operator_name,
			    struct error *err);

/* --- cases --- */
struct case_info {
	char code[16];
	char *nickname; /* may be NULL */
	int64_t created_at;
	int calls;
};
void case_info_free(struct case_info *ci);
/* Find by exact code (normalized) or nickname substring; fn per match. */
typedef int (*store_case_fn)(const struct case_info *ci, void *ctx);
enum status store_cases_find(struct store *s, const char *query, store_case_fn fn, void *ctx,
			     struct error *err);
/* A new case with a fresh code (out has CASE_CODE_LEN + 1). */
enum status store_case_create(struct store *s, const char *nickname, char *code_out,
			      struct error *err);

/* --- drafts: one per open call, written within a second of each change --- */
enum status store_draft_put(struct store *s, const struct call *c, struct error *err);
enum status store_draft_delete(struct store *s, const char *id, struct error *err);
enum status store_draft_get(struct store *s, const char *id, struct call *out, struct error *err);
typedef int (*store_draft_fn)(const char *id, int64_t updated_at, const struct call *c, void *ctx);
enum status store_drafts_of(struct store *s, const char *operator_name, store_draft_fn fn,
			    void *ctx, struct error *err);

/* --- the audit trail: append-only, chained by SHA-256 --- */
/* before/after are JSON texts or NULL. */
enum status store_audit(struct store *s, const char *operator_name, const char *action,
			const char *entity, const char *entity_id, const char *before,
			const char *after, struct error *err);
struct audit_entry {
	int64_t seq, at;
	const char *operator_name, *action, *entity, *entity_id, *before, *after, *prev, *hash;
};
typedef int (*store_audit_fn)(const struct audit_entry *e, void *ctx);
enum status store_audit_each(struct store *s, store_audit_fn fn, void *ctx, struct error *err);
/* The entries of one entity ("call", "resource") by id, oldest first. */
enum status store_audit_of(struct store *s, const char *entity, const char *entity_id,
			   store_audit_fn fn, void *ctx, struct error *err);
/* An entry of the trail by its number and hash: printed on paper (the day
 * report, soudan audit --verify), it proves later that nothing up to it was
 * rewritten or deleted, which an unkeyed chain alone cannot. */
struct audit_anchor {
	int64_t seq; /* 0: an empty trail */
	char hash[65];
};
/* "N:HASH" (64 lower-case hex digits). */
bool audit_anchor_parse(const char *text, struct audit_anchor *out);
/* Recompute the chain: ST_DATAERR naming the first bad entry. With anchor
 * (seq > 0), that entry must still be there with that hash. head (when not
 * NULL) gets the entry count and the last hash of an intact chain. */
enum status store_audit_verify(struct store *s, const struct audit_anchor *anchor,
			       struct audit_anchor *head, struct error *err);
/* The last entry as it stands, unverified (cheap: for a report's footer). */
enum status store_audit_head(struct store *s, struct audit_anchor *head, struct error *err);

/* --- JSON (parsed with SQLite's JSON1) --- */
/* Parse one interface JSON object into c (call_init'ed by the caller). Unknown
 * keys are refused; err->field names the offending key. No code-list checks
 * here: call_validate does those. */
enum status store_call_from_json(struct store *s, const char *json, size_t len, struct call *c,
				 struct error *err);

/* --- retention: blank free text older than cutoff, keep coded values --- */
struct purge_counts {
	long notes, referral_notes, nicknames, drafts, held;
};
/* Notes and referral notes of calls started before cutoff (UTC seconds), the
 * nicknames of cases with no call since, and drafts untouched since; calls on
 * legal hold are kept. With dry_run only counts. Audited. */
enum status store_purge(struct store *s, int64_t cutoff, bool dry_run, const char *operator_name,
			struct purge_counts *out, struct error *err);
/* Put a call on legal hold (kept by purge) or release it: one transaction with
 * its audit entry ("hold"/"release", by store_whoami()). ST_NOINPUT for an
 * unknown id. The caller checks the role. */
enum status store_call_hold(struct store *s, const char *id, bool hold, struct error *err);

/* --- integrity --- */
typedef void (*store_report_fn)(bool ok, const char *what, void *ctx);
enum status store_check(struct store *s, store_report_fn fn, void *ctx, struct error *err);

/* The login name of the real user (soudan(1)): never typed or configured. */
const char *store_whoami(void);

#endif
