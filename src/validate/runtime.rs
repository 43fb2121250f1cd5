//! Runtime rules of the AgentCore CLI (with its messages), CloudFormation's
//! limits where they are narrower, and this compiler's own: the
//! `credentials` / `memories` a runtime may use, and on-behalf-of token
//! exchange only behind a CUSTOM_JWT inbound authorizer.

use super::{invalid, unique};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity, Span};
use crate::project::catalog::{AuthorizerType, BuildKind, NetworkMode};
use crate::project::runtime::{injected_env, Filesystem, Names, Runtime};
use crate::project::{CredentialKind, Project, Spanned};
use crate::validate::regex;

/// CloudFormation's `EnvironmentVariables` limits.
pub const MAX_ENV_VARS: usize = 50;
const MAX_ENV_KEY: usize = 128;
const MAX_ENV_VALUE: usize = 2048;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .runtimes
            .iter()
            .map(|r| (&r.name, format!("{}.name", r.path))),
        |n| format!("Duplicate agent name: {n}"),
        d,
    );
    for r in &project.runtimes {
        runtime(project, r, d);
    }
}

fn runtime(project: &Project, r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", r.path);
    names(project, r, d);
    super::description(p("description"), r.description.as_ref(), d);
    if !regex!(r"^[a-zA-Z0-9_][a-zA-Z0-9_/.-]*\.(py|ts|js)(:[a-zA-Z_][a-zA-Z0-9_]*)?$")
        .is_match(&r.entrypoint.value)
    {
        d.push(invalid(p("entrypoint"), r.entrypoint.span, "Must be a Python (.py) or TypeScript (.ts/.js) file path with optional handler (e.g., \"main.py:handler\" or \"index.ts\")"));
    }
    if r.code_location.value.is_empty() {
        d.push(invalid(
            p("codeLocation"),
            r.code_location.span,
            "`codeLocation` must not be empty",
        ));
    }
    artifact(r, d);
    env_vars(project, r, d);
    network(r, d);
    headers(r, d);
    lifecycle(r, d);
    authorizer(r, d);
    filesystems(r, d);
    endpoints(r, d);
    if let Some(span) = r.connections {
        d.push(
            Diagnostic::new(
                Code::RuntimeNotInCloudFormation,
                p("connections"),
                format!("runtime \"{}\": `connections` are not synthesized by agentcore-synth yet", r.name.value),
            )
            .at(span)
            .help("remove `connections`: every runtime is wired to the project's memories, credentials and gateways (narrow them with `memories` and `credentials`)"),
        );
    }
    capacity_provider(r, d);
    uses(project, r, d);
    role(project, r, d);
    super::tags::check(&r.tags, &p("tags"), d);
    super::tags::check_merged(&project.tags, &r.tags, &p("tags"), d);
}

fn names(project: &Project, r: &Runtime, d: &mut Vec<Diagnostic>) {
    if !regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").is_match(&r.name.value) {
        d.push(invalid(
            format!("{}.name", r.path),
            r.name.span,
            "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)",
        ));
        return;
    }
    let full = r.resource_name(&project.name.value);
    let len = full.chars().count();
    if len > 48 {
        d.push(
            Diagnostic::new(
                Code::ComposedName,
                format!("{}.name", r.path),
                format!("Runtime name too long: \"{full}\" ({len} chars). AWS limits runtime names to 48 characters. Shorten the project name or agent name in agentcore.json."),
            )
            .at(r.name.span)
            .label(project.name.span, "the project name is the prefix"),
        );
    }
}

fn artifact(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", r.path);
    match r.build.value {
        BuildKind::CodeZip => {
            for (field, span) in &r.build_inputs {
                d.push(invalid(
                    p(field),
                    *span,
                    format!("{field} is only allowed for Container builds"),
                ));
            }
            match &r.runtime_version {
                None => d.push(
                    Diagnostic::new(
                        Code::MissingField,
                        p("runtimeVersion"),
                        "runtimeVersion is required for CodeZip builds",
                    )
                    .at(r.build.span)
                    .help("add e.g. \"runtimeVersion\": \"PYTHON_3_13\""),
                ),
                Some(v) if !v.value.in_cloudformation() => d.push(
                    Diagnostic::new(
                        Code::RuntimeNotInCloudFormation,
                        p("runtimeVersion"),
                        format!("`{}` is accepted by the AgentCore CLI but not by CloudFormation, whose runtimes are PYTHON_3_10 to PYTHON_3_14 and NODE_22", v.value),
                    )
                    .at(v.span)
                    .help("use \"NODE_22\""),
                ),
                Some(_) => {}
            }
        }
        BuildKind::Container => {
            if let Some((_, first)) = r.build_inputs.first() {
                let fields: Vec<&str> = r.build_inputs.iter().map(|(f, _)| *f).collect();
                d.push(
                    Diagnostic::new(
                        Code::BuildInput,
                        p(fields[0]),
                        format!(
                            "runtime \"{}\": {} {} used by `docker build`, not by the template (the image URI is a template parameter)",
                            r.name.value,
                            fields.join(", "),
                            if fields.len() == 1 { "is" } else { "are" },
                        ),
                    )
                    .at(*first),
                );
            }
            for (field, span) in [
                ("runtimeVersion", r.runtime_version.as_ref().map(|v| v.span)),
                ("instrumentation", r.instrumentation),
            ] {
                if let Some(span) = span {
                    d.push(
                        Diagnostic::new(
                            Code::IgnoredSetting,
                            p(field),
                            format!("`{field}` has no effect on a Container runtime: the image decides how it runs"),
                        )
                        .at(span),
                    );
                }
            }
        }
    }
}

fn env_vars(project: &Project, r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |i: usize, f: &str| format!("{}.envVars[{i}].{f}", r.path);
    let env = |path: String, span: Span, msg: String| {
        Diagnostic::new(Code::EnvironmentVariables, path, msg).at(span)
    };
    let injected = injected_env(project, r);
    let mut seen: Vec<&Spanned<String>> = Vec::new();
    for (i, (k, v)) in r.env_vars.iter().enumerate() {
        if !regex!(r"^[A-Za-z_][A-Za-z0-9_]*$").is_match(&k.value) {
            d.push(invalid(p(i, "name"), k.span, "Must start with a letter or underscore, contain only letters, digits, and underscores"));
        } else if k.value.len() > MAX_ENV_KEY {
            d.push(env(
                p(i, "name"),
                k.span,
                format!("environment variable names may be at most {MAX_ENV_KEY} characters in CloudFormation"),
            ));
        }
        if v.value.chars().count() > MAX_ENV_VALUE {
            d.push(env(
                p(i, "value"),
                v.span,
                format!("`{}`: environment variable values may be at most {MAX_ENV_VALUE} characters in CloudFormation", k.value),
            ));
        }
        if let Some(first) = seen.iter().find(|s| s.value == k.value) {
            d.push(
                env(
                    p(i, "name"),
                    k.span,
                    format!("`{}` is set twice; the last value wins", k.value),
                )
                .severity(Severity::Warning)
                .label(first.span, "first set here"),
            );
        } else {
            seen.push(k);
        }
        if let Some((_, what)) = injected.iter().find(|(name, _)| *name == k.value) {
            d.push(
                env(
                    p(i, "name"),
                    k.span,
                    format!("`{}` is also set for {what}, and that value wins (as with the AgentCore CLI)", k.value),
                )
                .severity(Severity::Warning)
                .help("rename the variable, or remove it"),
            );
        }
    }
    let mut all: Vec<&str> = r.env_vars.iter().map(|(k, _)| k.value.as_str()).collect();
    all.extend(injected.iter().map(|(k, _)| k.as_str()));
    all.sort_unstable();
    all.dedup();
    if all.len() > MAX_ENV_VARS {
        d.push(
            env(
                format!("{}.envVars", r.path),
                r.span,
                format!(
                    "runtime \"{}\" would have {} environment variables ({} from envVars, {} for the project's memories, credentials and gateways); CloudFormation allows {MAX_ENV_VARS}",
                    r.name.value,
                    all.len(),
                    r.env_vars.len(),
                    injected.len()
                ),
            )
            .help("remove variables, or narrow the runtime's `memories` and `credentials`"),
        );
    }
    // Two project entries whose variables collide (`mem-1` / `MEM_1`).
    for (i, (k, what)) in injected.iter().enumerate() {
        if let Some((_, other)) = injected[..i].iter().find(|(k2, _)| k2 == k) {
            d.push(
                env(
                    r.path.clone(),
                    r.name.span,
                    format!(
                        "runtime \"{}\": `{k}` would be set for both {other} and {what}",
                        r.name.value
                    ),
                )
                .help("rename one of them"),
            );
        }
    }
}

fn network(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", r.path);
    match (r.network(), &r.network_config) {
        (NetworkMode::Vpc, None) => d.push(invalid(
            p("networkConfig"),
            r.network_mode.as_ref().map(|m| m.span).unwrap_or(r.span),
            "networkConfig is required when networkMode is VPC",
        )),
        (NetworkMode::Public, Some(c)) => d.push(invalid(
            p("networkConfig"),
            c.span,
            "networkConfig is only allowed when networkMode is VPC",
        )),
        (NetworkMode::Vpc, Some(c)) => {
            for (field, list, re, msg) in [
                (
                    "subnets",
                    &c.subnets,
                    regex!(r"^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$"),
                    "Must be a subnet id (subnet-...)",
                ),
                (
                    "securityGroups",
                    &c.security_groups,
                    regex!(r"^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$"),
                    "Must be a security group id (sg-...)",
                ),
            ] {
                let path = p(&format!("networkConfig.{field}"));
                match list {
                    None => d.push(
                        Diagnostic::new(
                            Code::MissingField,
                            path,
                            format!("missing required field `{field}` in `networkConfig`"),
                        )
                        .at(c.span),
                    ),
                    Some(l) if l.value.is_empty() || l.value.len() > 16 => d.push(invalid(
                        path,
                        l.span,
                        format!("`{field}` must have 1 to 16 entries"),
                    )),
                    Some(l) => {
                        for (i, s) in l.value.iter().enumerate() {
                            if !re.is_match(&s.value) {
                                d.push(invalid(format!("{path}[{i}]"), s.span, msg));
                            }
                        }
                    }
                }
            }
            if let Some(v) = &c.vpc_id {
                if !regex!(r"^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$").is_match(&v.value) {
                    d.push(invalid(
                        p("networkConfig.vpcId"),
                        v.span,
                        "Must be a VPC id (vpc-...)",
                    ));
                }
            }
        }
        (NetworkMode::Public, None) => {}
    }
}

fn headers(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let Some(l) = &r.request_header_allowlist else {
        return;
    };
    let base = format!("{}.requestHeaderAllowlist", r.path);
    if l.value.len() > 20 {
        d.push(invalid(&base, l.span, "Maximum 20 headers allowed"));
    }
    for (i, h) in l.value.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let lower = h.value.to_ascii_lowercase();
        if !regex!(r"^[A-Za-z0-9\-_]+$").is_match(&h.value) {
            d.push(invalid(path, h.span, format!("Header name \"{}\" must contain only alphanumeric characters, hyphens, and underscores.", h.value)));
        } else if lower.starts_with("x-amz-") {
            d.push(invalid(path, h.span, format!("Header \"{}\" is not allowed. Headers starting with \"x-amz-\" are reserved for AWS request signing.", h.value)));
        } else if lower.starts_with("x-amzn-")
            && !lower.starts_with("x-amzn-bedrock-agentcore-runtime-custom-")
        {
            d.push(invalid(path, h.span, format!("Header \"{}\" is not allowed. Headers starting with \"x-amzn-\" are reserved, except for \"X-Amzn-Bedrock-AgentCore-Runtime-Custom-*\".", h.value)));
        } else if !h.value.starts_with(|c: char| c.is_ascii_alphabetic()) || h.value.len() > 256 {
            d.push(
                Diagnostic::new(
                    Code::RuntimeNotInCloudFormation,
                    path,
                    format!("header \"{}\": CloudFormation requires header names to start with a letter (at most 256 characters)", h.value),
                )
                .at(h.span),
            );
        }
    }
    if let Some((i, h)) = l
        .value
        .iter()
        .enumerate()
        .find(|(i, h)| l.value[..*i].iter().any(|x| x.value == h.value))
    {
        d.push(invalid(
            format!("{base}[{i}]"),
            h.span,
            format!(
                "header \"{}\" is listed twice; CloudFormation requires unique entries",
                h.value
            ),
        ));
    }
}

fn lifecycle(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let Some(l) = &r.lifecycle else { return };
    let p = |f: &str| format!("{}.lifecycleConfiguration.{f}", r.path);
    for (field, v) in [
        ("idleRuntimeSessionTimeout", &l.idle),
        ("maxLifetime", &l.max),
    ] {
        if let Some(v) = v {
            if !(60..=28800).contains(&v.value) {
                d.push(invalid(
                    p(field),
                    v.span,
                    format!("`{field}` must be between 60 and 28800 seconds"),
                ));
            }
        }
    }
    if let (Some(i), Some(m)) = (&l.idle, &l.max) {
        if i.value > m.value {
            d.push(invalid(
                p("idleRuntimeSessionTimeout"),
                i.span,
                "idleRuntimeSessionTimeout must be <= maxLifetime",
            ));
        }
    }
}

fn authorizer(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", r.path);
    if let Some(t) = &r.authorizer_type {
        if t.value == AuthorizerType::None {
            d.push(
                Diagnostic::new(
                    Code::InvalidEnum,
                    p("authorizerType"),
                    "`NONE` is not a valid value for `authorizerType` of a runtime; expected one of: AWS_IAM, CUSTOM_JWT",
                )
                .at(t.span),
            );
            return;
        }
    }
    match (r.authorizer(), &r.jwt) {
        (AuthorizerType::CustomJwt, None) => d.push(
            Diagnostic::new(
                Code::JwtAuthorizer,
                p("authorizerConfiguration"),
                "authorizerConfiguration with customJwtAuthorizer is required when authorizerType is CUSTOM_JWT",
            )
            .at(r.authorizer_configuration.unwrap_or(r.span)),
        ),
        (AuthorizerType::CustomJwt, Some(j)) => {
            super::gateway::jwt(j, d);
            if let Some(span) = j.private_endpoint_overrides {
                d.push(
                    Diagnostic::new(
                        Code::RuntimeNotInCloudFormation,
                        format!("{}.privateEndpointOverrides", j.path),
                        "`privateEndpointOverrides` of a runtime authorizer are not synthesized by agentcore-synth yet",
                    )
                    .at(span)
                    .help("remove `privateEndpointOverrides` and set them with the AgentCore API after deployment"),
                );
            }
        }
        _ => {
            if let Some(span) = r.authorizer_configuration {
                d.push(
                    Diagnostic::new(
                        Code::JwtAuthorizer,
                        p("authorizerConfiguration"),
                        "authorizerConfiguration is only allowed when authorizerType is CUSTOM_JWT",
                    )
                    .at(span),
                );
            }
        }
    }
}

fn filesystems(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let base = format!("{}.filesystemConfigurations", r.path);
    let count = |k: &str| r.filesystems.iter().filter(|f| f.kind() == k).count();
    let span = r.filesystems_span.unwrap_or(r.span);
    for (cond, msg) in [
        (r.filesystems.len() > 5, "Maximum 5 filesystem configurations allowed"),
        (count("efsAccessPoint") > 2, "Maximum 2 efsAccessPoint configurations allowed"),
        (count("s3FilesAccessPoint") > 2, "Maximum 2 s3FilesAccessPoint configurations allowed"),
        (count("sessionStorage") > 1, "Maximum 1 sessionStorage configuration allowed"),
        (
            (count("efsAccessPoint") + count("s3FilesAccessPoint") > 0)
                && r.network() != NetworkMode::Vpc,
            "efsAccessPoint and s3FilesAccessPoint filesystem mounts require networkMode: VPC",
        ),
        (
            count("capacityProviderVolume") > 0 && r.capacity_provider.is_none(),
            "capacityProviderVolume filesystem mounts require the runtime to be attached to a capacity provider (set capacityProviderConfiguration)",
        ),
    ] {
        if cond {
            d.push(invalid(&base, span, msg));
        }
    }
    let mut mounts: Vec<String> = Vec::new();
    for (i, f) in r.filesystems.iter().enumerate() {
        let path = format!("{base}[{i}]");
        if let Filesystem::Invalid { span } = f {
            d.push(invalid(&path, *span, "each filesystem configuration must have exactly one of sessionStorage, efsAccessPoint, s3FilesAccessPoint, capacityProviderVolume (with its required fields)"));
            continue;
        }
        if let Some(m) = f.mount_path() {
            let n = m.value.len();
            if !(6..=200).contains(&n) || !regex!(r"^/mnt/[a-zA-Z0-9._-]+/?$").is_match(&m.value) {
                d.push(invalid(
                    format!("{path}.{}.mountPath", f.kind()),
                    m.span,
                    "Must be a path under /mnt with exactly one subdirectory (e.g. /mnt/data)",
                ));
            }
            let key = m.value.trim_end_matches('/').to_string();
            if mounts.contains(&key) {
                d.push(invalid(
                    &path,
                    m.span,
                    "Filesystem mount paths must be unique",
                ));
            }
            mounts.push(key);
        }
        match f {
            Filesystem::EfsAccessPoint {
                access_point_arn: a,
                ..
            } if !regex!(r"^arn:aws[-a-z]*:elasticfilesystem:[a-z][a-z0-9-]*:[0-9]{12}:access-point/fsap-[0-9a-f]{8,40}$").is_match(&a.value) => {
                d.push(invalid(format!("{path}.efsAccessPoint.accessPointArn"), a.span, "Must be an EFS access point ARN (arn:aws:elasticfilesystem:<region>:<account>:access-point/fsap-...)"));
            }
            Filesystem::S3FilesAccessPoint {
                access_point_arn: a,
                ..
            } if !regex!(r"^arn:aws[-a-z]*:s3files:[a-z][a-z0-9-]*:[0-9]{12}:file-system/fs-[0-9a-f]{17,40}/access-point/fsap-[0-9a-f]{17,40}$").is_match(&a.value) => {
                d.push(invalid(format!("{path}.s3FilesAccessPoint.accessPointArn"), a.span, "Must be an S3 Files access point ARN"));
            }
            Filesystem::CapacityProviderVolume { volume_name: v, .. }
                if !regex!(r"^[a-zA-Z][a-zA-Z0-9_-]{0,47}$").is_match(&v.value) =>
            {
                d.push(invalid(format!("{path}.capacityProviderVolume.volumeName"), v.span, "volume names start with a letter and have at most 48 letters, digits, _ and -"));
            }
            _ => {}
        }
    }
}

fn endpoints(r: &Runtime, d: &mut Vec<Diagnostic>) {
    for e in &r.endpoints {
        if !regex!(r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$").is_match(&e.name.value) {
            d.push(invalid(&e.path, e.name.span, "Must begin with a letter and contain only alphanumeric characters and underscores (max 48 chars)"));
        }
        if let Some(v) = &e.version {
            if !(1..=99999).contains(&v.value) {
                d.push(invalid(
                    format!("{}.version", e.path),
                    v.span,
                    "`version` must be a runtime version from 1 to 99999",
                ));
            }
        }
        super::description(format!("{}.description", e.path), e.description.as_ref(), d);
    }
}

fn capacity_provider(r: &Runtime, d: &mut Vec<Diagnostic>) {
    let Some(c) = &r.capacity_provider else {
        return;
    };
    let path = format!("{}.capacityProviderConfiguration", r.path);
    match (&c.arn, &c.name) {
        (Some(_), Some(_)) | (None, None) => d.push(invalid(
            &path,
            c.span,
            "capacityProviderConfiguration must set exactly one of capacityProviderArn or capacityProviderName",
        )),
        (None, Some(n)) => d.push(
            Diagnostic::new(
                Code::RuntimeNotInCloudFormation,
                format!("{path}.capacityProviderName"),
                "capacity providers are not synthesized by agentcore-synth yet, so a runtime cannot name one",
            )
            .at(n.span)
            .help("give the provider's ARN as `capacityProviderArn`"),
        ),
        (Some(a), None) => {
            if !regex!(r"^arn:aws(-[^:]+)?:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:capacity-provider/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}$").is_match(&a.value) {
                d.push(invalid(format!("{path}.capacityProviderArn"), a.span, "Must be a capacity provider ARN (arn:aws:bedrock-agentcore:<region>:<account>:capacity-provider/<id>)"));
            }
        }
    }
    if r.network_mode.is_some() || r.network_config.is_some() {
        d.push(invalid(&path, c.span, "capacityProviderConfiguration cannot be combined with a networkMode or VPC networking — a capacity provider supplies its own network topology, so leave networkMode/networkConfig unset"));
    }
}

/// `credentials` and `memories`: names that exist; token exchange only
/// behind a CUSTOM_JWT authorizer.
fn uses(project: &Project, r: &Runtime, d: &mut Vec<Diagnostic>) {
    let lists: [(&str, &Option<Names>, Vec<&str>); 2] = [
        (
            "credentials",
            &r.credentials,
            project
                .credentials
                .iter()
                .map(|c| c.name.value.as_str())
                .collect(),
        ),
        (
            "memories",
            &r.memories,
            project
                .memories
                .iter()
                .map(|m| m.name.value.as_str())
                .collect(),
        ),
    ];
    for (field, list, known) in lists {
        let Some(l) = list else { continue };
        let what = if field == "credentials" {
            "credential"
        } else {
            "memory"
        };
        for (i, n) in l.value.iter().enumerate() {
            let path = format!("{}.{field}[{i}]", r.path);
            if !known.contains(&n.value.as_str()) {
                d.push(
                    Diagnostic::new(
                        Code::RuntimeReference,
                        path,
                        format!(
                            "runtime \"{}\" lists unknown {what} \"{}\"",
                            r.name.value, n.value
                        ),
                    )
                    .at(n.span)
                    .help_opt(did_you_mean(&n.value, known.iter().copied())),
                );
            } else if l.value[..i].iter().any(|x| x.value == n.value) {
                d.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        path,
                        format!("{what} \"{}\" is listed twice", n.value),
                    )
                    .at(n.span)
                    .severity(Severity::Warning),
                );
            }
        }
    }
    if r.authorizer() == AuthorizerType::CustomJwt {
        return;
    }
    for c in project.runtime_credentials(r) {
        let CredentialKind::OAuth(o) = &c.kind else {
            continue;
        };
        if o.token_exchange.is_none() {
            continue;
        }
        let listed = r
            .credentials
            .as_ref()
            .and_then(|l| l.value.iter().find(|n| n.value == c.name.value));
        let msg = format!(
            "runtime \"{}\" may exchange tokens on behalf of a user with credential \"{}\", but has no CUSTOM_JWT inbound authorizer: there is no user token to exchange",
            r.name.value, c.name.value
        );
        let help = "give the runtime `authorizerType: \"CUSTOM_JWT\"` with a customJwtAuthorizer, or leave the credential out of its `credentials`";
        let diag = match listed {
            Some(n) => Diagnostic::new(Code::OboNeedsJwt, format!("{}.credentials", r.path), msg)
                .at(n.span)
                .label(c.name.span, "token-exchange credential defined here"),
            None => Diagnostic::new(Code::OboNeedsJwt, r.path.clone(), msg)
                .at(r.name.span)
                .label(c.name.span, "token-exchange credential defined here")
                .severity(Severity::Warning),
        };
        d.push(diag.help(if listed.is_some() {
            help.to_string()
        } else {
            format!("{help}; list the runtime's `credentials` to say which it uses")
        }));
    }
}

fn role(project: &Project, r: &Runtime, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", r.path);
    for (i, e) in r.additional_policies.iter().enumerate() {
        if e.value.starts_with("arn:") {
            if !regex!(r"^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$").is_match(&e.value) {
                d.push(
                    Diagnostic::new(
                        Code::AdditionalPolicy,
                        format!("{}.additionalPolicies[{i}]", r.path),
                        format!("`{}` is not a managed policy ARN (arn:aws:iam::<account or aws>:policy/<name>)", e.value),
                    )
                    .at(e.span),
                );
            }
        } else if e.value.is_empty() {
            d.push(invalid(
                format!("{}.additionalPolicies[{i}]", r.path),
                e.span,
                "entries must not be empty",
            ));
        }
    }
    let Some(arn) = &r.execution_role_arn else {
        return;
    };
    if !regex!(r"^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+$").is_match(&arn.value) {
        d.push(invalid(
            p("executionRoleArn"),
            arn.span,
            "`executionRoleArn` must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
        ));
    }
    let mut missing = Vec::new();
    if !r.additional_policies.is_empty() {
        missing.push("its additionalPolicies".to_string());
    }
    if project.runtime_credentials(r).next().is_some() {
        missing.push("token retrieval for its credentials".into());
    }
    if project.runtime_memories(r).next().is_some() {
        missing.push("access to its memories".into());
    }
    if project
        .gateways
        .iter()
        .any(|g| g.authorizer() == AuthorizerType::AwsIam)
    {
        missing.push("bedrock-agentcore:InvokeGateway on the project's AWS_IAM gateways".into());
    }
    if !missing.is_empty() {
        d.push(
            Diagnostic::new(
                Code::ImportedRole,
                p("executionRoleArn"),
                format!(
                    "runtime \"{}\" uses an existing executionRoleArn, which this template does not change; it must already allow {}",
                    r.name.value,
                    missing.join(", ")
                ),
            )
            .at(arn.span)
            .help("docs/runtimes.md lists the statements a generated role would have"),
        );
    }
}
