#!/usr/bin/env bash
# make install's library, headers, pkg-config file and CMake package: a small
# program builds against each form (pkg-config shared and static,
# find_package shared and static) and runs. Usage: install_test.sh SOURCE BUILD
set -euo pipefail
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name liblmz.a | head -1)")
[ -f "$prefix/include/lmz/lmz.h" ] || { echo "lmz.h not installed"; exit 1; }
[ -e "$libdir/liblmz.so" ] || { echo "liblmz.so not installed"; exit 1; }
example=$src/examples/compress_and_score.cpp
expect() {  # the program's one line of output
  grep -q "round trip ok" <<<"$1" || { echo "unexpected output: $1"; exit 1; }
}

export PKG_CONFIG_PATH=$libdir/pkgconfig
c++ -std=c++20 -o "$tmp/shared" "$example" $(pkg-config --cflags --libs lmz) -Wl,-rpath,"$libdir"
expect "$("$tmp/shared")"
c++ -std=c++20 -o "$tmp/static" "$example" $(pkg-config --cflags lmz) "$libdir/liblmz.a" \
  $(pkg-config --static --libs lmz | sed 's/-llmz\b//')
if ldd "$tmp/static" | grep -q liblmz; then echo "the static program links liblmz.so"; exit 1; fi
expect "$("$tmp/static")"

mkdir "$tmp/user"
cat >"$tmp/user/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(user CXX)
find_package(lmz 0.1 REQUIRED)
add_executable(shared_user $example)
target_link_libraries(shared_user PRIVATE lmz::lmz)
add_executable(static_user $example)
target_link_libraries(static_user PRIVATE lmz::lmz_static)
CMAKE
cmake -S "$tmp/user" -B "$tmp/user/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/user/build" -j2 >/dev/null
expect "$("$tmp/user/build/shared_user")"
expect "$("$tmp/user/build/static_user")"
echo "ok: pkg-config and find_package, shared and static"
