//! No input makes the compiler panic, and every rejected input says why.
//! Thousands of mutations of the fixture files (byte flips, truncations,
//! type swaps, deep nesting, huge strings, invalid UTF-8) go through the
//! whole pipeline.

use crate::common;

use common::Rng;

use agentcore_synth::project::load::load_bytes;
use std::path::Path;

fn check(file: &Path, bytes: Vec<u8>, what: &str) {
    let loaded = load_bytes(file, "agentcore.json".into(), bytes);
    let outcome = agentcore_synth::compile_loaded(loaded);
    if let Some(t) = &outcome.template {
        // Whatever compiles must also emit.
        let mut d = Vec::new();
        let _ = agentcore_synth::emit_checked(t, agentcore_synth::template::Format::Yaml, &mut d);
    } else {
        assert!(
            outcome.has_errors(),
            "{what}: rejected without an error diagnostic"
        );
    }
}

fn mutations(src: &[u8], rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for _ in 0..40 {
        let mut b = src.to_vec();
        let i = rng.below(b.len());
        b[i] = (rng.next() & 0xff) as u8;
        out.push((format!("flip@{i}"), b));
    }
    for _ in 0..15 {
        let i = rng.below(src.len());
        out.push((format!("truncate@{i}"), src[..i].to_vec()));
    }
    let text = String::from_utf8_lossy(src).into_owned();
    let quotes: Vec<usize> = text.match_indices(": \"").map(|(i, _)| i + 2).collect();
    for _ in 0..20 {
        if quotes.is_empty() {
            break;
        }
        let start = quotes[rng.below(quotes.len())];
        let Some(len) = text[start + 1..].find('"') else {
            continue;
        };
        let repl = [
            "123",
            "true",
            "null",
            "[]",
            "{}",
            "[\"x\"]",
            "{\"a\": 1}",
            "-0.5e10",
        ][rng.below(8)];
        let mut t = text.clone();
        t.replace_range(start..start + len + 2, repl);
        out.push((format!("swap@{start}->{repl}"), t.into_bytes()));
    }
    let colons: Vec<usize> = text.match_indices(": ").map(|(i, _)| i + 2).collect();
    if !colons.is_empty() {
        let at = colons[rng.below(colons.len())];
        let mut t = text.clone();
        t.insert_str(at, &format!("{}1{}, ", "[".repeat(300), "]".repeat(300)));
        out.push(("deep".into(), t.into_bytes()));
        let mut t = text.clone();
        t.insert_str(at, &format!("\"{}\", ", "x".repeat(1 << 20)));
        out.push(("huge-string".into(), t.into_bytes()));
    }
    let mut b = src.to_vec();
    let i = rng.below(b.len());
    b.splice(i..i, [0xff, 0xfe, 0xc3]);
    out.push(("invalid-utf8".into(), b));
    out
}

#[test]
fn thousands_of_mutations_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut count = 0;
    for (case, dir) in common::cases() {
        let file = dir.join("agentcore/agentcore.json");
        let src = std::fs::read(&file).unwrap();
        for (what, bytes) in mutations(&src, &mut rng) {
            check(&file, bytes, &format!("{case} {what}"));
            count += 1;
        }
    }
    assert!(count >= 3000, "only {count} mutations");
}

#[test]
fn nesting_100000_levels_deep_is_a_diagnostic() {
    let text = format!("{{\"name\": {}", "[".repeat(100_000));
    let loaded = load_bytes(
        Path::new("agentcore.json"),
        "agentcore.json".into(),
        text.into_bytes(),
    );
    assert_eq!(loaded.diagnostics[0].code.as_str(), "AC0003");
}

#[test]
fn a_100_mb_string_is_a_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("agentcore.json");
    let mut text = String::with_capacity(100 * 1024 * 1024 + 64);
    text.push_str("{\"name\": \"");
    text.extend(std::iter::repeat_n('a', 100 * 1024 * 1024));
    text.push_str("\", \"version\": 1}");
    std::fs::write(&file, text).unwrap();
    let outcome = agentcore_synth::compile(&file).unwrap();
    assert!(outcome.template.is_none());
    assert_eq!(outcome.diagnostics[0].code.as_str(), "AC0005");
}

#[test]
fn five_unrelated_mistakes_give_five_diagnostics_with_positions() {
    let dir = common::root().join("tests/fixtures/err-five-mistakes");
    let text = std::fs::read_to_string(dir.join("agentcore/agentcore.json")).unwrap();
    let outcome = agentcore_synth::compile(&dir).unwrap();
    let pos = |needle: &str| {
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
        outcome.source.line_col(at)
    };
    let got: Vec<(String, (usize, usize))> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                outcome.source.line_col(d.span.expect("located").start),
            )
        })
        .collect();
    let want = vec![
        ("AC2001".to_string(), pos("\"CustomOauth3\"")),
        ("AC1006".to_string(), pos("\"weather key\"")),
        ("AC3006".to_string(), pos("\"idq\"")),
        ("AC1003".to_string(), pos("\"descripton\"")),
        ("AC1003".to_string(), pos("\"memorys\"")),
    ];
    assert_eq!(got, want);
    assert_eq!(want[0].1, (8, 17));
}
