/* soudan check and soudan audit. */
#include <inttypes.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/roles.h"
#include "soudan/timeutil.h"

static void check_line(bool ok, const char *what, void *ctx)
{
	struct buf b;

	buf_init(&b);
	text_sanitize_to(&b, what, strlen(what), 0);
	fprintf(ctx, "%-4s %s\n", ok ? "ok" : "FAIL", b.s ? b.s : "");
	buf_free(&b);
}

enum status cli_check(struct cli_env *env, FILE *out, struct error *err)
{
	return store_check(env->store, check_line, out, err);
}

static void audit_field(struct buf *b, const char *v)
{
	buf_putc(b, '\t');
	if (v)
		text_sanitize_to(b, v, strlen(v), 0);
	else
		buf_putc(b, '-');
}

static int audit_line(const struct audit_entry *e, void *ctx)
{
	char when[40];
	struct buf b;

	time_format_iso(e->at, when, sizeof when);
	buf_init(&b);
	buf_printf(&b, "%" PRId64 "\t%s", e->seq, when);
	audit_field(&b, e->operator_name);
	audit_field(&b, e->action);
	audit_field(&b, e->entity);
	audit_field(&b, e->entity_id);
	audit_field(&b, e->after);
	buf_putc(&b, '\n');
	fputs(b.s, ctx);
	buf_free(&b);
	return 0;
}

enum status cli_audit(struct cli_env *env, const struct cli_opts *o, FILE *out,
		      struct error *err)
{
	struct audit_anchor want, head;
	enum status rc;

	/* The trail holds every call's before and after: supervisors only. Its
	 * verification shows no contents (soudan check runs it for anyone). */
	if (!o->verify && !roles_is_supervisor(&env->cfg))
		return error_set(err, ST_NOPERM, _("only supervisors (group %s) may read the audit trail"),
				 env->cfg.supervisor_group);
	if (o->anchor && !audit_anchor_parse(o->anchor, &want))
		return error_set(err, ST_USAGE, _("--anchor takes N:HASH (an entry number and its"
						  " 64-digit hash), as audit --verify prints it"));
	if (o->anchor && !o->verify)
		return error_set(err, ST_USAGE, _("--anchor goes with --verify"));
	if (!o->verify)
		return store_audit_each(env->store, audit_line, out, err);
	if ((rc = store_audit_verify(env->store, o->anchor ? &want : NULL, &head, err)))
		return rc;
	fprintf(out, _("audit trail: %" PRId64 " entries, chain intact\n"), head.seq);
	if (o->anchor)
		fprintf(out, _("entry %" PRId64 " still has the anchored hash\n"), want.seq);
	/* What to write down (or print) to check against later with --anchor. */
	fprintf(out, _("anchor: %" PRId64 ":%s\n"), head.seq, head.hash);
	return ST_OK;
}
