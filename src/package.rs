//! `package`: each CodeZip artifact of a template, zipped as the AgentCore
//! CLI does (dependencies installed for ARM64 Linux with `uv`, the code on
//! top), deterministically: sorted entries, fixed timestamps and modes, so
//! the same input gives the same bytes, named by the SHA-256 of those bytes.

use crate::template::Artifact;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A zip may be at most this large (the AgentCore CLI's limit).
pub const MAX_ZIP_BYTES: usize = 250 * 1024 * 1024;
const MAX_FILES: usize = 100_000;

/// Directories never packaged: virtual environments, caches, VCS data,
/// build output of other tools.
pub const SKIP_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".tox",
    "node_modules",
    ".aws-sam",
    "cdk.out",
    ".idea",
    ".vscode",
];

/// Whether the walk leaves an entry out. `agentcore/` (the project's own
/// configuration, with `.env.local` and deployed state) is left out when
/// the code directory is the project root; `.env*` files never are read.
fn skip(name: &str, is_dir: bool, depth: usize, at_root: bool) -> bool {
    if is_dir {
        SKIP_DIRS.contains(&name) || (at_root && depth == 0 && name == "agentcore")
    } else {
        name == ".DS_Store" || name.ends_with(".pyc") || name.ends_with(".pyo")
    }
}

/// A built zip.
#[derive(Debug, Clone)]
pub struct Built {
    pub artifact: Artifact,
    /// `<sha256>.zip`: the S3 key to upload it as.
    pub key: String,
    pub path: PathBuf,
    pub files: usize,
    pub bytes: usize,
}

/// What installs dependencies (the `uv` program, replaceable in tests).
pub struct Installer<'a> {
    pub program: &'a str,
}

/// The dependency file of a code directory: `pyproject.toml`, else `requirements.txt`.
fn dependency_file(dir: &Path) -> Option<PathBuf> {
    ["pyproject.toml", "requirements.txt"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
}

/// Build every artifact into `out`. `progress` receives one line per step.
pub fn build_all(
    root: &Path,
    artifacts: &[Artifact],
    out: &Path,
    installer: &Installer<'_>,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Built>, String> {
    let mut built = Vec::new();
    for a in artifacts {
        built.push(build(root, a, out, installer, progress)?);
    }
    Ok(built)
}

fn build(
    root: &Path,
    a: &Artifact,
    out: &Path,
    installer: &Installer<'_>,
    progress: &mut dyn FnMut(&str),
) -> Result<Built, String> {
    let rel = a.code_location.trim_end_matches('/');
    let rel = if rel.is_empty() { "." } else { rel };
    if Path::new(rel).is_absolute() {
        return Err(format!(
            "{}: codeLocation {rel} is absolute; packaging reads only files inside the project (write it relative to the project root)",
            a.what
        ));
    }
    let dir = root.join(rel);
    if !dir.is_dir() {
        return Err(format!(
            "{}: codeLocation {rel} is not a directory under the project root",
            a.what
        ));
    }
    let at_root = std::fs::canonicalize(&dir).ok() == std::fs::canonicalize(root).ok();
    let mut entries: BTreeMap<String, (Vec<u8>, bool)> = BTreeMap::new();
    // Dependencies first; the code goes on top (as the CLI's packager).
    if let (Some(deps), Some(python)) = (dependency_file(&dir), &a.python) {
        let staging = tempfile::tempdir().map_err(|e| e.to_string())?;
        progress(&format!(
            "{}: installing the dependencies of {} for Python {python} on ARM64 Linux (uv)",
            a.what,
            deps.file_name().and_then(|n| n.to_str()).unwrap_or("")
        ));
        let status = std::process::Command::new(installer.program)
            .args(["pip", "install", "--quiet", "--target"])
            .arg(staging.path())
            .args(["--python-version", python])
            .args(["--python-platform", "aarch64-manylinux2014"])
            .args(["--only-binary", ":all:", "-r"])
            .arg(&deps)
            .stdin(std::process::Stdio::null())
            .status();
        match status {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!(
                    "{}: {} lists dependencies, and installing them for ARM64 Linux needs uv, which is not installed (pip install uv, or see https://docs.astral.sh/uv/)",
                    a.what,
                    deps.display()
                ))
            }
            Err(e) => return Err(format!("{}: cannot run {}: {e}", a.what, installer.program)),
            Ok(s) if !s.success() => {
                return Err(format!(
                    "{}: `{} pip install` failed ({s}) for {}",
                    a.what,
                    installer.program,
                    deps.display()
                ))
            }
            Ok(_) => {}
        }
        let found = crate::fsio::walk(
            staging.path(),
            None,
            &|n, d, depth| skip(n, d, depth, false),
            MAX_FILES,
        )?;
        for f in found {
            let bytes = crate::fsio::read_bounded(&f.path, MAX_ZIP_BYTES as u64)
                .map_err(|e| format!("{}: {e}", f.path.display()))?
                .bytes;
            entries.insert(f.rel, (bytes, f.executable));
        }
    }
    progress(&format!("{}: zipping {rel}", a.what));
    let found = crate::fsio::walk(
        &dir,
        Some(root),
        &|n, d, depth| skip(n, d, depth, at_root),
        MAX_FILES,
    )
    .map_err(|e| format!("{}: {e}", a.what))?;
    let mut total = 0usize;
    for f in found {
        let file_rel = if rel == "." {
            f.rel.clone()
        } else {
            format!("{rel}/{}", f.rel)
        };
        let read = crate::fsio::read_in_project(root, &file_rel, MAX_ZIP_BYTES as u64)
            .map_err(|e| format!("{}: {file_rel}: {e}", a.what))?;
        total += read.bytes.len();
        if total > MAX_ZIP_BYTES {
            return Err(format!(
                "{}: the code is over {} MiB, the AgentCore limit for a zip",
                a.what,
                MAX_ZIP_BYTES / 1024 / 1024
            ));
        }
        entries.insert(f.rel, (read.bytes, f.executable));
    }
    let zip = zip_bytes(&entries)?;
    if zip.len() > MAX_ZIP_BYTES {
        return Err(format!(
            "{}: the zip is {} bytes, over the AgentCore limit of {MAX_ZIP_BYTES}",
            a.what,
            zip.len()
        ));
    }
    let hash = Sha256::digest(&zip);
    let key = format!("{}.zip", hex(&hash));
    let path = out.join(&key);
    crate::fsio::write_atomic(&path, &zip, &[])
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Built {
        artifact: a.clone(),
        key,
        path,
        files: entries.len(),
        bytes: zip.len(),
    })
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The zip of `entries` (sorted by path): every entry dated 1980-01-01
/// 00:00, mode 0644 (0755 when executable), deflated at level 6.
pub fn zip_bytes(entries: &BTreeMap<String, (Vec<u8>, bool)>) -> Result<Vec<u8>, String> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, (bytes, exec)) in entries {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(if *exec { 0o755 } else { 0o644 });
        w.start_file(name.as_str(), options)
            .map_err(|e| format!("zip: {e}"))?;
        w.write_all(bytes).map_err(|e| format!("zip: {e}"))?;
    }
    w.finish()
        .map(|c| c.into_inner())
        .map_err(|e| format!("zip: {e}"))
}
