#!/bin/sh
# The intake screen in Japanese (LANG=ja_JP.UTF-8, the catalog from the build
# tree) and, with the same catalog available, in English under C.UTF-8. The
# VAR=VALUE arguments of start come after its defaults in env, so they win.
. tests/tui/tmux.lib

LOC=SOUDAN_LOCALEDIR=$PWD/$B/locale
start j 80 24 LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$LOC"
shows j "n: 新規通話" "home: Japanese key hints under ja_JP"
screen j > "$T/s.home"
check "home: the whole footer fits in 80 columns" sh -c "tail -1 '$T/s.home' | grep -qF 'q: 終了'"
check "home: Japanese title and operator" grep -q 'ホーム.*相談員: ' "$T/s.home"
check "home: Japanese section title" grep -qF '今日の通話 (0)' "$T/s.home"
check "home: no English left" sh -c "! grep -q 'new call\|quit\|Today' '$T/s.home'"
keys j F1
shows j "このヘルプ" "F1: the help page in Japanese"
keys j Escape
wait_for j "n: 新規通話" >/dev/null

keys j n
shows j "通話中" "n: the call bar in Japanese"
screen j > "$T/s.call"
# Whole at 80 columns, the help request's key too.
check "call: the footer in Japanese, whole" \
	sh -c "tail -1 '$T/s.call' | grep -qF 'Tab: 移動  ^F: 項目  ^E: 終話  ^S: 保存  Esc: 戻る  ^R: 応援  F1/^G: ヘルプ'"
check "call: field titles from the catalog" sh -c "grep -q '通話区分' '$T/s.call' && grep -q 'ひきこもり期間' '$T/s.call'"
check "call: the notes help in Japanese" grep -qF 'Ctrl-E: 通話終了  Ctrl-S: 保存' "$T/s.call"
keys j Tab
shows j "1-9 a-z/Enter: 選択  Del: 消去" "call: a field's key hint, whole"
# Urgency is the thirteenth field after the notes (built-in lists, as in call.sh).
keys j Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for j ">d 緊急性" >/dev/null
keys j 3
check "call: the urgent marker in Japanese on the bar" sh -c "$TM capture-pane -p -t j | sed -n 2p | grep -q ' 緊急 *\$'"
keys j Escape
shows j "d: 破棄する" "Esc: the keep-or-discard question in Japanese"
keys j d
shows j "破棄しました。" "the call is discarded, home again"
keys j q
check "q quits with status 0" test "$(wait_exit j)" = "1:0"
no_sanitizer_report j

# The same catalog is there, but C.UTF-8 asks for English.
start e 80 24 "$LOC"
shows e "n: new call" "home: English key hints under C.UTF-8"
check "home: no Japanese from the catalog" sh -c "! $TM capture-pane -p -t e | grep -q '新規通話\|ホーム'"
keys e q
check "q quits with status 0 (C)" test "$(wait_exit e)" = "1:0"
no_sanitizer_report e
finish
