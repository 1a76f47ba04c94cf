/* soudan purge [--dry-run]: retention of free text, for supervisors. */
#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/roles.h"
#include "soudan/timeutil.h"

enum status cli_hold(struct cli_env *env, const struct cli_opts *o, int argc, char **argv,
		     FILE *out, struct error *err)
{
	enum status rc;

	if (!roles_is_supervisor(&env->cfg))
		return error_set(err, ST_NOPERM,
				 _("only supervisors (group %s) may place or release a legal hold"),
				 env->cfg.supervisor_group);
	/* One call at a time, each its own transaction: what was done is printed. */
	for (int i = 0; i < argc; i++) {
		if ((rc = store_call_hold(env->store, argv[i], !o->release, err)))
			return rc;
		fprintf(out, o->release ? _("released: %s\n") : _("on legal hold: %s\n"), argv[i]);
	}
	return ST_OK;
}

enum status cli_purge(struct cli_env *env, const struct cli_opts *o, FILE *out,
		      struct error *err)
{
	struct purge_counts n;
	int days = env->cfg.retention_days;
	struct date cut;
	enum status rc;

	if (!roles_is_supervisor(&env->cfg))
		return error_set(err, ST_NOPERM, _("only supervisors (group %s) may purge"),
				 env->cfg.supervisor_group);
	if (days <= 0) {
		fprintf(out, _("retention is off ([retention] notes_days = 0): nothing purged\n"));
		return ST_OK;
	}
	/* Whole local days: everything started before midnight `days` days ago. */
	cut = date_add_days(date_of(time_now()), -days);
	if ((rc = store_purge(env->store, date_start(cut), o->dry_run, store_whoami(), &n, err)))
		return rc;
	fprintf(out,
		o->dry_run ? _("would blank: %ld notes, %ld referral notes, %ld nicknames; remove %ld "
			       "drafts; keep %ld calls on legal hold\n")
			   : _("blanked: %ld notes, %ld referral notes, %ld nicknames; removed %ld "
			       "drafts; kept %ld calls on legal hold\n"),
		n.notes, n.referral_notes, n.nicknames, n.drafts, n.held);
	fprintf(out, o->dry_run ? _("would blank: %ld handover notes of cases\n")
				: _("blanked: %ld handover notes of cases\n"),
		n.case_notes);
	fprintf(out, o->dry_run ? _("would remove: %ld shift log entries\n")
				: _("removed: %ld shift log entries\n"),
		n.shift_log);
	if (o->dry_run)
		return ST_OK;
	if (n.wipe_owed)
		/* Said plainly, and finished by the next start of soudan or check. */
		fprintf(out, _("NOT YET GONE: the blanked text is still in %s-wal while another"
			       " session reads; it is wiped at the next start of soudan or by soudan"
			       " check\n"),
			store_path(env->store));
	else
		fprintf(out, _("the blanked text is gone from the database and its journal\n"));
	return ST_OK;
}
