//! Evaluator and online-evaluation rules of the AgentCore CLI (its
//! messages) and CloudFormation's narrower ones.

use super::{invalid, unique};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::project::evaluation::{EvalConfig, Evaluator, OnlineEval, Rating};
use crate::project::{Project, Spanned};
use crate::validate::regex;

const NAME_RULE: &str =
    "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)";

fn composed(
    project: &Project,
    what: &str,
    path: String,
    name: &Spanned<String>,
    d: &mut Vec<Diagnostic>,
) {
    if !regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").is_match(&name.value) {
        d.push(invalid(path, name.span, NAME_RULE));
        return;
    }
    let full = format!("{}_{}", project.name.value, name.value);
    if full.chars().count() > 48 {
        d.push(
            Diagnostic::new(
                Code::ComposedName,
                path,
                format!("{what} name \"{full}\" is {} characters; CloudFormation allows 48. Shorten the project name or the {what} name in agentcore.json.", full.chars().count()),
            )
            .at(name.span)
            .label(project.name.span, "the project name is the prefix"),
        );
    }
}

fn short_description(path: String, v: Option<&Spanned<String>>, d: &mut Vec<Diagnostic>) {
    super::description(path, v, d);
}

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .evaluators
            .iter()
            .map(|e| (&e.name, format!("{}.name", e.path))),
        |n| format!("Duplicate evaluator name: {n}"),
        d,
    );
    for e in &project.evaluators {
        evaluator(project, e, d);
    }
    unique(
        project
            .online_evals
            .iter()
            .map(|c| (&c.name, format!("{}.name", c.path))),
        |n| format!("Duplicate online eval config name: {n}"),
        d,
    );
    for c in &project.online_evals {
        online(project, c, d);
    }
}

fn evaluator(project: &Project, e: &Evaluator, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", e.path);
    composed(project, "evaluator", p("name"), &e.name, d);
    short_description(p("description"), e.description.as_ref(), d);
    if let Some(k) = &e.kms_key_arn {
        if !regex!(r"^arn:[^:]+:kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}$")
            .is_match(&k.value)
        {
            d.push(invalid(p("kmsKeyArn"), k.span, "Must be a valid KMS key ARN (e.g. arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012)"));
        }
    }
    super::tags::check(&e.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &e.tags, &p("tags"), d);
    match &e.config {
        None => {}
        Some(EvalConfig::Invalid(span, msg)) => d.push(invalid(p("config"), *span, *msg)),
        Some(EvalConfig::Managed(span)) => d.push(
            Diagnostic::new(
                Code::RuntimeNotInCloudFormation,
                p("config.codeBased.managed"),
                format!("evaluator \"{}\": managed code evaluators are not synthesized by agentcore-synth yet", e.name.value),
            )
            .at(*span)
            .help("deploy the function separately and name it with `codeBased.external.lambdaArn`"),
        ),
        Some(EvalConfig::External(arn))
            if !regex!(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:.+$")
                .is_match(&arn.value) =>
        {
            d.push(invalid(
                p("config.codeBased.external.lambdaArn"),
                arn.span,
                "Must be a valid Lambda function ARN",
            ));
        }
        Some(EvalConfig::External(_)) => {}
        Some(EvalConfig::LlmAsAJudge(j)) => {
            let jp = |f: &str| format!("{}.{f}", j.path);
            if let Some(m) = &j.model {
                let t = m.value.trim();
                if t.is_empty() {
                    d.push(invalid(jp("model"), m.span, "Model ID is required"));
                } else if t.len() > 2048 {
                    d.push(invalid(jp("model"), m.span, "Model ID must be 2048 characters or fewer"));
                } else if !t.bytes().all(|b| (0x21..0x7f).contains(&b)) {
                    d.push(invalid(jp("model"), m.span, "Model ID must contain only printable ASCII characters without spaces"));
                }
            }
            if let Some(i) = &j.instructions {
                if i.value.is_empty() {
                    d.push(invalid(jp("instructions"), i.span, "Evaluation instructions are required"));
                }
            }
            match &j.rating {
                Some(Rating::Invalid(span)) => d.push(invalid(jp("ratingScale"), *span, "Rating scale must have either numerical or categorical, not both")),
                Some(Rating::Numerical(list)) => {
                    for (v, l, def) in list {
                        if v.value < 0 {
                            d.push(
                                Diagnostic::new(Code::RuntimeNotInCloudFormation, jp("ratingScale.numerical"), format!("rating value {}: CloudFormation takes values of 0 or more", v.value))
                                    .at(v.span),
                            );
                        }
                        label(jp("ratingScale.numerical"), l, def, d);
                    }
                }
                Some(Rating::Categorical(list)) => {
                    for (l, def) in list {
                        label(jp("ratingScale.categorical"), l, def, d);
                    }
                }
                None => {}
            }
        }
    }
}

fn label(path: String, l: &Spanned<String>, def: &Spanned<String>, d: &mut Vec<Diagnostic>) {
    let n = l.value.chars().count();
    if n == 0 || n > 100 {
        d.push(invalid(
            &path,
            l.span,
            "rating labels are 1 to 100 characters",
        ));
    }
    if def.value.is_empty() {
        d.push(invalid(&path, def.span, "a rating needs a definition"));
    }
}

fn online(project: &Project, c: &OnlineEval, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    composed(project, "online eval config", p("name"), &c.name, d);
    short_description(p("description"), c.description.as_ref(), d);
    let rule = |cond: bool, field: &str, msg: &str, d: &mut Vec<Diagnostic>| {
        if cond {
            d.push(invalid(p(field), c.span, msg.to_string()));
        }
    };
    rule(
        c.agent.is_none() && c.log_group_names.is_none(),
        "agent",
        "Either \"agent\" or \"logGroupNames\" must be provided",
        d,
    );
    rule(
        c.agent.is_some() && c.log_group_names.is_some(),
        "agent",
        "\"agent\" and \"logGroupNames\" are mutually exclusive",
        d,
    );
    rule(
        c.endpoint.is_some() && c.agent.is_none(),
        "endpoint",
        "\"endpoint\" requires \"agent\"",
        d,
    );
    rule(
        c.service_names.is_some() && c.log_group_names.is_none(),
        "serviceNames",
        "\"serviceNames\" requires \"logGroupNames\"",
        d,
    );
    let has_evaluators = c.evaluators.as_ref().is_some_and(|e| !e.value.is_empty());
    let has_insights = c.insights.as_ref().is_some_and(|e| !e.value.is_empty());
    rule(
        !has_evaluators && !has_insights,
        "evaluators",
        "At least one of evaluators or insights must be provided",
        d,
    );
    rule(
        has_evaluators && has_insights,
        "insights",
        "Cannot have both evaluators and insights (preview constraint)",
        d,
    );
    rule(
        c.clustering.is_some() && !has_insights,
        "clusteringConfig",
        "clusteringConfig requires insights to be set",
        d,
    );
    if let Some(a) = &c.agent {
        match project.runtime(&a.value) {
            None => d.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    p("agent"),
                    format!(
                        "Online eval config \"{}\" references unknown agent \"{}\"",
                        c.name.value, a.value
                    ),
                )
                .at(a.span)
                .help_opt(did_you_mean(
                    &a.value,
                    project.runtimes.iter().map(|r| r.name.value.as_str()),
                )),
            ),
            Some(r) => {
                if let Some(e) = &c.endpoint {
                    if e.value != "DEFAULT" && !r.endpoints.iter().any(|x| x.name.value == e.value)
                    {
                        d.push(
                            Diagnostic::new(
                                Code::UnknownReference,
                                p("endpoint"),
                                format!("online eval config \"{}\": runtime \"{}\" has no endpoint \"{}\"", c.name.value, r.name.value, e.value),
                            )
                            .at(e.span)
                            .help_opt(did_you_mean(&e.value, r.endpoints.iter().map(|x| x.name.value.as_str()))),
                        );
                    }
                }
            }
        }
    }
    if let Some(l) = &c.evaluators {
        if l.value.len() > 25 {
            d.push(invalid(p("evaluators"), l.span, "at most 25 evaluators"));
        }
        for (i, e) in l.value.iter().enumerate() {
            let v = &e.value;
            if v.starts_with("Builtin.") || v.starts_with("ThirdParty.") || v.starts_with("arn:") {
                continue;
            }
            if !project.evaluators.iter().any(|x| x.name.value == *v) {
                d.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        format!("{}[{i}]", p("evaluators")),
                        format!(
                            "Online eval config \"{}\" references unknown evaluator \"{v}\"",
                            c.name.value
                        ),
                    )
                    .at(e.span)
                    .help_opt(did_you_mean(
                        v,
                        project.evaluators.iter().map(|x| x.name.value.as_str()),
                    )),
                );
            }
        }
    }
    if let Some(l) = &c.log_group_names {
        if l.value.is_empty() || l.value.len() > 5 {
            d.push(invalid(
                p("logGroupNames"),
                l.span,
                "`logGroupNames` must have 1 to 5 entries",
            ));
        }
        for (i, g) in l.value.iter().enumerate() {
            if g.value.is_empty()
                || g.value.len() > 512
                || !regex!(r"^[.\-_/#A-Za-z0-9]+$").is_match(&g.value)
            {
                d.push(invalid(
                    format!("{}[{i}]", p("logGroupNames")),
                    g.span,
                    "log group names are 1 to 512 letters, digits and . - _ / #",
                ));
            }
        }
        match c.service_names.as_ref().map(|s| s.value.len()) {
            Some(1) => {}
            n => d.push(
                Diagnostic::new(
                    Code::RuntimeNotInCloudFormation,
                    p("serviceNames"),
                    format!("online eval config \"{}\" reads log groups, and CloudFormation needs exactly one service name (found {})", c.name.value, n.unwrap_or(0)),
                )
                .at(c.service_names.as_ref().map(|s| s.span).unwrap_or(c.span))
                .help("give `serviceNames` with the one service the traces come from"),
            ),
        }
    }
    if let Some(r) = &c.sampling_rate {
        if !(0.01..=100.0).contains(&r.value) {
            d.push(invalid(
                p("samplingRate"),
                r.span,
                "`samplingRate` must be between 0.01 and 100",
            ));
        }
    }
    if let Some(t) = &c.session_timeout {
        if !(1..=1440).contains(&t.value) {
            d.push(invalid(
                p("sessionTimeoutMinutes"),
                t.span,
                "`sessionTimeoutMinutes` must be 1 to 1440",
            ));
        }
    }
    if let Some(l) = &c.insights {
        for (i, x) in l.value.iter().enumerate() {
            if !regex!(r"^[a-zA-Z][a-zA-Z0-9._]+$").is_match(&x.value) {
                d.push(invalid(
                    format!("{}[{i}]", p("insights")),
                    x.span,
                    "insight IDs start with a letter and contain letters, digits, . and _",
                ));
            }
        }
    }
    super::tags::check(&c.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &c.tags, &p("tags"), d);
    for (k, _) in crate::project::merge_tags(&project.tags, &c.tags) {
        // CloudFormation's class, verbatim (`+-=` is the range + to =).
        if !regex!(r"^[a-zA-Z+-=._:/]+$").is_match(&k) {
            d.push(
                Diagnostic::new(
                    Code::RuntimeNotInCloudFormation,
                    p("tags"),
                    format!("tag key `{k}`: an online evaluation config's tag keys must match CloudFormation's [a-zA-Z+-=._:/]+ (no spaces or @)"),
                )
                .at(c.span),
            );
        }
    }
}
