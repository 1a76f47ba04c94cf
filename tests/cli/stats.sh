#!/bin/sh
# soudan-stats over an imported fixture whose figures were worked out by hand
# (tests/data/stats/README): JSON figures, CSV = JSON, text width, control
# characters, periods, site filter, TZ, and usage errors.
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

# csv_agrees CSV JSON: the CSV rows and the JSON figures are the same set:
# (section, key) of a leaf is its parent's path below $ ("referrals.by_category")
# and its key, or the key twice for a top-level scalar. CSV shows stored control
# characters as ^X (the sanitizer), so the JSON side is mapped the same way for
# the two this fixture stores (ESC, BEL). An urgent call is one CSV row.
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
  WHERE t.type NOT IN ('object', 'array') AND t.path NOT LIKE '\$.urgent%';
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

# report NAME ARGS...: all three formats of one period into $T/NAME.{txt,csv,json}.
report() {
	name=$1; shift
	"$STATS" --db "$DB" "$@" > "$T/$name.txt"
	"$STATS" --db "$DB" "$@" --format csv > "$T/$name.csv"
	"$STATS" --db "$DB" "$@" --format json > "$T/$name.json"
}

# Loading the directory is for supervisors: a configuration naming our group.
supervisor_config "$T/sv.ini"
status 0 "import the directory" "$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import "$D/resources.csv"
status 0 "import the fixture calls" "$SOUDAN" --db "$DB" import "$D/day.jsonl"

# The day: every figure worked out by hand in tests/data/stats/README.
report day --date 2026-11-22
J=$T/day.json
is "$J" '$.period.from' 2026-11-22
is "$J" '$.period.to' 2026-11-22
check "site is null for all sites" test "$(json "$J" '$.site')" = ""
is "$J" '$.calls' 5
is "$J" '$.people' 4
is "$J" '$.by_call_type.consult' 4
is "$J" '$.by_call_type.silent' 1
is "$J" '$.by_call_type.prank' 0
is "$J" '$.by_caller.mother' 2
is "$J" '$.by_caller.unknown' 1
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
is "$J" '$.by_hour."00"' 1
is "$J" '$.by_hour."10"' 2
is "$J" '$.by_hour."23"' 1
is "$J" '$.by_operator.tanaka' 2
is "$J" '$.by_site.川崎' 2
is "$J" '$.referrals.total' 3
is "$J" '$.referrals.by_category.saposute' 2
is "$J" '$.referrals.by_category.police' 0
is "$J" '$.referrals.by_resource."r-sapo"' 2
is "$J" '$.duration_seconds.count' 4
is "$J" '$.duration_seconds.total' 3431
is "$J" '$.duration_seconds.mean' 857.75
is "$J" '$.duration_seconds.median' 900.5
is "$J" '$.duration_seconds.max' 1600
is "$J" '$.followups_due' 2
is "$J" '$.debriefs' 1
is "$J" '$.urgent[0].started_at' 2026-11-22T13:00:00+09:00
is "$J" '$.urgent[0].operator' 佐藤
check "the urgent call has only time and operator" \
	test "$(json "$J" '$.urgent[0]')" = '{"started_at":"2026-11-22T13:00:00+09:00","operator":"佐藤"}'
check "no notes in any format" sh -c "! grep -q '秘密' '$T/day.txt' '$T/day.csv' '$T/day.json'"
check "by_operator lists only operators that occur" \
	test "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$J'), '\$.by_operator')")" -eq 4

# CSV and JSON carry the same figures, for a day, a range, a month, a year.
report range --from 2026-11-21 --to 2026-11-23
report month --month 2026-11
report fy --fiscal-year 2026
report kawasaki --date 2026-11-22 --site 川崎
report empty --date 2026-11-22 --site どこにもない拠点
for r in day range month fy kawasaki empty; do
	out=$(csv_agrees "$T/$r.csv" "$T/$r.json")
	if [ -z "$out" ]; then ok 0 "$r: CSV and JSON agree on every figure"; else
		ok 1 "$r: CSV and JSON agree on every figure"
		printf '%s\n' "$out" | sed 's/^/# /' | head -5
	fi
	check "$r: CSV header and CRLF" sh -c "head -1 '$T/$r.csv' | grep -q '^section,key,label,count.\$'"
	w=$(wc -L < "$T/$r.txt")
	check "$r: text at most 80 columns (widest $w)" test "$w" -le 80
done
is "$T/range.json" '$.calls' 7
is "$T/month.json" '$.calls' 7
is "$T/fy.json" '$.calls' 9
is "$T/fy.json" '$.period.from' 2026-04-01
is "$T/fy.json" '$.period.to' 2027-03-31
is "$T/kawasaki.json" '$.calls' 2
is "$T/kawasaki.json" '$.people' 2
is "$T/kawasaki.json" '$.followups_due' 1
is "$T/kawasaki.json" '$.site' 川崎
is "$T/empty.json" '$.calls' 0
is "$T/empty.json" '$.by_call_type.wrong' 0
is "$T/empty.json" '$.duration_seconds.median' 0.0
check "CSV has a figure row for calls" grep -q '^calls,calls,.*,5.$' "$T/day.csv"
check "CSV has the mean" grep -q '^duration_seconds,mean,.*,857.75.$' "$T/day.csv"
check "month text has a row per day" grep -q '^  2026-11-30 (Mon)  *0  *0$' "$T/month.txt"
check "fiscal year text has a row per month" grep -q '^  2026-11  *7  *6$' "$T/fy.txt"
check "the day text has the labels (English under C.UTF-8)" grep -q '^  wrong number  *0$' "$T/day.txt"
check "the day text has a bar for 10:00" grep -q '^  10:00  *2  ##$' "$T/day.txt"

# Stored control characters never reach the output raw.
esc=$(printf '\033')
bel=$(printf '\007')
for f in day.txt day.csv day.json; do
	check "$f: no raw ESC or BEL" sh -c "! grep -q '[$esc$bel]' '$T/$f'"
done
check "text shows the site's ESC as ^[" grep -qF '悪い^[[2J拠点' "$T/day.txt"
check "text shows the operator's BEL as ^G" grep -qF 'op^[]0;x^G' "$T/day.txt"
check "CSV shows the site's ESC as ^[" grep -qF '悪い^[[2J拠点' "$T/day.csv"
check "JSON escapes it" grep -q 'u001b' "$T/day.json"

# --bom, and a local day in another time zone.
"$STATS" --db "$DB" --date 2026-11-22 --format csv --bom > "$T/bom.csv"
check "--bom writes a byte-order mark" sh -c "head -c 3 '$T/bom.csv' | od -An -tx1 | grep -q 'ef bb bf'"
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
is "$T/ny.json" '$.by_hour."09"' 1
is "$T/ny.json" '$.by_hour."10"' 1
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

# An old database (schema 2, before the caller's age): loaded from an export
# in the old format (no caller_age, the retired withdrawal key 20y+), then
# the new column dropped, as no older soudan had it. Figures by hand
# (tests/data/stats/README).
status 0 "an old-format export imports (20y+ is still accepted)" \
	"$SOUDAN" --db "$T/old.db" import "$D/old.jsonl"
sqlite3 "$T/old.db" 'ALTER TABLE calls DROP COLUMN caller_age; PRAGMA user_version = 2'
status 69 "soudan-stats does not migrate an old database" "$STATS" --db "$T/old.db" --date 2025-06-10
check "it says how to update it" grep -q 'needs a schema update: open it once with soudan' "$T/err"
status 0 "soudan updates it (check opens it for writing)" "$SOUDAN" --db "$T/old.db" check
check "the schema is current (3)" test "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = 3
"$STATS" --db "$T/old.db" --date 2025-06-10 --format json > "$T/old.json"
is "$T/old.json" '$.calls' 3
check "calls received: what the database holds for the day" test "$(sqlite3 "$T/old.db" \
	"SELECT count(*) FROM calls WHERE date(started_at, 'unixepoch', '+9 hours') = '2025-06-10'")" = 3
is "$T/old.json" '$.by_withdrawal."20y+"' 1
is "$T/old.json" '$.by_withdrawal."10-20y"' 1
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
status 64 "an unknown option" "$STATS" --db "$DB" --weekly
status 64 "a stray argument" "$STATS" --db "$DB" today
status 66 "a missing database" "$STATS" --db "$T/none.db"
check "no database was created" test ! -e "$T/none.db"
status 0 "--help" "$STATS" --help
status 0 "--version" "$STATS" --version
status 0 "today by default" "$STATS" --db "$DB"

finish
