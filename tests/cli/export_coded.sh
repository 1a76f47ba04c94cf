#!/bin/sh
# soudan export --coded-only (no word typed leaves the office) and --labels
# (the configured labels in CSV), over the statistics fixture
# (tests/data/stats/day.jsonl: notes, a nickname and a referral note).
. tests/cli/lib.sh
D=tests/data/stats
supervisor_config "$T/sv.ini"
"$SOUDAN" -c "$T/sv.ini" --db "$DB" resources import "$D/resources.csv" 2>/dev/null
expect_status 0 "import the fixture" "$SOUDAN" -c "$SV" --db "$DB" import "$D/day.jsonl"
"$SOUDAN" --db "$DB" export > "$T/all.jsonl"
check "a full export has the free text (the fixture is right)" \
	sh -c "grep -q '秘密のメモ' '$T/all.jsonl' && grep -q 'みどり' '$T/all.jsonl' && grep -q '電話番号を案内' '$T/all.jsonl'"

# --coded-only: notes, nickname and referral notes are not written, in either format.
expect_status 0 "export --coded-only" "$SOUDAN" --db "$DB" export --coded-only
cp "$T/out" "$T/coded.jsonl"
check "JSON Lines: no notes" sh -c "! grep -q '秘密' '$T/coded.jsonl'"
check "JSON Lines: no nickname" sh -c "! grep -q 'みどり' '$T/coded.jsonl'"
check "JSON Lines: no referral note" sh -c "! grep -q '電話番号を案内' '$T/coded.jsonl'"
check "JSON Lines: the notes empty, the nickname null, on every line" sh -c \
	"[ \$(grep -c '\"nickname\":null,.*\"notes\":\"\"}\$' '$T/coded.jsonl') -eq 9 ]"
check "JSON Lines: a referral keeps its resource and consent, its note null" \
	grep -q '"referrals":\[{"resource":"r-sapo","consent":true,"note":null}\]' "$T/coded.jsonl"
check "JSON Lines: the codes are all there" \
	grep -q '"case":"K7Q2-9MXD".*"caller":"mother".*"concerns":\["future","economy"\]' "$T/coded.jsonl"
expect_status 0 "export --coded-only --format csv" "$SOUDAN" --db "$DB" export --coded-only --format csv
cp "$T/out" "$T/coded.csv"
check "CSV: no free text" sh -c "! grep -q '秘密\|みどり\|電話番号を案内' '$T/coded.csv'"
check "CSV: the same columns as a full export" \
	sh -c "head -1 '$T/coded.csv' | grep -q '^id,site,.*,case,nickname,caller,caller_age,.*,notes.\$'"
check "CSV: ten rows (header and nine calls)" test "$(wc -l < "$T/coded.csv")" -eq 10
# What leaves the office can come back: the same calls, codes and all.
"$SOUDAN" -c "$T/sv.ini" --db "$T/back.db" resources import "$D/resources.csv" 2>/dev/null
expect_status 0 "a coded-only export imports" "$SOUDAN" -c "$SV" --db "$T/back.db" import "$T/coded.jsonl"
"$SOUDAN" --db "$T/back.db" export > "$T/back.jsonl"
check "and exports again as it was" cmp -s "$T/coded.jsonl" "$T/back.jsonl"

# --labels: labels instead of keys in the coded columns, in the language of
# the messages; the header keeps the keys; multi-valued labels joined by ';'.
expect_status 0 "export --format csv --labels (C)" "$SOUDAN" --db "$DB" export --format csv --labels
cp "$T/out" "$T/labels.csv"
check "English labels under C.UTF-8" \
	grep -q ',consultation,.*,mother,.*,"\?life ahead;financial hardship"\?,"\?listening;information"\?,' "$T/labels.csv"
check "the header keeps the keys" sh -c "head -1 '$T/labels.csv' | grep -q '^id,site,operator,started_at,ended_at,call_type,'"
check "no key where a label exists" sh -c "! grep -q ',consult,' '$T/labels.csv'"
env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$SOUDAN" --db "$DB" export --format csv --labels \
	> "$T/labels.ja.csv"
check "Japanese labels under ja_JP.UTF-8" \
	grep -q ',相談,.*,母,.*,今後の生活;経済的困窮,傾聴;情報提供,' "$T/labels.ja.csv"
check "Japanese: the silent call" grep -q ',無言,' "$T/labels.ja.csv"
env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$SOUDAN" --db "$DB" export --format csv --labels \
	--coded-only > "$T/both.csv"
check "--labels with --coded-only: labels and no free text" \
	sh -c "grep -q ',相談,' '$T/both.csv' && ! grep -q '秘密\|みどり' '$T/both.csv'"
# A key retired from the list keeps its label; one no longer configured, its key.
"$SOUDAN" -c "$SV" --db "$T/old.db" import "$D/old.jsonl" 2>/dev/null
env LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 "$SOUDAN" --db "$T/old.db" export --format csv --labels \
	> "$T/old.csv"
check "the retired key 20y+ by its label" grep -q ',20年以上,' "$T/old.csv"
expect_status 64 "--labels is for CSV" "$SOUDAN" --db "$DB" export --labels
check "the message says so" grep -q -- '--labels is for --format csv' "$T/err"
finish
