//! Harnesses (`AWS::BedrockAgentCore::Harness`) from their `harness.json`,
//! with an execution role scoped to the model, tools, memory and image the
//! spec names (docs/harnesses.md, statement by statement).

use super::iam::{arn, sub, Grants};
use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::harness::{Harness, Memory, Spec};
use crate::project::{merge_tags, Project};
use crate::template::map;
use crate::template::{Map, Parameter, Resource, Value};

pub fn lower(project: &Project, memories: &[String], b: &mut Builder) {
    let hb = bases(
        project
            .harnesses
            .iter()
            .map(|h| (h.name.value.as_str(), pascal(&h.name.value))),
    );
    for (h, base) in project.harnesses.iter().zip(hb) {
        if let Some(spec) = &h.spec {
            harness(project, h, spec, &base, memories, b);
        }
    }
}

/// The ARN of a token-vault provider's secret (`default/apikey/<name>`).
fn vault_secret(kind: &str, provider_arn: &str) -> Value {
    let name = provider_arn.rsplit('/').next().unwrap_or("");
    sub(&format!(
        "arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:bedrock-agentcore-identity!default/{kind}/{name}-??????"
    ))
}

fn harness(
    project: &Project,
    h: &Harness,
    s: &Spec,
    base: &str,
    memories: &[String],
    b: &mut Builder,
) {
    let id = format!("{base}Harness");
    let role_id = format!("{id}Role");
    let policy_id = format!("{id}Policy");
    let name = format!("{}_{}", project.name.value, s.name);
    let mut g = Grants::default();
    let workload = vec![
        arn("bedrock-agentcore", "workload-identity-directory/default"),
        arn(
            "bedrock-agentcore",
            &format!("workload-identity-directory/default/workload-identity/harness_{name}-*"),
        ),
    ];
    let mut props = map! {
        "HarnessName" => name.clone(),
        "ExecutionRoleArn" => match &s.execution_role_arn {
            Some(a) => Value::Str(a.clone()),
            None => Value::GetAtt(role_id.clone(), "Arn".into()),
        },
        "Model" => s.model.clone().unwrap_or(Value::Map(Map::default())),
    };
    if s.provider == "bedrock" {
        g.add(
            "InvokeModels",
            &[
                "bedrock:InvokeModel",
                "bedrock:InvokeModelWithResponseStream",
            ],
            [
                sub("arn:${AWS::Partition}:bedrock:*::foundation-model/*"),
                sub("arn:${AWS::Partition}:bedrock:*:${AWS::AccountId}:inference-profile/*"),
            ],
        );
    }
    if let Some(key) = &s.api_key_arn {
        g.add(
            "WorkloadAccessToken",
            &["bedrock-agentcore:GetWorkloadAccessToken"],
            workload.clone(),
        );
        g.add(
            "ApiKeys",
            &["bedrock-agentcore:GetResourceApiKey"],
            [
                arn("bedrock-agentcore", "token-vault/default"),
                Value::Str(key.clone()),
            ]
            .into_iter()
            .chain(workload.iter().cloned()),
        );
        g.add(
            "CredentialSecrets",
            &["secretsmanager:GetSecretValue"],
            [vault_secret("apikey", key)],
        );
    }
    if let Some(p) = &s.system_prompt {
        props.insert(
            "SystemPrompt".into(),
            Value::List(vec![Value::Map(map! { "Text" => p.clone() })]),
        );
    }
    if !s.tools.is_empty() {
        props.insert("Tools".into(), Value::List(s.tools.clone()));
    }
    for (gw, provider) in &s.gateways {
        g.add(
            "InvokeGateways",
            &["bedrock-agentcore:InvokeGateway"],
            [Value::Str(gw.clone())],
        );
        if let Some(p) = provider {
            g.add(
                "WorkloadAccessToken",
                &["bedrock-agentcore:GetWorkloadAccessToken"],
                workload.clone(),
            );
            g.add(
                "OAuth2Tokens",
                &["bedrock-agentcore:GetResourceOauth2Token"],
                [
                    arn("bedrock-agentcore", "token-vault/default"),
                    Value::Str(p.clone()),
                ]
                .into_iter()
                .chain(workload.iter().cloned()),
            );
            g.add(
                "CredentialSecrets",
                &["secretsmanager:GetSecretValue"],
                [vault_secret("oauth2", p)],
            );
        }
    }
    for browser in &s.browsers {
        g.add(
            "UseBrowser",
            &[
                "bedrock-agentcore:StartBrowserSession",
                "bedrock-agentcore:StopBrowserSession",
                "bedrock-agentcore:GetBrowserSession",
                "bedrock-agentcore:UpdateBrowserStream",
                "bedrock-agentcore:ConnectBrowserAutomationStream",
                "bedrock-agentcore:ConnectBrowserLiveViewStream",
            ],
            [match browser {
                Some(a) => Value::Str(a.clone()),
                None => sub("arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:aws:browser/aws.browser.v1"),
            }],
        );
    }
    for ci in &s.code_interpreters {
        g.add(
            "UseCodeInterpreter",
            &[
                "bedrock-agentcore:StartCodeInterpreterSession",
                "bedrock-agentcore:StopCodeInterpreterSession",
                "bedrock-agentcore:GetCodeInterpreterSession",
                "bedrock-agentcore:InvokeCodeInterpreter",
            ],
            [match ci {
                Some(a) => Value::Str(a.clone()),
                None => sub("arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:aws:code-interpreter/aws.codeinterpreter.v1"),
            }],
        );
    }
    if !s.skills.is_empty() {
        props.insert("Skills".into(), Value::List(s.skills.clone()));
    }
    for bucket in &s.skill_buckets {
        g.add(
            "ReadSkills",
            &["s3:GetObject"],
            [sub(&format!("arn:${{AWS::Partition}}:s3:::{bucket}/*"))],
        );
        g.add(
            "ListSkills",
            &["s3:ListBucket"],
            [sub(&format!("arn:${{AWS::Partition}}:s3:::{bucket}"))],
        );
    }
    for (key, v) in [
        ("MaxIterations", s.max_iterations),
        ("MaxTokens", s.max_tokens),
        ("TimeoutSeconds", s.timeout_seconds),
    ] {
        if let Some(v) = v {
            props.insert(key.into(), v.into());
        }
    }
    if let Some(a) = &s.allowed_tools {
        props.insert("AllowedTools".into(), a.clone());
    }
    let memory_actions = super::runtime::MEMORY_ACTIONS;
    let memory = match &s.memory {
        Memory::Disabled => map! { "Disabled" => Value::Map(Map::default()) },
        Memory::Managed(c) => {
            let prefix: String = format!("harness_{name}").chars().take(34).collect();
            g.add(
                "UseManagedMemory",
                memory_actions,
                [arn("bedrock-agentcore", &format!("memory/{prefix}*"))],
            );
            map! { "ManagedMemoryConfiguration" => Value::Map(c.clone()) }
        }
        Memory::Existing {
            name: m,
            arn: a,
            rest,
        } => {
            let target = match (a, m) {
                (Some(a), _) => Value::Str(a.clone()),
                (None, Some(m)) => {
                    let i = project
                        .memories
                        .iter()
                        .position(|x| x.name.value == *m)
                        .unwrap_or(0);
                    Value::GetAtt(
                        memories.get(i).cloned().unwrap_or_default(),
                        "MemoryArn".into(),
                    )
                }
                (None, None) => Value::Null,
            };
            g.add("UseMemory", memory_actions, [target.clone()]);
            let mut c = map! { "Arn" => target };
            c.extend(rest.clone());
            map! { "AgentCoreMemoryConfiguration" => Value::Map(c) }
        }
    };
    props.insert("Memory".into(), Value::Map(memory));
    if let Some(t) = &s.truncation {
        props.insert("Truncation".into(), t.clone());
    }
    let image = if s.dockerfile {
        Some(b.parameter(
            &format!("{id}ImageUri"),
            Parameter::string(format!(
                "Container image URI of harness {} (built from its dockerfile) in a private ECR repository",
                h.name.value
            ))
            .pattern(super::runtime::IMAGE_URI_PATTERN, "must be a private ECR image URI"),
        ))
    } else {
        s.container_uri.clone().map(Value::Str)
    };
    if let Some(uri) = image {
        let private = !matches!(&uri, Value::Str(u) if u.starts_with("public.ecr.aws/"));
        if private {
            g.add(
                "PullImage",
                &["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                [super::runtime::repository_arn(&uri)],
            );
            g.add(
                "EcrAuthorization",
                &["ecr:GetAuthorizationToken"],
                [Value::str("*")],
            );
        }
        props.insert(
            "EnvironmentArtifact".into(),
            Value::Map(
                map! { "ContainerConfiguration" => Value::Map(map! { "ContainerUri" => uri }) },
            ),
        );
    }
    if let Some(env) = &s.environment {
        props.insert(
            "Environment".into(),
            Value::Map(map! { "AgentCoreRuntimeEnvironment" => Value::Map(env.clone()) }),
        );
    }
    for (i, ap) in s.efs.iter().enumerate() {
        let prefix = ap
            .rsplit_once(":access-point/")
            .map(|(p, _)| p)
            .unwrap_or("");
        g.add_conditional(
            &format!("MountEfs{i}"),
            &["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            [Value::Str(format!("{prefix}:file-system/*"))],
            Value::Map(map! { "ArnEquals" => Value::Map(map! { "elasticfilesystem:AccessPointArn" => ap.clone() }) }),
        );
    }
    for (i, ap) in s.s3_files.iter().enumerate() {
        let fs = ap
            .rsplit_once("/access-point/")
            .map(|(p, _)| p)
            .unwrap_or("");
        g.add_conditional(
            &format!("MountS3Files{i}"),
            &["s3files:ClientMount", "s3files:ClientWrite"],
            [Value::Str(fs.to_string())],
            Value::Map(
                map! { "ArnEquals" => Value::Map(map! { "s3files:AccessPointArn" => ap.clone() }) },
            ),
        );
    }
    if !s.environment_variables.is_empty() {
        let mut m = Map::default();
        for (k, v) in &s.environment_variables {
            m.insert(k.clone(), Value::Str(v.clone()));
        }
        props.insert("EnvironmentVariables".into(), Value::Map(m));
    }
    if let Some(j) = &s.custom_jwt {
        props.insert(
            "AuthorizerConfiguration".into(),
            super::gateway::jwt_authorizer(j),
        );
        g.add(
            "WorkloadAccessToken",
            &[
                "bedrock-agentcore:GetWorkloadAccessToken",
                "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
            ],
            workload.clone(),
        );
    }
    let tags: Vec<Value> = merge_tags(&project.tags, &s.tags)
        .into_iter()
        .map(|(k, v)| Value::Map(map! { "Key" => k, "Value" => v }))
        .collect();
    if !tags.is_empty() {
        props.insert("Tags".into(), Value::List(tags));
    }
    super::iam::observability_grants(
        &mut g,
        &format!("/aws/bedrock-agentcore/runtimes/harness_{name}-*"),
    );
    let mut r = Resource::new(types::HARNESS, props);
    if s.execution_role_arn.is_none() {
        // The service runs the harness on a runtime it creates (named after
        // the harness), so the source is any AgentCore resource of this
        // account and region.
        super::iam::OwnRole {
            role_id: &role_id,
            policy_id: &policy_id,
            policy_name: format!("{id}Access"),
            trust: super::iam::agentcore_trust("*"),
            description: format!("Execution role of AgentCore harness {name}"),
        }
        .emit(project, &g, Map::default(), b);
        r.depends_on.push(policy_id);
    }
    b.resource(&id, r);
    for (suffix, attr, what) in [("Id", "HarnessId", "ID"), ("Arn", "Arn", "ARN")] {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of harness {}", h.name.value),
            Value::GetAtt(id.clone(), attr.into()),
            true,
        );
    }
}
