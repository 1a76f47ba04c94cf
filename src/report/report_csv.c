/* --format csv: section,key,label,count rows carrying the figures of the JSON
 * (report_walk). section is the JSON name (nested ones joined with '.'); a
 * scalar has its own name as key ("calls,calls,..."); the period, the site and
 * the time zone come first (their "count" is the date, the site, empty for all
 * sites, or the zone); each urgent call is a row "urgent,STARTED_AT,OPERATOR,1".
 * The label is the configured label, after the labels of the objects it is in
 * ("40代 / 男性").
 *
 * --wide: the same rows with a column per element of the series (a day, or a
 * month, "2026-04-10/2026-04-30" where a range cuts it) and then the total,
 * ready for a prefecture's sheet; the urgent calls are a count there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/i18n.h"
#include "soudan/report.h"
#include "soudan/timeutil.h"

#define DEPTH_MAX 8

/* One figure as a row: where it is, and its value as written. */
struct csv_row {
	char *section, *key, *label, *value;
	bool text;
};

struct csv {
	struct buf section, label; /* the path of the open objects */
	size_t section_at[DEPTH_MAX], label_at[DEPTH_MAX];
	int depth;
	bool urgent_rows;          /* each urgent call a row (else their count) */
	struct csv_row *v;
	size_t n;
};

static void csv_open(void *ctx, const char *name, const char *label)
{
	struct csv *c = ctx;

	if (c->depth >= DEPTH_MAX)
		return;
	c->section_at[c->depth] = c->section.len;
	c->label_at[c->depth] = c->label.len;
	c->depth++;
	buf_printf(&c->section, "%s%s", c->section.len ? "." : "", name);
	if (label && *label)
		buf_printf(&c->label, "%s / ", label);
}

static void csv_close(void *ctx)
{
	struct csv *c = ctx;

	if (c->depth == 0)
		return;
	c->depth--;
	c->section.len = c->section_at[c->depth];
	c->section.s[c->section.len] = '\0';
	c->label.len = c->label_at[c->depth];
	c->label.s[c->label.len] = '\0';
}

static void csv_add(struct csv *c, const char *key, const char *label, const char *value,
		    bool text)
{
	struct csv_row *r;

	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	r = &c->v[c->n++];
	r->section = xstrdup(c->depth ? c->section.s : key);
	r->key = xstrdup(key);
	r->label = xmalloc(c->label.len + strlen(label ? label : "") + 1);
	memcpy(r->label, c->label.s ? c->label.s : "", c->label.len);
	strcpy(r->label + c->label.len, label ? label : "");
	r->value = xstrdup(value ? value : "");
	r->text = text;
}

static void csv_count(void *ctx, const char *key, const char *label, long n)
{
	char v[32];

	snprintf(v, sizeof v, "%ld", n);
	csv_add(ctx, key, label, v, false);
}

static void csv_number(void *ctx, const char *key, const char *label, double n)
{
	struct buf v;

	buf_init(&v);
	report_number(&v, n);
	csv_add(ctx, key, label, v.s, false);
	buf_free(&v);
}

static void csv_text(void *ctx, const char *key, const char *label, const char *v)
{
	csv_add(ctx, key, label, v, true);
}

static void csv_urgent(void *ctx, const struct stats *st)
{
	struct csv *c = ctx;
	char when[40];

	if (!c->urgent_rows) {
		csv_open(c, "urgent", NULL);
		csv_count(c, "count", _("Urgent calls"), (long)st->nurgent);
		csv_close(c);
		return;
	}
	for (size_t i = 0; i < st->nurgent; i++) {
		time_format_iso(st->urgent[i].started_at, when, sizeof when);
		csv_open(c, "urgent", NULL);
		csv_add(c, when, st->urgent[i].operator_name, "1", false);
		csv_close(c);
	}
}

/* The figures of one period as rows. */
static void csv_collect(struct csv *c, const struct stats *st, const struct config *cfg,
			bool urgent_rows)
{
	const struct report_walk w = {csv_open, csv_close, csv_count, csv_number,
				      csv_text, csv_urgent, c};

	memset(c, 0, sizeof *c);
	buf_init(&c->section);
	buf_init(&c->label);
	buf_puts(&c->section, "");
	buf_puts(&c->label, "");
	c->urgent_rows = urgent_rows;
	report_walk(st, cfg, &w);
}

static void csv_free(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].label);
		free(c->v[i].value);
	}
	free(c->v);
	buf_free(&c->section);
	buf_free(&c->label);
}

static void put_field(struct buf *out, const char *s, bool last)
{
	buf_csv_field(out, s);
	buf_puts(out, last ? "\r\n" : ",");
}

/* The row of (section, key) in c, looked for from *at on (the rows of an
 * element come in the order of the whole's), or NULL. */
static const struct csv_row *csv_find(const struct csv *c, const struct csv_row *want, size_t *at)
{
	for (size_t k = 0; k < c->n; k++) {
		size_t i = (*at + k) % c->n;

		if (strcmp(c->v[i].key, want->key) == 0 && strcmp(c->v[i].section, want->section) == 0) {
			*at = i + 1;
			return &c->v[i];
		}
	}
	return NULL;
}

static void csv_wide(struct buf *out, const struct stats *st, const struct config *cfg)
{
	struct csv whole, *each = xcalloc(st->nseries + 1, sizeof *each);
	size_t *at = xcalloc(st->nseries + 1, sizeof *at);
	struct buf key;

	buf_init(&key);
	csv_collect(&whole, st, cfg, false);
	buf_puts(out, "section,key,label,");
	for (size_t e = 0; e < st->nseries; e++) {
		csv_collect(&each[e], &st->series[e], cfg, false);
		buf_reset(&key);
		report_element_key(&key, &st->series[e]);
		put_field(out, key.s, false);
	}
	buf_puts(out, "total\r\n");
	for (size_t i = 0; i < whole.n; i++) {
		const struct csv_row *r = &whole.v[i], *x;

		put_field(out, r->section, false);
		put_field(out, r->key, false);
		put_field(out, r->label, false);
		for (size_t e = 0; e < st->nseries; e++) {
			x = csv_find(&each[e], r, &at[e]);
			put_field(out, x ? x->value : r->text ? "" : "0", false);
		}
		put_field(out, r->value, true);
	}
	for (size_t e = 0; e < st->nseries; e++)
		csv_free(&each[e]);
	csv_free(&whole);
	free(each);
	free(at);
	buf_free(&key);
}

void report_csv(struct buf *out, const struct stats *st, const struct config *cfg,
		const struct report_options *o)
{
	struct csv c;

	if (o->bom)
		buf_puts(out, "\xEF\xBB\xBF");
	if (o->wide) {
		csv_wide(out, st, cfg);
		return;
	}
	buf_puts(out, "section,key,label,count\r\n");
	csv_collect(&c, st, cfg, true);
	for (size_t i = 0; i < c.n; i++) {
		put_field(out, c.v[i].section, false);
		put_field(out, c.v[i].key, false);
		put_field(out, c.v[i].label, false);
		put_field(out, c.v[i].value, true);
	}
	csv_free(&c);
}
