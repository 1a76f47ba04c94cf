#!/bin/sh
# The audit trail under tampering. The triggers refuse an
# UPDATE or DELETE through SQL; someone who drops them with a plain sqlite3
# and edits, deletes or reorders entries is caught by the hash chain:
# `soudan audit --verify` and `soudan check` fail with 65 and name the first
# entry that no longer fits. What an unkeyed chain cannot show by itself (the
# last entries deleted, all of them, or the whole chain recomputed after an
# edit) the anchor printed by audit --verify proves; soudan check also sees
# the guard triggers dropped, or a trigger planted. Each import writes two
# entries: its batch (the ids) and the import itself (its calls have no case,
# so no follow-up is contacted by a later call).
. tests/cli/lib.sh

supervisor_config "$T/sv.ini"
for s in 51 52 53 54 55; do
	"$GEN" calls 3 --seed $s | sed 's/"case":"[^"]*"/"case":null/' > "$T/c$s.jsonl"
	"$SOUDAN" -c "$SV" --db "$DB" import "$T/c$s.jsonl" 2>/dev/null
done
expect_status 0 "five imports: the chain verifies" "$SOUDAN" --db "$DB" audit --verify
check "ten entries" grep -q '^audit trail: 10 entries, chain intact' "$T/out"
anchor=$(sed -n 's/^anchor: //p' "$T/out")
check "verify prints the anchor N:HASH" sh -c "echo '$anchor' | grep -Eq '^10:[0-9a-f]{64}\$'"

# The triggers: plain SQL cannot change or remove an entry.
cp "$DB" "$T/t.db"
sqlite3 "$T/t.db" "UPDATE audit SET operator = 'mallory' WHERE seq = 2" 2>"$T/sqlerr"
check "an UPDATE is refused by the trigger" grep -q 'append-only' "$T/sqlerr"
sqlite3 "$T/t.db" "DELETE FROM audit WHERE seq = 2" 2>"$T/sqlerr"
check "a DELETE is refused by the trigger" grep -q 'append-only' "$T/sqlerr"
check "the entries are all there" test "$(sqlite3 "$T/t.db" 'SELECT count(*) FROM audit')" -eq 10

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
check "ten lines, oldest first" sh -c "test \$(wc -l < '$T/out') -eq 10 && head -1 '$T/out' | grep -q '^1	'"

# The anchor, written down (or printed on the day report) before tampering.
expect_status 0 "the anchor checks on the untouched trail" \
	"$SOUDAN" --db "$DB" audit --verify --anchor "$anchor"
check "and says so" grep -q '^entry 10 still has the anchored hash' "$T/out"
expect_status 64 "a malformed anchor is a usage error" "$SOUDAN" --db "$DB" audit --verify --anchor 10:xyz
expect_status 64 "--anchor needs --verify" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit --anchor "$anchor"

# anchored NAME SQL: tampered past the triggers; the chain alone says nothing.
anchored() {
	cp "$DB" "$T/$1.db"
	sqlite3 "$T/$1.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $2"
	[ -n "${3:-}" ] && $3 "$T/$1.db"
	expect_status 0 "$1: without the anchor the chain alone cannot tell" \
		"$SOUDAN" --db "$T/$1.db" audit --verify
	expect_status 65 "$1: with the anchor, 65" "$SOUDAN" --db "$T/$1.db" audit --verify --anchor "$anchor"
	cp "$T/err" "$T/$1.err"
}
anchored truncated "DELETE FROM audit WHERE seq > 8"
check "the last entries deleted: named" grep -q 'audit entry 10 is gone: the trail ends at entry 8' "$T/truncated.err"
anchored emptied "DELETE FROM audit"
check "every entry deleted: named" grep -q 'audit entry 10 is gone: the trail ends at entry 0' "$T/emptied.err"

# rechain DB: what a thirty-line script does after an edit: every hash
# computed again the way soudan does (length-prefixed fields, SHA-256).
rechain() {
	prev=0000000000000000000000000000000000000000000000000000000000000000
	f() { echo "CASE WHEN $1 IS NULL THEN '-1:' ELSE length(CAST($1 AS BLOB)) || ':' || $1 END"; }
	for seq in $(sqlite3 "$1" 'SELECT seq FROM audit ORDER BY seq'); do
		pre=$(sqlite3 "$1" "SELECT '64:$prev' || $(f "(seq || '/' || at)") || $(f operator) ||
			$(f action) || $(f entity) || $(f entity_id) || $(f before) || $(f after)
			FROM audit WHERE seq = $seq")
		hash=$(printf '%s' "$pre" | sha256sum | cut -c1-64)
		sqlite3 "$1" "UPDATE audit SET prev = '$prev', hash = '$hash' WHERE seq = $seq"
		prev=$hash
	done
}
anchored recomputed "UPDATE audit SET operator = 'mallory' WHERE seq = 2" rechain
check "a recomputed chain: the anchored entry no longer matches" \
	grep -q 'audit entry 10: it is not the entry anchored: the trail was rewritten' "$T/recomputed.err"

# soudan check compares the schema: dropped guards, a planted trigger.
cp "$DB" "$T/guards.db"
sqlite3 "$T/guards.db" "DROP TRIGGER audit_no_delete"
expect_status 65 "a dropped guard trigger fails check" "$SOUDAN" --db "$T/guards.db" check
check "and is named" grep -q '^FAIL schema: trigger audit_no_delete is missing' "$T/out"
cp "$DB" "$T/planted.db"
sqlite3 "$T/planted.db" "CREATE TABLE shadow(t TEXT); CREATE TRIGGER copy_notes AFTER UPDATE ON calls BEGIN INSERT INTO shadow VALUES (old.notes); END;"
expect_status 65 "a planted trigger fails check" "$SOUDAN" --db "$T/planted.db" check
check "the trigger is named" grep -q '^FAIL schema: trigger copy_notes was added by someone else' "$T/out"
check "so is its table" grep -q '^FAIL schema: table shadow was added by someone else' "$T/out"
cp "$DB" "$T/changed.db"
sqlite3 "$T/changed.db" "DROP INDEX calls_by_start; CREATE INDEX calls_by_start ON calls(operator)"
expect_status 65 "a changed index fails check" "$SOUDAN" --db "$T/changed.db" check
check "and is named" grep -q '^FAIL schema: index calls_by_start was changed' "$T/out"
cp "$DB" "$T/noaudit.db"
sqlite3 "$T/noaudit.db" "DROP TABLE audit"
expect_status 65 "a missing audit table is bad data (65), not an internal error" \
	"$SOUDAN" --db "$T/noaudit.db" audit --verify
check "and says the trail is missing" grep -q 'the audit trail is missing' "$T/err"
expect_status 0 "the original passes check" "$SOUDAN" --db "$DB" check
check "and says its schema is as made" grep -q '^ok   schema: [0-9]* objects' "$T/out"
finish
