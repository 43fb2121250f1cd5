//! `agentcore-synth params`: the parameters a stack needs, and the
//! parameter file `aws cloudformation deploy --parameter-overrides
//! file://FILE` reads. Secrets are never written to a file.

use super::{Common, Io, EXIT_INVALID, EXIT_OK};
use crate::params::{self, Kind};
use std::path::Path;

#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum ParamsFormat {
    Text,
    Json,
}

pub struct Args<'a> {
    pub project: &'a Path,
    pub format: ParamsFormat,
    pub output: Option<&'a Path>,
    pub target: Option<&'a str>,
    pub secrets_from_env: bool,
    pub omit_unset: bool,
    pub with: &'a [std::path::PathBuf],
    pub set: &'a [String],
}

/// Whether writing to `path` puts the bytes in a file on disk (a regular
/// file, or a path that does not exist yet), not into a stream.
fn is_disk(path: &Path) -> bool {
    if path == Path::new("-") {
        return false;
    }
    match std::fs::metadata(path) {
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                !(t.is_fifo() || t.is_char_device())
            }
            #[cfg(not(unix))]
            {
                m.is_file()
            }
        }
        Err(_) => true,
    }
}

pub fn run(a: Args<'_>, common: Common, io: &mut Io<'_>) -> i32 {
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
    let target = match a.target {
        None => None,
        Some(name) => match crate::project::targets::read(&project.root, name) {
            Ok(t) => Some(t),
            Err(e) => return io.usage(e),
        },
    };
    let mut list = params::of(project, template, target.as_ref());
    let mut given: Vec<(String, String, String)> = Vec::new();
    for f in a.with {
        let read = match crate::fsio::read_bounded(f, 1024 * 1024) {
            Ok(r) => r,
            Err(e) => return io.fail(format_args!("cannot read {}: {e}", f.display())),
        };
        match params::read_overrides(&read.bytes) {
            Ok(pairs) => given.extend(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, v, format!("--with {}", f.display()))),
            ),
            Err(e) => return io.usage(format_args!("{}: {e}", f.display())),
        }
    }
    for s in a.set {
        match s.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                given.push((k.to_string(), v.to_string(), "--set".into()))
            }
            _ => return io.usage(format_args!("--set takes KEY=VALUE, not {s:?}")),
        }
    }
    for (k, v, from) in given {
        let Some(p) = list.iter_mut().find(|p| p.name == k) else {
            let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
            return io.usage(format_args!(
                "{from}: the template has no parameter {k}{}",
                crate::diagnostics::did_you_mean(&k, names.iter().copied())
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default()
            ));
        };
        if p.kind == Kind::Secret {
            return io.usage(format_args!(
                "{from}: {k} is a secret; it is never taken from a file or the command line (set {} and use --secrets-from-env)",
                p.env.as_deref().unwrap_or("")
            ));
        }
        p.value = Some(v);
    }
    let Some(output) = a.output else {
        if a.secrets_from_env {
            return io.usage("--secrets-from-env fills a parameter file: give -o - (standard output) and pipe it into `aws cloudformation deploy --parameter-overrides file:///dev/stdin`");
        }
        let text = match a.format {
            ParamsFormat::Text => params::text(&list),
            ParamsFormat::Json => {
                let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
                s.push('\n');
                s
            }
        };
        return super::write_out(io, text.as_bytes(), "the parameters");
    };
    let mut secrets: Vec<(String, String)> = Vec::new();
    if a.secrets_from_env {
        if is_disk(output) {
            return io.usage(format_args!(
                "secrets are never written to a file: write to standard output (-o -) and pipe it, e.g. `agentcore-synth params . --secrets-from-env -o - | aws cloudformation deploy … --parameter-overrides file:///dev/stdin` ({} is a file)",
                output.display()
            ));
        }
        let mut unset = Vec::new();
        for p in list.iter().filter(|p| p.kind == Kind::Secret) {
            let var = params::env_var(&p.name);
            match std::env::var(&var) {
                Ok(v) if !v.is_empty() => secrets.push((p.name.clone(), v)),
                _ => unset.push(var),
            }
        }
        if !unset.is_empty() {
            return io.usage(format_args!(
                "--secrets-from-env: set {} (the value is read from the environment, never from a file)",
                unset.join(", ")
            ));
        }
    }
    let unset = if a.omit_unset {
        params::Unset::Omitted
    } else {
        params::Unset::Named
    };
    let body = params::overrides_file(&list, &secrets, unset);
    let written = if output == Path::new("-") {
        io.stdout
            .write_all(body.as_bytes())
            .and_then(|_| io.stdout.flush())
    } else {
        crate::fsio::write_atomic(output, body.as_bytes(), &outcome.files)
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    if let Err(e) = written {
        return io.fail(format_args!("cannot write {}: {e}", output.display()));
    }
    let missing = params::missing(&list, &secrets);
    if !missing.is_empty() && !io.quiet {
        let file = if output == Path::new("-") {
            "the output".to_string()
        } else {
            output.display().to_string()
        };
        let mut msg = match unset {
            params::Unset::Named => format!(
                "{} of {} parameters have no value in {file}: named with an empty one, which CloudFormation refuses (no parameter accepts an empty value) until it is given; for an update that keeps the stack's values, write the file with --omit-unset\n",
                missing.len(),
                list.len(),
            ),
            params::Unset::Omitted => format!(
                "{} of {} parameters are not in {file}: on an update the stack keeps its values; a first deploy needs them\n",
                missing.len(),
                list.len(),
            ),
        };
        for p in &missing {
            let how = match p.kind {
                Kind::Secret => format!(
                    "secret: set {} and use --secrets-from-env -o -, or name a Secrets Manager secret in agentcore.json",
                    p.env.as_deref().unwrap_or("")
                ),
                Kind::Arn if p.name.ends_with("ProviderArn") && target.is_none() => format!(
                    "--target NAME derives it from agentcore/aws-targets.json, or --set {}=VALUE",
                    p.name
                ),
                Kind::Artifact if !p.name.ends_with("ImageUri") => format!(
                    "`package --s3-bucket BUCKET` writes it; pass that file with --with, or --set {}=VALUE",
                    p.name
                ),
                _ => format!(
                    "nothing in the project determines it: --set {}=VALUE",
                    p.name
                ),
            };
            msg.push_str(&format!("  {}  ({how}) {}\n", p.name, p.description));
        }
        let _ = io.stderr.write_all(msg.as_bytes());
    }
    EXIT_OK
}
