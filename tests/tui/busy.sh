#!/bin/sh
# Another process holds the database longer than the busy timeout while the
# operator saves: the screen says it is retrying, keeps the call, and saves
# it by itself once the database is free.
. tests/tui/tmux.lib

printf '[database]\nbusy_timeout_ms = 300\n' > "$SOUDAN_CONFIG"
start b 80 24
wait_for b "n: new call" >/dev/null
keys b n
wait_for b "In call" >/dev/null
text b '混雑中に保存した通話'
wait_for b '混雑中に保存した通話' >/dev/null
sleep 1.2 # the draft is written
(printf 'BEGIN IMMEDIATE;\n'; sleep 4; printf 'COMMIT;\n') | sqlite3 "$DB" &
locker=$!
sleep 0.5
keys b C-s
shows b "busy: retrying every second" "a save into a locked database says it retries"
shows b "混雑中に保存した通話" "the call stays on screen"
check "nothing is saved while the lock is held" \
	test "$(sqlite3 "$DB" 'PRAGMA busy_timeout = 3000; SELECT count(*) FROM calls' | tail -1)" -eq 0
wait "$locker"
shows b "Saved." "once the database is free the call saves by itself"
check "the call is in the database with its notes" \
	wait_sql "SELECT notes FROM calls" "混雑中に保存した通話"
check "and its draft is gone" wait_sql "SELECT count(*) FROM drafts" 0
keys b q
check "q quits with status 0" test "$(wait_exit b)" = "1:0"
no_sanitizer_report b
finish
