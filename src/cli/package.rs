//! `agentcore-synth package`: the code zips of the template's artifact
//! parameters, built deterministically, and (with `--s3-bucket`) the
//! parameter file with their bucket and keys.

use super::{Common, Io, EXIT_INVALID};
use crate::params::{self, Kind};
use std::path::Path;

pub struct Args<'a> {
    pub project: &'a Path,
    pub out: &'a Path,
    pub s3_bucket: Option<&'a str>,
    pub params: Option<&'a Path>,
    pub target: Option<&'a str>,
}

pub fn run(a: Args<'_>, common: Common, io: &mut Io<'_>) -> i32 {
    if a.project == Path::new("-") {
        return io.usage(
            "package reads the code next to agentcore.json: give the project directory, not -",
        );
    }
    let outcome = match super::compile(a.project, &common) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    let (Some(project), Some(template)) = (&outcome.project, &outcome.template) else {
        io.diagnostics(
            &outcome.diagnostics,
            Some(&outcome.source),
            common.message_format,
        );
        return EXIT_INVALID;
    };
    if let Some(b) = a.s3_bucket {
        if !crate::validate::Pattern::new(crate::synth::runtime::BUCKET_PATTERN).is_match(b) {
            return io.usage(format_args!("--s3-bucket {b:?} is not an S3 bucket name"));
        }
    }
    let target = match a.target {
        None => None,
        Some(name) => match crate::project::targets::read(&project.root, name) {
            Ok(t) => Some(t),
            Err(e) => return io.usage(e),
        },
    };
    if let Err(e) = std::fs::create_dir_all(a.out) {
        return io.fail(format_args!("cannot create {}: {e}", a.out.display()));
    }
    let quiet = io.quiet;
    let built = {
        let stderr = &mut *io.stderr;
        let mut progress = |s: &str| {
            if !quiet {
                let _ = writeln!(stderr, "{s}");
            }
        };
        let installer = crate::package::Installer { program: "uv" };
        crate::package::build_all(
            &project.root,
            &template.artifacts,
            a.out,
            &installer,
            &mut progress,
        )
    };
    let built = match built {
        Ok(b) => b,
        Err(e) => return io.fail(e),
    };
    let mut report = String::new();
    for b in &built {
        report.push_str(&format!(
            "{}: {} ({} files, {} bytes) -> {}={}\n",
            b.artifact.what,
            b.path.display(),
            b.files,
            b.bytes,
            b.artifact.key_parameter,
            b.key
        ));
    }
    if built.is_empty() {
        report.push_str("no CodeZip artifacts in this project\n");
    }
    let list = params::of(project, template, target.as_ref());
    for p in list.iter().filter(|p| p.name.ends_with("ImageUri")) {
        if !quiet {
            let _ = writeln!(
                io.stderr,
                "{}: a Container runtime's image, not built here; build and push it (docs/runtimes.md#artifacts) and give it at deploy",
                p.name
            );
        }
    }
    if let Some(bucket) = a.s3_bucket {
        let mut list = list;
        for b in &built {
            for p in list.iter_mut() {
                if p.name == b.artifact.bucket_parameter {
                    p.value = Some(bucket.to_string());
                } else if p.name == b.artifact.key_parameter {
                    p.value = Some(b.key.clone());
                }
            }
        }
        let file = a
            .params
            .map(Path::to_path_buf)
            .unwrap_or_else(|| a.out.join("params.json"));
        let body = params::overrides_file(&list, &[], params::Unset::Named);
        if let Err(e) = crate::fsio::write_atomic(&file, body.as_bytes(), &outcome.files) {
            return io.fail(format_args!("cannot write {}: {e}", file.display()));
        }
        report.push_str(&format!("parameter file: {}\n", file.display()));
        for b in &built {
            report.push_str(&format!(
                "upload: aws s3 cp {} s3://{bucket}/{}\n",
                b.path.display(),
                b.key
            ));
        }
        let missing: Vec<String> = params::missing(&list, &[])
            .iter()
            .map(|p| match p.kind {
                Kind::Secret => format!("{} (secret)", p.name),
                _ => p.name.clone(),
            })
            .collect();
        if !missing.is_empty() {
            report.push_str(&format!(
                "still to give at deploy: {}\n",
                missing.join(", ")
            ));
        }
    }
    super::write_out(io, report.as_bytes(), "the report")
}
