//! `runtimes[]`: agent runtimes (`AgentEnvSpec` in the AgentCore CLI, a
//! non-strict object: unknown keys are dropped by the CLI, so they are
//! warnings here). This compiler adds `credentials` and `memories`: the
//! credential providers and memories a runtime may use (absent: all of the
//! project's, as the CLI wires them).

use super::catalog::{AuthorizerType, BuildKind, NetworkMode, RuntimeProtocol, RuntimeVersion};
use super::gateway::JwtAuthorizer;
use super::read::{as_obj, items, Obj, Spanned, Strictness};
use super::{Credential, CredentialKind, Gateway, Memory, Project, Tags};
use crate::diagnostics::{Diagnostic, Span};
use crate::json::{Kind, Node};

pub type Names = Spanned<Vec<Spanned<String>>>;

#[derive(Debug, Clone)]
pub struct Runtime {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub build: Spanned<BuildKind>,
    pub entrypoint: Spanned<String>,
    pub code_location: Spanned<String>,
    /// Container build inputs: used by `docker build`, not by the template.
    pub build_inputs: Vec<(&'static str, Span)>,
    pub runtime_version: Option<Spanned<RuntimeVersion>>,
    pub env_vars: Vec<(Spanned<String>, Spanned<String>)>,
    pub network_mode: Option<Spanned<NetworkMode>>,
    pub network_config: Option<NetworkConfig>,
    /// `instrumentation.enableOtel` (default true).
    pub enable_otel: Option<Spanned<bool>>,
    pub instrumentation: Option<Span>,
    pub protocol: Option<Spanned<RuntimeProtocol>>,
    pub request_header_allowlist: Option<Names>,
    pub execution_role_arn: Option<Spanned<String>>,
    pub additional_policies: Vec<Spanned<String>>,
    pub authorizer_type: Option<Spanned<AuthorizerType>>,
    pub authorizer_configuration: Option<Span>,
    pub jwt: Option<JwtAuthorizer>,
    pub tags: Tags,
    pub lifecycle: Option<Lifecycle>,
    pub filesystems: Vec<Filesystem>,
    pub filesystems_span: Option<Span>,
    pub endpoints: Vec<Endpoint>,
    pub connections: Option<Span>,
    pub capacity_provider: Option<CapacityProvider>,
    pub credentials: Option<Names>,
    pub memories: Option<Names>,
    /// A runtime that hosts a gateway target's code (`compute.runtime`):
    /// no injected environment and no gateway wiring, as with the CLI.
    pub hosted_tool: bool,
}

impl Runtime {
    /// `AgentRuntimeName`: `<project>_<runtime>`, as the CLI names it.
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
    pub fn authorizer(&self) -> AuthorizerType {
        self.authorizer_type
            .as_ref()
            .map(|a| a.value)
            .unwrap_or(AuthorizerType::AwsIam)
    }
    pub fn network(&self) -> NetworkMode {
        self.network_mode
            .as_ref()
            .map(|n| n.value)
            .unwrap_or(NetworkMode::Public)
    }
    pub fn protocol(&self) -> RuntimeProtocol {
        self.protocol
            .as_ref()
            .map(|p| p.value)
            .unwrap_or(RuntimeProtocol::Http)
    }
    /// Whether the runtime may use the project entry `name` of a list it can
    /// narrow (`credentials`, `memories`): absent means all of them.
    pub fn may_use(list: &Option<Names>, name: &str) -> bool {
        match list {
            None => true,
            Some(l) => l.value.iter().any(|n| n.value == name),
        }
    }
    /// The entry point file: `entrypoint` without its `:handler`.
    pub fn entry_file(&self) -> &str {
        let e = self.entrypoint.value.as_str();
        e.split_once(':').map(|(f, _)| f).unwrap_or(e)
    }
    pub fn otel(&self) -> bool {
        self.enable_otel.as_ref().is_none_or(|e| e.value)
    }
}

/// The environment variables the AgentCore CLI's CDK injects into an agent
/// runtime, in its order, with what each is for: `MEMORY_<NAME>_ID` per
/// memory, `CREDENTIAL_<NAME>_NAME` per credential (those the runtime may
/// use), and `AGENTCORE_GATEWAY_<NAME>_{URL,AUTH_TYPE}` per gateway, plus
/// `…_CREDENTIAL_PROVIDER` for a CUSTOM_JWT gateway with a `<gateway>-oauth`
/// credential.
pub fn injected_env<'a>(p: &'a Project, r: &'a Runtime) -> Vec<(String, Injected<'a>)> {
    let mut out = Vec::new();
    if r.hosted_tool {
        return out;
    }
    for m in p.runtime_memories(r) {
        out.push((
            format!("MEMORY_{}_ID", m.name.value.to_uppercase()),
            Injected::MemoryId(m),
        ));
    }
    for c in p.runtime_credentials(r) {
        out.push((
            format!(
                "CREDENTIAL_{}_NAME",
                c.name.value.to_uppercase().replace(['.', '-'], "_")
            ),
            Injected::CredentialName(c),
        ));
    }
    for g in &p.gateways {
        let prefix = format!(
            "AGENTCORE_GATEWAY_{}",
            g.name.value.to_uppercase().replace('-', "_")
        );
        out.push((format!("{prefix}_URL"), Injected::GatewayUrl(g)));
        out.push((format!("{prefix}_AUTH_TYPE"), Injected::GatewayAuthType(g)));
        if let Some(c) = gateway_credential(p, r, g) {
            out.push((
                format!("{prefix}_CREDENTIAL_PROVIDER"),
                Injected::GatewayProvider(g, c),
            ));
        }
    }
    for t in &p.mcp_runtime_tools {
        for b in t
            .bindings
            .iter()
            .filter(|b| b.runtime_name.value == r.name.value)
        {
            out.push((b.env_var_name.value.clone(), Injected::ToolRuntimeArn(t)));
        }
    }
    out
}

/// The `<gateway>-oauth` OAuth credential a runtime uses to call a
/// CUSTOM_JWT gateway (the CLI's convention), if the runtime may use it.
pub fn gateway_credential<'a>(
    p: &'a Project,
    r: &'a Runtime,
    g: &'a Gateway,
) -> Option<&'a Credential> {
    if g.authorizer() != AuthorizerType::CustomJwt {
        return None;
    }
    let c = p.credential(&format!("{}-oauth", g.name.value))?;
    (Runtime::may_use(&r.credentials, &c.name.value) && matches!(c.kind, CredentialKind::OAuth(_)))
        .then_some(c)
}

/// What an injected environment variable holds.
#[derive(Debug, Clone, Copy)]
pub enum Injected<'a> {
    MemoryId(&'a Memory),
    CredentialName(&'a Credential),
    GatewayUrl(&'a Gateway),
    GatewayAuthType(&'a Gateway),
    GatewayProvider(&'a Gateway, &'a Credential),
    /// A binding of an `mcpRuntimeTools` entry.
    ToolRuntimeArn(&'a super::mcp_tool::McpRuntimeTool),
}

impl std::fmt::Display for Injected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Injected::MemoryId(m) => write!(f, "memory \"{}\" (its ID)", m.name.value),
            Injected::CredentialName(c) => {
                write!(f, "credential \"{}\" (its provider name)", c.name.value)
            }
            Injected::GatewayUrl(g) => write!(f, "gateway \"{}\" (its URL)", g.name.value),
            Injected::GatewayAuthType(g) => {
                write!(f, "gateway \"{}\" (its inbound auth type)", g.name.value)
            }
            Injected::ToolRuntimeArn(t) => {
                write!(f, "MCP runtime tool \"{}\" (its runtime ARN)", t.name.value)
            }
            Injected::GatewayProvider(g, _) => write!(
                f,
                "gateway \"{}\" (the credential provider that signs in to it)",
                g.name.value
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NetworkConfig {
    pub span: Span,
    pub subnets: Option<Names>,
    pub security_groups: Option<Names>,
    pub vpc_id: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Lifecycle {
    pub span: Span,
    pub idle: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
}

#[derive(Debug, Clone)]
pub enum Filesystem {
    SessionStorage {
        span: Span,
        mount_path: Spanned<String>,
    },
    EfsAccessPoint {
        span: Span,
        access_point_arn: Spanned<String>,
        mount_path: Spanned<String>,
    },
    S3FilesAccessPoint {
        span: Span,
        access_point_arn: Spanned<String>,
        mount_path: Spanned<String>,
    },
    CapacityProviderVolume {
        span: Span,
        volume_name: Spanned<String>,
        mount_path: Spanned<String>,
    },
    /// Not exactly one arm, or a required field missing: reported.
    Invalid { span: Span },
}

impl Filesystem {
    pub fn span(&self) -> Span {
        match self {
            Filesystem::SessionStorage { span, .. }
            | Filesystem::EfsAccessPoint { span, .. }
            | Filesystem::S3FilesAccessPoint { span, .. }
            | Filesystem::CapacityProviderVolume { span, .. }
            | Filesystem::Invalid { span } => *span,
        }
    }
    pub fn mount_path(&self) -> Option<&Spanned<String>> {
        match self {
            Filesystem::SessionStorage { mount_path, .. }
            | Filesystem::EfsAccessPoint { mount_path, .. }
            | Filesystem::S3FilesAccessPoint { mount_path, .. }
            | Filesystem::CapacityProviderVolume { mount_path, .. } => Some(mount_path),
            Filesystem::Invalid { .. } => None,
        }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            Filesystem::SessionStorage { .. } => "sessionStorage",
            Filesystem::EfsAccessPoint { .. } => "efsAccessPoint",
            Filesystem::S3FilesAccessPoint { .. } => "s3FilesAccessPoint",
            Filesystem::CapacityProviderVolume { .. } => "capacityProviderVolume",
            Filesystem::Invalid { .. } => "",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub path: String,
    pub name: Spanned<String>,
    pub version: Option<Spanned<i64>>,
    pub description: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct CapacityProvider {
    pub span: Span,
    pub arn: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Runtime> {
    items(arr, base)
        .filter_map(|(p, n)| decode(n, &p, d))
        .collect()
}

fn decode(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Runtime> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let description = o.string("description", d);
    let build = required_word::<BuildKind>(&mut o, "build", d);
    let entrypoint = o.req_string("entrypoint", d);
    let code_location = o.req_string("codeLocation", d);
    let mut build_inputs = Vec::new();
    for key in ["dockerfile", "buildContextPath", "customDockerBuildArgs"] {
        if let Some(n) = o.get(key) {
            build_inputs.push((key, n.span));
        }
    }
    let runtime_version = o.word::<RuntimeVersion>("runtimeVersion", d);
    let env_vars = o
        .get("envVars")
        .and_then(|_| {
            let base = o.path_of("envVars");
            let arr = o.array("envVars", d)?;
            Some(
                items(arr, &base)
                    .filter_map(|(p, n)| {
                        let mut e = as_obj(n, &p, d)?;
                        let name = e.req_string("name", d);
                        let value = e.req_string("value", d);
                        e.finish(Strictness::Lenient, d);
                        Some((name?, value?))
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    let network_mode = o.word::<NetworkMode>("networkMode", d);
    let network_config = o.object("networkConfig", d).map(|mut n| {
        let c = NetworkConfig {
            span: n.span(),
            subnets: n.string_list("subnets", d),
            security_groups: n.string_list("securityGroups", d),
            vpc_id: n.string("vpcId", d),
        };
        n.finish(Strictness::Lenient, d);
        c
    });
    let mut instrumentation = None;
    let enable_otel = o.object("instrumentation", d).and_then(|mut i| {
        instrumentation = Some(i.span());
        let e = i.bool("enableOtel", d);
        i.finish(Strictness::Lenient, d);
        e
    });
    let protocol = o.word::<RuntimeProtocol>("protocol", d);
    let request_header_allowlist = o.string_list("requestHeaderAllowlist", d);
    let execution_role_arn = o.string("executionRoleArn", d);
    let additional_policies = o
        .string_list("additionalPolicies", d)
        .map(|l| l.value)
        .unwrap_or_default();
    let authorizer_type = o.word::<AuthorizerType>("authorizerType", d);
    let mut authorizer_configuration = None;
    let jwt = o.object("authorizerConfiguration", d).and_then(|mut c| {
        authorizer_configuration = Some(c.span());
        let jwt = c
            .object("customJwtAuthorizer", d)
            .and_then(|j| super::gateway::decode_jwt(j, d));
        c.finish(Strictness::Strict, d);
        jwt
    });
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let lifecycle = o.object("lifecycleConfiguration", d).map(|mut l| {
        let c = Lifecycle {
            span: l.span(),
            idle: l.integer("idleRuntimeSessionTimeout", d),
            max: l.integer("maxLifetime", d),
        };
        l.finish(Strictness::Lenient, d);
        c
    });
    let filesystems_span = o.get("filesystemConfigurations").map(|n| n.span);
    let filesystems = match filesystems_span {
        None => Vec::new(),
        Some(_) => {
            let base = o.path_of("filesystemConfigurations");
            o.array("filesystemConfigurations", d)
                .map(|arr| {
                    items(arr, &base)
                        .filter_map(|(p, n)| decode_filesystem(n, &p, d))
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let endpoints = decode_endpoints(&mut o, d);
    let connections = o.get("connections").map(|n| n.span);
    let capacity_provider = o.object("capacityProviderConfiguration", d).map(|mut c| {
        let cp = CapacityProvider {
            span: c.span(),
            arn: c.string("capacityProviderArn", d),
            name: c.string("capacityProviderName", d),
        };
        c.finish(Strictness::Strict, d);
        cp
    });
    let credentials = o.string_list("credentials", d);
    let memories = o.string_list("memories", d);
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(Runtime {
        path: path.to_string(),
        span,
        name: name?,
        description,
        build: build?,
        entrypoint: entrypoint?,
        code_location: code_location?,
        build_inputs,
        runtime_version,
        env_vars,
        network_mode,
        network_config,
        enable_otel,
        instrumentation,
        protocol,
        request_header_allowlist,
        execution_role_arn,
        additional_policies,
        authorizer_type,
        authorizer_configuration,
        jwt,
        tags,
        lifecycle,
        filesystems,
        filesystems_span,
        endpoints,
        connections,
        capacity_provider,
        credentials,
        memories,
        hosted_tool: false,
    })
}

fn required_word<T: super::catalog::Vocabulary>(
    o: &mut Obj<'_>,
    key: &'static str,
    d: &mut Vec<Diagnostic>,
) -> Option<Spanned<T>> {
    if o.get(key).is_none() {
        o.missing(key, d);
        return None;
    }
    o.word::<T>(key, d)
}

fn decode_filesystem(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Filesystem> {
    let mut o = as_obj(node, path, d)?;
    let span = o.span();
    let arms = [
        "sessionStorage",
        "efsAccessPoint",
        "s3FilesAccessPoint",
        "capacityProviderVolume",
    ];
    let present: Vec<&str> = arms
        .iter()
        .copied()
        .filter(|k| o.get(k).is_some())
        .collect();
    let fs = if present.len() != 1 {
        Filesystem::Invalid { span }
    } else {
        let key = present[0];
        let arm = arms.iter().copied().find(|k| *k == key).unwrap_or(key);
        let inner = match arm {
            "sessionStorage" => o.object("sessionStorage", d),
            "efsAccessPoint" => o.object("efsAccessPoint", d),
            "s3FilesAccessPoint" => o.object("s3FilesAccessPoint", d),
            _ => o.object("capacityProviderVolume", d),
        };
        match inner {
            None => Filesystem::Invalid { span },
            Some(mut i) => {
                let mount = i.req_string("mountPath", d);
                let fs = match arm {
                    "sessionStorage" => {
                        mount.map(|mount_path| Filesystem::SessionStorage { span, mount_path })
                    }
                    "efsAccessPoint" => {
                        let arn = i.req_string("accessPointArn", d);
                        arn.zip(mount).map(|(access_point_arn, mount_path)| {
                            Filesystem::EfsAccessPoint {
                                span,
                                access_point_arn,
                                mount_path,
                            }
                        })
                    }
                    "s3FilesAccessPoint" => {
                        let arn = i.req_string("accessPointArn", d);
                        arn.zip(mount).map(|(access_point_arn, mount_path)| {
                            Filesystem::S3FilesAccessPoint {
                                span,
                                access_point_arn,
                                mount_path,
                            }
                        })
                    }
                    _ => {
                        let vol = i.req_string("volumeName", d);
                        vol.zip(mount).map(|(volume_name, mount_path)| {
                            Filesystem::CapacityProviderVolume {
                                span,
                                volume_name,
                                mount_path,
                            }
                        })
                    }
                };
                i.finish(Strictness::Strict, d);
                fs.unwrap_or(Filesystem::Invalid { span })
            }
        }
    };
    o.finish(Strictness::Strict, d);
    Some(fs)
}

fn decode_endpoints(o: &mut Obj<'_>, d: &mut Vec<Diagnostic>) -> Vec<Endpoint> {
    let Some(n) = o.get("endpoints") else {
        return Vec::new();
    };
    let base = o.path_of("endpoints");
    let Kind::Object(entries) = &n.kind else {
        d.push(super::read::wrong_type(
            n,
            &base,
            "an object of endpoint names",
        ));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let path = super::read::join(&base, &e.key);
        let Some(mut v) = as_obj(&e.value, &path, d) else {
            continue;
        };
        let version = if v.get("version").is_some() {
            v.integer("version", d)
        } else {
            v.missing("version", d);
            None
        };
        let description = v.string("description", d);
        v.finish(Strictness::Lenient, d);
        out.push(Endpoint {
            path,
            name: Spanned::new(e.key.clone(), e.key_span),
            version,
            description,
            span: e.value.span,
        });
    }
    out
}
