#!/bin/sh
# Layout at 80x24 and 200x50: the follow-ups stay in sight on a busy day,
# call lengths do not look like clock times, cut values end with "..", the
# header never cuts the site, wide screens give the values room, and the
# notes counter moves as the operator types.
. tests/tui/tmux.lib

site='横浜市ひきこもり相談専用ダイヤル港北'
printf '[site]\nname = %s\n[caller]\nmother = 母\nfather = 父\ncaremanager = 介護支援専門員（ケアマネジャー）\n' \
	"$site" > "$SOUDAN_CONFIG"
supervisor_config "$T/supervisor.ini"
SOUDAN_CONFIG=$T/supervisor.ini "$SOUDAN" --db "$DB" resources import conf/resources-sample.csv >/dev/null
today=$(date +%Y-%m-%d)
yesterday=$(date -d yesterday +%Y-%m-%d)
me=$(id -un)
i=0
while [ $i -lt 43 ]; do
	h=$(printf '%02d' $((i / 4)))
	m=$(printf '%02d' $((i % 4 * 10)))
	printf '{"operator":"%s","started_at":"%sT%s:%s:00+09:00","ended_at":"%sT%s:%s:15+09:00","call_type":"consult","caller":"mother","concerns":["aging_parents"]}\n' \
		"$me" "$today" "$h" "$m" "$today" "$h" "$(printf '%02d' $((i % 4 * 10 + 1)))"
	i=$((i + 1))
done > "$T/calls.jsonl"
printf '{"operator":"%s","started_at":"%sT10:25:00+09:00","call_type":"consult","caller":"caremanager"}\n' \
	"$me" "$today" >> "$T/calls.jsonl"
printf '{"operator":"%s","started_at":"%sT09:00:00+09:00","call_type":"consult","caller":"father","outcome":"phone","next_contact":"%s","notes":"フォロー"}\n' \
	"$me" "$yesterday" "$today" >> "$T/calls.jsonl"
check "45 calls are imported" "$SOUDAN" --db "$DB" import "$T/calls.jsonl"

start s 80 24
wait_for s "Today's calls" >/dev/null
screen s > "$T/home.txt"
check "44 calls today: the follow-ups are in sight" grep -q "^Follow-ups due .* (1)" "$T/home.txt"
check "and the follow-up itself" grep -q "^  $today .*父" "$T/home.txt"
check "the calls say which of them show" grep -q "^Today's calls (44; [0-9]*-44 shown)" "$T/home.txt"
check "the latest call is in sight" grep -q "> 10:25 " "$T/home.txt"
check "a call's length reads as a length" grep -q " 10:20 1m15s " "$T/home.txt"
check "a cut label ends with .." grep -q " 10:25 .*介護支援.. " "$T/home.txt"
check "the header shows the whole site" sh -c "head -1 '$T/home.txt' | grep -qF '$site'"
keys s Up
check "Up moves within the calls" wait_for s "> 10:20 "
keys s n
wait_for s "In call" >/dev/null
check "a call's header shows the whole site too" sh -c "$TM capture-pane -p -t s | head -1 | grep -qF '$site'"
shows s "Notes  0 characters" "the notes counter starts at 0"
text s 'あいうえおかきくけこ'
shows s "Notes  10 characters" "and counts each character typed"
keys s Escape
wait_for s "d: discard it" >/dev/null
keys s d
wait_for s "Discard this call" >/dev/null
keys s y
wait_for s "n: new call" >/dev/null
keys s q
check "q quits with status 0" test "$(wait_exit s)" = "1:0"
no_sanitizer_report s

start w 200 50
wait_for w "Today's calls" >/dev/null
wait_for w "Follow-ups due" >/dev/null
check "200x50: the concern shows whole, the follow-up too" sh -c \
	"$TM capture-pane -p -t w | grep -q 'ageing parents, after them (8050)' && $TM capture-pane -p -t w | grep -q '^  $today .*父'"
keys w n
wait_for w "In call" >/dev/null
# Concerns: the eleventh field; tick three (English labels under C.UTF-8).
keys w Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for w "> Concerns" >/dev/null
keys w 1 2 3
shows w "how to approach the person, the person's state and life, life ahead" "200x50: a long value shows whole"
keys w Tab Tab Tab Tab Tab Enter
wait_for w "Search:" >/dev/null
text w '若者'
wait_for w "> 【サンプル】サンプル市子ども" >/dev/null
check "200x50: a long category shows whole beside the name" sh -c \
	"$TM capture-pane -p -t w | grep '^> ' | grep -q 'センター *children and youth centre '"
keys w Escape
wait_for w "> Referrals" >/dev/null
keys w Escape
wait_for w "d: discard it" >/dev/null
keys w d
wait_for w "n: new call" >/dev/null
keys w q
check "q quits with status 0 (200x50)" test "$(wait_exit w)" = "1:0"
no_sanitizer_report w
finish
