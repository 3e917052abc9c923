# A thin front end over Meson. `make` builds into build/, `make test` runs
# the test suite, `make asan` builds and tests with sanitizers in build-asan/.

PREFIX ?= /usr/local
BUILD  := build
ASAN   := build-asan
FUZZ   := build-fuzz
# Seconds each fuzz harness runs for (make fuzz FUZZ_SECONDS=3600).
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := date acts_csv obligations_csv rules untc exports routes
DB     := $(BUILD)/pacta.db

.PHONY: all deps setup test asan valgrind fuzz run install clean

all: setup
	ninja -C $(BUILD)

deps:
	@sh scripts/deps.sh

setup: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD)

test: all
	meson test -C $(BUILD) --print-errorlogs

# The sanitizers' allocator maps every large block afresh and copies on
# each realloc: the service's unit tests take 80-110 s under it against 4 s,
# near the 120 s a test is given, so this run gives each three times as long.
asan: deps
	@test -f $(ASAN)/build.ninja || meson setup $(ASAN) \
		-Db_sanitize=address,undefined -Dc_args=-fno-sanitize-recover=all \
		-Db_lundef=false
	ninja -C $(ASAN)
	meson test -C $(ASAN) --print-errorlogs --timeout-multiplier 3

valgrind: all
	meson test -C $(BUILD) --setup=valgrind --print-errorlogs --no-suite web

# libFuzzer with ASan and UBSan (clang). Each harness runs in turn, at the
# lowest priority, from its seed corpus (fuzz/corpus/H) and dictionary;
# what it learns goes to build-fuzz/corpus/H, and a crash is written to
# fuzz/regressions/H/, which `make test` then replays. Warnings are not
# errors here: the gcc builds hold the code to them, and clang warns about
# some things gcc does not.
fuzz:
	@sh scripts/deps.sh fuzz
	@test -f $(FUZZ)/build.ninja || CC=clang meson setup $(FUZZ) -Dfuzzing=true \
		-Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false \
		-Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all'
	ninja -C $(FUZZ) $(addprefix fuzz_,$(FUZZ_HARNESSES))
	@for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ)/corpus/$$h fuzz/regressions/$$h; \
		echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
		nice -n 19 $(FUZZ)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-dict=fuzz/$$h.dict -artifact_prefix=fuzz/regressions/$$h/ \
			$(FUZZ)/corpus/$$h fuzz/corpus/$$h || exit 1; \
	done

# Builds, creates the database from the bundled record when it is missing,
# and serves the API and the page in the foreground (PORT=8080 by default).
PORT ?= 8080
run: all
	@test -f $(DB) || $(BUILD)/pacta --db $(DB) init
	$(BUILD)/pacta --db $(DB) serve --port $(PORT)

install: all
	meson configure $(BUILD) -Dprefix=$(PREFIX)
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)
