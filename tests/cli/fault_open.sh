#!/bin/sh
# A database soudan cannot use: read-only file, read-only
# directory, a file of someone else's, a corrupt page, not a database, a
# foreign or newer database. Each gives a clear message at start with the
# exit status of soudan(1) (77 permission, 65 damaged, 69 unavailable), no
# crash, the file unchanged, and `soudan check` reports it.
. tests/cli/lib.sh

# File modes do not apply to root: run the commands under test as nobody
# then (setpriv is in util-linux), so the same checks hold in CI either way.
# give FILE...: make it the user's (nobody's when we are root).
if [ "$(id -u)" -eq 0 ]; then
	chmod 0755 "$T"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	give() { chown 65534:65534 "$@"; }
else
	as_user() { "$@"; }
	give() { :; }
fi
sum() { sha256sum < "$1"; }

# expect_refused STATUS WHAT PATTERN DB: the screen (no command), an import,
# and check all refuse it the same way; the file is left as it was.
expect_refused() {
	want=$1 what=$2 pat=$3 db=$4
	before=$(sum "$db")
	expect_status "$want" "$what: start fails with $want" as_user timeout 20 "$SOUDAN" --db "$db" </dev/null
	check "$what: start says why" grep -q "$pat" "$T/err"
	check "$what: start does not crash" sh -c "! grep -q 'Sanitizer\|Segmentation' '$T/err'"
	expect_status "$want" "$what: import fails with $want" as_user "$SOUDAN" -c "$SV" --db "$db" import "$T/one.jsonl"
	expect_status "$want" "$what: check fails with $want" as_user "$SOUDAN" --db "$db" check
	check "$what: check says why" grep -q "$pat" "$T/err"
	check "$what: the file is unchanged" test "$before" = "$(sum "$db")"
}

"$GEN" calls 200 --seed 11 > "$T/calls.jsonl"
head -1 "$T/calls.jsonl" | sed 's/"id":"[^"]*",//; s/"operator":"[^"]*",//' > "$T/one.jsonl"
mkdir "$T/d"
"$SOUDAN" -c "$SV" --db "$T/d/good.db" import "$T/calls.jsonl" 2>/dev/null
chmod 0770 "$T/d"
give "$T/d" "$T/d/good.db"
# mine FILE: a copy of the good database that the user owns and may write.
mine() { cp "$T/d/good.db" "$1" && chmod 0660 "$1" && give "$1"; }

# Read-only file: the user may read but not write it (root's 0644 file, or
# the user's own at 0444).
cp "$T/d/good.db" "$T/d/ro.db"
chmod 0444 "$T/d/ro.db"
[ "$(id -u)" -eq 0 ] && chmod 0644 "$T/d/ro.db"
expect_refused 77 "read-only file" "read-only for you" "$T/d/ro.db"

# Read-only directory: SQLite cannot make the -wal and -shm files beside it.
mkdir "$T/rodir"
cp "$T/d/good.db" "$T/rodir/soudan.db"
chmod 0666 "$T/rodir/soudan.db"
chmod 0555 "$T/rodir"
expect_refused 77 "read-only directory" "read-only for you" "$T/rodir/soudan.db"
expect_status 77 "a new database in a read-only directory is refused with 77" \
	as_user "$SOUDAN" -c "$SV" --db "$T/rodir/new.db" import "$T/one.jsonl"
check "and says permission denied" grep -q "permission denied" "$T/err"
check "and creates nothing" test ! -e "$T/rodir/new.db"
chmod 0770 "$T/rodir" # so that the clean-up can remove it

# Someone else's database, unreadable (as nobody: root's 0600 file; as a user:
# mode 000 has the same effect on open).
cp "$T/d/good.db" "$T/d/other.db"
if [ "$(id -u)" -eq 0 ]; then chmod 0600 "$T/d/other.db"; else chmod 0000 "$T/d/other.db"; fi
expect_refused 77 "someone else's file" "permission denied" "$T/d/other.db"
chmod 0600 "$T/d/other.db"

# Not a database at all.
printf 'これはデータベースではありません。買い物リスト: 牛乳、卵、パン\n' > "$T/d/text.db"
chmod 0660 "$T/d/text.db"
give "$T/d/text.db"
expect_refused 65 "not a database" "not a database" "$T/d/text.db"

# Another program's SQLite database.
sqlite3 "$T/d/foreign.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
chmod 0660 "$T/d/foreign.db"
give "$T/d/foreign.db"
expect_refused 65 "foreign database" "not soudan's" "$T/d/foreign.db"

# A database from a newer soudan: unavailable (69), never downgraded.
mine "$T/d/newer.db"
sqlite3 "$T/d/newer.db" 'PRAGMA user_version = 99'
give "$T/d/newer.db"
expect_refused 69 "newer schema" "newer soudan" "$T/d/newer.db"

# A corrupt first page (the schema): refused at start.
mine "$T/d/head.db"
dd if=/dev/urandom of="$T/d/head.db" bs=1 seek=100 count=3900 conv=notrunc 2>/dev/null
expect_refused 65 "corrupt first page" "damaged" "$T/d/head.db"

# A corrupt page inside: the calls table's root. Start cannot see it without
# reading the whole file; every command that reads it says the database is
# damaged (65), check names the page, and nothing is written.
mine "$T/d/page.db"
root=$(sqlite3 "$T/d/page.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'calls'")
dd if=/dev/urandom of="$T/d/page.db" bs=4096 seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
before=$(sum "$T/d/page.db")
expect_status 65 "corrupt page: check fails with 65" as_user "$SOUDAN" --db "$T/d/page.db" check
check "corrupt page: check names the page" grep -q "FAIL integrity: .*Page $root" "$T/out"
check "corrupt page: check still reports the rest" grep -q "audit trail" "$T/out"
expect_status 65 "corrupt page: export fails with 65" as_user "$SOUDAN" --db "$T/d/page.db" export
check "corrupt page: export says damaged" grep -q "damaged" "$T/err"
expect_status 65 "corrupt page: soudan-stats fails with 65" \
	as_user "$STATS" --db "$T/d/page.db" --from 2020-01-01 --to 2030-12-31 --format json
expect_status 65 "corrupt page: import fails with 65" as_user "$SOUDAN" -c "$SV" --db "$T/d/page.db" import "$T/one.jsonl"
check "corrupt page: no crash anywhere" sh -c "! grep -q 'Sanitizer\|Segmentation' '$T/err'"
check "corrupt page: the file is unchanged" test "$before" = "$(sum "$T/d/page.db")"

# A user outside the database's group cannot look into its directory: that
# is "permission denied" (77), not "no database" (66).
mkdir "$T/grp"
"$SOUDAN" -c "$SV" --db "$T/grp/soudan.db" import /dev/null 2>/dev/null
if [ "$(id -u)" -eq 0 ]; then chmod 0770 "$T/grp"; else chmod 0 "$T/grp"; fi
expect_status 77 "outside the group: export is permission denied (77)" \
	as_user "$SOUDAN" --db "$T/grp/soudan.db" export
check "and says so" grep -q 'permission denied' "$T/err"
expect_status 77 "outside the group: the screen is permission denied too" \
	as_user timeout 20 "$SOUDAN" --db "$T/grp/soudan.db" </dev/null
chmod 0770 "$T/grp"

# The good database is still good, and check says so.
expect_status 0 "the untouched database passes check" as_user "$SOUDAN" --db "$T/d/good.db" check
finish
