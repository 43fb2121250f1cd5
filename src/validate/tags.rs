//! Tags: the AgentCore CLI's rules plus CloudFormation's tag pattern.

use super::invalid;
use crate::diagnostics::{Code, Diagnostic};
use crate::project::{Tags, S};

pub fn check(tags: &Tags, path: &str, d: &mut Vec<Diagnostic>) {
    for (k, v) in tags {
        let p = format!("{path}.{}", k.v);
        if k.v.trim().is_empty() || k.v.chars().count() > 128 {
            d.push(invalid(
                &p,
                k.span,
                "tag keys must be 1 to 128 characters and not blank",
            ));
        } else if k.v.to_ascii_lowercase().starts_with("aws:") {
            d.push(invalid(
                &p,
                k.span,
                "tag keys must not start with `aws:` (reserved by AWS)",
            ));
        } else if !crate::regex!(r"^[a-zA-Z0-9\s._:/=+@-]*$").is_match(&k.v) {
            d.push(invalid(
                &p,
                k.span,
                format!(
                    "tag key `{}` may contain only letters, digits, spaces and _ . : / = + - @",
                    k.v
                ),
            ));
        }
        if v.v.chars().count() > 256 {
            d.push(invalid(
                &p,
                v.span,
                "tag values must be at most 256 characters",
            ));
        } else if !crate::regex!(r"^[a-zA-Z0-9\s._:/=+@-]*$").is_match(&v.v) {
            d.push(invalid(
                &p,
                v.span,
                format!(
                    "tag value `{}` may contain only letters, digits, spaces and _ . : / = + - @",
                    v.v
                ),
            ));
        }
    }
}

/// Project tags overlaid with resource tags (the resource wins), in key
/// order of first appearance. Reports more than 50 at `path`.
pub fn merge_tags(
    project: &Tags,
    resource: &Tags,
    path: &str,
    d: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(project.len() + resource.len());
    let mut at: std::collections::HashMap<&str, usize> = Default::default();
    for (k, v) in project.iter().chain(resource) {
        match at.get(k.v.as_str()) {
            Some(&i) => out[i].1 = v.v.clone(),
            None => {
                at.insert(&k.v, out.len());
                out.push((k.v.clone(), v.v.clone()));
            }
        }
    }
    if out.len() > 50 {
        let span = resource
            .first()
            .map(|(k, _): &(S<String>, S<String>)| k.span);
        d.push(
            Diagnostic::new(
                Code::TooManyTags,
                path,
                format!(
                    "{} tags after merging project tags; CloudFormation allows at most 50",
                    out.len()
                ),
            )
            .at_opt(span),
        );
    }
    out
}
