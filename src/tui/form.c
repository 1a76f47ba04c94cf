/* The call screen: the timer, the notes, the coded fields, and the call's
 * life: a draft within a second of every change, ending, saving, leaving.
 * The call is only ever written through store.h: store_draft_put while it is
 * open, store_call_save (call, audit entry and draft removal in one
 * transaction) when saved. A failed save keeps everything on screen. */
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

/* The draft hook app_key calls before every wait: at most once a second
 * while there are changes, at once when forced (a signal, leaving). */
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
	struct lease_holder h;
	struct error err;

	f->last_put = app_ms();
	error_clear(&err);
	if (store_lease_take(f->a->store, f->call.id, false, &h, &err) == ST_CONFLICT)
		form_lost(f, &err, false);
}

/* The draft hook app_key calls before every wait: changes within a second,
 * at once when forced (a signal, leaving); and every two seconds while the
 * call is held, changed or not: the heartbeat that tells other sessions this
 * one is alive (and this one that it was taken over). */
static void form_flush(void *ctx, bool force)
{
	struct form *f = ctx;
	bool beat = f->leased && !f->readonly && app_ms() - f->last_put >= 2000;
	struct error err;

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
	error_clear(&err);
	switch (store_draft_write(f->a->store, f->draft_id, &f->call, f->draft_id, &err)) {
	case ST_OK:
		/* Writing the call's own draft holds the call: let go when leaving. */
		f->leased |= strcmp(f->draft_id, f->call.id) == 0;
		break;
	case ST_CONFLICT:
		/* Our text went to a draft of its own: f->draft_id is its id now. */
		form_lost(f, &err, true);
		break;
	default: {
		char m[600];

		if (f->retry_at) /* the busy message already says what is going on */
			return;
		error_format(&err, m, sizeof m);
		app_msg(f->a, MSG_ERROR, _("The draft could not be written (%s); trying again."), m);
		return;
	}
	}
	f->dirty = false;
	f->draft_at = time_now();
}

static void form_focus(struct form *f, int step)
{
	if (!field_leave(f))
		return;
	f->focus = (f->focus + step + f->nfields) % f->nfields;
	field_enter(f);
}

static void form_end_call(struct form *f)
{
	char hm[8], d[16];

	if (f->call.ended_at) {
		app_msg(f->a, MSG_INFO, _("The call has already ended. Ctrl-S saves it."));
		return;
	}
	f->call.ended_at = time_now();
	if (f->call.ended_at < f->call.started_at)
		f->call.ended_at = f->call.started_at;
	form_touch(f);
	draw_clock(f->call.ended_at, hm);
	draw_duration(f->call.ended_at - f->call.started_at, d);
	app_msg(f->a, MSG_INFO, _("Call ended at %s (%s). Fill in the fields; Ctrl-S saves."), hm,
		d);
}

static void form_fail(struct form *f, const char *what, const struct error *err)
{
	char m[600];

	error_format(err, m, sizeof m);
	app_msg(f->a, MSG_ERROR, "%s: %s", what, m);
}

static void form_save(struct form *f)
{
	struct call *c = &f->call;
	struct error err;

	f->retry_at = 0; /* a failure below says why; only "busy" retries */
	if (!field_leave(f))
		return;
	form_sync(f);
	/* Saving ends a call in progress; a saved call without an end time (an
	 * import) keeps none rather than get hours of invented duration. */
	if (!c->ended_at && f->origin != FROM_SAVED)
		c->ended_at = time_now() > c->started_at ? time_now() : c->started_at;
	if (call_is_continued(c) && !c->assigned_to)
		call_set(&c->assigned_to, f->a->me);
	call_fill_unknown(c, f->a->cfg);
	error_clear(&err);
	if (call_validate(c, f->a->cfg, &err)) {
		form_touch(f);
		form_fail(f, _("Not saved, please correct"), &err);
		return;
	}
	if (store_call_save_draft(f->a->store, c, f->draft_id, f->a->me, &err)) {
		/* Nothing typed is lost: the form stays, the draft is rewritten. */
		form_touch(f);
		if (err.status == ST_CONFLICT) {
			form_fail(f, _("Not saved, to keep both versions (your text stays a draft)"),
				  &err);
		} else if (err.status == ST_TEMPFAIL) {
			/* Another operator holds the database: try again by ourselves. */
			f->retry_at = app_ms() + 1000;
			app_msg(f->a, MSG_WARN,
				_("The database is busy: retrying every second. The call is kept; "
				  "Esc stops retrying."));
		} else {
			form_fail(f, _("Not saved (the call stays open, try Ctrl-S again)"), &err);
		}
		form_flush(f, true);
		return;
	}
	f->dirty = f->changed = false;
	app_msg(f->a, MSG_INFO, _("Saved."));
	form_finish(f, FORM_SAVED);
}

static void form_back(struct form *f)
{
	struct error err;
	int k;

	/* Read only: nothing of ours to keep here (a lost lease's text is in
	 * its separate draft already). */
	if (!f->changed || f->readonly) {
		if (f->dirty) /* typed here before it was taken over */
			form_flush(f, true);
		form_finish(f, FORM_CLOSED);
		return;
	}
	k = dialog_ask(f->a, _("This call is not saved"),
		       _("k: keep it as a draft (resume it from home)\n"
			 "d: discard it\n"
			 "Esc: back to the call"),
		       "kd");
	if (k == TK_HALT) {
		form_flush(f, true);
		form_finish(f, FORM_HALTED);
	} else if (k == 'k') {
		form_flush(f, true);
		app_msg(f->a, MSG_INFO, _("Kept as a draft: select it on the home screen to resume."));
		form_finish(f, FORM_KEPT);
	} else if (k == 'd') {
		error_clear(&err);
		if (store_draft_delete(f->a->store, f->draft_id, &err)) {
			form_fail(f, _("The draft could not be removed"), &err);
			return;
		}
		app_msg(f->a, MSG_INFO, _("Discarded."));
		form_finish(f, FORM_DISCARDED);
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

static void form_key(struct form *f, int k)
{
	const struct field *fd = &f->fields[f->focus];

	switch (k) {
	case TK_TICK: case TK_NONE: case TK(KEY_RESIZE):
		/* Not while a date or name is half typed: wait for it. */
		if (f->retry_at && app_ms() >= f->retry_at) {
			if (field_is_text(&f->fields[f->focus]) && f->fields[f->focus].kind != FK_NOTES)
				f->retry_at = app_ms() + 1000;
			else
				form_save(f);
		}
		return;
	case TK_HALT:
		form_flush(f, true);
		form_finish(f, FORM_HALTED);
		return;
	case CTRL('s'): case TK(KEY_F(2)): case CTRL('e'): case TK(KEY_F(3)):
		if (f->readonly)
			break;
		if (k == CTRL('s') || k == TK(KEY_F(2)))
			form_save(f);
		else
			form_end_call(f);
		return;
	case '\t': form_focus(f, 1); return;
	case TK(KEY_BTAB): form_focus(f, -1); return;
	case KEY_ESC:
		if (f->retry_at) {
			f->retry_at = 0;
			app_msg(f->a, MSG_INFO, _("Stopped retrying; Ctrl-S saves."));
			return;
		}
		form_back(f);
		return;
	case TK(KEY_F(1)): help_show(f->a, HELP_CALL); return;
	case CTRL('c'):
		app_msg(f->a, MSG_INFO, _("Ctrl-C does nothing in a call: Ctrl-S saves, Esc leaves."));
		return;
	}
	if (f->readonly && k != '?' && k != TK(KEY_UP) && k != TK(KEY_DOWN) &&
	    k != TK(KEY_PPAGE) && k != TK(KEY_NPAGE)) {
		app_msg(f->a, MSG_WARN, _("Taken by %s: only they or a supervisor may change it."),
			f->call.operator_name);
		return;
	}
	if (k == '?' && !field_is_text(fd))
		help_show(f->a, HELP_CALL);
	else if (fd->kind == FK_NOTES)
		form_notes_key(f, k);
	else if (field_key(f, k))
		form_touch(f);
}

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
	if (f->draft_at) {
		time_format_local(f->draft_at, "%H:%M:%S", saved, sizeof saved);
		buf_printf(&b, "   %s %s", _("draft"), saved);
	}
	draw_text(y, 0, COLS - form_paint_markers(f, y), b.s, c->ended_at ? A_NORMAL : A_BOLD);
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
	l.list_w = COLS >= 120 ? 56 : 38;
	return l;
}

static void form_paint_notes_title(struct form *f, int y)
{
	attr_t t = draw_attr(f->a, DS_TITLE);

	draw_textf(y, 0, 30, t, "%s  (%zu/%d KiB)", _("Notes"), f->notes.bytes / 1024,
		   CALL_NOTES_MAX / 1024);
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
	draw_footer(f->a, _(" Tab/S-Tab: fields  ^E/F3: end  ^S/F2: save  Esc: back  F1: help"));
}

static void form_loop(struct form *f)
{
	struct app *a = f->a;

	while (!f->done) {
		app_paint(a, form_paint, f);
		form_key(f, app_key(a));
	}
}

/* Hold the call for this session before editing it: free, or ours already;
 * held by a session that is gone, taken over when the operator says so; held
 * by a live one, read only, saying who and since when. */
static void form_take(struct form *f)
{
	struct lease_holder h;
	struct error err;
	int k;

	error_clear(&err);
	if (f->readonly)
		return;
	if (store_lease_take(f->a->store, f->call.id, false, &h, &err) == ST_OK) {
		f->leased = true;
		return;
	}
	if (err.status == ST_CONFLICT && h.gone &&
	    (f->a->supervisor || strcmp(h.operator_name, f->a->me) == 0)) {
		k = dialog_ask(f->a, _("Another session had this call open"),
			       _("t: take it over (that session is gone)\n"
				 "r: read only\n"),
			       "tr");
		error_clear(&err);
		if (k == 't' && store_lease_take(f->a->store, f->call.id, true, &h, &err) == ST_OK) {
			f->leased = true;
			return;
		}
	}
	f->readonly = true;
	snprintf(f->held, sizeof f->held, "%s", err.msg);
	if (err.status == ST_CONFLICT)
		app_msg(f->a, MSG_WARN, "%s", err.msg);
	else if (err.msg[0])
		form_fail(f, _("Opened read only"), &err);
}

enum form_end form_run(struct app *a, struct call *c, enum form_origin origin)
{
	return form_run_draft(a, c, origin, NULL);
}

enum form_end form_run_draft(struct app *a, struct call *c, enum form_origin origin,
			     const char *draft_id)
{
	struct form *f = xcalloc(1, sizeof *f);
	void (*flush)(void *, bool) = a->flush, (*under)(void *) = a->under;
	void *flush_ctx = a->flush_ctx, *under_ctx = a->under_ctx;
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
	editor_init(&f->notes, CALL_NOTES_MAX);
	editor_set(&f->notes, f->call.notes);
	lineedit_init(&f->le, 64);
	fields_build(f);
	f->dirty = origin == FROM_NEW;
	f->changed = origin != FROM_SAVED;
	f->warn = call_notes_identifying(f->call.notes);
	a->flush = form_flush;
	a->flush_ctx = f;
	a->under = form_paint;
	a->under_ctx = f;
	form_loop(f);
	a->flush = flush;
	a->flush_ctx = flush_ctx;
	a->under = under;
	a->under_ctx = under_ctx;
	if (f->leased) {
		struct error err;

		error_clear(&err); /* not released: taken for gone in a few seconds */
		store_lease_release(a->store, f->call.id, &err);
	}
	end = f->end;
	lineedit_free(&f->le);
	editor_free(&f->notes);
	call_free(&f->call);
	free(f);
	return end;
}
