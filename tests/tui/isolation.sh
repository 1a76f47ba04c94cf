#!/bin/sh
# The draft of one call never appears in the next: a saved call, a kept
# draft and a discarded one, each started fresh.
. tests/tui/tmux.lib

start d 80 24
wait_for d "n: new call" >/dev/null
keys d n
wait_for d "In call" >/dev/null
text d 'ALPHA一件目'
wait_for d 'ALPHA一件目' >/dev/null
keys d C-s
wait_for d "Saved." >/dev/null

keys d n
wait_for d "In call" >/dev/null
check "a new call after a save starts with empty notes" wait_gone d 'ALPHA'
text d 'BRAVO二件目'
wait_for d 'BRAVO二件目' >/dev/null
keys d Escape
shows d "k: keep it as a draft" "Esc on an unsaved call asks keep or discard"
keys d k
shows d "Unsaved drafts" "the kept call is listed as a draft"

keys d n
wait_for d "In call" >/dev/null
sleep 0.3
check "a new call after a kept draft has none of its text" \
	sh -c "! $TM capture-pane -p -t d | grep -q 'BRAVO\|ALPHA'"
text d 'CHARLIE三件目'
wait_for d 'CHARLIE三件目' >/dev/null
check "the third call has its own draft" wait_sql "SELECT count(*) FROM drafts" 2
keys d Escape
wait_for d "d: discard it" >/dev/null
keys d d
wait_for d "Discard this call and its notes?" >/dev/null
keys d y
shows d "Discarded." "d discards the call"
check "discarding removed only its own draft" \
	wait_sql "SELECT group_concat(data LIKE '%BRAVO二件目%') FROM drafts" 1
check "no draft holds another call's text" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%ALPHA%' OR data LIKE '%CHARLIE%'")" -eq 0
check "the saved call holds only its own notes" \
	test "$(sqlite3 "$DB" "SELECT notes FROM calls")" = 'ALPHA一件目'
check "each call has its own id" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM calls c JOIN drafts d ON d.id = c.id")" -eq 0
keys d q
check "q quits with status 0" test "$(wait_exit d)" = "1:0"
no_sanitizer_report d
finish
