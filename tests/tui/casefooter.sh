#!/bin/sh
# The case screen opened from a call, in Japanese at 80x24: its footer keeps
# the way back (Esc: 戻る) whatever else it has to leave out.
. tests/tui/tmux.lib

LOC=SOUDAN_LOCALEDIR=$PWD/$B/locale
start j 80 24 LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$LOC"
wait_for j "n: 新規通話" >/dev/null
keys j n
wait_for j "通話中" >/dev/null
keys j C-f e
shows j "Esc: 戻る" "the case screen from a call, in Japanese at 80 columns: Esc is in the footer"
check "the whole footer fits: the note (^E) and help too" sh -c "$TM capture-pane -p -t j | tail -1 | grep -q '\^E: 申し送り  Esc: 戻る  F1/^G: ヘルプ'"
$TM capture-pane -p -t j | tail -1 | sed 's/^/# /'
keys j Escape
wait_for j "通話中" >/dev/null
keys j Escape
wait_for j "d:" >/dev/null
keys j d
wait_for j "n: 新規通話" >/dev/null
keys j q
check "q quits with status 0" test "$(wait_exit j)" = "1:0"
no_sanitizer_report j
finish
