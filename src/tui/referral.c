/* The referral directory on screen: one browser, two uses. Inside a call it is
 * the picker (search as the operator types, filter by category, see the
 * details, attach with the caller's consent and a note); from home it is the
 * directory screen, where supervisors also add, edit and deactivate entries
 * (resources_save/resources_deactivate check the role again and audit). */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "lineedit.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/id.h"
#include "soudan/resources.h"

#define REF_MAX 200
#define REF_NOTE_MAX 1000
#define DETAIL_ROWS 6

struct dir {
	struct app *a;
	struct call *call;     /* picking for this call; NULL on the directory screen */
	bool supervisor;
	struct lineedit q;
	const char *category;  /* filter key, NULL for all */
	bool inactive;         /* show inactive entries too */
	struct resource hits[REF_MAX];
	int n, sel, top;
	bool more;             /* the search stopped at REF_MAX */
	bool added;            /* a referral was added to the call */
};

/* Names of resources already attached, for the call form's lists. */
static struct {
	char id[65];
	char name[200];
} name_cache[32];
static unsigned name_next;

const char *referral_name(struct app *a, const char *id)
{
	struct resource r;
	struct error err;
	unsigned slot;

	for (unsigned i = 0; i < sizeof name_cache / sizeof *name_cache; i++)
		if (strcmp(name_cache[i].id, id) == 0)
			return name_cache[i].name;
	slot = name_next++ % (sizeof name_cache / sizeof *name_cache);
	snprintf(name_cache[slot].id, sizeof name_cache[slot].id, "%s", id);
	error_clear(&err);
	resource_init(&r);
	if (resources_get(a->store, id, &r, &err) == ST_OK && r.name)
		snprintf(name_cache[slot].name, sizeof name_cache[slot].name, "%s", r.name);
	else
		snprintf(name_cache[slot].name, sizeof name_cache[slot].name, "%s", id);
	resource_free(&r);
	return name_cache[slot].name;
}

static void name_cache_forget(const char *id)
{
	for (unsigned i = 0; i < sizeof name_cache / sizeof *name_cache; i++)
		if (strcmp(name_cache[i].id, id) == 0)
			name_cache[i].id[0] = '\0';
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void resource_copy(struct resource *to, const struct resource *from)
{
	resource_init(to);
	to->id = dup_or_null(from->id);
	to->name = dup_or_null(from->name);
	to->category = dup_or_null(from->category);
	to->phone = dup_or_null(from->phone);
	to->hours = dup_or_null(from->hours);
	to->area = dup_or_null(from->area);
	to->url = dup_or_null(from->url);
	to->description = dup_or_null(from->description);
	to->active = from->active;
}

static void hits_clear(struct dir *d)
{
	for (int i = 0; i < d->n; i++)
		resource_free(&d->hits[i]);
	d->n = d->sel = d->top = 0;
	d->more = false;
}

static int on_resource(const struct resource *r, void *ctx)
{
	struct dir *d = ctx;

	if (d->n == REF_MAX) {
		d->more = true;
		return 1;
	}
	resource_copy(&d->hits[d->n++], r);
	return 0;
}

/* Runs on every keystroke: the list narrows as the operator types. */
static void dir_search(struct dir *d)
{
	char *q = lineedit_text(&d->q);
	struct error err;

	hits_clear(d);
	error_clear(&err);
	if (resources_search_ordered(d->a->store, q, d->category, d->inactive,
				     config_list(d->a->cfg, LIST_RESOURCE_CATEGORY), REF_MAX + 1,
				     on_resource, d, &err))
		app_error(d->a, _("Cannot search the directory"), &err);
	free(q);
}

/* Painting */

static int dir_list_rows(void)
{
	return LINES - 4 - DETAIL_ROWS; /* header, search line, status, footer */
}

/* Name, category, phone; on a wide screen the name and the category get the
 * room (a category label such as 子ども・若者総合相談センター is 28 columns). */
static void paint_hit(struct dir *d, int i, int y)
{
	const struct resource *r = &d->hits[i];
	attr_t at = i == d->sel ? draw_attr(d->a, DS_SEL) : A_NORMAL;
	int cw = COLS >= 120 ? 30 : 16, nw = COLS >= 120 ? COLS - cw - 40 : 34;

	nw = nw > 80 ? 80 : nw;
	draw_text(y, 0, 2, i == d->sel ? ">" : "", at);
	draw_text(y, 2, nw, r->name, at);
	draw_text(y, 2 + nw, 1, "", at);
	draw_text(y, 3 + nw, cw, label_of(d->a->cfg, LIST_RESOURCE_CATEGORY, r->category), at);
	draw_text(y, 3 + nw + cw, 1, "", at);
	draw_textf(y, 4 + nw + cw, COLS - 4 - nw - cw, at, "%s%s",
		   r->active ? "" : _("(inactive) "), r->phone ? r->phone : "");
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The selected entry in full, under the list: what the caller is told. */
static void paint_details(struct dir *d, int y)
{
	const struct resource *r = d->n ? &d->hits[d->sel] : NULL;
	attr_t t = draw_attr(d->a, DS_TITLE);
	int x = 10, w = COLS - 10;

	draw_fill(y, 0, COLS, A_NORMAL);
	if (!r)
		return;
	/* The list cuts long names; the whole name heads the details. */
	draw_textf(y, 0, COLS, A_BOLD, "-- %s", r->name);
	draw_text(y + 1, 0, x, _("Phone"), t);
	draw_textf(y + 1, x, w, A_BOLD, "%s   %s", or_dash(r->phone), r->hours ? r->hours : "");
	draw_text(y + 2, 0, x, _("Area"), t);
	draw_text(y + 2, x, w, or_dash(r->area), A_NORMAL);
	draw_text(y + 3, 0, x, _("URL"), t);
	draw_text(y + 3, x, w, or_dash(r->url), A_NORMAL);
	draw_text(y + 4, 0, x, _("About"), t);
	draw_wrap(y + 4, x, w, 2, or_dash(r->description), A_NORMAL);
}

static unsigned dir_hidden(void *ctx)
{
	struct dir *d = ctx;

	return d->supervisor ? KB_OPERATOR : KB_SUPERVISOR;
}

static void dir_paint(void *ctx)
{
	struct dir *d = ctx;
	int rows = dir_list_rows(), cx;
	struct buf foot;
	const char *cat = d->category ? label_of(d->a->cfg, LIST_RESOURCE_CATEGORY, d->category)
				      : _("all categories");

	draw_header(d->a, d->call ? _("Referral") : _("Directory"));
	draw_text(1, 0, 12, _("Search:"), A_BOLD);
	lineedit_draw(&d->q, 1, 12, 30, A_UNDERLINE, &cx);
	draw_textf(1, 44, COLS - 44, A_NORMAL, "%s%s", cat,
		   d->inactive ? _(", inactive too") : "");
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + rows)
		d->top = d->sel - rows + 1;
	for (int r = 0; r < rows && d->top + r < d->n; r++)
		paint_hit(d, d->top + r, 2 + r);
	if (!d->n)
		draw_text(2, 2, COLS - 2, _("Nothing found. Try fewer or other words."),
			  draw_attr(d->a, DS_DIM));
	else if (d->more)
		draw_text(1 + rows, 2, COLS - 2, _("More entries: type more to narrow."),
			  draw_attr(d->a, DS_DIM));
	paint_details(d, 2 + rows);
	draw_status(d->a);
	buf_init(&foot);
	keymap_footer(d->call ? &referral_keys : &directory_keys, true, dir_hidden(d), COLS, &foot);
	draw_footer(d->a, foot.s);
	buf_free(&foot);
	d->a->cur_y = 1;
	d->a->cur_x = cx;
}

/* Choosing a category: a numbered list in a dialog, 0 for all. True when
 * one was chosen (d->category, NULL for all). */
static bool dir_choose_category(struct dir *d)
{
	const struct codelist *l = config_list(d->a->cfg, LIST_RESOURCE_CATEGORY);
	struct choice c[36];
	size_t n = 0;
	int k;

	c[n++] = (struct choice){'0', _("all categories")};
	for (size_t i = 0; i < l->n && n < 36; i++, n++)
		c[n] = (struct choice){i < 9 ? (int)('1' + i) : (int)('a' + i - 9), l->codes[i].label};
	/* Two columns, so that the 26 default categories fit on 24 lines. */
	k = dialog_ask(d->a, &(struct question){_("Category"), NULL, c, n, NULL, 2});
	if (k == '0')
		d->category = NULL;
	else if (k >= '1' && k <= '9')
		d->category = l->codes[k - '1'].key;
	else if (k >= 'a' && k <= 'z')
		d->category = l->codes[k - 'a' + 9].key;
	else
		return false;
	return true;
}

static bool dir_attach(struct dir *d)
{
	const struct resource *r;
	char *note = NULL;
	int k;

	if (d->sel >= d->n)
		return false;
	r = &d->hits[d->sel];
	if (!r->active) {
		app_msg(d->a, MSG_WARN, _("This entry is no longer active; choose another."));
		return false;
	}
	for (size_t i = 0; i < d->call->nreferrals; i++)
		if (strcmp(d->call->referrals[i].resource, r->id) == 0) {
			app_msg(d->a, MSG_WARN, _("Already attached to this call."));
			return false;
		}
	k = dialog_ask(d->a, &(struct question){
		r->name, _("Does the caller consent to information being passed on to them?"),
		(struct choice[]){{'y', _("yes, consent")}, {'n', _("no consent")}}, 2, NULL, 2});
	if (k != 'y' && k != 'n')
		return false;
	if (!dialog_input(d->a, r->name, _("A short note (optional), Enter to finish:"), "",
			  REF_NOTE_MAX, NULL, &note))
		return false;
	call_add_referral(d->call, r->id, k == 'y', *note ? note : NULL);
	app_msg(d->a, MSG_INFO, _("Referral added: %s."), r->name);
	free(note);
	return true;
}

/* Supervisors: edit one entry field by field (Enter keeps a value, Esc
 * abandons the edit), validated before it is saved. */
/* max_chars is the store's limit; a character takes at most 4 bytes. A value
 * kept as it was (Enter) stays exactly as stored: the one-line box shows
 * line breaks and tabs as spaces, and only a real change replaces it. */
static bool dir_edit_text(struct dir *d, const char *title, const char *prompt, char **field,
			  size_t max_chars)
{
	char *out = NULL, *shown = xstrdup(*field ? *field : "");

	for (char *p = shown; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	if (!dialog_input(d->a, title, prompt, *field ? *field : "", 4 * max_chars, NULL, &out)) {
		free(shown);
		return false;
	}
	if (strcmp(out, shown) != 0) {
		free(*field);
		*field = *out ? out : NULL;
		if (!*field)
			free(out);
	} else {
		free(out);
	}
	free(shown);
	return true;
}

static bool dir_edit_category(struct dir *d, struct resource *r)
{
	const char *keep = d->category;
	bool ok;

	d->category = NULL;
	ok = dir_choose_category(d) && d->category != NULL;
	if (ok) {
		free(r->category);
		r->category = xstrdup(d->category);
	}
	d->category = keep;
	dir_search(d);
	return ok || r->category;
}

static void dir_edit(struct dir *d, bool is_new)
{
	struct resource r;
	struct error err;
	const char *title = is_new ? _("New directory entry") : _("Edit directory entry");
	bool ok;

	if (!is_new && d->sel >= d->n)
		return;
	if (is_new) {
		char id[37];

		resource_init(&r);
		id_new(id);
		r.id = xstrdup(id);
		r.active = true;
	} else {
		resource_copy(&r, &d->hits[d->sel]);
	}
	/* The limits of resource_validate, in characters. */
	ok = dir_edit_text(d, title, _("Name:"), &r.name, 200) &&
	     dir_edit_category(d, &r) && /* Esc keeps an entry's category */
	     dir_edit_text(d, title, _("Phone:"), &r.phone, 100) &&
	     dir_edit_text(d, title, _("Opening hours:"), &r.hours, 500) &&
	     dir_edit_text(d, title, _("Area served:"), &r.area, 200) &&
	     dir_edit_text(d, title, _("URL:"), &r.url, 2048) &&
	     dir_edit_text(d, title, _("Description:"), &r.description, 4000);
	if (!ok && is_new)
		app_msg(d->a, MSG_INFO, _("Not added: the new entry was abandoned."));
	if (ok) {
		error_clear(&err);
		if (resource_validate(&r, d->a->cfg, &err) ||
		    resources_save(d->a->store, &r, d->supervisor, &err)) {
			app_error(d->a, _("Not saved"), &err);
		} else {
			name_cache_forget(r.id);
			app_msg(d->a, MSG_INFO, _("Saved: %s."), r.name);
			dir_search(d);
		}
	}
	resource_free(&r);
}

static void dir_toggle_active(struct dir *d)
{
	struct resource r;
	struct error err;
	enum status rc;
	bool was_active;

	if (d->sel >= d->n)
		return;
	resource_copy(&r, &d->hits[d->sel]);
	was_active = r.active;
	if (dialog_ask(d->a, &(struct question){
		    r.name,
		    r.active ? _("Deactivate this entry? Operators will no longer find it;\n"
				 "calls that refer to it keep it.")
			     : _("Make this entry active again?"),
		    (struct choice[]){{'y', _("yes")}}, 1, _("no"), 1}) == 'y') {
		error_clear(&err);
		if (was_active)
			rc = resources_deactivate(d->a->store, r.id, d->supervisor, &err);
		else {
			r.active = true;
			rc = resources_save(d->a->store, &r, d->supervisor, &err);
		}
		if (rc) {
			app_error(d->a, _("Not changed"), &err);
		} else {
			app_msg(d->a, MSG_INFO, was_active ? _("Deactivated: %s.") : _("Active again: %s."),
				r.name);
			dir_search(d);
		}
	}
	resource_free(&r);
}

static int dir_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

static int dir_move(void *ctx, int key)
{
	struct dir *d = ctx;

	switch (key) {
	case TK(KEY_UP): d->sel--; break;
	case TK(KEY_DOWN): d->sel++; break;
	case TK(KEY_PPAGE): d->sel -= 10; break;
	default: d->sel += 10; break;
	}
	if (d->sel >= d->n)
		d->sel = d->n - 1;
	if (d->sel < 0)
		d->sel = 0;
	return KEY_STAY;
}

static int dir_category(void *ctx, int key)
{
	struct dir *d = ctx;

	if (dir_choose_category(d))
		dir_search(d);
	return KEY_STAY;
}

static int dir_inactive(void *ctx, int key)
{
	struct dir *d = ctx;

	d->inactive = !d->inactive;
	dir_search(d);
	return KEY_STAY;
}

static int dir_add(void *ctx, int key)
{
	struct dir *d = ctx;

	if (!dir_attach(d))
		return KEY_STAY;
	d->added = true;
	return KEY_LEAVE;
}

static int dir_edit_key(void *ctx, int key)
{
	dir_edit(ctx, false);
	return KEY_STAY;
}

static int dir_new(void *ctx, int key)
{
	dir_edit(ctx, true);
	return KEY_STAY;
}

static int dir_toggle(void *ctx, int key)
{
	dir_toggle_active(ctx);
	return KEY_STAY;
}

static int dir_refused(void *ctx, int key)
{
	struct dir *d = ctx;

	app_msg(d->a, MSG_INFO, _("Only supervisors edit the directory."));
	return KEY_STAY;
}

static int dir_type(void *ctx, int k)
{
	struct dir *d = ctx;

	if (lineedit_key(&d->q, k) == LE_CHANGED)
		dir_search(d);
	return KEY_STAY;
}

static bool dir_in_text(void *ctx)
{
	return true;
}

/* Keys both uses share. */
#define DIR_SEARCH_KEYS(X)                                                                  \
	X(dir_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), TK(KEY_PPAGE), TK(KEY_NPAGE)), 0, NULL,       \
	  N_("select"), 0)                                                                       \
	X(dir_category, KEYS(CTRL('f'), TK(KEY_F(4))), 1, N_("category"),                       \
	  N_("only one category (0: all)"), 0)                                                   \
	X(dir_inactive, KEYS(CTRL('t')), 1, N_("inactive"), N_("show inactive entries too"), 0)

#define REFERRAL_KEYS(X)                                                                    \
	X(dir_add, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("add"),                                \
	  N_("add it: you are asked about the caller's consent, then for a note"), 0)            \
	DIR_SEARCH_KEYS(X)                                                                       \
	X(dir_back, KEYS(KEY_ESC), 1, N_("back"), N_("back without adding anything"), 0)         \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

#define DIRECTORY_KEYS(X)                                                                   \
	X(dir_edit_key, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("edit"),                         \
	  N_("edit the selected entry, field by field (Enter keeps a value)"), KB_SUPERVISOR)    \
	X(dir_new, KEYS(CTRL('n')), 1, N_("new"), N_("add a new entry"), KB_SUPERVISOR)          \
	X(dir_toggle, KEYS(CTRL('x')), 1, N_("(de)activate"),                                   \
	  N_("deactivate the selected entry, or make it active again"), KB_SUPERVISOR)          \
	X(dir_refused, KEYS('\n', '\r', TK(KEY_ENTER), CTRL('n'), CTRL('x')), 0, NULL, NULL,      \
	  KB_OPERATOR)                                                                           \
	DIR_SEARCH_KEYS(X)                                                                       \
	X(dir_back, KEYS(KEY_ESC), 1, N_("back"), N_("back home"), 0)                            \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding referral_bindings[] = {REFERRAL_KEYS(KEY_BINDING)};
const struct keymap referral_keys = KEYMAP(
	"referral", N_("Referral"), referral_bindings,
	N_("Type part of the name, area or description of a resource: the\n"
	   "list narrows with each character. Up/Down select; the details of\n"
	   "the selected one (phone, hours, area, URL) show below the list."),
	NULL);

static const struct binding directory_bindings[] = {DIRECTORY_KEYS(KEY_BINDING)};
const struct keymap directory_keys = KEYMAP(
	"directory", N_("Directory"), directory_bindings,
	N_("The referral directory. Type part of the name, area or description\n"
	   "of a resource: the list narrows with each character. Up/Down select;\n"
	   "the details of the selected one show below the list.\n"
	   "Supervisors (see soudan.ini(5), [roles]) also edit it; every change\n"
	   "is kept in the audit trail."),
	NULL);

static bool dir_run(struct app *a, struct call *c)
{
	static const struct screen referral_screen = {
		.paint = dir_paint, .keys = &referral_keys, .key = dir_type,
		.in_text = dir_in_text, .hidden = dir_hidden};
	static const struct screen directory_screen = {
		.paint = dir_paint, .keys = &directory_keys, .key = dir_type,
		.in_text = dir_in_text, .hidden = dir_hidden};
	struct dir *d = xcalloc(1, sizeof *d);
	bool added;

	d->a = a;
	d->call = c;
	d->supervisor = !c && a->supervisor;
	lineedit_init(&d->q, 200);
	dir_search(d); /* an empty query lists everything by category */
	app_run(a, c ? &referral_screen : &directory_screen, d);
	added = d->added;
	hits_clear(d);
	lineedit_free(&d->q);
	free(d);
	return added;
}

bool referral_pick(struct app *a, struct call *c)
{
	return dir_run(a, c);
}

void directory_run(struct app *a)
{
	dir_run(a, NULL);
}
