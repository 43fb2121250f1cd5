//! Fuzz the linear pattern matcher against the `regex` crate: the first
//! byte picks a pattern (every pattern of the embedded schemas, in the
//! form the schema check uses), the rest is the input. Both must agree.
#![no_main]

use agentcore_synth::check::validator::ascii_classes;
use agentcore_synth::pattern::Pattern;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

type Pair = (Pattern, regex::bytes::Regex);

fn all() -> &'static [Pair] {
    static ALL: OnceLock<Vec<Pair>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut ps: Vec<&str> = agentcore_synth::cfn::schemas()
            .into_iter()
            .flat_map(|s| s.patterns())
            .collect();
        ps.sort();
        ps.dedup();
        ps.iter()
            .filter_map(|p| {
                let p = ascii_classes(p);
                let ours = Pattern::new(&p)?;
                let reference = regex::bytes::RegexBuilder::new(&p)
                    .unicode(false)
                    .build()
                    .or_else(|_| regex::bytes::RegexBuilder::new(&p).build())
                    .ok()?;
                Some((ours, reference))
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let pairs = all();
    let (ours, reference) = &pairs[*first as usize % pairs.len()];
    assert_eq!(ours.is_match(text), reference.is_match(text.as_bytes()), "{reference:?} on {text:?}");
});
