//! Agent runtimes (`AWS::BedrockAgentCore::Runtime`, `RuntimeEndpoint`),
//! their artifacts as parameters, the environment variables the CLI's CDK
//! injects, and, unless an `executionRoleArn` is given, an execution role
//! scoped to what this runtime uses (docs/runtimes.md, statement by statement).

use super::iam::{agentcore_trust, arn, credential_grants, observability_grants, sub, Grants};
use super::identity::Providers;
use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::catalog::{AuthorizerType, BuildKind, CredentialType, RuntimeProtocol};
use crate::project::runtime::{injected_env, Filesystem, Injected, Runtime};
use crate::project::{merge_tags, Project};
use crate::template::map;
use crate::template::{Map, Parameter, Resource, Value};

pub const BUCKET_PATTERN: &str = r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
/// A private ECR image URI (the role's pull permission is scoped to its repository).
pub const IMAGE_URI_PATTERN: &str = r"^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

/// The memory data-plane actions an agent uses (short- and long-term memory).
pub(super) const MEMORY_ACTIONS: &[&str] = &[
    "bedrock-agentcore:CreateEvent",
    "bedrock-agentcore:GetEvent",
    "bedrock-agentcore:ListEvents",
    "bedrock-agentcore:DeleteEvent",
    "bedrock-agentcore:ListSessions",
    "bedrock-agentcore:ListActors",
    "bedrock-agentcore:GetMemory",
    "bedrock-agentcore:GetMemoryRecord",
    "bedrock-agentcore:ListMemoryRecords",
    "bedrock-agentcore:RetrieveMemoryRecords",
    "bedrock-agentcore:DeleteMemoryRecord",
];

/// The logical-ID base of each runtime, in project order.
pub fn bases_of(project: &Project) -> Vec<String> {
    bases(
        project
            .runtimes
            .iter()
            .map(|r| (r.name.value.as_str(), pascal(&r.name.value))),
    )
}

/// The logical ID of the project runtime named `name`.
pub fn id_of(project: &Project, name: &str) -> Option<String> {
    let i = project.runtimes.iter().position(|r| r.name.value == name)?;
    bases_of(project).get(i).map(|b| format!("{b}Runtime"))
}

/// The logical ID of endpoint `endpoint` of the project runtime `runtime`.
pub fn endpoint_id(project: &Project, runtime: &str, endpoint: &str) -> Option<String> {
    let i = project
        .runtimes
        .iter()
        .position(|r| r.name.value == runtime)?;
    let r = &project.runtimes[i];
    let base = bases_of(project).into_iter().nth(i)?;
    let e = r.endpoints.iter().position(|e| e.name.value == endpoint)?;
    let eb = bases(
        r.endpoints
            .iter()
            .map(|e| (e.name.value.as_str(), pascal(&e.name.value))),
    )
    .into_iter()
    .nth(e)?;
    Some(format!("{base}{eb}Endpoint"))
}

/// Everything a runtime's lowering refers to by logical ID.
pub struct Refs<'a> {
    pub providers: &'a Providers,
    pub memories: Vec<String>,
    pub gateways: Vec<String>,
    /// The runtime logical ID of each `mcpRuntimeTools` entry.
    pub tools: Vec<String>,
}

/// The logical-ID base of each `mcpRuntimeTools` entry's runtime
/// (`<Tool>McpTool`), in project order.
pub fn tool_bases(project: &Project) -> Vec<String> {
    bases(
        project
            .mcp_runtime_tools
            .iter()
            .map(|t| (t.name.value.as_str(), pascal(&t.name.value))),
    )
    .into_iter()
    .map(|b| format!("{b}McpTool"))
    .collect()
}

/// `mcpRuntimeTools`: one MCP runtime each (like a target's
/// `compute.runtime`), reachable directly by the agents bound to it.
pub fn lower_tools(project: &Project, refs: &Refs<'_>, b: &mut Builder) {
    use crate::project::gateway::compute::Host;
    for (t, base) in project.mcp_runtime_tools.iter().zip(tool_bases(project)) {
        let Some(Host::Runtime(h)) = t.compute.as_ref().and_then(|c| c.host.as_ref()) else {
            continue;
        };
        let Some(rt) = &h.runtime else { continue };
        lower_one(project, rt, &base, refs, b);
        if let Some(doc) = &h.iam_policy {
            let extra = format!("{base}RuntimeExtraPolicy");
            b.resource(
                &extra,
                Resource::new(
                    types::IAM_POLICY,
                    map! {
                        "PolicyName" => format!("{base}RuntimeExtra"),
                        "PolicyDocument" => crate::template::node_value(doc),
                        "Roles" => Value::List(vec![Value::Ref(format!("{base}RuntimeRole"))]),
                    },
                ),
            );
            if let Some(res) = b.template.resources.get_mut(&format!("{base}Runtime")) {
                res.depends_on.push(extra);
            }
        }
    }
}

pub fn lower(project: &Project, refs: &Refs<'_>, b: &mut Builder) {
    for (r, base) in project.runtimes.iter().zip(bases_of(project)) {
        lower_one(project, r, &base, refs, b);
    }
}

/// One runtime (an agent runtime, or a target's `compute.runtime`), its
/// role, endpoints and outputs, with logical IDs `<base>Runtime…`.
pub(super) fn lower_one(
    project: &Project,
    r: &Runtime,
    base: &str,
    refs: &Refs<'_>,
    b: &mut Builder,
) {
    let id = format!("{base}Runtime");
    let role_id = format!("{base}RuntimeRole");
    let policy_id = format!("{base}RuntimePolicy");
    let name = r.resource_name(&project.name.value);
    let own_role = r.execution_role_arn.is_none();
    let mut grants = Grants::default();

    let artifact = artifact(r, base, &mut grants, b);
    let mut props = map! {
        "AgentRuntimeName" => name.clone(),
        "AgentRuntimeArtifact" => artifact,
        "RoleArn" => match &r.execution_role_arn {
            Some(a) => Value::Str(a.value.clone()),
            None => Value::GetAtt(role_id.clone(), "Arn".into()),
        },
        "Description" => r.description.as_ref().map(|d| d.value.clone()).unwrap_or_else(|| format!("AgentCore Runtime: {name}")),
    };
    if r.capacity_provider.is_none() {
        let mut net = map! { "NetworkMode" => r.network() };
        if let Some(c) = &r.network_config {
            let list = |l: &Option<crate::project::runtime::Names>| {
                Value::strs(
                    l.iter()
                        .flat_map(|l| l.value.iter().map(|s| s.value.clone())),
                )
            };
            net.insert(
                "NetworkModeConfig".into(),
                Value::Map(map! {
                    "SecurityGroups" => list(&c.security_groups),
                    "Subnets" => list(&c.subnets),
                }),
            );
        }
        props.insert("NetworkConfiguration".into(), Value::Map(net));
    }
    if r.protocol() != RuntimeProtocol::Http {
        props.insert("ProtocolConfiguration".into(), r.protocol().into());
    }
    if let Some(h) = r
        .request_header_allowlist
        .as_ref()
        .filter(|h| !h.value.is_empty())
    {
        props.insert(
            "RequestHeaderConfiguration".into(),
            Value::Map(
                map! { "RequestHeaderAllowlist" => Value::strs(h.value.iter().map(|s| s.value.clone())) },
            ),
        );
    }
    if let (Some(j), AuthorizerType::CustomJwt) = (&r.jwt, r.authorizer()) {
        props.insert(
            "AuthorizerConfiguration".into(),
            super::gateway::jwt_authorizer(j),
        );
    }
    let env = environment(project, r, refs);
    if !env.is_empty() {
        props.insert("EnvironmentVariables".into(), Value::Map(env));
    }
    if let Some(l) = &r.lifecycle {
        let mut m = Map::default();
        if let Some(i) = &l.idle {
            m.insert("IdleRuntimeSessionTimeout".into(), i.value.into());
        }
        if let Some(x) = &l.max {
            m.insert("MaxLifetime".into(), x.value.into());
        }
        props.insert("LifecycleConfiguration".into(), Value::Map(m));
    }
    if !r.filesystems.is_empty() {
        props.insert(
            "FilesystemConfigurations".into(),
            Value::List(r.filesystems.iter().filter_map(filesystem).collect()),
        );
    }
    if let Some(a) = r.capacity_provider.as_ref().and_then(|c| c.arn.as_ref()) {
        props.insert(
            "CapacityProviderConfiguration".into(),
            Value::Map(map! { "CapacityProviderArn" => a.value.clone() }),
        );
    }
    let tags = merge_tags(&project.tags, &r.tags);
    if !tags.is_empty() {
        let mut t = Map::default();
        for (k, v) in tags {
            t.insert(k, Value::Str(v));
        }
        props.insert("Tags".into(), Value::Map(t));
    }
    let mut res = Resource::new(types::RUNTIME, props);

    if own_role {
        role_grants(project, r, &name, refs, &mut grants);
        let managed: Vec<Value> = r
            .additional_policies
            .iter()
            .filter(|p| p.value.starts_with("arn:"))
            .map(|p| Value::Str(p.value.clone()))
            .collect();
        let mut extra = Map::default();
        if !managed.is_empty() {
            extra.insert("ManagedPolicyArns".into(), Value::List(managed));
        }
        super::iam::OwnRole {
            role_id: &role_id,
            policy_id: &policy_id,
            policy_name: format!("{base}Runtime"),
            trust: agentcore_trust(&format!("runtime/{name}-*")),
            description: format!("Execution role of AgentCore runtime {name}"),
        }
        .emit(project, &grants, extra, b);
        res.depends_on.push(policy_id);
        let files = r
            .additional_policies
            .iter()
            .filter(|p| !p.value.starts_with("arn:"));
        for (i, p) in files.enumerate() {
            let rel = crate::project::assets::policy_path(&r.code_location.value, &p.value);
            let Some(doc) = project.local_files.policies.get(&rel) else {
                continue;
            };
            let pid = format!("{base}RuntimeAdditionalPolicy{i}");
            b.resource(
                &pid,
                Resource::new(
                    types::IAM_POLICY,
                    map! {
                        "PolicyName" => format!("{base}RuntimeAdditional{i}"),
                        "PolicyDocument" => doc.clone(),
                        "Roles" => Value::List(vec![Value::Ref(role_id.clone())]),
                    },
                ),
            );
            res.depends_on.push(pid);
        }
    }
    b.resource(&id, res);

    let endpoint_bases = bases(
        r.endpoints
            .iter()
            .map(|e| (e.name.value.as_str(), pascal(&e.name.value))),
    );
    for (e, eb) in r.endpoints.iter().zip(endpoint_bases) {
        let eid = format!("{base}{eb}Endpoint");
        let mut p = map! {
            "AgentRuntimeId" => Value::GetAtt(id.clone(), "AgentRuntimeId".into()),
            "Name" => e.name.value.clone(),
        };
        if let Some(v) = &e.version {
            p.insert("AgentRuntimeVersion".into(), v.value.to_string().into());
        }
        if let Some(d) = &e.description {
            p.insert("Description".into(), d.value.clone().into());
        }
        if !project.tags.is_empty() {
            let mut t = Map::default();
            for (k, v) in &project.tags {
                t.insert(k.value.clone(), Value::Str(v.value.clone()));
            }
            p.insert("Tags".into(), Value::Map(t));
        }
        b.resource(&eid, Resource::new(types::RUNTIME_ENDPOINT, p));
        b.output(
            &format!("{eid}Arn"),
            format!(
                "ARN of endpoint {} of runtime {}",
                e.name.value, r.name.value
            ),
            Value::GetAtt(eid.clone(), "AgentRuntimeEndpointArn".into()),
            true,
        );
    }

    let mut outputs = vec![
        (
            "Id",
            Value::GetAtt(id.clone(), "AgentRuntimeId".into()),
            "ID",
        ),
        (
            "Arn",
            Value::GetAtt(id.clone(), "AgentRuntimeArn".into()),
            "ARN",
        ),
    ];
    if own_role {
        outputs.push((
            "RoleArn",
            Value::GetAtt(role_id.clone(), "Arn".into()),
            "execution role ARN",
        ));
    }
    for (suffix, value, what) in outputs {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of runtime {}", r.name.value),
            value,
            true,
        );
    }
}

/// `AgentRuntimeArtifact` from the artifact parameters, and what reading
/// the artifact needs.
fn artifact(r: &Runtime, base: &str, grants: &mut Grants, b: &mut Builder) -> Value {
    match r.build.value {
        BuildKind::CodeZip => {
            let bucket_id = format!("{base}CodeBucket");
            let key_id = format!("{base}CodeKey");
            let bucket = b.parameter(
                &bucket_id,
                Parameter::string(format!(
                    "S3 bucket holding the code zip of runtime {} (agentcore-synth package)",
                    r.name.value
                ))
                .pattern(BUCKET_PATTERN, "must be an S3 bucket name"),
            );
            let key = Parameter::string(format!(
                "S3 key of the code zip of runtime {} (content-addressed, e.g. <sha256>.zip, so that new code is a new key)",
                r.name.value
            ));
            let key = b.parameter(&key_id, key);
            grants.add(
                "ReadCode",
                &["s3:GetObject"],
                [sub(&format!(
                    "arn:${{AWS::Partition}}:s3:::${{{bucket_id}}}/${{{key_id}}}"
                ))],
            );
            b.template.artifacts.push(crate::template::Artifact {
                what: format!("runtime {}", r.name.value),
                code_location: r.code_location.value.clone(),
                python: r
                    .runtime_version
                    .as_ref()
                    .and_then(|v| v.value.python_version())
                    .map(str::to_string),
                bucket_parameter: bucket_id.clone(),
                key_parameter: key_id.clone(),
            });
            let mut entry = Vec::new();
            let node = r
                .runtime_version
                .as_ref()
                .is_some_and(|v| v.value.is_node());
            if r.otel() && !node {
                entry.push(Value::str("opentelemetry-instrument"));
            }
            entry.push(Value::str(r.entry_file()));
            let mut cfg = map! {
                "Code" => Value::Map(map! { "S3" => Value::Map(map! { "Bucket" => bucket, "Prefix" => key }) }),
                "EntryPoint" => Value::List(entry),
            };
            if let Some(v) = &r.runtime_version {
                cfg.insert("Runtime".into(), v.value.into());
            }
            Value::Map(map! { "CodeConfiguration" => Value::Map(cfg) })
        }
        BuildKind::Container => {
            let uri_id = format!("{base}ImageUri");
            let uri = b.parameter(
                &uri_id,
                Parameter::string(format!(
                    "Container image URI of runtime {} in a private ECR repository (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>)",
                    r.name.value
                ))
                .pattern(IMAGE_URI_PATTERN, "must be a private ECR image URI"),
            );
            grants.add(
                "PullImage",
                &["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                [repository_arn(&uri)],
            );
            grants.add(
                "EcrAuthorization",
                &["ecr:GetAuthorizationToken"],
                [Value::str("*")],
            );
            Value::Map(
                map! { "ContainerConfiguration" => Value::Map(map! { "ContainerUri" => uri }) },
            )
        }
    }
}

/// The ECR repository ARN of a private image URI
/// `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@digest]`.
pub(super) fn repository_arn(uri: &Value) -> Value {
    let split = |sep: &str, v: Value| Value::Split(sep.into(), Box::new(v));
    let select = |i: u32, v: Value| Value::Select(i, Box::new(v));
    let host_part = |i: u32| select(i, split(".", uri.clone()));
    let path = select(1, split(".amazonaws.com/", uri.clone()));
    let repo = select(0, split(":", select(0, split("@", path))));
    Value::Join(
        String::new(),
        vec![
            Value::str("arn:"),
            Value::Ref("AWS::Partition".into()),
            Value::str(":ecr:"),
            host_part(3),
            Value::str(":"),
            host_part(0),
            Value::str(":repository/"),
            repo,
        ],
    )
}

/// The runtime's environment: `envVars` as written, then what the CLI's
/// CDK injects (which wins over a user variable of the same name).
fn environment(project: &Project, r: &Runtime, refs: &Refs<'_>) -> Map {
    let mut env = Map::default();
    for (k, v) in &r.env_vars {
        env.insert(k.value.clone(), Value::Str(v.value.clone()));
    }
    let memory_id = |m: &crate::project::Memory| {
        let i = project
            .memories
            .iter()
            .position(|x| std::ptr::eq(x, m))
            .unwrap_or(0);
        refs.memories[i].clone()
    };
    let gateway_id = |g: &crate::project::Gateway| {
        let i = project
            .gateways
            .iter()
            .position(|x| std::ptr::eq(x, g))
            .unwrap_or(0);
        refs.gateways[i].clone()
    };
    for (key, what) in injected_env(project, r) {
        let value = match what {
            Injected::MemoryId(m) => Value::GetAtt(memory_id(m), "MemoryId".into()),
            Injected::CredentialName(c) => Value::Str(c.name.value.clone()),
            Injected::GatewayUrl(g) => {
                let url = Value::GetAtt(gateway_id(g), "GatewayUrl".into());
                if g.is_mcp() {
                    url
                } else {
                    Value::Join(String::new(), vec![url, Value::str("/mcp")])
                }
            }
            Injected::GatewayAuthType(g) => g.authorizer().into(),
            Injected::ToolRuntimeArn(t) => {
                let i = project
                    .mcp_runtime_tools
                    .iter()
                    .position(|x| std::ptr::eq(x, t))
                    .unwrap_or(0);
                Value::GetAtt(refs.tools[i].clone(), "AgentRuntimeArn".into())
            }
            Injected::GatewayProvider(_, c) => match refs.providers.get(&c.name.value) {
                Some(p) => p.arn.clone(),
                None => continue,
            },
        };
        env.insert(key, value);
    }
    env
}

fn filesystem(f: &Filesystem) -> Option<Value> {
    let (key, body) = match f {
        Filesystem::SessionStorage { mount_path, .. } => (
            "SessionStorage",
            map! { "MountPath" => mount_path.value.clone() },
        ),
        Filesystem::EfsAccessPoint {
            access_point_arn,
            mount_path,
            ..
        } => (
            "EfsAccessPoint",
            map! { "AccessPointArn" => access_point_arn.value.clone(), "MountPath" => mount_path.value.clone() },
        ),
        Filesystem::S3FilesAccessPoint {
            access_point_arn,
            mount_path,
            ..
        } => (
            "S3FilesAccessPoint",
            map! { "AccessPointArn" => access_point_arn.value.clone(), "MountPath" => mount_path.value.clone() },
        ),
        Filesystem::CapacityProviderVolume {
            volume_name,
            mount_path,
            ..
        } => (
            "CapacityProviderVolume",
            map! { "VolumeName" => volume_name.value.clone(), "MountPath" => mount_path.value.clone() },
        ),
        Filesystem::Invalid { .. } => return None,
    };
    Some(Value::Map(map! { key => Value::Map(body) }))
}

/// Mounting an EFS or S3 Files access point: client access to its file
/// system only through that access point, and the describe calls the
/// service makes when it creates the runtime.
fn filesystem_grants(r: &Runtime, g: &mut Grants) {
    for (i, f) in r.filesystems.iter().enumerate() {
        match f {
            Filesystem::EfsAccessPoint {
                access_point_arn: ap,
                ..
            } => {
                // arn:aws:elasticfilesystem:<region>:<account>:access-point/fsap-…
                let prefix = ap
                    .value
                    .rsplit_once(":access-point/")
                    .map(|(p, _)| p)
                    .unwrap_or("");
                g.add_conditional(
                    &format!("MountEfs{i}"),
                    &["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                    [Value::Str(format!("{prefix}:file-system/*"))],
                    Value::Map(map! {
                        "ArnEquals" => Value::Map(map! { "elasticfilesystem:AccessPointArn" => ap.value.clone() }),
                    }),
                );
                g.add(
                    "DescribeEfsAccessPoints",
                    &["elasticfilesystem:DescribeAccessPoints"],
                    [Value::Str(ap.value.clone())],
                );
                g.add(
                    "DescribeEfsMountTargets",
                    &["elasticfilesystem:DescribeMountTargets"],
                    [Value::Str(format!("{prefix}:file-system/*"))],
                );
            }
            Filesystem::S3FilesAccessPoint {
                access_point_arn: ap,
                ..
            } => {
                let fs = ap
                    .value
                    .rsplit_once("/access-point/")
                    .map(|(p, _)| p)
                    .unwrap_or("");
                g.add_conditional(
                    &format!("MountS3Files{i}"),
                    &["s3files:ClientMount", "s3files:ClientWrite"],
                    [Value::Str(fs.to_string())],
                    Value::Map(map! {
                        "ArnEquals" => Value::Map(map! { "s3files:AccessPointArn" => ap.value.clone() }),
                    }),
                );
                g.add(
                    "DescribeS3Files",
                    &[
                        "s3files:GetAccessPoint",
                        "s3files:ListMountTargets",
                        "s3files:GetMountTarget",
                        "s3files:GetFileSystem",
                    ],
                    [Value::Str(fs.to_string()), Value::Str(ap.value.clone())],
                );
            }
            _ => {}
        }
    }
}

/// What the runtime's own role needs beyond its artifact: models, its own
/// logs, traces and metrics, the credentials, memories and gateways it uses.
fn role_grants(project: &Project, r: &Runtime, name: &str, refs: &Refs<'_>, g: &mut Grants) {
    g.add(
        "InvokeModels",
        &[
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream",
        ],
        [
            sub("arn:${AWS::Partition}:bedrock:*::foundation-model/*"),
            arn("bedrock", "inference-profile/*"),
        ],
    );
    observability_grants(g, &format!("/aws/bedrock-agentcore/runtimes/{name}-*"));
    filesystem_grants(r, g);
    let workload = vec![
        arn("bedrock-agentcore", "workload-identity-directory/default"),
        arn(
            "bedrock-agentcore",
            &format!("workload-identity-directory/default/workload-identity/{name}-*"),
        ),
    ];
    let token_actions: &[&str] = match r.authorizer() {
        AuthorizerType::CustomJwt => &[
            "bedrock-agentcore:GetWorkloadAccessToken",
            "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
        ],
        _ => &[
            "bedrock-agentcore:GetWorkloadAccessToken",
            "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
        ],
    };
    for c in project.runtime_credentials(r) {
        let Some(p) = refs.providers.get(&c.name.value) else {
            continue;
        };
        let grant = match p.kind {
            CredentialType::OAuth => ("OAuth2Tokens", "bedrock-agentcore:GetResourceOauth2Token"),
            CredentialType::ApiKey => ("ApiKeys", "bedrock-agentcore:GetResourceApiKey"),
            CredentialType::Payment => continue,
        };
        credential_grants(g, token_actions, grant, p, &workload);
    }
    let memories: Vec<Value> = project
        .memories
        .iter()
        .zip(&refs.memories)
        .filter(|(m, _)| crate::project::Runtime::may_use(&r.memories, &m.name.value))
        .map(|(_, id)| Value::GetAtt(id.clone(), "MemoryArn".into()))
        .collect();
    if !memories.is_empty() {
        g.add("UseMemories", MEMORY_ACTIONS, memories);
    }
    let gateways: Vec<Value> = project
        .gateways
        .iter()
        .zip(&refs.gateways)
        .filter(|(gw, _)| !r.hosted_tool && gw.authorizer() == AuthorizerType::AwsIam)
        .map(|(_, id)| Value::GetAtt(id.clone(), "GatewayArn".into()))
        .collect();
    if !gateways.is_empty() {
        g.add(
            "InvokeGateways",
            &["bedrock-agentcore:InvokeGateway"],
            gateways,
        );
    }
    let tools: Vec<Value> = project
        .mcp_runtime_tools
        .iter()
        .zip(&refs.tools)
        .filter(|(t, _)| {
            t.bindings
                .iter()
                .any(|b| b.runtime_name.value == r.name.value)
        })
        .map(|(_, id)| Value::GetAtt(id.clone(), "AgentRuntimeArn".into()))
        .collect();
    if !tools.is_empty() {
        g.add(
            "InvokeToolRuntimes",
            &[
                "bedrock-agentcore:InvokeAgentRuntime",
                "bedrock-agentcore:InvokeAgentRuntimeForUser",
            ],
            tools,
        );
    }
}
