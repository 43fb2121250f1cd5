//! Gateway and target rules: the AgentCore CLI's (names, per-type required
//! and forbidden fields, the per-type outbound-auth table, JWT authorizer)
//! with their exact messages, plus this compiler's cross-checks between
//! targets, credentials and grant types.

use super::{invalid, is_url, unique};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity, Span};
use crate::project::credential::CredentialKind;
use crate::project::gateway::{JwtAuthorizer, PrivateEndpoint, SchemaSource};
use crate::project::{Gateway, OutboundAuth, Project, Target};
use crate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .gateways
            .iter()
            .map(|g| (&g.name, format!("{}.name", g.path))),
        |n| format!("Duplicate gateway name: {n}"),
        d,
    );
    for g in &project.gateways {
        gateway(project, g, d);
        unique(
            g.targets
                .iter()
                .map(|t| (&t.name, format!("{}.name", t.path))),
            |n| format!("Duplicate target name \"{n}\" in gateway \"{}\"", g.name.v),
            d,
        );
        for t in &g.targets {
            target(project, t, d);
            deployed_target(project, g, t, d);
        }
    }
    unique(
        project
            .unassigned_targets
            .iter()
            .map(|t| (&t.name, format!("{}.name", t.path))),
        |n| format!("Duplicate unassigned target name: {n}"),
        d,
    );
    for t in &project.unassigned_targets {
        target(project, t, d);
    }
}

/// The `Name` CloudFormation receives: `resourceName`, else `<project>-<gateway>`.
pub fn gateway_resource_name(project: &Project, g: &Gateway) -> String {
    match &g.resource_name {
        Some(r) => r.v.clone(),
        None => format!("{}-{}", project.name.v, g.name.v),
    }
}

fn gateway(project: &Project, g: &Gateway, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", g.path);
    let name_re = regex!(r"^[0-9a-zA-Z](?:[0-9a-zA-Z-]*[0-9a-zA-Z])?$");
    for (field, v) in [
        ("name", Some(&g.name)),
        ("resourceName", g.resource_name.as_ref()),
    ] {
        let Some(v) = v else { continue };
        if v.v.chars().count() > 100 || !name_re.is_match(&v.v) {
            d.push(
                Diagnostic::new(
                    Code::GatewayName,
                    p(field),
                    "Gateway name must be alphanumeric with optional hyphens (max 100 chars)",
                )
                .at(v.span),
            );
        }
    }
    let full = gateway_resource_name(project, g);
    if name_re.is_match(&g.name.v)
        && (full.chars().count() > 48 || !regex!(r"^([0-9a-zA-Z]-?){1,48}$").is_match(&full))
    {
        let span = g
            .resource_name
            .as_ref()
            .map(|r| r.span)
            .unwrap_or(g.name.span);
        d.push(
            Diagnostic::new(
                Code::GatewayName,
                p(if g.resource_name.is_some() { "resourceName" } else { "name" }),
                format!(
                    "Gateway name too long: \"{full}\" ({} chars). AWS limits gateway names to 48 characters (letters, digits, single hyphens)",
                    full.chars().count()
                ),
            )
            .at(span)
            .help("shorten the gateway or project name, or set `resourceName`"),
        );
    }
    if let Some(desc) = &g.description {
        let n = desc.v.chars().count();
        if n == 0 || n > 200 {
            d.push(invalid(
                p("description"),
                desc.span,
                "`description` must be 1 to 200 characters",
            ));
        }
    }
    match (g.authorizer(), &g.jwt) {
        ("CUSTOM_JWT", None) => d.push(
            Diagnostic::new(
                Code::JwtAuthorizer,
                p("authorizerConfiguration"),
                "customJwtAuthorizer configuration is required when authorizerType is CUSTOM_JWT",
            )
            .at(g.authorizer_configuration.unwrap_or(g.span)),
        ),
        ("CUSTOM_JWT", Some(j)) => jwt(j, d),
        (other, _) => {
            if let Some(span) = g.authorizer_configuration {
                d.push(
                    Diagnostic::new(
                        Code::IgnoredSetting,
                        p("authorizerConfiguration"),
                        format!("`authorizerConfiguration` has no effect with authorizerType {other}; it is not synthesized"),
                    )
                    .at(span)
                    .help("remove it, or set `\"authorizerType\": \"CUSTOM_JWT\"`"),
                );
            }
        }
    }
    if let Some(pe) = &g.policy_engine {
        if !project.policy_engines.iter().any(|e| e.v == pe.name.v) {
            d.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    p("policyEngineConfiguration.policyEngineName"),
                    format!(
                        "gateway \"{}\" references unknown policy engine \"{}\". Check spec.policyEngines.",
                        g.name.v, pe.name.v
                    ),
                )
                .at(pe.name.span)
                .help_opt(did_you_mean(&pe.name.v, project.policy_engines.iter().map(|e| e.v.as_str()))),
            );
        }
    }
    if let Some(arn) = &g.execution_role_arn {
        if arn.v.len() > 2048
            || !regex!(r"^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+$").is_match(&arn.v)
        {
            d.push(invalid(
                p("executionRoleArn"),
                arn.span,
                "Must be a valid IAM role ARN",
            ));
        }
    }
    super::tags::check(&g.tags, &p("tags"), d);
    for t in &g.targets {
        let ty = t.target_type.v;
        if (ty == "httpRuntime" || ty == "passthrough") && g.is_mcp() {
            d.push(
                Diagnostic::new(
                    Code::ProtocolMismatch,
                    g.path.clone(),
                    format!(
                        "Target \"{}\" is {ty} but gateway does not have protocolType: \"None\". Add --protocol-type None when creating the gateway.",
                        t.name.v
                    ),
                )
                .at(t.target_type.span)
                .label(g.protocol_type.as_ref().map(|p| p.span).unwrap_or(g.name.span), "gateway protocol set here"),
            );
        }
    }
}

fn jwt(j: &JwtAuthorizer, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", j.path);
    let url = &j.discovery_url;
    let err = |path: String, span: Span, m: &str| {
        Diagnostic::new(Code::JwtAuthorizer, path, m.to_string()).at(span)
    };
    if !is_url(&url.v) {
        d.push(err(p("discoveryUrl"), url.span, "Must be a valid URL"));
    } else if !url.v.starts_with("https://") {
        d.push(err(
            p("discoveryUrl"),
            url.span,
            "OIDC discovery URL must use HTTPS",
        ));
    } else if !url.v.ends_with("/.well-known/openid-configuration") {
        d.push(err(
            p("discoveryUrl"),
            url.span,
            "OIDC discovery URL must end with '/.well-known/openid-configuration'",
        ));
    }
    if j.allowed_audience.is_none()
        && j.allowed_clients.is_none()
        && j.allowed_scopes.is_none()
        && j.custom_claims.is_none()
    {
        d.push(err(
            j.path.clone(),
            j.span,
            "At least one of allowedAudience, allowedClients, allowedScopes, or customClaims must be provided",
        ));
    }
    for (field, list) in [
        ("allowedAudience", &j.allowed_audience),
        ("allowedClients", &j.allowed_clients),
    ] {
        if let Some(l) = list {
            if l.v.is_empty() {
                d.push(err(
                    p(field),
                    l.span,
                    &format!("`{field}` must have at least one entry when given"),
                ));
            }
            for (i, s) in l.v.iter().enumerate() {
                if s.v.is_empty() {
                    d.push(err(
                        format!("{}[{i}]", p(field)),
                        s.span,
                        "entries must not be empty",
                    ));
                }
            }
        }
    }
    if let Some(l) = &j.allowed_scopes {
        if l.v.is_empty() {
            d.push(err(
                p("allowedScopes"),
                l.span,
                "`allowedScopes` must have at least one entry when given",
            ));
        }
        for (i, s) in l.v.iter().enumerate() {
            if s.v.is_empty()
                || s.v.chars().count() > 255
                || !regex!(r"^[\x21\x23-\x5B\x5D-\x7E]+$").is_match(&s.v)
            {
                d.push(err(
                    format!("{}[{i}]", p("allowedScopes")),
                    s.span,
                    "Scope must be printable ASCII with no spaces or quotes",
                ));
            }
        }
    }
    if let Some(claims) = &j.custom_claims {
        if claims.v.is_empty() {
            d.push(err(
                p("customClaims"),
                claims.span,
                "`customClaims` must have at least one entry when given",
            ));
        }
        for c in &claims.v {
            let cp = |f: &str| format!("{}.{f}", c.path);
            if c.name.v.is_empty()
                || c.name.v.chars().count() > 255
                || !regex!(r"^[A-Za-z0-9_.:-]+$").is_match(&c.name.v)
            {
                d.push(err(
                    cp("inboundTokenClaimName"),
                    c.name.span,
                    "Claim name must match [A-Za-z0-9_.-:]+",
                ));
            } else if c.name.v == "client_id" {
                d.push(err(
                    cp("inboundTokenClaimName"),
                    c.name.span,
                    "Claim name cannot be a reserved name (client_id)",
                ));
            }
            let vp = cp("authorizingClaimMatchValue.claimMatchValue");
            match (&c.match_string, &c.match_list) {
                (None, None) => d.push(err(
                    vp,
                    c.span,
                    "Either matchValueString or matchValueStringList must be provided",
                )),
                (Some(s), Some(_)) => d.push(err(
                    vp,
                    s.span,
                    "Only one of matchValueString or matchValueStringList may be provided",
                )),
                (Some(s), None) => match_value(&format!("{vp}.matchValueString"), s, d),
                (None, Some(l)) => {
                    if l.v.is_empty() || l.v.len() > 255 {
                        d.push(err(
                            format!("{vp}.matchValueStringList"),
                            l.span,
                            "`matchValueStringList` must have 1 to 255 entries",
                        ));
                    }
                    for (i, s) in l.v.iter().enumerate() {
                        match_value(&format!("{vp}.matchValueStringList[{i}]"), s, d);
                    }
                }
            }
        }
    }
    if let Some(pe) = &j.private_endpoint {
        private_endpoint(&p("privateEndpoint"), pe, d);
    }
    if let Some(span) = j.private_endpoint_overrides {
        d.push(
            Diagnostic::new(
                Code::NotInCloudFormation,
                p("privateEndpointOverrides"),
                "`privateEndpointOverrides` cannot be synthesized: AWS::BedrockAgentCore::Gateway has no such property (only the AgentCore API does)",
            )
            .at(span)
            .help("remove `privateEndpointOverrides` and add the overrides with the AgentCore API after deployment"),
        );
    }
}

fn match_value(path: &str, s: &crate::project::S<String>, d: &mut Vec<Diagnostic>) {
    if s.v.is_empty() || s.v.chars().count() > 255 || !regex!(r"^[A-Za-z0-9_.-]+$").is_match(&s.v) {
        d.push(
            Diagnostic::new(
                Code::JwtAuthorizer,
                path,
                "claim match values must be 1 to 255 characters of [A-Za-z0-9_.-]",
            )
            .at(s.span),
        );
    }
}

fn private_endpoint(path: &str, pe: &PrivateEndpoint, d: &mut Vec<Diagnostic>) {
    match pe {
        PrivateEndpoint::Invalid { span } => d.push(
            Diagnostic::new(
                Code::JwtAuthorizer,
                path,
                "A private endpoint must set exactly one of selfManagedLatticeResource or managedVpcResource",
            )
            .at(*span),
        ),
        PrivateEndpoint::Lattice { resource_configuration_identifier: id, .. } => {
            if !regex!(r"^((rcfg-[0-9a-z]{17})|(arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:\d{12}:resourceconfiguration/rcfg-[0-9a-z]{17}))$").is_match(&id.v) {
                d.push(invalid(
                    format!("{path}.selfManagedLatticeResource.resourceConfigurationIdentifier"),
                    id.span,
                    "`resourceConfigurationIdentifier` must be an rcfg- id (rcfg- and 17 characters) or its VPC Lattice ARN",
                ));
            }
        }
        PrivateEndpoint::ManagedVpc { vpc_identifier, subnet_ids, security_group_ids, routing_domain, tags, .. } => {
            let vp = format!("{path}.managedVpcResource");
            if !regex!(r"^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$").is_match(&vpc_identifier.v) {
                d.push(invalid(format!("{vp}.vpcIdentifier"), vpc_identifier.span, "`vpcIdentifier` must be a VPC id (vpc-…)"));
            }
            if subnet_ids.v.is_empty() {
                d.push(invalid(format!("{vp}.subnetIds"), subnet_ids.span, "`subnetIds` must list at least one subnet"));
            }
            for (i, s) in subnet_ids.v.iter().enumerate() {
                if !regex!(r"^subnet-[0-9a-zA-Z]{8,17}$").is_match(&s.v) {
                    d.push(invalid(format!("{vp}.subnetIds[{i}]"), s.span, "subnet ids look like subnet-0123456789abcdef0"));
                }
            }
            if let Some(sgs) = security_group_ids {
                if sgs.v.len() > 5 {
                    d.push(invalid(format!("{vp}.securityGroupIds"), sgs.span, "at most 5 security groups"));
                }
                for (i, s) in sgs.v.iter().enumerate() {
                    if !regex!(r"^sg-(([0-9a-z]{8})|([0-9a-z]{17}))$").is_match(&s.v) {
                        d.push(invalid(format!("{vp}.securityGroupIds[{i}]"), s.span, "security group ids look like sg-0123456789abcdef0"));
                    }
                }
            }
            if let Some(r) = routing_domain {
                let n = r.v.chars().count();
                if !(3..=255).contains(&n) {
                    d.push(invalid(format!("{vp}.routingDomain"), r.span, "`routingDomain` must be 3 to 255 characters"));
                }
            }
            super::tags::check(tags, &format!("{vp}.tags"), d);
        }
    }
}

/// Per-type auth table of the AgentCore CLI: (auth required, valid types, IAM fallback).
pub fn auth_table(target_type: &str) -> (bool, &'static [&'static str], bool) {
    match target_type {
        "openApiSchema" => (true, &["OAUTH", "API_KEY"], false),
        "smithyModel" => (false, &[], true),
        "apiGateway" => (false, &["API_KEY", "NONE"], true),
        "mcpServer" => (false, &["OAUTH", "NONE"], false),
        "lambda" | "lambdaFunctionArn" | "httpRuntime" => (false, &["OAUTH", "NONE"], true),
        "connector" => (false, &[], true),
        "passthrough" => (
            true,
            &["GATEWAY_IAM_ROLE", "OAUTH", "JWT_PASSTHROUGH"],
            false,
        ),
        _ => (false, &[], false),
    }
}

/// Rules that hold for every target, deployed or parked in `unassignedTargets`.
fn target(project: &Project, t: &Target, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.v;
    let p = |f: &str| format!("{}.{f}", t.path);
    let n = t.name.v.chars().count();
    if n == 0 || !regex!(r"^([0-9a-zA-Z]-?){1,100}$").is_match(&t.name.v) {
        d.push(
            invalid(
                p("name"),
                t.name.span,
                "target names must be 1 to 100 letters and digits with single hyphens between them (CloudFormation pattern ([0-9a-zA-Z][-]?){1,100})",
            )
            .help(format!("for example `{}`", suggest_target_name(&t.name.v))),
        );
    }
    if let Some(desc) = &t.description {
        let n = desc.v.chars().count();
        if n == 0 || n > 200 {
            d.push(invalid(
                p("description"),
                desc.span,
                "`description` must be 1 to 200 characters",
            ));
        }
    }
    required_and_forbidden(t, d);
    if let Some(a) = &t.outbound_auth {
        auth_rules(t, a, d);
    } else {
        let (required, _, _) = auth_table(ty);
        if required {
            d.push(
                Diagnostic::new(
                    Code::AuthNeedsCredential,
                    p("outboundAuth"),
                    auth_required_message(ty),
                )
                .at(t.target_type.span),
            );
        }
    }
    if let Some(e) = &t.endpoint {
        if !is_url(&e.v) {
            d.push(invalid(p("endpoint"), e.span, "Invalid url"));
        } else if ty == "mcpServer" && !e.v.starts_with("https://") {
            d.push(invalid(
                p("endpoint"),
                e.span,
                "MCP server endpoints must use https:// (CloudFormation pattern ^https://.*)",
            ));
        }
    }
    if let Some(pt) = &t.passthrough {
        if !regex!(r"^https://[a-zA-Z0-9\-.]+(:[0-9]{1,5})?(/.*)?$").is_match(&pt.endpoint.v)
            || pt.endpoint.v.len() > 2048
        {
            d.push(invalid(
                p("passthrough.endpoint"),
                pt.endpoint.span,
                "Must be a valid HTTPS URL",
            ));
        }
        if let Some((id, timeout)) = &pt.stickiness {
            if id.v.is_empty() || id.v.chars().count() > 256 {
                d.push(invalid(
                    p("passthrough.stickinessConfiguration.identifier"),
                    id.span,
                    "`identifier` must be 1 to 256 characters",
                ));
            }
            if let Some(tm) = timeout {
                if !(1..=86400).contains(&tm.v) {
                    d.push(invalid(
                        p("passthrough.stickinessConfiguration.timeout"),
                        tm.span,
                        "`timeout` must be 1 to 86400 seconds",
                    ));
                }
            }
        }
    }
    if let Some(SchemaSource::S3 {
        uri, bucket_owner, ..
    }) = &t.schema_source
    {
        s3_uri(&p("schemaSource.s3.uri"), uri, d);
        if let Some(o) = bucket_owner {
            if !regex!(r"^[0-9]{12}$").is_match(&o.v) {
                d.push(invalid(
                    p("schemaSource.s3.bucketOwnerAccountId"),
                    o.span,
                    "`bucketOwnerAccountId` must be a 12-digit account id",
                ));
            }
        }
    }
    if let Some(l) = &t.lambda_function_arn {
        if l.lambda_arn.v.len() > 170
            || !regex!(r"^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(-gov)?-[a-z]+-\d{1}):(\d{12}):function:([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$")
                .is_match(&l.lambda_arn.v)
        {
            d.push(invalid(p("lambdaFunctionArn.lambdaArn"), l.lambda_arn.span, "`lambdaArn` must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:qualifier])"));
        }
        if l.tool_schema_file.v.starts_with("s3://") {
            s3_uri(
                &p("lambdaFunctionArn.toolSchemaFile"),
                &l.tool_schema_file,
                d,
            );
        }
    }
    if let Some(h) = &t.http_runtime {
        match project.runtimes.iter().find(|r| r.name == h.runtime.v) {
            None => d.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    p("httpRuntime.runtime"),
                    format!(
                        "target \"{}\" references unknown runtime \"{}\". Check spec.runtimes.",
                        t.name.v, h.runtime.v
                    ),
                )
                .at(h.runtime.span)
                .help_opt(did_you_mean(
                    &h.runtime.v,
                    project.runtimes.iter().map(|r| r.name.as_str()),
                )),
            ),
            Some(r) => {
                if let Some(e) = &h.runtime_endpoint {
                    if e.v != "DEFAULT" && !r.endpoints.contains(&e.v) {
                        d.push(
                            Diagnostic::new(
                                Code::UnknownReference,
                                p("httpRuntime.runtimeEndpoint"),
                                format!(
                                    "target \"{}\" references endpoint \"{}\" which does not exist on runtime \"{}\".",
                                    t.name.v, e.v, r.name
                                ),
                            )
                            .at(e.span),
                        );
                    }
                }
            }
        }
    }
    if let Some(cfgs) = &t.configurations {
        for (i, c) in cfgs.v.iter().enumerate() {
            if c.name.v.chars().count() > 64
                || !regex!(r"^[a-zA-Z][a-zA-Z0-9_-]*$").is_match(&c.name.v)
            {
                d.push(invalid(format!("{}[{i}].name", p("configurations")), c.name.span, "configuration names start with a letter and contain letters, digits, _ and - (at most 64)"));
            }
        }
    }
}

fn suggest_target_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "target-1".into()
    } else {
        out.chars().take(100).collect()
    }
}

fn s3_uri(path: &str, uri: &crate::project::S<String>, d: &mut Vec<Diagnostic>) {
    if !regex!(r"^s3://.{1,2043}$").is_match(&uri.v) {
        d.push(invalid(path, uri.span, "S3 URIs look like s3://bucket/key"));
    }
}

fn auth_required_message(ty: &str) -> String {
    if ty == "passthrough" {
        format!("{ty} targets require outbound auth (GATEWAY_IAM_ROLE, OAUTH or JWT_PASSTHROUGH)")
    } else {
        format!("{ty} targets require outbound auth (OAUTH or API_KEY)")
    }
}

fn required_and_forbidden(t: &Target, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.v;
    let p = |f: &str| format!("{}.{f}", t.path);
    let required = |ok: bool, field: &str, msg: String, d: &mut Vec<Diagnostic>| {
        if !ok {
            d.push(
                Diagnostic::new(Code::TargetConfigRequired, p(field), msg).at(t.target_type.span),
            );
        }
    };
    match ty {
        "apiGateway" => required(
            t.api_gateway.is_some(),
            "apiGateway",
            "apiGateway config is required for apiGateway target type".into(),
            d,
        ),
        "openApiSchema" | "smithyModel" => required(
            t.schema_source.is_some(),
            "schemaSource",
            format!("{ty} targets require a schemaSource."),
            d,
        ),
        "lambdaFunctionArn" => required(
            t.lambda_function_arn.is_some(),
            "lambdaFunctionArn",
            "lambdaFunctionArn config is required for lambdaFunctionArn target type".into(),
            d,
        ),
        "mcpServer" => required(
            t.endpoint.is_some() || t.compute.is_some(),
            "endpoint",
            "MCP Server targets require either an endpoint URL or compute configuration.".into(),
            d,
        ),
        "httpRuntime" => required(
            t.http_runtime.is_some(),
            "httpRuntime",
            "httpRuntime targets require an httpRuntime configuration (with a runtime reference)."
                .into(),
            d,
        ),
        "passthrough" => required(
            t.passthrough.is_some(),
            "passthrough",
            "passthrough targets require a passthrough configuration (with an endpoint).".into(),
            d,
        ),
        "lambda" => {
            required(
                t.compute.is_some(),
                "compute",
                "Lambda targets require compute configuration.".into(),
                d,
            );
            required(
                t.tool_definitions.as_ref().is_some_and(|x| !x.v.is_empty()),
                "toolDefinitions",
                "Lambda targets require at least one tool definition.".into(),
                d,
            );
        }
        "connector" => required(
            t.connector_id.is_some(),
            "connectorId",
            "connectorId is required for connector target type".into(),
            d,
        ),
        _ => {}
    }
    let present: [(&str, Option<Span>); 8] = [
        ("compute", t.compute),
        ("endpoint", t.endpoint.as_ref().map(|x| x.span)),
        ("apiGateway", t.api_gateway.as_ref().map(|x| x.span)),
        (
            "lambdaFunctionArn",
            t.lambda_function_arn.as_ref().map(|x| x.span),
        ),
        (
            "toolDefinitions",
            t.tool_definitions.as_ref().map(|x| x.span),
        ),
        (
            "schemaSource",
            t.schema_source.as_ref().map(|x| match x {
                SchemaSource::Inline { span, .. } | SchemaSource::S3 { span, .. } => *span,
            }),
        ),
        ("httpRuntime", t.http_runtime.as_ref().map(|x| x.span)),
        ("passthrough", t.passthrough.as_ref().map(|x| x.span)),
    ];
    let forbidden: &[&str] = match ty {
        "apiGateway" => &[
            "compute",
            "endpoint",
            "lambdaFunctionArn",
            "toolDefinitions",
        ],
        "openApiSchema" | "smithyModel" => {
            &["compute", "endpoint", "toolDefinitions", "apiGateway"]
        }
        "lambdaFunctionArn" => &["compute", "endpoint", "apiGateway", "toolDefinitions"],
        "mcpServer" => &["apiGateway", "lambdaFunctionArn"],
        "httpRuntime" => &[
            "endpoint",
            "compute",
            "apiGateway",
            "lambdaFunctionArn",
            "toolDefinitions",
        ],
        "passthrough" => &[
            "endpoint",
            "compute",
            "apiGateway",
            "lambdaFunctionArn",
            "httpRuntime",
            "toolDefinitions",
        ],
        "connector" => &[
            "compute",
            "endpoint",
            "toolDefinitions",
            "apiGateway",
            "lambdaFunctionArn",
            "schemaSource",
            "httpRuntime",
            "passthrough",
        ],
        _ => &[],
    };
    for (field, span) in present {
        let Some(span) = span else { continue };
        if !forbidden.contains(&field) {
            continue;
        }
        let msg = match (ty, field) {
            ("httpRuntime", "endpoint") => "httpRuntime targets should use httpRuntime.runtimeEndpoint instead of endpoint.".to_string(),
            ("passthrough", "endpoint") => "passthrough targets should use passthrough.endpoint instead of endpoint.".to_string(),
            ("apiGateway", "toolDefinitions") => "toolDefinitions is not applicable for apiGateway target type (tools are auto-discovered)".to_string(),
            ("lambdaFunctionArn", "toolDefinitions") => "toolDefinitions is not applicable for lambdaFunctionArn target type (tools are defined via toolSchemaFile)".to_string(),
            (_, "apiGateway") => format!("apiGateway config is not applicable for {ty} target type"),
            _ => format!("{field} is not applicable for {ty} target type"),
        };
        d.push(Diagnostic::new(Code::NotApplicable, p(field), msg).at(span));
    }
    if ty != "connector" {
        if let Some(c) = &t.connector_id {
            d.push(
                Diagnostic::new(
                    Code::NotApplicable,
                    p("connectorId"),
                    "connectorId only applies to connector target type",
                )
                .at(c.span),
            );
        }
        if let Some(c) = &t.configurations {
            d.push(
                Diagnostic::new(
                    Code::NotApplicable,
                    p("configurations"),
                    "configurations only applies to connector target type",
                )
                .at(c.span),
            );
        }
    }
    if ty == "lambdaFunctionArn" {
        if let Some(a) = &t.outbound_auth {
            d.push(
                Diagnostic::new(
                    Code::NotApplicable,
                    a.path.clone(),
                    "outboundAuth is not applicable for lambdaFunctionArn target type",
                )
                .at(a.span),
            );
        }
    }
}

fn auth_rules(t: &Target, a: &OutboundAuth, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.v;
    let kind = a.kind();
    let (required, valid, _) = auth_table(ty);
    let ap = |f: &str| format!("{}.{f}", a.path);
    let type_span = a.auth_type.as_ref().map(|x| x.span).unwrap_or(a.span);
    if ty == "lambdaFunctionArn" {
        return; // outboundAuth itself is not applicable (reported above)
    }
    if required && kind == "NONE" {
        d.push(
            Diagnostic::new(
                Code::AuthNeedsCredential,
                a.path.clone(),
                auth_required_message(ty),
            )
            .at(type_span),
        );
    } else if valid.is_empty() {
        d.push(
            Diagnostic::new(
                Code::AuthNotSupported,
                a.path.clone(),
                format!("{ty} targets use IAM role auth; outboundAuth is not applicable"),
            )
            .at(a.span),
        );
    } else if !valid.contains(&kind) && (kind != "NONE" || required) {
        d.push(
            Diagnostic::new(
                Code::AuthNotSupported,
                a.path.clone(),
                format!("{ty} targets do not support {kind} outbound auth"),
            )
            .at(type_span)
            .help(format!("{ty} targets accept: {}", valid.join(", "))),
        );
    }
    if !matches!(kind, "NONE" | "GATEWAY_IAM_ROLE" | "JWT_PASSTHROUGH")
        && a.credential_name.is_none()
    {
        d.push(
            Diagnostic::new(
                Code::AuthNeedsCredential,
                ap("credentialName"),
                format!("{kind} outbound auth requires a credentialName."),
            )
            .at(type_span),
        );
    }
    if ty == "passthrough" && kind == "GATEWAY_IAM_ROLE" && a.service.is_none() {
        d.push(
            Diagnostic::new(
                Code::AuthNeedsCredential,
                ap("service"),
                "GATEWAY_IAM_ROLE outbound auth on passthrough targets requires a service name.",
            )
            .at(type_span),
        );
    }
    if kind == "JWT_PASSTHROUGH" && ty != "passthrough" {
        d.push(
            Diagnostic::new(
                Code::AuthNotSupported,
                ap("type"),
                "JWT_PASSTHROUGH outbound auth is only valid for passthrough targets.",
            )
            .at(type_span),
        );
    }
    if let Some(s) = &a.service {
        if s.v.is_empty()
            || s.v.chars().count() > 64
            || !regex!(r"^[a-zA-Z0-9._-]+$").is_match(&s.v)
        {
            d.push(invalid(
                ap("service"),
                s.span,
                "`service` must be 1 to 64 characters of letters, digits, . _ -",
            ));
        }
    }
    if let Some(r) = &a.region {
        if r.v.is_empty() || r.v.chars().count() > 32 || !regex!(r"^[a-zA-Z0-9-]+$").is_match(&r.v)
        {
            d.push(invalid(
                ap("region"),
                r.span,
                "`region` must be 1 to 32 characters of letters, digits and -",
            ));
        }
    }
    // This compiler's fields: each belongs to one auth type.
    let oauth_only: [(&str, Option<Span>); 3] = [
        ("grantType", a.grant_type.as_ref().map(|x| x.span)),
        (
            "defaultReturnUrl",
            a.default_return_url.as_ref().map(|x| x.span),
        ),
        (
            "customParameters",
            a.custom_parameters.as_ref().map(|x| x.span),
        ),
    ];
    for (field, span) in oauth_only {
        if let (Some(span), false) = (span, kind == "OAUTH") {
            d.push(
                Diagnostic::new(
                    Code::AuthField,
                    ap(field),
                    format!("`{field}` applies only to OAUTH outbound auth, not {kind}"),
                )
                .at(span)
                .label(type_span, "auth type set here"),
            );
        }
    }
    if let (Some(k), false) = (&a.api_key, kind == "API_KEY") {
        d.push(
            Diagnostic::new(
                Code::AuthField,
                ap("apiKey"),
                format!("`apiKey` applies only to API_KEY outbound auth, not {kind}"),
            )
            .at(k.span)
            .label(type_span, "auth type set here"),
        );
    }
    for (field, span) in [
        ("service", a.service.as_ref().map(|x| x.span)),
        ("region", a.region.as_ref().map(|x| x.span)),
    ] {
        if let (Some(span), false) = (span, kind == "GATEWAY_IAM_ROLE" && ty == "passthrough") {
            d.push(
                Diagnostic::new(
                    Code::IgnoredSetting,
                    ap(field),
                    format!(
                        "`{field}` has an effect only with GATEWAY_IAM_ROLE on passthrough targets"
                    ),
                )
                .at(span),
            );
        }
    }
    if let Some(u) = &a.default_return_url {
        if u.v.is_empty() || u.v.len() > 2048 || !regex!(r"^\w+:(/?/?)[^\s]+$").is_match(&u.v) {
            d.push(invalid(
                ap("defaultReturnUrl"),
                u.span,
                "`defaultReturnUrl` must be a URL",
            ));
        }
    }
    if let Some(cp) = &a.custom_parameters {
        if cp.v.is_empty() || cp.v.len() > 10 {
            d.push(invalid(
                ap("customParameters"),
                cp.span,
                "`customParameters` must have 1 to 10 entries",
            ));
        }
        for (k, v) in &cp.v {
            if v.v.is_empty() || v.v.chars().count() > 2048 {
                d.push(invalid(
                    format!("{}.{}", ap("customParameters"), k.v),
                    v.span,
                    "custom parameter values must be 1 to 2048 characters",
                ));
            }
        }
    }
    if let Some(k) = &a.api_key {
        for (field, v) in [("parameterName", &k.parameter_name), ("prefix", &k.prefix)] {
            if let Some(v) = v {
                if v.v.is_empty() || v.v.chars().count() > 64 {
                    d.push(invalid(
                        ap(&format!("apiKey.{field}")),
                        v.span,
                        format!("`{field}` must be 1 to 64 characters"),
                    ));
                }
            }
        }
    }
    if let Some(sc) = &a.scopes {
        if sc.v.len() > 100 {
            d.push(invalid(ap("scopes"), sc.span, "at most 100 scopes"));
        }
        for (i, s) in sc.v.iter().enumerate() {
            if s.v.is_empty() || s.v.chars().count() > 128 {
                d.push(invalid(
                    format!("{}[{i}]", ap("scopes")),
                    s.span,
                    "scopes must be 1 to 128 characters",
                ));
            }
        }
    }
}

/// Cross-checks for targets that are deployed: credentials exist, are of the
/// right kind, and can do the grant; code-backed targets need packaging.
fn deployed_target(project: &Project, g: &Gateway, t: &Target, d: &mut Vec<Diagnostic>) {
    if let Some(span) = t.compute {
        d.push(
            Diagnostic::new(
                Code::NeedsPackaging,
                format!("{}.compute", t.path),
                format!(
                    "gateway \"{}\" target \"{}\" has `compute` (Lambda or AgentCore Runtime code); agentcore-synth does not package code",
                    g.name.v, t.name.v
                ),
            )
            .at(span)
            .help("deploy the code separately and point the target at it (`lambdaFunctionArn`, `mcpServer` with `endpoint`, or `httpRuntime`), or move the target to `unassignedTargets`"),
        );
    }
    let Some(a) = &t.outbound_auth else { return };
    let kind = a.kind();
    let Some(cn) = &a.credential_name else { return };
    if !matches!(kind, "OAUTH" | "API_KEY") {
        return;
    }
    let who = format!("gateway \"{}\" target \"{}\"", g.name.v, t.name.v);
    let Some(c) = project.credential(&cn.v) else {
        d.push(
            Diagnostic::new(
                Code::CredentialNotFound,
                format!("{}.credentialName", a.path),
                format!(
                    "{who}: credential \"{}\" does not exist in credentials[]",
                    cn.v
                ),
            )
            .at(cn.span)
            .help_opt(
                did_you_mean(&cn.v, project.credentials.iter().map(|c| c.name.v.as_str())).or_else(
                    || {
                        (!project.credentials.is_empty()).then(|| {
                            format!(
                                "available credentials: {}",
                                project
                                    .credentials
                                    .iter()
                                    .map(|c| c.name.v.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        })
                    },
                ),
            ),
        );
        return;
    };
    let wanted = if kind == "OAUTH" {
        "OAuthCredentialProvider"
    } else {
        "ApiKeyCredentialProvider"
    };
    if c.kind_name() != wanted {
        d.push(
            Diagnostic::new(
                Code::CredentialKind,
                format!("{}.credentialName", a.path),
                format!(
                    "{who}: {kind} outbound auth needs an {wanted} credential, but \"{}\" is {} {}",
                    c.name.v,
                    if c.kind_name().starts_with('P') {
                        "a"
                    } else {
                        "an"
                    },
                    c.kind_name()
                ),
            )
            .at(cn.span)
            .label(c.name.span, "credential defined here"),
        );
        return;
    }
    let CredentialKind::OAuth(o) = &c.kind else {
        return;
    };
    let grant = a
        .grant_type
        .as_ref()
        .map(|x| x.v)
        .unwrap_or("CLIENT_CREDENTIALS");
    let grant_span = a.grant_type.as_ref().map(|x| x.span).unwrap_or(cn.span);
    match grant {
        "TOKEN_EXCHANGE" => {
            if o.token_exchange.is_none() {
                d.push(
                    Diagnostic::new(
                        Code::GrantNeedsTokenExchange,
                        format!("{}.grantType", a.path),
                        format!(
                            "{who}: grantType TOKEN_EXCHANGE needs a credential with `tokenExchange`, but \"{}\" has none",
                            c.name.v
                        ),
                    )
                    .at(grant_span)
                    .label(c.name.span, "credential defined here")
                    .help(format!(
                        "add `\"tokenExchange\": {{ \"grantType\": \"TOKEN_EXCHANGE\" }}` (or JWT_AUTHORIZATION_GRANT) to credential \"{}\"",
                        c.name.v
                    )),
                );
            }
        }
        "AUTHORIZATION_CODE" => {}
        _ => {
            if let Some(te) = &o.token_exchange {
                d.push(
                    Diagnostic::new(
                        Code::ExchangeUnused,
                        format!("{}.grantType", a.path),
                        format!(
                            "{who} uses token-exchange credential \"{}\" with {} (a machine token): the user's identity is not passed on",
                            c.name.v,
                            if a.grant_type.is_some() { "CLIENT_CREDENTIALS" } else { "the default grant CLIENT_CREDENTIALS" }
                        ),
                    )
                    .at(grant_span)
                    .label(te.span, "token exchange configured here")
                    .help("set `\"grantType\": \"TOKEN_EXCHANGE\"` to act on behalf of the user"),
                );
            }
        }
    }
    if matches!(grant, "TOKEN_EXCHANGE" | "AUTHORIZATION_CODE") && g.authorizer() != "CUSTOM_JWT" {
        let diag = Diagnostic::new(
            Code::GrantNeedsUserToken,
            format!("{}.grantType", a.path),
            format!(
                "{who}: grantType {grant} acts for the signed-in user, but the gateway's authorizerType is {} so there is no inbound user token",
                g.authorizer()
            ),
        )
        .at(grant_span)
        .label(g.authorizer_type.as_ref().map(|x| x.span).unwrap_or(g.name.span), "gateway inbound auth set here")
        .help("set the gateway's `\"authorizerType\": \"CUSTOM_JWT\"` with a `customJwtAuthorizer`");
        // Authorization code (3LO) can still work with a user id supplied
        // another way; token exchange cannot.
        d.push(if grant == "AUTHORIZATION_CODE" {
            diag.severity(Severity::Warning)
        } else {
            diag
        });
    }
}
