//! A JSON-Schema validator (the draft-7 subset the CloudFormation registry
//! schemas use) over typed template values. Intrinsics satisfy
//! `type: string`; everything around them is still checked. Schema nodes
//! are the embedded `'static` documents, so their keywords and compiled
//! patterns are cached once per process.

use crate::pattern::Pattern;
use crate::template::{Map, Value};
use serde_json::Value as Json;
use std::sync::OnceLock;

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

pub type Problems = Vec<(String, String)>;

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
/// Patterns are read in byte mode where the pattern allows it (`.` then
/// matches one byte): the registry patterns are about ASCII identifiers and
/// ARNs. Patterns that need Unicode (`\p{L}`) get it. Most are matched by
/// [`crate::pattern`]'s linear matcher, which builds no automaton.
fn regex(pattern: &'static str) -> Option<&'static Pattern> {
    use std::sync::Mutex;
    type Cache = foldhash::HashMap<&'static str, Option<&'static Pattern>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    *cache.entry(pattern).or_insert_with(|| {
        // JavaScript-only syntax (look-around) compiles neither way and is
        // not checked here; cfn-lint in CI checks those patterns.
        Pattern::new(&ascii_classes(pattern)).map(|r| &*Box::leak(Box::new(r)))
    })
}

/// ECMA-262 `\d` and `\w` are ASCII-only; Rust's are Unicode (and far
/// costlier to compile). Spell them out as ASCII ranges, in and out of
/// character classes; Python's `\Z` becomes `\z`.
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
                // Python's end of string (a few registry patterns use it).
                Some('Z') if !in_class => out.push_str("\\z"),
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
    /// `properties` indexed with a fast hasher (the schema's own map hashes
    /// with SipHash; this lookup runs for every key of every object).
    property: foldhash::HashMap<&'static str, &'static Json>,
    pattern_properties: Option<&'static serde_json::Map<String, Json>>,
    required: &'static [Json],
    additional: Option<&'static Json>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
}

fn keywords(root: &'static Json, schema: &'static Json) -> Option<&'static Kw> {
    use std::sync::Mutex;
    // A process-wide cache (reachable until exit, like the schemas it indexes).
    static CACHE: OnceLock<Mutex<foldhash::HashMap<usize, Option<&'static Kw>>>> = OnceLock::new();
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
            property: s
                .get("properties")
                .and_then(Json::as_object)
                .map(|ps| ps.iter().map(|(k, v)| (k.as_str(), v)).collect())
                .unwrap_or_default(),
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

/// Where a walk's problems go: a list of rendered (path, message) pairs,
/// or only the fact that something failed. Deciding `oneOf` and `anyOf`
/// branches needs only the fact, so it renders no path and formats no
/// message, and stops at the first failure.
pub trait Sink {
    /// Whether messages are wanted (a list) or only failure (a flag).
    const DETAILED: bool;
    fn push(&mut self, path: &P<'_>, msg: impl FnOnce() -> String);
    /// True once the outcome is known (a flag sink after a failure).
    fn done(&self) -> bool;
}

impl Sink for Problems {
    const DETAILED: bool = true;
    fn push(&mut self, path: &P<'_>, msg: impl FnOnce() -> String) {
        self.push((path.render(), msg()));
    }
    fn done(&self) -> bool {
        false
    }
}

/// The sink of a yes/no question: does the value satisfy the schema?
#[derive(Default)]
struct Failed(bool);

impl Sink for Failed {
    const DETAILED: bool = false;
    fn push(&mut self, _: &P<'_>, _: impl FnOnce() -> String) {
        self.0 = true;
    }
    fn done(&self) -> bool {
        self.0
    }
}

impl Validator {
    /// Whether `v` satisfies `schema`, with no message built.
    fn passes(
        &mut self,
        root: &'static Json,
        schema: &'static Json,
        v: &Value,
        path: &P<'_>,
    ) -> bool {
        let mut failed = Failed::default();
        self.validate(root, schema, v, path, &mut failed);
        !failed.0
    }

    /// Validate `v` against `schema` (a node of `root`), appending
    /// problems to `out`.
    pub fn validate<S: Sink>(
        &mut self,
        root: &'static Json,
        schema: &'static Json,
        v: &Value,
        path: &P<'_>,
        out: &mut S,
    ) {
        let Some(k) = keywords(root, schema) else {
            return;
        };
        if let Some((r, target)) = k.reference {
            match target {
                Some(t) => self.validate(root, t, v, path, out),
                None => out.push(path, || format!("schema reference {r} not found")),
            }
        }
        for sub in k.all_of {
            if out.done() {
                return;
            }
            self.validate(root, sub, v, path, out);
        }
        if let Some(branches) = k.one_of {
            self.one_of(root, branches, v, path, out);
        }
        if let Some(any) = k.any_of {
            if !any.iter().any(|b| self.passes(root, b, v, path)) {
                out.push(path, || "matches none of the anyOf alternatives".into());
            }
        }
        if out.done() {
            return;
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
            out.push(path, || {
                let want = match k.types {
                    Some(Json::Array(ts)) => ts
                        .iter()
                        .filter_map(Json::as_str)
                        .collect::<Vec<_>>()
                        .join(" or "),
                    Some(t) => t.as_str().unwrap_or_default().to_string(),
                    None => String::new(),
                };
                format!("expected {want}, found {}", type_of(v))
            });
            return;
        }
        if let Some(e) = k.enumeration {
            if enum_contains(e, v) == Some(false) {
                out.push(path, || {
                    let allowed: Vec<String> = e.iter().map(|x| x.to_string()).collect();
                    format!("{} is not one of {}", describe(v), allowed.join(", "))
                });
            }
        }
        match v {
            Value::Str(text) => string(k, text, path, out),
            Value::Int(_) | Value::Number(_) => {
                if let Some(x) = as_f64(v) {
                    if let Some(min) = k.minimum.filter(|m| x < *m) {
                        out.push(path, || format!("{x} is less than the minimum {min}"));
                    }
                    if let Some(max) = k.maximum.filter(|m| x > *m) {
                        out.push(path, || format!("{x} is more than the maximum {max}"));
                    }
                }
            }
            Value::List(items) => self.array(root, k, items, path, out),
            Value::Map(m) => self.object_kw(root, k, m, path, out),
            _ => {}
        }
    }

    fn array<S: Sink>(
        &mut self,
        root: &'static Json,
        k: &'static Kw,
        items: &[Value],
        path: &P<'_>,
        out: &mut S,
    ) {
        let n = items.len() as u64;
        if let Some(min) = k.min_items.filter(|m| n < *m) {
            out.push(path, || {
                format!("has {n} items, fewer than the minimum {min}")
            });
        }
        if let Some(max) = k.max_items.filter(|m| n > *m) {
            out.push(path, || {
                format!("has {n} items, more than the maximum {max}")
            });
        }
        if k.unique {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    out.push(&P::Idx(path, i), || {
                        "repeats an earlier item (items must be unique)".into()
                    });
                }
            }
        }
        if let Some(item_schema) = k.items {
            for (i, it) in items.iter().enumerate() {
                if out.done() {
                    return;
                }
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

    fn object_kw<S: Sink>(
        &mut self,
        root: &'static Json,
        k: &'static Kw,
        m: &Map,
        path: &P<'_>,
        out: &mut S,
    ) {
        for r in k.required.iter().filter_map(Json::as_str) {
            if !m.contains_key(r) {
                out.push(path, || format!("missing required property `{r}`"));
            }
        }
        let n = m.len() as u64;
        if let Some(max) = k.max_properties.filter(|x| n > *x) {
            out.push(path, || {
                format!("has {n} properties, more than the maximum {max}")
            });
        }
        if let Some(min) = k.min_properties.filter(|x| n < *x) {
            out.push(path, || {
                format!("has {n} properties, fewer than the minimum {min}")
            });
        }
        for (key, v) in m {
            if out.done() {
                return;
            }
            let p = P::Key(path, key);
            let mut known = false;
            if let Some(ps) = k.property.get(key.as_str()) {
                known = true;
                self.validate(root, ps, v, &p, out);
            }
            if let Some(pp) = k.pattern_properties {
                for (pat, ps) in pp {
                    if regex(pat).is_none_or(|re| re.is_match(key)) {
                        known = true;
                        self.validate(root, ps, v, &p, out);
                    }
                }
            }
            if !known {
                match k.additional {
                    Some(Json::Bool(false)) => out.push(&p, || {
                        let allowed: Vec<&str> = k
                            .properties
                            .map(|ps| ps.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        format!("unknown property `{key}` (allowed: {})", allowed.join(", "))
                    }),
                    Some(extra @ Json::Object(_)) => self.validate(root, extra, v, &p, out),
                    _ => {}
                }
            }
        }
    }

    /// Exactly one branch must hold. Branches are decided without messages;
    /// only when the decision fails are the problems of the branch the value
    /// was meant for built.
    fn one_of<S: Sink>(
        &mut self,
        root: &'static Json,
        branches: &'static [Json],
        v: &Value,
        path: &P<'_>,
        out: &mut S,
    ) {
        if branches.is_empty() {
            return;
        }
        let passing: Vec<usize> = (0..branches.len())
            .filter(|i| self.passes(root, &branches[*i], v, path))
            .collect();
        if passing.len() == 1 {
            return;
        }
        if !S::DETAILED {
            out.push(path, String::new);
            return;
        }
        let title = |i: usize| {
            branches[i]
                .get("title")
                .and_then(Json::as_str)
                .unwrap_or("?")
                .to_string()
        };
        if !passing.is_empty() {
            let names: Vec<String> = passing.iter().map(|i| title(*i)).collect();
            out.push(path, || {
                format!(
                    "matches more than one oneOf branch ({}); exactly one is allowed",
                    names.join(", ")
                )
            });
            return;
        }
        let keyed = |i: &usize| {
            branches[*i]
                .get("required")
                .and_then(Json::as_array)
                .and_then(|r| r.first())
                .and_then(Json::as_str)
                .is_some_and(|k| matches!(v, Value::Map(m) if m.contains_key(k)))
        };
        let keyed_branches: Vec<String> = (0..branches.len()).filter(keyed).map(title).collect();
        if keyed_branches.len() > 1 {
            out.push(path, || {
                format!(
                    "sets more than one oneOf branch ({}); exactly one is allowed",
                    keyed_branches.join(", ")
                )
            });
            return;
        }
        // Report the branch the value was meant for: the one whose required
        // key is present, else the one with fewest problems.
        let results: Vec<Problems> = branches
            .iter()
            .map(|b| {
                let mut tmp = Vec::new();
                self.validate(root, b, v, path, &mut tmp);
                tmp
            })
            .collect();
        let best = (0..results.len())
            .min_by_key(|i| (!keyed(i), results[*i].len()))
            .unwrap_or(0);
        for (p, msg) in results.into_iter().nth(best).unwrap_or_default() {
            out.push(&P::Root(&p), || msg);
        }
    }
}

fn string<S: Sink>(k: &Kw, text: &str, path: &P<'_>, out: &mut S) {
    if k.min_length.is_some() || k.max_length.is_some() {
        let n = text.chars().count() as u64;
        if let Some(min) = k.min_length.filter(|m| n < *m) {
            out.push(path, || {
                format!("is {n} characters, shorter than the minimum {min}")
            });
        }
        if let Some(max) = k.max_length.filter(|m| n > *m) {
            out.push(path, || {
                format!("is {n} characters, longer than the maximum {max}")
            });
        }
    }
    if let Some(p) = k.pattern {
        if let Some(re) = regex(p) {
            if !re.is_match(text) {
                out.push(path, || format!("{text:?} does not match the pattern {p}"));
            }
        }
    }
}
