//! Gateways (`AWS::BedrockAgentCore::Gateway`), their targets
//! (`AWS::BedrockAgentCore::GatewayTarget`) and, unless an
//! `executionRoleArn` is given, an execution role with a policy that grants
//! exactly what the gateway's targets need. The grant type of an OAuth target
//! is always the one the file says.

use super::identity::{ProviderKind, Providers};
use super::naming::{bases, pascal};
use super::Builder;
use crate::diagnostics::{Code, Diagnostic};
use crate::map;
use crate::project::gateway::{PrivateEndpoint, SchemaSource};
use crate::project::json::{Kind, Node};
use crate::project::{Gateway, Project, Target};
use crate::template::{Map, Parameter, Resource, Value};
use crate::validate::merge_tags;

pub const GATEWAY_TYPE: &str = "AWS::BedrockAgentCore::Gateway";
pub const TARGET_TYPE: &str = "AWS::BedrockAgentCore::GatewayTarget";

/// Inline payloads larger than this are refused (the template limit is 1 MB).
pub const MAX_INLINE_BYTES: u64 = 500_000;

const POLICY_ENGINE_ARN_PATTERN: &str = r"^arn:aws:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:policy-engine\/[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9_]{10}$";
const RUNTIME_ARN_PATTERN: &str = r"^arn:aws(-[^:]+)?:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:runtime/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}$";

fn sub(s: &str) -> Value {
    Value::Sub(s.to_string())
}

fn arn(service: &str, rest: &str) -> Value {
    sub(&format!(
        "arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"
    ))
}

/// IAM statements collected for one gateway, merged by (Sid) in first-use order.
#[derive(Default)]
struct Grants {
    statements: Vec<(String, Vec<String>, Vec<Value>)>,
}

impl Grants {
    fn add(&mut self, sid: &str, actions: &[&str], resources: impl IntoIterator<Item = Value>) {
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

    fn document(&self) -> Value {
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

pub fn lower(project: &Project, providers: &Providers, b: &mut Builder) {
    let gw_bases = bases(
        project
            .gateways
            .iter()
            .map(|g| (g.name.v.as_str(), pascal(&g.name.v))),
    );
    for (g, base) in project.gateways.iter().zip(gw_bases) {
        gateway(project, g, &base, providers, b);
    }
}

fn gateway(project: &Project, g: &Gateway, base: &str, providers: &Providers, b: &mut Builder) {
    let gw_id = format!("{base}Gateway");
    let role_id = format!("{base}GatewayRole");
    let policy_id = format!("{base}GatewayPolicy");
    let name = crate::validate::gateway_resource_name(project, g);
    let own_role = g.execution_role_arn.is_none();
    let role_arn = match &g.execution_role_arn {
        Some(a) => Value::Str(a.v.clone()),
        None => Value::GetAtt(role_id.clone(), "Arn".into()),
    };

    // The gateway.
    let mut props = map! {
        "Name" => name.clone(),
        "Description" => g.description.as_ref().map(|d| d.v.clone()).unwrap_or_else(|| format!("Gateway for {name}")),
        "AuthorizerType" => g.authorizer(),
    };
    if let (Some(j), "CUSTOM_JWT") = (&g.jwt, g.authorizer()) {
        let mut c = map! { "DiscoveryUrl" => j.discovery_url.v.clone() };
        for (key, list) in [
            ("AllowedAudience", &j.allowed_audience),
            ("AllowedClients", &j.allowed_clients),
            ("AllowedScopes", &j.allowed_scopes),
        ] {
            if let Some(l) = list {
                c.insert(key.into(), Value::strs(l.v.iter().map(|s| s.v.clone())));
            }
        }
        if let Some(claims) = &j.custom_claims {
            let list = claims.v.iter().map(|cl| {
                let value = match (&cl.match_string, &cl.match_list) {
                    (Some(s), _) => map! { "MatchValueString" => s.v.clone() },
                    (None, Some(l)) => map! { "MatchValueStringList" => Value::strs(l.v.iter().map(|s| s.v.clone())) },
                    (None, None) => Map::new(),
                };
                Value::Map(map! {
                    "InboundTokenClaimName" => cl.name.v.clone(),
                    "InboundTokenClaimValueType" => cl.value_type.v,
                    "AuthorizingClaimMatchValue" => Value::Map(map! {
                        "ClaimMatchOperator" => cl.operator.v,
                        "ClaimMatchValue" => Value::Map(value),
                    }),
                })
            });
            c.insert("CustomClaims".into(), Value::List(list.collect()));
        }
        if let Some(pe) = &j.private_endpoint {
            c.insert("PrivateEndpoint".into(), private_endpoint(pe));
        }
        props.insert(
            "AuthorizerConfiguration".into(),
            Value::Map(map! { "CustomJWTAuthorizer" => Value::Map(c) }),
        );
    }
    if g.is_mcp() {
        props.insert("ProtocolType".into(), "MCP".into());
        if g.enable_semantic_search.as_ref().is_none_or(|s| s.v) {
            props.insert(
                "ProtocolConfiguration".into(),
                Value::Map(map! { "Mcp" => Value::Map(map! { "SearchType" => "SEMANTIC" }) }),
            );
        }
    }
    if g.exception_level.as_ref().map(|e| e.v) == Some("DEBUG") {
        props.insert("ExceptionLevel".into(), "DEBUG".into());
    }
    if let Some(pe) = &g.policy_engine {
        let pid = format!("{}PolicyEngineArn", pascal(&pe.name.v));
        let arn = if b.template.parameters.contains_key(&pid) {
            Value::Ref(pid)
        } else {
            b.parameter(
                &pid,
                Parameter::string(format!(
                    "ARN of policy engine {} (policy engines are not synthesized by agentcore-synth)",
                    pe.name.v
                ))
                .pattern(POLICY_ENGINE_ARN_PATTERN, "must be a policy engine ARN"),
            )
        };
        props.insert(
            "PolicyEngineConfiguration".into(),
            Value::Map(map! { "Arn" => arn, "Mode" => pe.mode.v }),
        );
    }
    props.insert("RoleArn".into(), role_arn);
    let tags = merge_tags(
        &project.tags,
        &g.tags,
        &format!("{}.tags", g.path),
        &mut b.diagnostics,
    );
    if !tags.is_empty() {
        let mut m = Map::new();
        for (k, v) in tags {
            m.insert(k, Value::Str(v));
        }
        props.insert("Tags".into(), Value::Map(m));
    }
    // `RoleArn` (a GetAtt of the role) already orders the role first.
    b.resource(&gw_id, Resource::new(GATEWAY_TYPE, props));

    // Targets, and what they need from IAM.
    let mut grants = Grants::default();
    let t_bases = bases(
        g.targets
            .iter()
            .map(|t| (t.name.v.as_str(), pascal(&t.name.v))),
    );
    let workload = vec![
        arn("bedrock-agentcore", "workload-identity-directory/default"),
        sub(&format!(
            "arn:${{AWS::Partition}}:bedrock-agentcore:${{AWS::Region}}:${{AWS::AccountId}}:workload-identity-directory/default/workload-identity/${{{gw_id}.GatewayIdentifier}}"
        )),
    ];
    for (t, tb) in g.targets.iter().zip(t_bases) {
        let tid = format!("{base}{tb}Target");
        let Some(mut r) = target(project, g, t, &gw_id, providers, &mut grants, &workload, b)
        else {
            continue;
        };
        if own_role {
            r.depends_on.push(policy_id.clone());
        }
        b.resource(&tid, r);
    }

    // The execution role: trusts AgentCore for this account and this
    // gateway's name only.
    if own_role {
        let lower = name.to_ascii_lowercase();
        let trust = map! {
            "Version" => "2012-10-17",
            "Statement" => Value::List(vec![Value::Map(map! {
                "Effect" => "Allow",
                "Principal" => Value::Map(map! { "Service" => "bedrock-agentcore.amazonaws.com" }),
                "Action" => "sts:AssumeRole",
                "Condition" => Value::Map(map! {
                    "StringEquals" => Value::Map(map! { "aws:SourceAccount" => Value::Ref("AWS::AccountId".into()) }),
                    "ArnLike" => Value::Map(map! { "aws:SourceArn" => arn("bedrock-agentcore", &format!("gateway/{lower}-*")) }),
                }),
            })]),
        };
        let mut role = map! {
            "AssumeRolePolicyDocument" => Value::Map(trust),
            "Description" => format!("Execution role of AgentCore gateway {name}"),
        };
        let role_tags: Vec<Value> = project
            .tags
            .iter()
            .map(|(k, v)| Value::Map(map! { "Key" => k.v.clone(), "Value" => v.v.clone() }))
            .collect();
        if !role_tags.is_empty() {
            role.insert("Tags".into(), Value::List(role_tags));
        }
        b.resource(&role_id, Resource::new("AWS::IAM::Role", role));
        // An empty policy is invalid; a gateway whose targets need nothing
        // still reads its own workload identity.
        if grants.statements.is_empty() {
            grants.add(
                "WorkloadIdentity",
                &["bedrock-agentcore:GetWorkloadAccessToken"],
                workload.clone(),
            );
        }
        b.resource(
            &policy_id,
            Resource::new(
                "AWS::IAM::Policy",
                map! {
                    "PolicyName" => format!("{base}GatewayTargets"),
                    "PolicyDocument" => grants.document(),
                    "Roles" => Value::List(vec![Value::Ref(role_id.clone())]),
                },
            ),
        );
    }

    for (suffix, attr, what) in [
        ("Id", "GatewayIdentifier", "ID"),
        ("Arn", "GatewayArn", "ARN"),
        ("Url", "GatewayUrl", "URL"),
    ] {
        b.output(
            &format!("{base}Gateway{suffix}"),
            format!("{what} of gateway {}", g.name.v),
            Value::GetAtt(gw_id.clone(), attr.into()),
            true,
        );
    }
}

fn private_endpoint(pe: &PrivateEndpoint) -> Value {
    match pe {
        PrivateEndpoint::Lattice {
            resource_configuration_identifier: id,
            ..
        } => Value::Map(map! {
            "SelfManagedLatticeResource" => Value::Map(map! { "ResourceConfigurationIdentifier" => id.v.clone() }),
        }),
        PrivateEndpoint::ManagedVpc {
            vpc_identifier,
            subnet_ids,
            endpoint_ip_address_type,
            security_group_ids,
            tags,
            routing_domain,
            ..
        } => {
            let mut m = map! {
                "VpcIdentifier" => vpc_identifier.v.clone(),
                "SubnetIds" => Value::strs(subnet_ids.v.iter().map(|s| s.v.clone())),
                "EndpointIpAddressType" => endpoint_ip_address_type.v,
            };
            if let Some(s) = security_group_ids {
                m.insert(
                    "SecurityGroupIds".into(),
                    Value::strs(s.v.iter().map(|x| x.v.clone())),
                );
            }
            if let Some(r) = routing_domain {
                m.insert("RoutingDomain".into(), r.v.clone().into());
            }
            if !tags.is_empty() {
                let mut t = Map::new();
                for (k, v) in tags {
                    t.insert(k.v.clone(), Value::Str(v.v.clone()));
                }
                m.insert("Tags".into(), Value::Map(t));
            }
            Value::Map(map! { "ManagedVpcResource" => Value::Map(m) })
        }
        PrivateEndpoint::Invalid { .. } => Value::Null,
    }
}

fn default_description(t: &Target) -> String {
    let kind = match t.target_type.v {
        "mcpServer" => "External MCP server",
        "openApiSchema" => "OpenAPI target",
        "smithyModel" => "Smithy model target",
        "apiGateway" => "API Gateway target",
        "lambdaFunctionArn" => "Lambda function target",
        "httpRuntime" => "HTTP runtime target",
        "connector" => "Connector target",
        "passthrough" => "Passthrough target",
        other => other,
    };
    format!("{kind}: {}", t.name.v)
}

#[allow(clippy::too_many_arguments)]
fn target(
    project: &Project,
    g: &Gateway,
    t: &Target,
    gw_id: &str,
    providers: &Providers,
    grants: &mut Grants,
    workload: &[Value],
    b: &mut Builder,
) -> Option<Resource> {
    let config = target_configuration(project, g, t, grants, b)?;
    let mut props = map! {
        "GatewayIdentifier" => Value::Ref(gw_id.to_string()),
        "Name" => t.name.v.clone(),
        "Description" => t.description.as_ref().map(|d| d.v.clone()).unwrap_or_else(|| default_description(t)),
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
    let (_, _, iam_fallback) = crate::validate::auth_table(t.target_type.v);
    let auth = t.outbound_auth.as_ref();
    let kind = auth.map(|a| a.kind()).unwrap_or("NONE");
    let bare = |ty: &str| Value::Map(map! { "CredentialProviderType" => ty });
    match kind {
        "OAUTH" => {
            let a = auth?;
            let p = providers.get(&a.credential_name.as_ref()?.v)?;
            let mut o = map! {
                "ProviderArn" => p.arn.clone(),
                "Scopes" => Value::strs(a.scopes.as_ref().map(|s| s.v.iter().map(|x| x.v.clone()).collect()).unwrap_or_else(Vec::<String>::new)),
                "GrantType" => a.grant_type.as_ref().map(|g| g.v).unwrap_or("CLIENT_CREDENTIALS"),
            };
            if let Some(u) = &a.default_return_url {
                o.insert("DefaultReturnUrl".into(), u.v.clone().into());
            }
            if let Some(cp) = &a.custom_parameters {
                let mut m = Map::new();
                for (k, v) in &cp.v {
                    m.insert(k.v.clone(), Value::Str(v.v.clone()));
                }
                o.insert("CustomParameters".into(), Value::Map(m));
            }
            grants.add(
                "WorkloadAccessToken",
                &[
                    "bedrock-agentcore:GetWorkloadAccessToken",
                    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
                    "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
                ],
                workload.iter().cloned(),
            );
            grants.add(
                "OAuth2Tokens",
                &["bedrock-agentcore:GetResourceOauth2Token"],
                [
                    arn("bedrock-agentcore", "token-vault/default"),
                    p.arn.clone(),
                ]
                .into_iter()
                .chain(workload.iter().cloned()),
            );
            if !p.secret_arns.is_empty() {
                grants.add(
                    "CredentialSecrets",
                    &["secretsmanager:GetSecretValue"],
                    p.secret_arns.iter().cloned(),
                );
            }
            Some(Value::Map(map! {
                "CredentialProviderType" => "OAUTH",
                "CredentialProvider" => Value::Map(map! { "OauthCredentialProvider" => Value::Map(o) }),
            }))
        }
        "API_KEY" => {
            let a = auth?;
            let p = providers.get(&a.credential_name.as_ref()?.v)?;
            debug_assert_eq!(p.kind, ProviderKind::ApiKey);
            let placement = a.api_key.as_ref();
            let mut k = map! {
                "ProviderArn" => p.arn.clone(),
                "CredentialLocation" => placement.and_then(|x| x.location.as_ref()).map(|l| l.v).unwrap_or("HEADER"),
                "CredentialParameterName" => placement.and_then(|x| x.parameter_name.as_ref()).map(|l| l.v.clone()).unwrap_or_else(|| "x-api-key".into()),
            };
            if let Some(prefix) = placement.and_then(|x| x.prefix.as_ref()) {
                k.insert("CredentialPrefix".into(), prefix.v.clone().into());
            }
            grants.add(
                "WorkloadAccessToken",
                &["bedrock-agentcore:GetWorkloadAccessToken"],
                workload.iter().cloned(),
            );
            grants.add(
                "ApiKeys",
                &["bedrock-agentcore:GetResourceApiKey"],
                [
                    arn("bedrock-agentcore", "token-vault/default"),
                    p.arn.clone(),
                ]
                .into_iter()
                .chain(workload.iter().cloned()),
            );
            if !p.secret_arns.is_empty() {
                grants.add(
                    "CredentialSecrets",
                    &["secretsmanager:GetSecretValue"],
                    p.secret_arns.iter().cloned(),
                );
            }
            Some(Value::Map(map! {
                "CredentialProviderType" => "API_KEY",
                "CredentialProvider" => Value::Map(map! { "ApiKeyCredentialProvider" => Value::Map(k) }),
            }))
        }
        "JWT_PASSTHROUGH" => Some(bare("JWT_PASSTHROUGH")),
        "GATEWAY_IAM_ROLE" if t.target_type.v == "passthrough" => {
            let a = auth?;
            let service = a.service.as_ref()?.v.clone();
            let mut i = map! { "Service" => service };
            if let Some(r) = &a.region {
                i.insert("Region".into(), r.v.clone().into());
            }
            Some(Value::Map(map! {
                "CredentialProviderType" => "GATEWAY_IAM_ROLE",
                "CredentialProvider" => Value::Map(map! { "IamCredentialProvider" => Value::Map(i) }),
            }))
        }
        _ if iam_fallback => Some(bare("GATEWAY_IAM_ROLE")),
        _ => None,
    }
}

fn s3_object_arn(uri: &str) -> Value {
    let rest = uri.trim_start_matches("s3://");
    Value::Sub(format!("arn:${{AWS::Partition}}:s3:::{rest}"))
}

fn read_local(
    project: &Project,
    t: &Target,
    field: &str,
    rel: &crate::project::S<String>,
    b: &mut Builder,
) -> Option<String> {
    let path = project.root.join(&rel.v);
    let fail = |b: &mut Builder, msg: String| {
        b.diagnostics.push(
            Diagnostic::new(Code::LocalFile, format!("{}.{field}", t.path), msg)
                .at(rel.span)
                .help("paths are relative to the project root (the directory that contains agentcore/)"),
        );
        None
    };
    match std::fs::metadata(&path) {
        Err(e) => fail(b, format!("target \"{}\": cannot read {}: {e}", t.name.v, path.display())),
        Ok(m) if m.len() > MAX_INLINE_BYTES => fail(
            b,
            format!(
                "target \"{}\": {} is {} bytes; inline schemas may be at most {MAX_INLINE_BYTES} bytes (upload it to S3 and use schemaSource.s3)",
                t.name.v,
                path.display(),
                m.len()
            ),
        ),
        Ok(_) => match std::fs::read_to_string(&path) {
            Ok(s) => Some(s),
            Err(e) => fail(b, format!("target \"{}\": cannot read {}: {e}", t.name.v, path.display())),
        },
    }
}

fn api_schema(
    project: &Project,
    t: &Target,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    match t.schema_source.as_ref()? {
        SchemaSource::S3 {
            uri, bucket_owner, ..
        } => {
            grants.add("SchemaObjects", &["s3:GetObject"], [s3_object_arn(&uri.v)]);
            let mut s3 = map! { "Uri" => uri.v.clone() };
            if let Some(o) = bucket_owner {
                s3.insert("BucketOwnerAccountId".into(), o.v.clone().into());
            }
            Some(Value::Map(map! { "S3" => Value::Map(s3) }))
        }
        SchemaSource::Inline { path, .. } => {
            let text = read_local(project, t, "schemaSource.inline.path", path, b)?;
            Some(Value::Map(map! { "InlinePayload" => text }))
        }
    }
}

fn target_configuration(
    project: &Project,
    g: &Gateway,
    t: &Target,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let mcp = |inner: (&str, Value)| {
        Value::Map(map! { "Mcp" => Value::Map(map! { inner.0 => inner.1 }) })
    };
    let http = |inner: (&str, Value)| {
        Value::Map(map! { "Http" => Value::Map(map! { inner.0 => inner.1 }) })
    };
    let uses_role = t.outbound_auth.as_ref().is_none_or(|a| a.kind() == "NONE");
    match t.target_type.v {
        "mcpServer" => {
            let e = t.endpoint.as_ref()?;
            Some(mcp((
                "McpServer",
                Value::Map(map! { "Endpoint" => e.v.clone() }),
            )))
        }
        "openApiSchema" => Some(mcp(("OpenApiSchema", api_schema(project, t, grants, b)?))),
        "smithyModel" => Some(mcp(("SmithyModel", api_schema(project, t, grants, b)?))),
        "apiGateway" => {
            let a = t.api_gateway.as_ref()?;
            let filters = a
                .filters
                .iter()
                .map(|(p, m)| {
                    Value::Map(map! {
                        "FilterPath" => p.v.clone(),
                        "Methods" => Value::strs(m.iter().map(|x| x.v)),
                    })
                })
                .collect();
            let mut tool = map! { "ToolFilters" => Value::List(filters) };
            if !a.overrides.is_empty() {
                let o = a.overrides.iter().map(|o| {
                    let mut m = map! { "Name" => o.name.v.clone(), "Path" => o.path.v.clone(), "Method" => o.method.v };
                    if let Some(d) = &o.description {
                        m.insert("Description".into(), d.v.clone().into());
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
                        &format!("{}/{}/*", a.rest_api_id.v, a.stage.v),
                    )],
                );
            }
            Some(mcp((
                "ApiGateway",
                Value::Map(map! {
                    "RestApiId" => a.rest_api_id.v.clone(),
                    "Stage" => a.stage.v.clone(),
                    "ApiGatewayToolConfiguration" => Value::Map(tool),
                }),
            )))
        }
        "lambdaFunctionArn" => {
            let l = t.lambda_function_arn.as_ref()?;
            let schema = if l.tool_schema_file.v.starts_with("s3://") {
                grants.add(
                    "SchemaObjects",
                    &["s3:GetObject"],
                    [s3_object_arn(&l.tool_schema_file.v)],
                );
                Value::Map(
                    map! { "S3" => Value::Map(map! { "Uri" => l.tool_schema_file.v.clone() }) },
                )
            } else {
                let text = read_local(
                    project,
                    t,
                    "lambdaFunctionArn.toolSchemaFile",
                    &l.tool_schema_file,
                    b,
                )?;
                let tools = tool_definitions(t, &text, b)?;
                Value::Map(map! { "InlinePayload" => tools })
            };
            let mut resources = vec![Value::Str(l.lambda_arn.v.clone())];
            if l.lambda_arn.v.matches(':').count() == 6 {
                resources.push(Value::Str(format!("{}:*", l.lambda_arn.v)));
            }
            grants.add("InvokeFunctions", &["lambda:InvokeFunction"], resources);
            Some(mcp((
                "Lambda",
                Value::Map(map! { "LambdaArn" => l.lambda_arn.v.clone(), "ToolSchema" => schema }),
            )))
        }
        "httpRuntime" => {
            let h = t.http_runtime.as_ref()?;
            let pid = format!("{}RuntimeArn", pascal(&h.runtime.v));
            let rt_arn = if b.template.parameters.contains_key(&pid) {
                Value::Ref(pid.clone())
            } else {
                b.parameter(
                    &pid,
                    Parameter::string(format!(
                        "ARN of AgentCore runtime {} (runtimes are not synthesized by agentcore-synth)",
                        h.runtime.v
                    ))
                    .pattern(RUNTIME_ARN_PATTERN, "must be an AgentCore runtime ARN"),
                )
            };
            let mut rt = map! { "Arn" => rt_arn };
            if let Some(e) = &h.runtime_endpoint {
                rt.insert("Qualifier".into(), e.v.clone().into());
            }
            grants.add(
                "InvokeRuntimes",
                &["bedrock-agentcore:InvokeAgentRuntime"],
                [
                    Value::Ref(pid.clone()),
                    sub(&format!("${{{pid}}}/runtime-endpoint/*")),
                ],
            );
            Some(http(("AgentcoreRuntime", Value::Map(rt))))
        }
        "connector" => {
            let id = t.connector_id.as_ref()?.v;
            let cfgs = t
                .configurations
                .as_ref()
                .map(|c| c.v.as_slice())
                .unwrap_or(&[]);
            let enabled: Vec<String> = if cfgs.is_empty() && id == "web-search" {
                vec!["WebSearch".into()]
            } else {
                cfgs.iter().map(|c| c.name.v.clone()).collect()
            };
            let mut c = map! { "Source" => Value::Map(map! { "ConnectorId" => id }) };
            if !enabled.is_empty() {
                c.insert("Enabled".into(), Value::strs(enabled));
            }
            if !cfgs.is_empty() {
                let list = cfgs.iter().map(|cfg| {
                    let mut m = map! { "Name" => cfg.name.v.clone() };
                    if let Some(d) = &cfg.description {
                        m.insert("Description".into(), d.v.clone().into());
                    }
                    if let Some(pv) = &cfg.parameter_values {
                        m.insert("ParameterValues".into(), node_value(pv));
                    }
                    if !cfg.parameter_overrides.is_empty() {
                        let po = cfg.parameter_overrides.iter().map(|o| {
                            let mut x = map! { "Path" => o.path.v.clone() };
                            if let Some(d) = &o.description {
                                x.insert("Description".into(), d.v.clone().into());
                            }
                            if let Some(v) = &o.visible {
                                x.insert("Visible".into(), v.v.into());
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
                    [sub("arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:aws:tool/web-search.v1")],
                ),
                _ => {
                    let ids = knowledge_base_ids(cfgs);
                    let resources: Vec<Value> = if ids.is_empty() {
                        vec![arn("bedrock", "knowledge-base/*")]
                    } else {
                        ids.iter().map(|k| arn("bedrock", &format!("knowledge-base/{k}"))).collect()
                    };
                    grants.add("KnowledgeBases", &["bedrock:Retrieve", "bedrock:GetKnowledgeBase"], resources);
                }
            }
            Some(mcp(("Connector", Value::Map(c))))
        }
        "passthrough" => {
            let p = t.passthrough.as_ref()?;
            let mut m = map! {
                "Endpoint" => p.endpoint.v.clone(),
                "ProtocolType" => p.protocol_type.as_ref().map(|x| x.v).unwrap_or("CUSTOM"),
            };
            if let Some((id, timeout)) = &p.stickiness {
                let mut s = map! { "Identifier" => id.v.clone() };
                if let Some(tm) = timeout {
                    s.insert("Timeout".into(), Value::Int(tm.v));
                }
                m.insert("StickinessConfiguration".into(), Value::Map(s));
            }
            if let Some(a) = t
                .outbound_auth
                .as_ref()
                .filter(|a| a.kind() == "GATEWAY_IAM_ROLE")
            {
                sigv4_grant(g, t, a, &p.endpoint.v, grants, b);
            }
            Some(http(("Passthrough", Value::Map(m))))
        }
        _ => None, // `lambda` targets need compute: reported by validation
    }
}

/// What the gateway role needs to sign requests for a passthrough target.
fn sigv4_grant(
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
    match service.v.as_str() {
        "execute-api" if labels.len() >= 4 && labels[1] == "execute-api" => {
            let api = labels[0];
            let region = a.region.as_ref().map(|r| r.v.as_str()).unwrap_or(labels[2]);
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
                        g.name.v, t.name.v
                    ),
                )
                .at(service.span)
                .help("give the gateway an `executionRoleArn` whose policy allows the calls, or add them to the generated role after deployment"),
            );
        }
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

/// Any JSON value from the input, verbatim.
pub fn node_value(n: &Node) -> Value {
    match &n.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(t) => Value::Number(t.clone()),
        Kind::String(s) => Value::Str(s.clone()),
        Kind::Array(items) => Value::List(items.iter().map(node_value).collect()),
        Kind::Object(entries) => {
            let mut m = Map::new();
            for e in entries {
                m.insert(e.key.clone(), node_value(&e.value));
            }
            Value::Map(m)
        }
    }
}

/// A tool schema file (`[{name, description, inputSchema, outputSchema?}]`)
/// as CloudFormation `ToolDefinition`s.
fn tool_definitions(t: &Target, text: &str, b: &mut Builder) -> Option<Value> {
    let mut warnings = Vec::new();
    let fail = |b: &mut Builder, msg: String| {
        b.diagnostics.push(
            Diagnostic::new(
                Code::LocalFile,
                format!("{}.lambdaFunctionArn.toolSchemaFile", t.path),
                msg,
            )
            .at_opt(
                t.lambda_function_arn
                    .as_ref()
                    .map(|l| l.tool_schema_file.span),
            ),
        );
        None
    };
    let root = match crate::project::json::parse(text, &mut warnings) {
        Ok(n) => n,
        Err(e) => {
            return fail(
                b,
                format!(
                    "target \"{}\": the tool schema file is not valid JSON: {}",
                    t.name.v, e.message
                ),
            )
        }
    };
    let Some(items) = root.as_array() else {
        return fail(
            b,
            format!(
                "target \"{}\": the tool schema file must be a JSON array of tool definitions",
                t.name.v
            ),
        );
    };
    let mut tools = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (Some(name), Some(desc), Some(input)) = (
            item.get("name").and_then(Node::as_str),
            item.get("description").and_then(Node::as_str),
            item.get("inputSchema"),
        ) else {
            return fail(
                b,
                format!("target \"{}\": tool {i} of the tool schema file needs `name`, `description` and `inputSchema`", t.name.v),
            );
        };
        let mut m = map! { "Name" => name, "Description" => desc, "InputSchema" => schema_definition(input) };
        if let Some(o) = item.get("outputSchema") {
            m.insert("OutputSchema".into(), schema_definition(o));
        }
        tools.push(Value::Map(m));
    }
    Some(Value::List(tools))
}

/// JSON-Schema-ish `{type, description, properties, required, items}` in
/// CloudFormation's PascalCase `SchemaDefinition`.
fn schema_definition(n: &Node) -> Value {
    let mut m = Map::new();
    if let Some(t) = n.get("type") {
        m.insert("Type".into(), node_value(t));
    }
    if let Some(d) = n.get("description") {
        m.insert("Description".into(), node_value(d));
    }
    if let Some(Kind::Object(props)) = n.get("properties").map(|p| &p.kind) {
        let mut pm = Map::new();
        for e in props {
            pm.insert(e.key.clone(), schema_definition(&e.value));
        }
        m.insert("Properties".into(), Value::Map(pm));
    }
    if let Some(r) = n.get("required") {
        m.insert("Required".into(), node_value(r));
    }
    if let Some(i) = n.get("items") {
        m.insert("Items".into(), schema_definition(i));
    }
    Value::Map(m)
}
