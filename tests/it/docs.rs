//! Documentation stays in step with the code.

use crate::common;

use agentcore_synth::diagnostics::Code;

#[test]
fn every_diagnostic_code_is_documented() {
    let doc = std::fs::read_to_string(common::root().join("docs/errors.md")).unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !doc.contains(&format!("### {c}")))
        .collect();
    assert!(missing.is_empty(), "docs/errors.md lacks {missing:?}");
}

#[test]
fn every_documented_code_exists() {
    let doc = std::fs::read_to_string(common::root().join("docs/errors.md")).unwrap();
    for line in doc.lines().filter_map(|l| l.strip_prefix("### ")) {
        let code = line.split_whitespace().next().unwrap();
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == code),
            "docs/errors.md lists unknown code {code}"
        );
    }
}

#[test]
fn every_code_in_the_snapshots_is_documented() {
    let doc = std::fs::read_to_string(common::root().join("docs/errors.md")).unwrap();
    let mut seen = 0;
    for e in std::fs::read_dir(common::root().join("snapshots"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for (i, _) in text.match_indices("\"code\":\"AC") {
            let code = &text[i + 8..i + 14];
            seen += 1;
            assert!(
                doc.contains(&format!("### {code}")),
                "{code} in {} is not in docs/errors.md",
                e.path().display()
            );
        }
    }
    assert!(
        seen > 50,
        "expected many diagnostics in the snapshots, found {seen}"
    );
}
