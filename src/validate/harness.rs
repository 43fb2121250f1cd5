//! Harness registry rules of the AgentCore CLI (its messages) and the
//! cross-checks of their specs (the spec file's own rules run at load).

use super::{invalid, unique};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::project::harness::Memory;
use crate::project::Project;
use crate::validate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .harnesses
            .iter()
            .map(|h| (&h.name, format!("{}.name", h.path))),
        |n| format!("Duplicate harness name: {n}"),
        d,
    );
    for h in &project.harnesses {
        if !regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,39}$").is_match(&h.name.value) {
            d.push(invalid(format!("{}.name", h.path), h.name.span, "Must begin with a letter and contain only alphanumeric characters and underscores (max 40 chars)"));
        }
        if h.dir.value.is_empty() {
            d.push(invalid(
                format!("{}.path", h.path),
                h.dir.span,
                "Path to harness config directory is required",
            ));
        }
        let Some(spec) = &h.spec else { continue };
        let full = format!("{}_{}", project.name.value, spec.name);
        if full.chars().count() > 40 {
            d.push(
                Diagnostic::new(
                    Code::ComposedName,
                    format!("{}.name", h.path),
                    format!("Harness name \"{full}\" is {} characters; the maximum is 40 (CloudFormation HarnessName limit). Shorten the project name or the harness name.", full.chars().count()),
                )
                .at(h.name.span),
            );
        }
        if let Memory::Existing {
            name: Some(m),
            arn: None,
            ..
        } = &spec.memory
        {
            if !project.memories.iter().any(|x| x.name.value == *m) {
                d.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        format!("{}.path", h.path),
                        format!("harness \"{}\": {} names memory \"{m}\", which the project does not define", h.name.value, h.spec_file()),
                    )
                    .at(h.dir.span)
                    .help_opt(did_you_mean(m, project.memories.iter().map(|x| x.name.value.as_str()))),
                );
            }
        }
    }
}
