//! Gateway targets: `TargetConfiguration` per target type and
//! `CredentialProviderConfigurations` per outbound auth, collecting the IAM
//! each needs. An OAuth target's `GrantType` is always the file's.

use super::iam::{arn, credential_grants, s3_object_arn, sigv4_grant, sub, Grants};
use super::identity::Providers;
use super::Builder;
use crate::diagnostics::{Code, Diagnostic};
use crate::json::{Kind, Node};
use crate::project::catalog::{AuthType, GrantType, TargetType};
use crate::project::gateway::compute::Host;
use crate::project::gateway::{
    ApiGatewayConfig, ConnectorConfig, HttpRuntimeConfig, LambdaArnConfig, PassthroughConfig,
    SchemaSource, TargetConfig,
};
use crate::project::Spanned;
use crate::project::{Gateway, Project, Target};
use crate::template::map;
use crate::template::node_value;
use crate::template::{Map, Resource, Value};

pub const TARGET_TYPE: &str = crate::cfn::types::GATEWAY_TARGET;

fn default_description(t: &Target) -> String {
    format!(
        "{}: {}",
        t.target_type.value.default_description(),
        t.name.value
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn target(
    project: &Project,
    g: &Gateway,
    t: &Target,
    ids: (&str, &str),
    providers: &Providers,
    grants: &mut Grants,
    workload: &[Value],
    b: &mut Builder,
) -> Option<Resource> {
    let (gw_id, base) = ids;
    let config = target_configuration(project, g, t, base, providers, grants, b)?;
    let mut props = map! {
        "GatewayIdentifier" => Value::Ref(gw_id.to_string()),
        "Name" => t.name.value.clone(),
        "Description" => t.description.as_ref().map(|d| d.value.clone()).unwrap_or_else(|| default_description(t)),
        "TargetConfiguration" => config,
    };
    if let Some(c) = credential_configuration(t, providers, grants, workload) {
        props.insert(
            "CredentialProviderConfigurations".into(),
            Value::List(vec![c]),
        );
    }
    Some(Resource::new(TARGET_TYPE, props))
}

/// `CredentialProviderConfigurations[0]`, and the IAM it needs.
fn credential_configuration(
    t: &Target,
    providers: &Providers,
    grants: &mut Grants,
    workload: &[Value],
) -> Option<Value> {
    let iam_fallback = t.target_type.value.auth().iam_fallback;
    let auth = t.outbound_auth.as_ref();
    let kind = auth.map(|a| a.kind()).unwrap_or(AuthType::None);
    let bare = |ty: &str| Value::Map(map! { "CredentialProviderType" => ty });
    match kind {
        AuthType::OAuth => {
            let a = auth?;
            let p = providers.get(&a.credential_name.as_ref()?.value)?;
            let mut o = map! {
                "ProviderArn" => p.arn.clone(),
                "Scopes" => Value::strs(a.scopes.as_ref().map(|s| s.value.iter().map(|x| x.value.clone()).collect()).unwrap_or_else(Vec::<String>::new)),
                "GrantType" => a.grant_type.as_ref().map(|g| g.value).unwrap_or(GrantType::ClientCredentials),
            };
            if let Some(u) = &a.default_return_url {
                o.insert("DefaultReturnUrl".into(), u.value.clone().into());
            }
            if let Some(cp) = &a.custom_parameters {
                let mut m = Map::default();
                for (k, v) in &cp.value {
                    m.insert(k.value.clone(), Value::Str(v.value.clone()));
                }
                o.insert("CustomParameters".into(), Value::Map(m));
            }
            credential_grants(
                grants,
                &[
                    "bedrock-agentcore:GetWorkloadAccessToken",
                    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
                    "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
                ],
                ("OAuth2Tokens", "bedrock-agentcore:GetResourceOauth2Token"),
                p,
                workload,
            );
            Some(Value::Map(map! {
                "CredentialProviderType" => "OAUTH",
                "CredentialProvider" => Value::Map(map! { "OauthCredentialProvider" => Value::Map(o) }),
            }))
        }
        AuthType::ApiKey => {
            let a = auth?;
            let p = providers.get(&a.credential_name.as_ref()?.value)?;
            debug_assert_eq!(p.kind, crate::project::catalog::CredentialType::ApiKey);
            let placement = a.api_key.as_ref();
            let mut k = map! {
                "ProviderArn" => p.arn.clone(),
                "CredentialLocation" => placement.and_then(|x| x.location.as_ref()).map(|l| l.value).unwrap_or("HEADER"),
                "CredentialParameterName" => placement.and_then(|x| x.parameter_name.as_ref()).map(|l| l.value.clone()).unwrap_or_else(|| "x-api-key".into()),
            };
            if let Some(prefix) = placement.and_then(|x| x.prefix.as_ref()) {
                k.insert("CredentialPrefix".into(), prefix.value.clone().into());
            }
            credential_grants(
                grants,
                &["bedrock-agentcore:GetWorkloadAccessToken"],
                ("ApiKeys", "bedrock-agentcore:GetResourceApiKey"),
                p,
                workload,
            );
            Some(Value::Map(map! {
                "CredentialProviderType" => "API_KEY",
                "CredentialProvider" => Value::Map(map! { "ApiKeyCredentialProvider" => Value::Map(k) }),
            }))
        }
        AuthType::JwtPassthrough => Some(bare("JWT_PASSTHROUGH")),
        AuthType::GatewayIamRole if t.target_type.value == TargetType::Passthrough => {
            let a = auth?;
            let service = a.service.as_ref()?.value.clone();
            let mut i = map! { "Service" => service };
            if let Some(r) = &a.region {
                i.insert("Region".into(), r.value.clone().into());
            }
            Some(Value::Map(map! {
                "CredentialProviderType" => "GATEWAY_IAM_ROLE",
                "CredentialProvider" => Value::Map(map! { "IamCredentialProvider" => Value::Map(i) }),
            }))
        }
        // A runtime-hosted MCP server is called with SigV4 (the API requires
        // an IamCredentialProvider for it; the CLI emits none and cannot call it).
        AuthType::None if runtime_hosted(t) => Some(Value::Map(map! {
            "CredentialProviderType" => "GATEWAY_IAM_ROLE",
            "CredentialProvider" => Value::Map(map! {
                "IamCredentialProvider" => Value::Map(map! { "Service" => "bedrock-agentcore" }),
            }),
        })),
        AuthType::None | AuthType::GatewayIamRole if iam_fallback => Some(bare("GATEWAY_IAM_ROLE")),
        AuthType::None | AuthType::GatewayIamRole => None,
    }
}

/// A local file, read at load time; a path load could not read was
/// reported there, and lowering never runs on an invalid project.
fn local_file<'p, T>(
    files: &'p std::collections::BTreeMap<String, T>,
    t: &Target,
    field: &str,
    rel: &crate::project::Spanned<String>,
    b: &mut Builder,
) -> Option<&'p T> {
    let file = files.get(&rel.value);
    if file.is_none() {
        b.diagnostics.push(
            Diagnostic::new(
                Code::Internal,
                format!("{}.{field}", t.path),
                format!(
                    "internal error: target \"{}\": {field} was not read at load time",
                    t.name.value
                ),
            )
            .at(rel.span),
        );
    }
    file
}

fn api_schema(
    project: &Project,
    t: &Target,
    source: &SchemaSource,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    match source {
        SchemaSource::S3 {
            uri, bucket_owner, ..
        } => {
            grants.add(
                "SchemaObjects",
                &["s3:GetObject"],
                [s3_object_arn(&uri.value)],
            );
            let mut s3 = map! { "Uri" => uri.value.clone() };
            if let Some(o) = bucket_owner {
                s3.insert("BucketOwnerAccountId".into(), o.value.clone().into());
            }
            Some(Value::Map(map! { "S3" => Value::Map(s3) }))
        }
        SchemaSource::Inline { path, .. } => {
            let files = &project.local_files.schemas;
            let text = local_file(files, t, "schemaSource.inline.path", path, b)?;
            Some(Value::Map(map! { "InlinePayload" => text.clone() }))
        }
    }
}

fn target_configuration(
    project: &Project,
    g: &Gateway,
    t: &Target,
    base: &str,
    providers: &Providers,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let uses_role = t
        .outbound_auth
        .as_ref()
        .is_none_or(|a| a.kind() == AuthType::None);
    match t.config() {
        TargetConfig::McpServer(e) => Some(mcp((
            "McpServer",
            Value::Map(map! { "Endpoint" => e.value.clone() }),
        ))),
        TargetConfig::OpenApiSchema(src) => Some(mcp((
            "OpenApiSchema",
            api_schema(project, t, src, grants, b)?,
        ))),
        TargetConfig::SmithyModel(src) => Some(mcp((
            "SmithyModel",
            api_schema(project, t, src, grants, b)?,
        ))),
        TargetConfig::ApiGateway(a) => api_gateway(a, uses_role, grants),
        TargetConfig::LambdaFunctionArn(l) => lambda_function_arn(project, t, l, grants, b),
        TargetConfig::HttpRuntime(h) => http_runtime(project, h, grants),
        TargetConfig::Connector(id, configurations) => {
            connector(project, id, configurations, grants)
        }
        TargetConfig::Passthrough(p) => passthrough(g, t, p, grants, b),
        // Validation rejects both before lowering runs; a target that gets
        // here anyway is an internal error, never a silent drop.
        TargetConfig::Compute(c) => match c.host.as_ref()? {
            Host::Lambda(l) => super::compute::lambda(project, t, l, base, grants, b),
            Host::Runtime(r) => super::compute::runtime(project, r, base, providers, grants, b),
        },
        TargetConfig::Missing => {
            b.diagnostics.push(
                Diagnostic::new(
                    Code::Internal,
                    t.path.clone(),
                    format!(
                        "internal error: target \"{}\" has no configuration to lower",
                        t.name.value
                    ),
                )
                .at(t.span),
            );
            None
        }
    }
}

fn runtime_hosted(t: &Target) -> bool {
    matches!(t.config(), TargetConfig::Compute(c) if matches!(c.host, Some(Host::Runtime(_))))
}

/// `{"Mcp": {<kind>: <config>}}`.
fn mcp(inner: (&str, Value)) -> Value {
    Value::Map(map! { "Mcp" => Value::Map(map! { inner.0 => inner.1 }) })
}

/// `{"Http": {<kind>: <config>}}`.
fn http(inner: (&str, Value)) -> Value {
    Value::Map(map! { "Http" => Value::Map(map! { inner.0 => inner.1 }) })
}

fn api_gateway(a: &ApiGatewayConfig, uses_role: bool, grants: &mut Grants) -> Option<Value> {
    let filters = a
        .filters
        .iter()
        .map(|(p, m)| {
            Value::Map(map! {
                "FilterPath" => p.value.clone(),
                "Methods" => Value::strs(m.iter().map(|x| x.value)),
            })
        })
        .collect();
    let mut tool = map! { "ToolFilters" => Value::List(filters) };
    if !a.overrides.is_empty() {
        let o = a.overrides.iter().map(|o| {
            let mut m = map! { "Name" => o.name.value.clone(), "Path" => o.path.value.clone(), "Method" => o.method.value };
            if let Some(d) = &o.description {
                m.insert("Description".into(), d.value.clone().into());
            }
            Value::Map(m)
        });
        tool.insert("ToolOverrides".into(), Value::List(o.collect()));
    }
    if uses_role {
        grants.add(
            "InvokeApis",
            &["execute-api:Invoke"],
            [arn(
                "execute-api",
                &format!("{}/{}/*", a.rest_api_id.value, a.stage.value),
            )],
        );
    }
    Some(mcp((
        "ApiGateway",
        Value::Map(map! {
            "RestApiId" => a.rest_api_id.value.clone(),
            "Stage" => a.stage.value.clone(),
            "ApiGatewayToolConfiguration" => Value::Map(tool),
        }),
    )))
}

fn lambda_function_arn(
    project: &Project,
    t: &Target,
    l: &LambdaArnConfig,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let schema = if l.tool_schema_file.value.starts_with("s3://") {
        grants.add(
            "SchemaObjects",
            &["s3:GetObject"],
            [s3_object_arn(&l.tool_schema_file.value)],
        );
        Value::Map(map! { "S3" => Value::Map(map! { "Uri" => l.tool_schema_file.value.clone() }) })
    } else {
        let files = &project.local_files.tools;
        let field = "lambdaFunctionArn.toolSchemaFile";
        let tools = local_file(files, t, field, &l.tool_schema_file, b)?;
        Value::Map(map! { "InlinePayload" => tools.clone() })
    };
    let mut resources = vec![Value::Str(l.lambda_arn.value.clone())];
    if l.lambda_arn.value.matches(':').count() == 6 {
        resources.push(Value::Str(format!("{}:*", l.lambda_arn.value)));
    }
    grants.add("InvokeFunctions", &["lambda:InvokeFunction"], resources);
    Some(mcp((
        "Lambda",
        Value::Map(map! { "LambdaArn" => l.lambda_arn.value.clone(), "ToolSchema" => schema }),
    )))
}

fn http_runtime(project: &Project, h: &HttpRuntimeConfig, grants: &mut Grants) -> Option<Value> {
    // A project runtime is this template's resource; validation has
    // checked that the name is one.
    let rid = super::runtime::id_of(project, &h.runtime.value)?;
    let rt_arn = Value::GetAtt(rid.clone(), "AgentRuntimeArn".into());
    let mut rt = map! { "Arn" => rt_arn.clone() };
    if let Some(e) = &h.runtime_endpoint {
        rt.insert("Qualifier".into(), e.value.clone().into());
    }
    // The endpoint the target calls: its qualifier, else DEFAULT.
    let qualifier = h
        .runtime_endpoint
        .as_ref()
        .map(|e| e.value.as_str())
        .unwrap_or("DEFAULT");
    grants.add(
        "InvokeRuntimes",
        &["bedrock-agentcore:InvokeAgentRuntime"],
        [
            rt_arn,
            sub(&format!(
                "${{{rid}.AgentRuntimeArn}}/runtime-endpoint/{qualifier}"
            )),
        ],
    );
    Some(http(("AgentcoreRuntime", Value::Map(rt))))
}

fn connector(
    project: &Project,
    id: Spanned<&'static str>,
    configurations: Option<&Spanned<Vec<ConnectorConfig>>>,
    grants: &mut Grants,
) -> Option<Value> {
    let id = id.value;
    let cfgs = configurations.map(|c| c.value.as_slice()).unwrap_or(&[]);
    let enabled: Vec<String> = if cfgs.is_empty() && id == "web-search" {
        vec!["WebSearch".into()]
    } else {
        cfgs.iter().map(|c| c.name.value.clone()).collect()
    };
    let mut c = map! { "Source" => Value::Map(map! { "ConnectorId" => id }) };
    if !enabled.is_empty() {
        c.insert("Enabled".into(), Value::strs(enabled));
    }
    if !cfgs.is_empty() {
        let list = cfgs.iter().map(|cfg| {
            let mut m = map! { "Name" => cfg.name.value.clone() };
            if let Some(d) = &cfg.description {
                m.insert("Description".into(), d.value.clone().into());
            }
            if let Some(pv) = &cfg.parameter_values {
                m.insert("ParameterValues".into(), kb_refs(project, node_value(pv)));
            }
            if !cfg.parameter_overrides.is_empty() {
                let po = cfg.parameter_overrides.iter().map(|o| {
                    let mut x = map! { "Path" => o.path.value.clone() };
                    if let Some(d) = &o.description {
                        x.insert("Description".into(), d.value.clone().into());
                    }
                    if let Some(v) = &o.visible {
                        x.insert("Visible".into(), v.value.into());
                    }
                    Value::Map(x)
                });
                m.insert("ParameterOverrides".into(), Value::List(po.collect()));
            }
            Value::Map(m)
        });
        c.insert("Configurations".into(), Value::List(list.collect()));
    }
    match id {
        "web-search" => grants.add(
            "WebSearch",
            &["bedrock-agentcore:InvokeWebSearch"],
            [sub(
                "arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:aws:tool/web-search.v1",
            )],
        ),
        _ => {
            let ids = knowledge_base_ids(cfgs);
            let kb_ids = super::knowledge_base::ids(project);
            let resources: Vec<Value> = if ids.is_empty() {
                vec![arn("bedrock", "knowledge-base/*")]
            } else {
                ids.iter()
                    .map(|k| {
                        match project
                            .knowledge_bases
                            .iter()
                            .position(|x| x.name.value == *k)
                        {
                            Some(i) => Value::GetAtt(kb_ids[i].clone(), "KnowledgeBaseArn".into()),
                            None => arn("bedrock", &format!("knowledge-base/{k}")),
                        }
                    })
                    .collect()
            };
            grants.add(
                "KnowledgeBases",
                &["bedrock:Retrieve", "bedrock:GetKnowledgeBase"],
                resources,
            );
        }
    }
    Some(mcp(("Connector", Value::Map(c))))
}

fn passthrough(
    g: &Gateway,
    t: &Target,
    p: &PassthroughConfig,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let mut m = map! {
        "Endpoint" => p.endpoint.value.clone(),
        "ProtocolType" => p.protocol_type.as_ref().map(|x| x.value).unwrap_or("CUSTOM"),
    };
    if let Some((id, timeout)) = &p.stickiness {
        let mut s = map! { "Identifier" => id.value.clone() };
        if let Some(tm) = timeout {
            s.insert("Timeout".into(), Value::Int(tm.value));
        }
        m.insert("StickinessConfiguration".into(), Value::Map(s));
    }
    if let Some(a) = t
        .outbound_auth
        .as_ref()
        .filter(|a| a.kind() == AuthType::GatewayIamRole)
    {
        sigv4_grant(g, t, a, &p.endpoint.value, grants, b);
    }
    Some(http(("Passthrough", Value::Map(m))))
}

/// `knowledgeBaseId` values that name a project knowledge base become a
/// `Ref` to it (its ID).
fn kb_refs(project: &Project, v: Value) -> Value {
    match v {
        Value::Map(m) => Value::Map(
            m.into_iter()
                .map(|(k, x)| {
                    let x = match (&*k, &x) {
                        ("knowledgeBaseId", Value::Str(s)) => {
                            match project
                                .knowledge_bases
                                .iter()
                                .position(|kb| kb.name.value == *s)
                            {
                                Some(i) => {
                                    Value::Ref(super::knowledge_base::ids(project)[i].clone())
                                }
                                None => x,
                            }
                        }
                        _ => kb_refs(project, x),
                    };
                    (k, x)
                })
                .collect(),
        ),
        Value::List(items) => Value::List(items.into_iter().map(|x| kb_refs(project, x)).collect()),
        other => other,
    }
}

fn knowledge_base_ids(cfgs: &[crate::project::gateway::ConnectorConfig]) -> Vec<String> {
    let mut ids = Vec::new();
    for c in cfgs {
        if let Some(pv) = &c.parameter_values {
            collect_kb_ids(pv, &mut ids);
        }
    }
    ids
}

fn collect_kb_ids(n: &Node, out: &mut Vec<String>) {
    match &n.kind {
        Kind::Object(entries) => {
            for e in entries {
                if e.key == "knowledgeBaseId" {
                    if let Some(s) = e.value.as_str() {
                        if !out.iter().any(|x| x == s) {
                            out.push(s.to_string());
                        }
                    }
                }
                collect_kb_ids(&e.value, out);
            }
        }
        Kind::Array(items) => items.iter().for_each(|i| collect_kb_ids(i, out)),
        _ => {}
    }
}
