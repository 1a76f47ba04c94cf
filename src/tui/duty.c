/* The duty room's screens (支援者支援): the debrief queue and the shift log,
 * opened from home; the debrief a save proposes; the note template picker.
 * Writes go through the writer thread (queue.h): the lists are read again
 * when the thread says it is done. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/duty.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

/* Choices of a picker: 1-9, then a-k (config.h refuses lists longer than
 * PICK_LIST_MAX), never n, the debrief's "no debrief, save". One more for
 * that. */
#define PICK_MAX (PICK_LIST_MAX + 1)
_Static_assert('a' + PICK_LIST_MAX - 10 < 'n', "a picker's keys stop before n");

static int pick_key(size_t i)
{
	return i < 9 ? '1' + (int)i : 'a' + (int)(i - 9);
}

static int pick_index(int k)
{
	return k >= '1' && k <= '9' ? k - '1' : k >= 'a' && k <= 'z' ? k - 'a' + 9 : -1;
}

/* "HH:MM" today, "MM-DD HH:MM" before. */
static void when_of(int64_t t, char *out, size_t size)
{
	bool today = date_cmp(date_of(t), date_of(time_now())) == 0;

	time_format_local(t, today ? "%H:%M" : "%m-%d %H:%M", out, size);
}

/* --- the debrief a save proposes --- */

/* The reasons of [debrief_reason] as choices; the one proposed (when the
 * list has it) says so. */
static size_t reason_choices(struct app *a, const char *proposed, struct choice *out,
			     char labels[][160])
{
	const struct codelist *l = config_list(a->cfg, LIST_DEBRIEF_REASON);
	size_t n = 0;

	for (size_t i = 0; i < l->n && n < PICK_LIST_MAX; i++, n++) {
		if (proposed && strcmp(l->codes[i].key, proposed) == 0)
			snprintf(labels[n], 160, _("%s (proposed)"), l->codes[i].label);
		else
			snprintf(labels[n], 160, "%s", l->codes[i].label);
		out[n] = (struct choice){pick_key(n), labels[n]};
	}
	return n;
}

static void reason_set(struct app *a, struct call *c, int k)
{
	const struct codelist *l = config_list(a->cfg, LIST_DEBRIEF_REASON);
	int i = pick_index(k);

	if (i >= 0 && (size_t)i < l->n)
		call_set(&c->debrief_reason, l->codes[i].key);
}

bool duty_debrief_ask(struct app *a, struct call *c, bool propose, bool *asked)
{
	struct choice ch[PICK_MAX];
	char labels[PICK_MAX][160], text[300];
	const char *reason = NULL;
	struct question q = {NULL, text, ch, 0, _("back to the call"), 2};
	int k;

	if (c->debrief && c->debrief_reason)
		return true;
	if (!c->debrief) {
		if (!propose || *asked || !call_debrief_proposed(c, a->cfg, time_now(), &reason))
			return true;
		*asked = true;
		q.title = _("Propose a debrief?");
		if (c->coded[CF_URGENCY] && strcmp(c->coded[CF_URGENCY], "urgent") == 0)
			snprintf(text, sizeof text, "%s",
				 _("An urgent call: a supervisor talks it over with you later.\n"
				   "Choose the reason, or n: no debrief."));
		else
			snprintf(text, sizeof text,
				 _("A call of %d minutes or more: a supervisor talks it over with you\n"
				   "later. Choose the reason, or n: no debrief."),
				 a->cfg->debrief_after_minutes);
	} else {
		q.title = _("Debrief: the reason?");
		snprintf(text, sizeof text, "%s", _("The supervisors' debrief queue lists the reason."));
	}
	q.n = reason_choices(a, reason, ch, labels);
	if (!c->debrief)
		ch[q.n++] = (struct choice){'n', _("no debrief, save")};
	k = dialog_ask(a, &q);
	if (k == KEY_ESC || k == TK_HALT)
		return false;
	if (k == 'n' && !c->debrief)
		return true;
	c->debrief = true;
	reason_set(a, c, k);
	return true;
}

/* --- the note template picker --- */

const char *template_pick(struct app *a)
{
	struct choice ch[PICK_MAX];
	char labels[PICK_MAX][300];
	struct question q = {_("Insert a note template"), NULL, ch, 0, _("back to the notes"), 1};
	size_t n = a->cfg->ntemplates < PICK_LIST_MAX ? a->cfg->ntemplates : PICK_LIST_MAX;
	int k, i;

	if (!n) {
		app_msg(a, MSG_INFO, _("No note templates are configured ([templates] in soudan.ini)."));
		return NULL;
	}
	for (size_t j = 0; j < n; j++) {
		snprintf(labels[j], sizeof labels[j], "%s  (%s)", a->cfg->templates[j].text,
			 a->cfg->templates[j].key);
		ch[j] = (struct choice){pick_key(j), labels[j]};
	}
	q.n = n;
	q.columns = n > 16 ? 2 : 1; /* the box stays within 24 rows */
	k = dialog_ask(a, &q);
	i = pick_index(k);
	return i >= 0 && (size_t)i < n ? a->cfg->templates[i].text : NULL;
}

/* --- the debrief queue (supervisors) --- */

#define DEBRIEFS_MAX 500

struct debriefs {
	struct app *a;
	struct debrief_item *v;
	size_t n, sel, top;
	int64_t total;
	long ticket; /* the mark still being written, 0 none */
};

static int on_debrief(const struct debrief_item *d, void *ctx)
{
	struct debriefs *p = ctx;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = *d;
	return 0;
}

static void debriefs_load(struct debriefs *p)
{
	struct error err;

	p->n = 0;
	error_clear(&err);
	if (store_debriefs_waiting(p->a->store, DEBRIEFS_MAX, &p->total, on_debrief, p, &err))
		app_error(p->a, _("Cannot read the debrief queue"), &err);
	if (p->sel >= p->n)
		p->sel = p->n ? p->n - 1 : 0;
}

static void debriefs_paint(void *ctx)
{
	struct debriefs *p = ctx;
	int rows = LINES - 5, x;
	struct buf foot;

	draw_header(p->a, _("Debrief queue"));
	draw_textf(1, 0, COLS, draw_attr(p->a, DS_TITLE), _("Waiting for a debrief (%lld)"),
		   (long long)p->total);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && p->top + (size_t)r < p->n; r++) {
		const struct debrief_item *d = &p->v[p->top + (size_t)r];
		bool on = p->top + (size_t)r == p->sel;
		attr_t at = on ? draw_attr(p->a, DS_SEL) : A_NORMAL;
		char start[24], asked[24];

		when_of(d->started_at, start, sizeof start);
		when_of(d->requested_at, asked, sizeof asked);
		const int w[] = {1, 11, 12, 18, 12};
		const char *cells[] = {
			on ? ">" : "", start, d->operator_name,
			d->reason[0] ? label_of(p->a->cfg, LIST_DEBRIEF_REASON, d->reason)
				     : _("(no reason)"),
			d->site};

		x = 0;
		for (size_t c = 0; c < sizeof w / sizeof *w; c++) {
			draw_text(2 + r, x, w[c] + 1, "", at);
			draw_text(2 + r, x, w[c], cells[c], at);
			x += w[c] + 1;
		}
		draw_textf(2 + r, x, COLS - x, at, _("asked %s by %s"), asked, d->requested_by);
	}
	if (!p->n)
		draw_text(2, 2, COLS - 2, _("(none)"), draw_attr(p->a, DS_DIM));
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&debriefs_keys, false, 0, COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
}

static int debriefs_done(void *ctx, int key)
{
	struct debriefs *p = ctx;
	const struct debrief_item *d;
	struct choice yes = {'y', _("done: we talked it over")};
	struct question q = {_("Mark this debrief done?"), NULL, &yes, 1, _("not yet"), 1};
	char text[300];

	if (p->sel >= p->n)
		return KEY_STAY;
	if (p->ticket) { /* pressed again before the database took the first */
		app_msg(p->a, MSG_INFO, _("Already sent: the debrief is being marked done."));
		return KEY_STAY;
	}
	d = &p->v[p->sel];
	snprintf(text, sizeof text, _("%s's call (%s)"), d->operator_name,
		 d->reason[0] ? label_of(p->a->cfg, LIST_DEBRIEF_REASON, d->reason) : "-");
	q.text = text;
	if (dialog_ask(p->a, &q) != 'y')
		return KEY_STAY;
	p->ticket = store_queue_debrief_done(p->a->queue, d->call_id, p->a->me);
	app_msg(p->a, MSG_INFO, _("Marking the debrief done..."));
	return KEY_STAY;
}

static bool debriefs_result(void *ctx, const struct job_result *r)
{
	struct debriefs *p = ctx;

	if (r->kind != JOB_DEBRIEF_DONE || r->ticket != p->ticket)
		return false;
	p->ticket = 0;
	if (r->status == ST_OK)
		app_msg(p->a, MSG_INFO, _("Debrief marked done."));
	else
		app_error(p->a, _("Not marked done"), &r->err);
	debriefs_load(p);
	return true;
}

static int debriefs_move(void *ctx, int key)
{
	struct debriefs *p = ctx;

	keys_step(key, &p->sel, p->n);
	return KEY_STAY;
}

static int debriefs_reload(void *ctx, int key)
{
	debriefs_load(ctx);
	return KEY_STAY;
}

static int duty_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

#define DEBRIEFS_KEYS(X)                                                                   \
	X(debriefs_done, KEYS('\n', '\r', TK(KEY_ENTER), 'd'), 2, N_("done"),                 \
	  N_("mark the selected debrief done (after asking)"), 0)                             \
	X(debriefs_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)  \
	X(debriefs_reload, KEYS('r'), 0, NULL, N_("read the queue again"), 0)                 \
	X(duty_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                        \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding debriefs_bindings[] = {DEBRIEFS_KEYS(KEY_BINDING)};
const struct keymap debriefs_keys = KEYMAP(
	"debriefs", N_("Debrief queue"), debriefs_bindings,
	N_("Calls waiting for a debrief, asked for longest ago first: the call's\n"
	   "start, its operator, the reason, the site, who asked and when."),
	NULL);

void debriefs_run(struct app *a)
{
	static const struct screen debriefs_screen = {
		.paint = debriefs_paint, .keys = &debriefs_keys, .result = debriefs_result};
	struct debriefs p;

	memset(&p, 0, sizeof p);
	p.a = a;
	debriefs_load(&p);
	app_run(a, &debriefs_screen, &p);
	free(p.v);
}

/* --- the shift log (申し送り) --- */

#define SHIFT_SHOWN 200

struct shiftlog {
	struct app *a;
	struct shift_log log;
	size_t sel;
	int top; /* first row of the text shown */
	long ticket;
};

static void shiftlog_load(struct shiftlog *p)
{
	struct error err;

	shift_log_free(&p->log);
	error_clear(&err);
	if (store_shift_log_latest(p->a->store, p->a->cfg->site, 0, SHIFT_SHOWN, &p->log, &err))
		app_error(p->a, _("Cannot read the shift log"), &err);
	if (p->sel >= p->log.n)
		p->sel = p->log.n ? p->log.n - 1 : 0;
}

/* One entry's head: when, who, and the flag. */
static void shift_head(const struct shift_entry *e, struct buf *out)
{
	char when[24];

	when_of(e->at, when, sizeof when);
	buf_printf(out, "%s  %s", when, e->author);
	if (e->flagged)
		buf_printf(out, "  [%s]", _("looks identifying"));
}

/* Rows an entry takes: its head, its text wrapped, nothing more. */
static int shift_paint_entry(struct shiftlog *p, size_t i, int y, int rows)
{
	const struct shift_entry *e = &p->log.v[i];
	bool on = i == p->sel;
	attr_t at = on ? draw_attr(p->a, DS_SEL) : draw_attr(p->a, DS_TITLE);
	struct buf head;
	int used;

	buf_init(&head);
	shift_head(e, &head);
	draw_textf(y, 0, COLS, at, "%s%s", on ? "> " : "  ", head.s);
	if (e->flagged)
		draw_text(y, COLS - 2, 2, "!", draw_attr(p->a, DS_WATCH));
	buf_free(&head);
	used = rows > 1 ? draw_wrap(y + 1, 4, COLS - 4, rows - 1 < 4 ? rows - 1 : 4, e->text,
				    A_NORMAL) : 0;
	return 1 + used;
}

static void shiftlog_paint(void *ctx)
{
	struct shiftlog *p = ctx;
	int y = 2, last = LINES - 2;
	struct buf foot;
	size_t first = p->sel > 3 ? p->sel - 3 : 0;

	draw_header(p->a, _("Shift log"));
	draw_text(1, 0, COLS, _("Shift log: the latest first. About the work, never about a caller."),
		  draw_attr(p->a, DS_TITLE));
	for (size_t i = first; i < p->log.n && y < last; i++)
		y += shift_paint_entry(p, i, y, last - y);
	if (!p->log.n)
		draw_text(2, 2, COLS - 2, _("(none)"), draw_attr(p->a, DS_DIM));
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&shiftlog_keys, false, p->a->supervisor ? KB_OPERATOR : KB_SUPERVISOR, COLS,
		      &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
}

static const char *check_entry(const char *text)
{
	const char *s = text;

	/* Blank as the store counts it (store_shift_log_add): spaces, newlines
	 * and the ideographic space. */
	for (;;) {
		if (*s == ' ' || *s == '\n')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	return *s ? NULL : N_("write something, or Esc");
}

/* One change of the shift log at a time: the first is still being written
 * (the database busy) when a key is pressed again. */
static bool shiftlog_busy(struct shiftlog *p)
{
	if (p->ticket)
		app_msg(p->a, MSG_INFO, _("Already sent: the last change is being written."));
	return p->ticket != 0;
}

static int shiftlog_write(void *ctx, int key)
{
	struct shiftlog *p = ctx;
	char *text, id[ID_LEN + 1];
	const char *warn;

	if (shiftlog_busy(p))
		return KEY_STAY;

	if (!dialog_input(p->a, _("Shift log"),
			  _("A new entry, about the work; no names, phone numbers or addresses:"),
			  "", SHIFT_LOG_MAX, check_entry, &text))
		return KEY_STAY;
	/* The notes' anonymity warning, before it is written for everyone. */
	if ((warn = call_notes_identifying(text))) {
		struct choice yes = {'y', _("write it as it is")};
		char body[300];
		struct question q = {_("Write this entry?"), body, &yes, 1, _("do not write it"), 1};

		snprintf(body, sizeof body, "%s: %s. %s", _("Warning"), _(warn),
			 _("The line is anonymous."));
		if (dialog_ask(p->a, &q) != 'y') {
			free(text);
			return KEY_STAY;
		}
	}
	id_new(id);
	p->ticket = store_queue_shift_add(p->a->queue, id, p->a->cfg->site, text, p->a->me);
	app_msg(p->a, MSG_INFO, _("Writing the entry..."));
	free(text);
	return KEY_STAY;
}

static int shiftlog_remove(void *ctx, int key)
{
	struct shiftlog *p = ctx;
	struct choice yes = {'y', _("take it back")};
	struct question q = {_("Take this entry back?"), NULL, &yes, 1, _("keep it"), 1};
	const struct shift_entry *e;

	if (p->sel >= p->log.n || shiftlog_busy(p))
		return KEY_STAY;
	e = &p->log.v[p->sel];
	if (!p->a->supervisor && strcmp(e->author, p->a->me) != 0) {
		app_msg(p->a, MSG_WARN, _("Only its author or a supervisor may take an entry back."));
		return KEY_STAY;
	}
	if (dialog_ask(p->a, &q) != 'y')
		return KEY_STAY;
	p->ticket = store_queue_shift_remove(p->a->queue, e->id, p->a->me);
	return KEY_STAY;
}

static bool shiftlog_result(void *ctx, const struct job_result *r)
{
	struct shiftlog *p = ctx;

	if ((r->kind != JOB_SHIFT_ADD && r->kind != JOB_SHIFT_REMOVE) || r->ticket != p->ticket)
		return false;
	p->ticket = 0;
	if (r->status != ST_OK)
		app_error(p->a, r->kind == JOB_SHIFT_ADD ? _("Not written") : _("Not taken back"),
			  &r->err);
	else if (r->kind == JOB_SHIFT_REMOVE)
		app_msg(p->a, MSG_INFO, _("Entry taken back."));
	else if (r->flagged)
		app_msg(p->a, MSG_WARN, _("Written, flagged: it looks like a phone number or an address."));
	else
		app_msg(p->a, MSG_INFO, _("Entry written."));
	p->sel = 0;
	shiftlog_load(p);
	/* The entry just written stays selected (two of one second come in
	 * any order). */
	for (size_t i = 0; r->kind == JOB_SHIFT_ADD && i < p->log.n; i++)
		if (strcmp(p->log.v[i].id, r->id) == 0)
			p->sel = i;
	return true;
}

static int shiftlog_move(void *ctx, int key)
{
	struct shiftlog *p = ctx;

	keys_step(key, &p->sel, p->log.n);
	return KEY_STAY;
}

static int shiftlog_reload(void *ctx, int key)
{
	shiftlog_load(ctx);
	return KEY_STAY;
}

#define SHIFTLOG_KEYS(X)                                                                   \
	X(shiftlog_write, KEYS('n', 'w'), 1, N_("new entry"),                                 \
	  N_("write a new entry (one line, at most 1000 bytes)"), 0)                          \
	X(shiftlog_remove, KEYS('x'), 1, N_("take back"),                                     \
	  N_("take the selected entry back (its author, or a supervisor)"), 0)               \
	X(shiftlog_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0)  \
	X(shiftlog_reload, KEYS('r'), 0, NULL, N_("read the log again"), 0)                   \
	X(duty_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                        \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding shiftlog_bindings[] = {SHIFTLOG_KEYS(KEY_BINDING)};
const struct keymap shiftlog_keys = KEYMAP(
	"shiftlog", N_("Shift log"), shiftlog_bindings,
	N_("Short entries for the next shift, the latest first, of this site.\n"
	   "They are about the work, never about a caller by name."),
	NULL);

void shiftlog_run(struct app *a)
{
	static const struct screen shiftlog_screen = {
		.paint = shiftlog_paint, .keys = &shiftlog_keys, .result = shiftlog_result};
	struct shiftlog p;

	memset(&p, 0, sizeof p);
	p.a = a;
	shiftlog_load(&p);
	app_run(a, &shiftlog_screen, &p);
	shift_log_free(&p.log);
}
