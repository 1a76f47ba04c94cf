#!/bin/sh
# Leaving a call: discarding a call with notes asks again; taking a value a
# field already has is no change, so an unchanged saved call closes at once;
# an edited saved call is asked about in words for an edit.
. tests/tui/tmux.lib

now=$(date +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
printf '{"operator":"%s","started_at":"%s","call_type":"consult","notes":"保存済みの記録"}\n' \
	"$(id -un)" "$now" > "$T/calls.jsonl"
check "a saved call is imported" "$SOUDAN" --db "$DB" import "$T/calls.jsonl"

start d 80 24
wait_for d "n: new call" >/dev/null
keys d n
wait_for d "In call" >/dev/null
text d '大事な相談の記録'
wait_for d '大事な相談の記録' >/dev/null
keys d Escape
wait_for d "d: discard it" >/dev/null
keys d d
shows d "Discard this call and its notes?" "d on a call with notes asks again"
keys d Escape
check "Esc closes the question" wait_gone d "Discard this call"
shows d "大事な相談の記録" "Esc keeps the call and its notes"
check "the call is still open" wait_line d 2 "In call"
check "its draft is there" wait_sql "SELECT count(*) FROM drafts" 1
keys d Escape
wait_for d "d: discard it" >/dev/null
keys d d
wait_for d "Discard this call and its notes?" >/dev/null
keys d y
shows d "Discarded." "y discards it"
check "the draft is gone" wait_sql "SELECT count(*) FROM drafts" 0

keys d n
wait_for d "In call" >/dev/null
keys d Escape
wait_for d "d: discard it" >/dev/null
keys d d
shows d "Discarded." "a call without notes is discarded at once"

# The saved call: take the call type it already has, then leave.
wait_for d "保存済みの記録" >/dev/null
keys d Down Enter
wait_for d "Edit a saved call" >/dev/null
keys d Tab
wait_for d "(*) 相談" >/dev/null
keys d 1
sleep 0.3
keys d Escape
shows d "n: new call" "taking the value it had leaves an unchanged call at once"
check "no question was asked" sh -c "! $TM capture-pane -p -t d | grep -q 'not saved'"

keys d Enter
wait_for d "Edit a saved call" >/dev/null
keys d Tab
wait_for d "(*) 相談" >/dev/null
keys d 3
wait_for d "(*) 無言" >/dev/null
keys d Escape
shows d "The changes to this saved call are not saved" "an edit is asked about as an edit"
shows d "d: discard the changes (the saved call stays as it was)" "discarding is offered for the changes"
keys d d
shows d "Changes discarded; the saved call is as it was." "d discards the changes"
check "the saved call is unchanged" test "$(sqlite3 "$DB" 'SELECT call_type FROM calls')" = consult
keys d q
check "q quits with status 0" test "$(wait_exit d)" = "1:0"
no_sanitizer_report d
finish
