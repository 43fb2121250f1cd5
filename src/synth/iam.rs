//! The gateway execution role's policy: statements collected per target,
//! merged by Sid, every resource an ARN built with the pseudo parameters.

use super::identity::ProviderInfo;
use super::Builder;
use crate::diagnostics::{Code, Diagnostic};
use crate::project::{Gateway, Target};
use crate::template::map;
use crate::template::Value;

pub(super) fn sub(s: &str) -> Value {
    Value::Sub(s.to_string())
}

pub(super) fn arn(service: &str, rest: &str) -> Value {
    sub(&format!(
        "arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"
    ))
}

/// One statement of a generated policy.
pub(super) struct Statement {
    sid: String,
    actions: Vec<String>,
    resources: Vec<Value>,
    /// The resources already listed (a gateway's statement may list
    /// thousands: a linear `contains` would make lowering quadratic).
    seen: foldhash::HashSet<Value>,
    condition: Option<Value>,
}

/// IAM statements collected for one role, merged by Sid in first-use order.
#[derive(Default)]
pub(super) struct Grants {
    pub(super) statements: Vec<Statement>,
}

impl Grants {
    pub(super) fn add(
        &mut self,
        sid: &str,
        actions: &[&str],
        resources: impl IntoIterator<Item = Value>,
    ) {
        let st = self.statement(sid, actions);
        for r in resources {
            if !st.seen.contains(&r) {
                st.seen.insert(r.clone());
                st.resources.push(r);
            }
        }
    }

    /// [`Grants::add`] for borrowed resources: only new ones are copied
    /// (every target of a gateway adds the same workload identity ARNs).
    pub(super) fn add_refs<'a>(
        &mut self,
        sid: &str,
        actions: &[&str],
        resources: impl IntoIterator<Item = &'a Value>,
    ) {
        let st = self.statement(sid, actions);
        for r in resources {
            if !st.seen.contains(r) {
                st.seen.insert(r.clone());
                st.resources.push(r.clone());
            }
        }
    }

    /// The statement `sid` (created empty on first use), with `actions` added.
    fn statement(&mut self, sid: &str, actions: &[&str]) -> &mut Statement {
        let idx = match self.statements.iter().position(|s| s.sid == sid) {
            Some(i) => i,
            None => {
                self.statements.push(Statement {
                    sid: sid.to_string(),
                    actions: Vec::new(),
                    resources: Vec::new(),
                    seen: Default::default(),
                    condition: None,
                });
                self.statements.len() - 1
            }
        };
        let st = &mut self.statements[idx];
        for a in actions {
            if !st.actions.iter().any(|x| x == a) {
                st.actions.push(a.to_string());
            }
        }
        st
    }

    /// A statement with a condition (its Sid is its own).
    pub(super) fn add_conditional(
        &mut self,
        sid: &str,
        actions: &[&str],
        resources: impl IntoIterator<Item = Value>,
        condition: Value,
    ) {
        self.add(sid, actions, resources);
        if let Some(st) = self.statements.iter_mut().find(|s| s.sid == sid) {
            st.condition = Some(condition);
        }
    }

    pub(super) fn document(&self) -> Value {
        let statements = self
            .statements
            .iter()
            .map(|st| {
                let one = |mut v: Vec<Value>| {
                    if v.len() == 1 {
                        v.remove(0)
                    } else {
                        Value::List(v)
                    }
                };
                let mut m = map! {
                    "Sid" => st.sid.clone(),
                    "Effect" => "Allow",
                    "Action" => one(st.actions.iter().map(|a| Value::Str(a.clone())).collect()),
                    "Resource" => one(st.resources.clone()),
                };
                if let Some(c) = &st.condition {
                    m.insert("Condition".into(), c.clone());
                }
                Value::Map(m)
            })
            .collect();
        Value::Map(map! { "Version" => "2012-10-17", "Statement" => Value::List(statements) })
    }
}

/// A trust policy for `bedrock-agentcore.amazonaws.com`, limited to this
/// account and to source resources whose ARN matches `source` (a
/// `bedrock-agentcore` resource path such as `runtime/<name>-*`).
pub(super) fn agentcore_trust(source: &str) -> Value {
    Value::Map(map! {
        "Version" => "2012-10-17",
        "Statement" => Value::List(vec![Value::Map(map! {
            "Effect" => "Allow",
            "Principal" => Value::Map(map! { "Service" => "bedrock-agentcore.amazonaws.com" }),
            "Action" => "sts:AssumeRole",
            "Condition" => Value::Map(map! {
                "StringEquals" => Value::Map(map! { "aws:SourceAccount" => Value::Ref("AWS::AccountId".into()) }),
                "ArnLike" => Value::Map(map! { "aws:SourceArn" => arn("bedrock-agentcore", source) }),
            }),
        })]),
    })
}

/// A role's `Tags`: the project tags, in list form.
pub(super) fn role_tags(project: &crate::project::Project) -> Option<Value> {
    let tags: Vec<Value> = project
        .tags
        .iter()
        .map(|(k, v)| Value::Map(map! { "Key" => k.value.clone(), "Value" => v.value.clone() }))
        .collect();
    (!tags.is_empty()).then_some(Value::List(tags))
}

pub(super) fn s3_object_arn(uri: &str) -> Value {
    let rest = uri.trim_start_matches("s3://");
    Value::Sub(format!("arn:${{AWS::Partition}}:s3:::{rest}"))
}

/// What the gateway role needs to sign requests for a passthrough target.
pub(super) fn sigv4_grant(
    g: &Gateway,
    t: &Target,
    a: &crate::project::OutboundAuth,
    endpoint: &str,
    grants: &mut Grants,
    b: &mut Builder,
) {
    let Some(service) = &a.service else { return };
    let host = endpoint
        .trim_start_matches("https://")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    match service.value.as_str() {
        "execute-api" if labels.len() >= 4 && labels[1] == "execute-api" => {
            let api = labels[0];
            let region = a
                .region
                .as_ref()
                .map(|r| r.value.as_str())
                .unwrap_or(labels[2]);
            grants.add(
                "InvokePassthroughApis",
                &["execute-api:Invoke"],
                [sub(&format!(
                    "arn:${{AWS::Partition}}:execute-api:{region}:${{AWS::AccountId}}:{api}/*"
                ))],
            );
        }
        "lambda" => grants.add(
            "InvokePassthroughFunctionUrls",
            &["lambda:InvokeFunctionUrl"],
            [arn("lambda", "function:*")],
        ),
        "bedrock-agentcore" => grants.add(
            "InvokePassthroughRuntimes",
            &["bedrock-agentcore:InvokeAgentRuntime"],
            [arn("bedrock-agentcore", "runtime/*")],
        ),
        other => {
            b.diagnostics.push(
                Diagnostic::new(
                    Code::BroadGrant,
                    format!("{}.service", a.path),
                    format!(
                        "gateway \"{}\" target \"{}\": no IAM permission is granted for SigV4 service `{other}`, because its resource ARN cannot be derived from the endpoint",
                        g.name.value, t.name.value
                    ),
                )
                .at(service.span)
                .help("give the gateway an `executionRoleArn` whose policy allows the calls, or add them to the generated role after deployment"),
            );
        }
    }
}

/// What reading a credential needs: a workload access token (`token_actions`
/// on the gateway's workload identity), the provider's token or key
/// (`sid`, `action` on the token vault, the provider and the identity), and
/// the provider's secrets.
pub(super) fn credential_grants(
    grants: &mut Grants,
    token_actions: &[&str],
    (sid, action): (&str, &str),
    provider: &ProviderInfo,
    workload: &[Value],
) {
    grants.add_refs("WorkloadAccessToken", token_actions, workload);
    grants.add(
        sid,
        &[action],
        [arn("bedrock-agentcore", "token-vault/default")],
    );
    grants.add_refs(
        sid,
        &[action],
        std::iter::once(&provider.arn).chain(workload),
    );
    if !provider.secret_arns.is_empty() {
        grants.add_refs(
            "CredentialSecrets",
            &["secretsmanager:GetSecretValue"],
            &provider.secret_arns,
        );
    }
}

/// What every AgentCore-hosted process writes: its logs (under
/// `log_group`, e.g. `/aws/bedrock-agentcore/runtimes/<name>-*`), traces and
/// metrics (the namespace condition).
pub(super) fn observability_grants(g: &mut Grants, log_group: &str) {
    let log_group = format!("log-group:{log_group}");
    g.add(
        "WriteOwnLogs",
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
        ],
        [
            arn("logs", &log_group),
            arn("logs", &format!("{log_group}:log-stream:*")),
        ],
    );
    g.add(
        "DescribeLogGroups",
        &["logs:DescribeLogGroups"],
        [arn("logs", "log-group:*")],
    );
    g.add(
        "WriteTraces",
        &[
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
        ],
        [Value::str("*")],
    );
    g.add_conditional(
        "WriteMetrics",
        &["cloudwatch:PutMetricData"],
        [Value::str("*")],
        Value::Map(map! {
            "StringEquals" => Value::Map(map! { "cloudwatch:namespace" => "bedrock-agentcore" }),
        }),
    );
}

/// A role (`trust`, project tags) and the policy of `grants` attached to it.
pub(super) struct OwnRole<'a> {
    pub(super) role_id: &'a str,
    pub(super) policy_id: &'a str,
    pub(super) policy_name: String,
    pub(super) trust: Value,
    pub(super) description: String,
}

impl OwnRole<'_> {
    pub(super) fn emit(
        self,
        project: &crate::project::Project,
        grants: &Grants,
        extra: crate::template::Map,
        b: &mut Builder,
    ) {
        let mut role = map! {
            "AssumeRolePolicyDocument" => self.trust,
            "Description" => self.description,
        };
        role.extend(extra);
        if let Some(t) = role_tags(project) {
            role.insert("Tags".into(), t);
        }
        b.resource(
            self.role_id,
            crate::template::Resource::new(crate::cfn::types::IAM_ROLE, role),
        );
        b.resource(
            self.policy_id,
            crate::template::Resource::new(
                crate::cfn::types::IAM_POLICY,
                map! {
                    "PolicyName" => self.policy_name,
                    "PolicyDocument" => grants.document(),
                    "Roles" => Value::List(vec![Value::Ref(self.role_id.to_string())]),
                },
            ),
        );
    }
}
