/* soudan export: calls out, oldest first, as JSON Lines or CSV. --coded-only
 * leaves out every word typed (notes, nicknames, referral notes): what may
 * leave the office for a prefecture or a researcher; --labels writes the
 * configured labels instead of the keys in CSV, for a spreadsheet. */
#include <errno.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

struct export_ctx {
	FILE *out;
	struct buf line;
	bool csv, coded_only, labels;
	const struct config *cfg;
};

static const char *const csv_header =
	"id,site,operator,started_at,ended_at,call_type,channel,contact,case,nickname,caller,"
	"caller_age,age_band,gender,withdrawal,region,heard_via,concerns,responses,risks,urgency,"
	"referrals,outcome,continuation_reasons,next_contact,assigned_to,debrief,notes\r\n";

/* A code as written: its key, or with --labels its label (a key the
 * configuration no longer has: the key). */
static const char *code_shown(const struct export_ctx *x, enum list_id list, const char *key)
{
	const char *label;

	if (!key || !x->labels)
		return key;
	label = codelist_label(config_list(x->cfg, list), key);
	return label ? label : key;
}

static void csv_list(struct buf *b, const struct export_ctx *x, enum list_id list,
		     const struct strlist *l)
{
	struct buf joined;

	buf_init(&joined);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_putc(&joined, ';');
		buf_puts(&joined, code_shown(x, list, l->v[i]));
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
			   c->referrals[i].consent == CONSENT_YES  ? "consent"
			   : c->referrals[i].consent == CONSENT_NO ? "no-consent"
								    : "consent-unset");
	buf_csv_field(b, joined.s ? joined.s : "");
	buf_putc(b, ',');
	buf_free(&joined);
}

static void csv_str(struct buf *b, const char *s)
{
	buf_csv_field(b, s ? s : "");
	buf_putc(b, ',');
}

static void csv_code(struct buf *b, const struct export_ctx *x, const struct call *c, int f)
{
	csv_str(b, code_shown(x, call_coded_info[f].list, c->coded[f]));
}

static void csv_multi(struct buf *b, const struct export_ctx *x, const struct call *c, int m)
{
	csv_list(b, x, call_multi_info[m].list, &c->multi[m]);
}

static void csv_time(struct buf *b, int64_t t)
{
	char iso[40] = "";

	if (t)
		time_format_iso(t, iso, sizeof iso);
	csv_str(b, iso);
}

static void csv_row(struct buf *b, const struct export_ctx *x, const struct call *c)
{
	csv_str(b, c->id);
	csv_str(b, c->site);
	csv_str(b, c->operator_name);
	csv_time(b, c->started_at);
	csv_time(b, c->ended_at);
	for (int i = CF_CALL_TYPE; i <= CF_CONTACT; i++)
		csv_code(b, x, c, i);
	csv_str(b, c->case_code);
	csv_str(b, c->nickname);
	for (int i = CF_CALLER; i <= CF_HEARD_VIA; i++)
		csv_code(b, x, c, i);
	csv_multi(b, x, c, CM_CONCERNS);
	csv_multi(b, x, c, CM_RESPONSES);
	csv_multi(b, x, c, CM_RISKS);
	csv_code(b, x, c, CF_URGENCY);
	csv_referrals(b, c);
	csv_code(b, x, c, CF_OUTCOME);
	csv_multi(b, x, c, CM_CONTINUATION_REASONS);
	csv_str(b, c->next_contact);
	csv_str(b, c->assigned_to);
	csv_str(b, c->debrief ? "true" : "false");
	buf_csv_field(b, c->notes);
	buf_puts(b, "\r\n");
}

/* The call without what was typed in words: notes empty, nickname and
 * referral notes null (an import of it keeps a case's nickname as it is). */
static void strip_free_text(struct call *c)
{
	call_set(&c->notes, "");
	call_set(&c->nickname, NULL);
	for (size_t i = 0; i < c->nreferrals; i++)
		call_set(&c->referrals[i].note, NULL);
}

static int export_one(const struct call *c, void *ctx)
{
	struct export_ctx *x = ctx;
	struct call coded;

	if (x->coded_only) {
		call_copy(&coded, c);
		strip_free_text(&coded);
		c = &coded;
	}
	buf_reset(&x->line);
	if (x->csv) {
		csv_row(&x->line, x, c);
	} else {
		call_to_json(c, &x->line);
		buf_putc(&x->line, '\n');
	}
	if (x->coded_only)
		call_free(&coded);
	return fwrite(x->line.s, 1, x->line.len, x->out) != x->line.len;
}

enum status cli_export(struct cli_env *env, const struct cli_opts *o, FILE *out,
		       struct error *err)
{
	struct export_ctx x = {.out = out, .coded_only = o->coded_only, .labels = o->labels,
			       .cfg = &env->cfg};
	int64_t from, to;
	enum status rc;

	if (o->format && strcmp(o->format, "jsonl") && strcmp(o->format, "csv"))
		return error_set(err, ST_USAGE, _("--format must be jsonl or csv, not \"%s\""),
				 o->format);
	if ((rc = cli_period(o, &from, &to, err)))
		return rc;
	x.csv = o->format && strcmp(o->format, "csv") == 0;
	/* JSON Lines is read back by import, which takes keys only. */
	if (o->labels && !x.csv)
		return error_set(err, ST_USAGE, _("--labels is for --format csv"));
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
