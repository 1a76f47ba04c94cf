#!/bin/sh
# The call form's own rules: a serious risk makes the call urgent, and gives
# the urgency back when unticked, until the operator chooses another one; a
# continued call is saved only with a next contact not before today (a saved
# call keeps its own) or waiting for the caller (w); a new continued call
# without a case is offered one, whose code stays on screen to be read out.
. tests/tui/tmux.lib

me=$(id -un)
# A saved call whose next contact has passed since: saved again as it is,
# it keeps that date.
past=$(date -d '-5 days' +%Y-%m-%d)
now=$(date -d '-1 minute' +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
printf '{"operator":"%s","started_at":"%s","ended_at":"%s","call_type":"consult","outcome":"phone","next_contact":"%s","notes":"以前の通話"}\n' \
	"$me" "$now" "$now" "$past" > "$T/old.jsonl"
check "a continued call with a past next contact is imported" \
	"$SOUDAN" --db "$DB" import "$T/old.jsonl"

start c 80 24
wait_for c "n: new call" >/dev/null
keys c Enter
shows c "Edit a saved call" "Enter opens the saved call"
keys c C-s
shows c "Saved." "saved again, it keeps the next contact it had, though passed"
check "the date is unchanged" wait_sql "SELECT next_contact FROM calls" "$past"

# Serious risks and the urgency (Ctrl-F c: Risks, d: Urgency).
keys c n
wait_for c "In call" >/dev/null
text c '規則の確認'
keys c C-f c
wait_for c ">c Risks" >/dev/null
keys c 2
shows c "A serious risk: the urgency is now urgent." "ticking a suicide plan says the call is urgent"
shows c "URGENT" "the bar marks it"
# urg WANT DESCRIPTION: the urgency field (Ctrl-F d) shows WANT; back to the risks.
urg() {
	keys c C-f d
	shows c ">d Urgency           $1" "$2"
	keys c C-f c
	wait_for c ">c Risks" >/dev/null
}
urg urgent "and the urgency field is urgent"
keys c 2
shows c "No serious risk any more: the urgency is empty again." "unticking gives the urgency back"
urg "- " "the urgency is empty again"
keys c 1
wait_for c "[x] suicidal thoughts" >/dev/null
urg "- " "a risk that is not serious leaves the urgency"
keys c 2
wait_for c "[x] suicide plan" >/dev/null
urg urgent "ticked again, urgent again"
keys c C-f d 2
shows c " d Urgency           watch" "the operator chooses watch instead"
keys c C-f c 5
shows c "[x] violence to family" "another serious risk is ticked"
urg watch "the urgency chosen by hand stands"

# A continued call needs its next contact (g: Outcome 2 phone, reason 1).
keys c C-f g 2 1 Tab
wait_for c ">i Next contact" >/dev/null
keys c C-f b
wait_for c ">b Responses" >/dev/null
keys c C-s
shows c "Not saved: a continued call needs a next contact" "saving without a next contact is refused"
shows c ">i Next contact" "the focus goes to the next contact"
check "nothing new was saved" wait_sql "SELECT count(*) FROM calls" 1
text c "$(date -d '-1 day' +%Y-%m-%d)"
shows c "Not before today" "a date before today is not taken"
keys c C-s
shows c "Next contact: not before today" "nor saved: the status line says why"
keys c C-u
keys c w
shows c ">i Next contact      awaiting caller" "w: waiting for the caller instead of a date"
shows c "= waiting for the caller" "the field says so"
shows c "Awaiting the caller: no date agreed." "and the status line"

# No case yet: offered one. Esc goes back, s saves without.
keys c C-s
shows c "This continued call has no case" "saving a new continued call without a case offers one"
keys c Escape
shows c "In call" "Esc goes back to the call"
check "still nothing new saved" wait_sql "SELECT count(*) FROM calls" 1
keys c C-s
wait_for c "This continued call has no case" >/dev/null
keys c s
shows c "Saved." "s saves it without a case"
check "saved waiting, without a date, urgency watch, no case" \
	wait_sql "SELECT followup_state || ',' || ifnull(next_contact, '-') || ',' || urgency || ',' || ifnull(case_code, '-') FROM calls WHERE notes = '規則の確認'" "waiting,-,watch,-"

# Another continued call: c opens a case, asking for a nickname; the call
# stays on screen with the code to read out, and Ctrl-S saves it.
keys c n
wait_for c "In call" >/dev/null
text c '二件目'
keys c C-f g 2 1 Tab
wait_for c ">i Next contact" >/dev/null
text c '+3'
keys c C-s
wait_for c "This continued call has no case" >/dev/null
keys c c
shows c "nickname the caller chose" "c asks for a nickname"
text c 'はな'
keys c Enter
shows c "read the code out to the caller; Ctrl-S saves." "the new case's code is on the status line"
code=$(screen c | sed -n 's/.*New case \([2-9A-Z]\{4\}-[2-9A-Z]\{4\}\).*/\1/p' | head -1)
check "the code has the readable form ($code)" test -n "$code"
shows c "Case $code はな" "the call shows its case"
shows c "Case $code: no calls yet." "and the case's line: no calls yet"
check "nothing saved before Ctrl-S" wait_sql "SELECT count(*) FROM calls" 2
keys c C-s
shows c "Saved." "Ctrl-S saves the call on its case"
check "saved on the new case with its date" \
	wait_sql "SELECT ifnull(case_code, '-') || ',' || next_contact FROM calls WHERE notes = '二件目'" "$code,$(date -d '+3 days' +%Y-%m-%d)"

# An outcome that closes the call ends the wait; w is refused then.
keys c n
wait_for c "In call" >/dev/null
keys c C-f i w
shows c "Only a continued call waits for the caller" "w on a call that is not continued says why"
keys c Escape
wait_for c "This call is not saved" >/dev/null
keys c d
wait_for c "n: new call" >/dev/null
keys c q
check "q quits with status 0" test "$(wait_exit c)" = "1:0"
no_sanitizer_report c
finish
