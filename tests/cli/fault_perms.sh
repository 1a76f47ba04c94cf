#!/bin/sh
# Permissions: whatever the umask, a new database, its
# -wal/-shm files and the directories made for it are never accessible to
# other users; the shared-host set-up (group-owned setgid 2770 directory,
# 0660 file) passes `soudan check`; a 0644 database or a 0755 directory makes
# check fail (65) with the fix in the message.
. tests/cli/lib.sh

mode() { stat -c %a "$1"; }
# private PATH: no permission bit for others.
private() { test $(( $(stat -c '%#a' "$1") & 7 )) -eq 0; }

"$GEN" calls 5 --seed 31 > "$T/calls.jsonl"
for u in 000 022 002; do
	u_dir=$T/umask$u
	(umask $u && "$SOUDAN" -c "$SV" --db "$u_dir/a/b/soudan.db" import "$T/calls.jsonl" 2>/dev/null)
	check "umask $u: the database is made" test -s "$u_dir/a/b/soudan.db"
	check "umask $u: database $(mode "$u_dir/a/b/soudan.db") is private" private "$u_dir/a/b/soudan.db"
	check "umask $u: directory $(mode "$u_dir/a/b") is private" private "$u_dir/a/b"
	check "umask $u: parent directory $(mode "$u_dir/a") is private" private "$u_dir/a"
	check "umask $u: the directory is 770, for the group too" test "$(mode "$u_dir/a/b")" = 770
	# Keep the -wal and -shm files open in another process to look at them.
	(umask $u && printf 'BEGIN IMMEDIATE;\n.shell ls -l %s/a/b >%s/ls-%s\nROLLBACK;\n' "$u_dir" "$T" "$u" \
		| sqlite3 "$u_dir/a/b/soudan.db")
	check "umask $u: -wal and -shm are private too" \
		sh -c "grep -q 'soudan.db-wal' '$T/ls-$u' && ! grep 'soudan.db' '$T/ls-$u' | grep -q '^.......[rwx]'"
	expect_status 0 "umask $u: check passes" "$SOUDAN" --db "$u_dir/a/b/soudan.db" check
done

# The default place (XDG_DATA_HOME) under umask 000: made private as well.
(umask 000 && "$SOUDAN" -c "$SV" import "$T/calls.jsonl" 2>/dev/null)
check "default database $XDG_DATA_HOME/soudan/soudan.db is private" private "$XDG_DATA_HOME/soudan/soudan.db"
check "default directory is private" private "$XDG_DATA_HOME/soudan"

# The shared host: a group-owned setgid directory; a new subdirectory keeps
# the setgid bit and the database gets the directory's group.
mkdir "$T/shared"
chmod 2770 "$T/shared"
(umask 007 && "$SOUDAN" -c "$SV" --db "$T/shared/site/soudan.db" import "$T/calls.jsonl" 2>/dev/null)
check "shared: the new directory is 2770 ($(mode "$T/shared/site"))" test "$(mode "$T/shared/site")" = 2770
check "shared: the database is 660 ($(mode "$T/shared/site/soudan.db"))" test "$(mode "$T/shared/site/soudan.db")" = 660
check "shared: the database has the directory's group" \
	test "$(stat -c %g "$T/shared/site/soudan.db")" = "$(stat -c %g "$T/shared")"
expect_status 0 "shared: check passes" "$SOUDAN" --db "$T/shared/site/soudan.db" check
check "shared: check shows the modes" sh -c "grep -q 'database .* mode 0660' '$T/out' && grep -q 'directory .* mode 2770' '$T/out'"

# Wrong modes made by hand: check fails and says how to fix it.
DB=$T/umask022/a/b/soudan.db
chmod 0644 "$DB"
expect_status 65 "a 0644 database fails check" "$SOUDAN" --db "$DB" check
check "and check names the mode and the fix" grep -q '^FAIL database .*mode 0644.*chmod o-rwx' "$T/out"
chmod 0660 "$DB"
chmod 0755 "$T/umask022/a/b"
expect_status 65 "a 0755 directory fails check" "$SOUDAN" --db "$DB" check
check "and check names the directory's mode" grep -q '^FAIL directory .*mode 0755.*chmod o-rwx' "$T/out"
chmod 0770 "$T/umask022/a/b"
expect_status 0 "fixed modes pass again" "$SOUDAN" --db "$DB" check
finish
