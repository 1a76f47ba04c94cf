/* Times are stored as UTC seconds; shown and grouped in local time: the
 * line's zone ([site] timezone, set with time_zone_set). */
#ifndef SOUDAN_TIMEUTIL_H
#define SOUDAN_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct date {
	int y, m, d;
};

/* RFC 3339: "YYYY-MM-DDTHH:MM:SS" with an optional fraction of 1 to 9 digits,
 * then "Z" or "+HH:MM" within 14 hours of UTC; or no offset at all (the line's
 * local time). Returns false on anything else or an impossible date. */
bool time_parse_iso(const char *s, int64_t *out);
/* Local time with its offset: "2026-11-22T10:05:00+09:00" (size >= 32). */
void time_format_iso(int64_t t, char *out, size_t size);
/* Local "YYYY-MM-DD HH:MM" (size >= 20). */
void time_format_local(int64_t t, const char *fmt, char *out, size_t size);

/* Strict "YYYY-MM-DD" with a real calendar date. */
bool date_parse(const char *s, struct date *d);
/* A date as an operator types it: "YYYY-MM-DD", or "+N" days from today
 * (N at most 3660). */
bool date_typed(const char *s, struct date today, struct date *d);
/* Strict "YYYY-MM". */
bool month_parse(const char *s, struct date *d);
void date_format(struct date d, char *out, size_t size); /* YYYY-MM-DD, size >= 11 */
struct date date_add_days(struct date d, int days);
int date_cmp(struct date a, struct date b);
int date_days_in_month(int y, int m);
/* UTC seconds of local midnight at the start of d (DST-safe, via mktime). */
int64_t date_start(struct date d);
/* The local calendar date of t. */
struct date date_of(int64_t t);
int64_t time_now(void);

/* Whether name is a zone of the tz database installed here ($TZDIR, else
 * /usr/share/zoneinfo): a relative name with no "." or ".." part that names a
 * TZif file. glibc takes any other TZ (a typo, a missing tzdata) for UTC
 * without a word, and every day and hour would silently move. */
bool time_zone_valid(const char *name);
/* Every local date and hour of the process in zone name (TZ, then tzset),
 * whatever the environment said; false (nothing changed) for an invalid name. */
bool time_zone_set(const char *name);

#endif
