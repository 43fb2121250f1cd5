//! Knowledge-base rules of the AgentCore CLI (its messages) and
//! CloudFormation's narrower names.

use super::{invalid, unique};
use crate::diagnostics::{Code, Diagnostic};
use crate::project::Project;
use crate::validate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .knowledge_bases
            .iter()
            .map(|k| (&k.name, format!("{}.name", k.path))),
        |n| format!("Duplicate knowledge base name: {n}"),
        d,
    );
    for k in &project.knowledge_bases {
        let p = |f: &str| format!("{}.{f}", k.path);
        if !regex!(r"^[a-zA-Z][a-zA-Z0-9_-]{0,47}$").is_match(&k.name.value) {
            d.push(invalid(p("name"), k.name.span, "Must begin with a letter and contain only alphanumeric characters, dashes, and underscores (max 48 chars)"));
        } else {
            let full = k.resource_name(&project.name.value);
            if !regex!(r"^([0-9a-zA-Z][_-]?){1,100}$").is_match(&full) {
                d.push(
                    Diagnostic::new(
                        Code::RuntimeNotInCloudFormation,
                        p("name"),
                        format!("knowledge base name \"{full}\": CloudFormation allows no two - or _ in a row and none at the end"),
                    )
                    .at(k.name.span),
                );
            }
            let ds = format!("{full}_ds_12345678");
            if ds.len() > 63 {
                d.push(
                    Diagnostic::new(
                        Code::ComposedName,
                        p("name"),
                        format!("Synthesized DataSource name '{full}_ds_<hash>' exceeds Bedrock's 63-char limit ({} chars). Shorten the project name or the knowledge base name.", ds.len()),
                    )
                    .at(k.name.span),
                );
            }
        }
        super::description(p("description"), k.description.as_ref(), d);
        if let Some(g) = &k.gateway {
            d.push(
                Diagnostic::new(
                    Code::IgnoredSetting,
                    p("gateway"),
                    "`gateway` of a knowledge base has no effect (the AgentCore CLI ignores it too): give the gateway a `connector` target with connectorId bedrock-knowledge-bases that names this knowledge base",
                )
                .at(g.span),
            );
        }
        if k.sources.is_empty() {
            d.push(invalid(
                p("dataSources"),
                k.sources_span.unwrap_or(k.span),
                "At least one data source is required",
            ));
        }
        for (i, s) in k.sources.iter().enumerate() {
            if k.sources[..i].iter().any(|x| x.key() == s.key()) {
                d.push(invalid(
                    &s.path,
                    s.span,
                    format!("Duplicate data source: {}", s.key()),
                ));
            }
            match (s.kind.value, &s.uri, &s.connector_config_file) {
                ("S3", Some(u), _) => {
                    let ok = u.value.strip_prefix("s3://").is_some_and(|rest| {
                        let bucket = rest.split('/').next().unwrap_or("");
                        regex!(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$").is_match(bucket)
                            && !bucket.contains("..")
                            && !bucket.starts_with("xn--")
                            && !bucket.starts_with("sthree-")
                            && !bucket.ends_with("-s3alias")
                    });
                    if !ok {
                        d.push(invalid(format!("{}.uri", s.path), u.span, "Must be a valid s3:// URI with an AWS-compliant bucket name"));
                    }
                }
                ("S3", None, _) => d.push(
                    Diagnostic::new(Code::MissingField, format!("{}.uri", s.path), "missing required field `uri` in an S3 data source").at(s.span),
                ),
                (_, _, None) => d.push(
                    Diagnostic::new(Code::MissingField, format!("{}.connectorConfigFile", s.path), "connectorConfigFile path is required").at(s.span),
                ),
                (kind, _, Some(f)) => d.push(
                    Diagnostic::new(
                        Code::RuntimeNotInCloudFormation,
                        format!("{}.connectorConfigFile", s.path),
                        format!("{kind} data sources are not synthesized by agentcore-synth yet (S3 sources are)"),
                    )
                    .at(f.span),
                ),
            }
        }
    }
}

/// A `bedrock-knowledge-bases` connector's `knowledgeBaseId` values name a
/// project knowledge base or are a knowledge base ID (the CLI's rule).
pub fn check_connectors(project: &Project, d: &mut Vec<Diagnostic>) {
    fn walk<'a>(n: &'a crate::json::Node, out: &mut Vec<&'a crate::json::Node>) {
        match &n.kind {
            crate::json::Kind::Object(entries) => {
                for e in entries {
                    if e.key == "knowledgeBaseId" {
                        out.push(&e.value);
                    }
                    walk(&e.value, out);
                }
            }
            crate::json::Kind::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    for t in project.gateways.iter().flat_map(|g| &g.targets) {
        let Some(cfgs) = &t.configurations else {
            continue;
        };
        for c in &cfgs.value {
            let Some(pv) = &c.parameter_values else {
                continue;
            };
            let mut ids = Vec::new();
            walk(pv, &mut ids);
            for n in ids {
                let v = n.as_str().unwrap_or("");
                let known = project.knowledge_bases.iter().any(|k| k.name.value == v);
                if !known && !regex!(r"^[A-Z0-9]{10}$").is_match(v) {
                    d.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            format!("{}.configurations", t.path),
                            format!("target \"{}\": knowledgeBaseId \"{v}\" is neither a knowledge base of this project nor a knowledge base ID (10 upper-case letters and digits)", t.name.value),
                        )
                        .at(n.span)
                        .help_opt(crate::diagnostics::did_you_mean(v, project.knowledge_bases.iter().map(|k| k.name.value.as_str()))),
                    );
                }
            }
        }
    }
}
