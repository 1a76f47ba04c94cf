/* The call screen: the timer, the notes, the coded fields, and the call's
 * life: a draft within a second of every change, ending, saving, leaving.
 * The call is written only through the writer thread (queue.h): its draft
 * while it is open, the save (call, audit entry and draft removal in one
 * transaction) when saved. So the screen never waits on the database: keys,
 * the timer and the end time go on while the thread waits for a lock, and a
 * save that has to wait is 保存待ち, its draft on home meanwhile. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "form.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

static void form_default(struct app *a, struct call *c, enum call_coded f, const char *key)
{
	const struct codelist *l = config_list(a->cfg, call_coded_info[f].list);

	if (codelist_find(l, key) >= 0)
		call_set(&c->coded[f], key);
	else if (l->n > 0 && f == CF_CALL_TYPE) /* required: the first one will do */
		call_set(&c->coded[f], l->codes[0].key);
}

void form_new_call(struct app *a, struct call *c)
{
	call_init(c);
	id_new(c->id);
	call_set(&c->site, a->cfg->site);
	call_set(&c->operator_name, a->me);
	c->started_at = time_now();
	form_default(a, c, CF_CALL_TYPE, "consult");
	form_default(a, c, CF_CHANNEL, "phone");
}

void form_touch(struct form *f)
{
	f->dirty = f->changed = true;
	f->touched_ms = app_ms();
}

static void form_finish(struct form *f, enum form_end end)
{
	f->end = end;
	f->done = true;
}

/* The notes live in the editor while the call is open. */
static void form_sync(struct form *f)
{
	free(f->call.notes);
	f->call.notes = editor_text(&f->notes);
}

/* Another session took the call over, or saved it: nothing more of ours
 * goes near it. Text typed here goes on into a draft of its own (kept), or,
 * when nothing was typed, the call is read only. */
static void form_lost(struct form *f, const struct error *err, bool kept)
{
	f->leased = false;
	snprintf(f->held, sizeof f->held, "%s", err->msg);
	if (kept) {
		app_msg(f->a, MSG_WARN,
			_("Another session took this call over (%s). Your text is kept as a"
			  " separate draft on home."), err->msg);
	} else {
		f->readonly = true;
		app_msg(f->a, MSG_WARN, _("Another session took this call over (%s)."), err->msg);
	}
}

/* Holding a call nobody changed: the lease alone is renewed (no draft). */
static void form_heartbeat(struct form *f)
{
	f->last_put = app_ms();
	store_queue_beat(f->a->queue, f->call.id);
}

/* The draft hook app_key calls before every wait: changes within a second,
 * at once when forced (a signal, leaving); and every two seconds while the
 * call is held, changed or not: the heartbeat that tells other sessions this
 * one is alive (and this one that it was taken over). */
static void form_flush(void *ctx, bool force)
{
	struct form *f = ctx;
	bool beat = f->leased && !f->readonly && app_ms() - f->last_put >= 2000;

	if (!force && !beat && (!f->dirty || app_ms() - f->last_put < 1000))
		return;
	if (!f->changed) {
		if (beat && !force)
			form_heartbeat(f);
		return;
	}
	form_sync(f);
	f->warn = call_notes_identifying(f->call.notes);
	f->last_put = app_ms();
	/* Queued: the thread writes it when the database lets it, and tells
	 * (form_result). A newer draft replaces one still waiting. */
	store_queue_draft(f->a->queue, f->draft_id, &f->call);
	f->dirty = false;
}

/* A write of this call finished. */
static bool form_result(void *ctx, const struct job_result *r)
{
	struct form *f = ctx;

	if (form_help_result(f, r))
		return true;
	if (strcmp(r->call_id, f->call.id) != 0 || r->kind == JOB_SAVE)
		return false;
	if (r->status == ST_CONFLICT) {
		/* A draft went to one of its own (f->draft_id follows it); a call
		 * nobody changed here is only read from now on. */
		if (r->kind == JOB_DRAFT)
			memcpy(f->draft_id, r->draft_id, sizeof f->draft_id);
		form_lost(f, &r->err, r->kind == JOB_DRAFT);
		return true;
	}
	if (r->status != ST_OK) {
		if (r->kind == JOB_DRAFT) {
			f->dirty = true; /* written again with the next change or tick */
			app_error(f->a, _("The draft could not be written (trying again)"), &r->err);
		}
		return r->kind == JOB_DRAFT;
	}
	if (r->kind == JOB_DRAFT) {
		/* Writing the call's own draft holds the call: let go when leaving. */
		f->leased |= strcmp(r->draft_id, f->call.id) == 0;
		f->draft_at = r->done_at;
	} else if (r->kind == JOB_BEAT || r->kind == JOB_TAKE) {
		f->leased = true;
	}
	return true;
}

static bool form_goto(struct form *f, int i)
{
	if (!field_leave(f))
		return false;
	f->focus = i;
	field_enter(f);
	return true;
}

static void form_focus(struct form *f, int step)
{
	form_goto(f, (f->focus + step + f->nfields) % f->nfields);
}

/* Ctrl-E ends the call; pressed again on a call not yet saved, it takes
 * the end back (an accidental Ctrl-E) and the timer goes on. */
static void form_end_call(struct form *f)
{
	char hm[8], d[16];

	if (f->call.ended_at && f->origin == FROM_SAVED) {
		app_msg(f->a, MSG_INFO, _("A saved call keeps its end time. Ctrl-S saves it."));
		return;
	}
	if (f->call.ended_at) {
		f->call.ended_at = 0;
		form_touch(f);
		app_msg(f->a, MSG_INFO, _("The timer goes on. Ctrl-E ends the call again."));
		return;
	}
	f->call.ended_at = time_now();
	if (f->call.ended_at < f->call.started_at)
		f->call.ended_at = f->call.started_at;
	form_touch(f);
	draw_clock(f->call.ended_at, hm);
	draw_duration(f->call.ended_at - f->call.started_at, d);
	app_msg(f->a, MSG_INFO,
		_("Call ended at %s (%s). Ctrl-E again: the timer goes on; Ctrl-S saves."), hm, d);
}

static void form_save(struct form *f)
{
	struct call *c = &f->call;
	struct error err;
	int64_t pressed = time_now(); /* the end, whatever is asked below */

	if (!field_leave(f) || !rules_before_save(f))
		return;
	form_sync(f);
	if (!duty_debrief_ask(f->a, c, f->origin != FROM_SAVED, &f->debrief_asked))
		return;
	/* Saving ends a call in progress; a saved call without an end time (an
	 * import) keeps none rather than get hours of invented duration. */
	if (!c->ended_at && f->origin != FROM_SAVED)
		c->ended_at = pressed > c->started_at ? pressed : c->started_at;
	if (call_is_continued(c) && !c->assigned_to)
		call_set(&c->assigned_to, f->a->me);
	call_fill_unknown(c, f->a->cfg);
	error_clear(&err);
	if (call_validate(c, f->a->cfg, &err)) {
		form_touch(f);
		app_error(f->a, _("Not saved, please correct"), &err);
		return;
	}
	/* The draft first, as it stands, then the save: whatever becomes of the
	 * save (a lock held for minutes, a conflict), the call is on home as a
	 * draft until it is saved. The end time is already the key's. */
	store_queue_draft(f->a->queue, f->draft_id, c);
	store_queue_save(f->a->queue, f->draft_id, c, f->a->me);
	f->a->saving++;
	f->dirty = f->changed = false;
	f->leased = false; /* the save lets go of the call */
	app_msg(f->a, MSG_INFO, _("Saving..."));
	form_finish(f, FORM_SAVED);
}

/* Discarding throws away what was typed: ask again when the notes hold
 * text that would go (all of it for a new call, the changes for an edit). */
static bool form_discard_confirmed(struct form *f)
{
	const struct choice yes = {'y', f->origin == FROM_SAVED ? _("discard the changes")
								 : _("discard it for good")};
	struct question q = {f->origin == FROM_SAVED ? _("Discard the changes to the notes?")
						     : _("Discard this call and its notes?"),
			     NULL, &yes, 1, _("back to the call"), 1};
	bool typed;

	form_sync(f);
	typed = f->origin == FROM_SAVED ? strcmp(f->call.notes, f->notes_at_open) != 0
					: f->call.notes[0] != '\0';
	return !typed || dialog_ask(f->a, &q) == 'y';
}

static void form_discard(struct form *f)
{
	if (!form_discard_confirmed(f))
		return;
	store_queue_drop(f->a->queue, f->draft_id);
	if (f->origin == FROM_SAVED)
		app_msg(f->a, MSG_INFO, _("Changes discarded; the saved call is as it was."));
	else
		app_msg(f->a, MSG_INFO, _("Discarded."));
	form_finish(f, FORM_DISCARDED);
}

static void form_back(struct form *f)
{
	const struct choice new_call[] = {{'k', _("keep it as a draft (resume it from home)")},
					  {'d', _("discard it")}};
	const struct choice edit[] = {
		{'k', _("keep the changes as a draft (resume them from home)")},
		{'d', _("discard the changes (the saved call stays as it was)")}};
	struct question q = {_("This call is not saved"), NULL, new_call, 2, _("back to the call"), 1};
	int k;

	/* Read only: nothing of ours to keep here (a lost lease's text is in
	 * its separate draft already). */
	if (!f->changed || f->readonly) {
		if (f->dirty) /* typed here before it was taken over */
			form_flush(f, true);
		form_finish(f, FORM_CLOSED);
		return;
	}
	if (f->origin == FROM_SAVED) {
		q.title = _("The changes to this saved call are not saved");
		q.choices = edit;
	}
	k = dialog_ask(f->a, &q);
	if (k == TK_HALT) {
		form_finish(f, FORM_HALTED);
	} else if (k == 'k') {
		form_flush(f, true);
		app_msg(f->a, MSG_INFO, _("Kept as a draft: select it on the home screen to resume."));
		form_finish(f, FORM_KEPT);
	} else if (k == 'd') {
		form_discard(f);
	}
}

static void form_notes_key(struct form *f, int k)
{
	switch (editor_key(&f->notes, k)) {
	case ED_CHANGED:
		form_touch(f);
		break;
	case ED_FULL:
		app_msg(f->a, MSG_ERROR, _("The notes are full (at most %d KiB); nothing more was added."),
			CALL_NOTES_MAX / 1024);
		break;
	default:
		break;
	}
}

unsigned form_hidden(const struct form *f)
{
	return f->readonly ? KB_EDIT : 0;
}

/* Printable keys go to a text field, or name a field after Ctrl-F. */
static bool form_in_text(void *ctx)
{
	struct form *f = ctx;

	return f->jumping || (field_is_text(&f->fields[f->focus]) && !f->readonly);
}

static unsigned form_hidden_of(void *ctx)
{
	return form_hidden(ctx);
}

/* Keys of the call screen */

static int form_next(void *ctx, int key)
{
	form_focus(ctx, key == '\t' ? 1 : -1);
	return KEY_STAY;
}

static int form_end_key(void *ctx, int key)
{
	form_end_call(ctx);
	return KEY_STAY;
}

static int form_save_key(void *ctx, int key)
{
	struct form *f = ctx;

	form_save(f);
	return f->done ? KEY_LEAVE : KEY_STAY;
}

static int form_esc(void *ctx, int key)
{
	struct form *f = ctx;

	if (f->jumping) {
		f->jumping = false;
		app_msg_clear(f->a);
		return KEY_STAY;
	}
	form_back(f);
	return f->done ? KEY_LEAVE : KEY_STAY;
}

/* A value was picked: on to the next field (the last keeps the focus). */
static void form_advance(struct form *f)
{
	if (f->advance && f->focus + 1 < f->nfields)
		form_focus(f, 1);
	f->advance = false;
}

/* Ctrl-F: the next key names a field (shown beside it); a field that is
 * filled from a screen of its own (case, referrals) opens it at once. */
static int form_jump(void *ctx, int key)
{
	struct form *f = ctx;

	f->jumping = true;
	app_msg(f->a, MSG_INFO, _("Go to the field with the key shown beside it; Esc: stay."));
	return KEY_STAY;
}

static void form_jump_to(struct form *f, int k)
{
	int i = field_of_jump_key(f, k);
	enum field_kind kind;

	f->jumping = false;
	app_msg_clear(f->a);
	if (i < 0 || !form_goto(f, i))
		return;
	kind = f->fields[i].kind;
	if ((kind == FK_CASE || kind == FK_REFERRALS) && !f->readonly && field_key(f, '\n'))
		form_touch(f);
	form_advance(f);
}

static int form_ctrl_c(void *ctx, int key)
{
	struct form *f = ctx;

	app_msg(f->a, MSG_INFO, _("Ctrl-C does nothing in a call: Ctrl-S saves, Esc leaves."));
	return KEY_STAY;
}

static bool form_navigation(int k)
{
	return k == TK(KEY_UP) || k == TK(KEY_DOWN) || k == TK(KEY_PPAGE) || k == TK(KEY_NPAGE);
}

/* What the call screen's table did not take: the focused field's keys, or
 * typing into the notes. */
static int form_key(void *ctx, int k)
{
	struct form *f = ctx;
	const struct field *fd = &f->fields[f->focus];

	if (k == TK_TICK || k == TK_NONE || k == TK(KEY_RESIZE)) {
		form_help_tick(f);
		return f->done ? KEY_LEAVE : KEY_STAY;
	}
	if (f->jumping) {
		form_jump_to(f, k);
		return KEY_STAY;
	}
	if (f->readonly) {
		/* Reading is allowed: moving through the notes and the choices. */
		if (form_navigation(k) && fd->kind == FK_NOTES)
			editor_key(&f->notes, k);
		else if (form_navigation(k))
			field_key(f, k);
		else
			app_msg(f->a, MSG_WARN,
				_("Taken by %s: only they or a supervisor may change it."),
				f->call.operator_name);
		return KEY_STAY;
	}
	if (fd->kind == FK_NOTES)
		form_notes_key(f, k);
	else if (field_key(f, k))
		form_touch(f);
	form_advance(f);
	return KEY_STAY;
}

/* The keys of a call; new keys go here (the footer shows those with a hint
 * while they fit, the control key of each pair: it works on every
 * terminal; the help page and soudan(1) list all). */
#define CALL_KEYS(X)                                                                        \
	X(form_next, KEYS('\t', TK(KEY_BTAB)), 1, N_("fields"),                                 \
	  N_("next / previous field (the notes are the first)"), 0)                              \
	X(form_jump, KEYS(CTRL('f')), 1, N_("field"),                                           \
	  N_("then a field's key (shown beside it): go to that field"), 0)                      \
	X(form_end_key, KEYS(CTRL('e'), TK(KEY_F(3))), 1, N_("end"),                            \
	  N_("end the call: the timer stops, the form stays; again: it goes on"), KB_EDIT)       \
	X(form_save_key, KEYS(CTRL('s'), TK(KEY_F(2))), 1, N_("save"),                          \
	  N_("save the call (ending it first) and go home"), KB_EDIT)                            \
	X(form_esc, KEYS(KEY_ESC), 1, N_("back"),                                               \
	  N_("back: keep the call as a draft, or discard it"), 0)                                \
	X(form_help_key, KEYS(CTRL('r')), 1, N_("call SV"),                                     \
	  N_("ask a supervisor for help; the bar shows when it was seen"), 0)     \
	X(form_template_key, KEYS(CTRL('t')), 0, NULL,                                          \
	  N_("in the notes: insert a note template at the cursor"), KB_EDIT)                     \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"),                       \
	  N_("this help (? outside the notes and text fields)"), KB_HELP)                        \
	X(form_ctrl_c, KEYS(CTRL('c')), 0, NULL, N_("nothing but say how to save or leave"), 0)

static const struct binding call_bindings[] = {CALL_KEYS(KEY_BINDING)};
const struct keymap call_keys = KEYMAP("call", N_("Call"), call_bindings, NULL, NULL);

static const struct keymap *const call_help_also[] = {
	&notes_keys, &single_keys, &multi_keys, &case_field_keys, &referrals_keys,
	&debrief_keys, &date_keys, &text_keys, NULL,
};

/* Painting */

/* The URGENT/RISK/WATCH marker at the right of the bar; returns its width. */
static int form_paint_markers(struct form *f, int y)
{
	const char *u = f->call.coded[CF_URGENCY];
	const char *text = NULL;
	enum draw_style st = DS_URGENT;
	int w;

	if (u && strcmp(u, "urgent") == 0)
		text = _("URGENT");
	else if (f->call.multi[CM_RISKS].n)
		text = _("RISK");
	else if (u && strcmp(u, "watch") == 0) {
		text = _("WATCH");
		st = DS_WATCH;
	}
	if (!text)
		return 0;
	w = text_width(text) + 2;
	draw_textf(y, COLS - w - 1, w, draw_attr(f->a, st), " %s ", text);
	return w + 1;
}

static void form_paint_bar(struct form *f, int y)
{
	const struct call *c = &f->call;
	char start[8], dur[16], saved[16];
	int64_t end = c->ended_at ? c->ended_at : time_now();
	struct buf b;
	int right;

	buf_init(&b);
	draw_clock(c->started_at, start);
	draw_duration(end - c->started_at, dur);
	if (!c->ended_at && f->origin == FROM_SAVED)
		buf_printf(&b, _("Saved call, no end time  (from %s)"), start);
	else
		buf_printf(&b, c->ended_at ? _("Ended  %s  (from %s)") : _("In call  %s  (from %s)"),
			   dur, start);
	if (c->case_code)
		buf_printf(&b, "   %s %s %s", _("Case"), c->case_code, c->nickname ? c->nickname : "");
	if (f->held[0]) { /* who has it, since when: the call's state, always in sight */
		buf_printf(&b, "   %s", f->held);
	} else if (f->draft_at) {
		time_format_local(f->draft_at, "%H:%M:%S", saved, sizeof saved);
		buf_printf(&b, "   %s %s", _("draft"), saved);
	}
	right = COLS - form_paint_markers(f, y);
	right -= form_help_paint(f, y, right);
	draw_text(y, 0, right, b.s, c->ended_at ? A_NORMAL : A_BOLD);
	buf_free(&b);
}

struct form_layout {
	int notes_y, notes_h, fields_y, fields_h, list_w;
};

static struct form_layout form_layout(void)
{
	struct form_layout l;

	l.fields_h = 11 + (LINES - 24) / 2;
	l.notes_y = 3;
	l.notes_h = LINES - 5 - l.fields_h;
	l.fields_y = l.notes_y + l.notes_h;
	/* Half the screen on a wide terminal: the values are the point there. */
	l.list_w = COLS >= 120 ? COLS / 2 : 38;
	return l;
}

/* "Notes  123 characters": it moves as the notes grow, once typing pauses
 * (at the latest with the timer's next tick): redrawn with every key it
 * would cost a slow link ten times the character itself (bench figure 6).
 * The limit shows when it comes near. */
#define FORM_COUNT_PAUSE_MS 400

static void form_paint_notes_title(struct form *f, int y)
{
	attr_t t = draw_attr(f->a, DS_TITLE);
	size_t pct;

	if (app_ms() - f->touched_ms >= FORM_COUNT_PAUSE_MS ||
	    f->notes.bytes * 100 / CALL_NOTES_MAX >= 90) {
		f->notes_shown = f->notes.n;
		f->notes_bytes_shown = f->notes.bytes;
	}
	pct = f->notes_bytes_shown * 100 / CALL_NOTES_MAX;
	if (pct >= 50)
		draw_textf(y, 0, 30, t, _("%s  %zu characters (%zu%% of %d KiB)"), _("Notes"),
			   f->notes_shown, pct, CALL_NOTES_MAX / 1024);
	else
		draw_textf(y, 0, 30, t, _("%s  %zu characters"), _("Notes"), f->notes_shown);
	if (f->warn)
		/* TRANSLATORS: warning, what was seen, reminder; at most 50 columns. */
		draw_textf(y, 30, COLS - 30, draw_attr(f->a, DS_WATCH), _(" %s: %s. %s "),
			   _("Warning"), _(f->warn), _("The line is anonymous."));
}

static void form_paint(void *ctx)
{
	struct form *f = ctx;
	struct form_layout l = form_layout();
	int cy, cx;
	struct buf foot;

	draw_header(f->a, f->held[0] && !f->readonly ? _("Your separate draft (not saved over the call)")
			  : f->held[0]		   ? _("Open on another terminal (read only)")
			  : f->readonly		   ? _("A saved call (read only)")
			  : f->origin == FROM_SAVED ? _("Edit a saved call")
						    : _("Call"));
	form_paint_bar(f, 1);
	form_paint_notes_title(f, 2);
	editor_draw(&f->notes, l.notes_y, 0, l.notes_h, COLS, &cy, &cx);
	if (f->focus == 0) {
		f->a->cur_y = cy;
		f->a->cur_x = cx;
	}
	fields_paint(f, l.fields_y, l.fields_h, l.list_w);
	draw_status(f->a);
	buf_init(&foot);
	keymap_footer(&call_keys, form_in_text(f), form_hidden(f), COLS, &foot);
	draw_footer(f->a, foot.s);
	buf_free(&foot);
}

/* Hold the call for this session before editing it. Who holds it is read
 * (a read never waits on a lock); taking it is the writer thread's: free, or
 * ours, it is held at once; held by a session that is gone, taken over when
 * the operator says so; held by a live one, read only, saying who and since
 * when. A race lost meanwhile comes back as a conflict (form_result). */
static void form_take(struct form *f)
{
	struct lease_holder h;
	struct error err;
	bool held;
	char since[24];

	error_clear(&err);
	if (f->readonly)
		return;
	if (store_lease_get(f->a->store, f->call.id, &h, &held, &err)) {
		app_error(f->a, _("Who has this call open is not known; it opens read only"), &err);
		f->readonly = true;
		return;
	}
	if (!held || h.mine) {
		store_queue_beat(f->a->queue, f->call.id);
		f->leased = true;
		return;
	}
	if (h.gone && (f->a->supervisor || strcmp(h.operator_name, f->a->me) == 0)) {
		const struct choice take[] = {{'t', _("take it over (that session is gone)")},
					      {'r', _("read only")}};
		const struct question q = {_("Another session had this call open"), NULL, take, 2,
					   NULL, 1};

		if (dialog_ask(f->a, &q) == 't') {
			store_queue_take(f->a->queue, f->call.id);
			f->leased = true;
			return;
		}
	}
	f->readonly = true;
	time_format_local(h.since, time_now() - h.since < 43200 ? "%H:%M" : "%m-%d %H:%M", since,
			  sizeof since);
	snprintf(f->held, sizeof f->held, _("%s has it open on another terminal since %s"),
		 h.operator_name, since);
}

enum form_end form_run(struct app *a, struct call *c, enum form_origin origin)
{
	return form_run_draft(a, c, origin, NULL, false);
}

enum form_end form_run_draft(struct app *a, struct call *c, enum form_origin origin,
			     const char *draft_id, bool merged)
{
	static const struct screen call_screen = {
		.paint = form_paint, .keys = &call_keys, .help_also = call_help_also,
		.key = form_key, .in_text = form_in_text, .hidden = form_hidden_of,
		.flush = form_flush, .result = form_result};
	struct form *f = xcalloc(1, sizeof *f);
	enum form_end end;

	f->a = a;
	f->call = *c; /* moved in */
	call_init(c);
	f->origin = origin;
	f->readonly = origin == FROM_SAVED && !a->supervisor && f->call.operator_name &&
		      strcmp(f->call.operator_name, a->me) != 0;
	snprintf(f->draft_id, sizeof f->draft_id, "%s", draft_id ? draft_id : f->call.id);
	if (origin != FROM_NEW)
		form_take(f);
	form_help_open(f);
	editor_init(&f->notes, CALL_NOTES_MAX);
	editor_set(&f->notes, f->call.notes);
	lineedit_init(&f->le, 64);
	fields_build(f);
	case_brief_forget(); /* the case's line is read afresh for each call */
	f->dirty = origin == FROM_NEW || merged; /* a merge is new text: a draft at once */
	f->changed = origin != FROM_SAVED || merged;
	f->warn = call_notes_identifying(f->call.notes);
	f->notes_at_open = xstrdup(f->call.notes);
	app_run(a, &call_screen, f);
	if (f->leased) /* not released (a crash): taken for gone in a few seconds */
		store_queue_release(a->queue, f->call.id);
	end = a->halt ? FORM_HALTED : f->end;
	lineedit_free(&f->le);
	editor_free(&f->notes);
	call_free(&f->call);
	free(f->notes_at_open);
	free(f);
	return end;
}
