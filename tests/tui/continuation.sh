#!/bin/sh
# A case through three calls: a realistic call with a new case, a referral
# from the directory and a continuation; a second call finds the case by
# nickname and contacts the first one's follow-up; its own follow-up is
# rescheduled, handed over and closed with a result on the follow-ups
# screen; a third call finds the case by the start of its code and closes
# it; soudan case prints the summary to hand over.
. tests/tui/tmux.lib

# Loading the directory is a supervisor's job: a configuration naming our group.
supervisor_config "$T/supervisor.ini"
SOUDAN_CONFIG=$T/supervisor.ini "$SOUDAN" --db "$DB" resources import conf/resources-sample.csv >/dev/null
today=$(date +%Y-%m-%d)
week=$(date -d '+7 days' +%Y-%m-%d)
me=$(id -un)

start c 80 24
wait_for c "n: new call" >/dev/null
keys c n
wait_for c "In call" >/dev/null
text c '母より。来月の家族会に関心あり。'
# Tab 14 times: notes -> ... -> Case (region is hidden by default).
keys c Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
shows c ">e Case" "fourteen Tabs reach the case field"
keys c Enter
shows c "Case code or nickname" "Enter opens the case search"
keys c C-n
shows c "nickname the caller chose" "Ctrl-N asks for an optional nickname"
text c 'さくら'
keys c Enter
shows c "read the code out to the caller" "a new case shows its code"
code=$(screen c | sed -n 's/.*New case \([2-9A-Z]\{4\}-[2-9A-Z]\{4\}\).*/\1/p' | head -1)
check "the case code has the readable form ($code)" test -n "$code"

keys c Tab Enter
shows c "Search:" "Enter on Referrals opens the directory"
text c '居場所カフェ'
shows c "水・土 13:00" "the details of the selected resource show its hours"
keys c Enter
shows c "consent to information" "adding asks for consent"
keys c y
shows c "short note" "then for a note"
text c '水曜に見学'
keys c Enter
shows c "Referral added" "the referral is on the call"
shows c ">g Outcome" "once added, the outcome is next"
shows c "f Referrals         1: 【サンプル" "the referral is listed"

# Outcome 2 (phone), reason 1 (wish), next contact +7, assigned (default me), debrief 2 (yes).
keys c 2 1 Tab
text c '+7'
keys c Tab
shows c ">j Assigned to" "a good date moves on"
keys c Tab 2
keys c C-s
shows c "Debrief: the reason?" "saving with the debrief flag asks its reason"
keys c 5
shows c "Saved." "the continued call saves"
check "it waits for a debrief with that reason" wait_sql "SELECT reason FROM debriefs" "other"

"$SOUDAN" --db "$DB" export > "$T/out.jsonl" 2>"$T/err"
for want in "\"case\":\"$code\"" '"nickname":"さくら"' \
	'"referrals":[{"resource":"sample-ibasho","consent":true,"note":"水曜に見学"}]' \
	'"outcome":"phone"' '"continuation_reasons":["wish"]' "\"next_contact\":\"$week\"" \
	"\"assigned_to\":\"$me\"" '"debrief":true'; do
	check "export has $want" grep -qF -- "$want" "$T/out.jsonl"
done

# The caller rings again: find the case by part of the nickname.
# Calls on a case are ordered by their start, to the second (then by id):
# the next call starts a second later at least, as a real one does.
sleep 1.1
keys c n
wait_for c "In call" >/dev/null
text c '二回目。'
keys c Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Enter
wait_for c "Case code or nickname" >/dev/null
text c 'さく'
shows c "$code" "the case is found by part of its nickname"
shows c "continues by phone" "its earlier call shows with its outcome (English label)"
keys c Enter
shows c "Case $code" "Enter links the case to the call"
# It continues too: outcome 2 (phone, which moves on to the reasons), reason
# 1 (wish), next contact +7.
keys c C-f g 2 1 Tab
wait_for c ">i Next contact" >/dev/null
text c '+7'
keys c Tab
keys c C-s
shows c "Saved." "the second call saves"
check "both calls belong to the case" \
	wait_sql "SELECT count(*) FROM calls WHERE case_code = '$code'" 2
check "the second call contacted the first one's follow-up" \
	wait_sql "SELECT count(*) FROM calls WHERE followup_state = 'contacted'" 1

# Follow-ups: reschedule, hand over, close.
keys c f
shows c "$week" "the follow-up is listed by its date"
keys c r
shows c "Next contact (YYYY-MM-DD" "r asks for a new date"
keys c C-u
text c "$(date -d '-1 day' +%Y-%m-%d)"
keys c Enter
shows c "not before today" "a reschedule to yesterday is refused in the box"
keys c C-u
text c '+3'
keys c Enter
check "rescheduled in the database" \
	wait_sql "SELECT next_contact FROM calls WHERE followup_state IS NULL" "$(date -d '+3 days' +%Y-%m-%d)"
keys c a
wait_for c "Hand over to" >/dev/null
keys c C-u
text c 'suzuki'
keys c Enter
check "handed over in the database" \
	wait_sql "SELECT assigned_to FROM calls WHERE followup_state IS NULL" "suzuki"
shows c "suzuki" "the list shows the new owner"
keys c c
shows c "Close this follow-up: how did it end?" "c asks how the follow-up ended"
shows c "5: could not be reached" "the results of [followup_result] are numbered"
keys c 5
check "closed in the database with its result" \
	wait_sql "SELECT followup_result FROM calls WHERE followup_state = 'closed'" unreachable
check "each follow-up change is audited" \
	wait_sql "SELECT count(*) FROM audit WHERE entity = 'call' AND action IN ('followup_reschedule', 'followup_assign', 'followup_close', 'followup_contacted')" 4
keys c Escape
wait_for c "n: new call" >/dev/null

# The third call: the case found by the first four characters of its code;
# the call's top line tells what came before; closed this time.
prefix=$(printf '%s' "$code" | cut -c1-4)
# Calls on a case are ordered by their start, to the second (then by id):
# the next call starts a second later at least, as a real one does.
sleep 1.1
keys c n
wait_for c "In call" >/dev/null
text c '三回目。来所につながった。'
keys c C-f e Enter
wait_for c "Case code or nickname" >/dev/null
text c "$prefix"
shows c "$code" "the case is found by the start of its code ($prefix)"
keys c Enter
wait_for c "In call" >/dev/null
shows c "Case $code" "Enter links the case to the call"
shows c "2 calls" "the call's top line counts the case's calls so far"
keys c C-f g
wait_for c ">g Outcome" >/dev/null
keys c 1
shows c " g Outcome           closed" "outcome 1: closed this time"
keys c C-s
shows c "Saved." "the third call, closed this time, saves"
check "the third call is closed" \
	wait_sql "SELECT count(*) FROM calls WHERE case_code = '$code' AND outcome = 'closed'" 1
check "three calls belong to the case" \
	wait_sql "SELECT count(*) FROM calls WHERE case_code = '$code'" 3
check "no follow-up of the case is left open" \
	wait_sql "SELECT count(*) FROM calls WHERE case_code = '$code' AND outcome <> 'closed' AND followup_state IS NULL" 0

# The summary that goes to an agency: coded history, referrals with
# consent, follow-ups and their results; no notes without --notes.
"$SOUDAN" --db "$DB" case "$code" > "$T/case.txt" 2>"$T/err"
check "soudan case prints the case" test -s "$T/case.txt"
check "the summary counts three calls" grep -q '^Calls: 3, ' "$T/case.txt"
check "the summary gives the last outcome" grep -q '^Last outcome: closed this time' "$T/case.txt"
check "the summary tells how the follow-up ended" grep -q 'Follow-up: closed .*: could not be reached' "$T/case.txt"
check "the summary tells which call contacted the first follow-up" grep -q 'Follow-up: contacted .* by a later call' "$T/case.txt"
check "the summary names the referral and its consent" grep -q 'サンプル' "$T/case.txt"
check "the summary holds no notes" sh -c "! grep -q '来所につながった。\|二回目。\|家族会に関心' '$T/case.txt'"
check "the summary fits 80 columns (kanji two each)" test "$(LC_ALL=C.UTF-8 wc -L < "$T/case.txt")" -le 80
"$SOUDAN" --db "$DB" case "$code" --format json > "$T/case.json" 2>"$T/err"
check "the JSON summary has the three calls" \
	test "$(sqlite3 :memory: "SELECT json_array_length(json_extract(readfile('$T/case.json'), '\$.calls'))")" = 3
check "the JSON summary keeps the follow-up's result" grep -q '"result":"unreachable"' "$T/case.json"
keys c q
check "q quits with status 0" test "$(wait_exit c)" = "1:0"
no_sanitizer_report c
finish
