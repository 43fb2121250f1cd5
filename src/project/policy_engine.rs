//! `policyEngines[]` and their `policies[]` (non-strict in the AgentCore
//! CLI). A policy's Cedar text is its `statement`; a policy without one is
//! read from its `sourceFile` (relative to the project root, confined).

use super::read::{as_obj, items, Spanned, Strictness};
use super::Tags;
use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;

pub const VALIDATION_MODES: &[&str] = &["FAIL_ON_ANY_FINDINGS", "IGNORE_ALL_FINDINGS"];
pub const ENFORCEMENT_MODES: &[&str] = &["ACTIVE", "LOG_ONLY"];
pub const AUTHORIZATION_PHASES: &[&str] = &["INITIATE", "RETURN_OUTPUT"];

#[derive(Debug, Clone)]
pub struct PolicyEngine {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub encryption_key_arn: Option<Spanned<String>>,
    pub tags: Tags,
    pub policies: Vec<Policy>,
}

impl PolicyEngine {
    /// `Name`: `<project>_<engine>`, as the CLI names it.
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub statement: Option<Spanned<String>>,
    pub source_file: Option<Spanned<String>>,
    pub validation_mode: Option<Spanned<&'static str>>,
    pub enforcement_mode: Option<Spanned<&'static str>>,
    pub authorization_phase: Option<Spanned<&'static str>>,
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<PolicyEngine> {
    items(arr, base)
        .filter_map(|(p, n)| decode(n, &p, d))
        .collect()
}

fn decode(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<PolicyEngine> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let description = o.string("description", d);
    let encryption_key_arn = o.string("encryptionKeyArn", d);
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let policies = match o.get("policies") {
        None => Vec::new(),
        Some(_) => {
            let base = o.path_of("policies");
            o.array("policies", d)
                .map(|a| {
                    items(a, &base)
                        .filter_map(|(p, n)| {
                            let mut x = as_obj(n, &p, d)?;
                            let policy = Policy {
                                span: x.span(),
                                name: x.req_string("name", d)?,
                                description: x.string("description", d),
                                statement: x.string("statement", d),
                                source_file: x.string("sourceFile", d),
                                validation_mode: x.enumeration(
                                    "validationMode",
                                    VALIDATION_MODES,
                                    d,
                                ),
                                enforcement_mode: x.enumeration(
                                    "enforcementMode",
                                    ENFORCEMENT_MODES,
                                    d,
                                ),
                                authorization_phase: x.enumeration(
                                    "authorizationPhase",
                                    AUTHORIZATION_PHASES,
                                    d,
                                ),
                                path: p,
                            };
                            x.finish(Strictness::Lenient, d);
                            Some(policy)
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(PolicyEngine {
        path: path.to_string(),
        span,
        name: name?,
        description,
        encryption_key_arn,
        tags,
        policies,
    })
}
