/* Rendering a struct stats as the printed report (text), CSV or JSON. No SQL
 * and no curses here: the figures come from stats_collect, the labels from the
 * configuration, and every stored string goes through the sanitizer. */
#ifndef SOUDAN_REPORT_H
#define SOUDAN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "soudan/config.h"
#include "soudan/duty.h"
#include "soudan/stats.h"
#include "soudan/text.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/* "text", "csv" or "json". */
bool report_format_parse(const char *s, enum report_format *out);

struct report_options {
	bool bom;           /* CSV: a UTF-8 byte-order mark first */
	bool wide;          /* CSV: the series as columns, then the total */
	bool all_urgent;    /* text: every urgent call, even in a year (else counts per month) */
	int64_t printed_at; /* text: the time in the header (UTC seconds) */
	/* text and JSON: the period's shift log (申し送り) after the figures,
	 * oldest first; NULL: not asked for (soudan-stats --shift-log) */
	const struct shift_log *shift_log;
};

/* The printed report: pages of [statistics] page_lines lines, each with its
 * header, separated by form feeds; at most 80 display columns a line. */
void report_text(struct buf *out, const struct stats *st, const struct config *cfg,
		 const struct report_options *o);
/* section,key,label,count rows (CRLF, RFC 4180), the whole period's figures;
 * wide: section,key,label, a column per element of the series, total. */
void report_csv(struct buf *out, const struct stats *st, const struct config *cfg,
		const struct report_options *o);
/* One JSON object, the keys of soudan-stats(1) in its order, and a newline
 * (o may be NULL: no shift log). */
void report_json(struct buf *out, const struct stats *st, const struct config *cfg,
		 const struct report_options *o);

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
/* The same for the keys of a table of pairs (a: first, else b), counts ignored. */
void report_each_pair_key(const struct codelist *l, const struct stat_pairs *p, bool first,
			  report_code_fn fn, void *ctx);
/* The same for the call types of the durations. */
void report_each_duration(const struct codelist *l, const struct stats *st,
			  void (*fn)(const char *key, const char *label,
				     const struct stats_duration *d, void *ctx),
			  void *ctx);

/* Every figure of a period in the order of the JSON, as a tree: CSV and JSON
 * are both written from this walk, so that they carry the same figures. */
struct report_walk {
	/* An object: name is its JSON key; label its row label prefix (or NULL). */
	void (*open)(void *ctx, const char *name, const char *label);
	void (*close)(void *ctx);
	void (*count)(void *ctx, const char *key, const char *label, long n);
	void (*number)(void *ctx, const char *key, const char *label, double v);
	void (*text)(void *ctx, const char *key, const char *label, const char *v); /* NULL: null */
	void (*urgent)(void *ctx, const struct stats *st);
	void *ctx;
};
void report_walk(const struct stats *st, const struct config *cfg, const struct report_walk *w);

/* A JSON/CSV number: an integer value as "780.0", otherwise the shortest
 * decimal that reads back as the same double. */
void report_number(struct buf *b, double v);
/* A date as YYYY-MM-DD. */
void report_date(struct buf *b, struct date d);
/* The column name of an element of a series: "2026-11-01", "2026-04", or
 * "2026-04-10/2026-04-30" for a month that a range cuts (ISO 8601). */
void report_element_key(struct buf *b, const struct stats *e);

#endif
