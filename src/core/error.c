#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "soudan/error.h"
#include "soudan/text.h"

__attribute__((format(printf, 3, 0)))
static void error_vset(struct error *err, enum status st, const char *fmt, va_list ap)
{
	err->status = st;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

enum status error_set(struct error *err, enum status st, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return st;
	err->file[0] = '\0';
	err->field[0] = '\0';
	err->line = 0;
	va_start(ap, fmt);
	error_vset(err, st, fmt, ap);
	va_end(ap);
	return st;
}

enum status error_at(struct error *err, enum status st, const char *file, long line,
		     const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return st;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	err->line = line;
	va_start(ap, fmt);
	error_vset(err, st, fmt, ap);
	va_end(ap);
	return st;
}

void error_clear(struct error *err)
{
	memset(err, 0, sizeof *err);
}

void error_format(const struct error *err, char *out, size_t size)
{
	struct buf b;

	buf_init(&b);
	if (err->file[0]) {
		text_sanitize_to(&b, err->file, strlen(err->file), 0);
		if (err->line > 0)
			buf_printf(&b, ":%ld", err->line);
		buf_puts(&b, ": ");
	}
	if (err->field[0]) {
		text_sanitize_to(&b, err->field, strlen(err->field), 0);
		buf_puts(&b, ": ");
	}
	text_sanitize_to(&b, err->msg, strlen(err->msg), 0);
	snprintf(out, size, "%s", b.s ? b.s : "");
	buf_free(&b);
}

void error_print(const char *prog, const struct error *err)
{
	char line[1024];

	error_format(err, line, sizeof line);
	fprintf(stderr, "%s: %s\n", prog, line);
}

const char *status_name(enum status st)
{
	switch (st) {
#define STATUS_CASE(name, code, text) \
	case name:                    \
		return text;
		SOUDAN_STATUSES(STATUS_CASE)
#undef STATUS_CASE
	}
	return "unknown status";
}
