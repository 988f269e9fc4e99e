# lmz: `make run` and `make test` do the whole set-up on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all build deps run test bench sanitize fuzz clang clean install format

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Compresses a default input and compares with gzip and xz.
run: build
	@scripts/demo $(BUILD)/lmz

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The command, its manual page, the library (liblmz.a, liblmz.so), its headers,
# lmz.pc and the CMake package under PREFIX (default /usr/local).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

CORPUS = alice29.txt asyoulik.txt lcet10.txt plrabn12.txt html urls.10K geo.protodata kppkn.gtb \
         paper-100k.pdf fireworks.jpeg

# The table in bench/results.md.
bench: build
	@cd ../shared/corpus && $(CURDIR)/$(BUILD)/lmz bench --runs 3 -T1 $(CORPUS)

sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLMZ_SANITIZE=ON -DLMZ_WERROR=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@ctest --test-dir build-asan --output-on-failure -j $(JOBS) -LE slow

fuzz: deps
	@CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLMZ_FUZZ=ON -DLMZ_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/run-fuzzers build-fuzz

# Everything, tests included, with clang, warnings as errors and no SIMD
# kernels; its golden archives must equal the g++ build's.
clang: deps
	@CXX=clang++ cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DLMZ_WERROR=ON -DLMZ_SIMD=OFF >/dev/null
	@cmake --build build-clang -j $(JOBS)
	@ctest --test-dir build-clang --output-on-failure -j $(JOBS) -R "Golden|Determinism|LlamaSession|Stories260K"

# Rewrites every C++ file as .clang-format says (.ci/run checks it).
format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-clang
