//! In-place edits of `agentcore.json` on the spanned JSON tree: keys, key
//! order, unknown keys and other sections are kept as they are. The result
//! is written the way the AgentCore CLI writes the file
//! (`JSON.stringify(value, null, 2)` plus a newline), so an edit that
//! changes nothing leaves a CLI-written file byte for byte the same.

pub mod credential;
pub mod session;
pub mod target_auth;
pub mod write;

use crate::diagnostics::Span;
use crate::json::{Entry, Kind, Node};

/// A new node (no place in any file yet).
pub fn node(kind: Kind) -> Node {
    Node {
        kind,
        span: Span::default(),
    }
}

pub fn string(s: &str) -> Node {
    node(Kind::String(s.to_string()))
}

pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Node {
    node(Kind::Array(items.into_iter().map(string).collect()))
}

/// An object from `(key, value)` pairs, in that order.
pub fn object(entries: Vec<(&str, Node)>) -> Node {
    node(Kind::Object(
        entries
            .into_iter()
            .map(|(k, v)| Entry {
                key: k.to_string(),
                key_span: Span::default(),
                value: v,
            })
            .collect(),
    ))
}

pub fn entries_mut(n: &mut Node) -> Option<&mut Vec<Entry>> {
    match &mut n.kind {
        Kind::Object(e) => Some(e),
        _ => None,
    }
}

/// The value of `key` in an object node (the last one, as JSON.parse).
pub fn get_mut<'a>(n: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    entries_mut(n)?
        .iter_mut()
        .rev()
        .find(|e| e.key == key)
        .map(|e| &mut e.value)
}

/// Set `key` to `value`: replaced where it stands, else appended.
pub fn set(n: &mut Node, key: &str, value: Node) {
    let Some(entries) = entries_mut(n) else {
        return;
    };
    match entries.iter_mut().rev().find(|e| e.key == key) {
        Some(e) => e.value = value,
        None => entries.push(Entry {
            key: key.to_string(),
            key_span: Span::default(),
            value,
        }),
    }
}

/// The array under `key`, created (after `after`, if present) when absent.
pub fn array_mut<'a>(
    n: &'a mut Node,
    key: &str,
    after: &[&str],
) -> Result<&'a mut Vec<Node>, String> {
    let entries = entries_mut(n).ok_or("the project file is not a JSON object")?;
    if !entries.iter().any(|e| e.key == key) {
        let at = entries
            .iter()
            .rposition(|e| after.contains(&e.key.as_str()))
            .map(|i| i + 1)
            .unwrap_or(entries.len());
        entries.insert(
            at,
            Entry {
                key: key.to_string(),
                key_span: Span::default(),
                value: node(Kind::Array(vec![])),
            },
        );
    }
    match &mut entries
        .iter_mut()
        .rev()
        .find(|e| e.key == key)
        .expect("present")
        .value
        .kind
    {
        Kind::Array(items) => Ok(items),
        _ => Err(format!("`{key}` is not an array")),
    }
}

pub fn name_of(n: &Node) -> Option<&str> {
    n.get("name").and_then(Node::as_str)
}
