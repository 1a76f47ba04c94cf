/* The referral directory (関係機関): validation, search as the operator types,
 * supervisor edits with an audit entry, and CSV import/export. Nothing here
 * deletes a resource: calls refer to them, so one that closes is deactivated. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "soudan/csv.h"
#include "soudan/i18n.h"
#include "soudan/resources.h"
#include "soudan/timeutil.h"

#define RESOURCE_ID_MAX 64

/* The CSV columns, in file order; the struct fields in the same order. */
enum res_col { RC_ID, RC_NAME, RC_CATEGORY, RC_PHONE, RC_HOURS, RC_AREA, RC_URL,
	       RC_DESCRIPTION, RC_ACTIVE, RC__COUNT };

static const char *const res_columns[RC__COUNT] = {
	"id", "name", "category", "phone", "hours", "area", "url", "description", "active",
};

/* Longest text accepted per column, in characters, and whether line breaks
 * and tabs belong there. */
static const struct {
	int max_chars;
	unsigned flags;
} res_limits[RC_ACTIVE] = {
	[RC_ID] = {RESOURCE_ID_MAX, 0},
	[RC_NAME] = {200, 0},
	[RC_CATEGORY] = {64, 0},
	[RC_PHONE] = {100, 0},
	[RC_HOURS] = {500, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB},
	[RC_AREA] = {200, 0},
	[RC_URL] = {2048, 0},
	[RC_DESCRIPTION] = {4000, TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB},
};

#define RES_SELECT \
	"SELECT r.id, r.name, r.category, r.phone, r.hours, r.area, r.url, r.description, r.active"

/* ?4 is a JSON array of short (one or two character) words, lower-cased:
 * each must occur in name, area or description. */
#define RES_SHORT_WORDS                                                                    \
	" AND NOT EXISTS (SELECT 1 FROM json_each(?4) w WHERE instr(lower(r.name), w.value) = 0" \
	" AND instr(lower(r.area), w.value) = 0 AND instr(lower(r.description), w.value) = 0)"

static const char sql_search_fts[] =
	RES_SELECT " FROM resources_fts JOIN resources r ON r.rowid = resources_fts.rowid"
	" WHERE resources_fts MATCH ?1 AND (?2 IS NULL OR r.category = ?2) AND (?3 OR r.active)"
	RES_SHORT_WORDS
	" ORDER BY bm25(resources_fts, 10.0, 4.0, 1.0), r.name, r.id LIMIT ?5";

/* Short words (one or two characters: trigrams cannot find them) and the
 * empty query list entries in list order: categories in the configuration's
 * order, ?6 = "|center|station|...|" (NULL: by key), then those it does not
 * list, by key; in each, by name.
 *
 * Which plan is cheap depends on how many entries match, so a probe reads
 * the table straight through first and stops at RES_DENSE matches. Few or
 * none (a character in no entry): those rows are sorted, and a miss has
 * cost one straight read (walking the category index instead costs a
 * lookup per entry: 11 ms for 10,000). Many: walk each category's index in
 * order, which stops at a screenful. */
#define RES_DENSE 1000

/* How an entry matches, by the kind of query; ?1 the word (instr) or
 * %word% (LIKE: it folds ASCII case, and % _ \ in the word are escaped). */
#define RES_MATCH_ONE \
	" AND (instr(r.name, ?1) > 0 OR instr(r.area, ?1) > 0 OR instr(r.description, ?1) > 0)"
#define RES_MATCH_LIKE                                                                      \
	" AND (r.name LIKE ?1 ESCAPE '\\' OR r.area LIKE ?1 ESCAPE '\\'"                      \
	" OR r.description LIKE ?1 ESCAPE '\\')"
/* Two words, ?1 and ?8 as LIKE patterns; more: the first two rule out most
 * entries before each word is looked for in the three texts. */
#define RES_MATCH_TWO                                                                       \
	RES_MATCH_LIKE " AND (r.name LIKE ?8 ESCAPE '\\' OR r.area LIKE ?8 ESCAPE '\\'"      \
	" OR r.description LIKE ?8 ESCAPE '\\')"
#define RES_MATCH_MANY RES_MATCH_TWO RES_SHORT_WORDS

enum res_kind { RK_ALL, RK_ONE, RK_LIKE, RK_TWO, RK_MANY };

#define RES_FILTER " (?2 IS NULL OR r.category = ?2) AND (?3 OR r.active)"
#define RES_PROBE(match) "SELECT r.rowid FROM resources r WHERE" RES_FILTER match " LIMIT ?5"
#define RES_WALK(match) RES_SELECT " FROM resources r WHERE r.category = ?2 AND (?3 OR r.active)" \
	match " ORDER BY r.name, r.id LIMIT ?5"
#define RES_REST(match) RES_SELECT " FROM resources r WHERE" RES_FILTER                        \
	" AND (?6 IS NULL OR instr(?6, '|' || r.category || '|') = 0)" match                 \
	" ORDER BY r.category, r.name, r.id LIMIT ?5"

static const char *const sql_probe[] = {
	[RK_ONE] = RES_PROBE(RES_MATCH_ONE),
	[RK_LIKE] = RES_PROBE(RES_MATCH_LIKE),
	[RK_TWO] = RES_PROBE(RES_MATCH_TWO),
	[RK_MANY] = RES_PROBE(RES_MATCH_MANY),
};
/* Dense: one category down the index (category, name, id); then the rest. */
static const char *const sql_walk[] = {
	[RK_ALL] = RES_WALK(""),
	[RK_ONE] = RES_WALK(RES_MATCH_ONE),
	[RK_LIKE] = RES_WALK(RES_MATCH_LIKE),
	[RK_TWO] = RES_WALK(RES_MATCH_TWO),
	[RK_MANY] = RES_WALK(RES_MATCH_MANY),
};
static const char *const sql_rest[] = {
	[RK_ALL] = RES_REST(""),
	[RK_ONE] = RES_REST(RES_MATCH_ONE),
	[RK_LIKE] = RES_REST(RES_MATCH_LIKE),
	[RK_TWO] = RES_REST(RES_MATCH_TWO),
	[RK_MANY] = RES_REST(RES_MATCH_MANY),
};
/* Sparse: the rows the probe found (?7, a JSON array of rowids), sorted. */
static const char sql_sparse[] =
	RES_SELECT " FROM resources r WHERE r.rowid IN (SELECT value FROM json_each(?7))"
	" ORDER BY coalesce(instr(?6, '|' || r.category || '|'), 1) = 0,"
	" instr(?6, '|' || r.category || '|'), r.category, r.name, r.id LIMIT ?5";

static const char sql_get[] = RES_SELECT " FROM resources r WHERE r.id = ?1";

static const char sql_all[] = RES_SELECT " FROM resources r ORDER BY r.category, r.name, r.id";

/* An unchanged row is not rewritten, so a re-import touches only what changed
 * (and updated_at says when a resource last really changed). */
static const char sql_upsert[] =
	"INSERT INTO resources(id, name, category, phone, hours, area, url, description, active,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
	" ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category,"
	" phone = excluded.phone, hours = excluded.hours, area = excluded.area,"
	" url = excluded.url, description = excluded.description, active = excluded.active,"
	" updated_at = excluded.updated_at"
	" WHERE (name, category, phone, hours, area, url, description, active) IS NOT"
	" (excluded.name, excluded.category, excluded.phone, excluded.hours, excluded.area,"
	" excluded.url, excluded.description, excluded.active)";

void resource_init(struct resource *r)
{
	memset(r, 0, sizeof *r);
	r->active = true;
}

void resource_free(struct resource *r)
{
	free(r->id);
	free(r->name);
	free(r->category);
	free(r->phone);
	free(r->hours);
	free(r->area);
	free(r->url);
	free(r->description);
	resource_init(r);
}

/* The text columns of r by enum res_col. */
static const char *res_text(const struct resource *r, enum res_col c)
{
	const char *const v[RC_ACTIVE] = {r->id, r->name, r->category, r->phone,
					   r->hours, r->area, r->url, r->description};

	return v[c];
}

/* --- validation --- */

static bool res_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > RESOURCE_ID_MAX)
		return false;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static bool res_blank(const char *s)
{
	return !s || s[strspn(s, " \t\n")] == '\0';
}

/* Valid UTF-8, no control characters but those flags allow, at most max chars. */
static enum status res_text_check(const char *v, enum res_col c, struct error *err)
{
	size_t n = strlen(v), i = 0, len;
	int chars = 0;
	uint32_t cp;

	if (!utf8_valid(v, n, NULL))
		return error_at(err, ST_DATAERR, NULL, 0, res_columns[c], _("invalid UTF-8"));
	for (; i < n; i += len, chars++) {
		len = utf8_decode(v + i, n - i, &cp);
		if (text_is_dangerous(cp, res_limits[c].flags))
			return error_at(err, ST_DATAERR, NULL, 0, res_columns[c],
					_("control character U+%04X is not allowed here"),
					(unsigned)cp);
	}
	if (chars > res_limits[c].max_chars)
		return error_at(err, ST_DATAERR, NULL, 0, res_columns[c],
				_("%d characters, at most %d are allowed"), chars,
				res_limits[c].max_chars);
	return ST_OK;
}

static enum status res_category_check(const char *cat, const struct config *cfg,
				      struct error *err)
{
	if (!cfg || codelist_find(config_list(cfg, LIST_RESOURCE_CATEGORY), cat) >= 0)
		return ST_OK;
	return error_at(err, ST_DATAERR, NULL, 0, "category",
			_("unknown category \"%s\" (not a key of [resource_category] in the "
			  "configuration)"),
			cat);
}

enum status resource_validate(const struct resource *r, const struct config *cfg,
			      struct error *err)
{
	enum status st;

	if (!r->id || !res_id_ok(r->id))
		return error_at(err, ST_DATAERR, NULL, 0, "id",
				_("\"%s\" is not an id (1 to %d of A-Z a-z 0-9 _ . -)"),
				r->id ? r->id : "", RESOURCE_ID_MAX);
	if (res_blank(r->name))
		return error_at(err, ST_DATAERR, NULL, 0, "name", _("a resource needs a name"));
	if (res_blank(r->category))
		return error_at(err, ST_DATAERR, NULL, 0, "category", _("a resource needs a category"));
	for (int c = RC_NAME; c < RC_ACTIVE; c++) {
		const char *v = res_text(r, c);

		if (v && (st = res_text_check(v, c, err)))
			return st;
	}
	return res_category_check(r->category, cfg, err);
}

void resource_to_json(const struct resource *r, struct buf *b)
{
	buf_putc(b, '{');
	for (int c = RC_ID; c < RC_ACTIVE; c++) {
		buf_printf(b, "\"%s\":", res_columns[c]);
		buf_json_string(b, res_text(r, c) ? res_text(r, c) : "");
		buf_putc(b, ',');
	}
	buf_printf(b, "\"active\":%s}", r->active ? "true" : "false");
}

/* --- reading rows --- */

static void res_from_row(sqlite3_stmt *st, struct resource *r)
{
	r->id = store_column_dup(st, 0);
	r->name = store_column_dup(st, 1);
	r->category = store_column_dup(st, 2);
	r->phone = store_column_dup(st, 3);
	r->hours = store_column_dup(st, 4);
	r->area = store_column_dup(st, 5);
	r->url = store_column_dup(st, 6);
	r->description = store_column_dup(st, 7);
	r->active = sqlite3_column_int(st, 8) != 0;
}

/* Step st to the end, fn per row until it returns non-zero. */
static enum status res_each_row(struct store *s, sqlite3_stmt *st, resource_fn fn, void *ctx,
				const char *what, struct error *err)
{
	struct resource r;
	enum step step = STEP_DONE;
	int stop = 0;

	while (!stop && (step = store_step(s, st, what, err)) == STEP_ROW) {
		resource_init(&r);
		res_from_row(st, &r);
		stop = fn(&r, ctx);
		resource_free(&r);
	}
	sqlite3_reset(st);
	return step == STEP_ERROR ? err->status : ST_OK;
}

enum status resources_get(struct store *s, const char *id, struct resource *out,
			  struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql_get, err);
	enum step r;

	resource_init(out);
	if (!st)
		return err->status;
	store_bind_text(st, 1, id);
	r = store_step(s, st, _("cannot read the referral directory"), err);
	if (r == STEP_ROW)
		res_from_row(st, out);
	sqlite3_reset(st);
	if (r == STEP_DONE)
		return error_set(err, ST_NOINPUT, _("no resource with id %s"), id);
	return r == STEP_ERROR ? err->status : ST_OK;
}

/* --- search --- */

/* The query split into words: three characters or more go to FTS5 as quoted
 * strings (so nothing typed is ever FTS syntax), shorter ones to instr(). */
struct res_query {
	struct buf fts;      /* "w1" "w2" (implicit AND), or empty */
	struct buf shorts;   /* JSON array of the short words, lower-cased */
	char *first_short;   /* the first short word */
	char *second_short;  /* and the second */
	int nshorts;
	bool ascii;          /* some short word has an ASCII letter (case folding) */
};

static bool res_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		*len = 1;
		return true;
	}
	if (strncmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 IDEOGRAPHIC SPACE */
		*len = 3;
		return true;
	}
	return false;
}

/* A word of three characters or more, as an FTS5 string: "..." with any
 * quote doubled, which FTS5 reads as text whatever it holds. */
static void res_query_long(struct res_query *q, const char *w, size_t n)
{
	buf_putc(&q->fts, '"');
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '"')
			buf_putc(&q->fts, '"');
		buf_putc(&q->fts, w[i]);
	}
	buf_puts(&q->fts, "\" ");
}

/* A shorter word, for instr(): trigrams cannot find it. */
static void res_query_short(struct res_query *q, const char *w, size_t n)
{
	char *lower = xstrndup(w, n);

	/* SQLite's lower() folds ASCII only; do the same here. */
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (const char *p = lower; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			q->ascii = true;
	q->nshorts++;
	buf_putc(&q->shorts, q->shorts.len ? ',' : '[');
	buf_json_string(&q->shorts, lower);
	if (!q->first_short)
		q->first_short = lower;
	else if (!q->second_short)
		q->second_short = lower;
	else
		free(lower);
}

static void res_query_word(struct res_query *q, const char *w, size_t n)
{
	size_t chars = 0, len;
	uint32_t cp;

	for (size_t i = 0; i < n; i += len ? len : 1, chars++)
		len = utf8_decode(w + i, n - i, &cp);
	if (chars >= 3)
		res_query_long(q, w, n);
	else
		res_query_short(q, w, n);
}

static void res_query_parse(struct res_query *q, const char *text)
{
	const char *p = text, *w;
	size_t sp;

	memset(q, 0, sizeof *q); /* nshorts and ascii too: they choose the statement */
	buf_init(&q->fts);
	buf_init(&q->shorts);
	while (*p) {
		if (res_space_at(p, &sp)) {
			p += sp;
			continue;
		}
		for (w = p; *p && !res_space_at(p, &sp); p++)
			;
		res_query_word(q, w, (size_t)(p - w));
	}
	if (q->shorts.len)
		buf_putc(&q->shorts, ']');
	else
		buf_puts(&q->shorts, "[]");
}

static void res_query_free(struct res_query *q)
{
	buf_free(&q->fts);
	buf_free(&q->shorts);
	free(q->first_short);
	free(q->second_short);
}

/* "|center|station|...|": the categories in the configuration's order, for
 * ?6 (NULL without an order). */
static char *res_order_text(const struct codelist *order)
{
	struct buf b;

	if (!order)
		return NULL;
	buf_init(&b);
	buf_putc(&b, '|');
	for (size_t i = 0; i < order->n; i++)
		buf_printf(&b, "%s|", order->codes[i].key);
	return buf_take(&b);
}

/* %word% for LIKE, its own % _ and \ escaped. */
static char *res_like_pattern(const char *word)
{
	struct buf b;

	buf_init(&b);
	buf_putc(&b, '%');
	for (const char *p = word; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p);
	}
	buf_putc(&b, '%');
	return buf_take(&b);
}

/* What every statement of one search is bound to. */
struct res_args {
	const char *word;     /* ?1: the FTS query, the word, or its LIKE pattern */
	const char *category; /* ?2: NULL for all */
	bool inactive;        /* ?3 */
	const char *shorts;   /* ?4 */
	const char *order;    /* ?6 */
	const char *rowids;   /* ?7 */
	const char *word2;    /* ?8: the second short word's LIKE pattern */
};

static sqlite3_stmt *res_prepare(struct store *s, const char *sql, const struct res_args *a,
				 const char *category, int limit, struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql, err);
	int n;

	if (!st)
		return NULL;
	n = sqlite3_bind_parameter_count(st);
	store_bind_text(st, 1, a->word);
	store_bind_text(st, 2, category);
	sqlite3_bind_int(st, 3, a->inactive);
	store_bind_text(st, 4, a->shorts);
	sqlite3_bind_int(st, 5, limit > 0 ? limit : -1);
	if (n >= 6)
		store_bind_text(st, 6, a->order);
	if (n >= 7)
		store_bind_text(st, 7, a->rowids);
	if (n >= 8)
		store_bind_text(st, 8, a->word2);
	return st;
}

/* The rows of the list, counted across the statements that make it. */
struct res_walk {
	resource_fn fn;
	void *ctx;
	int left;     /* rows still wanted (<= 0: any number) */
	bool stopped; /* fn asked to stop, or enough rows */
};

static int res_walk_row(const struct resource *r, void *ctx)
{
	struct res_walk *w = ctx;

	if (w->fn(r, w->ctx) || (w->left > 0 && --w->left == 0))
		w->stopped = true;
	return w->stopped;
}

static enum status res_run(struct store *s, const char *sql, const struct res_args *a,
			   const char *category, struct res_walk *w, struct error *err)
{
	sqlite3_stmt *st = res_prepare(s, sql, a, category, w->left, err);

	if (!st)
		return err->status;
	return res_each_row(s, st, res_walk_row, w, _("cannot search the referral directory"),
			    err);
}

/* Each category in the configuration's order down the index, then the
 * others; stops as soon as enough rows are there. */
static enum status res_walk_all(struct store *s, enum res_kind kind, const struct res_args *a,
				const struct codelist *order, struct res_walk *w,
				struct error *err)
{
	enum status rc = ST_OK;

	if (a->category) /* one category: its own stretch of the index */
		return res_run(s, sql_walk[kind], a, a->category, w, err);
	for (size_t i = 0; order && i < order->n && !w->stopped && !rc; i++)
		rc = res_run(s, sql_walk[kind], a, order->codes[i].key, w, err);
	if (!rc && !w->stopped)
		rc = res_run(s, sql_rest[kind], a, NULL, w, err);
	return rc;
}

/* The probe: the rowids of up to RES_DENSE + 1 matching entries, as a JSON
 * array in *out; *n how many. */
static enum status res_probe(struct store *s, enum res_kind kind, const struct res_args *a,
			     struct buf *out, int *n, struct error *err)
{
	sqlite3_stmt *st = res_prepare(s, sql_probe[kind], a, a->category, RES_DENSE + 1, err);
	enum step step;

	*n = 0;
	if (!st)
		return err->status;
	buf_putc(out, '[');
	while ((step = store_step(s, st, _("cannot search the referral directory"), err)) ==
	       STEP_ROW)
		buf_printf(out, "%s%lld", (*n)++ ? "," : "", (long long)sqlite3_column_int64(st, 0));
	buf_putc(out, ']');
	return step == STEP_ERROR ? err->status : ST_OK;
}

/* Short words or nothing: few matches sorted, many walked (see RES_DENSE). */
static enum status res_list(struct store *s, enum res_kind kind, struct res_args *a,
			    const struct codelist *order, struct res_walk *w, struct error *err)
{
	struct buf rowids;
	enum status rc;
	int n = RES_DENSE + 1;

	buf_init(&rowids);
	if (kind != RK_ALL && (rc = res_probe(s, kind, a, &rowids, &n, err)))
		goto done;
	if (n > RES_DENSE) {
		rc = res_walk_all(s, kind, a, order, w, err);
	} else if (n > 0) {
		a->rowids = rowids.s;
		rc = res_run(s, sql_sparse, a, NULL, w, err);
	} else {
		rc = ST_OK; /* nothing matches: one straight read told */
	}
done:
	buf_free(&rowids);
	return rc;
}

static enum res_kind res_kind_of(const struct res_query *q)
{
	switch (q->nshorts) {
	case 0: return RK_ALL;
	case 1: return q->ascii ? RK_LIKE : RK_ONE;
	case 2: return RK_TWO;
	default: return RK_MANY;
	}
}

enum status resources_search_ordered(struct store *s, const char *query, const char *category,
				     bool include_inactive, const struct codelist *order,
				     int limit, resource_fn fn, void *ctx, struct error *err)
{
	struct res_walk w = {fn, ctx, limit, false};
	struct res_args a = {NULL, category && *category ? category : NULL, include_inactive,
			     NULL, NULL, NULL, NULL};
	struct res_query q;
	enum res_kind kind;
	char *order_text, *like = NULL, *like2 = NULL;
	enum status ret;

	if (!query)
		query = "";
	if (!utf8_valid(query, strlen(query), NULL))
		return error_set(err, ST_DATAERR, _("the search text is not valid UTF-8"));
	order_text = res_order_text(order);
	res_query_parse(&q, query);
	kind = res_kind_of(&q);
	a.shorts = q.shorts.s;
	a.order = order_text;
	if (kind == RK_ONE)
		a.word = q.first_short;
	else if (kind != RK_ALL)
		a.word = like = res_like_pattern(q.first_short);
	if (kind == RK_TWO || kind == RK_MANY)
		a.word2 = like2 = res_like_pattern(q.second_short);
	if (q.fts.len) {
		a.word = q.fts.s;
		ret = res_run(s, sql_search_fts, &a, a.category, &w, err);
	} else {
		ret = res_list(s, kind, &a, order, &w, err);
	}
	res_query_free(&q);
	free(order_text);
	free(like);
	free(like2);
	return ret;
}

enum status resources_search(struct store *s, const char *query, const char *category,
			     bool include_inactive, int limit, resource_fn fn, void *ctx,
			     struct error *err)
{
	return resources_search_ordered(s, query, category, include_inactive, NULL, limit, fn, ctx,
					err);
}

/* --- writing --- */

/* The search index has no triggers: SQLite refuses a trigger that writes to a
 * virtual table when trusted_schema is off (as store_open sets it), so this
 * module, the only writer of resources, keeps it in step in the same
 * transaction. */

/* What the index holds for a resource before it is written. */
struct res_indexed {
	bool exists;
	sqlite3_int64 rowid;
	char *name, *area, *description;
};

static enum status res_indexed_get(struct store *s, const char *id, struct res_indexed *old,
				   struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT rowid, name, area, description FROM resources WHERE id = ?1", err);
	enum step r;

	memset(old, 0, sizeof *old);
	if (!st)
		return err->status;
	store_bind_text(st, 1, id);
	if ((r = store_step(s, st, _("cannot read the referral directory"), err)) == STEP_ROW) {
		old->exists = true;
		old->rowid = sqlite3_column_int64(st, 0);
		old->name = store_column_dup(st, 1);
		old->area = store_column_dup(st, 2);
		old->description = store_column_dup(st, 3);
	}
	sqlite3_reset(st);
	return r == STEP_ERROR ? err->status : ST_OK;
}

static void res_indexed_free(struct res_indexed *old)
{
	free(old->name);
	free(old->area);
	free(old->description);
}

static bool res_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Replace old's index entry with r's; nothing when the searched text is the same. */
static enum status res_index(struct store *s, const struct res_indexed *old,
			     const struct resource *r, struct error *err)
{
	sqlite3_stmt *st;
	enum status ret;

	if (old->exists && res_same(old->name, r->name) && res_same(old->area, r->area) &&
	    res_same(old->description, r->description))
		return ST_OK;
	if (old->exists) {
		if (!(st = store_prepare(s,
					 "INSERT INTO resources_fts(resources_fts, rowid, name, area,"
					 " description) VALUES ('delete', ?1, ?2, ?3, ?4)",
					 err)))
			return err->status;
		sqlite3_bind_int64(st, 1, old->rowid);
		store_bind_text(st, 2, old->name);
		store_bind_text(st, 3, old->area);
		store_bind_text(st, 4, old->description);
		if ((ret = store_exec_stmt(s, st, _("cannot update the search index"), err)))
			return ret;
	}
	if (!(st = store_prepare(s,
				 "INSERT INTO resources_fts(rowid, name, area, description)"
				 " SELECT rowid, name, area, description FROM resources WHERE id = ?1",
				 err)))
		return err->status;
	store_bind_text(st, 1, r->id);
	return store_exec_stmt(s, st, _("cannot update the search index"), err);
}

static enum status res_upsert(struct store *s, const struct resource *r, bool *changed,
			      struct error *err)
{
	sqlite3_stmt *st = store_prepare(s, sql_upsert, err);
	enum status ret;

	if (!st)
		return err->status;
	for (int c = RC_ID; c < RC_ACTIVE; c++)
		store_bind_text(st, c + 1, res_text(r, c) ? res_text(r, c) : "");
	sqlite3_bind_int(st, 9, r->active);
	sqlite3_bind_int64(st, 10, time_now());
	ret = store_exec_stmt(s, st, _("cannot save the resource"), err);
	*changed = !ret && sqlite3_changes(store_db(s)) > 0;
	return ret;
}

enum status resources_put(struct store *s, const struct resource *r, struct error *err)
{
	struct res_indexed old = {0};
	bool changed = false;
	enum status st;

	if ((st = res_indexed_get(s, r->id, &old, err)))
		return st;
	if (!(st = res_upsert(s, r, &changed, err)) && changed)
		st = res_index(s, &old, r, err);
	res_indexed_free(&old);
	return st;
}

enum status resources_reindex(struct store *s, struct error *err)
{
	sqlite3_stmt *st = store_prepare(
		s, "INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')", err);

	if (!st)
		return err->status;
	return store_exec_stmt(s, st, _("cannot rebuild the search index"), err);
}

static enum status res_need_supervisor(bool is_supervisor, struct error *err)
{
	if (is_supervisor)
		return ST_OK;
	return error_set(err, ST_NOPERM,
			 _("only a supervisor can change the referral directory"));
}

/* The stored resource as JSON, or NULL (and ST_OK) when there is none. */
static enum status res_json_of(struct store *s, const char *id, char **out, struct error *err)
{
	struct resource old;
	struct buf b;
	enum status st = resources_get(s, id, &old, err);

	*out = NULL;
	if (st == ST_NOINPUT) {
		error_clear(err);
		return ST_OK;
	}
	if (st)
		return st;
	buf_init(&b);
	resource_to_json(&old, &b);
	resource_free(&old);
	*out = buf_take(&b);
	return ST_OK;
}

enum status resources_save(struct store *s, const struct resource *r, bool is_supervisor,
			   struct error *err)
{
	char *before = NULL;
	struct buf after;
	enum status st;

	if ((st = res_need_supervisor(is_supervisor, err)) || (st = resource_validate(r, NULL, err)) ||
	    (st = store_begin(s, err)))
		return st;
	buf_init(&after);
	resource_to_json(r, &after);
	if ((st = res_json_of(s, r->id, &before, err)) || (st = resources_put(s, r, err)) ||
	    (st = store_audit(s, store_whoami(), before ? "update" : "create", "resource", r->id,
			      before, after.s, err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
	free(before);
	buf_free(&after);
	return st;
}

/* Inside the caller's transaction. Already inactive: nothing to do or audit. */
static enum status res_deactivate_in(struct store *s, const char *id, struct error *err)
{
	struct resource r;
	struct buf before, after;
	enum status st;

	if ((st = resources_get(s, id, &r, err)))
		return st;
	buf_init(&before);
	buf_init(&after);
	if (r.active) {
		resource_to_json(&r, &before);
		r.active = false;
		resource_to_json(&r, &after);
		if (!(st = resources_put(s, &r, err)))
			st = store_audit(s, store_whoami(), "deactivate", "resource", id, before.s,
					 after.s, err);
	}
	resource_free(&r);
	buf_free(&before);
	buf_free(&after);
	return st;
}

enum status resources_deactivate(struct store *s, const char *id, bool is_supervisor,
				 struct error *err)
{
	enum status st;

	if ((st = res_need_supervisor(is_supervisor, err)) || (st = store_begin(s, err)))
		return st;
	if ((st = res_deactivate_in(s, id, err)) || (st = store_commit(s, err)))
		store_rollback(s);
	return st;
}

/* --- import --- */

/* The ids seen so far in one file, with their lines: a second row with the
 * same id would silently overwrite the first, so it is refused. */
struct res_idset {
	char **keys;
	long *lines;
	size_t cap, n;
};

static size_t res_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t res_idset_slot(const struct res_idset *set, const char *id)
{
	size_t i = res_hash(id) & (set->cap - 1);

	while (set->keys[i] && strcmp(set->keys[i], id) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

static void res_idset_grow(struct res_idset *set)
{
	struct res_idset big = {.cap = set->cap ? 2 * set->cap : 1024, .n = set->n};

	big.keys = xcalloc(big.cap, sizeof *big.keys);
	big.lines = xcalloc(big.cap, sizeof *big.lines);
	for (size_t i = 0; i < set->cap; i++)
		if (set->keys[i]) {
			size_t j = res_idset_slot(&big, set->keys[i]);

			big.keys[j] = set->keys[i];
			big.lines[j] = set->lines[i];
		}
	free(set->keys);
	free(set->lines);
	*set = big;
}

/* 0 when id is new (now recorded), else the line where it was seen. */
static long res_idset_add(struct res_idset *set, const char *id, long line)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap)
		res_idset_grow(set);
	i = res_idset_slot(set, id);
	if (set->keys[i])
		return set->lines[i];
	set->keys[i] = xstrdup(id);
	set->lines[i] = line;
	set->n++;
	return 0;
}

static void res_idset_free(struct res_idset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	free(set->lines);
}

struct res_import {
	struct store *s;
	const struct config *cfg;
	const char *file;
	struct csv_reader *csv;
	struct res_idset ids;
	long count;
};

/* Put the file and line on an error raised without them. */
static enum status res_at(struct error *err, const char *file, long line)
{
	snprintf(err->file, sizeof err->file, "%s", file);
	err->line = line;
	return err->status;
}

static enum status res_parse_active(const char *v, bool *out)
{
	static const char *const yes[] = {"", "1", "true", "yes"}, *const no[] = {"0", "false", "no"};

	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return ST_OK;
		}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return ST_OK;
		}
	return ST_DATAERR;
}

/* buf_csv_field writes '=cell as ''=cell so that a spreadsheet shows it as
 * text; reading it back drops that one apostrophe, so export then import
 * gives the same values. */
static char *res_unguard(char *v)
{
	return v[0] == '\'' && v[1] && strchr("=+-@", v[1]) ? v + 1 : v;
}

static enum status res_header(struct res_import *im, struct error *err)
{
	char **f;
	size_t n;
	long line;
	enum status st = csv_next(im->csv, &f, &n, &line, err);
	bool ok = n == RC__COUNT;

	if (st)
		return st;
	for (size_t i = 0; ok && i < n; i++)
		ok = strcmp(f[i], res_columns[i]) == 0;
	if (ok)
		return ST_OK;
	return error_at(err, ST_DATAERR, im->file, 1, NULL,
			n ? _("the first line must be the header "
			      "id,name,category,phone,hours,area,url,description,active")
			  : _("the file is empty: expected the header "
			      "id,name,category,phone,hours,area,url,description,active"));
}

static enum status res_row(struct res_import *im, char **f, size_t n, long line,
			   struct error *err)
{
	struct resource r = {0};
	enum status st;
	long seen;

	if (n != RC__COUNT)
		return error_at(err, ST_DATAERR, im->file, line, NULL,
				_("%zu columns where the header has %d"), n, RC__COUNT);
	r.id = res_unguard(f[RC_ID]);
	r.name = res_unguard(f[RC_NAME]);
	r.category = res_unguard(f[RC_CATEGORY]);
	r.phone = res_unguard(f[RC_PHONE]);
	r.hours = res_unguard(f[RC_HOURS]);
	r.area = res_unguard(f[RC_AREA]);
	r.url = res_unguard(f[RC_URL]);
	r.description = res_unguard(f[RC_DESCRIPTION]);
	if (res_parse_active(f[RC_ACTIVE], &r.active))
		return error_at(err, ST_DATAERR, im->file, line, "active",
				_("\"%s\" is not 1, 0, true, false, yes, no or empty"),
				f[RC_ACTIVE]);
	if ((st = resource_validate(&r, im->cfg, err)))
		return res_at(err, im->file, line);
	if ((seen = res_idset_add(&im->ids, r.id, line)))
		return error_at(err, ST_DATAERR, im->file, line, "id",
				_("id %s is already on line %ld"), r.id, seen);
	if ((st = resources_put(im->s, &r, err)))
		return res_at(err, im->file, line);
	im->count++;
	return ST_OK;
}

static enum status res_rows(struct res_import *im, struct error *err)
{
	char **f;
	size_t n;
	long line;
	enum status st;

	for (;;) {
		if ((st = csv_next(im->csv, &f, &n, &line, err))) {
			int col = csv_error_column(im->csv);

			if (col >= 0 && col < RC__COUNT)
				snprintf(err->field, sizeof err->field, "%s", res_columns[col]);
			return st;
		}
		if (n == 0)
			return ST_OK;
		if ((st = res_row(im, f, n, line, err)))
			return st;
	}
}

static enum status res_audit_import(struct res_import *im, struct error *err)
{
	struct buf after;
	enum status st;

	buf_init(&after);
	buf_puts(&after, "{\"file\":");
	buf_json_string(&after, im->file);
	buf_printf(&after, ",\"resources\":%ld}", im->count);
	st = store_audit(im->s, store_whoami(), "import", "resources", NULL, NULL, after.s, err);
	buf_free(&after);
	return st;
}

static enum status res_open_file(const char *file, FILE **f, struct error *err)
{
	if (strcmp(file, "-") == 0) {
		*f = stdin;
		return ST_OK;
	}
	if ((*f = fopen(file, "rb")))
		return ST_OK;
	return error_at(err, errno == ENOENT ? ST_NOINPUT : errno == EACCES ? ST_NOPERM : ST_IOERR,
			file, 0, NULL, _("cannot open: %s"), strerror(errno));
}

enum status resources_import(struct store *s, const struct config *cfg, const char *file,
			     long *count, struct error *err)
{
	struct res_import im = {.s = s, .cfg = cfg, .file = file};
	FILE *f;
	enum status st;

	*count = 0;
	if ((st = res_open_file(file, &f, err)))
		return st;
	im.csv = csv_open(f);
	csv_set_name(im.csv, file);
	if (!(st = res_header(&im, err)) && !(st = store_begin(s, err))) {
		if ((st = res_rows(&im, err)) || (st = res_audit_import(&im, err)) ||
		    (st = store_commit(s, err)))
			store_rollback(s);
	}
	csv_close(im.csv);
	res_idset_free(&im.ids);
	if (f != stdin)
		fclose(f);
	if (!st)
		*count = im.count;
	return st;
}

/* --- export --- */

struct res_export {
	FILE *out;
	struct buf line;
	bool csv;
};

static void res_csv_row(struct buf *b, const struct resource *r)
{
	for (int c = RC_ID; c < RC_ACTIVE; c++) {
		buf_csv_field(b, res_text(r, c) ? res_text(r, c) : "");
		buf_putc(b, ',');
	}
	buf_puts(b, r->active ? "1\r\n" : "0\r\n");
}

static int res_export_one(const struct resource *r, void *ctx)
{
	struct res_export *x = ctx;

	buf_reset(&x->line);
	if (x->csv) {
		res_csv_row(&x->line, r);
	} else {
		resource_to_json(r, &x->line);
		buf_putc(&x->line, '\n');
	}
	return fwrite(x->line.s, 1, x->line.len, x->out) != x->line.len;
}

enum status resources_export(struct store *s, const char *format, FILE *out, struct error *err)
{
	struct res_export x = {.out = out};
	sqlite3_stmt *st;
	enum status ret;

	if (format && strcmp(format, "csv") && strcmp(format, "jsonl"))
		return error_set(err, ST_USAGE, _("--format must be csv or jsonl, not \"%s\""),
				 format);
	if (!(st = store_prepare(s, sql_all, err)))
		return err->status;
	x.csv = !format || strcmp(format, "csv") == 0;
	buf_init(&x.line);
	if (x.csv)
		fputs("id,name,category,phone,hours,area,url,description,active\r\n", out);
	ret = res_each_row(s, st, res_export_one, &x, _("cannot read the referral directory"), err);
	buf_free(&x.line);
	if (!ret && (ferror(out) || fflush(out) != 0))
		ret = error_set(err, ST_IOERR, _("cannot write the export: %s"), strerror(errno));
	return ret;
}
