#!/bin/sh
# The man pages lint clean, and make install / make uninstall into a
# temporary DESTDIR put exactly the expected files there and take them away.
# The install reuses the binaries of $B (install depends on all, which is
# then up to date), with the sanitizer setting they were built with.
. tests/cli/lib.sh

PAGES="man/soudan.1 man/soudan-stats.1 man/soudan.ini.5"
ROOT=$T/root
VERSION=$(sed -n 's/^VERSION *:= *//p' Makefile)

if ! command -v mandoc >/dev/null 2>&1; then
	ok 1 "mandoc is installed (make deps)"
fi
for p in $PAGES; do
	# -Wwarning: any warning or error fails; style hints (such as a cross
	# reference to a page not installed on this host) do not.
	mandoc -Tlint -Wwarning "$p" >"$T/lint" 2>&1
	rc=$?
	ok "$rc" "mandoc -Tlint -Wwarning $p"
	sed 's/^/# /' "$T/lint"
done

# make runs from the repository root (tests always do). Whatever an outer
# make (make check) passes down in MAKEFLAGS is dropped: B and SAN are given.
# -o: the programs under test are installed as built, never rebuilt from a
# source tree that may have changed since.
unset MAKEFLAGS MFLAGS MAKELEVEL
san=
grep -q __asan_init "$B/soudan" 2>/dev/null && san=SAN=1
mk() { # target: make it into $ROOT, output in $T/make.log
	make --no-print-directory -o "$B/soudan" -o "$B/soudan-stats" "$1" \
		DESTDIR="$ROOT" PREFIX=/usr B="$B" $san >"$T/make.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/make.log" | tail -20
	return "$rc"
}

# The files install must put there, relative to $ROOT.
{
	echo usr/bin/soudan
	echo usr/bin/soudan-stats
	echo usr/share/man/man1/soudan.1
	echo usr/share/man/man1/soudan-stats.1
	echo usr/share/man/man5/soudan.ini.5
	echo usr/share/doc/soudan/soudan.ini.example
	for po in po/*.po; do
		[ -f "$po" ] || continue
		l=${po#po/}
		echo "usr/share/locale/${l%.po}/LC_MESSAGES/soudan.mo"
	done
} | LC_ALL=C sort >"$T/want"

tree() { (cd "$ROOT" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort); }

check "make install DESTDIR PREFIX=/usr succeeds" mk install
tree >"$T/got"
if cmp -s "$T/want" "$T/got"; then ok 0 "install puts exactly the expected files"; else
	ok 1 "install puts exactly the expected files"
	diff "$T/want" "$T/got" | sed 's/^/# /'
fi

mode() { stat -c %a "$ROOT/$1" 2>/dev/null; }
check "the programs are mode 755" test "$(mode usr/bin/soudan)$(mode usr/bin/soudan-stats)" = 755755
for p in $PAGES; do
	case $p in *.1) d=man1 ;; *) d=man5 ;; esac
	f=usr/share/man/$d/${p#man/}
	check "$f is the page in man/, mode 644" \
		sh -c "cmp -s '$p' '$ROOT/$f' && [ \"\$(stat -c %a '$ROOT/$f')\" = 644 ]"
done
check "the example configuration is conf/soudan.ini" \
	cmp -s conf/soudan.ini "$ROOT/usr/share/doc/soudan/soudan.ini.example"
for po in po/*.po; do
	[ -f "$po" ] || continue
	l=${po#po/}
	l=${l%.po}
	check "the $l catalog is the one built in $B" \
		cmp -s "$B/locale/$l/LC_MESSAGES/soudan.mo" "$ROOT/usr/share/locale/$l/LC_MESSAGES/soudan.mo"
done

check "the installed soudan --version prints $VERSION" \
	sh -c "[ \"\$('$ROOT/usr/bin/soudan' --version)\" = 'soudan $VERSION' ]"
check "the installed soudan-stats --version prints $VERSION" \
	sh -c "[ \"\$('$ROOT/usr/bin/soudan-stats' --version)\" = 'soudan-stats $VERSION' ]"
# More than --version: the installed program works on a database.
"$ROOT/usr/bin/soudan" --db "$DB" import /dev/null 2>/dev/null
expect_status 0 "the installed soudan-stats reports on a database" \
	"$ROOT/usr/bin/soudan-stats" --db "$DB" --date 2026-11-22 --format json
check "and the report is for that day" grep -q '"from":"2026-11-22"' "$T/out"

# Something of the administrator's beside ours survives uninstall.
mkdir -p "$ROOT/usr/bin"
echo keep >"$ROOT/usr/bin/other"
check "make uninstall succeeds" mk uninstall
tree >"$T/got"
if [ "$(cat "$T/got")" = usr/bin/other ]; then ok 0 "uninstall removes every file install put there, and only those"; else
	ok 1 "uninstall removes every file install put there, and only those"
	sed 's/^/# left: /' "$T/got"
fi
check "the documentation directory is gone" test ! -e "$ROOT/usr/share/doc/soudan"
check "make uninstall again (nothing installed) succeeds" mk uninstall
finish
