//! Shared helpers for the integration tests.
#![allow(dead_code)]

use agentcore_synth::diagnostics::render::{self, Format, Style};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every case: `tests/fixtures/<case>` and `examples/<case>`, by name.
pub fn cases() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures", "examples"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            if e.path().join("agentcore/agentcore.json").is_file() {
                out.push((e.file_name().to_string_lossy().into_owned(), e.path()));
            }
        }
    }
    out.sort();
    out
}

/// Diagnostics rendered as humans and as JSON lines see them, with the
/// file name made relative so snapshots do not depend on the checkout path.
pub fn render_diagnostics(outcome: &agentcore_synth::Outcome, case_dir: &Path) -> (String, String) {
    let mut source = outcome.source.clone();
    let rel = case_dir
        .join("agentcore/agentcore.json")
        .strip_prefix(root())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| source.name.clone());
    source.name = rel;
    let mut human = Vec::new();
    render::write_all(
        &mut human,
        &outcome.diagnostics,
        Some(&source),
        Format::Human,
        Style { color: false },
    )
    .unwrap();
    let mut json = Vec::new();
    render::write_all(
        &mut json,
        &outcome.diagnostics,
        Some(&source),
        Format::Json,
        Style { color: false },
    )
    .unwrap();
    (
        String::from_utf8(human).unwrap(),
        String::from_utf8(json).unwrap(),
    )
}

/// Decode a YAML template with CloudFormation short-form tags into the JSON
/// value the long form would be.
pub fn yaml_to_json(text: &str) -> serde_json::Value {
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).expect("valid YAML");
    convert(v)
}

fn convert(v: serde_yaml_ng::Value) -> serde_json::Value {
    use serde_json::Value as J;
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(convert).collect()),
        Y::Mapping(m) => J::Object(
            m.into_iter()
                .map(|(k, v)| (k.as_str().expect("string keys").to_string(), convert(v)))
                .collect(),
        ),
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let inner = convert(t.value);
            let (key, arg) = match tag {
                "Ref" => ("Ref".to_string(), inner),
                "GetAtt" => {
                    let s = inner
                        .as_str()
                        .expect("GetAtt short form is a string")
                        .to_string();
                    let (a, b) = s.split_once('.').expect("Resource.Attribute");
                    ("Fn::GetAtt".to_string(), serde_json::json!([a, b]))
                }
                other => (format!("Fn::{other}"), inner),
            };
            let mut m = serde_json::Map::new();
            m.insert(key, arg);
            J::Object(m)
        }
    }
}

/// Copy a directory tree (a project) into a temporary place.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// An insta snapshot stored under `snapshots/` by name.
pub fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// A small deterministic PRNG (xorshift), so generated inputs reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

// ---- one harness for running the binary ----

/// Every file below `dir`, relative to `base`, for failure dumps.
fn list(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        out.push(p.strip_prefix(base).unwrap_or(&p).display().to_string());
        if p.is_dir() && out.len() < 500 {
            list(base, &p, out);
        }
    }
}

/// What one run of the binary did.
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Where it ran (listed in a failure dump).
    pub cwd: PathBuf,
}

impl Out {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Assert the exit code; on failure dump the run (ripgrep's harness):
    /// the directory listing, stdout, stderr and the code.
    pub fn expect(&self, code: i32) -> &Self {
        if self.code != Some(code) {
            let mut listing = Vec::new();
            list(&self.cwd, &self.cwd, &mut listing);
            panic!(
                "expected exit {code}, got {:?}\n--- cwd {} ---\n{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.code,
                self.cwd.display(),
                listing.join("\n"),
                self.stdout,
                self.stderr
            );
        }
        self
    }
}

/// Run the binary in `cwd`; a run still going after `limit` is killed and
/// fails the test (a hang).
pub fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)], limit: std::time::Duration) -> Out {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_agentcore-synth"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        // Isolated from the caller's AWS configuration.
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let child = c.spawn().unwrap();
    let pid = child.id();
    // Pipes are drained while the child runs (wait_with_output), on a thread,
    // so a full pipe cannot stall it and the time-out still holds.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let o = match rx.recv_timeout(limit) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            // SAFETY: kill of the child we spawned.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("agentcore-synth {args:?} did not finish within {limit:?} (a hang)");
        }
    };
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        cwd: cwd.to_path_buf(),
    }
}

/// The template of the project at `dir`, as JSON (panics with the
/// diagnostics when it does not synthesize).
pub fn synth_json(dir: &std::path::Path) -> serde_json::Value {
    let outcome = agentcore_synth::compile(dir).unwrap();
    let t = outcome
        .template
        .unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics));
    serde_json::from_str(&agentcore_synth::template::emit(
        &t,
        agentcore_synth::template::Format::Json,
    ))
    .unwrap()
}

/// Every leaf path whose value differs between two JSON documents.
pub fn differences(
    a: &serde_json::Value,
    b: &serde_json::Value,
    path: String,
    out: &mut Vec<String>,
) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                differences(
                    x.get(k).unwrap_or(&serde_json::Value::Null),
                    y.get(k).unwrap_or(&serde_json::Value::Null),
                    format!("{path}.{k}"),
                    out,
                );
            }
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(path),
        _ => {}
    }
}
