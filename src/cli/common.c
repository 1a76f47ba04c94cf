#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

void cli_harden_process(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
}

enum status cli_open(struct cli_env *env, const struct cli_opts *o, unsigned store_flags,
		     struct error *err)
{
	enum status rc;

	memset(env, 0, sizeof *env);
	if ((rc = config_load(&env->cfg, o->config_path, err)) ||
	    (rc = config_apply_timezone(&env->cfg, err)))
		return rc;
	return store_open(&env->store, o->db_path ? o->db_path : env->cfg.db_path, store_flags,
			  env->cfg.busy_timeout_ms, err);
}

void cli_close(struct cli_env *env)
{
	store_close(env->store);
	env->store = NULL;
	config_free(&env->cfg);
}

static enum status parse_day(const char *opt, const char *s, struct date *d, struct error *err)
{
	if (!date_parse(s, d))
		return error_set(err, ST_USAGE, _("%s: \"%s\" is not a date (YYYY-MM-DD)"), opt, s);
	return ST_OK;
}

enum status cli_period(const struct cli_opts *o, int64_t *from, int64_t *to, struct error *err)
{
	struct date f, t;
	enum status rc;

	*from = *to = 0;
	if (o->from) {
		if ((rc = parse_day("--from", o->from, &f, err)))
			return rc;
		*from = date_start(f);
	}
	if (o->to) {
		if ((rc = parse_day("--to", o->to, &t, err)))
			return rc;
		if (o->from && date_cmp(f, t) > 0)
			return error_set(err, ST_USAGE, _("--from %s is after --to %s"), o->from, o->to);
		*to = date_start(date_add_days(t, 1));
	}
	return ST_OK;
}
