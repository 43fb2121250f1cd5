"""A peer's own test suite as input: every good-template fixture of
cfn-lint's sdist (test/fixtures/templates/good) must be read by
`agentcore-synth diff` (T vs T is exit 0), and read equal to cfn-lint's own
decoding of it (T vs cfn-lint's reading written as JSON is exit 0).

usage: cfnlint_fixtures.py BINARY FIXTURES_DIR OUT_DIR"""
import json
import pathlib
import subprocess
import sys

from cfnlint.decode import decode

binary, fixtures, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
files = sorted(p for p in fixtures.rglob("*") if p.is_file())
failed = 0
for i, f in enumerate(files):
    template, matches = decode(str(f))
    if template is None:
        print(f"SKIPPED BY CFN-LINT ITSELF (not a template it reads): {f}")
        failed += 1
        continue
    theirs = out / f"{i}.json"
    theirs.write_text(json.dumps(template, default=str))
    for a, b, what in [(f, f, "itself"), (f, theirs, "cfn-lint's reading")]:
        r = subprocess.run([binary, "diff", str(a), str(b)], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            failed += 1
            print(f"DIFFERENT from {what} (exit {r.returncode}): {f}\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
print(f"cfn-lint good fixtures: {len(files) - failed} passed, {failed} failed")
sys.exit(1 if failed or not files else 0)
