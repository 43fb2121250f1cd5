//! Target rules of the AgentCore CLI, with its messages: names, required
//! and forbidden fields per target type, and the per-type outbound-auth table.
//! They hold for deployed targets and for `unassignedTargets` alike.

use super::{invalid, is_url};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Span};
use crate::project::catalog::{AuthRule, AuthType, TargetField, TargetType, Vocabulary};
use crate::project::gateway::SchemaSource;
use crate::project::{OutboundAuth, Project, Target};
use crate::validate::regex;

/// Rules that hold for every target, deployed or parked in `unassignedTargets`.
pub fn check(project: &Project, t: &Target, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.value;
    let p = |f: &str| format!("{}.{f}", t.path);
    let n = t.name.value.chars().count();
    if n == 0 || !regex!(r"^([0-9a-zA-Z]-?){1,100}$").is_match(&t.name.value) {
        d.push(
            invalid(
                p("name"),
                t.name.span,
                "target names must be 1 to 100 letters and digits with single hyphens between them (CloudFormation pattern ([0-9a-zA-Z][-]?){1,100})",
            )
            .help(format!("for example `{}`", suggest_target_name(&t.name.value))),
        );
    }
    super::description(p("description"), t.description.as_ref(), d);
    required_and_forbidden(t, d);
    if let Some(a) = &t.outbound_auth {
        auth_rules(t, a, d);
    } else {
        if ty.auth().required {
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
        if !is_url(&e.value) {
            d.push(invalid(p("endpoint"), e.span, "Invalid url"));
        } else if ty == TargetType::McpServer && !e.value.starts_with("https://") {
            d.push(invalid(
                p("endpoint"),
                e.span,
                "MCP server endpoints must use https:// (CloudFormation pattern ^https://.*)",
            ));
        }
    }
    if let Some(pt) = &t.passthrough {
        if !regex!(r"^https://[a-zA-Z0-9\-.]+(:[0-9]{1,5})?(/.*)?$").is_match(&pt.endpoint.value)
            || pt.endpoint.value.len() > 2048
        {
            d.push(invalid(
                p("passthrough.endpoint"),
                pt.endpoint.span,
                "Must be a valid HTTPS URL",
            ));
        }
        if let Some((id, timeout)) = &pt.stickiness {
            if id.value.is_empty() || id.value.chars().count() > 256 {
                d.push(invalid(
                    p("passthrough.stickinessConfiguration.identifier"),
                    id.span,
                    "`identifier` must be 1 to 256 characters",
                ));
            }
            if let Some(tm) = timeout {
                if !(1..=86400).contains(&tm.value) {
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
            if !regex!(r"^[0-9]{12}$").is_match(&o.value) {
                d.push(invalid(
                    p("schemaSource.s3.bucketOwnerAccountId"),
                    o.span,
                    "`bucketOwnerAccountId` must be a 12-digit account id",
                ));
            }
        }
    }
    if let Some(l) = &t.lambda_function_arn {
        if l.lambda_arn.value.len() > 170
            || !regex!(r"^arn:(aws[a-zA-Z-]*)?:lambda:([a-z]{2}(-gov)?-[a-z]+-[0-9]):([0-9]{12}):function:([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$")
                .is_match(&l.lambda_arn.value)
        {
            d.push(invalid(p("lambdaFunctionArn.lambdaArn"), l.lambda_arn.span, "`lambdaArn` must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:qualifier])"));
        }
        if l.tool_schema_file.value.starts_with("s3://") {
            s3_uri(
                &p("lambdaFunctionArn.toolSchemaFile"),
                &l.tool_schema_file,
                d,
            );
        }
    }
    if let Some(h) = &t.http_runtime {
        match project.runtime(&h.runtime.value) {
            None => d.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    p("httpRuntime.runtime"),
                    format!(
                        "target \"{}\" references unknown runtime \"{}\". Check spec.runtimes.",
                        t.name.value, h.runtime.value
                    ),
                )
                .at(h.runtime.span)
                .help_opt(did_you_mean(
                    &h.runtime.value,
                    project.runtimes.iter().map(|r| r.name.value.as_str()),
                )),
            ),
            Some(r) => {
                if let Some(e) = &h.runtime_endpoint {
                    if e.value != "DEFAULT" && !r.endpoints.iter().any(|x| x.name.value == e.value)
                    {
                        d.push(
                            Diagnostic::new(
                                Code::UnknownReference,
                                p("httpRuntime.runtimeEndpoint"),
                                format!(
                                    "target \"{}\" references endpoint \"{}\" which does not exist on runtime \"{}\".",
                                    t.name.value, e.value, r.name.value
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
        for (i, c) in cfgs.value.iter().enumerate() {
            if c.name.value.chars().count() > 64
                || !regex!(r"^[a-zA-Z][a-zA-Z0-9_-]*$").is_match(&c.name.value)
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

fn s3_uri(path: &str, uri: &crate::project::Spanned<String>, d: &mut Vec<Diagnostic>) {
    if !regex!(r"^s3://.{1,2043}$").is_match(&uri.value) {
        d.push(invalid(path, uri.span, "S3 URIs look like s3://bucket/key"));
    }
}

/// `<type> targets require outbound auth (A, B or C)`, from the auth table.
fn auth_required_message(ty: TargetType) -> String {
    let names: Vec<&str> = ty.auth().accepted.iter().map(|a| a.as_str()).collect();
    let list = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("{ty} targets require outbound auth ({list})")
}

fn required_and_forbidden(t: &Target, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.value;
    let p = |f: &str| format!("{}.{f}", t.path);
    let required = |ok: bool, field: &str, msg: String, d: &mut Vec<Diagnostic>| {
        if !ok {
            d.push(
                Diagnostic::new(Code::TargetConfigRequired, p(field), msg).at(t.target_type.span),
            );
        }
    };
    match ty {
        TargetType::ApiGateway => required(
            t.api_gateway.is_some(),
            "apiGateway",
            "apiGateway config is required for apiGateway target type".into(),
            d,
        ),
        TargetType::OpenApiSchema | TargetType::SmithyModel => required(
            t.schema_source.is_some(),
            "schemaSource",
            format!("{ty} targets require a schemaSource."),
            d,
        ),
        TargetType::LambdaFunctionArn => required(
            t.lambda_function_arn.is_some(),
            "lambdaFunctionArn",
            "lambdaFunctionArn config is required for lambdaFunctionArn target type".into(),
            d,
        ),
        TargetType::McpServer => required(
            t.endpoint.is_some() || t.compute.is_some(),
            "endpoint",
            "MCP Server targets require either an endpoint URL or compute configuration.".into(),
            d,
        ),
        TargetType::HttpRuntime => required(
            t.http_runtime.is_some(),
            "httpRuntime",
            "httpRuntime targets require an httpRuntime configuration (with a runtime reference)."
                .into(),
            d,
        ),
        TargetType::Passthrough => required(
            t.passthrough.is_some(),
            "passthrough",
            "passthrough targets require a passthrough configuration (with an endpoint).".into(),
            d,
        ),
        TargetType::Lambda => {
            required(
                t.compute.is_some(),
                "compute",
                "Lambda targets require compute configuration.".into(),
                d,
            );
            required(
                t.tool_definitions
                    .as_ref()
                    .is_some_and(|x| !x.value.is_empty()),
                "toolDefinitions",
                "Lambda targets require at least one tool definition.".into(),
                d,
            );
        }
        TargetType::Connector => required(
            t.connector_id.is_some(),
            "connectorId",
            "connectorId is required for connector target type".into(),
            d,
        ),
    }
    use TargetField as F;
    let present: [(TargetField, Option<Span>); 8] = [
        (F::Compute, t.compute.as_ref().map(|c| c.span)),
        (F::Endpoint, t.endpoint.as_ref().map(|x| x.span)),
        (F::ApiGateway, t.api_gateway.as_ref().map(|x| x.span)),
        (
            F::LambdaFunctionArn,
            t.lambda_function_arn.as_ref().map(|x| x.span),
        ),
        (
            F::ToolDefinitions,
            t.tool_definitions.as_ref().map(|x| x.span),
        ),
        (
            F::SchemaSource,
            t.schema_source.as_ref().map(|x| match x {
                SchemaSource::Inline { span, .. } | SchemaSource::S3 { span, .. } => *span,
            }),
        ),
        (F::HttpRuntime, t.http_runtime.as_ref().map(|x| x.span)),
        (F::Passthrough, t.passthrough.as_ref().map(|x| x.span)),
    ];
    let forbidden = ty.forbidden();
    for (field, span) in present {
        let Some(span) = span else { continue };
        if !forbidden.contains(&field) {
            continue;
        }
        use TargetType as T;
        let msg = match (ty, field) {
            (T::HttpRuntime, F::Endpoint) => "httpRuntime targets should use httpRuntime.runtimeEndpoint instead of endpoint.".to_string(),
            (T::Passthrough, F::Endpoint) => "passthrough targets should use passthrough.endpoint instead of endpoint.".to_string(),
            (T::ApiGateway, F::ToolDefinitions) => "toolDefinitions is not applicable for apiGateway target type (tools are auto-discovered)".to_string(),
            (T::LambdaFunctionArn, F::ToolDefinitions) => "toolDefinitions is not applicable for lambdaFunctionArn target type (tools are defined via toolSchemaFile)".to_string(),
            (_, F::ApiGateway) => format!("apiGateway config is not applicable for {ty} target type"),
            _ => format!("{} is not applicable for {ty} target type", field.key()),
        };
        d.push(Diagnostic::new(Code::NotApplicable, p(field.key()), msg).at(span));
    }
    if ty != TargetType::Connector {
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
    if ty == TargetType::McpServer {
        if let Some(td) = &t.tool_definitions {
            d.push(
                Diagnostic::new(
                    Code::IgnoredSetting,
                    p("toolDefinitions"),
                    "`toolDefinitions` on an mcpServer target is not synthesized: the gateway lists the MCP server's own tools (CloudFormation's McpServer target takes no tool definitions in this form)",
                )
                .at(td.span)
                .help("remove `toolDefinitions`; the tools the server offers are what the gateway exposes"),
            );
        }
    }
    if let Some(td) = &t.tool_definitions {
        tool_definitions(&p("toolDefinitions"), &td.value, d);
    }
    if ty == TargetType::LambdaFunctionArn {
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
    if t.target_type.value == TargetType::LambdaFunctionArn {
        return; // outboundAuth itself is not applicable (reported above)
    }
    auth_type_rules(t, a, d);
    auth_sigv4_values(a, d);
    auth_field_rules(t, a, d);
    auth_values(a, d);
}

/// The auth type against the target type's table, and what each type needs.
fn auth_type_rules(t: &Target, a: &OutboundAuth, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.value;
    let kind = a.kind();
    let AuthRule {
        required,
        accepted: valid,
        ..
    } = ty.auth();
    let ap = |f: &str| format!("{}.{f}", a.path);
    let type_span = a.auth_type.as_ref().map(|x| x.span).unwrap_or(a.span);
    let iam_passthrough = ty == TargetType::Passthrough && kind == AuthType::GatewayIamRole;
    if required && kind == AuthType::None {
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
    } else if !valid.contains(&kind) && (kind != AuthType::None || required) {
        d.push(
            Diagnostic::new(
                Code::AuthNotSupported,
                a.path.clone(),
                format!("{ty} targets do not support {kind} outbound auth"),
            )
            .at(type_span)
            .help(format!(
                "{ty} targets accept: {}",
                valid
                    .iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    if !matches!(
        kind,
        AuthType::None | AuthType::GatewayIamRole | AuthType::JwtPassthrough
    ) && a.credential_name.is_none()
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
    if iam_passthrough && a.service.is_none() {
        d.push(
            Diagnostic::new(
                Code::AuthNeedsCredential,
                ap("service"),
                "GATEWAY_IAM_ROLE outbound auth on passthrough targets requires a service name.",
            )
            .at(type_span),
        );
    }
    if kind == AuthType::JwtPassthrough && ty != TargetType::Passthrough {
        d.push(
            Diagnostic::new(
                Code::AuthNotSupported,
                ap("type"),
                "JWT_PASSTHROUGH outbound auth is only valid for passthrough targets.",
            )
            .at(type_span),
        );
    }
}

/// `service` and `region` (SigV4 signing) values.
fn auth_sigv4_values(a: &OutboundAuth, d: &mut Vec<Diagnostic>) {
    let ap = |f: &str| format!("{}.{f}", a.path);
    if let Some(s) = &a.service {
        if s.value.is_empty()
            || s.value.chars().count() > 64
            || !regex!(r"^[a-zA-Z0-9._-]+$").is_match(&s.value)
        {
            d.push(invalid(
                ap("service"),
                s.span,
                "`service` must be 1 to 64 characters of letters, digits, . _ -",
            ));
        }
    }
    if let Some(r) = &a.region {
        if r.value.is_empty()
            || r.value.chars().count() > 32
            || !regex!(r"^[a-zA-Z0-9-]+$").is_match(&r.value)
        {
            d.push(invalid(
                ap("region"),
                r.span,
                "`region` must be 1 to 32 characters of letters, digits and -",
            ));
        }
    }
}

/// This compiler's fields: each belongs to one auth type.
fn auth_field_rules(t: &Target, a: &OutboundAuth, d: &mut Vec<Diagnostic>) {
    let ty = t.target_type.value;
    let kind = a.kind();
    let ap = |f: &str| format!("{}.{f}", a.path);
    let type_span = a.auth_type.as_ref().map(|x| x.span).unwrap_or(a.span);
    let iam_passthrough = ty == TargetType::Passthrough && kind == AuthType::GatewayIamRole;
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
        if let (Some(span), false) = (span, kind == AuthType::OAuth) {
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
    if let (Some(k), false) = (&a.api_key, kind == AuthType::ApiKey) {
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
        if let (Some(span), false) = (span, iam_passthrough) {
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
}

/// `defaultReturnUrl`, `customParameters`, `apiKey` placement and `scopes` values.
fn auth_values(a: &OutboundAuth, d: &mut Vec<Diagnostic>) {
    let ap = |f: &str| format!("{}.{f}", a.path);
    if let Some(u) = &a.default_return_url {
        if u.value.is_empty()
            || u.value.len() > 2048
            || !regex!(r"^[0-9A-Za-z_]+:(/?/?)[^\s]+$").is_match(&u.value)
        {
            d.push(invalid(
                ap("defaultReturnUrl"),
                u.span,
                "`defaultReturnUrl` must be a URL",
            ));
        }
    }
    if let Some(cp) = &a.custom_parameters {
        if cp.value.is_empty() || cp.value.len() > 10 {
            d.push(invalid(
                ap("customParameters"),
                cp.span,
                "`customParameters` must have 1 to 10 entries",
            ));
        }
        for (k, v) in &cp.value {
            if v.value.is_empty() || v.value.chars().count() > 2048 {
                d.push(invalid(
                    format!("{}.{}", ap("customParameters"), k.value),
                    v.span,
                    "custom parameter values must be 1 to 2048 characters",
                ));
            }
        }
    }
    if let Some(k) = &a.api_key {
        for (field, v) in [("parameterName", &k.parameter_name), ("prefix", &k.prefix)] {
            if let Some(v) = v {
                if v.value.is_empty() || v.value.chars().count() > 64 {
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
        if sc.value.len() > 100 {
            d.push(invalid(ap("scopes"), sc.span, "at most 100 scopes"));
        }
        for (i, s) in sc.value.iter().enumerate() {
            if s.value.is_empty() || s.value.chars().count() > 128 {
                d.push(invalid(
                    format!("{}[{i}]", ap("scopes")),
                    s.span,
                    "scopes must be 1 to 128 characters",
                ));
            }
        }
    }
}

/// `toolDefinitions[]`: strict `{name 1–128, description ≥ 1, inputSchema,
/// outputSchema?}` (the AgentCore CLI's shape).
pub(super) fn tool_definitions(base: &str, items: &[crate::json::Node], d: &mut Vec<Diagnostic>) {
    for (i, item) in items.iter().enumerate() {
        tool_definition(&format!("{base}[{i}]"), item, d);
    }
}

/// One tool definition at `path`.
pub(super) fn tool_definition(path: &str, item: &crate::json::Node, d: &mut Vec<Diagnostic>) {
    use crate::json::Kind;
    {
        let Kind::Object(entries) = &item.kind else {
            d.push(crate::project::read::wrong_type(item, path, "an object"));
            return;
        };
        for e in entries {
            if !matches!(
                e.key.as_str(),
                "name" | "description" | "inputSchema" | "outputSchema"
            ) {
                d.push(
                    Diagnostic::new(
                        Code::UnknownKey,
                        format!("{path}.{}", e.key),
                        format!("unknown key `{}` in `{path}`", e.key),
                    )
                    .at(e.key_span),
                );
            }
        }
        for key in ["name", "description"] {
            match item.get(key) {
                None => d.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{path}.{key}"),
                        format!("missing required field `{key}` in `{path}`"),
                    )
                    .at(item.span),
                ),
                Some(n) => match n.as_str() {
                    Some(s) if !s.is_empty() && (key != "name" || s.chars().count() <= 128) => {}
                    _ => d.push(invalid(
                        format!("{path}.{key}"),
                        n.span,
                        if key == "name" {
                            "tool names are 1 to 128 characters"
                        } else {
                            "a tool needs a description"
                        },
                    )),
                },
            }
        }
        for key in ["inputSchema", "outputSchema"] {
            match item.get(key) {
                None if key == "inputSchema" => d.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{path}.{key}"),
                        format!("missing required field `{key}` in `{path}`"),
                    )
                    .at(item.span),
                ),
                Some(n) if !matches!(n.kind, Kind::Object(_)) => {
                    d.push(crate::project::read::wrong_type(
                        n,
                        &format!("{path}.{key}"),
                        "a schema object",
                    ))
                }
                _ => {}
            }
        }
    }
}
