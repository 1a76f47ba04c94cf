/* The coded fields of the call form: the list on the left (one row each, in
 * the configuration's order), the focused field's choices on the right.
 * Choices are picked by quick keys 1-9 then a-z, or moved to with Up/Down
 * and taken with Space or Enter. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "form.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

static void fields_add(struct form *f, enum field_kind kind, int index, enum list_id list,
		       const char *title)
{
	if (f->nfields < FORM_FIELDS_MAX)
		f->fields[f->nfields++] = (struct field){kind, index, list, title};
}

static void fields_add_coded(struct form *f, enum call_coded c)
{
	enum list_id list = call_coded_info[c].list;
	const struct codelist *l = config_list(f->a->cfg, list);

	if (l->n == 0) /* region: hidden until a deployment lists its areas */
		return;
	fields_add(f, FK_SINGLE, c, list, l->title);
}

static void fields_add_multi(struct form *f, enum call_multi m)
{
	enum list_id list = call_multi_info[m].list;

	/* The list title is a report heading; the form's label column is narrower. */
	fields_add(f, FK_MULTI, m, list,
		   m == CM_CONTINUATION_REASONS ? N_("Cont. reasons")
						: config_list(f->a->cfg, list)->title);
}

void fields_build(struct form *f)
{
	static const enum call_coded intake[] = {CF_CALL_TYPE, CF_CHANNEL,    CF_CONTACT,
						 CF_CALLER,    CF_AGE_BAND,   CF_GENDER,
						 CF_WITHDRAWAL, CF_REGION,    CF_HEARD_VIA};

	f->nfields = 0;
	fields_add(f, FK_NOTES, 0, 0, N_("Notes"));
	for (size_t i = 0; i < sizeof intake / sizeof *intake; i++)
		fields_add_coded(f, intake[i]);
	fields_add_multi(f, CM_CONCERNS);
	fields_add_multi(f, CM_RESPONSES);
	fields_add_multi(f, CM_RISKS);
	fields_add_coded(f, CF_URGENCY);
	fields_add(f, FK_CASE, 0, 0, N_("Case"));
	fields_add(f, FK_REFERRALS, 0, 0, N_("Referrals"));
	fields_add_coded(f, CF_OUTCOME);
	fields_add_multi(f, CM_CONTINUATION_REASONS);
	fields_add(f, FK_DATE, 0, 0, N_("Next contact"));
	fields_add(f, FK_ASSIGNED, 0, 0, N_("Assigned to"));
	fields_add(f, FK_DEBRIEF, 0, 0, N_("Debrief"));
}

bool field_is_text(const struct field *fd)
{
	return fd->kind == FK_NOTES || fd->kind == FK_DATE || fd->kind == FK_ASSIGNED;
}

static const struct codelist *field_list(const struct form *f, const struct field *fd)
{
	return config_list(f->a->cfg, fd->list);
}

static int field_choices(const struct form *f, const struct field *fd)
{
	switch (fd->kind) {
	case FK_SINGLE: case FK_MULTI: return (int)field_list(f, fd)->n;
	case FK_DEBRIEF: return 2;
	case FK_REFERRALS: return (int)f->call.nreferrals;
	default: return 0;
	}
}

/* 1-9, then a-z: the key of choice i, or 0. */
static int quick_key(int i)
{
	return i < 9 ? '1' + i : i < 35 ? 'a' + (i - 9) : 0;
}

static int quick_index(int key)
{
	if (key >= '1' && key <= '9')
		return key - '1';
	if (key >= 'a' && key <= 'z')
		return key - 'a' + 9;
	return -1;
}

/* Values */

static bool field_single_is(const struct form *f, const struct field *fd, const char *key)
{
	const char *v = f->call.coded[fd->index];

	return v && strcmp(v, key) == 0;
}

static void value_multi(struct form *f, const struct field *fd, struct buf *out)
{
	const struct strlist *l = &f->call.multi[fd->index];

	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_puts(out, ", ");
		buf_puts(out, label_of(f->a->cfg, fd->list, l->v[i]));
	}
	if (!l->n)
		buf_puts(out, "-");
}

static void value_referrals(struct form *f, struct buf *out)
{
	const struct call *c = &f->call;

	if (!c->nreferrals) {
		buf_puts(out, "-");
		return;
	}
	buf_printf(out, "%zu: ", c->nreferrals);
	for (size_t i = 0; i < c->nreferrals; i++)
		buf_printf(out, "%s%s", i ? ", " : "", referral_name(f->a, c->referrals[i].resource));
}

void field_value(struct form *f, const struct field *fd, struct buf *out)
{
	const struct call *c = &f->call;

	switch (fd->kind) {
	case FK_NOTES: buf_puts(out, _("(above)")); break;
	case FK_SINGLE: buf_puts(out, label_of(f->a->cfg, fd->list, c->coded[fd->index])); break;
	case FK_MULTI: value_multi(f, fd, out); break;
	case FK_CASE:
		if (c->case_code)
			buf_printf(out, "%s %s", c->case_code, c->nickname ? c->nickname : "");
		else
			buf_puts(out, "-");
		break;
	case FK_REFERRALS: value_referrals(f, out); break;
	case FK_DATE: buf_puts(out, c->next_contact ? c->next_contact : "-"); break;
	case FK_ASSIGNED: buf_puts(out, c->assigned_to ? c->assigned_to : "-"); break;
	case FK_DEBRIEF: buf_puts(out, c->debrief ? _("yes") : _("no")); break;
	}
}

/* Entering and leaving the text fields */

static const char *date_check(struct form *f, const char *text, char out[11])
{
	struct date d, today = date_of(time_now()), start = date_of(f->call.started_at);
	char *end;

	if (!*text) {
		out[0] = '\0';
		return NULL;
	}
	if (text[0] == '+' && isdigit((unsigned char)text[1])) {
		long n = strtol(text + 1, &end, 10);

		if (*end || n > 3660)
			return N_("use YYYY-MM-DD, or +days (+7 is a week from today)");
		d = date_add_days(today, (int)n);
	} else if (!date_parse(text, &d)) {
		return N_("use YYYY-MM-DD, or +days (+7 is a week from today)");
	}
	if (date_cmp(d, start) < 0)
		return N_("the next contact cannot be before the call");
	date_format(d, out, 11);
	return NULL;
}

static bool operator_ok(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

void field_enter(struct form *f)
{
	const struct field *fd = &f->fields[f->focus];
	const struct codelist *l;

	f->choice = f->ctop = 0;
	f->le_bad = false;
	if (fd->kind == FK_DATE)
		lineedit_set(&f->le, f->call.next_contact);
	else if (fd->kind == FK_ASSIGNED)
		lineedit_set(&f->le, f->call.assigned_to);
	if (fd->kind != FK_SINGLE)
		return;
	l = field_list(f, fd);
	for (size_t i = 0; i < l->n; i++)
		if (field_single_is(f, fd, l->codes[i].key))
			f->choice = (int)i;
}

bool field_leave(struct form *f)
{
	const struct field *fd = &f->fields[f->focus];
	char date[11];
	char *text;
	const char *why = NULL;

	if (fd->kind != FK_DATE && fd->kind != FK_ASSIGNED)
		return true;
	text = lineedit_text(&f->le);
	if (fd->kind == FK_DATE)
		why = date_check(f, text, date);
	else if (!operator_ok(text))
		why = N_("a login name: letters, digits, . _ -");
	free(text);
	if (why) {
		app_msg(f->a, MSG_ERROR, "%s: %s", _(fd->title), _(why));
		return false;
	}
	return true;
}

/* Keys */

static bool single_set(struct form *f, const struct field *fd, int i)
{
	const struct codelist *l = field_list(f, fd);
	char **slot = &f->call.coded[fd->index];

	if (i < 0 || (size_t)i >= l->n)
		return false;
	f->choice = i;
	/* Taking it again keeps it (a second press must not undo the first);
	 * Delete clears. */
	call_set(slot, l->codes[i].key);
	if (fd->index == CF_OUTCOME && call_is_continued(&f->call) && !f->call.assigned_to)
		call_set(&f->call.assigned_to, f->a->me); /* the follow-up is mine by default */
	return true;
}

static bool multi_toggle(struct form *f, const struct field *fd, int i)
{
	const struct codelist *l = field_list(f, fd);
	struct strlist *v = &f->call.multi[fd->index];
	const char *key;

	if (i < 0 || (size_t)i >= l->n)
		return false;
	f->choice = i;
	key = l->codes[i].key;
	for (size_t j = 0; j < v->n; j++)
		if (strcmp(v->v[j], key) == 0) {
			strlist_remove(v, j);
			return true;
		}
	strlist_add(v, key); /* in the order taken: the first concern is the main one */
	return true;
}

/* '*': make the choice under the cursor the first (the main concern). */
static bool multi_make_first(struct form *f, const struct field *fd)
{
	struct strlist *v = &f->call.multi[fd->index];
	const char *key = field_list(f, fd)->codes[f->choice].key;

	for (size_t j = 1; j < v->n; j++)
		if (strcmp(v->v[j], key) == 0) {
			char *s = v->v[j];

			memmove(v->v + 1, v->v, j * sizeof *v->v);
			v->v[0] = s;
			return true;
		}
	return false;
}

static bool field_pick(struct form *f, const struct field *fd, int i)
{
	switch (fd->kind) {
	case FK_SINGLE: return single_set(f, fd, i);
	case FK_MULTI: return multi_toggle(f, fd, i);
	case FK_DEBRIEF:
		if (i < 0 || i > 1)
			return false;
		f->choice = i;
		f->call.debrief = i == 1;
		return true;
	default: return false;
	}
}

static bool field_text_key(struct form *f, const struct field *fd, int key)
{
	char date[11];
	char *text;
	bool moved;

	if (!lineedit_key(&f->le, key, &moved))
		return false;
	text = lineedit_text(&f->le);
	if (fd->kind == FK_DATE) {
		f->le_bad = date_check(f, text, date) != NULL;
		if (!f->le_bad)
			call_set(&f->call.next_contact, date[0] ? date : NULL);
	} else {
		f->le_bad = !operator_ok(text);
		if (!f->le_bad)
			call_set(&f->call.assigned_to, *text ? text : NULL);
	}
	free(text);
	return true;
}

static bool field_referral_key(struct form *f, int key)
{
	struct call *c = &f->call;

	switch (key) {
	case '\n': case '\r': case ' ': case 'a': case '+': case TK(KEY_ENTER):
		return referral_pick(f->a, c);
	case 'd': case TK(KEY_DC): case 0x7f: case TK(KEY_BACKSPACE):
		if ((size_t)f->choice >= c->nreferrals)
			return false;
		call_remove_referral(c, (size_t)f->choice);
		if (f->choice > 0 && (size_t)f->choice >= c->nreferrals)
			f->choice--;
		return true;
	case 'c':
		if ((size_t)f->choice >= c->nreferrals)
			return false;
		c->referrals[f->choice].consent = !c->referrals[f->choice].consent;
		return true;
	}
	return false;
}

static bool field_case_key(struct form *f, int key)
{
	switch (key) {
	case '\n': case '\r': case ' ': case TK(KEY_ENTER):
		return case_pick(f->a, &f->call);
	case 'x': case TK(KEY_DC): case 0x7f: case TK(KEY_BACKSPACE):
		if (!f->call.case_code)
			return false;
		call_set(&f->call.case_code, NULL);
		call_set(&f->call.nickname, NULL);
		return true;
	}
	return false;
}

bool field_key(struct form *f, int key)
{
	const struct field *fd = &f->fields[f->focus];
	int n = field_choices(f, fd);

	if (fd->kind == FK_DATE || fd->kind == FK_ASSIGNED)
		return field_text_key(f, fd, key);
	if (key == TK(KEY_UP) || key == TK(KEY_DOWN)) {
		f->choice += key == TK(KEY_UP) ? -1 : 1;
		if (f->choice >= n)
			f->choice = n - 1;
		if (f->choice < 0)
			f->choice = 0;
		return false;
	}
	if (fd->kind == FK_CASE)
		return field_case_key(f, key);
	if (fd->kind == FK_REFERRALS)
		return field_referral_key(f, key);
	if (key == ' ' || key == '\n' || key == '\r' || key == TK(KEY_ENTER))
		return field_pick(f, fd, f->choice);
	if (key == '*' && fd->kind == FK_MULTI)
		return multi_make_first(f, fd);
	if ((key == TK(KEY_DC) || key == 0x7f || key == TK(KEY_BACKSPACE)) &&
	    fd->kind == FK_SINGLE && fd->index != CF_CALL_TYPE && f->call.coded[fd->index]) {
		call_set(&f->call.coded[fd->index], NULL);
		return true;
	}
	return field_pick(f, fd, quick_index(key));
}

/* Painting */

static enum draw_style value_style(const struct form *f, const struct field *fd)
{
	const char *u = f->call.coded[CF_URGENCY];

	if (fd->kind == FK_SINGLE && fd->index == CF_URGENCY && u)
		return strcmp(u, "urgent") == 0 ? DS_URGENT
		       : strcmp(u, "watch") == 0 ? DS_WATCH : DS_NORMAL;
	if (fd->kind == FK_MULTI && fd->index == CM_RISKS && f->call.multi[CM_RISKS].n)
		return DS_URGENT;
	return DS_NORMAL;
}

static void paint_list(struct form *f, int y, int h, int lw)
{
	struct buf v;

	if (f->focus < f->ftop)
		f->ftop = f->focus;
	if (f->focus >= f->ftop + h)
		f->ftop = f->focus - h + 1;
	buf_init(&v);
	for (int r = 0; r < h && f->ftop + r < f->nfields; r++) {
		const struct field *fd = &f->fields[f->ftop + r];
		bool on = f->ftop + r == f->focus;
		attr_t sel = on ? draw_attr(f->a, DS_SEL) : A_NORMAL;
		enum draw_style vs = value_style(f, fd);

		draw_text(y + r, 0, 2, on ? ">" : "", sel);
		draw_text(y + r, 2, 17, _(fd->title), sel);
		buf_reset(&v);
		field_value(f, fd, &v);
		draw_text(y + r, 20, lw - 21, v.s ? v.s : "-",
			  vs != DS_NORMAL ? draw_attr(f->a, vs) : sel);
	}
	buf_free(&v);
}

/* The mark before a choice: (*) for the one taken, [x] for taken boxes, with
 * the main concern marked as such. */
static const char *choice_mark(struct form *f, const struct field *fd, int i)
{
	const struct codelist *l = field_list(f, fd);
	const struct strlist *v;

	if (fd->kind == FK_DEBRIEF)
		return f->call.debrief == (i == 1) ? "(*)" : "( )";
	if (fd->kind == FK_SINGLE)
		return field_single_is(f, fd, l->codes[i].key) ? "(*)" : "( )";
	v = &f->call.multi[fd->index];
	for (size_t j = 0; j < v->n; j++)
		if (strcmp(v->v[j], l->codes[i].key) == 0)
			return j == 0 && fd->index == CM_CONCERNS ? "[1]" : "[x]";
	return "[ ]";
}

static const char *choice_label(struct form *f, const struct field *fd, int i)
{
	if (fd->kind == FK_DEBRIEF)
		return i ? _("yes: talk it over with a colleague") : _("no");
	return field_list(f, fd)->codes[i].label;
}

static void paint_choices(struct form *f, const struct field *fd, int y, int x, int h, int w)
{
	int n = field_choices(f, fd);

	if (f->choice < f->ctop)
		f->ctop = f->choice;
	if (f->choice >= f->ctop + h)
		f->ctop = f->choice - h + 1;
	for (int r = 0; r < h && f->ctop + r < n; r++) {
		int i = f->ctop + r, qk = quick_key(i);
		attr_t at = i == f->choice ? draw_attr(f->a, DS_SEL) : A_NORMAL;

		draw_textf(y + r, x, w, at, "%c %s %s", qk ? qk : ' ', choice_mark(f, fd, i),
			   choice_label(f, fd, i));
	}
	if (f->ctop > 0)
		draw_text(y, x + w - 3, 3, "^", A_BOLD);
	if (f->ctop + h < n)
		draw_text(y + h - 1, x + w - 3, 3, "v", A_BOLD);
}

/* Two rows per referral: the resource, then consent and note. */
static void paint_referrals(struct form *f, int y, int x, int h, int w)
{
	const struct call *c = &f->call;

	if (!c->nreferrals)
		draw_text(y, x, w, _("None yet."), A_NORMAL);
	for (int r = 0; 2 * r + 1 < h && (size_t)r < c->nreferrals; r++) {
		const struct referral *rf = &c->referrals[r];
		attr_t at = r == f->choice ? draw_attr(f->a, DS_SEL) : A_NORMAL;

		draw_textf(y + 2 * r, x, w, at, "%d %s", r + 1, referral_name(f->a, rf->resource));
		draw_textf(y + 2 * r + 1, x, w, at, "  [%s] %s",
			   rf->consent ? _("consent") : _("no consent"), rf->note ? rf->note : "");
	}
}

static void paint_text_field(struct form *f, const struct field *fd, int y, int x, int w)
{
	int cx;

	lineedit_draw(&f->le, y, x, w > 30 ? 30 : w, A_UNDERLINE, &cx);
	f->a->cur_y = y;
	f->a->cur_x = cx;
	if (f->le_bad)
		draw_text(y + 1, x, w, fd->kind == FK_DATE ? _("Not a date yet: YYYY-MM-DD or +days.")
							   : _("A login name: letters, digits, . _ -"),
			  draw_attr(f->a, DS_ERROR));
	else if (fd->kind == FK_DATE && f->call.next_contact)
		draw_textf(y + 1, x, w, A_NORMAL, "= %s", f->call.next_contact);
}

static const char *field_hint(const struct field *fd)
{
	switch (fd->kind) {
	case FK_NOTES: return N_("Type the notes. Enter: new line.");
	case FK_SINGLE: return N_("1-9 a-z or Space: choose; Del: clear");
	case FK_MULTI: return fd->index == CM_CONCERNS ? N_("1-9 a-z: tick; [1] main, *: make main")
						       : N_("1-9 a-z or Space: tick or untick");
	case FK_CASE: return N_("Enter: find or open a case; x: unlink");
	case FK_REFERRALS: return N_("Enter: add; d: remove; c: consent");
	case FK_DATE: return N_("YYYY-MM-DD or +days; empty: none");
	case FK_ASSIGNED: return N_("Login name of who follows up");
	case FK_DEBRIEF: return N_("1 no, 2 yes");
	}
	return "";
}

static void paint_notes_help(struct form *f, int y, int x, int h, int w)
{
	static const char *const lines[] = {
		N_("Tab: the coded fields; Shift-Tab: back."),
		N_("Ctrl-E ends the call, Ctrl-S saves it."),
		N_("The line is anonymous: no names, phone"),
		N_("numbers or addresses in the notes."),
	};

	for (int r = 0; r < h && r < 4; r++)
		draw_text(y + r, x, w, _(lines[r]), draw_attr(f->a, DS_DIM));
}

static void paint_case(struct form *f, int y, int x, int w)
{
	const struct call *c = &f->call;

	if (!c->case_code) {
		draw_text(y, x, w, _("No case linked yet."), A_NORMAL);
		return;
	}
	draw_textf(y, x, w, A_BOLD, "%s  %s", c->case_code, c->nickname ? c->nickname : "");
}

void fields_paint(struct form *f, int y, int h, int lw)
{
	const struct field *fd = &f->fields[f->focus];
	int x = lw + 2, w = COLS - x - 1;

	paint_list(f, y, h, lw);
	for (int r = 0; r < h; r++)
		draw_text(y + r, lw, 1, "|", draw_attr(f->a, DS_DIM));
	/* Title, then the keys of this field, then its content. */
	draw_text(y, x, w, _(fd->title), draw_attr(f->a, DS_TITLE));
	draw_text(y + 1, x, w, _(field_hint(fd)), draw_attr(f->a, DS_DIM));
	y += 2;
	h -= 2;
	switch (fd->kind) {
	case FK_NOTES: paint_notes_help(f, y, x, h, w); break;
	case FK_SINGLE: case FK_MULTI: case FK_DEBRIEF: paint_choices(f, fd, y, x, h, w); break;
	case FK_CASE: paint_case(f, y, x, w); break;
	case FK_REFERRALS: paint_referrals(f, y, x, h, w); break;
	case FK_DATE: case FK_ASSIGNED: paint_text_field(f, fd, y, x, w); break;
	}
}
