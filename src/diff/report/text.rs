//! The text report: security first, then resources, parameters, outputs
//! and other sections; color on a terminal.

use super::{esc, is_long, shown, sign, summary};
use crate::diff::{Change, EntryDiff, Impact, Report, ResourceDiff};
use crate::template::Value;
use std::io::{self, Write};

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

pub fn write(out: &mut dyn Write, r: &Report, color: bool) -> io::Result<()> {
    let p = Paint { on: color };
    if r.is_empty() {
        return writeln!(out, "No changes.");
    }
    if !r.security.is_empty() {
        writeln!(out, "{}", p.c("1", "Security"))?;
        for s in &r.security {
            writeln!(out, "  {} {}: {}", p.c("33", "~"), esc(&s.resource), s.what)?;
            // `-` before `+`, like every diff tool.
            for x in &s.removed {
                writeln!(out, "      {}", p.c("31", &format!("- {}", esc(x))))?;
            }
            for a in &s.added {
                writeln!(out, "      {}", p.c("32", &format!("+ {}", esc(a))))?;
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
    for (title, list) in r.entry_sections() {
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
