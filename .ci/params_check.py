"""The parameter files `agentcore-synth params -o` writes, read by the AWS
CLI itself: `aws cloudformation deploy --parameter-overrides file://FILE`
runs against a local HTTP server that stands in for CloudFormation and
records the CreateChangeSet request, so the test sees exactly the
parameters the AWS CLI parsed from the file and would send. No network.

usage: params_check.py BIN AWS
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse

BIN, AWS = sys.argv[1], sys.argv[2]
captured = {}


class Fake(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        action = form.get("Action", [""])[0]
        if action == "DescribeStacks":
            status, text = 400, (
                "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                "<Message>Stack with id s does not exist</Message></Error></ErrorResponse>"
            )
        else:
            captured["form"] = form
            status, text = 400, (
                "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                "<Message>recorded by the test</Message></Error></ErrorResponse>"
            )
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = http.server.HTTPServer(("127.0.0.1", 0), Fake)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{server.server_port}"
env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
           AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
           AWS_SHARED_CREDENTIALS_FILE="/dev/null")

projects = []
for top in ("examples", "tests/fixtures"):
    for name in sorted(os.listdir(top)):
        p = os.path.join(top, name)
        if not name.startswith("err-") and os.path.isfile(os.path.join(p, "agentcore/agentcore.json")):
            projects.append(p)

checked = 0
with tempfile.TemporaryDirectory() as tmp:
    for p in projects:
        template = os.path.join(tmp, "t.json")
        params = os.path.join(tmp, "p.json")
        subprocess.run([BIN, "synth", p, "-q", "-o", template], check=True)
        listing = json.loads(subprocess.run([BIN, "params", p, "-q", "--format", "json"],
                                            check=True, capture_output=True, text=True).stdout)
        # Every non-secret parameter gets a value (a determined one, else a
        # stand-in), so the file holds all that may be written to disk; the
        # secrets are named with an empty value.
        sets = []
        for x in listing:
            if x["kind"] != "secret" and "value" not in x:
                sets += ["--set", f"{x['name']}=stand-in-{x['name']}"]
        subprocess.run([BIN, "params", p, "-q", "-o", params] + sets, check=True)
        names = [x["name"] for x in listing]
        secrets = {x["name"] for x in listing if x["kind"] == "secret"}
        with open(params) as f:
            entries = json.load(f)
        written = dict(kv.split("=", 1) for kv in entries)
        if [kv.split("=", 1)[0] for kv in entries] != names:
            sys.exit(f"{p}: the file names {entries}, the template has {names}")
        with open(template) as f:
            declared = json.load(f).get("Parameters", {})
        for k in secrets:
            if written[k] != "":
                sys.exit(f"{p}: {k} is a secret and the file gives it a value")
            if declared[k].get("MinLength", 0) < 1:
                sys.exit(f"{p}: {k} is named without a value, and the template would accept it empty")
        captured.clear()
        run = subprocess.run(
            [AWS, "cloudformation", "deploy", "--template-file", template, "--stack-name", "s",
             "--parameter-overrides", f"file://{params}", "--endpoint-url", endpoint,
             "--s3-bucket", "unused-bucket"] if os.path.getsize(template) > 51200 else
            [AWS, "cloudformation", "deploy", "--template-file", template, "--stack-name", "s",
             "--parameter-overrides", f"file://{params}", "--endpoint-url", endpoint],
            env=env, capture_output=True, text=True)
        if os.path.getsize(template) > 51200:
            # The template would go to S3 first; the parser ran before that.
            if "InvalidKeyValuePair" in run.stderr or "parameter" in run.stderr.lower() and "overrides" in run.stderr.lower():
                sys.exit(f"{p}: the AWS CLI rejected the parameter file: {run.stderr}")
            continue
        form = captured.get("form")
        if form is None:
            sys.exit(f"{p}: the AWS CLI sent no CreateChangeSet: {run.stderr}")
        sent = {}
        i = 1
        while f"Parameters.member.{i}.ParameterKey" in form:
            key = form[f"Parameters.member.{i}.ParameterKey"][0]
            value = form.get(f"Parameters.member.{i}.ParameterValue", [None])[0]
            sent[key] = value
            i += 1
        if sorted(sent) != sorted(names) or sorted(written) != sorted(names):
            sys.exit(f"{p}: the AWS CLI sent parameters {sorted(sent)}; the file has {sorted(written)}; the template's non-secret ones are {sorted(names)}")
        for k, v in written.items():
            if sent.get(k) != v:
                sys.exit(f"{p}: {k}: the file says {v!r}, the AWS CLI sent {sent.get(k)!r}")
        checked += 1
server.shutdown()
if checked < 10:
    sys.exit(f"only {checked} parameter files were checked")
print(f"params: {checked} parameter files read by the AWS CLI (aws cloudformation deploy), every parameter named and sent as written, the secrets empty (refused by MinLength until given)")
