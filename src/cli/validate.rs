//! `agentcore-synth validate`

use super::{Common, Io, EXIT_INVALID, EXIT_OK};
use crate::diagnostics::Severity;
use std::path::Path;

pub fn run(project: &Path, deny_warnings: bool, common: Common, io: &mut Io<'_>) -> i32 {
    let outcome = match crate::compile(project) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    let mut diags = outcome.diagnostics;
    if let Some(t) = &outcome.template {
        // Size limits depend on the bytes: check the JSON form.
        let _ = crate::emit_checked(t, crate::template::Format::Json, &mut diags);
    }
    io.diagnostics(&diags, Some(&outcome.source), common.message_format);
    let errors = diags.iter().any(|d| d.is_error());
    let warnings = diags.iter().any(|d| d.severity == Severity::Warning);
    if let (Some(t), super::MessageFormat::Human) = (&outcome.template, common.message_format) {
        let _ = writeln!(
            io.stderr,
            "{}: valid; the template has {} resources, {} parameters and {} outputs",
            outcome.source.name,
            t.resources.len(),
            t.parameters.len(),
            t.outputs.len()
        );
    }
    if errors || (deny_warnings && warnings) {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}
