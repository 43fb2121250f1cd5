//! Stage 1, load: find `agentcore.json`, read it (bounded), parse it with
//! spans and decode the top level.

use super::read::{as_obj, Strictness};
use super::{
    credential, evaluation, gateway, harness, knowledge_base, mcp_tool, memory, policy_engine,
    runtime, Project,
};
use crate::diagnostics::render::Source;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::fsio::{FileId, ReadError};
use crate::json::{self, Node};
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing (real ones are < 100 KiB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Sections that are read and counted but not synthesized.
const NOT_SYNTHESIZED: &[&str] = &[
    "configBundles",
    "abTests",
    "datasets",
    "capacityProviders",
    "payments",
];

/// A problem that is not about the file's content: exit code 2.
#[derive(Debug)]
pub enum LoadError {
    NotFound {
        searched: Vec<PathBuf>,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Not a regular file, or a pseudo-file whose size is not what it reads.
    Unreadable {
        path: PathBuf,
        error: crate::fsio::ReadError,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound { searched } => match searched.as_slice() {
                [one] => write!(
                    f,
                    "no project at {}: no such file or directory (give a project directory or its agentcore.json)",
                    one.display()
                ),
                list => {
                    let dir = list[0]
                        .parent()
                        .and_then(Path::parent)
                        .unwrap_or(Path::new("."));
                    let tried: Vec<String> = list.iter().map(|p| p.display().to_string()).collect();
                    write!(
                        f,
                        "no agentcore.json in directory {}; looked for {}",
                        dir.display(),
                        tried.join(" and ")
                    )
                }
            },
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Unreadable { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A directory means `<dir>/agentcore/agentcore.json`, falling back to
/// `<dir>/agentcore.json`; anything else is the file itself.
pub fn find_project_file(arg: &Path) -> Result<PathBuf, LoadError> {
    if arg.is_dir() {
        let candidates = [
            arg.join("agentcore").join("agentcore.json"),
            arg.join("agentcore.json"),
        ];
        for c in &candidates {
            if c.is_file() {
                return Ok(c.clone());
            }
        }
        return Err(LoadError::NotFound {
            searched: candidates.to_vec(),
        });
    }
    if arg.is_file() {
        return Ok(arg.to_path_buf());
    }
    Err(LoadError::NotFound {
        searched: vec![arg.to_path_buf()],
    })
}

/// The project root of a file: the parent of `agentcore/`, else its directory.
pub fn project_root(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    if dir.file_name().is_some_and(|n| n == "agentcore") {
        dir.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        dir.to_path_buf()
    }
}

#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    /// `None` when the file could not be parsed or its top level is unusable.
    pub project: Option<Project>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file that was read (the project file first, then the files it
    /// references): outputs may not overwrite them.
    pub files: Vec<FileId>,
}

/// Read and decode a project given a directory or file path.
pub fn load(arg: &Path) -> Result<Loaded, LoadError> {
    load_file(&find_project_file(arg)?, false).map(|(loaded, _)| loaded)
}

/// Read and decode the project file `file` (bounded, a regular file only);
/// with `keep`, also return the bytes read (empty when the file is too
/// large) — the edit commands compare them before writing.
pub fn load_file(file: &Path, keep: bool) -> Result<(Loaded, Vec<u8>), LoadError> {
    let display = file.display().to_string();
    let path = || file.to_path_buf();
    let read = match crate::fsio::read_bounded(file, MAX_FILE_BYTES) {
        Ok(r) => r,
        Err(ReadError::TooLarge { size, .. }) => return Ok((too_large(display, size), Vec::new())),
        Err(ReadError::Io(error)) => {
            return Err(LoadError::Io {
                path: path(),
                error,
            })
        }
        Err(error) => {
            return Err(LoadError::Unreadable {
                path: path(),
                error,
            })
        }
    };
    let kept = if keep { read.bytes.clone() } else { Vec::new() };
    let mut loaded = load_bytes(file, display, read.bytes);
    loaded.files.insert(0, read.id);
    loaded.source.hidden = outside_root(file).then_some(OUTSIDE);
    Ok((loaded, kept))
}

/// Why no excerpt of such a file is shown.
pub const OUTSIDE: &str = "the file is outside the project directory";

/// Whether the project file resolves (through symlinks) outside its project
/// root. Such a file is never quoted in an excerpt: a pull request can make
/// `agentcore/agentcore.json` a symlink to any file of the CI machine.
pub fn outside_root(file: &Path) -> bool {
    let root = std::fs::canonicalize(project_root(file));
    let real = std::fs::canonicalize(file);
    match (root, real) {
        (Ok(root), Ok(real)) => !real.starts_with(root),
        _ => true,
    }
}

/// The result of loading a file over [`MAX_FILE_BYTES`] (`size` is at
/// least `MAX_FILE_BYTES + 1`).
pub fn too_large(display: String, size: u64) -> Loaded {
    let d = Diagnostic::new(
        Code::TooLarge,
        "",
        format!(
            "the file is {}{size} bytes; agentcore-synth reads project files of at most {MAX_FILE_BYTES} bytes",
            if size > MAX_FILE_BYTES + 1 { "" } else { "over " }
        ),
    );
    Loaded {
        source: Source::new(display, ""),
        project: None,
        diagnostics: vec![d],
        files: Vec::new(),
    }
}

/// Decode a project from bytes already read (also used by the edit commands).
pub fn load_bytes(file: &Path, display: String, bytes: Vec<u8>) -> Loaded {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::new(Code::InvalidUtf8, "", "the file is not valid UTF-8")
                .at(Span::new(at, at + 1));
            // Spans into the lossy text stay close enough for the caret.
            return Loaded {
                source: Source::new(display, lossy),
                project: None,
                diagnostics: vec![d],
                files: Vec::new(),
            };
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let mut diagnostics = Vec::new();
    let root = match json::parse(&text, &mut diagnostics) {
        Ok(n) => n,
        Err(d) => {
            diagnostics.push(*d);
            return Loaded {
                source: Source::new(display, text),
                project: None,
                diagnostics,
                files: Vec::new(),
            };
        }
    };
    let masks = super::secrets::scan(&root, &mut diagnostics);
    let mut project = decode_project(&root, file, &mut diagnostics);
    let mut files = Vec::new();
    if let Some(p) = &mut project {
        super::assets::read_local_files(p, &mut diagnostics, &mut files);
    }
    let mut source = Source::new(display, text);
    source.mask(&masks);
    Loaded {
        source,
        project,
        diagnostics,
        files,
    }
}

fn decode_project(root: &Node, file: &Path, d: &mut Vec<Diagnostic>) -> Option<Project> {
    let mut o = as_obj(root, "", d)?;
    if let Some(agents) = o.get("agents") {
        d.push(
            Diagnostic::new(
                Code::LegacyShape,
                "agents",
                "`agents` is the legacy name of `runtimes`; AgentCore CLI 0.30.0 rejects this file",
            )
            .at(Span::new(agents.span.start, agents.span.start + 1))
            .at_opt(o.key_span("agents"))
            .help("rename `agents` to `runtimes` (and drop each runtime's `type`), or recreate the project with `agentcore create`"),
        );
    }
    o.get("$schema");
    let name = o.req_string("name", d);
    let mut v2 = false;
    match o.get("version") {
        None => o.missing("version", d),
        Some(_) => {
            if let Some(v) = o.integer("version", d) {
                if v.value < 1 {
                    d.push(super::read::invalid(
                        "version",
                        v.span,
                        "`version` must be 1 or greater",
                    ));
                } else if v.value == 2 {
                    v2 = true;
                } else if v.value > 2 {
                    d.push(super::read::invalid(
                        "version",
                        v.span,
                        format!("`version` {} is not a format agentcore-synth reads; it reads 1 (AgentCore CLI 0.30.0) and 2 (the CLI's rewrite)", v.value),
                    ));
                }
            }
        }
    }
    if v2 {
        o.enumeration("managedBy", &["CDK", "Imperative", "TERRAFORM"], d);
        for (key, why) in [
            ("mcpRuntimeTools", "was renamed `toolRuntimes` in version 2"),
            (
                "unassignedTargets",
                "was removed in version 2; put the targets in a gateway",
            ),
            ("abTests", "was removed in version 2"),
            ("datasets", "was removed in version 2"),
            ("capacityProviders", "is not part of version 2"),
            (
                "httpGateways",
                "was removed in version 2; use agentCoreGateways with protocolType \"None\"",
            ),
        ] {
            if let Some(n) = o.get(key) {
                // An empty list (what CLI 0.30.0 writes into every file,
                // "version": 2 ones included) carries nothing: a warning.
                let empty = n.as_array().is_some_and(<[Node]>::is_empty);
                let code = if empty {
                    Code::IgnoredKey
                } else {
                    Code::UnknownKey
                };
                let tail = if empty {
                    " (it is empty here, so it is ignored)"
                } else {
                    ""
                };
                d.push(
                    Diagnostic::new(code, key, format!("`{key}` {why}{tail}"))
                        .at_opt(o.key_span(key)),
                );
            }
        }
    } else {
        o.enumeration("managedBy", &["CDK"], d);
    }
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let credentials = o
        .array("credentials", d)
        .map(|a| credential::decode_all(a, "credentials", v2, d))
        .unwrap_or_default();
    let gateways = o
        .array("agentCoreGateways", d)
        .map(|a| gateway::decode_gateways(a, "agentCoreGateways", d))
        .unwrap_or_default();
    let unassigned_targets = if v2 {
        Vec::new()
    } else {
        o.array("unassignedTargets", d)
            .map(|a| gateway::decode_targets(a, "unassignedTargets", d))
            .unwrap_or_default()
    };
    if let Some(h) = (!v2).then(|| o.array("httpGateways", d)).flatten() {
        if !h.is_empty() {
            d.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    "httpGateways",
                    "\"httpGateways\" is deprecated. Migrate to agentCoreGateways with protocolType: \"None\", or use \"agentcore import gateway\".",
                )
                .at_opt(o.key_span("httpGateways")),
            );
        }
    }
    let runtimes = o
        .array("runtimes", d)
        .map(|a| runtime::decode_all(a, "runtimes", d))
        .unwrap_or_default();
    let memories = o
        .array("memories", d)
        .map(|a| memory::decode_all(a, "memories", d))
        .unwrap_or_default();
    let tools_key = if v2 {
        "toolRuntimes"
    } else {
        "mcpRuntimeTools"
    };
    let mcp_runtime_tools = o
        .array(tools_key, d)
        .map(|a| mcp_tool::decode_all(a, tools_key, d))
        .unwrap_or_default();
    let policy_engines = o
        .array("policyEngines", d)
        .map(|a| policy_engine::decode_all(a, "policyEngines", d))
        .unwrap_or_default();
    let evaluators = o
        .array("evaluators", d)
        .map(|a| evaluation::decode_evaluators(a, "evaluators", d))
        .unwrap_or_default();
    let online_evals = o
        .array("onlineEvalConfigs", d)
        .map(|a| evaluation::decode_online(a, "onlineEvalConfigs", d))
        .unwrap_or_default();
    let harnesses = o
        .array("harnesses", d)
        .map(|a| harness::decode_all(a, "harnesses", d))
        .unwrap_or_default();
    let knowledge_bases = o
        .array("knowledgeBases", d)
        .map(|a| knowledge_base::decode_all(a, "knowledgeBases", d))
        .unwrap_or_default();
    let mut not_synthesized = Vec::new();
    for key in NOT_SYNTHESIZED {
        if v2 && ["abTests", "datasets", "capacityProviders"].contains(key) {
            continue;
        }
        let Some(arr) = o.array(key, d) else { continue };
        if !arr.is_empty() {
            not_synthesized.push((key.to_string(), arr.len()));
        }
    }
    let span = o.span();
    o.finish(Strictness::Strict, d);
    Some(Project {
        file: file.to_path_buf(),
        root: project_root(file),
        name: name?,
        tags,
        credentials,
        gateways,
        unassigned_targets,
        runtimes,
        memories,
        mcp_runtime_tools,
        policy_engines,
        evaluators,
        harnesses,
        knowledge_bases,
        online_evals,
        v2,
        local_files: Default::default(),
        not_synthesized,
        span,
        credential_index: Default::default(),
    })
}
