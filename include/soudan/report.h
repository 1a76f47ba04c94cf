/* Rendering a struct stats as the printed report (text), CSV or JSON. No SQL
 * and no curses here: the figures come from stats_collect, the labels from the
 * configuration, and every stored string goes through the sanitizer. */
#ifndef SOUDAN_REPORT_H
#define SOUDAN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/config.h"
#include "soudan/stats.h"
#include "soudan/text.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* "text", "csv" or "json". */
bool report_format_parse(const char *s, enum report_format *out);

/* The printed report: at most 80 display columns a line. printed_at is the
 * time shown in the header (UTC seconds). */
void report_text(struct buf *out, const struct stats *st, const struct config *cfg,
		 int64_t printed_at);
/* section,key,label,count rows (CRLF, RFC 4180); bom: a UTF-8 byte-order mark first. */
void report_csv(struct buf *out, const struct stats *st, const struct config *cfg, bool bom);
/* One JSON object, the keys of soudan-stats(1) in its order, and a newline. */
void report_json(struct buf *out, const struct stats *st, const struct config *cfg);

/* --- shared by the three renderers (report.c) --- */

/* The code-list objects of the JSON in interface order: name ("by_caller"),
 * list, and whether it is the main concern only. */
struct report_list {
	const char *name;
	enum list_id list;
	bool primary;
};
extern const struct report_list report_lists[];
extern const int report_nlists;
const struct stat_counts *report_list_counts(const struct stats *st, const struct report_list *rl);

/* Every code of l in configuration order (zeros included), then the keys in c
 * that the configuration no longer lists (label: a retired key's, else the key). */
typedef void (*report_code_fn)(const char *key, const char *label, long n, void *ctx);
void report_each_code(const struct codelist *l, const struct stat_counts *c, report_code_fn fn,
		      void *ctx);

/* A JSON/CSV number: an integer value as "780.0", otherwise the shortest
 * decimal that reads back as the same double. */
void report_number(struct buf *b, double v);
/* A date as YYYY-MM-DD. */
void report_date(struct buf *b, struct date d);

#endif
