"""Independent check that every YAML golden means what its JSON twin means,
read by a YAML 1.1 reader (PyYAML, through cfn-lint's CloudFormation loader,
which also expands the short-form tags). Exit 1 on any difference."""
import glob
import json
import sys

from cfnlint.decode import cfn_json, cfn_yaml


def plain(v):
    # cfn-lint wraps values in node classes; compare plain data.
    return json.loads(json.dumps(v, default=str))


failed = 0
count = 0
for y in sorted(glob.glob("templates/*.yaml")):
    j = y[: -len(".yaml")] + ".json"
    a = plain(cfn_yaml.load(y))
    b = plain(cfn_json.load(j))
    count += 1
    if a != b:
        failed += 1
        print(f"DIFFERENT: {y} vs {j}")
print(f"yaml-equivalence: {count - failed} passed, {failed} failed")
sys.exit(1 if failed or count == 0 else 0)
