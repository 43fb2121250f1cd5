//! Template values as text and as JSON: what the diff engine and every
//! reporter show of a value.

use crate::template::Value;

/// A value in one line: intrinsics in their short form.
pub fn show(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Number(n) => n.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Ref(r) => format!("!Ref {r}"),
        Value::GetAtt(a, b) => format!("!GetAtt {a}.{b}"),
        Value::Sub(s) => format!("!Sub {s}"),
        other => to_json(other).to_string(),
    }
}

/// A value as JSON, intrinsics in their long form.
pub fn to_json(v: &Value) -> serde_json::Value {
    use serde_json::{json, Value as J};
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Number(n) => serde_json::from_str(n).unwrap_or_else(|_| J::String(n.clone())),
        Value::Str(s) => J::String(s.clone()),
        Value::List(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        Value::Ref(r) => json!({ "Ref": r }),
        Value::GetAtt(a, b) => json!({ "Fn::GetAtt": [a, b] }),
        Value::Sub(s) => json!({ "Fn::Sub": s }),
        Value::Join(sep, parts) => {
            json!({ "Fn::Join": [sep, parts.iter().map(to_json).collect::<Vec<_>>()] })
        }
        Value::Select(i, v) => json!({ "Fn::Select": [i, to_json(v)] }),
        Value::Split(sep, v) => json!({ "Fn::Split": [sep, to_json(v)] }),
    }
}
