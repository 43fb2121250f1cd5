//! Renderers of a diff [`Report`]: human text (color on a terminal, unified
//! diffs for long strings), a Markdown table for pull-request comments, and
//! JSON with a stable, documented shape for bots. One reporter per format,
//! each writing to an injected writer.

use super::{Change, EntryDiff, Impact, Kind, Report, ResourceDiff};
use crate::template::Value;
use std::io::{self, Write};

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
    }
}

fn shown(v: &Option<Value>, secret: bool) -> String {
    match v {
        None => "(absent)".into(),
        Some(_) if secret => "(secret)".into(),
        Some(v) => esc(&show(v)),
    }
}

/// Template text as it may reach a terminal or a PR comment: control
/// characters and bidi overrides escaped (see `escape_terminal`).
fn esc(s: &str) -> String {
    crate::diagnostics::render::escape_terminal(s).into_owned()
}

fn is_long(c: &Change) -> bool {
    let long =
        |v: &Option<Value>| matches!(v, Some(Value::Str(s)) if s.len() > 80 || s.contains('\n'));
    !c.secret && long(&c.old) && long(&c.new)
}

struct Paint {
    on: bool,
}

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn sign(kind: Kind) -> &'static str {
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

pub fn human(out: &mut dyn Write, r: &Report, color: bool) -> io::Result<()> {
    let p = Paint { on: color };
    if r.is_empty() {
        return writeln!(out, "No changes.");
    }
    if !r.security.is_empty() {
        writeln!(out, "{}", p.c("1", "Security"))?;
        for s in &r.security {
            writeln!(out, "  {} {}: {}", p.c("33", "~"), s.resource, s.what)?;
            for a in &s.added {
                writeln!(out, "      {}", p.c("32", &format!("+ {a}")))?;
            }
            for x in &s.removed {
                writeln!(out, "      {}", p.c("31", &format!("- {x}")))?;
            }
        }
        writeln!(out)?;
    }
    if !r.resources.is_empty() {
        writeln!(out, "{}", p.c("1", "Resources"))?;
        for d in &r.resources {
            resource_human(out, d, &p)?;
        }
        writeln!(out)?;
    }
    for (title, list) in [
        ("Parameters", &r.parameters),
        ("Outputs", &r.outputs),
        ("Other sections", &r.other),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "{}", p.c("1", title))?;
        for e in list {
            entry_human(out, e, &p)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(r))
}

fn impact_color(i: Impact) -> &'static str {
    match i {
        Impact::Replace | Impact::Destroy => "1;31",
        Impact::MayReplace | Impact::Orphan => "1;33",
        Impact::Create => "32",
        Impact::Update => "33",
    }
}

fn resource_human(out: &mut dyn Write, d: &ResourceDiff, p: &Paint) -> io::Result<()> {
    let from = d
        .renamed_from
        .as_ref()
        .map(|f| format!(" (was {})", esc(f)))
        .unwrap_or_default();
    writeln!(
        out,
        "  {} {}{from} ({})  [{}]",
        sign(d.kind),
        esc(&d.id),
        esc(&d.resource_type),
        p.c(impact_color(d.impact), d.impact.as_str())
    )?;
    if let Some(h) = &d.hint {
        writeln!(out, "      note: {}", esc(h))?;
    }
    changes_human(out, &d.changes, p)
}

fn entry_human(out: &mut dyn Write, e: &EntryDiff, p: &Paint) -> io::Result<()> {
    writeln!(out, "  {} {}", sign(e.kind), esc(&e.id))?;
    changes_human(out, &e.changes, p)
}

fn changes_human(out: &mut dyn Write, changes: &[Change], p: &Paint) -> io::Result<()> {
    for c in changes {
        if is_long(c) {
            writeln!(out, "      {}:", esc(&c.path))?;
            let (Some(Value::Str(a)), Some(Value::Str(b))) = (&c.old, &c.new) else {
                continue;
            };
            let diff = similar::TextDiff::from_lines(a, b);
            for line in diff.unified_diff().context_radius(2).to_string().lines() {
                let line = &esc(line);
                let colored = match line.chars().next() {
                    Some('+') => p.c("32", line),
                    Some('-') => p.c("31", line),
                    _ => line.to_string(),
                };
                writeln!(out, "        {colored}")?;
            }
        } else {
            writeln!(
                out,
                "      {}: {} → {}",
                esc(&c.path),
                p.c("31", &shown(&c.old, c.secret)),
                p.c("32", &shown(&c.new, c.secret))
            )?;
        }
    }
    Ok(())
}

fn md_escape(s: &str) -> String {
    esc(s).replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn md_code(s: &str) -> String {
    let s = md_escape(s);
    let s = if s.chars().count() > 120 {
        format!("{}…", s.chars().take(117).collect::<String>())
    } else {
        s
    };
    format!("`{}`", s.replace('`', "'"))
}

pub fn markdown(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(out, "### CloudFormation template changes\n")?;
    if r.is_empty() {
        return writeln!(out, "No changes.");
    }
    writeln!(out, "{}\n", summary(r))?;
    if !r.security.is_empty() {
        writeln!(out, "**Security**\n")?;
        writeln!(
            out,
            "| resource | change | added | removed |\n|---|---|---|---|"
        )?;
        for s in &r.security {
            let list = |v: &[String]| {
                v.iter()
                    .map(|x| md_code(x))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                s.resource,
                s.what,
                list(&s.added),
                list(&s.removed)
            )?;
        }
        writeln!(out)?;
    }
    if !r.resources.is_empty() {
        writeln!(out, "**Resources**\n")?;
        writeln!(
            out,
            "| | resource | type | impact | changes |\n|---|---|---|---|---|"
        )?;
        for d in &r.resources {
            let mut notes: Vec<String> = d.changes.iter().map(change_md).collect();
            if let Some(h) = &d.hint {
                notes.insert(0, format!("_{}_", md_escape(h)));
            }
            let id = match &d.renamed_from {
                Some(f) => format!("`{}` (was `{}`)", md_escape(&d.id), md_escape(f)),
                None => format!("`{}`", md_escape(&d.id)),
            };
            let impact = match d.impact {
                Impact::Replace | Impact::Destroy | Impact::MayReplace => {
                    format!("**{}**", d.impact.as_str())
                }
                other => other.as_str().to_string(),
            };
            writeln!(
                out,
                "| {} | {id} | `{}` | {impact} | {} |",
                sign(d.kind),
                md_escape(&d.resource_type),
                notes.join("<br>")
            )?;
        }
        writeln!(out)?;
    }
    for (title, list) in [
        ("Parameters", &r.parameters),
        ("Outputs", &r.outputs),
        ("Other sections", &r.other),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "**{title}**\n\n| | name | changes |\n|---|---|---|")?;
        for e in list {
            let notes: Vec<String> = e.changes.iter().map(change_md).collect();
            writeln!(
                out,
                "| {} | `{}` | {} |",
                sign(e.kind),
                md_escape(&e.id),
                notes.join("<br>")
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn change_md(c: &Change) -> String {
    if is_long(c) {
        return format!("`{}`: long text changed", md_escape(&c.path));
    }
    format!(
        "`{}`: {} → {}",
        md_escape(&c.path),
        md_code(&shown(&c.old, c.secret)),
        md_code(&shown(&c.new, c.secret))
    )
}

/// The JSON form (documented in docs/reviewing.md).
pub fn json(r: &Report) -> serde_json::Value {
    use serde_json::json;
    let change = |c: &Change| {
        json!({
            "path": c.path,
            "old": if c.secret { None } else { c.old.as_ref().map(to_json) },
            "new": if c.secret { None } else { c.new.as_ref().map(to_json) },
            "secret": c.secret,
        })
    };
    let entry = |e: &EntryDiff| json!({ "id": e.id, "change": e.kind.as_str(), "changes": e.changes.iter().map(change).collect::<Vec<_>>() });
    json!({
        "changed": !r.is_empty(),
        "summary": summary(r),
        "security": r.security.iter().map(|s| json!({ "resource": s.resource, "what": s.what, "added": s.added, "removed": s.removed })).collect::<Vec<_>>(),
        "resources": r.resources.iter().map(|d| json!({
            "id": d.id,
            "type": d.resource_type,
            "change": d.kind.as_str(),
            "impact": d.impact.as_str(),
            "renamed_from": d.renamed_from,
            "hint": d.hint,
            "changes": d.changes.iter().map(change).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "parameters": r.parameters.iter().map(entry).collect::<Vec<_>>(),
        "outputs": r.outputs.iter().map(entry).collect::<Vec<_>>(),
        "other": r.other.iter().map(entry).collect::<Vec<_>>(),
    })
}
