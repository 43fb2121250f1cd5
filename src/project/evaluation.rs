//! `evaluators[]` and `onlineEvalConfigs[]` (non-strict in the AgentCore CLI).

use super::read::{as_obj, items, Obj, Spanned, Strictness};
use super::runtime::Names;
use super::Tags;
use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;

pub const LEVELS: &[&str] = &["SESSION", "TRACE", "TOOL_CALL"];
pub const MODEL_PROVIDERS: &[&str] = &["Bedrock", "OpenResponses"];
pub const FREQUENCIES: &[&str] = &["DAILY", "WEEKLY", "MONTHLY"];

#[derive(Debug, Clone)]
pub struct Evaluator {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub level: Option<Spanned<&'static str>>,
    pub description: Option<Spanned<String>>,
    pub kms_key_arn: Option<Spanned<String>>,
    pub tags: Tags,
    pub config: Option<EvalConfig>,
}

impl Evaluator {
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
}

#[derive(Debug, Clone)]
pub enum EvalConfig {
    LlmAsAJudge(LlmJudge),
    /// `codeBased.external.lambdaArn`.
    External(Spanned<String>),
    /// `codeBased.managed`: code this compiler does not deploy yet.
    Managed(Span),
    /// Not exactly one arm (reported with the CLI's message).
    Invalid(Span, &'static str),
}

#[derive(Debug, Clone)]
pub struct LlmJudge {
    pub path: String,
    pub model_provider: Option<Spanned<&'static str>>,
    pub model: Option<Spanned<String>>,
    pub instructions: Option<Spanned<String>>,
    pub rating: Option<Rating>,
}

#[derive(Debug, Clone)]
pub enum Rating {
    Numerical(Vec<(Spanned<i64>, Spanned<String>, Spanned<String>)>),
    Categorical(Vec<(Spanned<String>, Spanned<String>)>),
    Invalid(Span),
}

#[derive(Debug, Clone)]
pub struct OnlineEval {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub agent: Option<Spanned<String>>,
    pub endpoint: Option<Spanned<String>>,
    pub log_group_names: Option<Names>,
    pub service_names: Option<Names>,
    pub evaluators: Option<Names>,
    pub insights: Option<Names>,
    pub frequencies: Option<Spanned<Vec<Spanned<&'static str>>>>,
    pub clustering: Option<Span>,
    pub sampling_rate: Option<Spanned<f64>>,
    pub session_timeout: Option<Spanned<i64>>,
    pub description: Option<Spanned<String>>,
    pub enable_on_create: Option<Spanned<bool>>,
    pub tags: Tags,
}

impl OnlineEval {
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
}

pub fn decode_evaluators(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Evaluator> {
    items(arr, base)
        .filter_map(|(p, n)| evaluator(n, &p, d))
        .collect()
}

fn exactly_one<'n>(
    o: &mut Obj<'n>,
    a: &'static str,
    b: &'static str,
) -> Option<(&'static str, &'n Node)> {
    match (o.get(a), o.get(b)) {
        (Some(n), None) => Some((a, n)),
        (None, Some(n)) => Some((b, n)),
        _ => None,
    }
}

fn evaluator(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Evaluator> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let level = if o.get("level").is_none() {
        o.missing("level", d);
        None
    } else {
        o.enumeration("level", LEVELS, d)
    };
    let description = o.string("description", d);
    let kms_key_arn = o.string("kmsKeyArn", d);
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let config = match o.object("config", d) {
        None => {
            if o.get("config").is_none() {
                o.missing("config", d);
            }
            None
        }
        Some(mut c) => {
            let span = c.span();
            let cfg = match exactly_one(&mut c, "llmAsAJudge", "codeBased") {
                None => EvalConfig::Invalid(
                    span,
                    "Config must have either llmAsAJudge or codeBased, not both",
                ),
                Some(("llmAsAJudge", _)) => match c.object("llmAsAJudge", d) {
                    Some(j) => EvalConfig::LlmAsAJudge(judge(j, d)),
                    None => EvalConfig::Invalid(
                        span,
                        "Config must have either llmAsAJudge or codeBased, not both",
                    ),
                },
                Some(_) => {
                    match c.object("codeBased", d) {
                        None => EvalConfig::Invalid(
                            span,
                            "Config must have either llmAsAJudge or codeBased, not both",
                        ),
                        Some(mut cb) => {
                            let cspan = cb.span();
                            let r = match exactly_one(&mut cb, "managed", "external") {
                            None => EvalConfig::Invalid(cspan, "Code-based config must have either managed or external, not both"),
                            Some(("managed", n)) => EvalConfig::Managed(n.span),
                            Some(_) => match cb.object("external", d) {
                                Some(mut e) => {
                                    let arn = e.req_string("lambdaArn", d);
                                    e.finish(Strictness::Lenient, d);
                                    match arn {
                                        Some(a) => EvalConfig::External(a),
                                        None => EvalConfig::Invalid(cspan, "external needs lambdaArn"),
                                    }
                                }
                                None => EvalConfig::Invalid(cspan, "external must be an object"),
                            },
                        };
                            cb.finish(Strictness::Lenient, d);
                            r
                        }
                    }
                }
            };
            c.finish(Strictness::Lenient, d);
            Some(cfg)
        }
    };
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(Evaluator {
        path: path.to_string(),
        span,
        name: name?,
        level,
        description,
        kms_key_arn,
        tags,
        config,
    })
}

fn judge(mut j: Obj<'_>, d: &mut Vec<Diagnostic>) -> LlmJudge {
    let path = j.path.clone();
    let model_provider = j.enumeration("modelProvider", MODEL_PROVIDERS, d);
    let model = j.req_string("model", d);
    let instructions = j.req_string("instructions", d);
    let rating = match j.object("ratingScale", d) {
        None => {
            if j.get("ratingScale").is_none() {
                j.missing("ratingScale", d);
            }
            None
        }
        Some(mut r) => {
            let span = r.span();
            let out = match exactly_one(&mut r, "numerical", "categorical") {
                None => Rating::Invalid(span),
                Some((key, _)) => {
                    let base = r.path_of(key);
                    let arr = if key == "numerical" {
                        r.array("numerical", d)
                    } else {
                        r.array("categorical", d)
                    };
                    let arr = arr.unwrap_or(&[]);
                    if key == "numerical" {
                        Rating::Numerical(
                            items(arr, &base)
                                .filter_map(|(p, n)| {
                                    let mut x = as_obj(n, &p, d)?;
                                    let v = if x.get("value").is_some() {
                                        x.integer("value", d)
                                    } else {
                                        x.missing("value", d);
                                        None
                                    };
                                    let l = x.req_string("label", d);
                                    let def = x.req_string("definition", d);
                                    x.finish(Strictness::Lenient, d);
                                    Some((v?, l?, def?))
                                })
                                .collect(),
                        )
                    } else {
                        Rating::Categorical(
                            items(arr, &base)
                                .filter_map(|(p, n)| {
                                    let mut x = as_obj(n, &p, d)?;
                                    let l = x.req_string("label", d);
                                    let def = x.req_string("definition", d);
                                    x.finish(Strictness::Lenient, d);
                                    Some((l?, def?))
                                })
                                .collect(),
                        )
                    }
                }
            };
            r.finish(Strictness::Lenient, d);
            Some(out)
        }
    };
    j.finish(Strictness::Lenient, d);
    LlmJudge {
        path,
        model_provider,
        model,
        instructions,
        rating,
    }
}

pub fn decode_online(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<OnlineEval> {
    items(arr, base)
        .filter_map(|(p, n)| online(n, &p, d))
        .collect()
}

fn online(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<OnlineEval> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let agent = o.string("agent", d);
    let endpoint = o.string("endpoint", d);
    let log_group_names = o.string_list("logGroupNames", d);
    let service_names = o.string_list("serviceNames", d);
    let evaluators = o.string_list("evaluators", d);
    let insights = o.string_list("insights", d);
    let mut clustering = None;
    let frequencies = o.object("clusteringConfig", d).and_then(|mut c| {
        clustering = Some(c.span());
        let f = c.get("frequencies").and_then(|n| {
            let base = c.path_of("frequencies");
            let arr = c.array("frequencies", d)?;
            let list = items(arr, &base)
                .filter_map(|(p, x)| {
                    let s = x.as_str().map(|s| Spanned::new(s.to_string(), x.span));
                    match s {
                        Some(s) => super::read::check_enum(&s, &p, FREQUENCIES, d),
                        None => {
                            d.push(super::read::wrong_type(x, &p, "a string"));
                            None
                        }
                    }
                })
                .collect();
            Some(Spanned::new(list, n.span))
        });
        c.finish(Strictness::Lenient, d);
        f
    });
    let sampling_rate = match o.get("samplingRate") {
        None => {
            o.missing("samplingRate", d);
            None
        }
        Some(n) => match n.kind {
            crate::json::Kind::Number(ref t) => {
                t.parse::<f64>().ok().map(|v| Spanned::new(v, n.span))
            }
            _ => {
                d.push(super::read::wrong_type(
                    n,
                    &o.path_of("samplingRate"),
                    "a number",
                ));
                None
            }
        },
    };
    let session_timeout = o.integer("sessionTimeoutMinutes", d);
    let description = o.string("description", d);
    let enable_on_create = o.bool("enableOnCreate", d);
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(OnlineEval {
        path: path.to_string(),
        span,
        name: name?,
        agent,
        endpoint,
        log_group_names,
        service_names,
        evaluators,
        insights,
        frequencies,
        clustering,
        sampling_rate,
        session_timeout,
        description,
        enable_on_create,
        tags,
    })
}
