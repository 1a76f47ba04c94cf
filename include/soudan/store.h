/* The store: the one module that owns the SQLite database. No curses here. */
#ifndef SOUDAN_STORE_H
#define SOUDAN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/call.h"
#include "soudan/duty.h"
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

/* Write transactions always start with BEGIN IMMEDIATE, after the writers'
 * queue: a lock on PATH-lock, so that writers take turns in order instead of
 * racing SQLite's busy handler (which let some wait past their timeout while
 * others went again and again). A writer waits for its turn up to the busy
 * timeout, or ms after store_set_queue_wait (0: not at all), then ST_TEMPFAIL.
 * The wait is interrupted by a timer sending store_queue_signal() to the
 * waiting thread (a thread that blocks signals must leave that one open). */
void store_set_queue_wait(struct store *s, int ms);
/* The busy timeout and the wait for a turn together, after opening (the
 * screen's own connection waits a quarter of a second at most). */
void store_set_busy_timeout(struct store *s, int ms);
int store_queue_signal(void);
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
 * or unknown resource. The pending follow-ups of its case that started
 * before it are marked contacted by it (and its own by a later call on the
 * case, when one is there), each audited ("followup_contacted") as
 * store_whoami(): an import does what a save does. */
enum status store_call_insert(struct store *s, const struct call *c, struct error *err);
/* Every referral of c names a resource of the directory (ST_DATAERR, field
 * "referrals", when not). */
enum status store_call_check_referrals(struct store *s, const struct call *c, struct error *err);
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
	char followup_state[16]; /* "" (open or none), "waiting", "contacted", "closed" */
	char followup_result[32]; /* closed: a [followup_result] key, or "" */
};
typedef int (*store_row_fn)(const struct call_row *r, void *ctx);
enum status store_calls_between(struct store *s, int64_t from, int64_t to, store_row_fn fn,
				void *ctx, struct error *err);
enum status store_case_calls(struct store *s, const char *case_code, store_row_fn fn, void *ctx,
			     struct error *err);
/* Open follow-ups (outcome not closed, next_contact set, neither contacted
 * by a later call on the case nor closed) with next_contact <= until ("YYYY-MM-DD"), oldest first;
 * those owned by owner (assigned_to, else the operator) first when owner is
 * not NULL. At most limit rows (0: all); *total (when not NULL) gets how many
 * there are in all, counted up to STORE_FOLLOWUPS_COUNTED + 1 ("1000+"). */
#define STORE_FOLLOWUPS_COUNTED 1000
#define STORE_FOLLOWUPS_COUNTED_S "1000"
enum status store_followups(struct store *s, const char *until, const char *owner, int limit,
			    int64_t *total, store_row_fn fn, void *ctx, struct error *err);

/* Follow-ups waiting for the caller (相談者からの連絡待ち: no date), oldest
 * call first, those owned by owner first when not NULL; limit and total as
 * for store_followups. */
enum status store_followups_waiting(struct store *s, const char *owner, int limit,
				    int64_t *total, store_row_fn fn, void *ctx, struct error *err);

/* Handling a follow-up: close it, move it to another date, or hand it to
 * another operator. Each is one transaction with its audit entry
 * ("followup_close", "followup_reschedule", "followup_assign"; before and
 * after hold the follow-up columns) made by operator_name. Closing takes a
 * result, a key of [followup_result] that the caller checks against the
 * configuration (NULL: none recorded), and records who and when.
 * Rescheduling refuses a date before today (ST_DATAERR; screens only: an
 * import keeps historical dates) and ends a wait for the caller. Closing or
 * rescheduling a follow-up that is no longer pending (contacted by a later
 * call, or closed meanwhile) is ST_CONFLICT. */
enum status store_followup_close(struct store *s, const char *id, const char *result,
				 const char *operator_name, struct error *err);
enum status store_followup_reschedule(struct store *s, const char *id, const char *date,
				      const char *operator_name, struct error *err);
enum status store_followup_assign(struct store *s, const char *id, const char *assignee,
				  const char *operator_name, struct error *err);

/* Whether the person at the keyboard is a supervisor (roles.h); off until set.
 * Only supervisors change a call another operator took. */
void store_set_supervisor(struct store *s, bool supervisor);

/* Save a call the way the screen does: one transaction that inserts or updates
 * the call, appends its audit entry (before and after as JSON), removes its
 * draft and lets go of its lease. Checked, never blind: c->version is the
 * saved version the edit started from (0: a new call); when the call was
 * saved since, or another session holds it, nothing is written and the
 * result is ST_CONFLICT. On success c->version is the new version. Updating a
 * call whose operator is not operator_name is ST_NOPERM unless
 * store_set_supervisor(s, true). */
enum status store_call_save(struct store *s, struct call *c, const char *operator_name,
			    struct error *err);
/* The same for an edit kept in the draft draft_id (NULL: the call's own). */
enum status store_call_save_draft(struct store *s, struct call *c, const char *draft_id,
				  const char *operator_name, struct error *err);

/* --- cases --- */
#define CASE_NOTE_MAX 2000 /* bytes of the handover note (申し送り) */
struct case_info {
	char code[16];
	char *nickname; /* may be NULL */
	char *note;     /* the handover note (申し送り), or NULL */
	int64_t created_at;
	int calls;
};
void case_info_free(struct case_info *ci);
/* Cases whose code starts with query (K7Q2, k7q29m, W3Y6-: case and hyphen
 * do not matter) or whose nickname contains it; the exact code first, then
 * the newest; at most 50. fn per match; *total (when not NULL): how many
 * cases match in all, the 50 or more. */
typedef int (*store_case_fn)(const struct case_info *ci, void *ctx);
enum status store_cases_find(struct store *s, const char *query, store_case_fn fn, void *ctx,
			     int *total, struct error *err);
/* The case with this canonical code; *found false when there is none. */
enum status store_case_get(struct store *s, const char *code, struct case_info *out, bool *found,
			   struct error *err);
/* Give a case another nickname (NULL: none), audited ("case_rename", with
 * the lengths, not the words). Inside the caller's transaction. */
enum status store_case_rename(struct store *s, const char *code, const char *nickname,
			      const char *operator_name, struct error *err);
/* Keep a short handover note on the case (NULL or "": none): free text
 * that purge blanks with the nicknames. One transaction, audited
 * ("case_note", with the lengths, not the words). from is the
 * note the edit started from (NULL or "": none): when the stored note is
 * another (someone changed it meanwhile) nothing is written and the result
 * is ST_CONFLICT. ST_DATAERR for invalid UTF-8 or more than CASE_NOTE_MAX
 * bytes, ST_NOINPUT for an unknown case. */
enum status store_case_set_note(struct store *s, const char *code, const char *from,
				const char *note, const char *operator_name, struct error *err);
/* A new case with a fresh code (out has CASE_CODE_LEN + 1). */
enum status store_case_create(struct store *s, const char *nickname, char *code_out,
			      struct error *err);

/* A code marked on the case's calls: how often, first and last time. */
struct case_mark {
	char key[32];
	int count;
	int64_t first, last;
};
/* A referral made on one of the case's calls. */
struct case_referral {
	char call_id[ID_LEN + 1];
	int64_t at; /* the call's start */
	char *resource, *name; /* the directory's id and name (the id when gone) */
	enum consent consent;
};
/* What the case screen and the handover summary show at the top. */
struct case_summary {
	struct case_info info; /* info.calls: how many calls */
	int64_t first_call, last_call; /* starts; 0 when there is none */
	char last_outcome[32];   /* of the latest call with one; "" when none */
	struct case_mark *risks; /* every risk ever marked, first marked first */
	size_t nrisks;
	struct case_mark *urgencies; /* every urgency ever given, by key */
	size_t nurgencies;
	struct case_referral *referrals; /* oldest first */
	size_t nreferrals;
	struct call_row *followups; /* pending: open (by date) or waiting */
	size_t nfollowups;
};
/* The summary of the case with this canonical code, in one read; *found
 * false (and nothing to free) when there is none. */
enum status store_case_summary(struct store *s, const char *code, struct case_summary *out,
			       bool *found, struct error *err);
void case_summary_free(struct case_summary *cs);
/* The case's calls, whole (notes included: see store_notes_read), oldest
 * first. fn returns non-zero to stop. */
enum status store_case_each(struct store *s, const char *code, store_call_fn fn, void *ctx,
			    struct error *err);
/* Reading earlier notes is recorded (個人情報保護法: who read what, when):
 * one transaction with an entry per call ("read", entity "call", after
 * {"via":via}), made by operator_name, before the notes are shown. via says
 * from where: "case" (the case screen), "handover" (soudan case --notes). */
enum status store_notes_read(struct store *s, const char *const *ids, size_t n, const char *via,
			     const char *operator_name, struct error *err);

/* --- sessions and leases: one editor per record --- */
/* This running program: every lease it takes is in the name of this session. */
struct store_session {
	char id[ID_LEN + 1]; /* random, made at start */
	char operator_name[64], host[256], tty[64];
	long pid;
};
const struct store_session *store_session(void);

/* Without a heartbeat for this long, a lease's holder is taken for gone. */
#define LEASE_STALE_SECONDS 6
struct lease_holder {
	char session[ID_LEN + 1];
	char operator_name[64], host[256], tty[64];
	long pid;
	int64_t since, heartbeat;
	bool mine; /* held by this session */
	bool gone; /* another session, gone: may be taken over */
};
enum status store_lease_get(struct store *s, const char *record_id, struct lease_holder *out,
			    bool *held, struct error *err);
/* Hold record_id for this session (its own transaction): free, or already
 * ours, or, with take_over, held by a session that is gone when this one is
 * the same login or a supervisor. Otherwise ST_CONFLICT ("tanaka has it
 * open on another terminal since 14:02") with *holder filled. */
enum status store_lease_take(struct store *s, const char *record_id, bool take_over,
			     struct lease_holder *holder, struct error *err);
/* The same inside the caller's transaction. */
enum status store_lease_hold(struct store *s, const char *record_id, bool take_over,
			     struct lease_holder *holder, struct error *err);
enum status store_lease_release(struct store *s, const char *record_id, struct error *err);
/* The same inside the caller's transaction. */
enum status store_lease_drop(struct store *s, const char *record_id, struct error *err);

/* --- drafts: a session's text of a call, written within a second of each change --- */
/* Write c as the draft draft_id: c->id for a call's own draft (c->version is
 * the saved version it edits, 0 for a new call). The same transaction holds
 * the call for this session (store_lease_hold): the lease's heartbeat. When
 * another session holds it, or the call was saved since c->version, its
 * draft is left alone: c goes to a new, separate draft (its id into moved_to
 * when not NULL) and the result is ST_CONFLICT, saying who holds or saved the
 * call. Nothing typed is lost, nothing written over. */
enum status store_draft_write(struct store *s, const char *draft_id, const struct call *c,
			      char *moved_to, struct error *err);
enum status store_draft_put(struct store *s, const struct call *c, struct error *err);
enum status store_draft_delete(struct store *s, const char *draft_id, struct error *err);
/* out->id is the call's; out->version the version the draft edits, and
 * out->debrief_reason the reason chosen (a draft keeps it, beside the JSON). */
enum status store_draft_get(struct store *s, const char *draft_id, struct call *out,
			    struct error *err);
/* The drafts of operator_name, oldest first: id is the draft's (c->id the
 * call's; they differ for a draft kept separately). A draft that does not
 * parse is skipped and reported as the result. */
typedef int (*store_draft_fn)(const char *id, int64_t updated_at, const struct call *c, void *ctx);
enum status store_drafts_of(struct store *s, const char *operator_name, store_draft_fn fn,
			    void *ctx, struct error *err);

/* --- the duty room (duty.h): who is on a call, help, debriefs, the shift log --- */
/* The calls being taken now, across sessions: each new call's own draft
 * (not an edit of a saved call), oldest start first, at most limit (0: all).
 * Operator, site, start, end, running length, urgency and risk keys, who
 * holds it (live, gone, or parked as a draft), its latest help request;
 * never the notes. The query reads the drafts, leases and help requests
 * only: cheap enough for every home screen every few seconds (bench figure
 * 8). Who may see the list is the configuration's to say
 * (config_shows_calls_in_progress). fn returns non-zero to stop. */
typedef int (*store_duty_fn)(const struct duty_call *c, void *ctx);
enum status store_calls_in_progress(struct store *s, int limit, store_duty_fn fn, void *ctx,
				    struct error *err);

/* Help requests (応援要請). Raising one on c (a call being taken, or saved)
 * is its own transaction, audited ("help_raise", entity "call"), made by
 * operator_name, who is the call's operator unless store_set_supervisor
 * (ST_NOPERM otherwise); c need not have a draft yet. While a request on
 * the call is open, raising again changes nothing and succeeds (a second
 * press is no second request); after it was acknowledged, raising opens a
 * new one. at is when it was asked (the key's time: a busy database does not
 * shorten the wait shown); 0, or a time to come, is now. *out is the call's
 * request as it stands. */
enum status store_help_raise(struct store *s, const struct call *c, const char *operator_name,
			     int64_t at, struct help_state *out, struct error *err);
/* A supervisor acknowledges (has seen, is coming) the call's open request:
 * one transaction, audited ("help_ack", with the seconds it waited).
 * ST_NOPERM unless store_set_supervisor; ST_NOINPUT when none was raised;
 * ST_CONFLICT ("suzuki acknowledged it at 14:02") when another already did,
 * *out then saying by whom; ST_OK, writing nothing, when operator_name did
 * (a key pressed twice). */
enum status store_help_ack(struct store *s, const char *call_id, const char *operator_name,
			   struct help_state *out, struct error *err);
/* The call's latest request (raised_at 0: none): the operator's form asks
 * every few seconds, and shows that it was seen once acked_at is set. */
enum status store_help_state(struct store *s, const char *call_id, struct help_state *out,
			     struct error *err);
/* Every open request, the one waiting longest first (none sinks below newer
 * ones), with whether its call is still being taken. A request stays open
 * after the call is saved or discarded, until a supervisor acknowledges it:
 * an operator who asked for help is never forgotten. state.seq grows with
 * each request: a screen rings the bell once for each it has not seen. */
typedef int (*store_help_fn)(const struct help_request *h, void *ctx);
enum status store_help_open(struct store *s, store_help_fn fn, void *ctx, struct error *err);

/* The debrief queue (振り返り). A call saved (store_call_save) with debrief
 * set enters it with c->debrief_reason (a [debrief_reason] key that
 * call_validate checks; NULL: none given), requested then by the saver;
 * saved again with another reason while it waits, it takes that one; saved
 * unflagged while it waits, it leaves the queue. Each change is audited
 * ("debrief_request", "debrief_withdraw") in the save's transaction. An
 * import does not enter calls (they are history); nor did the calls
 * flagged before schema 5. store_call_get and the drafts give the reason
 * back in c->debrief_reason. */
typedef int (*store_debrief_fn)(const struct debrief_item *d, void *ctx);
/* The waiting ones, asked for longest ago first, at most limit (0: all);
 * *total (when not NULL) how many wait in all. */
enum status store_debriefs_waiting(struct store *s, int limit, int64_t *total,
				   store_debrief_fn fn, void *ctx, struct error *err);
/* The queue's record of a call (*found false: not queued). */
enum status store_debrief_get(struct store *s, const char *call_id, struct debrief_item *out,
			      bool *found, struct error *err);
/* A supervisor marks the call's debrief done (when, by operator_name): one
 * transaction, audited ("debrief_done", with how long it waited).
 * ST_NOPERM unless store_set_supervisor; ST_NOINPUT when the call is not
 * queued; ST_CONFLICT when another marked it done already (by whom, when);
 * ST_OK, writing nothing, when operator_name did (a key pressed twice). */
enum status store_debrief_done(struct store *s, const char *call_id, const char *operator_name,
			       struct error *err);

/* The shift log (申し送り). Adding an entry (SHIFT_LOG_MAX bytes of UTF-8,
 * visible text and newlines, not blank: ST_DATAERR, field "text") is one
 * transaction, audited by its length ("shift_log_add", entity "shift_log"),
 * in the name of operator_name, for site (the configured [site] name). id
 * is the caller's (id_new): a retry after a lost answer adds it once. The
 * store flags an entry that looks like it holds a phone number or an
 * address (call_notes_identifying; *flagged, when not NULL): the screen
 * warns before, as for the notes, and shows the flag after. */
enum status store_shift_log_add(struct store *s, const char *id, const char *site,
				const char *text, const char *operator_name, bool *flagged,
				struct error *err);
/* Take an entry back (its author, or a supervisor: ST_NOPERM otherwise;
 * ST_NOINPUT for an unknown id): removed, audited by its length
 * ("shift_log_remove"), and wiped from the journal like a purge. */
enum status store_shift_log_remove(struct store *s, const char *id, const char *operator_name,
				   struct error *err);
/* The latest entries (written at or after since, UTC seconds; 0: any), the
 * newest first, at most limit (0: all), of one site (NULL: all): what home
 * shows at the start of a session. out is freed with shift_log_free. */
enum status store_shift_log_latest(struct store *s, const char *site, int64_t since, int limit,
				   struct shift_log *out, struct error *err);
/* The entries written from <= at < to (UTC seconds), oldest first, of one
 * site (NULL: all): a day's log (soudan-stats --shift-log). */
enum status store_shift_log_between(struct store *s, int64_t from, int64_t to, const char *site,
				    struct shift_log *out, struct error *err);

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

/* --- imports: written a batch at a time, seen whole or not at all --- */
/* Register an import, inside the caller's transaction (its first batch):
 * from now on every call and case this store inserts carries its id, and
 * nobody sees them until store_import_publish. */
enum status store_import_begin(struct store *s, const char *file, struct error *err);
const char *store_import_id(const struct store *s); /* "" when none */
/* Inside a batch's transaction: the import is alive (store_imports_reap). */
enum status store_import_heartbeat(struct store *s, struct error *err);
/* Inside the last transaction: show everything the import wrote. */
enum status store_import_publish(struct store *s, struct error *err);
/* After publishing: back to ordinary writes. */
void store_import_end(struct store *s);
/* After a failure: remove what the import wrote (in short transactions). */
enum status store_import_discard(struct store *s, struct error *err);
/* Remove what dead imports left (their process gone from this host, or no
 * heartbeat for ten minutes from another); *removed counts their calls. */
enum status store_imports_reap(struct store *s, long *removed, struct error *err);
enum status store_imports_running(struct store *s, long *count, struct error *err);

/* --- JSON (parsed with SQLite's JSON1) --- */
/* Parse one interface JSON object into c (call_init'ed by the caller). Unknown
 * keys are refused; err->field names the offending key. No code-list checks
 * here: call_validate does those. */
enum status store_call_from_json(struct store *s, const char *json, size_t len, struct call *c,
				 struct error *err);
/* The text of member key (a plain name) of a JSON object the store wrote,
 * such as an audit entry's before or after: *out is NULL when json is not
 * an object, or the member is missing, null or not text. */
enum status store_json_text(struct store *s, const char *json, const char *key, char **out,
			    struct error *err);

/* --- retention: blank free text older than cutoff, keep coded values --- */
struct purge_counts {
	long notes, referral_notes, nicknames, drafts, held;
	long case_notes; /* handover notes of cases, with their nicknames */
	long shift_log;  /* shift log entries, removed */
	long wipe_owed; /* purges whose old text is still in the -wal file */
};
/* Notes and referral notes of calls started before cutoff (UTC seconds), the
 * nicknames and handover notes of cases with no call since, and drafts
 * untouched since; calls on legal hold are kept. Shift log entries written
 * before cutoff are removed (a legal hold does not keep them). With dry_run
 * only counts. Audited. */
enum status store_purge(struct store *s, int64_t cutoff, bool dry_run, const char *operator_name,
			struct purge_counts *out, struct error *err);
/* The old text of purges, still in the -wal file while another session
 * read an older state, wiped now: a checkpoint that truncates the journal,
 * tried for up to wait_ms, then recorded in the audit trail ("purge_wiped").
 * *owed: purges still waiting (0 when done). Run by purge, by soudan check
 * and when soudan starts. */
enum status store_wipes_finish(struct store *s, int wait_ms, long *owed, struct error *err);
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
