#!/bin/sh
# soudan hold: a legal hold keeps a call's notes from purge; supervisors only;
# audited; an unknown id is an error and changes nothing.
. tests/cli/lib.sh

cat > "$T/calls.jsonl" <<'JSON'
{"id":"11111111-1111-4111-8111-111111111111","started_at":"2020-04-01T10:00:00+09:00","call_type":"consult","notes":"保留するメモ"}
{"id":"22222222-2222-4222-8222-222222222222","started_at":"2020-04-02T10:00:00+09:00","call_type":"consult","notes":"消えるメモ"}
JSON
"$SOUDAN" -c "$SV" --db "$DB" import "$T/calls.jsonl" 2>/dev/null
printf '[retention]\nnotes_days = 365\n[roles]\nsupervisor_group = %s\n' "$(id -gn)" > "$T/sv.ini"
printf '[retention]\nnotes_days = 365\n' > "$T/op.ini"
held=11111111-1111-4111-8111-111111111111

expect_status 77 "an operator may not place a hold" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" hold "$held"
check "the refusal names the group" grep -q "soudan-sv" "$T/err"
expect_status 66 "an unknown id is reported" \
	"$SOUDAN" -c "$T/sv.ini" --db "$DB" hold 99999999-9999-4999-8999-999999999999
expect_status 0 "a supervisor places a hold" "$SOUDAN" -c "$T/sv.ini" --db "$DB" hold "$held"
check "it says so" grep -qF "$held" "$T/out"
check "the hold is in the database" \
	test "$(sqlite3 "$DB" "SELECT legal_hold FROM calls WHERE id = '$held'")" = 1
expect_status 0 "purge runs" "$SOUDAN" -c "$T/sv.ini" --db "$DB" purge
check "purge kept the call on hold" grep -q "kept 1 calls on legal hold" "$T/out"
check "the held notes are still there" \
	test "$(sqlite3 "$DB" "SELECT notes FROM calls WHERE id = '$held'")" = "保留するメモ"
check "the other notes are blank" \
	test -z "$(sqlite3 "$DB" "SELECT notes FROM calls WHERE id <> '$held'")"
expect_status 0 "a supervisor releases the hold" \
	"$SOUDAN" -c "$T/sv.ini" --db "$DB" hold --release "$held"
expect_status 0 "purge runs again" "$SOUDAN" -c "$T/sv.ini" --db "$DB" purge
check "now those notes are blank too" \
	test -z "$(sqlite3 "$DB" "SELECT notes FROM calls WHERE id = '$held'")"
check "hold and release are audited" \
	test "$(sqlite3 "$DB" "SELECT group_concat(action) FROM audit WHERE entity = 'call' AND entity_id = '$held'")" = "hold,release"
expect_status 0 "the audit chain verifies" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit --verify
finish
