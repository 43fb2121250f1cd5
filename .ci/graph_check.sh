#!/usr/bin/env bash
# The `graph` output of every example and valid fixture, read by the real
# parsers: Mermaid's (npm, under node with jsdom) and Graphviz's `dot`.
set -euo pipefail
bin="$1"
out="target/ci-graphs"
rm -rf "$out"; mkdir -p "$out"
n=0
for p in examples/*/ tests/fixtures/*/; do
  name=$(basename "$p")
  case "$name" in err-*) continue ;; esac
  [ -f "$p/agentcore/agentcore.json" ] || continue
  "$bin" graph "$p" -q > "$out/$name.mmd"
  "$bin" graph "$p" -q --format dot > "$out/$name.dot"
  dot -Tsvg "$out/$name.dot" -o /dev/null
  n=$((n+1))
done
[ "$n" -gt 0 ] || { echo "no graphs checked" >&2; exit 1; }
echo "dot: $n graphs rendered"
node .ci/mermaid/parse.mjs "$out"/*.mmd
