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
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iniparser.h>

#include "soudan/i18n.h"
#include "soudan/lineio.h"
#include "soudan/text.h"
#include "soudan/timeutil.h"

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
#define DEFAULT_TIMEZONE "Asia/Tokyo"
#define DEFAULT_BUSY_MS 5000
#define DEFAULT_GROUP "soudan-sv"
/* Silent, hang-up, prank and wrong-number calls are calls, not consultations. */
#define DEFAULT_CONSULTATION_TYPES "consult info"
#define DEFAULT_SERIOUS_RISKS "plan attempt violence_to_family harm_others"
#define DEFAULT_PAGE_LINES 60 /* A4 at 6 lines an inch, with margins */
#define DEFAULT_MAX_CALL_HOURS 24
/* The duty room: a call this long is proposed for a debrief (handbook ㊿). */
#define DEFAULT_DEBRIEF_AFTER_MINUTES 60

/* Note templates (定型文): key, text, as in conf/soudan.ini. */
static const char *const default_templates[] = {
	"listen", "傾聴中心。本人の状況を確認。",
	"family_group", "家族会の情報を案内。",
	"center", "ひきこもり地域支援センターの来所相談を案内。",
	"consent", "関係機関への情報提供について同意を確認。",
	"next", "次回の連絡日を約束。",
	NULL,
};

/* key, Japanese label, English label: the lists of soudan.ini(5), in order. */
#define CODES_MAX 28
static const char *const default_codes[LIST__COUNT][3 * CODES_MAX + 1] = {
	[LIST_CALL_TYPE] = {
		"consult", "相談", "consultation",
		"info", "問合せのみ", "enquiry only",
		"silent", "無言", "silent",
		"hangup", "途中切断", "hung up",
		"prank", "いたずら", "prank",
		"wrong", "間違い電話", "wrong number", NULL},
	[LIST_CHANNEL] = {
		"phone", "電話", "phone",
		"visit", "来所", "visit to the office",
		"outreach", "訪問", "home visit",
		"email", "メール", "e-mail",
		"sns", "SNS・チャット", "SNS or chat", NULL},
	[LIST_CONTACT] = {
		"new", "新規", "new",
		"repeat", "再相談", "has called before",
		"unknown", "不明", "unknown", NULL},
	[LIST_CALLER] = {
		"self", "本人", "the person",
		"mother", "母", "mother",
		"father", "父", "father",
		"sibling", "きょうだい", "sibling",
		"spouse", "配偶者", "spouse",
		"relative", "その他親族", "other relative",
		"acquaintance", "知人・近隣", "acquaintance or neighbour",
		"caremanager", "ケアマネジャー", "care manager",
		"minsei", "民生委員", "welfare commissioner",
		"agency", "関係機関", "agency",
		"other", "その他", "other",
		"unknown", "不明", "unknown", NULL},
	[LIST_CALLER_AGE] = {
		"under20", "20歳未満", "under 20",
		"20s", "20代", "20s",
		"30s", "30代", "30s",
		"40s", "40代", "40s",
		"50s", "50代", "50s",
		"60s", "60代", "60s",
		"70s", "70代", "70s",
		"80plus", "80歳以上", "80 or older",
		"unknown", "不明", "unknown", NULL},
	[LIST_AGE_BAND] = {
		"under15", "15歳未満", "under 15",
		"15-19", "15〜19歳", "15-19",
		"20s", "20代", "20s",
		"30s", "30代", "30s",
		"40s", "40代", "40s",
		"50s", "50代", "50s",
		"60s", "60代", "60s",
		"70plus", "70歳以上", "70 or older",
		"unknown", "不明", "unknown", NULL},
	[LIST_GENDER] = {
		"male", "男性", "male",
		"female", "女性", "female",
		"other", "その他", "other",
		"unknown", "不明", "unknown", NULL},
	[LIST_WITHDRAWAL] = {
		"lt6m", "6か月未満", "under 6 months",
		"6m-1y", "6か月〜1年未満", "6 months to 1 year",
		"1-3y", "1〜3年未満", "1 to 3 years",
		"3-5y", "3〜5年未満", "3 to 5 years",
		"5-10y", "5〜10年未満", "5 to 10 years",
		"10-20y", "10〜20年未満", "10 to 20 years",
		"20-30y", "20〜30年未満", "20 to 30 years",
		"30y+", "30年以上", "30 years or more",
		"none", "該当しない", "not withdrawn",
		"unknown", "不明", "unknown", NULL},
	[LIST_HEARD_VIA] = {
		"pr", "広報紙・チラシ", "newsletter or leaflet",
		"web", "ホームページ・SNS", "website or SNS",
		"media", "新聞・テレビ", "newspaper or TV",
		"agency", "関係機関の紹介", "referred by an agency",
		"minsei", "民生委員・児童委員", "welfare commissioner",
		"ward", "区役所・地域ケアプラザ", "ward office or care plaza",
		"transit", "交通広告・動画", "transit ad or video",
		"family", "家族・知人", "family or friends",
		"before", "以前に利用", "used the line before",
		"other", "その他", "other",
		"unknown", "不明", "unknown", NULL},
	[LIST_CONCERN] = {
		"approach", "本人への関わり方", "how to approach the person",
		"state", "本人の状態・生活", "the person's state and life",
		"future", "今後の生活", "life ahead",
		"aging_parents", "親の高齢化・親亡き後（8050）", "ageing parents, after them (8050)",
		"alone", "独居・親の死亡", "living alone, a parent's death",
		"work", "就労", "work",
		"school", "就学・不登校", "school, non-attendance",
		"place", "居場所・社会参加", "a place to go, taking part",
		"medical", "医療・受診", "medical care",
		"mental", "精神疾患・こころの不調（疑い含む）", "mental health (incl. suspected)",
		"hattatsu", "発達障害", "developmental disability",
		"disability", "障害", "disability",
		"game", "ゲーム・ネット・昼夜逆転", "games, internet, night and day",
		"family", "家族関係", "family relations",
		"family_strain", "家族自身の疲れ・不調", "the family's own strain",
		"economy", "経済的困窮", "financial hardship",
		"housing", "住まい", "housing",
		"care", "親の介護", "care of a parent",
		"violence", "家庭内暴力", "violence at home",
		"diversity", "性の多様性", "sexual and gender diversity",
		"resources", "相談先の情報", "where to get help",
		"other", "その他", "other", NULL},
	[LIST_RESPONSE] = {
		"listen", "傾聴", "listening",
		"advice", "助言", "advice",
		"info", "情報提供", "information",
		"referral", "他機関紹介", "referral to an agency",
		"coordinate", "関係機関へ連絡・調整", "liaison with agencies",
		"appointment", "来所予約", "appointment to visit",
		"visit", "訪問調整", "arranging a home visit",
		"accompany", "同行", "accompanying",
		"emergency", "緊急対応", "emergency response", NULL},
	[LIST_RISK] = {
		"suicidal", "希死念慮", "suicidal thoughts",
		"plan", "自殺の計画・手段", "suicide plan or means",
		"attempt", "自殺未遂歴", "past suicide attempt",
		"selfharm", "自傷", "self-harm",
		"violence_to_family", "家族への暴力", "violence to family",
		"violence_from_family", "家族からの暴力・虐待", "violence or abuse from family",
		"harm_others", "他害のおそれ", "may harm others",
		"mental_worse", "精神症状の悪化・治療中断", "symptoms worse, treatment stopped",
		"physical", "身体の衰弱", "physical decline",
		"parent_crisis", "親の急病・死亡", "a parent's sudden illness or death",
		"neglect", "セルフネグレクト", "self-neglect",
		"neighbour", "近隣トラブル", "trouble with neighbours", NULL},
	[LIST_URGENCY] = {
		"none", "なし", "none",
		"watch", "要注意", "watch",
		"urgent", "緊急", "urgent", NULL},
	[LIST_OUTCOME] = {
		"closed", "今回で終結", "closed this time",
		"phone", "電話で継続", "continues by phone",
		"interview", "来所・面接へ", "to an interview",
		"visit", "訪問へ", "to a home visit",
		"handover", "他機関へ引継ぎ", "handed over to an agency", NULL},
	[LIST_CONTINUATION_REASON] = {
		"wish", "継続した相談を希望", "wishes to continue",
		"first_step", "本人が最初の一歩を踏み出した", "the person took a first step",
		"handover", "他機関への丁寧な引継ぎが必要", "careful handover needed",
		"sort_out", "課題を一緒に整理する必要", "issues to sort out together", NULL},
	[LIST_RESOURCE_CATEGORY] = {
		"center", "ひきこもり地域支援センター", "hikikomori support centre",
		"station", "ひきこもり支援ステーション", "hikikomori support station",
		"mhwc", "精神保健福祉センター", "mental health welfare centre",
		"hc", "保健所・保健センター", "public health centre",
		"welfare", "福祉事務所", "welfare office",
		"city", "市区町村窓口", "municipal office",
		"selfsupport", "自立相談支援機関", "self-reliance support",
		"shakyo", "社会福祉協議会", "council of social welfare",
		"houkatsu", "地域包括支援センター", "community support centre",
		"disability", "障害福祉サービス事業所", "disability services",
		"hattatsu", "発達障害者支援センター", "developmental disability centre",
		"jisou", "児童相談所", "child guidance centre",
		"youth", "子ども・若者総合相談センター", "children and youth centre",
		"saposute", "地域若者サポートステーション", "youth support station",
		"hellowork", "ハローワーク", "Hello Work (job centre)",
		"medical", "医療機関", "medical institution",
		"school", "学校・教育委員会", "school or education board",
		"family_group", "家族会・当事者会", "family or peer group",
		"npo", "NPO・民間支援団体", "NPO or private group",
		"ibasho", "居場所", "drop-in place",
		"company", "企業", "company",
		"shuro", "障害者就業・生活支援センター", "employment and life support",
		"jika", "児童家庭支援センター", "child and family support",
		"other_center", "他のひきこもり地域支援センター", "another hikikomori centre",
		"police", "警察", "police",
		"other", "その他", "other", NULL},
	[LIST_FOLLOWUP_RESULT] = {
		"visit", "来所につながった", "came to the office",
		"outreach", "訪問実施", "home visit made",
		"handover", "関係機関へ引継ぎ", "handed over to an agency",
		"called", "本人・家族から連絡", "the person or family called",
		"unreachable", "連絡つかず", "could not be reached",
		"stopped", "中断", "discontinued",
		"other", "その他", "other", NULL},
	[LIST_DEBRIEF_REASON] = {
		"urgent", "緊急対応", "emergency response",
		"abuse", "暴言・威圧", "abuse or intimidation",
		"long", "長時間", "a long call",
		"unsure", "判断に迷った", "unsure what to do",
		"other", "その他", "other", NULL},
	[LIST_REGION] = {NULL}, /* a deployment lists its wards; empty hides the field */
};

/* Keys retired from the built-in lists (key, Japanese, English): old calls
 * keep them and old exports still import; the screen no longer offers them.
 * 20y+ was split into 20-30y and 30y+: neither can be guessed for old calls. */
static const char *const retired_codes[LIST__COUNT][3 * 2 + 1] = {
	[LIST_WITHDRAWAL] = {"20y+", "20年以上", "20 years or more", NULL},
};

/* Sections with fixed keys. */
static const struct {
	const char *section;
	const char *keys[4];
} fixed_sections[] = {
	{"site", {"name", "timezone", "max_call_hours", NULL}},
	{"database", {"path", "busy_timeout_ms", NULL}},
	{"retention", {"notes_days", NULL}},
	{"roles", {"supervisor_group", NULL}},
	{"statistics", {"consultation_types", "serious_risks", "page_lines", NULL}},
	{"duty", {"debrief_after_minutes", "calls_in_progress", NULL}},
};

/* A section of free keys that is not a code list. */
static bool is_templates(const char *name)
{
	return strcmp(name, "templates") == 0;
}

static const struct {
	const char *name, *title;
	bool multi;
} list_info[LIST__COUNT] = {
#define LIST_INFO(id, section, title, multi) [id] = {section, title, multi},
	SOUDAN_LISTS(LIST_INFO)
#undef LIST_INFO
};

static void codes_free(struct code *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].label_ja);
		free(v[i].label_en);
	}
	free(v);
}

static void list_clear(struct codelist *l)
{
	codes_free(l->codes, l->n);
	l->codes = NULL;
	l->n = 0;
}

static void codes_add(struct code **v, size_t *n, const char *key, const char *ja,
		      const char *en)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].key = xstrdup(key);
	(*v)[*n].label_ja = xstrdup(ja);
	(*v)[*n].label_en = en ? xstrdup(en) : NULL;
	(*v)[*n].label = (*v)[*n].label_ja;
	(*n)++;
}

static void list_add(struct codelist *l, const char *key, const char *ja, const char *en)
{
	codes_add(&l->codes, &l->n, key, ja, en);
}

static void keyset_clear(struct keyset *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

bool keyset_has(const struct keyset *k, const char *key)
{
	for (size_t i = 0; key && i < k->n; i++)
		if (strcmp(k->v[i], key) == 0)
			return true;
	return false;
}

/* The words of text (blanks between them), each once. */
static void keyset_parse(struct keyset *k, const char *text)
{
	const char *p = text ? text : "";

	keyset_clear(k);
	while (*p) {
		size_t n;
		char *w;

		p += strspn(p, " \t");
		if (!(n = strcspn(p, " \t")))
			break;
		w = xstrndup(p, n);
		if (keyset_has(k, w)) {
			free(w);
		} else {
			k->v = xrealloc(k->v, (k->n + 1) * sizeof *k->v);
			k->v[k->n++] = w;
		}
		p += n;
	}
}

/* Keep only the keys the list has (the defaults, over a list a file replaced). */
static void keyset_keep_known(struct keyset *k, const struct codelist *l)
{
	size_t out = 0;

	for (size_t i = 0; i < k->n; i++)
		if (codelist_find(l, k->v[i]) >= 0)
			k->v[out++] = k->v[i];
		else
			free(k->v[i]);
	k->n = out;
}

bool config_is_consultation(const struct config *cfg, const char *call_type)
{
	return keyset_has(&cfg->consultation_types, call_type);
}

bool config_shows_calls_in_progress(const struct config *cfg, bool supervisor)
{
	return supervisor || cfg->calls_in_progress == DUTY_EVERYONE;
}

static void template_add(struct config *cfg, const char *key, const char *text)
{
	cfg->templates = xrealloc(cfg->templates, (cfg->ntemplates + 1) * sizeof *cfg->templates);
	cfg->templates[cfg->ntemplates].key = xstrdup(key);
	cfg->templates[cfg->ntemplates].text = xstrdup(text);
	cfg->ntemplates++;
}

static void templates_clear(struct config *cfg)
{
	for (size_t i = 0; i < cfg->ntemplates; i++) {
		free(cfg->templates[i].key);
		free(cfg->templates[i].text);
	}
	free(cfg->templates);
	cfg->templates = NULL;
	cfg->ntemplates = 0;
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
	cfg->timezone = xstrdup(DEFAULT_TIMEZONE);
	cfg->db_path = default_db_path();
	cfg->busy_timeout_ms = DEFAULT_BUSY_MS;
	cfg->retention_days = 0;
	cfg->supervisor_group = xstrdup(DEFAULT_GROUP);
	for (int i = 0; i < LIST__COUNT; i++) {
		struct codelist *l = &cfg->lists[i];
		l->name = list_info[i].name;
		l->title = list_info[i].title;
		l->multi = list_info[i].multi;
		for (const char *const *p = default_codes[i]; *p; p += 3)
			list_add(l, p[0], p[1], p[2]);
		for (const char *const *p = retired_codes[i]; *p; p += 3)
			codes_add(&l->retired, &l->nretired, p[0], p[1], p[2]);
	}
	keyset_parse(&cfg->consultation_types, DEFAULT_CONSULTATION_TYPES);
	keyset_parse(&cfg->serious_risks, DEFAULT_SERIOUS_RISKS);
	cfg->page_lines = DEFAULT_PAGE_LINES;
	cfg->max_call_hours = DEFAULT_MAX_CALL_HOURS;
	cfg->debrief_after_minutes = DEFAULT_DEBRIEF_AFTER_MINUTES;
	cfg->calls_in_progress = DUTY_SUPERVISORS;
	for (const char *const *p = default_templates; *p; p += 2)
		template_add(cfg, p[0], p[1]);
	config_use_japanese(cfg, config_messages_japanese());
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->site);
	free(cfg->timezone);
	free(cfg->db_path);
	keyset_clear(&cfg->consultation_types);
	keyset_clear(&cfg->serious_risks);
	free(cfg->supervisor_group);
	templates_clear(cfg);
	for (int i = 0; i < LIST__COUNT; i++) {
		list_clear(&cfg->lists[i]);
		codes_free(cfg->lists[i].retired, cfg->lists[i].nretired);
	}
	memset(cfg, 0, sizeof *cfg);
}

bool config_messages_japanese(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	return l && strncmp(l, "ja", 2) == 0;
}

static void codes_use(struct code *v, size_t n, bool japanese)
{
	for (size_t i = 0; i < n; i++)
		v[i].label = japanese || !v[i].label_en ? v[i].label_ja : v[i].label_en;
}

void config_use_japanese(struct config *cfg, bool japanese)
{
	for (int i = 0; i < LIST__COUNT; i++) {
		codes_use(cfg->lists[i].codes, cfg->lists[i].n, japanese);
		codes_use(cfg->lists[i].retired, cfg->lists[i].nretired, japanese);
	}
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

static const struct code *retired_find(const struct codelist *l, const char *key)
{
	for (size_t i = 0; key && i < l->nretired; i++)
		if (strcmp(l->retired[i].key, key) == 0)
			return &l->retired[i];
	return NULL;
}

const char *codelist_label(const struct codelist *l, const char *key)
{
	int i = codelist_find(l, key);
	const struct code *r;

	if (i >= 0)
		return l->codes[i].label;
	return (r = retired_find(l, key)) ? r->label : NULL;
}

bool codelist_accepts(const struct codelist *l, const char *key)
{
	return codelist_find(l, key) >= 0 || retired_find(l, key);
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
	if (strlen(name) > KEY_MAX ||
	    (list_by_name(name) < 0 && fixed_by_name(name) < 0 && !is_templates(name)))
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
	/* iniparser ends a value at ';' or '#': a template would lose its end. */
	if (is_templates(cur) && strpbrk(value, ";#"))
		return error_at(err, ST_CONFIG, sc->path, line, key,
				_("';' and '#' start a comment: write the full-width ；or ＃"));
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

/* [statistics]: the key lists are checked against the code lists once all
 * are read (check_statistics), since a list section may come later. */
static enum status apply_statistics(struct config *cfg, const struct scan *sc,
				    const struct entry *e, const char *v, struct error *err)
{
	if (strcmp(e->key, "page_lines") == 0)
		return parse_int(sc, e, v, 20, 1000, &cfg->page_lines, err);
	keyset_parse(strcmp(e->key, "consultation_types") == 0 ? &cfg->consultation_types
							       : &cfg->serious_risks, v);
	return ST_OK;
}

/* [duty]: the duty room. */
static enum status apply_duty(struct config *cfg, const struct scan *sc, const struct entry *e,
			      const char *v, struct error *err)
{
	if (strcmp(e->key, "debrief_after_minutes") == 0)
		return parse_int(sc, e, v, 0, 1440, &cfg->debrief_after_minutes, err);
	if (v && strcmp(v, "supervisors") == 0)
		cfg->calls_in_progress = DUTY_SUPERVISORS;
	else if (v && strcmp(v, "everyone") == 0)
		cfg->calls_in_progress = DUTY_EVERYONE;
	else
		return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				_("expected supervisors or everyone"));
	return ST_OK;
}

/* Every key of k is in the list l. */
static enum status check_keys(const struct scan *sc, const struct entry *e,
			      const struct keyset *k, const struct codelist *l, struct error *err)
{
	for (size_t i = 0; i < k->n; i++)
		if (codelist_find(l, k->v[i]) < 0)
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
					_("\"%s\" is not a key of [%s]"), k->v[i], l->name);
	return ST_OK;
}

static const struct entry *scan_entry(const struct scan *sc, const char *section, const char *key)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->e[i].section, section) == 0 && strcmp(sc->e[i].key, key) == 0)
			return &sc->e[i];
	return NULL;
}

/* Keys the file gives must be in their lists; the defaults keep those that are. */
static enum status check_statistics(struct config *cfg, const struct scan *sc, struct error *err)
{
	const struct entry *types = scan_entry(sc, "statistics", "consultation_types");
	const struct entry *risks = scan_entry(sc, "statistics", "serious_risks");
	const struct codelist *ct = &cfg->lists[LIST_CALL_TYPE];
	enum status rc;

	if (types && (rc = check_keys(sc, types, &cfg->consultation_types, ct, err)))
		return rc;
	if (risks && (rc = check_keys(sc, risks, &cfg->serious_risks, &cfg->lists[LIST_RISK], err)))
		return rc;
	if (!types)
		keyset_keep_known(&cfg->consultation_types, ct);
	if (!risks)
		keyset_keep_known(&cfg->serious_risks, &cfg->lists[LIST_RISK]);
	if (cfg->consultation_types.n == 0)
		return error_at(err, ST_CONFIG, sc->path, types ? types->line : 0,
				"consultation_types",
				types ? _("lists no call type: which calls are consultations?")
				      : _("the default call types (consult, info) are not in [call_type]:"
					  " set [statistics] consultation_types"));
	return ST_OK;
}

/* key = 相談 | consultation: the Japanese label, then optionally the English one. */
static enum status apply_code(struct config *cfg, const struct scan *sc, const struct entry *e,
			      const char *v, struct error *err)
{
	char *ja, *bar, *en = NULL;
	enum status rc;
	int l = list_by_name(e->section);

	/* Lists chosen by one key in a picker: as many as its keys and the
	 * screen hold. */
	if ((l == LIST_DEBRIEF_REASON || l == LIST_FOLLOWUP_RESULT) &&
	    cfg->lists[l].n >= PICK_LIST_MAX)
		return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				_("[%s] holds at most %d entries (the picker's keys 1-9 and a-k on"
				  " one screen)"), e->section, PICK_LIST_MAX);
	ja = xstrdup(v ? v : "");
	bar = strchr(ja, '|');

	if (bar) {
		*bar = '\0';
		en = trim(bar + 1);
		if (strchr(en, '|'))
			rc = error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				      _("one '|' between the Japanese and the English label"));
		else if (!*en)
			rc = error_at(err, ST_CONFIG, sc->path, e->line, e->key,
				      _("empty English label after '|'"));
		else
			rc = check_text(sc, e, en, LABEL_MAX_COLS, err);
		if (rc)
			goto out;
	}
	if (!(rc = check_text(sc, e, trim(ja), LABEL_MAX_COLS, err)))
		list_add(&cfg->lists[list_by_name(e->section)], e->key, trim(ja), en);
out:
	free(ja);
	return rc;
}

static enum status apply_entry(struct config *cfg, const struct scan *sc, dictionary *d,
			       const struct entry *e, struct error *err)
{
	const char *v = ini_value(d, e->section, e->key);
	enum status rc;
	if (strcmp(e->section, "site") == 0 && strcmp(e->key, "timezone") == 0) {
		if (!v || !time_zone_valid(v))
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
					_("unknown time zone \"%s\" (a name such as Asia/Tokyo from"
					  " the tz database, installed with tzdata)"),
					v ? v : "");
		free(cfg->timezone);
		cfg->timezone = xstrdup(v);
	} else if (strcmp(e->section, "site") == 0 && strcmp(e->key, "max_call_hours") == 0) {
		return parse_int(sc, e, v, 1, 720, &cfg->max_call_hours, err);
	} else if (strcmp(e->section, "site") == 0) {
		if ((rc = check_text(sc, e, v, SITE_MAX_COLS, err)))
			return rc;
		free(cfg->site);
		cfg->site = xstrdup(v);
	} else if (strcmp(e->section, "statistics") == 0) {
		return apply_statistics(cfg, sc, e, v, err);
	} else if (strcmp(e->section, "duty") == 0) {
		return apply_duty(cfg, sc, e, v, err);
	} else if (is_templates(e->section)) {
		if (cfg->ntemplates >= PICK_LIST_MAX)
			return error_at(err, ST_CONFIG, sc->path, e->line, e->key,
					_("[templates] holds at most %d entries (the picker's keys"
					  " 1-9 and a-k on one screen)"), PICK_LIST_MAX);
		if ((rc = check_text(sc, e, v, TEMPLATE_MAX_COLS, err)))
			return rc;
		template_add(cfg, e->key, v);
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
		return apply_code(cfg, sc, e, v, err);
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
		/* and [templates] the built-in templates (empty: none at all) */
		if (is_templates(sc->seen_sections[i]))
			templates_clear(cfg);
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
	return check_statistics(cfg, sc, err);
}

enum status config_apply_timezone(const struct config *cfg, struct error *err)
{
	if (!time_zone_set(cfg->timezone))
		return error_at(err, ST_CONFIG, cfg->path ? cfg->path : "", 0, "timezone",
				_("time zone \"%s\" is not installed here (the tzdata package)"),
				cfg->timezone);
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
	config_use_japanese(cfg, config_messages_japanese());
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
