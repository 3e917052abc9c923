# A thin front end over Meson. `make` builds into build/, `make test` runs
# the test suite, `make asan` builds and tests with sanitizers in build-asan/.

PREFIX ?= /usr/local
BUILD  := build
ASAN   := build-asan
DB     := $(BUILD)/pacta.db

.PHONY: all deps setup test asan valgrind run install clean

all: setup
	ninja -C $(BUILD)

deps:
	@sh scripts/deps.sh

setup: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD)

test: all
	meson test -C $(BUILD) --print-errorlogs

asan: deps
	@test -f $(ASAN)/build.ninja || meson setup $(ASAN) \
		-Db_sanitize=address,undefined -Dc_args=-fno-sanitize-recover=all \
		-Db_lundef=false
	ninja -C $(ASAN)
	meson test -C $(ASAN) --print-errorlogs

valgrind: all
	meson test -C $(BUILD) --setup=valgrind --print-errorlogs --no-suite web

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
	rm -rf $(BUILD) $(ASAN)
