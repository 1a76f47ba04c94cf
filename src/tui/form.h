/* The call form: the open call, its notes editor and its coded fields.
 * form.c runs the screen (keys, timer, drafts, saving); fields.c owns the
 * coded fields (their list, choices and drawing). Private to src/tui. */
#ifndef SOUDAN_TUI_FORM_H
#define SOUDAN_TUI_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "editor.h"
#include "lineedit.h"
#include "screens.h"
#include "soudan/call.h"

enum field_kind {
	FK_NOTES,     /* the editor */
	FK_SINGLE,    /* one code of a list */
	FK_MULTI,     /* checkboxes, order kept */
	FK_CASE,      /* link or open a case */
	FK_REFERRALS, /* resources from the directory */
	FK_DATE,      /* next contact */
	FK_ASSIGNED,  /* the operator who owns the follow-up */
	FK_DEBRIEF,   /* yes / no */
};

struct field {
	enum field_kind kind;
	int index;         /* enum call_coded or call_multi */
	enum list_id list;
	const char *title; /* untranslated; shown through _() */
	const struct keymap *keys; /* its own keys; NULL for the text fields */
};

#define FORM_FIELDS_MAX 24

struct form {
	struct app *a;
	struct call call;
	enum form_origin origin;
	struct editor notes;
	struct field fields[FORM_FIELDS_MAX];
	int nfields;
	int focus;          /* index into fields; 0 is the notes */
	int ftop;           /* first field row shown */
	int choice;         /* cursor in the focused field's choices */
	int ctop;           /* first choice row shown */
	struct lineedit le; /* the focused date or operator field */
	bool le_bad;        /* its text is not acceptable yet */
	bool dirty;         /* changed since the draft was last written */
	bool changed;       /* not saved: Esc asks before leaving */
	int64_t last_put;   /* app_ms() of the last draft write */
	int64_t draft_at;   /* time_now() of the last draft write, 0 none */
	int64_t touched_ms; /* app_ms() of the last change */
	size_t notes_shown, notes_bytes_shown; /* the notes' length as the title shows it */
	const char *warn;   /* call_notes_identifying() of the notes */
	char *notes_at_open; /* the notes as the call was opened */
	bool readonly;      /* another operator's call, and I am no supervisor; or
			     * another session edits it (held) */
	bool jumping;       /* Ctrl-F: the next key names a field */
	bool advance;       /* a value was picked: the next field takes the focus */
	char draft_id[ID_LEN + 1]; /* where this session's text goes */
	bool leased;        /* this session holds the call (store_lease_take) */
	char held[512];     /* who else edits it, when read only for that */
	enum form_end end;
	bool done;
	/* rules.c: what the form did by itself, and what it asked. */
	bool urgency_auto;       /* a serious risk set the urgency */
	bool urgency_kept;       /* the operator changed it since: risks leave it */
	char urgency_before[32]; /* the urgency before a risk set it ("" none) */
	char kept_next[11];      /* the next contact the saved call has ("" none) */
	bool case_declined;      /* saving without a case was chosen */
	/* The duty room: the call's help request as last read or raised (the
	 * form reads it every few seconds until a supervisor saw it), the
	 * raise still in the writer thread, and whether a debrief was proposed. */
	struct help_state help;
	int64_t help_read;  /* app_ms() of the last read */
	long help_ticket;
	bool debrief_asked;
};

/* form.c: bindings (enum binding_flags) not offered now (KB_EDIT when read only). */
unsigned form_hidden(const struct form *f);

/* fields.c */
void fields_build(struct form *f);
/* The key of field i for Ctrl-F, and the field of a key (-1: none). */
int field_jump_key(int i);
int field_of_jump_key(const struct form *f, int key);
bool field_is_text(const struct field *fd); /* typing goes into it */
void field_enter(struct form *f);           /* focus arrived: load its editor */
bool field_leave(struct form *f);           /* false: stay (bad date) */
/* A key for the focused coded field; true when the call changed. */
bool field_key(struct form *f, int key);
/* The field list (left) and the focused field's choices (right). */
void fields_paint(struct form *f, int y, int h, int lw);
/* The call's value of a field, as one line for lists. */
void field_value(struct form *f, const struct field *fd, struct buf *out);
/* Mark the call changed (draft within a second). */
void form_touch(struct form *f);

/* rules.c: the form's own rules. A serious risk ticked makes the call
 * urgent, unless the operator changed the urgency back; a continued call
 * has a next contact not before today (a saved call keeps its own) or waits
 * for the caller; a new continued call without a case is offered one. */
void rules_init(struct form *f);
/* key was ticked (added) or unticked on the risks. */
void rules_risk_ticked(struct form *f, const char *key, bool added);
/* The operator changed the urgency. */
void rules_urgency_chosen(struct form *f);
/* Whether a date typed in the next-contact field may stand: not before
 * today, unless it is the saved call's own. */
bool rules_date_ok(const struct form *f, const char *date);
/* Called by form_save before anything else: false when the call is not to
 * be saved now (a question was answered so, or a date must be corrected;
 * the status line says why). */
bool rules_before_save(struct form *f);
/* formhelp.c: the help request and the note templates of a call. */
void form_help_open(struct form *f);  /* the request as it stands */
void form_help_tick(struct form *f);  /* read it again while it is open */
bool form_help_result(struct form *f, const struct job_result *r);
/* Its state at the right of row y, ending before column right: the columns used. */
int form_help_paint(struct form *f, int y, int right);
int form_help_key(void *ctx, int key);
int form_template_key(void *ctx, int key);

#endif
