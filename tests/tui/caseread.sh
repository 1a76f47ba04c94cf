#!/bin/sh
# Reading a case's calls: an earlier call read on its page shows every value
# of its multi-valued fields (risks, concerns, responses) whole, over as
# many lines as they take, the page scrolling. Follow-ups contacted or closed
# say so (closed with the result), never by their old date. A case of more calls than the
# screen keeps shows the latest ones and the true count; a search with more
# matches than it lists says so.
. tests/tui/tmux.lib

me=$(id -un)
ts() { date -d "$1" +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/'; }
keys_of() { # the keys of an ini section, as a JSON array
	sed -n "/^\[$1\]/,/^\[/p" conf/soudan.ini | sed -n 's/^\([a-z0-9_+-]*\) = .*/"\1"/p' |
		paste -sd, | sed 's/^/[/; s/$/]/'
}
labels_of() { sed -n "/^\[$1\]/,/^\[/p" conf/soudan.ini | sed -n 's/^[a-z0-9_+-]* = .* | //p'; }
at=$(ts '-1 day')
cat > "$T/calls.jsonl" <<JSON
{"operator":"$me","started_at":"$at","ended_at":"$at","call_type":"consult","case":"K7Q2-9MXD","caller":"mother","concerns":$(keys_of concern),"responses":$(keys_of response),"risks":$(keys_of risk),"urgency":"urgent","outcome":"phone","notes":"全部の記録"}
{"operator":"$me","started_at":"$(ts '-6 days')","ended_at":"$(ts '-6 days')","call_type":"consult","case":"K7Q2-9MXD","caller":"mother","outcome":"phone","next_contact":"$(date -d '-4 days' +%Y-%m-%d)","followup":{"state":"contacted","at":"$(ts '-4 days')","by":"$me"},"notes":"連絡済みの回"}
{"operator":"$me","started_at":"$(ts '-5 days')","ended_at":"$(ts '-5 days')","call_type":"consult","case":"K7Q2-9MXD","caller":"mother","outcome":"phone","next_contact":"$(date -d '-3 days' +%Y-%m-%d)","followup":{"state":"closed","result":"visit","at":"$(ts '-3 days')","by":"$me"},"notes":"終了した回"}
JSON
# A case of 150 calls, the n-th n days before the last (call 150, yesterday).
i=1
while [ $i -le 150 ]; do
	a=$(ts "-$((151 - i)) days")
	echo "{\"operator\":\"$me\",\"started_at\":\"$a\",\"ended_at\":\"$a\",\"call_type\":\"consult\",\"case\":\"W3Y6-2PXD\",\"caller\":\"mother\",\"outcome\":\"phone\",\"notes\":\"call $i\"}"
	i=$((i + 1))
done >> "$T/calls.jsonl"
check "a call with every risk, concern and response, and a case of 150 calls, are imported" \
	"$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"
# 61 cases with a nickname of はな: more than a search lists.
{
	echo "BEGIN;"
	for a in 2 3 4 5 6 7 8 9; do
		for b in 2 3 4 5 6 7 8 9; do
			echo "INSERT INTO cases(code, nickname, created_at) VALUES ('HNA2-2$a$b', 'はなこ', 1);"
		done
	done | head -60
	echo "INSERT INTO cases(code, nickname, created_at) VALUES ('HNA3-2222', 'はなえ', 1);"
	echo "COMMIT;"
} | sqlite3 "$DB"

start c 80 24
wait_for c "n: new call" >/dev/null
keys c n
wait_for c "In call" >/dev/null
keys c C-f e
wait_for c "Case code or nickname" >/dev/null
text c 'K7Q2'
wait_for c "Case K7Q2-9MXD" >/dev/null
# Follow-ups contacted or closed say so, not their old date (looking due).
# (the dates they were due, on no day a call started)
due4=$(date -d '-4 days' +%Y-%m-%d) due3=$(date -d '-3 days' +%Y-%m-%d)
shows c "  contacted / consultation / - / continues by phone  $me" \
	"the case's earlier calls: a contacted follow-up says so"
shows c "  closed: came to the office / consultation" \
	"a closed one says so, with its result"
check "neither shows its old next-contact date" \
	sh -c "! $TM capture-pane -p -t c | grep -qe '$due4' -e '$due3'"
keys c C-o
wait_for c "oldest first" >/dev/null
shows c "-        contacted / consultation / - / continue" "Ctrl-O: the contacted follow-up says so"
shows c "-        closed: came to the office / consultati" "and the closed one, with its result"
check "with no old next-contact date" \
	sh -c "! $TM capture-pane -p -t c | grep -qe '$due4' -e '$due3'"
keys c Up
wait_for c "> $(date -d '-5 days' +%Y-%m-%d)" >/dev/null
keys c Enter
shows c "Next contact: $due3 closed: came to the office" "the page of the closed one names its result"
keys c Escape
wait_for c "oldest first" >/dev/null
keys c Down
keys c Enter
shows c "A call of case K7Q2-9MXD (read only)" "the call opens on its page"
shows c "Up/Down: scroll" "the page is longer than the screen: it scrolls"
# The whole page, screen by screen.
: > "$T/page"
for i in 1 2 3 4; do
	screen c >> "$T/page"
	keys c NPage
	sleep 0.3
done
for list in risk concern response; do
	missing=""
	labels_of $list > "$T/labels"
	while IFS= read -r l; do
		grep -qF -- "$l" "$T/page" || missing="$missing [$l]"
	done < "$T/labels"
	[ -n "$missing" ] && echo "# missing:$missing"
	check "every $list shows whole on the page ($(wc -l < "$T/labels") of them)" test -z "$missing"
done
keys c Escape
wait_for c "oldest first" >/dev/null
keys c Escape
wait_for c "Case code or nickname" >/dev/null

# A search stops at 50 cases, and says so.
keys c C-u
text c 'はな'
shows c "The first 50 of 61 cases: type more of the code or nickname." \
	"a search with more matches than it lists says how many"
text c 'え'
shows c "HNA3-2222" "typing more finds the one"
check "and the note goes" wait_gone c "The first 50"

# A case of more calls than are kept: the latest show, and the true count.
keys c C-u
text c 'W3Y6'
shows c "Case W3Y6-2PXD : 150 calls" "the case of 150 calls"
shows c "Earlier calls of W3Y6-2PXD (150)" "its earlier calls are counted whole"
shows c "  $(date -d '-1 day' +%Y-%m-%d)" "the latest call shows among them"
check "the oldest is not among them" \
	sh -c "! $TM capture-pane -p -t c | grep -q '^  $(date -d '-150 days' +%Y-%m-%d)'"
keys c Escape
wait_for c "In call" >/dev/null
keys c Escape
wait_for c "This call is not saved" >/dev/null
keys c d
wait_for c "n: new call" >/dev/null
keys c q
check "q quits with status 0" test "$(wait_exit c)" = "1:0"
no_sanitizer_report c
finish
