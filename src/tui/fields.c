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

static const struct keymap *field_keys(enum field_kind kind)
{
	switch (kind) {
	case FK_SINGLE: return &single_keys;
	case FK_MULTI: return &multi_keys;
	case FK_CASE: return &case_field_keys;
	case FK_REFERRALS: return &referrals_keys;
	case FK_DEBRIEF: return &debrief_keys;
	case FK_DATE: return &date_keys; /* typing, and w */
	default: return NULL; /* typing: the notes editor, or a line of text */
	}
}

static void fields_add(struct form *f, enum field_kind kind, int index, enum list_id list,
		       const char *title)
{
	if (f->nfields < FORM_FIELDS_MAX)
		f->fields[f->nfields++] = (struct field){kind, index, list, title, field_keys(kind)};
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
						 CF_CALLER,    CF_CALLER_AGE, CF_AGE_BAND,   CF_GENDER,
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
	rules_init(f);
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

/* A field's own key, for Ctrl-F: 0 the notes, then 1-9 and a-z in screen
 * order (0 when it has none). */
int field_jump_key(int i)
{
	return i == 0 ? '0' : quick_key(i - 1);
}

int field_of_jump_key(const struct form *f, int key)
{
	for (int i = 0; i < f->nfields; i++)
		if (field_jump_key(i) == key)
			return i;
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

/* The date, or the follow-up's state: waiting instead of a date; contacted
 * or closed (not typed here: the store keeps them). */
static void value_date(struct form *f, struct buf *out)
{
	const struct call *c = &f->call;

	if (c->followup_state == FOLLOWUP_WAITING) {
		buf_puts(out, _("awaiting caller"));
		return;
	}
	buf_puts(out, c->next_contact ? c->next_contact : "-");
	if (c->followup_state == FOLLOWUP_CONTACTED)
		buf_printf(out, " %s", _("contacted"));
	else if (c->followup_state == FOLLOWUP_CLOSED)
		buf_printf(out, " %s", _("closed"));
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
	case FK_DATE: value_date(f, out); break;
	case FK_ASSIGNED: buf_puts(out, c->assigned_to ? c->assigned_to : "-"); break;
	case FK_DEBRIEF: buf_puts(out, c->debrief ? _("yes") : _("no")); break;
	}
}

/* Entering and leaving the text fields */

static const char date_format_why[] = N_("use YYYY-MM-DD, or +days (+7 is a week from today)");
static const char date_past_why[] = N_("not before today: today, a later date, or +days");

static const char *date_check(struct form *f, const char *text, char out[11])
{
	struct date d;

	if (!*text) {
		out[0] = '\0';
		return NULL;
	}
	if (!date_typed(text, date_of(time_now()), &d))
		return date_format_why;
	date_format(d, out, 11);
	/* Not before today, but a saved call keeps the date it has. */
	if (!rules_date_ok(f, out))
		return date_past_why;
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

/* Keys: each answers whether the call changed. */

static struct form *form_of(void *ctx)
{
	return ctx;
}

static const struct field *focused(const struct form *f)
{
	return &f->fields[f->focus];
}

/* After the operator changed a field with one choice: an urgency chosen
 * by hand stands against risks; a call no longer continued waits no more. */
static void single_changed(struct form *f, const struct field *fd)
{
	if (fd->index == CF_URGENCY)
		rules_urgency_chosen(f);
	if (fd->index == CF_OUTCOME && !call_is_continued(&f->call) &&
	    f->call.followup_state == FOLLOWUP_WAITING)
		f->call.followup_state = FOLLOWUP_OPEN;
}

/* Taking a choice again keeps it (a second press must not undo the first);
 * Delete clears. Unchanged is not a change. */
static bool single_set(struct form *f, const struct field *fd, int i)
{
	const struct codelist *l = field_list(f, fd);
	char **slot = &f->call.coded[fd->index];

	if (i < 0 || (size_t)i >= l->n)
		return false;
	f->choice = i;
	if (*slot && strcmp(*slot, l->codes[i].key) == 0)
		return false;
	call_set(slot, l->codes[i].key);
	single_changed(f, fd);
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
			if (fd->index == CM_RISKS)
				rules_risk_ticked(f, key, false);
			return true;
		}
	strlist_add(v, key); /* in the order taken: the first concern is the main one */
	if (fd->index == CM_RISKS)
		rules_risk_ticked(f, key, true);
	return true;
}

/* The choice a key names: its quick key, or the one under the cursor. */
static int key_choice(const struct form *f, int key)
{
	return quick_index(key) >= 0 ? quick_index(key) : f->choice;
}

/* A field with one value is done once it is picked: the next one takes
 * the focus (form.c moves it). */
static int single_pick(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	int i = key_choice(f, key);

	if (i < 0 || (size_t)i >= field_list(f, focused(f))->n)
		return false;
	f->advance = true;
	return single_set(f, focused(f), i);
}

static int single_clear(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	const struct field *fd = focused(f);

	if (fd->index == CF_CALL_TYPE || !f->call.coded[fd->index]) /* call type is required */
		return false;
	call_set(&f->call.coded[fd->index], NULL);
	single_changed(f, fd);
	return true;
}

static int choice_move(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	int n = field_choices(f, focused(f));

	f->choice += key == TK(KEY_UP) ? -1 : 1;
	if (f->choice >= n)
		f->choice = n - 1;
	if (f->choice < 0)
		f->choice = 0;
	return false;
}

static int multi_pick(void *ctx, int key)
{
	struct form *f = form_of(ctx);

	return multi_toggle(f, focused(f), key_choice(f, key));
}

/* '*': make the choice under the cursor the first (the main concern). */
static int multi_first(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	const struct field *fd = focused(f);
	struct strlist *v = &f->call.multi[fd->index];
	const char *k = field_list(f, fd)->codes[f->choice].key;

	for (size_t j = 1; j < v->n; j++)
		if (strcmp(v->v[j], k) == 0) {
			char *s = v->v[j];

			memmove(v->v + 1, v->v, j * sizeof *v->v);
			v->v[0] = s;
			return true;
		}
	return false;
}

static int debrief_pick(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	int i = key == '1' ? 0 : key == '2' ? 1 : f->choice;
	bool was = f->call.debrief;

	f->choice = i;
	f->call.debrief = i == 1;
	f->advance = true;
	return was != f->call.debrief;
}

static int case_open(void *ctx, int key)
{
	struct form *f = form_of(ctx);

	return case_pick(f->a, &f->call);
}

static int case_unlink(void *ctx, int key)
{
	struct form *f = form_of(ctx);

	if (!f->call.case_code)
		return false;
	call_set(&f->call.case_code, NULL);
	call_set(&f->call.nickname, NULL);
	return true;
}

/* One referral is the usual: once it is added, the outcome is next. */
static int referral_add(void *ctx, int key)
{
	struct form *f = form_of(ctx);

	if (!referral_pick(f->a, &f->call))
		return false;
	f->advance = true;
	return true;
}

static int referral_remove(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	struct call *c = &f->call;

	if ((size_t)f->choice >= c->nreferrals)
		return false;
	call_remove_referral(c, (size_t)f->choice);
	if (f->choice > 0 && (size_t)f->choice >= c->nreferrals)
		f->choice--;
	return true;
}

static int referral_consent(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	struct call *c = &f->call;

	if ((size_t)f->choice >= c->nreferrals)
		return false;
	c->referrals[f->choice].consent = !c->referrals[f->choice].consent;
	return true;
}

/* w in the next-contact field: the caller is to ring, no date is agreed
 * (相談者からの連絡待ち); again, or a date typed, and it is a date again. */
static int date_wait(void *ctx, int key)
{
	struct form *f = form_of(ctx);
	struct call *c = &f->call;

	if (c->followup_state == FOLLOWUP_CONTACTED || c->followup_state == FOLLOWUP_CLOSED) {
		app_msg(f->a, MSG_INFO, _("This follow-up has ended (%s): it waits for nobody."),
			c->followup_state == FOLLOWUP_CLOSED ? _("closed") : _("contacted"));
		return false;
	}
	if (c->followup_state == FOLLOWUP_WAITING) {
		c->followup_state = FOLLOWUP_OPEN;
		return true;
	}
	if (!call_is_continued(c)) {
		app_msg(f->a, MSG_INFO,
			_("Only a continued call waits for the caller: choose its outcome first."));
		return false;
	}
	c->followup_state = FOLLOWUP_WAITING;
	call_set(&c->next_contact, NULL);
	lineedit_set(&f->le, NULL);
	f->le_bad = false;
	app_msg(f->a, MSG_INFO, "%s",
		_("Awaiting the caller: no date agreed. A date, or w again, ends the wait."));
	return true;
}

#define TAKE_KEYS '\n', '\r', TK(KEY_ENTER), ' '
#define CLEAR_KEYS TK(KEY_DC), 0x7f, TK(KEY_BACKSPACE)
#define UPDOWN_KEYS TK(KEY_UP), TK(KEY_DOWN)

#define SINGLE_KEYS(X)                                                                     \
	X(single_pick, KEYS(KC_QUICK, TAKE_KEYS), 2, N_("choose"),                            \
	  N_("choose by its key, or the one under the cursor"), KB_EDIT)                       \
	X(single_clear, KEYS(CLEAR_KEYS), 1, N_("clear"),                                     \
	  N_("clear the field (not the call type, which is required)"), KB_EDIT)               \
	X(choice_move, KEYS(UPDOWN_KEYS), 0, NULL, N_("move the cursor"), 0)

#define MULTI_KEYS(X)                                                                      \
	X(multi_pick, KEYS(KC_QUICK, TAKE_KEYS), 2, N_("tick"),                               \
	  N_("tick or untick by its key, or the one under the cursor"), KB_EDIT)              \
	X(multi_first, KEYS('*'), 1, N_("make main"),                                         \
	  N_("the ticked choice under the cursor first (the main concern, [1])"), KB_EDIT)     \
	X(choice_move, KEYS(UPDOWN_KEYS), 0, NULL, N_("move the cursor"), 0)

#define CASE_FIELD_KEYS(X)                                                                 \
	X(case_open, KEYS(TAKE_KEYS), 1, N_("find or open a case"),                           \
	  N_("the case screen: find a case by code or nickname, or open one"), KB_EDIT)      \
	X(case_unlink, KEYS('x', CLEAR_KEYS), 1, N_("unlink"), N_("unlink the case"), KB_EDIT)

#define REFERRALS_KEYS(X)                                                                  \
	X(referral_add, KEYS(TAKE_KEYS, 'a', '+'), 1, N_("add"),                              \
	  N_("the referral screen: add one from the directory"), KB_EDIT)                     \
	X(referral_remove, KEYS('d', CLEAR_KEYS), 1, N_("remove"),                            \
	  N_("remove the selected referral"), KB_EDIT)                                         \
	X(referral_consent, KEYS('c'), 1, N_("switch consent"),                                      \
	  N_("switch the caller's consent"), KB_EDIT)                                          \
	X(choice_move, KEYS(UPDOWN_KEYS), 0, NULL, N_("select a referral"), 0)

#define DEBRIEF_KEYS(X)                                                                    \
	X(debrief_pick, KEYS('1', '2', TAKE_KEYS), 2, N_("no/yes"),                           \
	  N_("1 no, 2 yes: talk the call over with a colleague"), KB_EDIT)                    \
	X(choice_move, KEYS(UPDOWN_KEYS), 0, NULL, N_("move the cursor"), 0)

static const struct binding single_bindings[] = {SINGLE_KEYS(KEY_BINDING)};
static const struct binding multi_bindings[] = {MULTI_KEYS(KEY_BINDING)};
static const struct binding case_field_bindings[] = {CASE_FIELD_KEYS(KEY_BINDING)};
static const struct binding referrals_bindings[] = {REFERRALS_KEYS(KEY_BINDING)};
#define DATE_KEYS(X)                                                                       \
	X(date_wait, KEYS('w'), 1, N_("awaiting caller"),                                    \
	  N_("waiting for the caller instead of a date (the caller is to ring); again: not"), \
	  KB_EDIT)

static const struct binding debrief_bindings[] = {DEBRIEF_KEYS(KEY_BINDING)};
static const struct binding date_bindings[] = {DATE_KEYS(KEY_BINDING)};

const struct keymap single_keys = KEYMAP("single", N_("A field with one choice"),
					 single_bindings, NULL, NULL);
const struct keymap multi_keys = KEYMAP(
	"multi", N_("A field with several choices"), multi_bindings,
	N_("Concerns, responses, risks, continuation reasons; the first concern\n"
	   "ticked is the main one ([1])."),
	NULL);
const struct keymap case_field_keys = KEYMAP("case-field", N_("Case"), case_field_bindings,
					     NULL, NULL);
const struct keymap referrals_keys = KEYMAP("referrals", N_("Referrals"), referrals_bindings,
					    NULL, NULL);
const struct keymap debrief_keys = KEYMAP("debrief", N_("Debrief"), debrief_bindings, NULL,
					  NULL);
const struct keymap date_keys = KEYMAP(
	"date", N_("Next contact"), date_bindings,
	N_("A date YYYY-MM-DD, or +days from today (+7 is a week), not before\n"
	   "today; empty for none."),
	NULL);

static bool field_text_key(struct form *f, const struct field *fd, int key)
{
	char date[11];
	char *text;

	if (lineedit_key(&f->le, key) != LE_CHANGED)
		return false;
	text = lineedit_text(&f->le);
	if (fd->kind == FK_DATE) {
		f->le_bad = date_check(f, text, date) != NULL;
		if (!f->le_bad)
			call_set(&f->call.next_contact, date[0] ? date : NULL);
		if (!f->le_bad && date[0] && f->call.followup_state == FOLLOWUP_WAITING)
			f->call.followup_state = FOLLOWUP_OPEN; /* a date ends the wait */
	} else {
		f->le_bad = !operator_ok(text);
		if (!f->le_bad)
			call_set(&f->call.assigned_to, *text ? text : NULL);
	}
	free(text);
	return true;
}

/* A key for the focused field: its table, or its text. True when the call
 * changed. */
bool field_key(struct form *f, int key)
{
	const struct field *fd = focused(f);
	const struct binding *b;

	if (fd->keys && (b = keymap_find(fd->keys, key, false, form_hidden(f))))
		return b->run(f, key) != 0;
	if (fd->kind == FK_DATE || fd->kind == FK_ASSIGNED)
		return field_text_key(f, fd, key);
	return false;
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

/* One row per field: its jump key (Ctrl-F then the key), title and value. */
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
		int jk = field_jump_key(f->ftop + r);

		draw_text(y + r, 0, 1, on ? ">" : "", sel);
		draw_textf(y + r, 1, 2, f->jumping ? draw_attr(f->a, DS_TITLE) : sel, "%c",
			   jk ? jk : ' ');
		draw_text(y + r, 3, 17, _(fd->title), sel);
		draw_text(y + r, 20, 1, "", sel);
		buf_reset(&v);
		field_value(f, fd, &v);
		draw_text(y + r, 21, lw - 22, v.s ? v.s : "-",
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

/* Why the date typed is not taken (yet). */
static const char *date_problem(struct form *f)
{
	char *text = lineedit_text(&f->le), date[11];
	const char *why = date_check(f, text, date);

	free(text);
	return why == date_past_why ? N_("Not before today: today, a later date, or +days.")
				    : N_("Not a date yet: YYYY-MM-DD or +days.");
}

static void paint_text_field(struct form *f, const struct field *fd, int y, int x, int w)
{
	int cx;

	lineedit_draw(&f->le, y, x, w > 30 ? 30 : w, A_UNDERLINE, &cx);
	f->a->cur_y = y;
	f->a->cur_x = cx;
	if (f->le_bad)
		draw_text(y + 1, x, w, fd->kind == FK_DATE ? _(date_problem(f))
							   : _("A login name: letters, digits, . _ -"),
			  draw_attr(f->a, DS_ERROR));
	else if (fd->kind == FK_DATE && f->call.followup_state == FOLLOWUP_WAITING)
		draw_textf(y + 1, x, w, A_BOLD, "= %s", _("waiting for the caller"));
	else if (fd->kind == FK_DATE && f->call.next_contact)
		draw_textf(y + 1, x, w, A_NORMAL, "= %s", f->call.next_contact);
}

/* The keys of the focused field, under its title: from its table, or what
 * to type. */
static void field_hint(struct form *f, const struct field *fd, int w, struct buf *out)
{
	if (f->readonly) { /* nothing here is typed or chosen */
		if (f->held[0]) /* who else has it open, and since when */
			buf_printf(out, _("Read only: %s."), f->held);
		else
			buf_printf(out, _("Read only: %s took this call."), f->call.operator_name);
		return;
	}
	if (fd->kind == FK_DATE) {
		struct buf keys;

		buf_init(&keys);
		keymap_hints(fd->keys, false, form_hidden(f), w, &keys);
		buf_printf(out, "%s; %s", _("YYYY-MM-DD or +days"), keys.s ? keys.s : "");
		buf_free(&keys);
		return;
	}
	if (fd->keys) {
		keymap_hints(fd->keys, false, form_hidden(f), w, out);
		return;
	}
	switch (fd->kind) {
	case FK_NOTES: buf_puts(out, _("Type the notes. Enter: new line.")); break;
	default: buf_puts(out, _("Login name of who follows up")); break;
	}
}

static void paint_notes_help(struct form *f, int y, int x, int h, int w)
{
	static const char *const lines[] = {
		N_("Tab: the coded fields; Shift-Tab: back."),
		N_("Ctrl-E ends the call, Ctrl-S saves it."),
		N_("The line is anonymous: no names, phone"),
		N_("numbers or addresses in the notes."),
	};
	static const char *const reading[] = {
		N_("Only they or a supervisor may change it."),
		N_("Tab: the coded fields; Esc: back."),
	};
	static const char *const held[] = {
		N_("One session at a time edits a call."),
		N_("Tab: the coded fields; Esc: back."),
	};
	const char *const *l = f->held[0] ? held : f->readonly ? reading : lines;
	int n = l == lines ? 4 : 2;

	for (int r = 0; r < h && r < n; r++)
		draw_text(y + r, x, w, _(l[r]), draw_attr(f->a, DS_DIM));
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
	struct buf hint;

	/* A call on a case shows the case at its top: what came before. */
	if (f->call.case_code) {
		case_brief_draw(f->a, f->call.case_code, y, 0, COLS);
		y++;
		h--;
	}
	paint_list(f, y, h, lw);
	for (int r = 0; r < h; r++)
		draw_text(y + r, lw, 1, "|", draw_attr(f->a, DS_DIM));
	/* Title, then the keys of this field, then its content. */
	draw_text(y, x, w, _(fd->title), draw_attr(f->a, DS_TITLE));
	buf_init(&hint);
	field_hint(f, fd, w, &hint);
	draw_text(y + 1, x, w, hint.s, draw_attr(f->a, DS_DIM));
	buf_free(&hint);
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
