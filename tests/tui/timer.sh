#!/bin/sh
# The timer: Ctrl-E ends the call and the form stays; an accidental Ctrl-E
# is taken back by pressing it again (the timer goes on from the start);
# saving keeps the end of the last Ctrl-E, or ends the call then.
. tests/tui/tmux.lib

start t 80 24
wait_for t "n: new call" >/dev/null
keys t n
wait_for t "In call" >/dev/null
keys t C-e
check "Ctrl-E ends the call" wait_line t 2 "Ended"
shows t "Ctrl-E again: the timer goes on" "the status line says how to take it back"
keys t C-e
check "Ctrl-E again: the timer goes on" wait_line t 2 "In call"
sleep 2
keys t C-e
check "and ends it again" wait_line t 2 "Ended"
keys t C-s
wait_for t "Saved." >/dev/null
check "the saved call has the end of the last Ctrl-E (two seconds or more)" \
	wait_sql "SELECT ended_at - started_at >= 2 FROM calls" 1
keys t Enter
wait_for t "Edit a saved call" >/dev/null
keys t C-e
shows t "A saved call keeps its end time" "a saved call keeps its end"
check "and stays ended" wait_line t 2 "Ended"
keys t Escape
wait_for t "n: new call" >/dev/null
keys t q
check "q quits with status 0" test "$(wait_exit t)" = "1:0"
no_sanitizer_report t
finish
