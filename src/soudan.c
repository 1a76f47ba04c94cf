/* soudan: the intake screen, and the subcommands that scripts use. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/tui.h"

static void usage(FILE *out)
{
	fputs(_("Usage: soudan [OPTION]... [COMMAND [ARG]...]\n"
		"With no command, open the intake screen.\n"
		"\n"
		"Commands:\n"
		"  import [FILE|-]              load calls from JSON Lines (all or nothing)\n"
		"  export [--from DATE] [--to DATE] [--format jsonl|csv] [--bom]\n"
		"         [--coded-only] [--labels]\n"
		"                               write calls, oldest first; --coded-only:\n"
		"                               no free text; --labels: labels in CSV\n"
		"  resources import FILE        load the referral directory (CSV)\n"
		"  resources export [--format csv|jsonl]\n"
		"  check                        integrity, schema, audit chain, permissions\n"
		"  purge [--dry-run]            blank old free text, keep coded values\n"
		"  hold [--release] ID...       keep calls from purge (a legal hold)\n"
		"  audit [--verify [--anchor N:HASH]]\n"
		"                               print the audit trail, or check its chain\n"
		"  case CODE [--format text|json] [--notes]\n"
		"                               a case summary to hand over (notes: audited)\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE  configuration file\n"
		"      --db FILE      database file\n"
		"  -h, --help         show this help\n"
		"  -V, --version      show the version\n"
		"\n"
		"See soudan(1).\n"),
	      out);
}

static enum status parse_options(int argc, char **argv, struct cli_opts *o, struct error *err)
{
	enum { OPT_DB = 256, OPT_FROM, OPT_TO, OPT_FORMAT, OPT_BOM, OPT_DRY_RUN, OPT_VERIFY,
	       OPT_RELEASE, OPT_ANCHOR, OPT_CODED_ONLY, OPT_LABELS, OPT_NOTES };
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'}, {"db", required_argument, NULL, OPT_DB},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
		{"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},
		{"format", required_argument, NULL, OPT_FORMAT}, {"bom", no_argument, NULL, OPT_BOM},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN}, {"verify", no_argument, NULL, OPT_VERIFY},
		{"release", no_argument, NULL, OPT_RELEASE},
		{"anchor", required_argument, NULL, OPT_ANCHOR},
		{"coded-only", no_argument, NULL, OPT_CODED_ONLY},
		{"labels", no_argument, NULL, OPT_LABELS},
		{"notes", no_argument, NULL, OPT_NOTES},
		{NULL, 0, NULL, 0},
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->config_path = optarg; break;
		case OPT_DB: o->db_path = optarg; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("soudan %s\n", SOUDAN_VERSION); exit(0);
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_BOM: o->bom = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case OPT_VERIFY: o->verify = true; break;
		case OPT_RELEASE: o->release = true; break;
		case OPT_ANCHOR: o->anchor = optarg; break;
		case OPT_CODED_ONLY: o->coded_only = true; break;
		case OPT_LABELS: o->labels = true; break;
		case OPT_NOTES: o->notes = true; break;
		default:
			return error_set(err, ST_USAGE, _("unknown or incomplete option \"%s\" (try --help)"),
					 argv[optind - 1]);
		}
	}
	return ST_OK;
}

static enum status run_command(struct cli_env *env, const struct cli_opts *o, int argc,
			       char **argv, struct error *err)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "import") == 0 && argc <= 2)
		return cli_import(env, argc == 2 ? argv[1] : NULL, stderr, err);
	if (strcmp(cmd, "export") == 0 && argc == 1)
		return cli_export(env, o, stdout, err);
	if (strcmp(cmd, "check") == 0 && argc == 1)
		return cli_check(env, stdout, err);
	if (strcmp(cmd, "audit") == 0 && argc == 1)
		return cli_audit(env, o, stdout, err);
	if (strcmp(cmd, "resources") == 0 && argc >= 2)
		return cli_resources(env, o, argc - 1, argv + 1, err);
	if (strcmp(cmd, "purge") == 0 && argc == 1)
		return cli_purge(env, o, stdout, err);
	if (strcmp(cmd, "case") == 0 && argc == 2)
		return cli_case(env, o, argv[1], stdout, err);
	if (strcmp(cmd, "hold") == 0 && argc >= 2)
		return cli_hold(env, o, argc - 1, argv + 1, stdout, err);
	return error_set(err, ST_USAGE, _("unknown command or wrong arguments: %s (try --help)"), cmd);
}

static unsigned store_flags_for(const char *cmd, const struct cli_opts *o)
{
	if (!cmd)
		return 0;
	/* Reading commands work for a user who may only read the database;
	 * reading notes writes its audit entries. */
	if (strcmp(cmd, "export") == 0 || strcmp(cmd, "audit") == 0 ||
	    (strcmp(cmd, "case") == 0 && !o->notes))
		return STORE_READONLY | STORE_NO_CREATE;
	if (strcmp(cmd, "case") == 0)
		return STORE_NO_CREATE;
	if (strcmp(cmd, "check") == 0)
		return STORE_NO_CREATE;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_opts o = {0};
	struct cli_env env;
	struct error err;
	enum status rc;
	const char *cmd;

	cli_harden_process();
	i18n_init();
	error_clear(&err);
	if ((rc = parse_options(argc, argv, &o, &err)))
		goto out;
	cmd = optind < argc ? argv[optind] : NULL;
	if ((rc = cli_open(&env, &o, store_flags_for(cmd, &o), &err)) == ST_OK) {
		if (cmd)
			rc = run_command(&env, &o, argc - optind, argv + optind, &err);
		else
			rc = tui_run(&env.cfg, env.store, &err);
	}
	cli_close(&env);
	/* A command's output that did not reach its file is a failure (a full
	 * disk, /dev/full), not a success with half a report. */
	if (!rc && cmd && (fflush(stdout) != 0 || ferror(stdout)))
		rc = error_set(&err, ST_IOERR, _("cannot write the output: %s"), strerror(errno));
out:
	if (rc)
		error_print("soudan", &err);
	return (int)rc;
}
