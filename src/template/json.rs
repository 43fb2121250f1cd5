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
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Number(n) => out.push_str(n),
        Value::Str(s) => write_str(out, s),
        Value::List(items) => write_list(out, items.iter(), items.len(), level),
        Value::Map(m) => write_map(out, m.iter().map(|(k, v)| (k.as_str(), v)), m.len(), level),
        Value::Ref(name) => {
            write_single(out, "Ref", level, |out, _| write_str(out, name));
        }
        Value::GetAtt(res, attr) => write_single(out, "Fn::GetAtt", level, |out, l| {
            let parts = [Value::Str(res.clone()), Value::Str(attr.clone())];
            write_list(out, parts.iter(), 2, l)
        }),
        Value::Sub(s) => write_single(out, "Fn::Sub", level, |out, _| write_str(out, s)),
        Value::Join(sep, parts) => write_single(out, "Fn::Join", level, |out, l| {
            let args = [Value::Str(sep.clone()), Value::List(parts.clone())];
            write_list(out, args.iter(), 2, l)
        }),
        Value::Select(i, v) => write_single(out, "Fn::Select", level, |out, l| {
            let args = [Value::Int(i64::from(*i)), (**v).clone()];
            write_list(out, args.iter(), 2, l)
        }),
        Value::Split(sep, v) => write_single(out, "Fn::Split", level, |out, l| {
            let args = [Value::Str(sep.clone()), (**v).clone()];
            write_list(out, args.iter(), 2, l)
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

fn write_list<'a>(
    out: &mut String,
    items: impl Iterator<Item = &'a Value>,
    len: usize,
    level: usize,
) {
    if len == 0 {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, item) in items.enumerate() {
        indent(out, level + 1);
        write_value(out, item, level + 1);
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
