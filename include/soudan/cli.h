/* The command-line side of soudan: options shared by every program, and the
 * subcommands that are not the screen. No curses here. */
#ifndef SOUDAN_CLI_H
#define SOUDAN_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "soudan/config.h"
#include "soudan/error.h"
#include "soudan/store.h"

struct cli_opts {
	const char *config_path; /* -c, --config */
	const char *db_path;     /* --db */
	const char *from, *to;   /* --from, --to (YYYY-MM-DD) */
	const char *format;      /* --format */
	bool bom;                /* --bom */
	bool dry_run;            /* --dry-run */
	bool verify;             /* --verify */
	bool release;            /* --release (hold) */
	const char *anchor;      /* --anchor N:HASH (audit --verify) */
	bool coded_only;         /* --coded-only (export): no free text */
	bool labels;             /* --labels (export --format csv): labels, not keys */
	bool notes;              /* --notes (case): the notes too, audited */
};

struct cli_env {
	struct config cfg;
	struct store *store;
};

/* No core files: one of the intake screen would hold a caller's words. */
void cli_harden_process(void);

/* Load the configuration and open the database (--db over [database] path). */
enum status cli_open(struct cli_env *env, const struct cli_opts *o, unsigned store_flags,
		     struct error *err);
void cli_close(struct cli_env *env);

/* Local dates from --from/--to as UTC bounds [from, to); 0 where absent. */
enum status cli_period(const struct cli_opts *o, int64_t *from, int64_t *to, struct error *err);

enum status cli_import(struct cli_env *env, const char *file, FILE *msg, struct error *err);
enum status cli_export(struct cli_env *env, const struct cli_opts *o, FILE *out,
		       struct error *err);
enum status cli_check(struct cli_env *env, FILE *out, struct error *err);
enum status cli_audit(struct cli_env *env, const struct cli_opts *o, FILE *out,
		      struct error *err);

/* soudan resources import FILE | export [--format csv|jsonl] (resources.c). */
enum status cli_resources(struct cli_env *env, const struct cli_opts *o, int argc, char **argv,
			  struct error *err);
/* soudan case CODE [--format text|json] [--notes] (case.c): the summary to
 * hand over; ST_USAGE for a malformed code, ST_NOINPUT for an unknown case. */
enum status cli_case(struct cli_env *env, const struct cli_opts *o, const char *code, FILE *out,
		     struct error *err);
/* soudan purge [--dry-run] (purge.c). */
/* soudan hold [--release] ID...: a legal hold keeps a call's free text from
 * purge; supervisors only; each change audited. */
enum status cli_hold(struct cli_env *env, const struct cli_opts *o, int argc, char **argv,
		     FILE *out, struct error *err);
enum status cli_purge(struct cli_env *env, const struct cli_opts *o, FILE *out,
		      struct error *err);

#endif
