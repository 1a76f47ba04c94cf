# Shared by the CLI and TUI scripts: a private environment and TAP output.
B=${B:-build}
SOUDAN=$PWD/$B/soudan
STATS=$PWD/$B/soudan-stats
GEN=$PWD/$B/bench/gencalls
T=$(mktemp -d /tmp/soudan-test.XXXXXX)
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Tokyo
unset NO_COLOR
mkdir -p "$HOME"
# Every program a test runs reads this configuration and no other: never the
# host's /etc/soudan/soudan.ini, which on a live host names the live database
# (tests/cli/hermetic.sh proves it). Empty: the built-in defaults. A test that
# needs settings writes them here (or passes -c).
export SOUDAN_CONFIG=$T/soudan.ini
: > "$SOUDAN_CONFIG"
DB=$T/soudan.db
n=0
fails=0
cleanup() { rm -rf "$T"; }
trap cleanup EXIT

# supervisor_config FILE: a configuration whose supervisor group is ours, so
# that a test may do what only supervisors do (load the directory, purge,
# import calls in other operators' names...).
supervisor_config() {
	mkdir -p "$(dirname "$1")"
	printf '[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$1"
}
# SV: that configuration, for a test's set-up: loading fixture calls taken by
# many operators is a supervisor's import (-c "$SV").
SV=$T/supervisor.ini
supervisor_config "$SV"

ok() { # condition-status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

# check DESCRIPTION COMMAND...: the command's status decides.
check() {
	d=$1; shift
	if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi
}

# expect_status WANT DESCRIPTION COMMAND...
expect_status() {
	want=$1 d=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok 0 "$d"; else
		ok 1 "$d (exit $got, wanted $want)"
		sed 's/^/# /' "$T/err" | head -5
	fi
}

# plant_hostile_names DB: the last call of tests/data/stats/day.jsonl (site
# 悪い拠点, operator op-x) given the site and operator an import refuses, as a
# database written past soudan (or by an older one) may hold them.
plant_hostile_names() {
	sqlite3 "$1" "UPDATE calls SET site = '悪い' || char(27) || '[2J拠点',
		operator = 'op' || char(27) || ']0;x' || char(7) WHERE site = '悪い拠点'"
}

calls_in() { sqlite3 "$1" 'SELECT count(*) FROM calls'; }

finish() { [ "$fails" -eq 0 ]; }
