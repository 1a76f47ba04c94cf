#!/bin/sh
# A message belongs to its screen: a screen that opens starts with an empty
# status line, and what a screen says as it closes shows where it returns.
. tests/tui/tmux.lib

start m 80 24
wait_for m "n: new call" >/dev/null
keys m n
wait_for m "In call" >/dev/null
keys m Escape
wait_for m "k: keep it" >/dev/null
keys m k
wait_for m "Unsaved drafts" >/dev/null
keys m x
wait_for m "Discard this draft?" >/dev/null
keys m y
shows m "Draft discarded." "home says the draft was discarded"
keys m n
wait_for m "In call" >/dev/null
# Information fades after six seconds: look at once.
check "a new call starts with an empty status line" \
	sh -c "[ -z \"\$($TM capture-pane -p -t m | sed -n 23p)\" ]"
keys m C-s
shows m "Saved." "what the call says as it closes shows on home"
keys m q
check "q quits with status 0" test "$(wait_exit m)" = "1:0"
no_sanitizer_report m
finish
