/* What the three renderers share: the order of the JSON's code-list objects,
 * walking a code list with zeros, and numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/report.h"

const struct report_list report_lists[] = {
	{"by_call_type", LIST_CALL_TYPE, false},
	{"by_channel", LIST_CHANNEL, false},
	{"by_contact", LIST_CONTACT, false},
	{"by_caller", LIST_CALLER, false},
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

void report_each_code(const struct codelist *l, const struct stat_counts *c, report_code_fn fn,
		      void *ctx)
{
	for (size_t i = 0; i < l->n; i++)
		fn(l->codes[i].key, l->codes[i].label, stats_count(c, l->codes[i].key), ctx);
	/* Codes since removed from the configuration are reported, never dropped:
	 * a retired built-in key with its label, any other under its key. */
	for (size_t i = 0; i < c->n; i++)
		if (codelist_find(l, c->v[i].key) < 0) {
			const char *label = codelist_label(l, c->v[i].key);

			fn(c->v[i].key, label ? label : c->v[i].key, c->v[i].n, ctx);
		}
}

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
