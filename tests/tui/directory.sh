#!/bin/sh
# The directory screen from home: an operator searches, filters and reads but
# cannot edit; a supervisor (the configured Unix group) adds, edits and
# deactivates entries, every change audited. A long description is cut
# after its rows with "..".
. tests/tui/tmux.lib

# Loading the directory is a supervisor's job: a configuration naming our group.
supervisor_config "$T/supervisor.ini"
SOUDAN_CONFIG=$T/supervisor.ini "$SOUDAN" --db "$DB" resources import conf/resources-sample.csv >/dev/null

# An operator: the default supervisor group (soudan-sv) is not ours.
start o 80 24
wait_for o "d: directory" >/dev/null
keys o d
shows o "-- 【サンプル】サンプル市ひきこもり地域支援センター" "d opens the directory; the first entry's full name heads its details"
check "every entry is listed (one screen holds 14)" sh -c "[ \$($TM capture-pane -p -t o | grep -c '^[> ] 【サンプル】') -eq 14 ]"
text o 'こもれび'
shows o "居場所カフェ「こもれび」" "typing narrows the list"
shows o "水・土 13:00〜17:00" "the details of the selected entry show below"
check "only one entry left" sh -c "[ \$($TM capture-pane -p -t o | grep -c '^[> ] 【サンプル】') -eq 1 ]"
keys o Enter
shows o "Only supervisors edit the directory." "an operator cannot edit"
keys o C-u C-f
shows o "0: all categories" "Ctrl-F offers the categories"
keys o i
shows o "family or peer group" "the category filter is shown (English label)"
check "the filter keeps only that category" sh -c \
	"[ \$($TM capture-pane -p -t o | grep -c '^[> ] 【サンプル】') -eq $(grep -c ',family_group,' conf/resources-sample.csv) ]"
# Digits pick categories 1-9, and 0 clears the filter.
keys o C-f
wait_for o "0: all categories" >/dev/null
keys o 1
check "Ctrl-F 1 keeps only the first category" wait_line o 2 "hikikomori support centre"
check "only its entries are listed" sh -c \
	"[ \$($TM capture-pane -p -t o | grep -c '^[> ] 【サンプル】') -eq $(grep -c ',center,' conf/resources-sample.csv) ]"
keys o C-f
wait_for o "0: all categories" >/dev/null
keys o 0
check "Ctrl-F 0 shows every category again" wait_line o 2 "all categories"
check "every entry is listed again" sh -c "[ \$($TM capture-pane -p -t o | grep -c '^[> ] 【サンプル】') -eq 14 ]"
keys o Escape
wait_for o "n: new call" >/dev/null
keys o q
wait_exit o >/dev/null
no_sanitizer_report o
check "an operator's visit changed nothing" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE entity = 'resource'")" -eq 0

# A supervisor: our own group in the configuration.
supervisor_config "$SOUDAN_CONFIG"
start s 80 24
wait_for s "d: directory" >/dev/null
keys s d
shows s "^N: new" "a supervisor sees the editing keys"
keys s C-n
shows s "New directory entry" "Ctrl-N starts a new entry"
text s 'テスト居場所ひだまり'
keys s Enter
shows s "0: all categories" "the category is chosen from the list"
keys s k
shows s "Phone:" "then the phone"
text s '0120-999-999'
keys s Enter
wait_for s "Opening hours:" >/dev/null
text s '月〜金 10:00〜16:00'
keys s Enter
wait_for s "Area served:" >/dev/null
text s 'サンプル市東区'
keys s Enter
wait_for s "URL:" >/dev/null
keys s Enter
wait_for s "Description:" >/dev/null
text s '試験用の項目'
keys s Enter
shows s "Saved: テスト居場所ひだまり." "the new entry is saved"
check "it is in the database with its category" \
	wait_sql "SELECT category || ' ' || phone || ' ' || active FROM resources WHERE name = 'テスト居場所ひだまり'" \
	"ibasho 0120-999-999 1"
check "its creation is audited" \
	wait_sql "SELECT count(*) FROM audit WHERE entity = 'resource' AND action = 'create'" 1

text s 'ひだまり'
shows s "0120-999-999" "the new entry is found"
keys s Enter
wait_for s "Name:" >/dev/null
keys s Enter
wait_for s "0: all categories" >/dev/null
keys s Escape
wait_for s "Phone:" >/dev/null
keys s C-u
text s '0120-999-000'
keys s Enter Enter Enter Enter Enter
shows s "Saved: テスト居場所ひだまり." "an edit is saved"
check "the edit is in the database and audited" \
	wait_sql "SELECT phone FROM resources WHERE name = 'テスト居場所ひだまり'" "0120-999-000"
keys s C-x
shows s "Deactivate this entry?" "Ctrl-X asks before deactivating"
keys s y
shows s "Deactivated:" "the entry is deactivated"
check "inactive in the database, not deleted" \
	wait_sql "SELECT active FROM resources WHERE name = 'テスト居場所ひだまり'" 0
check "create, update and deactivate are audited" \
	wait_sql "SELECT group_concat(action) FROM audit WHERE entity = 'resource'" "create,update,deactivate"
keys s C-u
text s 'テスト居場所'
shows s "Nothing found" "an inactive entry is hidden from the search"
keys s C-t
shows s "(inactive)" "Ctrl-T shows inactive entries, marked"
keys s Escape
wait_for s "n: new call" >/dev/null
keys s q
check "q quits with status 0" test "$(wait_exit s)" = "1:0"
no_sanitizer_report s
check "the audit chain verifies" "$SOUDAN" --db "$DB" audit --verify

# A description longer than its two rows ends with "..", as every cut value.
long=$(printf '毎週水曜と土曜の午後に開く居場所です。%.0s' 1 2 3 4 5 6)
sqlite3 "$DB" "UPDATE resources SET description = '$long' WHERE name LIKE '%こもれび%'"
start l 80 24
wait_for l "d: directory" >/dev/null
keys l d
wait_for l "【サンプル】" >/dev/null
text l 'こもれび'
wait_for l "About" >/dev/null
check "a description cut after its second row ends with .." \
	sh -c "$TM capture-pane -p -t l | grep -A1 '^About' | tail -1 | grep -q '\.\. *\$'"
keys l Escape
wait_for l "n: new call" >/dev/null
keys l q
check "q quits with status 0 (l)" test "$(wait_exit l)" = "1:0"
finish
