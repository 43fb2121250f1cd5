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
    let mut v = Validator;
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
        v.object(
            &schema.doc,
            &schema.doc,
            &r.properties,
            &P::Root("Properties"),
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
        secrets(t, &r.properties, &P::Root("Properties"), &mut problems);
        for (k, x) in &r.properties {
            intrinsics(t, x, &P::Key(&P::Root("Properties"), k), &mut problems);
        }
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
        intrinsics(t, &o.value, &P::Root("Value"), &mut problems);
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
fn secrets(t: &Template, m: &Map, path: &P<'_>, out: &mut Problems) {
    for (k, v) in m {
        let p = P::Key(path, k);
        if SECRET_PROPERTIES.contains(&k.as_str()) {
            match v {
                Value::Ref(name) if t.parameters.get(name).is_some_and(|p| p.no_echo) => {}
                Value::Ref(name) => out.push((p.render(), format!("secret `{k}` refers to `{name}`, which is not a NoEcho parameter"))),
                _ => out.push((p.render(), format!("secret `{k}` holds a literal value; it must be a Ref to a NoEcho parameter or an EXTERNAL secret reference"))),
            }
        }
        match v {
            Value::Map(inner) => secrets(t, inner, &p, out),
            Value::List(items) => {
                for (i, it) in items.iter().enumerate() {
                    if let Value::Map(inner) = it {
                        secrets(t, inner, &P::Idx(&p, i), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Ref`, `GetAtt` and `Sub` name things that exist, with real attributes.
fn intrinsics(t: &Template, v: &Value, path: &P<'_>, out: &mut Problems) {
    match v {
        Value::Ref(name)
            if !(t.resources.contains_key(name)
                || t.parameters.contains_key(name)
                || PSEUDO_PARAMETERS.contains(&name.as_str())) =>
        {
            out.push((
                path.render(),
                format!("Ref to `{name}`, which is neither a resource, a parameter nor a pseudo parameter"),
            ));
        }
        Value::GetAtt(res, attr) => get_att(t, res, attr, path, out),
        Value::Sub(s) => {
            for var in sub_variables(s) {
                match var.split_once('.') {
                    Some((res, attr)) => get_att(t, res, attr, path, out),
                    None if !(t.resources.contains_key(var)
                        || t.parameters.contains_key(var)
                        || PSEUDO_PARAMETERS.contains(&var)) =>
                    {
                        out.push((path.render(), format!("Sub refers to `{var}`, which is neither a resource, a parameter nor a pseudo parameter")));
                    }
                    None => {}
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
                intrinsics(t, x, &P::Key(path, k), out);
            }
        }
        Value::List(items) => {
            for (i, x) in items.iter().enumerate() {
                intrinsics(t, x, &P::Idx(path, i), out);
            }
        }
        _ => {}
    }
}

fn get_att(t: &Template, res: &str, attr: &str, path: &P<'_>, out: &mut Problems) {
    let Some(r) = t.resources.get(res) else {
        out.push((
            path.render(),
            format!("GetAtt of `{res}`, which is not a resource of this template"),
        ));
        return;
    };
    let Some(schema) = schema_for(&r.kind) else {
        return;
    };
    let known = schema.read_only.iter().any(|p| {
        p.strip_prefix("/properties/")
            .is_some_and(|rest| rest.len() == attr.len() && rest.split('/').eq(attr.split('.')))
    });
    if !known {
        let valid: Vec<&str> = schema
            .read_only
            .iter()
            .filter_map(|p| p.strip_prefix("/properties/"))
            .collect();
        out.push((
            path.render(),
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

/// A path into a value, rendered only when there is a problem to report.
#[derive(Clone, Copy)]
pub enum P<'a> {
    Root(&'a str),
    Key(&'a P<'a>, &'a str),
    Idx(&'a P<'a>, usize),
}

impl P<'_> {
    pub fn render(&self) -> String {
        match self {
            P::Root(s) => s.to_string(),
            P::Key(p, k) => format!("{}.{k}", p.render()),
            P::Idx(p, i) => format!("{}[{i}]", p.render()),
        }
    }
}

type Problems = Vec<(String, String)>;

/// A JSON-Schema (draft-7 subset used by the registry schemas) validator
/// over template values. Schemas are the embedded `'static` documents, so
/// compiled patterns are cached once per process.
#[derive(Default)]
pub struct Validator;

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

fn enum_contains(e: &[Json], v: &Value) -> Option<bool> {
    Some(match v {
        Value::Str(s) => e.iter().any(|x| x.as_str() == Some(s)),
        Value::Bool(b) => e.iter().any(|x| x.as_bool() == Some(*b)),
        Value::Int(i) => e.iter().any(|x| x.as_i64() == Some(*i)),
        _ => return None,
    })
}

fn describe(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("{s:?}"),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        other => type_of(other).to_string(),
    }
}

/// Compiled patterns, keyed by the pattern text of the embedded schemas.
///
/// Patterns are compiled as byte regexes without Unicode classes where the
/// pattern allows it (`.` then matches one byte): the registry patterns are
/// about ASCII identifiers and ARNs, and a Unicode `.{1,2043}` costs
/// milliseconds to compile. Patterns that need Unicode (`\p{L}`) get it.
fn regex(pattern: &'static str) -> Option<&'static regex::bytes::Regex> {
    use std::sync::Mutex;
    type Cache = HashMap<&'static str, Option<&'static regex::bytes::Regex>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    *cache.entry(pattern).or_insert_with(|| {
        let p = ascii_classes(pattern);
        let build = |unicode: bool| {
            regex::bytes::RegexBuilder::new(&p)
                .unicode(unicode)
                .build()
                .ok()
        };
        // JavaScript-only syntax (look-around) compiles neither way and is
        // not checked here; cfn-lint in CI checks those patterns.
        build(false)
            .or_else(|| build(true))
            .map(|r| &*Box::leak(Box::new(r)))
    })
}

/// ECMA-262 `\d` and `\w` are ASCII-only; Rust's are Unicode (and far
/// costlier to compile). Spell them out as ASCII ranges, in and out of
/// character classes.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                Some('w') => out.push_str(if in_class {
                    "0-9A-Za-z_"
                } else {
                    "[0-9A-Za-z_]"
                }),
                Some('D') if !in_class => out.push_str("[^0-9]"),
                Some('W') if !in_class => out.push_str("[^0-9A-Za-z_]"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The keywords of one schema node, looked up once per process (schema
/// nodes are `'static`, so the node's address identifies it).
struct Kw {
    reference: Option<(&'static str, Option<&'static Json>)>,
    all_of: &'static [Json],
    one_of: Option<&'static [Json]>,
    any_of: Option<&'static [Json]>,
    types: Option<&'static Json>,
    enumeration: Option<&'static [Json]>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<&'static str>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique: bool,
    items: Option<&'static Json>,
    properties: Option<&'static serde_json::Map<String, Json>>,
    pattern_properties: Option<&'static serde_json::Map<String, Json>>,
    required: &'static [Json],
    additional: Option<&'static Json>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
}

fn keywords(root: &'static Json, schema: &'static Json) -> Option<&'static Kw> {
    use std::sync::Mutex;
    // A process-wide cache (reachable until exit, like the schemas it indexes).
    static CACHE: OnceLock<Mutex<HashMap<usize, Option<&'static Kw>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = schema as *const Json as usize;
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .copied()
    {
        return hit;
    }
    let kw = schema.as_object().map(|s| {
        let u = |k: &str| s.get(k).and_then(Json::as_u64);
        let f = |k: &str| s.get(k).and_then(Json::as_f64);
        let arr = |k: &str| s.get(k).and_then(Json::as_array).map(Vec::as_slice);
        let reference = s.get("$ref").and_then(Json::as_str).map(|r| {
            let target = r
                .strip_prefix("#/")
                .and_then(|p| p.split('/').try_fold(root, |n, seg| n.get(seg)));
            (r, target)
        });
        &*Box::leak(Box::new(Kw {
            reference,
            all_of: arr("allOf").unwrap_or(&[]),
            one_of: arr("oneOf"),
            any_of: arr("anyOf"),
            types: s.get("type"),
            enumeration: arr("enum"),
            min_length: u("minLength"),
            max_length: u("maxLength"),
            pattern: s.get("pattern").and_then(Json::as_str),
            minimum: f("minimum"),
            maximum: f("maximum"),
            min_items: u("minItems"),
            max_items: u("maxItems"),
            unique: s.get("uniqueItems").and_then(Json::as_bool) == Some(true),
            items: s.get("items"),
            properties: s.get("properties").and_then(Json::as_object),
            pattern_properties: s.get("patternProperties").and_then(Json::as_object),
            required: arr("required").unwrap_or(&[]),
            additional: s.get("additionalProperties"),
            min_properties: u("minProperties"),
            max_properties: u("maxProperties"),
        }))
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, kw);
    kw
}

impl Validator {
    /// Validate `v` against `schema` (a node of `root`), appending
    /// (path, message) problems.
    pub fn validate(
        &mut self,
        root: &'static Json,
        schema: &'static Json,
        v: &Value,
        path: &P<'_>,
        out: &mut Problems,
    ) {
        let Some(k) = keywords(root, schema) else {
            return;
        };
        if let Some((r, target)) = k.reference {
            match target {
                Some(t) => self.validate(root, t, v, path, out),
                None => out.push((path.render(), format!("schema reference {r} not found"))),
            }
        }
        for sub in k.all_of {
            self.validate(root, sub, v, path, out);
        }
        if let Some(branches) = k.one_of {
            self.one_of(root, branches, v, path, out);
        }
        if let Some(any) = k.any_of {
            let ok = any.iter().any(|b| {
                let mut tmp = Vec::new();
                self.validate(root, b, v, path, &mut tmp);
                tmp.is_empty()
            });
            if !ok {
                out.push((
                    path.render(),
                    "matches none of the anyOf alternatives".into(),
                ));
            }
        }
        let type_ok = match k.types {
            Some(Json::String(t)) => matches_type(v, t),
            Some(Json::Array(ts)) => ts
                .iter()
                .filter_map(Json::as_str)
                .any(|t| matches_type(v, t)),
            _ => true,
        };
        if !type_ok {
            let want = match k.types {
                Some(Json::Array(ts)) => ts
                    .iter()
                    .filter_map(Json::as_str)
                    .collect::<Vec<_>>()
                    .join(" or "),
                Some(t) => t.as_str().unwrap_or_default().to_string(),
                None => String::new(),
            };
            out.push((
                path.render(),
                format!("expected {want}, found {}", type_of(v)),
            ));
            return;
        }
        if let Some(e) = k.enumeration {
            if enum_contains(e, v) == Some(false) {
                let allowed: Vec<String> = e.iter().map(|x| x.to_string()).collect();
                out.push((
                    path.render(),
                    format!("{} is not one of {}", describe(v), allowed.join(", ")),
                ));
            }
        }
        match v {
            Value::Str(text) => string(k, text, path, out),
            Value::Int(_) | Value::Number(_) => {
                if let Some(x) = as_f64(v) {
                    if let Some(min) = k.minimum.filter(|m| x < *m) {
                        out.push((path.render(), format!("{x} is less than the minimum {min}")));
                    }
                    if let Some(max) = k.maximum.filter(|m| x > *m) {
                        out.push((path.render(), format!("{x} is more than the maximum {max}")));
                    }
                }
            }
            Value::List(items) => self.array(root, k, items, path, out),
            Value::Map(m) => self.object_kw(root, k, m, path, out),
            _ => {}
        }
    }

    fn array(
        &mut self,
        root: &'static Json,
        k: &'static Kw,
        items: &[Value],
        path: &P<'_>,
        out: &mut Problems,
    ) {
        let n = items.len() as u64;
        if let Some(min) = k.min_items.filter(|m| n < *m) {
            out.push((
                path.render(),
                format!("has {n} items, fewer than the minimum {min}"),
            ));
        }
        if let Some(max) = k.max_items.filter(|m| n > *m) {
            out.push((
                path.render(),
                format!("has {n} items, more than the maximum {max}"),
            ));
        }
        if k.unique {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    out.push((
                        P::Idx(path, i).render(),
                        "repeats an earlier item (items must be unique)".into(),
                    ));
                }
            }
        }
        if let Some(item_schema) = k.items {
            for (i, it) in items.iter().enumerate() {
                self.validate(root, item_schema, it, &P::Idx(path, i), out);
            }
        }
    }

    /// Validate an object against an object schema (also the entry point for
    /// a resource's `Properties`).
    pub fn object(
        &mut self,
        root: &'static Json,
        schema: &'static Json,
        m: &Map,
        path: &P<'_>,
        out: &mut Problems,
    ) {
        if let Some(k) = keywords(root, schema) {
            self.object_kw(root, k, m, path, out);
        }
    }

    fn object_kw(
        &mut self,
        root: &'static Json,
        k: &'static Kw,
        m: &Map,
        path: &P<'_>,
        out: &mut Problems,
    ) {
        for r in k.required.iter().filter_map(Json::as_str) {
            if !m.contains_key(r) {
                out.push((path.render(), format!("missing required property `{r}`")));
            }
        }
        let n = m.len() as u64;
        if let Some(max) = k.max_properties.filter(|x| n > *x) {
            out.push((
                path.render(),
                format!("has {n} properties, more than the maximum {max}"),
            ));
        }
        if let Some(min) = k.min_properties.filter(|x| n < *x) {
            out.push((
                path.render(),
                format!("has {n} properties, fewer than the minimum {min}"),
            ));
        }
        for (key, v) in m {
            let p = P::Key(path, key);
            let mut known = false;
            if let Some(ps) = k.properties.and_then(|ps| ps.get(key)) {
                known = true;
                self.validate(root, ps, v, &p, out);
            }
            if let Some(pp) = k.pattern_properties {
                for (pat, ps) in pp {
                    if regex(pat).is_none_or(|re| re.is_match(key.as_bytes())) {
                        known = true;
                        self.validate(root, ps, v, &p, out);
                    }
                }
            }
            if !known {
                match k.additional {
                    Some(Json::Bool(false)) => {
                        let allowed: Vec<&str> = k
                            .properties
                            .map(|ps| ps.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        out.push((
                            p.render(),
                            format!("unknown property `{key}` (allowed: {})", allowed.join(", ")),
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
        root: &'static Json,
        branches: &'static [Json],
        v: &Value,
        path: &P<'_>,
        out: &mut Problems,
    ) {
        let results: Vec<Problems> = branches
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
        let keyed = |i: &usize| {
            branches[*i]
                .get("required")
                .and_then(Json::as_array)
                .and_then(|r| r.first())
                .and_then(Json::as_str)
                .is_some_and(|k| matches!(v, Value::Map(m) if m.contains_key(k)))
        };
        match passing.len() {
            1 => {}
            0 if results.is_empty() => {}
            0 => {
                let keyed_branches: Vec<String> =
                    (0..branches.len()).filter(keyed).map(title).collect();
                if keyed_branches.len() > 1 {
                    out.push((
                        path.render(),
                        format!(
                            "sets more than one oneOf branch ({}); exactly one is allowed",
                            keyed_branches.join(", ")
                        ),
                    ));
                    return;
                }
                // Report the branch the value was meant for: the one whose
                // required key is present, else the one with fewest problems.
                let best = (0..results.len())
                    .min_by_key(|i| (!keyed(i), results[*i].len()))
                    .unwrap_or(0);
                out.extend(results[best].iter().cloned());
            }
            _ => {
                let names: Vec<String> = passing.iter().map(|i| title(*i)).collect();
                out.push((
                    path.render(),
                    format!(
                        "matches more than one oneOf branch ({}); exactly one is allowed",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
}

fn string(k: &Kw, text: &str, path: &P<'_>, out: &mut Problems) {
    if k.min_length.is_some() || k.max_length.is_some() {
        let n = text.chars().count() as u64;
        if let Some(min) = k.min_length.filter(|m| n < *m) {
            out.push((
                path.render(),
                format!("is {n} characters, shorter than the minimum {min}"),
            ));
        }
        if let Some(max) = k.max_length.filter(|m| n > *m) {
            out.push((
                path.render(),
                format!("is {n} characters, longer than the maximum {max}"),
            ));
        }
    }
    if let Some(p) = k.pattern {
        if let Some(re) = regex(p) {
            if !re.is_match(text.as_bytes()) {
                out.push((
                    path.render(),
                    format!("{text:?} does not match the pattern {p}"),
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
    fn js_digit_and_word_classes_become_ascii() {
        assert_eq!(ascii_classes(r"^\d{12}$"), "^[0-9]{12}$");
        assert_eq!(
            ascii_classes(r"^[\w.-]+\.\w$"),
            r"^[0-9A-Za-z_.-]+\.[0-9A-Za-z_]$"
        );
        assert_eq!(ascii_classes(r"[\s\d]"), r"[\s0-9]");
        let re = regex::Regex::new(&ascii_classes(r"^\w+$")).unwrap();
        assert!(re.is_match("abc_1") && !re.is_match("é"));
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
                assert!(
                    regex::Regex::new(&ascii_classes(&p)).is_ok(),
                    "{}: {p}",
                    s.type_name
                );
            }
        }
    }
}
