/* The writes of a screen that must never wait on the database: a thread with
 * a connection of its own takes them in order, waits its turn, retries while
 * the database is busy (another writer, a long import, a lock held by hand),
 * and hands back what happened. The screen goes on meanwhile: keys echo, the
 * timer runs, the call stays on screen or waits on home as a draft. What the
 * thread could not write when the program stops is written to a rescue file
 * and comes back as a draft at the next start. No curses here. */
#ifndef SOUDAN_QUEUE_H
#define SOUDAN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "soudan/call.h"
#include "soudan/error.h"
#include "soudan/store.h"

struct store_queue;

enum job_kind {
	JOB_DRAFT,   /* store_draft_write */
	JOB_SAVE,    /* store_call_save_draft */
	JOB_DROP,    /* store_draft_delete */
	JOB_BEAT,    /* store_lease_take, nothing taken over: the heartbeat */
	JOB_TAKE,    /* store_lease_take, taking over from a session that is gone */
	JOB_RELEASE, /* store_lease_release */
	/* The duty room (duty.h): each its own transaction, audited. */
	JOB_HELP,          /* store_help_raise (help, the request as it stands) */
	JOB_HELP_ACK,      /* store_help_ack (help: who acknowledged it) */
	JOB_DEBRIEF_DONE,  /* store_debrief_done */
	JOB_SHIFT_ADD,     /* store_shift_log_add (flagged) */
	JOB_SHIFT_REMOVE,  /* store_shift_log_remove */
};

struct job_result {
	enum job_kind kind;
	long ticket;       /* what the submit returned */
	char call_id[ID_LEN + 1];
	char draft_id[ID_LEN + 1]; /* where the draft is now (a conflict moves it) */
	enum status status;
	struct error err;
	int64_t version;   /* a save: the call's new version */
	int64_t done_at;   /* time_now() when written */
	struct help_state help; /* JOB_HELP, JOB_HELP_ACK */
	bool flagged;      /* JOB_SHIFT_ADD: it looked like a phone number or address */
	char id[ID_LEN + 1]; /* JOB_SHIFT_ADD, JOB_SHIFT_REMOVE: the entry's */
};

/* Start the thread on its own connection to path (supervisor: the role its
 * saves are made with). */
enum status store_queue_start(struct store_queue **out, const char *path, int busy_timeout_ms,
			      bool supervisor, struct error *err);
/* What store_queue_stop could not write anywhere. */
struct queue_lost {
	long drafts;  /* drafts or saves */
	long entries; /* shift log entries */
	long actions; /* help requests, acknowledgements, debriefs marked done,
		       * entries taken back: not done, to be done again */
};
/* Write what is still queued for up to wait_ms, then stop the thread; the
 * drafts, saves and shift log entries not written go to rescue_dir (made
 * 0700) when not NULL; *lost counts what could not be kept. */
void store_queue_stop(struct store_queue *q, int wait_ms, const char *rescue_dir,
		      struct queue_lost *lost);

/* Each copies what it needs; returns a ticket. A draft replaces one of the
 * same draft still waiting (the newest text wins, nothing older is
 * written after it). Jobs run in the order given. */
long store_queue_draft(struct store_queue *q, const char *draft_id, const struct call *c);
long store_queue_save(struct store_queue *q, const char *draft_id, const struct call *c,
		      const char *operator_name);
long store_queue_drop(struct store_queue *q, const char *draft_id);
long store_queue_beat(struct store_queue *q, const char *call_id);
long store_queue_take(struct store_queue *q, const char *call_id);
long store_queue_release(struct store_queue *q, const char *call_id);
/* The duty room, in operator_name's name: a help request on c (its id, site
 * and operator are what is used), its acknowledgement, a debrief marked
 * done, a shift log entry added (id from id_new: a retry adds it once) or
 * taken back. */
long store_queue_help(struct store_queue *q, const struct call *c, const char *operator_name);
long store_queue_help_ack(struct store_queue *q, const char *call_id, const char *operator_name);
long store_queue_debrief_done(struct store_queue *q, const char *call_id,
			      const char *operator_name);
long store_queue_shift_add(struct store_queue *q, const char *id, const char *site,
			   const char *text, const char *operator_name);
long store_queue_shift_remove(struct store_queue *q, const char *id, const char *operator_name);

/* One finished job, oldest first; false when none. */
bool store_queue_poll(struct store_queue *q, struct job_result *out);
/* Jobs not finished yet, and whether the last attempt met a busy database. */
size_t store_queue_pending(struct store_queue *q, bool *busy);
/* Whether the last attempt met a busy database, and then what waits for
 * it: the kind of the job tried again (the first in line). */
bool store_queue_waiting(struct store_queue *q, enum job_kind *kind);
/* Whether a save of this call is waiting (保存待ち). */
bool store_queue_saving(struct store_queue *q, const char *call_id);

/* What an earlier run rescued (store_queue_stop), each file removed once
 * written: drafts as separate drafts (one never overwrites another), shift
 * log entries by operator_name, their author (written once whatever the
 * retries). *loaded counts both. */
enum status store_rescue_load(struct store *s, const char *rescue_dir, const char *operator_name,
			      long *loaded, struct error *err);

#endif
