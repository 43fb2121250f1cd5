//! Rules of a target's `compute` (the AgentCore CLI's, with its messages)
//! and of the resources it becomes: a Lambda function name within 64
//! characters, a runtime name within 48 and unique among the project's
//! runtimes, an `iamPolicy` that is an identity policy.

use super::invalid;
use crate::diagnostics::{Code, Diagnostic};
use crate::project::catalog::{NetworkMode, TargetType};
use crate::project::gateway::compute::{Compute, Host};
use crate::project::{Gateway, Project, Target};
use crate::validate::regex;

pub fn check(project: &Project, g: &Gateway, t: &Target, c: &Compute, d: &mut Vec<Diagnostic>) {
    let who = format!("gateway \"{}\" target \"{}\"", g.name.value, t.name.value);
    if t.target_type.value == TargetType::McpServer {
        if let Some(e) = &t.endpoint {
            d.push(invalid(
                format!("{}.endpoint", t.path),
                e.span,
                format!("{who}: give `endpoint` (a server that runs elsewhere) or `compute` (code this template deploys), not both"),
            ));
        }
    }
    host_rules(project, &who, &t.name.value, c, d);
    if let Some(Host::Lambda(_)) = &c.host {
        let name = format!("{}-{}", project.name.value, t.name.value);
        if name.len() > 64 {
            d.push(
                Diagnostic::new(
                    Code::ComposedName,
                    format!("{}.name", t.path),
                    format!("{who}: the Lambda function name \"{name}\" is {} characters; Lambda allows 64", name.len()),
                )
                .at(t.name.span),
            );
        }
    }
}

/// The rules of a `compute` block, for a target or an `mcpRuntimeTools`
/// entry named `name` (`who` says which, for messages).
fn host_rules(project: &Project, who: &str, name: &str, c: &Compute, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let Some(host) = &c.host else { return };
    let implementation = match host {
        Host::Lambda(l) => l.implementation.as_ref(),
        Host::Runtime(r) => r.implementation.as_ref(),
    };
    if implementation.is_none() && !d.iter().any(|x| x.path.starts_with(&p("implementation"))) {
        d.push(
            Diagnostic::new(
                Code::MissingField,
                p("implementation"),
                "missing required field `implementation` in `compute`",
            )
            .at(c.span),
        );
    }
    let iam_policy = match host {
        Host::Lambda(l) => l.iam_policy.as_ref(),
        Host::Runtime(r) => r.iam_policy.as_ref(),
    };
    if let Some(n) = iam_policy.filter(|n| matches!(n.kind, crate::json::Kind::Object(_))) {
        if let Err((span, msg)) = crate::project::policy::check(n) {
            d.push(
                Diagnostic::new(
                    Code::AdditionalPolicy,
                    p("iamPolicy"),
                    format!("{who}: `iamPolicy` is not an IAM identity policy: {msg}"),
                )
                .at(span),
            );
        }
    }
    match host {
        Host::Lambda(l) => {
            let lang = implementation.map(|i| i.language.value);
            let ok = match lang {
                Some("TypeScript") => l.node_version.is_some(),
                Some(_) => l.python_version.is_some(),
                None => true,
            };
            if !ok {
                d.push(invalid(
                    c.path.clone(),
                    c.span,
                    "TypeScript Lambda must specify nodeVersion, Python Lambda must specify pythonVersion",
                ));
            }
            for (field, v, node) in [
                ("nodeVersion", &l.node_version, true),
                ("pythonVersion", &l.python_version, false),
            ] {
                if let Some(v) = v {
                    if v.value.is_node() != node {
                        d.push(invalid(
                            p(field),
                            v.span,
                            format!(
                                "`{}` is not a {} version",
                                v.value,
                                if node { "Node.js" } else { "Python" }
                            ),
                        ));
                    }
                }
            }
            if let Some(x) = &l.timeout {
                if !(1..=900).contains(&x.value) {
                    d.push(invalid(
                        p("timeout"),
                        x.span,
                        "`timeout` must be 1 to 900 seconds",
                    ));
                }
            }
            if let Some(x) = &l.memory_size {
                if !(128..=10240).contains(&x.value) {
                    d.push(invalid(
                        p("memorySize"),
                        x.span,
                        "`memorySize` must be 128 to 10240 MB",
                    ));
                }
            }
        }
        Host::Runtime(r) => {
            if let Some(i) = implementation.filter(|i| i.language.value != "Python") {
                d.push(invalid(
                    p("implementation.language"),
                    i.language.span,
                    "AgentCore Runtime only supports Python",
                ));
            }
            if let Some(span) = r.artifact_and_build {
                d.push(invalid(
                    p("runtime.build"),
                    span,
                    "give `artifact` (what the AgentCore CLI writes) or `build` (what its CDK reads), not both",
                ));
            }
            let Some(rt) = &r.runtime else {
                if r.runtime_missing {
                    d.push(
                        Diagnostic::new(
                            Code::MissingField,
                            p("runtime"),
                            format!(
                                "Runtime configuration is required for MCP Runtime tool \"{name}\""
                            ),
                        )
                        .at(c.span),
                    );
                }
                return;
            };
            let rp = |f: &str| format!("{}.{f}", rt.path);
            if !regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").is_match(&rt.name.value) {
                d.push(invalid(rp("name"), rt.name.span, "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)"));
            } else {
                let full = rt.resource_name(&project.name.value);
                if full.len() > 48 {
                    d.push(
                        Diagnostic::new(
                            Code::ComposedName,
                            rp("name"),
                            format!("Runtime name too long: \"{full}\" ({} chars). AWS limits runtime names to 48 characters. Shorten the project name or the runtime name in agentcore.json.", full.len()),
                        )
                        .at(rt.name.span),
                    );
                }
                if let Some(other) = project.runtime(&rt.name.value) {
                    d.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            rp("name"),
                            format!("{who}: its runtime would be named \"{full}\", like agent runtime \"{}\"", other.name.value),
                        )
                        .at(rt.name.span)
                        .label(other.name.span, "agent runtime defined here"),
                    );
                }
            }
            if !regex!(r"^[a-zA-Z0-9_][a-zA-Z0-9_/.-]*\.py(:[a-zA-Z_][a-zA-Z0-9_]*)?$")
                .is_match(&rt.entrypoint.value)
            {
                d.push(invalid(rp("entrypoint"), rt.entrypoint.span, "Must be a Python file path with optional handler (e.g., \"main.py:agent\" or \"src/handler.py:app\")"));
            }
            if let Some(v) = rt.runtime_version.as_ref().filter(|v| v.value.is_node()) {
                d.push(invalid(
                    rp("pythonVersion"),
                    v.span,
                    format!("`{}` is not a Python version", v.value),
                ));
            }
            if let Some(m) = rt
                .network_mode
                .as_ref()
                .filter(|m| m.value == NetworkMode::Vpc)
            {
                d.push(
                    Diagnostic::new(
                        Code::RuntimeNotInCloudFormation,
                        rp("networkMode"),
                        "a target's runtime cannot run in a VPC: `compute.runtime` has no field for its subnets and security groups",
                    )
                    .at(m.span)
                    .help("use \"PUBLIC\", or define the server as an agent runtime with `networkConfig` and point an `mcpServer` target at it"),
                );
            }
        }
    }
}

/// Compute runtimes of different targets with the same name.
pub fn unique_runtimes(project: &Project, d: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&crate::project::Spanned<String>> = Vec::new();
    let computes = project
        .gateways
        .iter()
        .flat_map(|g| &g.targets)
        .filter_map(|t| t.compute.as_ref())
        .chain(
            project
                .mcp_runtime_tools
                .iter()
                .filter_map(|t| t.compute.as_ref()),
        );
    for c in computes {
        let Some(Host::Runtime(r)) = c.host.as_ref() else {
            continue;
        };
        let Some(rt) = &r.runtime else { continue };
        if let Some(first) = seen.iter().find(|s| s.value == rt.name.value) {
            d.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("{}.name", rt.path),
                    format!(
                        "two runtimes of targets or MCP runtime tools are both named \"{}\"",
                        rt.name.value
                    ),
                )
                .at(rt.name.span)
                .label(first.span, "first defined here"),
            );
        } else {
            seen.push(&rt.name);
        }
    }
}

/// `mcpRuntimeTools[]`: unique names, an AgentCoreRuntime host with its
/// rules, bindings to runtimes that exist.
pub fn check_tools(project: &Project, d: &mut Vec<Diagnostic>) {
    super::unique(
        project
            .mcp_runtime_tools
            .iter()
            .map(|t| (&t.name, format!("{}.name", t.path))),
        |n| format!("Duplicate MCP runtime tool name: {n}"),
        d,
    );
    for t in &project.mcp_runtime_tools {
        let who = format!("MCP runtime tool \"{}\"", t.name.value);
        if let Some(c) = &t.compute {
            if let Some(Host::Lambda(_)) = &c.host {
                d.push(invalid(
                    format!("{}.host", c.path),
                    c.span,
                    format!("{who}: `compute.host` must be \"AgentCoreRuntime\" (an MCP runtime tool runs on an AgentCore Runtime)"),
                ));
            } else {
                host_rules(project, &who, &t.name.value, c, d);
            }
        }
        if let Some(td) = &t.tool_definition {
            super::target::tool_definition(&format!("{}.toolDefinition", t.path), td, d);
        }
        for b in &t.bindings {
            if project.runtime(&b.runtime_name.value).is_none() {
                d.push(
                    Diagnostic::new(
                        Code::RuntimeReference,
                        format!("{}.runtimeName", b.path),
                        format!("Runtime \"{}\" bound to MCP runtime \"{}\" not found. Ensure the runtime is defined in the project.", b.runtime_name.value, t.name.value),
                    )
                    .at(b.runtime_name.span)
                    .help_opt(crate::diagnostics::did_you_mean(
                        &b.runtime_name.value,
                        project.runtimes.iter().map(|r| r.name.value.as_str()),
                    )),
                );
            }
            if !regex!(r"^[A-Za-z_][A-Za-z0-9_]*$").is_match(&b.env_var_name.value)
                || b.env_var_name.value.len() > 128
            {
                d.push(invalid(format!("{}.envVarName", b.path), b.env_var_name.span, "Must start with a letter or underscore, contain only letters, digits, and underscores"));
            }
        }
    }
}
