/* Short calls from home in two keys: a silent, hang-up, prank or
 * wrong-number call has no notes to take, so s and the type record it. A
 * saved call is never deleted (it is audited), so the call waits as a draft
 * for QUICK_UNDO_MS, in which u takes it back, and is saved then (or at
 * once when home closes or a signal arrives). Private to src/tui. */
#ifndef SOUDAN_TUI_QUICK_H
#define SOUDAN_TUI_QUICK_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "soudan/call.h"
#include "soudan/id.h"

#define QUICK_UNDO_MS 10000

struct quick {
	bool pending;          /* a short call waits for its save */
	struct call call;      /* it (its draft is queued too) */
	char type[32];         /* its call type */
	int64_t due;           /* app_ms() when it is saved */
	char saving[ID_LEN + 1]; /* the last one handed to the writer thread */
};

/* Ask for the type (the call types that are not consultations) and record
 * it: true when a call now waits. A call already waiting is saved first. */
bool quick_start(struct app *a, struct quick *q);
/* Save the waiting call when its time has come, or now; say so when say
 * (home is on screen). */
void quick_settle(struct app *a, struct quick *q, bool now, bool say);
/* The writer thread saved a short call: say so (true) when it is ours. */
bool quick_saved(struct app *a, const struct quick *q, const struct job_result *r);
/* Take the waiting call back: its draft goes, nothing is recorded. */
bool quick_undo(struct app *a, struct quick *q);
/* The status line while a call waits: what it is and how long u undoes. */
void quick_say(struct app *a, const struct quick *q);

#endif
