//! Golden templates and diagnostic snapshots for every fixture and example.
//!
//! * A case that compiles has goldens `templates/<case>.json` and
//!   `templates/<case>.yaml`; the test fails when they are stale.
//! * Every case's diagnostics (human and JSON lines) are insta snapshots
//!   under `snapshots/`, with the input shown in the snapshot.
//!
//! Regenerate both: `UPDATE_GOLDENS=1 INSTA_UPDATE=always cargo test fixtures::`
//! (see docs/development.md), then review `git diff`.

use crate::common;

use agentcore_synth::template::Format;
use common::*;
use std::collections::BTreeSet;

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDENS").is_some()
}

#[test]
fn goldens_are_current() {
    let mut stale = Vec::new();
    let mut expected = BTreeSet::new();
    for (case, dir) in cases() {
        let outcome = agentcore_synth::compile(&dir).unwrap();
        let Some(t) = &outcome.template else { continue };
        for (format, ext) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
            let mut d = Vec::new();
            let text = agentcore_synth::emit_checked(t, format, &mut d);
            let path = root().join("templates").join(format!("{case}.{ext}"));
            expected.insert(path.clone());
            let current = std::fs::read_to_string(&path).ok();
            if current.as_deref() != Some(text.as_str()) {
                if update() {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, &text).unwrap();
                } else {
                    stale.push(path.display().to_string());
                }
            }
        }
    }
    // Goldens whose case no longer compiles (or no longer exists) are stale too.
    for e in std::fs::read_dir(root().join("templates"))
        .unwrap()
        .flatten()
    {
        if !expected.contains(&e.path()) {
            if update() {
                std::fs::remove_file(e.path()).unwrap();
            } else {
                stale.push(format!("{} (no such valid case)", e.path().display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale goldens (regenerate with `UPDATE_GOLDENS=1 cargo test fixtures::`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn diagnostics_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("../fixtures", "*/agentcore/agentcore.json", |path| {
            let case_dir = path.parent().unwrap().parent().unwrap();
            let outcome = agentcore_synth::compile(case_dir).unwrap();
            let (human, json) = render_diagnostics(&outcome, case_dir);
            let status = if outcome.template.is_some() {
                "synthesizes"
            } else {
                "rejected"
            };
            insta::assert_snapshot!(
                "diagnostics",
                format!("status: {status}\n\n--- human ---\n{human}\n--- json ---\n{json}")
            );
        });
    });
}

#[test]
fn json_and_yaml_goldens_decode_to_the_same_value() {
    let mut checked = 0;
    for (case, dir) in cases() {
        let outcome = agentcore_synth::compile(&dir).unwrap();
        let Some(t) = &outcome.template else { continue };
        let json: serde_json::Value =
            serde_json::from_str(&agentcore_synth::template::emit(t, Format::Json)).unwrap();
        let yaml = yaml_to_json(&agentcore_synth::template::emit(t, Format::Yaml));
        assert_eq!(json, yaml, "{case}: JSON and YAML differ");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} cases compiled");
}

#[test]
fn output_is_deterministic() {
    for (case, dir) in cases() {
        let a = agentcore_synth::compile(&dir).unwrap();
        let b = agentcore_synth::compile(&dir).unwrap();
        let (Some(ta), Some(tb)) = (a.template, b.template) else {
            continue;
        };
        for f in [Format::Json, Format::Yaml] {
            assert_eq!(
                agentcore_synth::template::emit(&ta, f),
                agentcore_synth::template::emit(&tb, f),
                "{case}"
            );
        }
    }
}

/// Cases named `err-*` must be rejected with at least one error; all others
/// must synthesize.
#[test]
fn fixture_names_match_their_outcome() {
    for (case, dir) in cases() {
        let outcome = agentcore_synth::compile(&dir).unwrap();
        if case.starts_with("err-") {
            assert!(outcome.has_errors(), "{case} should be rejected");
        } else {
            assert!(
                outcome.template.is_some(),
                "{case} should synthesize: {:#?}",
                outcome.diagnostics
            );
        }
    }
}
