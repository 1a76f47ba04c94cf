#!/bin/sh
# make check never touches a real installation: the test build reads its
# system configuration from $B/etc (make check), which tests/run.sh fills with
# a file that fails any program reading it, and every test pins its own
# configuration (lib.sh). Here: the poison bites when nothing is pinned, and
# none of the programs reaches it with the environment every test gets.
. tests/cli/lib.sh

POISON=$PWD/$B/etc/soudan/soudan.ini
check "the poisoned system configuration is in place" grep -q '^POISON' "$POISON"

# Nothing pinned: an empty home, no SOUDAN_CONFIG. The program must read the
# poison (so the test build never looks at the host's /etc/soudan) and stop.
unpinned() {
	env -u SOUDAN_CONFIG HOME="$T/empty" XDG_CONFIG_HOME="$T/empty/config" \
		XDG_DATA_HOME="$T/empty/data" "$@"
}
mkdir -p "$T/empty"
expect_status 78 "unpinned, soudan reads the test build's system file and stops" \
	unpinned "$SOUDAN" --db "$T/unpinned.db" check
grep -qF "$POISON" "$T/err" ||
	echo "# the programs were not built with SYSCONFDIR=$PWD/$B/etc: run the tests with make check"
check "the message names the poisoned file" grep -qF "$POISON" "$T/err"
expect_status 78 "unpinned, soudan-stats stops too" unpinned "$STATS" --db "$T/unpinned.db"
check "nothing was created by an unpinned run" test ! -e "$T/unpinned.db"

# The environment of every test: no program reads the poison.
"$GEN" calls 5 --seed 3 > "$T/calls.jsonl"
supervisor_config "$SOUDAN_CONFIG"
expect_status 0 "pinned: import" "$SOUDAN" import "$T/calls.jsonl"
check "pinned: the database is the test's own" test -s "$XDG_DATA_HOME/soudan/soudan.db"
expect_status 0 "pinned: export" "$SOUDAN" export
expect_status 0 "pinned: check" "$SOUDAN" check
expect_status 0 "pinned: audit --verify" "$SOUDAN" audit --verify
expect_status 0 "pinned: purge --dry-run" "$SOUDAN" purge --dry-run
expect_status 0 "pinned: resources export" "$SOUDAN" resources export
expect_status 0 "pinned: soudan-stats" "$STATS" --date 2026-11-22
finish
