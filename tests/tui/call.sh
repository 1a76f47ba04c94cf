#!/bin/sh
# A complete Japanese call from n to save, checked through soudan export; the
# saved call on home; an edit of it is audited.
. tests/tui/tmux.lib

NOTES='母より。息子（40代）が10年以上自室中心の生活。今後が心配とのこと。'
start c 80 24
shows c "n: new call" "home shows its keys"
keys c n
shows c "In call" "n starts a call with a running timer"
text c "$NOTES"
shows c "母より。息子（40代）が10年以上自室中心の生活。" "notes typed in Japanese appear at once"
keys c Enter
text c '2行目'
# Coded fields by quick number keys (built-in lists, screen order): a field
# with one choice moves on by itself, Tab leaves one with several.
keys c Tab 1 1 1 2 7 5 1 6 4 3 g Tab 1 3 Tab Tab
shows c ">d Urgency" "picks and Tab walk the fields to urgency"
keys c 2
shows c "WATCH" "urgency watch is marked"
keys c C-e
shows c "Ended" "Ctrl-E ends the call and stays on the form"
keys c C-s
shows c "Saved." "Ctrl-S saves and returns home"
shows c "Today's calls (1)" "home lists the saved call"
shows c "life ahead" "home shows the main concern label (English under C.UTF-8)"
check "the draft is gone after saving" wait_sql "SELECT count(*) FROM drafts" 0

"$SOUDAN" --db "$DB" export > "$T/out.jsonl" 2>"$T/err"
check "export has one call" test "$(wc -l < "$T/out.jsonl")" -eq 1
for want in '"notes":"母より。息子（40代）が10年以上自室中心の生活。今後が心配とのこと。\u000a2行目"' \
	'"call_type":"consult"' '"channel":"phone"' '"contact":"new"' '"caller":"mother"' \
	'"caller_age":"70s"' \
	'"age_band":"40s"' '"gender":"male"' '"withdrawal":"10-20y"' '"heard_via":"agency"' \
	'"concerns":["future","economy"]' '"responses":["listen","info"]' '"urgency":"watch"' \
	"\"operator\":\"$(id -un)\""; do
	check "export has $want" grep -qF -- "$want" "$T/out.jsonl"
done

# Open it again, change the urgency, save: an update in the audit trail.
keys c Enter
shows c "Edit a saved call" "Enter opens the saved call"
keys c BTab BTab BTab BTab BTab BTab BTab BTab 3
shows c "URGENT" "urgent stands out on the form"
keys c F2
shows c "Saved." "F2 saves the edit"
check "the edit is audited" wait_sql "SELECT group_concat(action) FROM audit WHERE entity='call'" "create,update"
keys c h
shows c "changed: Urgency" "history names the changed field by its label"
shows c "edited" "history says what was done in words"
keys c Escape
wait_for c "n: new call" >/dev/null
keys c q
check "q quits with status 0" test "$(wait_exit c)" = "1:0"
no_sanitizer_report c
finish
