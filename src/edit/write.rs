//! `JSON.stringify(value, null, 2)` for the spanned JSON tree, plus the
//! trailing newline the AgentCore CLI writes. Numbers keep their text.
//!
//! A string that is still where it was in the source (its span covers a
//! string literal there) is written from that literal, with
//! `JSON.stringify`'s escapes: a lone surrogate (`\ud800`), which a Rust
//! string cannot hold, is kept as written instead of becoming U+FFFD.

use crate::json::{Kind, Node};
use crate::template::json::write_str;

/// The file text for `n`; `source` is the text the tree was parsed from.
pub fn to_string(n: &Node, source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 256);
    write_node(&mut out, n, source, 0);
    out.push('\n');
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_node(out: &mut String, n: &Node, source: &str, level: usize) {
    match &n.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(t) => out.push_str(t),
        Kind::String(s) => write_string(out, s, source.get(n.span.start..n.span.end)),
        Kind::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, level + 1);
                write_node(out, item, source, level + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push(']');
        }
        Kind::Object(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, e) in entries.iter().enumerate() {
                indent(out, level + 1);
                write_string(out, &e.key, source.get(e.key_span.start..e.key_span.end));
                out.push_str(": ");
                write_node(out, &e.value, source, level + 1);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push('}');
        }
    }
}

/// `decoded` as JSON.stringify writes it; when `raw` is the literal it was
/// decoded from and holds a lone surrogate, from the literal.
fn write_string(out: &mut String, decoded: &str, raw: Option<&str>) {
    match raw {
        Some(raw) if raw.len() >= 2 && raw.starts_with('"') && raw.contains("\\u") => {
            if !restringify(out, &raw[1..raw.len() - 1], decoded) {
                write_str(out, decoded);
            }
        }
        _ => write_str(out, decoded),
    }
}

/// Re-escape the body of a JSON string literal the way `JSON.stringify`
/// would write the JavaScript string it denotes. Returns false (writing
/// nothing) when the literal does not decode to `decoded` apart from lone
/// surrogates, i.e. when the node no longer holds what the source says.
fn restringify(out: &mut String, body: &str, decoded: &str) -> bool {
    let mut units: Vec<u16> = Vec::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buf));
            continue;
        }
        let unit = match chars.next() {
            Some('"') => b'"' as u16,
            Some('\\') => b'\\' as u16,
            Some('/') => b'/' as u16,
            Some('b') => 8,
            Some('f') => 12,
            Some('n') => 10,
            Some('r') => 13,
            Some('t') => 9,
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u16::from_str_radix(&hex, 16) {
                    Ok(u) if hex.len() == 4 => u,
                    _ => return false,
                }
            }
            _ => return false,
        };
        units.push(unit);
    }
    if String::from_utf16_lossy(&units) != decoded {
        return false;
    }
    let mut s = String::new();
    let mut i = 0;
    s.push('"');
    while i < units.len() {
        let u = units[i];
        if (0xD800..0xDC00).contains(&u) && i + 1 < units.len() {
            let lo = units[i + 1];
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + (((u as u32) - 0xD800) << 10) + ((lo as u32) - 0xDC00);
                s.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                i += 2;
                continue;
            }
        }
        if (0xD800..0xE000).contains(&u) {
            s.push_str(&format!("\\u{u:04x}"));
        } else {
            let c = char::from_u32(u as u32).unwrap_or('\u{FFFD}');
            let mut one = String::new();
            write_str(&mut one, c.encode_utf8(&mut [0; 4]));
            s.push_str(&one[1..one.len() - 1]);
        }
        i += 1;
    }
    s.push('"');
    out.push_str(&s);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(text: &str) -> String {
        let n = crate::json::parse(text, &mut Vec::new()).unwrap();
        to_string(&n, text)
    }

    #[test]
    fn round_trips_cli_formatted_files() {
        let text = "{\n  \"name\": \"X\",\n  \"version\": 1,\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1.50,\n    \"é\\n\\u0001\"\n  ]\n}\n";
        assert_eq!(round(text), text);
    }

    #[test]
    fn keeps_lone_surrogates_and_normalizes_other_escapes() {
        let text = "{\n  \"x\\ud800\": \"a\\udc00b\",\n  \"y\": \"\\u00e9\\/\\ud83d\\ude00\"\n}\n";
        assert_eq!(
            round(text),
            "{\n  \"x\\ud800\": \"a\\udc00b\",\n  \"y\": \"é/😀\"\n}\n"
        );
    }
}
