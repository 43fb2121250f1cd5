//! The Markdown report: tables for a pull-request comment.

use super::{esc, is_long, shown, sign, summary};
use crate::diff::{Change, Impact, Report};
use std::io::{self, Write};

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

pub fn write(out: &mut dyn Write, r: &Report) -> io::Result<()> {
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
    format!(
        "`{}`: {} → {}",
        md_escape(&c.path),
        md_code(&shown(&c.old, c.secret)),
        md_code(&shown(&c.new, c.secret))
    )
}
