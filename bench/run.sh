#!/bin/sh
# make bench: the performance figures, each beside a reference measured in the
# same run on the same data, and its target. A benchmark, not a test: it
# prints a table and exits 0 unless something could not be measured.
#
#   BENCH_DIR        work directory (default /tmp/soudan-bench); the generated
#                    data is kept there and reused while the parameters match
#   BENCH_CALLS      calls in the dataset (default 1000000; 100000 is quick)
#   BENCH_DAYS       days they span, ending today (default 1826: five years)
#   BENCH_RESOURCES  directory entries (default 10000)
#   BENCH_FIGURES    which figures to measure (default "1 2 3 4 5 6 7 8"); without
#                    5 an existing database of the same parameters is reused
#   BENCH_WRITERS    concurrent writers for figure 3 (default 50)
#   BENCH_SAVES      saves by the lone writer (default 500), and
#   BENCH_SAVES_EACH by each concurrent one (default 40)
#
# Needs: sqlite3 (the shell), the programs and bench tools under $B
# (make all tools). Dates are local to TZ (default Asia/Tokyo).
set -u
B=${B:-build}
ROOT=$(pwd)
BIN=$ROOT/$B
BENCH_DIR=${BENCH_DIR:-/tmp/soudan-bench}
BENCH_CALLS=${BENCH_CALLS:-1000000}
BENCH_DAYS=${BENCH_DAYS:-1826}
BENCH_RESOURCES=${BENCH_RESOURCES:-10000}
BENCH_FIGURES=${BENCH_FIGURES:-1 2 3 4 5 6 7 8}
BENCH_WRITERS=${BENCH_WRITERS:-50}
BENCH_SAVES=${BENCH_SAVES:-500}
BENCH_SAVES_EACH=${BENCH_SAVES_EACH:-40}

export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=${TZ:-Asia/Tokyo} TERM=xterm-256color
export HOME=$BENCH_DIR/home XDG_CONFIG_HOME=$BENCH_DIR/config XDG_DATA_HOME=$BENCH_DIR/data
unset SOUDAN_CONFIG NO_COLOR

W=$BENCH_DIR
DB=$W/soudan.db
SOUDAN=$BIN/soudan
STATS=$BIN/soudan-stats
TIMECMD=$BIN/bench/timecmd
PTYRUN=$BIN/bench/ptyrun
RESULTS=$W/results.txt
NOTES=$W/notes.txt

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }
has_figure() { case " $BENCH_FIGURES " in *" $1 "*) return 0 ;; esac; return 1; }
# sq SQL: a value computed by SQLite (date arithmetic in local time, TZ).
sq() { sqlite3 :memory: "$1"; }
# calc EXPR: floating-point arithmetic.
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
calc0() { awk "BEGIN { printf \"%.0f\", $1 }"; }
# row FIGURE MEASURED REFERENCE TARGET RESULT
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$RESULTS"; }
# explain TEXT: a line under the table (what a reference is, what was seen).
explain() { printf '%s\n' "$*" >> "$NOTES"; }
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
le() { awk "BEGIN { exit !($1 <= $2) }" && echo 1 || echo 0; }
# field NAME FILE: the value of a "name value" line.
field() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
# percentiles FILE: "p50 p99 max n" of the numbers in FILE (nearest rank).
percentiles() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		function at(p,  k) { k = int(p / 100 * NR + 0.999999); if (k < 1) k = 1; return v[k] }
		END { if (NR == 0) print "0 0 0 0"; else printf "%.1f %.1f %.1f %d\n", at(50), at(99), v[NR], NR }'
}

for f in "$SOUDAN" "$STATS" "$TIMECMD" "$PTYRUN" "$BIN/bench/gencalls" "$BIN/bench/writer" \
	"$BIN/bench/search" "$BIN/bench/duty"; do
	[ -x "$f" ] || die "$f is missing: make B=$B all tools"
done
command -v sqlite3 >/dev/null || die "the sqlite3 shell is needed (apt-get install sqlite3)"
mkdir -p "$W" "$HOME" "$XDG_CONFIG_HOME/soudan" "$XDG_DATA_HOME" || die "cannot create $W"
# Supervisors import the directory: make this user one, nothing else changed.
printf '[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$XDG_CONFIG_HOME/soudan/soudan.ini"
: > "$RESULTS"
: > "$NOTES"
started=$(date +%s)

# --- the dataset: regenerated when a parameter (or the generator) changes ---
TODAY=$(sq "SELECT date('now', 'localtime')")
PARAMS="calls=$BENCH_CALLS days=$BENCH_DAYS end=$TODAY resources=$BENCH_RESOURCES seed=1 gen=$(cksum < bench/gencalls.c | cut -d' ' -f1)"
# The database is rebuilt as well when the schema changes.
DB_PARAMS="$PARAMS schema=$(cksum < src/store/schema.c | cut -d' ' -f1)"
if [ "$(cat "$W/data.params" 2>/dev/null)" != "$PARAMS" ] || [ ! -s "$W/calls.jsonl" ]; then
	note "generating $BENCH_CALLS calls over $BENCH_DAYS days and $BENCH_RESOURCES resources"
	rm -f "$W/data.params" "$W/db.params" "$W/calls.csv"
	"$BIN/bench/gencalls" calls "$BENCH_CALLS" --seed 1 --days "$BENCH_DAYS" --end "$TODAY" \
		--resources "$BENCH_RESOURCES" > "$W/calls.jsonl" || die "gencalls failed"
	"$BIN/bench/gencalls" resources "$BENCH_RESOURCES" > "$W/resources.csv" || die "gencalls failed"
	echo "$PARAMS" > "$W/data.params"
fi

new_db() { # path: the directory imported, no calls yet
	rm -f "$1" "$1-wal" "$1-shm"
	"$SOUDAN" --db "$1" resources import "$W/resources.csv" > "$W/new_db.out" 2>&1 ||
		{ cat "$W/new_db.out" >&2; die "resources import failed"; }
}

# --- 5: import (it also builds the database the other figures use) ---
if has_figure 5 || [ "$(cat "$W/db.params" 2>/dev/null)" != "$DB_PARAMS" ] || [ ! -s "$DB" ]; then
	note "figure 5: soudan import of $BENCH_CALLS calls"
	rm -f "$W/db.params"
	new_db "$DB"
	out=$("$TIMECMD" -o "$W/import.out" -- "$SOUDAN" --db "$DB" import "$W/calls.jsonl") ||
		die "soudan import failed"
	set -- $out
	import_ms=$1 import_rss=$3
	echo "$DB_PARAMS" > "$W/db.params"
	if has_figure 5; then
		if [ ! -s "$W/calls.csv" ]; then
			note "figure 5: exporting the same calls as CSV for the reference"
			"$SOUDAN" --db "$DB" export --format csv > "$W/calls.csv" || die "export failed"
		fi
		rm -f "$W/ref-import.db" "$W/ref-import.db-wal" "$W/ref-import.db-shm"
		printf 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n.import --csv %s plain\n' \
			"$W/calls.csv" > "$W/ref-import.sql"
		note "figure 5: sqlite3 .import of the same rows"
		out=$("$TIMECMD" -i "$W/ref-import.sql" -- sqlite3 "$W/ref-import.db") ||
			die "sqlite3 .import failed"
		set -- $out
		ref_ms=$1
		rows=$(sqlite3 "$W/ref-import.db" 'SELECT count(*) FROM plain')
		rm -f "$W/ref-import.db" "$W/ref-import.db-wal" "$W/ref-import.db-shm"
		row "5 import $BENCH_CALLS calls" \
			"$(calc0 "$BENCH_CALLS / ($import_ms / 1000)") calls/s, $(calc "$import_rss / 1024") MB" \
			"$(calc0 "$rows / ($ref_ms / 1000)") rows/s" "-" "-"
		explain "5: soudan import took $(calc "$import_ms / 1000") s; the reference is the sqlite3" \
			"shell's .import of the same rows as CSV (soudan export) into a plain table, WAL," \
			"synchronous=FULL: $(calc "$ref_ms / 1000") s."
	fi
fi
CALLS_IN_DB=$(sqlite3 "$DB" 'SELECT count(*) FROM calls')
[ "$CALLS_IN_DB" -eq "$BENCH_CALLS" ] || die "$DB holds $CALLS_IN_DB calls, not $BENCH_CALLS"

# --- 1: soudan-stats beside plain GROUP BYs in the sqlite3 shell ---
# floor_sql FROM_DATE TO_DATE ROWFMT: bench/stats.sql for that period.
floor_sql() {
	from=$(sq "SELECT strftime('%s', '$1', 'utc')")
	to=$(sq "SELECT strftime('%s', '$2', '+1 day', 'utc')")
	sed -e "s/@FROM@/$from/g" -e "s/@TO@/$to/g" -e "s/@DFROM@/$1/g" -e "s/@DTO@/$2/g" \
		-e "s/@ROWFMT@/$3/g" bench/stats.sql > "$W/floor.sql"
}
# stats_figure NAME RUNS FROM TO ROWFMT ARGS...: sets ms, rss, fms.
stats_figure() {
	name=$1 runs=$2; shift 2
	floor_sql "$1" "$2" "$3"; shift 3
	note "figure 1: soudan-stats $* (and its floor), $runs runs each"
	out=$("$TIMECMD" -n "$runs" -- "$STATS" --db "$DB" "$@") || die "soudan-stats $* failed"
	set -- $out
	ms=$1 rss=$3
	out=$("$TIMECMD" -n "$runs" -i "$W/floor.sql" -- sqlite3 -readonly "$DB") ||
		die "sqlite3 floor for $name failed"
	set -- $out
	fms=$1
}
if has_figure 1; then
	MONTH=$(sq "SELECT strftime('%Y-%m', 'now', 'localtime', 'start of month', '-1 month')")
	MONTH_TO=$(sq "SELECT date('$MONTH-01', '+1 month', '-1 day')")
	FY=$(sq "SELECT CAST(strftime('%Y', 'now', 'localtime') AS INTEGER)
		- (CASE WHEN CAST(strftime('%m', 'now', 'localtime') AS INTEGER) >= 4 THEN 1 ELSE 2 END)")
	stats_figure day 9 "$TODAY" "$TODAY" '%Y-%m-%d' --date "$TODAY"
	row "1 stats, day $TODAY" "$ms ms, $(calc "$rss / 1024") MB" "$fms ms" \
		"<=50 ms, <=1.5x ref" "$(verdict "$(( $(le "$ms" 50) * $(le "$ms" "$fms * 1.5") ))")"
	stats_figure month 5 "$MONTH-01" "$MONTH_TO" '%Y-%m-%d' --month "$MONTH"
	row "1 stats, month $MONTH" "$ms ms, $(calc "$rss / 1024") MB" "$fms ms" "-" "-"
	stats_figure fy 3 "$FY-04-01" "$((FY + 1))-03-31" '%Y-%m' --fiscal-year "$FY"
	row "1 stats, fiscal year $FY" "$ms ms, $(calc "$rss / 1024") MB" "$fms ms" \
		"<=2000 ms" "$(verdict "$(le "$ms" 2000)")"
	explain "1: wall time (median of 9, 5 and 3 runs) and peak RSS of soudan-stats (text report);" \
		"the reference is the sqlite3 shell running bench/stats.sql, one GROUP BY per figure," \
		"on the same file."
fi

# --- 2: start-up to the home screen, and an idle session's memory ---
# startup DB RUNS: up_ms and up_rss, the median start-up and its run's RSS.
startup() {
	: > "$W/startup.txt"
	i=0
	while [ $i -lt "$2" ]; do
		"$PTYRUN" --timeout 120000 -- "$SOUDAN" --db "$1" > "$W/pty.out" ||
			die "soudan did not show its home screen on $1"
		echo "$(field startup_ms "$W/pty.out") $(field rss_kb "$W/pty.out")" >> "$W/startup.txt"
		i=$((i + 1))
	done
	set -- $(sort -n "$W/startup.txt" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
	up_ms=$1 up_rss=$2
}
home_ref() { # DB: sqlite3 opening it and running the home screen's queries
	hdb=$1
	from=$(sq "SELECT strftime('%s', '$TODAY', 'utc')")
	to=$(sq "SELECT strftime('%s', '$TODAY', '+1 day', 'utc')")
	cols="c.id, c.started_at, c.ended_at, c.operator, c.call_type, c.caller,
	 (SELECT code FROM call_codes WHERE call_id = c.id AND field = 'concerns' AND pos = 0),
	 c.urgency, c.outcome, c.next_contact, c.assigned_to, c.case_code,
	 EXISTS (SELECT 1 FROM call_codes WHERE call_id = c.id AND field = 'risks')"
	open="c.next_contact IS NOT NULL AND c.outcome IS NOT 'closed' AND c.followup_closed_at IS NULL AND c.next_contact <= '$TODAY'"
	me=$(id -un)
	printf 'SELECT %s FROM calls c WHERE c.started_at >= %s AND c.started_at < %s ORDER BY c.started_at;\n' \
		"$cols" "$from" "$to" > "$W/home-today.sql"
	# As home lists them: all counted, the first 50 shown, the operator's own first.
	{
		printf 'SELECT count(*) FROM calls c WHERE %s;\n' "$open"
		printf "SELECT %s FROM calls c WHERE %s AND coalesce(c.assigned_to, c.operator) = '%s' ORDER BY c.next_contact, c.started_at LIMIT 50;\n" \
			"$cols" "$open" "$me"
		printf "SELECT %s FROM calls c WHERE %s AND coalesce(c.assigned_to, c.operator) IS NOT '%s' ORDER BY c.next_contact, c.started_at LIMIT 50;\n" \
			"$cols" "$open" "$me"
	} > "$W/home-followups.sql"
	out=$("$TIMECMD" -n 3 -i "$W/home-today.sql" -- sqlite3 -readonly "$hdb") ||
		die "sqlite3 home reference failed"
	set -- $out
	today_ms=$1 today_rss=$3
	out=$("$TIMECMD" -n 3 -i "$W/home-followups.sql" -- sqlite3 -readonly "$hdb") ||
		die "sqlite3 home reference failed"
	set -- $out
	follow_ms=$1
	due=$(sqlite3 "$hdb" "SELECT count(*) FROM calls c WHERE $open")
}
if has_figure 2; then
	note "figure 2: start-up to the home screen on $DB"
	startup "$DB" 3
	home_ref "$DB"
	row "2 start-up to home screen" "$up_ms ms" "$today_ms ms + $follow_ms ms" "<=100 ms" \
		"$(verdict "$(le "$up_ms" 100)")"
	row "2 idle session RSS" "$(calc "$up_rss / 1024") MB" "$(calc "$today_rss / 1024") MB" \
		"<=8 MB" "$(verdict "$(le "$up_rss" 8192)")"
	explain "2: soudan on a pty (bench/ptyrun) until the home screen's footer is drawn, median" \
		"of 3; RSS after 1 s idle. The reference is the sqlite3 shell opening the file and" \
		"running the home screen's queries: today's calls + the follow-ups due (all $due" \
		"counted, the first 50 listed)."
	# The same without the backlog: every follow-up due before today done (a copy).
	cp "$DB" "$W/closed.db" && rm -f "$W/closed.db-wal" "$W/closed.db-shm"
	sqlite3 "$W/closed.db" "UPDATE calls SET followup_closed_at = started_at WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed' AND followup_closed_at IS NULL AND next_contact < '$TODAY'" ||
		die "cannot close the old follow-ups in the copy"
	startup "$W/closed.db" 3
	home_ref "$W/closed.db"
	row "2 same, overdue follow-ups done" "$up_ms ms, $(calc "$up_rss / 1024") MB" \
		"$today_ms ms + $follow_ms ms" "<=100 ms, <=8 MB" \
		"$(verdict "$(( $(le "$up_ms" 100) * $(le "$up_rss" 8192) ))")"
	explain "2: \"overdue follow-ups done\": a copy where every follow-up due before today is" \
		"marked done ($due still due, today's), to show what the backlog costs: the generated" \
		"calls leave 4 in 5 continued and no follow-up is ever closed."
	rm -f "$W/closed.db" "$W/closed.db-wal" "$W/closed.db-shm"
fi

# --- 3: saving a call, alone and with many writers at once ---
# writers DB COUNT EACH [--bare]: "p50 p99 max n errors" over all their saves
# in $lat (each writer's stderr: an error a line).
writers() {
	wdb=$1 count=$2 each=$3; shift 3
	rm -f "$W"/lat.* "$W"/werr.*
	at=$(( $(date +%s) + 2 ))
	i=0
	while [ $i -lt "$count" ]; do
		"$BIN/bench/writer" "$wdb" "$each" --at "$at" "$@" > "$W/lat.$i" 2> "$W/werr.$i" &
		i=$((i + 1))
	done
	wait
	cat "$W"/lat.* > "$W/lat.all"
	errors=$(cat "$W"/werr.* | grep -c . || true)
	lat="$(percentiles "$W/lat.all") $errors"
}
if has_figure 3; then
	note "figure 3: saving calls on a copy of $DB"
	cp "$DB" "$W/write.db" && rm -f "$W/write.db-wal" "$W/write.db-shm"
	rm -f "$W/bare.db" "$W/bare.db-wal" "$W/bare.db-shm"
	writers "$W/write.db" 1 "$BENCH_SAVES"
	set -- $lat
	p50=$1 p99=$2 max=$3 errs=$5
	writers "$W/bare.db" 1 "$BENCH_SAVES" --bare
	set -- $lat
	row "3 save a call alone, p50/p99" "$p50/$p99 ms (max $max)" "$1/$2 ms" "p99 <=50 ms" \
		"$(verdict "$(( $(le "$p99" 50) * (errs == 0) ))")"
	writers "$W/write.db" "$BENCH_WRITERS" "$BENCH_SAVES_EACH"
	set -- $lat
	p50=$1 p99=$2 max=$3 n=$4 errs=$5
	writers "$W/bare.db" "$BENCH_WRITERS" "$BENCH_SAVES_EACH" --bare
	set -- $lat
	row "3 save, $BENCH_WRITERS writers, p50/p99" "$p50/$p99 ms (max $max)" "$1/$2 ms (max $3)" \
		"no error" "$(verdict "$((errs == 0))")"
	explain "3: store_call_save after store_open (bench/writer) on a copy of the database;" \
		"$BENCH_SAVES saves alone, then $BENCH_WRITERS processes x $BENCH_SAVES_EACH saves at once," \
		"back to back, which keeps the write lock saturated ($n saves, $errs errors; a writer" \
		"starved past the busy timeout would be an error). The reference does the same steps in" \
		"plain SQL on a table of" \
		"its own: a draft written, then a timed BEGIN IMMEDIATE insert + draft delete, WAL," \
		"synchronous=FULL."
	rm -f "$W/write.db" "$W/write.db-wal" "$W/write.db-shm" "$W"/lat.* "$W"/werr.* \
		"$W/bare.db" "$W/bare.db-wal" "$W/bare.db-shm"
fi

# --- 4: directory search per keystroke ---
if has_figure 4; then
	QUERY=港北区家族会
	note "figure 4: typing $QUERY into the directory search"
	"$BIN/bench/search" "$DB" "$QUERY" --reps 20 > "$W/search.out" || die "search failed"
	set -- $(tail -1 "$W/search.out")
	per_key=$(awk 'NF == 4 { printf "%s%.1f", sep, $2; sep = " " }' "$W/search.out")
	row "4 search per keystroke, worst" "$(calc "$2") ms (mean $(calc "$4"))" \
		"$(calc "$6") ms (mean $(calc "$8"))" "<=5 ms" "$(verdict "$(le "$2" 5)")"
	explain "4: resources_search for each prefix of $QUERY, then one character in no entry (median" \
		"of 20 runs each: $per_key ms);" \
		"the reference is an FTS5 trigram MATCH ordered by rank (3 characters or more) or an" \
		"instr() scan (1-2 characters) on its own connection."
fi

# --- 6: bytes sent to the terminal per character typed in the notes ---
if has_figure 6; then
	note "figure 6: typing 200 characters into the notes of a new call"
	new_db "$W/typing.db"
	TEXT=母より息子が十年以上自室中心の生活で昼夜逆転が続いている親亡き後の生活が心配とのこと
	"$PTYRUN" --key n --type "$TEXT" --count 200 -- "$SOUDAN" --db "$W/typing.db" \
		> "$W/typing.out" || die "typing into soudan failed"
	bpc=$(field bytes_per_char "$W/typing.out")
	row "6 bytes to terminal per char typed" "$bpc (max $(field max_bytes "$W/typing.out"))" \
		"3.0" "<=16" "$(verdict "$(le "$bpc" 16)")"
	explain "6: 200 Japanese characters typed one at a time into a new call's notes, each time" \
		"reading until the screen is quiet for 40 ms; the reference is the character's own" \
		"UTF-8 (3 bytes)."
	rm -f "$W/typing.db" "$W/typing.db-wal" "$W/typing.db-shm"
fi

# --- 7: an operator's saves while a supervisor imports the whole dataset ---
if has_figure 7; then
	note "figure 7: saving calls while soudan import writes $BENCH_CALLS calls"
	new_db "$W/during.db"
	"$TIMECMD" -o "$W/during-import.out" -- "$SOUDAN" --db "$W/during.db" \
		import "$W/calls.jsonl" > "$W/during-import.time" &
	importer=$!
	rm -f "$W"/dlat.*
	i=0
	# Saves at an operator's pace (0-200 ms apart), batch after batch, for as
	# long as the import runs: its reading, then its writing.
	while kill -0 "$importer" 2>/dev/null; do
		"$BIN/bench/writer" "$W/during.db" 20 --pause 200 > "$W/dlat.$i" 2>> "$W/dlat.err"
		i=$((i + 1))
	done
	wait "$importer" || die "the import under figure 7 failed"
	cat "$W"/dlat.[0-9]* > "$W/dlat.all"
	set -- $(percentiles "$W/dlat.all")
	p50=$1 p99=$2 max=$3 n=$4
	errs=$(grep -c . "$W/dlat.err" 2>/dev/null || true)
	set -- $(cat "$W/during-import.time")
	row "7 save during a $BENCH_CALLS-call import, p50/p99" "$p50/$p99 ms (max $max)" \
		"import $(calc "$1 / 1000") s" "p99 <=1000 ms, no error" \
		"$(verdict "$(( $(le "$p99" 1000) * (errs == 0) ))")"
	explain "7: bench/writer saving calls 0-200 ms apart ($n saves, $errs errors) for the whole" \
		"time soudan import took to read, check and write the $BENCH_CALLS calls of figure 5 into" \
		"a new database (its batches of about 50 ms let the saves in between)."
	rm -f "$W/during.db" "$W/during.db-wal" "$W/during.db-shm" "$W/during.db-lock" "$W"/dlat.*
fi

# --- 8: the calls in progress, as a supervisor's home asks every few seconds ---
if has_figure 8; then
	note "figure 8: the calls in progress, 50 drafts beside the calls of $DB"
	cp "$DB" "$W/duty.db" && rm -f "$W/duty.db-wal" "$W/duty.db-shm"
	"$BIN/bench/duty" "$W/duty.db" --drafts 50 --notes 20000 --reps 200 > "$W/duty.out" ||
		die "the calls in progress could not be measured"
	ms=$(field ms "$W/duty.out")
	row "8 calls in progress, 50 drafts" "$ms ms (max $(field max "$W/duty.out"))" \
		"$(field ref_ms "$W/duty.out") ms" "<=10 ms" "$(verdict "$(le "$ms" 10)")"
	explain "8: store_calls_in_progress (median of 200 runs) on a copy of the database with" \
		"$(field calls "$W/duty.out") calls and 50 new calls being taken, each a draft with" \
		"20,000 bytes of notes and a lease of another session, some urgent, some with a help" \
		"request; the reference reads the same draft columns straight from SQLite."
	rm -f "$W/duty.db" "$W/duty.db-wal" "$W/duty.db-shm"
fi

# --- the table ---
echo
echo "soudan $BENCH_CALLS calls over $BENCH_DAYS days to $TODAY, $BENCH_RESOURCES resources," \
	"$(nproc 2>/dev/null || echo '?') CPUs, SQLite $(sqlite3 --version | cut -d' ' -f1)," \
	"$(( $(date +%s) - started )) s"
{
	printf 'figure\tmeasured\treference (same run)\ttarget\tresult\n'
	cat "$RESULTS"
} | awk -F '\t' '
	{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
	END { for (r = 1; r <= NR; r++) { line = ""
		for (i = 1; i <= 5; i++) line = line sprintf(i < 5 ? "%-" w[i] "s  " : "%s", cell[r, i])
		print line } }'
fold -s -w 96 "$NOTES" | sed -e 's/^\([0-9]:\)/  \1/' -e 's/^[^ ]/     &/'
