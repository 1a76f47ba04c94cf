/* One error type, carried up to the one place that reports it. */
#ifndef SOUDAN_ERROR_H
#define SOUDAN_ERROR_H

#include <stddef.h>

/* Status codes and their <sysexits.h> exit values (soudan(1), EXIT STATUS). */
#define SOUDAN_STATUSES(X)              \
	X(ST_OK, 0, "ok")                   \
	X(ST_USAGE, 64, "usage")            \
	X(ST_DATAERR, 65, "bad input data") \
	X(ST_NOINPUT, 66, "input missing")  \
	X(ST_UNAVAILABLE, 69, "unavailable") \
	X(ST_SOFTWARE, 70, "internal error") \
	X(ST_CANTCREAT, 73, "cannot create") \
	X(ST_IOERR, 74, "I/O error")        \
	X(ST_TEMPFAIL, 75, "busy, try again") \
	X(ST_NOPERM, 77, "permission denied") \
	X(ST_CONFIG, 78, "configuration error") \
	/* Never an exit status: someone else edits or saved the same call. */ \
	X(ST_CONFLICT, 79, "changed meanwhile")

enum status {
#define STATUS_ENUM(name, code, text) name = code,
	SOUDAN_STATUSES(STATUS_ENUM)
#undef STATUS_ENUM
};

struct error {
	enum status status;
	char file[256]; /* "" when no file applies */
	long line;      /* 0 when no line applies */
	char field[64]; /* "" when no field applies */
	char msg[512];
};

/* Record a message; returns st so callers can `return error_set(...)`. */
enum status error_set(struct error *err, enum status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with the input file, line and field the message is about. */
enum status error_at(struct error *err, enum status st, const char *file, long line,
		     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void error_clear(struct error *err);
/* "FILE:LINE: field: message" (the parts that exist), sanitized, into out. */
void error_format(const struct error *err, char *out, size_t size);
/* Print "prog: FILE:LINE: field: message" to stderr. */
void error_print(const char *prog, const struct error *err);
const char *status_name(enum status st);

#endif
