//! The Markdown report: tables for a pull-request comment.

use super::{esc, is_long, shown, sign, summary};
use crate::diff::{Change, Impact, Report};
use std::io::{self, Write};

fn md_escape(s: &str) -> String {
    esc(s).replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// At most this many characters of a value are shown in a table cell.
const CELL: usize = 120;

fn md_code(s: &str) -> String {
    md_code_from(s, 0)
}

/// A value in a table cell, from character `from` on (`…` marks what is
/// left out on either side).
fn md_code_from(s: &str, from: usize) -> String {
    let s = md_escape(s);
    let chars: Vec<char> = s.chars().collect();
    let from = from.min(chars.len());
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    let end = if chars.len() - from <= CELL {
        chars.len()
    } else {
        from + CELL - 3
    };
    shown.extend(&chars[from..end]);
    if end < chars.len() {
        shown.push('…');
    }
    format!("`{}`", shown.replace('`', "'"))
}

/// Two long values that share a beginning (ARNs) are both shown from a
/// little before the first character that differs, so the cells never read
/// the same.
fn md_pair(old: &str, new: &str) -> (String, String) {
    let (a, b) = (md_escape(old), md_escape(new));
    if a.chars().count() <= CELL && b.chars().count() <= CELL {
        return (md_code(old), md_code(new));
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let from = common.saturating_sub(20);
    (md_code_from(old, from), md_code_from(new, from))
}

/// The identity-flow edges a change adds (`==>`, `+`) and removes
/// (`-.->`, `−`), as a Mermaid diagram GitHub draws in the comment.
fn auth_diagram(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    use crate::graph::mermaid_label;
    let edges: Vec<(&crate::diff::auth::AuthEdge, bool)> = r
        .auth
        .removed
        .iter()
        .map(|e| (e, false))
        .chain(r.auth.added.iter().map(|e| (e, true)))
        .collect();
    let mut names: Vec<&str> = edges
        .iter()
        .flat_map(|((from, _, to), _)| [from.as_str(), to.as_str()])
        .collect();
    names.sort();
    names.dedup();
    let node = |n: &str| format!("n{}", names.binary_search(&n).unwrap_or(0));
    writeln!(out, "**Identity flow changes**\n\n```mermaid\nflowchart LR")?;
    for n in &names {
        let label = n.replace("inbound:", "inbound: ");
        writeln!(out, "  {}[\"{}\"]", node(n), mermaid_label(&label))?;
    }
    for ((from, label, to), added) in &edges {
        let (arrow, sign) = if *added {
            ("==>", "+")
        } else {
            ("-.->", "−")
        };
        writeln!(
            out,
            "  {} {arrow}|\"{sign} {}\"| {}",
            node(from),
            mermaid_label(label),
            node(to)
        )?;
    }
    writeln!(out, "```\n")
}

pub fn write(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(out, "### CloudFormation template changes\n")?;
    if r.is_empty() {
        return writeln!(out, "No changes.");
    }
    writeln!(out, "{}\n", summary(r))?;
    if !r.auth.is_empty() {
        auth_diagram(out, r)?;
    }
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
    for (title, list) in r.entry_sections() {
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
    let (old, new) = md_pair(&shown(&c.old, c.secret), &shown(&c.new, c.secret));
    format!("`{}`: {old} → {new}", md_escape(&c.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_show_where_they_differ() {
        let base = format!("arn:aws:iam::123456789012:role/{}", "x".repeat(150));
        let (a, b) = md_pair(&format!("{base}-old"), &format!("{base}-new"));
        assert_ne!(a, b);
        assert!(a.contains("-old") && b.contains("-new"), "{a} / {b}");
        assert!(a.starts_with("`…"));
        assert_eq!(
            md_pair("short", "other"),
            (md_code("short"), md_code("other"))
        );
    }
}
