/* The statistics of a period: counted in SQL by the store, rendered by report.
 * Counting rules: soudan-stats(1), COUNTING RULES. */
#ifndef SOUDAN_STATS_H
#define SOUDAN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "soudan/config.h"
#include "soudan/error.h"
#include "soudan/timeutil.h"

struct store;

enum stats_kind {
	STATS_DAY,         /* --date (or today), and each day of a series */
	STATS_RANGE,       /* --from/--to, and a month of a series cut by them */
	STATS_MONTH,       /* --month: a series by day; a whole month of a series */
	STATS_FISCAL_YEAR, /* --fiscal-year: April to March, a series by month */
};

/* Local calendar dates, both inclusive. */
struct stats_period {
	enum stats_kind kind;
	struct date from, to;
};

struct stats_period stats_period_day(struct date d);
struct stats_period stats_period_range(struct date from, struct date to);
struct stats_period stats_period_month(int y, int m);
struct stats_period stats_period_fiscal_year(int y);

/* One key that occurs in the data and how often. label is set only where the
 * store knows one (a resource's name, in the whole period's figures); code
 * lists take theirs from the config. */
struct stat_count {
	char *key;
	char *label;
	long n;
};

/* Keys in ascending order (bytewise); only keys that occur. */
struct stat_counts {
	struct stat_count *v;
	size_t n;
};

/* A cell of an age band x gender table. */
struct stat_pair {
	char *a, *b;
	long n;
};

struct stat_pairs {
	struct stat_pair *v;
	size_t n;
};

struct stat_urgent {
	int64_t started_at;
	char *operator_name;
	char *site;
};

struct stats_duration {
	long count, total, max;
	double mean, median;
};

/* The durations of the calls of one type (a key of [call_type]). */
struct stat_duration {
	char *key;
	struct stats_duration d;
};

struct stats {
	struct stats_period period;
	char *site; /* the --site filter, or NULL for all sites */
	/* 受信件数: every call; 延べ相談件数: the calls whose type is in
	 * [statistics] consultation_types; 実人数: among consultations, each
	 * case once and each consultation without a case as one person. */
	long calls, consultations, people, consultations_without_case;
	long debriefs, followups_due;
	/* Follow-ups: of the calls that started in the period, those waiting
	 * for the caller (no date) now; those contacted by a later call on the
	 * case, and those closed, in the period (by when), the closed by result
	 * (a [followup_result] key; closed without one counts in closed only). */
	long followups_waiting, followups_contacted, followups_closed;
	struct stat_counts followup_results;
	/* The duty room. Debriefs requested and done in the period (by when),
	 * by reason (a [debrief_reason] key; one without a reason counts in
	 * the totals only). Help requests raised in the period, those of them
	 * acknowledged by the time of the count, and how long those waited
	 * (seconds: total, mean, longest; 0 when none was acknowledged). */
	long debriefs_requested, debriefs_done;
	struct stat_counts debriefs_by_reason, debriefs_done_by_reason;
	long help_raised, help_acknowledged, help_wait_total, help_wait_max;
	double help_wait_mean;
	/* Per code list. LIST_CALL_TYPE counts every call; the others count
	 * consultations: single-valued fields each once (no value counts as
	 * "unknown" where the list has that key, else not at all), multi-valued
	 * ones once per code. LIST_RESOURCE_CATEGORY holds the referrals by
	 * category. */
	struct stat_counts lists[LIST__COUNT];
	struct stat_counts primary_concern;
	struct stat_pairs age_gender;        /* consultations (延べ) */
	/* 実人数: each person once, by the values of their latest consultation
	 * in the period (the later start, then the greater id). */
	struct stat_pairs people_age_gender;
	struct stat_counts people_by_caller;
	long by_hour[24];                    /* every call */
	struct stat_counts by_operator, by_site; /* every call */
	struct stat_counts by_resource;      /* consultations' referrals */
	long referrals;
	struct stats_duration duration;      /* consultations with an end time */
	struct stat_duration *duration_by_type; /* every call with an end time, by type */
	size_t nduration_by_type;
	struct stat_urgent *urgent; /* every call marked urgent, oldest first */
	size_t nurgent;
	/* A month has a series by day; a fiscal year, and a range of more than
	 * STATS_DAY_ROWS_MAX days, by month (the first and last may be cut by
	 * the range). Each element is the whole report of its day or month. */
	bool series_by_month;
	struct stats *series;
	size_t nseries;
	/* The audit trail's last entry when counted (day reports only). */
	bool has_audit;
	int64_t audit_entries;
	char audit_hash[65];
};

#define STATS_DAY_ROWS_MAX 31

/* Count the calls that started in the period (local days in the line's zone),
 * at one site or all (site NULL). Runs in one read transaction; nothing is
 * loaded call by call. st is filled even on failure enough for stats_free. */
enum status stats_collect(struct store *s, const struct config *cfg,
			  const struct stats_period *p, const char *site, struct stats *st,
			  struct error *err);
void stats_free(struct stats *st);

/* The sites there are: every site that occurs in the calls, and the
 * configured [site] name; sorted, each once. */
enum status stats_sites(struct store *s, const struct config *cfg, char ***sites, size_t *n,
			struct error *err);
void stats_sites_free(char **sites, size_t n);

/* The count of key in c (0 when absent). */
long stats_count(const struct stat_counts *c, const char *key);
/* The cell a x b of a table; NULL a or b sums over it. */
long stats_pair_count(const struct stat_pairs *p, const char *a, const char *b);
/* The durations of calls of type key (all zero when none). */
struct stats_duration stats_duration_of(const struct stats *st, const char *key);
/* Whether the period has a series by month (fiscal year, long range). */
bool stats_period_by_month(const struct stats_period *p);
/* Whether the period has a series at all (not a single day). */
bool stats_period_has_series(const struct stats_period *p);
/* Whether a month of a series is cut by the range (does not cover the month). */
bool stats_period_partial_month(const struct stats_period *p);

#endif
