//! `JSON.stringify(value, null, 2)` for the spanned JSON tree, plus the
//! trailing newline the AgentCore CLI writes. Numbers keep their text. The
//! template's JSON emitter writes exactly this format, so it serves both.

use crate::project::json::Node;

pub fn to_string(n: &Node) -> String {
    crate::template::json::to_string(&crate::synth::node_value(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_cli_formatted_files() {
        let text = "{\n  \"name\": \"X\",\n  \"version\": 1,\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1.50,\n    \"é\\n\\u0001\"\n  ]\n}\n";
        let n = crate::project::json::parse(text, &mut Vec::new()).unwrap();
        assert_eq!(to_string(&n), text);
    }
}
