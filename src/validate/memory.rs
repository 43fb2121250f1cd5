//! Memory rules of the AgentCore CLI (with its messages) and CloudFormation's
//! where they are narrower (composed names, namespaces, stream delivery).

use super::{invalid, unique};
use crate::diagnostics::{Code, Diagnostic};
use crate::project::catalog::StrategyType;
use crate::project::memory::Strategy;
use crate::project::{Memory, Project};
use crate::validate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .memories
            .iter()
            .map(|m| (&m.name, format!("{}.name", m.path))),
        |n| format!("Duplicate memory name: {n}"),
        d,
    );
    for m in &project.memories {
        memory(project, m, d);
    }
}

fn name_ok(s: &str) -> bool {
    regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").is_match(s)
}

const NAME_RULE: &str =
    "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)";

fn memory(project: &Project, m: &Memory, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", m.path);
    if !name_ok(&m.name.value) {
        d.push(invalid(p("name"), m.name.span, NAME_RULE));
    } else {
        let full = m.resource_name(&project.name.value);
        let len = full.chars().count();
        if len > 48 {
            d.push(
                Diagnostic::new(
                    Code::ComposedName,
                    p("name"),
                    format!("memory name \"{full}\" is {len} characters; CloudFormation allows 48. Shorten the project name or memory name in agentcore.json."),
                )
                .at(m.name.span)
                .label(project.name.span, "the project name is the prefix"),
            );
        }
    }
    if let Some(e) = &m.event_expiry {
        if !(3..=365).contains(&e.value) {
            d.push(invalid(
                p("eventExpiryDuration"),
                e.span,
                "`eventExpiryDuration` must be between 3 and 365 days",
            ));
        }
    }
    for (i, s) in m.strategies.iter().enumerate() {
        if let Some(first) = m.strategies[..i]
            .iter()
            .find(|x| x.kind.value == s.kind.value)
        {
            d.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("{}.type", s.path),
                    format!("Duplicate memory strategy type: {}", s.kind.value),
                )
                .at(s.kind.span)
                .label(first.kind.span, "first defined here"),
            );
        }
        strategy(m, s, d);
    }
    indexed_keys(m, d);
    streams(m, d);
    for (field, v, re, rule) in [
        (
            "encryptionKeyArn",
            &m.encryption_key_arn,
            regex!(r"^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+$"),
            "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
        ),
        (
            "executionRoleArn",
            &m.execution_role_arn,
            regex!(r"^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$"),
            "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
        ),
    ] {
        if let Some(v) = v {
            if !re.is_match(&v.value) {
                d.push(invalid(
                    p(field),
                    v.span,
                    format!("`{field}` must be {rule}"),
                ));
            }
        }
    }
    super::tags::check(&m.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &m.tags, &p("tags"), d);
}

fn strategy(m: &Memory, s: &Strategy, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", s.path);
    match &s.name {
        Some(n) if !name_ok(&n.value) => d.push(invalid(p("name"), n.span, NAME_RULE)),
        Some(_) => {}
        None => {
            let full = s.resource_name(&m.name.value);
            if full.chars().count() > 48 {
                d.push(
                    Diagnostic::new(
                        Code::ComposedName,
                        p("type"),
                        format!("the default strategy name \"{full}\" is {} characters; CloudFormation allows 48", full.chars().count()),
                    )
                    .at(s.kind.span)
                    .help("give the strategy a `name`"),
                );
            }
        }
    }
    if let Some(desc) = &s.description {
        if desc.value.is_empty() {
            d.push(invalid(
                p("description"),
                desc.span,
                "`description` must not be empty",
            ));
        }
    }
    for (a, b, what) in [
        (&s.namespaces, &s.namespace_templates, "namespaces"),
        (
            &s.reflection_namespaces,
            &s.reflection_namespace_templates,
            "reflectionNamespaces",
        ),
    ] {
        if let (Some(old), Some(_)) = (a, b) {
            let new = if what == "namespaces" {
                "namespaceTemplates"
            } else {
                "reflectionNamespaceTemplates"
            };
            d.push(invalid(
                p(what),
                old.span,
                format!("'{what}' and '{new}' are mutually exclusive. Prefer '{new}' ('{what}' is deprecated)."),
            ));
        }
    }
    let ns_field = if s.namespace_templates.is_some() {
        "namespaceTemplates"
    } else {
        "namespaces"
    };
    let rf_field = if s.reflection_namespace_templates.is_some() {
        "reflectionNamespaceTemplates"
    } else {
        "reflectionNamespaces"
    };
    for (field, list) in [
        (ns_field, s.namespace_list()),
        (rf_field, s.reflection_list()),
    ] {
        let Some(l) = list else { continue };
        if l.value.is_empty() {
            d.push(invalid(
                p(field),
                l.span,
                format!("`{field}` must have at least one entry when given"),
            ));
        }
        for (i, n) in l.value.iter().enumerate() {
            if !regex!(r"^[a-zA-Z0-9\-_/]*(\{[a-zA-Z][a-zA-Z0-9]*\}[a-zA-Z0-9\-_/]*)*$")
                .is_match(&n.value)
            {
                d.push(invalid(
                    format!("{}[{i}]", p(field)),
                    n.span,
                    format!("namespace \"{}\": CloudFormation allows letters, digits, - _ / and {{variable}} placeholders", n.value),
                ));
            }
        }
    }
    match (s.kind.value, s.reflection_list()) {
        (StrategyType::Episodic, None) => d.push(invalid(
            p("type"),
            s.kind.span,
            "EPISODIC strategy requires reflectionNamespaceTemplates",
        )),
        (StrategyType::Episodic, Some(r)) => {
            let ns: Vec<&str> = s
                .namespace_list()
                .map(|l| l.value.iter().map(|n| n.value.as_str()).collect())
                .unwrap_or_default();
            for (i, x) in r.value.iter().enumerate() {
                if !ns.iter().any(|n| n.starts_with(x.value.as_str())) {
                    d.push(invalid(
                        format!("{}[{i}]", p(rf_field)),
                        x.span,
                        "Each reflectionNamespaceTemplate must be a prefix of at least one namespaceTemplate",
                    ));
                }
            }
        }
        (_, Some(r)) => d.push(invalid(
            p(rf_field),
            r.span,
            "'reflectionNamespaceTemplates' is only allowed on EPISODIC strategies",
        )),
        (_, None) => {}
    }
}

fn indexed_keys(m: &Memory, d: &mut Vec<Diagnostic>) {
    let Some(span) = m.indexed_keys_span else {
        return;
    };
    let path = format!("{}.indexedKeys", m.path);
    if m.indexed_keys.len() > 10 {
        d.push(invalid(&path, span, "at most 10 indexed keys are allowed"));
    }
    if m.strategies.is_empty() {
        d.push(invalid(
            &path,
            span,
            "indexedKeys requires at least one memory strategy (long-term memory)",
        ));
    }
    for (i, k) in m.indexed_keys.iter().enumerate() {
        let kp = format!("{}.key", k.path);
        let n = k.key.value.chars().count();
        if k.key.value.trim().is_empty() {
            d.push(invalid(&kp, k.key.span, "Key cannot be only whitespace"));
        } else if n > 128 || !regex!(r"^[a-zA-Z0-9\s._:/=+@-]+$").is_match(&k.key.value) {
            d.push(invalid(&kp, k.key.span, "Must contain only alphanumeric characters, whitespace, or the symbols . _ : / = + @ -"));
        }
        if m.indexed_keys[..i]
            .iter()
            .any(|x| x.key.value == k.key.value)
        {
            d.push(invalid(
                &kp,
                k.key.span,
                format!("Duplicate indexed key: {}", k.key.value),
            ));
        }
    }
}

fn streams(m: &Memory, d: &mut Vec<Diagnostic>) {
    let Some(span) = m.streams_span else { return };
    let path = format!("{}.streamDeliveryResources.resources", m.path);
    match m.streams.len() {
        0 => d.push(invalid(
            &path,
            span,
            "`resources` must have at least one entry",
        )),
        1 => {}
        n => d.push(
            Diagnostic::new(
                Code::RuntimeNotInCloudFormation,
                &path,
                format!("{n} stream delivery resources: CloudFormation's Memory accepts one"),
            )
            .at(span),
        ),
    }
    for s in &m.streams {
        if !regex!(r"^arn:aws(-[a-z]+)*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}$")
            .is_match(&s.data_stream_arn.value)
        {
            d.push(invalid(
                format!("{}.kinesis.dataStreamArn", s.path),
                s.data_stream_arn.span,
                "`dataStreamArn` must be a Kinesis data stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)",
            ));
        }
        let cp = format!("{}.kinesis.contentConfigurations", s.path);
        match s.contents.len() {
            1 => {}
            0 => d.push(invalid(
                &cp,
                s.contents_span,
                "`contentConfigurations` must have at least one entry",
            )),
            n => d.push(
                Diagnostic::new(
                    Code::RuntimeNotInCloudFormation,
                    &cp,
                    format!("{n} content configurations: CloudFormation accepts one per stream"),
                )
                .at(s.contents_span),
            ),
        }
        for (i, (t, _)) in s.contents.iter().enumerate() {
            if t.value != "MEMORY_RECORDS" {
                d.push(invalid(
                    format!("{cp}[{i}].type"),
                    t.span,
                    format!(
                        "`{}` is not a valid value for `type`; expected one of: MEMORY_RECORDS",
                        t.value
                    ),
                ));
            }
        }
    }
}
