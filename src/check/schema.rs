//! Every synthesized resource against its official CloudFormation resource
//! schema (embedded from `schemas/`): types, required, enums, patterns,
//! lengths, additionalProperties, oneOf. Intrinsics are typed: a `Ref`,
//! `GetAtt`, `Sub` or `Join` satisfies `type: string` (its value is not
//! known), but every sibling is still checked, including inside `oneOf`
//! wrappers where cfn-lint stops looking. On top of the schema: `GetAtt`
//! must name a read-only attribute of the target type, `Ref`/`Sub` must name
//! something that exists, read-only properties must not be set, and secrets
//! must be `Ref`s to `NoEcho` parameters.
//!
//! A failure here is a compiler bug: it is reported as an internal error
//! and nothing is written.

use crate::diagnostics::{Code, Diagnostic};
use crate::template::{Map, Template, Value};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::OnceLock;

macro_rules! embedded {
    ($($ty:literal => $file:literal),* $(,)?) => {
        const EMBEDDED: &[(&str, &str)] = &[ $( ($ty, include_str!(concat!("../../schemas/", $file))), )* ];
    };
}

embedded! {
    "AWS::BedrockAgentCore::OAuth2CredentialProvider" => "AWS-BedrockAgentCore-OAuth2CredentialProvider.json",
    "AWS::BedrockAgentCore::ApiKeyCredentialProvider" => "AWS-BedrockAgentCore-ApiKeyCredentialProvider.json",
    "AWS::BedrockAgentCore::PaymentCredentialProvider" => "AWS-BedrockAgentCore-PaymentCredentialProvider.json",
    "AWS::BedrockAgentCore::Gateway" => "AWS-BedrockAgentCore-Gateway.json",
    "AWS::BedrockAgentCore::GatewayTarget" => "AWS-BedrockAgentCore-GatewayTarget.json",
    "AWS::BedrockAgentCore::WorkloadIdentity" => "AWS-BedrockAgentCore-WorkloadIdentity.json",
    "AWS::IAM::Role" => "AWS-IAM-Role.json",
    "AWS::IAM::Policy" => "AWS-IAM-Policy.json",
    "AWS::IAM::ManagedPolicy" => "AWS-IAM-ManagedPolicy.json",
}

/// Property names whose value is a secret, in any resource.
pub const SECRET_PROPERTIES: &[&str] = &[
    "ClientSecret",
    "ApiKey",
    "ApiKeySecret",
    "WalletSecret",
    "AppSecret",
    "AuthorizationPrivateKey",
];

const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// A parsed resource schema.
pub struct ResourceSchema {
    pub type_name: &'static str,
    pub doc: Json,
    /// Read-only property paths, e.g. `/properties/CredentialProviderArn`.
    pub read_only: Vec<String>,
    /// Create-only property paths (replacement on change).
    pub create_only: Vec<String>,
}

fn strings(doc: &Json, key: &str) -> Vec<String> {
    doc.get(key)
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The embedded schemas, parsed once per process.
pub fn schemas() -> &'static [ResourceSchema] {
    static PARSED: OnceLock<Vec<ResourceSchema>> = OnceLock::new();
    PARSED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|(ty, text)| {
                let doc: Json = serde_json::from_str(text).expect("embedded schema is JSON");
                ResourceSchema {
                    type_name: ty,
                    read_only: strings(&doc, "readOnlyProperties"),
                    create_only: strings(&doc, "createOnlyProperties"),
                    doc,
                }
            })
            .collect()
    })
}

pub fn schema_for(type_name: &str) -> Option<&'static ResourceSchema> {
    schemas().iter().find(|s| s.type_name == type_name)
}

/// Validate a whole template; every problem becomes an internal-error diagnostic.
pub fn check_template(t: &Template, d: &mut Vec<Diagnostic>) {
    let mut v = Validator::default();
    for (id, r) in &t.resources {
        let Some(schema) = schema_for(&r.kind) else {
            d.push(internal(
                id,
                &r.kind,
                "",
                format!("no embedded schema for type {}", r.kind),
            ));
            continue;
        };
        let mut problems = Vec::new();
        let props = Value::Map(r.properties.clone());
        v.validate(
            &schema.doc,
            &schema.doc,
            &props,
            "Properties",
            &mut problems,
        );
        for ro in &schema.read_only {
            if let Some(name) = ro.strip_prefix("/properties/").filter(|n| !n.contains('/')) {
                if r.properties.contains_key(name) {
                    problems.push((
                        format!("Properties.{name}"),
                        format!("`{name}` is read-only and must not be set"),
                    ));
                }
            }
        }
        secrets(t, &r.properties, "Properties", &mut problems);
        intrinsics(t, &props, "Properties", &mut problems);
        for dep in &r.depends_on {
            if !t.resources.contains_key(dep) {
                problems.push((
                    "DependsOn".into(),
                    format!("depends on `{dep}`, which is not a resource of this template"),
                ));
            }
        }
        for (path, msg) in problems {
            d.push(internal(id, &r.kind, &path, msg));
        }
    }
    for (id, o) in &t.outputs {
        let mut problems = Vec::new();
        intrinsics(t, &o.value, "Value", &mut problems);
        for (path, msg) in problems {
            d.push(Diagnostic::new(
                Code::Internal,
                format!("Outputs.{id}.{path}"),
                format!("internal error: output `{id}`: {path}: {msg}"),
            ));
        }
    }
}

fn internal(id: &str, kind: &str, path: &str, msg: String) -> Diagnostic {
    Diagnostic::new(
        Code::Internal,
        format!("Resources.{id}.{path}"),
        format!("internal error: resource `{id}` ({kind}) {path}: {msg}"),
    )
}

/// Secret-bearing properties must be `Ref`s to `NoEcho` parameters (or absent).
fn secrets(t: &Template, m: &Map, path: &str, out: &mut Vec<(String, String)>) {
    for (k, v) in m {
        let p = format!("{path}.{k}");
        if SECRET_PROPERTIES.contains(&k.as_str()) {
            match v {
                Value::Ref(name) if t.parameters.get(name).is_some_and(|p| p.no_echo) => {}
                Value::Ref(name) => out.push((p.clone(), format!("secret `{k}` refers to `{name}`, which is not a NoEcho parameter"))),
                _ => out.push((p.clone(), format!("secret `{k}` holds a literal value; it must be a Ref to a NoEcho parameter or an EXTERNAL secret reference"))),
            }
        }
        match v {
            Value::Map(inner) => secrets(t, inner, &p, out),
            Value::List(items) => {
                for (i, it) in items.iter().enumerate() {
                    if let Value::Map(inner) = it {
                        secrets(t, inner, &format!("{p}[{i}]"), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Ref`, `GetAtt` and `Sub` name things that exist, with real attributes.
fn intrinsics(t: &Template, v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Ref(name)
            if !(t.resources.contains_key(name)
                || t.parameters.contains_key(name)
                || PSEUDO_PARAMETERS.contains(&name.as_str())) =>
        {
            out.push((
                path.to_string(),
                format!("Ref to `{name}`, which is neither a resource, a parameter nor a pseudo parameter"),
            ));
        }
        Value::GetAtt(res, attr) => get_att(t, res, attr, path, out),
        Value::Sub(s) => {
            for var in sub_variables(s) {
                match var.split_once('.') {
                    Some((res, attr)) => get_att(t, res, attr, path, out),
                    None => intrinsics(t, &Value::Ref(var.to_string()), path, out),
                }
            }
        }
        Value::Join(_, parts) => {
            for p in parts {
                intrinsics(t, p, path, out);
            }
        }
        Value::Map(m) => {
            for (k, x) in m {
                intrinsics(t, x, &format!("{path}.{k}"), out);
            }
        }
        Value::List(items) => {
            for (i, x) in items.iter().enumerate() {
                intrinsics(t, x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn get_att(t: &Template, res: &str, attr: &str, path: &str, out: &mut Vec<(String, String)>) {
    let Some(r) = t.resources.get(res) else {
        out.push((
            path.to_string(),
            format!("GetAtt of `{res}`, which is not a resource of this template"),
        ));
        return;
    };
    let Some(schema) = schema_for(&r.kind) else {
        return;
    };
    let want = format!("/properties/{}", attr.replace('.', "/"));
    if !schema.read_only.contains(&want) {
        let valid: Vec<&str> = schema
            .read_only
            .iter()
            .filter_map(|p| p.strip_prefix("/properties/"))
            .collect();
        out.push((
            path.to_string(),
            format!(
                "GetAtt `{res}.{attr}`: {} has no attribute `{attr}` (it has: {})",
                r.kind,
                valid.join(", ")
            ),
        ));
    }
}

/// The `${...}` variables of a `Fn::Sub` string (`${!Literal}` excluded).
pub fn sub_variables(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { break };
        let var = &after[..end];
        if !var.starts_with('!') {
            out.push(var.trim());
        }
        rest = &after[end + 1..];
    }
    out
}

/// A JSON-Schema (draft-7 subset used by the registry schemas) validator
/// over template values.
#[derive(Default)]
pub struct Validator {
    regexes: HashMap<String, Option<regex::Regex>>,
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Number(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
        _ => "string (intrinsic)",
    }
}

fn matches_type(v: &Value, ty: &str) -> bool {
    match ty {
        "string" => matches!(v, Value::Str(_)) || v.is_intrinsic(),
        "integer" => {
            matches!(v, Value::Int(_)) || matches!(v, Value::Number(n) if n.parse::<i64>().is_ok())
        }
        "number" => matches!(v, Value::Int(_) | Value::Number(_)),
        "boolean" => matches!(v, Value::Bool(_)),
        "object" => matches!(v, Value::Map(_)),
        "array" => matches!(v, Value::List(_)),
        "null" => matches!(v, Value::Null),
        _ => true,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Number(n) => n.parse().ok(),
        _ => None,
    }
}

fn scalar_json(v: &Value) -> Option<Json> {
    match v {
        Value::Str(s) => Some(Json::String(s.clone())),
        Value::Bool(b) => Some(Json::Bool(*b)),
        Value::Int(i) => Some(Json::from(*i)),
        Value::Null => Some(Json::Null),
        _ => None,
    }
}

impl Validator {
    fn regex(&mut self, pattern: &str) -> Option<&regex::Regex> {
        self.regexes
            .entry(pattern.to_string())
            // JavaScript-only syntax (look-around) cannot be checked here;
            // cfn-lint in CI checks those patterns.
            .or_insert_with(|| regex::Regex::new(pattern).ok())
            .as_ref()
    }

    /// Validate `v` against `schema` (a node of `root`), appending
    /// (path, message) problems.
    pub fn validate(
        &mut self,
        root: &Json,
        schema: &Json,
        v: &Value,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let Some(s) = schema.as_object() else { return };
        if let Some(r) = s.get("$ref").and_then(Json::as_str) {
            let target = r
                .strip_prefix("#/")
                .map(|p| p.split('/').try_fold(root, |n, seg| n.get(seg)));
            match target.flatten() {
                Some(t) => self.validate(root, t, v, path, out),
                None => out.push((path.into(), format!("schema reference {r} not found"))),
            }
        }
        if let Some(all) = s.get("allOf").and_then(Json::as_array) {
            for sub in all {
                self.validate(root, sub, v, path, out);
            }
        }
        if let Some(branches) = s.get("oneOf").and_then(Json::as_array) {
            self.one_of(root, branches, v, path, out);
        }
        if let Some(any) = s.get("anyOf").and_then(Json::as_array) {
            let ok = any.iter().any(|b| {
                let mut tmp = Vec::new();
                self.validate(root, b, v, path, &mut tmp);
                tmp.is_empty()
            });
            if !ok {
                out.push((path.into(), "matches none of the anyOf alternatives".into()));
            }
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| matches_type(v, t)) {
            out.push((
                path.into(),
                format!("expected {}, found {}", types.join(" or "), type_of(v)),
            ));
            return;
        }
        if let Some(e) = s.get("enum").and_then(Json::as_array) {
            if let Some(j) = scalar_json(v) {
                if !e.contains(&j) {
                    let allowed: Vec<String> = e.iter().map(|x| x.to_string()).collect();
                    out.push((
                        path.into(),
                        format!("{j} is not one of {}", allowed.join(", ")),
                    ));
                }
            }
        }
        match v {
            Value::Str(text) => self.string(s, text, path, out),
            Value::Int(_) | Value::Number(_) => {
                if let Some(x) = as_f64(v) {
                    if let Some(min) = s.get("minimum").and_then(Json::as_f64) {
                        if x < min {
                            out.push((path.into(), format!("{x} is less than the minimum {min}")));
                        }
                    }
                    if let Some(max) = s.get("maximum").and_then(Json::as_f64) {
                        if x > max {
                            out.push((path.into(), format!("{x} is more than the maximum {max}")));
                        }
                    }
                }
            }
            Value::List(items) => self.array(root, s, items, path, out),
            Value::Map(m) => self.object(root, s, m, path, out),
            _ => {}
        }
    }

    fn string(
        &mut self,
        s: &serde_json::Map<String, Json>,
        text: &str,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let n = text.chars().count() as u64;
        if let Some(min) = s.get("minLength").and_then(Json::as_u64) {
            if n < min {
                out.push((
                    path.into(),
                    format!("is {n} characters, shorter than the minimum {min}"),
                ));
            }
        }
        if let Some(max) = s.get("maxLength").and_then(Json::as_u64) {
            if n > max {
                out.push((
                    path.into(),
                    format!("is {n} characters, longer than the maximum {max}"),
                ));
            }
        }
        if let Some(p) = s.get("pattern").and_then(Json::as_str) {
            if let Some(re) = self.regex(p) {
                if !re.is_match(text) {
                    out.push((
                        path.into(),
                        format!("{text:?} does not match the pattern {p}"),
                    ));
                }
            }
        }
    }

    fn array(
        &mut self,
        root: &Json,
        s: &serde_json::Map<String, Json>,
        items: &[Value],
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let n = items.len() as u64;
        if let Some(min) = s.get("minItems").and_then(Json::as_u64) {
            if n < min {
                out.push((
                    path.into(),
                    format!("has {n} items, fewer than the minimum {min}"),
                ));
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Json::as_u64) {
            if n > max {
                out.push((
                    path.into(),
                    format!("has {n} items, more than the maximum {max}"),
                ));
            }
        }
        if s.get("uniqueItems").and_then(Json::as_bool) == Some(true) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    out.push((
                        format!("{path}[{i}]"),
                        "repeats an earlier item (items must be unique)".into(),
                    ));
                }
            }
        }
        if let Some(item_schema) = s.get("items") {
            for (i, it) in items.iter().enumerate() {
                self.validate(root, item_schema, it, &format!("{path}[{i}]"), out);
            }
        }
    }

    fn object(
        &mut self,
        root: &Json,
        s: &serde_json::Map<String, Json>,
        m: &Map,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let props = s.get("properties").and_then(Json::as_object);
        let pattern_props = s.get("patternProperties").and_then(Json::as_object);
        if let Some(req) = s.get("required").and_then(Json::as_array) {
            for r in req.iter().filter_map(Json::as_str) {
                if !m.contains_key(r) {
                    out.push((path.into(), format!("missing required property `{r}`")));
                }
            }
        }
        let n = m.len() as u64;
        if let Some(max) = s.get("maxProperties").and_then(Json::as_u64) {
            if n > max {
                out.push((
                    path.into(),
                    format!("has {n} properties, more than the maximum {max}"),
                ));
            }
        }
        if let Some(min) = s.get("minProperties").and_then(Json::as_u64) {
            if n < min {
                out.push((
                    path.into(),
                    format!("has {n} properties, fewer than the minimum {min}"),
                ));
            }
        }
        for (k, v) in m {
            let p = format!("{path}.{k}");
            let mut known = false;
            if let Some(ps) = props.and_then(|ps| ps.get(k)) {
                known = true;
                self.validate(root, ps, v, &p, out);
            }
            if let Some(pp) = pattern_props {
                for (pat, ps) in pp {
                    if self.regex(pat).is_none_or(|re| re.is_match(k)) {
                        known = true;
                        self.validate(root, ps, v, &p, out);
                    }
                }
            }
            if !known {
                match s.get("additionalProperties") {
                    Some(Json::Bool(false)) => {
                        let allowed: Vec<&str> = props
                            .map(|ps| ps.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        out.push((
                            p,
                            format!("unknown property `{k}` (allowed: {})", allowed.join(", ")),
                        ));
                    }
                    Some(extra @ Json::Object(_)) => self.validate(root, extra, v, &p, out),
                    _ => {}
                }
            }
        }
    }

    fn one_of(
        &mut self,
        root: &Json,
        branches: &[Json],
        v: &Value,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        let results: Vec<Vec<(String, String)>> = branches
            .iter()
            .map(|b| {
                let mut tmp = Vec::new();
                self.validate(root, b, v, path, &mut tmp);
                tmp
            })
            .collect();
        let passing: Vec<usize> = (0..results.len())
            .filter(|i| results[*i].is_empty())
            .collect();
        let title = |i: usize| {
            branches[i]
                .get("title")
                .and_then(Json::as_str)
                .unwrap_or("?")
                .to_string()
        };
        match passing.len() {
            1 => {}
            0 => {
                let keyed: Vec<String> = (0..branches.len())
                    .filter(|i| {
                        branches[*i]
                            .get("required")
                            .and_then(Json::as_array)
                            .and_then(|r| r.first())
                            .and_then(Json::as_str)
                            .is_some_and(|k| matches!(v, Value::Map(m) if m.contains_key(k)))
                    })
                    .map(title)
                    .collect();
                if keyed.len() > 1 {
                    out.push((
                        path.into(),
                        format!(
                            "sets more than one oneOf branch ({}); exactly one is allowed",
                            keyed.join(", ")
                        ),
                    ));
                    return;
                }
                // Report the branch the value was most likely meant for: the
                // one whose required key is present, else the one with the
                // fewest problems.
                let best = (0..results.len())
                    .min_by_key(|i| {
                        let keyed = branches[*i]
                            .get("required")
                            .and_then(Json::as_array)
                            .and_then(|r| r.first())
                            .and_then(Json::as_str)
                            .is_some_and(|k| matches!(v, Value::Map(m) if m.contains_key(k)));
                        (!keyed, results[*i].len())
                    })
                    .unwrap_or(0);
                if results.is_empty() {
                    return;
                }
                out.extend(results[best].iter().cloned());
            }
            _ => {
                let names: Vec<String> = passing.iter().map(|i| title(*i)).collect();
                out.push((
                    path.into(),
                    format!(
                        "matches more than one oneOf branch ({}); exactly one is allowed",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::Object(m) => {
                for (k, x) in m {
                    if k == "pattern" {
                        if let Some(p) = x.as_str() {
                            out.push(p.to_string());
                        }
                    } else if k == "patternProperties" {
                        if let Some(pp) = x.as_object() {
                            out.extend(pp.keys().cloned());
                            pp.values().for_each(|y| patterns(y, out));
                        }
                    } else {
                        patterns(x, out);
                    }
                }
            }
            Json::Array(a) => a.iter().for_each(|y| patterns(y, out)),
            _ => {}
        }
    }

    #[test]
    fn every_pattern_of_an_emitted_type_compiles() {
        // WorkloadIdentity uses a look-ahead (not emitted; cfn-lint covers it).
        for s in schemas()
            .iter()
            .filter(|s| s.type_name != "AWS::BedrockAgentCore::WorkloadIdentity")
        {
            let mut ps = Vec::new();
            patterns(&s.doc, &mut ps);
            for p in ps {
                assert!(regex::Regex::new(&p).is_ok(), "{}: {p}", s.type_name);
            }
        }
    }
}
