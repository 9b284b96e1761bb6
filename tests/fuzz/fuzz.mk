# libFuzzer targets for taxonc (owned by the robustness work, issue 7).
#
#   make fuzz FUZZ_SECONDS=N        build, then run every target N seconds
#   make -f tests/fuzz/fuzz.mk build   build only (what tests/e2e/fuzz_smoke.sh uses)
#   make -f tests/fuzz/fuzz.mk run-fuzz_load FUZZ_SECONDS=60   one target
#
# The library sources (same wildcard as the top-level Makefile) are compiled
# with clang and -fsanitize=fuzzer-no-link,address,undefined into
# $(FUZZ_BUILD)/obj; each tests/fuzz/fuzz_<name>.c links against them with
# -fsanitize=fuzzer. A target is built only when the library API it drives is
# present: TARGET_REQ_<name> names the header(s) it needs, so this file keeps
# working while features land on main one by one.
#
# Each run starts from the committed seeds (tests/fuzz/corpus/<name>/, plus
# the folders in SEEDS_<name>) and the committed crash regressions
# (tests/fuzz/regressions/<name>/) and keeps
# what it discovers in $(FUZZ_BUILD)/corpus/<name>/ (never in the tree).
# Crashes land in $(FUZZ_BUILD)/artifacts/<name>/.

FUZZ_SECONDS ?= 30
FUZZ_BUILD   ?= build/fuzz
FUZZ_CC      ?= clang
FUZZ_MAX_LEN ?= 65536
FUZZ_RSS_MB  ?= 2048
FUZZ_TIMEOUT ?= 20
FUZZ_JOBS_FLAGS ?=

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The library is others' code: warnings are shown, not fatal, so a clang-only
# warning never hides a fuzz run. Our targets are built with -Werror.
FUZZ_WARN := -Wall -Wextra -Wpedantic -Wvla -Wwrite-strings -Wshadow
PKGS := yaml-0.1 libpcre2-8 zlib
# libarchive: header only, loaded at run time (validators/archive.c)
FUZZ_PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libarchive 2>/dev/null)
FUZZ_PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lpcre2-8 -lz) -ldl
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g $(FUZZ_SAN) $(FUZZ_WARN) $(FUZZ_PKG_CFLAGS) -pthread \
               -DTX_FUZZING=1

LIB_SRCS := $(sort $(wildcard support/*.c schema/*.c compiler/*.c compiler/*/*.c \
                              codegen/*.c validators/*.c validators/*/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB := $(FUZZ_BUILD)/libtaxonc-fuzz.a

# What each target needs from the library (all must exist to build it).
TARGET_REQ_fuzz_load     := compiler/load.h compiler/load.c
TARGET_REQ_fuzz_validate := compiler/load.h validators/validate.h
TARGET_REQ_fuzz_json     := validators/json.h
TARGET_REQ_fuzz_import   := compiler/load.h compiler/sheet/sheet.h
TARGET_REQ_fuzz_sre      := validators/sre.c validators/internal.h
TARGET_REQ_fuzz_gen      := compiler/load.h codegen/gen.h
TARGET_REQ_fuzz_change   := compiler/load.h compiler/diff/diff.h compiler/sheet/sheet.h \
                            codegen/export_common.h validators/json.h

# Extra read-only seed folders (besides tests/fuzz/corpus/<name>/): the
# golden cases and examples other tests already keep, used in place.
SEEDS_fuzz_load := tests/golden/check examples
SEEDS_fuzz_gen  := tests/golden/check examples
SEEDS_fuzz_change := examples tests/fuzz/corpus/fuzz_load
SEEDS_fuzz_import := tests/fixtures/import
seed_dirs = $(wildcard tests/fuzz/corpus/$(1) tests/fuzz/regressions/$(1) $(SEEDS_$(1)))

ALL_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
have_reqs    = $(if $(strip $(foreach f,$(TARGET_REQ_$(1)),$(if $(wildcard $(f)),,missing))),,$(1))
TARGETS     := $(sort $(foreach t,$(ALL_TARGETS),$(call have_reqs,$(t))))
SKIPPED     := $(filter-out $(TARGETS),$(ALL_TARGETS))
BINS        := $(TARGETS:%=$(FUZZ_BUILD)/%)

.PHONY: all build run list
seeds-%:
	@echo $(call seed_dirs,$*)

all: run

list:
	@echo "targets: $(TARGETS)"
	@echo "skipped (library API not present yet): $(or $(SKIPPED),none)"

build: $(BINS)
	@$(if $(SKIPPED),echo "fuzz: skipped (library API not present yet): $(SKIPPED)")

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer $< -o $@ $(FUZZ_LIB) $(FUZZ_PKG_LIBS) -lm

# libFuzzer flags: bounded input size, memory, per-input time; the first
# directory receives new inputs, the others are read-only seeds.
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -rss_limit_mb=$(FUZZ_RSS_MB) \
             -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 $(FUZZ_JOBS_FLAGS)
fuzz_dict = $(wildcard tests/fuzz/$(1).dict)

run-%: $(FUZZ_BUILD)/%
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/artifacts/$*
	@echo "== fuzzing $* for $(FUZZ_SECONDS)s"
	$(FUZZ_BUILD)/$* $(FUZZ_FLAGS) -artifact_prefix=$(FUZZ_BUILD)/artifacts/$*/ \
	    $(addprefix -dict=,$(call fuzz_dict,$*)) \
	    $(FUZZ_BUILD)/corpus/$* $(call seed_dirs,$*)

run: build
	@set -e; for t in $(TARGETS); do $(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk run-$$t; done
	@$(if $(SKIPPED),echo "fuzz: skipped (library API not present yet): $(SKIPPED)")

-include $(LIB_OBJS:.o=.d)
