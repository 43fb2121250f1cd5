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

/// IAM statements collected for one gateway, merged by (Sid) in first-use order.
#[derive(Default)]
pub(super) struct Grants {
    pub(super) statements: Vec<(String, Vec<String>, Vec<Value>)>,
}

impl Grants {
    pub(super) fn add(
        &mut self,
        sid: &str,
        actions: &[&str],
        resources: impl IntoIterator<Item = Value>,
    ) {
        let idx = match self.statements.iter().position(|(s, _, _)| s == sid) {
            Some(i) => i,
            None => {
                self.statements
                    .push((sid.to_string(), Vec::new(), Vec::new()));
                self.statements.len() - 1
            }
        };
        let st = &mut self.statements[idx];
        for a in actions {
            if !st.1.iter().any(|x| x == a) {
                st.1.push(a.to_string());
            }
        }
        for r in resources {
            if !st.2.contains(&r) {
                st.2.push(r);
            }
        }
    }

    pub(super) fn document(&self) -> Value {
        let statements = self
            .statements
            .iter()
            .map(|(sid, actions, resources)| {
                let one = |mut v: Vec<Value>| {
                    if v.len() == 1 {
                        v.remove(0)
                    } else {
                        Value::List(v)
                    }
                };
                Value::Map(map! {
                    "Sid" => sid.clone(),
                    "Effect" => "Allow",
                    "Action" => one(actions.iter().map(|a| Value::Str(a.clone())).collect()),
                    "Resource" => one(resources.clone()),
                })
            })
            .collect();
        Value::Map(map! { "Version" => "2012-10-17", "Statement" => Value::List(statements) })
    }
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
    grants.add(
        "WorkloadAccessToken",
        token_actions,
        workload.iter().cloned(),
    );
    grants.add(
        sid,
        &[action],
        [
            arn("bedrock-agentcore", "token-vault/default"),
            provider.arn.clone(),
        ]
        .into_iter()
        .chain(workload.iter().cloned()),
    );
    if !provider.secret_arns.is_empty() {
        grants.add(
            "CredentialSecrets",
            &["secretsmanager:GetSecretValue"],
            provider.secret_arns.iter().cloned(),
        );
    }
}
