/* RFC 4180 CSV, read one character at a time: a quoted field may span lines,
 * so a line reader cannot find record boundaries. Every field is kept in one
 * buffer per record, NUL-separated, so a record costs no allocation once the
 * buffers have grown to the longest record. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/csv.h"
#include "soudan/i18n.h"
#include "soudan/text.h"

struct csv_reader {
	FILE *f;
	const char *name;
	long line;       /* physical line of the next character, from 1 */
	bool bom_done;   /* the byte-order mark check has been made */
	int push[3];     /* characters read ahead and given back (a stack) */
	int npush;
	char *data;      /* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t *starts;  /* offset of each field in data */
	long *lines;     /* line where each field starts */
	char **ptrs;     /* what csv_next hands out */
	size_t nfields, fcap;
	int err_col;
};

struct csv_reader *csv_open(FILE *f)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);

	r->f = f;
	r->name = "";
	r->line = 1;
	r->err_col = -1;
	return r;
}

void csv_set_name(struct csv_reader *r, const char *name)
{
	r->name = name ? name : "";
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->data);
	free(r->starts);
	free(r->lines);
	free(r->ptrs);
	free(r);
}

int csv_error_column(const struct csv_reader *r)
{
	return r->err_col;
}

static int csv_getc(struct csv_reader *r)
{
	if (r->npush)
		return r->push[--r->npush];
	return getc_unlocked(r->f);
}

static void csv_ungetc(struct csv_reader *r, int c)
{
	if (c != EOF)
		r->push[r->npush++] = c;
}

/* Excel on Japanese Windows writes one; it is not part of the first field. */
static void csv_skip_bom(struct csv_reader *r)
{
	int c1 = csv_getc(r), c2, c3;

	r->bom_done = true;
	if (c1 != 0xEF) {
		csv_ungetc(r, c1);
		return;
	}
	c2 = csv_getc(r);
	if (c2 == 0xBB) {
		c3 = csv_getc(r);
		if (c3 == 0xBF)
			return;
		csv_ungetc(r, c3);
	}
	/* Not a mark: some other character that starts with EF. */
	csv_ungetc(r, c2);
	csv_ungetc(r, c1);
}

static enum status csv_fail(struct csv_reader *r, long line, struct error *err, const char *msg)
{
	r->err_col = r->nfields ? (int)r->nfields - 1 : -1;
	return error_at(err, ST_DATAERR, r->name, line, NULL, "%s", msg);
}

static enum status csv_put(struct csv_reader *r, int c, struct error *err)
{
	if (c == 0)
		return csv_fail(r, r->line, err, _("a NUL byte is not text"));
	if (r->len - r->starts[r->nfields - 1] >= CSV_FIELD_MAX) {
		r->err_col = (int)r->nfields - 1;
		return error_at(err, ST_DATAERR, r->name, r->lines[r->nfields - 1], NULL,
				_("a field is longer than %d bytes"), CSV_FIELD_MAX);
	}
	if (r->len + 1 >= CSV_RECORD_MAX)
		return error_at(err, ST_DATAERR, r->name, r->lines[0], NULL,
				_("a record is longer than %d bytes"), CSV_RECORD_MAX);
	if (r->len + 2 > r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->data = xrealloc(r->data, r->cap);
	}
	r->data[r->len++] = (char)c;
	return ST_OK;
}

static enum status csv_field_begin(struct csv_reader *r, struct error *err)
{
	if (r->nfields == CSV_FIELDS_MAX)
		return error_at(err, ST_DATAERR, r->name, r->lines[0], NULL,
				_("a record has more than %d fields"), CSV_FIELDS_MAX);
	if (r->nfields == r->fcap) {
		r->fcap = r->fcap ? 2 * r->fcap : 16;
		r->starts = xrealloc(r->starts, r->fcap * sizeof *r->starts);
		r->lines = xrealloc(r->lines, r->fcap * sizeof *r->lines);
		r->ptrs = xrealloc(r->ptrs, r->fcap * sizeof *r->ptrs);
	}
	r->starts[r->nfields] = r->len;
	r->lines[r->nfields] = r->line;
	r->nfields++;
	return ST_OK;
}

/* Terminate the field and check its UTF-8, naming the line of the bad byte. */
static enum status csv_field_end(struct csv_reader *r, struct error *err)
{
	size_t start = r->starts[r->nfields - 1], bad;
	long line = r->lines[r->nfields - 1];

	if (r->len + 1 > r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->data = xrealloc(r->data, r->cap);
	}
	r->data[r->len++] = '\0';
	if (utf8_valid(r->data + start, r->len - 1 - start, &bad))
		return ST_OK;
	for (size_t i = start; i < start + bad; i++)
		line += r->data[i] == '\n';
	return csv_fail(r, line, err, _("invalid UTF-8 (save the file as UTF-8)"));
}

/* After CR: a line break when LF or the end follows; otherwise text. Sets *c
 * to '\n' or EOF for a break, returns false for a lone CR. */
static bool csv_crlf(struct csv_reader *r, int *c)
{
	int d = csv_getc(r);

	if (d == '\n' || d == EOF) {
		r->line += d == '\n';
		*c = d == '\n' ? '\n' : EOF;
		return true;
	}
	csv_ungetc(r, d);
	return false;
}

/* True when *c separates fields or records: a comma, a line break (LF or
 * CRLF, counted) or the end of the input. */
static bool csv_is_separator(struct csv_reader *r, int *c)
{
	if (*c == ',' || *c == EOF)
		return true;
	if (*c == '\n') {
		r->line++;
		return true;
	}
	return *c == '\r' && csv_crlf(r, c);
}

/* An unquoted field from c on; *c ends as ',', '\n' or EOF. */
static enum status csv_plain(struct csv_reader *r, int *c, struct error *err)
{
	enum status st;

	for (;; *c = csv_getc(r)) {
		if (csv_is_separator(r, c))
			return ST_OK;
		if (*c == '"')
			return csv_fail(r, r->line, err,
					_("a quote inside an unquoted field (quote the whole field "
					  "and double the quote)"));
		if ((st = csv_put(r, *c, err)))
			return st;
	}
}

/* What may follow a closing quote: a separator, a line break or the end. */
static enum status csv_after_quote(struct csv_reader *r, int *c, struct error *err)
{
	if (csv_is_separator(r, c))
		return ST_OK;
	return csv_fail(r, r->line, err, _("text after the closing quote of a field"));
}

/* A quoted field, the opening quote already read; *c ends as in csv_plain. */
static enum status csv_quoted(struct csv_reader *r, int *c, struct error *err)
{
	long started = r->line;
	enum status st;

	for (;;) {
		*c = csv_getc(r);
		if (*c == EOF) {
			r->err_col = (int)r->nfields - 1;
			return error_at(err, ST_DATAERR, r->name, started, NULL,
					_("the quoted field that starts here is never closed"));
		}
		if (*c == '"') {
			*c = csv_getc(r);
			if (*c != '"')
				return csv_after_quote(r, c, err);
		} else if (*c == '\r') {
			int d = csv_getc(r);

			if (d == '\n')
				*c = '\n'; /* one line break, as LF */
			else
				csv_ungetc(r, d);
		}
		if (*c == '\n')
			r->line++;
		if ((st = csv_put(r, *c, err)))
			return st;
	}
}

static enum status csv_record(struct csv_reader *r, int c, struct error *err)
{
	enum status st;

	for (;;) {
		if ((st = csv_field_begin(r, err)))
			return st;
		st = c == '"' ? csv_quoted(r, &c, err) : csv_plain(r, &c, err);
		if (st || (st = csv_field_end(r, err)))
			return st;
		if (c != ',')
			return ST_OK;
		c = csv_getc(r);
	}
}

/* The first character of the next record, past blank lines, or EOF. */
static int csv_skip_blank(struct csv_reader *r)
{
	for (;;) {
		int c = csv_getc(r);

		if (c == '\n') {
			r->line++;
			continue;
		}
		if (c == '\r') {
			int d = csv_getc(r);

			if (d == '\n' || d == EOF) {
				r->line += d == '\n';
				continue;
			}
			csv_ungetc(r, d);
		}
		return c;
	}
}

enum status csv_next(struct csv_reader *r, char ***fields, size_t *nfields, long *line,
		     struct error *err)
{
	enum status st;
	int c;

	*fields = NULL;
	*nfields = 0;
	*line = 0;
	r->err_col = -1;
	r->len = r->nfields = 0;
	if (!r->bom_done)
		csv_skip_bom(r);
	if ((c = csv_skip_blank(r)) == EOF) {
		if (ferror(r->f))
			return error_at(err, ST_IOERR, r->name, r->line, NULL, _("cannot read"));
		return ST_OK;
	}
	*line = r->line;
	if ((st = csv_record(r, c, err)))
		return st;
	if (ferror(r->f))
		return error_at(err, ST_IOERR, r->name, r->line, NULL, _("cannot read"));
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->data + r->starts[i];
	*fields = r->ptrs;
	*nfields = r->nfields;
	return ST_OK;
}
