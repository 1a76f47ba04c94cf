#!/bin/sh
# Many operators at once: 50 processes save calls at the same moment through
# the screen's code path (bench/writer: store_open with the configured busy
# timeout, a draft, then store_call_save), back to back with no pause at all,
# which keeps the write lock always taken. The writers' queue (a lock beside
# the database, taken in turn before BEGIN IMMEDIATE) lets none starve: no
# writer sees an error; every acknowledged call is in the database exactly
# once, with its audit entry; the file is intact and the audit chain
# verifies. The save latencies are printed as a TAP comment (p50/p99/max).
# (SQLite's busy handler alone, without the queue, let one writer wait past
# its timeout while others went again and again.)
. tests/cli/lib.sh

WRITER=$PWD/$B/bench/writer
WRITERS=${WRITERS:-50}
EACH=${EACH:-20}
PAUSE=${PAUSE:-0}
supervisor_config "$T/sv.ini"

# The database exists before the writers come, as on a shared host.
expect_status 0 "an empty import creates the database" "$SOUDAN" -c "$SV" --db "$DB" import /dev/null
expect_status 0 "it starts with no call" test "$(calls_in "$DB")" -eq 0

# All start within the same second: each waits for the wall-clock second "at".
at=$(( $(date +%s) + 2 ))
i=0
while [ $i -lt "$WRITERS" ]; do
	(
		"$WRITER" "$DB" "$EACH" --at "$at" --pause "$PAUSE" --ids "$T/ids.$i" \
			> "$T/lat.$i" 2> "$T/err.$i"
		echo $? > "$T/rc.$i"
	) &
	i=$((i + 1))
done
wait

failed=0 i=0
while [ $i -lt "$WRITERS" ]; do
	if [ "$(cat "$T/rc.$i" 2>/dev/null)" != 0 ] || [ -s "$T/err.$i" ]; then
		failed=$((failed + 1))
		sed "s/^/# writer $i: /" "$T/err.$i" | head -3
	fi
	i=$((i + 1))
done
total=$((WRITERS * EACH))
ok "$failed" "no writer of $WRITERS reported an error"
cat "$T"/ids.* 2>/dev/null | sort > "$T/acked"
check "every save was acknowledged ($total)" test "$(wc -l < "$T/acked")" -eq "$total"
sqlite3 "$DB" 'SELECT id FROM calls ORDER BY id' > "$T/stored"
check "the database holds $total calls" test "$(calls_in "$DB")" -eq "$total"
check "with $total distinct ids" \
	test "$(sqlite3 "$DB" 'SELECT count(DISTINCT id) FROM calls')" -eq "$total"
check "exactly the acknowledged ones" cmp -s "$T/acked" "$T/stored"
check "each has its audit entry" \
	test "$(sqlite3 "$DB" "SELECT count(DISTINCT entity_id) FROM audit WHERE entity = 'call' AND action = 'create'")" -eq "$total"
check "no draft is left behind" test "$(sqlite3 "$DB" 'SELECT count(*) FROM drafts')" -eq 0
check "integrity_check is ok" test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok
expect_status 0 "the audit chain verifies" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit --verify

cat "$T"/lat.* | sort -n | awk -v w="$WRITERS" '{ v[NR] = $1 }
	function at(p,  k) { k = int(p / 100 * NR + 0.999999); return v[k < 1 ? 1 : k] }
	END { if (NR) printf "# save latency, %d saves by %d writers at once: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, w, at(50), at(99), v[NR] }'
finish
