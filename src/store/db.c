/* Opening, hardening, migrating and checking the database. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "schema.h"
#include "soudan/i18n.h"

static enum status fail_code(struct store *s, int rc, const char *msg, const char *what,
			     struct error *err);

enum status store_fail(struct store *s, const char *what, struct error *err)
{
	return fail_code(s, sqlite3_extended_errcode(s->db), sqlite3_errmsg(s->db), what, err);
}

static enum status fail_code(struct store *s, int rc, const char *msg, const char *what,
			     struct error *err)
{
	enum status st;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return error_set(err, ST_TEMPFAIL, _("%s: the database is busy (%s)"), what, msg);
	case SQLITE_FULL:
		return error_set(err, ST_IOERR, _("%s: the disk is full (%s)"), what, msg);
	case SQLITE_IOERR:
		/* A write refused by the system: out of space, quota or file size. */
		if (sqlite3_system_errno(s->db) == ENOSPC || sqlite3_system_errno(s->db) == EDQUOT)
			return error_set(err, ST_IOERR, _("%s: the disk is full (%s)"), what, msg);
		if (sqlite3_system_errno(s->db) == EFBIG)
			return error_set(err, ST_IOERR,
					 _("%s: the database file has reached its size limit (%s)"),
					 what, msg);
		st = ST_IOERR;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return error_set(err, ST_NOPERM, _("%s: the database is read-only for you (%s)"),
				 what, msg);
	case SQLITE_CANTOPEN:
		/* A file or directory of someone else's: say so, not "cannot create". */
		if (sqlite3_system_errno(s->db) == EACCES || sqlite3_system_errno(s->db) == EPERM)
			return error_set(err, ST_NOPERM, _("%s: permission denied (%s)"), what, msg);
		st = ST_CANTCREAT;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(err, ST_DATAERR, _("%s: the database is damaged or not a database (%s)"),
				 what, msg);
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_TOOBIG:
		st = ST_DATAERR;
		break;
	default:
		st = ST_SOFTWARE;
	}
	return error_set(err, st, "%s: %s", what, msg);
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

char *store_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

void store_column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	size_t n = t ? strlen(t) : 0;

	if (n >= size) /* back to the start of a character */
		for (n = size - 1; n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80; n--)
			;
	memcpy(out, t ? t : "", n);
	out[n] = '\0';
}

void store_inject_step_failure(struct store *s, long nth, int rc)
{
	s->fail_step = nth;
	s->fail_rc = rc;
}

enum step store_step(struct store *s, sqlite3_stmt *st, const char *what, struct error *err)
{
	int rc;

	if (s->fail_step > 0 && --s->fail_step == 0) {
		sqlite3_reset(st);
		fail_code(s, s->fail_rc, sqlite3_errstr(s->fail_rc), what, err);
		return STEP_ERROR;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return STEP_ROW;
	if (rc != SQLITE_DONE) {
		store_fail(s, what, err);
		sqlite3_reset(st);
		return STEP_ERROR;
	}
	sqlite3_reset(st);
	return STEP_DONE;
}

enum status store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct error *err)
{
	switch (store_step(s, st, what, err)) {
	case STEP_ROW: return ST_OK;
	case STEP_DONE: return error_set(err, ST_SOFTWARE, "%s: no result", what);
	default: return err->status;
	}
}

enum status store_exec_stmt(struct store *s, sqlite3_stmt *st, const char *what, struct error *err)
{
	enum step r;

	while ((r = store_step(s, st, what, err)) == STEP_ROW)
		;
	return r == STEP_ERROR ? err->status : ST_OK;
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct error *err)
{
	struct stmt_cache *c;

	for (c = s->stmts; c; c = c->next)
		if (c->sql == sql || strcmp(c->sql, sql) == 0) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c->stmt;
		}
	c = xcalloc(1, sizeof *c);
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt, NULL) != SQLITE_OK) {
		store_fail(s, "prepare", err);
		if (err)
			snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
				 " in: %.200s", sql);
		free(c);
		return NULL;
	}
	c->sql = sql;
	c->next = s->stmts;
	s->stmts = c;
	return c->stmt;
}

static enum status exec_sql(struct store *s, const char *sql, const char *what, struct error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, what, err);
	return ST_OK;
}

/* Interrupts a writer waiting for its turn (queue_lock_within). */
#define QUEUE_SIGNAL (SIGRTMIN + 3)

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void store_set_queue_wait(struct store *s, int ms)
{
	s->queue_wait_ms = ms;
}

void store_set_busy_timeout(struct store *s, int ms)
{
	s->busy_ms = s->queue_wait_ms = ms;
	sqlite3_busy_timeout(s->db, ms);
}

int store_queue_signal(void)
{
	return QUEUE_SIGNAL;
}

/* The lock file beside the database, made like the database (0660 in its
 * group's directory). Without one (no right to make it) writers fall back on
 * SQLite's busy handler alone. */
static void queue_open(struct store *s)
{
	size_t n = strlen(s->path) + 8;
	char *p;
	mode_t old;

	/* An in-memory database (":memory:", the fuzz targets) has one
	 * connection and no file to lie beside. */
	if (strcmp(s->path, ":memory:") == 0 || strncmp(s->path, "file:", 5) == 0)
		return;
	p = xmalloc(n);
	old = umask(007);
	snprintf(p, n, "%s-lock", s->path);
	s->queue_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	umask(old);
	free(p);
}

static void queue_leave(struct store *s)
{
	if (!s->queued)
		return;
	flock(s->queue_fd, LOCK_UN);
	s->queued = false;
	s->released_at = mono_ms();
}

static void queue_alarm(int sig)
{
	(void)sig; /* only to interrupt flock */
}

/* Block in flock (which keeps waiters in order) until our turn or ms have
 * passed: a timer signals this thread alone, then every 20 ms, so that a
 * signal that comes before flock starts waiting is not lost. */
static bool queue_lock_within(int fd, int ms)
{
	static bool installed;
	int64_t until = mono_ms() + ms;
	struct sigevent ev;
	struct itimerspec its;
	timer_t timer;
	bool ok = false;

	if (!installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = queue_alarm;
		sigemptyset(&sa.sa_mask);
		sigaction(QUEUE_SIGNAL, &sa, NULL); /* no SA_RESTART: flock returns */
		installed = true;
	}
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = QUEUE_SIGNAL;
	ev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0)
		return flock(fd, LOCK_EX | LOCK_NB) == 0;
	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (long)(ms % 1000) * 1000000 + 1;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = 20000000;
	timer_settime(timer, 0, &its, NULL);
	while (!(ok = flock(fd, LOCK_EX) == 0) && errno == EINTR && mono_ms() < until)
		; /* another signal: wait on */
	timer_delete(timer);
	return ok;
}

/* Wait for our turn. Linux wakes every waiter when the lock is let go and the
 * first to run takes it: a writer that comes straight back would take it
 * again and again ahead of those woken, so it steps aside for a moment. The
 * wait is bounded (the busy timeout, or store_set_queue_wait): a writer
 * stopped in the middle of a transaction (Ctrl-Z) makes the others say
 * "busy", never hang. */
static enum status queue_enter(struct store *s, struct error *err)
{
	const struct timespec yield = {0, 1000000};

	if (s->queue_fd < 0)
		return ST_OK;
	if (s->released_at && mono_ms() - s->released_at < 2)
		nanosleep(&yield, NULL);
	if (flock(s->queue_fd, LOCK_EX | LOCK_NB) == 0 ||
	    (errno == EWOULDBLOCK && s->queue_wait_ms > 0 &&
	     queue_lock_within(s->queue_fd, s->queue_wait_ms))) {
		s->queued = true;
		return ST_OK;
	}
	if (errno != EWOULDBLOCK && errno != EINTR) {
		/* A lock that cannot be taken at all must not stop saving. */
		close(s->queue_fd);
		s->queue_fd = -1;
		return ST_OK;
	}
	return error_set(err, ST_TEMPFAIL, _("the database is busy: other writers are ahead"));
}

enum status store_turn_take(struct store *s, struct error *err)
{
	return queue_enter(s, err);
}

void store_turn_give(struct store *s)
{
	queue_leave(s);
}

enum status store_begin(struct store *s, struct error *err)
{
	enum status st;

	if ((st = queue_enter(s, err)))
		return st;
	if ((st = exec_sql(s, "BEGIN IMMEDIATE", _("cannot start a transaction"), err)))
		queue_leave(s);
	return st;
}

enum status store_commit(struct store *s, struct error *err)
{
	enum status st = exec_sql(s, "COMMIT", _("cannot commit"), err);

	if (st)
		store_rollback(s);
	queue_leave(s);
	return st;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	queue_leave(s);
}

/* One integer from a query that gives one row (a pragma, a count). */
static enum status query_int(struct store *s, const char *sql, int *out, struct error *err)
{
	sqlite3_stmt *st;
	enum status rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, s->path, err);
	if (!(rc = store_step_row(s, st, s->path, err)))
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

enum status store_schema_version(struct store *s, int *version, struct error *err)
{
	return query_int(s, "PRAGMA user_version", version, err);
}

/* mkdir -p with 0770 (setgid kept when the parent has it), never world-accessible. */
static enum status make_parent_dirs(const char *path, struct error *err)
{
	char *copy = xstrdup(path);
	/* dirname() may return a static "." (path "soudan.db"): never write to it. */
	char *dir = xstrdup(dirname(copy));
	enum status st = ST_OK;

	for (char *p = dir + 1; ; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0770) == 0) {
			struct stat sb;

			/* 0770 whatever the umask (022 made it 0750: the second
			 * operator of the group could not save), keeping the setgid
			 * bit a shared parent passes on. */
			if (stat(dir, &sb) == 0)
				chmod(dir, (sb.st_mode & S_ISGID) | 0770);
		} else if (errno != EEXIST) {
			st = error_set(err, errno == EACCES ? ST_NOPERM : ST_CANTCREAT,
				       _("cannot create directory %s: %s"), dir, strerror(errno));
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	free(copy);
	return st;
}

static bool dir_writable(const char *path)
{
	char *copy = xstrdup(path);
	bool ok = access(dirname(copy), W_OK | X_OK) == 0;

	free(copy);
	return ok;
}

static enum status open_connection(struct store *s, unsigned flags, struct error *err)
{
	int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	bool creating = false;
	struct stat sb;
	enum status st;
	mode_t old;
	int rc;

	if (stat(s->path, &sb) != 0) {
		/* Outside the database's group, its directory cannot even be
		 * looked into: say permission denied, not "no database". */
		if (errno == EACCES)
			return error_set(err, ST_NOPERM, _("%s: permission denied (are you in the"
							   " database's group?)"),
					 s->path);
		creating = true;
		if (flags & (STORE_READONLY | STORE_NO_CREATE))
			return error_set(err, ST_NOINPUT, _("no database at %s"), s->path);
		if ((st = make_parent_dirs(s->path, err)))
			return st;
	} else if (S_ISDIR(sb.st_mode)) {
		return error_set(err, ST_CANTCREAT, _("%s is a directory, not a database"), s->path);
	}
	oflags |= (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
					  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	old = umask(007); /* the file, -wal and -shm: 0660 at most */
	rc = sqlite3_open_v2(s->path, &s->db, oflags, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		if (!s->db)
			return error_set(err, ST_SOFTWARE, _("out of memory opening %s"), s->path);
		/* SQLite's last try (read-only) leaves ENOENT, not the EACCES. */
		if (creating && (rc & 0xff) == SQLITE_CANTOPEN && !dir_writable(s->path))
			return error_set(err, ST_NOPERM,
					 _("cannot create %s: permission denied in its directory"),
					 s->path);
		return store_fail(s, s->path, err);
	}
	/* SQLite creates the file 0644 & ~umask: 0640 here, and the second
	 * operator of the group could not save. Its -wal and -shm copy this mode. */
	if (creating && chmod(s->path, 0660) != 0 && errno != ENOENT)
		return error_set(err, ST_CANTCREAT, _("cannot set the mode of %s: %s"), s->path,
				 strerror(errno));
	s->readonly = sqlite3_db_readonly(s->db, "main") == 1;
	if (!(flags & STORE_READONLY) && s->readonly)
		return error_set(err, ST_NOPERM, _("%s is read-only for you: nothing can be saved"),
				 s->path);
	return ST_OK;
}

static enum status harden(struct store *s, int busy_ms, struct error *err)
{
	sqlite3_busy_timeout(s->db, busy_ms);
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	return exec_sql(s,
			"PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;",
			s->path, err);
}

static enum status migrate(struct store *s, int from, struct error *err)
{
	enum status st;

	if ((st = store_begin(s, err)))
		return st;
	/* Another process may have migrated while we waited for the lock. */
	if ((st = query_int(s, "PRAGMA user_version", &from, err)))
		goto fail;
	for (int v = from; v < store_schema_latest; v++) {
		if ((st = exec_sql(s, store_migrations[v], _("cannot update the database schema"), err)))
			goto fail;
		/* Version 3 stores case codes in one form: merge the others in. */
		if (v + 1 == 3 && (st = store_cases_canonical(s, err)))
			goto fail;
		/* Version 4: follow-ups a later call on the case had reached. */
		if (v + 1 == 4 && (st = store_followups_contact_all(s, NULL, store_whoami(), err)))
			goto fail;
	}
	if (from < store_schema_latest) {
		char sql[96];

		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 STORE_APPLICATION_ID, store_schema_latest);
		if ((st = exec_sql(s, sql, s->path, err)))
			goto fail;
	}
	return store_commit(s, err);
fail:
	store_rollback(s);
	return st;
}

static enum status check_identity(struct store *s, int *version, struct error *err)
{
	int app = 0;

	enum status rc;

	if ((rc = query_int(s, "PRAGMA application_id", &app, err)) ||
	    (rc = query_int(s, "PRAGMA user_version", version, err)))
		return rc;
	if (app == 0 && *version == 0) {
		int tables = 0;

		if ((rc = query_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)))
			return rc;
		if (tables == 0)
			return ST_OK; /* a new, empty file */
	}
	if (app != STORE_APPLICATION_ID)
		return error_set(err, ST_DATAERR, _("%s is an SQLite database but not soudan's"),
				 s->path);
	if (*version > store_schema_latest)
		return error_set(err, ST_UNAVAILABLE,
				 _("%s was made by a newer soudan (schema %d, this one knows %d)"),
				 s->path, *version, store_schema_latest);
	return ST_OK;
}

enum status store_open(struct store **out, const char *path, unsigned flags, int busy_timeout_ms,
		       struct error *err)
{
	struct store *s = xcalloc(1, sizeof *s);
	enum status st;
	int version = 0;

	s->path = xstrdup(path);
	s->queue_fd = -1;
	s->queue_wait_ms = busy_timeout_ms;
	s->busy_ms = busy_timeout_ms;
	if ((st = open_connection(s, flags, err)) || (st = harden(s, busy_timeout_ms, err)) ||
	    (st = check_identity(s, &version, err)))
		goto fail;
	if (!(flags & STORE_READONLY))
		queue_open(s);
	if (version < store_schema_latest) {
		if (flags & STORE_READONLY) {
			st = error_set(err, ST_UNAVAILABLE,
				       _("%s needs a schema update: open it once with soudan"), path);
			goto fail;
		}
		if ((st = exec_sql(s, "PRAGMA journal_mode=WAL", path, err)) ||
		    (st = migrate(s, version, err)))
			goto fail;
	}
	if (!(flags & STORE_READONLY)) {
		long owed;
		struct error later; /* a start is no time to fail on it: check says */

		error_clear(&later);
		store_wipes_finish(s, 0, &owed, &later);
	}
	*out = s;
	return ST_OK;
fail:
	store_close(s);
	*out = NULL;
	return st;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	while (s->stmts) {
		struct stmt_cache *next = s->stmts->next;

		sqlite3_finalize(s->stmts->stmt);
		free(s->stmts);
		s->stmts = next;
	}
	sqlite3_close(s->db);
	if (s->queue_fd >= 0)
		close(s->queue_fd); /* a held turn goes with it */
	free(s->path);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

const char *store_whoami(void)
{
	static char name[64];

	if (!name[0]) {
		struct passwd *pw = getpwuid(getuid());

		if (pw && pw->pw_name && *pw->pw_name)
			snprintf(name, sizeof name, "%s", pw->pw_name);
		else
			snprintf(name, sizeof name, "uid%lu", (unsigned long)getuid());
	}
	return name;
}
