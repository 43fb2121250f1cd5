//! Evaluators (`AWS::BedrockAgentCore::Evaluator`) and online evaluation
//! configs (`AWS::BedrockAgentCore::OnlineEvaluationConfig`) with an
//! execution role scoped to the traces they read and the results they write.

use super::iam::{agentcore_trust, arn, sub, Grants};
use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::evaluation::{EvalConfig, Evaluator, OnlineEval, Rating};
use crate::project::{merge_tags, Project, Tags};
use crate::template::map;
use crate::template::{Resource, Value};

fn list_tags(project: &Project, own: &Tags) -> Option<Value> {
    let tags: Vec<Value> = merge_tags(&project.tags, own)
        .into_iter()
        .map(|(k, v)| Value::Map(map! { "Key" => k, "Value" => v }))
        .collect();
    (!tags.is_empty()).then_some(Value::List(tags))
}

/// The logical ID of each evaluator, in project order.
pub fn evaluator_ids(project: &Project) -> Vec<String> {
    bases(
        project
            .evaluators
            .iter()
            .map(|e| (e.name.value.as_str(), pascal(&e.name.value))),
    )
    .into_iter()
    .map(|b| format!("{b}Evaluator"))
    .collect()
}

pub fn lower(project: &Project, b: &mut Builder) {
    let ids = evaluator_ids(project);
    for (e, id) in project.evaluators.iter().zip(&ids) {
        evaluator(project, e, id, b);
    }
    let online_bases = bases(
        project
            .online_evals
            .iter()
            .map(|c| (c.name.value.as_str(), pascal(&c.name.value))),
    );
    for (c, base) in project.online_evals.iter().zip(online_bases) {
        online(project, c, &base, &ids, b);
    }
}

fn evaluator(project: &Project, e: &Evaluator, id: &str, b: &mut Builder) {
    let config = match &e.config {
        Some(EvalConfig::LlmAsAJudge(j)) => {
            let model = j
                .model
                .as_ref()
                .map(|m| m.value.trim().to_string())
                .unwrap_or_default();
            let model_config = match j.model_provider.as_ref().map(|p| p.value) {
                Some("OpenResponses") => map! {
                    "ResponsesEvaluatorModelConfig" => Value::Map(map! { "ModelId" => model }),
                },
                _ => map! {
                    "BedrockEvaluatorModelConfig" => Value::Map(map! {
                        "ModelId" => model,
                        "InferenceConfig" => Value::Map(map! { "Temperature" => 0i64, "MaxTokens" => 4096i64 }),
                    }),
                },
            };
            let scale = match &j.rating {
                Some(Rating::Numerical(list)) => map! {
                    "Numerical" => Value::List(list.iter().map(|(v, l, d)| Value::Map(map! {
                        "Value" => v.value, "Label" => l.value.clone(), "Definition" => d.value.clone(),
                    })).collect()),
                },
                Some(Rating::Categorical(list)) => map! {
                    "Categorical" => Value::List(list.iter().map(|(l, d)| Value::Map(map! {
                        "Label" => l.value.clone(), "Definition" => d.value.clone(),
                    })).collect()),
                },
                _ => return,
            };
            map! {
                "LlmAsAJudge" => Value::Map(map! {
                    "Instructions" => j.instructions.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
                    "ModelConfig" => Value::Map(model_config),
                    "RatingScale" => Value::Map(scale),
                }),
            }
        }
        Some(EvalConfig::External(arn)) => map! {
            "CodeBased" => Value::Map(map! {
                "LambdaConfig" => Value::Map(map! { "LambdaArn" => arn.value.clone() }),
            }),
        },
        // Validation rejects the rest.
        _ => return,
    };
    let mut props = map! {
        "EvaluatorName" => e.resource_name(&project.name.value),
        "Level" => e.level.as_ref().map(|l| l.value).unwrap_or("SESSION"),
        "EvaluatorConfig" => Value::Map(config),
    };
    if let Some(d) = &e.description {
        props.insert("Description".into(), d.value.clone().into());
    }
    if let Some(k) = &e.kms_key_arn {
        props.insert("KmsKeyArn".into(), k.value.clone().into());
    }
    if let Some(t) = list_tags(project, &e.tags) {
        props.insert("Tags".into(), t);
    }
    b.resource(id, Resource::new(types::EVALUATOR, props));
    for (suffix, attr, what) in [("Id", "EvaluatorId", "ID"), ("Arn", "EvaluatorArn", "ARN")] {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of evaluator {}", e.name.value),
            Value::GetAtt(id.to_string(), attr.into()),
            true,
        );
    }
}

fn online(
    project: &Project,
    c: &OnlineEval,
    base: &str,
    evaluator_ids: &[String],
    b: &mut Builder,
) {
    let id = format!("{base}OnlineEval");
    let role_id = format!("{id}Role");
    let policy_id = format!("{id}Policy");
    let name = c.resource_name(&project.name.value);
    let mut grants = Grants::default();
    let mut depends = vec![policy_id.clone()];

    // Where the traces are.
    let (log_groups, service_names, read) = match &c.agent {
        Some(agent) => {
            let rid = super::runtime::id_of(project, &agent.value).unwrap_or_default();
            let endpoint = c
                .endpoint
                .as_ref()
                .map(|e| e.value.as_str())
                .unwrap_or("DEFAULT");
            if endpoint != "DEFAULT" {
                if let Some(eid) = super::runtime::endpoint_id(project, &agent.value, endpoint) {
                    depends.push(eid);
                }
            }
            (
                vec![sub(&format!("/aws/bedrock-agentcore/runtimes/${{{rid}.AgentRuntimeId}}-{endpoint}"))],
                vec![Value::Str(format!("{}_{}.{endpoint}", project.name.value, agent.value))],
                vec![sub(&format!(
                    "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/bedrock-agentcore/runtimes/${{{rid}.AgentRuntimeId}}-*"
                ))],
            )
        }
        None => {
            let groups: Vec<String> = c
                .log_group_names
                .iter()
                .flat_map(|l| l.value.iter().map(|g| g.value.clone()))
                .collect();
            (
                groups.iter().map(|g| Value::Str(g.clone())).collect(),
                c.service_names
                    .iter()
                    .flat_map(|l| l.value.iter().map(|s| Value::Str(s.value.clone())))
                    .collect(),
                groups
                    .iter()
                    .map(|g| arn("logs", &format!("log-group:{g}*")))
                    .collect(),
            )
        }
    };
    grants.add(
        "ReadTraces",
        &[
            "logs:GetLogEvents",
            "logs:FilterLogEvents",
            "logs:DescribeLogStreams",
            "logs:StartQuery",
        ],
        read.into_iter()
            .chain([arn("logs", "log-group:aws/spans*")]),
    );
    grants.add(
        "DescribeLogGroups",
        &["logs:DescribeLogGroups"],
        [arn("logs", "log-group:*")],
    );
    grants.add(
        "QueryResults",
        &[
            "logs:GetQueryResults",
            "cloudwatch:GenerateQuery",
            "cloudwatch:GenerateQueryResultsSummary",
        ],
        [Value::str("*")],
    );
    grants.add(
        "WriteResults",
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
        ],
        [arn(
            "logs",
            &format!("log-group:/aws/bedrock-agentcore/evaluations/results/{name}*"),
        )],
    );
    grants.add(
        "SpansIndex",
        &["logs:DescribeIndexPolicies", "logs:PutIndexPolicy"],
        [arn("logs", "log-group:aws/spans")],
    );
    grants.add(
        "InvokeJudgeModels",
        &[
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream",
        ],
        [
            sub("arn:${AWS::Partition}:bedrock:*::foundation-model/*"),
            sub("arn:${AWS::Partition}:bedrock:*:${AWS::AccountId}:inference-profile/*"),
        ],
    );
    grants.add(
        "ReadOwnConfig",
        &["bedrock-agentcore:GetOnlineEvaluationConfig"],
        [arn(
            "bedrock-agentcore",
            &format!("online-evaluation-config/{name}-*"),
        )],
    );

    // The evaluators it runs.
    let mut refs = Vec::new();
    for e in c.evaluators.iter().flat_map(|l| &l.value) {
        let v = &e.value;
        let id_value = if v.starts_with("Builtin.") || v.starts_with("ThirdParty.") {
            Value::Str(v.clone())
        } else if v.starts_with("arn:") {
            Value::Str(v.rsplit("evaluator/").next().unwrap_or(v).to_string())
        } else {
            let Some(i) = project.evaluators.iter().position(|x| x.name.value == *v) else {
                continue;
            };
            if let Some(EvalConfig::External(arn)) = &project.evaluators[i].config {
                grants.add(
                    "InvokeEvaluatorFunctions",
                    &["lambda:InvokeFunction", "lambda:GetFunction"],
                    [Value::Str(arn.value.clone())],
                );
            }
            Value::GetAtt(evaluator_ids[i].clone(), "EvaluatorId".into())
        };
        refs.push(Value::Map(map! { "EvaluatorId" => id_value }));
    }

    let mut props = map! {
        "OnlineEvaluationConfigName" => name.clone(),
        "EvaluationExecutionRoleArn" => Value::GetAtt(role_id.clone(), "Arn".into()),
        "DataSourceConfig" => Value::Map(map! {
            "CloudWatchLogs" => Value::Map(map! {
                "LogGroupNames" => Value::List(log_groups),
                "ServiceNames" => Value::List(service_names),
            }),
        }),
        "Rule" => Value::Map(map! {
            "SamplingConfig" => Value::Map(map! {
                "SamplingPercentage" => match c.sampling_rate.as_ref().map(|r| r.value) {
                    Some(r) => Value::Number(crate::template::canonical_number(&r.to_string())),
                    None => Value::Int(100),
                },
            }),
            "SessionConfig" => Value::Map(map! {
                "SessionTimeoutMinutes" => c.session_timeout.as_ref().map(|t| t.value).unwrap_or(5),
            }),
        }),
        "ExecutionStatus" => if c.enable_on_create.as_ref().is_some_and(|e| !e.value) { "DISABLED" } else { "ENABLED" },
    };
    if !refs.is_empty() {
        props.insert("Evaluators".into(), Value::List(refs));
    }
    if let Some(l) = &c.insights {
        props.insert(
            "Insights".into(),
            Value::List(
                l.value
                    .iter()
                    .map(|i| Value::Map(map! { "InsightId" => i.value.clone() }))
                    .collect(),
            ),
        );
    }
    if let Some(f) = &c.frequencies {
        props.insert(
            "ClusteringConfig".into(),
            Value::Map(map! { "Frequencies" => Value::strs(f.value.iter().map(|x| x.value)) }),
        );
    }
    if let Some(d) = &c.description {
        props.insert("Description".into(), d.value.clone().into());
    }
    if let Some(t) = list_tags(project, &c.tags) {
        props.insert("Tags".into(), t);
    }
    super::iam::OwnRole {
        role_id: &role_id,
        policy_id: &policy_id,
        policy_name: format!("{id}Access"),
        trust: agentcore_trust(&format!("online-evaluation-config/{name}-*")),
        description: format!("Execution role of AgentCore online evaluation config {name}"),
    }
    .emit(project, &grants, crate::template::Map::default(), b);
    let mut r = Resource::new(types::ONLINE_EVALUATION_CONFIG, props);
    r.depends_on = depends;
    b.resource(&id, r);
    for (suffix, attr, what) in [
        ("Id", "OnlineEvaluationConfigId", "ID"),
        ("Arn", "OnlineEvaluationConfigArn", "ARN"),
    ] {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of online evaluation config {}", c.name.value),
            Value::GetAtt(id.clone(), attr.into()),
            true,
        );
    }
}
