//! YAML emitter with CloudFormation short-form tags (`!Ref`, `!GetAtt A.B`,
//! `!Sub`, `!Join`). A string is written plain only when every YAML 1.1 and
//! 1.2 reader reads it back as that same string; everything else is quoted.
//! That covers the YAML 1.1 traps (`no`, `on`, `y`, `~`, `012`, `0x1F`,
//! `1e3`, `2024-01-01`, `12:30`, `.inf`, `<<`, …) by construction: a plain
//! scalar must start with a letter, `_` or `/`, may not contain `:` or `#`,
//! and may not be one of the boolean or null words in any case.

use super::Value;

pub fn to_string(v: &Value) -> String {
    let mut out = String::with_capacity(4096);
    match v {
        Value::Map(m) if !m.is_empty() => write_map_entries(&mut out, m, 0),
        other => {
            write_inline_or_block(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A value as it is written after `key:` or `- `: either a scalar on the same
/// line, or a newline followed by a block at `level`.
enum Shape<'a> {
    Scalar(String),
    Seq(Option<&'static str>, Vec<Value>),
    SeqRef(Option<&'static str>, &'a [Value]),
    Map(&'a super::Map),
}

fn shape(v: &Value) -> Shape<'_> {
    match v {
        Value::Null => Shape::Scalar("null".into()),
        Value::Bool(b) => Shape::Scalar(if *b { "true" } else { "false" }.into()),
        Value::Int(i) => Shape::Scalar(i.to_string()),
        Value::Number(n) => Shape::Scalar(number(n)),
        Value::Str(s) => Shape::Scalar(scalar(s)),
        Value::List(items) if items.is_empty() => Shape::Scalar("[]".into()),
        Value::List(items) => Shape::SeqRef(None, items),
        Value::Map(m) if m.is_empty() => Shape::Scalar("{}".into()),
        Value::Map(m) => Shape::Map(m),
        Value::Ref(name) => Shape::Scalar(format!("!Ref {}", scalar(name))),
        Value::GetAtt(r, a) => Shape::Scalar(format!("!GetAtt {}", scalar(&format!("{r}.{a}")))),
        Value::Sub(s) => Shape::Scalar(format!("!Sub {}", scalar(s))),
        Value::Join(sep, parts) => Shape::Seq(
            Some("!Join"),
            vec![Value::Str(sep.clone()), Value::List(parts.clone())],
        ),
        Value::Select(i, v) => Shape::Seq(
            Some("!Select"),
            vec![Value::Int(i64::from(*i)), (**v).clone()],
        ),
        Value::Split(sep, v) => {
            Shape::Seq(Some("!Split"), vec![Value::Str(sep.clone()), (**v).clone()])
        }
    }
}

fn write_inline_or_block(out: &mut String, v: &Value, level: usize) {
    match shape(v) {
        Shape::Scalar(s) => out.push_str(&s),
        Shape::Seq(tag, items) => write_seq_after(out, tag, &items, level),
        Shape::SeqRef(tag, items) => write_seq_after(out, tag, items, level),
        Shape::Map(m) => {
            out.push('\n');
            write_map_entries(out, m, level);
            // write_map_entries ends with a newline; callers add their own.
            out.pop();
        }
    }
}

fn write_seq_after(out: &mut String, tag: Option<&str>, items: &[Value], level: usize) {
    if let Some(t) = tag {
        out.push_str(t);
    }
    out.push('\n');
    write_seq_items(out, items, level);
    out.pop();
}

fn write_seq_items(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push_str("- ");
        match shape(item) {
            Shape::Scalar(s) => out.push_str(&s),
            Shape::Map(m) => {
                // First entry on the dash line, the rest aligned under it.
                let mut first = true;
                let mut buf = String::new();
                write_map_entries(&mut buf, m, level + 2);
                for line in buf.lines() {
                    if first {
                        out.push_str(line.trim_start());
                        first = false;
                    } else {
                        out.push('\n');
                        out.push_str(line);
                    }
                }
            }
            Shape::Seq(tag, inner) => write_seq_after(out, tag, &inner, level + 2),
            Shape::SeqRef(tag, inner) => write_seq_after(out, tag, inner, level + 2),
        }
        out.push('\n');
    }
}

fn write_map_entries(out: &mut String, entries: &super::Map, level: usize) {
    for (k, v) in entries {
        indent(out, level);
        out.push_str(&scalar(k));
        out.push(':');
        match shape(v) {
            Shape::Scalar(s) => {
                out.push(' ');
                out.push_str(&s);
            }
            Shape::Map(m) => {
                out.push('\n');
                write_map_entries(out, m, level + 2);
                out.pop();
            }
            Shape::Seq(tag, items) => {
                if tag.is_some() {
                    out.push(' ');
                }
                write_seq_after(out, tag, &items, level + 2);
            }
            Shape::SeqRef(tag, items) => {
                if tag.is_some() {
                    out.push(' ');
                }
                write_seq_after(out, tag, items, level + 2);
            }
        }
        out.push('\n');
    }
}

/// A number as a plain scalar that YAML 1.1 and 1.2 readers both read as
/// the number the JSON text means: its exact canonical form, and where that
/// has an exponent, a mantissa with a dot and a signed exponent (YAML 1.1
/// reads `1e3` as a string).
fn number(n: &str) -> String {
    let c = super::canonical_number(n);
    match c.split_once('e') {
        None => c,
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.to_string()
            } else {
                format!("{m}.0")
            };
            let e = if e.starts_with('-') {
                e.to_string()
            } else {
                format!("+{e}")
            };
            format!("{m}e{e}")
        }
    }
}

/// Characters a YAML 1.1 reader does not take as they are inside a quoted
/// scalar: control characters, the non-characters U+FFFE and U+FFFF, and
/// the line separators U+2028 and U+2029 (which YAML 1.1 folds as breaks).
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{2028}' | '\u{2029}')
}

/// The YAML 1.1 boolean and null words (YAML 1.2 words are a subset).
const SPECIAL_WORDS: &[&str] = &["y", "yes", "n", "no", "true", "false", "on", "off", "null"];

/// Whether `s` can be written as a plain scalar and read back as this string
/// by YAML 1.1 and 1.2 readers alike.
pub fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b'/') {
        return false;
    }
    if bytes.last() == Some(&b' ') {
        return false;
    }
    let ok_chars = bytes.iter().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'-'
                    | b'.'
                    | b'/'
                    | b'@'
                    | b':'
                    | b'+'
                    | b'='
                    | b'('
                    | b')'
                    | b' '
                    | b'%'
                    | b'$'
                    | b'*'
                    | b'?'
                    | b'&'
                    | b'^'
                    | b'~'
            )
    });
    if !ok_chars || s.contains("  ") {
        return false;
    }
    // `:` only inside a word (`AWS::Region`, `https://x`): never before a
    // space or at the end, where it would start a mapping.
    if s.ends_with(':') || s.contains(": ") {
        return false;
    }
    !SPECIAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// A string as a YAML scalar: plain when safe, else single-quoted, else
/// (control characters, newlines) double-quoted with escapes.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_string();
    }
    if !s.chars().any(needs_escape) {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('\'');
        q.push_str(&s.replace('\'', "''"));
        q.push('\'');
        return q;
    }
    let mut q = String::with_capacity(s.len() + 8);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => q.push_str("\\r"),
            '\t' => q.push_str("\\t"),
            c if needs_escape(c) => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_traps_are_quoted() {
        for s in [
            "no",
            "No",
            "NO",
            "yes",
            "on",
            "off",
            "OFF",
            "y",
            "Y",
            "n",
            "~",
            "null",
            "Null",
            "true",
            "False",
            "012",
            "0x1F",
            "1e3",
            "2024-01-01",
            "12:30",
            ".inf",
            "-.inf",
            ".NaN",
            "<<",
            "=",
            "",
            " a",
            "a ",
            "a: b",
            "a #b",
            "-",
            "- a",
            "? x",
            "!Ref x",
            "&a",
            "*a",
            "@x",
            "`x",
            "%x",
            "[a]",
            "{a}",
            "'q'",
            "\"q\"",
            "1_000",
            "+1",
            "0b101",
            "190:20:30",
            "a\nb",
        ] {
            assert!(!is_plain_safe(s), "{s:?} must be quoted");
        }
        for s in [
            "GithubProvider",
            "CustomOauth2",
            "/users/x",
            "my-obo-provider",
            "Gateway for x",
        ] {
            assert!(is_plain_safe(s), "{s:?} may stay plain");
        }
    }

    #[test]
    fn quoting_styles() {
        assert_eq!(scalar("it's"), "'it''s'");
        assert_eq!(scalar("a\nb"), "\"a\\nb\"");
        assert_eq!(scalar("no"), "'no'");
    }
}
