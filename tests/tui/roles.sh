#!/bin/sh
# Operators change their own calls; another operator's saved call opens read
# only (a supervisor may change it). Checked in the store as well.
. tests/tui/tmux.lib

now=$(date +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
printf '{"id":"0c9d6c2e-8a0f-4a6e-9d7e-2f1f0b7e1a33","operator":"suzuki","started_at":"%s","call_type":"consult","notes":"鈴木さんの記録"}\n' \
	"$now" > "$T/other.jsonl"
yesterday=$(date -d yesterday +%Y-%m-%d)
printf '{"operator":"%s","started_at":"%sT10:00:00+09:00","call_type":"silent","notes":"昨日の記録"}\n' \
	"$(id -un)" "$yesterday" >> "$T/other.jsonl"
"$SOUDAN" -c "$SV" --db "$DB" import "$T/other.jsonl" >/dev/null 2>&1

start o 80 24
wait_for o "n: new call" >/dev/null
shows o "suzuki" "home lists the other operator's call"
keys o Enter
shows o "A saved call (read only)" "it opens read only"
shows o "Read only: suzuki took this call." "it says so where the notes would be typed"
screen o > "$T/ro"
check "read only: nothing invites typing" sh -c "! grep -q 'Type the notes' '$T/ro'"
check "read only: the footer offers no end or save" sh -c "! tail -1 '$T/ro' | grep -q '\^E\|\^S\|end\|save'"
check "read only: the footer offers back and help" sh -c "tail -1 '$T/ro' | grep -q 'Esc: back.*F1/^G: help'"
keys o Tab
shows o "Read only: suzuki took this call." "a coded field says so too"
check "read only: no keys to choose with" sh -c "! $TM capture-pane -p -t o | grep -q '1-9 a-z'"
keys o BTab
text o '追記'
shows o "Taken by suzuki" "typing is refused with the reason"
keys o C-s
check "nothing was changed" test "$(sqlite3 "$DB" "SELECT notes FROM calls WHERE operator = 'suzuki'")" = "鈴木さんの記録"
keys o Escape
wait_for o "n: new call" >/dev/null
keys o Left
shows o "Calls of $yesterday (1)" "Left shows the calls of the day before"
keys o Enter
shows o "昨日の記録" "an earlier day's call opens"
shows o "Saved call, no end time" "a saved call without an end time runs no timer"
keys o Escape
wait_for o "n: new call" >/dev/null
keys o t
shows o "Today's calls (1)" "t is today again"
keys o q
check "q quits with status 0" test "$(wait_exit o)" = "1:0"
no_sanitizer_report o

# A supervisor may change it; the change is audited under the supervisor's name.
supervisor_config "$SOUDAN_CONFIG"
start s 80 24
wait_for s "n: new call" >/dev/null
keys s Enter
shows s "Edit a saved call" "a supervisor edits it"
text s '（確認済）'
keys s C-s
shows s "Saved." "and saves"
check "the change is in the database" wait_sql "SELECT notes FROM calls WHERE operator = 'suzuki'" "鈴木さんの記録（確認済）"
check "audited as the supervisor" \
	wait_sql "SELECT operator FROM audit WHERE entity = 'call' AND action = 'update'" "$(id -un)"
check "no end time was invented for the imported call" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM calls WHERE ended_at IS NULL")" -eq 2
keys s q
wait_exit s >/dev/null
no_sanitizer_report s
finish
