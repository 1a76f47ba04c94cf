#!/bin/sh
# No room to write, through the real program: a file size
# limit (ulimit -f, which needs no root) stops the import's writes half-way.
# soudan exits 74 with one line, the database keeps exactly what it had and
# passes check, and the same import succeeds once the limit is gone. The
# screen's side (SQLITE_FULL: the draft stays, the same connection saves
# again) is tests/unit/test_fault_store.c.
. tests/cli/lib.sh

"$GEN" calls 20 --seed 71 > "$T/first.jsonl"
"$GEN" calls 3000 --seed 72 > "$T/big.jsonl"
"$SOUDAN" -c "$SV" --db "$DB" import "$T/first.jsonl" 2>/dev/null
"$SOUDAN" --db "$DB" export > "$T/before.jsonl"
size=$(stat -c %s "$DB")

# Writes past the limit fail with EFBIG instead of killing the process.
limited() { (trap '' XFSZ; ulimit -f 1024 && exec "$@"); }
expect_status 74 "an import that runs out of room fails with 74" limited "$SOUDAN" -c "$SV" --db "$DB" import "$T/big.jsonl"
cat "$T/err" | sed "s/^/# the user sees: /"
check "with one line of message" sh -c "test \$(wc -l < '$T/err') -eq 1 && grep -q '^soudan: ' '$T/err'"
check "that does not crash" sh -c "! grep -q 'Sanitizer\|Segmentation' '$T/err'"
check "the database file did not grow past the limit" test "$(stat -c %s "$DB")" -le $((1024 * 1024))
"$SOUDAN" --db "$DB" export > "$T/after.jsonl"
check "nothing of it was kept: the calls are those from before" cmp -s "$T/before.jsonl" "$T/after.jsonl"
expect_status 0 "check passes" "$SOUDAN" --db "$DB" check
expect_status 0 "with room again the same import succeeds" "$SOUDAN" -c "$SV" --db "$DB" import "$T/big.jsonl"
check "all 3020 calls are there" test "$(calls_in "$DB")" -eq 3020
check "the database grew ($size bytes before)" test "$(stat -c %s "$DB")" -gt "$size"
finish
