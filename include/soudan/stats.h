/* The statistics of a period: counted in SQL by the store, rendered by report.
 * Counting rules: soudan-stats(1), COUNTING. */
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
	STATS_DAY,         /* --date (or today) */
	STATS_RANGE,       /* --from/--to */
	STATS_MONTH,       /* --month: a row per day */
	STATS_FISCAL_YEAR, /* --fiscal-year: April to March, a row per month */
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
 * store knows one (a resource's name); code lists take theirs from the config. */
struct stat_count {
	char *key;
	char *label;
	long n;
};

/* Keys in the data order of the query (ascending key); only keys that occur. */
struct stat_counts {
	struct stat_count *v;
	size_t n;
};

/* A cell of the age band x gender table. */
struct stat_pair {
	char *a, *b;
	long n;
};

struct stat_urgent {
	int64_t started_at;
	char *operator_name;
	char *site;
};

/* One row of the per-day (a month, a short range) or per-month (a fiscal
 * year, a long range) table: every day or month of the period, zeros kept. */
struct stat_row {
	char key[11]; /* "YYYY-MM-DD" or "YYYY-MM" */
	long calls, people;
};

struct stats_duration {
	long count, total, max;
	double mean, median;
};

struct stats {
	struct stats_period period;
	char *site; /* the --site filter, or NULL for all sites */
	long calls, people, debriefs, followups_due;
	/* Per code list: single-valued fields count each call once (no value
	 * counts as "unknown" where the list has that key, else not at all);
	 * multi-valued ones each call once per code. LIST_RESOURCE_CATEGORY holds
	 * the referrals by category. */
	struct stat_counts lists[LIST__COUNT];
	struct stat_counts primary_concern;
	struct stat_pair *age_gender;
	size_t nage_gender;
	long by_hour[24];
	struct stat_counts by_operator, by_site, by_resource;
	long referrals;
	struct stats_duration duration;
	struct stat_urgent *urgent; /* oldest first */
	size_t nurgent;
	bool rows_by_month; /* rows are months, else days */
	struct stat_row *rows;
	size_t nrows;
};

/* Count the calls that started in the period (local days, TZ), at one site
 * or all (site NULL). Runs in one read transaction; nothing is loaded call by
 * call. st is filled even on failure enough for stats_free. */
enum status stats_collect(struct store *s, const struct config *cfg,
			  const struct stats_period *p, const char *site, struct stats *st,
			  struct error *err);
void stats_free(struct stats *st);

/* The count of key in c (0 when absent). */
long stats_count(const struct stat_counts *c, const char *key);
/* Whether the period is a month-by-month one (fiscal year, long range). */
bool stats_period_by_month(const struct stats_period *p);
/* Whether the period has a table of rows at all (not a single day). */
bool stats_period_has_rows(const struct stats_period *p);

#endif
