/* soudan import: JSON Lines in, all or nothing, without stopping the line.
 *
 * Reading and checking take no lock: every line is parsed, completed and
 * validated (codes, rights, ids, resources) into a private staging file
 * first, so that a supervisor importing from a slow pipe, or one who forgot
 * the file and left it waiting on standard input, blocks nobody. Only then is
 * the database written, a batch of at most about 50 ms at a time, so that
 * operators' saves go in between (store.h: the writers' queue); the import's
 * calls stay invisible until its last transaction shows them all at once
 * (store_import_begin). A failure, or a kill, leaves nothing anyone sees. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/lineio.h"
#include "soudan/roles.h"

#define IMPORT_LINE_MAX (2 * 1024 * 1024) /* a call's notes are at most 256 KiB */
#define BATCH_MS 50                       /* a write transaction, at most about */
#define BATCH_CALLS 2000

/* The ids seen in this import, 16 bytes each (a million calls: 32 MB at
 * most, with the table half empty): open addressing on the id's bits. */
struct idkey {
	unsigned char b[16];
};

struct idset {
	struct idkey *v;
	unsigned char *used;
	size_t n, cap;
};

static void idkey_of(const char *id, struct idkey *k)
{
	size_t j = 0;

	memset(k, 0, sizeof *k);
	for (const char *p = id; *p && j < 32; p++) {
		int x = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
			: *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (x < 0)
			continue; /* the hyphens */
		k->b[j / 2] |= (unsigned char)(j % 2 ? x : x << 4);
		j++;
	}
}

static size_t idkey_slot(const struct idkey *k, size_t cap)
{
	uint64_t h;

	memcpy(&h, k->b, sizeof h); /* random ids: their bits hash well enough */
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

/* False when id was there already. */
static bool idset_add(struct idset *set, const char *id)
{
	struct idkey k;
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct idset bigger = {NULL, NULL, 0, set->cap ? 2 * set->cap : 4096};

		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		bigger.used = xcalloc(bigger.cap, 1);
		for (size_t j = 0; j < set->cap; j++)
			if (set->used[j]) {
				for (i = idkey_slot(&set->v[j], bigger.cap); bigger.used[i];
				     i = (i + 1) & (bigger.cap - 1))
					;
				bigger.v[i] = set->v[j];
				bigger.used[i] = 1;
				bigger.n++;
			}
		free(set->v);
		free(set->used);
		*set = bigger;
	}
	idkey_of(id, &k);
	for (i = idkey_slot(&k, set->cap); set->used[i]; i = (i + 1) & (set->cap - 1))
		if (memcmp(set->v[i].b, k.b, sizeof k.b) == 0)
			return false;
	set->v[i] = k;
	set->used[i] = 1;
	set->n++;
	return true;
}

static void idset_free(struct idset *set)
{
	free(set->v);
	free(set->used);
}

/* A case's nickname as this import leaves it: new cases, and changes to
 * existing ones (supervisors; applied in the last transaction). */
struct nick {
	char code[CASE_CODE_LEN + 1];
	char *nickname;
	bool change; /* of a case that was there before */
};

struct import {
	struct cli_env *env;
	const char *name;
	FILE *stage;
	bool supervisor;
	struct idset ids;
	struct nick *nicks;
	size_t nnicks;
	long read, staged, written;
	bool progress;
	int64_t progress_at;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void import_progress(struct import *im, bool last)
{
	if (!im->progress || (!last && mono_ms() - im->progress_at < 500))
		return;
	im->progress_at = mono_ms();
	fputc('\r', stderr);
	fprintf(stderr, _("read %ld, checked %ld, written %ld calls"), im->read, im->staged,
		im->written);
	if (last)
		fputc('\n', stderr);
}

static void import_defaults(struct call *c, const struct config *cfg)
{
	char canon[CASE_CODE_LEN + 1];

	if (!c->id[0])
		id_new(c->id);
	if (!c->site)
		c->site = xstrdup(cfg->site);
	if (!c->operator_name)
		c->operator_name = xstrdup(store_whoami());
	/* K7Q2-9MXD, k7q2-9mxd and K7Q29MXD are one case. */
	if (c->case_code && case_code_normalize(c->case_code, canon))
		call_set(&c->case_code, canon);
	call_fill_unknown(c, cfg);
}

static struct nick *nick_find(struct import *im, const char *code)
{
	for (size_t i = 0; i < im->nnicks; i++)
		if (strcmp(im->nicks[i].code, code) == 0)
			return &im->nicks[i];
	return NULL;
}

static struct nick *nick_add(struct import *im, const char *code, const char *nickname,
			     bool change)
{
	struct nick *n;

	im->nicks = xrealloc(im->nicks, (im->nnicks + 1) * sizeof *im->nicks);
	n = &im->nicks[im->nnicks++];
	snprintf(n->code, sizeof n->code, "%s", code);
	n->nickname = nickname ? xstrdup(nickname) : NULL;
	n->change = change;
	return n;
}

/* The case a call names: a new one, the one there, or a change to its
 * nickname, which only a supervisor may make (the same as in the form). */
static enum status import_case(struct import *im, const struct call *c, struct error *err)
{
	struct case_info ci;
	struct nick *n;
	bool found;
	enum status rc;

	if (!c->case_code)
		return ST_OK;
	if (!(n = nick_find(im, c->case_code))) {
		if ((rc = store_case_get(im->env->store, c->case_code, &ci, &found, err)))
			return rc;
		n = nick_add(im, c->case_code, found ? ci.nickname : c->nickname, false);
		if (found)
			case_info_free(&ci);
		else
			return ST_OK; /* new: created with this call's nickname */
	}
	if (!c->nickname || (n->nickname && strcmp(n->nickname, c->nickname) == 0))
		return ST_OK;
	if (!im->supervisor)
		return error_at(err, ST_NOPERM, NULL, 0, "nickname",
				_("case %s is known as \"%s\": only a supervisor may change its"
				  " nickname"),
				c->case_code, n->nickname ? n->nickname : "");
	call_set(&n->nickname, c->nickname);
	n->change = true;
	return ST_OK;
}

/* Everything that can be checked before writing: the line is a call this
 * user may import, and it would go in. */
static enum status import_check(struct import *im, const struct call *c, struct error *err)
{
	bool exists;
	enum status rc;

	if (c->ended_at && c->ended_at - c->started_at > (int64_t)im->env->cfg.max_call_hours * 3600)
		return error_at(err, ST_DATAERR, NULL, 0, "ended_at",
				_("the call would last %lld hours, longer than [site] max_call_hours"
				  " (%d)"),
				(long long)((c->ended_at - c->started_at) / 3600),
				im->env->cfg.max_call_hours);
	if (strcmp(c->operator_name, store_whoami()) != 0 && !im->supervisor)
		return error_at(err, ST_NOPERM, NULL, 0, "operator",
				_("only a supervisor may import calls in another operator's name"
				  " (you are %s)"),
				store_whoami());
	if (!idset_add(&im->ids, c->id))
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("duplicate id %s"), c->id);
	if ((rc = store_call_exists(im->env->store, c->id, &exists, err)))
		return rc;
	if (exists)
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("duplicate id %s"), c->id);
	if ((rc = store_call_check_referrals(im->env->store, c, err)))
		return rc;
	return import_case(im, c, err);
}

/* Parse, complete and check one line; staged as "LINE<TAB>JSON". */
static enum status import_stage_line(struct import *im, long lineno, const char *line,
				     size_t len, struct buf *json, struct error *err)
{
	struct call c;
	enum status rc;

	call_init(&c);
	if (!(rc = store_call_from_json(im->env->store, line, len, &c, err))) {
		import_defaults(&c, &im->env->cfg);
		if (!(rc = call_validate(&c, &im->env->cfg, err)) && !(rc = import_check(im, &c, err))) {
			buf_reset(json);
			buf_printf(json, "%ld\t", lineno);
			call_to_json(&c, json);
			buf_putc(json, '\n');
			if (fwrite(json->s, 1, json->len, im->stage) != json->len)
				rc = error_set(err, ST_IOERR, _("cannot write the staging file: %s"),
					       strerror(errno));
		}
	}
	call_free(&c);
	return rc;
}

static enum status import_read(struct import *im, FILE *in, struct error *err)
{
	struct buf line, json;
	enum line_result lr;
	long lineno = 0;
	enum status rc = ST_OK;
	const char *nul;

	buf_init(&line);
	buf_init(&json);
	/* Bounded while reading: /dev/full is one endless line of NUL bytes. */
	while (!rc && (lr = line_read(in, &line, IMPORT_LINE_MAX)) != LINE_EOF) {
		lineno++;
		if (lr == LINE_ERROR)
			rc = error_set(err, ST_IOERR, _("read error: %s"), strerror(errno));
		else if (lr == LINE_TOO_LONG)
			rc = error_set(err, ST_DATAERR, _("line longer than %d bytes"),
				       IMPORT_LINE_MAX);
		else if ((nul = memchr(line.s, '\0', line.len)))
			/* What follows a NUL would never be seen by the parser. */
			rc = error_set(err, ST_DATAERR, _("a NUL byte at byte %zu"),
				       (size_t)(nul - line.s) + 1);
		else if (strspn(line.s, " \t") == line.len)
			continue;
		else if (!(rc = import_stage_line(im, lineno, line.s, line.len, &json, err)))
			im->staged++;
		im->read += lr == LINE_OK;
		import_progress(im, false);
	}
	if (rc) {
		snprintf(err->file, sizeof err->file, "%s", im->name);
		err->line = lineno;
	}
	buf_free(&line);
	buf_free(&json);
	return rc;
}

/* The ids of a batch, for its audit entry: who imported which calls. */
static enum status import_batch_audit(struct import *im, const struct buf *ids,
				      struct error *err)
{
	struct buf after;
	enum status rc;

	buf_init(&after);
	buf_printf(&after, "{\"import\":\"%s\",\"ids\":[%s]}", store_import_id(im->env->store),
		   ids->s ? ids->s : "");
	rc = store_audit(im->env->store, store_whoami(), "import_batch", "calls", NULL, NULL,
			 after.s, err);
	buf_free(&after);
	return rc;
}

static enum status import_publish_nicknames(struct import *im, struct error *err)
{
	enum status rc;

	for (size_t i = 0; i < im->nnicks; i++)
		if (im->nicks[i].change &&
		    (rc = store_case_rename(im->env->store, im->nicks[i].code, im->nicks[i].nickname,
					    store_whoami(), err)))
			return rc;
	return ST_OK;
}

/* At the end of the last batch: nickname changes, the audit entry, and
 * everything the import wrote shown at once. */
static enum status import_publish(struct import *im, struct error *err)
{
	struct store *s = im->env->store;
	struct buf after;
	enum status rc;

	buf_init(&after);
	buf_printf(&after, "{\"import\":\"%s\",\"file\":", store_import_id(s));
	buf_json_string(&after, im->name);
	buf_printf(&after, ",\"calls\":%ld}", im->written);
	if (!(rc = import_publish_nicknames(im, err)) &&
	    !(rc = store_audit(s, store_whoami(), "import", "calls", NULL, NULL, after.s, err)))
		rc = store_import_publish(s, err);
	buf_free(&after);
	return rc;
}

/* Calls from the staging file until about BATCH_MS have passed, in one
 * transaction. The first registers the import, the last publishes it: an
 * import of one batch is one transaction, and a failure in the first leaves
 * nothing at all. *more: lines are left. */
static enum status import_batch(struct import *im, struct buf *line, bool first, bool *more,
				struct error *err)
{
	struct store *s = im->env->store;
	int64_t t0 = mono_ms();
	struct buf ids;
	enum line_result lr = LINE_OK;
	enum status rc;
	long n = 0, lineno = 0;

	if ((rc = store_begin(s, err)))
		return rc;
	buf_init(&ids);
	rc = first ? store_import_begin(s, im->name, err) : store_import_heartbeat(s, err);
	while (!rc && n < BATCH_CALLS && mono_ms() - t0 < BATCH_MS &&
	       (lr = line_read(im->stage, line, 4 * IMPORT_LINE_MAX)) == LINE_OK) {
		char *json = strchr(line->s, '\t');
		struct call c;

		lineno = strtol(line->s, NULL, 10);
		call_init(&c);
		if (!json)
			rc = error_set(err, ST_SOFTWARE, _("the staging file is damaged"));
		else if (!(rc = store_call_from_json(s, json + 1, strlen(json + 1), &c, err)) &&
			 !(rc = store_call_insert(s, &c, err)))
			buf_printf(&ids, "%s\"%s\"", n++ ? "," : "", c.id);
		call_free(&c);
	}
	if (!rc && lr == LINE_ERROR)
		rc = error_set(err, ST_IOERR, _("cannot read the staging file: %s"), strerror(errno));
	if (!rc && lr == LINE_OK) /* at a limit: is anything left? */
		lr = (getc(im->stage) == EOF) ? LINE_EOF : (fseek(im->stage, -1, SEEK_CUR), LINE_OK);
	if (!rc && n)
		rc = import_batch_audit(im, &ids, err);
	im->written += rc ? 0 : n;
	if (!rc && lr == LINE_EOF)
		rc = import_publish(im, err);
	buf_free(&ids);
	if (rc) {
		store_rollback(s);
		if (lineno && !err->line) {
			snprintf(err->file, sizeof err->file, "%s", im->name);
			err->line = lineno;
		}
		return rc;
	}
	*more = lr == LINE_OK;
	import_progress(im, false);
	return store_commit(s, err);
}

static enum status import_write(struct import *im, struct error *err)
{
	struct buf line;
	bool more = true, first = true;
	enum status rc = ST_OK;
	struct error drop;

	if (fflush(im->stage) != 0 || fseek(im->stage, 0, SEEK_SET) != 0)
		return error_set(err, ST_IOERR, _("cannot write the staging file: %s"),
				 strerror(errno));
	buf_init(&line);
	while (!rc && more) {
		rc = import_batch(im, &line, first, &more, err);
		first = first && rc;
	}
	buf_free(&line);
	if (rc && !first) {
		error_clear(&drop);
		store_import_discard(im->env->store, &drop); /* else the next import or check */
	}
	store_import_end(im->env->store);
	return rc;
}

/* A file for the checked calls, readable by us alone and gone when we are:
 * it holds what callers said. */
static FILE *stage_open(struct error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;
	FILE *fp;

	snprintf(path, sizeof path, "%s/soudan-import-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		error_set(err, ST_CANTCREAT, _("cannot make a staging file in %s: %s"),
			  dir && *dir ? dir : "/tmp", strerror(errno));
		return NULL;
	}
	unlink(path);
	if (!(fp = fdopen(fd, "w+"))) {
		close(fd);
		error_set(err, ST_CANTCREAT, _("cannot make a staging file: %s"), strerror(errno));
	}
	return fp;
}

enum status cli_import(struct cli_env *env, const char *file, FILE *msg, struct error *err)
{
	bool use_stdin = !file || strcmp(file, "-") == 0;
	struct import im = {.env = env, .name = use_stdin ? "-" : file};
	FILE *in = use_stdin ? stdin : fopen(file, "r");
	long reaped = 0;
	enum status rc;

	if (!in)
		return error_at(err, errno == EACCES ? ST_NOPERM : ST_NOINPUT, im.name, 0, NULL,
				"%s", strerror(errno));
	im.supervisor = roles_is_supervisor(&env->cfg);
	im.progress = isatty(STDERR_FILENO);
	if ((rc = store_imports_reap(env->store, &reaped, err)) == ST_OK &&
	    (im.stage = stage_open(err)) && (rc = import_read(&im, in, err)) == ST_OK) {
		rc = import_write(&im, err);
	} else if (!rc) {
		rc = err->status;
	}
	if (im.progress)
		import_progress(&im, true);
	if (im.stage)
		fclose(im.stage);
	if (!use_stdin)
		fclose(in);
	idset_free(&im.ids);
	for (size_t i = 0; i < im.nnicks; i++)
		free(im.nicks[i].nickname);
	free(im.nicks);
	if (reaped && msg)
		fprintf(msg, _("removed %ld calls of an import that did not finish\n"), reaped);
	if (!rc && msg)
		fprintf(msg, _("imported %ld calls\n"), im.written);
	return rc;
}
