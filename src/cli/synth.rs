//! `agentcore-synth synth`

use super::{Common, Io, OutputFormat, EXIT_INVALID, EXIT_OK};
use crate::template::Format;
use std::path::Path;

pub fn run(
    project: &Path,
    output: Option<&Path>,
    format: Option<OutputFormat>,
    common: Common,
    io: &mut Io<'_>,
) -> i32 {
    // `-o -` is standard output.
    let output = output.filter(|p| *p != Path::new("-"));
    let format = match (format, output) {
        (Some(OutputFormat::Json), _) => Format::Json,
        (Some(OutputFormat::Yaml), _) => Format::Yaml,
        (None, Some(o)) => Format::from_extension(o).unwrap_or(Format::Json),
        (None, None) => Format::Json,
    };
    let outcome = match super::compile(project, &common) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    let mut diags = outcome.diagnostics;
    let Some(template) = outcome.template else {
        io.diagnostics(&diags, Some(&outcome.source), common.message_format);
        return EXIT_INVALID;
    };
    let canonical = template.into_value();
    let text = crate::emit_value_checked(&canonical, format, &mut diags);
    if io.exiting {
        // The process ends after this command: freeing the trees node by
        // node would only cost time (over a millisecond for a large project).
        std::mem::forget(canonical);
        std::mem::forget(outcome.project);
    }
    let failed = diags.iter().any(|d| d.is_error());
    io.diagnostics(&diags, Some(&outcome.source), common.message_format);
    if failed {
        return EXIT_INVALID;
    }
    match output {
        Some(path) => {
            if let Err(e) = crate::fsio::write_atomic(path, text.as_bytes(), &outcome.files) {
                return io.fail(format_args!("cannot write {}: {e}", path.display()));
            }
        }
        None => {
            if let Err(e) = io.stdout.write_all(text.as_bytes()) {
                return io.fail(format_args!("cannot write the template to stdout: {e}"));
            }
        }
    }
    EXIT_OK
}
