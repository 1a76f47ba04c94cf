#!/bin/sh
# The screen never waits on the database. Another process holds the write
# lock for 30 seconds (longer than any timeout) while the operator types,
# ends the call and saves it: keys echo at once throughout, the end time is
# the moment Ctrl-E was pressed, the save waits as 保存待ち with the call a
# draft on home, and once the lock goes the call saves by itself.
. tests/tui/tmux.lib

printf '[database]\nbusy_timeout_ms = 300\n' > "$SOUDAN_CONFIG"
start b 80 24
wait_for b "n: new call" >/dev/null
keys b n
wait_for b "In call" >/dev/null
text b '混雑中に保存した通話'
wait_for b '混雑中に保存した通話' >/dev/null
check "the draft is written" wait_sql "SELECT count(*) FROM drafts WHERE data LIKE '%混雑中%'" 1

(printf 'BEGIN IMMEDIATE;\n'; sleep 30; printf 'COMMIT;\n') | sqlite3 "$DB" &
locker=$!
sleep 0.5

# echo_ms CHAR: how long until a typed character is on the screen.
echo_ms() {
	t0=$(date +%s%N)
	text b "$1"
	while ! screen b | grep -qF -- "$2"; do :; done
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
worst=0 all=""
typed=""
for c in あ い う え お か き く け こ; do
	typed="$typed$c"
	ms=$(echo_ms "$c" "混雑中に保存した通話$typed")
	all="$all $ms"
	[ "$ms" -gt "$worst" ] && worst=$ms
done
echo "# key echo while the database is locked (ms):$all"
check "keys echo within 100 ms while another process holds the lock (worst $worst ms)" \
	test "$worst" -le 100
ended=$(date +%s)
keys b C-e
shows b "Call ended at" "Ctrl-E ends the call at once"
keys b C-s
shows b "save queued: 1" "the save waits, and says so"
shows b "Unsaved drafts" "home at once, the call among the drafts"
keys b Down Up
check "nothing is saved while the lock is held" \
	test "$(sqlite3 "$DB" 'PRAGMA busy_timeout = 3000; SELECT count(*) FROM calls' | tail -1)" -eq 0
wait "$locker"
shows b "Saved." "once the database is free the call saves by itself"
check "the call is in the database with its notes" \
	wait_sql "SELECT notes FROM calls" "混雑中に保存した通話あいうえおかきくけこ"
check "and its draft is gone" wait_sql "SELECT count(*) FROM drafts" 0
end=$(sqlite3 "$DB" 'SELECT ended_at FROM calls')
check "the end time is when Ctrl-E was pressed, not when the save went through ($((end - ended)) s)" \
	test "$((end - ended))" -ge -1 -a "$((end - ended))" -le 1
keys b q
check "q quits with status 0" test "$(wait_exit b)" = "1:0"
no_sanitizer_report b
finish
