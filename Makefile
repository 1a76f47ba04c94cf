# soudan: anonymous hotline intake (ncurses) and daily statistics.
# `make run` sets up, builds and opens soudan; `make check` builds and runs every test.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
SYSCONFDIR ?= /etc
DESTDIR   ?=
VERSION   := 0.1.0

CC      ?= cc
PKGS    := ncursesw sqlite3 uuid
B       ?= build

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef \
	-Wimplicit-fallthrough -Wno-unused-parameter
# `make CFLAGS=...` sets the optimisation and debugging flags; the language
# standard and the warnings stay (override, as tig's Makefile does).
CFLAGS  ?= -O2 -g
override CFLAGS += -std=c17 $(WARN)
override CPPFLAGS += -Iinclude -I/usr/include/iniparser -D_GNU_SOURCE \
	-DSOUDAN_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	-DSYSCONFDIR='"$(SYSCONFDIR)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -liniparser -lm -pthread

ifeq ($(SAN),1)
override CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC  := $(sort $(wildcard src/core/*.c src/store/*.c src/report/*.c src/cli/*.c src/tui/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
LIB      := $(B)/libsoudan.a
PROGS    := $(B)/soudan $(B)/soudan-stats
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(B)/bench/%)
PO       := $(wildcard po/*.po)
MO       := $(PO:po/%.po=$(B)/locale/%/LC_MESSAGES/soudan.mo)

# Debian packages: to build and run, and in addition to test.
DEPS_BUILD := gcc make pkg-config libncurses-dev libsqlite3-dev uuid-dev libiniparser-dev gettext \
	tzdata
DEPS_TEST  := libcmocka-dev tmux sqlite3 locales mandoc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run check deps deps-build test unit bench install uninstall clean tools

# Objects of test and bench programs are intermediate files: keep them, or
# every run links them anew.
.SECONDARY:

all: $(PROGS) $(MO)

tools: $(BENCH_BIN)

Q := $(if $(V),,@)

# Objects depend on the flags they were built with: `make PREFIX=/usr install`
# after a plain `make` rebuilds with the right LOCALEDIR and SYSCONFDIR.
FLAGS_STAMP := $(B)/.flags
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CPPFLAGS) $(CFLAGS)' > $@
.PHONY: FORCE
FORCE:

$(B)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/soudan: $(B)/src/soudan.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/soudan-stats: $(B)/src/soudan-stats.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(B)/bench/%: $(B)/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/locale/%/LC_MESSAGES/soudan.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# After changing any _() or N_() string: po/soudan.pot from the sources
# (xgettext), merged into po/*.po (msgmerge); then translate what is fuzzy or
# untranslated (tests/cli/i18n.sh fails until none is).
.PHONY: pot
pot:
	sh po/update.sh

deps-build:
	@missing=$$(for p in $(DEPS_BUILD); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

deps: deps-build
	@missing=$$(for p in $(DEPS_TEST); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@# Debian generates what /etc/locale.gen lists; Ubuntu takes the name.
	@locale -a 2>/dev/null | grep -qi '^ja_JP.utf-\?8$$' || { \
	  { grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || \
	    echo 'ja_JP.UTF-8 UTF-8' | $(SUDO) tee -a /etc/locale.gen >/dev/null; } && \
	  $(SUDO) locale-gen ja_JP.UTF-8 >/dev/null; }

run: deps-build
	$(MAKE) all
	SOUDAN_LOCALEDIR=$(CURDIR)/$(B)/locale ./$(B)/soudan

# Every test, built with AddressSanitizer and UBSan. The test build reads its
# system configuration from a directory of its own, which tests/run.sh fills
# with a configuration no test may reach: an administrator can run make check
# on a host whose /etc/soudan names the live database.
check: deps
	$(MAKE) B=build/san SAN=1 SYSCONFDIR=$(CURDIR)/build/san/etc test

test: $(PROGS) $(MO) $(UNIT_BIN) $(BENCH_BIN)
	B=$(B) sh tests/run.sh

bench:
	$(MAKE) all tools
	B=$(B) sh bench/run.sh

install: all
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man5" \
		"$(DESTDIR)$(PREFIX)/share/doc/soudan"
	install -m 755 $(PROGS) "$(DESTDIR)$(BINDIR)/"
	install -m 644 man/soudan.1 man/soudan-stats.1 "$(DESTDIR)$(MANDIR)/man1/"
	install -m 644 man/soudan.ini.5 "$(DESTDIR)$(MANDIR)/man5/"
	install -m 644 conf/soudan.ini "$(DESTDIR)$(PREFIX)/share/doc/soudan/soudan.ini.example"
	for mo in $(MO); do l=$${mo#$(B)/locale/}; l=$${l%%/*}; \
		install -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
		install -m 644 "$$mo" "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/soudan.mo" || exit 1; \
	done

# Exactly what install put there; shared directories (bin, man1, locale) stay,
# and so does the doc directory if something else was put in it.
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/soudan" "$(DESTDIR)$(BINDIR)/soudan-stats" \
		"$(DESTDIR)$(MANDIR)/man1/soudan.1" "$(DESTDIR)$(MANDIR)/man1/soudan-stats.1" \
		"$(DESTDIR)$(MANDIR)/man5/soudan.ini.5" \
		"$(DESTDIR)$(PREFIX)/share/doc/soudan/soudan.ini.example"
	for po in $(PO); do l=$${po#po/}; l=$${l%.po}; \
		rm -f "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/soudan.mo" || exit 1; \
	done
	rmdir "$(DESTDIR)$(PREFIX)/share/doc/soudan" 2>/dev/null || :

clean:
	rm -rf build

-include tests/fuzz/fuzz.mk
-include $(shell find $(B) -name '*.d' 2>/dev/null)
