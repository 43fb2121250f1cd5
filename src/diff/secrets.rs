//! Secret values never reach a report. Before two templates are compared,
//! every value under a secret property (`ClientSecret`, `ApiKey`, payment
//! secrets) at any depth, including inside `Fn::If` branches, `Fn::Sub`
//! variables and lists, and the `Default` and `AllowedValues` of every
//! `NoEcho` parameter, is replaced by a token that keeps only equality:
//! a keyed hash whose key is random per process (`Ref` and `Fn::GetAtt`
//! stay: they name a parameter or resource, not a value). Any change whose old or
//! new value holds a token is reported as a secret change, and its values
//! (the whole sub-tree) are never printed.

use super::read::{Doc, Res};
use crate::cfn::SECRET_PROPERTIES;
use crate::template::{Map, Value};
use std::hash::BuildHasher;
use std::sync::OnceLock;

/// Tokens start with a NUL, which no template value read from a file holds
/// unescaped in a key position; they are recognized, never printed.
const TOKEN: &str = "\u{0}agentcore-synth-secret:";

fn key() -> &'static std::collections::hash_map::RandomState {
    static KEY: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
    KEY.get_or_init(Default::default)
}

fn token(v: &Value) -> Value {
    // The canonical JSON text of the value: equal values, equal tokens.
    let h = key().hash_one(super::values::to_json(v).to_string());
    Value::Str(format!("{TOKEN}{h:016x}"))
}

/// Whether `v` holds a secret token anywhere.
pub fn holds_secret(v: &Value) -> bool {
    match v {
        Value::Str(s) => s.starts_with(TOKEN),
        Value::List(items) => items.iter().any(holds_secret),
        Value::Join(sep, items) => sep.starts_with(TOKEN) || items.iter().any(holds_secret),
        Value::Select(_, x) | Value::Split(_, x) => holds_secret(x),
        Value::Map(m) => m.values().any(holds_secret),
        _ => false,
    }
}

fn redact(v: &mut Value) {
    match v {
        Value::Map(m) => redact_map(m),
        Value::List(items) | Value::Join(_, items) => items.iter_mut().for_each(redact),
        Value::Select(_, x) | Value::Split(_, x) => redact(x),
        _ => {}
    }
}

fn redact_map(m: &mut Map) {
    for (k, v) in m.iter_mut() {
        if SECRET_PROPERTIES.contains(&k.as_str()) {
            conceal(v);
        } else {
            redact(v);
        }
    }
}

/// Under a secret property: every literal (at any depth, `Fn::Sub` text
/// included) becomes a token; `Ref` and `Fn::GetAtt` name a parameter or a
/// resource, not a value, and stay (a rename is still recognized).
fn conceal(v: &mut Value) {
    match v {
        Value::Ref(_) | Value::GetAtt(..) | Value::Null => {}
        Value::List(items) => items.iter_mut().for_each(conceal),
        Value::Join(sep, items) => {
            if let Value::Str(t) = token(&Value::Str(sep.clone())) {
                *sep = t;
            }
            items.iter_mut().for_each(conceal);
        }
        Value::Map(m) => m.values_mut().for_each(conceal),
        other => *other = token(other),
    }
}

fn is_true(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Str(s)) if s.eq_ignore_ascii_case("true"))
        || matches!(v, Some(Value::Bool(true)))
}

/// The template with every secret value replaced by its token.
pub fn redact_doc(mut d: Doc) -> Doc {
    for p in d.parameters.values_mut() {
        if let Value::Map(m) = p {
            if is_true(m.get("NoEcho")) {
                for k in ["Default", "AllowedValues"] {
                    if let Some(v) = m.get_mut(k) {
                        conceal(v);
                    }
                }
            }
        }
        redact(p);
    }
    for r in d.resources.values_mut() {
        let Res {
            properties, other, ..
        } = r;
        redact_map(properties);
        redact_map(other);
    }
    redact_map(&mut d.outputs);
    redact_map(&mut d.other);
    d
}
