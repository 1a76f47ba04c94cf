/* Help pages: the keys of each screen (the same as soudan(1)). ASCII and
 * kana/kanji only: no symbols of ambiguous width. */
#include "dialog.h"
#include "screens.h"
#include "soudan/i18n.h"

static const char *help_text(enum help_topic t)
{
	switch (t) {
	case HELP_HOME:
		return N_("n          start a new call: the timer starts, type the notes at once\n"
			  "Enter      open the selected call, or resume the selected draft\n"
			  "Up/Down    select (also k/j, PageUp/PageDown, Home/End)\n"
			  "Left/Right the calls of the day before / after; t: today\n"
			  "f          follow-ups: close, reschedule or hand over continuations\n"
			  "d          the referral directory\n"
			  "h          history of changes to the selected saved call\n"
			  "x          discard the selected draft\n"
			  "r, Ctrl-L  reload and redraw\n"
			  "F1, ?      this help\n"
			  "q, Ctrl-C  quit (open calls are kept as drafts)\n"
			  "\n"
			  "Drafts are written every second while a call is open. If the\n"
			  "connection drops, the call is waiting here the next time.");
	case HELP_CALL:
		return N_("Tab, Shift-Tab  next / previous field (the notes are the first)\n"
			  "Ctrl-E, F3     end the call: the timer stops, the form stays\n"
			  "Ctrl-S, F2     save the call (ending it first) and go home\n"
			  "Esc            back: keep the call as a draft, or discard it\n"
			  "F1             this help (also ? outside the notes and text fields)\n"
			  "\n"
			  "Notes: arrows move by character and line, Home/End to the ends\n"
			  "of the line, PageUp/PageDown, Backspace/Delete. Pasting works.\n"
			  "Choices: 1-9 then a-z pick a choice; Up/Down and Space also do.\n"
			  "Delete clears a choice; a tick is taken off by its key again.\n"
			  "Concerns: the first ticked is the main one ([1]); * makes the\n"
			  "one under the cursor the main one.\n"
			  "Case: Enter finds a case by code or nickname, or opens a new one.\n"
			  "Referrals: Enter adds one from the directory, d removes,\n"
			  "c switches consent.\n"
			  "Next contact: YYYY-MM-DD, or +7 for a week from today.");
	case HELP_CASE:
		return N_("Type a case code (K7Q2-9MXD, case and hyphen do not matter) or\n"
			  "part of a nickname. Up/Down select, the earlier calls show below.\n"
			  "Enter       link the selected case to this call\n"
			  "Ctrl-N      open a new case (with an optional nickname) and link it\n"
			  "Esc         back without changing anything");
	case HELP_REFERRAL:
		return N_("Type part of the name, area or description of a resource: the\n"
			  "list narrows with each character. Up/Down select; the details of\n"
			  "the selected one (phone, hours, area, URL) show below the list.\n"
			  "Enter       add it: you are asked whether the caller consents to\n"
			  "            information being passed on, and for a short note\n"
			  "Ctrl-F, F4  only one category (0: all)\n"
			  "Ctrl-T      show inactive entries too\n"
			  "Esc         back without adding anything");
	case HELP_DIRECTORY:
		return N_("The referral directory. Type part of the name, area or description\n"
			  "of a resource: the list narrows with each character. Up/Down select;\n"
			  "the details of the selected one show below the list.\n"
			  "Ctrl-F, F4  only one category (0: all)\n"
			  "Ctrl-T      show inactive entries too\n"
			  "Supervisors (see soudan.ini(5), [roles]) also:\n"
			  "Enter       edit the selected entry, field by field (Enter keeps)\n"
			  "Ctrl-N      add a new entry\n"
			  "Ctrl-X      deactivate the selected entry, or make it active again\n"
			  "Every change is kept in the audit trail.\n"
			  "Esc         back home");
	case HELP_FOLLOWUPS:
		return N_("Open continuations by next-contact date, mine first.\n"
			  "Enter  open the call\n"
			  "c      close the follow-up\n"
			  "r      reschedule (a new date, or +days)\n"
			  "a      assign to another operator (handover)\n"
			  "m      only mine / everyone's\n"
			  "Esc    back");
	case HELP_HISTORY:
		return N_("Every change to the call, oldest first: when, who, what changed.\n"
			  "Up/Down scroll, Esc back.");
	}
	return "";
}

void help_show(struct app *a, enum help_topic topic)
{
	dialog_page(a, _("Help"), _(help_text(topic)));
}
