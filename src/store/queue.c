/* The screen's writer thread (queue.h). One mutex guards the jobs and the
 * results; the thread alone touches its connection (sqlite3_interrupt, which
 * stop uses to cut a busy wait short, is safe from another thread). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "soudan/i18n.h"
#include "soudan/lineio.h"
#include "soudan/queue.h"
#include "soudan/timeutil.h"

#define RETRY_MS 250 /* after a busy database: the screen's clock ticks as often */

struct job {
	enum job_kind kind;
	long ticket;
	char call_id[ID_LEN + 1];
	char draft_id[ID_LEN + 1];
	struct call call; /* drafts and saves */
	char *operator_name;
	char *site, *text; /* a shift log entry */
	int64_t at;        /* a help request: when it was asked */
	bool running;
	struct job *next;
};

struct done {
	struct job_result r;
	struct done *next;
};

/* A draft that went to an id of its own: later jobs of the old id follow. */
struct moved {
	char from[ID_LEN + 1], to[ID_LEN + 1];
	struct moved *next;
};

struct store_queue {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store *s;
	struct job *jobs, **tail;
	struct done *done, **done_tail;
	struct moved *moved;
	long next_ticket;
	bool stop, busy;
};

static void job_free(struct job *j)
{
	call_free(&j->call);
	free(j->operator_name);
	free(j->site);
	free(j->text);
	free(j);
}

static const char *moved_to(struct store_queue *q, const char *id)
{
	for (struct moved *m = q->moved; m; m = m->next)
		if (strcmp(m->from, id) == 0)
			return m->to;
	return id;
}

/* Runs without the lock: the job is the thread's while running. */
static enum status job_run(struct store_queue *q, struct job *j, struct job_result *r)
{
	struct lease_holder h;
	enum status rc;

	switch (j->kind) {
	case JOB_DRAFT:
		rc = store_draft_write(q->s, j->draft_id, &j->call, r->draft_id, &r->err);
		if (rc == ST_OK)
			memcpy(r->draft_id, j->draft_id, sizeof r->draft_id);
		return rc;
	case JOB_SAVE:
		rc = store_call_save_draft(q->s, &j->call, j->draft_id, j->operator_name, &r->err);
		r->version = j->call.version;
		return rc;
	case JOB_DROP:
		return store_draft_delete(q->s, j->draft_id, &r->err);
	case JOB_BEAT:
	case JOB_TAKE:
		return store_lease_take(q->s, j->call_id, j->kind == JOB_TAKE, &h, &r->err);
	case JOB_RELEASE:
		return store_lease_release(q->s, j->call_id, &r->err);
	case JOB_HELP:
		return store_help_raise(q->s, &j->call, j->operator_name, j->at, &r->help, &r->err);
	case JOB_HELP_ACK:
		return store_help_ack(q->s, j->call_id, j->operator_name, &r->help, &r->err);
	case JOB_DEBRIEF_DONE:
		return store_debrief_done(q->s, j->call_id, j->operator_name, &r->err);
	case JOB_SHIFT_ADD:
		memcpy(r->id, j->draft_id, sizeof r->id);
		return store_shift_log_add(q->s, j->draft_id, j->site, j->text, j->operator_name,
					   &r->flagged, &r->err);
	case JOB_SHIFT_REMOVE:
		memcpy(r->id, j->draft_id, sizeof r->id);
		return store_shift_log_remove(q->s, j->draft_id, j->operator_name, &r->err);
	}
	return ST_OK;
}

static void result_push(struct store_queue *q, const struct job_result *r)
{
	struct done *d = xcalloc(1, sizeof *d);

	d->r = *r;
	*q->done_tail = d;
	q->done_tail = &d->next;
}

static void remember_move(struct store_queue *q, const char *from, const char *to)
{
	struct moved *m = xcalloc(1, sizeof *m);

	memcpy(m->from, from, sizeof m->from);
	memcpy(m->to, to, sizeof m->to);
	m->next = q->moved;
	q->moved = m;
}

static void wait_ms(struct store_queue *q, int ms)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)ms * 1000000;
	until.tv_sec += until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	pthread_cond_timedwait(&q->cv, &q->mu, &until);
}

/* One job at the head: run it; busy keeps it there to try again. */
static void queue_step(struct store_queue *q)
{
	struct job *j = q->jobs;
	const char *to = moved_to(q, j->draft_id);
	struct job_result r;
	enum status rc;

	/* Jobs of a draft that moved follow it (the screen may not know yet). */
	if (to != j->draft_id)
		memcpy(j->draft_id, to, sizeof j->draft_id);
	j->running = true;
	pthread_mutex_unlock(&q->mu);
	memset(&r, 0, sizeof r);
	r.kind = j->kind;
	r.ticket = j->ticket;
	memcpy(r.call_id, j->call_id, sizeof r.call_id);
	memcpy(r.draft_id, j->draft_id, sizeof r.draft_id);
	rc = job_run(q, j, &r);
	pthread_mutex_lock(&q->mu);
	j->running = false;
	/* Busy: the head again after a pause. Stopping: whatever did not get
	 * through (interrupted, busy) stays queued, for the rescue file. */
	q->busy = rc == ST_TEMPFAIL || (q->stop && rc != ST_OK);
	if (q->busy) {
		if (!q->stop)
			wait_ms(q, RETRY_MS);
		return;
	}
	r.status = rc;
	r.done_at = time_now();
	if (j->kind == JOB_DRAFT && rc == ST_CONFLICT && strcmp(r.draft_id, j->draft_id) != 0)
		remember_move(q, j->draft_id, r.draft_id);
	if (!(q->jobs = j->next))
		q->tail = &q->jobs;
	result_push(q, &r);
	job_free(j);
}

static void *queue_main(void *arg)
{
	struct store_queue *q = arg;

	pthread_mutex_lock(&q->mu);
	while (!q->stop || (q->jobs && !q->busy)) {
		if (!q->jobs)
			pthread_cond_wait(&q->cv, &q->mu);
		else
			queue_step(q);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

enum status store_queue_start(struct store_queue **out, const char *path, int busy_timeout_ms,
			      bool supervisor, struct error *err)
{
	struct store_queue *q = xcalloc(1, sizeof *q);
	sigset_t all, old;
	enum status rc;

	*out = NULL;
	/* Made now, by this thread: the worker only reads them. */
	(void)store_session();
	(void)store_whoami();
	if ((rc = store_open(&q->s, path, STORE_NO_CREATE, busy_timeout_ms, err))) {
		free(q);
		return rc;
	}
	store_set_supervisor(q->s, supervisor);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->tail = &q->jobs;
	q->done_tail = &q->done;
	/* Signals (a hangup, a resize) are for the screen's thread; the thread
	 * keeps only the timer that bounds its wait for a turn. */
	sigfillset(&all);
	sigdelset(&all, store_queue_signal());
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&q->thread, NULL, queue_main, q) == 0
		     ? ST_OK
		     : error_set(err, ST_UNAVAILABLE, _("cannot start the writer thread"));
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		store_close(q->s);
		free(q);
		return rc;
	}
	*out = q;
	return ST_OK;
}

static long queue_add(struct store_queue *q, struct job *j)
{
	long ticket;

	pthread_mutex_lock(&q->mu);
	ticket = j->ticket = ++q->next_ticket;
	*q->tail = j;
	q->tail = &j->next;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return ticket;
}

static struct job *job_new(enum job_kind kind, const char *call_id, const char *draft_id)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->kind = kind;
	call_init(&j->call);
	snprintf(j->call_id, sizeof j->call_id, "%s", call_id ? call_id : "");
	snprintf(j->draft_id, sizeof j->draft_id, "%s", draft_id ? draft_id : "");
	return j;
}

long store_queue_draft(struct store_queue *q, const char *draft_id, const struct call *c)
{
	long ticket = 0;

	pthread_mutex_lock(&q->mu);
	for (struct job *j = q->jobs; j; j = j->next)
		if (j->kind == JOB_DRAFT && !j->running && !j->next &&
		    strcmp(j->draft_id, draft_id) == 0) {
			/* The last job is this draft, not written yet: newer text. */
			call_free(&j->call);
			call_copy(&j->call, c);
			ticket = j->ticket;
		}
	pthread_mutex_unlock(&q->mu);
	if (ticket) {
		return ticket;
	} else {
		struct job *j = job_new(JOB_DRAFT, c->id, draft_id);

		call_free(&j->call);
		call_copy(&j->call, c);
		return queue_add(q, j);
	}
}

long store_queue_save(struct store_queue *q, const char *draft_id, const struct call *c,
		      const char *operator_name)
{
	struct job *j = job_new(JOB_SAVE, c->id, draft_id);

	call_free(&j->call);
	call_copy(&j->call, c);
	j->operator_name = xstrdup(operator_name);
	return queue_add(q, j);
}

long store_queue_drop(struct store_queue *q, const char *draft_id)
{
	return queue_add(q, job_new(JOB_DROP, NULL, draft_id));
}

long store_queue_beat(struct store_queue *q, const char *call_id)
{
	return queue_add(q, job_new(JOB_BEAT, call_id, NULL));
}

long store_queue_take(struct store_queue *q, const char *call_id)
{
	return queue_add(q, job_new(JOB_TAKE, call_id, NULL));
}

long store_queue_release(struct store_queue *q, const char *call_id)
{
	return queue_add(q, job_new(JOB_RELEASE, call_id, NULL));
}

long store_queue_help(struct store_queue *q, const struct call *c, const char *operator_name)
{
	struct job *j = job_new(JOB_HELP, c->id, NULL);

	call_free(&j->call);
	call_copy(&j->call, c);
	j->operator_name = xstrdup(operator_name);
	j->at = time_now(); /* the key's time, however long the database keeps it waiting */
	return queue_add(q, j);
}

static long queue_named(struct store_queue *q, enum job_kind kind, const char *call_id,
			const char *id, const char *operator_name)
{
	struct job *j = job_new(kind, call_id, id);

	j->operator_name = xstrdup(operator_name);
	return queue_add(q, j);
}

long store_queue_help_ack(struct store_queue *q, const char *call_id, const char *operator_name)
{
	return queue_named(q, JOB_HELP_ACK, call_id, NULL, operator_name);
}

long store_queue_debrief_done(struct store_queue *q, const char *call_id,
			      const char *operator_name)
{
	return queue_named(q, JOB_DEBRIEF_DONE, call_id, NULL, operator_name);
}

/* The entry's id rides as the job's draft_id (never a draft's: the moves of
 * drafts in conflict never match it). */
long store_queue_shift_add(struct store_queue *q, const char *id, const char *site,
			   const char *text, const char *operator_name)
{
	struct job *j = job_new(JOB_SHIFT_ADD, NULL, id);

	j->operator_name = xstrdup(operator_name);
	j->site = xstrdup(site ? site : "");
	j->text = xstrdup(text);
	return queue_add(q, j);
}

long store_queue_shift_remove(struct store_queue *q, const char *id, const char *operator_name)
{
	return queue_named(q, JOB_SHIFT_REMOVE, NULL, id, operator_name);
}

bool store_queue_poll(struct store_queue *q, struct job_result *out)
{
	struct done *d;

	pthread_mutex_lock(&q->mu);
	if ((d = q->done) && !(q->done = d->next))
		q->done_tail = &q->done;
	pthread_mutex_unlock(&q->mu);
	if (!d)
		return false;
	*out = d->r;
	free(d);
	return true;
}

size_t store_queue_pending(struct store_queue *q, bool *busy)
{
	size_t n = 0;

	pthread_mutex_lock(&q->mu);
	for (struct job *j = q->jobs; j; j = j->next)
		n++;
	if (busy)
		*busy = q->busy;
	pthread_mutex_unlock(&q->mu);
	return n;
}

bool store_queue_waiting(struct store_queue *q, enum job_kind *kind)
{
	bool busy;

	pthread_mutex_lock(&q->mu);
	busy = q->busy && q->jobs;
	if (busy)
		*kind = q->jobs->kind;
	pthread_mutex_unlock(&q->mu);
	return busy;
}

bool store_queue_saving(struct store_queue *q, const char *call_id)
{
	bool found = false;

	pthread_mutex_lock(&q->mu);
	for (struct job *j = q->jobs; j && !found; j = j->next)
		found = j->kind == JOB_SAVE && strcmp(j->call_id, call_id) == 0;
	pthread_mutex_unlock(&q->mu);
	return found;
}

/* --- rescue: what could not be written before the program stopped --- */

/* dir/id.ext holding text, 0600 and synced: it holds what a caller said or
 * what an operator wrote, for the user alone. */
static bool rescue_file(const char *dir, const char *id, const char *ext, const char *text)
{
	char path[4096];
	FILE *fp;
	int fd;
	bool ok;

	snprintf(path, sizeof path, "%s/%s.%s", dir, id, ext);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return false;
	if (!(fp = fdopen(fd, "w"))) {
		close(fd);
		return false;
	}
	ok = fputs(text, fp) >= 0;
	ok &= fflush(fp) == 0 && fsync(fileno(fp)) == 0;
	ok &= fclose(fp) == 0;
	return ok;
}

/* A draft: its id, the version it edits, the call as JSON, and the debrief
 * reason chosen (empty when none; files of older versions have three
 * lines). */
static bool rescue_write(const char *dir, const struct job *j)
{
	struct buf b;
	bool ok;

	buf_init(&b);
	buf_printf(&b, "%s\n%lld\n", j->draft_id, (long long)j->call.version);
	call_to_json(&j->call, &b);
	buf_printf(&b, "\n%s\n", j->call.debrief_reason ? j->call.debrief_reason : "");
	ok = rescue_file(dir, j->draft_id, "draft", b.s);
	buf_free(&b);
	return ok;
}

/* A shift log entry: its id, its site, then {"text":...} (JSON: an entry
 * may hold newlines). */
static bool rescue_write_entry(const char *dir, const struct job *j)
{
	struct buf b;
	bool ok;

	buf_init(&b);
	buf_printf(&b, "%s\n%s\n{\"text\":", j->draft_id, j->site);
	buf_json_string(&b, j->text);
	buf_puts(&b, "}\n");
	ok = rescue_file(dir, j->draft_id, "shift", b.s);
	buf_free(&b);
	return ok;
}

void store_queue_stop(struct store_queue *q, int wait, const char *rescue_dir,
		      struct queue_lost *lost)
{
	struct timespec step = {0, 10000000};
	struct job *j;

	memset(lost, 0, sizeof *lost);
	for (int waited = 0; waited < wait && store_queue_pending(q, NULL); waited += 10)
		nanosleep(&step, NULL);
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	sqlite3_interrupt(store_db(q->s)); /* a busy wait in progress ends now */
	pthread_join(q->thread, NULL);
	if (rescue_dir && q->jobs)
		mkdir(rescue_dir, 0700);
	while ((j = q->jobs)) {
		q->jobs = j->next;
		switch (j->kind) {
		case JOB_DRAFT:
		case JOB_SAVE:
			if (!(rescue_dir && rescue_write(rescue_dir, j)))
				lost->drafts++;
			break;
		case JOB_SHIFT_ADD:
			if (!(rescue_dir && rescue_write_entry(rescue_dir, j)))
				lost->entries++;
			break;
		case JOB_HELP:
		case JOB_HELP_ACK:
		case JOB_DEBRIEF_DONE:
		case JOB_SHIFT_REMOVE: lost->actions++; break;
		default: break; /* a lease: it lapses by itself */
		}
		job_free(j);
	}
	while (q->done) {
		struct done *d = q->done;

		q->done = d->next;
		free(d);
	}
	while (q->moved) {
		struct moved *m = q->moved;

		q->moved = m->next;
		free(m);
	}
	store_close(q->s);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}

static enum status rescue_load_one(struct store *s, const char *path, struct error *err)
{
	FILE *fp = fopen(path, "r");
	struct buf line[4];
	char id[ID_LEN + 1];
	struct call c;
	enum status rc = ST_OK;
	int i;

	if (!fp)
		return error_set(err, ST_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
	for (i = 0; i < 3; i++) {
		buf_init(&line[i]);
		if (line_read(fp, &line[i], 4 * CALL_NOTES_MAX + 65536) != LINE_OK)
			rc = error_set(err, ST_DATAERR, _("%s: not a rescued draft"), path);
	}
	buf_init(&line[3]);
	if (!rc && line_read(fp, &line[3], 64) != LINE_OK)
		buf_reset(&line[3]);
	fclose(fp);
	call_init(&c);
	if (!rc && !(rc = store_call_from_json(s, line[2].s, line[2].len, &c, err))) {
		c.version = strtoll(line[1].s, NULL, 10);
		if (line[3].len)
			c.debrief_reason = xstrdup(line[3].s);
		id_new(id); /* a separate draft: it never overwrites one */
		rc = store_draft_write(s, id, &c, NULL, err);
	}
	call_free(&c);
	for (i = 0; i < 4; i++)
		buf_free(&line[i]);
	return rc;
}

static enum status rescue_load_entry(struct store *s, const char *path,
				     const char *operator_name, struct error *err)
{
	FILE *fp = fopen(path, "r");
	struct buf line[3];
	enum status rc = ST_OK;
	char *text = NULL;

	if (!fp)
		return error_set(err, ST_NOINPUT, _("cannot read %s: %s"), path, strerror(errno));
	for (int i = 0; i < 3; i++) {
		buf_init(&line[i]);
		if (!rc && line_read(fp, &line[i], 6 * SHIFT_LOG_MAX + 4096) != LINE_OK)
			rc = error_set(err, ST_DATAERR, _("%s: not a rescued shift log entry"), path);
	}
	fclose(fp);
	if (!rc && !(rc = store_json_text(s, line[2].s, "text", &text, err)) && !text)
		rc = error_set(err, ST_DATAERR, _("%s: not a rescued shift log entry"), path);
	if (!rc && !id_valid(line[0].s))
		rc = error_set(err, ST_DATAERR, _("%s: not a rescued shift log entry"), path);
	if (!rc)
		rc = store_shift_log_add(s, line[0].s, line[1].len ? line[1].s : NULL, text,
					 operator_name, NULL, err);
	free(text);
	for (int i = 0; i < 3; i++)
		buf_free(&line[i]);
	return rc;
}

enum status store_rescue_load(struct store *s, const char *rescue_dir, const char *operator_name,
			      long *loaded, struct error *err)
{
	DIR *d = opendir(rescue_dir);
	struct dirent *e;
	char path[4096];
	enum status rc = ST_OK;
	struct error refused;

	*loaded = 0;
	error_clear(&refused);
	if (!d)
		return ST_OK; /* nothing was ever rescued */
	while (!rc && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		bool draft = n > 6 && strcmp(e->d_name + n - 6, ".draft") == 0;
		bool entry = n > 6 && strcmp(e->d_name + n - 6, ".shift") == 0;
		struct error one;

		if (!draft && !entry)
			continue;
		snprintf(path, sizeof path, "%s/%s", rescue_dir, e->d_name);
		error_clear(&one);
		if (!(rc = draft ? rescue_load_one(s, path, &one)
				 : rescue_load_entry(s, path, operator_name, &one))) {
			unlink(path);
			(*loaded)++;
		} else if (rc == ST_DATAERR) {
			/* One file the store refuses never holds back the others: it
			 * is kept aside (.refused) and the first such is reported. */
			char aside[4200];

			snprintf(aside, sizeof aside, "%s.refused", path);
			rename(path, aside);
			if (!refused.status)
				refused = one;
			rc = ST_OK;
		} else {
			*err = one;
		}
	}
	closedir(d);
	if (!rc && refused.status) {
		*err = refused;
		rc = refused.status;
	}
	return rc;
}
