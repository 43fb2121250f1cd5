//! Stage 4, check: the synthesized template against CloudFormation's limits
//! (and, with the schema issue, the resource schemas) before anything is
//! written. A failure here on valid input is a compiler bug or a project
//! beyond what one stack can hold.

pub mod schema;
pub mod validator;

use crate::diagnostics::{Code, Diagnostic};
use crate::template::Template;

pub use crate::cfn::{
    MAX_BODY_INLINE, MAX_BODY_S3, MAX_LOGICAL_ID, MAX_OUTPUTS, MAX_PARAMETERS, MAX_RESOURCES,
};

/// Count-based limits and logical-ID rules, checked on the model.
pub fn limits(t: &Template, d: &mut Vec<Diagnostic>) {
    for (what, n, max) in [
        ("resources", t.resources.len(), MAX_RESOURCES),
        ("parameters", t.parameters.len(), MAX_PARAMETERS),
        ("outputs", t.outputs.len(), MAX_OUTPUTS),
    ] {
        if n > max {
            d.push(Diagnostic::new(
                Code::TemplateTooLarge,
                "",
                format!("the template has {n} {what}; CloudFormation allows at most {max} per stack"),
            )
            .help("split the project into several projects (one stack each)"));
        }
    }
    let ids = t
        .resources
        .keys()
        .chain(t.parameters.keys())
        .chain(t.outputs.keys());
    for id in ids {
        if id.is_empty()
            || id.len() > MAX_LOGICAL_ID
            || !id.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            d.push(Diagnostic::new(
                Code::Internal,
                "",
                format!("internal error: `{id}` is not a valid logical ID (alphanumeric, at most {MAX_LOGICAL_ID} characters)"),
            ));
        }
    }
}

/// Size limits, checked on the final bytes.
pub fn body_size(bytes: usize, d: &mut Vec<Diagnostic>) {
    if bytes > MAX_BODY_S3 {
        d.push(Diagnostic::new(
            Code::TemplateTooLarge,
            "",
            format!("the template is {bytes} bytes; CloudFormation accepts at most {MAX_BODY_S3} bytes even from S3"),
        ));
    } else if bytes > MAX_BODY_INLINE {
        d.push(
            Diagnostic::new(
                Code::TemplateNeedsS3,
                "",
                format!("the template is {bytes} bytes, over the {MAX_BODY_INLINE}-byte limit for an inline template body"),
            )
            .help("deploy with `aws cloudformation deploy --s3-bucket <bucket> …` so the template is uploaded to S3 first"),
        );
    }
}
