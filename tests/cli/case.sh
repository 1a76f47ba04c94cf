#!/bin/sh
# Continuation around the case: an import (in any order) marks the follow-ups
# that later calls on the case reached as contacted; a later import reaches
# one waiting for the caller; soudan case prints the handover summary (text
# within 80 columns, or JSON), notes only with --notes and only the reader's
# own or a supervisor's, each read audited; check lists continued calls with
# neither a date nor a wait; the report counts the follow-ups' states.
. tests/cli/lib.sh

me=$(id -un)
printf 'id,name,category,phone,hours,area,url,description,active\nr-center,ひきこもり地域支援センター,center,045-000-0000,平日,横浜市,,,1\n' > "$T/r.csv"
"$SOUDAN" -c "$SV" --db "$DB" resources import "$T/r.csv" >/dev/null 2>&1
ESC=$(printf '\033')
A=11111111-1111-4111-8111-111111111111 B=22222222-2222-4222-8222-222222222222
C=33333333-3333-4333-8333-333333333333 D=44444444-4444-4444-8444-444444444444
E=55555555-5555-4555-8555-555555555555 F=66666666-6666-4666-8666-666666666666
# Out of order on purpose: C, A, B, then two calls without a case.
cat > "$T/calls.jsonl" <<JSON
{"id":"$C","operator":"$me","started_at":"2026-11-22T09:00:00+09:00","call_type":"consult","case":"K7Q2-9MXD","caller":"self","outcome":"phone","followup":{"state":"waiting"},"notes":"本人から。"}
{"id":"$A","operator":"$me","started_at":"2026-11-01T10:00:00+09:00","ended_at":"2026-11-01T10:30:00+09:00","call_type":"consult","case":"k7q2-9mxd","nickname":"みどり","caller":"mother","concerns":["future"],"risks":["suicidal"],"urgency":"watch","referrals":[{"resource":"r-center","consent":true,"note":"電話番号を案内"}],"outcome":"phone","next_contact":"2026-11-08","notes":"母より。\u001b[2J息子は十年以上自室中心の生活をしており、母は今後の生活が心配とのこと。同じ話を何度も繰り返す。"}
{"id":"$B","operator":"tanaka","started_at":"2026-11-07T14:00:00+09:00","call_type":"consult","case":"K7Q29MXD","caller":"mother","risks":["suicidal","plan"],"urgency":"urgent","outcome":"interview","next_contact":"2026-11-20","notes":"二回目。田中が対応。"}
{"id":"$D","operator":"tanaka","started_at":"2026-11-10T10:00:00+09:00","call_type":"consult","outcome":"phone","notes":""}
{"id":"$E","operator":"tanaka","started_at":"2026-11-12T10:00:00+09:00","call_type":"consult","outcome":"handover","next_contact":"2026-11-15","followup":{"state":"closed","at":"2026-11-16T10:00:00+09:00","by":"tanaka","result":"visit"},"notes":""}
JSON
expect_status 0 "import of five calls in any order" "$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"
"$SOUDAN" --db "$DB" export > "$T/one.jsonl"
check "A was contacted by B, when B started, by B's operator" grep -qF \
	"\"followup\":{\"state\":\"contacted\",\"at\":\"2026-11-07T14:00:00+09:00\",\"by\":\"tanaka\",\"call\":\"$B\"}" "$T/one.jsonl"
check "B was contacted by C (imported before both)" grep -qF \
	"\"followup\":{\"state\":\"contacted\",\"at\":\"2026-11-22T09:00:00+09:00\",\"by\":\"$me\",\"call\":\"$C\"}" "$T/one.jsonl"
check "C waits for the caller" grep -qF '"followup":{"state":"waiting"}' "$T/one.jsonl"
# C came first: A was contacted by C, then by B when B came in between; B by C.
check "each contact is audited, the change of A's too" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'followup_contacted'")" -eq 3
"$SOUDAN" -c "$SV" --db "$T/two.db" resources import "$T/r.csv" >/dev/null 2>&1
"$SOUDAN" -c "$SV" --db "$T/two.db" import "$T/one.jsonl" 2>/dev/null
"$SOUDAN" --db "$T/two.db" export > "$T/two.jsonl"
check "export | import | export is byte for byte the same" cmp -s "$T/one.jsonl" "$T/two.jsonl"

# Check: D continues with neither a date nor a wait; a warning, not a failure.
expect_status 0 "check passes with an older continued call" "$SOUDAN" --db "$DB" check
check "and lists it" grep -q "follow-ups: 1 continued calls .*$D" "$T/out"

# The report: in November, none due (A and B contacted, E closed), one
# waiting (C), two contacted (A on the 7th, B on the 22nd), one closed (E:
# visit); every result key, zeros kept.
"$STATS" --db "$DB" --month 2026-11 --format json > "$T/stats.json"
for want in '"followups_due":0' '"followups_waiting":1' '"followups_contacted":2' \
	'"followups_closed":1' \
	'"followup_results":{"visit":1,"outreach":0,"handover":0,"called":0,"unreachable":0,"stopped":0,"other":0}'; do
	check "report: $want" grep -qF -- "$want" "$T/stats.json"
done
check "the day of B's contact has it in the series" test "$(python3 -c "
import json; s = json.load(open('$T/stats.json'))['series']
print(s[21]['followups_contacted'], s[6]['followups_contacted'], s[15]['followup_results']['visit'])")" = "1 1 1"
"$STATS" --db "$DB" --month 2026-11 --format csv > "$T/stats.csv"
check "CSV: the waiting follow-ups" grep -q '^followups_waiting,followups_waiting,.*,1' "$T/stats.csv"
check "CSV: the results" grep -q '^followup_results,visit,.*,1' "$T/stats.csv"
"$STATS" --db "$DB" --month 2026-11 > "$T/stats.txt"
check "text: the results with their labels" grep -q '^    came to the office  *1$' "$T/stats.txt"
check "text: waiting for the caller" grep -q '^  Waiting for the caller  *1$' "$T/stats.txt"

# A later import reaches C, which waited for the caller.
cat > "$T/later.jsonl" <<JSON
{"id":"$F","operator":"$me","started_at":"2026-11-25T11:00:00+09:00","call_type":"consult","case":"K7Q2-9MXD","outcome":"closed","notes":"本人と話せた。"}
JSON
expect_status 0 "a later import on the case" "$SOUDAN" -c "$SV" --db "$DB" import "$T/later.jsonl"
check "C is contacted by it" test "$(sqlite3 "$DB" "SELECT followup_state || ' ' || followup_call FROM calls WHERE id = '$C'")" = "contacted $F"

# soudan case: codes, formats, exits.
expect_status 64 "a malformed code is a usage error" "$SOUDAN" --db "$DB" case W3Y6
expect_status 66 "an unknown case is missing input" "$SOUDAN" --db "$DB" case W3Y6-2222
expect_status 64 "an unknown format is a usage error" "$SOUDAN" --db "$DB" case K7Q2-9MXD --format xml
expect_status 0 "the text summary" "$SOUDAN" --db "$DB" case k7q29mxd
cp "$T/out" "$T/case.txt"
check "no line is wider than 80 columns (a kanji is two)" python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
sys.exit(max(w(l.rstrip('\n')) for l in open('$T/case.txt', encoding='utf-8')) > 80)"
check "it names the case and counts its calls" grep -q 'Case K7Q2-9MXD' "$T/case.txt"
check "it shows the referral with consent" grep -q 'ひきこもり地域支援センター (consent given)' "$T/case.txt"
check "each call's referral by its name, as the summary, not its key" \
	sh -c "grep -q '^    Referral: ひきこもり地域支援センター (consent given)' '$T/case.txt' && ! grep -q 'r-center' '$T/case.txt'"
check "it shows the follow-up results" grep -q 'contacted 2026-11-07 14:00 by a later call (tanaka)' "$T/case.txt"
check "without --notes, no notes" sh -c "! grep -q '二回目\|本人から\|電話番号を案内' '$T/case.txt'"
check "and no read is audited" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'read'")" -eq 0

expect_status 0 "--notes as an operator" "$SOUDAN" --db "$DB" case K7Q2-9MXD --notes
check "their own notes are shown" grep -q '本人から。' "$T/out"
check "another operator's are not" sh -c "! grep -q '二回目' '$T/out'"
check "and say so" grep -q "another operator's: not shown" "$T/out"
check "a control character in the notes is shown, not sent" sh -c "! grep -q '$ESC' '$T/out' && grep -qF '^[[2J' '$T/out'"
check "each call whose notes were printed is audited (A, C, F)" test "$(sqlite3 "$DB" \
	"SELECT group_concat(entity_id) FROM (SELECT entity_id FROM audit WHERE action = 'read' AND operator = '$me' AND json_extract(after, '$.via') = 'handover' ORDER BY entity_id)")" = "$A,$C,$F"

expect_status 0 "--notes as a supervisor, as JSON" "$SOUDAN" -c "$SV" --db "$DB" case K7Q2-9MXD --notes --format json
check "the JSON parses, with every call's notes" python3 -c "
import json, sys; j = json.load(open('$T/out'))
calls = {c['id']: c for c in j['calls']}
sys.exit(not (j['case'] == 'K7Q2-9MXD' and j['calls_count'] == 4 and j['nickname'] == 'みどり'
  and calls['$B']['notes'] == '二回目。田中が対応。' and not calls['$B']['notes_withheld']
  and calls['$A']['followup']['state'] == 'contacted' and calls['$A']['followup']['call'] == '$B'
  and j['risks'][0] == {'risk': 'suicidal', 'count': 2, 'first': '2026-11-01T10:00:00+09:00', 'last': '2026-11-07T14:00:00+09:00'}
  and j['referrals'][0]['consent'] is True and j['last_outcome'] == 'closed'
  and j['open_followups'] == []))"
check "four more reads audited" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'read'")" -eq 7
"$SOUDAN" --db "$DB" case K7Q2-9MXD --format json > "$T/plain.json"
check "JSON without --notes has no notes at all" sh -c "! grep -q '\"notes\"\|電話番号を案内' '$T/plain.json'"
finish
