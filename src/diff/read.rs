//! Reading a template file (JSON, or YAML with CloudFormation short-form
//! tags) into the typed [`Value`] model, with intrinsics recognized in both
//! forms, and normalizing it for comparison: scalars compare by their text
//! (`"10"` ≡ `10`), `!GetAtt A.B` ≡ `[A, B]`, `DependsOn` is a sorted list,
//! and map key order never matters.

use crate::template::{Map, Value};
use indexmap::IndexMap;

/// One resource of a template, as the diff sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Res {
    pub kind: String,
    pub properties: Map,
    pub depends_on: Vec<String>,
    pub deletion_policy: Option<String>,
    /// Every other attribute (Metadata, Condition, UpdateReplacePolicy, …).
    pub other: Map,
}

/// A template, section by section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    pub parameters: Map,
    pub resources: IndexMap<String, Res>,
    pub outputs: Map,
    /// Every other top-level section (Description, Metadata, Conditions, …).
    pub other: Map,
}

/// Parse a template file's text; JSON when it looks like JSON, else YAML
/// (read as YAML 1.1, like CloudFormation and cfn-lint).
pub fn parse(text: &str) -> Result<Doc, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v = if text.trim_start().starts_with('{') {
        json_value(text)?
    } else {
        super::yaml::parse(text)?
    };
    doc_owned(v)
}

/// A JSON template: the spanned parser (bounded depth, exact number text),
/// and a key given twice is an error, as in YAML.
fn json_value(text: &str) -> Result<Value, String> {
    let mut warnings = Vec::new();
    let node = crate::json::parse(text, &mut warnings).map_err(|d| {
        let (line, col) = crate::diagnostics::render::Source::new("", text)
            .line_col(d.span.map(|s| s.start).unwrap_or(0));
        format!(
            "invalid JSON template at line {line}, column {col}: {}",
            d.message
        )
    })?;
    if let Some(w) = warnings.first() {
        let (line, col) = crate::diagnostics::render::Source::new("", text)
            .line_col(w.span.map(|s| s.start).unwrap_or(0));
        return Err(format!(
            "invalid JSON template at line {line}, column {col}: {}",
            w.message
        ));
    }
    Ok(from_json(node))
}

/// The diff view of a value that is already a whole template.
pub fn doc(v: &Value) -> Result<Doc, String> {
    doc_owned(v.clone())
}

/// [`doc`] of a value the caller no longer needs: moved, not copied.
pub fn doc_owned(v: Value) -> Result<Doc, String> {
    let Value::Map(top) = v else {
        return Err("a template must be a mapping of sections".into());
    };
    let mut d = Doc::default();
    for (k, section) in top {
        match (k.as_str(), section) {
            ("Parameters", Value::Map(m)) => d.parameters = normalize_map(m),
            ("Outputs", Value::Map(m)) => d.outputs = normalize_map(m),
            ("Resources", Value::Map(m)) => {
                for (id, r) in m {
                    if id.starts_with("Fn::ForEach::") {
                        // A resource loop of the language-extensions
                        // transform: compared as a whole value.
                        d.other
                            .insert(format!("Resources.{id}"), normalize_owned(r));
                        continue;
                    }
                    let Value::Map(r) = r else {
                        return Err(format!("resource {id} is not a mapping"));
                    };
                    d.resources.insert(id, resource(r));
                }
            }
            (_, v) => {
                d.other.insert(k, normalize_owned(v));
            }
        }
    }
    Ok(d)
}

fn resource(r: Map) -> Res {
    let mut res = Res {
        kind: String::new(),
        properties: Map::default(),
        depends_on: Vec::new(),
        deletion_policy: None,
        other: Map::default(),
    };
    for (k, v) in r {
        match k.as_str() {
            "Type" => res.kind = scalar_text(&v).unwrap_or_default(),
            "Properties" => {
                if let Value::Map(m) = v {
                    res.properties = normalize_map(m);
                }
            }
            "DependsOn" => {
                res.depends_on = match &v {
                    Value::List(items) => items.iter().filter_map(scalar_text).collect(),
                    other => scalar_text(other).into_iter().collect(),
                };
                res.depends_on.sort();
                res.depends_on.dedup();
            }
            "DeletionPolicy" => res.deletion_policy = scalar_text(&v),
            _ => {
                res.other.insert(k, normalize_owned(v));
            }
        }
    }
    res
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Number(n) => Some(crate::template::canonical_number(n)),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn normalize_map(m: Map) -> Map {
    m.into_iter()
        .map(|(k, v)| (k, normalize_owned(v)))
        .collect()
}

/// Scalars become their text; everything else keeps its shape.
pub fn normalize(v: &Value) -> Value {
    normalize_owned(v.clone())
}

/// [`normalize`], moving the value.
pub fn normalize_owned(v: Value) -> Value {
    match v {
        Value::Int(_) | Value::Number(_) | Value::Bool(_) => {
            Value::Str(scalar_text(&v).unwrap_or_default())
        }
        Value::List(items) => Value::List(items.into_iter().map(normalize_owned).collect()),
        Value::Map(m) => Value::Map(normalize_map(m)),
        Value::Join(sep, parts) => {
            Value::Join(sep, parts.into_iter().map(normalize_owned).collect())
        }
        Value::Select(i, v) => Value::Select(i, Box::new(normalize_owned(*v))),
        Value::Split(sep, v) => Value::Split(sep, Box::new(normalize_owned(*v))),
        other => other,
    }
}

/// A long-form intrinsic (`{"Ref": …}`, `{"Fn::GetAtt": …}`, …) as a typed value.
pub(super) fn intrinsic(key: &str, arg: Value) -> Value {
    match (key, arg) {
        ("Ref", Value::Str(s)) => Value::Ref(s),
        ("Fn::GetAtt", Value::Str(s)) => match s.split_once('.') {
            Some((a, b)) => Value::GetAtt(a.to_string(), b.to_string()),
            None => Value::Map(
                [("Fn::GetAtt".to_string(), Value::Str(s))]
                    .into_iter()
                    .collect(),
            ),
        },
        ("Fn::GetAtt", Value::List(parts)) if parts.len() == 2 => match (&parts[0], &parts[1]) {
            (Value::Str(a), Value::Str(b)) => Value::GetAtt(a.clone(), b.clone()),
            _ => Value::Map(
                [("Fn::GetAtt".to_string(), Value::List(parts))]
                    .into_iter()
                    .collect(),
            ),
        },
        ("Fn::Sub", Value::Str(s)) => Value::Sub(s),
        ("Fn::Join", Value::List(mut parts)) if parts.len() == 2 => {
            let list = parts.pop().expect("two");
            match (parts.pop().expect("one"), list) {
                (Value::Str(sep), Value::List(items)) => Value::Join(sep, items),
                (sep, list) => Value::Map(
                    [("Fn::Join".to_string(), Value::List(vec![sep, list]))]
                        .into_iter()
                        .collect(),
                ),
            }
        }
        ("Fn::Select", Value::List(parts)) if parts.len() == 2 => {
            let index = match &parts[0] {
                Value::Number(n) => n.parse::<u32>().ok(),
                Value::Int(i) => u32::try_from(*i).ok(),
                Value::Str(s) => s.parse::<u32>().ok(),
                _ => None,
            };
            match index {
                Some(i) => {
                    let mut parts = parts;
                    Value::Select(i, Box::new(parts.pop().expect("two")))
                }
                None => Value::Map(
                    [("Fn::Select".to_string(), Value::List(parts))]
                        .into_iter()
                        .collect(),
                ),
            }
        }
        ("Fn::Split", Value::List(mut parts)) if parts.len() == 2 => {
            let v = parts.pop().expect("two");
            match parts.pop().expect("one") {
                Value::Str(sep) => Value::Split(sep, Box::new(v)),
                sep => Value::Map(
                    [("Fn::Split".to_string(), Value::List(vec![sep, v]))]
                        .into_iter()
                        .collect(),
                ),
            }
        }
        (k, arg) => Value::Map([(k.to_string(), arg)].into_iter().collect()),
    }
}

/// The node's value, moved out of the parse tree (no string is copied).
fn from_json(n: crate::json::Node) -> Value {
    use crate::json::Kind;
    match n.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(b),
        Kind::Number(t) => Value::Number(t),
        Kind::String(s) => Value::Str(s),
        Kind::Array(a) => Value::List(a.into_iter().map(from_json).collect()),
        Kind::Object(mut o) => {
            if o.len() == 1 && (o[0].key == "Ref" || o[0].key.starts_with("Fn::")) {
                let e = o.remove(0);
                return intrinsic(&e.key, from_json(e.value));
            }
            Value::Map(o.into_iter().map(|e| (e.key, from_json(e.value))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_forms_read_the_same() {
        let j = parse(r#"{"Resources": {"A": {"Type": "T", "DependsOn": ["C", "B"], "Properties": {"N": 10, "R": {"Ref": "P"}, "G": {"Fn::GetAtt": ["X", "Arn"]}, "S": {"Fn::Sub": "${X.Arn}"}}}}}"#).unwrap();
        let y = parse("Resources:\n  A:\n    Type: T\n    DependsOn: [B, C]\n    Properties:\n      N: '10'\n      R: !Ref P\n      G: !GetAtt X.Arn\n      S: !Sub '${X.Arn}'\n").unwrap();
        assert_eq!(j, y);
        assert_eq!(
            j.resources["A"].properties["G"],
            Value::GetAtt("X".into(), "Arn".into())
        );
    }

    #[test]
    fn numbers_compare_by_exact_value() {
        use crate::template::canonical_number;
        for (a, b) in [
            ("5.50", "5.5"),
            ("55e-1", "5.5"),
            ("-0", "0"),
            ("1E2", "100"),
            ("0.10", "0.1"),
            ("1e400", "1e400"),
            ("12345678901234567890123", "12345678901234567890123"),
            ("1.5e-50", "1.5e-50"),
        ] {
            assert_eq!(canonical_number(a), b, "{a}");
        }
        assert_ne!(
            canonical_number("100000000000000000000000000000000001"),
            canonical_number("100000000000000000000000000000000002")
        );
    }

    #[test]
    fn duplicate_json_keys_are_refused() {
        assert!(parse(r#"{"Resources": {}, "Resources": {}}"#)
            .unwrap_err()
            .contains("line 1"));
    }
}
