//! Stage 2, validate: the rules of the AgentCore CLI that the shape decoder
//! does not cover (patterns, lengths, uniqueness) and this compiler's own
//! rules (token exchange, credential ↔ target cross-checks). Every rule adds
//! a diagnostic and carries on; nothing here stops at the first problem.

mod credentials;
mod cross;
mod gateway;
mod tags;
mod target;

pub use credentials::is_included as is_included_vendor;
pub use gateway::gateway_resource_name;
pub use tags::merge_tags;
pub use target::auth_table;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::project::{Project, S};

/// Compile a pattern once: `regex!("^a+$")`.
#[macro_export]
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        fn compile() -> regex::Regex {
            regex::Regex::new($re).expect("valid built-in regex")
        }
        RE.get_or_init(compile)
    }};
}

pub fn validate(project: &Project, d: &mut Vec<Diagnostic>) {
    let name = &project.name;
    if !regex!(r"^[A-Za-z][A-Za-z0-9]{0,22}$").is_match(&name.v) {
        d.push(
            Diagnostic::new(
                Code::InvalidValue,
                "name",
                if name.v.chars().count() > 23 {
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
}

/// Report a repeated name: `<what> "X"` with a label at the first one.
pub(crate) fn unique<'a>(
    items: impl IntoIterator<Item = (&'a S<String>, String)>,
    message: impl Fn(&str) -> String,
    d: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<&S<String>> = Vec::new();
    for (name, path) in items {
        if let Some(first) = seen.iter().find(|s| s.v == name.v) {
            d.push(
                Diagnostic::new(Code::DuplicateName, path, message(&name.v))
                    .at(name.span)
                    .label(first.span, "first defined here"),
            );
        } else {
            seen.push(name);
        }
    }
}

pub(crate) fn invalid(path: impl Into<String>, span: Span, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, path, msg).at(span)
}

pub(crate) fn is_url(s: &str) -> bool {
    regex!(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$").is_match(s)
}
