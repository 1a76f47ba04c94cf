/* Configuration: soudan.ini (iniparser) over built-in defaults. */
#ifndef SOUDAN_CONFIG_H
#define SOUDAN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "soudan/error.h"

/* The code lists, in the order of conf/soudan.ini. X(id, ini section, title, multi).
 * followup_result and debrief_reason are not fields of a call: they are the
 * lists of the follow-up's result and of the debrief queue's reasons. */
#define SOUDAN_LISTS(X)                                                     \
	X(LIST_CALL_TYPE, "call_type", N_("Call type"), false)                  \
	X(LIST_CHANNEL, "channel", N_("Channel"), false)                        \
	X(LIST_CONTACT, "contact", N_("New or repeat"), false)                  \
	X(LIST_CALLER, "caller", N_("Caller"), false)                           \
	X(LIST_CALLER_AGE, "caller_age", N_("Caller's age"), false)             \
	X(LIST_AGE_BAND, "age_band", N_("Age band"), false)                     \
	X(LIST_GENDER, "gender", N_("Gender"), false)                           \
	X(LIST_WITHDRAWAL, "withdrawal", N_("Withdrawal period"), false)        \
	X(LIST_HEARD_VIA, "heard_via", N_("Heard via"), false)                  \
	X(LIST_CONCERN, "concern", N_("Concerns"), true)                        \
	X(LIST_RESPONSE, "response", N_("Responses"), true)                     \
	X(LIST_RISK, "risk", N_("Risks"), true)                                 \
	X(LIST_URGENCY, "urgency", N_("Urgency"), false)                        \
	X(LIST_OUTCOME, "outcome", N_("Outcome"), false)                        \
	X(LIST_CONTINUATION_REASON, "continuation_reason", N_("Continuation reasons"), true) \
	X(LIST_RESOURCE_CATEGORY, "resource_category", N_("Resource category"), false) \
	X(LIST_FOLLOWUP_RESULT, "followup_result", N_("Follow-up result"), false) \
	X(LIST_DEBRIEF_REASON, "debrief_reason", N_("Debrief reason"), false)   \
	X(LIST_REGION, "region", N_("Region"), false)

enum list_id {
#define LIST_ENUM(id, section, title, multi) id,
	SOUDAN_LISTS(LIST_ENUM)
#undef LIST_ENUM
	LIST__COUNT
};

/* A code: `key = 相談 | consultation` in soudan.ini. */
struct code {
	char *key;
	char *label;    /* the one shown: label_ja, or label_en when the messages are not Japanese */
	char *label_ja; /* the first label (the one a Japanese office reads) */
	char *label_en; /* the English one, or NULL when none is given */
};

struct codelist {
	const char *name;  /* ini section, e.g. "call_type" */
	const char *title; /* untranslated English title; show with _() */
	bool multi;
	struct code *codes;
	size_t n;
	/* Keys retired from the built-in list: not offered, but old calls keep
	 * them, imports accept them and reports show them with these labels. */
	struct code *retired;
	size_t nretired;
};

/* Who sees every call in progress on home ([duty] calls_in_progress). */
enum duty_audience { DUTY_SUPERVISORS, DUTY_EVERYONE };

/* A note template (定型文): `key = text` in [templates]; the key is what the
 * picker shows beside the text. */
#define TEMPLATE_MAX_COLS 200 /* display columns of a template's text (a kanji is 2) */
/* Entries of a list chosen by one key in a picker ([templates],
 * [debrief_reason], [followup_result]): 1-9 then a-k, all on an 80x24
 * screen, none of them a key the picker itself uses (n, y). */
#define PICK_LIST_MAX 20
struct note_template {
	char *key;
	char *text;
};

/* Keys of a code list, from a setting such as [statistics] consultation_types. */
struct keyset {
	char **v;
	size_t n;
};

struct config {
	char *path; /* the file read, or NULL for built-in defaults */
	char *site;
	char *timezone; /* [site] timezone: a tz database name (time_zone_valid) */
	int max_call_hours; /* [site] max_call_hours: an imported call lasts no longer */
	char *db_path;
	int busy_timeout_ms;
	int retention_days; /* 0: never purge */
	char *supervisor_group;
	struct codelist lists[LIST__COUNT];
	/* [statistics] */
	struct keyset consultation_types; /* call types that are consultations */
	struct keyset serious_risks;      /* risks serious enough to make a call urgent */
	int page_lines;                   /* lines of a printed page */
	/* [duty]: the duty room */
	int debrief_after_minutes; /* propose a debrief after a call this long (0: never) */
	enum duty_audience calls_in_progress; /* who sees the calls in progress */
	/* [templates]: note templates (定型文), in the file's order */
	struct note_template *templates;
	size_t ntemplates;
};

/* Search order: explicit path, $SOUDAN_CONFIG, $XDG_CONFIG_HOME/soudan/soudan.ini
 * (default ~/.config/...), /etc/soudan/soudan.ini, then built-in defaults.
 * An explicit path or $SOUDAN_CONFIG that does not exist is an error (ST_NOINPUT);
 * a file that does not parse is ST_CONFIG with file and line. */
enum status config_load(struct config *cfg, const char *explicit_path, struct error *err);
/* The same search with system_path in the place of SYSCONFDIR/soudan/soudan.ini
 * (NULL: none), so that tests never depend on the host's /etc. */
enum status config_search(struct config *cfg, const char *explicit_path, const char *system_path,
			  struct error *err);
/* Load exactly this file over the defaults (no search). */
enum status config_load_file(struct config *cfg, const char *path, struct error *err);
/* Built-in defaults only (same as the shipped conf/soudan.ini). */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);

const struct codelist *config_list(const struct config *cfg, enum list_id id);
/* Index of key in the list, or -1. */
int codelist_find(const struct codelist *l, const char *key);
/* Label of key in the language of the messages (a retired key's too), or
 * NULL when the key is not (or no longer) in the list. */
const char *codelist_label(const struct codelist *l, const char *key);
/* A key a call may carry: in the list, or retired from it. */
bool codelist_accepts(const struct codelist *l, const char *key);
bool codelist_has_unknown(const struct codelist *l);
bool keyset_has(const struct keyset *k, const char *key);
/* Whether a call of this type is a consultation (延べ相談件数). */
bool config_is_consultation(const struct config *cfg, const char *call_type);
/* Whether home shows this user every call in progress ([duty] calls_in_progress). */
bool config_shows_calls_in_progress(const struct config *cfg, bool supervisor);

/* Make [site] timezone the zone of every local time of the process (TZ),
 * whatever the environment said. ST_CONFIG when the zone is not installed. */
enum status config_apply_timezone(const struct config *cfg, struct error *err);

/* Whether the messages are Japanese (LC_MESSAGES starts with "ja"). */
bool config_messages_japanese(void);
/* Show the Japanese labels, or the English ones where given. config_load*
 * and config_defaults choose by config_messages_japanese(). */
void config_use_japanese(struct config *cfg, bool japanese);

#ifndef N_
#define N_(s) s
#endif

#endif
