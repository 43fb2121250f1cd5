//! The JSON report (documented in docs/reviewing.md), derived with serde
//! from these records, field order as documented.

use crate::diff::values::to_json;
use crate::diff::{Change, EntryDiff, Report};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonReport<'a> {
    changed: bool,
    summary: String,
    security: Vec<JsonSecurity<'a>>,
    resources: Vec<JsonResource<'a>>,
    parameters: Vec<JsonEntry<'a>>,
    outputs: Vec<JsonEntry<'a>>,
    other: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonSecurity<'a> {
    resource: &'a str,
    what: &'a str,
    added: &'a [String],
    removed: &'a [String],
}

#[derive(Serialize)]
struct JsonResource<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    resource_type: &'a str,
    change: &'a str,
    impact: &'a str,
    renamed_from: Option<&'a str>,
    hint: Option<&'a str>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    id: &'a str,
    change: &'a str,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    path: &'a str,
    /// `null` when absent or secret.
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
    secret: bool,
}

fn change(c: &Change) -> JsonChange<'_> {
    let shown = |v: &Option<crate::template::Value>| {
        if c.secret {
            None
        } else {
            v.as_ref().map(to_json)
        }
    };
    JsonChange {
        path: &c.path,
        old: shown(&c.old),
        new: shown(&c.new),
        secret: c.secret,
    }
}

fn entry(e: &EntryDiff) -> JsonEntry<'_> {
    JsonEntry {
        id: &e.id,
        change: e.kind.as_str(),
        changes: e.changes.iter().map(change).collect(),
    }
}

pub fn write(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let report = JsonReport {
        changed: !r.is_empty(),
        summary: super::summary(r),
        security: r
            .security
            .iter()
            .map(|s| JsonSecurity {
                resource: &s.resource,
                what: s.what,
                added: &s.added,
                removed: &s.removed,
            })
            .collect(),
        resources: r
            .resources
            .iter()
            .map(|d| JsonResource {
                id: &d.id,
                resource_type: &d.resource_type,
                change: d.kind.as_str(),
                impact: d.impact.as_str(),
                renamed_from: d.renamed_from.as_deref(),
                hint: d.hint.as_deref(),
                changes: d.changes.iter().map(change).collect(),
            })
            .collect(),
        parameters: r.parameters.iter().map(entry).collect(),
        outputs: r.outputs.iter().map(entry).collect(),
        other: r.other.iter().map(entry).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
