//! `agentcore-synth`: compile an Amazon Bedrock AgentCore project
//! (`agentcore/agentcore.json`) into one CloudFormation template.
//!
//! Data flows one way: [`project`] (load) → [`validate`] → [`synth`] (lower)
//! → [`check`] → [`template`] (emit). Every stage reports problems as
//! [`diagnostics::Diagnostic`] values; they are rendered in one place.

pub mod cfn;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod edit;
pub mod fsio;
pub mod generate;
pub mod graph;
pub mod json;
pub mod package;
pub mod params;
pub mod pattern;
pub mod project;
pub mod synth;
pub mod template;
pub mod validate;

use diagnostics::render::Source;
use diagnostics::{Code, Diagnostic};
use project::load::{LoadError, Loaded};
use project::Project;
use std::path::Path;
use template::{Format, Template};

/// The result of running the pipeline on one project.
#[derive(Debug)]
pub struct Outcome {
    pub source: Source,
    pub project: Option<Project>,
    /// `Some` only when there are no errors.
    pub template: Option<Template>,
    pub diagnostics: Vec<Diagnostic>,
    /// The files the project was read from: outputs may not overwrite them.
    pub files: Vec<fsio::FileId>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Load, validate, lower and check the project at `path` (a directory or a file).
pub fn compile(path: &Path) -> Result<Outcome, LoadError> {
    Ok(compile_loaded(project::load(path)?))
}

/// Validate, lower and check an already loaded project.
pub fn compile_loaded(loaded: Loaded) -> Outcome {
    let Loaded {
        source,
        project,
        mut diagnostics,
        files,
    } = loaded;
    let mut template = None;
    if let Some(p) = &project {
        validate::validate(p, &mut diagnostics);
        diagnostics.extend(not_synthesized_note(p));
        let at_least = synth::min_resources(p);
        if at_least > check::MAX_RESOURCES {
            // Lowering a project far beyond one stack would only cost time
            // and memory to reach the same error.
            diagnostics.push(
                Diagnostic::new(
                    Code::TemplateTooLarge,
                    "",
                    format!(
                        "the project would create at least {at_least} resources; CloudFormation allows at most {} per stack",
                        check::MAX_RESOURCES
                    ),
                )
                .help("split the project into several projects (one stack each)"),
            );
        }
        if !diagnostics.iter().any(Diagnostic::is_error) {
            let (t, lower_diags) = synth::lower(p);
            diagnostics.extend(lower_diags);
            if t.resources.is_empty() {
                diagnostics.push(nothing_to_deploy(p));
            }
            check::limits(&t, &mut diagnostics);
            check::schema::check_template(&t, &mut diagnostics);
            template = Some(t);
        }
    }
    placeholder_hints(&source, &mut diagnostics);
    sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        template = None;
    }
    Outcome {
        source,
        project,
        template,
        diagnostics,
        files,
    }
}

/// An error on a value that looks like an unrendered template placeholder
/// (`${VAR}`, `{{VAR}}`, `REPLACE_WITH_…`) says so: the file is probably a
/// template that was never rendered.
fn placeholder_hints(source: &Source, d: &mut [Diagnostic]) {
    let looks_like = |t: &str| {
        (t.contains("${") && t.contains('}'))
            || (t.contains("{{") && t.contains("}}"))
            || t.contains("REPLACE_WITH")
    };
    for x in d.iter_mut().filter(|x| x.is_error()) {
        let Some(span) = x.span else { continue };
        let Some(text) = source.text.get(span.start..span.end) else {
            continue;
        };
        if text.len() > 4096 || !looks_like(text) {
            continue;
        }
        let hint = "this looks like an unrendered template placeholder: render the file (or replace the placeholder with the real value) before synthesizing";
        x.help = Some(match x.help.take() {
            Some(h) => format!("{h}; {hint}"),
            None => hint.to_string(),
        });
    }
}

/// Errors and warnings in file order, notes last.
fn sort(d: &mut [Diagnostic]) {
    d.sort_by_key(|x| {
        (
            x.severity == diagnostics::Severity::Note,
            x.span.map(|s| s.start).unwrap_or(usize::MAX),
        )
    });
}

/// One note listing the sections that are read but not synthesized.
fn not_synthesized_note(p: &Project) -> Option<Diagnostic> {
    let mut parts: Vec<String> = p
        .not_synthesized
        .iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect();
    let unassigned = p.unassigned_targets.len();
    if unassigned > 0 {
        parts.push(format!("unassignedTargets ({unassigned})"));
    }
    (!parts.is_empty()).then(|| {
        Diagnostic::new(
            Code::NotSynthesized,
            "",
            format!("not synthesized: {}", parts.join(", ")),
        )
    })
}

/// The error for a project whose template would have no resources
/// (CloudFormation refuses such a template), naming what was read.
fn nothing_to_deploy(p: &Project) -> Diagnostic {
    let mut read: Vec<String> = Vec::new();
    let imported = p.credentials.len();
    if imported > 0 {
        read.push(format!(
            "credentials ({imported}, all of them existing providers named by ARN: they become outputs, not resources)"
        ));
    }
    for (k, n) in &p.not_synthesized {
        read.push(format!("{k} ({n}, not synthesized by agentcore-synth yet)"));
    }
    if !p.unassigned_targets.is_empty() {
        read.push(format!(
            "unassignedTargets ({}, which belong to no gateway)",
            p.unassigned_targets.len()
        ));
    }
    let what = if read.is_empty() {
        "the project defines no runtimes, memories, gateways or credentials".to_string()
    } else {
        format!("read: {}", read.join("; "))
    };
    Diagnostic::new(
        Code::NothingToDeploy,
        "",
        format!("nothing to deploy: the template would have no resources, which CloudFormation refuses ({what})"),
    )
    .at(diagnostics::Span::new(p.span.start, p.span.start + 1))
    .help("add a runtime, memory, gateway or credential to the project")
}

/// Emit a template and check the byte-size limits on the result.
pub fn emit_checked(t: &Template, format: Format, d: &mut Vec<Diagnostic>) -> String {
    emit_value_checked(&t.to_value(), format, d)
}

/// [`emit_checked`] for a template already in canonical form.
pub fn emit_value_checked(v: &template::Value, format: Format, d: &mut Vec<Diagnostic>) -> String {
    let text = template::emit_value(v, format);
    check::body_size(text.len(), d);
    text
}
