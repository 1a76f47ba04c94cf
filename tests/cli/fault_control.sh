#!/bin/sh
# Control characters in stored text: ESC sequences, an OSC
# title, CR, BS, DEL, C1, bidi overrides, zero-width characters and combining
# marks in notes, nicknames, referral notes, operator and site names, and in
# directory entries. No output path lets one reach the terminal raw: the text
# report, CSV and JSON statistics, CSV and JSON Lines exports, the directory
# export, the audit trail and error messages. JSON escapes them; the rest
# shows visible placeholders (^[ <U+202E> ...). The screen is tested in tests/tui.
. tests/cli/lib.sh

supervisor_config "$T/sv.ini"
SV="-c $T/sv.ini"

# raw FILE [tab]: the number of lines with a byte sequence that must never
# reach a terminal: C0 but newline (and tab where allowed), DEL, C1, the bidi
# controls, the zero-width characters and U+FEFF. CR LF line ends (CSV) are
# taken off first.
raw() {
	c0='\x00-\x09\x0b-\x1f'
	[ "${2:-}" = tab ] && c0='\x00-\x08\x0b-\x1f'
	# the printed report's pages end with a form feed, and only there
	[ "${2:-}" = ff ] && c0='\x00-\x09\x0b\x0d-\x1f'
	sed 's/\r$//' "$1" | LC_ALL=C grep -a -c -P \
		"[$c0\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xef\xbb\xbf|\xd8\x9c"
}
# clean DESCRIPTION FILE [tab]
clean() { check "$1" test "$(raw "$2" "${3:-}")" -eq 0; }

# The evil text, as JSON escapes (raw C0 is not valid JSON anyway): clear the
# screen, set the window title, move back over text, C1 CSI, a bidi override
# and isolate, zero-width space and BOM, a combining mark with no base.
EVIL='\u0301A\u001b[2J\u001b]0;pwned\u0007\r\b\u007f\u009b31m\u0085\u202eevil\u2066\u200b\ufeffZ'
printf 'id,name,category,phone,hours,area,url,description,active\nr-ok,テスト市サポステ,saposute,,,,,,1\n' > "$T/dir.csv"
"$SOUDAN" $SV --db "$DB" resources import "$T/dir.csv" 2>/dev/null
# Names and sites are one line on other operators' screens: an import
# refuses control, bidi and zero-width characters in them.
for f in "site\":\"site$EVIL" 'operator":"op\u001b]0;x\u0007' "nickname\":\"$EVIL" \
	'assigned_to":"as\u001b[7m'; do
	printf '{"started_at":"2026-11-22T10:05:00+09:00","call_type":"consult","case":"K7Q2-9MXD","%s"}\n' \
		"$f" > "$T/name.jsonl"
	expect_status 65 "an import refuses a control character in ${f%%\"*}" \
		"$SOUDAN" $SV --db "$DB" import "$T/name.jsonl"
done
# Free text keeps what was typed; every output path shows it as placeholders.
cat > "$T/evil.jsonl" <<EOF
{"site":"横浜","operator":"tanaka","started_at":"2026-11-22T10:05:00+09:00","ended_at":"2026-11-22T10:15:00+09:00","call_type":"consult","urgency":"urgent","case":"K7Q2-9MXD","nickname":"みどり","referrals":[{"resource":"r-ok","consent":true,"note":"ref$EVIL"}],"outcome":"phone","next_contact":"2026-11-22","assigned_to":"tanaka","notes":"notes$EVIL\nline two\ttab"}
EOF
expect_status 0 "a call full of control characters in its notes imports" \
	"$SOUDAN" $SV --db "$DB" import "$T/evil.jsonl"
"$SOUDAN" --db "$DB" export > "$T/notes.jsonl"
"$SOUDAN" --db "$T/again.db" $SV resources import "$T/dir.csv" 2>/dev/null
expect_status 0 "the escaped export imports again" "$SOUDAN" --db "$T/again.db" $SV import "$T/notes.jsonl"
"$SOUDAN" --db "$T/again.db" export > "$T/again.jsonl"
check "and gives the same text back" cmp -s "$T/notes.jsonl" "$T/again.jsonl"
# A database may still hold such names (an older soudan, or someone writing
# past it): every output path must neutralise them too.
E="char(0x301) || 'A' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || char(13) ||
  char(8) || char(127) || char(0x9b) || '31m' || char(0x85) || char(0x202e) || 'evil' ||
  char(0x2066) || char(0x200b) || char(0xfeff) || 'Z'"
sqlite3 "$DB" "UPDATE calls SET site = 'site' || $E,
	operator = 'op' || char(27) || ']0;x' || char(7) || char(0x202e),
	assigned_to = 'as' || char(27) || '[7m';
	UPDATE cases SET nickname = $E"

# Statistics: operator and site names are stored text.
"$STATS" --db "$DB" --date 2026-11-22 > "$T/day.txt"
clean "text report: nothing raw" "$T/day.txt" ff
check "text report: form feeds only at the start of a page" \
	sh -c "! LC_ALL=C grep -a -q -P '.\x0c|\x0c(?!Daily report)' '$T/day.txt'"
check "text report: the operator's ESC shows as ^[" grep -qF 'op^[]0;x^G' "$T/day.txt"
check "text report: the bidi override shows as <U+202E>" grep -qF '<U+202E>' "$T/day.txt"
check "text report: the urgent call is listed by time and operator" grep -qF '10:05  op^[]0;x^G<U+202E>' "$T/day.txt"
check "text report: never with its notes" sh -c "! grep -q 'notes\\|line two' '$T/day.txt'"
"$STATS" --db "$DB" --date 2026-11-22 --format csv > "$T/day.csv"
clean "stats CSV: nothing raw" "$T/day.csv"
check "stats CSV: placeholders" grep -qF 'op^[]0;x^G<U+202E>' "$T/day.csv"
"$STATS" --db "$DB" --date 2026-11-22 --format json > "$T/day.json"
clean "stats JSON: nothing raw" "$T/day.json"
check "stats JSON: ESC escaped as \\u001b" grep -qF 'op\u001b]0;x\u0007\u202e' "$T/day.json"
check "stats JSON: still valid JSON" sh -c "sqlite3 :memory: \"SELECT json_valid(readfile('$T/day.json'))\" | grep -qx 1"

# Exports.
"$SOUDAN" --db "$DB" export --format csv > "$T/calls.csv"
clean "CSV export: nothing raw (newlines only inside quotes)" "$T/calls.csv"
check "CSV export: ESC as ^[, CR as ^M, BS as ^H, DEL as ^?" grep -qF '^[[2J^[]0;pwned^G^M^H^?' "$T/calls.csv"
check "CSV export: C1, bidi, zero-width as <U+...>" grep -qF '<U+009B>31m<U+0085><U+202E>evil<U+2066><U+200B><U+FEFF>Z' "$T/calls.csv"
check "CSV export: a combining mark with no base as <U+0301>" grep -qF ',<U+0301>A^[[2J' "$T/calls.csv"
check "CSV export: a combining mark on a letter stays" grep -qF "$(printf 'site\314\201A')" "$T/calls.csv"
check "CSV export: the tab in notes as ^I" grep -qF 'line two^Itab' "$T/calls.csv"
"$SOUDAN" --db "$DB" export > "$T/calls.jsonl"
clean "JSON Lines export: nothing raw" "$T/calls.jsonl"
check "JSON Lines: C0 escaped" grep -qF '\u001b[2J\u001b]0;pwned\u0007\u000d\u0008\u007f' "$T/calls.jsonl"
check "JSON Lines: C1, bidi, zero-width escaped" grep -qF '\u009b31m\u0085\u202eevil\u2066\u200b\ufeffZ' "$T/calls.jsonl"

# The audit trail holds the call as JSON; printed, it is sanitized too.
expect_status 0 "audit prints for a supervisor" "$SOUDAN" $SV --db "$DB" audit
clean "audit: nothing raw (tab separators allowed)" "$T/out" tab

# Error messages quote what was wrong, sanitized.
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","caller":"\\u001b]0;x\\u0007\\u202e"}\n' > "$T/badcode.jsonl"
expect_status 65 "an unknown code full of controls is refused" "$SOUDAN" --db "$T/e.db" import "$T/badcode.jsonl"
clean "the error message has nothing raw" "$T/err"
check "the error message shows the code with placeholders" grep -qF 'caller: unknown code "^[]0;x^G<U+202E>"' "$T/err"
printf '{"started_at":"2026-11-22T10:00:00+09:00","call_type":"consult","\\u001b[2J":1}\n' > "$T/badkey.jsonl"
expect_status 65 "an unknown key full of controls is refused" "$SOUDAN" --db "$T/e.db" import "$T/badkey.jsonl"
clean "that message has nothing raw either" "$T/err"

# Directory: the import refuses control characters outright, naming FILE:LINE.
printf 'id,name,category,phone,hours,area,url,description,active\nr-a,名前\033[2J,npo,,,,,,1\n' > "$T/esc.csv"
expect_status 65 "a directory name with ESC is refused" "$SOUDAN" $SV --db "$DB" resources import "$T/esc.csv"
check "naming esc.csv:2: name" grep -q 'esc.csv:2: name: ' "$T/err"
clean "the message has nothing raw" "$T/err"
printf 'id,name,category,phone,hours,area,url,description,active\nr-a,名前,npo,,,,,"説明\342\200\256逆",1\n' > "$T/bidi.csv"
expect_status 65 "a description with a bidi override is refused" "$SOUDAN" $SV --db "$DB" resources import "$T/bidi.csv"
check "naming bidi.csv:2: description" grep -q 'bidi.csv:2: description: ' "$T/err"
# ...and what got into the table some other way is still exported safely.
sqlite3 "$DB" "INSERT INTO resources(id, name, category, phone, description, updated_at) VALUES
  ('r-evil', 'n' || char(27) || '[2J' || char(8238) || char(8203) || 'x', 'npo',
   char(155) || '0120', 'd' || char(13) || char(8) || char(127) || char(10) || 'second', 0)"
"$SOUDAN" --db "$DB" resources export > "$T/dir-out.csv"
clean "directory CSV export: nothing raw" "$T/dir-out.csv"
check "directory CSV export: placeholders" grep -qF 'n^[[2J<U+202E><U+200B>x' "$T/dir-out.csv"
"$SOUDAN" --db "$DB" resources export --format jsonl > "$T/dir-out.jsonl"
clean "directory JSON Lines export: nothing raw" "$T/dir-out.jsonl"
check "directory JSON Lines export: escapes" grep -qF 'n\u001b[2J\u202e\u200bx' "$T/dir-out.jsonl"
finish
