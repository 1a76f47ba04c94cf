/* The call form's own rules, apart from its fields: a serious risk makes
 * the call urgent (until the operator says otherwise); a continued call
 * has its next contact, not before today, or waits for the caller; a new
 * continued call without a case is offered one before it is saved. */
#include <stdio.h>
#include <string.h>

#include "dialog.h"
#include "form.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

static bool urgency_is(const struct form *f, const char *key)
{
	const char *u = f->call.coded[CF_URGENCY];

	return u && strcmp(u, key) == 0;
}

void rules_init(struct form *f)
{
	const struct call *c = &f->call;

	f->urgency_auto = false;
	f->urgency_before[0] = '\0';
	/* A call opened with a serious risk and a lower urgency was decided
	 * so: it keeps it. */
	f->urgency_kept = call_urgency_from_risks(c, f->a->cfg) && !urgency_is(f, "urgent");
	/* A saved call keeps the date it was saved with, even once passed. */
	snprintf(f->kept_next, sizeof f->kept_next, "%s",
		 c->version > 0 && c->next_contact ? c->next_contact : "");
	f->case_declined = false;
}

void rules_risk_ticked(struct form *f, const char *key, bool added)
{
	struct call *c = &f->call;
	const struct config *cfg = f->a->cfg;

	if (f->urgency_kept)
		return;
	if (added && keyset_has(&cfg->serious_risks, key) && call_urgency_from_risks(c, cfg) &&
	    !urgency_is(f, "urgent")) {
		snprintf(f->urgency_before, sizeof f->urgency_before, "%s",
			 c->coded[CF_URGENCY] ? c->coded[CF_URGENCY] : "");
		call_set(&c->coded[CF_URGENCY], "urgent");
		f->urgency_auto = true;
		app_msg(f->a, MSG_WARN, _("A serious risk: the urgency is now %s."),
			label_of(cfg, LIST_URGENCY, "urgent"));
	} else if (!added && f->urgency_auto && !call_urgency_from_risks(c, cfg)) {
		call_set(&c->coded[CF_URGENCY], f->urgency_before[0] ? f->urgency_before : NULL);
		f->urgency_auto = false;
		if (c->coded[CF_URGENCY])
			app_msg(f->a, MSG_INFO, _("No serious risk any more: the urgency is %s again."),
				label_of(cfg, LIST_URGENCY, c->coded[CF_URGENCY]));
		else
			app_msg(f->a, MSG_INFO, "%s",
				_("No serious risk any more: the urgency is empty again."));
	}
}

void rules_urgency_chosen(struct form *f)
{
	/* Changed by hand after a risk set it: the operator's choice stands. */
	if (f->urgency_auto) {
		f->urgency_auto = false;
		f->urgency_kept = true;
	}
}

static void today_of(char out[11])
{
	date_format(date_of(time_now()), out, 11);
}

bool rules_date_ok(const struct form *f, const char *date)
{
	char today[11];

	if (!*date || (f->kept_next[0] && strcmp(date, f->kept_next) == 0))
		return true;
	today_of(today);
	return strcmp(date, today) >= 0; /* YYYY-MM-DD compares as text */
}

static void focus_next_contact(struct form *f)
{
	for (int i = 0; i < f->nfields; i++)
		if (f->fields[i].kind == FK_DATE) {
			f->focus = i;
			field_enter(f);
			return;
		}
}

/* The follow-up of a continued call: a date not before today (or the one
 * it was saved with), or waiting for the caller. */
static bool rules_followup_ok(struct form *f)
{
	char today[11];
	struct error err;

	today_of(today);
	error_clear(&err);
	if (!call_validate_followup(&f->call, today, f->kept_next[0] ? f->kept_next : NULL, &err))
		return true;
	if (!f->call.next_contact && f->call.followup_state != FOLLOWUP_WAITING)
		app_msg(f->a, MSG_ERROR, "%s",
			_("Not saved: a continued call needs a next contact, a date or w (awaiting"
			  " caller)."));
	else
		app_msg(f->a, MSG_ERROR, _("Not saved: %s."), err.msg);
	focus_next_contact(f);
	return false;
}

/* A new continued call without a case: the caller will ring again, and a
 * case is what links the calls. Open one, save without, or go back. */
static bool rules_case_offered(struct form *f)
{
	struct call *c = &f->call;
	const struct choice ch[] = {
		{'c', _("open a new case (then read its code out to the caller)")},
		{'s', _("save it without a case")}};
	struct question q = {_("This continued call has no case"),
			     _("A case links the caller's next calls to this one."), ch, 2,
			     _("back to the call"), 1};
	int k;

	if (c->case_code || c->version > 0 || f->origin == FROM_SAVED || f->case_declined ||
	    !call_is_continued(c))
		return true;
	k = dialog_ask(f->a, &q);
	if (k == 's') {
		f->case_declined = true;
		return true;
	}
	if (k == 'c' && case_new(f->a, c)) {
		form_touch(f);
		app_msg(f->a, MSG_INFO, _("New case %s: read the code out to the caller; Ctrl-S saves."),
			c->case_code);
	}
	return false;
}

bool rules_before_save(struct form *f)
{
	return rules_followup_ok(f) && rules_case_offered(f);
}
