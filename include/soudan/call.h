/* A call: the record an operator makes of one contact. */
#ifndef SOUDAN_CALL_H
#define SOUDAN_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "soudan/config.h"
#include "soudan/error.h"
#include "soudan/id.h"
#include "soudan/text.h"

/* Single-valued coded fields: X(enum, json name, code list). */
#define CALL_CODED(X)                                \
	X(CF_CALL_TYPE, "call_type", LIST_CALL_TYPE)     \
	X(CF_CHANNEL, "channel", LIST_CHANNEL)           \
	X(CF_CONTACT, "contact", LIST_CONTACT)           \
	X(CF_CALLER, "caller", LIST_CALLER)              \
	X(CF_CALLER_AGE, "caller_age", LIST_CALLER_AGE)  \
	X(CF_AGE_BAND, "age_band", LIST_AGE_BAND)        \
	X(CF_GENDER, "gender", LIST_GENDER)              \
	X(CF_WITHDRAWAL, "withdrawal", LIST_WITHDRAWAL)  \
	X(CF_REGION, "region", LIST_REGION)              \
	X(CF_HEARD_VIA, "heard_via", LIST_HEARD_VIA)     \
	X(CF_URGENCY, "urgency", LIST_URGENCY)           \
	X(CF_OUTCOME, "outcome", LIST_OUTCOME)

enum call_coded {
#define CF_ENUM(id, json, list) id,
	CALL_CODED(CF_ENUM)
#undef CF_ENUM
	CF__COUNT
};

/* Multi-valued coded fields, order kept (the first concern is the main one). */
#define CALL_MULTI(X)                                                   \
	X(CM_CONCERNS, "concerns", LIST_CONCERN)                            \
	X(CM_RESPONSES, "responses", LIST_RESPONSE)                         \
	X(CM_RISKS, "risks", LIST_RISK)                                     \
	X(CM_CONTINUATION_REASONS, "continuation_reasons", LIST_CONTINUATION_REASON)

enum call_multi {
#define CM_ENUM(id, json, list) id,
	CALL_MULTI(CM_ENUM)
#undef CM_ENUM
	CM__COUNT
};

struct call_field_info {
	const char *json;
	enum list_id list;
};
extern const struct call_field_info call_coded_info[CF__COUNT];
extern const struct call_field_info call_multi_info[CM__COUNT];

struct strlist {
	char **v;
	size_t n;
};
void strlist_add(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_remove(struct strlist *l, size_t i);
void strlist_clear(struct strlist *l);
/* Same strings in the same order. */
bool strlist_same(const struct strlist *x, const struct strlist *y);
/* Both NULL, or equal strings. */
bool text_same(const char *x, const char *y);

/* Whether the caller agreed to information being passed on. An import may
 * leave it unset: never asked, or not recorded; it stays unset. */
enum consent { CONSENT_NO = 0, CONSENT_YES = 1, CONSENT_UNSET = -1 };

struct referral {
	char *resource; /* resource id in the directory */
	enum consent consent;
	char *note;
};

#define CALL_NOTES_MAX (256 * 1024) /* bytes; larger notes are refused */

/* How the follow-up of a continued call stands. Open: due on next_contact.
 * Waiting: no date, the caller is to ring (相談者からの連絡待ち), chosen in the
 * form. Contacted: a later call on the case reached the person (連絡あり),
 * set by the store. Closed: ended on the follow-up screen, with a result. */
enum followup_state {
	FOLLOWUP_OPEN = 0,
	FOLLOWUP_WAITING,
	FOLLOWUP_CONTACTED,
	FOLLOWUP_CLOSED,
};
/* "waiting", "contacted", "closed" (NULL for open), and back (false: none). */
const char *followup_state_name(enum followup_state st);
bool followup_state_parse(const char *name, enum followup_state *out);

struct call {
	char id[ID_LEN + 1];
	char *site;
	char *operator_name;
	int64_t started_at; /* UTC seconds */
	int64_t ended_at;   /* 0: not ended */
	char *coded[CF__COUNT];           /* NULL: no value */
	struct strlist multi[CM__COUNT];
	char *case_code; /* NULL: no case */
	char *nickname;
	struct referral *referrals;
	size_t nreferrals;
	char *next_contact; /* "YYYY-MM-DD" or NULL */
	char *assigned_to;  /* operator who owns the follow-up, or NULL */
	bool debrief;
	char *notes; /* never NULL after call_init */
	/* Not typed in the form, carried by export and import: */
	bool legal_hold;            /* kept from purge (soudan hold) */
	/* Waiting is typed in the form; contacted and closed are not, and an
	 * edit keeps them as the store has them. */
	enum followup_state followup_state;
	int64_t followup_closed_at; /* contacted or closed: when (else 0) */
	char *followup_closed_by;   /* contacted or closed: by whom */
	char *followup_result;      /* closed: a [followup_result] key, or NULL */
	char *followup_call;        /* contacted: the id of the call that did */
	/* The saved call's version this was read from (store_call_get), or the
	 * version an edit started from; 0: never saved. Not in the JSON. */
	int64_t version;
	/* The debrief reason the form chose (a [debrief_reason] key, or NULL):
	 * for the debrief queue, which a save with debrief set enters; kept
	 * with a draft, read back by store_call_get. Not in the JSON. */
	char *debrief_reason;
};

void call_init(struct call *c);
void call_free(struct call *c);
void call_copy(struct call *dst, const struct call *src);
/* Replace a string member: *slot = strdup(v) (NULL stays NULL). */
void call_set(char **slot, const char *v);
void call_add_referral(struct call *c, const char *resource, enum consent consent,
		       const char *note);
void call_remove_referral(struct call *c, size_t i);
bool call_is_continued(const struct call *c); /* outcome set and not "closed" */
/* The same referrals (resource, note, consent) in the same order. */
bool call_referrals_same(const struct call *x, const struct call *y);
/* A continued call whose follow-up is still to do: open or waiting. */
bool call_followup_pending(const struct call *c);

/* Fill missing coded fields with "unknown" where the list has that key. */
void call_fill_unknown(struct call *c, const struct config *cfg);
/* Every code known to the configuration, required fields present, dates and
 * text valid. err->field names the field. */
enum status call_validate(const struct call *c, const struct config *cfg, struct error *err);

/* What a save from a screen needs beyond call_validate: a continued call
 * whose follow-up is pending has a next-contact date or waits for the caller
 * (not both); with today ("YYYY-MM-DD", NULL: not checked), a next-contact
 * date is not before today unless it is kept, the one the call was saved
 * with (NULL: a new call). The store's save checks it without today; an
 * import does not (older records may have neither: soudan check lists them).
 * err->field is "next_contact" or "followup". */
enum status call_validate_followup(const struct call *c, const char *today, const char *kept,
				   struct error *err);

/* Ticking a serious risk ([statistics] serious_risks) makes a call urgent:
 * the urgency a call's risks call for ("urgent"), or NULL when none of them
 * is serious. The form sets it unless the operator changes it back. */
const char *call_urgency_from_risks(const struct call *c, const struct config *cfg);

/* Whether the form should propose a debrief (振り返り, 支援者支援) for c: after
 * an urgent call (*reason "urgent") or one at least [duty]
 * debrief_after_minutes long ("long"), counted up to now while the timer
 * runs. *reason is a key of [debrief_reason], NULL when the list lacks it.
 * A proposal only: the operator decides. */
bool call_debrief_proposed(const struct call *c, const struct config *cfg, int64_t now,
			   const char **reason);

/* A call as JSON (soudan(1), the import command; keys in that order), one line,
 * timestamps with the local offset. */
void call_to_json(const struct call *c, struct buf *out);
/* The members of that JSON, for documents that hold calls (soudan case):
 * ,"key": (no comma when first), then a string, a time (RFC 3339) or a list,
 * null when NULL or 0. */
void call_json_key(struct buf *b, const char *key, bool first);
void call_json_string(struct buf *b, const char *key, const char *v);
void call_json_time(struct buf *b, const char *key, int64_t t);
void call_json_list(struct buf *b, const char *key, const struct strlist *l);

/* Heuristic for the anonymity warning: something like a phone number or an
 * e-mail address in free text. Returns a short untranslated reason or NULL. */
const char *call_notes_identifying(const char *notes);

#endif
