#!/usr/bin/env bash
# The build's include roots (cmake/layers.cmake): a source of llm that
# includes a codec header does not compile, one that includes llm's and
# core's does; cli's root reaches everything above it.
# Usage: layer_roots.sh SOURCE BUILD
set -euo pipefail
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
compile() {  # component, header
  printf '#include "%s"\nint main() { return 0; }\n' "$2" >"$tmp/t.cpp"
  c++ -std=c++20 -fsyntax-only -I "$build/layers/$1" -I "$src/include" "$tmp/t.cpp" 2>"$tmp/err"
}
compile llm llm/gguf.h || { echo "llm cannot include its own header:"; cat "$tmp/err"; exit 1; }
compile llm core/bytes.h || { echo "llm cannot include core:"; cat "$tmp/err"; exit 1; }
if compile llm codec/container.h; then echo "llm compiled an include of codec"; exit 1; fi
grep -q "codec/container.h: No such file" "$tmp/err" || { echo "unexpected error:"; cat "$tmp/err"; exit 1; }
if compile cm llm/llama_model.h; then echo "cm compiled an include of llm"; exit 1; fi
if compile analysis codec/stream_codec.h; then echo "analysis compiled an include of codec"; exit 1; fi
if compile codec cli/options.h; then echo "codec compiled an include of cli"; exit 1; fi
compile cli codec/stream_codec.h || { echo "cli cannot include codec:"; cat "$tmp/err"; exit 1; }
echo "ok"
