#!/bin/sh
# soudan check and soudan audit: healthy database, damaged database, bad modes.
. tests/cli/lib.sh

# No cases: a later call on a case would add entries (follow-ups contacted).
"$GEN" calls 20 --seed 3 | sed 's/"case":"[^"]*"/"case":null/' > "$T/calls.jsonl"
"$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl" 2>/dev/null
expect_status 0 "check passes on a fresh database" "$SOUDAN" --db "$DB" check
check "check reports integrity ok" grep -q '^ok   integrity: ok' "$T/out"
check "check reports the audit chain" grep -q 'audit trail: 2 entries' "$T/out"
expect_status 0 "audit --verify passes" "$SOUDAN" --db "$DB" audit --verify
# Printing the trail is for supervisors: a configuration naming our group.
supervisor_config "$T/sv.ini"
expect_status 0 "audit prints the trail (supervisor)" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit
check "the import is in the trail" grep -q 'import' "$T/out"

chmod 0664 "$DB"
expect_status 65 "check fails on a world-readable database" "$SOUDAN" --db "$DB" check
check "and says how to fix it" grep -q 'o-rwx' "$T/out"
chmod 0660 "$DB"

printf 'not a database at all, just text that is long enough to look like a header....\n' > "$T/text.db"
expect_status 65 "a file that is not a database is refused" "$SOUDAN" --db "$T/text.db" check
check "the message names the file" grep -q 'text.db' "$T/err"
check "the file was not overwritten" grep -q '^not a database' "$T/text.db"

cp "$DB" "$T/broken.db"
sqlite3 "$T/broken.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
size=$(stat -c %s "$T/broken.db")
# Overwrite a page in the middle with garbage: integrity_check must notice.
dd if=/dev/urandom of="$T/broken.db" bs=4096 seek=3 count=1 conv=notrunc 2>/dev/null
"$SOUDAN" --db "$T/broken.db" check >"$T/out" 2>"$T/err"
rc=$?
check "a corrupt page fails check (exit $rc, size $size)" test "$rc" -ne 0
finish
