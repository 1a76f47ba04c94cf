/* --format text: the printed report (日報, 月報, 年報). Sections in the order of
 * soudan-stats(1), every line at most 80 display columns (kanji 2), ASCII only in
 * our own layout so that no ambiguous-width symbol shifts a column, and every
 * stored string through the sanitizer (text_fit_to). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/i18n.h"
#include "soudan/report.h"
#include "soudan/timeutil.h"

#define PAGE_W 80
#define INDENT 2
#define LABEL_W 40 /* as long as a label may be (soudan.ini(5)) */
#define COUNT_W 8  /* counts end at column 50 (hours and resources: their own column) */
#define TIME_W 12  /* durations: h:mm:ss, ending at the same column */
/* Resource names are long: this section uses the whole line. */
#define RES_ID_W 16
#define RES_NAME_W (PAGE_W - INDENT - RES_ID_W - 1 - COUNT_W - 1)
#define HOUR_W 6   /* "14:00 ": the bars get the rest of the line */
#define BAR_MAX (PAGE_W - INDENT - HOUR_W - COUNT_W - 2)

struct text {
	struct buf *out;
	struct buf line;
	const struct stats *st;
	const struct config *cfg;
};

/* Emit the line cut to the page width, without trailing blanks. */
static void line_end(struct text *t)
{
	while (t->line.len && t->line.s[t->line.len - 1] == ' ')
		t->line.s[--t->line.len] = '\0';
	if (t->line.len)
		text_fit_to(t->out, t->line.s, PAGE_W, false);
	buf_putc(t->out, '\n');
	buf_reset(&t->line);
}

static void put_spaces(struct text *t, int n)
{
	while (n-- > 0)
		buf_putc(&t->line, ' ');
}

static void put_left(struct text *t, const char *s, int w)
{
	text_fit_to(&t->line, s ? s : "", w, true);
}

static void put_right(struct text *t, const char *s, int w)
{
	int sw = text_width(s);

	if (sw < w)
		put_spaces(t, w - sw);
	text_fit_to(&t->line, s, sw < w ? sw : w, true);
}

static void put_count(struct text *t, long n, int w)
{
	buf_printf(&t->line, "%*ld", w, n);
}

/* A stored key: an empty one would print as nothing at all. */
static const char *shown(const char *s)
{
	return s && *s ? s : _("(blank)");
}

static void title(struct text *t, const char *s)
{
	int w;

	line_end(t);
	put_left(t, s, PAGE_W);
	line_end(t);
	w = text_width(s);
	for (int i = 0; i < (w < PAGE_W ? w : PAGE_W); i++)
		buf_putc(&t->line, '-');
	line_end(t);
}

static void row(struct text *t, const char *label, long n)
{
	put_spaces(t, INDENT);
	put_left(t, label, LABEL_W);
	put_count(t, n, COUNT_W);
	line_end(t);
}

static void row_none(struct text *t)
{
	put_spaces(t, INDENT);
	put_left(t, _("none"), LABEL_W);
	line_end(t);
}

static void code_fn(const char *key, const char *label, long n, void *ctx)
{
	row(ctx, label, n);
}

/* A code list: every configured code, zeros too, then codes since removed. */
static void list_titled(struct text *t, const char *head, enum list_id id,
			const struct stat_counts *c)
{
	const struct codelist *l = config_list(t->cfg, id);

	title(t, head ? head : _(l->title));
	report_each_code(l, c, code_fn, t);
	if (l->n == 0 && c->n == 0)
		row_none(t);
}

static void list_section(struct text *t, enum list_id id, const struct stat_counts *c)
{
	list_titled(t, NULL, id, c);
}

static void counts_section(struct text *t, const char *head, const struct stat_counts *c)
{
	title(t, head);
	for (size_t i = 0; i < c->n; i++)
		row(t, shown(c->v[i].key), c->v[i].n);
	if (c->n == 0)
		row_none(t);
}

/* 0 = Sunday (Sakamoto's method). */
static int weekday(struct date d)
{
	static const int k[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y = d.y - (d.m < 3);

	return (y + y / 4 - y / 100 + y / 400 + k[d.m - 1] + d.d) % 7;
}

static void put_day(struct buf *b, struct date d)
{
	/* TRANSLATORS: weekday abbreviations, shown as "2026-11-22 (Sun)". */
	static const char *const names[] = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"),
					    N_("Thu"), N_("Fri"), N_("Sat")};

	report_date(b, d);
	buf_printf(b, " (%s)", _(names[weekday(d)]));
}

/* "2026-11-22 (Sun)", "2026-11-01 (Sun) to 2026-11-07 (Sat)", "2026-11:
 * 2026-11-01 to 2026-11-30", "fiscal year 2026: 2026-04-01 to 2027-03-31". */
static void period_text(struct buf *b, const struct stats_period *p)
{
	struct buf from, to;
	bool whole = p->kind == STATS_MONTH || p->kind == STATS_FISCAL_YEAR;

	buf_init(&from);
	buf_init(&to);
	if (whole) {
		report_date(&from, p->from);
		report_date(&to, p->to);
	} else {
		put_day(&from, p->from);
		put_day(&to, p->to);
	}
	if (p->kind == STATS_MONTH)
		buf_printf(b, _("%04d-%02d: %s to %s"), p->from.y, p->from.m, from.s, to.s);
	else if (p->kind == STATS_FISCAL_YEAR)
		buf_printf(b, _("fiscal year %d: %s to %s"), p->from.y, from.s, to.s);
	else if (date_cmp(p->from, p->to) == 0)
		buf_puts(b, from.s);
	else
		buf_printf(b, _("%s to %s"), from.s, to.s);
	buf_free(&from);
	buf_free(&to);
}

static const char *report_title(enum stats_kind k)
{
	switch (k) {
	case STATS_DAY: return _("Daily report");
	case STATS_MONTH: return _("Monthly report");
	case STATS_FISCAL_YEAR: return _("Fiscal year report");
	case STATS_RANGE: break;
	}
	return _("Report for a period");
}

static void header_line(struct text *t, const char *label, const char *value)
{
	put_left(t, label, 12);
	put_left(t, value, PAGE_W - 12);
	line_end(t);
}

static void header(struct text *t, int64_t printed_at)
{
	struct buf period;
	char when[40];

	buf_init(&period);
	period_text(&period, &t->st->period);
	time_format_local(printed_at, "%Y-%m-%d %H:%M", when, sizeof when);
	put_left(t, report_title(t->st->period.kind), PAGE_W);
	line_end(t);
	/* TRANSLATORS: header labels: at most 11 columns (a kanji is 2), then the value. */
	header_line(t, _("Site:"), t->st->site ? shown(t->st->site) : _("all sites"));
	header_line(t, _("Period:"), period.s);
	header_line(t, _("Printed:"), when);
	for (int i = 0; i < PAGE_W; i++)
		buf_putc(&t->line, '=');
	line_end(t);
	buf_free(&period);
}

static void totals(struct text *t)
{
	title(t, _("Calls and people"));
	row(t, _("Calls (total contacts)"), t->st->calls);
	row(t, _("People (each case once)"), t->st->people);
}

static void concern_fn(const char *key, const char *label, long n, void *ctx)
{
	struct text *t = ctx;

	put_spaces(t, INDENT);
	put_left(t, label, LABEL_W);
	put_count(t, stats_count(&t->st->primary_concern, key), COUNT_W);
	put_count(t, n, COUNT_W);
	line_end(t);
}

/* Main concern (主訴) and all concerns side by side. */
static void concerns(struct text *t)
{
	const struct codelist *l = config_list(t->cfg, LIST_CONCERN);

	title(t, _(l->title));
	put_spaces(t, INDENT + LABEL_W);
	/* TRANSLATORS: column headings of at most 8 columns (a kanji is 2). */
	put_right(t, _("Main"), COUNT_W);
	put_right(t, _("All"), COUNT_W);
	line_end(t);
	report_each_code(l, &t->st->lists[LIST_CONCERN], concern_fn, t);
}

/* Age band x gender, with totals; the margins are sums of the cells. */
struct cross {
	const char **keys, **labels;
	size_t n;
};

static void cross_add(const char *key, const char *label, long n, void *ctx)
{
	struct cross *x = ctx;

	x->keys = xrealloc(x->keys, (x->n + 1) * sizeof *x->keys);
	x->labels = xrealloc(x->labels, (x->n + 1) * sizeof *x->labels);
	x->keys[x->n] = key;
	x->labels[x->n++] = label;
}

static void cross_free(struct cross *x)
{
	free(x->keys);
	free(x->labels);
}

static long cell(const struct stats *st, const char *a, const char *b)
{
	long n = 0;

	for (size_t i = 0; i < st->nage_gender; i++)
		if ((!a || strcmp(st->age_gender[i].a, a) == 0) &&
		    (!b || strcmp(st->age_gender[i].b, b) == 0))
			n += st->age_gender[i].n;
	return n;
}

static void cross_row(struct text *t, const struct cross *g, const char *label, const char *a,
		      int lw, int cw)
{
	put_spaces(t, INDENT);
	put_left(t, label, lw);
	for (size_t j = 0; j < g->n; j++)
		put_count(t, cell(t->st, a, g->keys[j]), cw);
	put_count(t, cell(t->st, a, NULL), cw);
	line_end(t);
}

static void age_gender(struct text *t)
{
	struct cross a = {0}, g = {0};
	int lw = 16, cw = COUNT_W;

	report_each_code(config_list(t->cfg, LIST_AGE_BAND), &t->st->lists[LIST_AGE_BAND], cross_add, &a);
	report_each_code(config_list(t->cfg, LIST_GENDER), &t->st->lists[LIST_GENDER], cross_add, &g);
	if (INDENT + lw + (int)(g.n + 1) * cw > PAGE_W) /* a long gender list: narrower columns */
		cw = (PAGE_W - INDENT - lw) / (int)(g.n + 1);
	title(t, _("Age band by gender"));
	put_spaces(t, INDENT + lw);
	for (size_t j = 0; j < g.n; j++)
		put_right(t, g.labels[j], cw);
	put_right(t, _("Total"), cw);
	line_end(t);
	for (size_t i = 0; i < a.n; i++)
		cross_row(t, &g, a.labels[i], a.keys[i], lw, cw);
	cross_row(t, &g, _("Total"), NULL, lw, cw);
	cross_free(&a);
	cross_free(&g);
}

static void urgent(struct text *t)
{
	char when[40];

	title(t, _("Urgent calls (time, operator, site)"));
	for (size_t i = 0; i < t->st->nurgent; i++) {
		time_format_local(t->st->urgent[i].started_at, "%Y-%m-%d %H:%M", when, sizeof when);
		put_spaces(t, INDENT);
		put_left(t, when, 18);
		put_left(t, shown(t->st->urgent[i].operator_name), 20);
		put_spaces(t, 2);
		put_left(t, shown(t->st->urgent[i].site), PAGE_W - INDENT - 40);
		line_end(t);
	}
	if (t->st->nurgent == 0)
		row_none(t);
}

static void referrals(struct text *t)
{
	const struct stat_counts *r = &t->st->by_resource;

	title(t, _("Referrals"));
	row(t, _("Total"), t->st->referrals);
	list_titled(t, _("Referrals by category"), LIST_RESOURCE_CATEGORY,
		    &t->st->lists[LIST_RESOURCE_CATEGORY]);
	title(t, _("Referrals by resource"));
	for (size_t i = 0; i < r->n; i++) {
		put_spaces(t, INDENT);
		put_left(t, r->v[i].key, RES_ID_W);
		put_spaces(t, 1);
		put_left(t, r->v[i].label ? r->v[i].label : "", RES_NAME_W);
		put_count(t, r->v[i].n, COUNT_W);
		line_end(t);
	}
	if (r->n == 0)
		row_none(t);
}

static void followups(struct text *t)
{
	title(t, _("Follow-ups and debriefs"));
	row(t, _("Follow-ups due in the period"), t->st->followups_due);
	row(t, _("Debrief requests"), t->st->debriefs);
}

static void duration_row(struct text *t, const char *label, double secs)
{
	long s = (long)(secs + 0.5);
	char v[32];

	snprintf(v, sizeof v, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	put_spaces(t, INDENT);
	put_left(t, label, LABEL_W + COUNT_W - TIME_W);
	put_right(t, v, TIME_W);
	line_end(t);
}

static void durations(struct text *t)
{
	const struct stats_duration *d = &t->st->duration;

	title(t, _("Call time (h:mm:ss)"));
	put_spaces(t, INDENT);
	put_left(t, _("Calls with an end time"), LABEL_W + COUNT_W - TIME_W);
	put_count(t, d->count, TIME_W);
	line_end(t);
	duration_row(t, _("Total"), (double)d->total);
	duration_row(t, _("Mean"), d->mean);
	duration_row(t, _("Median"), d->median);
	duration_row(t, _("Longest"), (double)d->max);
}

/* One '#' per call, or per `scale` calls when the busiest hour would not fit. */
static void hours(struct text *t)
{
	long max = 0, scale;
	char hh[16];

	for (int h = 0; h < 24; h++)
		if (t->st->by_hour[h] > max)
			max = t->st->by_hour[h];
	scale = max > BAR_MAX ? (max + BAR_MAX - 1) / BAR_MAX : 1;
	title(t, _("Calls by hour"));
	for (int h = 0; h < 24; h++) {
		long n = t->st->by_hour[h];

		snprintf(hh, sizeof hh, "%02d:00", h);
		put_spaces(t, INDENT);
		put_left(t, hh, HOUR_W);
		put_count(t, n, COUNT_W);
		put_spaces(t, 2);
		for (long i = 0; i < (n + scale - 1) / scale; i++)
			buf_putc(&t->line, '#');
		line_end(t);
	}
	put_spaces(t, INDENT);
	buf_printf(&t->line, ngettext("# = %ld call", "# = %ld calls", (unsigned long)scale), scale);
	line_end(t);
}

static void rows(struct text *t)
{
	const struct stats *st = t->st;

	if (!st->nrows)
		return;
	title(t, st->rows_by_month ? _("Calls and people by month") : _("Calls and people by day"));
	put_spaces(t, INDENT);
	put_left(t, st->rows_by_month ? _("Month") : _("Date"), LABEL_W);
	/* TRANSLATORS: column headings of at most 8 columns (a kanji is 2). */
	put_right(t, _("Calls"), COUNT_W);
	put_right(t, _("People"), COUNT_W);
	line_end(t);
	for (size_t i = 0; i < st->nrows; i++) {
		struct date d;

		put_spaces(t, INDENT);
		if (!st->rows_by_month && date_parse(st->rows[i].key, &d)) {
			struct buf b;

			buf_init(&b);
			put_day(&b, d);
			put_left(t, b.s, LABEL_W);
			buf_free(&b);
		} else {
			put_left(t, st->rows[i].key, LABEL_W);
		}
		put_count(t, st->rows[i].calls, COUNT_W);
		put_count(t, st->rows[i].people, COUNT_W);
		line_end(t);
	}
}

static void body(struct text *t)
{
	const struct stats *st = t->st;

	totals(t);
	for (int l = LIST_CALL_TYPE; l <= LIST_CALLER; l++)
		list_section(t, (enum list_id)l, &st->lists[l]);
	age_gender(t);
	list_section(t, LIST_WITHDRAWAL, &st->lists[LIST_WITHDRAWAL]);
	list_section(t, LIST_HEARD_VIA, &st->lists[LIST_HEARD_VIA]);
	if (config_list(t->cfg, LIST_REGION)->n || st->lists[LIST_REGION].n)
		list_section(t, LIST_REGION, &st->lists[LIST_REGION]);
	concerns(t);
	list_section(t, LIST_RESPONSE, &st->lists[LIST_RESPONSE]);
	list_section(t, LIST_RISK, &st->lists[LIST_RISK]);
	list_section(t, LIST_URGENCY, &st->lists[LIST_URGENCY]);
	urgent(t);
	referrals(t);
	list_section(t, LIST_OUTCOME, &st->lists[LIST_OUTCOME]);
	list_section(t, LIST_CONTINUATION_REASON, &st->lists[LIST_CONTINUATION_REASON]);
	followups(t);
	durations(t);
	hours(t);
	counts_section(t, _("Calls by operator"), &st->by_operator);
	counts_section(t, _("Calls by site"), &st->by_site);
	rows(t);
}

void report_text(struct buf *out, const struct stats *st, const struct config *cfg,
		 int64_t printed_at)
{
	struct text t = {out, {0}, st, cfg};

	buf_init(&t.line);
	header(&t, printed_at);
	body(&t);
	buf_free(&t.line);
}
