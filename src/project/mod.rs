//! The input model: `agentcore/agentcore.json` as typed data, each value
//! with its span. [`load`] finds and reads the file; the decoders in
//! [`credential`] and [`gateway`] turn the spanned JSON tree into this model
//! and report shape problems (types, required fields, enums, unknown keys).

pub mod assets;
pub mod catalog;
pub mod credential;
pub mod evaluation;
pub mod gateway;
pub mod harness;
pub mod knowledge_base;
pub mod load;
pub mod mcp_tool;
pub mod memory;
pub mod policy;
pub mod policy_engine;
pub mod read;
pub mod runtime;
pub mod secrets;
pub mod targets;
pub mod tools;

pub use credential::{Credential, CredentialKind, OAuth, Payment, SecretRef, TokenExchange};
pub use gateway::{Gateway, OutboundAuth, Target};
pub use load::{find_project_file, load, Loaded};
pub use memory::Memory;
pub use read::Spanned;
pub use runtime::Runtime;

use crate::diagnostics::Span;
use std::path::PathBuf;

pub type Tags = Vec<(Spanned<String>, Spanned<String>)>;

#[derive(Debug, Clone)]
pub struct Project {
    /// The `agentcore.json` that was read.
    pub file: PathBuf,
    /// The project root: local paths in the file resolve against it.
    pub root: PathBuf,
    pub name: Spanned<String>,
    pub tags: Tags,
    pub credentials: Vec<Credential>,
    pub gateways: Vec<Gateway>,
    pub unassigned_targets: Vec<Target>,
    pub runtimes: Vec<Runtime>,
    pub memories: Vec<Memory>,
    pub mcp_runtime_tools: Vec<mcp_tool::McpRuntimeTool>,
    /// The file is `"version": 2` (the AgentCore CLI's rewrite).
    pub v2: bool,
    pub policy_engines: Vec<policy_engine::PolicyEngine>,
    pub evaluators: Vec<evaluation::Evaluator>,
    pub harnesses: Vec<harness::Harness>,
    pub knowledge_bases: Vec<knowledge_base::KnowledgeBase>,
    pub online_evals: Vec<evaluation::OnlineEval>,
    /// The local files the gateway targets name, by the path as written,
    /// read at load time (see [`assets`]).
    pub local_files: assets::LocalFiles,
    /// Sections read but not synthesized, with their entry counts, in file order.
    pub not_synthesized: Vec<(String, usize)>,
    pub span: Span,
    /// Credential positions by name (the first of a repeated name), built on
    /// first use: thousands of targets look their credential up.
    pub credential_index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

impl Project {
    pub fn credential(&self, name: &str) -> Option<&Credential> {
        let index = self.credential_index.get_or_init(|| {
            let mut m = std::collections::HashMap::with_capacity(self.credentials.len());
            for (i, c) in self.credentials.iter().enumerate() {
                m.entry(c.name.value.clone()).or_insert(i);
            }
            m
        });
        index.get(name).map(|&i| &self.credentials[i])
    }
    pub fn runtime(&self, name: &str) -> Option<&Runtime> {
        self.runtimes.iter().find(|r| r.name.value == name)
    }
    /// The credentials runtime `r` may use, in project order.
    pub fn runtime_credentials<'a>(
        &'a self,
        r: &'a Runtime,
    ) -> impl Iterator<Item = &'a Credential> + 'a {
        self.credentials
            .iter()
            .filter(move |c| Runtime::may_use(&r.credentials, &c.name.value))
    }
    /// The memories runtime `r` may use, in project order.
    pub fn runtime_memories<'a>(&'a self, r: &'a Runtime) -> impl Iterator<Item = &'a Memory> + 'a {
        self.memories
            .iter()
            .filter(move |m| Runtime::may_use(&r.memories, &m.name.value))
    }
}

/// Project tags overlaid with resource tags (the resource wins), in key
/// order of first appearance.
pub fn merge_tags(project: &Tags, resource: &Tags) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(project.len() + resource.len());
    let mut at: std::collections::HashMap<&str, usize> = Default::default();
    for (k, v) in project.iter().chain(resource) {
        match at.get(k.value.as_str()) {
            Some(&i) => out[i].1 = v.value.clone(),
            None => {
                at.insert(&k.value, out.len());
                out.push((k.value.clone(), v.value.clone()));
            }
        }
    }
    out
}
