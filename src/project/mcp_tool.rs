//! `mcpRuntimeTools[]` (strict in the AgentCore CLI): MCP servers on an
//! AgentCore Runtime of their own, not behind a gateway; `bindings` give
//! agent runtimes the right to invoke one and its ARN in an environment
//! variable.

use super::gateway::compute::{self, Compute};
use super::read::{as_obj, items, Spanned, Strictness};
use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;

#[derive(Debug, Clone)]
pub struct McpRuntimeTool {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub tool_definition: Option<Node>,
    pub compute: Option<Compute>,
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub path: String,
    pub runtime_name: Spanned<String>,
    pub env_var_name: Spanned<String>,
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<McpRuntimeTool> {
    items(arr, base)
        .filter_map(|(p, n)| decode(n, &p, d))
        .collect()
}

fn decode(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<McpRuntimeTool> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let tool_definition = o.get("toolDefinition").cloned();
    if tool_definition.is_none() {
        o.missing("toolDefinition", d);
    }
    let compute = if o.get("compute").is_none() {
        o.missing("compute", d);
        None
    } else {
        o.object("compute", d).map(|c| compute::decode(c, d))
    };
    let bindings = match o.get("bindings") {
        None => Vec::new(),
        Some(_) => {
            let base = o.path_of("bindings");
            o.array("bindings", d)
                .map(|a| {
                    items(a, &base)
                        .filter_map(|(p, n)| {
                            let mut b = as_obj(n, &p, d)?;
                            let runtime_name = b.req_string("runtimeName", d);
                            let env_var_name = b.req_string("envVarName", d);
                            b.finish(Strictness::Strict, d);
                            Some(Binding {
                                path: p,
                                runtime_name: runtime_name?,
                                env_var_name: env_var_name?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let span = o.span();
    o.finish(Strictness::Strict, d);
    Some(McpRuntimeTool {
        path: path.to_string(),
        span,
        name: name?,
        tool_definition,
        compute,
        bindings,
    })
}
