#!/bin/sh
# Japanese for operators, English for everyone else: the catalog is complete
# and in step with the sources, and --help, errors and the printed report are
# Japanese under ja_JP.UTF-8 and English under C.UTF-8, every report line at
# most 80 display columns in both (wc -L counts a kanji as two).
. tests/cli/lib.sh
D=tests/data/stats
JA="env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 SOUDAN_LOCALEDIR=$PWD/$B/locale"
EN="env LANG=C.UTF-8 LC_ALL=C.UTF-8 SOUDAN_LOCALEDIR=$PWD/$B/locale"

# The catalog: every message translated, none fuzzy, formats checked.
msgfmt --check --statistics -o /dev/null po/ja.po 2>"$T/stat"
ok $? "po/ja.po passes msgfmt --check"
check "po/ja.po: all translated ($(cat "$T/stat"))" \
	sh -c "grep -q 'translated' '$T/stat' && ! grep -q 'untranslated\|fuzzy' '$T/stat'"
# The sources have no string that po/ja.po lacks (run po/update.sh if so).
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$T/now.pot" \
	$(find src include -name '*.[ch]' | LC_ALL=C sort)
msgcmp po/ja.po "$T/now.pot" 2>"$T/cmp"
if [ $? -eq 0 ]; then ok 0 "every string in the sources is translated in po/ja.po"; else
	ok 1 "every string in the sources is translated in po/ja.po (run po/update.sh)"
	grep -v 'not used' "$T/cmp" | head -10 | sed 's/^/# /'
fi
check "the ja catalog was built" test -s "$B/locale/ja/LC_MESSAGES/soudan.mo"
check "the ja_JP.UTF-8 locale exists (make deps)" sh -c "locale -a | grep -qi '^ja_JP.utf-\?8\$'"

# --help of both programs.
expect_status 0 "soudan --help (ja)" $JA "$SOUDAN" --help
check "soudan --help is Japanese under ja_JP" grep -q '^使い方: soudan ' "$T/out"
check "and names the intake screen" grep -q '受付画面' "$T/out"
check "and has no English description left" sh -c "! grep -q 'configuration file\|With no command' '$T/out'"
expect_status 0 "soudan --help (C)" $EN "$SOUDAN" --help
check "soudan --help is English under C.UTF-8" grep -q '^Usage: soudan ' "$T/out"
check "and has no Japanese" sh -c "! grep -q '使い方' '$T/out'"
expect_status 0 "soudan-stats --help (ja)" $JA "$STATS" --help
check "soudan-stats --help is Japanese under ja_JP" grep -q '^使い方: soudan-stats ' "$T/out"
check "and explains the fiscal year" grep -q 'YYYY年度' "$T/out"
w=$(LC_ALL=ja_JP.UTF-8 wc -L < "$T/out")
check "soudan-stats --help fits 80 columns in Japanese (widest $w)" test "$w" -le 80
expect_status 0 "soudan-stats --help (C)" $EN "$STATS" --help
check "soudan-stats --help is English under C.UTF-8" grep -q '^Usage: soudan-stats ' "$T/out"

# Errors: the message is translated, the exit status is not.
expect_status 64 "a bad --date is a usage error (ja)" $JA "$STATS" --date 2026-13-01
check "the error is Japanese" grep -q '^soudan-stats: --date: "2026-13-01" は日付ではありません' "$T/err"
expect_status 64 "a bad --date is a usage error (C)" $EN "$STATS" --date 2026-13-01
check "the error is English" grep -q '^soudan-stats: --date: "2026-13-01" is not a date' "$T/err"
expect_status 64 "an unknown command (ja)" $JA "$SOUDAN" --db "$DB" frobnicate
check "the unknown command error is Japanese" grep -q '^soudan: 不明なコマンド' "$T/err"
expect_status 64 "two periods (ja)" $JA "$STATS" --date 2026-11-22 --month 2026-11
check "the period error is Japanese" grep -q '期間は1つだけ' "$T/err"

# The printed report: headings in the locale's language, 80 columns.
# Loading the directory is a supervisor's job: a configuration naming our group.
supervisor_config "$T/supervisor.ini"
expect_status 0 "import the directory" env SOUDAN_CONFIG="$T/supervisor.ini" \
	"$SOUDAN" --db "$DB" resources import "$D/resources.csv"
expect_status 0 "import the fixture calls" "$SOUDAN" -c "$SV" --db "$DB" import "$D/day.jsonl"
plant_hostile_names "$DB"
# titles FILE: the section titles (each line above a line of dashes).
titles() { awk '/^-+$/ && prev != "" { print prev } { prev = $0 }' "$1"; }
for p in "day --date 2026-11-22" "range --from 2026-11-21 --to 2026-11-23" \
	"month --month 2026-11" "fy --fiscal-year 2026"; do
	set -- $p
	r=$1; shift
	$JA "$STATS" --db "$DB" "$@" > "$T/$r.ja" 2>"$T/err"
	ok $? "$r: text report under ja_JP"
	$EN "$STATS" --db "$DB" "$@" > "$T/$r.en" 2>"$T/err"
	ok $? "$r: text report under C.UTF-8"
	w=$(LC_ALL=ja_JP.UTF-8 wc -L < "$T/$r.ja")
	check "$r: Japanese report at most 80 columns (widest $w)" test "$w" -le 80
	w=$(LC_ALL=C.UTF-8 wc -L < "$T/$r.en")
	check "$r: English report at most 80 columns (widest $w)" test "$w" -le 80
	titles "$T/$r.ja" > "$T/$r.ja.t"
	titles "$T/$r.en" > "$T/$r.en.t"
	check "$r: the same sections in both ($(wc -l < "$T/$r.ja.t") titles)" \
		sh -c "test -s '$T/$r.ja.t' && test \$(wc -l < '$T/$r.ja.t') -eq \$(wc -l < '$T/$r.en.t')"
	# A title that is all ASCII was left in English (and the other way round).
	check "$r: every Japanese title is Japanese" \
		sh -c "! LC_ALL=C grep -q '^[ -~]*\$' '$T/$r.ja.t'"
	check "$r: every English title is ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$T/$r.en.t'"
done
check "ja: the day report is a 日報, page 1 of them" \
	sh -c "head -1 '$T/day.ja' | grep -q '^日報  *ページ 1/[0-9]*\$'"
check "ja: header labels" sh -c "grep -q '^拠点: *全拠点\$' '$T/day.ja' && grep -q '^期間: *2026-11-22 (日)\$' '$T/day.ja' && grep -q '^標準時: *Asia/Tokyo\$' '$T/day.ja'"
check "ja: 受信件数, 延べ相談件数 and 実人数" \
	sh -c "grep -q '^  受信件数  *5\$' '$T/day.ja' && grep -q '^  延べ相談件数  *4\$' '$T/day.ja' && grep -q '^  実人数  *3\$' '$T/day.ja'"
check "ja: the consultations without a case, as the page says them" \
	grep -q '^    うちケース番号なし 2件（各1人として計上）$' "$T/day.ja"
check "ja: the duty manager's confirmation" grep -q '^  確認者  *__*    印  *__*$' "$T/day.ja"
check "ja: code labels are the Japanese ones" grep -q '^  間違い電話  *0$' "$T/day.ja"
check "C: code labels are the English ones" grep -q '^  wrong number  *0$' "$T/day.en"
check "ja: main and all concerns" grep -q '^  *主訴  *全件$' "$T/day.ja"
check "ja: the bar chart legend" grep -q '^  # = 1 件$' "$T/day.ja"
check "ja: month rows with Japanese weekdays" grep -q '^  2026-11-30 (月)  *0  *0  *0$' "$T/month.ja"
check "ja: the fiscal year period" grep -q '^期間: *2026年度: 2026-04-01 から 2027-03-31$' "$T/fy.ja"
check "C: the day report is a Daily report" \
	sh -c "head -1 '$T/day.en' | grep -q '^Daily report  *Page 1/[0-9]*\$'"
check "C: calls received in English" grep -q '^  Calls received  *5$' "$T/day.en"
check "C: month rows with English weekdays" grep -q '^  2026-11-30 (Mon)  *0  *0  *0$' "$T/month.en"
# The figures do not depend on the language: the columns of numbers agree.
for r in day month fy; do
	check "$r: same figures in both languages" sh -c \
		"awk '{ print \$NF }' '$T/$r.ja' | grep '^[0-9:]*\$' > '$T/$r.ja.n'; \
		 awk '{ print \$NF }' '$T/$r.en' | grep '^[0-9:]*\$' > '$T/$r.en.n'; \
		 test -s '$T/$r.ja.n' && cmp -s '$T/$r.ja.n' '$T/$r.en.n'"
done
# CSV labels follow the locale; sections and keys stay for scripts.
$JA "$STATS" --db "$DB" --date 2026-11-22 --format csv > "$T/day.csv"
check "CSV under ja_JP: keys stay, labels are Japanese" grep -q '^calls,calls,受信件数,5' "$T/day.csv"
check "CSV under ja_JP: code labels are Japanese" grep -q '^by_call_type,wrong,間違い電話,0' "$T/day.csv"
check "CSV under ja_JP: the header row stays" sh -c "head -1 '$T/day.csv' | grep -q '^section,key,label,count'"

finish
