/* Bounded line reading for configuration files and imports. */
#include "soudan/lineio.h"

enum line_result line_read(FILE *in, struct buf *out, size_t max)
{
	int ch;

	buf_reset(out);
	buf_add(out, "", 0); /* an empty line is "", not NULL */
	while ((ch = getc(in)) != EOF && ch != '\n') {
		if (out->len >= max)
			return LINE_TOO_LONG;
		buf_putc(out, (char)ch);
	}
	if (ch == EOF && ferror(in))
		return LINE_ERROR;
	if (ch == EOF && out->len == 0)
		return LINE_EOF;
	if (out->len && out->s[out->len - 1] == '\r')
		out->s[--out->len] = '\0';
	return LINE_OK;
}
