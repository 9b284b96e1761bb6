# taxonc — build, test, install. `make` builds ./build/taxonc; `make test`
# installs missing system packages (see scripts/deps.sh) and runs every test.
# Sources are found by wildcard so each stage owns its folder:
#   support/ schema/ compiler/ (+ compiler/*/) codegen/ validators/ (+ validators/*/) serve/ cli/
PREFIX   ?= /usr/local
CC       ?= cc
SANITIZE ?=
comma := ,
ifeq ($(SANITIZE),)
BUILD ?= build
else
BUILD ?= build/san-$(subst $(comma),-,$(SANITIZE))
endif

PKGS      := yaml-0.1 libpcre2-8 zlib libmicrohttpd
# libarchive: its header only; validators/archive.c loads the library when an
# input is an archive, so no other run pays for loading it and its dependencies.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) libarchive 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lpcre2-8 -lz -lmicrohttpd) -ldl
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wvla \
        -Wwrite-strings -Wshadow -fno-common -Werror
OPT  ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) -pthread $(CFLAGS) \
             -DTX_DOCDIR='"$(PREFIX)/share/doc/taxonc"'
LDFLAGS_ALL = -pthread $(LDFLAGS)
ifneq ($(SANITIZE),)
CFLAGS_ALL += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS_ALL += -fsanitize=$(SANITIZE)
endif

LIB_SRCS  := $(sort $(wildcard support/*.c schema/*.c compiler/*.c compiler/*/*.c \
                               codegen/*.c validators/*.c validators/*/*.c serve/*.c))
CLI_SRCS  := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
LIB       := $(BUILD)/libtaxonc.a
BIN       := $(BUILD)/taxonc
# libtaxonc: the public header validators/taxonc.h (installed as <taxonc.h>),
# static and shared (-fPIC objects in their own $(BUILD)/pic/), taxonc.pc.
LIB_VERSION := 0.1.0
SOLIB     := $(BUILD)/libtaxonc.so.$(LIB_VERSION)
PIC_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/pic/%.o)

.PHONY: all lib print-libs deps test-deps test check-tests unit demo install clean bench fuzz help
all: $(BIN)

help:
	@echo "make            build $(BIN)"
	@echo "make demo       install build deps, check/lint/validate the bundled example"
	@echo "make test       install test deps, run unit, golden and end-to-end tests"
	@echo "make SANITIZE=address,undefined test   the same under ASan/UBSan"
	@echo "make bench      benchmarks (prints figures)"
	@echo "make fuzz FUZZ_SECONDS=N   libFuzzer targets, bounded time"
	@echo "make install PREFIX=/usr/local"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fPIC -MMD -MP -c $< -o $@

$(SOLIB): $(PIC_OBJS)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,-soname,libtaxonc.so.0 -o $@ $^ $(PKG_LIBS) -lm

lib: $(LIB) $(SOLIB)

# The libraries libtaxonc.a needs, for builds outside this Makefile
# (python/setup.py links its extension with them).
print-libs:
	@echo $(PKG_LIBS) -lm -pthread

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJS) $(LIB) $(PKG_LIBS) -lm

# `taxonc completion` prints scripts/completion/*, built in as C text.
COMPLETIONS := completion_bash=scripts/completion/taxonc.bash \
               completion_zsh=scripts/completion/_taxonc \
               completion_fish=scripts/completion/taxonc.fish
$(BUILD)/gen/completion.h: $(foreach c,$(COMPLETIONS),$(lastword $(subst =, ,$(c)))) scripts/embed-text.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-text.sh $(COMPLETIONS) >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/cli/cmd_completion.o: $(BUILD)/gen/completion.h
$(BUILD)/obj/cli/cmd_completion.o: CFLAGS_ALL += -I$(BUILD)/gen

# the unit tests' shared fixtures (tests/unit/*.h) are prerequisites: a changed fixture rebuilds them
$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes $(shell pkg-config --cflags cmocka 2>/dev/null) \
	    $< -o $@ $(LDFLAGS_ALL) $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

# The test command: install what is missing, build, run everything; then
# the whole suite again built with ASan+UBSan (scripts/ci-sanitize.sh).
# `make check-tests` alone runs the plain suite without installing.
test: test-deps
	@$(MAKE) --no-print-directory check-tests
ifeq ($(SANITIZE),)
	@scripts/ci-sanitize.sh --no-print-directory
endif

check-tests: $(BIN) $(TEST_BINS)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/run.sh

unit: $(TEST_BINS)
	@BUILD=$(BUILD) tests/run.sh unit

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@BUILD=$(BUILD) scripts/demo.sh

bench: $(BIN)
	@BUILD=$(BUILD) bench/run.sh

fuzz:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk FUZZ_SECONDS=$(or $(FUZZ_SECONDS),30)

install: $(BIN) lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taxonc \
	    $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/share/doc/taxonc
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/taxonc
	install -m 0644 schema/taxonomy.schema.json $(DESTDIR)$(PREFIX)/share/taxonc/
	install -m 0644 validators/taxonc.h $(DESTDIR)$(PREFIX)/include/taxonc.h
	install -m 0644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libtaxonc.a
	install -m 0755 $(SOLIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libtaxonc.so.$(LIB_VERSION) $(DESTDIR)$(PREFIX)/lib/libtaxonc.so.0
	ln -sf libtaxonc.so.0 $(DESTDIR)$(PREFIX)/lib/libtaxonc.so
	install -m 0644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/taxonc/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 docs/taxonc.1 $(DESTDIR)$(PREFIX)/share/man/man1/taxonc.1
	for c in $$($(BIN) --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do \
	    sh scripts/man-from-help.sh $(BIN) $$c >$(DESTDIR)$(PREFIX)/share/man/man1/taxonc-$$c.1 || exit 1; \
	done
	install -m 0644 scripts/completion/taxonc.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/taxonc
	install -m 0644 scripts/completion/_taxonc $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_taxonc
	install -m 0644 scripts/completion/taxonc.fish \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/taxonc.fish
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	    'Name: taxonc' 'Description: taxonomy compiler and event-log validator' \
	    'Version: $(LIB_VERSION)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -ltaxonc' \
	    'Libs.private: $(PKG_LIBS) -lm -pthread' >$(DESTDIR)$(PREFIX)/lib/pkgconfig/taxonc.pc

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(PIC_OBJS:.o=.d)
