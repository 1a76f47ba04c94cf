#!/bin/sh
# The database locked by another process for longer than the busy timeout:
# a write gives up with 75 "busy, try again", nothing is
# lost or half-written, reading goes on meanwhile (WAL), and the same import
# succeeds once the lock is gone. The unit side (the screen's save keeps its
# draft and succeeds on the same connection) is tests/unit/test_fault_store.c.
. tests/cli/lib.sh

printf '[database]\nbusy_timeout_ms = 300\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$T/busy.ini"
"$GEN" calls 20 --seed 21 > "$T/first.jsonl"
"$GEN" calls 30 --seed 22 > "$T/second.jsonl"
"$SOUDAN" -c "$T/busy.ini" --db "$DB" import "$T/first.jsonl" 2>/dev/null
"$SOUDAN" -c "$T/busy.ini" --db "$DB" export > "$T/before.jsonl"

# Another process takes the write lock and keeps it until told to let go.
(
	echo 'BEGIN IMMEDIATE;'
	echo "INSERT INTO cases(code, nickname, created_at) VALUES ('ZZZZ-ZZZZ', NULL, 0);"
	echo ".shell touch '$T/locked'"
	while [ ! -e "$T/release" ]; do sleep 0.05; done
	echo 'ROLLBACK;'
) | sqlite3 "$DB" &
holder=$!
i=0
while [ ! -e "$T/locked" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "the other process holds the lock" test -e "$T/locked"

expect_status 75 "import while locked fails with 75" \
	"$SOUDAN" -c "$T/busy.ini" --db "$DB" import "$T/second.jsonl"
check "the message says busy" grep -q "busy" "$T/err"
check "the message is one plain line" test "$(wc -l < "$T/err")" -eq 1
expect_status 0 "export works while locked (readers are not blocked)" \
	"$SOUDAN" -c "$T/busy.ini" --db "$DB" export
check "and sees every call saved before" cmp -s "$T/out" "$T/before.jsonl"
expect_status 0 "soudan-stats works while locked" \
	"$STATS" -c "$T/busy.ini" --db "$DB" --from 2000-01-01 --to 2099-12-31 --format json

touch "$T/release"
wait "$holder"
check "nothing of the failed import is stored" test "$(calls_in "$DB")" -eq 20
expect_status 0 "the same import succeeds once the lock is gone" \
	"$SOUDAN" -c "$T/busy.ini" --db "$DB" import "$T/second.jsonl"
check "all 50 calls are there" test "$(calls_in "$DB")" -eq 50
expect_status 0 "check passes afterwards" "$SOUDAN" -c "$T/busy.ini" --db "$DB" check
finish
