#!/bin/sh
# The case screen around a continuation: the follow-ups screen lists the
# follow-ups waiting for the caller apart from the dates, and v opens the
# selected call's case to read: its summary (calls, last outcome, every
# urgency and risk, referrals with consent, open follow-ups), its handover
# note (written with the anonymity warning, audited by length), and its
# calls, each read only after the reading is in the audit trail (nothing
# shows when it cannot be recorded). A call linked to the case shows the
# case on a line at its top.
. tests/tui/tmux.lib

me=$(id -un)
"$SOUDAN" -c "$SV" --db "$DB" resources import conf/resources-sample.csv >/dev/null
ts() { date -d "$1" +%Y-%m-%dT%H:%M:%S%z | sed 's/\(..\)$/:\1/'; }
first=$(ts '-3 days') second=$(ts '-1 minute') other=$(ts '-2 minutes')
soon=$(date -d '+1 day' +%Y-%m-%d)
# The case's first call (mine, urgent, a referral with consent), its second
# (suzuki's: waiting for the caller), and a call on no case due tomorrow.
cat > "$T/calls.jsonl" <<EOF
{"operator":"$me","started_at":"$first","ended_at":"$first","call_type":"consult","case":"K7Q2-9MXD","nickname":"みどり","caller":"mother","concerns":["future"],"risks":["plan"],"urgency":"urgent","referrals":[{"resource":"sample-ibasho","consent":true,"note":"水曜に見学"}],"outcome":"phone","next_contact":"$soon","notes":"初回の記録。母より。"}
{"operator":"suzuki","started_at":"$second","ended_at":"$second","call_type":"consult","case":"K7Q2-9MXD","caller":"mother","concerns":["economy"],"urgency":"watch","outcome":"interview","followup":{"state":"waiting"},"notes":"二回目の記録"}
{"operator":"$me","started_at":"$other","ended_at":"$other","call_type":"consult","caller":"father","outcome":"phone","next_contact":"$soon","notes":"別の相談"}
EOF
check "three calls are imported" "$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl"

start c 80 24
wait_for c "n: new call" >/dev/null
keys c f
shows c "Open continuations by next contact, mine first (1)" "the dated follow-ups: the one due tomorrow"
shows c "Waiting for the caller, oldest call first (1)" "below them, the one waiting for the caller"
shows c "K7Q2-9MXD suzuki" "the waiting one is suzuki's, on the case"
keys c v
shows c "This call has no case." "v on a call without a case says so"
keys c Down
wait_for c "> -" >/dev/null
keys c v

# The summary, read only (nothing to link it to).
shows c "Case K7Q2-9MXD みどり: 2 calls" "v opens the case of the waiting call"
shows c "Last outcome      to an interview" "the last outcome"
shows c "Urgency ever      urgent (1), watch (1)" "every urgency ever, the highest first"
shows c "Risks ever        suicide plan or means (1)" "every risk ever"
shows c "(consent)" "the referral with its consent"
shows c "Follow-ups        waiting for the caller (suzuki)" "the open follow-up and its owner"
shows c "none (Ctrl-E writes one)" "no handover note yet"
check "reading only: Enter (link) is not offered" \
	sh -c "! $TM capture-pane -p -t c | tail -1 | grep -q 'link'"

# The handover note: a phone number brings the warning; e edits again.
keys c C-e
shows c "For whoever takes this case next" "Ctrl-E opens the handover note"
text c '父も同席予定。090-1234-5678'
keys c Enter
shows c "looks like a phone number" "a phone number in the note brings the warning"
# Esc at the warning goes back with the note unchanged, not to the editor.
keys c Escape
wait_gone c "looks like a phone number" >/dev/null
check "Esc at the warning: the editor does not open again" \
	sh -c "! $TM capture-pane -p -t c | grep -q 'For whoever takes this case next'"
shows c "none (Ctrl-E writes one)" "Esc at the warning: the note is not changed"
check "nothing was written" wait_sql "SELECT count(*) FROM cases WHERE note IS NOT NULL" 0
keys c C-e
wait_for c "For whoever takes this case next" >/dev/null
keys c C-u
text c '父も同席予定。090-1234-5678'
keys c Enter
wait_for c "looks like a phone number" >/dev/null
keys c e
wait_for c "For whoever takes this case next" >/dev/null
keys c C-u
text c '次回は父も同席の予定。'
keys c Enter
shows c "The handover note of K7Q2-9MXD is saved." "the note is saved"
shows c "Handover note     次回は父も同席の予定。" "and shown in the summary"
check "the note is on the case" wait_sql "SELECT note FROM cases WHERE code = 'K7Q2-9MXD'" "次回は父も同席の予定。"
check "one audit entry, by length, not by word" \
	wait_sql "SELECT count(*) || ',' || (after NOT LIKE '%父%') FROM audit WHERE action = 'case_note'" "1,1"

# The calls: the latest selected; each read after the reading is recorded.
keys c C-o
shows c "Case K7Q2-9MXD: 2 calls, oldest first" "Ctrl-O lists the case's calls"
shows c "> $(date -d "$second" '+%Y-%m-%d %H:%M') suzuki" "the latest is selected, with who took it"
keys c Up
wait_for c "> $(date -d "$first" '+%Y-%m-%d %H:%M') $me" >/dev/null
keys c Enter
shows c "A call of case K7Q2-9MXD (read only)" "Enter reads the call on a page of its own"
shows c "初回の記録。母より。" "with its notes"
shows c "水曜に見学" "and its referral's note"
check "the reading is in the audit trail" \
	wait_sql "SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'call' AND after = '{\"via\":\"case\"}'" 1
keys c q
wait_for c "oldest first" >/dev/null

# When the reading cannot be recorded, nothing of the call shows.
sqlite3 "$DB" "CREATE TRIGGER no_read BEFORE INSERT ON audit WHEN NEW.action = 'read' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
keys c Down Enter
shows c "Not shown: the reading could not be recorded" "a reading that cannot be recorded is refused"
check "its notes do not show" sh -c "! $TM capture-pane -p -t c | grep -q '二回目の記録'"
sqlite3 "$DB" "DROP TRIGGER no_read"
keys c Escape
wait_for c "Handover note" >/dev/null
keys c Escape
wait_for c "Waiting for the caller" >/dev/null
keys c Escape
wait_for c "n: new call" >/dev/null

# A new call on the case shows the case at its top.
keys c n
wait_for c "In call" >/dev/null
keys c C-f e
wait_for c "Case code or nickname" >/dev/null
text c 'みど'
wait_for c "K7Q2-9MXD" >/dev/null
keys c Enter
shows c "Linked to case K7Q2-9MXD." "Enter links the case"
shows c "Case so far: 2 calls, last to an interview, urgency up to urgent; note: 次回は" \
	"the call shows the case: calls, last outcome, highest urgency, the note"
# Saved, the next call on the case counts it at once (no stale line).
keys c C-s
shows c "Saved." "the call on the case is saved"
keys c n
wait_for c "In call" >/dev/null
keys c C-f e
wait_for c "Case code or nickname" >/dev/null
text c 'みど'
wait_for c "3 calls" >/dev/null
keys c Enter
shows c "Case so far: 3 calls" "the next call's line counts the call just saved"
keys c Escape
wait_for c "This call is not saved" >/dev/null
keys c d
wait_for c "n: new call" >/dev/null
keys c q
check "q quits with status 0" test "$(wait_exit c)" = "1:0"
no_sanitizer_report c
check "the audit chain verifies" "$SOUDAN" --db "$DB" audit --verify
finish
