/* The screens, one module each, and their key tables. A screen opens the
 * screens above it (home a call, a call its pickers) and never one below.
 * Private to src/tui. */
#ifndef SOUDAN_TUI_SCREENS_H
#define SOUDAN_TUI_SCREENS_H

#include <stdbool.h>

#include "app.h"
#include "keys.h"
#include "soudan/call.h"
#include "soudan/label.h"

/* home.c: today's calls, drafts, follow-ups; until q or a signal. */
void home_run(struct app *a);
extern const struct keymap home_keys;

/* form.c: the call screen. c is moved in and left empty (call_init'ed):
 * the caller frees it as usual. */
enum form_end {
	FORM_SAVED,     /* saved, draft removed */
	FORM_KEPT,      /* left as a draft */
	FORM_DISCARDED, /* draft removed, nothing saved */
	FORM_CLOSED,    /* a saved call looked at, nothing changed */
	FORM_HALTED,    /* a signal: the draft is written, unwind */
};
enum form_origin {
	FROM_NEW,   /* n on home */
	FROM_DRAFT, /* resumed from a draft */
	FROM_SAVED, /* a saved call opened for editing */
};
enum form_end form_run(struct app *a, struct call *c, enum form_origin origin);
/* The same for a draft of the call kept under its own id (a conflict). */
enum form_end form_run_draft(struct app *a, struct call *c, enum form_origin origin,
			     const char *draft_id, bool merged);
/* A fresh call: new id, site, operator, start time now, default codes. */
void form_new_call(struct app *a, struct call *c);
extern const struct keymap call_keys;
/* fields.c: the keys of each kind of field. */
extern const struct keymap single_keys, multi_keys, case_field_keys, referrals_keys,
	debrief_keys, date_keys;

/* case.c: find and link a case, or open a new one. True when c changed.
 * The selected case shows its summary and handover note (申し送り), which
 * may be edited there, and opens its earlier calls. */
bool case_pick(struct app *a, struct call *c);
/* The same screen to read a case (code) without a call to link it to. */
void case_show(struct app *a, const char *code);
/* Open a new case, asking for an optional nickname, and link c to it
 * (c->case_code is its code): false when cancelled or refused (said). */
bool case_new(struct app *a, struct call *c);
/* One line about the case for the top of a call: calls so far, the last
 * outcome, the highest urgency ever (standing out), the handover note's
 * start. Read again after case_brief_forget, for another case, or after
 * half a minute. */
void case_brief_draw(struct app *a, const char *code, int y, int x, int w);
void case_brief_forget(void);
extern const struct keymap case_keys;

/* caseread.c: a case's earlier calls, each opened read only; notes show
 * only once the reading is in the audit trail. */
void case_calls_run(struct app *a, const char *code);
/* Where the follow-up of a case's call stands, for a column (buf may hold it). */
const char *case_row_followup(struct app *a, const struct call_row *r, char *buf, size_t size);
/* A case's call on one line: its follow-up first, then type, concern, outcome. */
void case_row_coded(struct app *a, const struct call_row *r, struct buf *out);
extern const struct keymap case_calls_keys;

/* referral.c: add a referral from the directory; the name of a resource for
 * lists (a small cache; "" when unknown). */
bool referral_pick(struct app *a, struct call *c);
const char *referral_name(struct app *a, const char *resource_id);
/* The directory screen from home: search and read; supervisors also add,
 * edit and deactivate entries. */
void directory_run(struct app *a);
extern const struct keymap referral_keys, directory_keys;

/* followups.c: open continuations; close, reschedule, reassign. */
void followups_run(struct app *a);
extern const struct keymap followups_keys;

/* history.c: a saved call's audit entries. */
void history_show(struct app *a, const char *call_id);
extern const struct keymap history_keys;

/* conflict.c: a draft against the call as saved meanwhile, side by side.
 * CONFLICT_MERGED: out is the saved call with what the operator took of the
 * draft (to open as an edit of it); CONFLICT_NEW: out is the draft, to be a
 * call of its own; CONFLICT_BACK: nothing (out untouched). */
enum conflict_end { CONFLICT_BACK, CONFLICT_MERGED, CONFLICT_NEW };
enum conflict_end conflict_run(struct app *a, const struct call *mine, const struct call *saved,
			       struct call *out);
extern const struct keymap conflict_keys;

/* duty.c: the duty room. Before a save: propose a debrief (propose: a new
 * call, the rule of call_debrief_proposed, asked once: *asked) or ask the
 * reason of one flagged without; false: back to the call. */
bool duty_debrief_ask(struct app *a, struct call *c, bool propose, bool *asked);
/* A note template's text chosen from [templates], or NULL. */
const char *template_pick(struct app *a);
/* The debrief queue (supervisors) and the shift log, from home. */
void debriefs_run(struct app *a);
void shiftlog_run(struct app *a);
extern const struct keymap debriefs_keys, shiftlog_keys;

/* help.c: the help page of the screen on top (app.help). */
void help_show(struct app *a);

/* dialog.c: the keys of a text box (besides text_keys). */
extern const struct keymap input_keys;

#endif
