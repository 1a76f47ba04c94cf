/* --format json: one object with exactly the keys of soudan-stats(1), in order,
 * written from report_walk; a series is a list of such objects (without a
 * series of their own). */
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

static void json_open(void *ctx, const char *name, const char *label)
{
	struct json *j = ctx;

	json_key(j, name);
	buf_putc(j->b, '{');
	j->first = true;
}

static void json_close(void *ctx)
{
	struct json *j = ctx;

	buf_putc(j->b, '}');
	j->first = false;
}

static void json_count(void *ctx, const char *key, const char *label, long n)
{
	struct json *j = ctx;

	json_key(j, key);
	buf_printf(j->b, "%ld", n);
}

static void json_number(void *ctx, const char *key, const char *label, double v)
{
	struct json *j = ctx;

	json_key(j, key);
	report_number(j->b, v);
}

static void json_text(void *ctx, const char *key, const char *label, const char *v)
{
	struct json *j = ctx;

	json_key(j, key);
	if (v)
		buf_json_string(j->b, v);
	else
		buf_puts(j->b, "null");
}

/* Time and operator only: never the notes. */
static void json_urgent(void *ctx, const struct stats *st)
{
	struct json *j = ctx;
	char when[40];

	json_key(j, "urgent");
	buf_putc(j->b, '[');
	for (size_t i = 0; i < st->nurgent; i++) {
		time_format_iso(st->urgent[i].started_at, when, sizeof when);
		buf_puts(j->b, i ? ",{" : "{");
		j->first = true;
		json_text(j, "started_at", NULL, when);
		json_text(j, "operator", NULL, st->urgent[i].operator_name);
		buf_putc(j->b, '}');
	}
	buf_putc(j->b, ']');
	j->first = false;
}

static void json_object(struct json *j, const struct stats *st, const struct config *cfg)
{
	const struct report_walk w = {json_open, json_close, json_count, json_number,
				      json_text, json_urgent, j};

	buf_putc(j->b, '{');
	j->first = true;
	report_walk(st, cfg, &w);
}

/* The shift log: who wrote what and when, sanitized like every string. */
static void json_shift_log(struct json *j, const struct shift_log *l)
{
	char when[40];

	json_key(j, "shift_log");
	buf_putc(j->b, '[');
	for (size_t i = 0; i < l->n; i++) {
		time_format_iso(l->v[i].at, when, sizeof when);
		buf_puts(j->b, i ? ",{" : "{");
		j->first = true;
		json_text(j, "at", NULL, when);
		json_text(j, "author", NULL, l->v[i].author);
		json_text(j, "site", NULL, l->v[i].site);
		json_text(j, "text", NULL, l->v[i].text);
		json_key(j, "flagged");
		buf_puts(j->b, l->v[i].flagged ? "true" : "false");
		buf_putc(j->b, '}');
	}
	buf_putc(j->b, ']');
	j->first = false;
}

void report_json(struct buf *out, const struct stats *st, const struct config *cfg,
		 const struct report_options *o)
{
	struct json j = {out, true};

	json_object(&j, st, cfg);
	if (stats_period_has_series(&st->period)) {
		json_key(&j, "series");
		buf_putc(out, '[');
		for (size_t i = 0; i < st->nseries; i++) {
			if (i)
				buf_putc(out, ',');
			json_object(&j, &st->series[i], cfg);
			buf_putc(out, '}');
		}
		buf_putc(out, ']');
	}
	if (o && o->shift_log)
		json_shift_log(&j, o->shift_log);
	buf_puts(out, "}\n");
}
