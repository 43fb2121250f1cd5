//! Decoding gateways and targets from the spanned JSON tree. Gateways,
//! targets, `outboundAuth` and their nested configurations are strict in the
//! AgentCore CLI (unknown keys are errors); connector configurations are not.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::project::read::{as_obj, items, Obj, Strictness};

pub fn decode_gateways(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Gateway> {
    items(arr, base)
        .filter_map(|(p, n)| decode_gateway(n, &p, d))
        .collect()
}

pub fn decode_targets(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Target> {
    items(arr, base)
        .filter_map(|(p, n)| decode_target(n, &p, d))
        .collect()
}

fn decode_gateway(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Gateway> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let resource_name = o.string("resourceName", d);
    let protocol_type = o.enumeration("protocolType", PROTOCOL_TYPES, d);
    let description = o.string("description", d);
    let targets = match o.get("targets") {
        None => {
            o.missing("targets", d);
            Vec::new()
        }
        Some(_) => {
            let base = o.path_of("targets");
            o.array("targets", d)
                .map(|a| decode_targets(a, &base, d))
                .unwrap_or_default()
        }
    };
    let authorizer_type = o.word::<AuthorizerType>("authorizerType", d);
    let mut authorizer_configuration = None;
    let jwt = o.object("authorizerConfiguration", d).and_then(|mut c| {
        authorizer_configuration = Some(c.span());
        let jwt = c
            .object("customJwtAuthorizer", d)
            .and_then(|j| decode_jwt(j, d));
        c.finish(Strictness::Lenient, d);
        jwt
    });
    let enable_semantic_search = o.bool("enableSemanticSearch", d);
    let exception_level = o.enumeration("exceptionLevel", EXCEPTION_LEVELS, d);
    let policy_engine = o.object("policyEngineConfiguration", d).and_then(|mut p| {
        let name = p.req_string("policyEngineName", d);
        let mode = if p.get("mode").is_some() {
            p.enumeration("mode", POLICY_MODES, d)
        } else {
            p.missing("mode", d);
            None
        };
        let span = p.span();
        p.finish(Strictness::Strict, d);
        Some(PolicyEngineRef {
            span,
            name: name?,
            mode: mode?,
        })
    });
    let execution_role_arn = o.string("executionRoleArn", d);
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let span = o.span();
    o.finish(Strictness::Strict, d);
    Some(Gateway {
        path: path.to_string(),
        span,
        name: name?,
        resource_name,
        protocol_type,
        description,
        targets,
        authorizer_type,
        authorizer_configuration,
        jwt,
        enable_semantic_search,
        exception_level,
        policy_engine,
        execution_role_arn,
        tags,
    })
}

pub(crate) fn decode_jwt(mut j: Obj<'_>, d: &mut Vec<Diagnostic>) -> Option<JwtAuthorizer> {
    let discovery_url = j.req_string("discoveryUrl", d);
    let allowed_audience = j.string_list("allowedAudience", d);
    let allowed_clients = j.string_list("allowedClients", d);
    let allowed_scopes = j.string_list("allowedScopes", d);
    let custom_claims = j.get("customClaims").and_then(|n| {
        let base = j.path_of("customClaims");
        let arr = j.array("customClaims", d)?;
        let claims = items(arr, &base)
            .filter_map(|(p, n)| decode_claim(n, &p, d))
            .collect();
        Some(Spanned::new(claims, n.span))
    });
    let private_endpoint = j
        .object("privateEndpoint", d)
        .map(|p| decode_private_endpoint(p, d));
    let private_endpoint_overrides = j.get("privateEndpointOverrides").map(|n| n.span);
    let span = j.span();
    let path = j.path.clone();
    j.finish(Strictness::Strict, d);
    Some(JwtAuthorizer {
        path,
        span,
        discovery_url: discovery_url?,
        allowed_audience,
        allowed_clients,
        allowed_scopes,
        custom_claims,
        private_endpoint,
        private_endpoint_overrides,
    })
}

fn decode_claim(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<CustomClaim> {
    let mut c = as_obj(node, path, d)?;
    let name = c.req_string("inboundTokenClaimName", d);
    let value_type = req_enum(&mut c, "inboundTokenClaimValueType", CLAIM_VALUE_TYPES, d);
    let mut operator = None;
    let mut match_string = None;
    let mut match_list = None;
    match c.get("authorizingClaimMatchValue") {
        None => c.missing("authorizingClaimMatchValue", d),
        Some(_) => {
            if let Some(mut m) = c.object("authorizingClaimMatchValue", d) {
                operator = req_enum(&mut m, "claimMatchOperator", CLAIM_OPERATORS, d);
                match m.get("claimMatchValue") {
                    None => m.missing("claimMatchValue", d),
                    Some(_) => {
                        if let Some(mut v) = m.object("claimMatchValue", d) {
                            match_string = v.string("matchValueString", d);
                            match_list = v.string_list("matchValueStringList", d);
                            v.finish(Strictness::Strict, d);
                        }
                    }
                }
                m.finish(Strictness::Strict, d);
            }
        }
    }
    let span = c.span();
    c.finish(Strictness::Strict, d);
    Some(CustomClaim {
        path: path.to_string(),
        span,
        name: name?,
        value_type: value_type?,
        operator: operator?,
        match_string,
        match_list,
    })
}

fn decode_private_endpoint(mut p: Obj<'_>, d: &mut Vec<Diagnostic>) -> PrivateEndpoint {
    let span = p.span();
    let lattice = p.object("selfManagedLatticeResource", d).and_then(|mut l| {
        let id = l.req_string("resourceConfigurationIdentifier", d);
        let span = l.span();
        l.finish(Strictness::Strict, d);
        Some(PrivateEndpoint::Lattice {
            span,
            resource_configuration_identifier: id?,
        })
    });
    let vpc = p.object("managedVpcResource", d).and_then(|mut v| {
        let vpc_identifier = v.req_string("vpcIdentifier", d);
        let subnet_ids = if v.get("subnetIds").is_some() {
            v.string_list("subnetIds", d)
        } else {
            v.missing("subnetIds", d);
            None
        };
        let ip = req_enum(&mut v, "endpointIpAddressType", IP_ADDRESS_TYPES, d);
        let sgs = v.string_list("securityGroupIds", d);
        let tags = v.string_map("tags", d).map(|t| t.value).unwrap_or_default();
        let routing_domain = v.string("routingDomain", d);
        let span = v.span();
        v.finish(Strictness::Strict, d);
        Some(PrivateEndpoint::ManagedVpc {
            span,
            vpc_identifier: vpc_identifier?,
            subnet_ids: subnet_ids?,
            endpoint_ip_address_type: ip?,
            security_group_ids: sgs,
            tags,
            routing_domain,
        })
    });
    let both_present = p.key_span("selfManagedLatticeResource").is_some()
        && p.key_span("managedVpcResource").is_some();
    p.finish(Strictness::Strict, d);
    match (lattice, vpc) {
        (Some(l), None) if !both_present => l,
        (None, Some(v)) if !both_present => v,
        _ => PrivateEndpoint::Invalid { span },
    }
}

fn req_enum(
    o: &mut Obj<'_>,
    key: &'static str,
    allowed: &[&'static str],
    d: &mut Vec<Diagnostic>,
) -> Option<Spanned<&'static str>> {
    if o.get(key).is_none() {
        o.missing(key, d);
        return None;
    }
    o.enumeration(key, allowed, d)
}

fn decode_target(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Target> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let target_type = if o.get("targetType").is_none() {
        o.missing("targetType", d);
        None
    } else {
        o.word::<TargetType>("targetType", d)
    };
    let description = o.string("description", d);
    let tool_definitions = o.get("toolDefinitions").and_then(|n| {
        let arr = o.array("toolDefinitions", d)?;
        Some(Spanned::new(arr.to_vec(), n.span))
    });
    let compute = o.object("compute", d).map(|c| super::compute::decode(c, d));
    let endpoint = o.string("endpoint", d);
    let outbound_auth = o.object("outboundAuth", d).map(|a| decode_auth(a, d));
    let api_gateway = o
        .object("apiGateway", d)
        .and_then(|a| decode_api_gateway(a, d));
    let schema_source = o.object("schemaSource", d).and_then(|mut s| {
        let span = s.span();
        let inline = s.object("inline", d).and_then(|mut i| {
            let p = i.req_string("path", d);
            let span = i.span();
            i.finish(Strictness::Strict, d);
            Some(SchemaSource::Inline { span, path: p? })
        });
        let s3 = s.object("s3", d).and_then(|mut i| {
            let uri = i.req_string("uri", d);
            let owner = i.string("bucketOwnerAccountId", d);
            let span = i.span();
            i.finish(Strictness::Strict, d);
            Some(SchemaSource::S3 {
                span,
                uri: uri?,
                bucket_owner: owner,
            })
        });
        let both = s.key_span("inline").is_some() && s.key_span("s3").is_some();
        if both || (s.key_span("inline").is_none() && s.key_span("s3").is_none()) {
            d.push(
                Diagnostic::new(
                    crate::diagnostics::Code::InvalidValue,
                    s.path.clone(),
                    "`schemaSource` must have exactly one of `inline` or `s3`",
                )
                .at(span),
            );
        }
        s.finish(Strictness::Strict, d);
        if both {
            None
        } else {
            inline.or(s3)
        }
    });
    let lambda_function_arn = o.object("lambdaFunctionArn", d).and_then(|mut l| {
        let arn = l.req_string("lambdaArn", d);
        let file = l.req_string("toolSchemaFile", d);
        let span = l.span();
        l.finish(Strictness::Strict, d);
        Some(LambdaArnConfig {
            span,
            lambda_arn: arn?,
            tool_schema_file: file?,
        })
    });
    let http_runtime = o.object("httpRuntime", d).and_then(|mut h| {
        let runtime = h.req_string("runtime", d);
        let ep = h.string("runtimeEndpoint", d);
        let span = h.span();
        h.finish(Strictness::Strict, d);
        Some(HttpRuntimeConfig {
            span,
            runtime: runtime?,
            runtime_endpoint: ep,
        })
    });
    let connector_id = o.enumeration("connectorId", CONNECTOR_IDS, d);
    let configurations = o.get("configurations").and_then(|n| {
        let base = o.path_of("configurations");
        let arr = o.array("configurations", d)?;
        let v = items(arr, &base)
            .filter_map(|(p, n)| decode_connector_config(n, &p, d))
            .collect();
        Some(Spanned::new(v, n.span))
    });
    let passthrough = o.object("passthrough", d).and_then(|mut p| {
        let endpoint = p.req_string("endpoint", d);
        let protocol_type = p.enumeration("protocolType", PASSTHROUGH_PROTOCOLS, d);
        let stickiness = p.object("stickinessConfiguration", d).and_then(|mut s| {
            let id = s.req_string("identifier", d);
            let timeout = s.integer("timeout", d);
            s.finish(Strictness::Strict, d);
            Some((id?, timeout))
        });
        let span = p.span();
        p.finish(Strictness::Strict, d);
        Some(PassthroughConfig {
            span,
            endpoint: endpoint?,
            protocol_type,
            stickiness,
        })
    });
    let span = o.span();
    o.finish(Strictness::Strict, d);
    Some(Target {
        path: path.to_string(),
        span,
        name: name?,
        target_type: target_type?,
        description,
        tool_definitions,
        compute,
        endpoint,
        outbound_auth,
        api_gateway,
        schema_source,
        lambda_function_arn,
        http_runtime,
        connector_id,
        configurations,
        passthrough,
    })
}

fn decode_auth(mut a: Obj<'_>, d: &mut Vec<Diagnostic>) -> OutboundAuth {
    let auth_type = a.word::<AuthType>("type", d);
    let credential_name = a.nonempty("credentialName", d);
    let scopes = a.string_list("scopes", d);
    let service = a.string("service", d);
    let region = a.string("region", d);
    let grant_type_given = a.key_span("grantType").is_some();
    let grant_type = a.word::<GrantType>("grantType", d);
    let default_return_url = a.string("defaultReturnUrl", d);
    let custom_parameters = a.string_map("customParameters", d);
    let api_key = a.object("apiKey", d).map(|mut k| {
        let location = k.enumeration("location", API_KEY_LOCATIONS, d);
        let parameter_name = k.string("parameterName", d);
        let prefix = k.string("prefix", d);
        let span = k.span();
        k.finish(Strictness::Strict, d);
        ApiKeyPlacement {
            span,
            location,
            parameter_name,
            prefix,
        }
    });
    let span = a.span();
    let path = a.path.clone();
    a.finish(Strictness::Strict, d);
    OutboundAuth {
        path,
        span,
        auth_type,
        credential_name,
        scopes,
        service,
        region,
        grant_type,
        grant_type_given,
        default_return_url,
        custom_parameters,
        api_key,
    }
}

fn decode_api_gateway(mut a: Obj<'_>, d: &mut Vec<Diagnostic>) -> Option<ApiGatewayConfig> {
    let rest_api_id = a.req_string("restApiId", d);
    let stage = a.req_string("stage", d);
    let mut filters = Vec::new();
    let mut overrides = Vec::new();
    match a.get("apiGatewayToolConfiguration") {
        None => a.missing("apiGatewayToolConfiguration", d),
        Some(_) => {
            if let Some(mut c) = a.object("apiGatewayToolConfiguration", d) {
                let fbase = c.path_of("toolFilters");
                match c.get("toolFilters") {
                    None => c.missing("toolFilters", d),
                    Some(_) => {
                        for (p, n) in c
                            .array("toolFilters", d)
                            .map(|a| items(a, &fbase))
                            .into_iter()
                            .flatten()
                        {
                            let Some(mut f) = as_obj(n, &p, d) else {
                                continue;
                            };
                            let fp = f.req_string("filterPath", d);
                            let methods = methods(&mut f, "methods", d);
                            f.finish(Strictness::Strict, d);
                            if let (Some(fp), Some(m)) = (fp, methods) {
                                filters.push((fp, m));
                            }
                        }
                    }
                }
                let obase = c.path_of("toolOverrides");
                for (p, n) in c
                    .array("toolOverrides", d)
                    .map(|a| items(a, &obase))
                    .into_iter()
                    .flatten()
                {
                    let Some(mut t) = as_obj(n, &p, d) else {
                        continue;
                    };
                    let name = t.req_string("name", d);
                    let path = t.req_string("path", d);
                    let method = req_enum(&mut t, "method", HTTP_METHODS, d);
                    let description = t.string("description", d);
                    t.finish(Strictness::Strict, d);
                    if let (Some(name), Some(path), Some(method)) = (name, path, method) {
                        overrides.push(ToolOverride {
                            name,
                            path,
                            method,
                            description,
                        });
                    }
                }
                c.finish(Strictness::Strict, d);
            }
        }
    }
    let span = a.span();
    a.finish(Strictness::Strict, d);
    Some(ApiGatewayConfig {
        span,
        rest_api_id: rest_api_id?,
        stage: stage?,
        filters,
        overrides,
    })
}

fn methods(
    o: &mut Obj<'_>,
    key: &'static str,
    d: &mut Vec<Diagnostic>,
) -> Option<Vec<Spanned<&'static str>>> {
    if o.get(key).is_none() {
        o.missing(key, d);
        return None;
    }
    let list = o.string_list(key, d)?;
    let base = o.path_of(key);
    let out: Vec<_> = list
        .value
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            crate::project::read::check_enum(
                m,
                &crate::project::read::index(&base, i),
                HTTP_METHODS,
                d,
            )
        })
        .collect();
    if out.is_empty() {
        d.push(crate::project::read::invalid(
            &base,
            list.span,
            "`methods` must list at least one HTTP method",
        ));
        return None;
    }
    Some(out)
}

fn decode_connector_config(
    node: &Node,
    path: &str,
    d: &mut Vec<Diagnostic>,
) -> Option<ConnectorConfig> {
    let mut c = as_obj(node, path, d)?;
    let name = c.req_string("name", d);
    let description = c.string("description", d);
    let parameter_values = c.get("parameterValues").cloned();
    let mut parameter_overrides = Vec::new();
    let base = c.path_of("parameterOverrides");
    for (p, n) in c
        .array("parameterOverrides", d)
        .map(|a| items(a, &base))
        .into_iter()
        .flatten()
    {
        let Some(mut po) = as_obj(n, &p, d) else {
            continue;
        };
        let path = po.req_string("path", d);
        let description = po.string("description", d);
        let visible = po.bool("visible", d);
        po.finish(Strictness::Lenient, d);
        if let Some(path) = path {
            parameter_overrides.push(ParameterOverride {
                path,
                description,
                visible,
            });
        }
    }
    c.finish(Strictness::Lenient, d);
    Some(ConnectorConfig {
        name: name?,
        description,
        parameter_values,
        parameter_overrides,
    })
}
