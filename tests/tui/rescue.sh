#!/bin/sh
# What cannot reach the database before the program stops is not lost: a
# call typed while another process holds the lock, then the program stopped
# (SIGTERM), goes to a rescue file of the user's own, even on a new account
# with no ~/.local/share yet, and comes back as a draft at the next start.
. tests/tui/tmux.lib

printf '[database]\nbusy_timeout_ms = 300\n' > "$SOUDAN_CONFIG"
fresh=$T/fresh-home
mkdir -p "$fresh"
start r 80 24 HOME=$fresh XDG_DATA_HOME=
wait_for r "n: new call" >/dev/null
keys r n
wait_for r "In call" >/dev/null

(printf '.timeout 5000\nBEGIN IMMEDIATE;\n'; sleep 8; printf 'COMMIT;\n') | sqlite3 "$DB" &
locker=$!
sleep 0.5
text r '施錠中に書いた大事な言葉'
shows r '施錠中に書いた大事な言葉' "typing goes on while the database is locked"
pid=$(pid_of r)
kill -TERM "$pid"
check "SIGTERM ends the program with status 0" test "$(wait_exit r)" = "1:0"
check "the text never reached the database" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%大事な言葉%'")" -eq 0
check "a rescue file was made under the new account's ~/.local/share" \
	sh -c "grep -rlq '大事な言葉' '$fresh/.local/share/soudan/rescue'"
check "the rescue directory is the user's alone (0700)" \
	test "$(stat -c %a "$fresh/.local/share/soudan/rescue")" = 700
check "nothing said it was lost" sh -c "! grep -q 'could not be written anywhere' '$T/stderr.r'"
wait "$locker"

start r2 80 24 HOME=$fresh XDG_DATA_HOME=
shows r2 "kept from last time are back" "the next start says, whole, what came back"
check "the call is a draft again, with its text" \
	wait_sql "SELECT count(*) FROM drafts WHERE data LIKE '%大事な言葉%'" 1
check "the rescue file is gone" sh -c "! grep -rlq '大事な言葉' '$fresh/.local/share/soudan/rescue'"
keys r2 q
check "q quits with status 0" test "$(wait_exit r2)" = "1:0"
no_sanitizer_report r
no_sanitizer_report r2
finish
