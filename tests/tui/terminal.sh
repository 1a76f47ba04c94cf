#!/bin/sh
# The terminal: resizing while typing keeps the text, a too-small terminal
# gets a plain message, 80x24 and 200x50 layouts, wide characters wrapped
# whole, an invalid byte in the input costs only itself.
. tests/tui/tmux.lib

# Layouts: header on the first line, key hints on the last.
for size in 80x24 200x50; do
	cols=${size%x*} lines=${size#*x}
	start "l$cols" "$cols" "$lines"
	wait_for "l$cols" "n: new call" >/dev/null
	keys "l$cols" n
	wait_for "l$cols" "In call" >/dev/null
	screen "l$cols" > "$T/screen"
	check "$size: $lines lines on screen" test "$(wc -l < "$T/screen")" -eq "$lines"
	check "$size: header on line 1" sh -c "head -1 '$T/screen' | grep -q '^ soudan | Call'"
	check "$size: key hints on the last line" sh -c "tail -1 '$T/screen' | grep -q 'Tab: fields'"
	check "$size: the field list is there" grep -q '^ 1 Call type' "$T/screen"
	# 60 kanji (120 columns): rows of whole characters, one column kept free.
	text "l$cols" "$(printf '漢%.0s' $(seq 60))"
	wait_for "l$cols" "漢漢漢" >/dev/null
	sleep 0.2
	per_row=$(( (cols - 1) / 2 ))
	[ $per_row -gt 60 ] && per_row=60
	screen "l$cols" | sed -n 4p > "$T/row"
	check "$size: first notes row holds $per_row kanji, none split" \
		test "$(grep -o '漢' "$T/row" | wc -l)" -eq "$per_row"
	keys "l$cols" Escape
	wait_for "l$cols" "d: discard it" >/dev/null
	keys "l$cols" d
	wait_for "l$cols" "Discard this call and its notes?" >/dev/null
	keys "l$cols" y
	wait_for "l$cols" "n: new call" >/dev/null
	keys "l$cols" q
	wait_exit "l$cols" >/dev/null
done

# Resize while typing; a terminal too small gets a plain message; nothing
# typed meanwhile is lost.
start r 80 24
wait_for r "n: new call" >/dev/null
keys r n
wait_for r "In call" >/dev/null
text r 'あいうえお'
wait_for r 'あいうえお' >/dev/null
$TM resize-window -t r -x 100 -y 30
text r 'かきくけこ'
shows r 'あいうえおかきくけこ' "typing goes on after growing to 100x30"
check "100x30: the footer moved to line 30" sh -c "$TM capture-pane -p -t r | sed -n 30p | grep -q 'Tab: fields'"
$TM resize-window -t r -x 60 -y 20
shows r "The terminal is too small: 60x20." "a 60x20 terminal gets a plain message"
text r 'さしす'
sleep 0.3
$TM resize-window -t r -x 80 -y 24
shows r 'あいうえおかきくけこさしす' "back at 80x24 the text typed while too small is there"
keys r Escape
wait_for r "d: discard it" >/dev/null
keys r d
wait_for r "Discard this call and its notes?" >/dev/null
keys r y
wait_for r "n: new call" >/dev/null
keys r q
wait_exit r >/dev/null
no_sanitizer_report r

# Started in a small terminal.
start s 70 20
shows s "soudan needs at least 80x24." "starting at 70x20 shows the plain message"
keys s q
check "q still quits from the small terminal" test "$(wait_exit s)" = "1:0"

# An invalid byte in the middle of Japanese text: the rest arrives.
start b 80 24
wait_for b "n: new call" >/dev/null
keys b n
wait_for b "In call" >/dev/null
text b 'あいう'
keys b -H ff
text b 'えお'
shows b 'あいうえお' "text after a 0xff byte arrives"
shows b "invalid byte" "the dropped byte is reported"
keys b -H e3 81
text b 'か'
keys b -H 80
text b 'き'
shows b 'あいうえおかき' "a cut sequence and a stray continuation byte cost only themselves"
keys b C-s
wait_for b "Saved." >/dev/null
"$SOUDAN" --db "$DB" export > "$T/out.jsonl"
check "the saved notes are exactly the valid text" grep -qF '"notes":"あいうえおかき"' "$T/out.jsonl"
keys b q
wait_exit b >/dev/null
no_sanitizer_report b
finish
