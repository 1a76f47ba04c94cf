#!/bin/sh
# Monochrome (TERM=vt100, NO_COLOR): urgency and risks still stand out in
# bold reverse; Shift-Tab works without kcbt in terminfo; no colour codes.
. tests/tui/tmux.lib

start m 80 24 TERM=vt100 NO_COLOR=1
wait_for m "n: new call" >/dev/null
keys m n
wait_for m "In call" >/dev/null
text m 'mono'
keys m Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab 3
shows m "URGENT" "vt100: urgency urgent shows the URGENT marker"
screen_attrs m > "$T/attrs"
check "vt100: the marker is in reverse video" grep -q '7m URGENT' "$T/attrs"
check "NO_COLOR: no colour escapes" sh -c "! grep -q '\[3[0-7]m\|\[4[0-7]m\|;3[0-7]m\|;4[0-7]m' '$T/attrs'"
keys m BTab BTab
shows m ">c Risks" "vt100: Shift-Tab goes back a field"
keys m 1
keys m C-s
shows m "Propose a debrief?" "vt100: an urgent call's save proposes a debrief"
keys m n
shows m "Saved." "saved"
screen_attrs m > "$T/home.attrs"
# The row is selected (reverse), so the urgent label adds bold to it.
check "home: the urgent call stands out (bold or reverse)" grep -q '\[1murgent\|7murgent' "$T/home.attrs"
keys m q
check "q quits with status 0" test "$(wait_exit m)" = "1:0"
no_sanitizer_report m

# With colour, the same marker is coloured.
start c 80 24 TERM=xterm-256color
wait_for c "n: new call" >/dev/null
keys c n
wait_for c "In call" >/dev/null
keys c Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab 3
wait_for c "URGENT" >/dev/null
screen_attrs c > "$T/colour"
check "colour: the marker has a red background" grep -q '41m URGENT\|41;.*m URGENT\|;41m URGENT' "$T/colour"
keys c Escape
wait_for c "d: discard it" >/dev/null
keys c d
keys c q
wait_exit c >/dev/null

# TERM=screen (tmux and GNU screen over SSH): function keys and Shift-Tab work.
start sc 80 24 TERM=screen
wait_for sc "n: new call" >/dev/null
keys sc n
shows sc "In call" "screen: n starts a call"
keys sc BTab
shows sc ">k Debrief" "screen: Shift-Tab from the notes goes to the last field"
keys sc F1
shows sc "Help" "screen: F1 opens the help"
keys sc Escape
wait_gone sc "Help:" >/dev/null
keys sc F3
shows sc "Ended" "screen: F3 ends the call"
keys sc F2
shows sc "Saved." "screen: F2 saves it"
keys sc q
check "screen: q quits with status 0" test "$(wait_exit sc)" = "1:0"
no_sanitizer_report sc
finish
