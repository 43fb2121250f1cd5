//! `agentcore-synth diff OLD NEW` and `synth --check FILE`.

use super::{Common, Io, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::diff::{self, read::Doc};
use clap::ValueEnum;
use std::path::Path;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Markdown,
    Json,
}

/// Template files larger than CloudFormation accepts (from S3) are refused
/// before parsing.
pub const MAX_TEMPLATE_BYTES: u64 = crate::cfn::MAX_BODY_S3 as u64;

/// A side of a comparison: a project (synthesized on the fly) or a template
/// file (`-` is standard input).
fn is_project(path: &Path) -> bool {
    path != Path::new("-")
        && (path.is_dir() || path.file_name().is_some_and(|n| n == "agentcore.json"))
}

/// Load one side; on failure report it and return the exit code.
pub fn load_side(path: &Path, common: &Common, io: &mut Io<'_>) -> Result<Doc, i32> {
    if is_project(path) {
        let outcome = match crate::compile(path) {
            Ok(o) => o,
            Err(e) => return Err(io.fail(e)),
        };
        let Some(t) = &outcome.template else {
            io.diagnostics(
                &outcome.diagnostics,
                Some(&outcome.source),
                common.message_format,
            );
            let _ = writeln!(io.stderr, "error: {} does not synthesize", path.display());
            return Err(EXIT_USAGE);
        };
        return diff::read::doc(&t.to_value()).map_err(|e| io.fail(e));
    }
    let shown = path.display();
    let bytes = if path == Path::new("-") {
        crate::fsio::read_stdin(MAX_TEMPLATE_BYTES)
    } else {
        crate::fsio::read_bounded(path, MAX_TEMPLATE_BYTES).map(|r| r.bytes)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(crate::fsio::ReadError::TooLarge { .. }) => {
            return Err(io.fail(format_args!(
                "cannot read {shown}: a template is at most {MAX_TEMPLATE_BYTES} bytes (CloudFormation's own limit)"
            )))
        }
        Err(e) => return Err(io.fail(format_args!("cannot read {shown}: {e}"))),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(io.fail(format_args!("{shown}: a template must be UTF-8 text")));
    };
    diff::read::parse(&text).map_err(|e| io.fail(format_args!("{shown}: {e}")))
}

pub fn write_report(
    report: &diff::Report,
    format: DiffFormat,
    io: &mut Io<'_>,
) -> std::io::Result<()> {
    match format {
        DiffFormat::Text => diff::report::text::write(io.stdout, report, io.color_stdout),
        DiffFormat::Markdown => diff::report::markdown::write(io.stdout, report),
        DiffFormat::Json => diff::report::json::write(io.stdout, report),
    }
}

pub fn run(old: &Path, new: &Path, format: DiffFormat, common: Common, io: &mut Io<'_>) -> i32 {
    let a = match load_side(old, &common, io) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let b = match load_side(new, &common, io) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (report, docs) = diff::compare_keeping(a, b);
    // The process ends next: its memory goes back without walking the trees.
    std::mem::forget(docs);
    if let Err(e) = write_report(&report, format, io) {
        return io.fail(e);
    }
    if report.is_empty() {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

/// `synth PROJECT --check FILE`: is FILE what synthesis would write?
pub fn check(project: &Path, file: &Path, common: Common, io: &mut Io<'_>) -> i32 {
    if is_project(file) {
        return io.usage(format_args!(
            "--check takes the committed template file, and {} is a project; give the template (e.g. template.yaml)",
            file.display()
        ));
    }
    // The common case first: the committed file is byte for byte what
    // synthesis writes (in its format), so nothing needs parsing or comparing.
    let raw = (file != Path::new("-"))
        .then(|| crate::fsio::read_bounded(file, MAX_TEMPLATE_BYTES).ok())
        .flatten()
        .map(|r| r.bytes);
    let committed = if raw.is_some() {
        None
    } else {
        match load_side(file, &common, io) {
            Ok(d) => Some(d),
            Err(code) => return code,
        }
    };
    let mut outcome = match super::compile(project, &common) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    // The template's canonical form, built by moving (not copying) the model.
    let canonical = outcome.template.take().map(|t| t.into_value());
    if let (Some(bytes), Some(t)) = (&raw, &canonical) {
        let json = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        let format = if json {
            crate::template::Format::Json
        } else {
            crate::template::Format::Yaml
        };
        if crate::template::emit_value(t, format).as_bytes() == bytes.as_slice() {
            if io.exiting {
                // The process ends now: freeing the trees node by node
                // would only cost time.
                std::mem::forget(canonical);
                std::mem::forget(outcome.project);
            }
            io.diagnostics(
                &outcome.diagnostics,
                Some(&outcome.source),
                common.message_format,
            );
            let _ = writeln!(io.stderr, "{} is up to date", file.display());
            return EXIT_OK;
        }
    }
    let committed = match committed {
        Some(c) => c,
        None => match load_side(file, &common, io) {
            Ok(d) => d,
            Err(code) => return code,
        },
    };
    io.diagnostics(
        &outcome.diagnostics,
        Some(&outcome.source),
        common.message_format,
    );
    let Some(t) = &canonical else {
        let _ = writeln!(
            io.stderr,
            "{} does not synthesize, so {} cannot be checked; fix the errors above",
            project.display(),
            file.display()
        );
        return super::EXIT_CHECK_INVALID;
    };
    let fresh = match diff::read::doc(t) {
        Ok(d) => d,
        Err(e) => return io.fail(e),
    };
    let (report, docs) = diff::compare_keeping(committed, fresh);
    std::mem::forget(docs);
    if report.is_empty() {
        let _ = writeln!(io.stderr, "{} is up to date", file.display());
        return EXIT_OK;
    }
    let _ = writeln!(
        io.stderr,
        "{file} is out of date; regenerate with `agentcore-synth synth {project} -o {file}`. Synthesizing {project} would change:",
        file = file.display(),
        project = project.display()
    );
    if let Err(e) = write_report(&report, DiffFormat::Text, io) {
        return io.fail(e);
    }
    EXIT_INVALID
}
