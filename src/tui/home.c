/* Home: the operator's unsaved drafts, today's calls and the follow-ups due
 * (mine first), one list with a cursor. Reloaded on return from any screen
 * and every half minute, so that colleagues' calls appear. Above them, for
 * those who see the duty room (config_shows_calls_in_progress): the open
 * help requests and the calls in progress in every session, read again
 * every few seconds (a supervisor's bell rings from the shell, app.c, on
 * any screen); and at the start of a session the latest shift log. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "quick.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

enum item_kind { HI_HELP, HI_DUTY, HI_DRAFT, HI_CALL, HI_FOLLOWUP };

/* The duty room is read this often (milliseconds); the running lengths
 * move every second between reads. */
#define HOME_DUTY_MS 3000
#define HOME_DUTY_MAX 100
/* The shift log shown at the start of a session: entries of the last day. */
#define HOME_LOG_SHOWN 3
#define HOME_LOG_SECONDS 86400

/* Follow-ups listed on home (mine first); the rest are on the f screen. */
#define HOME_FOLLOW_MAX 50

struct item {
	enum item_kind kind;
	struct call_row row;  /* calls and follow-ups */
	int64_t updated_at;   /* drafts */
	char *preview;        /* drafts: the start of the notes */
	struct help_request help; /* HI_HELP */
	struct duty_call *duty;   /* HI_DUTY */
};

struct home {
	struct app *a;
	struct item *items;
	size_t n, cap, sel;
	size_t ndrafts, ncalls, nfollow;
	int64_t follow_total; /* due in all; at most HOME_FOLLOW_MAX are listed */
	int64_t loaded;
	bool stale;          /* a write finished: load again at the next tick */
	int day;             /* calls of today + day (Left/Right move it) */
	char calls_title[64];
	bool fresh; /* the next load selects afresh (another day) */
	struct quick quick; /* a short call waiting for its save */
	/* The duty room */
	bool duty_shown;     /* this user sees the calls in progress */
	size_t nhelp, nduty; /* the first items: open help requests, then calls */
	int64_t duty_at;     /* app_ms() of the last read; 0: read at the next tick */
	int64_t help_seq;    /* the greatest request number seen (a newer one is selected) */
	long ack_ticket;
	bool duty_failing; /* the last read failed (said once) */
	struct shift_log log; /* the latest entries, until home is left */
};

static void home_clear(struct home *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->items[i].preview);
		free(h->items[i].duty);
	}
	free(h->items);
	h->items = NULL;
	h->n = h->cap = h->ndrafts = h->ncalls = h->nfollow = h->nhelp = h->nduty = 0;
	h->follow_total = 0;
}

static struct item *home_push(struct home *h, enum item_kind kind)
{
	struct item *it;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->items = xrealloc(h->items, h->cap * sizeof *h->items);
	}
	it = &h->items[h->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* The first line of the notes, at most about 200 bytes, cut between
 * characters (text_fit_to does the rest at drawing time). */
static char *preview_of(const char *notes)
{
	size_t i = 0, n = strlen(notes), k;
	uint32_t cp;

	while (i < n && i < 200 && notes[i] != '\n') {
		if ((k = utf8_decode(notes + i, n - i, &cp)) == 0)
			break;
		i += k;
	}
	return xstrndup(notes, i);
}

static int on_draft(const char *id, int64_t updated_at, const struct call *c, void *ctx)
{
	struct home *h = ctx;
	struct item *it;

	if (h->quick.pending && strcmp(id, h->quick.call.id) == 0) /* said on the status line */
		return 0;
	it = home_push(h, HI_DRAFT);
	snprintf(it->row.id, sizeof it->row.id, "%s", id);
	it->row.started_at = c->started_at;
	it->row.ended_at = c->ended_at;
	snprintf(it->row.call_type, sizeof it->row.call_type, "%s",
		 c->coded[CF_CALL_TYPE] ? c->coded[CF_CALL_TYPE] : "");
	it->updated_at = updated_at;
	it->preview = preview_of(c->notes ? c->notes : "");
	h->ndrafts++;
	return 0;
}

static int on_call(const struct call_row *r, void *ctx)
{
	struct home *h = ctx;

	home_push(h, HI_CALL)->row = *r;
	h->ncalls++;
	return 0;
}

static int on_followup(const struct call_row *r, void *ctx)
{
	struct home *h = ctx;

	home_push(h, HI_FOLLOWUP)->row = *r;
	h->nfollow++;
	return 0;
}

/* The duty room: read into a list of items of its own, then put in front
 * of the others when it changed. */
struct duty_read {
	struct home *h;
	struct item *v;
	size_t n, nhelp;
	int64_t seq;  /* the greatest request number read */
	size_t fresh; /* requests newer than the last seen */
};

static struct item *duty_push(struct duty_read *d, enum item_kind kind)
{
	struct item *it;

	d->v = xrealloc(d->v, (d->n + 1) * sizeof *d->v);
	it = &d->v[d->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static int on_help(const struct help_request *r, void *ctx)
{
	struct duty_read *d = ctx;
	struct item *it = duty_push(d, HI_HELP);

	it->help = *r;
	snprintf(it->row.id, sizeof it->row.id, "%s", r->call_id);
	d->nhelp++;
	if (r->state.seq > d->h->help_seq)
		d->fresh++;
	if (r->state.seq > d->seq)
		d->seq = r->state.seq;
	return 0;
}

static int on_duty(const struct duty_call *c, void *ctx)
{
	struct duty_read *d = ctx;
	struct item *it;

	/* This operator's own drafts are listed below already. */
	if (c->mine || (c->holder == DUTY_PARKED && strcmp(c->operator_name, d->h->a->me) == 0))
		return 0;
	it = duty_push(d, HI_DUTY);

	it->duty = xmalloc(sizeof *it->duty);
	*it->duty = *c;
	snprintf(it->row.id, sizeof it->row.id, "%s", c->call_id);
	it->row.started_at = c->started_at;
	return 0;
}

/* Whether two reads show the same: the lengths aside (painted from the
 * start and the clock), field by field. */
static bool duty_same(const struct item *a, const struct item *b)
{
	const struct duty_call *x = a->duty, *y = b->duty;

	if (a->kind != b->kind || strcmp(a->row.id, b->row.id) != 0)
		return false;
	if (a->kind == HI_HELP)
		return a->help.state.seq == b->help.state.seq &&
		       a->help.in_progress == b->help.in_progress;
	return x->ended_at == y->ended_at && x->holder == y->holder &&
	       strcmp(x->urgency, y->urgency) == 0 && strcmp(x->risks, y->risks) == 0 &&
	       x->help.seq == y->help.seq && x->help.acked_at == y->help.acked_at &&
	       strcmp(x->site, y->site) == 0;
}

/* The newest request's item (a supervisor's selection goes there). */
static size_t duty_newest(const struct item *v, size_t nhelp, int64_t seq)
{
	for (size_t i = 0; i < nhelp; i++)
		if (v[i].help.state.seq == seq)
			return i;
	return 0;
}

/* Put the read in front of the other items when it differs; the selection
 * stays on its item, or goes to the newest request when one is new for a
 * supervisor (or to the first when its item left the duty room). */
static void duty_splice(struct home *h, struct duty_read *d)
{
	size_t old = h->nhelp + h->nduty, rest = h->n - old;
	bool same = d->n == old;
	struct item *v;

	for (size_t i = 0; same && i < old; i++)
		same = duty_same(&h->items[i], &d->v[i]);
	if (same) {
		for (size_t i = 0; i < d->n; i++)
			free(d->v[i].duty);
		free(d->v);
		return;
	}
	v = xmalloc((d->n + rest + 1) * sizeof *v);
	if (d->n)
		memcpy(v, d->v, d->n * sizeof *v);
	if (rest)
		memcpy(v + d->n, h->items + old, rest * sizeof *v);
	if (d->fresh && h->a->supervisor) {
		h->sel = duty_newest(d->v, d->nhelp, d->seq); /* a acknowledges it */
	} else if (h->sel >= old) {
		h->sel = h->sel - old + d->n;
	} else {
		size_t sel = 0; /* the first request, or the first other item */

		for (size_t i = 0; i < d->n; i++)
			if (d->v[i].kind == h->items[h->sel].kind &&
			    strcmp(d->v[i].row.id, h->items[h->sel].row.id) == 0)
				sel = i;
		h->sel = sel;
	}
	for (size_t i = 0; i < old; i++)
		free(h->items[i].duty);
	free(h->items);
	free(d->v);
	h->items = v;
	h->n = h->cap = d->n + rest;
	h->nhelp = d->nhelp;
	h->nduty = d->n - d->nhelp;
}

/* Read the duty room; true when a supervisor has a new request selected. */
static bool home_duty_load(struct home *h)
{
	struct duty_read d;
	struct error err;
	bool jump;

	h->duty_at = app_ms();
	if (!h->duty_shown)
		return false;
	memset(&d, 0, sizeof d);
	d.h = h;
	error_clear(&err);
	if (store_help_open(h->a->store, on_help, &d, &err) ||
	    store_calls_in_progress(h->a->store, HOME_DUTY_MAX, on_duty, &d, &err)) {
		if (!h->duty_failing) /* said once, not every three seconds */
			app_error(h->a, _("Cannot read the calls in progress"), &err);
		h->duty_failing = true;
		for (size_t i = 0; i < d.n; i++)
			free(d.v[i].duty);
		free(d.v);
		return false;
	}
	h->duty_failing = false;
	/* The bell and who asked are the shell's (app_help_poll), on any
	 * screen; home selects the new request. */
	jump = d.fresh && h->a->supervisor; /* operators cannot acknowledge */
	if (d.seq > h->help_seq)
		h->help_seq = d.seq;
	duty_splice(h, &d);
	return jump;
}

/* After a reload the same item stays selected (a new call moves the
 * follow-ups down); otherwise the first draft, else the latest call. */
static void home_reselect(struct home *h, enum item_kind kind, const char *id)
{
	for (size_t i = 0; id && i < h->n; i++)
		if (h->items[i].kind == kind && strcmp(h->items[i].row.id, id) == 0) {
			h->sel = i;
			return;
		}
	h->sel = h->nhelp				? 0
		 : !h->ndrafts && h->ncalls ? h->nhelp + h->nduty + h->ncalls - 1
					    : h->nhelp + h->nduty;
}

static void home_load(struct home *h)
{
	struct date today = date_of(time_now()), shown = date_add_days(today, h->day);
	char day[11], shown_s[11], id[ID_LEN + 1] = "";
	enum item_kind kind = HI_CALL;
	struct error err;
	bool jump;

	if (!h->fresh && h->sel < h->n) {
		kind = h->items[h->sel].kind;
		snprintf(id, sizeof id, "%s", h->items[h->sel].row.id);
	}
	h->fresh = false;
	home_clear(h);
	jump = home_duty_load(h);
	error_clear(&err);
	date_format(today, day, sizeof day);
	date_format(shown, shown_s, sizeof shown_s);
	if (h->day == 0)
		snprintf(h->calls_title, sizeof h->calls_title, "%s", _("Today's calls"));
	else
		snprintf(h->calls_title, sizeof h->calls_title, _("Calls of %s"), shown_s);
	if (store_drafts_of(h->a->store, h->a->me, on_draft, h, &err) ||
	    store_calls_between(h->a->store, date_start(shown), date_start(date_add_days(shown, 1)),
				on_call, h, &err) ||
	    store_followups(h->a->store, day, h->a->me, HOME_FOLLOW_MAX, &h->follow_total,
			    on_followup, h, &err))
		app_error(h->a, _("Cannot read the calls"), &err);
	home_reselect(h, kind, id[0] ? id : NULL);
	if (jump) /* a request came while home was not shown */
		h->sel = duty_newest(h->items, h->nhelp, h->help_seq);
	h->loaded = app_ms();
	h->stale = false;
}

/* Painting */

/* One cell of a row: text in w columns, then a space. */
static void cell(int y, int *x, int w, const char *text, attr_t at)
{
	draw_text(y, *x, w, text, at);
	draw_text(y, *x + w, 1, "", at);
	*x += w + 1;
}

static void paint_call(struct home *h, const struct call_row *r, int y, bool on)
{
	struct app *a = h->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char start[8], len[24] = "";
	bool alarm = strcmp(r->urgency, "urgent") == 0 || r->has_risk;
	/* Labels get room on a wide screen; the concern stops at 40 columns. */
	int x = 0, lw = COLS >= 120 ? 14 : 10, cw = COLS - 60 - 2 * (lw - 10);

	cw = cw < 16 ? 16 : cw > 40 ? 40 : cw;
	draw_clock(r->started_at, start);
	if (r->ended_at)
		draw_length(r->ended_at - r->started_at, len);
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 5, start, at);
	cell(y, &x, 9, len, at);
	cell(y, &x, lw, label_of(a->cfg, LIST_CALL_TYPE, r->call_type), at);
	cell(y, &x, lw, label_of(a->cfg, LIST_CALLER, r->caller), at);
	cell(y, &x, cw, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	cell(y, &x, 6, r->urgency[0] ? label_of(a->cfg, LIST_URGENCY, r->urgency) : "",
	     alarm ? draw_attr(a, DS_URGENT) : at);
	cell(y, &x, 5, r->outcome[0] && strcmp(r->outcome, "closed") ? _("cont.") : "", at);
	draw_text(y, x, COLS - x, r->operator_name, at);
}

static void paint_draft(struct home *h, const struct item *it, int y, bool on)
{
	attr_t at = on ? draw_attr(h->a, DS_SEL) : A_NORMAL;
	char day[24];
	int x = 0;

	time_format_local(it->row.started_at, "%m-%d %H:%M", day, sizeof day);
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 11, day, at);
	cell(y, &x, 10, label_of(h->a->cfg, LIST_CALL_TYPE, it->row.call_type), at);
	draw_text(y, x, COLS - x, it->preview[0] ? it->preview : _("(no notes yet)"), at);
}

static void paint_followup(struct home *h, const struct call_row *r, int y, bool on)
{
	struct app *a = h->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	char today[11];
	bool overdue;
	int x = 0;

	date_format(date_of(time_now()), today, sizeof today);
	overdue = strcmp(r->next_contact, today) < 0;
	/* Overdue dates stand out and carry a "!" for monochrome screens. */
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 11, r->next_contact, at);
	if (overdue)
		draw_textf(y, x - 12, 11, draw_attr(a, DS_WATCH), "%s!", r->next_contact);
	cell(y, &x, 10, label_of(a->cfg, LIST_CALLER, r->caller), at);
	cell(y, &x, 20, label_of(a->cfg, LIST_CONCERN, r->main_concern), at);
	cell(y, &x, 14, label_of(a->cfg, LIST_OUTCOME, r->outcome), at);
	cell(y, &x, 9, r->case_code, at);
	draw_text(y, x, COLS - x, r->assigned_to[0] ? r->assigned_to : r->operator_name, at);
}

/* Home is three sections, each with its own rows so that the follow-ups
 * stay in sight however many calls there were today. */
struct section {
	const char *title;
	size_t first, n; /* its items */
	size_t count;    /* for the title: follow-ups count all that are due */
	bool capped;     /* the store counts up to STORE_FOLLOWUPS_COUNTED */
	bool latest;     /* shows its end (the latest calls) unless selected in */
	int h;           /* rows, the title's included */
};

/* The duty room's two (help requests, calls in progress), then home's three. */
#define HOME_SECTIONS 5

static void home_sections(struct home *h, struct section s[HOME_SECTIONS])
{
	size_t d = h->nhelp + h->nduty;

	s[0] = (struct section){h->a->supervisor ? N_("Help requests (a acknowledges)")
						 : N_("Help requests"), 0, h->nhelp, h->nhelp,
				false, false, 0};
	s[1] = (struct section){N_("Calls in progress"), h->nhelp, h->nduty, h->nduty, false,
				false, 0};
	s[2] = (struct section){N_("Unsaved drafts (Enter resumes)"), d, h->ndrafts, h->ndrafts,
				false, false, 0};
	s[3] = (struct section){h->calls_title, d + h->ndrafts, h->ncalls, h->ncalls, false, true,
				0};
	s[4] = (struct section){N_("Follow-ups due (today and overdue, mine first)"),
				d + h->ndrafts + h->ncalls, h->nfollow, (size_t)h->follow_total,
				(size_t)h->follow_total > STORE_FOLLOWUPS_COUNTED, false, 0};
}

static int want_rows(const struct section *s, size_t cap)
{
	size_t n = s->n ? s->n : 1; /* "(none)" */

	return 1 + (int)(n < cap ? n : cap);
}

/* Rows for each section out of rows: drafts up to five, follow-ups up to a
 * third of the screen (at least three), calls the rest; what the calls do
 * not need goes to the follow-ups, then to the drafts. */
static void give_rows(struct section *s, int *left)
{
	int more = want_rows(s, SIZE_MAX) - s->h;

	more = more < *left ? more : *left;
	if (more > 0 && s->h > 0) {
		s->h += more;
		*left -= more;
	}
}

static void home_layout(struct section s[3], int rows)
{
	int third = (rows - (s[0].n ? want_rows(&s[0], 5) : 0)) / 3, left;

	s[0].h = s[0].n ? want_rows(&s[0], 5) : 0;
	s[2].h = want_rows(&s[2], (size_t)(third > 3 ? third : 3));
	s[1].h = rows - s[0].h - s[2].h;
	left = s[1].h - want_rows(&s[1], SIZE_MAX);
	if (left <= 0)
		return;
	s[1].h -= left;
	give_rows(&s[2], &left);
	give_rows(&s[0], &left);
}

/* Home's own lists keep up to this many rows (what they show when they
 * have more than that: drafts, the latest calls, the follow-ups due). */
#define HOME_OWN_ROWS 13

/* At least two rows (one item and the title) for a list of the duty room,
 * its title alone when it is empty; the rest as there is room. */
static int rows_at_least(const struct section *s)
{
	return s->n ? want_rows(s, 1) : 1;
}

static int rows_more(int *h, int want, int *spare)
{
	int more = want - *h;

	more = more < *spare ? more : *spare;
	if (more > 0) {
		*h += more;
		*spare -= more;
	}
	return *h;
}

/* Rows of the duty room, the shift log and home's own lists out of rows,
 * in that order of need: the requests and the calls in progress two rows
 * each and the newest shift log entry (with its title) first; home's lists
 * up to HOME_OWN_ROWS (what they want when less); then the rest to the
 * requests, the calls in progress and the log, up to all they have; what
 * is left to home's lists. *logs gets the shift log's rows; home's lists
 * take the rows returned. */
static int home_rows(const struct home *h, struct section s[HOME_SECTIONS], int rows, int *logs)
{
	int own = (s[2].n ? want_rows(&s[2], 5) : 0) + want_rows(&s[3], SIZE_MAX) +
		  want_rows(&s[4], SIZE_MAX);
	int log_want = h->log.n ? 1 + (int)(h->log.n < HOME_LOG_SHOWN ? h->log.n : HOME_LOG_SHOWN)
				: 0;
	int spare;

	s[0].h = s[0].n ? rows_at_least(&s[0]) : 0;
	s[1].h = h->duty_shown ? rows_at_least(&s[1]) : 0;
	*logs = h->log.n ? 2 : 0;
	own = own < HOME_OWN_ROWS ? own : HOME_OWN_ROWS;
	spare = rows - s[0].h - s[1].h - *logs - own;
	if (spare < 0) { /* a small screen: home's lists give way */
		own += spare;
		spare = 0;
	}
	if (s[0].n)
		rows_more(&s[0].h, want_rows(&s[0], SIZE_MAX), &spare);
	if (s[1].n)
		rows_more(&s[1].h, want_rows(&s[1], SIZE_MAX), &spare);
	rows_more(logs, log_want, &spare);
	return own + spare;
}

/* An open help request: when, who, where, how long it waits, in the urgent
 * style (and "!" for monochrome screens). */
static void paint_help(struct home *h, const struct help_request *r, int y, bool on)
{
	attr_t at = on ? draw_attr(h->a, DS_SEL) : draw_attr(h->a, DS_URGENT);
	char at_s[8], wait[24];
	int x = 0;

	draw_clock(r->state.raised_at, at_s);
	draw_length(time_now() - r->state.raised_at, wait);
	cell(y, &x, 1, on ? ">" : "!", at);
	cell(y, &x, 5, at_s, at);
	cell(y, &x, 14, r->state.raised_by, at);
	cell(y, &x, 20, r->site, at);
	cell(y, &x, 10, wait, at); /* "12時間05分" at the most that matters */
	draw_text(y, x, COLS - x, r->in_progress ? _("in a call") : _("the call has ended"), at);
}

static const char *holder_word(enum duty_holder d)
{
	switch (d) {
	case DUTY_LIVE: return _("live");
	case DUTY_GONE: return _("gone?");
	default: return _("parked");
	}
}

/* A call in progress: start, running length, operator, site, markers, who
 * holds it, its help request. Never the notes. */
static void paint_duty(struct home *h, const struct duty_call *c, int y, bool on)
{
	struct app *a = h->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	int64_t end = c->ended_at ? c->ended_at : time_now();
	bool urgent = strcmp(c->urgency, "urgent") == 0;
	char start[8], len[24], mark[64] = "";
	int x = 0;

	draw_clock(c->started_at, start);
	draw_length(end > c->started_at ? end - c->started_at : 0, len);
	cell(y, &x, 1, on ? ">" : "", at);
	cell(y, &x, 5, start, at);
	cell(y, &x, 9, len, at);
	cell(y, &x, 12, c->operator_name, at);
	cell(y, &x, 12, c->site, at);
	if (urgent || c->risks[0])
		snprintf(mark, sizeof mark, "%s%s%s", urgent ? _("URGENT") : "",
			 urgent && c->risks[0] ? " " : "", c->risks[0] ? _("RISK") : "");
	else if (c->urgency[0])
		snprintf(mark, sizeof mark, "%s", label_of(a->cfg, LIST_URGENCY, c->urgency));
	cell(y, &x, 11, mark, urgent || c->risks[0] ? draw_attr(a, DS_URGENT) : at);
	cell(y, &x, 6, holder_word(c->holder),
	     c->holder == DUTY_GONE ? draw_attr(a, DS_WATCH) : at);
	if (c->ended_at)
		cell(y, &x, 6, _("ended"), at);
	if (c->help.raised_at && !c->help.acked_at)
		draw_text(y, x, COLS - x, _("HELP"), draw_attr(a, DS_URGENT));
	else if (c->help.acked_at)
		draw_textf(y, x, COLS - x, at, _("seen by %s"), c->help.acked_by);
	else
		draw_text(y, x, COLS - x, "", at);
}

/* The latest shift log entries, at the start of a session: rows used. */
static int paint_log(struct home *h, int y, int rows)
{
	int used = 0;

	if (!h->log.n || rows < 2)
		return 0;
	draw_text(y, 0, COLS, _("Shift log, the last day (l: all)"), draw_attr(h->a, DS_TITLE));
	for (size_t i = 0; i < h->log.n && used + 1 < rows; i++, used++) {
		const struct shift_entry *e = &h->log.v[i];
		char when[8];
		struct buf line;
		size_t k;

		draw_clock(e->at, when);
		buf_init(&line);
		buf_printf(&line, "%s %s%s: ", when, e->author, e->flagged ? " !" : "");
		for (k = 0; e->text[k] && e->text[k] != '\n'; k++)
			;
		buf_add(&line, e->text, k);
		draw_text(y + 1 + used, 2, COLS - 2, line.s, A_NORMAL);
		buf_free(&line);
	}
	return used + 1;
}

static void paint_item(struct home *h, size_t i, int y)
{
	const struct item *it = &h->items[i];

	if (it->kind == HI_HELP)
		paint_help(h, &it->help, y, i == h->sel);
	else if (it->kind == HI_DUTY)
		paint_duty(h, it->duty, y, i == h->sel);
	else if (it->kind == HI_DRAFT)
		paint_draft(h, it, y, i == h->sel);
	else if (it->kind == HI_CALL)
		paint_call(h, &it->row, y, i == h->sel);
	else
		paint_followup(h, &it->row, y, i == h->sel);
}

/* The first item a section shows: the selected one kept in sight, in the
 * middle when it can be. */
static size_t section_top(const struct home *h, const struct section *s, int shown)
{
	size_t sel, top;

	if (s->n <= (size_t)shown)
		return 0;
	if (h->sel < s->first || h->sel >= s->first + s->n)
		return s->latest ? s->n - (size_t)shown : 0;
	sel = h->sel - s->first;
	top = sel > (size_t)shown / 2 ? sel - (size_t)shown / 2 : 0;
	return top + (size_t)shown > s->n ? s->n - (size_t)shown : top;
}

static void paint_section_title(struct home *h, const struct section *s, int y, size_t top,
				int shown)
{
	attr_t t = draw_attr(h->a, DS_TITLE);
	char count[32];

	if (s->capped) /* the store stops counting there */
		snprintf(count, sizeof count, "%d+", STORE_FOLLOWUPS_COUNTED);
	else
		snprintf(count, sizeof count, "%zu", s->count);
	if (s->n > (size_t)shown)
		draw_textf(y, 0, COLS, t, _("%s (%s; %zu-%zu shown)"), _(s->title), count, top + 1,
			   top + (size_t)shown);
	else
		draw_textf(y, 0, COLS, t, "%s (%s)", _(s->title), count);
}

static void paint_section(struct home *h, const struct section *s, int y)
{
	int shown = s->h - 1;
	size_t top = section_top(h, s, shown);

	if (s->h <= 0)
		return;
	paint_section_title(h, s, y, top, shown);
	if (!s->n && shown > 0)
		draw_text(y + 1, 2, COLS - 2, _("(none)"), draw_attr(h->a, DS_DIM));
	for (int r = 0; r < shown && top + (size_t)r < s->n; r++)
		paint_item(h, s->first + top + (size_t)r, y + 1 + r);
}

static unsigned home_hidden(void *ctx)
{
	struct home *h = ctx;

	return h->a->supervisor ? KB_OPERATOR : KB_SUPERVISOR;
}

static void home_paint(void *ctx)
{
	struct home *h = ctx;
	struct section s[HOME_SECTIONS];
	struct buf foot;
	int y = 1, rows, logs;

	draw_header(h->a, _("Home"));
	home_sections(h, s);
	rows = home_rows(h, s, LINES - 4, &logs);
	y += paint_log(h, y, logs);
	home_layout(s + 2, rows + logs - (y - 1)); /* rows the log did not use */
	for (int i = 0; i < HOME_SECTIONS; i++) {
		paint_section(h, &s[i], y);
		y += s[i].h;
	}
	draw_status(h->a);
	buf_init(&foot);
	keymap_footer(&home_keys, false, home_hidden(h), COLS, &foot);
	draw_footer(h->a, foot.s);
	buf_free(&foot);
}

/* Actions: each answers enum key_result and reloads what it may have changed. */

/* A draft whose call was saved since it began (another session saved it,
 * or took it over): never resumed as a silent edit, but shown beside the
 * saved version. True when that was the case (c is freed then). */
static bool home_conflict(struct home *h, const char *draft_id, struct call *c)
{
	struct call now, out;
	struct error err;
	enum conflict_end end;

	error_clear(&err);
	if (store_call_get(h->a->store, c->id, &now, &err)) {
		app_error(h->a, _("Cannot open the draft"), &err);
		call_free(c);
		return true;
	}
	if (now.version == c->version && strcmp(draft_id, c->id) == 0) {
		call_free(&now);
		return false;
	}
	memset(&out, 0, sizeof out); /* conflict_run fills it, or leaves it empty */
	end = conflict_run(h->a, c, &now, &out);
	if (end == CONFLICT_MERGED) {
		out.version = now.version; /* an edit of the call as saved now */
		form_run_draft(h->a, &out, FROM_SAVED, draft_id, true);
	} else if (end == CONFLICT_NEW) {
		/* A call of its own: a new id, its own draft; the old one goes. */
		id_new(out.id);
		out.version = 0;
		store_queue_draft(h->a->queue, out.id, &out); /* written before the old goes */
		store_queue_drop(h->a->queue, draft_id);
		form_run(h->a, &out, FROM_DRAFT);
	}
	call_free(&out);
	call_free(&now);
	call_free(c);
	return true;
}

static void home_open_draft(struct home *h, const char *id)
{
	struct call c;
	struct error err;
	bool saved;

	error_clear(&err);
	if (store_draft_get(h->a->store, id, &c, &err)) {
		app_error(h->a, _("Cannot open the draft"), &err);
		return;
	}
	/* id is the draft's; c.id the call's (they differ for a draft kept
	 * separately from a conflict). */
	if (store_call_exists(h->a->store, c.id, &saved, &err)) {
		app_error(h->a, _("Cannot open the draft"), &err);
		call_free(&c);
		return;
	}
	if (saved && home_conflict(h, id, &c))
		return;
	form_run_draft(h->a, &c, saved ? FROM_SAVED : FROM_DRAFT, id, false);
	call_free(&c);
}

static void home_open_call(struct home *h, const char *id)
{
	struct call c;
	struct error err;

	error_clear(&err);
	if (store_call_get(h->a->store, id, &c, &err)) {
		app_error(h->a, _("Cannot open the call"), &err);
		return;
	}
	form_run(h->a, &c, FROM_SAVED);
	call_free(&c);
}

/* The shift log shown at the start goes once the operator gets to work. */
static void home_log_done(struct home *h)
{
	shift_log_free(&h->log);
}

static int home_new(void *ctx, int key)
{
	struct home *h = ctx;
	struct call c;

	home_log_done(h);
	form_new_call(h->a, &c);
	form_run(h->a, &c, FROM_NEW);
	call_free(&c);
	home_load(h);
	return KEY_STAY;
}

static int home_open(void *ctx, int key)
{
	struct home *h = ctx;
	char id[ID_LEN + 1];

	if (h->sel >= h->n)
		return KEY_STAY;
	if (h->items[h->sel].kind == HI_HELP || h->items[h->sel].kind == HI_DUTY) {
		app_msg(h->a, MSG_INFO,
			h->a->supervisor ? _("A call in progress is its operator's; a acknowledges a help request.")
					 : _("A call in progress is its operator's."));
		return KEY_STAY;
	}
	home_log_done(h);
	snprintf(id, sizeof id, "%s", h->items[h->sel].row.id);
	if (h->items[h->sel].kind == HI_DRAFT)
		home_open_draft(h, id);
	else
		home_open_call(h, id);
	home_load(h);
	return KEY_STAY;
}

static int home_discard(void *ctx, int key)
{
	static const struct choice yes[] = {{'y', N_("discard it for good")}};
	struct home *h = ctx;
	struct choice c = {yes[0].key, _(yes[0].label)};
	struct question q = {_("Discard this draft?"), NULL, &c, 1, _("keep it"), 1};
	struct error err;

	if (h->sel >= h->n || h->items[h->sel].kind != HI_DRAFT) {
		app_msg(h->a, MSG_INFO, _("x discards a draft: select one first."));
		return KEY_STAY;
	}
	if (dialog_ask(h->a, &q) != 'y')
		return KEY_STAY;
	error_clear(&err);
	if (store_draft_delete(h->a->store, h->items[h->sel].row.id, &err))
		app_error(h->a, _("Cannot discard the draft"), &err);
	else
		app_msg(h->a, MSG_INFO, _("Draft discarded."));
	home_load(h);
	return KEY_STAY;
}

static int home_history(void *ctx, int key)
{
	struct home *h = ctx;

	if (h->sel >= h->n || h->items[h->sel].kind == HI_DRAFT) {
		app_msg(h->a, MSG_INFO, _("h shows the history of a saved call: select one first."));
		return KEY_STAY;
	}
	history_show(h->a, h->items[h->sel].row.id);
	return KEY_STAY;
}

static int home_followups(void *ctx, int key)
{
	struct home *h = ctx;

	home_log_done(h);
	followups_run(h->a);
	home_load(h);
	return KEY_STAY;
}

static int home_directory(void *ctx, int key)
{
	struct home *h = ctx;

	home_log_done(h);
	directory_run(h->a);
	home_load(h);
	return KEY_STAY;
}

/* Earlier days' calls, to open or correct them; t is today again. */
static int home_day(void *ctx, int key)
{
	struct home *h = ctx;

	h->day = key == 't' ? 0 : h->day + (key == TK(KEY_LEFT) ? -1 : 1);
	if (h->day > 0)
		h->day = 0;
	h->fresh = true;
	home_load(h);
	return KEY_STAY;
}

/* A supervisor acknowledges the selected help request (a call in progress
 * with one open will do): the writer thread writes it, home says so. */
static int home_ack(void *ctx, int key)
{
	struct home *h = ctx;
	const struct item *it = h->sel < h->n ? &h->items[h->sel] : NULL;
	const char *call_id = NULL;

	if (it && it->kind == HI_HELP)
		call_id = it->help.call_id;
	else if (it && it->kind == HI_DUTY && it->duty->help.raised_at && !it->duty->help.acked_at)
		call_id = it->duty->call_id;
	if (!call_id) {
		app_msg(h->a, MSG_INFO, _("a acknowledges a help request: select one first."));
		return KEY_STAY;
	}
	if (h->ack_ticket) { /* pressed again before the database took the first */
		app_msg(h->a, MSG_INFO, _("Already sent: the acknowledgement is being written."));
		return KEY_STAY;
	}
	h->ack_ticket = store_queue_help_ack(h->a->queue, call_id, h->a->me);
	app_msg(h->a, MSG_INFO, _("Acknowledging..."));
	return KEY_STAY;
}

static int home_debriefs(void *ctx, int key)
{
	struct home *h = ctx;

	home_log_done(h);
	debriefs_run(h->a);
	home_load(h);
	return KEY_STAY;
}

static int home_shiftlog(void *ctx, int key)
{
	struct home *h = ctx;

	home_log_done(h);
	shiftlog_run(h->a);
	home_load(h);
	return KEY_STAY;
}

static int home_reload(void *ctx, int key)
{
	home_load(ctx); /* Ctrl-L has also made app_key repaint everything */
	return KEY_STAY;
}

static int home_move(void *ctx, int key)
{
	struct home *h = ctx;
	long s = (long)h->sel, page = LINES - 6;

	switch (key) {
	case TK(KEY_UP): case 'k': s--; break;
	case TK(KEY_DOWN): case 'j': s++; break;
	case TK(KEY_PPAGE): s -= page; break;
	case TK(KEY_NPAGE): s += page; break;
	case TK(KEY_HOME): s = 0; break;
	default: s = (long)h->n; break;
	}
	if (s >= (long)h->n)
		s = (long)h->n - 1;
	h->sel = s < 0 ? 0 : (size_t)s;
	return KEY_STAY;
}

static int home_short(void *ctx, int key)
{
	struct home *h = ctx;

	quick_start(h->a, &h->quick);
	home_load(h);
	return KEY_STAY;
}

static int home_undo(void *ctx, int key)
{
	struct home *h = ctx;

	if (quick_undo(h->a, &h->quick))
		home_load(h);
	return KEY_STAY;
}

static int home_quit(void *ctx, int key)
{
	struct home *h = ctx;

	quick_settle(h->a, &h->quick, true, false);
	return KEY_LEAVE;
}

static int home_tick(void *ctx, int key)
{
	struct home *h = ctx;
	bool waiting = h->quick.pending;

	quick_settle(h->a, &h->quick, false, true);
	if (h->quick.pending)
		quick_say(h->a, &h->quick); /* the seconds left to undo */
	if (waiting != h->quick.pending || h->stale || app_ms() - h->loaded > 30000)
		home_load(h); /* colleagues' calls appear, and a call once saved */
	else if (h->duty_shown && app_ms() - h->duty_at >= HOME_DUTY_MS)
		home_duty_load(h); /* calls in progress and help requests, every few seconds */
	return KEY_STAY;
}

/* A short call is saved when its undo time is over, whatever screen is on
 * top, and at once on a signal. */
static void home_flush(void *ctx, bool force)
{
	struct home *h = ctx;

	if (force || app_top(h->a)->ctx != h) /* on home, its tick says it */
		quick_settle(h->a, &h->quick, force, false);
}

/* The keys of home; new keys go here (the footer shows those with a hint
 * while they fit, the help page and soudan(1) list all). */
#define HOME_KEYS(X)                                                                           \
	X(home_new, KEYS('n'), 1, N_("new call"),                                               \
	  N_("start a new call: the timer starts, type the notes at once"), 0)                  \
	X(home_short, KEYS('s'), 1, N_("silent etc."),                                          \
	  N_("a silent, hang-up, prank or wrong-number call: s and its number record it"), 0)   \
	X(home_undo, KEYS('u'), 0, NULL, N_("undo the short call just recorded (10 seconds)"), 0) \
	X(home_open, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("open"),                              \
	  N_("open the selected call, or resume the selected draft"), 0)                        \
	X(home_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)        \
	X(home_move, KEYS(TK(KEY_PPAGE), TK(KEY_NPAGE), TK(KEY_HOME), TK(KEY_END)), 0, NULL,     \
	  N_("select a page up or down, the first or the last"), 0)                            \
	X(home_day, KEYS(TK(KEY_LEFT), TK(KEY_RIGHT), 't'), 0, NULL,                             \
	  N_("the calls of the day before / after; t: today"), 0)                                \
	X(home_followups, KEYS('f'), 1, N_("follow-ups"),                                       \
	  N_("follow-ups: close, reschedule or hand over continuations"), KB_SPARE)             \
	X(home_directory, KEYS('d'), 1, N_("directory"), N_("the referral directory"), KB_SPARE) \
	X(home_history, KEYS('h'), 0, NULL, N_("history of changes to the selected saved call"), 0) \
	X(home_ack, KEYS('a'), 1, N_("acknowledge"),                                            \
	  N_("acknowledge the selected help request: the operator sees you saw it"),           \
	  KB_SUPERVISOR)                                                                       \
	X(home_debriefs, KEYS('b'), 1, N_("debriefs"),                                          \
	  N_("the debrief queue: calls waiting for a debrief, mark one done"), KB_SUPERVISOR | KB_SPARE) \
	X(home_shiftlog, KEYS('l'), 1, N_("shift log"),                                         \
	  N_("the shift log: read the latest entries, write one, take yours back"), KB_SPARE)   \
	X(home_discard, KEYS('x'), 0, NULL, N_("discard the selected draft"), 0)                \
	X(home_reload, KEYS('r', CTRL('l')), 0, NULL, N_("reload and redraw"), 0)               \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"),     \
	  KB_HELP)                                                                               \
	X(home_quit, KEYS('q', CTRL('c')), 1, N_("quit"),                                        \
	  N_("quit (open calls are kept as drafts)"), 0)

static const struct binding home_bindings[] = {HOME_KEYS(KEY_BINDING)};
const struct keymap home_keys = KEYMAP(
	"home", N_("Home"), home_bindings, NULL,
	N_("Drafts are written every second while a call is open. If the\n"
	   "connection drops, the call is waiting here the next time."));

/* A save finished (the writer thread): the lists change (the call in,
 * its draft out). */
static bool home_result(void *ctx, const struct job_result *r)
{
	struct home *h = ctx;

	if (r->kind == JOB_HELP_ACK && r->ticket == h->ack_ticket) {
		h->ack_ticket = 0;
		h->duty_at = 0; /* read again at the next tick */
		/* The store takes the same supervisor's second press as done. */
		if (r->status == ST_OK)
			app_msg(h->a, MSG_INFO, _("Acknowledged: %s sees that you saw it."),
				r->help.raised_by);
		else
			app_error(h->a, _("Not acknowledged"), &r->err);
		return true;
	}
	if (r->kind != JOB_SAVE && r->kind != JOB_DROP &&
	    !(r->kind == JOB_DRAFT && strcmp(r->call_id, h->quick.call.id) == 0))
		return false;
	h->stale = true;
	return quick_saved(h->a, &h->quick, r);
}

static const struct screen home_screen = {.paint = home_paint, .keys = &home_keys,
					  .key = home_tick, .flush = home_flush,
					  .result = home_result, .hidden = home_hidden,
					  .duty_room = true};

void home_run(struct app *a)
{
	struct home h;

	struct error err;

	memset(&h, 0, sizeof h);
	h.a = a;
	h.duty_shown = config_shows_calls_in_progress(a->cfg, a->supervisor);
	home_load(&h);
	error_clear(&err);
	if (store_shift_log_latest(a->store, a->cfg->site, time_now() - HOME_LOG_SECONDS,
				   HOME_LOG_SHOWN, &h.log, &err))
		app_error(a, _("Cannot read the shift log"), &err);
	if (h.ndrafts && !a->msg[0]) /* what the start said first (rescued drafts) stays */
		app_msg(a, MSG_WARN,
			_("%zu interrupted call(s) found: select one and press Enter to resume it."),
			h.ndrafts);
	app_run(a, &home_screen, &h);
	quick_settle(a, &h.quick, true, false);
	call_free(&h.quick.call);
	shift_log_free(&h.log);
	home_clear(&h);
}
