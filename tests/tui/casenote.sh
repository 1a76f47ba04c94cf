#!/bin/sh
# The case's handover note (申し送り) from two sessions at once: the box
# opens with the note as it is in the database when Ctrl-E is pressed, and
# a save from a note someone changed meanwhile is refused, nothing lost:
# the box comes back with the note as it is now and the text typed after it.
# A locked database keeps the note typed, and the nickname of a new case.
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

# A locked database loses nothing typed: the note stays in the box, Esc
# keeps it for the next Ctrl-E; said whole at 80 columns.
lock() {
	rm -f "$T/unlock"
	(printf 'BEGIN IMMEDIATE;\n'; while [ ! -f "$T/unlock" ]; do sleep 0.1; done
	 printf 'COMMIT;\n') | sqlite3 "$DB" &
	locker=$!
	sleep 0.5
}
unlock() { touch "$T/unlock"; wait "$locker"; }
lock
keys a C-e
wait_for a "For whoever takes this case next" >/dev/null
keys a C-u
text a '混雑時の申し送り'
keys a Enter
shows a "The database is busy: the note is kept here; Enter again to retry." \
	"a locked database: the box says so plainly"
shows a "混雑時の申し送り" "the note typed is still in the box"
keys a Escape
shows a "The handover note is not saved: Ctrl-E brings back your text." "Esc keeps it, and says so"
keys a C-e
shows a "Not saved yet: this is what you typed" "Ctrl-E brings it back"
shows a "混雑時の申し送り" "with the text typed"
unlock
keys a Enter
shows a "The handover note of K7Q2-9MXD is saved." "once the database is free, Enter saves it"
check "the note typed while locked is on the case" wait_sql "SELECT note FROM cases" "混雑時の申し送り"

# A reading refused for a locked database says so whole at 80 columns.
lock
keys a C-o
wait_for a "oldest first" >/dev/null
keys a Enter
shows a "Not shown: the database is busy, the reading cannot be recorded. Retry." \
	"a reading refused for a busy database, said whole at 80 columns"
check "its notes do not show" sh -c "! $TM capture-pane -p -t a | grep -q '初回'"
unlock
keys a Escape
wait_for a "Case code or nickname" >/dev/null

# Ctrl-N with the database locked keeps the nickname typed.
lock
keys a C-n
wait_for a "A nickname the caller chose" >/dev/null
keys a C-u
text a 'あおい'
keys a Enter
shows a "The database is busy: the nickname is kept here; Enter again to retry." \
	"Ctrl-N on a locked database says so"
shows a "あおい" "the nickname typed is still in the box"
unlock
keys a Enter
shows a "read the code out to the caller" "Enter again opens the case"
check "the new case has the nickname typed while locked" \
	wait_sql "SELECT count(*) FROM cases WHERE nickname = 'あおい'" 1
keys a C-f e
wait_for a "Case code or nickname" >/dev/null

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
