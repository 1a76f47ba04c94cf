#!/bin/sh
# Roles: supervisors are the members of [roles]
# supervisor_group (primary or supplementary group of the real user). Only
# they import the referral directory, purge, and read the audit trail;
# anyone else is refused with 77 before anything changes. `audit --verify`
# shows no contents and stays open to all (as does `soudan check`).
. tests/cli/lib.sh

# A group we are in, and one we are not in (with a name the configuration accepts).
ours=$(id -gn)
theirs=$(getent group | while IFS=: read -r name _ gid _; do
	case " $(id -G) " in *" $gid "*) continue ;; esac
	case "$name" in [a-z_]*) ;; *) continue ;; esac
	printf '%s\n' "$name" | grep -q '^[a-z_][a-z0-9_.-]*$' && { echo "$name"; break; }
done)
check "found a group we are not in ($theirs)" test -n "$theirs"
printf '[retention]\nnotes_days = 30\n[roles]\nsupervisor_group = %s\n' "$ours" > "$T/sv.ini"
printf '[retention]\nnotes_days = 30\n[roles]\nsupervisor_group = %s\n' "$theirs" > "$T/op.ini"
printf '[retention]\nnotes_days = 30\n[roles]\nsupervisor_group = no-such-group-x\n' > "$T/none.ini"

"$GEN" calls 50 --seed 41 --days 200 --resources 3 > "$T/calls.jsonl"
"$GEN" resources 3 > "$T/dir.csv"
audits() { sqlite3 "$DB" 'SELECT count(*) FROM audit'; }
resources() { sqlite3 "$DB" 'SELECT count(*) FROM resources'; }
notes() { sqlite3 "$DB" "SELECT count(*) FROM calls WHERE notes <> ''"; }

# The directory: operators may not import it.
expect_status 77 "an operator may not import the directory" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" resources import "$T/dir.csv"
check "the message names the supervisor group" grep -q "supervisors (group $theirs)" "$T/err"
check "the directory is unchanged" test "$(resources)" -eq 0
expect_status 77 "nor anyone when the group does not exist" \
	"$SOUDAN" -c "$T/none.ini" --db "$DB" resources import "$T/dir.csv"
expect_status 0 "a supervisor imports the directory" \
	"$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import "$T/dir.csv"
check "3 resources" test "$(resources)" -eq 3
expect_status 0 "anyone may export the directory (operators refer callers to it)" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" resources export
# Imports: an operator imports calls as themselves; others' calls, or a change
# to a case's nickname, need a supervisor.
expect_status 77 "an operator may not import calls in other operators' names" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" import "$T/calls.jsonl"
check "the message names the line and the field" grep -q 'calls.jsonl:1: operator: only a supervisor' "$T/err"
check "nothing was imported" test "$(sqlite3 "$DB" 'SELECT count(*) FROM calls')" -eq 0
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","case":"k7q2-9mxd","nickname":"みどり"}\n' > "$T/mine.jsonl"
expect_status 0 "an operator imports their own calls" "$SOUDAN" -c "$T/op.ini" --db "$DB" import "$T/mine.jsonl"
check "stored in their name" test "$(sqlite3 "$DB" 'SELECT operator FROM calls')" = "$(id -un)"
check "the case code in its canonical form" test "$(sqlite3 "$DB" 'SELECT case_code FROM calls')" = K7Q2-9MXD
printf '{"started_at":"2026-11-22T11:00:00+09:00","call_type":"consult","case":"K7Q29MXD","nickname":"あおい"}\n' > "$T/rename.jsonl"
expect_status 77 "an operator may not change a case's nickname" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" import "$T/rename.jsonl"
check "the message names the nickname" grep -q 'rename.jsonl:1: nickname: case K7Q2-9MXD' "$T/err"
check "the nickname is unchanged" test "$(sqlite3 "$DB" 'SELECT nickname FROM cases')" = みどり
expect_status 0 "a supervisor may" "$SOUDAN" -c "$T/sv.ini" --db "$DB" import "$T/rename.jsonl"
check "the nickname changed" test "$(sqlite3 "$DB" 'SELECT nickname FROM cases')" = あおい
check "one case, not two" test "$(sqlite3 "$DB" 'SELECT count(*) FROM cases')" -eq 1
check "the change is audited by length" \
	test "$(sqlite3 "$DB" "SELECT after FROM audit WHERE action = 'case_rename'")" = '{"nickname":9}'
sqlite3 "$DB" 'DELETE FROM call_codes; DELETE FROM referrals; DELETE FROM calls; DELETE FROM cases'
expect_status 0 "a supervisor imports calls in other operators' names" \
	"$SOUDAN" -c "$T/sv.ini" --db "$DB" import "$T/calls.jsonl"
before_notes=$(notes)
before_audits=$(audits)

# Purge: supervisors only, dry run included.
expect_status 77 "an operator may not purge" "$SOUDAN" -c "$T/op.ini" --db "$DB" purge
check "the message names the supervisor group" grep -q "supervisors (group $theirs)" "$T/err"
expect_status 77 "an operator may not even dry-run a purge" "$SOUDAN" -c "$T/op.ini" --db "$DB" purge --dry-run
check "no notes were blanked" test "$(notes)" -eq "$before_notes"
check "nothing was audited" test "$(audits)" -eq "$before_audits"

# The audit trail: supervisors read it; anyone may verify it.
expect_status 77 "an operator may not read the audit trail" "$SOUDAN" -c "$T/op.ini" --db "$DB" audit
check "and sees none of it" test ! -s "$T/out"
expect_status 0 "an operator may verify the chain (no contents shown)" \
	"$SOUDAN" -c "$T/op.ini" --db "$DB" audit --verify
check "verify prints only the count" grep -q "^audit trail: $before_audits entries, chain intact" "$T/out"
expect_status 0 "a supervisor reads the audit trail" "$SOUDAN" -c "$T/sv.ini" --db "$DB" audit
check "it lists every entry" test "$(wc -l < "$T/out")" -eq "$before_audits"
expect_status 0 "a supervisor purges" "$SOUDAN" -c "$T/sv.ini" --db "$DB" purge
check "and notes were blanked" test "$(notes)" -lt "$before_notes"

# Membership through a supplementary group counts; the primary group alone
# decides nothing else (root can switch groups to show both).
if [ "$(id -u)" -eq 0 ]; then
	gid=$(getent group "$theirs" | cut -d: -f3)
	expect_status 0 "a member through a supplementary group is a supervisor" \
		setpriv --regid=65534 --groups="$gid" "$SOUDAN" -c "$T/op.ini" --db "$DB" audit
	expect_status 77 "dropping that group makes an operator again" \
		setpriv --regid=65534 --clear-groups "$SOUDAN" -c "$T/op.ini" --db "$DB" audit
fi
finish
