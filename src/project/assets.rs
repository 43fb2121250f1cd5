//! Stage 1, load: the local files `agentcore.json` names (inline OpenAPI
//! and Smithy schemas, tool schema files), read at load time through the
//! confined, bounded reader ([`crate::fsio::read_in_project`]) into the
//! project model, so that lowering never touches the file system.

use super::gateway::{SchemaSource, Target};
use super::{Project, Spanned};
use crate::diagnostics::{Code, Diagnostic};
use crate::fsio::{self, FileId, ReadError, RefError};
use crate::template::Value;
use std::collections::BTreeMap;

/// Inline schemas and tool schema files may be at most this large
/// (CloudFormation's `InlinePayload` limit is of this order).
pub const MAX_INLINE_BYTES: u64 = 500_000;

/// The local files a project names, by the path as written.
#[derive(Debug, Clone, Default)]
pub struct LocalFiles {
    /// Inline OpenAPI and Smithy schemas: the text, verbatim.
    pub schemas: BTreeMap<String, String>,
    /// Tool schema files, as CloudFormation `ToolDefinition`s.
    pub tools: BTreeMap<String, Value>,
    /// Runtime `additionalPolicies` documents, by their path from the
    /// project root ([`policy_path`]).
    pub policies: BTreeMap<String, Value>,
    /// Cedar policies without a `statement`, read from their `sourceFile`.
    pub cedar: BTreeMap<String, String>,
}

/// IAM policy documents may be at most this large (IAM's inline limit is 10,240).
pub const MAX_POLICY_BYTES: u64 = 64 * 1024;

/// Where a runtime's `additionalPolicies` file entry is, from the project
/// root: relative to the runtime's `codeLocation`, as the CLI resolves it.
pub fn policy_path(code_location: &str, entry: &str) -> String {
    let base = code_location.trim_end_matches('/');
    if base.is_empty() || base == "." {
        entry.to_string()
    } else {
        format!("{base}/{entry}")
    }
}

const TOOL_SCHEMA_FILE: &str = "lambdaFunctionArn.toolSchemaFile";

/// Where a target names a local file: `(field, path)`.
fn local_refs(t: &Target) -> Vec<(&'static str, &Spanned<String>)> {
    use super::gateway::TargetConfig as C;
    match t.config() {
        C::OpenApiSchema(SchemaSource::Inline { path, .. })
        | C::SmithyModel(SchemaSource::Inline { path, .. }) => {
            vec![("schemaSource.inline.path", path)]
        }
        C::LambdaFunctionArn(l) if !l.tool_schema_file.value.starts_with("s3://") => {
            vec![(TOOL_SCHEMA_FILE, &l.tool_schema_file)]
        }
        _ => Vec::new(),
    }
}

/// Read every local file the project's gateway targets name. Problems are
/// diagnostics (AC3017) on the field; the identities of the files read are
/// added to `files`.
pub fn read_local_files(p: &mut Project, d: &mut Vec<Diagnostic>, files: &mut Vec<FileId>) {
    let mut out = LocalFiles::default();
    for t in p.gateways.iter().flat_map(|g| &g.targets) {
        for (field, rel) in local_refs(t) {
            let is_tools = field == TOOL_SCHEMA_FILE;
            if is_tools && out.tools.contains_key(&rel.value)
                || !is_tools && out.schemas.contains_key(&rel.value)
            {
                continue;
            }
            match read_one(p, rel) {
                Ok((text, id)) => {
                    files.push(id);
                    if is_tools {
                        if let Some(v) = super::tools::tool_definitions(t, &text, d) {
                            out.tools.insert(rel.value.clone(), v);
                        }
                    } else {
                        out.schemas.insert(rel.value.clone(), text);
                    }
                }
                Err(message) => d.push(
                    Diagnostic::new(
                        Code::LocalFile,
                        format!("{}.{field}", t.path),
                        format!("target \"{}\": {message}", t.name.value),
                    )
                    .at(rel.span)
                    .help("paths are relative to the project root (the directory that contains agentcore/) and must stay inside it"),
                ),
            }
        }
    }
    for r in &p.runtimes {
        for entry in r
            .additional_policies
            .iter()
            .filter(|e| !e.value.starts_with("arn:"))
        {
            let rel = policy_path(&r.code_location.value, &entry.value);
            if out.policies.contains_key(&rel) {
                continue;
            }
            let field = format!("{}.additionalPolicies", r.path);
            let fail = |d: &mut Vec<Diagnostic>, message: String| {
                d.push(
                    Diagnostic::new(
                        Code::AdditionalPolicy,
                        field.clone(),
                        format!("runtime \"{}\": {message}", r.name.value),
                    )
                    .at(entry.span)
                    .help("policy files are relative to the runtime's codeLocation and must stay inside the project"),
                )
            };
            let shown = rel.escape_debug().to_string();
            match fsio::read_in_project(&p.root, &rel, MAX_POLICY_BYTES) {
                Ok(read) => {
                    files.push(read.id);
                    match String::from_utf8(read.bytes) {
                        Ok(text) => match super::policy::document(&text) {
                            Ok(v) => {
                                out.policies.insert(rel, v);
                            }
                            Err(e) => fail(d, format!("{shown}: {e}")),
                        },
                        Err(_) => fail(d, format!("{shown} is not UTF-8 text")),
                    }
                }
                Err(RefError::Read(ReadError::TooLarge { size, .. })) => fail(
                    d,
                    format!("{shown} is {size} bytes; policy documents may be at most {MAX_POLICY_BYTES} bytes"),
                ),
                Err(e) => fail(d, format!("cannot read {shown}: {e}")),
            }
        }
    }
    for i in 0..p.harnesses.len() {
        let h = &p.harnesses[i];
        let file = h.spec_file();
        let read = fsio::read_in_project(&p.root, &file, super::harness::MAX_SPEC_BYTES);
        let mut problems = Vec::new();
        let spec = match read {
            Ok(r) => {
                files.push(r.id);
                match String::from_utf8(r.bytes) {
                    Ok(text) => {
                        let mut e = super::harness::SpecErrors {
                            file: &file,
                            text: &text,
                            out: Vec::new(),
                        };
                        let mut spec = super::harness::decode_spec(&text, &mut e);
                        problems.extend(e.out);
                        // The system prompt of a spec without one: <dir>/system-prompt.md.
                        if let Some(s) = spec.as_mut().filter(|s| s.system_prompt.is_none()) {
                            let prompt =
                                format!("{}/system-prompt.md", h.dir.value.trim_end_matches('/'));
                            if p.root.join(&prompt).is_file() {
                                match fsio::read_in_project(
                                    &p.root,
                                    &prompt,
                                    super::harness::MAX_SPEC_BYTES,
                                ) {
                                    Ok(r) => {
                                        files.push(r.id);
                                        let t = String::from_utf8_lossy(&r.bytes).into_owned();
                                        if t.trim().is_empty() {
                                            problems.push(format!("System prompt file \"{prompt}\" exists but is empty or whitespace-only. Add a prompt or delete the file."));
                                        } else {
                                            s.system_prompt = Some(t);
                                        }
                                    }
                                    Err(e) => problems.push(format!("cannot read {prompt}: {e}")),
                                }
                            }
                        }
                        spec
                    }
                    Err(_) => {
                        problems.push(format!("{file} is not UTF-8 text"));
                        None
                    }
                }
            }
            Err(e) => {
                problems.push(format!("Could not read harness.json at {file}: {e}"));
                None
            }
        };
        let ok = problems.is_empty();
        super::harness::report(h, problems, d);
        if ok {
            p.harnesses[i].spec = spec;
        }
    }
    for e in &p.policy_engines {
        for pol in e.policies.iter().filter(|x| x.statement.is_none()) {
            let Some(rel) = &pol.source_file else {
                continue;
            };
            if out.cedar.contains_key(&rel.value) {
                continue;
            }
            match read_one(p, rel) {
                Ok((text, id)) => {
                    files.push(id);
                    out.cedar.insert(rel.value.clone(), text);
                }
                Err(message) => d.push(
                    Diagnostic::new(
                        Code::LocalFile,
                        format!("{}.sourceFile", pol.path),
                        format!("policy \"{}\": {message}", pol.name.value),
                    )
                    .at(rel.span)
                    .help("the policy has no `statement`, so its Cedar text is read from `sourceFile` (relative to the project root, inside it)"),
                ),
            }
        }
    }
    p.local_files = out;
}

fn read_one(p: &Project, rel: &Spanned<String>) -> Result<(String, FileId), String> {
    // The path is user text: shown escaped, never the file's content.
    let shown = rel.value.escape_debug().to_string();
    match fsio::read_in_project(&p.root, &rel.value, MAX_INLINE_BYTES) {
        Ok(r) => match String::from_utf8(r.bytes) {
            Ok(text) => Ok((text, r.id)),
            Err(_) => Err(format!("{shown} is not UTF-8 text")),
        },
        Err(RefError::Read(ReadError::TooLarge { size, .. })) => Err(format!(
            "{shown} is {}{size} bytes; inline schemas may be at most {MAX_INLINE_BYTES} bytes (upload it to S3 and use schemaSource.s3)",
            if size > MAX_INLINE_BYTES + 1 { "" } else { "over " }
        )),
        Err(e) => Err(format!("cannot read {shown}: {e}")),
    }
}
