#!/bin/sh
# Two sessions of one login on one call (an operator who reconnected over SSH
# while the old session lived on): one editor at a time, nothing overwritten,
# nothing typed lost. A holds the call; B opening it is told who has it and
# since when, and gets it read only. When A stops answering (frozen: no
# heartbeat), B may take it over, edit and save; A, back, finds it was taken
# over, keeps its text as a separate draft, and writes nothing over the call.
. tests/tui/tmux.lib

start a 80 24
wait_for a "n: new call" >/dev/null
keys a n
wait_for a "In call" >/dev/null
text a 'Aが最初に聞いたこと'
wait_for a 'Aが最初に聞いたこと' >/dev/null
check "A's draft is written" wait_sql "SELECT count(*) FROM drafts WHERE data LIKE '%Aが最初に%'" 1

start b 80 24
shows b "Aが最初に聞いたこと" "B's home lists the call A has open"
keys b Enter
shows b "has it open on another terminal since" "B is told another terminal has it"
shows b "read only" "and B gets it read only"
text b 'Bの入力'
sleep 0.5
check "B's typing goes nowhere" sh -c "! tmux -L $SOCK capture-pane -p -t b | grep -qF 'Bの入力'"
keys b Escape
shows b "n: new call" "Esc leaves the read-only call at once"

# A freezes (a stalled connection): no heartbeat for longer than the lease lasts.
apid=$(pid_of a)
kill -STOP "$apid"
sleep 7
keys b Enter
shows b "Another session had this call open" "when A is gone, B is asked"
keys b t
shows b "In call" "B takes the call over"
text b '、Bが引き継いで追記'
shows b 'Aが最初に聞いたこと、Bが引き継いで追記' "B's edit follows A's text"
keys b C-s
shows b "Saved." "B saves"
check "the call holds both texts" \
	wait_sql "SELECT notes FROM calls" 'Aが最初に聞いたこと、Bが引き継いで追記'

# A comes back and types: it was taken over, and nothing of A's goes over B's call.
kill -CONT "$apid"
shows a "Another session took this call over" "A says it was taken over"
text a '、Aの続き'
sleep 1.5
keys a Escape
wait_for a "k: keep it as a draft" >/dev/null
keys a k
wait_for a "n: new call" >/dev/null
kill -HUP "$(pid_of a)"
check "A exits cleanly after a hangup" test "$(wait_exit a)" = "1:0"
check "the saved call still holds B's save" \
	test "$(sqlite3 "$DB" 'SELECT notes FROM calls')" = 'Aが最初に聞いたこと、Bが引き継いで追記'
check "one saved call, saved once by B (version 1)" \
	test "$(sqlite3 "$DB" 'SELECT count(*), max(version) FROM calls')" = "1|1"
check "A's text is kept as a separate draft of the same call" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts d JOIN calls c ON c.id = d.call_id WHERE d.id <> d.call_id AND d.data LIKE '%Aの続き%'")" -eq 1
keys b q
check "B quits with status 0" test "$(wait_exit b)" = "1:0"

# A's separate draft, resumed later: both versions side by side, merged.
start c 80 24
wait_for c "n: new call" >/dev/null
keys c Enter
shows c "Two versions of this call" "the separate draft opens beside the saved call"
shows c "Saved (as it is now)" "the saved version on the left"
shows c "Aの続き" "the draft's text on the right"
shows c "both   Notes" "the notes are kept both ways unless said otherwise"
keys c Enter
shows c "-- the other version --" "the merge opens as an edit of the saved call"
keys c C-s
shows c "Saved." "and saves"
check "the saved call now holds both texts, version 2" \
	wait_sql "SELECT version || ':' || (notes LIKE '%Bが引き継いで追記%Aの続き%') FROM calls" "2:1"
check "no draft is left" wait_sql "SELECT count(*) FROM drafts" 0
keys c q
wait_exit c >/dev/null
no_sanitizer_report c
sqlite3 "$DB" "SELECT id = call_id, substr(data, 1, 0) || json_extract(data, '$.notes') FROM drafts" | sed "s/^/# draft: /"
no_sanitizer_report a
no_sanitizer_report b
finish
