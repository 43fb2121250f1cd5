//! Who calls whom with what: the identity flow of a project as a graph.
//! Inbound authorizers → gateways and agent runtimes → targets, gateways,
//! MCP runtime tools and the credential providers
//! they get tokens or keys from (grant type, on-behalf-of mode, actor
//! token) and the downstream endpoints they call, with each secret's source
//! (Secrets Manager or a `NoEcho` parameter). Rendered as Mermaid (GitHub
//! draws it in pull requests) or Graphviz DOT.

use crate::project::catalog::{AuthType, AuthorizerType, GrantType};
use crate::project::gateway::{SchemaSource, TargetConfig};
use crate::project::{Credential, CredentialKind, Gateway, Project, Target};
use std::fmt::Write;

/// A node: its kind decides its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Inbound,
    Runtime,
    Gateway,
    Target,
    Credential,
    Secret,
    Endpoint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    /// Add a node; IDs are unique by construction (kind prefix and position).
    fn node(&mut self, id: String, label: String, kind: NodeKind) -> String {
        self.nodes.push(Node {
            id: id.clone(),
            label,
            kind,
        });
        id
    }

    fn edge(&mut self, from: &str, to: &str, label: impl Into<String>) {
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            label: label.into(),
        });
    }
}

/// Node IDs: a prefix and the position, so any name is safe in both syntaxes.
fn id(prefix: &str, i: usize) -> String {
    format!("{prefix}{i}")
}

/// The identity flow of a project.
pub fn of(project: &Project) -> Graph {
    let mut g = Graph::default();
    for (ci, c) in project.credentials.iter().enumerate() {
        credential(&mut g, ci, c);
    }
    for (gi, gw) in project.gateways.iter().enumerate() {
        gateway(&mut g, project, gi, gw);
    }
    for (ti, t) in project.mcp_runtime_tools.iter().enumerate() {
        g.node(
            id("m", ti),
            format!("MCP runtime tool {}", t.name.value),
            NodeKind::Runtime,
        );
    }
    for (ri, r) in project.runtimes.iter().enumerate() {
        runtime(&mut g, project, ri, r);
    }
    g
}

/// An agent runtime: who may invoke it, the providers it may get tokens or
/// keys from (on behalf of the user or not), the gateways and tools it calls.
fn runtime(g: &mut Graph, project: &Project, ri: usize, r: &crate::project::Runtime) {
    let inbound = match (r.authorizer(), &r.jwt) {
        (AuthorizerType::CustomJwt, Some(j)) => {
            format!("users: CUSTOM_JWT\n{}", j.discovery_url.value)
        }
        (AuthorizerType::CustomJwt, None) => "users: CUSTOM_JWT".to_string(),
        _ => "callers: AWS_IAM (SigV4)".to_string(),
    };
    let inbound = g.node(id("ri", ri), inbound, NodeKind::Inbound);
    let rid = g.node(
        id("r", ri),
        format!("runtime {} ({})", r.name.value, r.protocol()),
        NodeKind::Runtime,
    );
    g.edge(&inbound, &rid, "inbound");
    for (ci, c) in project.credentials.iter().enumerate() {
        if !crate::project::Runtime::may_use(&r.credentials, &c.name.value) {
            continue;
        }
        let how = match &c.kind {
            CredentialKind::OAuth(o) if o.token_exchange.is_some() => "OAUTH on behalf of the user",
            CredentialKind::OAuth(_) => "OAUTH",
            CredentialKind::ApiKey(_) => "API_KEY",
            CredentialKind::Payment(_) => "payment",
        };
        g.edge(&rid, &id("c", ci), how);
    }
    for (gi, gw) in project.gateways.iter().enumerate() {
        let how = match gw.authorizer() {
            AuthorizerType::AwsIam => "calls: SigV4",
            AuthorizerType::CustomJwt => "calls: bearer token",
            AuthorizerType::None => "calls: no auth",
        };
        g.edge(&rid, &id("g", gi), how);
    }
    for (ti, t) in project.mcp_runtime_tools.iter().enumerate() {
        if t.bindings
            .iter()
            .any(|b| b.runtime_name.value == r.name.value)
        {
            g.edge(&rid, &id("m", ti), "calls: SigV4");
        }
    }
}

fn credential(g: &mut Graph, ci: usize, c: &Credential) {
    let (what, secret) = match &c.kind {
        CredentialKind::OAuth(o) => {
            let mut what = format!("OAuth2 provider {} ({})", c.name.value, o.vendor());
            if let Some(te) = &o.token_exchange {
                let mode = match te.grant_type.value {
                    "TOKEN_EXCHANGE" => "on-behalf-of: RFC 8693 token exchange",
                    _ => "on-behalf-of: RFC 7523 JWT authorization grant",
                };
                what.push_str(&format!("\n{mode}"));
                if let Some(cfg) = &te.config {
                    what.push_str(&format!(", actor token {}", cfg.actor_token_content.value));
                }
            }
            let secret = if !o.needs_client_secret() {
                None
            } else {
                Some(match &o.client_secret_ref {
                    Some(r) => format!("Secrets Manager {}", r.secret_id.value),
                    None => "NoEcho parameter (client secret)".to_string(),
                })
            };
            (what, secret)
        }
        CredentialKind::ApiKey(k) => (
            format!("API-key provider {}", c.name.value),
            Some(match &k.secret_ref {
                Some(r) => format!("Secrets Manager {}", r.secret_id.value),
                None => "NoEcho parameter (API key)".to_string(),
            }),
        ),
        CredentialKind::Payment(_) => (format!("payment provider {}", c.name.value), None),
    };
    let what = match &c.provider_arn {
        Some(_) => format!("{what}\n(existing provider, by ARN)"),
        None => what,
    };
    let node = g.node(id("c", ci), what, NodeKind::Credential);
    if let Some(s) = secret {
        if c.creates_provider() {
            let sid = g.node(id("s", ci), format!("secret: {s}"), NodeKind::Secret);
            g.edge(&sid, &node, "secret");
        }
    }
}

fn gateway(g: &mut Graph, project: &Project, gi: usize, gw: &Gateway) {
    let inbound = match gw.authorizer() {
        AuthorizerType::CustomJwt => match &gw.jwt {
            Some(j) => format!("users: CUSTOM_JWT\n{}", j.discovery_url.value),
            None => "users: CUSTOM_JWT".to_string(),
        },
        AuthorizerType::AwsIam => "callers: AWS_IAM (SigV4)".to_string(),
        AuthorizerType::None => "anyone: NONE (no inbound auth)".to_string(),
    };
    let inbound = g.node(id("i", gi), inbound, NodeKind::Inbound);
    let gid = g.node(
        id("g", gi),
        format!("gateway {}", gw.name.value),
        NodeKind::Gateway,
    );
    g.edge(&inbound, &gid, "inbound");
    for (ti, t) in gw.targets.iter().enumerate() {
        let tid = g.node(
            format!("t{gi}_{ti}"),
            format!("target {} ({})", t.name.value, t.target_type.value),
            NodeKind::Target,
        );
        g.edge(&gid, &tid, "");
        let how = outbound(g, project, t, &tid);
        let eid = g.node(format!("e{gi}_{ti}"), endpoint(t), NodeKind::Endpoint);
        g.edge(&tid, &eid, how);
    }
}

/// The edge from a target to its credential provider, if any; returns how
/// the target calls its endpoint.
fn outbound(g: &mut Graph, project: &Project, t: &Target, tid: &str) -> String {
    let Some(a) = &t.outbound_auth else {
        return if t.target_type.value.auth().iam_fallback {
            "gateway role".into()
        } else {
            "no auth".into()
        };
    };
    let credential = a.credential_name.as_ref().and_then(|n| {
        project
            .credentials
            .iter()
            .position(|c| c.name.value == n.value)
    });
    match a.kind() {
        AuthType::OAuth => {
            let grant = a
                .grant_type
                .as_ref()
                .map(|x| x.value)
                .unwrap_or(GrantType::ClientCredentials);
            let who = match grant {
                GrantType::ClientCredentials => "machine token",
                GrantType::AuthorizationCode => "user token (3LO)",
                GrantType::TokenExchange => "user's token exchanged",
            };
            if let Some(ci) = credential {
                g.edge(tid, &id("c", ci), format!("OAUTH {grant}"));
            }
            format!("bearer: {who}")
        }
        AuthType::ApiKey => {
            if let Some(ci) = credential {
                g.edge(tid, &id("c", ci), "API_KEY");
            }
            "API key".into()
        }
        AuthType::GatewayIamRole => "SigV4 (gateway role)".into(),
        AuthType::JwtPassthrough => "caller's JWT passed through".into(),
        AuthType::None => "no auth".into(),
    }
}

fn endpoint(t: &Target) -> String {
    match t.config() {
        TargetConfig::McpServer(e) => e.value.clone(),
        TargetConfig::OpenApiSchema(s) | TargetConfig::SmithyModel(s) => match s {
            SchemaSource::S3 { uri, .. } => format!("API described by {}", uri.value),
            SchemaSource::Inline { path, .. } => format!("API described by {}", path.value),
        },
        TargetConfig::ApiGateway(a) => {
            format!(
                "API Gateway {} stage {}",
                a.rest_api_id.value, a.stage.value
            )
        }
        TargetConfig::LambdaFunctionArn(l) => l.lambda_arn.value.clone(),
        TargetConfig::HttpRuntime(h) => format!("AgentCore runtime {}", h.runtime.value),
        TargetConfig::Connector(id, _) => format!("connector {}", id.value),
        TargetConfig::Passthrough(p) => p.endpoint.value.clone(),
        TargetConfig::Compute(c) => match &c.host {
            Some(crate::project::gateway::compute::Host::Lambda(_)) => {
                format!("Lambda function {}", t.name.value)
            }
            Some(crate::project::gateway::compute::Host::Runtime(r)) => format!(
                "AgentCore runtime {}",
                r.runtime
                    .as_ref()
                    .map(|r| r.name.value.as_str())
                    .unwrap_or("")
            ),
            None => "(not deployed)".into(),
        },
        TargetConfig::Missing => "(not deployed)".into(),
    }
}

/// A label in Mermaid's quoted-string syntax.
pub(crate) fn mermaid_label(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '\n' => out.push_str("<br>"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Mermaid `flowchart LR`.
pub fn mermaid(g: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    for n in &g.nodes {
        let l = mermaid_label(&n.label);
        let _ = match n.kind {
            NodeKind::Inbound => writeln!(out, "  {}([\"{l}\"])", n.id),
            NodeKind::Runtime => writeln!(out, "  {}[/\"{l}\"/]", n.id),
            NodeKind::Gateway => writeln!(out, "  {}{{{{\"{l}\"}}}}", n.id),
            NodeKind::Credential => writeln!(out, "  {}[[\"{l}\"]]", n.id),
            NodeKind::Secret => writeln!(out, "  {}[(\"{l}\")]", n.id),
            NodeKind::Target | NodeKind::Endpoint => writeln!(out, "  {}[\"{l}\"]", n.id),
        };
    }
    for e in &g.edges {
        let _ = if e.label.is_empty() {
            writeln!(out, "  {} --> {}", e.from, e.to)
        } else {
            writeln!(
                out,
                "  {} -->|\"{}\"| {}",
                e.from,
                mermaid_label(&e.label),
                e.to
            )
        };
    }
    out
}

/// A string in DOT's quoted syntax.
fn dot_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Graphviz DOT.
pub fn dot(g: &Graph) -> String {
    let mut out =
        String::from("digraph identity {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for n in &g.nodes {
        let shape = match n.kind {
            NodeKind::Inbound => "oval",
            NodeKind::Runtime => "box3d",
            NodeKind::Gateway => "hexagon",
            NodeKind::Target => "box",
            NodeKind::Credential => "component",
            NodeKind::Secret => "cylinder",
            NodeKind::Endpoint => "note",
        };
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}];",
            n.id,
            dot_str(&n.label)
        );
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [label={}];",
            e.from,
            e.to,
            dot_str(&e.label)
        );
    }
    out.push_str("}\n");
    out
}
