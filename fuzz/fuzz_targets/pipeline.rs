//! Fuzz load + validate + synth + emit: any bytes as agentcore.json.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let loaded = agentcore_synth::project::load::load_bytes(
        Path::new("fuzz/agentcore/agentcore.json"),
        "agentcore.json".into(),
        data.to_vec(),
    );
    let outcome = agentcore_synth::compile_loaded(loaded);
    match &outcome.template {
        Some(t) => {
            let mut d = Vec::new();
            let _ =
                agentcore_synth::emit_checked(t, agentcore_synth::template::Format::Json, &mut d);
            let _ =
                agentcore_synth::emit_checked(t, agentcore_synth::template::Format::Yaml, &mut d);
        }
        None => assert!(outcome.has_errors()),
    }
});
