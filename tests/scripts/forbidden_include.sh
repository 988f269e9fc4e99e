#!/usr/bin/env bash
# scripts/check-layers must fail on an include docs/DESIGN.md's table does not
# allow: a copy of the table beside a tree where llm includes codec.
set -euo pipefail
repo=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs" "$tmp/src/llm" "$tmp/src/codec"
cp "$repo/docs/DESIGN.md" "$tmp/docs/"
printf '#include "core/bytes.h"\n#include "codec/container.h"\n' > "$tmp/src/llm/bad.h"
printf '#include "llm/bad.h"\n' > "$tmp/src/codec/fine.h"
if out=$(python3 "$repo/scripts/check-layers" "$tmp" 2>&1); then
  echo "check-layers passed a forbidden include: $out"
  exit 1
fi
grep -q 'src/llm/bad.h:2: includes codec/, which llm may not use' <<<"$out" || { echo "unexpected: $out"; exit 1; }
if grep -q 'fine.h' <<<"$out"; then echo "an allowed include was reported: $out"; exit 1; fi
echo "ok"
