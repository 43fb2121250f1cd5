//! Reporters of a diff [`Report`], one per format (cloudformation-guard's
//! layout): [`text`] for terminals (color, unified diffs for long strings),
//! [`markdown`] for pull-request comments, [`json`] with a stable,
//! documented shape for bots. Each writes to an injected writer; the engine
//! never calls them.

pub mod json;
pub mod markdown;
pub mod text;

use super::values::show;
use super::{Change, Impact, Kind, Report};
use crate::template::Value;

pub(super) fn shown(v: &Option<Value>, secret: bool) -> String {
    match v {
        None => "(absent)".into(),
        Some(_) if secret => "(secret)".into(),
        Some(v) => esc(&show(v)),
    }
}

/// Template text as it may reach a terminal or a PR comment: control
/// characters and bidi overrides escaped (see `escape_terminal`).
pub(super) fn esc(s: &str) -> String {
    crate::diagnostics::render::escape_terminal(s).into_owned()
}

pub(super) fn is_long(c: &Change) -> bool {
    let long =
        |v: &Option<Value>| matches!(v, Some(Value::Str(s)) if s.len() > 80 || s.contains('\n'));
    !c.secret && long(&c.old) && long(&c.new)
}

pub(super) fn sign(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "+",
        Kind::Removed => "-",
        Kind::Renamed => "»",
        Kind::Modified | Kind::TypeChanged => "~",
    }
}

/// Counts per impact, for the summary line.
pub fn summary(r: &Report) -> String {
    let n = |i: Impact| r.resources.iter().filter(|d| d.impact == i).count();
    format!(
        "{} to create, {} to update, {} to replace, {} may be replaced, {} to destroy, {} to orphan",
        n(Impact::Create),
        n(Impact::Update),
        n(Impact::Replace),
        n(Impact::MayReplace),
        n(Impact::Destroy),
        n(Impact::Orphan)
    )
}
