/* The referral directory (関係機関): storage, search, CSV import/export. */
#ifndef SOUDAN_RESOURCES_H
#define SOUDAN_RESOURCES_H

#include <stdbool.h>
#include <stdio.h>

#include "soudan/config.h"
#include "soudan/error.h"
#include "soudan/store.h"
#include "soudan/text.h"

/* Columns of the CSV (soudan(1)), a subset of Open Referral HSDS. */
struct resource {
	char *id, *name, *category, *phone, *hours, *area, *url, *description;
	bool active;
};

void resource_init(struct resource *r);
void resource_free(struct resource *r);
/* Category known to the configuration, id like [A-Za-z0-9_.-]{1,64}, name
 * present, all text valid UTF-8 within limits. err->field names the column.
 * With cfg NULL any category key of the right form passes (for callers that
 * have checked it against the configuration themselves). No control
 * characters: none at all in one-line columns, newline and tab only in hours
 * and description. */
enum status resource_validate(const struct resource *r, const struct config *cfg,
			      struct error *err);
/* Append r as one JSON object with the CSV column names, "active" as a boolean
 * (the JSON Lines export and the audit trail). */
void resource_to_json(const struct resource *r, struct buf *b);

/* Search as the operator types: FTS5 trigram for queries of three characters
 * or more, a substring scan (instr, no wildcards) below that; category NULL for
 * all; inactive ones only when include_inactive. At most limit results (0: no
 * limit), best first (bm25, name matches weighing most); an empty query lists
 * all by category and name. Words separated by spaces (also U+3000) must all
 * occur. The query is always text, never FTS syntax. fn returns non-zero to
 * stop; r is valid during the call only. */
typedef int (*resource_fn)(const struct resource *r, void *ctx);
enum status resources_search(struct store *s, const char *query, const char *category,
			     bool include_inactive, int limit, resource_fn fn, void *ctx,
			     struct error *err);
/* The same, with an empty query or words of one or two characters only
 * listing the categories in order's order (the configuration's list; NULL:
 * by key), those it does not list last. A character in no entry reads the
 * directory once, straight through. */
enum status resources_search_ordered(struct store *s, const char *query, const char *category,
				     bool include_inactive, const struct codelist *order,
				     int limit, resource_fn fn, void *ctx, struct error *err);
enum status resources_get(struct store *s, const char *id, struct resource *out,
			  struct error *err);
/* Insert or update by id (inside a transaction the caller holds). */
enum status resources_put(struct store *s, const struct resource *r, struct error *err);
/* Rebuild the search index from the table (after a VACUUM, which may renumber
 * the rowids it is keyed on, or a restore). */
enum status resources_reindex(struct store *s, struct error *err);
/* Supervisor actions from the directory screen: put/deactivate, each in its own
 * transaction with an audit entry (before and after as JSON). ST_NOPERM unless
 * is_supervisor. Save validates without the configuration: check the category
 * with resource_validate(r, cfg, ...) first. Deactivating an inactive resource
 * changes nothing and is not audited; nothing ever deletes one (calls refer to
 * them). */
enum status resources_save(struct store *s, const struct resource *r, bool is_supervisor,
			   struct error *err);
enum status resources_deactivate(struct store *s, const char *id, bool is_supervisor,
				 struct error *err);

/* CSV import: one transaction, FILE:LINE (and err->field) on the first bad row,
 * nothing kept then. Rows are inserted or updated by id; a resource the file
 * does not list is left as it is (a supervisor may load a partial list), so
 * taking one out of service means active 0, never leaving it out. active is
 * 1/0/true/false/yes/no (any case), empty meaning 1. A leading ' before
 * = + - @ is dropped, undoing the export's spreadsheet guard. file "-" is
 * standard input. One audit entry ("import", {"file":...,"resources":N}).
 * Export: "csv" (NULL) or "jsonl"; every resource, inactive ones included,
 * by category and name; text sanitized (buf_csv_field, buf_json_string). */
enum status resources_import(struct store *s, const struct config *cfg, const char *file,
			     long *count, struct error *err);
enum status resources_export(struct store *s, const char *format, FILE *out, struct error *err);

#endif
