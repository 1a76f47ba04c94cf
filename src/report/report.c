/* What the three renderers share: the order of the JSON's code-list objects,
 * walking a code list with zeros, the walk over every figure, and numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/i18n.h"
#include "soudan/report.h"

const struct report_list report_lists[] = {
	{"by_call_type", LIST_CALL_TYPE, false},
	{"by_channel", LIST_CHANNEL, false},
	{"by_contact", LIST_CONTACT, false},
	{"by_caller", LIST_CALLER, false},
	{"by_caller_age", LIST_CALLER_AGE, false},
	{"by_age_band", LIST_AGE_BAND, false},
	{"by_gender", LIST_GENDER, false},
	{"by_withdrawal", LIST_WITHDRAWAL, false},
	{"by_heard_via", LIST_HEARD_VIA, false},
	{"by_concern", LIST_CONCERN, false},
	{"by_primary_concern", LIST_CONCERN, true},
	{"by_response", LIST_RESPONSE, false},
	{"by_risk", LIST_RISK, false},
	{"by_urgency", LIST_URGENCY, false},
	{"by_outcome", LIST_OUTCOME, false},
	{"by_continuation_reason", LIST_CONTINUATION_REASON, false},
	{"by_region", LIST_REGION, false},
};
const int report_nlists = sizeof report_lists / sizeof *report_lists;

bool report_format_parse(const char *s, enum report_format *out)
{
	static const char *const names[] = {[REPORT_TEXT] = "text", [REPORT_CSV] = "csv",
					    [REPORT_JSON] = "json"};

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum report_format)i;
			return true;
		}
	return false;
}

const struct stat_counts *report_list_counts(const struct stats *st, const struct report_list *rl)
{
	return rl->primary ? &st->primary_concern : &st->lists[rl->list];
}

/* A key the configuration no longer lists: a retired key's label, else the key. */
static const char *old_label(const struct codelist *l, const char *key)
{
	const char *label = codelist_label(l, key);

	return label ? label : key;
}

void report_each_code(const struct codelist *l, const struct stat_counts *c, report_code_fn fn,
		      void *ctx)
{
	for (size_t i = 0; i < l->n; i++)
		fn(l->codes[i].key, l->codes[i].label, stats_count(c, l->codes[i].key), ctx);
	/* Codes since removed from the configuration are reported, never dropped. */
	for (size_t i = 0; i < c->n; i++)
		if (codelist_find(l, c->v[i].key) < 0)
			fn(c->v[i].key, old_label(l, c->v[i].key), c->v[i].n, ctx);
}

void report_each_pair_key(const struct codelist *l, const struct stat_pairs *p, bool first,
			  report_code_fn fn, void *ctx)
{
	for (size_t i = 0; i < l->n; i++)
		fn(l->codes[i].key, l->codes[i].label, 0, ctx);
	for (size_t i = 0; i < p->n; i++) {
		const char *k = first ? p->v[i].a : p->v[i].b;
		bool seen = codelist_find(l, k) >= 0;

		/* pairs are sorted by a, then b: a b seen before is looked for */
		for (size_t j = 0; !seen && j < i; j++)
			seen = strcmp(first ? p->v[j].a : p->v[j].b, k) == 0;
		if (!seen)
			fn(k, old_label(l, k), 0, ctx);
	}
}

void report_each_duration(const struct codelist *l, const struct stats *st,
			  void (*fn)(const char *key, const char *label,
				     const struct stats_duration *d, void *ctx),
			  void *ctx)
{
	for (size_t i = 0; i < l->n; i++) {
		struct stats_duration d = stats_duration_of(st, l->codes[i].key);

		fn(l->codes[i].key, l->codes[i].label, &d, ctx);
	}
	for (size_t i = 0; i < st->nduration_by_type; i++)
		if (codelist_find(l, st->duration_by_type[i].key) < 0)
			fn(st->duration_by_type[i].key, old_label(l, st->duration_by_type[i].key),
			   &st->duration_by_type[i].d, ctx);
}

/* --- the walk --- */

struct walk {
	const struct report_walk *w;
	const struct stats *st;
	const struct config *cfg;
	const struct codelist *cols; /* the genders of a row of people */
	const char *row;             /* the age band of that row */
};

static void walk_code(const char *key, const char *label, long n, void *ctx)
{
	const struct report_walk *w = ((struct walk *)ctx)->w;

	w->count(w->ctx, key, label, n);
}

static void walk_codes(struct walk *k, const char *name, enum list_id id,
		       const struct stat_counts *c)
{
	k->w->open(k->w->ctx, name, NULL);
	report_each_code(config_list(k->cfg, id), c, walk_code, k);
	k->w->close(k->w->ctx);
}

static void walk_gender(const char *key, const char *label, long n, void *ctx)
{
	struct walk *k = ctx;

	k->w->count(k->w->ctx, key, label, stats_pair_count(&k->st->people_age_gender, k->row, key));
}

static void walk_age(const char *key, const char *label, long n, void *ctx)
{
	struct walk *k = ctx;

	k->w->open(k->w->ctx, key, label);
	k->row = key;
	report_each_pair_key(k->cols, &k->st->people_age_gender, false, walk_gender, k);
	k->w->close(k->w->ctx);
}

static void walk_people(struct walk *k)
{
	const struct report_walk *w = k->w;

	w->open(w->ctx, "people_by_age_band_gender", NULL);
	k->cols = config_list(k->cfg, LIST_GENDER);
	report_each_pair_key(config_list(k->cfg, LIST_AGE_BAND), &k->st->people_age_gender, true,
			     walk_age, k);
	w->close(w->ctx);
	walk_codes(k, "people_by_caller", LIST_CALLER, &k->st->people_by_caller);
}

static void walk_counts(const struct report_walk *w, const char *name,
			const struct stat_counts *c)
{
	w->open(w->ctx, name, NULL);
	for (size_t i = 0; i < c->n; i++)
		w->count(w->ctx, c->v[i].key, c->v[i].label ? c->v[i].label : c->v[i].key, c->v[i].n);
	w->close(w->ctx);
}

static void walk_hours(const struct report_walk *w, const struct stats *st)
{
	char key[16], label[32];

	w->open(w->ctx, "by_hour", NULL);
	for (int h = 0; h < 24; h++) {
		snprintf(key, sizeof key, "%02d", h);
		snprintf(label, sizeof label, "%02d:00-%02d:59", h, h);
		w->count(w->ctx, key, label, st->by_hour[h]);
	}
	w->close(w->ctx);
}

static void walk_duration(const struct report_walk *w, const struct stats_duration *d)
{
	w->count(w->ctx, "count", _("With an end time"), d->count);
	w->count(w->ctx, "total", _("Total"), d->total);
	w->number(w->ctx, "mean", _("Mean"), d->mean);
	w->number(w->ctx, "median", _("Median"), d->median);
	w->count(w->ctx, "max", _("Longest"), d->max);
}

static void walk_type_duration(const char *key, const char *label,
			       const struct stats_duration *d, void *ctx)
{
	const struct report_walk *w = ((struct walk *)ctx)->w;

	w->open(w->ctx, key, label);
	walk_duration(w, d);
	w->close(w->ctx);
}

static void walk_durations(struct walk *k)
{
	const struct report_walk *w = k->w;

	w->open(w->ctx, "duration_seconds", NULL);
	walk_duration(w, &k->st->duration);
	w->open(w->ctx, "by_call_type", NULL);
	report_each_duration(config_list(k->cfg, LIST_CALL_TYPE), k->st, walk_type_duration, k);
	w->close(w->ctx);
	w->close(w->ctx);
}

static void walk_head(const struct report_walk *w, const struct stats *st,
		      const struct config *cfg)
{
	struct buf from, to;

	buf_init(&from);
	buf_init(&to);
	report_date(&from, st->period.from);
	report_date(&to, st->period.to);
	w->open(w->ctx, "period", NULL);
	w->text(w->ctx, "from", _("From"), from.s);
	w->text(w->ctx, "to", _("To"), to.s);
	w->close(w->ctx);
	w->text(w->ctx, "site", _("Site"), st->site);
	w->text(w->ctx, "timezone", _("Time zone"), cfg->timezone);
	w->count(w->ctx, "calls", _("Calls received"), st->calls);
	w->count(w->ctx, "consultations", _("Consultations"), st->consultations);
	w->count(w->ctx, "people", _("People"), st->people);
	w->count(w->ctx, "consultations_without_case", _("Consultations without a case"),
		 st->consultations_without_case);
	buf_free(&from);
	buf_free(&to);
}

/* The duty room: the debrief queue by reason, help requests and their waits. */
static void walk_duty(struct walk *k)
{
	const struct report_walk *w = k->w;
	const struct stats *st = k->st;

	w->count(w->ctx, "debriefs_requested", _("Debriefs requested"), st->debriefs_requested);
	w->count(w->ctx, "debriefs_done", _("Debriefs done"), st->debriefs_done);
	walk_codes(k, "debriefs_by_reason", LIST_DEBRIEF_REASON, &st->debriefs_by_reason);
	walk_codes(k, "debriefs_done_by_reason", LIST_DEBRIEF_REASON,
		   &st->debriefs_done_by_reason);
	w->open(w->ctx, "help_requests", NULL);
	w->count(w->ctx, "raised", _("Help requests raised"), st->help_raised);
	w->count(w->ctx, "acknowledged", _("Help requests acknowledged"), st->help_acknowledged);
	w->number(w->ctx, "mean_seconds_to_acknowledge", _("Mean seconds to acknowledge"),
		  st->help_wait_mean);
	w->count(w->ctx, "max_seconds_to_acknowledge", _("Longest seconds to acknowledge"),
		 st->help_wait_max);
	w->close(w->ctx);
}

void report_walk(const struct stats *st, const struct config *cfg, const struct report_walk *w)
{
	struct walk k = {w, st, cfg, NULL, NULL};

	walk_head(w, st, cfg);
	for (int i = 0; i < report_nlists; i++)
		walk_codes(&k, report_lists[i].name, report_lists[i].list,
			   report_list_counts(st, &report_lists[i]));
	walk_people(&k);
	walk_hours(w, st);
	walk_counts(w, "by_operator", &st->by_operator);
	walk_counts(w, "by_site", &st->by_site);
	w->open(w->ctx, "referrals", NULL);
	w->count(w->ctx, "total", _("Referrals"), st->referrals);
	walk_codes(&k, "by_category", LIST_RESOURCE_CATEGORY, &st->lists[LIST_RESOURCE_CATEGORY]);
	walk_counts(w, "by_resource", &st->by_resource);
	w->close(w->ctx);
	walk_durations(&k);
	w->count(w->ctx, "followups_due", _("Follow-ups due"), st->followups_due);
	w->count(w->ctx, "followups_waiting", _("Follow-ups waiting for the caller"),
		 st->followups_waiting);
	w->count(w->ctx, "followups_contacted", _("Follow-ups contacted by a later call"),
		 st->followups_contacted);
	w->count(w->ctx, "followups_closed", _("Follow-ups closed"), st->followups_closed);
	walk_codes(&k, "followup_results", LIST_FOLLOWUP_RESULT, &st->followup_results);
	w->count(w->ctx, "debriefs", _("Calls flagged for a debrief"), st->debriefs);
	walk_duty(&k);
	w->urgent(w->ctx, st);
}

/* --- numbers and dates --- */

void report_number(struct buf *b, double v)
{
	char s[40];

	if (!isfinite(v))
		v = 0;
	if (v == floor(v) && fabs(v) < 1e15) {
		buf_printf(b, "%.1f", v);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	buf_puts(b, s);
}

void report_date(struct buf *b, struct date d)
{
	char s[16];

	date_format(d, s, sizeof s);
	buf_puts(b, s);
}

void report_element_key(struct buf *b, const struct stats *e)
{
	if (e->period.kind == STATS_DAY) {
		report_date(b, e->period.from);
	} else if (e->period.kind == STATS_MONTH) {
		buf_printf(b, "%04d-%02d", e->period.from.y, e->period.from.m);
	} else {
		report_date(b, e->period.from);
		buf_putc(b, '/');
		report_date(b, e->period.to);
	}
}
