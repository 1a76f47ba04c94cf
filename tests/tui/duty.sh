#!/bin/sh
# The duty room on screen, an operator and a supervisor on one database: a
# call in progress appears on the supervisor's home within seconds (never
# its notes), a help request is raised with Ctrl-R, rings and is acknowledged
# with a, and the operator's call shows who saw it; a note template goes
# into the notes at the cursor; an urgent call's save proposes a debrief,
# which the supervisor's queue lists and marks done; a shift log entry
# written in one session shows at the start of the next, the notes'
# anonymity warning applies, and its author takes it back.
. tests/tui/tmux.lib
me=$(id -un)
q() { sqlite3 "$DB" "$1"; }

start o 80 24
wait_for o "n: new call" >/dev/null
start s 80 24 SOUDAN_CONFIG=$SV
shows s "Calls in progress (0)" "a supervisor's home has the calls in progress"
check "an operator's home has not (calls_in_progress = supervisors)" \
	sh -c "! $TM capture-pane -p -t o | grep -q 'Calls in progress'"
check "an operator's footer offers no acknowledging" \
	sh -c "! $TM capture-pane -p -t o | tail -1 | grep -q 'acknowledge'"
# The supervisor's window is not the current one, so that tmux flags its bell.
$TM set-option -g monitor-bell on \; set-option -g bell-action any
$TM new-window -d -t s: "sleep 100000"
$TM select-window -t s:1

keys o n
wait_for o "In call" >/dev/null
text o '本人と話せた。'
shows s:0 "Calls in progress (1)" "the call in progress appears on the supervisor's home"
shows s:0 "live" "held by a live session"
check "never its notes" sh -c "! $TM capture-pane -p -t s:0 | grep -q '本人と話せた'"
check "the call's footer says which key asks for help" \
	sh -c "$TM capture-pane -p -t o | tail -1 | grep -q '\^R: call SV'"

# An operator who sees the duty room (calls_in_progress = everyone) but
# cannot acknowledge.
EV=$T/everyone.ini
printf '[duty]\ncalls_in_progress = everyone\n' > "$EV"
start e 80 24 SOUDAN_CONFIG=$EV
shows e "Calls in progress (1)" "with calls_in_progress = everyone an operator sees the duty room"
$TM new-window -d -t e: "sleep 100000"
$TM select-window -t e:1

# A help request.
keys o C-r
shows o "HELP REQUESTED" "Ctrl-R raises a help request; the call's bar says so"
shows s:0 "Help requests (a acknowledges) (1)" "the supervisor's home lists it at the top"
shows s:0 "Help requested by $me" "and says who asked"
check "the bell rang on the supervisor's terminal" \
	test "$($TM display-message -p -t s:0 '#{window_bell_flag}')" = 1
shows e:0 "Help requests (1)" "the operator who sees the duty room sees the request"
sleep 3.5
check "but no bell rings for an operator, who cannot acknowledge" \
	test "$($TM display-message -p -t e:0 '#{window_bell_flag}')" = 0
check "and nothing says a acknowledges it" \
	sh -c "! $TM capture-pane -p -t e:0 | grep -q 'a acknowledges\|Help requested by\|acknowledge'"
keys e:0 q
check "that operator quits with status 0" test "$(wait_exit e)" = "1:0"
no_sanitizer_report e
keys o C-r
check "a second press is no second request" wait_sql "SELECT count(*) FROM help_requests" 1
check "the new request is selected" \
	sh -c "$TM capture-pane -p -t s:0 | sed -n 3p | grep -q '^> [0-9][0-9]:[0-9][0-9] $me'"
keys s:0 j
wait_for s:0 "! " >/dev/null
screen_attrs s:0 | grep -F "! " > "$T/attrs"
check "an open request is drawn in the urgent style" grep -q '\[41m! [0-9]' "$T/attrs"
keys s:0 k
wait_for s:0 "> " >/dev/null
$TM select-window -t s:0
# Another process holds the database longer than the busy timeout (5 s):
# a second a is ignored, the status line names what waits.
(printf 'BEGIN IMMEDIATE;\n'; sleep 8; printf 'COMMIT;\n') | sqlite3 "$DB" &
locker=$!
sleep 0.3
keys s:0 a
shows s:0 "Acknowledging..." "a sends the acknowledgement"
keys s:0 a
shows s:0 "Already sent: the acknowledgement is being written." \
	"a second a while the first waits for the database is ignored, and says so"
shows s:0 "acknowledgement waits: database busy" "the status line names what waits"
wait "$locker"
shows s:0 "Acknowledged" "a acknowledges the selected request"
check "the supervisor's own acknowledgement is not reported as an error" \
	sh -c "! $TM capture-pane -p -t s:0 | grep -q 'Not acknowledged'"
check "the acknowledgement is in the database" \
	wait_sql "SELECT acked_by FROM help_requests" "$me"
shows o "seen by $me at" "the operator's call shows it was seen, by whom and when"
wait_gone s:0 "Help requests (" >/dev/null
shows s:0 "seen by $me" "the call in progress shows it was seen"

# A note template, then an urgent call: the save proposes a debrief.
keys o C-t
shows o "Insert a note template" "Ctrl-T opens the template picker"
keys o 2
shows o "本人と話せた。家族会の情報を案内。" "the chosen template is inserted at the cursor"
keys o C-f d
sleep 0.3
keys o 3
wait_for o "urgent" >/dev/null
keys o C-s
shows o "Propose a debrief?" "saving an urgent call proposes a debrief"
shows o "emergency response (proposed)" "with the reason the rule gives"
keys o 4
shows o "Today's calls (1)" "the reason chosen, the call is saved"
check "the call was saved with the template's text" \
	wait_sql "SELECT notes FROM calls" "本人と話せた。家族会の情報を案内。"
check "it waits in the debrief queue with the reason chosen" \
	wait_sql "SELECT reason FROM debriefs WHERE done_at IS NULL" "unsure"
shows s:0 "Calls in progress (0)" "the saved call leaves the calls in progress"

keys s:0 b
shows s:0 "Waiting for a debrief (1)" "b: the supervisor's debrief queue"
shows s:0 "unsure what to do" "it lists the reason"
keys s:0 Enter
shows s:0 "Mark this debrief done?" "Enter asks first"
(printf 'BEGIN IMMEDIATE;\n'; sleep 8; printf 'COMMIT;\n') | sqlite3 "$DB" &
locker=$!
sleep 0.3
keys s:0 y
shows s:0 "Marking the debrief done..." "y sends the mark"
keys s:0 Enter
shows s:0 "Already sent: the debrief is being marked done." \
	"Enter again while the mark waits for the database is ignored, and says so"
check "without asking again" sh -c "! $TM capture-pane -p -t s:0 | grep -q 'Mark this debrief done?'"
shows s:0 "debrief mark waits: database busy" "the status line names the mark that waits"
wait "$locker"
shows s:0 "Debrief marked done." "and marks it done"
check "done in the database, by the supervisor" \
	wait_sql "SELECT done_by FROM debriefs WHERE done_at IS NOT NULL" "$me"
shows s:0 "Waiting for a debrief (0)" "the queue is empty"

# A request raised while the supervisor is on another screen rings there;
# back on home, the new request is shown and selected, not the oldest.
for i in 1 2 3 4 5; do
	q "INSERT INTO help_requests(call_id, site, raised_by, raised_at)
	   VALUES ('OLD$i', 'main', 'colleague$i', strftime('%s','now') - 900 + $i)"
done
sleep 3.5 # the five older requests rung once
$TM select-window -t s:1
keys o n
wait_for o "In call" >/dev/null
keys o C-r
shows o "HELP REQUESTED" "a second call asks for help"
shows s:0 "Help requested by $me (6 open): home shows it" \
	"the debrief queue says who asked, how many are open and where to see it"
check "the bell rang on the debrief queue" \
	test "$($TM display-message -p -t s:0 '#{window_bell_flag}')" = 1
shows s:0 "Waiting for a debrief (0)" "the supervisor is still on the debrief queue"
$TM select-window -t s:0
keys s:0 Escape
wait_for s:0 "Calls in progress" >/dev/null
check "back on home the new request is shown and selected" \
	sh -c "$TM capture-pane -p -t s:0 | grep -q '^> [0-9][0-9]:[0-9][0-9] $me '"
keys o Escape
wait_for o "keep it" >/dev/null
keys o d
wait_for o "n: new call" >/dev/null

# The shift log.
keys o l
shows o "Shift log: the latest first" "l: the shift log"
keys o n
text o '090-1234-5678 に折り返し'
keys o Enter
shows o "Write this entry?" "an entry that looks identifying is warned about, as notes are"
shows o "The line is anonymous." "with the notes' warning"
keys o Escape
wait_gone o "Write this entry?" >/dev/null
sleep 0.5
check "not written when the operator thinks again" test "$(q 'SELECT count(*) FROM shift_log')" -eq 0
keys o n
text o "$(printf '%01000d' 0)x"
shows o "The text is full (at most 1000 bytes); nothing more was added." \
	"an entry at its limit says so, never cut silently"
keys o Escape
wait_gone o "The text is full" >/dev/null
keys o n
text o '研修のため明日は一人少ない。'
keys o Enter
shows o "Entry written." "an entry is written"
check "it is in the database, the author's" wait_sql "SELECT author FROM shift_log" "$me"
keys o n
text o '取り消す予定の記入'
keys o Enter
shows o "取り消す予定の記入" "a second entry shows first"
keys o x
shows o "Take this entry back?" "x asks before taking one's own entry back"
keys o y
shows o "Entry taken back." "and takes it back"
check "one entry is left" wait_sql "SELECT count(*) FROM shift_log" 1
keys o q
wait_for o "n: new call" >/dev/null
keys o q
check "the operator quits with status 0" test "$(wait_exit o)" = "1:0"
no_sanitizer_report o

start o2 80 24
shows o2 "Shift log, the last day" "the next session starts with the latest shift log on home"
shows o2 "研修のため明日は一人少ない。" "it shows the entry"
check "not the one taken back" sh -c "! $TM capture-pane -p -t o2 | grep -q '取り消す予定'"
keys o2 n
wait_for o2 "In call" >/dev/null
keys o2 Escape
wait_for o2 "keep it" >/dev/null
keys o2 d
wait_for o2 "n: new call" >/dev/null
check "the shift log goes once the operator gets to work" \
	sh -c "! $TM capture-pane -p -t o2 | grep -q 'Shift log, the last day'"
keys o2 q
check "the next session quits with status 0" test "$(wait_exit o2)" = "1:0"
no_sanitizer_report o2

keys s:0 q
check "the supervisor quits with status 0" test "$(wait_exit s)" = "1:0"
no_sanitizer_report s

# Home at 80x24 for a supervisor at the start of a session: eight open
# requests, a call in progress and a shift log entry. The requests get the
# rows home's own lists leave empty, and the newest log entry stays.
for i in 6 7; do
	q "INSERT INTO help_requests(call_id, site, raised_by, raised_at)
	   VALUES ('OLD$i', 'main', 'colleague$i', strftime('%s','now') - 900 + $i)"
done
start o3 80 24
wait_for o3 "n: new call" >/dev/null
keys o3 n
wait_for o3 "In call" >/dev/null
start s2 80 24 SOUDAN_CONFIG=$SV
shows s2 "Calls in progress (1)" "a supervisor's new session shows the call in progress"
shows s2 "Help requests (a acknowledges) (8" "and the eight open requests"
shows s2 "Shift log, the last day" "with calls and requests, the shift log's title still shows"
shows s2 "研修のため明日は一人少ない。" "and its newest entry"
check "a request's row says whole that the call has ended, at 80 columns" \
	sh -c "$TM capture-pane -p -t s2 | grep -q '^! [0-9][0-9]:[0-9][0-9] colleague1 .* [0-9]*m[0-9][0-9]s  *the call has ended *\$'"
check "more than two requests are listed when home's rows are free" \
	test "$(screen s2 | grep -c '^[!>] [0-9][0-9]:[0-9][0-9] ')" -gt 2
keys s2 q
check "that supervisor quits with status 0" test "$(wait_exit s2)" = "1:0"
no_sanitizer_report s2
keys o3 Escape
wait_for o3 "keep it" >/dev/null
keys o3 d
wait_for o3 "n: new call" >/dev/null
keys o3 q
check "the operator quits with status 0" test "$(wait_exit o3)" = "1:0"
no_sanitizer_report o3

# Pickers at their limit (20 templates, 20 debrief reasons) at 80x24: every
# choice shows, 1-9 then a-k, none of them the picker's own n.
start p 80 24 SOUDAN_CONFIG=$PWD/tests/data/config/pick_max.ini
wait_for p "n: new call" >/dev/null
keys p n
wait_for p "In call" >/dev/null
keys p C-t
shows p "Insert a note template" "Ctrl-T with 20 templates"
shows p "1: 定型文1  (t1)" "the first template shows"
shows p "k: 定型文20  (t20)" "and the twentieth, k"
check "the box fits the screen (the header stays)" \
	sh -c "$TM capture-pane -p -t p | head -1 | grep -q 'soudan'"
keys p k
shows p "定型文20" "k inserts the twentieth"
keys p C-f d
sleep 0.3
keys p 3
wait_for p "urgent" >/dev/null
keys p C-s
shows p "Propose a debrief?" "the debrief question with 20 reasons"
shows p "k: 理由20" "shows the twentieth reason, k"
shows p "n: no debrief, save" "and n, which no reason takes"
keys p n
shows p "Today's calls (" "n saves without a debrief"
keys p q
check "that session quits with status 0" test "$(wait_exit p)" = "1:0"
no_sanitizer_report p

finish
