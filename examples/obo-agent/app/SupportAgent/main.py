"""SupportAgent: a minimal AgentCore Runtime HTTP agent (standard library only).

AgentCore Runtime calls POST /invocations and GET /ping on port 8080. The
runtime's CUSTOM_JWT authorizer has validated the caller's token before the
request arrives; the workload access token for on-behalf-of exchanges comes in
the WorkloadAccessToken header (exchange it with GetResourceOauth2Token for
the providers named by CREDENTIAL_*_NAME). MEMORY_CONVERSATIONS_ID and
AGENTCORE_GATEWAY_TOOLS_URL are set by the template.
"""

import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/ping":
            self._reply(200, {"status": "Healthy"})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/invocations":
            self._reply(404, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        self._reply(
            200,
            {
                "echo": request.get("prompt", ""),
                "memory": os.environ.get("MEMORY_CONVERSATIONS_ID"),
                "gateway": os.environ.get("AGENTCORE_GATEWAY_TOOLS_URL"),
                "providers": sorted(
                    v for k, v in os.environ.items() if k.startswith("CREDENTIAL_")
                ),
                "on_behalf_of_user": "WorkloadAccessToken" in self.headers,
            },
        )


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
