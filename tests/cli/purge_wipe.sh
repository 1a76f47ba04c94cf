#!/bin/sh
# Retention that really removes text: after soudan purge, the blanked notes,
# nicknames and referral notes are in neither the database file nor its -wal
# journal. While another session keeps reading, purge says the text is not
# gone yet, and soudan check finishes the job later, recording when in the
# audit trail. Drafts of old calls go too.
. tests/cli/lib.sh

printf '[retention]\nnotes_days = 30\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$T/sv.ini"
C="-c $T/sv.ini"
old=$(date -d "$(date +%F) -60 days" +%F)
"$GEN" resources 3 > "$T/dir.csv"
"$SOUDAN" $C --db "$DB" resources import "$T/dir.csv" 2>/dev/null
rid=$(sed -n 2p "$T/dir.csv" | cut -d, -f1)
for i in 1 2 3 4 5 6 7 8; do
	printf '{"started_at":"%sT1%s:00:00+09:00","call_type":"consult","case":"AAAA-2%s22","nickname":"秘密の呼称%s","referrals":[{"resource":"%s","consent":true,"note":"紹介メモ秘密%s"}],"notes":"消えるべき言葉その%s、母より。"}\n' \
		"$old" "$i" "$((i + 1))" "$i" "$rid" "$i" "$i"
done > "$T/old.jsonl"
expect_status 0 "eight old calls imported" "$SOUDAN" $C --db "$DB" import "$T/old.jsonl"
# A shift log entry of the same day, and one of today that stays.
sqlite3 "$DB" "INSERT INTO shift_log(id, at, author, site, text) VALUES
	('00000000-0000-4000-8000-00000000000a', unixepoch('$old'), 'tanaka', '横浜', '申し送り秘密その一'),
	('00000000-0000-4000-8000-00000000000b', unixepoch('now'), 'tanaka', '横浜', '今日の申し送り')"
# A draft of one of them, as if opened again for editing.
sqlite3 "$DB" "INSERT INTO drafts(id, call_id, base_version, operator, updated_at, data)
	SELECT 'd-1', id, version, operator, strftime('%s','now'),
	json_object('id', id, 'started_at', '${old}T11:00:00+09:00', 'call_type', 'consult',
	'notes', '下書きに残った秘密') FROM calls LIMIT 1"
"$SOUDAN" $C --db "$DB" check >/dev/null 2>&1 # the journal checkpointed: the text is in the file

# secret_in FILE: any of the words purge must remove.
secret_in() { grep -a -q -e '消えるべき言葉' -e '秘密の呼称' -e '紹介メモ秘密' -e '下書きに残った秘密' -e '申し送り秘密' "$1"; }
check "before: the words are in the database file" secret_in "$DB"

# Another session reading (a soudan that holds a read snapshot open).
mkfifo "$T/reader"
(printf 'BEGIN; SELECT count(*) FROM calls;\n'; cat "$T/reader") | sqlite3 "$DB" >/dev/null &
reader=$!
exec 3>"$T/reader"
sleep 0.5
expect_status 0 "purge succeeds while another session reads" "$SOUDAN" $C --db "$DB" purge
check "it blanked 8 notes, 8 referral notes, 8 nicknames and the draft" \
	grep -q '^blanked: 8 notes, 8 referral notes, 8 nicknames; removed 1 drafts' "$T/out"
check "and the old shift log entry" grep -q '^removed: 1 shift log entries' "$T/out"
check "it says plainly that the text is not gone yet" grep -q '^NOT YET GONE: .*-wal' "$T/out"
# The blanked pages wait in the journal; the file still has the old ones.
check "the old words are indeed still on disk" sh -c "grep -a -q '消えるべき言葉' '$DB' '$DB-wal'"
expect_status 65 "check while the reader stays fails, and says why" "$SOUDAN" --db "$DB" check
check "naming the journal" grep -q 'FAIL purge: the old text of 1 purge(s) is still in .*-wal' "$T/out"

# The reader goes: check finishes the job.
echo 'COMMIT;' >&3
exec 3>&-
wait "$reader"
expect_status 0 "check passes once the reader is gone" "$SOUDAN" --db "$DB" check
check "the journal is empty" test ! -s "$DB-wal"
check "the words are gone from the database file" sh -c "! grep -a -q -e '消えるべき言葉' -e '秘密の呼称' -e '紹介メモ秘密' -e '下書きに残った秘密' -e '申し送り秘密' '$DB'"
check "today's shift log entry stays" \
	test "$(sqlite3 "$DB" "SELECT group_concat(text) FROM shift_log")" = 今日の申し送り
check "the audit trail says when the text was gone" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'purge_wiped'")" -eq 1
check "the coded values stay" test "$(sqlite3 "$DB" "SELECT count(*) FROM calls WHERE call_type = 'consult'")" -eq 8

# With nobody reading, purge wipes at once.
"$SOUDAN" $C --db "$DB" import "$T/old.jsonl" >/dev/null 2>&1 # duplicate ids: refused
sed 's/"case"/"id":null,"case"/; s/AAAA/BBBB/' "$T/old.jsonl" > "$T/old2.jsonl"
expect_status 0 "more old calls" "$SOUDAN" $C --db "$DB" import "$T/old2.jsonl"
expect_status 0 "purge with nobody reading" "$SOUDAN" $C --db "$DB" purge
check "says the text is gone" grep -q '^the blanked text is gone from the database and its journal' "$T/out"
check "nothing of it in the journal" sh -c "! grep -a -q -e '消えるべき言葉' -e '秘密の呼称' '$DB-wal' 2>/dev/null"
check "nor in the file" sh -c "! grep -a -q -e '消えるべき言葉' -e '秘密の呼称' -e '紹介メモ秘密' '$DB'"
check "two wipes recorded" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'purge_wiped'")" -eq 2
finish
