/* soudan resources import FILE | export [--format csv|jsonl]: the referral
 * directory in and out as CSV, so that a supervisor can keep it in a
 * spreadsheet or move it to and from Open Referral (HSDS) tools. */
#include <libintl.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/resources.h"
#include "soudan/roles.h"

static enum status resources_usage(struct error *err)
{
	return error_set(err, ST_USAGE,
			 _("usage: soudan resources import FILE | "
			   "soudan resources export [--format csv|jsonl] [--bom]"));
}

static enum status resources_cli_import(struct cli_env *env, const char *file,
					struct error *err)
{
	long n = 0;
	enum status rc;

	/* The directory is what every operator refers callers to: supervisors
	 * manage it, as on the directory screen (resources_save). */
	if (!roles_is_supervisor(&env->cfg))
		return error_set(err, ST_NOPERM,
				 _("only supervisors (group %s) may import the referral directory"),
				 env->cfg.supervisor_group);
	if (!(rc = resources_import(env->store, &env->cfg, file, &n, err)))
		fprintf(stderr, ngettext("imported %ld resource\n", "imported %ld resources\n",
					 (unsigned long)n),
			n);
	return rc;
}

static enum status resources_cli_export(struct cli_env *env, const struct cli_opts *o,
					struct error *err)
{
	bool csv = !o->format || strcmp(o->format, "csv") == 0;

	if (o->from || o->to)
		return error_set(err, ST_USAGE, _("--from and --to do not apply to the directory"));
	/* Excel on Japanese Windows reads a CSV as Shift_JIS unless it has a BOM. */
	if (csv && o->bom)
		fputs("\xEF\xBB\xBF", stdout);
	return resources_export(env->store, o->format, stdout, err);
}

enum status cli_resources(struct cli_env *env, const struct cli_opts *o, int argc, char **argv,
			  struct error *err)
{
	if (argc < 1)
		return resources_usage(err);
	if (strcmp(argv[0], "import") == 0)
		return argc == 2 ? resources_cli_import(env, argv[1], err) : resources_usage(err);
	if (strcmp(argv[0], "export") == 0)
		return argc == 1 ? resources_cli_export(env, o, err) : resources_usage(err);
	return resources_usage(err);
}
