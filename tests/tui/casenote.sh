#!/bin/sh
# The case's handover note (申し送り) from two sessions at once: the box
# opens with the note as it is in the database when Ctrl-E is pressed, and
# a save from a note someone changed meanwhile is refused, nothing lost:
# the box comes back with the note as it is now and the text typed after it.
. tests/tui/tmux.lib

me=$(id -un)
at=$(date -d '-1 day' +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
cat > "$T/calls.jsonl" <<JSON
{"operator":"$me","started_at":"$at","ended_at":"$at","call_type":"consult","case":"K7Q2-9MXD","nickname":"みどり","caller":"mother","outcome":"phone","notes":"初回"}
JSON
check "a call on the case is imported" "$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"

# open_case NAME: the case screen from a new call, the case selected.
open_case() {
	wait_for "$1" "n: new call" >/dev/null
	keys "$1" n
	wait_for "$1" "In call" >/dev/null
	keys "$1" C-f e
	wait_for "$1" "Case code or nickname" >/dev/null
	text "$1" 'K7Q2'
	wait_for "$1" "Case K7Q2-9MXD みどり" >/dev/null
}
start a 80 24
start b 80 24
open_case a
open_case b
shows b "none (Ctrl-E writes one)" "b reads the case with no note"

keys a C-e
wait_for a "For whoever takes this case next" >/dev/null
text a '一回目'
keys a Enter
shows a "The handover note of K7Q2-9MXD is saved." "a writes a note"

# b's summary is older than a's save: the box reads the note again.
keys b C-e
shows b "一回目" "b's box opens with the note as it is now, not as b's screen last read it"
text b '、追記B'
# Meanwhile a changes the note again.
keys a C-e
wait_for a "For whoever takes this case next" >/dev/null
keys a C-u
text a '二回目'
keys a Enter
check "a's second note is saved" wait_sql "SELECT note FROM cases" "二回目"

keys b Enter
shows b "Someone changed this note meanwhile. Nothing is lost" "b's save is refused, and says why"
shows b "二回目 / 一回目、追記B" "the box holds the note as it is now, then b's text"
check "nothing of b's was written over a's" wait_sql "SELECT note FROM cases" "二回目"
check "the refused save is not in the audit trail" \
	wait_sql "SELECT count(*) FROM audit WHERE action = 'case_note'" 2
keys b Enter
shows b "The handover note of K7Q2-9MXD is saved." "Enter saves the box"
check "both notes are on the case" wait_sql "SELECT note FROM cases" "二回目 / 一回目、追記B"
check "three changes audited" wait_sql "SELECT count(*) FROM audit WHERE action = 'case_note'" 3

for s in a b; do
	keys $s Escape
	wait_for $s "In call" >/dev/null
	keys $s Escape
	wait_for $s "This call is not saved" >/dev/null
	keys $s d
	wait_for $s "n: new call" >/dev/null
	keys $s q
	check "q quits with status 0 ($s)" test "$(wait_exit $s)" = "1:0"
	no_sanitizer_report $s
done
check "the audit chain verifies" "$SOUDAN" --db "$DB" audit --verify
finish
