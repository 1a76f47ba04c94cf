#!/bin/sh
# Imports take the lock only to write. A supervisor's import left waiting on
# standard input (or a slow pipe) blocks nobody: other imports, holds and
# saves go on at once. An import killed (kill -9) at random points, 50
# times, leaves nothing anyone sees, and soudan check or the next import
# removes what it wrote.
. tests/cli/lib.sh

printf '[database]\nbusy_timeout_ms = 2000\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$SOUDAN_CONFIG"
"$GEN" calls 5 --seed 81 > "$T/five.jsonl"
expect_status 0 "the database is there" "$SOUDAN" --db "$DB" import "$T/five.jsonl"

# An import waiting on its input, for as long as the test runs.
mkfifo "$T/pipe"
"$SOUDAN" --db "$DB" import "$T/pipe" 2>"$T/waiting.err" &
waiting=$!
exec 3>"$T/pipe"
printf '%s\n' "$(sed 's/"id":"[^"]*",//' "$T/five.jsonl" | head -1)" >&3 # half-way through
sleep 0.5
start=$(date +%s%N)
"$GEN" calls 5 --seed 82 > "$T/other.jsonl"
expect_status 0 "another import goes through meanwhile" "$SOUDAN" --db "$DB" import "$T/other.jsonl"
id=$(sqlite3 "$DB" 'SELECT id FROM calls LIMIT 1')
expect_status 0 "and a legal hold" "$SOUDAN" --db "$DB" hold "$id"
"$GEN" calls 3 --seed 83 > "$T/three.jsonl"
expect_status 0 "and a save through the screen's code path" \
	"$PWD/$B/bench/writer" "$DB" 3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "all of it well within the busy timeout ($ms ms)" test "$ms" -lt 2000
check "the waiting import has shown nothing yet" test "$(calls_in "$DB")" -eq 13
exec 3>&-
wait "$waiting"
check "once its input ends, it finishes (one call)" test "$(calls_in "$DB")" -eq 14

# Killed at random points while writing: nothing visible, then removed. The
# kills fall between a third of the way and the end of an import's time
# (measured first), so that most land while it writes its batches.
N=800
"$GEN" calls $N --seed 84 | sed 's/"id":"[^"]*",//' > "$T/big.jsonl"
t0=$(date +%s%N)
"$SOUDAN" --db "$DB" import "$T/big.jsonl" 2>/dev/null
d=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# one import of $N calls: $d ms"
vis() { sqlite3 "$DB" 'SELECT count(*) FROM calls WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM imports)'; }
before=$(vis)
midway=0 t=0
while [ $t -lt 50 ]; do
	"$SOUDAN" --db "$DB" import "$T/big.jsonl" 2>/dev/null &
	p=$!
	sleep "$(awk -v d="$d" -v r="$(shuf -i 0-1000 -n 1)" 'BEGIN { printf "%.3f", d * (0.3 + 0.7 * r / 1000) / 1000 }')"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	visible=$(vis)
	[ "$(calls_in "$DB")" -gt "$visible" ] && midway=$((midway + 1))
	if [ $(( (visible - before) % N )) -ne 0 ]; then
		echo "# trial $t: $visible calls visible, not $before plus whole imports"
		break
	fi
	t=$((t + 1))
done
ok "$([ $t -eq 50 ]; echo $?)" "50 imports killed at random points: never part of one visible"
check "some were killed with batches written ($midway)" test "$midway" -gt 0
visible=$("$SOUDAN" --db "$DB" export | wc -l)
landed=$(( (visible - before) / N ))
expect_status 0 "soudan check removes what the killed ones wrote" "$SOUDAN" --db "$DB" check
check "every call left is visible ($visible: $landed imports landed)" test "$(calls_in "$DB")" -eq "$visible"
check "no import is left registered" test "$(sqlite3 "$DB" 'SELECT count(*) FROM imports')" -eq 0
check "no orphan codes" \
	test "$(sqlite3 "$DB" 'SELECT count(*) FROM call_codes WHERE call_id NOT IN (SELECT id FROM calls)')" -eq 0
expect_status 0 "the audit chain verifies" "$SOUDAN" --db "$DB" audit --verify
finish
