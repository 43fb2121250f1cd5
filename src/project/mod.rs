//! The input model: `agentcore/agentcore.json` as typed data, each value
//! with its span. [`load`] finds and reads the file; the decoders in
//! [`credential`] and [`gateway`] turn the spanned JSON tree into this model
//! and report shape problems (types, required fields, enums, unknown keys).

pub mod assets;
pub mod catalog;
pub mod credential;
pub mod gateway;
pub mod load;
pub mod read;
pub mod secrets;
mod tools;

pub use credential::{Credential, CredentialKind, OAuth, Payment, SecretRef, TokenExchange};
pub use gateway::{Gateway, OutboundAuth, Target};
pub use load::{find_project_file, load, Loaded};
pub use read::Spanned;

use crate::diagnostics::Span;
use std::path::PathBuf;

pub type Tags = Vec<(Spanned<String>, Spanned<String>)>;

/// An agent runtime, as far as gateway targets refer to it.
#[derive(Debug, Clone)]
pub struct RuntimeRef {
    pub name: String,
    pub endpoints: Vec<String>,
}

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
    pub runtimes: Vec<RuntimeRef>,
    pub policy_engines: Vec<Spanned<String>>,
    /// The local files the gateway targets name, by the path as written,
    /// read at load time (see [`assets`]).
    pub local_files: assets::LocalFiles,
    /// Sections read but not synthesized, with their entry counts, in file order.
    pub not_synthesized: Vec<(String, usize)>,
    pub span: Span,
}

impl Project {
    pub fn credential(&self, name: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.name.value == name)
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
