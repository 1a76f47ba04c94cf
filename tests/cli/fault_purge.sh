#!/bin/sh
# Retention: `soudan purge` blanks the notes, referral
# notes and nicknames of calls that started before local midnight
# [retention] notes_days ago, keeps every coded value (the statistics are
# byte for byte the same), keeps calls on legal hold, appends one audit
# entry, and `--dry-run` reports the same counts and changes nothing.
. tests/cli/lib.sh

printf '[retention]\nnotes_days = 30\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$T/sv.ini"
printf '[retention]\nnotes_days = 0\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$T/off.ini"
C="-c $T/sv.ini"
today=$(date +%F)
"$GEN" resources 5 > "$T/dir.csv"
"$GEN" calls 300 --seed 61 --days 90 --end "$today" --resources 5 > "$T/calls.jsonl"
# Nicknamed cases: one called only long ago, one that called again lately.
old_day=$(date -d "$today -60 days" +%F) new_day=$(date -d "$today -1 days" +%F)
for c in "$old_day T10:00 AAAA-2222 みどり" "$old_day T11:00 BBBB-3333 さくら" "$new_day T09:00 BBBB-3333 null"; do
	set -- $c
	nick=$4; [ "$nick" = null ] || nick="\"$nick\""
	printf '{"started_at":"%s%s:00+09:00","call_type":"consult","case":"%s","nickname":%s,"notes":"呼称あり"}\n' \
		"$1" "$2" "$3" "$nick" >> "$T/calls.jsonl"
done
"$SOUDAN" $C --db "$DB" resources import "$T/dir.csv" 2>/dev/null
"$SOUDAN" $C --db "$DB" import "$T/calls.jsonl" 2>/dev/null
check "303 calls imported" test "$(calls_in "$DB")" -eq 303

q() { sqlite3 "$DB" "$1"; }
# Local midnight 30 days ago, as purge computes it.
cutoff=$(date -d "$(date -d "$today -30 days" +%F) 00:00" +%s)
OLD="started_at < $cutoff"
# Two old calls with notes go on legal hold.
held=$(q "SELECT id FROM calls WHERE $OLD AND notes <> '' ORDER BY started_at LIMIT 2")
expect_status 0 "a supervisor puts two old calls on legal hold" "$SOUDAN" $C --db "$DB" hold $held
want_notes=$(q "SELECT count(*) FROM calls WHERE $OLD AND legal_hold = 0 AND notes <> ''")
want_held=$(q "SELECT count(*) FROM calls WHERE $OLD AND legal_hold = 1 AND notes <> ''")
want_recent=$(q "SELECT count(*) FROM calls WHERE NOT ($OLD) AND notes <> ''")
check "there are old notes to purge ($want_notes), held ($want_held) and recent ones ($want_recent)" \
	test "$want_notes" -gt 0 -a "$want_held" -eq 2 -a "$want_recent" -gt 0

# Everything but free text, and the statistics, to compare afterwards.
coded() {
	q "SELECT id, site, operator, started_at, ended_at, call_type, channel, contact, caller,
	   age_band, gender, withdrawal, region, heard_via, urgency, outcome, case_code,
	   next_contact, assigned_to, debrief, legal_hold FROM calls ORDER BY id;
	   SELECT * FROM call_codes ORDER BY call_id, field, pos;
	   SELECT call_id, pos, resource_id, consent FROM referrals ORDER BY call_id, pos;
	   SELECT code, created_at FROM cases ORDER BY code;"
}
stats() {
	"$STATS" --db "$DB" --from "$(date -d "$today -120 days" +%F)" --to "$today" --format json
	"$STATS" --db "$DB" --from "$(date -d "$today -120 days" +%F)" --to "$today" --format csv
}
coded > "$T/coded.before"
stats > "$T/stats.before"
check "the statistics count all 303 calls" grep -q '"calls":303,' "$T/stats.before"
"$SOUDAN" --db "$DB" export > "$T/export.before"
audits=$(q 'SELECT count(*) FROM audit')

# Retention off: nothing happens, and it says so.
expect_status 0 "purge with notes_days = 0 succeeds" "$SOUDAN" -c "$T/off.ini" --db "$DB" purge
check "and says retention is off" grep -q 'retention is off' "$T/out"

# The dry run: the same counts, nothing changed, nothing audited.
expect_status 0 "purge --dry-run succeeds" "$SOUDAN" $C --db "$DB" purge --dry-run
check "it says what it would do: $want_notes notes, $want_held held" \
	grep -q "^would blank: $want_notes notes, .* keep $want_held calls on legal hold" "$T/out"
"$SOUDAN" --db "$DB" export > "$T/export.dry"
check "the dry run changed no call" cmp -s "$T/export.before" "$T/export.dry"
check "the dry run is not audited" test "$(q 'SELECT count(*) FROM audit')" -eq "$audits"

# The purge.
nick_old=$(q "SELECT count(*) FROM cases WHERE nickname IS NOT NULL AND created_at < $cutoff
  AND NOT EXISTS (SELECT 1 FROM calls WHERE case_code = cases.code AND (NOT ($OLD) OR legal_hold = 1))")
refnotes_old=$(q "SELECT count(*) FROM referrals WHERE note IS NOT NULL AND call_id IN
  (SELECT id FROM calls WHERE $OLD AND legal_hold = 0)")
expect_status 0 "purge succeeds" "$SOUDAN" $C --db "$DB" purge
check "it says what it did ($want_notes notes, $refnotes_old referral notes, $nick_old nicknames)" \
	grep -q "^blanked: $want_notes notes, $refnotes_old referral notes, $nick_old nicknames; .* kept $want_held calls on legal hold" "$T/out"
check "no old note is left but the held ones" \
	test "$(q "SELECT count(*) FROM calls WHERE $OLD AND notes <> ''")" -eq "$want_held"
check "no old referral note is left" \
	test "$(q "SELECT count(*) FROM referrals WHERE note IS NOT NULL AND call_id IN (SELECT id FROM calls WHERE $OLD AND legal_hold = 0)")" -eq 0
check "the held calls keep their notes" \
	test "$(q "SELECT count(*) FROM calls WHERE legal_hold = 1 AND notes <> ''")" -eq 2
check "recent calls keep their notes" \
	test "$(q "SELECT count(*) FROM calls WHERE NOT ($OLD) AND notes <> ''")" -eq "$want_recent"
check "the nickname of the case called only long ago is gone" \
	test -z "$(q "SELECT nickname FROM cases WHERE code = 'AAAA-2222'")"
check "the case that called lately keeps its nickname" \
	test "$(q "SELECT nickname FROM cases WHERE code = 'BBBB-3333'")" = さくら
check "no old-only nickname is left" \
	test "$(q "SELECT count(*) FROM cases WHERE nickname IS NOT NULL AND created_at < $cutoff
	  AND NOT EXISTS (SELECT 1 FROM calls WHERE case_code = cases.code AND (NOT ($OLD) OR legal_hold = 1))")" -eq 0
check "purged calls are marked" \
	test "$(q "SELECT count(*) FROM calls WHERE purged_at IS NOT NULL")" -eq "$want_notes"
coded > "$T/coded.after"
stats > "$T/stats.after"
check "every coded value is unchanged" cmp -s "$T/coded.before" "$T/coded.after"
check "the statistics (JSON and CSV) are byte for byte the same" cmp -s "$T/stats.before" "$T/stats.after"

# Audited, once, with the counts; the chain holds.
check "two audit entries more: the purge, and the text wiped from the journal" \
	test "$(q 'SELECT count(*) FROM audit')" -eq $((audits + 2))
check "the wipe comes after the purge" \
	test "$(q "SELECT group_concat(action) FROM (SELECT action FROM audit ORDER BY seq DESC LIMIT 2)")" = purge_wiped,purge
check "it is the purge, with its counts" \
	test "$(q "SELECT json_extract(after, '\$.notes') || '/' || json_extract(after, '\$.held') FROM audit WHERE action = 'purge'")" = "$want_notes/$want_held"
check "by the real user" test "$(q "SELECT operator FROM audit WHERE action = 'purge'")" = "$(id -un)"
expect_status 0 "the audit chain verifies" "$SOUDAN" --db "$DB" audit --verify
expect_status 0 "check passes" "$SOUDAN" --db "$DB" check

# Again: nothing more to blank.
expect_status 0 "a second purge succeeds" "$SOUDAN" $C --db "$DB" purge
check "and blanks nothing" grep -q '^blanked: 0 notes, 0 referral notes, 0 nicknames' "$T/out"
finish
