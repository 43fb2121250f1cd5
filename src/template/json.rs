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
    for _ in 0..level {
        out.push_str("  ");
    }
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
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => out.push_str(&format!("\\u{b:04x}")),
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
