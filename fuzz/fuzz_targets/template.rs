//! Fuzz the template reader of `diff` / `synth --check`: any bytes as a
//! template file (JSON or YAML). Whatever parses must compare equal to
//! itself; nothing may panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = agentcore_synth::diff::read::parse(text) {
        let report = agentcore_synth::diff::compare(&doc, &doc);
        assert!(report.is_empty(), "a template differs from itself");
    }
});
