/* --format json: one object with exactly the keys of soudan-stats(1), in order. */
#include <stdio.h>

#include "soudan/report.h"
#include "soudan/timeutil.h"

struct json {
	struct buf *b;
	bool first;
};

static void json_key(struct json *j, const char *key)
{
	if (!j->first)
		buf_putc(j->b, ',');
	j->first = false;
	buf_json_string(j->b, key);
	buf_putc(j->b, ':');
}

static void json_long(struct json *j, const char *key, long n)
{
	json_key(j, key);
	buf_printf(j->b, "%ld", n);
}

static void json_open(struct json *j, const char *key)
{
	json_key(j, key);
	buf_putc(j->b, '{');
	j->first = true;
}

static void json_close(struct json *j)
{
	buf_putc(j->b, '}');
	j->first = false;
}

static void code_fn(const char *key, const char *label, long n, void *ctx)
{
	json_long(ctx, key, n);
}

static void json_codes(struct json *j, const char *name, const struct codelist *l,
		       const struct stat_counts *c)
{
	json_open(j, name);
	report_each_code(l, c, code_fn, j);
	json_close(j);
}

/* by_operator, by_site, referrals.by_resource: only the keys that occur. */
static void json_counts(struct json *j, const char *name, const struct stat_counts *c)
{
	json_open(j, name);
	for (size_t i = 0; i < c->n; i++)
		json_long(j, c->v[i].key, c->v[i].n);
	json_close(j);
}

static void json_head(struct json *j, const struct stats *st)
{
	json_open(j, "period");
	json_key(j, "from");
	buf_putc(j->b, '"');
	report_date(j->b, st->period.from);
	buf_putc(j->b, '"');
	json_key(j, "to");
	buf_putc(j->b, '"');
	report_date(j->b, st->period.to);
	buf_putc(j->b, '"');
	json_close(j);
	json_key(j, "site");
	if (st->site)
		buf_json_string(j->b, st->site);
	else
		buf_puts(j->b, "null");
	json_long(j, "calls", st->calls);
	json_long(j, "people", st->people);
}

static void json_hours(struct json *j, const struct stats *st)
{
	char key[16];

	json_open(j, "by_hour");
	for (int h = 0; h < 24; h++) {
		snprintf(key, sizeof key, "%02d", h);
		json_long(j, key, st->by_hour[h]);
	}
	json_close(j);
}

static void json_referrals(struct json *j, const struct stats *st, const struct config *cfg)
{
	json_open(j, "referrals");
	json_long(j, "total", st->referrals);
	json_codes(j, "by_category", config_list(cfg, LIST_RESOURCE_CATEGORY),
		   &st->lists[LIST_RESOURCE_CATEGORY]);
	json_counts(j, "by_resource", &st->by_resource);
	json_close(j);
}

static void json_duration(struct json *j, const struct stats *st)
{
	json_open(j, "duration_seconds");
	json_long(j, "count", st->duration.count);
	json_long(j, "total", st->duration.total);
	json_key(j, "mean");
	report_number(j->b, st->duration.mean);
	json_key(j, "median");
	report_number(j->b, st->duration.median);
	json_long(j, "max", st->duration.max);
	json_close(j);
}

/* Time and operator only: never the notes. */
static void json_urgent(struct json *j, const struct stats *st)
{
	char when[40];

	json_key(j, "urgent");
	buf_putc(j->b, '[');
	for (size_t i = 0; i < st->nurgent; i++) {
		time_format_iso(st->urgent[i].started_at, when, sizeof when);
		buf_puts(j->b, i ? ",{" : "{");
		j->first = true;
		json_key(j, "started_at");
		buf_json_string(j->b, when);
		json_key(j, "operator");
		buf_json_string(j->b, st->urgent[i].operator_name);
		json_close(j);
	}
	buf_putc(j->b, ']');
	j->first = false;
}

void report_json(struct buf *out, const struct stats *st, const struct config *cfg)
{
	struct json j = {out, true};

	buf_putc(out, '{');
	json_head(&j, st);
	for (int i = 0; i < report_nlists; i++)
		json_codes(&j, report_lists[i].name, config_list(cfg, report_lists[i].list),
			   report_list_counts(st, &report_lists[i]));
	json_hours(&j, st);
	json_counts(&j, "by_operator", &st->by_operator);
	json_counts(&j, "by_site", &st->by_site);
	json_referrals(&j, st, cfg);
	json_duration(&j, st);
	json_long(&j, "followups_due", st->followups_due);
	json_long(&j, "debriefs", st->debriefs);
	json_urgent(&j, st);
	buf_puts(out, "}\n");
}
