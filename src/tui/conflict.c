/* Two versions of one call: a draft that meets the call as someone saved it
 * meanwhile (another session, or one that took the call over). Nothing is
 * saved over anything unseen: both versions are shown side by side, the
 * notes and every field that differs, and the operator merges them (field by
 * field; the notes saved, mine, or both one after the other) into an edit of
 * the saved call, or keeps the draft as a call of its own, or leaves it.
 * Private to src/tui. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/label.h"
#include "soudan/timeutil.h"

/* What differs: a row each, and which side the merge takes. */
enum side { SIDE_SAVED, SIDE_MINE, SIDE_BOTH };

enum row_kind { ROW_CODED, ROW_MULTI, ROW_CASE, ROW_REFERRALS, ROW_NEXT, ROW_ASSIGNED,
		ROW_DEBRIEF, ROW_END, ROW_NOTES };

struct row {
	enum row_kind kind;
	int index; /* enum call_coded or call_multi */
	const char *title;
	char *saved, *mine; /* as shown */
	enum side take;
};

struct conflict {
	struct app *a;
	const struct call *mine, *saved;
	struct row rows[CF__COUNT + CM__COUNT + 8];
	int n, sel;
	enum conflict_end end;
};

/* A value as one line. */
static char *shown(struct conflict *k, enum row_kind kind, int index, const struct call *c)
{
	const struct config *cfg = k->a->cfg;
	struct buf b;
	char t[24];

	buf_init(&b);
	switch (kind) {
	case ROW_CODED:
		buf_puts(&b, label_of(cfg, call_coded_info[index].list, c->coded[index]));
		break;
	case ROW_MULTI:
		for (size_t i = 0; i < c->multi[index].n; i++)
			buf_printf(&b, "%s%s", i ? ", " : "",
				   label_of(cfg, call_multi_info[index].list, c->multi[index].v[i]));
		break;
	case ROW_CASE:
		buf_printf(&b, "%s %s", c->case_code ? c->case_code : "-",
			   c->nickname ? c->nickname : "");
		break;
	case ROW_REFERRALS:
		for (size_t i = 0; i < c->nreferrals; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", referral_name(k->a, c->referrals[i].resource));
		break;
	case ROW_NEXT: buf_puts(&b, c->next_contact ? c->next_contact : "-"); break;
	case ROW_ASSIGNED: buf_puts(&b, c->assigned_to ? c->assigned_to : "-"); break;
	case ROW_DEBRIEF: buf_puts(&b, c->debrief ? _("yes") : _("no")); break;
	case ROW_END:
		if (c->ended_at)
			time_format_local(c->ended_at, "%H:%M:%S", t, sizeof t);
		buf_puts(&b, c->ended_at ? t : "-");
		break;
	case ROW_NOTES: {
		size_t n = 0;

		for (const char *p = c->notes; *p; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80; /* characters, not bytes */
		buf_printf(&b, _("%zu characters"), n);
		break;
	}
	}
	if (!b.len)
		buf_puts(&b, "-");
	return buf_take(&b);
}

static void row_add(struct conflict *k, enum row_kind kind, int index, const char *title)
{
	struct row *r = &k->rows[k->n++];

	r->kind = kind;
	r->index = index;
	r->title = title;
	r->saved = shown(k, kind, index, k->saved);
	r->mine = shown(k, kind, index, k->mine);
	/* The saved call stands unless the operator takes theirs; no words of
	 * either set of notes are dropped unless the operator says so. */
	r->take = kind == ROW_NOTES ? SIDE_BOTH : SIDE_SAVED;
}

static void rows_build(struct conflict *k)
{
	const struct call *x = k->saved, *y = k->mine;

	if (!text_same(x->notes, y->notes))
		row_add(k, ROW_NOTES, 0, N_("Notes"));
	for (int i = 0; i < CF__COUNT; i++)
		if (!text_same(x->coded[i], y->coded[i]))
			row_add(k, ROW_CODED, i, config_list(k->a->cfg, call_coded_info[i].list)->title);
	for (int i = 0; i < CM__COUNT; i++)
		if (!strlist_same(&x->multi[i], &y->multi[i]))
			row_add(k, ROW_MULTI, i, config_list(k->a->cfg, call_multi_info[i].list)->title);
	if (!text_same(x->case_code, y->case_code))
		row_add(k, ROW_CASE, 0, N_("Case"));
	if (!call_referrals_same(x, y))
		row_add(k, ROW_REFERRALS, 0, N_("Referrals"));
	if (!text_same(x->next_contact, y->next_contact))
		row_add(k, ROW_NEXT, 0, N_("Next contact"));
	if (!text_same(x->assigned_to, y->assigned_to))
		row_add(k, ROW_ASSIGNED, 0, N_("Assigned to"));
	if (x->debrief != y->debrief)
		row_add(k, ROW_DEBRIEF, 0, N_("Debrief"));
	if (x->ended_at != y->ended_at)
		row_add(k, ROW_END, 0, N_("End"));
}

/* The merged call: the saved one, with what the operator took of theirs. */
static void merge(const struct conflict *k, struct call *out)
{
	const struct call *y = k->mine;

	call_copy(out, k->saved);
	for (int i = 0; i < k->n; i++) {
		const struct row *r = &k->rows[i];

		if (r->take == SIDE_SAVED)
			continue;
		switch (r->kind) {
		case ROW_NOTES:
			if (r->take == SIDE_MINE) {
				call_set(&out->notes, y->notes);
			} else {
				struct buf b;

				buf_init(&b);
				buf_printf(&b, "%s\n%s\n%s", k->saved->notes,
					   _("-- the other version --"), y->notes);
				free(out->notes);
				out->notes = buf_take(&b);
			}
			break;
		case ROW_CODED: call_set(&out->coded[r->index], y->coded[r->index]); break;
		case ROW_MULTI:
			strlist_clear(&out->multi[r->index]);
			for (size_t j = 0; j < y->multi[r->index].n; j++)
				strlist_add(&out->multi[r->index], y->multi[r->index].v[j]);
			break;
		case ROW_CASE:
			call_set(&out->case_code, y->case_code);
			call_set(&out->nickname, y->nickname);
			break;
		case ROW_REFERRALS:
			while (out->nreferrals)
				call_remove_referral(out, out->nreferrals - 1);
			for (size_t j = 0; j < y->nreferrals; j++)
				call_add_referral(out, y->referrals[j].resource, y->referrals[j].consent,
						  y->referrals[j].note);
			break;
		case ROW_NEXT: call_set(&out->next_contact, y->next_contact); break;
		case ROW_ASSIGNED: call_set(&out->assigned_to, y->assigned_to); break;
		case ROW_DEBRIEF: out->debrief = y->debrief; break;
		case ROW_END: out->ended_at = y->ended_at; break;
		}
	}
}

/* Painting: the two versions side by side, the rows below. */

static void conflict_paint(void *ctx)
{
	struct conflict *k = ctx;
	int half = (COLS - 1) / 2, notes_h = (LINES - 8) / 2 - 1, y;
	attr_t title = draw_attr(k->a, DS_TITLE);
	struct buf foot;

	draw_header(k->a, _("Two versions of this call"));
	draw_text(1, 0, half, _("Saved (as it is now)"), title);
	draw_text(1, half + 1, COLS - half - 1, _("Yours (this draft)"), title);
	draw_wrap(2, 0, half, notes_h, k->saved->notes, A_NORMAL);
	draw_wrap(2, half + 1, COLS - half - 1, notes_h, k->mine->notes, A_NORMAL);
	for (int r = 0; r < notes_h; r++)
		draw_text(2 + r, half, 1, "|", draw_attr(k->a, DS_DIM));
	y = 3 + notes_h;
	draw_text(y++, 0, COLS, _("What differs, and what the merge keeps:"), title);
	for (int i = 0; i < k->n && y < LINES - 2; i++, y++) {
		const struct row *r = &k->rows[i];
		attr_t at = i == k->sel ? draw_attr(k->a, DS_SEL) : A_NORMAL;
		const char *take = r->take == SIDE_SAVED ? _("saved")
				   : r->take == SIDE_MINE ? _("yours") : _("both");

		draw_textf(y, 0, COLS, at, "%s %-6s %s", i == k->sel ? ">" : " ", take, _(r->title));
		draw_text(y, 24, half - 24, r->saved, at);
		draw_text(y, half + 1, COLS - half - 1, r->mine, at);
	}
	if (!k->n)
		draw_text(y, 2, COLS - 2, _("(the two are the same)"), draw_attr(k->a, DS_DIM));
	draw_status(k->a);
	buf_init(&foot);
	keymap_footer(&conflict_keys, false, 0, COLS, &foot);
	draw_footer(k->a, foot.s);
	buf_free(&foot);
}

/* Keys */

static int conflict_move(void *ctx, int key)
{
	struct conflict *k = ctx;

	if ((key == TK(KEY_UP) || key == 'k') && k->sel > 0)
		k->sel--;
	else if ((key == TK(KEY_DOWN) || key == 'j') && k->sel + 1 < k->n)
		k->sel++;
	return KEY_STAY;
}

/* Left: the saved value; Right: yours; for the notes, b: both. */
static int conflict_take(void *ctx, int key)
{
	struct conflict *k = ctx;
	struct row *r = k->n ? &k->rows[k->sel] : NULL;

	if (!r)
		return KEY_STAY;
	if (key == 'b' && r->kind != ROW_NOTES) {
		app_msg(k->a, MSG_INFO, _("Only the notes can be kept both ways."));
		return KEY_STAY;
	}
	r->take = key == 'b' ? SIDE_BOTH : key == TK(KEY_LEFT) || key == 's' ? SIDE_SAVED : SIDE_MINE;
	return KEY_STAY;
}

static int conflict_merge(void *ctx, int key)
{
	struct conflict *k = ctx;

	k->end = CONFLICT_MERGED;
	return KEY_LEAVE;
}

static int conflict_new(void *ctx, int key)
{
	struct conflict *k = ctx;

	k->end = CONFLICT_NEW;
	return KEY_LEAVE;
}

static int conflict_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

/* The keys of the two versions; new keys go here. */
#define CONFLICT_KEYS(X)                                                                     \
	X(conflict_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL,                       \
	  N_("select what differs"), 0)                                                          \
	X(conflict_take, KEYS(TK(KEY_LEFT), 's'), 1, N_("saved"),                                 \
	  N_("the merge keeps the saved value"), 0)                                              \
	X(conflict_take, KEYS(TK(KEY_RIGHT), 'y'), 1, N_("yours"),                               \
	  N_("the merge keeps your value"), 0)                                                   \
	X(conflict_take, KEYS('b'), 1, N_("both notes"),                                         \
	  N_("the notes: the saved ones, then yours"), 0)                                        \
	X(conflict_merge, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("merge"),                       \
	  N_("merge as chosen and open it to save (the saved call is changed only by that save)"), \
	  0)                                                                                     \
	X(conflict_new, KEYS('n'), 1, N_("new call"),                                           \
	  N_("keep yours as a call of its own (a new draft; the saved call stays as it is)"), 0)  \
	X(conflict_back, KEYS(KEY_ESC, 'q'), 1, N_("back"),                                      \
	  N_("back: the draft stays as it is"), 0)                                               \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding conflict_bindings[] = {CONFLICT_KEYS(KEY_BINDING)};
const struct keymap conflict_keys = KEYMAP(
	"conflict", N_("Two versions"), conflict_bindings,
	N_("This draft started from an older version of the call: it was saved\n"
	   "meanwhile. Nothing is saved over either version unseen."),
	NULL);

enum conflict_end conflict_run(struct app *a, const struct call *mine, const struct call *saved,
			       struct call *out)
{
	static const struct screen conflict_screen = {.paint = conflict_paint,
						      .keys = &conflict_keys};
	struct conflict k;

	memset(&k, 0, sizeof k);
	k.a = a;
	k.mine = mine;
	k.saved = saved;
	k.end = CONFLICT_BACK;
	rows_build(&k);
	app_run(a, &conflict_screen, &k);
	if (k.end == CONFLICT_MERGED)
		merge(&k, out);
	else if (k.end == CONFLICT_NEW)
		call_copy(out, mine);
	for (int i = 0; i < k.n; i++) {
		free(k.rows[i].saved);
		free(k.rows[i].mine);
	}
	return a->halt ? CONFLICT_BACK : k.end;
}
