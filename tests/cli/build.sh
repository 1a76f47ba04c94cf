#!/bin/sh
# The build keeps its guarantees whatever the caller passes: make CFLAGS=...
# changes the optimisation, never the language standard or the warnings
# (override); objects of test programs are kept (.SECONDARY), so a second run
# builds nothing. And the programs never write a core file: one of the
# intake screen would hold a caller's words.
. tests/cli/lib.sh

# make runs from the repository root; what an outer make passes is dropped.
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory "$@"; }
mk -n -B CFLAGS=-O0 B="$T/b" "$T/b/src/core/id.o" > "$T/cc" 2>&1
check "CFLAGS=-O0 keeps -std=c17" grep -q -- '-std=c17' "$T/cc"
check "and -Werror with the warnings" sh -c "grep -q -- '-Werror' '$T/cc' && grep -q -- '-Wshadow' '$T/cc'"
check "and takes the -O0" grep -q -- '-O0' "$T/cc"
check "the objects of the test programs are kept (a second run builds nothing)" \
	test -f "$B/tests/unit/test_id.o"

# RLIMIT_CORE 0: look at a running soudan (an import waiting on its input).
mkfifo "$T/in"
"$SOUDAN" -c "$SV" --db "$DB" import "$T/in" 2>/dev/null &
pid=$!
exec 3>"$T/in"
sleep 0.5
check "soudan runs with no core files allowed" \
	grep -Eq '^Max core file size +0 +0 ' "/proc/$pid/limits"
exec 3>&-
wait "$pid"
finish
