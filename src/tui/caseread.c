/* A case's calls, oldest first, one coded line each; the selected one read
 * on a page of its own, read only, with its notes and its referrals' notes.
 * The reading is recorded in the audit trail first (who read what, when:
 * 個人情報保護法); when it cannot be, nothing of the call is shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "screens.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

struct caseread {
	struct app *a;
	const char *code;
	struct call_row *rows;
	size_t n, cap, sel, top;
};

static int on_row(const struct call_row *r, void *ctx)
{
	struct caseread *p = ctx;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->rows = xrealloc(p->rows, p->cap * sizeof *p->rows);
	}
	p->rows[p->n++] = *r;
	return 0;
}

static void caseread_load(struct caseread *p)
{
	struct error err;

	p->n = 0;
	error_clear(&err);
	if (store_case_calls(p->a->store, p->code, on_row, p, &err))
		app_error(p->a, _("Cannot read the case"), &err);
	if (p->sel >= p->n)
		p->sel = p->n ? p->n - 1 : 0;
}

/* The page */

/* "Title: value" pieces side by side, a new line when the next would not
 * fit in cols columns (values are sanitized when drawn). */
struct pack {
	struct buf *b;
	int cols, used;
};

static void pack_newline(struct pack *k)
{
	buf_putc(k->b, '\n');
	k->used = 0;
}

/* One word of a piece onto the line, on the next (indented by four) when it
 * would not fit; a word wider than a line is broken between characters. */
static void pack_word(struct pack *k, const char *word, bool first)
{
	int w = text_width(word);

	if (!first && k->used + 1 + w > k->cols) {
		pack_newline(k);
		buf_puts(k->b, "    ");
		k->used = 2;
	} else if (!first) {
		buf_putc(k->b, ' ');
		k->used++;
	}
	while (*word && k->used + w > k->cols) {
		size_t n = text_fit_len(word, k->cols - k->used);

		if (n == 0) /* not even one character fits: one goes anyway */
			for (n = 1; (word[n] & 0xC0) == 0x80; n++)
				;
		buf_add(k->b, word, n);
		word += n;
		w = text_width(word);
		pack_newline(k);
		buf_puts(k->b, "    ");
		k->used = 2;
	}
	buf_puts(k->b, word);
	k->used += w;
}

/* "Title: a, b, c" beside the pieces before it when it fits; otherwise on a
 * line of its own, over as many lines as the values take (the page
 * scrolls): the values are words here, never cut. */
static void pack_items(struct pack *k, const char *title, const char *const *v, size_t n)
{
	struct buf piece;
	int w;

	buf_init(&piece);
	buf_printf(&piece, "%s:", title);
	for (size_t i = 0; i < n; i++)
		buf_printf(&piece, " %s%s", v[i], i + 1 < n ? "," : "");
	if (!n)
		buf_puts(&piece, " -");
	w = text_width(piece.s);
	if (k->used && k->used + 3 + w > k->cols)
		pack_newline(k);
	if (k->used) {
		buf_puts(k->b, "   ");
		k->used += 3;
	} else {
		buf_puts(k->b, "  ");
	}
	if (k->used + w <= k->cols) {
		buf_puts(k->b, piece.s);
		k->used += w;
	} else {
		buf_reset(&piece);
		buf_printf(&piece, "%s:", title);
		pack_word(k, piece.s, true);
		for (size_t i = 0; i < n; i++) {
			buf_reset(&piece);
			buf_printf(&piece, "%s%s", v[i], i + 1 < n ? "," : "");
			pack_word(k, piece.s, false);
		}
		pack_newline(k); /* the next piece on a line of its own */
	}
	buf_free(&piece);
}

static void pack_add(struct pack *k, const char *title, const char *value)
{
	const char *v[1] = {value};

	pack_items(k, title, v, value && *value ? 1 : 0);
}

static void pack_end(struct pack *k)
{
	if (k->used)
		buf_putc(k->b, '\n');
	k->used = 0;
}

static void page_multi(struct pack *k, const struct config *cfg, enum call_multi m,
		       const struct strlist *v)
{
	const char **labels = xcalloc(v->n + 1, sizeof *labels);

	for (size_t i = 0; i < v->n; i++)
		labels[i] = label_of(cfg, call_multi_info[m].list, v->v[i]);
	pack_items(k, _(config_list(cfg, call_multi_info[m].list)->title), labels, v->n);
	free(labels);
}

/* s broken into lines of at most cols columns, each indented by indent. */
static void page_wrapped(struct buf *b, const char *s, int cols, const char *indent)
{
	char *copy = xstrdup(s ? s : ""), *save = copy;

	if (cols < 1) /* a terminal too narrow to draw on still gets keys */
		cols = 1;
	for (char *l = strsep(&save, "\n"); l; l = strsep(&save, "\n")) {
		do {
			size_t n = text_fit_len(l, cols);

			buf_puts(b, indent);
			buf_add(b, l, n);
			buf_putc(b, '\n');
			l += n;
		} while (*l);
	}
	free(copy);
}

static void page_followup(struct caseread *p, struct pack *k, const struct call *c)
{
	struct buf x;

	buf_init(&x);
	if (c->followup_state == FOLLOWUP_WAITING)
		buf_puts(&x, _("awaiting caller"));
	else if (c->next_contact)
		buf_printf(&x, "%s ", c->next_contact);
	if (c->followup_state == FOLLOWUP_CONTACTED)
		buf_puts(&x, _("contacted"));
	else if (c->followup_state == FOLLOWUP_CLOSED && c->followup_result)
		buf_printf(&x, _("closed: %s"),
			   label_of(p->a->cfg, LIST_FOLLOWUP_RESULT, c->followup_result));
	else if (c->followup_state == FOLLOWUP_CLOSED)
		buf_puts(&x, _("closed"));
	pack_add(k, _("Next contact"), x.s);
	buf_free(&x);
}

static void page_referrals(struct caseread *p, struct buf *b, const struct call *c, int cols)
{
	for (size_t i = 0; i < c->nreferrals; i++) {
		const struct referral *r = &c->referrals[i];
		const char *name = referral_name(p->a, r->resource);

		buf_printf(b, "%s: %s (%s)\n", _("Referral"), *name ? name : r->resource,
			   r->consent == CONSENT_YES  ? _("consent")
			   : r->consent == CONSENT_NO ? _("no consent")
						    : _("consent not recorded"));
		if (r->note && *r->note)
			page_wrapped(b, r->note, cols - 2, "    ");
	}
}

/* The call as a page: when and who, the notes, the referrals, then the
 * coded values packed side by side. */
static char *page_text(struct caseread *p, const struct call *c)
{
	const struct config *cfg = p->a->cfg;
	int cols = COLS - 6;
	char when[24], end[8], len[24];
	struct buf b;
	struct pack k = {&b, cols, 0};

	buf_init(&b);
	time_format_local(c->started_at, "%Y-%m-%d %H:%M", when, sizeof when);
	if (c->ended_at) {
		draw_clock(c->ended_at, end);
		draw_length(c->ended_at - c->started_at, len);
		buf_printf(&b, "%s-%s (%s)  %s\n", when, end, len, c->operator_name);
	} else {
		buf_printf(&b, "%s  %s\n", when, c->operator_name);
	}
	buf_printf(&b, "%s\n", _("Notes"));
	page_wrapped(&b, c->notes, cols, "  ");
	page_referrals(p, &b, c, cols);
	buf_putc(&b, '\n');
	for (int i = 0; i < CF__COUNT; i++) {
		const struct codelist *l = config_list(cfg, call_coded_info[i].list);

		if (l->n) /* region: not there until a deployment lists its areas */
			pack_add(&k, _(l->title),
				 c->coded[i] ? label_of(cfg, call_coded_info[i].list, c->coded[i])
					     : NULL);
	}
	for (int m = 0; m < CM__COUNT; m++)
		page_multi(&k, cfg, (enum call_multi)m, &c->multi[m]);
	page_followup(p, &k, c);
	pack_add(&k, _("Assigned to"), c->assigned_to);
	pack_add(&k, _("Debrief"), c->debrief ? _("yes") : _("no"));
	pack_end(&k);
	return buf_take(&b);
}

/* Record the reading, then show the call; nothing shows when the trail
 * cannot say who read it. */
static void caseread_open(struct caseread *p, const struct call_row *r)
{
	const char *ids[1] = {r->id};
	struct error err;
	struct call c;
	char title[80], *text;

	error_clear(&err);
	if (store_notes_read(p->a->store, ids, 1, "case", p->a->me, &err)) {
		if (err.status == ST_TEMPFAIL) /* whole at 80 columns */
			app_msg(p->a, MSG_ERROR, "%s",
				_("Not shown: the database is busy, the reading cannot be recorded. Retry."));
		else
			app_error(p->a, _("Not shown: the reading could not be recorded"), &err);
		return;
	}
	if (store_call_get(p->a->store, r->id, &c, &err)) { /* nothing to free */
		app_error(p->a, _("Cannot open the call"), &err);
		return;
	}
	snprintf(title, sizeof title, _("A call of case %s (read only)"), p->code);
	text = page_text(p, &c);
	dialog_page(p->a, title, text);
	free(text);
	call_free(&c);
}

/* Where the follow-up of a row stands, for one column: a contacted or closed
 * one is said so (closed with its result), never by its old date, which
 * would look due. "" when there is none. */
const char *case_row_followup(struct app *a, const struct call_row *r, char *buf, size_t size)
{
	if (strcmp(r->followup_state, "waiting") == 0)
		return _("awaiting caller");
	if (strcmp(r->followup_state, "contacted") == 0)
		return _("contacted");
	if (strcmp(r->followup_state, "closed") == 0) {
		if (!r->followup_result[0])
			return _("closed");
		snprintf(buf, size, _("closed: %s"),
			 label_of(a->cfg, LIST_FOLLOWUP_RESULT, r->followup_result));
		return buf;
	}
	return r->next_contact;
}

/* The coded line of a row: where its follow-up stands first (what an
 * operator acts on, seen even when the line is cut at 80 columns), then the
 * call type, the main concern and the outcome. */
void case_row_coded(struct app *a, const struct call_row *r, struct buf *out)
{
	char fb[160];
	const char *fu = case_row_followup(a, r, fb, sizeof fb);

	if (*fu)
		buf_printf(out, "%s / ", fu);
	buf_printf(out, "%s / %s / %s", label_of(a->cfg, LIST_CALL_TYPE, r->call_type),
		   r->main_concern[0] ? label_of(a->cfg, LIST_CONCERN, r->main_concern) : "-",
		   r->outcome[0] ? label_of(a->cfg, LIST_OUTCOME, r->outcome) : "-");
}

/* The list */

static void caseread_row(struct caseread *p, const struct call_row *r, bool on, int y)
{
	struct app *a = p->a;
	attr_t at = on ? draw_attr(a, DS_SEL) : A_NORMAL;
	bool urgent = strcmp(r->urgency, "urgent") == 0, watch = strcmp(r->urgency, "watch") == 0;
	char when[24];
	struct buf b;

	time_format_local(r->started_at, "%Y-%m-%d %H:%M", when, sizeof when);
	draw_text(y, 0, 2, on ? ">" : "", at);
	draw_text(y, 2, 17, when, at);
	draw_text(y, 19, 11, r->operator_name, at);
	draw_text(y, 30, 9, r->urgency[0] ? label_of(a->cfg, LIST_URGENCY, r->urgency) : "-",
		  urgent ? draw_attr(a, DS_URGENT) : watch ? draw_attr(a, DS_WATCH) : at);
	buf_init(&b);
	case_row_coded(a, r, &b);
	draw_text(y, 39, COLS - 39, b.s, at);
	buf_free(&b);
}

static void caseread_paint(void *ctx)
{
	struct caseread *p = ctx;
	int rows = LINES - 5;
	struct buf foot;

	draw_header(p->a, _("Calls of the case"));
	draw_textf(1, 0, COLS, draw_attr(p->a, DS_TITLE), _("Case %s: %zu calls, oldest first"),
		   p->code, p->n);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && p->top + (size_t)r < p->n; r++)
		caseread_row(p, &p->rows[p->top + (size_t)r], p->top + (size_t)r == p->sel, 2 + r);
	if (!p->n)
		draw_text(2, 2, COLS - 2, _("(none)"), draw_attr(p->a, DS_DIM));
	draw_status(p->a);
	buf_init(&foot);
	keymap_footer(&case_calls_keys, false, 0, COLS, &foot);
	draw_footer(p->a, foot.s);
	buf_free(&foot);
	p->a->cur_y = -1;
}

static int caseread_read(void *ctx, int key)
{
	struct caseread *p = ctx;

	if (p->sel < p->n)
		caseread_open(p, &p->rows[p->sel]);
	return KEY_STAY;
}

static int caseread_move(void *ctx, int key)
{
	struct caseread *p = ctx;

	keys_step(key, &p->sel, p->n);
	return KEY_STAY;
}

static int caseread_back(void *ctx, int key)
{
	return KEY_LEAVE;
}

#define CASE_CALLS_KEYS(X)                                                                 \
	X(caseread_read, KEYS('\n', '\r', TK(KEY_ENTER)), 1, N_("read"),                      \
	  N_("read the selected call, notes included (the reading is recorded)"), 0)          \
	X(caseread_move, KEYS(TK(KEY_UP), TK(KEY_DOWN), 'k', 'j'), 0, NULL, N_("select"), 0) \
	X(caseread_back, KEYS(KEY_ESC, 'q'), 1, N_("back"), N_("back"), 0)                    \
	X(app_help_key, KEYS(TK(KEY_F(1)), CTRL('g'), '?'), 2, N_("help"), N_("this help"), KB_HELP)

static const struct binding case_calls_bindings[] = {CASE_CALLS_KEYS(KEY_BINDING)};
const struct keymap case_calls_keys = KEYMAP(
	"case-calls", N_("Calls of the case"), case_calls_bindings,
	N_("The case's calls, oldest first: when, who took it, the urgency, and a\n"
	   "coded line. Reading one shows its notes and is recorded in the audit\n"
	   "trail (who read which call, when)."),
	NULL);

void case_calls_run(struct app *a, const char *code)
{
	static const struct screen case_calls_screen = {.paint = caseread_paint,
							.keys = &case_calls_keys};
	struct caseread p;

	memset(&p, 0, sizeof p);
	p.a = a;
	p.code = code;
	caseread_load(&p);
	if (p.n)
		p.sel = p.n - 1; /* the latest call: most often the one to read */
	app_run(a, &case_calls_screen, &p);
	free(p.rows);
}
