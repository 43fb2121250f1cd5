//! `JSON.stringify(value, null, 2)` for the spanned JSON tree, plus the
//! trailing newline the AgentCore CLI writes. Numbers keep their text.

use crate::project::json::{Kind, Node};

pub fn to_string(n: &Node) -> String {
    let mut out = String::with_capacity(4096);
    value(&mut out, n, 0);
    out.push('\n');
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn value(out: &mut String, n: &Node, level: usize) {
    match &n.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(t) => out.push_str(t),
        Kind::String(s) => string(out, s),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Array(items) => {
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                indent(out, level + 1);
                value(out, it, level + 1);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push(']');
        }
        Kind::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Kind::Object(entries) => {
            out.push_str("{\n");
            for (i, e) in entries.iter().enumerate() {
                indent(out, level + 1);
                string(out, &e.key);
                out.push_str(": ");
                value(out, &e.value, level + 1);
                if i + 1 < entries.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push('}');
        }
    }
}

/// A string literal with the escapes `JSON.stringify` uses.
fn string(out: &mut String, s: &str) {
    crate::template::json::write_str(out, s);
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
