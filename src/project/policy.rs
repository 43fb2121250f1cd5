//! IAM identity-policy documents read from files the project names (a
//! runtime's `additionalPolicies`): parsed, checked as IAM would check an
//! identity policy, and kept as a template value.

use crate::diagnostics::Span;
use crate::json::{Kind, Node};
use crate::template::{node_value, Value};

const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// The document in `text`, or what is wrong with it (with line and column).
pub fn document(text: &str) -> Result<Value, String> {
    let mut warnings = Vec::new();
    let root = crate::json::parse(text, &mut warnings).map_err(|e| {
        let (l, c) = line_col(text, e.span.map(|s| s.start).unwrap_or(0));
        format!("line {l}, column {c}: not valid JSON: {}", e.message)
    })?;
    check(&root).map_err(|(span, msg)| {
        let (l, c) = line_col(text, span.start);
        format!("line {l}, column {c}: {msg}")
    })?;
    Ok(node_value(&root))
}

/// Whether `root` is an IAM identity-policy document; else where and why not.
pub fn check(root: &Node) -> Result<(), (Span, String)> {
    let at = |n: &Node, msg: &str| (n.span, msg.to_string());
    if !matches!(root.kind, Kind::Object(_)) {
        return Err(at(root, "an IAM policy document must be a JSON object"));
    }
    match root.get("Version") {
        Some(v) if matches!(v.as_str(), Some("2012-10-17" | "2008-10-17")) => {}
        Some(v) => return Err(at(v, "`Version` must be \"2012-10-17\"")),
        None => return Err(at(root, "the policy document has no `Version`")),
    }
    let statements: Vec<&Node> = match root.get("Statement") {
        None => return Err(at(root, "the policy document has no `Statement`")),
        Some(s) => match &s.kind {
            Kind::Array(items) if items.is_empty() => {
                return Err(at(s, "`Statement` must not be empty"))
            }
            Kind::Array(items) => items.iter().collect(),
            Kind::Object(_) => vec![s],
            _ => {
                return Err(at(
                    s,
                    "`Statement` must be an object or an array of objects",
                ))
            }
        },
    };
    if let Kind::Object(entries) = &root.kind {
        if let Some(e) = entries
            .iter()
            .find(|e| !matches!(e.key.as_str(), "Version" | "Statement" | "Id"))
        {
            return Err(at(
                &e.value,
                &format!("`{}` is not a key of an IAM policy document", e.key),
            ));
        }
    }
    for st in statements {
        let Kind::Object(entries) = &st.kind else {
            return Err(at(st, "each statement must be an object"));
        };
        if let Some(e) = entries
            .iter()
            .find(|e| !STATEMENT_KEYS.contains(&e.key.as_str()))
        {
            let why = if e.key.contains("Principal") {
                "an identity policy names no principal"
            } else {
                "it is not a key of an IAM statement"
            };
            return Err(at(&e.value, &format!("`{}`: {why}", e.key)));
        }
        match st.get("Effect").and_then(Node::as_str) {
            Some("Allow" | "Deny") => {}
            _ => {
                return Err(at(
                    st,
                    "each statement needs `Effect` \"Allow\" or \"Deny\"",
                ))
            }
        }
        for (a, b) in [("Action", "NotAction"), ("Resource", "NotResource")] {
            let present: Vec<&Node> = [st.get(a), st.get(b)].into_iter().flatten().collect();
            if present.len() != 1 {
                return Err(at(
                    st,
                    &format!("each statement needs exactly one of `{a}` and `{b}`"),
                ));
            }
            let ok = match &present[0].kind {
                Kind::String(s) => !s.is_empty(),
                Kind::Array(items) => {
                    !items.is_empty()
                        && items
                            .iter()
                            .all(|i| matches!(&i.kind, Kind::String(s) if !s.is_empty()))
                }
                _ => false,
            };
            if !ok {
                return Err(at(
                    present[0],
                    &format!("`{a}` must be a non-empty string or a non-empty array of strings"),
                ));
            }
        }
        if let Some(c) = st.get("Condition") {
            if !matches!(c.kind, Kind::Object(_)) {
                return Err(at(c, "`Condition` must be an object"));
            }
        }
    }
    Ok(())
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(at)];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut at: usize) -> usize {
        while at > 0 && !self.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}
