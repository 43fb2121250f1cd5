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
