//! A target's `compute` (strict in the AgentCore CLI): the code that serves
//! the target, hosted on AWS Lambda or on an AgentCore Runtime. The code is
//! an input (a zip in S3, given as parameters), never built here.

use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;
use crate::project::catalog::{BuildKind, NetworkMode, RuntimeProtocol, RuntimeVersion};
use crate::project::read::{check_enum, Obj, Spanned, Strictness};
use crate::project::runtime::Runtime;

pub const HOSTS: &[&str] = &["Lambda", "AgentCoreRuntime"];
pub const LANGUAGES: &[&str] = &["TypeScript", "Python"];

#[derive(Debug, Clone)]
pub struct Compute {
    pub path: String,
    pub span: Span,
    /// `None` when `host` is missing or not a host (reported).
    pub host: Option<Host>,
}

#[derive(Debug, Clone)]
pub enum Host {
    Lambda(LambdaHost),
    Runtime(RuntimeHost),
}

#[derive(Debug, Clone)]
pub struct Implementation {
    pub span: Span,
    pub language: Spanned<&'static str>,
    pub path: Spanned<String>,
    pub handler: Spanned<String>,
}

#[derive(Debug, Clone)]
pub struct LambdaHost {
    pub implementation: Option<Implementation>,
    pub node_version: Option<Spanned<RuntimeVersion>>,
    pub python_version: Option<Spanned<RuntimeVersion>>,
    pub timeout: Option<Spanned<i64>>,
    pub memory_size: Option<Spanned<i64>>,
    pub iam_policy: Option<Node>,
}

#[derive(Debug, Clone)]
pub struct RuntimeHost {
    pub implementation: Option<Implementation>,
    /// `runtime`, as the agent runtime it becomes (protocol MCP, no
    /// credentials, memories or gateway wiring).
    pub runtime: Option<Box<Runtime>>,
    /// Where `runtime` would be (the `compute` object) when it is absent.
    pub runtime_missing: bool,
    /// `runtime` has both `artifact` (what the CLI writes) and `build` (what
    /// its CDK reads).
    pub artifact_and_build: Option<Span>,
    pub iam_policy: Option<Node>,
}

pub fn decode(mut o: Obj<'_>, d: &mut Vec<Diagnostic>) -> Compute {
    let path = o.path.clone();
    let span = o.span();
    let host = if o.get("host").is_none() {
        o.missing("host", d);
        None
    } else {
        o.enumeration("host", HOSTS, d)
    };
    let implementation = o
        .object("implementation", d)
        .and_then(|i| implementation(i, d));
    let iam_policy = o.get("iamPolicy").cloned();
    if let Some(p) = &iam_policy {
        if !matches!(p.kind, crate::json::Kind::Object(_)) {
            d.push(crate::project::read::wrong_type(
                p,
                &o.path_of("iamPolicy"),
                "an IAM policy document (an object)",
            ));
        }
    }
    let host = match host.map(|h| h.value) {
        Some("Lambda") => Some(Host::Lambda(LambdaHost {
            implementation,
            node_version: o.word::<RuntimeVersion>("nodeVersion", d),
            python_version: o.word::<RuntimeVersion>("pythonVersion", d),
            timeout: o.integer("timeout", d),
            memory_size: o.integer("memorySize", d),
            iam_policy,
        })),
        Some(_) => {
            let runtime_node = o.get("runtime");
            let mut artifact_and_build = None;
            let runtime = o.object("runtime", d).and_then(|r| {
                let (rt, both) = runtime(r, d);
                artifact_and_build = both;
                rt.map(Box::new)
            });
            Some(Host::Runtime(RuntimeHost {
                implementation,
                runtime,
                runtime_missing: runtime_node.is_none(),
                artifact_and_build,
                iam_policy,
            }))
        }
        None => None,
    };
    o.finish(Strictness::Strict, d);
    Compute { path, span, host }
}

fn implementation(mut i: Obj<'_>, d: &mut Vec<Diagnostic>) -> Option<Implementation> {
    let span = i.span();
    let language = match i.req_string("language", d) {
        Some(s) => check_enum(&s, &i.path_of("language"), LANGUAGES, d),
        None => None,
    };
    let path = i.req_string("path", d);
    let handler = i.req_string("handler", d);
    i.finish(Strictness::Strict, d);
    Some(Implementation {
        span,
        language: language?,
        path: path?,
        handler: handler?,
    })
}

/// `compute.runtime` as a [`Runtime`]; and the span of `build` when both
/// `artifact` and `build` are given.
fn runtime(mut r: Obj<'_>, d: &mut Vec<Diagnostic>) -> (Option<Runtime>, Option<Span>) {
    let span = r.span();
    let path = r.path.clone();
    let artifact = r.get("artifact");
    let build = r.get("build");
    let both = artifact.and(build).map(|b| b.span);
    let mut kind = None;
    for key in ["artifact", "build"] {
        let node = if key == "artifact" { artifact } else { build };
        if node.is_some() {
            let v = if key == "artifact" {
                r.enumeration("artifact", &["CodeZip"], d)
            } else {
                r.enumeration("build", &["CodeZip"], d)
            };
            kind = kind.or(v.map(|v| Spanned::new(BuildKind::CodeZip, v.span)));
        }
    }
    if artifact.is_none() && build.is_none() {
        r.missing("artifact", d);
    }
    let python = if r.get("pythonVersion").is_some() {
        r.word::<RuntimeVersion>("pythonVersion", d)
    } else {
        r.missing("pythonVersion", d);
        None
    };
    let name = r.req_string("name", d);
    let entrypoint = r.req_string("entrypoint", d);
    let code_location = r.req_string("codeLocation", d);
    let mut instrumentation = None;
    let enable_otel = r.object("instrumentation", d).and_then(|mut i| {
        instrumentation = Some(i.span());
        let e = i.bool("enableOtel", d);
        i.finish(Strictness::Strict, d);
        e
    });
    let network_mode = r.word::<NetworkMode>("networkMode", d);
    let description = r.string("description", d);
    r.finish(Strictness::Strict, d);
    let rt = (|| {
        Some(Runtime {
            path,
            span,
            name: name?,
            description,
            build: kind?,
            entrypoint: entrypoint?,
            code_location: code_location?,
            build_inputs: Vec::new(),
            runtime_version: python,
            env_vars: Vec::new(),
            network_mode,
            network_config: None,
            enable_otel,
            instrumentation,
            protocol: Some(Spanned::new(RuntimeProtocol::Mcp, span)),
            request_header_allowlist: None,
            execution_role_arn: None,
            additional_policies: Vec::new(),
            authorizer_type: None,
            authorizer_configuration: None,
            jwt: None,
            tags: Vec::new(),
            lifecycle: None,
            filesystems: Vec::new(),
            filesystems_span: None,
            endpoints: Vec::new(),
            connections: None,
            capacity_provider: None,
            credentials: Some(Spanned::new(Vec::new(), span)),
            memories: Some(Spanned::new(Vec::new(), span)),
            hosted_tool: true,
        })
    })();
    (rt, both)
}
