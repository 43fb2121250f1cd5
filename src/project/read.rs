//! Typed reading of the spanned JSON tree. Each helper reports what is wrong
//! (type, missing field, enum, unknown key) as a diagnostic with the JSON
//! path and span, and carries on, so one run reports every problem.

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Span};
use crate::json::{Entry, Kind, Node};

/// A value with the span it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value as decoded.
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// `path.key` (`key` at the top), built in one allocation.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        return key.to_string();
    }
    let mut s = String::with_capacity(path.len() + 1 + key.len());
    s.push_str(path);
    s.push('.');
    s.push_str(key);
    s
}

/// `path[i]`, built in one allocation.
pub fn index(path: &str, i: usize) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(path.len() + 22);
    s.push_str(path);
    let _ = write!(s, "[{i}]");
    s
}

/// Whether unknown keys are rejected (zod `.strict()`) or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Strict,
    Lenient,
}

pub struct Obj<'n> {
    pub node: &'n Node,
    pub path: String,
    entries: &'n [Entry],
    known: Vec<&'static str>,
}

pub fn wrong_type(node: &Node, path: &str, expected: &str) -> Diagnostic {
    let what = if path.is_empty() {
        "the document".to_string()
    } else {
        format!("`{path}`")
    };
    Diagnostic::new(
        Code::WrongType,
        path,
        format!("{what} must be {expected}, found {}", node.type_name()),
    )
    .at(node.span)
}

pub fn as_obj<'n>(node: &'n Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Obj<'n>> {
    as_obj_at(node, path.to_string(), d)
}

/// [`as_obj`] with the path already built (no copy of it).
fn as_obj_at<'n>(node: &'n Node, path: String, d: &mut Vec<Diagnostic>) -> Option<Obj<'n>> {
    match &node.kind {
        Kind::Object(entries) => Some(Obj {
            node,
            path,
            entries,
            known: Vec::with_capacity(entries.len().max(4)),
        }),
        _ => {
            d.push(wrong_type(node, &path, "an object"));
            None
        }
    }
}

impl<'n> Obj<'n> {
    pub fn span(&self) -> Span {
        self.node.span
    }

    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key` (the last one if repeated), marking it as known.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| e.key_span)
    }

    /// Report a missing required field at the object's opening brace.
    pub fn missing(&self, key: &str, d: &mut Vec<Diagnostic>) {
        d.push(
            Diagnostic::new(
                Code::MissingField,
                self.path_of(key),
                format!("missing required field `{key}`{}", self.in_what()),
            )
            .at(Span::new(self.node.span.start, self.node.span.start + 1)),
        );
    }

    fn in_what(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!(" in `{}`", self.path)
        }
    }

    pub fn string(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<String>> {
        let n = self.get(key)?;
        match &n.kind {
            Kind::String(s) => Some(Spanned::new(s.clone(), n.span)),
            _ => {
                d.push(wrong_type(n, &self.path_of(key), "a string"));
                None
            }
        }
    }

    pub fn req_string(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<String>> {
        let present = self.get(key).is_some();
        if !present {
            self.missing(key, d);
            return None;
        }
        self.string(key, d)
    }

    /// A non-empty string (zod `z.string().min(1)`).
    pub fn nonempty(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<String>> {
        let s = self.string(key, d)?;
        if s.value.is_empty() {
            d.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    self.path_of(key),
                    format!("`{key}` must not be empty"),
                )
                .at(s.span),
            );
            return None;
        }
        Some(s)
    }

    pub fn bool(&mut self, key: &'static str, d: &mut Vec<Diagnostic>) -> Option<Spanned<bool>> {
        let n = self.get(key)?;
        match &n.kind {
            Kind::Bool(b) => Some(Spanned::new(*b, n.span)),
            _ => {
                d.push(wrong_type(n, &self.path_of(key), "true or false"));
                None
            }
        }
    }

    pub fn integer(&mut self, key: &'static str, d: &mut Vec<Diagnostic>) -> Option<Spanned<i64>> {
        let n = self.get(key)?;
        let v = match &n.kind {
            Kind::Number(t) => t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            }),
            _ => None,
        };
        match v {
            Some(v) => Some(Spanned::new(v, n.span)),
            None => {
                d.push(wrong_type(n, &self.path_of(key), "a whole number"));
                None
            }
        }
    }

    /// A string that must be one of `allowed`.
    pub fn enumeration(
        &mut self,
        key: &'static str,
        allowed: &[&'static str],
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<&'static str>> {
        let n = self.get(key)?;
        if let Some(a) = n.as_str().and_then(|v| allowed.iter().find(|a| **a == v)) {
            return Some(Spanned::new(*a, n.span));
        }
        let s = self.string(key, d)?;
        check_enum(&s, &self.path_of(key), allowed, d)
    }

    /// A word of the input vocabulary ([`super::catalog`]).
    pub fn word<T: super::catalog::Vocabulary>(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<T>> {
        let n = self.get(key)?;
        if let Some(t) = n.as_str().and_then(T::parse) {
            return Some(Spanned::new(t, n.span));
        }
        let s = self.string(key, d)?;
        let w = check_enum(&s, &self.path_of(key), &T::names(), d)?;
        T::parse(w.value).map(|t| Spanned::new(t, w.span))
    }

    pub fn array(&mut self, key: &'static str, d: &mut Vec<Diagnostic>) -> Option<&'n [Node]> {
        let n = self.get(key)?;
        match &n.kind {
            Kind::Array(items) => Some(items),
            _ => {
                d.push(wrong_type(n, &self.path_of(key), "an array"));
                None
            }
        }
    }

    pub fn string_list(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<Vec<Spanned<String>>>> {
        let n = self.get(key)?;
        let items = match &n.kind {
            Kind::Array(items) => items,
            _ => {
                d.push(wrong_type(n, &self.path_of(key), "an array of strings"));
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            match &it.kind {
                Kind::String(s) => out.push(Spanned::new(s.clone(), it.span)),
                _ => d.push(wrong_type(it, &index(&self.path_of(key), i), "a string")),
            }
        }
        Some(Spanned::new(out, n.span))
    }

    pub fn object(&mut self, key: &'static str, d: &mut Vec<Diagnostic>) -> Option<Obj<'n>> {
        let n = self.get(key)?;
        as_obj_at(n, self.path_of(key), d)
    }

    /// A `{ "k": "v" }` map of strings, in file order.
    pub fn string_map(
        &mut self,
        key: &'static str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<super::Tags>> {
        let n = self.get(key)?;
        let entries = match &n.kind {
            Kind::Object(e) => e,
            _ => {
                d.push(wrong_type(n, &self.path_of(key), "an object of strings"));
                return None;
            }
        };
        let mut out: Vec<(Spanned<String>, Spanned<String>)> = Vec::with_capacity(entries.len());
        let mut at: foldhash::HashMap<&str, usize> = Default::default();
        for e in entries {
            match &e.value.kind {
                Kind::String(v) => {
                    let pair = (
                        Spanned::new(e.key.clone(), e.key_span),
                        Spanned::new(v.clone(), e.value.span),
                    );
                    match at.get(e.key.as_str()) {
                        Some(&i) => out[i] = pair,
                        None => {
                            at.insert(&e.key, out.len());
                            out.push(pair);
                        }
                    }
                }
                _ => d.push(wrong_type(
                    &e.value,
                    &join(&self.path_of(key), &e.key),
                    "a string",
                )),
            }
        }
        Some(Spanned::new(out, n.span))
    }

    /// Report keys nobody asked for: an error for strict objects (the
    /// AgentCore CLI rejects the file), a warning for lenient ones (the CLI
    /// drops them).
    pub fn finish(self, strictness: Strictness, d: &mut Vec<Diagnostic>) {
        /// Unknown keys reported one by one per object; the rest are counted.
        const MAX_REPORTED: usize = 100;
        let mut reported = 0usize;
        let mut more = 0usize;
        for e in self.entries {
            if self.known.contains(&e.key.as_str())
                || super::secrets::is_secret_literal(&e.key, &e.value)
            {
                // Secret literals are reported (AC1011) by the secrets scan.
                continue;
            }
            if reported == MAX_REPORTED {
                more += 1;
                continue;
            }
            reported += 1;
            let help = did_you_mean(&e.key, self.known.iter().copied());
            let place = if self.path.is_empty() {
                "the project".to_string()
            } else {
                format!("`{}`", self.path)
            };
            let diag = match strictness {
                Strictness::Strict => Diagnostic::new(
                    Code::UnknownKey,
                    join(&self.path, &e.key),
                    format!("unknown key `{}` in {place}", e.key),
                ),
                Strictness::Lenient => Diagnostic::new(
                    Code::IgnoredKey,
                    join(&self.path, &e.key),
                    format!("unknown key `{}` in {place} is ignored", e.key),
                ),
            };
            let help = help.or_else(|| {
                (strictness == Strictness::Strict).then(|| {
                    format!(
                        "the AgentCore CLI rejects unknown keys here; remove `{}`",
                        e.key
                    )
                })
            });
            d.push(diag.at(e.key_span).help_opt(help));
        }
        if more > 0 {
            let code = match strictness {
                Strictness::Strict => Code::UnknownKey,
                Strictness::Lenient => Code::IgnoredKey,
            };
            let place = if self.path.is_empty() {
                "the project".to_string()
            } else {
                format!("`{}`", self.path)
            };
            d.push(
                Diagnostic::new(
                    code,
                    self.path.clone(),
                    format!("and {more} more unknown keys in {place}"),
                )
                .at(Span::new(self.node.span.start, self.node.span.start + 1)),
            );
        }
    }
}

pub fn check_enum(
    s: &Spanned<String>,
    path: &str,
    allowed: &[&'static str],
    d: &mut Vec<Diagnostic>,
) -> Option<Spanned<&'static str>> {
    if let Some(a) = allowed.iter().find(|a| **a == s.value) {
        return Some(Spanned::new(*a, s.span));
    }
    let list = allowed.join(", ");
    d.push(
        Diagnostic::new(
            Code::InvalidEnum,
            path,
            format!(
                "`{}` is not a valid value for `{}`; expected one of: {list}",
                s.value,
                last_segment(path)
            ),
        )
        .at(s.span)
        .help_opt(did_you_mean(&s.value, allowed.iter().copied())),
    );
    None
}

pub fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Each item of an array with its path.
pub fn items<'n>(arr: &'n [Node], base: &str) -> impl Iterator<Item = (String, &'n Node)> + 'n {
    let base = base.to_string();
    arr.iter()
        .enumerate()
        .map(move |(i, n)| (index(&base, i), n))
}

/// A string length/pattern rule; `None` when it holds.
pub fn invalid(path: &str, span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, path, message).at(span)
}
