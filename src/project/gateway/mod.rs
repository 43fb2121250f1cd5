//! `agentCoreGateways[]` and their `targets[]` (also `unassignedTargets[]`).
//! Gateways, targets and `outboundAuth` are strict objects in the AgentCore
//! CLI: unknown keys are errors. This compiler adds `grantType`,
//! `defaultReturnUrl`, `customParameters` and `apiKey` to `outboundAuth`.

pub mod compute;
mod decode;

pub(crate) use decode::decode_jwt;
pub use decode::{decode_gateways, decode_targets};

use super::read::Spanned;
use super::Tags;
use crate::diagnostics::Span;
use crate::json::Node;
pub use crate::project::catalog::{AuthType, AuthorizerType, GrantType, TargetType};

pub const PROTOCOL_TYPES: &[&str] = &["MCP", "None"];
pub const EXCEPTION_LEVELS: &[&str] = &["NONE", "DEBUG"];
pub const POLICY_MODES: &[&str] = &["LOG_ONLY", "ENFORCE"];
pub const API_KEY_LOCATIONS: &[&str] = &["HEADER", "QUERY_PARAMETER"];
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
pub const PASSTHROUGH_PROTOCOLS: &[&str] = &["MCP", "A2A", "INFERENCE", "CUSTOM"];
pub const CONNECTOR_IDS: &[&str] = &["bedrock-knowledge-bases", "web-search"];
pub const CLAIM_VALUE_TYPES: &[&str] = &["STRING", "STRING_ARRAY"];
pub const CLAIM_OPERATORS: &[&str] = &["EQUALS", "CONTAINS", "CONTAINS_ANY"];
pub const IP_ADDRESS_TYPES: &[&str] = &["IPV4", "IPV6"];

#[derive(Debug, Clone)]
pub struct Gateway {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub resource_name: Option<Spanned<String>>,
    pub protocol_type: Option<Spanned<&'static str>>,
    pub description: Option<Spanned<String>>,
    pub targets: Vec<Target>,
    pub authorizer_type: Option<Spanned<AuthorizerType>>,
    pub authorizer_configuration: Option<Span>,
    pub jwt: Option<JwtAuthorizer>,
    pub enable_semantic_search: Option<Spanned<bool>>,
    pub exception_level: Option<Spanned<&'static str>>,
    pub policy_engine: Option<PolicyEngineRef>,
    pub execution_role_arn: Option<Spanned<String>>,
    pub tags: Tags,
}

impl Gateway {
    pub fn authorizer(&self) -> AuthorizerType {
        self.authorizer_type
            .as_ref()
            .map(|a| a.value)
            .unwrap_or(AuthorizerType::None)
    }
    /// The gateway's `Name` in AWS: `resourceName`, else `<project>-<gateway>`.
    pub fn resource_name(&self, project_name: &str) -> String {
        match &self.resource_name {
            Some(r) => r.value.clone(),
            None => format!("{project_name}-{}", self.name.value),
        }
    }
    /// `protocolType` absent means MCP.
    pub fn is_mcp(&self) -> bool {
        self.protocol_type.as_ref().map(|p| p.value) != Some("None")
    }
}

#[derive(Debug, Clone)]
pub struct PolicyEngineRef {
    pub span: Span,
    pub name: Spanned<String>,
    pub mode: Spanned<&'static str>,
}

#[derive(Debug, Clone)]
pub struct JwtAuthorizer {
    pub path: String,
    pub span: Span,
    pub discovery_url: Spanned<String>,
    pub allowed_audience: Option<Spanned<Vec<Spanned<String>>>>,
    pub allowed_clients: Option<Spanned<Vec<Spanned<String>>>>,
    pub allowed_scopes: Option<Spanned<Vec<Spanned<String>>>>,
    pub custom_claims: Option<Spanned<Vec<CustomClaim>>>,
    pub private_endpoint: Option<PrivateEndpoint>,
    /// Not in the CloudFormation schema: kept to report it, never dropped.
    pub private_endpoint_overrides: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct CustomClaim {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub value_type: Spanned<&'static str>,
    pub operator: Spanned<&'static str>,
    pub match_string: Option<Spanned<String>>,
    pub match_list: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Clone)]
pub enum PrivateEndpoint {
    Lattice {
        span: Span,
        resource_configuration_identifier: Spanned<String>,
    },
    ManagedVpc {
        span: Span,
        vpc_identifier: Spanned<String>,
        subnet_ids: Spanned<Vec<Spanned<String>>>,
        endpoint_ip_address_type: Spanned<&'static str>,
        security_group_ids: Option<Spanned<Vec<Spanned<String>>>>,
        tags: Tags,
        routing_domain: Option<Spanned<String>>,
    },
    /// Neither or both arms: reported by validation.
    Invalid { span: Span },
}

#[derive(Debug, Clone)]
pub struct Target {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub target_type: Spanned<TargetType>,
    pub description: Option<Spanned<String>>,
    pub tool_definitions: Option<Spanned<Vec<Node>>>,
    pub compute: Option<compute::Compute>,
    pub endpoint: Option<Spanned<String>>,
    pub outbound_auth: Option<OutboundAuth>,
    pub api_gateway: Option<ApiGatewayConfig>,
    pub schema_source: Option<SchemaSource>,
    pub lambda_function_arn: Option<LambdaArnConfig>,
    pub http_runtime: Option<HttpRuntimeConfig>,
    pub connector_id: Option<Spanned<&'static str>>,
    pub configurations: Option<Spanned<Vec<ConnectorConfig>>>,
    pub passthrough: Option<PassthroughConfig>,
}

/// A target's configuration, by its type: what lowering turns into
/// `TargetConfiguration`. Matching on it is exhaustive, so a new target type
/// cannot be forgotten (and silently dropped) there.
#[derive(Debug, Clone, Copy)]
pub enum TargetConfig<'a> {
    McpServer(&'a Spanned<String>),
    OpenApiSchema(&'a SchemaSource),
    SmithyModel(&'a SchemaSource),
    ApiGateway(&'a ApiGatewayConfig),
    LambdaFunctionArn(&'a LambdaArnConfig),
    HttpRuntime(&'a HttpRuntimeConfig),
    Connector(
        Spanned<&'static str>,
        Option<&'a Spanned<Vec<ConnectorConfig>>>,
    ),
    Passthrough(&'a PassthroughConfig),
    /// Code the target runs on (`lambda`, or an `mcpServer` with `compute`):
    /// a Lambda function or an AgentCore Runtime of this template.
    Compute(&'a compute::Compute),
    /// The block the type needs is absent (validation reports it).
    Missing,
}

impl Target {
    pub fn config(&self) -> TargetConfig<'_> {
        use TargetConfig as C;
        fn or_missing(c: Option<TargetConfig<'_>>) -> TargetConfig<'_> {
            c.unwrap_or(TargetConfig::Missing)
        }
        match self.target_type.value {
            TargetType::Lambda => or_missing(self.compute.as_ref().map(C::Compute)),
            TargetType::McpServer if self.endpoint.is_none() && self.compute.is_some() => {
                or_missing(self.compute.as_ref().map(C::Compute))
            }
            TargetType::McpServer => or_missing(self.endpoint.as_ref().map(C::McpServer)),
            TargetType::OpenApiSchema => {
                or_missing(self.schema_source.as_ref().map(C::OpenApiSchema))
            }
            TargetType::SmithyModel => or_missing(self.schema_source.as_ref().map(C::SmithyModel)),
            TargetType::ApiGateway => or_missing(self.api_gateway.as_ref().map(C::ApiGateway)),
            TargetType::LambdaFunctionArn => {
                or_missing(self.lambda_function_arn.as_ref().map(C::LambdaFunctionArn))
            }
            TargetType::HttpRuntime => or_missing(self.http_runtime.as_ref().map(C::HttpRuntime)),
            TargetType::Connector => or_missing(
                self.connector_id
                    .map(|id| C::Connector(id, self.configurations.as_ref())),
            ),
            TargetType::Passthrough => or_missing(self.passthrough.as_ref().map(C::Passthrough)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutboundAuth {
    pub path: String,
    pub span: Span,
    pub auth_type: Option<Spanned<AuthType>>,
    pub credential_name: Option<Spanned<String>>,
    pub scopes: Option<Spanned<Vec<Spanned<String>>>>,
    pub service: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    pub grant_type: Option<Spanned<GrantType>>,
    /// `grantType` is in the file (with a valid value, or not: then
    /// `grant_type` is `None` and the value was reported).
    pub grant_type_given: bool,
    pub default_return_url: Option<Spanned<String>>,
    pub custom_parameters: Option<Spanned<Tags>>,
    pub api_key: Option<ApiKeyPlacement>,
}

impl OutboundAuth {
    pub fn kind(&self) -> AuthType {
        self.auth_type
            .as_ref()
            .map(|t| t.value)
            .unwrap_or(AuthType::None)
    }
}

#[derive(Debug, Clone)]
pub struct ApiKeyPlacement {
    pub span: Span,
    pub location: Option<Spanned<&'static str>>,
    pub parameter_name: Option<Spanned<String>>,
    pub prefix: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct ApiGatewayConfig {
    pub span: Span,
    pub rest_api_id: Spanned<String>,
    pub stage: Spanned<String>,
    pub filters: Vec<(Spanned<String>, Vec<Spanned<&'static str>>)>,
    pub overrides: Vec<ToolOverride>,
}

#[derive(Debug, Clone)]
pub struct ToolOverride {
    pub name: Spanned<String>,
    pub path: Spanned<String>,
    pub method: Spanned<&'static str>,
    pub description: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub enum SchemaSource {
    Inline {
        span: Span,
        path: Spanned<String>,
    },
    S3 {
        span: Span,
        uri: Spanned<String>,
        bucket_owner: Option<Spanned<String>>,
    },
}

#[derive(Debug, Clone)]
pub struct LambdaArnConfig {
    pub span: Span,
    pub lambda_arn: Spanned<String>,
    pub tool_schema_file: Spanned<String>,
}

#[derive(Debug, Clone)]
pub struct HttpRuntimeConfig {
    pub span: Span,
    pub runtime: Spanned<String>,
    pub runtime_endpoint: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct ConnectorConfig {
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub parameter_values: Option<Node>,
    pub parameter_overrides: Vec<ParameterOverride>,
}

#[derive(Debug, Clone)]
pub struct ParameterOverride {
    pub path: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub visible: Option<Spanned<bool>>,
}

#[derive(Debug, Clone)]
pub struct PassthroughConfig {
    pub span: Span,
    pub endpoint: Spanned<String>,
    pub protocol_type: Option<Spanned<&'static str>>,
    pub stickiness: Option<(Spanned<String>, Option<Spanned<i64>>)>,
}
