/* Reading text a line at a time with a bound, whatever the input: a file of
 * one endless line (/dev/zero, /dev/full) costs at most the bound. */
#ifndef SOUDAN_LINEIO_H
#define SOUDAN_LINEIO_H

#include <stddef.h>
#include <stdio.h>

#include "soudan/text.h"

enum line_result {
	LINE_OK,       /* a line in out (without its newline, nor a CR before it) */
	LINE_EOF,      /* nothing more */
	LINE_TOO_LONG, /* more than max bytes before a newline: reading stopped there */
	LINE_ERROR,    /* a read error (errno) */
};

/* The next line into out (reset first; out->len excludes the NUL, and the
 * line may hold NUL bytes: compare strlen with out->len). */
enum line_result line_read(FILE *in, struct buf *out, size_t max);

#endif
