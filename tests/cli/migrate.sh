#!/bin/sh
# A database of soudan 0.1.0 (schema 2, tests/data/schema2.sql) opened by this
# version: updated in place to the schema a new database gets (soudan check
# compares them object by object), its drafts, referrals and cases kept, and
# case codes stored in one form: K7Q2-9MXD, k7q2-9mxd and K7Q29MXD become one
# case (one person in the statistics), each merge in the audit trail.
. tests/cli/lib.sh

OLD=$T/old.db
sqlite3 "$OLD" < tests/data/schema2.sql >/dev/null
chmod 0660 "$OLD"
now=$(date +%s)
sqlite3 "$OLD" "
INSERT INTO resources(id, name, category, updated_at) VALUES ('r-1', '地域若者サポートステーション', 'saposute', $now);
INSERT INTO cases VALUES ('K7Q2-9MXD', 'みどり', 100), ('k7q2-9mxd', NULL, 50), ('K7Q29MXD', 'あおい', 200),
  ('W3Y6-ABCD', 'さくら', 300);
INSERT INTO calls(id, site, operator, started_at, ended_at, call_type, caller, case_code, notes,
  created_at, updated_at, outcome, next_contact, followup_closed_at) VALUES
  ('00000000-0000-4000-8000-000000000001', '横浜', 'tanaka', 1795000000, 1795000300, 'consult', 'mother', 'K7Q2-9MXD', '一', $now, $now, 'phone', '2026-11-20', NULL),
  ('00000000-0000-4000-8000-000000000002', '横浜', 'tanaka', 1795100000, 1795100300, 'consult', 'mother', 'k7q2-9mxd', '二', $now, $now, 'phone', '2026-11-25', 1795150000),
  ('00000000-0000-4000-8000-000000000003', '横浜', 'suzuki', 1795200000, 1795200300, 'consult', 'father', 'K7Q29MXD', '三', $now, $now, NULL, NULL, NULL),
  ('00000000-0000-4000-8000-000000000004', '横浜', 'suzuki', 1795300000, NULL, 'silent', NULL, 'W3Y6-ABCD', '', $now, $now, NULL, NULL, NULL);
INSERT INTO referrals VALUES ('00000000-0000-4000-8000-000000000001', 0, 'r-1', 1, '電話番号を案内'),
  ('00000000-0000-4000-8000-000000000003', 0, 'r-1', 0, NULL);
INSERT INTO drafts VALUES ('00000000-0000-4000-8000-000000000001', 'tanaka', $now,
  '{\"id\":\"00000000-0000-4000-8000-000000000001\",\"started_at\":\"2026-11-17T06:13:20+09:00\",\"call_type\":\"consult\",\"notes\":\"一、追記中\"}'),
  ('00000000-0000-4000-8000-0000000000ff', 'tanaka', $now,
  '{\"id\":\"00000000-0000-4000-8000-0000000000ff\",\"site\":\"横浜\",\"started_at\":\"2026-11-17T06:13:20+09:00\",\"ended_at\":\"2026-11-17T06:43:20+09:00\",\"call_type\":\"consult\",\"urgency\":\"urgent\",\"risks\":[\"suicidal\",\"plan\"],\"notes\":\"まだ保存していない\"}'),
  ('00000000-0000-4000-8000-0000000000fe', 'suzuki', $now, 'not JSON at all');"

expect_status 0 "soudan check updates the old database and passes" "$SOUDAN" --db "$OLD" check
check "the schema is as a new database's" grep -q '^ok   schema: [0-9]* objects, as this version makes them' "$T/out"
check "version 5" test "$(sqlite3 "$OLD" 'PRAGMA user_version')" -eq 5
q() { sqlite3 "$OLD" "$1"; }
check "three forms of one code are one case" test "$(q "SELECT count(*) FROM cases WHERE code IN ('K7Q2-9MXD', 'k7q2-9mxd', 'K7Q29MXD')")" -eq 1
check "its calls all point to it" test "$(q "SELECT count(*) FROM calls WHERE case_code = 'K7Q2-9MXD'")" -eq 3
check "it keeps the canonical case's nickname and the earliest date" \
	test "$(q "SELECT nickname || '/' || created_at FROM cases WHERE code = 'K7Q2-9MXD'")" = みどり/50
check "the other case is untouched" test "$(q "SELECT nickname FROM cases WHERE code = 'W3Y6-ABCD'")" = さくら
check "each merge is audited" test "$(q "SELECT count(*) FROM audit WHERE action = 'case_merge'")" -eq 2
expect_status 0 "and the trail verifies" "$SOUDAN" --db "$OLD" audit --verify
# Version 4: a follow-up closed before stays closed; the open one that the
# next call on the (merged) case had reached is contacted by it, audited.
check "follow-ups: contacted, closed, none, none" test "$(q "SELECT group_concat(coalesce(followup_state, '-'), ' ') FROM (SELECT followup_state FROM calls ORDER BY id)")" = "contacted closed - -"
check "contacted by the second call, when it started, by its operator" \
	test "$(q "SELECT followup_call || '/' || followup_closed_at || '/' || followup_closed_by FROM calls WHERE followup_state = 'contacted'")" = 00000000-0000-4000-8000-000000000002/1795100000/tanaka
check "and audited" test "$(q "SELECT count(*) FROM audit WHERE action = 'followup_contacted' AND entity_id = '00000000-0000-4000-8000-000000000001'")" -eq 1
check "a saved call's draft edits version 1 of it" \
	test "$(q "SELECT call_id || '/' || base_version FROM drafts WHERE id LIKE '%001'")" = 00000000-0000-4000-8000-000000000001/1
check "an unsaved call's draft edits no version" \
	test "$(q "SELECT call_id || '/' || coalesce(base_version, 'none') FROM drafts WHERE id LIKE '%0ff'")" = 00000000-0000-4000-8000-0000000000ff/none
# Version 5: a new call's draft shows what the calls in progress need,
# taken from its JSON (a draft that is not JSON is left as it was).
check "the unsaved call's draft: start, end, site, urgency and risks from its JSON" \
	test "$(q "SELECT started_at = unixepoch('2026-11-16T21:13:20Z') AND ended_at - started_at = 1800
	  AND site = '横浜' AND urgency = 'urgent' AND risks = 'suicidal plan' FROM drafts WHERE id LIKE '%0ff'")" = 1
check "a draft that is not JSON survives the update" \
	test "$(q "SELECT data || '/' || coalesce(started_at, 'none') FROM drafts WHERE id LIKE '%0fe'")" = "not JSON at all/none"
check "the duty room's tables are there, empty" \
	test "$(q "SELECT (SELECT count(*) FROM help_requests) + (SELECT count(*) FROM debriefs) + (SELECT count(*) FROM shift_log)")" = 0
check "referrals keep their consent" test "$(q "SELECT group_concat(consent) FROM referrals ORDER BY call_id")" = 1,0
check "calls start at version 1" test "$(q "SELECT min(version) || max(version) FROM calls")" = 11
"$SOUDAN" --db "$OLD" export > "$T/export.jsonl"
check "the export carries all four calls" test "$(wc -l < "$T/export.jsonl")" -eq 4
"$STATS" --db "$OLD" --from 2026-11-01 --to 2026-11-30 --format json > "$T/stats.json"
check "three consultations (the silent call is none)" \
	test "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/stats.json'), '\$.consultations')")" -eq 3
check "and one person: three forms of one code are one case" \
	test "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/stats.json'), '\$.people')")" -eq 1
finish
