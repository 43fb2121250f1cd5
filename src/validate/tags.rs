//! Tags: the AgentCore CLI's rules plus CloudFormation's tag pattern.

use super::invalid;
use crate::diagnostics::{Code, Diagnostic};
use crate::project::{Spanned, Tags};

pub fn check(tags: &Tags, path: &str, d: &mut Vec<Diagnostic>) {
    for (k, v) in tags {
        let p = format!("{path}.{}", k.value);
        if k.value.trim().is_empty() || k.value.chars().count() > 128 {
            d.push(invalid(
                &p,
                k.span,
                "tag keys must be 1 to 128 characters and not blank",
            ));
        } else if k.value.to_ascii_lowercase().starts_with("aws:") {
            d.push(invalid(
                &p,
                k.span,
                "tag keys must not start with `aws:` (reserved by AWS)",
            ));
        } else if !crate::validate::regex!(r"^[a-zA-Z0-9\s._:/=+@-]*$").is_match(&k.value) {
            d.push(invalid(
                &p,
                k.span,
                format!(
                    "tag key `{}` may contain only letters, digits, spaces and _ . : / = + - @",
                    k.value
                ),
            ));
        }
        if v.value.chars().count() > 256 {
            d.push(invalid(
                &p,
                v.span,
                "tag values must be at most 256 characters",
            ));
        } else if !crate::validate::regex!(r"^[a-zA-Z0-9\s._:/=+@-]*$").is_match(&v.value) {
            d.push(invalid(
                &p,
                v.span,
                format!(
                    "tag value `{}` may contain only letters, digits, spaces and _ . : / = + - @",
                    v.value
                ),
            ));
        }
    }
}

/// More than 50 tags on one resource once project tags are merged in.
pub fn check_merged(project: &Tags, resource: &Tags, path: &str, d: &mut Vec<Diagnostic>) {
    let n = crate::project::merge_tags(project, resource).len();
    if n > 50 {
        let span = resource
            .first()
            .map(|(k, _): &(Spanned<String>, Spanned<String>)| k.span);
        d.push(
            Diagnostic::new(
                Code::TooManyTags,
                path,
                format!("{n} tags after merging project tags; CloudFormation allows at most 50"),
            )
            .at_opt(span),
        );
    }
}
