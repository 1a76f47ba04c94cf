/* soudan export: calls out, oldest first, as JSON Lines or CSV. */
#include <errno.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

struct export_ctx {
	FILE *out;
	struct buf line;
	bool csv;
};

static const char *const csv_header =
	"id,site,operator,started_at,ended_at,call_type,channel,contact,case,nickname,caller,"
	"caller_age,age_band,gender,withdrawal,region,heard_via,concerns,responses,risks,urgency,referrals,"
	"outcome,continuation_reasons,next_contact,assigned_to,debrief,notes\r\n";

static void csv_list(struct buf *b, const struct strlist *l)
{
	struct buf joined;

	buf_init(&joined);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_putc(&joined, ';');
		buf_puts(&joined, l->v[i]);
	}
	buf_csv_field(b, joined.s ? joined.s : "");
	buf_putc(b, ',');
	buf_free(&joined);
}

/* Referrals in CSV: "resource:consent" pairs; their notes are in JSON Lines only. */
static void csv_referrals(struct buf *b, const struct call *c)
{
	struct buf joined;

	buf_init(&joined);
	for (size_t i = 0; i < c->nreferrals; i++)
		buf_printf(&joined, "%s%s:%s", i ? ";" : "", c->referrals[i].resource,
			   c->referrals[i].consent ? "consent" : "no-consent");
	buf_csv_field(b, joined.s ? joined.s : "");
	buf_putc(b, ',');
	buf_free(&joined);
}

static void csv_str(struct buf *b, const char *s)
{
	buf_csv_field(b, s ? s : "");
	buf_putc(b, ',');
}

static void csv_time(struct buf *b, int64_t t)
{
	char iso[40] = "";

	if (t)
		time_format_iso(t, iso, sizeof iso);
	csv_str(b, iso);
}

static void csv_row(struct buf *b, const struct call *c)
{
	csv_str(b, c->id);
	csv_str(b, c->site);
	csv_str(b, c->operator_name);
	csv_time(b, c->started_at);
	csv_time(b, c->ended_at);
	for (int i = CF_CALL_TYPE; i <= CF_CONTACT; i++)
		csv_str(b, c->coded[i]);
	csv_str(b, c->case_code);
	csv_str(b, c->nickname);
	for (int i = CF_CALLER; i <= CF_HEARD_VIA; i++)
		csv_str(b, c->coded[i]);
	csv_list(b, &c->multi[CM_CONCERNS]);
	csv_list(b, &c->multi[CM_RESPONSES]);
	csv_list(b, &c->multi[CM_RISKS]);
	csv_str(b, c->coded[CF_URGENCY]);
	csv_referrals(b, c);
	csv_str(b, c->coded[CF_OUTCOME]);
	csv_list(b, &c->multi[CM_CONTINUATION_REASONS]);
	csv_str(b, c->next_contact);
	csv_str(b, c->assigned_to);
	csv_str(b, c->debrief ? "true" : "false");
	buf_csv_field(b, c->notes);
	buf_puts(b, "\r\n");
}

static int export_one(const struct call *c, void *ctx)
{
	struct export_ctx *x = ctx;

	buf_reset(&x->line);
	if (x->csv) {
		csv_row(&x->line, c);
	} else {
		call_to_json(c, &x->line);
		buf_putc(&x->line, '\n');
	}
	return fwrite(x->line.s, 1, x->line.len, x->out) != x->line.len;
}

enum status cli_export(struct cli_env *env, const struct cli_opts *o, FILE *out,
		       struct error *err)
{
	struct export_ctx x = {.out = out};
	int64_t from, to;
	enum status rc;

	if (o->format && strcmp(o->format, "jsonl") && strcmp(o->format, "csv"))
		return error_set(err, ST_USAGE, _("--format must be jsonl or csv, not \"%s\""),
				 o->format);
	if ((rc = cli_period(o, &from, &to, err)))
		return rc;
	x.csv = o->format && strcmp(o->format, "csv") == 0;
	buf_init(&x.line);
	if (x.csv && o->bom)
		fputs("\xEF\xBB\xBF", out);
	if (x.csv)
		fputs(csv_header, out);
	rc = store_calls_each(env->store, from, to, export_one, &x, err);
	buf_free(&x.line);
	if (!rc && (ferror(out) || fflush(out) != 0))
		rc = error_set(err, ST_IOERR, _("cannot write the export: %s"), strerror(errno));
	return rc;
}
