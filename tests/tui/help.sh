#!/bin/sh
# Help on every screen: the footer says how to get it (F1, or Ctrl-G where
# function keys do not reach the program), Ctrl-G opens it on every screen,
# and ? goes into a search box rather than opening it. The help pages list
# the keys of the screen's table.
. tests/tui/tmux.lib

supervisor_config "$T/supervisor.ini"
SOUDAN_CONFIG=$T/supervisor.ini "$SOUDAN" --db "$DB" resources import conf/resources-sample.csv >/dev/null

# help NAME KEY LINE DESCRIPTION: KEY opens the help page showing LINE, and
# any key leaves it.
help() {
	keys "$1" "$2"
	if wait_for "$1" "$3" >/dev/null && screen "$1" | head -1 | grep -q "Help:"; then
		ok 0 "$4"
	else
		ok 1 "$4"
	fi
	keys "$1" q
	wait_gone "$1" "Help:" >/dev/null
}
footer() { # NAME DESCRIPTION
	if wait_line "$1" 24 "F1/^G: help" >/dev/null; then ok 0 "$2"; else ok 1 "$2"; fi
}

start h 80 24
wait_for h "n: new call" >/dev/null
footer h "home: the footer says how to get help"
help h C-g "n  " "home: Ctrl-G opens the help"
help h F1 "r, Ctrl-L" "home: F1 opens the help"
help h '?' "q, Ctrl-C" "home: ? opens the help"

keys h n
wait_for h "In call" >/dev/null
footer h "call: the footer says how to get help"
help h C-g "Ctrl-S, F2" "call: Ctrl-G opens the help, also in the notes"
text h '?'
check "call: ? in the notes is typed" wait_line h 4 "?"
keys h Tab
wait_for h "> Call type" >/dev/null
# The call's own keys come first: the fields' are a few lines down.
keys h '?'
wait_for h "Help:" >/dev/null
keys h Down Down Down Down
if wait_for h "1-9, a-z, Enter, Space" >/dev/null && screen h | head -1 | grep -q "Help:"; then
	ok 0 "call: ? on a coded field opens the help with the fields' keys"
else
	ok 1 "call: ? on a coded field opens the help with the fields' keys"
fi
keys h q
wait_gone h "Help:" >/dev/null

keys h Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for h "> Case" >/dev/null
keys h Enter
wait_for h "Case code or nickname" >/dev/null
footer h "case: the footer says how to get help"
help h C-g "Ctrl-N" "case: Ctrl-G opens the help"
text h '?'
check "case: ? goes into the search box" wait_line h 2 "?"
keys h Escape
wait_for h "> Case" >/dev/null

keys h Tab Enter
wait_for h "Search:" >/dev/null
footer h "referral: the footer says how to get help"
help h C-g "Ctrl-F, F4" "referral: Ctrl-G opens the help"
help h F1 "Ctrl-T" "referral: F1 opens the help"
text h '?'
check "referral: ? goes into the search box" wait_line h 2 "Search:     ?"
keys h Escape
wait_for h "> Referrals" >/dev/null
keys h Escape
wait_for h "d: discard it" >/dev/null
keys h d
wait_for h "Discard this call and its notes?" >/dev/null
keys h y
wait_for h "n: new call" >/dev/null

keys h d
wait_for h "Search:" >/dev/null
footer h "directory: the footer says how to get help"
help h C-g "Ctrl-T" "directory: Ctrl-G opens the help"
text h '?'
check "directory: ? goes into the search box" wait_line h 2 "Search:     ?"
keys h Escape
wait_for h "n: new call" >/dev/null

keys h f
wait_for h "Open continuations" >/dev/null
footer h "follow-ups: the footer says how to get help"
help h C-g "m  " "follow-ups: Ctrl-G opens the help"
keys h Escape
wait_for h "n: new call" >/dev/null
keys h q
check "q quits with status 0" test "$(wait_exit h)" = "1:0"
no_sanitizer_report h
finish
