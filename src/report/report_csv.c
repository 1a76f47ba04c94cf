/* --format csv: section,key,label,count rows carrying the figures of the JSON.
 * section is the JSON name (nested ones joined with '.'); a scalar has its
 * own name as key ("calls,calls,..."); the period and the site come first
 * (their "count" is the date or the site, empty for all sites); each urgent
 * call is a row "urgent,STARTED_AT,OPERATOR,1". */
#include <stdio.h>

#include "soudan/i18n.h"
#include "soudan/report.h"
#include "soudan/timeutil.h"

struct csv {
	struct buf *b;
	const char *section;
};

static void csv_head(struct csv *c, const char *key, const char *label)
{
	buf_csv_field(c->b, c->section);
	buf_putc(c->b, ',');
	buf_csv_field(c->b, key);
	buf_putc(c->b, ',');
	buf_csv_field(c->b, label);
	buf_putc(c->b, ',');
}

static void csv_long(struct csv *c, const char *key, const char *label, long n)
{
	csv_head(c, key, label);
	buf_printf(c->b, "%ld\r\n", n);
}

static void csv_text(struct csv *c, const char *key, const char *label, const char *value)
{
	csv_head(c, key, label);
	buf_csv_field(c->b, value);
	buf_puts(c->b, "\r\n");
}

static void csv_double(struct csv *c, const char *key, const char *label, double v)
{
	csv_head(c, key, label);
	report_number(c->b, v);
	buf_puts(c->b, "\r\n");
}

static void code_fn(const char *key, const char *label, long n, void *ctx)
{
	csv_long(ctx, key, label, n);
}

static void csv_codes(struct csv *c, const char *section, const struct codelist *l,
		      const struct stat_counts *counts)
{
	c->section = section;
	report_each_code(l, counts, code_fn, c);
}

/* Only the keys that occur; a resource's label is its name in the directory. */
static void csv_counts(struct csv *c, const char *section, const struct stat_counts *counts)
{
	c->section = section;
	for (size_t i = 0; i < counts->n; i++)
		csv_long(c, counts->v[i].key, counts->v[i].label ? counts->v[i].label : counts->v[i].key,
			 counts->v[i].n);
}

static void csv_period(struct csv *c, const struct stats *st)
{
	char d[16];

	c->section = "period";
	date_format(st->period.from, d, sizeof d);
	csv_text(c, "from", _("From"), d);
	date_format(st->period.to, d, sizeof d);
	csv_text(c, "to", _("To"), d);
	c->section = "site";
	csv_text(c, "site", _("Site"), st->site ? st->site : "");
	c->section = "calls";
	csv_long(c, "calls", _("Calls (total contacts)"), st->calls);
	c->section = "people";
	csv_long(c, "people", _("People (each case once)"), st->people);
}

static void csv_hours(struct csv *c, const struct stats *st)
{
	char key[16], label[32];

	c->section = "by_hour";
	for (int h = 0; h < 24; h++) {
		snprintf(key, sizeof key, "%02d", h);
		snprintf(label, sizeof label, "%02d:00-%02d:59", h, h);
		csv_long(c, key, label, st->by_hour[h]);
	}
}

static void csv_duration(struct csv *c, const struct stats *st)
{
	c->section = "duration_seconds";
	csv_long(c, "count", _("Calls with an end time"), st->duration.count);
	csv_long(c, "total", _("Total"), st->duration.total);
	csv_double(c, "mean", _("Mean"), st->duration.mean);
	csv_double(c, "median", _("Median"), st->duration.median);
	csv_long(c, "max", _("Longest"), st->duration.max);
}

static void csv_tail(struct csv *c, const struct stats *st)
{
	char when[40];

	c->section = "followups_due";
	csv_long(c, "followups_due", _("Follow-ups due"), st->followups_due);
	c->section = "debriefs";
	csv_long(c, "debriefs", _("Debrief requests"), st->debriefs);
	c->section = "urgent";
	for (size_t i = 0; i < st->nurgent; i++) {
		time_format_iso(st->urgent[i].started_at, when, sizeof when);
		csv_long(c, when, st->urgent[i].operator_name, 1);
	}
}

void report_csv(struct buf *out, const struct stats *st, const struct config *cfg, bool bom)
{
	struct csv c = {out, NULL};

	if (bom)
		buf_puts(out, "\xEF\xBB\xBF");
	buf_puts(out, "section,key,label,count\r\n");
	csv_period(&c, st);
	for (int i = 0; i < report_nlists; i++)
		csv_codes(&c, report_lists[i].name, config_list(cfg, report_lists[i].list),
			  report_list_counts(st, &report_lists[i]));
	csv_hours(&c, st);
	csv_counts(&c, "by_operator", &st->by_operator);
	csv_counts(&c, "by_site", &st->by_site);
	c.section = "referrals";
	csv_long(&c, "total", _("Referrals"), st->referrals);
	csv_codes(&c, "referrals.by_category", config_list(cfg, LIST_RESOURCE_CATEGORY),
		  &st->lists[LIST_RESOURCE_CATEGORY]);
	csv_counts(&c, "referrals.by_resource", &st->by_resource);
	csv_duration(&c, st);
	csv_tail(&c, st);
}
