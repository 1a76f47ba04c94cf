#!/bin/sh
# Runs every test: cmocka unit tests, CLI scripts and TUI scripts (TAP lines).
# Ends with one line "N passed, N failed" and a non-zero status on any failure.
set -u
B=${B:-build}
export B
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Tokyo
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0 broken=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # file: adds its pass/fail counts
	p=$(grep -c '^ok ' "$1" || true)
	f=$(grep -c '^not ok ' "$1" || true)
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	passed=$((passed + p + ${cp:-0}))
	failed=$((failed + f + ${cf:-0}))
}

run() { # name command...
	name=$1; shift
	printf '== %s\n' "$name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	count "$log"
	if [ $rc -ne 0 ]; then
		broken="$broken $name"
		# A crash or sanitizer report with no failing line still counts.
		grep -q '^not ok \|^\[  FAILED  \]' "$log" || failed=$((failed + 1))
	fi
}

# The test build's system configuration (make check sets SYSCONFDIR to
# $B/etc): a file that fails loudly if any program of any test reads it,
# instead of falling through to a host's /etc/soudan and its live database.
mkdir -p "$B/etc/soudan"
cat > "$B/etc/soudan/soudan.ini" <<'POISON'
; Written by tests/run.sh. No test may read this file: each pins its own
; configuration (SOUDAN_CONFIG, tests/cli/lib.sh). Reading it fails on the next line.
POISON: a test read the system configuration
POISON

for t in "$B"/tests/test_*; do
	[ -x "$t" ] && run "$(basename "$t")" "$t"
done
for t in tests/cli/*.sh tests/tui/*.sh; do
	[ -f "$t" ] && run "$t" sh "$t"
done

[ -n "$broken" ] && printf 'failing:%s\n' "$broken"
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ] && [ -z "$broken" ]
