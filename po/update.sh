#!/bin/sh
# Extract the translatable strings into po/soudan.pot and merge them into
# every po/*.po. Run it (or `make pot`) after changing any _() or N_() string,
# then translate what msgfmt --statistics reports as untranslated or fuzzy.
# Idempotent: files are rewritten only when a string or a location changed
# (the POT creation date alone does not count).
set -eu
cd "$(dirname "$0")/.."

version=$(sed -n 's/^VERSION *:= *//p' Makefile)
find src include -name '*.[ch]' | LC_ALL=C sort > po/POTFILES.new
if cmp -s po/POTFILES.new po/POTFILES; then rm po/POTFILES.new; else mv po/POTFILES.new po/POTFILES; fi

# Locations name the file only: line numbers would churn every catalog on
# each edit of the code.
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--add-comments=TRANSLATORS: --add-location=file --sort-by-file \
	--package-name=soudan --package-version="$version" --msgid-bugs-address="see README" \
	--files-from=po/POTFILES --output=po/soudan.pot.new

same() { # two .pot files equal but for the creation date
	[ -f "$2" ] || return 1
	grep -v '^"POT-Creation-Date:' "$1" > po/.a.tmp
	grep -v '^"POT-Creation-Date:' "$2" > po/.b.tmp
	cmp -s po/.a.tmp po/.b.tmp
}
if same po/soudan.pot.new po/soudan.pot; then
	rm po/soudan.pot.new
else
	mv po/soudan.pot.new po/soudan.pot
fi
rm -f po/.a.tmp po/.b.tmp

for po in po/*.po; do
	[ -f "$po" ] || continue
	# msgmerge rewrites the file only when something changed.
	msgmerge --quiet --update --backup=none --previous --add-location=file "$po" po/soudan.pot
	msgfmt --check --statistics -o /dev/null "$po" 2>&1 | sed "s|^|$po: |"
done
