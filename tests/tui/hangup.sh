#!/bin/sh
# A dropped connection mid-call: SIGHUP (and SIGTERM, SIGINT, and the terminal
# killed with its session) leaves the notes in the database as a draft, soudan
# exits 0, and the next start offers the call for resuming.
. tests/tui/tmux.lib

drafts_with() { sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%$1%'"; }

start h 80 24
wait_for h "n: new call" >/dev/null
keys h n
wait_for h "In call" >/dev/null
text h 'ハングアップ直前のメモ'
wait_for h 'ハングアップ直前のメモ' >/dev/null
kill -HUP "$(pid_of h)"
st=$(wait_exit h); echo "# status $st"
check "SIGHUP: soudan exits with status 0" test "$st" = "1:0"
check "SIGHUP: the notes are in the database as a draft" test "$(drafts_with 'ハングアップ直前のメモ')" -eq 1
no_sanitizer_report h
$TM kill-session -t h

start h2 80 24
shows h2 "1 interrupted call(s) found" "the next start says a call was interrupted"
shows h2 "ハングアップ直前のメモ" "home offers the draft with its notes"
keys h2 Enter
shows h2 "In call" "Enter resumes the draft"
text h2 '、続き'
shows h2 'ハングアップ直前のメモ、続き' "the resumed notes take more typing"
for sig in TERM INT; do
	text h2 "[$sig]"
	wait_for h2 "[$sig]" >/dev/null
	kill -$sig "$(pid_of h2)"
	st=$(wait_exit h2)
	check "SIG$sig: exits with status 0 ($st)" test "$st" = "1:0"
	check "SIG$sig: the latest text is in the draft" test "$(drafts_with "[$sig]")" -eq 1
	check "SIG$sig: still one draft, not two" test "$(sqlite3 "$DB" 'SELECT count(*) FROM drafts')" -eq 1
	no_sanitizer_report h2
	$TM kill-session -t h2
	start h2 80 24
	wait_for h2 "interrupted call" >/dev/null
	keys h2 Enter
	wait_for h2 "In call" >/dev/null
done

# The whole terminal goes away (tmux kill-session: SIGHUP and a dead tty).
text h2 '端末ごと消える'
wait_for h2 '端末ごと消える' >/dev/null
pid=$(pid_of h2)
$TM kill-session -t h2
check "kill-session: soudan exits" wait_pid_gone "$pid"
check "kill-session: the notes are in the draft" test "$(drafts_with '端末ごと消える')" -eq 1

# Resume once more and save: the draft goes, the call has everything.
start h3 80 24
wait_for h3 "interrupted call" >/dev/null
keys h3 Enter
wait_for h3 "In call" >/dev/null
keys h3 C-s
shows h3 "Saved." "the resumed call saves"
check "saving removed the draft" wait_sql "SELECT count(*) FROM drafts" 0
"$SOUDAN" --db "$DB" export > "$T/out.jsonl"
check "the saved notes hold every piece typed before each signal" \
	grep -qF 'ハングアップ直前のメモ、続き[TERM][INT]端末ごと消える' "$T/out.jsonl"
keys h3 q
wait_exit h3 >/dev/null
no_sanitizer_report h3

# kill -9 cannot be caught: what was typed more than a second before is there.
start k 80 24
wait_for k "n: new call" >/dev/null
keys k n
wait_for k "In call" >/dev/null
text k '強制終了の前に書いたこと'
wait_for k '強制終了の前に書いたこと' >/dev/null
sleep 1.5
kill -9 "$(pid_of k)"
check "kill -9: soudan is gone" test "$(wait_exit k)" = "1:137"
check "kill -9: the text typed a second before is in the draft" \
	test "$(drafts_with '強制終了の前に書いたこと')" -eq 1
start k2 80 24
shows k2 "強制終了の前に書いたこと" "kill -9: the next start offers the call"
keys k2 q
wait_exit k2 >/dev/null
finish
