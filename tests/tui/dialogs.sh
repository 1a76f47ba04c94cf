#!/bin/sh
# Every question and text box drawn over Japanese text leaves the screen as
# it was once it closes: a box edge that falls on the second half of a kanji
# must not lose the kanji (ncurses never redraws a half-overwritten wide
# character). The header, the line under it and the status line are left
# out of the comparison (clocks).
. tests/tui/tmux.lib

supervisor_config "$SOUDAN_CONFIG"
"$SOUDAN" --db "$DB" resources import conf/resources-sample.csv >/dev/null
now=$(date +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/')
printf '{"operator":"%s","started_at":"%s","call_type":"consult","caller":"mother","concerns":["future"],"outcome":"phone","next_contact":"%s","notes":"継続の通話"}\n' \
	"$(id -un)" "$now" "$(date +%Y-%m-%d)" > "$T/calls.jsonl"
check "a call with a follow-up is imported" "$SOUDAN" --db "$DB" import "$T/calls.jsonl"

# body NAME: the screen without its first two lines (the clock, a call's
# running time) and its last two.
body() { screen "$1" | sed '1,2d' | head -n -2; }
# stable NAME: wait until two captures a moment apart agree.
stable() {
	i=0
	body "$1" > "$T/before"
	while [ $i -lt 50 ]; do
		sleep 0.1
		body "$1" > "$T/again"
		cmp -s "$T/before" "$T/again" && return 0
		mv "$T/again" "$T/before"
		i=$((i + 1))
	done
}
# dialog NAME OPEN SHOWN DESCRIPTION: with the screen as it is, OPEN (keys)
# brings up a box showing SHOWN; Esc closes it; the screen is then the same.
dialog() {
	stable "$1"
	keys "$1" $2
	if ! wait_for "$1" "$3" >/dev/null; then ok 1 "$4: the box opens"; return; fi
	keys "$1" Escape
	i=0
	while [ $i -lt 50 ]; do
		body "$1" > "$T/after"
		cmp -s "$T/before" "$T/after" && break
		sleep 0.1
		i=$((i + 1))
	done
	if cmp -s "$T/before" "$T/after"; then ok 0 "$4"; else
		ok 1 "$4"
		diff "$T/before" "$T/after" | sed 's/^/# /'
	fi
}

start w 80 24
wait_for w "n: new call" >/dev/null
keys w d
wait_for w "-- 【サンプル】" >/dev/null
dialog w C-f "all categories" "directory: the category list over the entries"
dialog w C-n "Name:" "directory: a new entry's name box"
dialog w Enter "Name:" "directory: the edit box"
dialog w C-x "Deactivate this entry?" "directory: the deactivate question"
keys w Escape
wait_for w "n: new call" >/dev/null

keys w n
wait_for w "In call" >/dev/null
text w "$(printf '母より息子が十年以上自室中心の生活%.0s' 1 2 3 4 5 6 7 8)"
wait_for w "生活母より" >/dev/null
dialog w Escape "This call is not saved" "call: the keep-or-discard question over the notes"
keys w Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for w "> Case" >/dev/null
keys w Enter
wait_for w "Case code or nickname" >/dev/null
dialog w C-n "nickname the caller chose" "case: the new case's nickname box"
keys w Escape
wait_for w "> Case" >/dev/null
keys w Tab Enter
wait_for w "-- 【サンプル】" >/dev/null
dialog w Enter "consent to information" "referral: the consent question over the entries"
keys w Enter
wait_for w "consent to information" >/dev/null
keys w y
wait_for w "short note" >/dev/null
keys w Escape
wait_gone w "short note" >/dev/null
dialog w C-f "all categories" "referral: the category list"
keys w Escape
wait_for w "> Referrals" >/dev/null
keys w Escape
wait_for w "k: keep it" >/dev/null
keys w k
wait_for w "Unsaved drafts" >/dev/null

# Home: the draft's notes, today's call, the follow-up.
keys w Home
dialog w x "Discard this draft?" "home: the discard question"
keys w f
wait_for w "Open continuations" >/dev/null
dialog w c "how did it end?" "follow-ups: the close question (its results)"
dialog w r "Next contact (YYYY-MM-DD" "follow-ups: the reschedule box"
dialog w a "Hand over to" "follow-ups: the assign box"
keys w Escape
wait_for w "n: new call" >/dev/null
keys w q
check "q quits with status 0" test "$(wait_exit w)" = "1:0"
no_sanitizer_report w
finish
