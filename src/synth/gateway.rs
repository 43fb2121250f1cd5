//! Gateways (`AWS::BedrockAgentCore::Gateway`) and, unless an
//! `executionRoleArn` is given, their execution role with a policy that
//! grants exactly what the gateway's targets need ([`super::iam`]). Targets
//! are built in [`super::target`].

use super::iam::{agentcore_trust, arn, role_tags, sub, Grants};
use super::identity::Providers;
use super::naming::{bases, bases_by, pascal};
use super::Builder;
use crate::project::catalog::AuthorizerType;
use crate::project::gateway::{JwtAuthorizer, PrivateEndpoint};
use crate::project::merge_tags;
use crate::project::{Gateway, Project};
use crate::template::map;
use crate::template::{Map, Resource, Value};

pub const GATEWAY_TYPE: &str = crate::cfn::types::GATEWAY;

fn gateway_bases(project: &Project) -> Vec<String> {
    bases(
        project
            .gateways
            .iter()
            .map(|g| (g.name.value.as_str(), pascal(&g.name.value))),
    )
}

/// The logical ID of each gateway, in project order.
pub fn ids(project: &Project) -> Vec<String> {
    gateway_bases(project)
        .into_iter()
        .map(|b| format!("{b}Gateway"))
        .collect()
}

pub fn lower(project: &Project, providers: &Providers, b: &mut Builder) {
    let gw_bases = gateway_bases(project);
    // Target IDs are `<gateway base><target base>Target`: unique over all
    // gateways together (`a`/`b-c` and `a-b`/`c` both spell `ABC`).
    let keys: Vec<(String, &str, String)> = project
        .gateways
        .iter()
        .zip(&gw_bases)
        .flat_map(|(g, gb)| {
            g.targets.iter().map(move |t| {
                let name = t.name.value.as_str();
                (
                    format!("{}/{name}", g.name.value),
                    name,
                    format!("{gb}{}", pascal(name)),
                )
            })
        })
        .collect();
    let mut t_bases =
        bases_by(keys.iter().map(|(k, h, p)| (k.as_str(), *h, p.clone()))).into_iter();
    for (g, base) in project.gateways.iter().zip(&gw_bases) {
        let tb: Vec<String> = t_bases.by_ref().take(g.targets.len()).collect();
        gateway(project, g, base, &tb, providers, b);
    }
}

fn gateway(
    project: &Project,
    g: &Gateway,
    base: &str,
    t_bases: &[String],
    providers: &Providers,
    b: &mut Builder,
) {
    let gw_id = format!("{base}Gateway");
    let role_id = format!("{base}GatewayRole");
    let policy_id = format!("{base}GatewayPolicy");
    let name = g.resource_name(&project.name.value);
    let own_role = g.execution_role_arn.is_none();
    let role_arn = match &g.execution_role_arn {
        Some(a) => Value::Str(a.value.clone()),
        None => Value::GetAtt(role_id.clone(), "Arn".into()),
    };

    // The gateway.
    let mut props = map! {
        "Name" => name.clone(),
        "Description" => g.description.as_ref().map(|d| d.value.clone()).unwrap_or_else(|| format!("Gateway for {name}")),
        "AuthorizerType" => g.authorizer(),
    };
    if let (Some(j), AuthorizerType::CustomJwt) = (&g.jwt, g.authorizer()) {
        props.insert("AuthorizerConfiguration".into(), jwt_authorizer(j));
    }
    if g.is_mcp() {
        props.insert("ProtocolType".into(), "MCP".into());
        if g.enable_semantic_search.as_ref().is_none_or(|s| s.value) {
            props.insert(
                "ProtocolConfiguration".into(),
                Value::Map(map! { "Mcp" => Value::Map(map! { "SearchType" => "SEMANTIC" }) }),
            );
        }
    }
    if g.exception_level.as_ref().map(|e| e.value) == Some("DEBUG") {
        props.insert("ExceptionLevel".into(), "DEBUG".into());
    }
    // The project's engine (validation has checked it exists): the gateway
    // refers to it and waits for its policies.
    let engine = g
        .policy_engine
        .as_ref()
        .and_then(|pe| Some((pe, super::policy_engine::ids_of(project, &pe.name.value)?)));
    if let Some((pe, (engine_id, _))) = &engine {
        props.insert(
            "PolicyEngineConfiguration".into(),
            Value::Map(map! {
                "Arn" => Value::GetAtt(engine_id.clone(), "PolicyEngineArn".into()),
                "Mode" => pe.mode.value,
            }),
        );
    }
    props.insert("RoleArn".into(), role_arn);
    let tags = merge_tags(&project.tags, &g.tags);
    if !tags.is_empty() {
        let mut m = Map::default();
        for (k, v) in tags {
            m.insert(k, Value::Str(v));
        }
        props.insert("Tags".into(), Value::Map(m));
    }
    // `RoleArn` (a GetAtt of the role) already orders the role first.
    let mut gw = Resource::new(GATEWAY_TYPE, props);
    if let Some((_, (_, policies))) = &engine {
        gw.depends_on.extend(policies.iter().cloned());
    }
    b.resource(&gw_id, gw);

    // Targets, and what they need from IAM.
    let mut grants = Grants::default();
    let workload = vec![
        arn("bedrock-agentcore", "workload-identity-directory/default"),
        sub(&format!(
            "arn:${{AWS::Partition}}:bedrock-agentcore:${{AWS::Region}}:${{AWS::AccountId}}:workload-identity-directory/default/workload-identity/${{{gw_id}.GatewayIdentifier}}"
        )),
    ];
    for (t, tb) in g.targets.iter().zip(t_bases) {
        let tid = format!("{tb}Target");
        let Some(mut r) = super::target::target(
            project,
            g,
            t,
            (&gw_id, tb),
            providers,
            &mut grants,
            &workload,
            b,
        ) else {
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
        let mut role = map! {
            "AssumeRolePolicyDocument" => agentcore_trust(&format!("gateway/{lower}-*")),
            "Description" => format!("Execution role of AgentCore gateway {name}"),
        };
        if let Some(tags) = role_tags(project) {
            role.insert("Tags".into(), tags);
        }
        // Evaluating the engine is part of the role itself (not the
        // targets' policy): the gateway uses it from its creation on.
        if let Some((_, (engine_id, _))) = &engine {
            let mut g = Grants::default();
            g.add(
                "EvaluatePolicyEngine",
                &[
                    "bedrock-agentcore:GetPolicyEngine",
                    "bedrock-agentcore:AuthorizeAction",
                    "bedrock-agentcore:PartiallyAuthorizeActions",
                ],
                [
                    Value::GetAtt(engine_id.clone(), "PolicyEngineArn".into()),
                    arn("bedrock-agentcore", &format!("gateway/{lower}-*")),
                ],
            );
            role.insert(
                "Policies".into(),
                Value::List(vec![Value::Map(map! {
                    "PolicyName" => "PolicyEngineAccess",
                    "PolicyDocument" => g.document(),
                })]),
            );
        }
        b.resource(&role_id, Resource::new(crate::cfn::types::IAM_ROLE, role));
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
                crate::cfn::types::IAM_POLICY,
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
            format!("{what} of gateway {}", g.name.value),
            Value::GetAtt(gw_id.clone(), attr.into()),
            true,
        );
    }
}

/// `AuthorizerConfiguration` of a custom JWT authorizer (gateways and runtimes).
pub(super) fn jwt_authorizer(j: &JwtAuthorizer) -> Value {
    let mut c = map! { "DiscoveryUrl" => j.discovery_url.value.clone() };
    for (key, list) in [
        ("AllowedAudience", &j.allowed_audience),
        ("AllowedClients", &j.allowed_clients),
        ("AllowedScopes", &j.allowed_scopes),
    ] {
        if let Some(l) = list {
            c.insert(
                key.into(),
                Value::strs(l.value.iter().map(|s| s.value.clone())),
            );
        }
    }
    if let Some(claims) = &j.custom_claims {
        let list = claims.value.iter().map(|cl| {
            let value = match (&cl.match_string, &cl.match_list) {
                (Some(s), _) => map! { "MatchValueString" => s.value.clone() },
                (None, Some(l)) => map! { "MatchValueStringList" => Value::strs(l.value.iter().map(|s| s.value.clone())) },
                (None, None) => Map::default(),
            };
            Value::Map(map! {
                "InboundTokenClaimName" => cl.name.value.clone(),
                "InboundTokenClaimValueType" => cl.value_type.value,
                "AuthorizingClaimMatchValue" => Value::Map(map! {
                    "ClaimMatchOperator" => cl.operator.value,
                    "ClaimMatchValue" => Value::Map(value),
                }),
            })
        });
        c.insert("CustomClaims".into(), Value::List(list.collect()));
    }
    if let Some(pe) = &j.private_endpoint {
        c.insert("PrivateEndpoint".into(), private_endpoint(pe));
    }
    Value::Map(map! { "CustomJWTAuthorizer" => Value::Map(c) })
}

fn private_endpoint(pe: &PrivateEndpoint) -> Value {
    match pe {
        PrivateEndpoint::Lattice {
            resource_configuration_identifier: id,
            ..
        } => Value::Map(map! {
            "SelfManagedLatticeResource" => Value::Map(map! { "ResourceConfigurationIdentifier" => id.value.clone() }),
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
                "VpcIdentifier" => vpc_identifier.value.clone(),
                "SubnetIds" => Value::strs(subnet_ids.value.iter().map(|s| s.value.clone())),
                "EndpointIpAddressType" => endpoint_ip_address_type.value,
            };
            if let Some(s) = security_group_ids {
                m.insert(
                    "SecurityGroupIds".into(),
                    Value::strs(s.value.iter().map(|x| x.value.clone())),
                );
            }
            if let Some(r) = routing_domain {
                m.insert("RoutingDomain".into(), r.value.clone().into());
            }
            if !tags.is_empty() {
                let mut t = Map::default();
                for (k, v) in tags {
                    t.insert(k.value.clone(), Value::Str(v.value.clone()));
                }
                m.insert("Tags".into(), Value::Map(t));
            }
            Value::Map(map! { "ManagedVpcResource" => Value::Map(m) })
        }
        PrivateEndpoint::Invalid { .. } => Value::Null,
    }
}
