//! Gateway rules of the AgentCore CLI, with its messages: names, the JWT
//! authorizer, private endpoints, policy engines, protocol/target fit.

use super::{invalid, is_url, unique};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Span};
use crate::project::catalog::AuthorizerType;
use crate::project::gateway::{JwtAuthorizer, PrivateEndpoint};
use crate::project::{Gateway, Project};
use crate::validate::regex;

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
            |n| {
                format!(
                    "Duplicate target name \"{n}\" in gateway \"{}\"",
                    g.name.value
                )
            },
            d,
        );
        for t in &g.targets {
            super::target::check(project, t, d);
            super::cross::check(project, g, t, d);
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
        super::target::check(project, t, d);
    }
}

/// The `Name` CloudFormation receives: `resourceName`, else `<project>-<gateway>`.
fn gateway(project: &Project, g: &Gateway, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", g.path);
    let name_re = regex!(r"^[0-9a-zA-Z](?:[0-9a-zA-Z-]*[0-9a-zA-Z])?$");
    for (field, v) in [
        ("name", Some(&g.name)),
        ("resourceName", g.resource_name.as_ref()),
    ] {
        let Some(v) = v else { continue };
        if v.value.chars().count() > 100 || !name_re.is_match(&v.value) {
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
    let full = g.resource_name(&project.name.value);
    if name_re.is_match(&g.name.value)
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
    super::description(p("description"), g.description.as_ref(), d);
    match (g.authorizer(), &g.jwt) {
        (AuthorizerType::CustomJwt, None) => d.push(
            Diagnostic::new(
                Code::JwtAuthorizer,
                p("authorizerConfiguration"),
                "customJwtAuthorizer configuration is required when authorizerType is CUSTOM_JWT",
            )
            .at(g.authorizer_configuration.unwrap_or(g.span)),
        ),
        (AuthorizerType::CustomJwt, Some(j)) => {
            jwt(j, d);
            no_overrides(j, d);
        }
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
        if !project
            .policy_engines
            .iter()
            .any(|e| e.name.value == pe.name.value)
        {
            d.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    p("policyEngineConfiguration.policyEngineName"),
                    format!(
                        "gateway \"{}\" references unknown policy engine \"{}\". Check spec.policyEngines.",
                        g.name.value, pe.name.value
                    ),
                )
                .at(pe.name.span)
                .help_opt(did_you_mean(&pe.name.value, project.policy_engines.iter().map(|e| e.name.value.as_str()))),
            );
        }
    }
    if let Some(arn) = &g.execution_role_arn {
        if arn.value.len() > 2048
            || !regex!(r"^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+$").is_match(&arn.value)
        {
            d.push(invalid(
                p("executionRoleArn"),
                arn.span,
                "Must be a valid IAM role ARN",
            ));
        }
    }
    super::tags::check(&g.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &g.tags, &p("tags"), d);
    for t in &g.targets {
        let ty = t.target_type.value;
        if ty.needs_http_gateway() && g.is_mcp() {
            d.push(
                Diagnostic::new(
                    Code::ProtocolMismatch,
                    g.path.clone(),
                    format!(
                        "Target \"{}\" is {ty} but gateway does not have protocolType: \"None\". Add --protocol-type None when creating the gateway.",
                        t.name.value
                    ),
                )
                .at(t.target_type.span)
                .label(g.protocol_type.as_ref().map(|p| p.span).unwrap_or(g.name.span), "gateway protocol set here"),
            );
        }
    }
}

/// The rules of a custom JWT authorizer (gateways and runtimes alike).
pub(super) fn jwt(j: &JwtAuthorizer, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", j.path);
    let url = &j.discovery_url;
    let err = |path: String, span: Span, m: &str| {
        Diagnostic::new(Code::JwtAuthorizer, path, m.to_string()).at(span)
    };
    if !is_url(&url.value) {
        d.push(err(p("discoveryUrl"), url.span, "Must be a valid URL"));
    } else if !url.value.starts_with("https://") {
        d.push(err(
            p("discoveryUrl"),
            url.span,
            "OIDC discovery URL must use HTTPS",
        ));
    } else if !url.value.ends_with("/.well-known/openid-configuration") {
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
            if l.value.is_empty() {
                d.push(err(
                    p(field),
                    l.span,
                    &format!("`{field}` must have at least one entry when given"),
                ));
            }
            for (i, s) in l.value.iter().enumerate() {
                if s.value.is_empty() {
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
        if l.value.is_empty() {
            d.push(err(
                p("allowedScopes"),
                l.span,
                "`allowedScopes` must have at least one entry when given",
            ));
        }
        for (i, s) in l.value.iter().enumerate() {
            if s.value.is_empty()
                || s.value.chars().count() > 255
                || !regex!(r"^[\x21\x23-\x5B\x5D-\x7E]+$").is_match(&s.value)
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
        if claims.value.is_empty() {
            d.push(err(
                p("customClaims"),
                claims.span,
                "`customClaims` must have at least one entry when given",
            ));
        }
        for c in &claims.value {
            let cp = |f: &str| format!("{}.{f}", c.path);
            if c.name.value.is_empty()
                || c.name.value.chars().count() > 255
                || !regex!(r"^[A-Za-z0-9_.:-]+$").is_match(&c.name.value)
            {
                d.push(err(
                    cp("inboundTokenClaimName"),
                    c.name.span,
                    "Claim name must match [A-Za-z0-9_.-:]+",
                ));
            } else if c.name.value == "client_id" {
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
                    if l.value.is_empty() || l.value.len() > 255 {
                        d.push(err(
                            format!("{vp}.matchValueStringList"),
                            l.span,
                            "`matchValueStringList` must have 1 to 255 entries",
                        ));
                    }
                    for (i, s) in l.value.iter().enumerate() {
                        match_value(&format!("{vp}.matchValueStringList[{i}]"), s, d);
                    }
                }
            }
        }
    }
    if let Some(pe) = &j.private_endpoint {
        private_endpoint(&p("privateEndpoint"), pe, d);
    }
}

fn no_overrides(j: &JwtAuthorizer, d: &mut Vec<Diagnostic>) {
    if let Some(span) = j.private_endpoint_overrides {
        d.push(
            Diagnostic::new(
                Code::NotInCloudFormation,
                format!("{}.privateEndpointOverrides", j.path),
                "`privateEndpointOverrides` cannot be synthesized: AWS::BedrockAgentCore::Gateway has no such property (only the AgentCore API does)",
            )
            .at(span)
            .help("remove `privateEndpointOverrides` and add the overrides with the AgentCore API after deployment"),
        );
    }
}

fn match_value(path: &str, s: &crate::project::Spanned<String>, d: &mut Vec<Diagnostic>) {
    if s.value.is_empty()
        || s.value.chars().count() > 255
        || !regex!(r"^[A-Za-z0-9_.-]+$").is_match(&s.value)
    {
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
            if !regex!(r"^((rcfg-[0-9a-z]{17})|(arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:[0-9]{12}:resourceconfiguration/rcfg-[0-9a-z]{17}))$").is_match(&id.value) {
                d.push(invalid(
                    format!("{path}.selfManagedLatticeResource.resourceConfigurationIdentifier"),
                    id.span,
                    "`resourceConfigurationIdentifier` must be an rcfg- id (rcfg- and 17 characters) or its VPC Lattice ARN",
                ));
            }
        }
        PrivateEndpoint::ManagedVpc { vpc_identifier, subnet_ids, security_group_ids, routing_domain, tags, .. } => {
            let vp = format!("{path}.managedVpcResource");
            if !regex!(r"^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$").is_match(&vpc_identifier.value) {
                d.push(invalid(format!("{vp}.vpcIdentifier"), vpc_identifier.span, "`vpcIdentifier` must be a VPC id (vpc-…)"));
            }
            if subnet_ids.value.is_empty() {
                d.push(invalid(format!("{vp}.subnetIds"), subnet_ids.span, "`subnetIds` must list at least one subnet"));
            }
            for (i, s) in subnet_ids.value.iter().enumerate() {
                if !regex!(r"^subnet-[0-9a-zA-Z]{8,17}$").is_match(&s.value) {
                    d.push(invalid(format!("{vp}.subnetIds[{i}]"), s.span, "subnet ids look like subnet-0123456789abcdef0"));
                }
            }
            if let Some(sgs) = security_group_ids {
                if sgs.value.len() > 5 {
                    d.push(invalid(format!("{vp}.securityGroupIds"), sgs.span, "at most 5 security groups"));
                }
                for (i, s) in sgs.value.iter().enumerate() {
                    if !regex!(r"^sg-(([0-9a-z]{8})|([0-9a-z]{17}))$").is_match(&s.value) {
                        d.push(invalid(format!("{vp}.securityGroupIds[{i}]"), s.span, "security group ids look like sg-0123456789abcdef0"));
                    }
                }
            }
            if let Some(r) = routing_domain {
                let n = r.value.chars().count();
                if !(3..=255).contains(&n) {
                    d.push(invalid(format!("{vp}.routingDomain"), r.span, "`routingDomain` must be 3 to 255 characters"));
                }
            }
            super::tags::check(tags, &format!("{vp}.tags"), d);
        }
    }
}
