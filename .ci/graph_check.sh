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

# The identity-flow diagram of `diff --format markdown`, for a change of grant.
d="$out/diff"; mkdir -p "$d"
cp -r examples/obo-gateway "$d/old"; cp -r examples/obo-gateway "$d/new"
python3 - "$d/new/agentcore/agentcore.json" <<'PY'
import json, sys
p = sys.argv[1]; v = json.load(open(p))
v["agentCoreGateways"][0]["targets"][1]["outboundAuth"]["grantType"] = "CLIENT_CREDENTIALS"
json.dump(v, open(p, "w"), indent=2)
PY
"$bin" diff "$d/old" "$d/new" --format markdown > "$d/review.md" || [ $? -eq 1 ]
awk '/^```mermaid$/{f=1;next} /^```$/{f=0} f' "$d/review.md" > "$d/review.mmd"
grep -q '==>' "$d/review.mmd" || { echo "no identity-flow diagram in the review" >&2; exit 1; }
node .ci/mermaid/parse.mjs "$d/review.mmd"
echo "graphs: $((n + 1)) passed, 0 failed"
