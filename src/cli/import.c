/* soudan import: JSON Lines in, one transaction, all or nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/lineio.h"

#define IMPORT_LINE_MAX (2 * 1024 * 1024) /* a call's notes are at most 256 KiB */

static void import_defaults(struct call *c, const struct config *cfg)
{
	if (!c->id[0])
		id_new(c->id);
	if (!c->site)
		c->site = xstrdup(cfg->site);
	if (!c->operator_name)
		c->operator_name = xstrdup(store_whoami());
	call_fill_unknown(c, cfg);
}

/* Parse, complete, validate and insert one line; err gets file and line. */
static enum status import_line(struct cli_env *env, const char *name, long lineno,
			       const char *line, size_t len, struct error *err)
{
	struct call c;
	enum status rc;

	call_init(&c);
	if (!(rc = store_call_from_json(env->store, line, len, &c, err))) {
		import_defaults(&c, &env->cfg);
		if (!(rc = call_validate(&c, &env->cfg, err)))
			rc = store_call_insert(env->store, &c, err);
	}
	call_free(&c);
	if (rc) {
		snprintf(err->file, sizeof err->file, "%s", name);
		err->line = lineno;
	}
	return rc;
}

static enum status import_stream(struct cli_env *env, FILE *in, const char *name, long *count,
				 struct error *err)
{
	struct buf line;
	enum line_result lr;
	long lineno = 0;
	enum status rc = ST_OK;
	const char *nul;

	buf_init(&line);
	/* Bounded while reading: /dev/full is one endless line of NUL bytes. */
	while (!rc && (lr = line_read(in, &line, IMPORT_LINE_MAX)) != LINE_EOF) {
		lineno++;
		if (lr == LINE_ERROR)
			rc = error_at(err, ST_IOERR, name, lineno, NULL, _("read error: %s"),
				      strerror(errno));
		else if (lr == LINE_TOO_LONG)
			rc = error_at(err, ST_DATAERR, name, lineno, NULL,
				      _("line longer than %d bytes"), IMPORT_LINE_MAX);
		else if ((nul = memchr(line.s, '\0', line.len)))
			/* What follows a NUL would never be seen by the parser. */
			rc = error_at(err, ST_DATAERR, name, lineno, NULL,
				      _("a NUL byte at byte %zu"), (size_t)(nul - line.s) + 1);
		else if (strspn(line.s, " \t") == line.len)
			continue;
		else if (!(rc = import_line(env, name, lineno, line.s, line.len, err)))
			(*count)++;
	}
	buf_free(&line);
	return rc;
}

static enum status import_audit(struct cli_env *env, const char *name, long count,
				struct error *err)
{
	struct buf after;
	enum status rc;

	buf_init(&after);
	buf_puts(&after, "{\"file\":");
	buf_json_string(&after, name);
	buf_printf(&after, ",\"calls\":%ld}", count);
	rc = store_audit(env->store, store_whoami(), "import", "calls", NULL, NULL, after.s, err);
	buf_free(&after);
	return rc;
}

enum status cli_import(struct cli_env *env, const char *file, FILE *msg, struct error *err)
{
	bool use_stdin = !file || strcmp(file, "-") == 0;
	const char *name = use_stdin ? "-" : file;
	FILE *in = use_stdin ? stdin : fopen(file, "r");
	long count = 0;
	enum status rc;

	if (!in)
		return error_at(err, errno == EACCES ? ST_NOPERM : ST_NOINPUT, name, 0, NULL, "%s",
				strerror(errno));
	if (!(rc = store_begin(env->store, err))) {
		if ((rc = import_stream(env, in, name, &count, err)) ||
		    (rc = import_audit(env, name, count, err)))
			store_rollback(env->store);
		else
			rc = store_commit(env->store, err);
	}
	if (!use_stdin)
		fclose(in);
	if (!rc && msg)
		fprintf(msg, _("imported %ld calls\n"), count);
	return rc;
}
