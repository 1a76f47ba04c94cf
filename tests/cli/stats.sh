#!/bin/sh
# soudan-stats over imported fixtures whose figures were worked out by hand
# (tests/data/stats/README): the counting rules in JSON (with its series),
# CSV (and --wide) and the printed pages; CSV = JSON; text width, pages and
# control characters; periods, sites, the line's time zone; an old
# database; usage errors.
set -eu
. tests/cli/lib.sh
D=tests/data/stats

# status WANT DESCRIPTION COMMAND...: like expect_status, safe under set -e.
status() {
	want=$1 d=$2; shift 2
	"$@" >"$T/out" 2>"$T/err" && got=0 || got=$?
	if [ "$got" -eq "$want" ]; then ok 0 "$d"; else
		ok 1 "$d (exit $got, wanted $want)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}

# jq-less JSON: json FILE PATH prints the value at PATH (SQLite's JSON1).
json() {
	sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"
}

# is FILE PATH WANT: one figure of a JSON report.
is() {
	got=$(json "$1" "$2")
	if [ "$got" = "$3" ]; then ok 0 "$2 is $3"; else ok 1 "$2 is $3 (got '$got')"; fi
}

# is_num FILE PATH EXPR: a figure equal to an SQL expression (3401.0 / 3).
is_num() {
	got=$(sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2') = $3")
	check "$2 is $3" test "$got" = 1
}

# csv_agrees CSV JSON: the CSV rows and the JSON figures (its series left
# out) are the same set: (section, key) of a leaf is its parent's path below
# $ ("referrals.by_category") and its key, or the key twice for a top-level
# scalar. CSV shows stored control characters as ^X (the sanitizer), so the
# JSON side is mapped the same way for the two this fixture stores (ESC,
# BEL). An urgent call is one CSV row.
csv_agrees() {
	sqlite3 :memory: <<EOF
.import --csv $1 c
CREATE TEMP TABLE doc AS SELECT readfile('$2') AS d;
CREATE TEMP VIEW j AS SELECT
  CASE WHEN t.path = '\$' THEN t.key ELSE replace(substr(t.path, 3), '"', '') END AS section,
  replace(replace(t.key, char(27), '^['), char(7), '^G') AS key, t.type,
  CASE WHEN t.type = 'text' THEN replace(replace(t.atom, char(27), '^['), char(7), '^G')
       ELSE t.atom END AS atom
  FROM doc, json_tree(doc.d) AS t
  WHERE t.type NOT IN ('object', 'array') AND t.path NOT LIKE '\$.urgent%'
    AND t.fullkey NOT LIKE '\$.series%';
SELECT 'CSV row without JSON figure: ' || c.section || ',' || c.key FROM c
  LEFT JOIN j ON j.section = c.section AND j.key = c.key
  WHERE c.section <> 'urgent' AND j.key IS NULL;
SELECT 'JSON figure without CSV row: ' || j.section || ',' || j.key FROM j
  LEFT JOIN c ON j.section = c.section AND j.key = c.key WHERE c.key IS NULL;
SELECT 'mismatch: ' || c.section || ',' || c.key || ': CSV ' || c.count || ', JSON '
  || coalesce(j.atom, 'null') FROM c JOIN j ON j.section = c.section AND j.key = c.key
  WHERE NOT coalesce(CASE j.type
    WHEN 'integer' THEN j.atom = CAST(c.count AS INTEGER)
    WHEN 'real' THEN j.atom = CAST(c.count AS REAL)
    WHEN 'text' THEN j.atom = c.count
    WHEN 'null' THEN c.count = '' END, 0);
SELECT 'urgent: ' || c.key || ' ' || c.label FROM c WHERE c.section = 'urgent' AND NOT EXISTS
  (SELECT 1 FROM doc, json_each(doc.d, '\$.urgent') AS u
   WHERE json_extract(u.value, '\$.started_at') = c.key
     AND json_extract(u.value, '\$.operator') = c.label AND c.count = '1');
SELECT 'urgent rows ' || (SELECT count(*) FROM c WHERE section = 'urgent') || ' of '
  || json_array_length(d, '\$.urgent') FROM doc
  WHERE (SELECT count(*) FROM c WHERE section = 'urgent') <> json_array_length(d, '\$.urgent');
EOF
}

# wide_agrees CSV JSON: each cell of --wide is the figure of its column's
# element of the JSON series (the last column: the whole period), 0 where
# the element has no such key; the urgent calls are a count.
wide_agrees() {
	# The cells as rows (section, key, column number, value): SQL made by SQL.
	sqlite3 :memory: ".import --csv $1 w" \
		"SELECT 'CREATE TEMP VIEW cells AS ' || group_concat('SELECT section, key, '
		   || (cid - 3) || ' AS e, \"' || name || '\" AS v FROM w', ' UNION ALL ')
		 FROM pragma_table_info('w') WHERE cid >= 3;" > "$T/cells.sql"
	sqlite3 :memory: <<EOF
.import --csv $1 w
.read $T/cells.sql
CREATE TEMP TABLE doc AS SELECT readfile('$2') AS d;
CREATE TEMP TABLE n AS SELECT coalesce(json_array_length(d, '\$.series'), 0) AS n FROM doc;
CREATE TEMP TABLE roots AS SELECT value AS e, json_extract(d, '\$.series[' || value || ']') AS o
  FROM doc, generate_series(0, (SELECT n - 1 FROM n)) UNION ALL SELECT (SELECT n FROM n), d FROM doc;
CREATE TEMP VIEW j AS SELECT r.e,
  CASE WHEN t.path = '\$' THEN t.key ELSE replace(substr(t.path, 3), '"', '') END AS section,
  replace(replace(t.key, char(27), '^['), char(7), '^G') AS key, t.type,
  CASE WHEN t.type = 'text' THEN replace(replace(t.atom, char(27), '^['), char(7), '^G')
       ELSE t.atom END AS atom
  FROM roots AS r, json_tree(r.o) AS t
  WHERE t.type NOT IN ('object', 'array') AND t.fullkey NOT LIKE '\$.urgent%'
    AND t.fullkey NOT LIKE '\$.series%';
SELECT 'columns: ' || (SELECT count(DISTINCT e) FROM cells) || ', elements + 1: '
  || (SELECT n + 1 FROM n) WHERE (SELECT count(DISTINCT e) FROM cells) <> (SELECT n + 1 FROM n);
SELECT 'mismatch: ' || c.section || ',' || c.key || ' [' || c.e || ']: CSV ' || c.v
  || ', JSON ' || coalesce(j.atom, 'none') FROM cells c LEFT JOIN j
  ON j.e = c.e AND j.section = c.section AND j.key = c.key
  WHERE NOT (c.section = 'urgent' AND c.key = 'count') AND NOT coalesce(CASE j.type
    WHEN 'integer' THEN j.atom = CAST(c.v AS INTEGER)
    WHEN 'real' THEN j.atom = CAST(c.v AS REAL)
    WHEN 'text' THEN j.atom = c.v
    WHEN 'null' THEN c.v = '' END, c.v = '0');
SELECT 'JSON figure without a cell: ' || j.section || ',' || j.key || ' [' || j.e || ']'
  FROM j LEFT JOIN cells c ON j.e = c.e AND j.section = c.section AND j.key = c.key
  WHERE c.key IS NULL;
SELECT 'urgent [' || c.e || ']: CSV ' || c.v FROM cells c, roots r
  WHERE c.section = 'urgent' AND c.key = 'count' AND r.e = c.e
    AND CAST(c.v AS INTEGER) <> json_array_length(r.o, '\$.urgent');
EOF
}

# agree NAME: CSV, --wide and JSON of $T/NAME.* carry the same figures.
agree() {
	out=$(csv_agrees "$T/$1.csv" "$T/$1.json")
	if [ -z "$out" ]; then ok 0 "$1: CSV and JSON agree on every figure"; else
		ok 1 "$1: CSV and JSON agree on every figure"
		printf '%s\n' "$out" | sed 's/^/# /' | head -5
	fi
	out=$(wide_agrees "$T/$1.wide.csv" "$T/$1.json")
	if [ -z "$out" ]; then ok 0 "$1: --wide and the JSON series agree on every cell"; else
		ok 1 "$1: --wide and the JSON series agree on every cell"
		printf '%s\n' "$out" | sed 's/^/# /' | head -5
	fi
}

# report NAME ARGS...: every format of one period into $T/NAME.{txt,csv,wide.csv,json}.
report() {
	name=$1; shift
	"$STATS" --db "$DB" "$@" > "$T/$name.txt"
	"$STATS" --db "$DB" "$@" --format csv > "$T/$name.csv"
	"$STATS" --db "$DB" "$@" --format csv --wide > "$T/$name.wide.csv"
	"$STATS" --db "$DB" "$@" --format json > "$T/$name.json"
}

# line FILE REGEX: the printed report has such a line.
line() {
	if grep -q -- "$2" "$1"; then ok 0 "$(basename "$1"): a line /$2/"; else
		ok 1 "$(basename "$1"): a line /$2/"
	fi
}

# pages FILE LINES: every page at most LINES lines, each with its header
# (the report's title and "Page N/M"), pages split by form feeds.
pages() {
	awk -v max="$2" -v f="$1" '
		BEGIN { page = 1; n = 0 }
		/^\f/ { page++; n = 0; sub(/^\f/, "") }
		{ n++; if (n > max) { print f ": page " page " has more than " max " lines"; exit } }
		n == 1 && $0 !~ (" Page " page "/[0-9]+$") { print f ": page " page " starts: " $0; exit }
		END { if (page < 2) print f ": only one page" }' "$1"
}

# Loading the directory is for supervisors: a configuration naming our group.
supervisor_config "$T/sv.ini"
status 0 "import the directory" "$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import "$D/resources.csv"
status 0 "import the fixture calls" "$SOUDAN" -c "$SV" --db "$DB" import "$D/day.jsonl"
plant_hostile_names "$DB"

# The day: every figure worked out by hand in tests/data/stats/README.
report day --date 2026-11-22
J=$T/day.json
is "$J" '$.period.from' 2026-11-22
is "$J" '$.period.to' 2026-11-22
check "site is null for all sites" test "$(json "$J" '$.site')" = ""
is "$J" '$.timezone' Asia/Tokyo
is "$J" '$.calls' 5
is "$J" '$.consultations' 4
is "$J" '$.people' 3
is "$J" '$.consultations_without_case' 2
is "$J" '$.by_call_type.consult' 4
is "$J" '$.by_call_type.silent' 1
is "$J" '$.by_call_type.prank' 0
is "$J" '$.by_caller.mother' 2
is "$J" '$.by_caller.unknown' 0
is "$J" '$.by_caller.father' 1
is "$J" '$.by_urgency.urgent' 1
is "$J" '$.by_urgency.none' 0
is "$J" '$.by_concern.economy' 2
is "$J" '$.by_primary_concern.economy' 1
is "$J" '$.by_primary_concern.family' 0
is "$J" '$.by_response.listen' 2
is "$J" '$.by_risk.plan' 1
is "$J" '$.by_outcome.handover' 1
is "$J" '$.by_continuation_reason.wish' 1
is "$J" '$.people_by_caller.mother' 1
is "$J" '$.people_by_caller.self' 1
is "$J" '$.people_by_caller.father' 1
is "$J" '$.people_by_age_band_gender.40s.male' 1
is "$J" '$.people_by_age_band_gender.20s.female' 1
is "$J" '$.people_by_age_band_gender.unknown.unknown' 1
is "$J" '$.by_hour."00"' 1
is "$J" '$.by_hour."10"' 2
is "$J" '$.by_hour."23"' 1
is "$J" '$.by_operator.tanaka' 2
is "$J" '$.by_site.川崎' 2
is "$J" '$.referrals.total' 3
is "$J" '$.referrals.by_category.saposute' 2
is "$J" '$.referrals.by_category.police' 0
is "$J" '$.referrals.by_resource."r-sapo"' 2
is "$J" '$.duration_seconds.count' 3
is "$J" '$.duration_seconds.total' 3401
is_num "$J" '$.duration_seconds.mean' '3401.0 / 3'
is "$J" '$.duration_seconds.median' 1201.0
is "$J" '$.duration_seconds.max' 1600
is "$J" '$.duration_seconds.by_call_type.consult.count' 3
is "$J" '$.duration_seconds.by_call_type.silent.count' 1
is "$J" '$.duration_seconds.by_call_type.silent.total' 30
is "$J" '$.followups_due' 2
is "$J" '$.debriefs' 1
is "$J" '$.urgent[0].started_at' 2026-11-22T13:00:00+09:00
is "$J" '$.urgent[0].operator' 佐藤
check "a day has no series" test "$(json "$J" '$.series')" = ""
check "the urgent call has only time and operator" \
	test "$(json "$J" '$.urgent[0]')" = '{"started_at":"2026-11-22T13:00:00+09:00","operator":"佐藤"}'
check "no notes in any format" sh -c "! grep -q '秘密' '$T/day.txt' '$T/day.csv' '$T/day.json'"
check "by_operator lists only operators that occur" \
	test "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$J'), '\$.by_operator')")" -eq 4

# The printed day: the three totals, the line about cases, the time zone,
# the bar, the confirmation with the audit anchor soudan audit checks.
line "$T/day.txt" '^  Calls received  *5$'
line "$T/day.txt" '^  Consultations  *4$'
line "$T/day.txt" '^  People  *3$'
line "$T/day.txt" '^    of which without a case: 2 (each counted as one person)$'
line "$T/day.txt" '^Time zone:  Asia/Tokyo$'
line "$T/day.txt" '^  wrong number  *0$'
line "$T/day.txt" '^  10:00  *2  ##$'
line "$T/day.txt" '^  # = 1 call$'
line "$T/day.txt" '^  Confirmed by  __*    Seal  __*$'
"$SOUDAN" -c "$T/sv.ini" --db "$DB" audit --verify > "$T/verify" 2>&1
anchor=$(grep -o '[0-9][0-9]*:[0-9a-f]\{64\}' "$T/verify" | head -1)
line "$T/day.txt" "^  $anchor\$"
status 0 "soudan audit --verify --anchor takes the printed anchor" \
	"$SOUDAN" -c "$T/sv.ini" --db "$DB" audit --verify --anchor "$anchor"

# CSV, --wide and JSON carry the same figures, for a day, a range, a month,
# a year, a site.
report range --from 2026-11-21 --to 2026-11-23
report month --month 2026-11
report fy --fiscal-year 2026
report kawasaki --date 2026-11-22 --site 川崎
printf '[site]\nname = 相模原\n' > "$T/sagamihara.ini"
SOUDAN_CONFIG=$T/sagamihara.ini report empty --date 2026-11-22 --site 相模原
for r in day range month fy kawasaki empty; do
	agree "$r"
	check "$r: CSV header and CRLF" sh -c "head -1 '$T/$r.csv' | grep -q '^section,key,label,count.\$'"
	check "$r: --wide header and CRLF" sh -c "head -1 '$T/$r.wide.csv' | grep -q '^section,key,label,.*total.\$'"
	w=$(wc -L < "$T/$r.txt")
	check "$r: text at most 80 columns (widest $w)" test "$w" -le 80
	out=$(pages "$T/$r.txt" 60)
	check "$r: pages of at most 60 lines, each with its header ${out:+($out)}" test -z "$out"
done
is "$T/range.json" '$.calls' 7
is "$T/range.json" '$.series[0].calls' 1
is "$T/range.json" '$.series[1].calls' 5
is "$T/range.json" '$.series[2].calls' 1
is "$T/month.json" '$.calls' 7
is "$T/month.json" '$.series[21].calls' 5
is "$T/month.json" '$.series[21].people' 3
is "$T/month.json" '$.series[29].period.from' 2026-11-30
is "$T/fy.json" '$.calls' 9
is "$T/fy.json" '$.period.from' 2026-04-01
is "$T/fy.json" '$.period.to' 2027-03-31
is "$T/fy.json" '$.series[6].calls' 2
is "$T/fy.json" '$.series[7].calls' 7
is "$T/fy.json" '$.series[7].period.to' 2026-11-30
is "$T/kawasaki.json" '$.calls' 2
is "$T/kawasaki.json" '$.consultations' 1
is "$T/kawasaki.json" '$.people' 1
is "$T/kawasaki.json" '$.followups_due' 1
is "$T/kawasaki.json" '$.site' 川崎
is "$T/empty.json" '$.calls' 0
is "$T/empty.json" '$.by_call_type.wrong' 0
is "$T/empty.json" '$.duration_seconds.median' 0.0
check "CSV has a figure row for calls" grep -q '^calls,calls,.*,5.$' "$T/day.csv"
check "CSV has the people" grep -q '^people_by_caller,mother,mother,1.$' "$T/day.csv"
check "--wide of the month: a column per day and the total" \
	sh -c "head -1 '$T/month.wide.csv' | grep -q '^section,key,label,2026-11-01,2026-11-02,.*,2026-11-30,total.\$'"
check "--wide of the month: the calls by day" \
	grep -q '^calls,calls,Calls received\(,0\)\{20\},1,5,1\(,0\)\{7\},7.$' "$T/month.wide.csv"
check "--wide of the year: a column per month, April to March" \
	sh -c "head -1 '$T/fy.wide.csv' | grep -q '^section,key,label,2026-04,2026-05,2026-06,2026-07,2026-08,2026-09,2026-10,2026-11,2026-12,2027-01,2027-02,2027-03,total.\$'"
check "--wide of the year: the urgent calls counted by month" \
	grep -q '^urgent,count,Urgent calls,0,0,0,0,0,0,0,1,0,0,0,0,1.$' "$T/fy.wide.csv"
line "$T/month.txt" '^  2026-11-22 (Sun)  *5  *4  *3$'
line "$T/month.txt" '^  Total  *7  *5  *4$'
line "$T/fy.txt" '^  2026-11  *7  *5  *4$'
line "$T/fy.txt" '^Urgent calls by month (soudan-stats --urgent lists them)$'
line "$T/fy.txt" '^  2026-11  *1$'
"$STATS" --db "$DB" --fiscal-year 2026 --urgent > "$T/fy-urgent.txt"
line "$T/fy-urgent.txt" '^  2026-11-22 13:00  佐藤  *川崎$'

# Stored control characters never reach the output raw.
esc=$(printf '\033')
bel=$(printf '\007')
for f in day.txt day.csv day.wide.csv day.json; do
	check "$f: no raw ESC or BEL" sh -c "! grep -q '[$esc$bel]' '$T/$f'"
done
check "text shows the site's ESC as ^[" grep -qF '悪い^[[2J拠点' "$T/day.txt"
check "text shows the operator's BEL as ^G" grep -qF 'op^[]0;x^G' "$T/day.txt"
check "CSV shows the site's ESC as ^[" grep -qF '悪い^[[2J拠点' "$T/day.csv"
check "JSON escapes it" grep -q 'u001b' "$T/day.json"

# --bom, for both CSV forms.
"$STATS" --db "$DB" --date 2026-11-22 --format csv --bom > "$T/bom.csv"
check "--bom writes a byte-order mark" sh -c "head -c 3 '$T/bom.csv' | od -An -tx1 | grep -q 'ef bb bf'"
"$STATS" --db "$DB" --month 2026-11 --format csv --wide --bom > "$T/bom.csv"
check "--wide --bom writes one too" sh -c "head -c 3 '$T/bom.csv' | od -An -tx1 | grep -q 'ef bb bf'"

# Pages: a shorter page in the configuration gives more pages, each with
# its header and at most that many lines, split by form feeds.
printf '[statistics]\npage_lines = 30\n' > "$T/pages.ini"
"$STATS" -c "$T/pages.ini" --db "$DB" --date 2026-11-22 > "$T/short.txt"
out=$(pages "$T/short.txt" 30)
check "page_lines 30: pages of at most 30 lines, each with its header ${out:+($out)}" test -z "$out"
n=$(tr -cd '\f' < "$T/short.txt" | wc -c)
check "page_lines 30: $((n + 1)) pages, each one 'of' them" grep -q " Page $((n + 1))/$((n + 1))\$" "$T/short.txt"
check "page_lines 30: a section continued under its title" grep -q '^Concerns (continued)$' "$T/short.txt"

# The counting rules over two days (tests/data/stats/README, rules.jsonl),
# in a database of their own.
DAYDB=$DB
DB=$T/rules.db
status 0 "a directory for the rules" "$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import "$D/resources.csv"
status 0 "import the counting-rule calls" "$SOUDAN" -c "$SV" --db "$DB" import "$D/rules.jsonl"
report r30 --date 2026-11-30
J=$T/r30.json
is "$J" '$.calls' 5
is "$J" '$.consultations' 2
is "$J" '$.people' 1
is "$J" '$.consultations_without_case' 0
is "$J" '$.by_call_type.info' 1
is "$J" '$.by_call_type.hangup' 1
is "$J" '$.by_caller.mother' 1
is "$J" '$.by_caller.father' 1
is "$J" '$.by_caller.self' 0
is "$J" '$.people_by_caller.father' 1
is "$J" '$.people_by_caller.mother' 0
is "$J" '$.referrals.total' 0
is "$J" '$.debriefs' 1
is "$J" '$.by_urgency.urgent' 0
is "$J" '$.urgent[0].started_at' 2026-11-30T13:00:00+09:00
is "$J" '$.duration_seconds.count' 2
is "$J" '$.duration_seconds.mean' 600.0
is "$J" '$.duration_seconds.max' 900
is "$J" '$.duration_seconds.by_call_type.prank.total' 20
is "$J" '$.duration_seconds.by_call_type.hangup.count' 1
is "$J" '$.duration_seconds.by_call_type.wrong.count' 0
line "$T/r30.txt" '^  Calls that are not consultations  *3$'
line "$T/r30.txt" '^    of which without a case: 0 (each counted as one person)$'
check "CSV: the prank's caller is not counted" grep -q '^by_caller,self,the person,0.$' "$T/r30.csv"
report r2 --from 2026-11-30 --to 2026-12-01
J=$T/r2.json
is "$J" '$.calls' 8
is "$J" '$.consultations' 4
is "$J" '$.people' 2
is "$J" '$.consultations_without_case' 1
is "$J" '$.people_by_caller.mother' 1
is "$J" '$.people_by_caller.self' 1
is "$J" '$.people_by_caller.father' 0
is "$J" '$.people_by_age_band_gender.40s.male' 1
is "$J" '$.people_by_age_band_gender.20s.female' 1
is "$J" '$.by_channel.phone' 2
is "$J" '$.by_channel.visit' 1
is "$J" '$.by_channel.sns' 1
is "$J" '$.by_contact.repeat' 3
is "$J" '$.by_contact.new' 1
is "$J" '$.duration_seconds.total' 3000
is "$J" '$.duration_seconds.median' 750.0
is "$J" '$.series[0].calls' 5
is "$J" '$.series[0].people' 1
is "$J" '$.series[0].people_by_caller.father' 1
is "$J" '$.series[1].calls' 3
is "$J" '$.series[1].consultations' 2
is "$J" '$.series[1].people_by_caller.mother' 1
is "$J" '$.series[1].referrals.by_category.center' 1
is "$J" '$.series[1].urgent[0].started_at' 2026-12-01T10:00:00+09:00
line "$T/r2.txt" '^  2026-11-30 (Mon)  *5  *2  *1$'
line "$T/r2.txt" '^  2026-12-01 (Tue)  *3  *2  *2$'
line "$T/r2.txt" '^New or repeat by day$'
line "$T/r2.txt" '^Channel by day$'
report rcut --from 2026-11-15 --to 2026-12-20
is "$T/rcut.json" '$.series[0].period.from' 2026-11-15
is "$T/rcut.json" '$.series[0].period.to' 2026-11-30
is "$T/rcut.json" '$.series[0].calls' 5
is "$T/rcut.json" '$.series[1].period.to' 2026-12-20
is "$T/rcut.json" '$.series[1].calls' 3
check "--wide marks the months a range cuts" \
	sh -c "head -1 '$T/rcut.wide.csv' | grep -q '^section,key,label,2026-11-15/2026-11-30,2026-12-01/2026-12-20,total.\$'"
line "$T/rcut.txt" '^  2026-11 (15-30)  *5  *2  *1$'
line "$T/rcut.txt" '^  (d-d): only these days of the month are in the period$'
report rfy --fiscal-year 2026
check "the year's urgent calls counted by month in --wide" \
	grep -q '^urgent,count,Urgent calls,0,0,0,0,0,0,0,1,1,0,0,0,2.$' "$T/rfy.wide.csv"
for r in r30 r2 rcut rfy; do
	agree "$r"
	w=$(wc -L < "$T/$r.txt")
	check "$r: text at most 80 columns (widest $w)" test "$w" -le 80
done

# A busy day, the README's (busy-day.jsonl, 52 calls over the sample
# directory): its figures against plain SQL over the same database, all
# formats agreeing, and its pages.
DB=$T/busy.db
"$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import conf/resources-sample.csv 2>/dev/null
status 0 "import the busy day" "$SOUDAN" -c "$SV" --db "$DB" import "$D/busy-day.jsonl"
report busy --date 2026-11-20
J=$T/busy.json
sql() { sqlite3 "$DB" "SELECT $1 FROM calls WHERE date(started_at, 'unixepoch', '+9 hours')
	= '2026-11-20' ${2:+AND $2}"; }
consult="call_type IN ('consult', 'info')"
is "$J" '$.calls' "$(sql 'count(*)')"
is "$J" '$.consultations' "$(sql 'count(*)' "$consult")"
is "$J" '$.people' "$(sql 'count(DISTINCT case_code) + sum(case_code IS NULL)' "$consult")"
is "$J" '$.consultations_without_case' "$(sql 'count(*)' "$consult AND case_code IS NULL")"
is "$J" '$.by_caller.mother' "$(sql 'count(*)' "$consult AND caller = 'mother'")"
is "$J" '$.by_hour."14"' "$(sql 'count(*)' "strftime('%H', started_at, 'unixepoch', '+9 hours') = '14'")"
is "$J" '$.duration_seconds.count' "$(sql 'count(*)' "$consult AND ended_at IS NOT NULL")"
is "$J" '$.duration_seconds.total' "$(sql 'sum(ended_at - started_at)' "$consult")"
is "$J" '$.by_urgency.urgent' "$(sql 'count(*)' "$consult AND urgency = 'urgent'")"
check "the README's figures: 52 calls, 47 consultations, 39 people" \
	test "$(json "$J" '$.calls') $(json "$J" '$.consultations') $(json "$J" '$.people')" = "52 47 39"
agree busy
out=$(pages "$T/busy.txt" 60)
check "busy: pages of at most 60 lines, each with its header ${out:+($out)}" test -z "$out"
w=$(wc -L < "$T/busy.txt")
check "busy: text at most 80 columns (widest $w)" test "$w" -le 80
line "$T/busy.txt" '^  sample-family-… '

DB=$DAYDB

# The line's time zone, whatever the host's: with TZ unset (this host's
# /etc/localtime), UTC, a typo that glibc takes for UTC, or another zone, the
# day is Tokyo's ([site] timezone, default Asia/Tokyo): 5 calls.
for tz in unset UTC Asia/Tokio America/New_York; do
	if [ "$tz" = unset ]; then
		env -u TZ "$STATS" --db "$DB" --date 2026-11-22 --format json > "$T/tz.json"
	else
		TZ=$tz "$STATS" --db "$DB" --date 2026-11-22 --format json > "$T/tz.json"
	fi
	got=$(json "$T/tz.json" '$.calls')
	check "TZ $tz: the day is the line's (5 calls, got $got)" test "$got" = 5
done
env -u TZ "$SOUDAN" --db "$DB" export --from 2026-11-22 --to 2026-11-22 > "$T/tz.jsonl"
check "TZ unset: export is in the line's zone too" \
	sh -c "[ \$(grep -c '\"started_at\":\"2026-11-22T[0-9:]*+09:00\"' '$T/tz.jsonl') -eq 5 ]"
printf '[site]\ntimezone = America/New_York\n' > "$T/ny.ini"
TZ=Asia/Tokyo "$STATS" -c "$T/ny.ini" --db "$DB" --date 2026-11-22 --format json > "$T/ny.json"
is "$T/ny.json" '$.calls' 2
is "$T/ny.json" '$.timezone' America/New_York
is "$T/ny.json" '$.by_hour."09"' 1
is "$T/ny.json" '$.by_hour."10"' 1
TZ=Asia/Tokyo "$STATS" -c "$T/ny.ini" --db "$DB" --date 2026-11-22 > "$T/ny.txt"
line "$T/ny.txt" '^Time zone:  America/New_York$'
TZ=Asia/Tokyo "$SOUDAN" -c "$T/ny.ini" --db "$DB" export --from 2026-11-22 --to 2026-11-22 \
	> "$T/ny.jsonl"
check "[site] timezone: export in New York time" \
	sh -c "[ \$(grep -c '\"started_at\":\"2026-11-22T[0-9:]*-05:00\"' '$T/ny.jsonl') -eq 2 ]"
printf '[site]\nname = 横浜\ntimezone = Asia/Tokio\n' > "$T/tokio.ini"
status 78 "an unknown zone stops soudan-stats" "$STATS" -c "$T/tokio.ini" --db "$DB"
check "the message names the file, line and key" \
	grep -q "^soudan-stats: $T/tokio.ini:3: timezone: unknown time zone \"Asia/Tokio\"" "$T/err"
status 78 "an unknown zone stops soudan too" "$SOUDAN" -c "$T/tokio.ini" --db "$DB" export
status 78 "a zone missing from TZDIR (no tzdata) stops it" env TZDIR="$T" "$STATS" --db "$DB"
check "the message says the zone is not installed" grep -q 'Asia/Tokyo.*tzdata' "$T/err"

# Sites: only those there are (in the calls, or configured); --list-sites.
status 0 "--list-sites" "$STATS" --db "$DB" --list-sites
printf 'ひきこもり相談ダイヤル\n川崎\n悪い^[[2J拠点\n横浜\n' > "$T/sites.want"
check "--list-sites: the configured site and those of the calls, sorted, escaped" \
	cmp -s "$T/out" "$T/sites.want"
status 64 "an unknown --site is a usage error" "$STATS" --db "$DB" --site '横浜 ' --date 2026-11-22
check "it lists the sites there are" grep -q '^soudan-stats: --site: no site "横浜 "; the sites are: "ひきこもり相談ダイヤル", "川崎", "悪い^\[\[2J拠点", "横浜"$' "$T/err"
check "and prints no report" test ! -s "$T/out"
status 0 "the configured site has a report, if of zeros" "$STATS" --db "$DB" --site ひきこもり相談ダイヤル
status 64 "--list-sites with a period" "$STATS" --db "$DB" --list-sites --date 2026-11-22

# An old database (soudan 0.1.0's schema 2, tests/data/schema2.sql) holding
# the calls of an export in the old format (no caller_age, the retired
# withdrawal key 20y+), copied in as 0.1.0 stored them. Figures by hand
# (tests/data/stats/README).
status 0 "an old-format export imports (20y+ is still accepted)" \
	"$SOUDAN" -c "$SV" --db "$T/new.db" import "$D/old.jsonl"
sqlite3 "$T/old.db" < tests/data/schema2.sql >/dev/null
chmod 0660 "$T/old.db"
sqlite3 "$T/old.db" "ATTACH '$T/new.db' AS n;
	INSERT INTO cases SELECT code, nickname, created_at FROM n.cases;
	INSERT INTO calls SELECT id, site, operator, started_at, ended_at, call_type, channel,
	  contact, caller, age_band, gender, withdrawal, region, heard_via, urgency, outcome,
	  case_code, next_contact, assigned_to, debrief, notes, followup_closed_at, legal_hold,
	  purged_at, created_at, updated_at FROM n.calls;
	INSERT INTO call_codes SELECT * FROM n.call_codes;"
status 69 "soudan-stats does not migrate an old database" "$STATS" --db "$T/old.db" --date 2025-06-10
check "it says how to update it" grep -q 'needs a schema update: open it once with soudan' "$T/err"
status 0 "soudan updates it (check opens it for writing)" "$SOUDAN" --db "$T/old.db" check
check "the schema is current (5)" test "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = 5
"$STATS" --db "$T/old.db" --date 2025-06-10 --format json > "$T/old.json"
is "$T/old.json" '$.calls' 3
check "calls received: what the database holds for the day" test "$(sqlite3 "$T/old.db" \
	"SELECT count(*) FROM calls WHERE date(started_at, 'unixepoch', '+9 hours') = '2025-06-10'")" = 3
is "$T/old.json" '$.consultations' 2
is "$T/old.json" '$.by_withdrawal."20y+"' 1
is "$T/old.json" '$.by_withdrawal."10-20y"' 1
is "$T/old.json" '$.by_withdrawal.unknown' 0
is "$T/old.json" '$.by_caller_age.unknown' 2
"$STATS" --db "$T/old.db" --date 2025-06-10 > "$T/old.txt"
check "text shows the retired key by its label" grep -q '^  20 years or more  *1$' "$T/old.txt"

# Usage errors are 64 with a message; a missing database is 66 and stays missing.
status 64 "a bad date" "$STATS" --db "$DB" --date 2026-02-30
check "the message names the option" grep -q '^soudan-stats: --date: "2026-02-30"' "$T/err"
status 64 "--from after --to" "$STATS" --db "$DB" --from 2026-11-02 --to 2026-11-01
status 64 "--from without --to" "$STATS" --db "$DB" --from 2026-11-01
status 64 "--to without --from" "$STATS" --db "$DB" --to 2026-11-01
status 64 "two periods at once" "$STATS" --db "$DB" --date 2026-11-01 --month 2026-11
status 64 "the same option twice" "$STATS" --db "$DB" --date 2026-11-01 --date 2026-11-02
status 64 "a bad month" "$STATS" --db "$DB" --month 2026-13
status 64 "a bad fiscal year" "$STATS" --db "$DB" --fiscal-year 26
status 64 "an unknown format" "$STATS" --db "$DB" --format xml
check "the message names the format" grep -q '^soudan-stats: --format: "xml"' "$T/err"
status 64 "--wide without CSV" "$STATS" --db "$DB" --wide
status 64 "--urgent with JSON" "$STATS" --db "$DB" --urgent --format json
status 64 "an unknown option" "$STATS" --db "$DB" --weekly
status 64 "a stray argument" "$STATS" --db "$DB" today
status 66 "a missing database" "$STATS" --db "$T/none.db"
check "no database was created" test ! -e "$T/none.db"
status 0 "--help" "$STATS" --help
status 0 "--version" "$STATS" --version
status 0 "today by default" "$STATS" --db "$DB"

finish
