//! Policy-engine rules of the AgentCore CLI (its messages) and
//! CloudFormation's narrower ones (statement length, composed names).

use super::{invalid, unique};
use crate::diagnostics::{Code, Diagnostic};
use crate::project::policy_engine::PolicyEngine;
use crate::project::Project;
use crate::validate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .policy_engines
            .iter()
            .map(|e| (&e.name, format!("{}.name", e.path))),
        |n| format!("Duplicate policy engine name: {n}"),
        d,
    );
    for e in &project.policy_engines {
        engine(project, e, d);
    }
}

fn name_rule(
    path: String,
    s: &crate::project::Spanned<String>,
    what: &str,
    d: &mut Vec<Diagnostic>,
) -> bool {
    if s.value.is_empty() {
        d.push(invalid(path, s.span, format!("{what} name is required")));
        false
    } else if s.value.chars().count() > 48 {
        d.push(invalid(
            path,
            s.span,
            format!("{what} name must be 48 characters or less"),
        ));
        false
    } else if !regex!(r"^[A-Za-z][A-Za-z0-9_]{0,47}$").is_match(&s.value) {
        d.push(invalid(path, s.span, "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)"));
        false
    } else {
        true
    }
}

fn engine(project: &Project, e: &PolicyEngine, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", e.path);
    if name_rule(p("name"), &e.name, "Policy engine", d) {
        let full = e.resource_name(&project.name.value);
        if full.chars().count() > 48 {
            d.push(
                Diagnostic::new(
                    Code::ComposedName,
                    p("name"),
                    format!("policy engine name \"{full}\" is {} characters; CloudFormation allows 48. Shorten the project name or the engine name in agentcore.json.", full.chars().count()),
                )
                .at(e.name.span)
                .label(project.name.span, "the project name is the prefix"),
            );
        }
    }
    if let Some(desc) = &e.description {
        let n = desc.value.chars().count();
        if n == 0 || n > 4096 {
            d.push(invalid(
                p("description"),
                desc.span,
                "`description` must be 1 to 4096 characters",
            ));
        }
    }
    if let Some(k) = &e.encryption_key_arn {
        if !regex!(r"^arn:aws(|-cn|-us-gov):kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}$")
            .is_match(&k.value)
        {
            d.push(invalid(p("encryptionKeyArn"), k.span, "`encryptionKeyArn` must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)"));
        }
    }
    super::tags::check(&e.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &e.tags, &p("tags"), d);
    unique(
        e.policies
            .iter()
            .map(|x| (&x.name, format!("{}.name", x.path))),
        |n| format!("Duplicate policy name: {n}"),
        d,
    );
    for pol in &e.policies {
        let pp = |f: &str| format!("{}.{f}", pol.path);
        name_rule(pp("name"), &pol.name, "Policy", d);
        if let Some(desc) = &pol.description {
            let n = desc.value.chars().count();
            if n == 0 || n > 4096 {
                d.push(invalid(
                    pp("description"),
                    desc.span,
                    "`description` must be 1 to 4096 characters",
                ));
            }
        }
        let text = match (&pol.statement, &pol.source_file) {
            (Some(s), _) => Some((s.value.as_str(), s.span, "statement")),
            (None, Some(f)) => project
                .local_files
                .cedar
                .get(&f.value)
                .map(|t| (t.as_str(), f.span, "sourceFile")),
            (None, None) => {
                d.push(
                    Diagnostic::new(Code::MissingField, pp("statement"), "Cedar policy statement is required")
                        .at(pol.span)
                        .help("give the Cedar text as `statement`, or name the file that holds it as `sourceFile`"),
                );
                None
            }
        };
        if let Some((t, span, field)) = text {
            let n = t.chars().count();
            if !(35..=10_000).contains(&n) {
                d.push(invalid(
                    pp(field),
                    span,
                    format!(
                        "the Cedar statement is {n} characters; CloudFormation takes 35 to 10,000"
                    ),
                ));
            }
        }
        if let Some(ph) = pol
            .authorization_phase
            .as_ref()
            .filter(|p| p.value != "INITIATE")
        {
            d.push(
                Diagnostic::new(
                    Code::IgnoredSetting,
                    pp("authorizationPhase"),
                    format!("`authorizationPhase: {}` has no effect: CloudFormation's Policy has no such property (policies are checked when a tool call starts)", ph.value),
                )
                .at(ph.span),
            );
        }
    }
}
