#!/bin/sh
# Bounded whatever the input: a configuration or an import that is one endless
# line (/dev/zero, /dev/full) stops at the line limit with FILE:LINE and a
# clear status, in bounded memory; a NUL byte in an import line is refused
# (what follows it would never be parsed); output to a full disk fails.
. tests/cli/lib.sh

# timeout: a program that never finishes fails the test instead of hanging it.
expect_status 78 "SOUDAN_CONFIG=/dev/zero is refused" \
	timeout 20 env SOUDAN_CONFIG=/dev/zero "$SOUDAN" --db "$DB" check
check "with the file, the line and the limit" grep -q '/dev/zero:1: line longer than 1000 bytes' "$T/err"
expect_status 78 "-c /dev/full is refused" timeout 20 "$SOUDAN" -c /dev/full --db "$DB" check
expect_status 78 "soudan-stats -c /dev/zero is refused" timeout 20 "$STATS" -c /dev/zero --db "$DB"

expect_status 65 "import /dev/full is refused" timeout 20 "$SOUDAN" --db "$DB" import /dev/full
check "at line 1, the line too long" grep -q '/dev/full:1: line longer than' "$T/err"
expect_status 65 "import /dev/zero is refused" timeout 20 "$SOUDAN" --db "$DB" import /dev/zero

printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult"}\000junk\n' > "$T/nul.jsonl"
expect_status 65 "a NUL byte after the object is refused" "$SOUDAN" --db "$DB" import "$T/nul.jsonl"
check "named by line and byte" grep -q 'nul.jsonl:1: a NUL byte at byte 65' "$T/err"
check "nothing was imported" test "$(calls_in "$DB")" -eq 0
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult"} junk\n' > "$T/junk.jsonl"
expect_status 65 "junk after the object is refused" "$SOUDAN" --db "$DB" import "$T/junk.jsonl"

"$GEN" calls 3 --seed 5 > "$T/calls.jsonl"
"$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl" 2>/dev/null
supervisor_config "$SOUDAN_CONFIG"
expect_status 74 "export > /dev/full fails (74)" sh -c "'$SOUDAN' --db '$DB' export > /dev/full"
expect_status 74 "audit --verify > /dev/full fails (74)" \
	sh -c "'$SOUDAN' --db '$DB' audit --verify > /dev/full"
expect_status 74 "check > /dev/full fails (74)" sh -c "'$SOUDAN' --db '$DB' check > /dev/full"
expect_status 74 "soudan-stats > /dev/full fails (74)" sh -c "'$STATS' --db '$DB' > /dev/full"
finish
