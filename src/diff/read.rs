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

/// Parse a template file's text; JSON when it looks like JSON, else YAML.
pub fn parse(text: &str) -> Result<Doc, String> {
    let v = if text.trim_start().starts_with('{') {
        let j: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("invalid JSON template: {e}"))?;
        from_json(j)
    } else {
        let y: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(text).map_err(|e| format!("invalid YAML template: {e}"))?;
        from_yaml(y)?
    };
    doc(&v)
}

/// The diff view of a value that is already a whole template.
pub fn doc(v: &Value) -> Result<Doc, String> {
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
                    let Value::Map(r) = r else {
                        return Err(format!("resource {id} is not a mapping"));
                    };
                    d.resources.insert(id.clone(), resource(r));
                }
            }
            (other, v) => {
                d.other.insert(other.to_string(), normalize(v));
            }
        }
    }
    Ok(d)
}

fn resource(r: &Map) -> Res {
    let mut res = Res {
        kind: String::new(),
        properties: Map::new(),
        depends_on: Vec::new(),
        deletion_policy: None,
        other: Map::new(),
    };
    for (k, v) in r {
        match k.as_str() {
            "Type" => res.kind = scalar_text(v).unwrap_or_default(),
            "Properties" => {
                if let Value::Map(m) = v {
                    res.properties = normalize_map(m);
                }
            }
            "DependsOn" => {
                res.depends_on = match v {
                    Value::List(items) => items.iter().filter_map(scalar_text).collect(),
                    other => scalar_text(other).into_iter().collect(),
                };
                res.depends_on.sort();
                res.depends_on.dedup();
            }
            "DeletionPolicy" => res.deletion_policy = scalar_text(v),
            _ => {
                res.other.insert(k.clone(), normalize(v));
            }
        }
    }
    res
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) | Value::Number(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn normalize_map(m: &Map) -> Map {
    m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect()
}

/// Scalars become their text; everything else keeps its shape.
pub fn normalize(v: &Value) -> Value {
    match v {
        Value::Int(_) | Value::Number(_) | Value::Bool(_) => {
            Value::Str(scalar_text(v).unwrap_or_default())
        }
        Value::List(items) => Value::List(items.iter().map(normalize).collect()),
        Value::Map(m) => Value::Map(normalize_map(m)),
        Value::Join(sep, parts) => Value::Join(sep.clone(), parts.iter().map(normalize).collect()),
        other => other.clone(),
    }
}

/// A long-form intrinsic (`{"Ref": …}`, `{"Fn::GetAtt": …}`, …) as a typed value.
fn intrinsic(key: &str, arg: Value) -> Value {
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
        (k, arg) => Value::Map([(k.to_string(), arg)].into_iter().collect()),
    }
}

fn from_json(j: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => Value::Number(n.to_string()),
        J::String(s) => Value::Str(s),
        J::Array(a) => Value::List(a.into_iter().map(from_json).collect()),
        J::Object(o) => {
            if o.len() == 1 {
                let (k, v) = o.into_iter().next().expect("one entry");
                if k == "Ref" || k.starts_with("Fn::") {
                    return intrinsic(&k, from_json(v));
                }
                return Value::Map([(k, from_json(v))].into_iter().collect());
            }
            Value::Map(o.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

fn from_yaml(y: serde_yaml_ng::Value) -> Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match y {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => Value::Number(n.to_string()),
        Y::String(s) => Value::Str(s),
        Y::Sequence(items) => {
            Value::List(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        Y::Mapping(m) => {
            let mut out = Map::new();
            let single = m.len() == 1;
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}")),
                };
                let v = from_yaml(v)?;
                if single && (key == "Ref" || key.starts_with("Fn::")) {
                    return Ok(intrinsic(&key, v));
                }
                out.insert(key, v);
            }
            Value::Map(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let key = if name == "Ref" {
                "Ref".to_string()
            } else {
                format!("Fn::{name}")
            };
            intrinsic(&key, from_yaml(t.value)?)
        }
    })
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
}
