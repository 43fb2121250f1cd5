//! `agentCoreGateways[]` and their `targets[]` (also `unassignedTargets[]`).
//! Gateways, targets and `outboundAuth` are strict objects in the AgentCore
//! CLI: unknown keys are errors. This compiler adds `grantType`,
//! `defaultReturnUrl`, `customParameters` and `apiKey` to `outboundAuth`.

mod decode;

pub use decode::{decode_gateways, decode_targets};

use super::read::S;
use super::Tags;
use crate::diagnostics::Span;
use crate::json::Node;

pub const AUTHORIZER_TYPES: &[&str] = &["NONE", "AWS_IAM", "CUSTOM_JWT"];
pub const PROTOCOL_TYPES: &[&str] = &["MCP", "None"];
pub const EXCEPTION_LEVELS: &[&str] = &["NONE", "DEBUG"];
pub const POLICY_MODES: &[&str] = &["LOG_ONLY", "ENFORCE"];
pub const TARGET_TYPES: &[&str] = &[
    "lambda",
    "mcpServer",
    "openApiSchema",
    "smithyModel",
    "apiGateway",
    "lambdaFunctionArn",
    "httpRuntime",
    "connector",
    "passthrough",
];
pub const AUTH_TYPES: &[&str] = &[
    "OAUTH",
    "API_KEY",
    "NONE",
    "GATEWAY_IAM_ROLE",
    "JWT_PASSTHROUGH",
];
pub const GRANT_TYPES: &[&str] = &["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "TOKEN_EXCHANGE"];
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
    pub name: S<String>,
    pub resource_name: Option<S<String>>,
    pub protocol_type: Option<S<&'static str>>,
    pub description: Option<S<String>>,
    pub targets: Vec<Target>,
    pub authorizer_type: Option<S<&'static str>>,
    pub authorizer_configuration: Option<Span>,
    pub jwt: Option<JwtAuthorizer>,
    pub enable_semantic_search: Option<S<bool>>,
    pub exception_level: Option<S<&'static str>>,
    pub policy_engine: Option<PolicyEngineRef>,
    pub execution_role_arn: Option<S<String>>,
    pub tags: Tags,
}

impl Gateway {
    pub fn authorizer(&self) -> &'static str {
        self.authorizer_type.as_ref().map(|a| a.v).unwrap_or("NONE")
    }
    /// `protocolType` absent means MCP.
    pub fn is_mcp(&self) -> bool {
        self.protocol_type.as_ref().map(|p| p.v) != Some("None")
    }
}

#[derive(Debug, Clone)]
pub struct PolicyEngineRef {
    pub span: Span,
    pub name: S<String>,
    pub mode: S<&'static str>,
}

#[derive(Debug, Clone)]
pub struct JwtAuthorizer {
    pub path: String,
    pub span: Span,
    pub discovery_url: S<String>,
    pub allowed_audience: Option<S<Vec<S<String>>>>,
    pub allowed_clients: Option<S<Vec<S<String>>>>,
    pub allowed_scopes: Option<S<Vec<S<String>>>>,
    pub custom_claims: Option<S<Vec<CustomClaim>>>,
    pub private_endpoint: Option<PrivateEndpoint>,
    /// Not in the CloudFormation schema: kept to report it, never dropped.
    pub private_endpoint_overrides: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct CustomClaim {
    pub path: String,
    pub span: Span,
    pub name: S<String>,
    pub value_type: S<&'static str>,
    pub operator: S<&'static str>,
    pub match_string: Option<S<String>>,
    pub match_list: Option<S<Vec<S<String>>>>,
}

#[derive(Debug, Clone)]
pub enum PrivateEndpoint {
    Lattice {
        span: Span,
        resource_configuration_identifier: S<String>,
    },
    ManagedVpc {
        span: Span,
        vpc_identifier: S<String>,
        subnet_ids: S<Vec<S<String>>>,
        endpoint_ip_address_type: S<&'static str>,
        security_group_ids: Option<S<Vec<S<String>>>>,
        tags: Tags,
        routing_domain: Option<S<String>>,
    },
    /// Neither or both arms: reported by validation.
    Invalid { span: Span },
}

#[derive(Debug, Clone)]
pub struct Target {
    pub path: String,
    pub span: Span,
    pub name: S<String>,
    pub target_type: S<&'static str>,
    pub description: Option<S<String>>,
    pub tool_definitions: Option<S<Vec<Node>>>,
    pub compute: Option<Span>,
    pub endpoint: Option<S<String>>,
    pub outbound_auth: Option<OutboundAuth>,
    pub api_gateway: Option<ApiGatewayConfig>,
    pub schema_source: Option<SchemaSource>,
    pub lambda_function_arn: Option<LambdaArnConfig>,
    pub http_runtime: Option<HttpRuntimeConfig>,
    pub connector_id: Option<S<&'static str>>,
    pub configurations: Option<S<Vec<ConnectorConfig>>>,
    pub passthrough: Option<PassthroughConfig>,
}

#[derive(Debug, Clone)]
pub struct OutboundAuth {
    pub path: String,
    pub span: Span,
    pub auth_type: Option<S<&'static str>>,
    pub credential_name: Option<S<String>>,
    pub scopes: Option<S<Vec<S<String>>>>,
    pub service: Option<S<String>>,
    pub region: Option<S<String>>,
    pub grant_type: Option<S<&'static str>>,
    pub default_return_url: Option<S<String>>,
    pub custom_parameters: Option<S<Tags>>,
    pub api_key: Option<ApiKeyPlacement>,
}

impl OutboundAuth {
    pub fn kind(&self) -> &'static str {
        self.auth_type.as_ref().map(|t| t.v).unwrap_or("NONE")
    }
}

#[derive(Debug, Clone)]
pub struct ApiKeyPlacement {
    pub span: Span,
    pub location: Option<S<&'static str>>,
    pub parameter_name: Option<S<String>>,
    pub prefix: Option<S<String>>,
}

#[derive(Debug, Clone)]
pub struct ApiGatewayConfig {
    pub span: Span,
    pub rest_api_id: S<String>,
    pub stage: S<String>,
    pub filters: Vec<(S<String>, Vec<S<&'static str>>)>,
    pub overrides: Vec<ToolOverride>,
}

#[derive(Debug, Clone)]
pub struct ToolOverride {
    pub name: S<String>,
    pub path: S<String>,
    pub method: S<&'static str>,
    pub description: Option<S<String>>,
}

#[derive(Debug, Clone)]
pub enum SchemaSource {
    Inline {
        span: Span,
        path: S<String>,
    },
    S3 {
        span: Span,
        uri: S<String>,
        bucket_owner: Option<S<String>>,
    },
}

#[derive(Debug, Clone)]
pub struct LambdaArnConfig {
    pub span: Span,
    pub lambda_arn: S<String>,
    pub tool_schema_file: S<String>,
}

#[derive(Debug, Clone)]
pub struct HttpRuntimeConfig {
    pub span: Span,
    pub runtime: S<String>,
    pub runtime_endpoint: Option<S<String>>,
}

#[derive(Debug, Clone)]
pub struct ConnectorConfig {
    pub name: S<String>,
    pub description: Option<S<String>>,
    pub parameter_values: Option<Node>,
    pub parameter_overrides: Vec<ParameterOverride>,
}

#[derive(Debug, Clone)]
pub struct ParameterOverride {
    pub path: S<String>,
    pub description: Option<S<String>>,
    pub visible: Option<S<bool>>,
}

#[derive(Debug, Clone)]
pub struct PassthroughConfig {
    pub span: Span,
    pub endpoint: S<String>,
    pub protocol_type: Option<S<&'static str>>,
    pub stickiness: Option<(S<String>, Option<S<i64>>)>,
}
