//! Semantic comparison of two templates: what a deployment would add,
//! change, replace or delete, with security-relevant changes first.
//! Lists are matched by identity where one exists (tags by `Key`, IAM
//! statements by `Sid` or content, custom claims by claim name, scalar lists
//! as sets), so reordering is not a change. Replacement comes from the
//! embedded resource schemas' `createOnlyProperties` and propagates to
//! resources that reference a replaced one in a create-only property.

pub mod auth;
pub mod read;
pub mod report;
pub mod secrets;
pub mod values;
pub mod yaml;

use crate::cfn::{schema_for, SECRET_PROPERTIES};
use crate::template::{Map, Value};
use read::{Doc, Res};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Dotted path below the entry, e.g. `Properties.Name` or `Tags[team]`.
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// A secret value: shown as changed, never printed.
    pub secret: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Removed; `DeletionPolicy: Retain` keeps the physical resource.
    Orphan,
    /// Removed: the physical resource is deleted.
    Destroy,
    /// A create-only property or the type changed: deleted and recreated.
    Replace,
    /// References a replaced resource in a create-only property.
    MayReplace,
    /// Changed in place.
    Update,
    /// New.
    Create,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Orphan => "orphan",
            Impact::Destroy => "destroy",
            Impact::Replace => "replace",
            Impact::MayReplace => "may replace",
            Impact::Update => "update",
            Impact::Create => "create",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Modified,
    TypeChanged,
    /// Removed and added under another logical ID, same type and identity.
    Renamed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Modified => "modified",
            Kind::TypeChanged => "type changed",
            Kind::Renamed => "renamed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDiff {
    pub id: String,
    pub kind: Kind,
    pub resource_type: String,
    pub impact: Impact,
    pub changes: Vec<Change>,
    /// For renames: the old logical ID.
    pub renamed_from: Option<String>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryDiff {
    pub id: String,
    pub kind: Kind,
    pub changes: Vec<Change>,
}

/// A security-relevant change, listed before everything else.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityChange {
    pub resource: String,
    pub what: &'static str,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub security: Vec<SecurityChange>,
    /// Identity-flow edges added and removed (shown as a diagram in Markdown).
    pub auth: auth::AuthChanges,
    pub parameters: Vec<EntryDiff>,
    pub resources: Vec<ResourceDiff>,
    pub outputs: Vec<EntryDiff>,
    pub other: Vec<EntryDiff>,
}

impl Report {
    /// The entry sections after the resources, with their report titles.
    pub fn entry_sections(&self) -> [(&'static str, &[EntryDiff]); 3] {
        [
            ("Parameters", &self.parameters),
            ("Outputs", &self.outputs),
            ("Other sections", &self.other),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.security.is_empty()
            && self.parameters.is_empty()
            && self.resources.is_empty()
            && self.outputs.is_empty()
            && self.other.is_empty()
    }
}

/// Compare two templates. Secret values are replaced by equality tokens
/// first ([`secrets`]), so no report can print one.
pub fn compare(old: &Doc, new: &Doc) -> Report {
    compare_owned(old.clone(), new.clone())
}

/// [`compare`] of documents the caller no longer needs (redacted in place,
/// not copied).
pub fn compare_owned(old: Doc, new: Doc) -> Report {
    compare_keeping(old, new).0
}

/// [`compare_owned`], handing back the (redacted) documents so the caller
/// decides when they are freed: the CLI exits without freeing them, as
/// `synth` does with its trees.
pub fn compare_keeping(old: Doc, new: Doc) -> (Report, (Doc, Doc)) {
    let old = secrets::redact_doc(old);
    let new = secrets::redact_doc(new);
    let r = compare_redacted(&old, &new);
    (r, (old, new))
}

fn compare_redacted(old: &Doc, new: &Doc) -> Report {
    let mut r = Report {
        parameters: entries(&old.parameters, &new.parameters),
        outputs: entries(&old.outputs, &new.outputs),
        other: entries(&old.other, &new.other),
        ..Report::default()
    };
    r.resources = resources(old, new);
    r.security = security(old, new);
    r.auth = auth::compare(old, new);
    let changes = r
        .parameters
        .iter_mut()
        .chain(r.outputs.iter_mut())
        .chain(r.other.iter_mut())
        .flat_map(|e| e.changes.iter_mut())
        .chain(r.resources.iter_mut().flat_map(|x| x.changes.iter_mut()));
    for c in changes {
        c.secret |= c.old.as_ref().is_some_and(secrets::holds_secret)
            || c.new.as_ref().is_some_and(secrets::holds_secret);
    }
    r
}

fn entries(old: &Map, new: &Map) -> Vec<EntryDiff> {
    let mut out = Vec::new();
    for id in sorted_keys(old, new) {
        match (old.get(&id), new.get(&id)) {
            (Some(_), None) => out.push(EntryDiff {
                id,
                kind: Kind::Removed,
                changes: vec![],
            }),
            (None, Some(_)) => out.push(EntryDiff {
                id,
                kind: Kind::Added,
                changes: vec![],
            }),
            (Some(a), Some(b)) => {
                let mut changes = Vec::new();
                diff_value(a, b, "", &mut changes);
                if !changes.is_empty() {
                    out.push(EntryDiff {
                        id,
                        kind: Kind::Modified,
                        changes,
                    });
                }
            }
            (None, None) => {}
        }
    }
    out
}

fn sorted_keys<V, S: std::hash::BuildHasher>(
    a: &indexmap::IndexMap<String, V, S>,
    b: &indexmap::IndexMap<String, V, S>,
) -> Vec<String> {
    let set: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    set.into_iter().cloned().collect()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The identity of list items, where one exists.
fn item_key(v: &Value) -> Option<String> {
    let m = v.as_map()?;
    for k in ["Key", "Sid", "InboundTokenClaimName", "Name"] {
        if let Some(Value::Str(s)) = m.get(k) {
            return Some(format!("{k}={s}"));
        }
    }
    None
}

/// [`diff_value`] of two maps.
pub fn diff_map(a: &Map, b: &Map, path: &str, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    for k in sorted_keys(a, b) {
        let p = join(path, &k);
        match (a.get(&k), b.get(&k)) {
            (Some(x), Some(y)) => diff_value(x, y, &p, out),
            (x, y) => out.push(Change {
                secret: SECRET_PROPERTIES.contains(&k.as_str()),
                path: p,
                old: x.cloned(),
                new: y.cloned(),
            }),
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::List(_) | Value::Map(_))
}

/// All differences between two normalized values, as leaf changes.
pub fn diff_value(old: &Value, new: &Value, path: &str, out: &mut Vec<Change>) {
    let secret = path
        .rsplit(['.', '['])
        .next()
        .is_some_and(|last| SECRET_PROPERTIES.contains(&last));
    match (old, new) {
        _ if old == new => {}
        (Value::Map(a), Value::Map(b)) => diff_map(a, b, path, out),
        (Value::List(a), Value::List(b)) => diff_list(a, b, path, out),
        // IAM and CloudFormation accept a single value for a one-item list.
        (Value::List(a), b) if is_scalar(b) => diff_list(a, std::slice::from_ref(b), path, out),
        (a, Value::List(b)) if is_scalar(a) => diff_list(std::slice::from_ref(a), b, path, out),
        _ => out.push(Change {
            path: path.to_string(),
            old: Some(old.clone()),
            new: Some(new.clone()),
            secret,
        }),
    }
}

fn diff_list(a: &[Value], b: &[Value], path: &str, out: &mut Vec<Change>) {
    let keyed = !a.is_empty() && !b.is_empty() && a.iter().chain(b).all(|v| item_key(v).is_some());
    if keyed {
        let ka: Vec<String> = a.iter().filter_map(item_key).collect();
        let kb: Vec<String> = b.iter().filter_map(item_key).collect();
        let unique = |k: &[String]| k.iter().collect::<BTreeSet<_>>().len() == k.len();
        if unique(&ka) && unique(&kb) {
            let keys: BTreeSet<&String> = ka.iter().chain(&kb).collect();
            for k in keys {
                let p = format!("{path}[{k}]");
                let x = ka.iter().position(|q| q == k).map(|i| &a[i]);
                let y = kb.iter().position(|q| q == k).map(|i| &b[i]);
                match (x, y) {
                    (Some(x), Some(y)) => diff_value(x, y, &p, out),
                    (x, y) => out.push(Change {
                        path: p,
                        old: x.cloned(),
                        new: y.cloned(),
                        secret: false,
                    }),
                }
            }
            return;
        }
    }
    // Without identity: items present on both sides (in any order) are
    // unchanged; scalar lists are sets; the rest pair up by position.
    let mut rest_b: Vec<&Value> = b.iter().collect();
    let mut rest_a: Vec<&Value> = Vec::new();
    for x in a {
        match rest_b.iter().position(|y| *y == x) {
            Some(i) => {
                rest_b.remove(i);
            }
            None => rest_a.push(x),
        }
    }
    if rest_a.iter().chain(&rest_b).all(|v| is_scalar(v)) {
        for x in rest_a {
            out.push(Change {
                path: format!("{path}[-]"),
                old: Some(x.clone()),
                new: None,
                secret: false,
            });
        }
        for y in rest_b {
            out.push(Change {
                path: format!("{path}[+]"),
                old: None,
                new: Some(y.clone()),
                secret: false,
            });
        }
        return;
    }
    let n = rest_a.len().max(rest_b.len());
    for i in 0..n {
        let p = format!("{path}[{i}]");
        match (rest_a.get(i), rest_b.get(i)) {
            (Some(x), Some(y)) => diff_value(x, y, &p, out),
            (x, y) => out.push(Change {
                path: p,
                old: x.map(|v| (*v).clone()),
                new: y.map(|v| (*v).clone()),
                secret: false,
            }),
        }
    }
}

fn resource_changes(a: &Res, b: &Res) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_map(&a.properties, &b.properties, "Properties", &mut changes);
    if a.depends_on != b.depends_on {
        changes.push(Change {
            path: "DependsOn".into(),
            old: Some(Value::strs(a.depends_on.iter().cloned())),
            new: Some(Value::strs(b.depends_on.iter().cloned())),
            secret: false,
        });
    }
    if a.deletion_policy != b.deletion_policy {
        changes.push(Change {
            path: "DeletionPolicy".into(),
            old: a.deletion_policy.clone().map(Value::Str),
            new: b.deletion_policy.clone().map(Value::Str),
            secret: false,
        });
    }
    diff_map(&a.other, &b.other, "", &mut changes);
    changes
}

/// Whether a property path (`Properties.A.B`) is create-only for the type.
fn create_only(kind: &str, path: &str) -> bool {
    let Some(schema) = schema_for(kind) else {
        return false;
    };
    let Some(rest) = path.strip_prefix("Properties.") else {
        return false;
    };
    let top: Vec<&str> = rest.split(['.', '[']).collect();
    schema.create_only.iter().any(|p| {
        let segs: Vec<&str> = p.trim_start_matches("/properties/").split('/').collect();
        segs.len() <= top.len() && segs.iter().zip(&top).all(|(s, t)| s == t)
    })
}

fn mentions(v: &Value, ids: &BTreeSet<String>) -> bool {
    match v {
        Value::Ref(x) => ids.contains(x),
        Value::GetAtt(x, _) => ids.contains(x),
        Value::Sub(s) => crate::cfn::sub_variables(s)
            .iter()
            .any(|var| ids.contains(var.split('.').next().unwrap_or(var))),
        Value::Join(_, parts) | Value::List(parts) => parts.iter().any(|p| mentions(p, ids)),
        Value::Select(_, p) | Value::Split(_, p) => mentions(p, ids),
        Value::Map(m) => m.values().any(|p| mentions(p, ids)),
        _ => false,
    }
}

fn identity(r: &Res) -> Option<&Value> {
    r.properties.get("Name")
}

fn resources(old: &Doc, new: &Doc) -> Vec<ResourceDiff> {
    let mut out: Vec<ResourceDiff> = Vec::new();
    let ids: BTreeSet<&String> = old.resources.keys().chain(new.resources.keys()).collect();
    for id in ids {
        match (old.resources.get(id), new.resources.get(id)) {
            (Some(a), None) => out.push(ResourceDiff {
                id: id.clone(),
                kind: Kind::Removed,
                resource_type: a.kind.clone(),
                impact: if a.deletion_policy.as_deref() == Some("Retain") {
                    Impact::Orphan
                } else {
                    Impact::Destroy
                },
                changes: vec![],
                renamed_from: None,
                hint: None,
            }),
            (None, Some(b)) => out.push(ResourceDiff {
                id: id.clone(),
                kind: Kind::Added,
                resource_type: b.kind.clone(),
                impact: Impact::Create,
                changes: vec![],
                renamed_from: None,
                hint: None,
            }),
            (Some(a), Some(b)) if a.kind != b.kind => out.push(ResourceDiff {
                id: id.clone(),
                kind: Kind::TypeChanged,
                resource_type: b.kind.clone(),
                impact: Impact::Replace,
                changes: vec![Change {
                    path: "Type".into(),
                    old: Some(a.kind.clone().into()),
                    new: Some(b.kind.clone().into()),
                    secret: false,
                }],
                renamed_from: None,
                hint: None,
            }),
            (Some(a), Some(b)) => {
                let changes = resource_changes(a, b);
                if changes.is_empty() {
                    continue;
                }
                let impact = if changes.iter().any(|c| create_only(&b.kind, &c.path)) {
                    Impact::Replace
                } else {
                    Impact::Update
                };
                out.push(ResourceDiff {
                    id: id.clone(),
                    kind: Kind::Modified,
                    resource_type: b.kind.clone(),
                    impact,
                    changes,
                    renamed_from: None,
                    hint: None,
                });
            }
            (None, None) => {}
        }
    }
    detect_renames(old, new, &mut out);
    propagate_replacement(new, &mut out);
    out
}

/// Whether a value holds any literal (so equality means something).
fn has_literal(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::List(items) => items.iter().any(has_literal),
        Value::Map(m) => m.values().any(has_literal),
        _ => true,
    }
}

/// A value as text in which equal values (maps in any key order) are equal
/// strings: the key for indexing values.
fn canonical_key(v: &Value, out: &mut String) {
    match v {
        Value::Map(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for k in keys {
                out.push_str(&format!("{k:?}:"));
                canonical_key(&m[k], out);
                out.push(',');
            }
            out.push('}');
        }
        Value::List(items) => {
            out.push('[');
            for i in items {
                canonical_key(i, out);
                out.push(',');
            }
            out.push(']');
        }
        other => out.push_str(&format!("{other:?}")),
    }
}

fn key_of(v: &Value) -> String {
    let mut s = String::new();
    canonical_key(v, &mut s);
    s
}

/// Equal but for Name, Tags and references (which follow a rename).
fn rename_shape(r: &Res) -> Value {
    fn blank_refs(v: &Value) -> Value {
        match v {
            v if v.is_intrinsic() => Value::Null,
            Value::List(items) => Value::List(items.iter().map(blank_refs).collect()),
            Value::Map(m) => {
                Value::Map(m.iter().map(|(k, x)| (k.clone(), blank_refs(x))).collect())
            }
            other => other.clone(),
        }
    }
    let mut p = r.properties.clone();
    p.shift_remove("Name");
    p.shift_remove("Tags");
    blank_refs(&Value::Map(p))
}

/// A removal and an addition of the same type that share a `Name`, or whose
/// literal properties are equal but for `Name` and `Tags`, are one rename.
/// Additions are indexed by both keys, so pairing is O(n log n); each
/// removal (in ID order) takes the first unpaired addition (in ID order)
/// that matches either way.
fn detect_renames(old: &Doc, new: &Doc, out: &mut Vec<ResourceDiff>) {
    use std::collections::{BTreeMap, VecDeque};
    type Index = BTreeMap<(String, String), VecDeque<usize>>;
    let mut by_name: Index = BTreeMap::new();
    let mut by_shape: Index = BTreeMap::new();
    for (i, d) in out.iter().enumerate() {
        if d.kind != Kind::Added {
            continue;
        }
        let b = &new.resources[&d.id];
        if let Some(n) = identity(b) {
            by_name
                .entry((b.kind.clone(), key_of(n)))
                .or_default()
                .push_back(i);
        }
        let shape = rename_shape(b);
        if has_literal(&shape) {
            by_shape
                .entry((b.kind.clone(), key_of(&shape)))
                .or_default()
                .push_back(i);
        }
    }
    let mut paired = vec![false; out.len()];
    let first_unpaired = |q: Option<&mut VecDeque<usize>>, paired: &[bool]| -> Option<usize> {
        let q = q?;
        while q.front().is_some_and(|&i| paired[i]) {
            q.pop_front();
        }
        q.front().copied()
    };
    let removed: Vec<(usize, String)> = out
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == Kind::Removed)
        .map(|(i, d)| (i, d.id.clone()))
        .collect();
    let mut gone = vec![false; out.len()];
    for (ri, old_id) in removed {
        let a = &old.resources[&old_id];
        let Some(name) = identity(a) else { continue };
        let by_n = first_unpaired(by_name.get_mut(&(a.kind.clone(), key_of(name))), &paired);
        let shape = rename_shape(a);
        let by_s = if has_literal(&shape) {
            first_unpaired(by_shape.get_mut(&(a.kind.clone(), key_of(&shape))), &paired)
        } else {
            None
        };
        let Some(i) = by_n.into_iter().chain(by_s).min() else {
            continue;
        };
        paired[i] = true;
        gone[ri] = true;
        let new_id = out[i].id.clone();
        let b = &new.resources[&new_id];
        let mut changes = resource_changes(a, b);
        changes.retain(|c| c.path != "DependsOn");
        let same_name = identity(a) == identity(b);
        let hint = if same_name {
            format!(
                "likely rename of the logical ID {old_id} → {new_id} with the same Name: CloudFormation creates the new resource before deleting the old one, and the Name is taken"
            )
        } else {
            format!(
                "likely rename {old_id} → {new_id}: the old resource is deleted and a new one created under a new Name; everything that calls it by its old name breaks"
            )
        };
        out[i] = ResourceDiff {
            id: new_id,
            kind: Kind::Renamed,
            resource_type: b.kind.clone(),
            impact: Impact::Replace,
            changes,
            renamed_from: Some(old_id.clone()),
            hint: Some(hint),
        };
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
}

/// Resources whose create-only properties reference a replaced resource
/// may be replaced too; repeat until nothing changes.
fn propagate_replacement(new: &Doc, out: &mut Vec<ResourceDiff>) {
    loop {
        let replaced: BTreeSet<String> = out
            .iter()
            .filter(|d| matches!(d.impact, Impact::Replace | Impact::MayReplace))
            .flat_map(|d| std::iter::once(d.id.clone()).chain(d.renamed_from.clone()))
            .collect();
        let added: BTreeSet<String> = out
            .iter()
            .filter(|d| d.kind == Kind::Added)
            .map(|d| d.id.clone())
            .collect();
        let mut at: std::collections::BTreeMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut grew = false;
        for (id, r) in &new.resources {
            if replaced.contains(id) || added.contains(id) {
                continue;
            }
            let refs_replaced = r.properties.iter().any(|(k, v)| {
                create_only(&r.kind, &format!("Properties.{k}")) && mentions(v, &replaced)
            });
            if !refs_replaced {
                continue;
            }
            grew = true;
            let hint = Some("a create-only property refers to a replaced resource".to_string());
            match at.get(id) {
                Some(&i) => {
                    let d = &mut out[i];
                    d.impact = Impact::MayReplace;
                    d.hint = hint;
                }
                None => {
                    at.insert(id.clone(), out.len());
                    out.push(ResourceDiff {
                        id: id.clone(),
                        kind: Kind::Modified,
                        resource_type: r.kind.clone(),
                        impact: Impact::MayReplace,
                        changes: vec![],
                        renamed_from: None,
                        hint,
                    })
                }
            }
        }
        if !grew {
            break;
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
}

/// Actions and resources of every IAM statement in a resource, as text.
fn iam_facts(r: &Res) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut actions = BTreeSet::new();
    let mut resources = BTreeSet::new();
    let mut docs = Vec::new();
    for key in ["PolicyDocument", "AssumeRolePolicyDocument"] {
        if let Some(d) = r.properties.get(key) {
            docs.push((key, d));
        }
    }
    if let Some(Value::List(ps)) = r.properties.get("Policies") {
        for p in ps {
            if let Some(d) = p.as_map().and_then(|m| m.get("PolicyDocument")) {
                docs.push(("PolicyDocument", d));
            }
        }
    }
    for (key, d) in docs {
        let Some(Value::List(statements)) = d.as_map().and_then(|m| m.get("Statement")) else {
            continue;
        };
        for s in statements.iter().filter_map(Value::as_map) {
            let effect = s.get("Effect").and_then(Value::as_str).unwrap_or("Allow");
            let trust = if key == "AssumeRolePolicyDocument" {
                "trust "
            } else {
                ""
            };
            let list = |v: Option<&Value>| match v {
                Some(Value::List(items)) => items.iter().map(values::show).collect::<Vec<_>>(),
                Some(x) => vec![values::show(x)],
                None => vec![],
            };
            for a in list(s.get("Action")) {
                actions.insert(format!("{trust}{effect} {a}"));
            }
            for x in list(s.get("Resource"))
                .into_iter()
                .chain(list(s.get("Principal")))
            {
                resources.insert(format!("{trust}{x}"));
            }
        }
    }
    (actions, resources)
}

fn security(old: &Doc, new: &Doc) -> Vec<SecurityChange> {
    let mut out = Vec::new();
    let ids: BTreeSet<&String> = old.resources.keys().chain(new.resources.keys()).collect();
    let empty = (BTreeSet::new(), BTreeSet::new());
    for id in ids {
        let a = old.resources.get(id);
        let b = new.resources.get(id);
        let kind = b.or(a).map(|r| r.kind.as_str()).unwrap_or_default();
        if kind.starts_with("AWS::IAM::") {
            let fa = a.map(iam_facts).unwrap_or_else(|| empty.clone());
            let fb = b.map(iam_facts).unwrap_or_else(|| empty.clone());
            for (what, x, y) in [
                ("IAM actions", &fa.0, &fb.0),
                ("IAM resources and principals", &fa.1, &fb.1),
            ] {
                let added: Vec<String> = y.difference(x).cloned().collect();
                let removed: Vec<String> = x.difference(y).cloned().collect();
                if !added.is_empty() || !removed.is_empty() {
                    out.push(SecurityChange {
                        resource: id.clone(),
                        what,
                        added,
                        removed,
                    });
                }
            }
        }
        let prop = |r: Option<&Res>, path: &[&str]| -> Vec<String> {
            let Some(r) = r else { return vec![] };
            // Borrowed all the way: this runs for every resource and path.
            let mut segs = path.iter();
            let mut vals: Vec<&Value> = segs
                .next()
                .and_then(|seg| r.properties.get(*seg))
                .into_iter()
                .collect();
            for seg in segs {
                vals = vals
                    .into_iter()
                    .flat_map(|v| match v {
                        Value::List(items) => items
                            .iter()
                            .filter_map(|i| i.as_map().and_then(|m| m.get(*seg)))
                            .collect::<Vec<_>>(),
                        Value::Map(m) => m.get(*seg).into_iter().collect(),
                        _ => vec![],
                    })
                    .collect();
            }
            vals.into_iter().map(values::show).collect()
        };
        let checks: &[(&str, &'static str, &[&str])] = &[
            (
                "AWS::BedrockAgentCore::Gateway",
                "gateway authorizer type",
                &["AuthorizerType"],
            ),
            (
                "AWS::BedrockAgentCore::GatewayTarget",
                "target outbound auth type",
                &["CredentialProviderConfigurations", "CredentialProviderType"],
            ),
            (
                "AWS::BedrockAgentCore::GatewayTarget",
                "target OAuth grant type",
                &[
                    "CredentialProviderConfigurations",
                    "CredentialProvider",
                    "OauthCredentialProvider",
                    "GrantType",
                ],
            ),
            (
                "AWS::BedrockAgentCore::OAuth2CredentialProvider",
                "on-behalf-of token exchange grant",
                &[
                    "Oauth2ProviderConfigInput",
                    "CustomOauth2ProviderConfig",
                    "OnBehalfOfTokenExchangeConfig",
                    "GrantType",
                ],
            ),
        ];
        for (ty, what, path) in checks {
            if kind != *ty {
                continue;
            }
            let x = prop(a, path);
            let y = prop(b, path);
            if x != y && a.is_some() && b.is_some() {
                out.push(SecurityChange {
                    resource: id.clone(),
                    what,
                    added: y,
                    removed: x,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_lists_ignore_order() {
        let t = |k: &str, v: &str| Value::Map(crate::template::map! { "Key" => k, "Value" => v });
        let mut out = Vec::new();
        diff_value(
            &Value::List(vec![t("a", "1"), t("b", "2")]),
            &Value::List(vec![t("b", "2"), t("a", "1")]),
            "Tags",
            &mut out,
        );
        assert!(out.is_empty());
        diff_value(
            &Value::List(vec![t("a", "1")]),
            &Value::List(vec![t("a", "9")]),
            "Tags",
            &mut out,
        );
        assert_eq!(out[0].path, "Tags[Key=a].Value");
    }
}
