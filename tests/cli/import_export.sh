#!/bin/sh
# soudan import / export: round trip, all-or-nothing, FILE:LINE errors, CSV.
. tests/cli/lib.sh

"$GEN" calls 300 --seed 7 --days 60 > "$T/calls.jsonl"
expect_status 0 "import of 300 generated calls" "$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"
check "300 calls stored" test "$(calls_in "$DB")" -eq 300
"$SOUDAN" --db "$DB" export > "$T/export.jsonl"
# The generated calls are older records: an earlier call's follow-up that a
# later call on its case reached comes back contacted, and nothing else changes.
sed 's/,"followup":{"state":"contacted","at":"[^"]*","by":"[^"]*","call":"[^"]*"}//' \
	"$T/export.jsonl" > "$T/export.plain"
check "export reproduces the import byte for byte, but for follow-ups contacted" \
	cmp -s "$T/calls.jsonl" "$T/export.plain"
check "some follow-ups were contacted by later calls" grep -q '"state":"contacted"' "$T/export.jsonl"

# A second database from the export: the same calls again.
"$SOUDAN" -c "$SV" --db "$T/two.db" import - < "$T/export.jsonl" 2>/dev/null
"$SOUDAN" --db "$T/two.db" export > "$T/export2.jsonl"
check "import of an export from stdin reproduces it" cmp -s "$T/export.jsonl" "$T/export2.jsonl"

# Importing the same file again: duplicate ids, nothing added.
expect_status 65 "re-import is refused (duplicate id)" "$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"
check "duplicate names FILE:1: id" grep -q "calls.jsonl:1: id: " "$T/err"
check "still 300 calls" test "$(calls_in "$DB")" -eq 300

# A bad third line: nothing at all is imported, and the message says where.
bad() { # name line3 [field]
	head -2 "$T/fresh.jsonl" > "$T/$1.jsonl"
	printf '%s\n' "$2" >> "$T/$1.jsonl"
	tail -n +4 "$T/fresh.jsonl" >> "$T/$1.jsonl"
	rm -f "$T/bad.db"
	expect_status 65 "$1 on line 3 fails with 65" "$SOUDAN" -c "$SV" --db "$T/bad.db" import "$T/$1.jsonl"
	check "$1 names $1.jsonl:3${3:+: $3}" grep -q "^soudan: .*$1.jsonl:3: ${3:-}" "$T/err"
	check "$1 leaves no call behind" test "$(calls_in "$T/bad.db")" -eq 0
}
"$GEN" calls 10 --seed 99 > "$T/fresh.jsonl"
bad badjson '{"call_type":"consult",'
bad unknowncode '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","caller":"uncle"}' caller
bad missingtype '{"started_at":"2026-11-22T10:00:00+09:00"}' call_type
bad missingstart '{"call_type":"consult"}' started_at
bad resource '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","referrals":[{"resource":"r-none","consent":true}]}' referrals
# What is not a call: RFC 3339 times only (an offset has its colon and is
# within 14 hours, a fraction has at most nine digits), no call longer than
# [site] max_call_hours (24), no control, bidi or zero-width character in a
# name or a site.
bad offset_nocolon '{"started_at":"2026-11-22T10:00:00+0900","call_type":"consult"}' started_at
bad offset_far '{"started_at":"2026-11-22T10:00:00+15:00","call_type":"consult"}' started_at
bad fraction '{"started_at":"2026-11-22T10:00:00.1234567890+09:00","call_type":"consult"}' started_at
bad too_long_call '{"started_at":"2026-11-22T10:00:00+09:00","ended_at":"9999-12-31T23:59:59+09:00","call_type":"consult"}' ended_at
check "the message names the limit" grep -q 'longer than \[site\] max_call_hours (24)' "$T/err"
bad bidi_site '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","site":"横浜\u202e"}' site
check "the message names the character and its byte (from 1)" grep -q 'U+202E) at byte 7' "$T/err"
bad ctl_operator '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","operator":"tanaka\u001b[2J"}' operator
bad zw_assigned '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","assigned_to":"ta\u200bnaka"}' assigned_to
bad nl_nickname '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","case":"K7Q2-9MXD","nickname":"み\nどり"}' nickname
printf '{"started_at":"2026-11-22T10:00:00+09:00","ended_at":"2026-11-23T09:59:59+09:00","call_type":"consult","notes":"a\\tb\\nc"}\n' > "$T/ok.jsonl"
expect_status 0 "a call of 23:59:59, tabs and newlines in its notes, imports" \
	"$SOUDAN" -c "$SV" --db "$T/ok.db" import "$T/ok.jsonl"
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","notes":"\377"}\n' > "$T/utf8.jsonl"
expect_status 65 "invalid UTF-8 fails with 65" "$SOUDAN" -c "$SV" --db "$T/u.db" import "$T/utf8.jsonl"
check "invalid UTF-8 names line 1 and the byte (from 1)" grep -q "utf8.jsonl:1: invalid UTF-8 at byte 74" "$T/err"
head -3 "$T/fresh.jsonl" > "$T/dup.jsonl"
sed -n 2p "$T/fresh.jsonl" >> "$T/dup.jsonl"
expect_status 65 "a duplicate id inside one file fails" "$SOUDAN" -c "$SV" --db "$T/d.db" import "$T/dup.jsonl"
check "duplicate inside file names line 4" grep -q "dup.jsonl:4: id: " "$T/err"

# Minimal lines: an id is made (UUID v4) and missing codes become unknown.
printf '{"started_at":"2026-11-22T23:59:59+09:00","call_type":"silent"}\n' > "$T/min.jsonl"
expect_status 0 "a minimal call imports" "$SOUDAN" -c "$SV" --db "$T/m.db" import "$T/min.jsonl"
"$SOUDAN" --db "$T/m.db" export > "$T/min.out"
check "made id is a version 4 UUID" grep -Eq '"id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-' "$T/min.out"
check "missing caller becomes unknown" grep -q '"caller":"unknown"' "$T/min.out"
check "region without an unknown key stays null" grep -q '"region":null' "$T/min.out"

# Date filters are local and inclusive.
"$SOUDAN" --db "$T/m.db" export --from 2026-11-22 --to 2026-11-22 > "$T/day.out"
check "--from/--to include 23:59:59 of the last day" test "$(wc -l < "$T/day.out")" -eq 1
"$SOUDAN" --db "$T/m.db" export --from 2026-11-23 > "$T/next.out"
check "--from the next day excludes it" test "$(wc -l < "$T/next.out")" -eq 0
expect_status 64 "a bad date is a usage error" "$SOUDAN" --db "$T/m.db" export --from 2026-13-01
expect_status 64 "--from after --to is a usage error" "$SOUDAN" --db "$T/m.db" export --from 2026-11-02 --to 2026-11-01
expect_status 64 "an unknown format is a usage error" "$SOUDAN" --db "$T/m.db" export --format xml

# CSV: header, BOM on request, control characters neutralised.
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","notes":"a\\u001b[2Jb, \\"q\\"\\nline2"}\n' > "$T/ctl.jsonl"
"$SOUDAN" -c "$SV" --db "$T/c.db" import "$T/ctl.jsonl" 2>/dev/null
"$SOUDAN" --db "$T/c.db" export --format csv > "$T/c.csv"
check "CSV starts with the header" sh -c "head -1 '$T/c.csv' | grep -q '^id,site,operator,started_at'"
check "CSV has no raw ESC" sh -c "! grep -q \"$(printf '\033')\" '$T/c.csv'"
check "CSV shows ESC as ^[" grep -q '\^\[\[2J' "$T/c.csv"
"$SOUDAN" --db "$T/c.db" export --format csv --bom > "$T/bom.csv"
check "--bom writes a byte-order mark" sh -c "head -c 3 '$T/bom.csv' | od -An -tx1 | grep -q 'ef bb bf'"
"$SOUDAN" --db "$T/c.db" export > "$T/c.jsonl"
check "JSON export escapes ESC" grep -q 'u001b' "$T/c.jsonl"
check "JSON export has no raw ESC" sh -c "! grep -q \"$(printf '\033')\" '$T/c.jsonl'"

# What is not typed in the form survives export and import: a legal hold, a
# follow-up closed (when, by whom), the assignee, and a consent never recorded
# (null stays null, it does not become false).
"$SOUDAN" -c "$SV" --db "$T/state.db" resources import conf/resources-sample.csv >/dev/null 2>&1
printf '%s\n' \
 '{"id":"00000000-0000-4000-8000-0000000000a1","started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","outcome":"phone","next_contact":"2026-11-29","assigned_to":"suzuki","referrals":[{"resource":"sample-ibasho","consent":null,"note":null}]}' \
 '{"id":"00000000-0000-4000-8000-0000000000a2","started_at":"2026-11-22T11:00:00+09:00","call_type":"consult","outcome":"phone","next_contact":"2026-11-30"}' \
 > "$T/state.jsonl"
expect_status 0 "calls with an unset consent import" "$SOUDAN" -c "$SV" --db "$T/state.db" import "$T/state.jsonl"
expect_status 0 "a legal hold" "$SOUDAN" -c "$SV" --db "$T/state.db" hold 00000000-0000-4000-8000-0000000000a1
sqlite3 "$T/state.db" "UPDATE calls SET followup_state = 'closed', followup_closed_at = 1795100000,
	followup_closed_by = 'tanaka', followup_result = 'visit' WHERE id LIKE '%a2'"
"$SOUDAN" --db "$T/state.db" export > "$T/state1.jsonl"
check "the export says the hold" grep -q '"legal_hold":true' "$T/state1.jsonl"
check "the export says the unset consent as null" grep -q '"consent":null' "$T/state1.jsonl"
check "the export says the follow-up closed, when and by whom" \
	grep -q '"followup":{"state":"closed","at":"[^"]*","by":"tanaka","result":"visit"}' "$T/state1.jsonl"
check "and the assignee" grep -q '"assigned_to":"suzuki"' "$T/state1.jsonl"
"$SOUDAN" -c "$SV" --db "$T/state2.db" resources import conf/resources-sample.csv >/dev/null 2>&1
expect_status 0 "the export imports into another database" "$SOUDAN" -c "$SV" --db "$T/state2.db" import "$T/state1.jsonl"
"$SOUDAN" --db "$T/state2.db" export > "$T/state2.jsonl"
check "and exports again as it was" cmp -s "$T/state1.jsonl" "$T/state2.jsonl"
check "the hold is a hold there" test "$(sqlite3 "$T/state2.db" "SELECT legal_hold FROM calls WHERE id LIKE '%a1'")" -eq 1
check "the consent is unset there" test "$(sqlite3 "$T/state2.db" "SELECT consent IS NULL FROM referrals")" -eq 1
check "the closed follow-up is not due there" \
	test "$(sqlite3 "$T/state2.db" "SELECT followup_state FROM calls WHERE id LIKE '%a2'")" = closed

# Missing input, missing database.
expect_status 66 "a missing import file is 66" "$SOUDAN" -c "$SV" --db "$DB" import "$T/nope.jsonl"
expect_status 66 "export from a missing database is 66" "$SOUDAN" --db "$T/none.db" export
check "no database was created by export" test ! -e "$T/none.db"
expect_status 64 "an unknown command is 64" "$SOUDAN" --db "$DB" frobnicate
expect_status 0 "--version" "$SOUDAN" --version
expect_status 0 "--help" "$SOUDAN" --help
finish
