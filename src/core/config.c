/* soudan.ini: a strict line-by-line check of our own, then iniparser for the values.
 *
 * iniparser 4.1 returns NULL for a whole file on one bad line and crashes on some
 * inputs (CVE-2023-33461 among them), so every line is checked here first, with file and line
 * in the message; iniparser only ever sees a file that passed, and values are read
 * with iniparser_getstring alone. The order of keys in a list section is taken from
 * the scan, since it is the order on screen and in reports. */
#include "soudan/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iniparser.h>

#include "soudan/i18n.h"
#include "soudan/lineio.h"
#include "soudan/text.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

enum {
	LINE_MAX_BYTES = 1000, /* iniparser gives up on the whole file past 1024 */
	KEY_MAX = 31,
	LABEL_MAX_COLS = 40,   /* the report's label column */
	SITE_MAX_COLS = 40,
};

/* The built-in defaults: exactly the shipped conf/soudan.ini (a unit test compares). */
#define DEFAULT_SITE "ひきこもり相談ダイヤル"
#define DEFAULT_BUSY_MS 5000
#define DEFAULT_GROUP "soudan-sv"

static const char *const default_codes[LIST__COUNT][2 * 24 + 1] = {
	[LIST_CALL_TYPE] = {"consult", "相談", "info", "問合せのみ", "silent", "無言",
		"hangup", "途中切断", "prank", "いたずら", "wrong", "間違い電話", NULL},
	[LIST_CHANNEL] = {"phone", "電話", "visit", "来所", "outreach", "訪問", "email",
		"メール", "sns", "SNS・チャット", NULL},
	[LIST_CONTACT] = {"new", "新規", "repeat", "継続", "unknown", "不明", NULL},
	[LIST_CALLER] = {"self", "本人", "mother", "母", "father", "父", "sibling",
		"きょうだい", "spouse", "配偶者", "relative", "その他親族", "acquaintance",
		"知人・近隣", "agency", "関係機関", "other", "その他", "unknown", "不明", NULL},
	[LIST_AGE_BAND] = {"under15", "15歳未満", "15-19", "15〜19歳", "20s", "20代", "30s",
		"30代", "40s", "40代", "50s", "50代", "60s", "60代", "70plus", "70歳以上",
		"unknown", "不明", NULL},
	[LIST_GENDER] = {"male", "男性", "female", "女性", "other", "その他", "unknown",
		"不明", NULL},
	[LIST_WITHDRAWAL] = {"lt6m", "6か月未満", "6m-1y", "6か月〜1年未満", "1-3y",
		"1〜3年未満", "3-5y", "3〜5年未満", "5-10y", "5〜10年未満", "10-20y",
		"10〜20年未満", "20y+", "20年以上", "none", "該当しない", "unknown", "不明", NULL},
	[LIST_HEARD_VIA] = {"pr", "広報紙・チラシ", "web", "ホームページ・SNS", "media",
		"新聞・テレビ", "agency", "関係機関の紹介", "family", "家族・知人", "before",
		"以前に利用", "other", "その他", "unknown", "不明", NULL},
	[LIST_CONCERN] = {"approach", "本人への関わり方", "state", "本人の状態・生活",
		"future", "今後の生活・親亡き後", "work", "就労", "school", "就学・不登校",
		"place", "居場所・社会参加", "medical", "医療・受診", "disability",
		"発達障害・障害", "family", "家族関係", "economy", "経済的困窮", "care",
		"親の介護（8050）", "violence", "家庭内暴力", "resources", "相談先の情報",
		"other", "その他", NULL},
	[LIST_RESPONSE] = {"listen", "傾聴", "advice", "助言", "info", "情報提供", "referral",
		"他機関紹介", "appointment", "来所予約", "visit", "訪問調整", "emergency",
		"緊急対応", NULL},
	[LIST_RISK] = {"suicidal", "希死念慮", "plan", "自殺の計画・手段", "attempt",
		"自殺未遂歴", "selfharm", "自傷", "violence_to_family", "家族への暴力",
		"violence_from_family", "家族からの暴力・虐待", "neglect", "セルフネグレクト",
		"neighbour", "近隣トラブル", NULL},
	[LIST_URGENCY] = {"none", "なし", "watch", "要注意", "urgent", "緊急", NULL},
	[LIST_OUTCOME] = {"closed", "今回で終結", "phone", "電話で継続", "interview",
		"来所・面接へ", "visit", "訪問へ", "handover", "他機関へ引継ぎ", NULL},
	[LIST_CONTINUATION_REASON] = {"wish", "継続した相談を希望", "first_step",
		"本人が最初の一歩を踏み出した", "handover", "他機関への丁寧な引継ぎが必要",
		"sort_out", "課題を一緒に整理する必要", NULL},
	[LIST_RESOURCE_CATEGORY] = {"center", "ひきこもり地域支援センター", "station",
		"ひきこもり支援ステーション", "mhwc", "精神保健福祉センター", "hc",
		"保健所・保健センター", "welfare", "福祉事務所", "city", "市区町村窓口",
		"selfsupport", "自立相談支援機関", "shakyo", "社会福祉協議会", "houkatsu",
		"地域包括支援センター", "disability", "障害福祉サービス事業所", "hattatsu",
		"発達障害者支援センター", "jisou", "児童相談所", "youth",
		"子ども・若者総合相談センター", "saposute", "地域若者サポートステーション",
		"hellowork", "ハローワーク", "medical", "医療機関", "school", "学校・教育委員会",
		"family_group", "家族会・当事者会", "npo", "NPO・民間支援団体", "ibasho", "居場所",
		"police", "警察", "other", "その他", NULL},
	[LIST_REGION] = {NULL}, /* a deployment lists its wards; empty hides the field */
};

/* Sections with fixed keys. */
static const struct {
	const char *section;
	const char *keys[3];
} fixed_sections[] = {
	{"site", {"name", NULL}},
	{"database", {"path", "busy_timeout_ms", NULL}},
	{"retention", {"notes_days", NULL}},
	{"roles", {"supervisor_group", NULL}},
};

static const struct {
	const char *name, *title;
	bool multi;
} list_info[LIST__COUNT] = {
#define LIST_INFO(id, section, title, multi) [id] = {section, title, multi},
	SOUDAN_LISTS(LIST_INFO)
#undef LIST_INFO
};

static void list_clear(struct codelist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->codes[i].key);
		free(l->codes[i].label);
	}
	free(l->codes);
	l->codes = NULL;
	l->n = 0;
}

static void list_add(struct codelist *l, const char *key, const char *label)
{
	l->codes = xrealloc(l->codes, (l->n + 1) * sizeof *l->codes);
	l->codes[l->n].key = xstrdup(key);
	l->codes[l->n].label = xstrdup(label);
	l->n++;
}

static char *default_db_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct buf b;
	buf_init(&b);
	if (xdg && xdg[0] == '/')
		buf_printf(&b, "%s/soudan/soudan.db", xdg);
	else
		buf_printf(&b, "%s/.local/share/soudan/soudan.db", home && *home ? home : ".");
	return buf_take(&b);
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->site = xstrdup(DEFAULT_SITE);
	cfg->db_path = default_db_path();
	cfg->busy_timeout_ms = DEFAULT_BUSY_MS;
	cfg->retention_days = 0;
	cfg->supervisor_group = xstrdup(DEFAULT_GROUP);
	for (int i = 0; i < LIST__COUNT; i++) {
		struct codelist *l = &cfg->lists[i];
		l->name = list_info[i].name;
		l->title = list_info[i].title;
		l->multi = list_info[i].multi;
		for (const char *const *p = default_codes[i]; *p; p += 2)
			list_add(l, p[0], p[1]);
	}
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->site);
	free(cfg->db_path);
	free(cfg->supervisor_group);
	for (int i = 0; i < LIST__COUNT; i++)
		list_clear(&cfg->lists[i]);
	memset(cfg, 0, sizeof *cfg);
}

const struct codelist *config_list(const struct config *cfg, enum list_id id)
{
	return &cfg->lists[id];
}

int codelist_find(const struct codelist *l, const char *key)
{
	if (!key)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->codes[i].key, key) == 0)
			return (int)i;
	return -1;
}

const char *codelist_label(const struct codelist *l, const char *key)
{
	int i = codelist_find(l, key);
	return i < 0 ? NULL : l->codes[i].label;
}

bool codelist_has_unknown(const struct codelist *l)
{
	return codelist_find(l, "unknown") >= 0;
}

/* ---- the scan ---- */

struct entry {
	char section[KEY_MAX + 1];
	char key[KEY_MAX + 1];
	long line;
};

struct scan {
	const char *path;
	struct entry *e;
	size_t n;
	char seen_sections[64][KEY_MAX + 1];
	size_t nsections;
};

static int list_by_name(const char *name)
{
	for (int i = 0; i < LIST__COUNT; i++)
		if (strcmp(list_info[i].name, name) == 0)
			return i;
	return -1;
}

static int fixed_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof fixed_sections / sizeof *fixed_sections; i++)
		if (strcmp(fixed_sections[i].section, name) == 0)
			return (int)i;
	return -1;
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
	       c == '-';
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static enum status scan_section(struct scan *sc, char *s, long line, char *cur,
				struct error *err)
{
	size_t n = strlen(s);
	if (s[n - 1] != ']')
		return error_at(err, ST_CONFIG, sc->path, line, NULL,
				_("a section header must end with ']'"));
	s[n - 1] = '\0';
	char *name = trim(s + 1);
	if (!*name)
		return error_at(err, ST_CONFIG, sc->path, line, NULL, _("empty section name"));
	for (char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && *p != '_')
			return error_at(err, ST_CONFIG, sc->path, line, NULL,
					_("section names are lower-case letters and '_' only"));
	if (strlen(name) > KEY_MAX || (list_by_name(name) < 0 && fixed_by_name(name) < 0))
		return error_at(err, ST_CONFIG, sc->path, line, NULL, _("unknown section [%s]"),
				name);
	for (size_t i = 0; i < sc->nsections; i++)
		if (strcmp(sc->seen_sections[i], name) == 0)
			return error_at(err, ST_CONFIG, sc->path, line, NULL,
					_("section [%s] appears twice"), name);
	strcpy(sc->seen_sections[sc->nsections++], name);
	strcpy(cur, name);
	return ST_OK;
}

static enum status scan_key(struct scan *sc, char *s, long line, const char *cur,
			    struct error *err)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return error_at(err, ST_CONFIG, sc->path, line, NULL,
				_("expected [section] or key = value"));
	if (!*cur)
		return error_at(err, ST_CONFIG, sc->path, line, NULL,
				_("a key before the first [section]"));
	*eq = '\0';
	char *key = trim(s), *value = trim(eq + 1);
	size_t kn = strlen(key);
	if (kn == 0 || kn > KEY_MAX)
		return error_at(err, ST_CONFIG, sc->path, line, NULL,
				_("a key is 1 to %d characters"), KEY_MAX);
	for (char *p = key; *p; p++)
		if (!is_key_char(*p))
			return error_at(err, ST_CONFIG, sc->path, line, key,
					_("keys are lower-case letters, digits, '_', '+' and '-'"));
	size_t vn = strlen(value);
	if (vn && value[vn - 1] == '\\')
		return error_at(err, ST_CONFIG, sc->path, line, key,
				_("a value may not end with a backslash"));
	int f = fixed_by_name(cur);
	if (f >= 0) {
		bool known = false;
		for (const char *const *k = fixed_sections[f].keys; *k; k++)
			known |= strcmp(*k, key) == 0;
		if (!known)
			return error_at(err, ST_CONFIG, sc->path, line, key,
					_("unknown key in [%s]"), cur);
	}
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->e[i].section, cur) == 0 && strcmp(sc->e[i].key, key) == 0)
			return error_at(err, ST_CONFIG, sc->path, line, key,
					_("appears twice in [%s] (first on line %ld)"), cur,
					sc->e[i].line);
	sc->e = xrealloc(sc->e, (sc->n + 1) * sizeof *sc->e);
	struct entry *e = &sc->e[sc->n++];
	strcpy(e->section, cur);
	strcpy(e->key, key);
	e->line = line;
	return ST_OK;
}

static enum status scan_file(struct scan *sc, FILE *fp, struct error *err)
{
	struct buf line;
	enum line_result lr;
	long no = 0;
	char cur[KEY_MAX + 1] = "";
	enum status rc = ST_OK;
	buf_init(&line);
	/* Bounded while reading: SOUDAN_CONFIG=/dev/zero is one endless line. */
	while (!rc && (lr = line_read(fp, &line, LINE_MAX_BYTES + 1)) != LINE_EOF) {
		no++;
		if (lr == LINE_ERROR) {
			rc = error_at(err, ST_IOERR, sc->path, no, NULL, _("cannot read: %s"),
				      strerror(errno));
			break;
		}
		size_t n = line.len;
		if (lr == LINE_OK && memchr(line.s, '\0', n)) {
			rc = error_at(err, ST_CONFIG, sc->path, no, NULL, _("a NUL byte"));
			break;
		}
		if (no == 1 && n >= 3 && memcmp(line.s, "\xEF\xBB\xBF", 3) == 0) {
			/* iniparser would read the BOM as part of the first line */
			rc = error_at(err, ST_CONFIG, sc->path, no, NULL,
				      _("the file starts with a byte-order mark; save it as UTF-8 without BOM"));
			break;
		}
		size_t bad;
		if (lr == LINE_TOO_LONG || n > LINE_MAX_BYTES)
			rc = error_at(err, ST_CONFIG, sc->path, no, NULL,
				      _("line longer than %d bytes"), LINE_MAX_BYTES);
		else if (!utf8_valid(line.s, n, &bad))
			rc = error_at(err, ST_CONFIG, sc->path, no, NULL,
				      _("invalid UTF-8 at byte %zu"), bad + 1);
		if (rc)
			break;
		char *s = trim(line.s);
		if (!*s || *s == ';' || *s == '#')
			continue;
		rc = *s == '[' ? scan_section(sc, s, no, cur, err) : scan_key(sc, s, no, cur, err);
		if (!rc && sc->nsections >= 64)
			rc = error_at(err, ST_CONFIG, sc->path, no, NULL, _("too many sections"));
	}
	buf_free(&line);
	return rc;
}

/* ---- values ---- */

static int ini_silent(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static const char *ini_value(dictionary *d, const char *section, const char *key)
{
	char full[2 * KEY_MAX + 2];
	snprintf(full, sizeof full, "%s:%s", section, key);
	return iniparser_getstring(d, full, NULL);
}

/* A label or site name: one line of visible text. */
static enum status check_text(const struct scan *sc, const struct entry *e, const char *v,
			      int max_cols, struct error *err)
{
	if (!v || !*v)
		return error_at(err, ST_CONFIG, sc->path, e->line, e->key, _("empty value"));
	size_t n = strlen(v);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(v + i, n - i, &cp);
		if (!k || text_is_dangerous(cp, 0))
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
					_("control or invisible character in the value"));
		i += k;
	}
	if (text_width(v) > max_cols)
		return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				_("longer than %d display columns"), max_cols);
	return ST_OK;
}

static enum status parse_int(const struct scan *sc, const struct entry *e, const char *v,
			     long lo, long hi, int *out, struct error *err)
{
	char *end;
	errno = 0;
	long x = v && *v ? strtol(v, &end, 10) : 0;
	if (!v || !*v || errno || *end || x < lo || x > hi)
		return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				_("expected a whole number from %ld to %ld"), lo, hi);
	*out = (int)x;
	return ST_OK;
}

/* A relative database path is taken from the directory of the file naming it. */
static char *resolve_path(const char *cfg_path, const char *v)
{
	struct buf b;
	buf_init(&b);
	const char *home = getenv("HOME");
	if (v[0] == '~' && v[1] == '/' && home && *home)
		buf_printf(&b, "%s%s", home, v + 1);
	else if (v[0] == '/')
		buf_puts(&b, v);
	else {
		const char *slash = strrchr(cfg_path, '/');
		if (slash)
			buf_add(&b, cfg_path, (size_t)(slash - cfg_path + 1));
		buf_puts(&b, v);
	}
	return buf_take(&b);
}

static enum status apply_entry(struct config *cfg, const struct scan *sc, dictionary *d,
			       const struct entry *e, struct error *err)
{
	const char *v = ini_value(d, e->section, e->key);
	enum status rc;
	if (strcmp(e->section, "site") == 0) {
		if ((rc = check_text(sc, e, v, SITE_MAX_COLS, err)))
			return rc;
		free(cfg->site);
		cfg->site = xstrdup(v);
	} else if (strcmp(e->section, "database") == 0 && strcmp(e->key, "path") == 0) {
		if (!v || !*v)
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key, _("empty value"));
		free(cfg->db_path);
		cfg->db_path = resolve_path(sc->path, v);
	} else if (strcmp(e->section, "database") == 0) {
		return parse_int(sc, e, v, 0, 600000, &cfg->busy_timeout_ms, err);
	} else if (strcmp(e->section, "retention") == 0) {
		return parse_int(sc, e, v, 0, 36500, &cfg->retention_days, err);
	} else if (strcmp(e->section, "roles") == 0) {
		bool ok = v && *v && strlen(v) <= 32 && (islower((unsigned char)v[0]) || v[0] == '_');
		for (const char *p = v; ok && *p; p++)
			ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			     strchr("_.-", *p);
		if (!ok)
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
					_("not a Unix group name"));
		free(cfg->supervisor_group);
		cfg->supervisor_group = xstrdup(v);
	} else {
		if ((rc = check_text(sc, e, v, LABEL_MAX_COLS, err)))
			return rc;
		list_add(&cfg->lists[list_by_name(e->section)], e->key, v);
	}
	return ST_OK;
}

static enum status apply(struct config *cfg, const struct scan *sc, dictionary *d,
			 struct error *err)
{
	/* A list section in the file replaces the whole default list. */
	for (size_t i = 0; i < sc->nsections; i++) {
		int l = list_by_name(sc->seen_sections[i]);
		if (l >= 0)
			list_clear(&cfg->lists[l]);
	}
	for (size_t i = 0; i < sc->n; i++) {
		enum status rc = apply_entry(cfg, sc, d, &sc->e[i], err);
		if (rc)
			return rc;
	}
	for (int l = 0; l < LIST__COUNT; l++)
		if (l != LIST_REGION && cfg->lists[l].n == 0)
			return error_at(err, ST_CONFIG, sc->path, 0, NULL,
					_("[%s] lists no codes; every list but [region] needs at least one"),
					list_info[l].name);
	return ST_OK;
}

enum status config_load_file(struct config *cfg, const char *path, struct error *err)
{
	config_defaults(cfg);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		enum status st = errno == ENOENT ? ST_NOINPUT
				 : errno == EACCES ? ST_NOPERM : ST_CONFIG;
		return error_at(err, st, path, 0, NULL, _("cannot open: %s"), strerror(errno));
	}
	struct scan sc = {.path = path};
	enum status rc = scan_file(&sc, fp, err);
	fclose(fp);
	if (!rc) {
		iniparser_set_error_callback(ini_silent);
		dictionary *d = iniparser_load(path);
		if (!d)
			rc = error_at(err, ST_CONFIG, path, 0, NULL, _("cannot parse the file"));
		else {
			rc = apply(cfg, &sc, d, err);
			iniparser_freedict(d);
		}
	}
	free(sc.e);
	if (rc) {
		config_free(cfg);
		config_defaults(cfg); /* callers may still read a consistent config */
		return rc;
	}
	cfg->path = xstrdup(path);
	return ST_OK;
}

static bool file_exists(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (fp) {
		fclose(fp);
		return true;
	}
	return errno != ENOENT && errno != ENOTDIR; /* exists but unreadable: say so */
}

enum status config_load(struct config *cfg, const char *explicit_path, struct error *err)
{
	return config_search(cfg, explicit_path, SYSCONFDIR "/soudan/soudan.ini", err);
}

enum status config_search(struct config *cfg, const char *explicit_path, const char *system_path,
			  struct error *err)
{
	if (explicit_path && *explicit_path)
		return config_load_file(cfg, explicit_path, err);
	const char *env = getenv("SOUDAN_CONFIG");
	if (env && *env)
		return config_load_file(cfg, env, err);

	struct buf b;
	buf_init(&b);
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		buf_printf(&b, "%s/soudan/soudan.ini", xdg);
	else if (home && *home)
		buf_printf(&b, "%s/.config/soudan/soudan.ini", home);
	if (b.len && file_exists(b.s)) {
		enum status rc = config_load_file(cfg, b.s, err);
		buf_free(&b);
		return rc;
	}
	buf_free(&b);
	if (system_path && file_exists(system_path))
		return config_load_file(cfg, system_path, err);
	config_defaults(cfg);
	return ST_OK;
}
