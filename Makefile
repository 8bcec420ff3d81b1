# wozorules - hand-written Makefile (GNU make).
#
#   make                 release build: build/release/wozorules
#   make MODE=debug      -O0 -g3 in build/debug
#   make MODE=asan       AddressSanitizer + UndefinedBehaviorSanitizer in build/asan
#   make deps            install missing build and test dependencies (apt-get)
#   make demo            deps, build, and check the bundled WOZO analysis
#   make test            every test: unit and golden cases, scenarios, fuzzing replay,
#                        in the release and sanitizer builds; valgrind; lint
#   make fuzz            libFuzzer on each harness of tests/fuzz/ (FUZZ_SECONDS each)
#   make install         install into PREFIX (default /usr/local), under DESTDIR if set
#   make uninstall       remove exactly what `make install` installed
#
# Objects of different modes never mix: each mode has its own build folder.

MODE    ?= release
BUILD   := build/$(MODE)
GEN     := $(BUILD)/gen
CC      ?= cc
FLEX    ?= flex
BISON   ?= bison
VERSION := 0.1.0

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wpointer-arith -Wformat=2 -Wundef -Wvla
CSTD := -std=c11 -D_POSIX_C_SOURCE=200809L -DWOZO_VERSION='"$(VERSION)"'

ifeq ($(MODE),release)
  OPT := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
else ifeq ($(MODE),debug)
  OPT := -O0 -g3
else ifeq ($(MODE),asan)
  OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDFLAGS_MODE := -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
  # Only for `make fuzz`, which sets CC=clang: every object carries
  # libFuzzer's coverage instrumentation; the harnesses link libFuzzer.
  OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDFLAGS_MODE := -fsanitize=address,undefined
else
  $(error MODE must be release, debug, asan or fuzz)
endif

CFLAGS  ?=
LDFLAGS ?=
ALL_CFLAGS  := $(CSTD) $(WARN) $(OPT) -MMD -MP -I$(GEN) -Ilang $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_MODE) $(LDFLAGS)
LIBS := -lyaml

BASE_SRC    := $(wildcard base/*.c)
LANG_SRC    := $(wildcard lang/*.c)
RUNTIME_SRC := $(wildcard runtime/*.c)
STDLIB_SRC  := $(wildcard stdlib/*.c)
CLI_SRC     := $(wildcard cli/*.c)
GEN_SRC     := $(GEN)/lexer.c $(GEN)/parser.c $(GEN)/prelude.c

LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(BASE_SRC) $(LANG_SRC) $(RUNTIME_SRC) $(STDLIB_SRC)) \
           $(GEN)/lexer.o $(GEN)/parser.o $(GEN)/prelude.o
CLI_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
LIB     := $(BUILD)/libwozo.a
BIN     := $(BUILD)/wozorules

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all deps deps-check demo test check-unit check-cases check-scripts clean install uninstall check-browser docs-screenshot \
        check-fuzz check-valgrind fuzz fuzz-build lint
.DEFAULT_GOAL := all

all: $(BIN)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Generated sources: flex and bison output, and the prelude as a C string.
# Grouped targets (&:): one bison run makes both files, so `make -j` never
# runs it twice at once.
$(GEN)/parser.c $(GEN)/parser.h &: lang/parser.y
	@mkdir -p $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h &: lang/lexer.l $(GEN)/parser.h
	@mkdir -p $(GEN)
	$(FLEX) --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

$(GEN)/prelude.c: stdlib/prelude.wozo stdlib/embed.awk
	@mkdir -p $(GEN)
	awk -f stdlib/embed.awk $< > $@.tmp && mv $@.tmp $@

# Generated code is not ours to tidy: only the warnings flex and bison
# output is known to trigger are silenced, and only for those files.
GEN_CFLAGS := $(ALL_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes \
              -Wno-unused-parameter -Wno-shadow -Wno-undef
$(GEN)/%.o: $(GEN)/%.c
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(GEN)/lexer.o: $(GEN)/parser.h
$(BUILD)/lang/parse.o: $(GEN)/parser.h $(GEN)/lexer.h

# ---- tests ----

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS) -lcmocka

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "  unit  $$t"; $$t; done

check-cases: $(BIN)
	@sh tests/run-cases.sh $(BIN)

# Every other tests/*.sh is a scenario test: run as `sh tests/X.sh BINARY`,
# it exits 0 when the scenario holds.
TEST_SCRIPTS := $(filter-out tests/run-cases.sh,$(wildcard tests/*.sh))
check-scripts: $(BIN)
	@set -e; for t in $(TEST_SCRIPTS); do echo "  script $$t"; sh $$t $(BIN); done

# The HTML report rendered in headless Chromium (tests/browser/run.sh), in
# the release build only. It skips, saying so, only when Chromium cannot be
# installed; `make docs-screenshot` then refreshes docs/report.png from it.
check-browser: $(BIN)
	@sh tests/browser/run.sh $(BIN)

docs-screenshot: check-browser
	cp build/browser/report.png docs/report.png

# ---- fuzzing (tests/fuzz/README.md) ----
#
# Each harness tests/fuzz/fuzz_NAME.c is linked twice: with replay.c, a
# plain main() that feeds it files (build/MODE/fuzz/replay-NAME, any
# compiler: what `make test` runs over the corpus and the regressions), and
# by `make fuzz` with libFuzzer (build/fuzz/fuzz-NAME, clang).

# The seed corpus of a harness is tests/fuzz/corpus/SEEDS (parse and fmt:
# rules, data: yaml, check: check); its crashes are kept in
# tests/fuzz/regressions/NAME.
FUZZ_HARNESSES := parse fmt data check
FUZZ_REPLAY := $(patsubst %,$(BUILD)/fuzz/replay-%,$(FUZZ_HARNESSES))
FUZZ_OBJ    := $(patsubst %,$(BUILD)/tests/fuzz/fuzz_%.o,$(FUZZ_HARNESSES)) $(BUILD)/tests/fuzz/replay.o
.SECONDARY: $(FUZZ_OBJ)

$(BUILD)/fuzz/replay-%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(BUILD)/tests/fuzz/fuzz_$*.o $(BUILD)/tests/fuzz/replay.o $(LIB) $(LIBS)

# Every input of the corpus and every crash ever found, once, through each
# harness (under WRAP when it is set, such as valgrind).
check-fuzz: $(FUZZ_REPLAY)
	@set -e; for h in $(FUZZ_HARNESSES); do \
	    case $$h in parse|fmt) s=rules ;; data) s=yaml ;; check) s=check ;; esac; \
	    printf '  fuzz  replay-%-6s ' $$h; \
	    $(WRAP) $(BUILD)/fuzz/replay-$$h tests/fuzz/corpus/$$s tests/fuzz/regressions/$$h; \
	done

FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 65536
FUZZ_FLAGS   ?=
FUZZ_RUN     ?= $(FUZZ_HARNESSES)

# The libFuzzer binaries (MODE=fuzz only).
$(BUILD)/fuzz-%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB) $(LIBS)

fuzz-build: $(patsubst %,$(BUILD)/fuzz-%,$(FUZZ_HARNESSES))

# Runs each harness of FUZZ_RUN for FUZZ_SECONDS: new inputs go to
# build/fuzz/corpus/NAME (the committed seeds and regressions are read, not
# written), crashes to build/fuzz/artifacts/, the log to build/fuzz/NAME.log.
fuzz:
	@sh .ci/install-deps.sh $(FUZZ_PACKAGES)
	$(MAKE) MODE=fuzz CC=clang fuzz-build
	@mkdir -p build/fuzz/artifacts
	cat tests/fuzz/wozo.dict tests/fuzz/yaml.dict tests/fuzz/check-extra.dict >build/fuzz/check.dict
	@set -e; for h in $(FUZZ_RUN); do \
	    case $$h in parse|fmt) s=rules; d=tests/fuzz/wozo.dict ;; data) s=yaml; d=tests/fuzz/yaml.dict ;; \
	                check) s=check; d=build/fuzz/check.dict ;; esac; \
	    mkdir -p build/fuzz/corpus/$$h tests/fuzz/regressions/$$h; \
	    echo "  fuzz  $$h for $(FUZZ_SECONDS) s (log: build/fuzz/$$h.log)"; \
	    build/fuzz/fuzz-$$h build/fuzz/corpus/$$h tests/fuzz/corpus/$$s tests/fuzz/regressions/$$h \
	        -dict=$$d -max_len=$(FUZZ_MAX_LEN) -timeout=2 -rss_limit_mb=512 \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/artifacts/$$h- $(FUZZ_FLAGS) >build/fuzz/$$h.log 2>&1 \
	        || { tail -60 build/fuzz/$$h.log; echo "fuzz: $$h found a crash: see build/fuzz/artifacts/"; exit 1; }; \
	    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' build/fuzz/$$h.log | sed 's/^/        /'; \
	done

# ---- lint (docs/reliability.md, "Lint") ----
#
# cppcheck and clang-tidy over our C: the sources of every module and the
# fuzzing harnesses, and (cppcheck only) the unit tests; never flex's and
# bison's output. Their configuration is .cppcheck-suppressions and
# .clang-tidy, each suppression with its reason. A file is linted again only
# when it or a header changed (stamps in build/lint/); any finding fails.

LINT_SRC   := $(BASE_SRC) $(LANG_SRC) $(RUNTIME_SRC) $(STDLIB_SRC) $(CLI_SRC) $(wildcard tests/fuzz/*.c)
LINT_DEPS  := $(wildcard base/*.h lang/*.h lang/*.def runtime/*.h stdlib/*.h stdlib/*.def cli/*.h tests/fuzz/*.h tests/unit/*.h)
LINT_TIDY  := $(patsubst %.c,build/lint/%.tidy,$(LINT_SRC))
LINT_FLAGS := $(CSTD) $(WARN) -I$(GEN) -Ilang
NPROC      := $(shell nproc 2>/dev/null || echo 1)

lint: build/lint/cppcheck.ok $(LINT_TIDY)
	@echo "lint: nothing found (cppcheck: $(words $(LINT_SRC) $(UNIT_SRC)) files, clang-tidy: $(words $(LINT_SRC)))"

build/lint/cppcheck.ok: $(LINT_SRC) $(UNIT_SRC) $(LINT_DEPS) .cppcheck-suppressions | $(GEN)/parser.h $(GEN)/lexer.h
	@mkdir -p $(@D)
	cppcheck --quiet --std=c11 --enable=warning,portability,performance,missingInclude --error-exitcode=1 \
	    --suppressions-list=.cppcheck-suppressions -D_POSIX_C_SOURCE=200809L -I$(GEN) -Ilang \
	    -j $(NPROC) --template='{file}:{line}: {severity}: {message} [{id}]' $(LINT_SRC) $(UNIT_SRC)
	@touch $@

build/lint/%.tidy: %.c .clang-tidy $(LINT_DEPS) | $(GEN)/parser.h $(GEN)/lexer.h
	@mkdir -p $(@D)
	@echo "  clang-tidy $<"
	@clang-tidy --quiet $< -- $(LINT_FLAGS) 2>$@.err || { grep -v 'warnings\? generated' $@.err; exit 1; }
	@touch $@

# The unit tests, the golden cases, the fuzzing replay and a few scenario
# scripts under valgrind's memcheck, in the debug build (valgrind and the
# sanitizers do not mix): tests/valgrind/run.sh says what runs and why.
check-valgrind: $(BIN) $(UNIT_BIN) $(FUZZ_REPLAY)
	@sh tests/valgrind/run.sh $(BUILD)

# `make test` runs everything in the release build and again under the
# sanitizers, then under valgrind and the linters; each MODE builds in its
# own folder.
test: deps-check
	$(MAKE) MODE=release check-unit check-cases check-fuzz check-scripts check-browser
	$(MAKE) MODE=asan check-unit check-cases check-fuzz check-scripts
	$(MAKE) MODE=debug check-valgrind
	$(MAKE) lint
	@echo "all tests passed"

# ---- set-up ----

DEB_PACKAGES := gcc make flex bison libyaml-dev libcmocka-dev jq groff-base \
                valgrind cppcheck clang-tidy

# For the browser test of the HTML report (and SARIF validation): wanted,
# not required. Without them that test says it skipped; the npm packages
# (tests/browser/package.json) go to build/node, so later runs are offline.
BROWSER_PACKAGES := chromium nodejs

# For `make fuzz` only: libFuzzer and the sanitizer runtimes are in
# clang's runtime libraries (libclang-rt-dev pulls the default clang's,
# libclang-rt-14-dev on Debian 12).
FUZZ_PACKAGES := clang libclang-rt-dev

deps:
	@sh .ci/install-deps.sh $(DEB_PACKAGES)
	@sh .ci/install-deps.sh $(BROWSER_PACKAGES) || echo "note: $(BROWSER_PACKAGES) not installed: the browser test will be skipped"
	@sh tests/browser/setup.sh || echo "note: the npm test tools are not installed: the browser test needs them"

deps-check:
	@sh .ci/install-deps.sh --check $(DEB_PACKAGES)

demo: deps
	$(MAKE) MODE=release
	$(BIN) check rules/ ; s=$$?; test $$s -le 1

# ---- install ----
#
# The binary, the prelude, the manual pages and the bash completion, in the
# usual places below PREFIX; DESTDIR is prepended for staged installs
# (packaging, tests/install.sh). The binary carries its own prelude and
# never reads the installed copy, which is there for reading.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share
INSTALLED := $(BINDIR)/wozorules $(SHAREDIR)/wozorules/prelude.wozo \
             $(SHAREDIR)/man/man1/wozorules.1 $(SHAREDIR)/man/man5/wozorules.5 \
             $(SHAREDIR)/bash-completion/completions/wozorules

install: $(BIN)
	install -d '$(BINDIR)' '$(SHAREDIR)/wozorules' '$(SHAREDIR)/man/man1' '$(SHAREDIR)/man/man5' \
	    '$(SHAREDIR)/bash-completion/completions'
	install -m 755 $(BIN) '$(BINDIR)/wozorules'
	install -m 644 stdlib/prelude.wozo '$(SHAREDIR)/wozorules/prelude.wozo'
	install -m 644 man/wozorules.1 '$(SHAREDIR)/man/man1/wozorules.1'
	install -m 644 man/wozorules.5 '$(SHAREDIR)/man/man5/wozorules.5'
	install -m 644 completion/wozorules.bash '$(SHAREDIR)/bash-completion/completions/wozorules'

uninstall:
	rm -f $(foreach f,$(INSTALLED),'$(f)')
	if [ -d '$(SHAREDIR)/wozorules' ]; then rmdir '$(SHAREDIR)/wozorules'; fi

# ---- benchmark (issue 8) ----
#
# Rewrites bench/RESULTS.md (see bench/README.md); takes several minutes.
# Quicker:  make bench BENCH_SIZES="1 10" BENCH_ROUNDS=3   (sizes in MB)

BENCH_SIZES  ?= 1 10 100
BENCH_ROUNDS ?=

.PHONY: bench
bench:
	$(MAKE) MODE=release all
	@sh bench/deps.sh
	/usr/bin/python3 bench/run.py --bin build/release/wozorules --sizes "$(BENCH_SIZES)" \
	    $(if $(BENCH_ROUNDS),--rounds $(BENCH_ROUNDS))

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
