#!/bin/sh
# A longer kill -9 soak than make check runs (not run automatically):
#   B=build/san sh tests/fault/kill_soak.sh [TRIALS] [ROUNDS]
# Each round runs the unit test tests/unit/test_fault_kill.c with TRIALS
# trials (default 1000) and a fresh seed; a failure prints the seed that
# replays it (SOUDAN_FAULT_SEED=... $B/tests/test_fault_kill).
set -u
B=${B:-build}
trials=${1:-1000}
rounds=${2:-3}
export TZ=Asia/Tokyo LANG=C.UTF-8 LC_ALL=C.UTF-8
i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	echo "== round $i: $trials trials, seed $seed"
	SOUDAN_FAULT_TRIALS=$trials SOUDAN_FAULT_SEED=$seed "$B/tests/test_fault_kill" || {
		echo "FAILED: replay with SOUDAN_FAULT_SEED=$seed SOUDAN_FAULT_TRIALS=$trials"
		exit 1
	}
done
