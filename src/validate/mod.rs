//! Stage 2, validate: the rules of the AgentCore CLI that the shape decoder
//! does not cover (patterns, lengths, uniqueness) and this compiler's own
//! rules (token exchange, credential ↔ target cross-checks). Every rule adds
//! a diagnostic and carries on; nothing here stops at the first problem.

mod compute;
mod credentials;
mod cross;
mod evaluation;
mod gateway;
mod harness;
mod knowledge_base;
mod memory;
mod policy_engine;
mod runtime;
mod tags;
mod target;
mod v2;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::project::{Project, Spanned};

/// A pattern compiled once per process: `regex!("^a+$")`. Classes are
/// ASCII (`\s`, `\w`, `[^\s]` …) unless the pattern needs Unicode: the
/// rules here are about identifiers, ARNs and URLs, and Unicode classes cost
/// milliseconds to compile.
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::OnceLock<$crate::validate::Pattern> = std::sync::OnceLock::new();
        RE.get_or_init(|| $crate::validate::Pattern::new($re))
    }};
}
pub(crate) use regex;

/// See [`regex!`]: a built-in rule pattern, matched by [`crate::pattern`].
pub struct Pattern(crate::pattern::Pattern);

impl Pattern {
    pub fn new(re: &str) -> Pattern {
        Pattern(crate::pattern::Pattern::new(re).expect("valid built-in regex"))
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.0.is_match(s)
    }
}

pub fn validate(project: &Project, d: &mut Vec<Diagnostic>) {
    let name = &project.name;
    if !regex!(r"^[A-Za-z][A-Za-z0-9]{0,22}$").is_match(&name.value) {
        d.push(
            Diagnostic::new(
                Code::InvalidValue,
                "name",
                if name.value.chars().count() > 23 {
                    "Project name must be 23 characters or less".to_string()
                } else {
                    "Project name must start with a letter and contain only letters and digits"
                        .to_string()
                },
            )
            .at(name.span),
        );
    }
    tags::check(&project.tags, "tags", d);
    credentials::check(project, d);
    gateway::check(project, d);
    runtime::check(project, d);
    compute::check_tools(project, d);
    compute::unique_runtimes(project, d);
    memory::check(project, d);
    policy_engine::check(project, d);
    evaluation::check(project, d);
    harness::check(project, d);
    knowledge_base::check(project, d);
    knowledge_base::check_connectors(project, d);
    v2::check(project, d);
}

/// Report a repeated name: `<what> "X"` with a label at the first one.
pub(crate) fn unique<'a>(
    items: impl IntoIterator<Item = (&'a Spanned<String>, String)>,
    message: impl Fn(&str) -> String,
    d: &mut Vec<Diagnostic>,
) {
    let mut seen: std::collections::HashMap<&str, &Spanned<String>> = Default::default();
    for (name, path) in items {
        if let Some(first) = seen.get(name.value.as_str()) {
            d.push(
                Diagnostic::new(Code::DuplicateName, path, message(&name.value))
                    .at(name.span)
                    .label(first.span, "first defined here"),
            );
        } else {
            seen.insert(&name.value, name);
        }
    }
}

pub(crate) fn invalid(path: impl Into<String>, span: Span, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, path, msg).at(span)
}

/// A `description`: 1 to 200 characters (the AgentCore CLI's limit for
/// gateways, targets, runtimes and endpoints).
pub(crate) fn description(
    path: impl Into<String>,
    v: Option<&Spanned<String>>,
    d: &mut Vec<Diagnostic>,
) {
    if let Some(desc) = v {
        let n = desc.value.chars().count();
        if n == 0 || n > 200 {
            d.push(invalid(
                path,
                desc.span,
                "`description` must be 1 to 200 characters",
            ));
        }
    }
}

pub(crate) fn is_url(s: &str) -> bool {
    regex!(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$").is_match(s)
}
