/* The duty room (支援者支援): what the store keeps for the team on shift and
 * what the screens and the report show of it. The store functions that read
 * and write these are in store.h. No free text of a call here: calls in
 * progress carry no notes. */
#ifndef SOUDAN_DUTY_H
#define SOUDAN_DUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/id.h"

/* The latest help request (応援要請) on a call. */
struct help_state {
	int64_t seq;       /* the request's number, growing: a new one has a greater */
	int64_t raised_at; /* 0: none was ever raised */
	char raised_by[64];
	int64_t acked_at;  /* 0: open, not acknowledged yet */
	char acked_by[64];
};

/* An open help request, for the supervisors' home. */
struct help_request {
	char call_id[ID_LEN + 1];
	char site[256];
	struct help_state state;
	bool in_progress; /* the call is still being taken (it has a draft) */
};

/* Who holds a call in progress. */
enum duty_holder {
	DUTY_LIVE,   /* a session that beat within LEASE_STALE_SECONDS */
	DUTY_GONE,   /* no beat for a while: a dropped connection, or a busy database */
	DUTY_PARKED, /* no session: kept as a draft on its operator's home */
};

/* A call being taken now: a new call's draft, across sessions. */
struct duty_call {
	char call_id[ID_LEN + 1];
	char operator_name[64];
	char site[256];
	int64_t started_at;
	int64_t ended_at;   /* 0: the timer runs */
	int64_t length;     /* seconds, to the end or (the timer running) to now */
	int64_t updated_at; /* the draft's last write */
	char urgency[32];   /* a key of [urgency], "" when none */
	char risks[256];    /* keys of [risk], blank-separated, "" when none */
	enum duty_holder holder;
	bool mine;          /* held by this session */
	char host[256], tty[64]; /* the holding session's ("" when parked) */
	struct help_state help;
};

/* A call in the debrief queue (振り返り). */
struct debrief_item {
	char call_id[ID_LEN + 1];
	char site[256];
	char operator_name[64]; /* who took the call: who is to be debriefed */
	int64_t started_at;     /* the call's start */
	char reason[32];        /* a key of [debrief_reason], "" when none was given */
	int64_t requested_at;
	char requested_by[64];
	int64_t done_at;        /* 0: waiting */
	char done_by[64];
};

/* An entry of the shift log (申し送り). */
#define SHIFT_LOG_MAX 1000 /* bytes of an entry's text */
struct shift_entry {
	char id[ID_LEN + 1];
	int64_t at;
	char author[64];
	char *site, *text;
	bool flagged; /* looked like a phone number or an address when written */
};
struct shift_log {
	struct shift_entry *v;
	size_t n;
};
void shift_log_free(struct shift_log *l);

#endif
