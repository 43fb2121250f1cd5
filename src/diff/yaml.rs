//! Reading a YAML template as CloudFormation (and cfn-lint, through PyYAML)
//! reads it: YAML 1.1 scalar resolution (`yes` is a boolean, `1_000` is
//! 1000, `017` is 15, `0o17` and `1e3` are strings), the short-form
//! intrinsic tags (`!Ref`, `!Condition`, `!GetAtt A.B`, `!Sub`, …; any
//! other `!tag` is an error), the standard `!!` tags, merge keys (`<<`),
//! and no duplicate keys. Aliases are expanded within a node budget and
//! nesting is bounded, so a small file cannot take unbounded time or memory.

use crate::template::{Map, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nesting deeper than this is refused (the JSON reader's bound).
pub const MAX_DEPTH: usize = crate::json::MAX_DEPTH;

/// The short-form tags CloudFormation knows: `!Ref` and `!Condition` keep
/// their name, every other becomes `Fn::<name>`.
const TAGS: &[&str] = &[
    "Ref",
    "Condition",
    "And",
    "Base64",
    "Cidr",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAtt",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "RefAll",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
    "ValueOf",
    "ValueOfAll",
];

const CORE: &str = "tag:yaml.org,2002:";

/// A YAML document as a template value.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut r = Reader {
        parser: Parser::new_from_str(text),
        anchors: Default::default(),
        budget: text.len() + 100_000,
    };
    r.expect_start()?;
    let (ev, mark) = r.next()?;
    let v = match ev {
        Event::DocumentEnd | Event::StreamEnd => Value::Null,
        ev => {
            let v = r.node(ev, mark, 0)?.0;
            match r.next()?.0 {
                Event::DocumentEnd => {}
                _ => return Err("expected the end of the document".into()),
            }
            v
        }
    };
    loop {
        match r.next()?.0 {
            Event::StreamEnd => return Ok(v),
            Event::DocumentStart => {
                return Err("a template file holds one YAML document, found several".into())
            }
            _ => {}
        }
    }
}

struct Reader<'a> {
    parser: Parser<std::str::Chars<'a>>,
    /// Anchored values by anchor id, with their node counts.
    anchors: std::collections::HashMap<usize, (Value, usize)>,
    /// How many more nodes may be built (aliases included).
    budget: usize,
}

fn at(m: &Marker) -> String {
    format!("line {}, column {}", m.line(), m.col() + 1)
}

impl Reader<'_> {
    fn next(&mut self) -> Result<(Event, Marker), String> {
        self.parser
            .next_token()
            .map_err(|e| format!("invalid YAML: {e}"))
    }

    fn expect_start(&mut self) -> Result<(), String> {
        loop {
            match self.next()?.0 {
                Event::StreamStart | Event::Nothing => {}
                Event::DocumentStart => return Ok(()),
                Event::StreamEnd => return Ok(()),
                _ => return Err("expected a YAML document".into()),
            }
        }
    }

    fn spend(&mut self, n: usize, m: &Marker) -> Result<(), String> {
        if n > self.budget {
            return Err(format!(
                "the template expands to too many values (aliases at {} repeat too much); refused",
                at(m)
            ));
        }
        self.budget -= n;
        Ok(())
    }

    fn remember(&mut self, anchor: usize, v: &Value, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (v.clone(), size));
        }
    }

    /// A node and its size (number of values in it).
    fn node(&mut self, ev: Event, mark: Marker, depth: usize) -> Result<(Value, usize), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the template nests deeper than {MAX_DEPTH} levels at {}",
                at(&mark)
            ));
        }
        match ev {
            Event::Alias(id) => {
                let Some((v, size)) = self.anchors.get(&id).cloned() else {
                    return Err(format!("unknown alias at {}", at(&mark)));
                };
                self.spend(size, &mark)?;
                Ok((v, size))
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.spend(1, &mark)?;
                let v = scalar(text, style, tag.as_ref(), &mark)?;
                self.remember(anchor, &v, 1);
                Ok((v, 1))
            }
            Event::SequenceStart(anchor, tag) => {
                self.spend(1, &mark)?;
                let mut items = Vec::new();
                let mut size = 1;
                loop {
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let (v, n) = self.node(ev, m, depth + 1)?;
                    size += n;
                    items.push(v);
                }
                let v = tagged(Value::List(items), tag.as_ref(), &mark)?;
                self.remember(anchor, &v, size);
                Ok((v, size))
            }
            Event::MappingStart(anchor, tag) => {
                self.spend(1, &mark)?;
                let (m, size) = self.mapping(&mark, depth)?;
                let v = tagged(long_form(m), tag.as_ref(), &mark)?;
                self.remember(anchor, &v, size);
                Ok((v, size))
            }
            _ => Err(format!("unexpected YAML event at {}", at(&mark))),
        }
    }

    fn mapping(&mut self, start: &Marker, depth: usize) -> Result<(Map, usize), String> {
        let mut m = Map::default();
        let mut merged: Vec<Map> = Vec::new();
        let mut size = 1;
        loop {
            let (ev, km) = self.next()?;
            if matches!(ev, Event::MappingEnd) {
                break;
            }
            let is_merge =
                matches!(&ev, Event::Scalar(t, TScalarStyle::Plain, _, None) if t == "<<");
            let (key, n) = self.node(ev, km, depth + 1)?;
            size += n;
            let (ev, vm) = self.next()?;
            let (value, n) = self.node(ev, vm, depth + 1)?;
            size += n;
            if is_merge {
                match value {
                    Value::Map(x) => merged.push(x),
                    Value::List(items) => {
                        for i in items {
                            match i {
                                Value::Map(x) => merged.push(x),
                                _ => {
                                    return Err(format!(
                                        "a merge key (<<) takes mappings, at {}",
                                        at(&km)
                                    ))
                                }
                            }
                        }
                    }
                    _ => return Err(format!("a merge key (<<) takes a mapping, at {}", at(&km))),
                }
                continue;
            }
            let key = match key {
                Value::Str(s) | Value::Number(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Int(i) => i.to_string(),
                Value::Null => return Err(format!("a null key is not supported, at {}", at(&km))),
                _ => return Err(format!("mapping keys must be scalars, at {}", at(&km))),
            };
            if m.contains_key(&key) {
                return Err(format!(
                    "duplicate key {key:?} at {} (in the mapping at {})",
                    at(&km),
                    at(start)
                ));
            }
            m.insert(key, value);
        }
        // Merged entries come first; explicit keys override them (PyYAML).
        if !merged.is_empty() {
            let mut out = Map::default();
            for x in merged {
                for (k, v) in x {
                    if !m.contains_key(&k) && !out.contains_key(&k) {
                        out.insert(k, v);
                    }
                }
            }
            out.extend(m);
            m = out;
        }
        Ok((m, size))
    }
}

/// The non-specific tag `!` (the parser gives it as handle `""`, suffix
/// `"!"`, or as handle `"!"` with no suffix).
fn is_non_specific(tag: &Tag) -> bool {
    (tag.handle.is_empty() && tag.suffix == "!") || (tag.handle == "!" && tag.suffix.is_empty())
}

/// A one-key mapping `Ref: X` / `Fn::…: …` is the long form of an intrinsic.
fn long_form(m: Map) -> Value {
    if m.len() == 1 {
        let (k, _) = m.first().expect("one entry");
        if k == "Ref" || k.starts_with("Fn::") {
            let (k, v) = m.into_iter().next().expect("one entry");
            return super::read::intrinsic(&k, v);
        }
    }
    Value::Map(m)
}

/// A scalar as PyYAML's SafeLoader resolves it, with CloudFormation's tags.
fn scalar(
    text: String,
    style: TScalarStyle,
    tag: Option<&Tag>,
    m: &Marker,
) -> Result<Value, String> {
    let Some(tag) = tag else {
        return Ok(match style {
            TScalarStyle::Plain => resolve_plain(text),
            _ => Value::Str(text),
        });
    };
    if tag.handle == CORE {
        return core_tagged_scalar(text, &tag.suffix, m);
    }
    if is_non_specific(tag) {
        return Ok(Value::Str(text));
    }
    tagged(Value::Str(text), Some(tag), m)
}

fn core_tagged_scalar(text: String, suffix: &str, m: &Marker) -> Result<Value, String> {
    let resolved = resolve_plain(text.clone());
    let ok = match suffix {
        "str" | "binary" | "timestamp" => return Ok(Value::Str(text)),
        "null" => matches!(resolved, Value::Null),
        "bool" => matches!(resolved, Value::Bool(_)),
        "int" => matches!(&resolved, Value::Number(n) if !n.contains(['.', 'e', 'E'])),
        "float" => matches!(resolved, Value::Number(_)) || is_int_text(&text),
        _ => return Err(format!("unsupported tag !!{suffix} at {}", at(m))),
    };
    if !ok {
        return Err(format!("{text:?} is not a valid !!{suffix} at {}", at(m)));
    }
    Ok(resolved)
}

fn is_int_text(t: &str) -> bool {
    matches!(resolve_plain(t.to_string()), Value::Number(n) if !n.contains(['.', 'e', 'E']))
}

/// Apply a short-form tag to a value already built.
fn tagged(v: Value, tag: Option<&Tag>, m: &Marker) -> Result<Value, String> {
    let Some(tag) = tag else { return Ok(v) };
    // The non-specific tag `!` on a collection: a plain sequence or mapping.
    if is_non_specific(tag) {
        return Ok(v);
    }
    if tag.handle == CORE {
        return match (tag.suffix.as_str(), &v) {
            ("seq", Value::List(_)) | ("map", Value::Map(_)) => Ok(v),
            (s, _) => Err(format!("tag !!{s} does not fit this value at {}", at(m))),
        };
    }
    if tag.handle != "!" || !TAGS.contains(&tag.suffix.as_str()) {
        return Err(format!(
            "unknown tag {}{} at {} (CloudFormation's short forms are !Ref, !GetAtt, !Sub, !Join, !If, …)",
            tag.handle, tag.suffix,
            at(m)
        ));
    }
    let name = tag.suffix.as_str();
    let key = match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    };
    let arg = match (name, v) {
        // `!GetAtt A.B.C` is [A, B.C].
        ("GetAtt", Value::Str(s)) => match s.split_once('.') {
            Some((a, b)) => Value::List(vec![Value::Str(a.into()), Value::Str(b.into())]),
            None => Value::List(vec![Value::Str(s)]),
        },
        (_, v) => v,
    };
    Ok(super::read::intrinsic(&key, arg))
}

/// YAML 1.1 implicit resolution of a plain scalar (PyYAML's resolver).
fn resolve_plain(t: String) -> Value {
    match t.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        _ => {}
    }
    if let Some(n) = yaml11_int(&t) {
        return Value::Number(n);
    }
    if let Some(n) = yaml11_float(&t) {
        return Value::Number(n);
    }
    Value::Str(t)
}

fn split_sign(t: &str) -> (&str, &str) {
    match t.as_bytes().first() {
        Some(b'-') => ("-", &t[1..]),
        Some(b'+') => ("", &t[1..]),
        _ => ("", t),
    }
}

/// `[-+]?(0b[01_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)`
/// as a decimal integer text.
fn yaml11_int(t: &str) -> Option<String> {
    let (sign, body) = split_sign(t);
    if body.is_empty() {
        return None;
    }
    let digits_in = |s: &str, ok: fn(u8) -> bool| -> bool {
        !s.is_empty() && s.bytes().all(|b| b == b'_' || ok(b)) && s.bytes().any(|b| b != b'_')
    };
    let value: Option<u128> = if let Some(b) = body.strip_prefix("0b") {
        if !digits_in(b, |c| c == b'0' || c == b'1') {
            return None;
        }
        u128::from_str_radix(&b.replace('_', ""), 2).ok()
    } else if let Some(h) = body.strip_prefix("0x") {
        if !digits_in(h, |c| c.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(&h.replace('_', ""), 16).ok()
    } else if body.contains(':') {
        let mut parts = body.split(':');
        let first = parts.next()?;
        if !first.starts_with(|c: char| ('1'..='9').contains(&c))
            || !digits_in(first, |c| c.is_ascii_digit())
        {
            return None;
        }
        let mut v: u128 = first.replace('_', "").parse().ok()?;
        for p in parts {
            let ok = (1..=2).contains(&p.len())
                && p.bytes().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || p.as_bytes()[0] <= b'5');
            if !ok {
                return None;
            }
            v = v.checked_mul(60)?.checked_add(p.parse::<u128>().ok()?)?;
        }
        Some(v)
    } else if body.len() > 1 && body.starts_with('0') {
        if !digits_in(&body[1..], |c| (b'0'..=b'7').contains(&c)) {
            return None;
        }
        u128::from_str_radix(&body[1..].replace('_', ""), 8).ok()
    } else {
        if body == "0" {
            return Some("0".into());
        }
        if !body.starts_with(|c: char| ('1'..='9').contains(&c))
            || !digits_in(body, |c| c.is_ascii_digit())
        {
            return None;
        }
        // Decimal integers of any length stay exact.
        let d = body.replace('_', "");
        return Some(if d == "0" { d } else { format!("{sign}{d}") });
    };
    let v = value?;
    Some(if v == 0 {
        "0".into()
    } else {
        format!("{sign}{v}")
    })
}

/// `[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?`, `[-+]?\.inf`, `\.nan`
/// (PyYAML's float: a dot is required, an exponent needs its sign).
fn yaml11_float(t: &str) -> Option<String> {
    let (sign, body) = split_sign(t);
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(format!("{sign}.inf")),
        ".nan" | ".NaN" | ".NAN" if sign.is_empty() && !t.starts_with('+') => {
            return Some(".nan".into())
        }
        _ => {}
    }
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.')?;
    let int_ok = int.is_empty()
        || (int.as_bytes()[0].is_ascii_digit()
            && int.bytes().all(|c| c.is_ascii_digit() || c == b'_'));
    let frac_ok = frac.bytes().all(|c| c.is_ascii_digit() || c == b'_');
    if !int_ok || !frac_ok || (int.is_empty() && frac.is_empty() && exp.is_none()) {
        return None;
    }
    if int.is_empty() && !frac.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(e) = exp {
        let ok = e.len() > 1
            && matches!(e.as_bytes()[0], b'+' | b'-')
            && e[1..].bytes().all(|c| c.is_ascii_digit());
        if !ok {
            return None;
        }
    }
    let clean = format!(
        "{sign}{}.{}{}",
        if int.is_empty() {
            "0".to_string()
        } else {
            int.replace('_', "")
        },
        frac.replace('_', ""),
        exp.map(|e| format!("e{e}")).unwrap_or_default()
    );
    Some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: &str) -> Value {
        match parse(&format!("K: {v}\n")).unwrap() {
            Value::Map(m) => m["K"].clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn resolves_scalars_as_yaml_1_1() {
        assert_eq!(one("yes"), Value::Bool(true));
        assert_eq!(one("Off"), Value::Bool(false));
        assert_eq!(one("1_000"), Value::Number("1000".into()));
        assert_eq!(one("017"), Value::Number("15".into()));
        assert_eq!(one("0x1F"), Value::Number("31".into()));
        assert_eq!(one("1:30"), Value::Number("90".into()));
        assert_eq!(one("0o17"), Value::Str("0o17".into()));
        assert_eq!(one("1e3"), Value::Str("1e3".into()));
        assert_eq!(one("1.0e+3"), Value::Number("1.0e+3".into()));
        assert_eq!(one("'yes'"), Value::Str("yes".into()));
        assert_eq!(one("~"), Value::Null);
        assert_eq!(one("!!str 5"), Value::Str("5".into()));
    }

    #[test]
    fn condition_tag_is_the_condition_key_and_unknown_tags_are_refused() {
        let v = one("!Condition C");
        assert_eq!(
            v,
            Value::Map(
                [("Condition".to_string(), Value::Str("C".into()))]
                    .into_iter()
                    .collect()
            )
        );
        assert!(parse("K: !Foo x\n")
            .unwrap_err()
            .contains("unknown tag !Foo"));
        assert!(parse("K: 1\nK: 2\n").unwrap_err().contains("duplicate key"));
        // The non-specific tag `!` changes nothing; `!!str` keys are keys.
        let v = parse("K: [! \"Ref\": X]\n!!str 1: a\n").unwrap();
        let Value::Map(m) = v else { unreachable!() };
        assert_eq!(m["K"], Value::List(vec![Value::Ref("X".into())]));
        assert_eq!(m["1"], Value::Str("a".into()));
    }

    #[test]
    fn alias_fan_out_is_bounded() {
        let big = format!(
            "big: &b [{}]\nP: [{}]\n",
            vec!["x"; 10_000].join(","),
            vec!["*b"; 2_000].join(",")
        );
        let start = std::time::Instant::now();
        let e = parse(&big).unwrap_err();
        assert!(e.contains("too many values"), "{e}");
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
