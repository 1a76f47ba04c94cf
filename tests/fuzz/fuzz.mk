# libFuzzer targets (included by the Makefile). `make fuzz` builds the
# harnesses in tests/fuzz/ with clang, ASan and UBSan into $(FUZZ_B) and runs
# each for FUZZ_SECONDS on a working copy of its corpus; new crashes land in
# $(FUZZ_B)/crashers/TARGET/ and make the target fail. Keep a crasher as a
# regression input by copying it to tests/fuzz/crashers/TARGET/ (make check
# replays corpus and crashers through tests/unit/test_fuzz_regress.c).
# `make fuzz-merge` folds what a run found into tests/fuzz/corpus, minimised.

FUZZ_B       ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_TARGETS := json csv ini text
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# The modules the harnesses reach (core and store but statistics),
# instrumented for coverage but not linked with the libFuzzer main.
FUZZ_LIB_SRC := $(filter-out src/store/stats.c,$(filter src/core/% src/store/%,$(LIB_SRC)))
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_B)/%.o)
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-merge

fuzz-build: $(FUZZ_BIN)

$(FUZZ_LIB_OBJ): $(FUZZ_B)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c17 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_B)/libsoudan-fuzz.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_B)/libsoudan-fuzz.a
	$(FUZZ_CC) $(CPPFLAGS) -std=c17 $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_B)/libsoudan-fuzz.a $(LDLIBS)

# Each target: a fixed time budget, one worker; the exit status is libFuzzer's
# (non-zero on a crash, a leak or a broken invariant).
fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_B)/corpus/$$t $(FUZZ_B)/crashers/$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
	  HOME=/nonexistent-soudan-fuzz TZ=Asia/Tokyo LC_ALL=C.UTF-8 \
	  $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_B)/crashers/$$t/ \
	    $$( [ -f tests/fuzz/dict/$$t.dict ] && echo -dict=tests/fuzz/dict/$$t.dict ) \
	    $(FUZZ_B)/corpus/$$t tests/fuzz/corpus/$$t; \
	done

fuzz-merge: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_B)/corpus/$$t $(FUZZ_B)/merged/$$t; \
	  HOME=/nonexistent-soudan-fuzz TZ=Asia/Tokyo LC_ALL=C.UTF-8 \
	  $(FUZZ_B)/fuzz_$$t -merge=1 -max_len=8192 $(FUZZ_B)/merged/$$t \
	    tests/fuzz/corpus/$$t $(FUZZ_B)/corpus/$$t; \
	  rm -rf tests/fuzz/corpus/$$t; mv $(FUZZ_B)/merged/$$t tests/fuzz/corpus/$$t; \
	done
