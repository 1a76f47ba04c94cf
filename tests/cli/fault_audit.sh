#!/bin/sh
# The audit trail under tampering. The triggers refuse an
# UPDATE or DELETE through SQL; someone who drops them with a plain sqlite3
# and edits, deletes or reorders entries is caught by the hash chain:
# `soudan audit --verify` and `soudan check` fail with 65 and name the first
# entry that no longer fits.
. tests/cli/lib.sh

supervisor_config "$T/sv.ini"
for s in 51 52 53 54 55; do
	"$GEN" calls 3 --seed $s > "$T/c$s.jsonl"
	"$SOUDAN" --db "$DB" import "$T/c$s.jsonl" 2>/dev/null
done
expect_status 0 "five imports: the chain verifies" "$SOUDAN" --db "$DB" audit --verify
check "five entries" grep -q '^audit trail: 5 entries, chain intact' "$T/out"

# The triggers: plain SQL cannot change or remove an entry.
cp "$DB" "$T/t.db"
sqlite3 "$T/t.db" "UPDATE audit SET operator = 'mallory' WHERE seq = 2" 2>"$T/sqlerr"
check "an UPDATE is refused by the trigger" grep -q 'append-only' "$T/sqlerr"
sqlite3 "$T/t.db" "DELETE FROM audit WHERE seq = 2" 2>"$T/sqlerr"
check "a DELETE is refused by the trigger" grep -q 'append-only' "$T/sqlerr"
check "the entries are all there" test "$(sqlite3 "$T/t.db" 'SELECT count(*) FROM audit')" -eq 5

# tampered NAME SQL: a copy edited past the triggers, then verified.
tampered() {
	cp "$DB" "$T/$1.db"
	sqlite3 "$T/$1.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $2"
	expect_status 65 "$1: audit --verify fails with 65" "$SOUDAN" --db "$T/$1.db" audit --verify
	cp "$T/err" "$T/$1.err"
	expect_status 65 "$1: check fails with 65" "$SOUDAN" --db "$T/$1.db" check
	cp "$T/out" "$T/$1.check"
}

tampered edited "UPDATE audit SET operator = 'mallory' WHERE seq = 2"
check "edited: names entry 2, changed" grep -q 'audit entry 2: its contents were changed' "$T/edited.err"
check "edited: check reports the trail" grep -q '^FAIL audit trail: audit entry 2' "$T/edited.check"

tampered after "UPDATE audit SET after = replace(after, '\"calls\":3', '\"calls\":30') WHERE seq = 4"
check "a changed after-image: names entry 4" grep -q 'audit entry 4: its contents were changed' "$T/after.err"

tampered deleted "DELETE FROM audit WHERE seq = 3"
check "deleted: names entry 4, something missing before it" \
	grep -q 'audit entry 4: an entry is missing or out of order before this one' "$T/deleted.err"

tampered renumbered "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3"
check "deleted and renumbered: names entry 3, not following" \
	grep -q 'audit entry 3: it does not follow the entry before it' "$T/renumbered.err"

tampered reordered "UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -2"
check "reordered: names entry 2, not following" \
	grep -q 'audit entry 2: it does not follow the entry before it' "$T/reordered.err"

tampered retimed "UPDATE audit SET at = at - 86400 WHERE seq = 5"
check "a moved time: names entry 5" grep -q 'audit entry 5: its contents were changed' "$T/retimed.err"

expect_status 0 "the original still verifies" "$SOUDAN" --db "$DB" audit --verify
expect_status 0 "and prints for a supervisor" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit
check "five lines, oldest first" sh -c "test \$(wc -l < '$T/out') -eq 5 && head -1 '$T/out' | grep -q '^1	'"
finish
