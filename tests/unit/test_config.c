/* Configuration: defaults equal the shipped file, search order, and every bad file
 * named by file and line with exit status 78, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <locale.h>

#include "soudan/config.h"
#include "soudan/roles.h"
#include "soudan/text.h"

#define DATA "tests/data/config/"

static void assert_same_config(const struct config *a, const struct config *b)
{
	assert_string_equal(a->site, b->site);
	assert_string_equal(a->db_path, b->db_path);
	assert_int_equal(a->busy_timeout_ms, b->busy_timeout_ms);
	assert_int_equal(a->retention_days, b->retention_days);
	assert_string_equal(a->supervisor_group, b->supervisor_group);
	assert_string_equal(a->timezone, b->timezone);
	assert_int_equal(a->page_lines, b->page_lines);
	assert_int_equal(a->consultation_types.n, b->consultation_types.n);
	for (size_t k = 0; k < a->consultation_types.n; k++)
		assert_string_equal(a->consultation_types.v[k], b->consultation_types.v[k]);
	assert_int_equal(a->serious_risks.n, b->serious_risks.n);
	for (size_t k = 0; k < a->serious_risks.n; k++)
		assert_string_equal(a->serious_risks.v[k], b->serious_risks.v[k]);
	assert_int_equal(a->debrief_after_minutes, b->debrief_after_minutes);
	assert_int_equal(a->calls_in_progress, b->calls_in_progress);
	assert_int_equal(a->ntemplates, b->ntemplates);
	for (size_t k = 0; k < a->ntemplates; k++) {
		assert_string_equal(a->templates[k].key, b->templates[k].key);
		assert_string_equal(a->templates[k].text, b->templates[k].text);
	}
	for (int i = 0; i < LIST__COUNT; i++) {
		const struct codelist *la = config_list(a, i), *lb = config_list(b, i);
		assert_string_equal(la->name, lb->name);
		assert_int_equal(la->n, lb->n);
		for (size_t k = 0; k < la->n; k++) {
			assert_string_equal(la->codes[k].key, lb->codes[k].key);
			assert_string_equal(la->codes[k].label, lb->codes[k].label);
			assert_string_equal(la->codes[k].label_ja, lb->codes[k].label_ja);
			assert_string_equal(la->codes[k].label_en ? la->codes[k].label_en : "",
					    lb->codes[k].label_en ? lb->codes[k].label_en : "");
		}
	}
}

static void test_shipped_file_equals_defaults(void **state)
{
	struct config def, file;
	struct error err = {0};
	config_defaults(&def);
	assert_int_equal(config_load_file(&file, "conf/soudan.ini", &err), ST_OK);
	assert_string_equal(file.path, "conf/soudan.ini");
	assert_same_config(&def, &file);
	config_free(&def);
	config_free(&file);
}

/* The built-in lists, key = Japanese label, written out from the domain's
 * table (README, soudan.ini(5)) rather than from config.c. */
static const char *const domain_lists[][2] = {
	{"call_type", "consult=相談 info=問合せのみ silent=無言 hangup=途中切断 prank=いたずら"
		      " wrong=間違い電話"},
	{"channel", "phone=電話 visit=来所 outreach=訪問 email=メール sns=SNS・チャット"},
	{"contact", "new=新規 repeat=再相談 unknown=不明"},
	{"caller", "self=本人 mother=母 father=父 sibling=きょうだい spouse=配偶者 relative=その他親族"
		   " acquaintance=知人・近隣 caremanager=ケアマネジャー minsei=民生委員"
		   " agency=関係機関 other=その他 unknown=不明"},
	{"caller_age", "under20=20歳未満 20s=20代 30s=30代 40s=40代 50s=50代 60s=60代 70s=70代"
		       " 80plus=80歳以上 unknown=不明"},
	{"age_band", "under15=15歳未満 15-19=15〜19歳 20s=20代 30s=30代 40s=40代 50s=50代 60s=60代"
		     " 70plus=70歳以上 unknown=不明"},
	{"gender", "male=男性 female=女性 other=その他 unknown=不明"},
	{"withdrawal", "lt6m=6か月未満 6m-1y=6か月〜1年未満 1-3y=1〜3年未満 3-5y=3〜5年未満"
		       " 5-10y=5〜10年未満 10-20y=10〜20年未満 20-30y=20〜30年未満 30y+=30年以上"
		       " none=該当しない unknown=不明"},
	{"heard_via", "pr=広報紙・チラシ web=ホームページ・SNS media=新聞・テレビ agency=関係機関の紹介"
		      " minsei=民生委員・児童委員 ward=区役所・地域ケアプラザ transit=交通広告・動画"
		      " family=家族・知人 before=以前に利用 other=その他 unknown=不明"},
	{"concern", "approach=本人への関わり方 state=本人の状態・生活 future=今後の生活"
		    " aging_parents=親の高齢化・親亡き後（8050） alone=独居・親の死亡 work=就労"
		    " school=就学・不登校 place=居場所・社会参加 medical=医療・受診"
		    " mental=精神疾患・こころの不調（疑い含む） hattatsu=発達障害 disability=障害"
		    " game=ゲーム・ネット・昼夜逆転 family=家族関係 family_strain=家族自身の疲れ・不調"
		    " economy=経済的困窮 housing=住まい care=親の介護 violence=家庭内暴力"
		    " diversity=性の多様性 resources=相談先の情報 other=その他"},
	{"response", "listen=傾聴 advice=助言 info=情報提供 referral=他機関紹介"
		     " coordinate=関係機関へ連絡・調整 appointment=来所予約 visit=訪問調整 accompany=同行"
		     " emergency=緊急対応"},
	{"risk", "suicidal=希死念慮 plan=自殺の計画・手段 attempt=自殺未遂歴 selfharm=自傷"
		 " violence_to_family=家族への暴力 violence_from_family=家族からの暴力・虐待"
		 " harm_others=他害のおそれ mental_worse=精神症状の悪化・治療中断 physical=身体の衰弱"
		 " parent_crisis=親の急病・死亡 neglect=セルフネグレクト neighbour=近隣トラブル"},
	{"urgency", "none=なし watch=要注意 urgent=緊急"},
	{"outcome", "closed=今回で終結 phone=電話で継続 interview=来所・面接へ visit=訪問へ"
		    " handover=他機関へ引継ぎ"},
	{"continuation_reason", "wish=継続した相談を希望 first_step=本人が最初の一歩を踏み出した"
				" handover=他機関への丁寧な引継ぎが必要 sort_out=課題を一緒に整理する必要"},
	{"resource_category", "center=ひきこもり地域支援センター station=ひきこもり支援ステーション"
			      " mhwc=精神保健福祉センター hc=保健所・保健センター welfare=福祉事務所"
			      " city=市区町村窓口 selfsupport=自立相談支援機関 shakyo=社会福祉協議会"
			      " houkatsu=地域包括支援センター disability=障害福祉サービス事業所"
			      " hattatsu=発達障害者支援センター jisou=児童相談所"
			      " youth=子ども・若者総合相談センター saposute=地域若者サポートステーション"
			      " hellowork=ハローワーク medical=医療機関 school=学校・教育委員会"
			      " family_group=家族会・当事者会 npo=NPO・民間支援団体 ibasho=居場所"
			      " company=企業 shuro=障害者就業・生活支援センター jika=児童家庭支援センター"
			      " other_center=他のひきこもり地域支援センター police=警察 other=その他"},
	{"followup_result", "visit=来所につながった outreach=訪問実施 handover=関係機関へ引継ぎ"
			    " called=本人・家族から連絡 unreachable=連絡つかず stopped=中断 other=その他"},
	{"debrief_reason", "urgent=緊急対応 abuse=暴言・威圧 long=長時間 unsure=判断に迷った"
			   " other=その他"},
	{"region", ""},
};

static void test_defaults_match_domain(void **state)
{
	struct config c;
	config_defaults(&c);
	config_use_japanese(&c, true);
	assert_string_equal(c.site, "ひきこもり相談ダイヤル");
	assert_int_equal(c.busy_timeout_ms, 5000);
	assert_int_equal(c.retention_days, 0);
	assert_string_equal(c.supervisor_group, "soudan-sv");
	assert_string_equal(c.timezone, "Asia/Tokyo");
	assert_int_equal(c.page_lines, 60);
	assert_int_equal(c.consultation_types.n, 2);
	assert_true(config_is_consultation(&c, "consult"));
	assert_true(config_is_consultation(&c, "info"));
	assert_false(config_is_consultation(&c, "silent"));
	assert_false(config_is_consultation(&c, "hangup"));
	assert_false(config_is_consultation(&c, "prank"));
	assert_false(config_is_consultation(&c, "wrong"));
	assert_false(config_is_consultation(&c, NULL));
	assert_int_equal(c.serious_risks.n, 4);
	assert_true(keyset_has(&c.serious_risks, "plan"));
	assert_true(keyset_has(&c.serious_risks, "attempt"));
	assert_true(keyset_has(&c.serious_risks, "violence_to_family"));
	assert_true(keyset_has(&c.serious_risks, "harm_others"));
	assert_false(keyset_has(&c.serious_risks, "suicidal"));
	assert_int_equal(sizeof domain_lists / sizeof *domain_lists, LIST__COUNT);
	for (int i = 0; i < LIST__COUNT; i++) {
		const struct codelist *l = config_list(&c, i);
		struct buf want;
		buf_init(&want);
		buf_puts(&want, "");
		for (size_t k = 0; k < l->n; k++)
			buf_printf(&want, "%s%s=%s", k ? " " : "", l->codes[k].key, l->codes[k].label);
		assert_string_equal(l->name, domain_lists[i][0]);
		assert_string_equal(want.s, domain_lists[i][1]);
		/* every built-in code has an English label too */
		for (size_t k = 0; k < l->n; k++)
			assert_non_null(l->codes[k].label_en);
		buf_free(&want);
	}
	const struct codelist *ct = config_list(&c, LIST_CALL_TYPE);
	assert_string_equal(codelist_label(ct, "silent"), "無言");
	assert_true(config_list(&c, LIST_CONCERN)->multi);
	assert_false(config_list(&c, LIST_URGENCY)->multi);
	assert_false(config_list(&c, LIST_CALLER_AGE)->multi);
	assert_int_equal(codelist_find(config_list(&c, LIST_AGE_BAND), "15-19"), 1);
	assert_int_equal(codelist_find(config_list(&c, LIST_AGE_BAND), "nope"), -1);
	assert_null(codelist_label(ct, NULL));
	assert_true(codelist_has_unknown(config_list(&c, LIST_CALLER)));
	assert_false(codelist_has_unknown(config_list(&c, LIST_URGENCY)));
	config_free(&c);
}

/* 20y+ left the withdrawal list (20-30y and 30y+ replace it): not offered,
 * but accepted and labelled, in both languages. */
static void test_retired_key(void **state)
{
	struct config c;
	config_defaults(&c);
	config_use_japanese(&c, true);
	const struct codelist *w = config_list(&c, LIST_WITHDRAWAL);
	assert_int_equal(codelist_find(w, "20y+"), -1);
	assert_true(codelist_accepts(w, "20y+"));
	assert_true(codelist_accepts(w, "30y+"));
	assert_false(codelist_accepts(w, "40y+"));
	assert_false(codelist_accepts(config_list(&c, LIST_AGE_BAND), "20y+"));
	assert_string_equal(codelist_label(w, "20y+"), "20年以上");
	config_use_japanese(&c, false);
	assert_string_equal(codelist_label(w, "20y+"), "20 years or more");
	config_free(&c);
	/* a file that replaces the list keeps the retired key readable */
	struct error err = {0};
	assert_int_equal(config_load_file(&c, DATA "good.ini", &err), ST_OK);
	assert_true(codelist_accepts(config_list(&c, LIST_WITHDRAWAL), "20y+"));
	config_free(&c);
}

/* "key = 相談 | consultation": the Japanese label under a Japanese locale, the
 * English one otherwise, the Japanese one where no English one is given. */
static void test_english_labels(void **state)
{
	struct config c;
	struct error err = {0};
	assert_int_equal(config_load_file(&c, DATA "english.ini", &err), ST_OK);
	const struct codelist *u = config_list(&c, LIST_URGENCY);
	config_use_japanese(&c, true);
	assert_string_equal(codelist_label(u, "urgent"), "緊急");
	assert_string_equal(codelist_label(u, "none"), "なし");
	assert_string_equal(codelist_label(u, "watch"), "要注意");
	assert_string_equal(u->codes[0].label, "緊急");
	config_use_japanese(&c, false);
	assert_string_equal(codelist_label(u, "urgent"), "urgent!");
	assert_string_equal(codelist_label(u, "none"), "なし"); /* no English label */
	assert_string_equal(codelist_label(u, "watch"), "keep watching");
	assert_string_equal(u->codes[0].label, "urgent!");
	assert_string_equal(u->codes[0].label_ja, "緊急");
	assert_null(u->codes[1].label_en);
	/* the built-in lists have both */
	assert_string_equal(codelist_label(config_list(&c, LIST_CALL_TYPE), "silent"), "silent");
	assert_string_equal(codelist_label(config_list(&c, LIST_CONTACT), "repeat"),
			    "has called before");
	config_use_japanese(&c, true);
	assert_string_equal(codelist_label(config_list(&c, LIST_CONTACT), "repeat"), "再相談");
	config_free(&c);
	/* the choice follows LC_MESSAGES when the file is loaded */
	assert_non_null(setlocale(LC_MESSAGES, "C.UTF-8"));
	assert_false(config_messages_japanese());
	assert_int_equal(config_load_file(&c, DATA "english.ini", &err), ST_OK);
	assert_string_equal(codelist_label(config_list(&c, LIST_URGENCY), "urgent"), "urgent!");
	config_free(&c);
	if (setlocale(LC_MESSAGES, "ja_JP.UTF-8")) { /* make deps generates it */
		assert_true(config_messages_japanese());
		assert_int_equal(config_load_file(&c, DATA "english.ini", &err), ST_OK);
		assert_string_equal(codelist_label(config_list(&c, LIST_URGENCY), "urgent"), "緊急");
		config_free(&c);
		config_defaults(&c);
		assert_string_equal(codelist_label(config_list(&c, LIST_CALL_TYPE), "silent"), "無言");
		config_free(&c);
	} else {
		fail_msg("the ja_JP.UTF-8 locale is missing (make deps)");
	}
	setlocale(LC_MESSAGES, "C");
}

static void test_good_file(void **state)
{
	struct config c;
	struct error err = {0};
	assert_int_equal(config_load_file(&c, DATA "good.ini", &err), ST_OK);
	assert_string_equal(c.site, "テスト窓口");
	/* relative to the directory of the file that names it */
	assert_string_equal(c.db_path, DATA "data/x.db");
	assert_int_equal(c.busy_timeout_ms, 250);
	assert_int_equal(c.retention_days, 365);
	assert_string_equal(c.supervisor_group, "staff");
	const struct codelist *r = config_list(&c, LIST_REGION);
	assert_int_equal(r->n, 2);
	assert_string_equal(r->codes[1].label, "南区"); /* quotes and comment removed */
	/* a list section replaces the default list, in the file's order */
	const struct codelist *u = config_list(&c, LIST_URGENCY);
	assert_int_equal(u->n, 2);
	assert_string_equal(u->codes[0].key, "urgent");
	assert_string_equal(u->codes[1].key, "none");
	/* lists the file does not name keep their defaults */
	assert_int_equal(config_list(&c, LIST_CONCERN)->n, 22);
	config_free(&c);
}

/* [statistics] and [site] timezone: keys of the lists, checked once all are
 * read; the defaults keep what a replaced list still has. */
static void test_statistics_and_zone(void **state)
{
	struct config c;
	struct error err = {0};
	assert_int_equal(config_load_file(&c, DATA "statistics.ini", &err), ST_OK);
	assert_string_equal(c.timezone, "America/New_York");
	assert_int_equal(c.page_lines, 66);
	assert_int_equal(c.consultation_types.n, 3); /* "consult" given twice counts once */
	assert_true(config_is_consultation(&c, "visit"));
	assert_true(config_is_consultation(&c, "consult"));
	assert_true(config_is_consultation(&c, "silent"));
	assert_false(config_is_consultation(&c, "info"));
	assert_int_equal(c.serious_risks.n, 0); /* given empty: none */
	config_free(&c);
	/* [call_type] replaced without info: the default keeps consult */
	assert_int_equal(config_load_file(&c, DATA "types_replaced.ini", &err), ST_OK);
	assert_int_equal(c.consultation_types.n, 1);
	assert_string_equal(c.consultation_types.v[0], "consult");
	assert_int_equal(c.serious_risks.n, 1); /* only plan is left in [risk] */
	assert_string_equal(c.serious_risks.v[0], "plan");
	config_free(&c);
}

/* [duty] and [templates]: defaults, a file's values, an empty [templates]. */
static void test_duty_and_templates(void **state)
{
	struct config c;
	struct error err = {0};
	config_defaults(&c);
	assert_int_equal(c.debrief_after_minutes, 60);
	assert_int_equal(c.calls_in_progress, DUTY_SUPERVISORS);
	assert_true(config_shows_calls_in_progress(&c, true));
	assert_false(config_shows_calls_in_progress(&c, false));
	assert_true(c.ntemplates >= 3);
	assert_string_equal(c.templates[0].key, "listen");
	assert_string_equal(c.templates[0].text, "傾聴中心。本人の状況を確認。");
	config_free(&c);
	/* 20 of each list chosen by one key load */
	assert_int_equal(config_load_file(&c, DATA "pick_max.ini", &err), ST_OK);
	assert_int_equal(c.ntemplates, PICK_LIST_MAX);
	assert_int_equal(config_list(&c, LIST_DEBRIEF_REASON)->n, PICK_LIST_MAX);
	assert_int_equal(config_list(&c, LIST_FOLLOWUP_RESULT)->n, PICK_LIST_MAX);
	config_free(&c);
	assert_int_equal(config_load_file(&c, DATA "duty.ini", &err), ST_OK);
	assert_int_equal(c.debrief_after_minutes, 45);
	assert_true(config_shows_calls_in_progress(&c, false));
	/* the file's templates replace the built-in ones, in its order */
	assert_int_equal(c.ntemplates, 2);
	assert_string_equal(c.templates[0].key, "short");
	assert_string_equal(c.templates[1].text, "安全を確認した（本人・家族）。");
	config_free(&c);
	assert_int_equal(config_load_file(&c, DATA "no_templates.ini", &err), ST_OK);
	assert_int_equal(c.ntemplates, 0);
	assert_null(c.templates);
	config_free(&c);
}

static void expect_bad(const char *name, enum status st, long line, const char *field,
		       const char *needle)
{
	struct config c;
	struct error err = {0};
	char path[256];
	snprintf(path, sizeof path, DATA "%s", name);
	enum status rc = config_load_file(&c, path, &err);
	if (rc != st || err.line != line || strcmp(err.field, field) ||
	    !strstr(err.msg, needle))
		print_error("%s: got status %d line %ld field '%s' msg '%s'\n", name, rc,
			    err.line, err.field, err.msg);
	assert_int_equal(rc, st);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.msg, needle));
	/* still a usable default config after a failure */
	assert_non_null(c.site);
	assert_int_equal(config_list(&c, LIST_CALL_TYPE)->n, 6);
	config_free(&c);
}

static void test_bad_files(void **state)
{
	expect_bad("dup_section.ini", ST_CONFIG, 3, "", "twice");
	expect_bad("dup_key.ini", ST_CONFIG, 3, "work", "first on line 2");
	expect_bad("colon.ini", ST_CONFIG, 1, "", "section names");
	expect_bad("unknown_section.ini", ST_CONFIG, 1, "", "unknown section [colours]");
	expect_bad("unknown_key.ini", ST_CONFIG, 2, "busy", "unknown key");
	expect_bad("bad_int.ini", ST_CONFIG, 2, "busy_timeout_ms", "whole number");
	expect_bad("upper_key.ini", ST_CONFIG, 2, "Work", "lower-case");
	expect_bad("empty_label.ini", ST_CONFIG, 2, "work", "empty value");
	expect_bad("bad_utf8.ini", ST_CONFIG, 3, "", "invalid UTF-8 at byte 8");
	expect_bad("empty_list.ini", ST_CONFIG, 0, "", "[concern] lists no codes");
	expect_bad("no_section.ini", ST_CONFIG, 1, "", "before the first");
	expect_bad("open_section.ini", ST_CONFIG, 1, "", "must end with");
	expect_bad("no_equals.ini", ST_CONFIG, 2, "", "key = value");
	expect_bad("backslash.ini", ST_CONFIG, 2, "work", "backslash");
	expect_bad("control.ini", ST_CONFIG, 2, "work", "control");
	expect_bad("bom.ini", ST_CONFIG, 1, "", "byte-order mark");
	expect_bad("long_line.ini", ST_CONFIG, 2, "", "longer than 1000 bytes");
	expect_bad("wide_site.ini", ST_CONFIG, 2, "name", "40 display columns");
	expect_bad("bad_group.ini", ST_CONFIG, 2, "supervisor_group", "group");
	expect_bad("does-not-exist.ini", ST_NOINPUT, 0, "", "cannot open");
	expect_bad("two_bars.ini", ST_CONFIG, 3, "watch", "one '|'");
	expect_bad("empty_english.ini", ST_CONFIG, 2, "urgent", "empty English label");
	expect_bad("empty_japanese.ini", ST_CONFIG, 2, "urgent", "empty value");
	expect_bad("wide_english.ini", ST_CONFIG, 2, "urgent", "40 display columns");
	expect_bad("bad_zone.ini", ST_CONFIG, 3, "timezone", "unknown time zone \"Asia/Tokio\"");
	expect_bad("zone_path.ini", ST_CONFIG, 2, "timezone", "unknown time zone");
	expect_bad("bad_type.ini", ST_CONFIG, 2, "consultation_types",
		   "\"consultation\" is not a key of [call_type]");
	expect_bad("bad_risk.ini", ST_CONFIG, 3, "serious_risks", "\"suicide\" is not a key of [risk]");
	expect_bad("no_types.ini", ST_CONFIG, 2, "consultation_types", "lists no call type");
	expect_bad("no_default_types.ini", ST_CONFIG, 0, "consultation_types",
		   "set [statistics] consultation_types");
	expect_bad("page_lines.ini", ST_CONFIG, 2, "page_lines", "from 20 to 1000");
	expect_bad("unknown_statistics.ini", ST_CONFIG, 2, "page_length", "unknown key");
	expect_bad("bad_audience.ini", ST_CONFIG, 2, "calls_in_progress",
		   "supervisors or everyone");
	expect_bad("bad_debrief.ini", ST_CONFIG, 2, "debrief_after_minutes", "from 0 to 1440");
	expect_bad("template_comment.ini", ST_CONFIG, 2, "listen", "full-width");
	expect_bad("template_wide.ini", ST_CONFIG, 2, "long", "200 display columns");
	expect_bad("template_control.ini", ST_CONFIG, 2, "listen", "control");
	/* lists chosen by one key: 20 at most (1-9, a-k) */
	expect_bad("many_templates.ini", ST_CONFIG, 22, "t21", "[templates] holds at most 20");
	expect_bad("many_debrief_reasons.ini", ST_CONFIG, 22, "r21",
		   "[debrief_reason] holds at most 20");
	expect_bad("many_followup_results.ini", ST_CONFIG, 22, "r21",
		   "[followup_result] holds at most 20");
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The search with a system file of the test's own: the host's /etc/soudan
 * never decides what this test sees. */
static void test_search_order(void **state)
{
	char dir[] = "/tmp/soudan-cfg-XXXXXX", path[128], sys[128];
	struct config c;
	struct error err = {0};
	assert_non_null(mkdtemp(dir));
	unsetenv("SOUDAN_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	snprintf(sys, sizeof sys, "%s/system.ini", dir);

	/* nothing there: built-in defaults, no file */
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_null(c.path);
	assert_string_equal(c.db_path, "/srv/data/soudan/soudan.db");
	config_free(&c);

	/* the system file when there is no personal one */
	write_file(sys, "[site]\nname = システム設定\n");
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "システム設定");
	assert_string_equal(c.path, sys);
	config_free(&c);

	/* the XDG file before it */
	snprintf(path, sizeof path, "%s/soudan", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/soudan/soudan.ini", dir);
	write_file(path, "[site]\nname = 個人設定\n");
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "個人設定");
	config_free(&c);

	/* $SOUDAN_CONFIG wins over XDG, --config over both */
	setenv("SOUDAN_CONFIG", DATA "good.ini", 1);
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_OK);
	assert_string_equal(c.site, "テスト窓口");
	config_free(&c);
	assert_int_equal(config_search(&c, "conf/soudan.ini", sys, &err), ST_OK);
	assert_string_equal(c.site, "ひきこもり相談ダイヤル");
	config_free(&c);

	/* a named file that is missing is an error, not a silent default */
	setenv("SOUDAN_CONFIG", "/nonexistent/soudan.ini", 1);
	assert_int_equal(config_search(&c, NULL, sys, &err), ST_NOINPUT);
	config_free(&c);
	unsetenv("SOUDAN_CONFIG");

	/* an unreadable XDG file is reported, not skipped */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(config_search(&c, NULL, sys, &err), ST_NOPERM);
		config_free(&c);
	}
	unlink(path);
	unlink(sys);
	snprintf(path, sizeof path, "%s/soudan", dir);
	rmdir(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
}

/* The supervisor group found among more than 256 groups (a fixed array of
 * 256 missed it), as the last of them, or as the primary group. */
static void test_supervisor_among_many_groups(void **state)
{
	gid_t groups[300];

	(void)state;
	for (int i = 0; i < 300; i++)
		groups[i] = (gid_t)(10000 + i);
	assert_true(roles_group_among(10299, 500, groups, 300));
	assert_true(roles_group_among(10256, 500, groups, 300));
	assert_true(roles_group_among(500, 500, groups, 300));
	assert_false(roles_group_among(42, 500, groups, 300));
	assert_false(roles_group_among(42, 500, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file_equals_defaults),
		cmocka_unit_test(test_defaults_match_domain),
		cmocka_unit_test(test_retired_key),
		cmocka_unit_test(test_english_labels),
		cmocka_unit_test(test_statistics_and_zone),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_duty_and_templates),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_search_order),
		cmocka_unit_test(test_supervisor_among_many_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
