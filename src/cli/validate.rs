//! `agentcore-synth validate`

use super::{Common, Io, EXIT_INVALID, EXIT_OK};
use crate::diagnostics::Severity;
use std::path::Path;

pub fn run(project: &Path, deny_warnings: bool, common: Common, io: &mut Io<'_>) -> i32 {
    let outcome = match super::compile(project, &common) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    let mut diags = outcome.diagnostics;
    let exiting = io.exiting;
    let sizes = outcome.template.map(|t| {
        let sizes = (t.resources.len(), t.parameters.len(), t.outputs.len());
        // Size limits depend on the bytes: check the JSON form.
        let canonical = t.into_value();
        let _ = crate::emit_value_checked(&canonical, crate::template::Format::Json, &mut diags);
        if exiting {
            // As in `synth`: the process ends, freeing would only cost time.
            std::mem::forget(canonical);
        }
        sizes
    });
    io.diagnostics(&diags, Some(&outcome.source), common.message_format);
    let errors = diags.iter().any(|d| d.is_error());
    let warnings = diags.iter().any(|d| d.severity == Severity::Warning);
    let denied = deny_warnings && warnings && !errors;
    if let (Some((resources, parameters, outputs)), super::MessageFormat::Human, false) =
        (sizes, common.message_format, errors)
    {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let _ = if denied {
            writeln!(
                io.stderr,
                "{}: failed: warnings are errors with --deny-warnings (the project is otherwise valid)",
                outcome.source.name,
            )
        } else {
            writeln!(
                io.stderr,
                "{}: valid; the template has {}, {} and {}",
                outcome.source.name,
                count(resources, "resource"),
                count(parameters, "parameter"),
                count(outputs, "output"),
            )
        };
    }
    if io.exiting {
        // The process ends after this command: freeing the trees node by
        // node would only cost time.
        std::mem::forget(outcome.project);
        std::mem::forget(diags);
    }
    if errors || (deny_warnings && warnings) {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}
