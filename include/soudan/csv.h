/* An RFC 4180 CSV reader for files people edit in spreadsheets: UTF-8 with or
 * without a byte-order mark, CRLF or LF, quoted fields with commas, doubled
 * quotes and line breaks. The writer side is buf_csv_field in text.h. */
#ifndef SOUDAN_CSV_H
#define SOUDAN_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "soudan/error.h"

#define CSV_FIELD_MAX (64 * 1024)   /* bytes in one field */
#define CSV_RECORD_MAX (1024 * 1024) /* bytes in one record, all fields */
#define CSV_FIELDS_MAX 256          /* fields in one record */

struct csv_reader;

/* Read from f (not closed by csv_close). Never NULL (aborts on out of memory). */
struct csv_reader *csv_open(FILE *f);
/* The file name that errors carry (err->file); not copied, keep it alive. */
void csv_set_name(struct csv_reader *r, const char *name);
void csv_close(struct csv_reader *r);

/* The next record: *fields[0..*nfields) are NUL-terminated UTF-8, valid until
 * the next call; *line is the physical line (from 1) where the record starts.
 * At the end of input ST_OK with *nfields 0 and *fields NULL. Blank lines are
 * skipped. A CR LF inside a quoted field is read as LF.
 * ST_DATAERR with err->line for a bare quote in an unquoted field, text after a
 * closing quote, an unterminated quoted field (the line where it started), a
 * NUL byte, invalid UTF-8 (the line of the bad byte) or a field or record over
 * the limits; ST_IOERR on a read error. */
enum status csv_next(struct csv_reader *r, char ***fields, size_t *nfields, long *line,
		     struct error *err);
/* The 0-based column of the field the last error was about, or -1. */
int csv_error_column(const struct csv_reader *r);

#endif
