#!/bin/sh
# The history of a call says what happened in words: who rescheduled a
# follow-up to which date, who handed it over to whom, who closed it; never
# the stored JSON, at 80 or at 200 columns.
. tests/tui/tmux.lib

me=$(id -un)
today=$(date +%Y-%m-%d)
later=$(date -d '+3 days' +%Y-%m-%d)
now=$(date +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
printf '{"operator":"%s","started_at":"%s","call_type":"consult","outcome":"phone","next_contact":"%s","assigned_to":"%s","notes":"履歴の通話"}\n' \
	"$me" "$now" "$today" "$me" > "$T/calls.jsonl"
check "a continued call is imported" "$SOUDAN" --db "$DB" import "$T/calls.jsonl"

start h 80 24
wait_for h "n: new call" >/dev/null
keys h f
wait_for h "Open continuations" >/dev/null
keys h r C-u
text h '+3'
keys h Enter
wait_for h "$later" >/dev/null
keys h a C-u
text h 'suzuki'
keys h Enter
wait_for h "suzuki" >/dev/null
keys h c
wait_for h "how did it end?" >/dev/null
keys h 7
check "three follow-up changes are audited" \
	wait_sql "SELECT count(*) FROM audit WHERE action LIKE 'followup%'" 3
keys h Escape
wait_for h "n: new call" >/dev/null
keys h h
shows h "rescheduled" "history: a reschedule is named"
shows h "rescheduled      to $later (was $today)" "history: the new date and the old one, in words"
shows h "handed over" "history: a handover is named"
shows h "to suzuki (was $me)" "history: the new owner and the old one"
shows h "follow-up closed" "history: closing is named"
shows h "result: other" "history: the result it was closed with"
check "history: no stored JSON on the screen" sh -c "! $TM capture-pane -p -t h | grep -q '[{}]'"
keys h Escape
wait_for h "n: new call" >/dev/null
keys h q
wait_exit h >/dev/null
no_sanitizer_report h

start w 200 50
wait_for w "n: new call" >/dev/null
keys w h
shows w "to suzuki (was $me)" "200x50: the handover in words"
check "200x50: no stored JSON on the screen" sh -c "! $TM capture-pane -p -t w | grep -q '[{}]'"
keys w Escape
wait_for w "n: new call" >/dev/null
keys w q
check "q quits with status 0" test "$(wait_exit w)" = "1:0"
no_sanitizer_report w
finish
