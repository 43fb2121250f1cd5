//! JSON emitter: two-space indentation, keys in model order, intrinsics in
//! their long form (`{"Ref": ...}`, `{"Fn::GetAtt": [...]}`), a trailing newline.

use super::Value;

pub fn to_string(v: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, v, 0);
    out.push('\n');
    out
}

fn indent(out: &mut String, level: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = 2 * level;
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

fn write_value(out: &mut String, v: &Value, level: usize) {
    use std::fmt::Write;
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Number(n) => out.push_str(n),
        Value::Str(s) => write_str(out, s),
        Value::List(items) => write_list(out, items, level),
        Value::Map(m) => write_map(out, m.iter().map(|(k, v)| (k.as_str(), v)), m.len(), level),
        Value::Ref(name) => {
            write_single(out, "Ref", level, |out, _| write_str(out, name));
        }
        Value::GetAtt(res, attr) => write_single(out, "Fn::GetAtt", level, |out, l| {
            write_items(out, 2, l, |out, i, _| {
                write_str(out, if i == 0 { res } else { attr })
            })
        }),
        Value::Sub(s) => write_single(out, "Fn::Sub", level, |out, _| write_str(out, s)),
        Value::Join(sep, parts) => write_single(out, "Fn::Join", level, |out, l| {
            write_items(out, 2, l, |out, i, l| match i {
                0 => write_str(out, sep),
                _ => write_list(out, parts, l),
            })
        }),
        Value::Select(index, v) => write_single(out, "Fn::Select", level, |out, l| {
            write_items(out, 2, l, |out, i, l| match i {
                0 => {
                    let _ = write!(out, "{index}");
                }
                _ => write_value(out, v, l),
            })
        }),
        Value::Split(sep, v) => write_single(out, "Fn::Split", level, |out, l| {
            write_items(out, 2, l, |out, i, l| match i {
                0 => write_str(out, sep),
                _ => write_value(out, v, l),
            })
        }),
    }
}

fn write_single(out: &mut String, key: &str, level: usize, body: impl FnOnce(&mut String, usize)) {
    out.push_str("{\n");
    indent(out, level + 1);
    write_str(out, key);
    out.push_str(": ");
    body(out, level + 1);
    out.push('\n');
    indent(out, level);
    out.push('}');
}

fn write_list(out: &mut String, items: &[Value], level: usize) {
    write_items(out, items.len(), level, |out, i, l| {
        write_value(out, &items[i], l)
    });
}

/// A JSON array of `len` items at `level`, item `i` written by `item`.
fn write_items(
    out: &mut String,
    len: usize,
    level: usize,
    mut item: impl FnMut(&mut String, usize, usize),
) {
    if len == 0 {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for i in 0..len {
        indent(out, level + 1);
        item(out, i, level + 1);
        if i + 1 < len {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, level);
    out.push(']');
}

fn write_map<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a str, &'a Value)>,
    len: usize,
    level: usize,
) {
    if len == 0 {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (i, (k, v)) in entries.enumerate() {
        indent(out, level + 1);
        write_str(out, k);
        out.push_str(": ");
        write_value(out, v, level + 1);
        if i + 1 < len {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, level);
    out.push('}');
}

/// A JSON string literal with the escapes `JSON.stringify` uses.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(i) = crate::json::next_special(bytes, start) {
        out.push_str(&s[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::map;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them_at_every_position() {
        let specials = [
            "\"", "\\", "\n", "\u{1}", "\u{1f}", "\u{7f}", "é", "\u{2028}", " ", "~",
        ];
        for len in 0..20 {
            for at in 0..=len {
                for sp in specials {
                    let s: String = "abcdefghijklmnopqrstuvwxyz"[..at].to_string()
                        + sp
                        + &"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[..len - at];
                    let mut out = String::new();
                    write_str(&mut out, &s);
                    assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
        let every: String = (0u8..128).map(char::from).collect();
        let mut out = String::new();
        write_str(&mut out, &every);
        assert_eq!(out, serde_json::to_string(&every).unwrap());
    }

    #[test]
    fn emits_intrinsics_in_long_form() {
        let v = Value::Map(map! {
            "A" => Value::Ref("X".into()),
            "B" => Value::GetAtt("R".into(), "Arn".into()),
            "C" => Value::List(vec![]),
            "D" => "q\"\n\u{1}",
        });
        let s = to_string(&v);
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["A"]["Ref"], "X");
        assert_eq!(back["B"]["Fn::GetAtt"][1], "Arn");
        assert_eq!(back["D"], "q\"\n\u{1}");
        assert!(s.contains("\"C\": []"));
    }
}
