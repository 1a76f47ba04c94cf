#!/bin/sh
# The duty room in soudan-stats: help requests and debriefs counted in the
# day report, and --shift-log, the day's shift log after the figures (text,
# 80 columns, wrapped, control characters shown; JSON), by site; usage
# errors. The rows are written here as the store writes them.
. tests/cli/lib.sh
D=tests/data/stats

json() { sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"; }
is() {
	got=$(json "$1" "$2")
	if [ "$got" = "$3" ]; then ok 0 "$2 is $3"; else ok 1 "$2 is $3 (got '$got')"; fi
}
line() {
	if grep -q -- "$2" "$1"; then ok 0 "$(basename "$1"): a line /$2/"; else
		ok 1 "$(basename "$1"): a line /$2/"
	fi
}

expect_status 0 "import the directory" "$SOUDAN" -c "$SV" --db "$DB" resources import "$D/resources.csv"
expect_status 0 "import the fixture calls" "$SOUDAN" -c "$SV" --db "$DB" import "$D/day.jsonl"
q() { sqlite3 "$DB" "$1"; }
# Two help requests on the 22nd (one acknowledged after 90 s) and one on the
# 21st; a debrief of the 22nd (unsure), done the same day.
call=$(q "SELECT id FROM calls WHERE started_at >= unixepoch('2026-11-22T00:00:00+09:00') ORDER BY started_at LIMIT 1")
q "INSERT INTO help_requests(call_id, site, raised_by, raised_at, acked_by, acked_at) VALUES
	('$call', '横浜', 'tanaka', unixepoch('2026-11-22T10:00:00+09:00'), 'suzuki', unixepoch('2026-11-22T10:01:30+09:00')),
	('x-2', '川崎', 'sato', unixepoch('2026-11-22T15:00:00+09:00'), NULL, NULL),
	('x-3', '横浜', 'sato', unixepoch('2026-11-21T15:00:00+09:00'), NULL, NULL);
	INSERT INTO debriefs VALUES ('$call', '横浜', 'tanaka', 'unsure',
	  unixepoch('2026-11-22T10:20:00+09:00'), 'tanaka', unixepoch('2026-11-22T17:00:00+09:00'), 'suzuki');"
# The shift log: two entries at 横浜 (one of two lines and a long one), one
# flagged at 川崎, one planted past soudan with an ESC, one of the day before.
long=$(printf '%.0s引継ぎ事項あり。' 1 2 3 4 5 6 7 8 9 10 11 12)
q "INSERT INTO shift_log VALUES
	('00000000-0000-4000-8000-000000000001', unixepoch('2026-11-22T09:00:00+09:00'), 'tanaka', '横浜',
	  '夜間帯は電話が多かった。' || char(10) || '家族会の案内資料を補充。', 0),
	('00000000-0000-4000-8000-000000000002', unixepoch('2026-11-22T12:00:00+09:00'), 'sato', '川崎',
	  '明日朝 090-1234-5678 へ折り返し', 1),
	('00000000-0000-4000-8000-000000000003', unixepoch('2026-11-22T18:00:00+09:00'), 'suzuki', '横浜',
	  '$long', 0),
	('00000000-0000-4000-8000-000000000004', unixepoch('2026-11-22T20:00:00+09:00'), 'op' || char(27) || '[2J', '横浜',
	  '画面' || char(27) || '[2J消去', 0),
	('00000000-0000-4000-8000-000000000005', unixepoch('2026-11-21T20:00:00+09:00'), 'tanaka', '横浜',
	  '前日の申し送り', 0)"

# The figures, in every format.
"$STATS" --db "$DB" --date 2026-11-22 --format json > "$T/day.json"
is "$T/day.json" '$.help_requests.raised' 2
is "$T/day.json" '$.help_requests.acknowledged' 1
is "$T/day.json" '$.help_requests.mean_seconds_to_acknowledge' 90.0
is "$T/day.json" '$.help_requests.max_seconds_to_acknowledge' 90
is "$T/day.json" '$.debriefs_requested' 1
is "$T/day.json" '$.debriefs_done' 1
is "$T/day.json" '$.debriefs_by_reason.unsure' 1
is "$T/day.json" '$.debriefs_done_by_reason.unsure' 1
is "$T/day.json" '$.debriefs_by_reason.urgent' 0
check "no shift log unless asked for" test "$(json "$T/day.json" '$.shift_log')" = ""
"$STATS" --db "$DB" --date 2026-11-22 --format csv > "$T/day.csv"
check "CSV: help requests" grep -q '^help_requests,raised,Help requests raised,2.$' "$T/day.csv"
check "CSV: debriefs by reason" grep -q '^debriefs_by_reason,unsure,unsure what to do,1.$' "$T/day.csv"
"$STATS" --db "$DB" --date 2026-11-22 --site 川崎 --format json > "$T/kawasaki.json"
is "$T/kawasaki.json" '$.help_requests.raised' 1
is "$T/kawasaki.json" '$.debriefs_requested' 0
"$STATS" --db "$DB" --date 2026-11-22 > "$T/day.txt"
line "$T/day.txt" '^Debriefs and help requests$'
line "$T/day.txt" '^  Help requests raised  *2$'
line "$T/day.txt" '^  Mean time to acknowledge  *0:01:30$'
line "$T/day.txt" '^  unsure what to do  *1  *1$'
check "no shift log section unless asked for" sh -c "! grep -q '^Shift log' '$T/day.txt'"

# --shift-log: the day's entries after the figures, oldest first.
expect_status 0 "--shift-log, text" "$STATS" --db "$DB" --date 2026-11-22 --shift-log
cp "$T/out" "$T/log.txt"
line "$T/log.txt" '^Shift log$'
line "$T/log.txt" '^  2026-11-22 09:00  tanaka  *横浜$'
line "$T/log.txt" '^    夜間帯は電話が多かった。$'
line "$T/log.txt" '^    家族会の案内資料を補充。$'
line "$T/log.txt" '^  (looked like a phone number or an address when written)$'
check "the day before is not in it" sh -c "! grep -q '前日の申し送り' '$T/log.txt'"
# section: the shift log's lines of the printed report.
section() { sed -n '/^Shift log$/,$p' "$1"; }
check "after the confirmation" test "$(grep -n -m1 'Confirmed by' "$T/log.txt" | cut -d: -f1)" \
	-lt "$(grep -n -m1 '^Shift log$' "$T/log.txt" | cut -d: -f1)"
when=$(section "$T/log.txt" | grep -o '^  2026-11-22 [0-9:]*' | cut -c14- | tr '\n' ' ')
check "oldest first ($when)" test "$when" = "09:00 12:00 18:00 20:00 "
w=$(wc -L < "$T/log.txt")
check "every line at most 80 columns (widest $w)" test "$w" -le 80
check "the long entry is wrapped, not cut" \
	test "$(grep -c '^    .*引継ぎ事項あり' "$T/log.txt")" -ge 2
words=$(sed -n '/^  2026-11-22 18:00/,/^$/p' "$T/log.txt" | sed 's/^    //' | tr -d '\n')
check "its words all there" test "$(printf '%s' "$words" | grep -o '引継ぎ事項あり。' | wc -l)" -eq 12
esc=$(printf '\033')
check "no raw ESC" sh -c "! grep -q '$esc' '$T/log.txt'"
check "the planted ESC shown as ^[" grep -qF '画面^[[2J消去' "$T/log.txt"
check "in the author too" grep -qF 'op^[[2J' "$T/log.txt"
expect_status 0 "--shift-log, JSON" "$STATS" --db "$DB" --date 2026-11-22 --shift-log --format json
cp "$T/out" "$T/log.json"
is "$T/log.json" '$.shift_log[0].author' tanaka
is "$T/log.json" '$.shift_log[0].at' 2026-11-22T09:00:00+09:00
check "the entry's newline kept in JSON" \
	test "$(json "$T/log.json" '$.shift_log[0].text')" = "$(printf '夜間帯は電話が多かった。\n家族会の案内資料を補充。')"
is "$T/log.json" '$.shift_log[1].flagged' 1
is "$T/log.json" '$.shift_log[0].flagged' 0
entries() { sqlite3 :memory: "SELECT json_array_length(readfile('$1'), '\$.shift_log')"; }
check "four entries" test "$(entries "$T/log.json")" -eq 4
check "JSON escapes the ESC" grep -q 'u001b' "$T/log.json"
is "$T/log.json" '$.calls' 5
"$STATS" --db "$DB" --date 2026-11-22 --site 川崎 --shift-log --format json > "$T/k.json"
check "--site: that site's entries only" test "$(entries "$T/k.json") $(json "$T/k.json" \
	'$.shift_log[0].author')" = "1 sato"
"$STATS" --db "$DB" --month 2026-11 --shift-log --format json > "$T/month.json"
check "a month: its entries, at the top level" test "$(entries "$T/month.json")" -eq 5
check "and none in its series" test "$(json "$T/month.json" '$.series[21].shift_log')" = ""
"$STATS" --db "$DB" --date 2026-11-23 --shift-log > "$T/none.txt"
check "a day without entries says so" test "$(section "$T/none.txt" | sed -n 3p)" = "  none"
expect_status 64 "--shift-log with CSV" "$STATS" --db "$DB" --shift-log --format csv
check "says why" grep -q 'shift-log.*CSV' "$T/err"
expect_status 64 "--shift-log with --list-sites" "$STATS" --db "$DB" --shift-log --list-sites
finish
