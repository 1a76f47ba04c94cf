/* The referral picker: search the directory as the operator types, add the
 * chosen resource with the caller's consent (yes/no) and a short note. */
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "lineedit.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/resources.h"

#define REF_MAX 100
#define REF_NOTE_MAX 1000

struct hit {
	char *id, *name, *category, *phone, *area;
};

struct refpick {
	struct app *a;
	struct lineedit q;
	struct hit hits[REF_MAX];
	int n, sel, top;
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

static void hits_clear(struct refpick *p)
{
	for (int i = 0; i < p->n; i++) {
		struct hit *h = &p->hits[i];

		free(h->id), free(h->name), free(h->category), free(h->phone), free(h->area);
	}
	p->n = p->sel = p->top = 0;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static int on_resource(const struct resource *r, void *ctx)
{
	struct refpick *p = ctx;
	struct hit *h = &p->hits[p->n++];

	h->id = dup_or_empty(r->id);
	h->name = dup_or_empty(r->name);
	h->category = dup_or_empty(r->category);
	h->phone = dup_or_empty(r->phone);
	h->area = dup_or_empty(r->area);
	return p->n >= REF_MAX;
}

static void refpick_search(struct refpick *p)
{
	char *q = lineedit_text(&p->q), m[600];
	struct error err;

	hits_clear(p);
	error_clear(&err);
	if (resources_search(p->a->store, q, NULL, false, REF_MAX, on_resource, p, &err)) {
		error_format(&err, m, sizeof m);
		app_msg(p->a, MSG_ERROR, _("Cannot search the directory: %s"), m);
	}
	free(q);
}

static void paint_hit(struct refpick *p, int i, int y)
{
	const struct hit *h = &p->hits[i];
	attr_t at = i == p->sel ? draw_attr(p->a, DS_SEL) : A_NORMAL;
	int nw = COLS > 100 ? 50 : 34;

	draw_text(y, 0, 2, i == p->sel ? ">" : "", at);
	draw_text(y, 2, nw, h->name, at);
	draw_text(y, 2 + nw, 1, "", at);
	draw_text(y, 3 + nw, 16, label_of(p->a, LIST_RESOURCE_CATEGORY, h->category), at);
	draw_text(y, 19 + nw, 1, "", at);
	draw_textf(y, 20 + nw, COLS - 20 - nw, at, "%s  %s", h->phone, h->area);
}

static void refpick_paint(void *ctx)
{
	struct refpick *p = ctx;
	int rows = LINES - 5, cx;

	draw_header(p->a, _("Referral"));
	draw_text(1, 0, 30, _("Search the directory:"), A_BOLD);
	lineedit_draw(&p->q, 1, 30, COLS - 31, A_UNDERLINE, &cx);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + rows)
		p->top = p->sel - rows + 1;
	for (int r = 0; r < rows && p->top + r < p->n; r++)
		paint_hit(p, p->top + r, 2 + r);
	if (!p->n)
		draw_text(2, 2, COLS - 2, _("Nothing found. Try fewer or other words."),
			  draw_attr(p->a, DS_DIM));
	draw_status(p->a);
	draw_footer(p->a, _(" Enter: add to the call  Up/Down: select  Esc: back  F1: help"));
	p->a->cur_y = 1;
	p->a->cur_x = cx;
}

static bool refpick_add(struct refpick *p, struct call *c)
{
	const struct hit *h;
	char *note = NULL;
	int k;

	if (p->sel >= p->n)
		return false;
	h = &p->hits[p->sel];
	k = dialog_ask(p->a, h->name,
		       _("Does the caller consent to information being passed on to them?\n"
			 "y: yes, consent   n: no consent   Esc: back"),
		       "yn");
	if (k != 'y' && k != 'n')
		return false;
	if (!dialog_input(p->a, h->name, _("A short note (optional), Enter to finish:"), "",
			  REF_NOTE_MAX, NULL, &note))
		return false;
	call_add_referral(c, h->id, k == 'y', *note ? note : NULL);
	app_msg(p->a, MSG_INFO, _("Referral added: %s."), h->name);
	free(note);
	return true;
}

static int refpick_key(struct refpick *p, struct call *c, int k)
{
	bool moved;

	switch (k) {
	case TK_HALT: case KEY_ESC: return 0;
	case '\n': case '\r': case TK(KEY_ENTER): return refpick_add(p, c) ? 1 : -1;
	case TK(KEY_F(1)): help_show(p->a, HELP_REFERRAL); return -1;
	case TK(KEY_UP): if (p->sel > 0) p->sel--; return -1;
	case TK(KEY_DOWN): if (p->sel + 1 < p->n) p->sel++; return -1;
	case TK(KEY_PPAGE): p->sel = p->sel > 10 ? p->sel - 10 : 0; return -1;
	case TK(KEY_NPAGE): p->sel = p->sel + 10 < p->n ? p->sel + 10 : (p->n ? p->n - 1 : 0);
		return -1;
	}
	if (lineedit_key(&p->q, k, &moved))
		refpick_search(p);
	return -1;
}

bool referral_pick(struct app *a, struct call *c)
{
	struct refpick *p = xcalloc(1, sizeof *p);
	void (*under)(void *) = a->under;
	void *under_ctx = a->under_ctx;
	int r = -1;

	p->a = a;
	lineedit_init(&p->q, 200);
	refpick_search(p); /* an empty query lists everything by category */
	a->under = refpick_paint;
	a->under_ctx = p;
	while (r < 0) {
		app_paint(a, refpick_paint, p);
		r = refpick_key(p, c, app_key(a));
	}
	a->under = under;
	a->under_ctx = under_ctx;
	hits_clear(p);
	lineedit_free(&p->q);
	free(p);
	return r == 1;
}
