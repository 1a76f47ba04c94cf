/* Times are UTC seconds; every local-time step goes through localtime_r and
 * mktime so that TZ (and its DST rules) is respected.  Calendar arithmetic on
 * dates is done on day numbers, which has no DST to trip over. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "soudan/timeutil.h"

/* Calendar */

static bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

static bool date_valid(struct date d)
{
	return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= date_days_in_month(d.y, d.m);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static int64_t date_to_days(struct date d)
{
	int64_t y = d.m <= 2 ? (int64_t)d.y - 1 : d.y;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static struct date date_from_days(int64_t z)
{
	int64_t era, doe, yoe, doy, mp, y;
	struct date d;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(d.m <= 2 ? y + 1 : y);
	return d;
}

struct date date_add_days(struct date d, int days)
{
	return date_from_days(date_to_days(d) + days);
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

void date_format(struct date d, char *out, size_t size)
{
	snprintf(out, size, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* Strict parsing */

/* n decimal digits at s into *v; no sign, no spaces. */
static bool parse_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "YYYY-MM" at s, not necessarily at the end of the string. */
static bool parse_year_month(const char *s, struct date *d)
{
	return parse_digits(s, 4, &d->y) && s[4] == '-' && parse_digits(s + 5, 2, &d->m);
}

static bool parse_date_at(const char *s, struct date *d)
{
	return parse_year_month(s, d) && s[7] == '-' && parse_digits(s + 8, 2, &d->d) &&
	       date_valid(*d);
}

bool date_typed(const char *s, struct date today, struct date *d)
{
	if (s[0] == '+' && s[1] >= '0' && s[1] <= '9') {
		char *end;
		long n = strtol(s + 1, &end, 10);

		if (*end || n > 3660)
			return false;
		*d = date_add_days(today, (int)n);
		return true;
	}
	return date_parse(s, d);
}

bool date_parse(const char *s, struct date *d)
{
	struct date t;

	if (!s || strlen(s) != 10 || !parse_date_at(s, &t))
		return false;
	*d = t;
	return true;
}

bool month_parse(const char *s, struct date *d)
{
	struct date t;

	if (!s || strlen(s) != 7 || !parse_year_month(s, &t))
		return false;
	t.d = 1;
	if (!date_valid(t))
		return false;
	*d = t;
	return true;
}

/* Local time */

/* localtime_r need not re-read TZ (glibc's does not); tzset makes it. */
static bool local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	tzset();
	return localtime_r(&tt, tm) != NULL;
}

static bool local_mktime(struct tm *tm, int64_t *out)
{
	time_t t;

	tm->tm_isdst = -1;
	errno = 0;
	t = mktime(tm);
	if (t == (time_t)-1 && errno)
		return false;
	*out = t;
	return true;
}

int64_t date_start(struct date d)
{
	struct tm tm;
	int64_t t = 0;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	local_mktime(&tm, &t);
	return t;
}

struct date date_of(int64_t t)
{
	struct date d = { 1970, 1, 1 };
	struct tm tm;

	if (local_tm(t, &tm)) {
		d.y = tm.tm_year + 1900;
		d.m = tm.tm_mon + 1;
		d.d = tm.tm_mday;
	}
	return d;
}

int64_t time_now(void)
{
	return (int64_t)time(NULL);
}

void time_format_local(int64_t t, const char *fmt, char *out, size_t size)
{
	struct tm tm;

	if (size == 0)
		return;
	out[0] = '\0';
	if (!local_tm(t, &tm))
		return;
	/* The format is the caller's (often a translated string), so it
	 * cannot be a literal; strftime reads no arguments from it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(out, size, fmt ? fmt : "%Y-%m-%d %H:%M", &tm) == 0)
		out[0] = '\0';
#pragma GCC diagnostic pop
}

void time_format_iso(int64_t t, char *out, size_t size)
{
	struct tm tm;
	long off;

	if (size == 0)
		return;
	out[0] = '\0';
	if (!local_tm(t, &tm))
		return;
	off = tm.tm_gmtoff;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
		 (off < 0 ? -off : off) / 60 % 60);
}

/* Time zones */

/* Letters, digits, '_', '+', '-' in '/'-separated parts, none starting with
 * '.': "Asia/Tokyo", "Etc/GMT+9", "UTC". */
static bool zone_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 200 || name[0] == '/' || name[n - 1] == '/')
		return false;
	for (const char *p = name; *p; p++) {
		bool part_start = p == name || p[-1] == '/';

		if ((part_start && (*p == '.' || *p == '/')) ||
		    !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("_+-/.", *p)))
			return false;
	}
	return strstr(name, "..") == NULL;
}

bool time_zone_valid(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	struct stat sb;
	bool ok;
	int fd;

	if (!zone_name_ok(name))
		return false;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return false;
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && read(fd, magic, 4) == 4 &&
	     memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

bool time_zone_set(const char *name)
{
	if (!time_zone_valid(name) || setenv("TZ", name, 1) != 0)
		return false;
	tzset();
	return true;
}

/* ISO 8601 */

/* "+HH:MM", "+HHMM", "-HH:MM", "-HHMM" into seconds east of UTC. */
static bool parse_offset(const char *s, long *off)
{
	int h, m;
	int sign = s[0] == '-' ? -1 : 1;

	if (s[0] != '+' && s[0] != '-')
		return false;
	/* RFC 3339: +HH:MM, colon included, and no zone is more than 14 hours
	 * from UTC (Kiribati, +14:00). */
	if (!parse_digits(s + 1, 2, &h) || s[3] != ':')
		return false;
	s += 4;
	if (!parse_digits(s, 2, &m) || s[2] != '\0' || m > 59 || h * 60 + m > 14 * 60)
		return false;
	*off = sign * (h * 3600L + m * 60L);
	return true;
}

/* "HH:MM:SS" at s, then an optional fraction of 1 to 9 digits (to the
 * nanosecond), which is ignored. */
static const char *parse_clock(const char *s, struct tm *tm)
{
	if (!parse_digits(s, 2, &tm->tm_hour) || s[2] != ':' ||
	    !parse_digits(s + 3, 2, &tm->tm_min) || s[5] != ':' ||
	    !parse_digits(s + 6, 2, &tm->tm_sec))
		return NULL;
	if (tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 59)
		return NULL;
	s += 8;
	if (*s == '.') {
		int n = 0;

		for (s++; *s >= '0' && *s <= '9'; s++)
			n++;
		if (n < 1 || n > 9)
			return NULL;
	}
	return s;
}

bool time_parse_iso(const char *s, int64_t *out)
{
	struct date d;
	struct tm tm;
	long off;
	int64_t t;

	if (!s || strlen(s) < 19 || !parse_date_at(s, &d) || (s[10] != 'T' && s[10] != ' '))
		return false;
	memset(&tm, 0, sizeof tm);
	s = parse_clock(s + 11, &tm);
	if (!s)
		return false;
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	if (*s == '\0')
		return local_mktime(&tm, out);
	if (s[0] == 'Z' && s[1] == '\0')
		off = 0;
	else if (!parse_offset(s, &off))
		return false;
	t = timegm(&tm);
	*out = t - off;
	return true;
}
