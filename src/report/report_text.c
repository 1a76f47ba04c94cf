/* --format text: the printed report (日報, 月報, 年報). Sections in the order of
 * soudan-stats(1), every line at most 80 display columns (kanji 2), ASCII only in
 * our own layout so that no ambiguous-width symbol shifts a column (but "…",
 * which marks what was cut and gets a column of room), and every stored string
 * through the sanitizer (text_fit_to). The body is made as blocks, one per
 * section, then cut into pages of [statistics] page_lines lines, each with
 * its header; a section that fits on a page is not split. */
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
#define HEAD_W 12  /* the header's labels */
#define HEADER_LINES 7 /* and a blank line */
/* Resource names are long: this section uses the whole line. */
#define RES_ID_W 16
#define RES_NAME_W (PAGE_W - INDENT - RES_ID_W - 1 - COUNT_W - 1)
#define HOUR_W 6   /* "14:00 ": the bars get the rest of the line */
#define BAR_MAX (PAGE_W - INDENT - HOUR_W - COUNT_W - 2)
#define SERIES_W 18 /* the day or month of a row of the series */
#define CELL_W 8

/* A section: its lines, of which the first head (blank, title, rule, column
 * headings) are repeated where it is split; keep: never split. */
struct block {
	char **lines;
	size_t n, head;
	bool keep;
};

struct text {
	struct buf line;
	const struct stats *st;
	const struct config *cfg;
	const struct report_options *o;
	struct block *blocks;
	size_t nblocks;
};

/* --- lines and blocks --- */

static struct block *block_new(struct text *t)
{
	t->blocks = xrealloc(t->blocks, (t->nblocks + 1) * sizeof *t->blocks);
	memset(&t->blocks[t->nblocks], 0, sizeof *t->blocks);
	return &t->blocks[t->nblocks++];
}

/* Emit the line into the current section, without trailing blanks. */
static void line_end(struct text *t)
{
	struct block *b = t->nblocks ? &t->blocks[t->nblocks - 1] : block_new(t);
	struct buf fit;

	while (t->line.len && t->line.s[t->line.len - 1] == ' ')
		t->line.s[--t->line.len] = '\0';
	buf_init(&fit);
	buf_puts(&fit, "");
	if (t->line.len)
		text_fit_to(&fit, t->line.s, PAGE_W, false);
	b->lines = xrealloc(b->lines, (b->n + 1) * sizeof *b->lines);
	b->lines[b->n++] = buf_take(&fit);
	buf_reset(&t->line);
}

static void put_spaces(struct text *t, int n)
{
	while (n-- > 0)
		buf_putc(&t->line, ' ');
}

/* s in w columns (padded when pad); what does not fit ends with "…", which
 * is counted as one column and given a second (ambiguous width: some
 * terminals and printers draw it wide). */
static void put_cut(struct text *t, const char *s, int w, bool pad)
{
	int used;

	s = s ? s : "";
	if (text_width(s) <= w) {
		text_fit_to(&t->line, s, w, pad);
		return;
	}
	used = w >= 2 ? text_fit_to(&t->line, s, w - 2, false) : 0;
	buf_puts(&t->line, "\xE2\x80\xA6");
	if (pad)
		put_spaces(t, w - used - 1);
}

static void put_left(struct text *t, const char *s, int w)
{
	put_cut(t, s, w, true);
}

static void put_right(struct text *t, const char *s, int w)
{
	int sw = text_width(s);

	if (sw < w)
		put_spaces(t, w - sw);
	put_cut(t, s, sw < w ? sw : w, true);
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

/* A new section: a blank line, the title and a rule under it. */
static void title(struct text *t, const char *s)
{
	int w;

	block_new(t);
	line_end(t);
	put_left(t, s, PAGE_W);
	line_end(t);
	w = text_width(s);
	for (int i = 0; i < (w < PAGE_W ? w : PAGE_W); i++)
		buf_putc(&t->line, '-');
	line_end(t);
	t->blocks[t->nblocks - 1].head = 3;
}

/* The lines so far are the section's head (its column headings too). */
static void head_end(struct text *t)
{
	t->blocks[t->nblocks - 1].head = t->blocks[t->nblocks - 1].n;
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

static void note(struct text *t, const char *s)
{
	put_spaces(t, INDENT);
	put_left(t, s, PAGE_W - INDENT);
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

static void list_section(struct text *t, enum list_id id)
{
	list_titled(t, NULL, id, &t->st->lists[id]);
}

static void counts_section(struct text *t, const char *head, const struct stat_counts *c)
{
	title(t, head);
	for (size_t i = 0; i < c->n; i++)
		row(t, shown(c->v[i].key), c->v[i].n);
	if (c->n == 0)
		row_none(t);
}

/* --- the header of every page --- */

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

static void header_line(struct text *t, struct buf *out, const char *label, const char *value)
{
	put_left(t, label, HEAD_W);
	put_left(t, value, PAGE_W - HEAD_W);
	while (t->line.len && t->line.s[t->line.len - 1] == ' ')
		t->line.s[--t->line.len] = '\0';
	buf_puts(out, t->line.s ? t->line.s : "");
	buf_putc(out, '\n');
	buf_reset(&t->line);
}

/* Title and page N/M, site, period, zone, time printed, a double rule. */
static void page_header(struct text *t, struct buf *out, int page, int pages)
{
	struct buf period, no;
	char when[40];
	int w;

	buf_init(&period);
	buf_init(&no);
	period_text(&period, &t->st->period);
	time_format_local(t->o->printed_at, "%Y-%m-%d %H:%M", when, sizeof when);
	/* TRANSLATORS: at the right of every page's first line. */
	buf_printf(&no, _("Page %d/%d"), page, pages);
	w = text_width(no.s);
	put_left(t, report_title(t->st->period.kind), PAGE_W - w - 2);
	put_spaces(t, 2);
	buf_puts(&t->line, no.s);
	buf_puts(out, t->line.s);
	buf_putc(out, '\n');
	buf_reset(&t->line);
	/* TRANSLATORS: header labels: at most 11 columns (a kanji is 2), then the value. */
	header_line(t, out, _("Site:"), t->st->site ? shown(t->st->site) : _("all sites"));
	header_line(t, out, _("Period:"), period.s);
	header_line(t, out, _("Time zone:"), t->cfg->timezone);
	header_line(t, out, _("Printed:"), when);
	for (int i = 0; i < PAGE_W; i++)
		buf_putc(out, '=');
	buf_puts(out, "\n\n");
	buf_free(&period);
	buf_free(&no);
}

/* --- sections --- */

static void totals(struct text *t)
{
	const struct stats *st = t->st;
	struct buf b;

	title(t, _("Calls, consultations and people"));
	row(t, _("Calls received"), st->calls);
	row(t, _("Calls that are not consultations"), st->calls - st->consultations);
	row(t, _("Consultations"), st->consultations);
	row(t, _("People"), st->people);
	buf_init(&b);
	buf_printf(&b, _("of which without a case: %ld (each counted as one person)"),
		   st->consultations_without_case);
	put_spaces(t, INDENT + 2);
	put_left(t, b.s, PAGE_W - INDENT - 2);
	line_end(t);
	buf_free(&b);
	line_end(t);
	note(t, _("Call type, hour, operator and site count every call;"));
	note(t, _("every other figure counts consultations only."));
	t->blocks[t->nblocks - 1].keep = true;
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
	head_end(t);
	report_each_code(l, &t->st->lists[LIST_CONCERN], concern_fn, t);
}

/* A table of age band x gender, with totals; the margins are sums of the cells. */
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

static void cross_row(struct text *t, const struct stat_pairs *p, const struct cross *g,
		      const char *label, const char *a, int lw, int cw)
{
	put_spaces(t, INDENT);
	put_left(t, label, lw);
	for (size_t j = 0; j < g->n; j++)
		put_count(t, stats_pair_count(p, a, g->keys[j]), cw);
	put_count(t, stats_pair_count(p, a, NULL), cw);
	line_end(t);
}

static void age_gender(struct text *t, const char *head, const struct stat_pairs *p)
{
	struct cross a = {0}, g = {0};
	int lw = 16, cw = COUNT_W;

	report_each_pair_key(config_list(t->cfg, LIST_AGE_BAND), p, true, cross_add, &a);
	report_each_pair_key(config_list(t->cfg, LIST_GENDER), p, false, cross_add, &g);
	if (INDENT + lw + (int)(g.n + 1) * cw > PAGE_W) /* a long gender list: narrower columns */
		cw = (PAGE_W - INDENT - lw) / (int)(g.n + 1);
	title(t, head);
	put_spaces(t, INDENT + lw);
	for (size_t j = 0; j < g.n; j++) {
		put_spaces(t, 1);
		put_right(t, g.labels[j], cw - 1);
	}
	put_spaces(t, 1);
	put_right(t, _("Total"), cw - 1);
	line_end(t);
	head_end(t);
	for (size_t i = 0; i < a.n; i++)
		cross_row(t, p, &g, a.labels[i], a.keys[i], lw, cw);
	cross_row(t, p, &g, _("Total"), NULL, lw, cw);
	cross_free(&a);
	cross_free(&g);
}

/* 実人数: each person once, by the values of their latest consultation. */
static void people(struct text *t)
{
	age_gender(t, _("People by age band and gender"), &t->st->people_age_gender);
	title(t, _("People by caller"));
	report_each_code(config_list(t->cfg, LIST_CALLER), &t->st->people_by_caller,
			 code_fn, t);
}

static void urgent_list(struct text *t)
{
	char when[40];

	title(t, _("Urgent calls (time, operator, site)"));
	for (size_t i = 0; i < t->st->nurgent; i++) {
		time_format_local(t->st->urgent[i].started_at, "%Y-%m-%d %H:%M", when, sizeof when);
		put_spaces(t, INDENT);
		put_left(t, when, 18);
		put_left(t, shown(t->st->urgent[i].operator_name), 20);
		put_spaces(t, 2);
		put_cut(t, shown(t->st->urgent[i].site), PAGE_W - INDENT - 40, false);
		line_end(t);
	}
	if (t->st->nurgent == 0)
		row_none(t);
}

/* --- the series: a row per day or month --- */

/* "2026-11-01 (Sun)", "2026-04", or "2026-04 (10-30)" for a month a range cuts. */
static void element_label(struct buf *b, const struct stats *e)
{
	if (e->period.kind == STATS_DAY)
		put_day(b, e->period.from);
	else if (e->period.kind == STATS_MONTH)
		buf_printf(b, "%04d-%02d", e->period.from.y, e->period.from.m);
	else
		/* TRANSLATORS: a month of which only some days are in the period. */
		buf_printf(b, _("%04d-%02d (%d-%d)"), e->period.from.y, e->period.from.m,
			   e->period.from.d, e->period.to.d);
}

static bool series_partial(const struct stats *st)
{
	for (size_t i = 0; i < st->nseries; i++)
		if (st->series[i].period.kind == STATS_RANGE)
			return true;
	return false;
}

typedef long (*cell_fn)(const struct stats *e, size_t col, const void *ctx);

/* A table of the series: a row per element and a total row, a column per
 * figure; columns that do not fit 80 columns go to a second table. */
static void series_table(struct text *t, const char *head, const char *const *labels,
			 size_t ncols, cell_fn cell, const void *ctx)
{
	const int avail = PAGE_W - INDENT - SERIES_W;
	size_t per = (size_t)(avail / CELL_W), done = 0;
	struct buf b;

	buf_init(&b);
	while (done < ncols) {
		size_t n = ncols - done < per ? ncols - done : per;
		int cw = CELL_W;

		/* as wide as the longest heading wants, up to 12 and the line */
		for (size_t c = done; c < done + n; c++)
			if (text_width(labels[c]) + 1 > cw)
				cw = text_width(labels[c]) + 1;
		if (cw > 12)
			cw = 12;
		if (cw * (int)n > avail)
			cw = avail / (int)n;
		title(t, head);
		put_spaces(t, INDENT + SERIES_W);
		for (size_t c = done; c < done + n; c++) {
			put_spaces(t, 1);
			put_right(t, labels[c], cw - 1);
		}
		line_end(t);
		head_end(t);
		for (size_t i = 0; i <= t->st->nseries; i++) {
			const struct stats *e = i < t->st->nseries ? &t->st->series[i] : t->st;

			buf_reset(&b);
			if (e == t->st)
				buf_puts(&b, _("Total"));
			else
				element_label(&b, e);
			put_spaces(t, INDENT);
			put_left(t, b.s, SERIES_W);
			for (size_t c = done; c < done + n; c++)
				put_count(t, cell(e, c, ctx), cw);
			line_end(t);
		}
		if (series_partial(t->st))
			note(t, _("(d-d): only these days of the month are in the period"));
		done += n;
	}
	buf_free(&b);
}

static long totals_cell(const struct stats *e, size_t col, const void *ctx)
{
	return col == 0 ? e->calls : col == 1 ? e->consultations : e->people;
}

struct code_columns {
	enum list_id id;
	const struct codelist *l;
	const char **keys;
	size_t n;
};

static long list_cell(const struct stats *e, size_t col, const void *ctx)
{
	const struct code_columns *cc = ctx;
	const struct stat_counts *c = &e->lists[cc->id];
	long n = 0;

	if (col < cc->n)
		return stats_count(c, cc->keys[col]);
	for (size_t i = 0; i < c->n; i++)
		n += c->v[i].n;
	return n;
}

/* Per day or month: the codes of a list, and their total. */
static void series_list(struct text *t, const char *head, enum list_id id)
{
	struct cross x = {0};
	struct code_columns cc = {id, config_list(t->cfg, id), NULL, 0};

	report_each_code(cc.l, &t->st->lists[id], cross_add, &x);
	cross_add("", _("Total"), 0, &x);
	cc.keys = x.keys;
	cc.n = x.n - 1;
	series_table(t, head, x.labels, x.n, list_cell, &cc);
	cross_free(&x);
}

static long duty_cell(const struct stats *e, size_t col, const void *ctx)
{
	const long v[] = {e->debriefs_requested, e->debriefs_done, e->help_raised,
			  e->help_acknowledged};

	return v[col];
}

/* Per day or month: debriefs requested and done, help raised and seen. */
static void series_duty(struct text *t, bool month)
{
	/* TRANSLATORS: column headings of at most 11 columns (a kanji is 2). */
	const char *const labels[] = {_("Debriefs"), _("Done"), _("Help req."), _("Ack'd")};

	series_table(t, month ? _("Debriefs and help requests by month")
			      : _("Debriefs and help requests by day"),
		     labels, 4, duty_cell, NULL);
}

static void series(struct text *t)
{
	const char *const labels[] = {_("Calls"), _("Consult."), _("People")};
	bool month = t->st->series_by_month;

	if (!t->st->nseries)
		return;
	series_table(t, month ? _("Calls, consultations and people by month")
			      : _("Calls, consultations and people by day"),
		     labels, 3, totals_cell, NULL);
	series_list(t, month ? _("New or repeat by month") : _("New or repeat by day"),
		    LIST_CONTACT);
	series_list(t, month ? _("Channel by month") : _("Channel by day"), LIST_CHANNEL);
	series_duty(t, month);
}

static long urgent_cell(const struct stats *e, size_t col, const void *ctx)
{
	return (long)e->nurgent;
}

/* Listed one by one; in a series by month, counted per month unless asked
 * for all (--urgent). */
static void urgent(struct text *t)
{
	const char *const labels[] = {_("Urgent")};

	if (!t->st->series_by_month || t->o->all_urgent) {
		urgent_list(t);
		return;
	}
	series_table(t, _("Urgent calls by month (soudan-stats --urgent lists them)"), labels, 1,
		     urgent_cell, NULL);
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

static void result_row(const char *key, const char *label, long n, void *ctx)
{
	char *l = xmalloc(strlen(label) + 3);

	sprintf(l, "  %s", label);
	row(ctx, l, n);
	free(l);
}

static void followups(struct text *t)
{
	title(t, _("Follow-ups"));
	row(t, _("Follow-ups due in the period"), t->st->followups_due);
	row(t, _("Waiting for the caller"), t->st->followups_waiting);
	row(t, _("Contacted by a later call"), t->st->followups_contacted);
	row(t, _("Closed"), t->st->followups_closed);
	report_each_code(config_list(t->cfg, LIST_FOLLOWUP_RESULT), &t->st->followup_results,
			 result_row, t);
}

static void duration_row(struct text *t, const char *label, double secs);

static void reason_fn(const char *key, const char *label, long n, void *ctx)
{
	struct text *t = ctx;

	put_spaces(t, INDENT);
	put_left(t, label, LABEL_W);
	put_count(t, n, COUNT_W);
	put_count(t, stats_count(&t->st->debriefs_done_by_reason, key), COUNT_W);
	line_end(t);
}

/* The duty room (支援者支援): the debrief queue and help requests, counts and
 * times only. */
static void duty(struct text *t)
{
	const struct stats *st = t->st;
	const struct codelist *l = config_list(t->cfg, LIST_DEBRIEF_REASON);

	title(t, _("Debriefs and help requests"));
	row(t, _("Calls flagged for a debrief"), st->debriefs);
	row(t, _("Debriefs requested"), st->debriefs_requested);
	row(t, _("Debriefs done"), st->debriefs_done);
	row(t, _("Help requests raised"), st->help_raised);
	row(t, _("Help requests acknowledged"), st->help_acknowledged);
	duration_row(t, _("Mean time to acknowledge"), st->help_wait_mean);
	duration_row(t, _("Longest time to acknowledge"), (double)st->help_wait_max);
	t->blocks[t->nblocks - 1].keep = true;
	title(t, _("Debriefs by reason"));
	put_spaces(t, INDENT + LABEL_W);
	/* TRANSLATORS: column headings of at most 8 columns (a kanji is 2). */
	put_right(t, _("Asked"), COUNT_W);
	put_right(t, _("Done"), COUNT_W);
	line_end(t);
	head_end(t);
	report_each_code(l, &st->debriefs_by_reason, reason_fn, t);
	/* reasons only the done ones have (retired from the list since) */
	for (size_t i = 0; i < st->debriefs_done_by_reason.n; i++) {
		const char *key = st->debriefs_done_by_reason.v[i].key;

		if (codelist_find(l, key) < 0 && stats_count(&st->debriefs_by_reason, key) == 0)
			reason_fn(key, codelist_label(l, key) ? codelist_label(l, key) : key, 0, t);
	}
}

/* h:mm:ss, rounded to the second. */
static void hms(char *out, size_t size, double secs)
{
	long s = (long)(secs + 0.5);

	snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void duration_row(struct text *t, const char *label, double secs)
{
	char v[32];

	hms(v, sizeof v, secs);
	put_spaces(t, INDENT);
	put_left(t, label, LABEL_W + COUNT_W - TIME_W);
	put_right(t, v, TIME_W);
	line_end(t);
}

#define TYPE_W 18
#define HMS_W 10

static void type_duration_fn(const char *key, const char *label, const struct stats_duration *d,
			     void *ctx)
{
	struct text *t = ctx;
	const double v[] = {(double)d->total, d->mean, d->median, (double)d->max};
	char s[32];

	put_spaces(t, INDENT);
	put_left(t, label, TYPE_W);
	put_count(t, d->count, COUNT_W);
	for (int i = 0; i < 4; i++) {
		hms(s, sizeof s, v[i]);
		put_right(t, s, HMS_W);
	}
	line_end(t);
}

static void durations(struct text *t)
{
	const struct stats_duration *d = &t->st->duration;
	/* TRANSLATORS: column headings of at most 9 columns (a kanji is 2). */
	const char *const heads[] = {_("Total"), _("Mean"), _("Median"), _("Longest")};

	title(t, _("Consultation time (h:mm:ss)"));
	put_spaces(t, INDENT);
	put_left(t, _("Consultations with an end time"), LABEL_W + COUNT_W - TIME_W);
	put_count(t, d->count, TIME_W);
	line_end(t);
	duration_row(t, _("Total"), (double)d->total);
	duration_row(t, _("Mean"), d->mean);
	duration_row(t, _("Median"), d->median);
	duration_row(t, _("Longest"), (double)d->max);
	title(t, _("Call time by call type (h:mm:ss)"));
	put_spaces(t, INDENT + TYPE_W);
	/* TRANSLATORS: a column heading of at most 8 columns: the number of calls. */
	put_right(t, _("Count"), COUNT_W);
	for (int i = 0; i < 4; i++)
		put_right(t, heads[i], HMS_W);
	line_end(t);
	head_end(t);
	report_each_duration(config_list(t->cfg, LIST_CALL_TYPE), t->st, type_duration_fn, t);
}

/* Calls per mark: 1, 2, 5, 10, 20, 50... the smallest that keeps the busiest
 * hour within the line. */
static long bar_scale(long max)
{
	static const long steps[] = {1, 2, 5};

	for (long base = 1;; base *= 10)
		for (int i = 0; i < 3; i++)
			if (max <= BAR_MAX * base * steps[i])
				return base * steps[i];
}

/* One '#' per `scale` calls, rounded down: a mark is never drawn for calls
 * that are not there; the count beside the bar is exact. */
static void hours(struct text *t)
{
	long max = 0, scale;
	char hh[16];

	for (int h = 0; h < 24; h++)
		if (t->st->by_hour[h] > max)
			max = t->st->by_hour[h];
	scale = bar_scale(max);
	title(t, _("Calls by hour"));
	for (int h = 0; h < 24; h++) {
		long n = t->st->by_hour[h];

		snprintf(hh, sizeof hh, "%02d:00", h);
		put_spaces(t, INDENT);
		put_left(t, hh, HOUR_W);
		put_count(t, n, COUNT_W);
		put_spaces(t, 2);
		for (long i = 0; i < n / scale; i++)
			buf_putc(&t->line, '#');
		line_end(t);
	}
	put_spaces(t, INDENT);
	if (scale == 1)
		buf_printf(&t->line, "%s", _("# = 1 call"));
	else
		buf_printf(&t->line, _("# = %ld calls (a remainder under %ld is not drawn)"), scale,
			   scale);
	line_end(t);
}

/* The duty manager signs the day; the audit anchor on paper proves later that
 * the trail up to it was not rewritten (soudan audit --verify --anchor). */
static void confirmation(struct text *t)
{
	char anchor[96];

	title(t, _("Confirmation"));
	if (t->st->has_audit) {
		snprintf(anchor, sizeof anchor, "%lld:%s", (long long)t->st->audit_entries,
			 t->st->audit_hash);
		note(t, _("Audit trail at printing (check: soudan audit --verify --anchor):"));
		note(t, anchor);
		line_end(t);
	}
	put_spaces(t, INDENT);
	put_left(t, _("Confirmed by"), 14);
	buf_puts(&t->line, "______________________________");
	put_spaces(t, 4);
	put_left(t, _("Seal"), 6);
	buf_puts(&t->line, "__________");
	line_end(t);
	t->blocks[t->nblocks - 1].keep = true;
}

/* One entry's text, its lines each wrapped to the page, indented. */
static void shift_text(struct text *t, const char *text)
{
	char *clean = text_sanitize(text ? text : "", TEXT_KEEP_NEWLINE);
	const int w = PAGE_W - 2 * INDENT;

	for (char *line = clean, *next; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		do {
			size_t n = text_fit_len(line, w);

			put_spaces(t, 2 * INDENT);
			buf_add(&t->line, line, n);
			line_end(t);
			line += n;
		} while (*line);
	}
	free(clean);
}

/* The shift log (申し送り) of the period, after the figures: when, who,
 * where, and the words, sanitized and wrapped. */
static void shift_log(struct text *t, const struct shift_log *l)
{
	char when[40];

	title(t, _("Shift log"));
	for (size_t i = 0; i < l->n; i++) {
		const struct shift_entry *e = &l->v[i];

		if (i)
			line_end(t);
		time_format_local(e->at, "%Y-%m-%d %H:%M", when, sizeof when);
		put_spaces(t, INDENT);
		put_left(t, when, 18);
		put_left(t, shown(e->author), 20);
		put_spaces(t, 2);
		put_cut(t, shown(e->site), PAGE_W - INDENT - 40, false);
		line_end(t);
		if (e->flagged)
			note(t, _("(looked like a phone number or an address when written)"));
		shift_text(t, e->text);
	}
	if (l->n == 0)
		row_none(t);
}

static void body(struct text *t)
{
	const struct stats *st = t->st;

	totals(t);
	list_section(t, LIST_CALL_TYPE);
	list_section(t, LIST_CHANNEL);
	list_section(t, LIST_CONTACT);
	list_section(t, LIST_CALLER);
	list_section(t, LIST_CALLER_AGE);
	age_gender(t, _("Age band by gender"), &st->age_gender);
	people(t);
	list_section(t, LIST_WITHDRAWAL);
	list_section(t, LIST_HEARD_VIA);
	if (config_list(t->cfg, LIST_REGION)->n || st->lists[LIST_REGION].n)
		list_section(t, LIST_REGION);
	concerns(t);
	list_section(t, LIST_RESPONSE);
	list_section(t, LIST_RISK);
	list_section(t, LIST_URGENCY);
	urgent(t);
	referrals(t);
	list_section(t, LIST_OUTCOME);
	list_section(t, LIST_CONTINUATION_REASON);
	followups(t);
	duty(t);
	durations(t);
	hours(t);
	counts_section(t, _("Calls by operator"), &st->by_operator);
	counts_section(t, _("Calls by site"), &st->by_site);
	series(t);
	if (st->period.kind == STATS_DAY)
		confirmation(t);
	if (t->o->shift_log)
		shift_log(t, t->o->shift_log);
}

/* --- pages --- */

struct pages {
	const char ***v; /* each page's lines */
	size_t *n, npages;
	char **extra;    /* titles made for a continued section */
	size_t nextra;
};

static void page_new(struct pages *p)
{
	p->v = xrealloc(p->v, (p->npages + 1) * sizeof *p->v);
	p->n = xrealloc(p->n, (p->npages + 1) * sizeof *p->n);
	p->v[p->npages] = NULL;
	p->n[p->npages++] = 0;
}

/* A line onto the last page; a blank line does not start a page. */
static void page_put(struct pages *p, const char *line)
{
	size_t k = p->npages - 1;

	if (p->n[k] == 0 && !*line)
		return;
	p->v[k] = xrealloc(p->v[k], (p->n[k] + 1) * sizeof **p->v);
	p->v[k][p->n[k]++] = line;
}

/* The section's head again, its title marked as continued. */
static void page_head_again(struct pages *p, const struct block *b)
{
	struct buf s;
	int w = 0;

	for (size_t i = 0; i < b->head; i++) {
		buf_init(&s);
		buf_puts(&s, "");
		if (i == 1) {
			buf_printf(&s, "%s %s", b->lines[1], _("(continued)"));
			w = text_width(s.s);
		} else if (i == 2) {
			for (int k = 0; k < w && k < PAGE_W; k++)
				buf_putc(&s, '-');
		} else {
			buf_puts(&s, b->lines[i]);
		}
		p->extra = xrealloc(p->extra, (p->nextra + 1) * sizeof *p->extra);
		p->extra[p->nextra++] = buf_take(&s);
		page_put(p, p->extra[p->nextra - 1]);
	}
}

static size_t room(const struct pages *p, size_t body)
{
	size_t used = p->n[p->npages - 1];

	return used < body ? body - used : 0;
}

/* The lines a section takes on the last page (its blank line not at the top). */
static size_t block_lines(const struct pages *p, const struct block *b)
{
	return b->n - (b->n && !*b->lines[0] && p->n[p->npages - 1] == 0);
}

/* A section onto the pages: whole where it fits, on a new page when it fits
 * there, else split with its head repeated. */
static void paginate_block(struct pages *p, const struct block *b, size_t body)
{
	size_t i = 0, lines = block_lines(p, b);

	if (lines > room(p, body) && (lines - 1 <= body || b->keep) && p->n[p->npages - 1])
		page_new(p);
	lines = block_lines(p, b);
	if (lines <= room(p, body) || b->keep) {
		for (; i < b->n; i++)
			page_put(p, b->lines[i]);
		return;
	}
	if (room(p, body) < b->head + 2)
		page_new(p);
	for (i = 0; i < b->n; i++) {
		if (room(p, body) == 0) {
			page_new(p);
			page_head_again(p, b);
		}
		page_put(p, b->lines[i]);
	}
}

static void paginate(struct text *t, struct buf *out)
{
	size_t body = (size_t)(t->cfg->page_lines > HEADER_LINES + 8 ? t->cfg->page_lines : 60) -
		      HEADER_LINES;
	struct pages p = {0};

	page_new(&p);
	for (size_t i = 0; i < t->nblocks; i++)
		paginate_block(&p, &t->blocks[i], body);
	for (size_t k = 0; k < p.npages; k++) {
		if (k)
			buf_putc(out, '\f');
		page_header(t, out, (int)k + 1, (int)p.npages);
		for (size_t i = 0; i < p.n[k]; i++) {
			buf_puts(out, p.v[k][i]);
			buf_putc(out, '\n');
		}
		free(p.v[k]);
	}
	for (size_t i = 0; i < p.nextra; i++)
		free(p.extra[i]);
	free(p.extra);
	free(p.v);
	free(p.n);
}

void report_text(struct buf *out, const struct stats *st, const struct config *cfg,
		 const struct report_options *o)
{
	struct text t = {{0}, st, cfg, o, NULL, 0};

	buf_init(&t.line);
	body(&t);
	paginate(&t, out);
	for (size_t i = 0; i < t.nblocks; i++) {
		for (size_t k = 0; k < t.blocks[i].n; k++)
			free(t.blocks[i].lines[k]);
		free(t.blocks[i].lines);
	}
	free(t.blocks);
	buf_free(&t.line);
}
