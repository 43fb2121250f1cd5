//! The input vocabulary of `agentcore.json`, typed, with each fact about a
//! word in one place: target types (their outbound-auth table, the fields
//! that do not apply to them, the gateway protocol they need, their default
//! description), outbound-auth types, grant types, gateway authorizer types
//! and OAuth vendors. Decoding turns the file's strings into these enums;
//! validation and lowering match on them exhaustively, so adding a word makes
//! the compiler list every place that must decide what it means.

use std::fmt;

/// A closed set of words from the file.
pub trait Vocabulary: Copy + Eq + 'static {
    /// Every word, in the order messages list them.
    const ALL: &'static [Self];
    /// The word as the file spells it.
    fn as_str(self) -> &'static str;
    /// The words, as the file spells them.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|w| w.as_str()).collect()
    }
    /// The word `s` spells, exactly.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| w.as_str() == s)
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vm])* $variant,)*
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)*];
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl From<$name> for crate::template::Value {
            fn from(w: $name) -> Self {
                crate::template::Value::Str(w.as_str().to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// `targets[].targetType`.
    TargetType {
        Lambda = "lambda",
        McpServer = "mcpServer",
        OpenApiSchema = "openApiSchema",
        SmithyModel = "smithyModel",
        ApiGateway = "apiGateway",
        LambdaFunctionArn = "lambdaFunctionArn",
        HttpRuntime = "httpRuntime",
        Connector = "connector",
        Passthrough = "passthrough",
    }
);

vocabulary!(
    /// `outboundAuth.type`.
    AuthType {
        OAuth = "OAUTH",
        ApiKey = "API_KEY",
        None = "NONE",
        GatewayIamRole = "GATEWAY_IAM_ROLE",
        JwtPassthrough = "JWT_PASSTHROUGH",
    }
);

vocabulary!(
    /// `outboundAuth.grantType`: how an OAuth target gets its token.
    GrantType {
        ClientCredentials = "CLIENT_CREDENTIALS",
        AuthorizationCode = "AUTHORIZATION_CODE",
        TokenExchange = "TOKEN_EXCHANGE",
    }
);

vocabulary!(
    /// A gateway's `authorizerType` (inbound auth).
    AuthorizerType {
        None = "NONE",
        AwsIam = "AWS_IAM",
        CustomJwt = "CUSTOM_JWT",
    }
);

vocabulary!(
    /// Every `CredentialProviderVendor` of the CloudFormation schema.
    Vendor {
        CustomOauth2 = "CustomOauth2",
        GoogleOauth2 = "GoogleOauth2",
        GithubOauth2 = "GithubOauth2",
        SlackOauth2 = "SlackOauth2",
        SalesforceOauth2 = "SalesforceOauth2",
        MicrosoftOauth2 = "MicrosoftOauth2",
        AtlassianOauth2 = "AtlassianOauth2",
        LinkedinOauth2 = "LinkedinOauth2",
        XOauth2 = "XOauth2",
        OktaOauth2 = "OktaOauth2",
        OneLoginOauth2 = "OneLoginOauth2",
        PingOneOauth2 = "PingOneOauth2",
        FacebookOauth2 = "FacebookOauth2",
        YandexOauth2 = "YandexOauth2",
        RedditOauth2 = "RedditOauth2",
        ZoomOauth2 = "ZoomOauth2",
        TwitchOauth2 = "TwitchOauth2",
        SpotifyOauth2 = "SpotifyOauth2",
        DropboxOauth2 = "DropboxOauth2",
        NotionOauth2 = "NotionOauth2",
        HubspotOauth2 = "HubspotOauth2",
        CyberArkOauth2 = "CyberArkOauth2",
        FusionAuthOauth2 = "FusionAuthOauth2",
        Auth0Oauth2 = "Auth0Oauth2",
        CognitoOauth2 = "CognitoOauth2",
    }
);

vocabulary!(
    /// A credential's `authorizerType`: the kind of credential provider.
    CredentialType {
        OAuth = "OAuthCredentialProvider",
        ApiKey = "ApiKeyCredentialProvider",
        Payment = "PaymentCredentialProvider",
    }
);

impl CredentialType {
    /// The logical-ID suffix of this kind's provider resource.
    pub fn resource_suffix(self) -> &'static str {
        match self {
            CredentialType::OAuth => "OAuth2CredentialProvider",
            CredentialType::ApiKey => "ApiKeyCredentialProvider",
            CredentialType::Payment => "PaymentCredentialProvider",
        }
    }

    /// The fields of this kind that the edit commands set (beside
    /// `authorizerType`, `name` and `providerArn`, which every kind has).
    pub fn edit_fields(self) -> &'static [&'static str] {
        match self {
            CredentialType::OAuth => &[
                "vendor",
                "discoveryUrl",
                "scopes",
                "clientId",
                "clientSecretRef",
                "clientAuthenticationMethod",
                "tokenExchange",
            ],
            CredentialType::ApiKey => &["secretRef"],
            CredentialType::Payment => &["provider"],
        }
    }
}

/// How a vendor's configuration is given in CloudFormation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorShape {
    /// `CustomOauth2ProviderConfig`: discovery, token exchange, private-key JWT.
    Custom,
    /// A vendor with its own config block (`GithubOauth2ProviderConfig`, …):
    /// client ID and secret (and a tenant for Microsoft).
    Own,
    /// `IncludedOauth2ProviderConfig`: client ID and secret plus, where the
    /// file gives them, issuer and endpoints.
    Included,
}

impl Vendor {
    /// The default when a credential names none.
    pub const DEFAULT: Vendor = Vendor::CustomOauth2;

    pub fn shape(self) -> VendorShape {
        use Vendor::*;
        match self {
            CustomOauth2 => VendorShape::Custom,
            GoogleOauth2 | GithubOauth2 | SlackOauth2 | SalesforceOauth2 | MicrosoftOauth2
            | AtlassianOauth2 | LinkedinOauth2 => VendorShape::Own,
            XOauth2 | OktaOauth2 | OneLoginOauth2 | PingOneOauth2 | FacebookOauth2
            | YandexOauth2 | RedditOauth2 | ZoomOauth2 | TwitchOauth2 | SpotifyOauth2
            | DropboxOauth2 | NotionOauth2 | HubspotOauth2 | CyberArkOauth2 | FusionAuthOauth2
            | Auth0Oauth2 | CognitoOauth2 => VendorShape::Included,
        }
    }

    /// The key of `Oauth2ProviderConfigInput` that holds this vendor's block.
    pub fn config_key(self) -> String {
        match self.shape() {
            VendorShape::Custom => "CustomOauth2ProviderConfig".into(),
            VendorShape::Included => "IncludedOauth2ProviderConfig".into(),
            VendorShape::Own => format!("{}ProviderConfig", self.as_str()),
        }
    }
}

/// A target's outbound-auth table, as the AgentCore CLI has it.
#[derive(Debug, Clone, Copy)]
pub struct AuthRule {
    /// An `outboundAuth` other than `NONE` is required.
    pub required: bool,
    /// The types accepted in `outboundAuth.type` (empty: none applies).
    pub accepted: &'static [AuthType],
    /// Without outbound auth the gateway calls the target with its own role.
    pub iam_fallback: bool,
}

/// A field of a target that holds one target type's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetField {
    Compute,
    Endpoint,
    ApiGateway,
    LambdaFunctionArn,
    ToolDefinitions,
    SchemaSource,
    HttpRuntime,
    Passthrough,
}

impl TargetField {
    pub fn key(self) -> &'static str {
        match self {
            TargetField::Compute => "compute",
            TargetField::Endpoint => "endpoint",
            TargetField::ApiGateway => "apiGateway",
            TargetField::LambdaFunctionArn => "lambdaFunctionArn",
            TargetField::ToolDefinitions => "toolDefinitions",
            TargetField::SchemaSource => "schemaSource",
            TargetField::HttpRuntime => "httpRuntime",
            TargetField::Passthrough => "passthrough",
        }
    }
}

impl TargetType {
    /// The outbound-auth table of the AgentCore CLI.
    pub fn auth(self) -> AuthRule {
        use AuthType as A;
        use TargetType::*;
        let rule = |required, accepted, iam_fallback| AuthRule {
            required,
            accepted,
            iam_fallback,
        };
        match self {
            OpenApiSchema => rule(true, &[A::OAuth, A::ApiKey], false),
            SmithyModel => rule(false, &[], true),
            ApiGateway => rule(false, &[A::ApiKey, A::None], true),
            McpServer => rule(false, &[A::OAuth, A::None], false),
            Lambda | LambdaFunctionArn | HttpRuntime => rule(false, &[A::OAuth, A::None], true),
            Connector => rule(false, &[], true),
            Passthrough => rule(
                true,
                &[A::GatewayIamRole, A::OAuth, A::JwtPassthrough],
                false,
            ),
        }
    }

    /// Fields the AgentCore CLI rejects on this type ("… is not applicable").
    pub fn forbidden(self) -> &'static [TargetField] {
        use TargetField as F;
        use TargetType::*;
        match self {
            ApiGateway => &[
                F::Compute,
                F::Endpoint,
                F::LambdaFunctionArn,
                F::ToolDefinitions,
            ],
            OpenApiSchema | SmithyModel => {
                &[F::Compute, F::Endpoint, F::ToolDefinitions, F::ApiGateway]
            }
            LambdaFunctionArn => &[F::Compute, F::Endpoint, F::ApiGateway, F::ToolDefinitions],
            McpServer => &[F::ApiGateway, F::LambdaFunctionArn],
            HttpRuntime => &[
                F::Endpoint,
                F::Compute,
                F::ApiGateway,
                F::LambdaFunctionArn,
                F::ToolDefinitions,
            ],
            Passthrough => &[
                F::Endpoint,
                F::Compute,
                F::ApiGateway,
                F::LambdaFunctionArn,
                F::HttpRuntime,
                F::ToolDefinitions,
            ],
            Connector => &[
                F::Compute,
                F::Endpoint,
                F::ToolDefinitions,
                F::ApiGateway,
                F::LambdaFunctionArn,
                F::SchemaSource,
                F::HttpRuntime,
                F::Passthrough,
            ],
            Lambda => &[],
        }
    }

    /// The type needs a gateway with `protocolType: "None"` (HTTP, not MCP).
    pub fn needs_http_gateway(self) -> bool {
        use TargetType::*;
        match self {
            HttpRuntime | Passthrough => true,
            Lambda | McpServer | OpenApiSchema | SmithyModel | ApiGateway | LambdaFunctionArn
            | Connector => false,
        }
    }

    /// `Description` when the file gives none: `<this>: <target name>`.
    pub fn default_description(self) -> &'static str {
        use TargetType::*;
        match self {
            McpServer => "External MCP server",
            OpenApiSchema => "OpenAPI target",
            SmithyModel => "Smithy model target",
            ApiGateway => "API Gateway target",
            LambdaFunctionArn => "Lambda function target",
            HttpRuntime => "HTTP runtime target",
            Connector => "Connector target",
            Passthrough => "Passthrough target",
            Lambda => "Lambda function target",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for t in TargetType::ALL {
            assert_eq!(TargetType::parse(t.as_str()), Some(*t));
        }
        assert_eq!(AuthType::parse("OAUTH"), Some(AuthType::OAuth));
        assert_eq!(GrantType::parse("token_exchange"), None);
        assert_eq!(
            Vendor::GithubOauth2.config_key(),
            "GithubOauth2ProviderConfig"
        );
        assert_eq!(
            Vendor::OktaOauth2.config_key(),
            "IncludedOauth2ProviderConfig"
        );
    }
}

vocabulary!(
    /// `runtimes[].build`: how the runtime's artifact is made.
    BuildKind {
        CodeZip = "CodeZip",
        Container = "Container",
    }
);

vocabulary!(
    /// `runtimes[].runtimeVersion`, as the AgentCore CLI accepts it.
    RuntimeVersion {
        Python310 = "PYTHON_3_10",
        Python311 = "PYTHON_3_11",
        Python312 = "PYTHON_3_12",
        Python313 = "PYTHON_3_13",
        Python314 = "PYTHON_3_14",
        Node18 = "NODE_18",
        Node20 = "NODE_20",
        Node22 = "NODE_22",
    }
);

impl RuntimeVersion {
    pub fn is_node(self) -> bool {
        matches!(
            self,
            RuntimeVersion::Node18 | RuntimeVersion::Node20 | RuntimeVersion::Node22
        )
    }
    /// `3.13` for `PYTHON_3_13`; `None` for Node.
    pub fn python_version(self) -> Option<&'static str> {
        match self {
            RuntimeVersion::Python310 => Some("3.10"),
            RuntimeVersion::Python311 => Some("3.11"),
            RuntimeVersion::Python312 => Some("3.12"),
            RuntimeVersion::Python313 => Some("3.13"),
            RuntimeVersion::Python314 => Some("3.14"),
            _ => None,
        }
    }
    /// Whether CloudFormation's `CodeConfiguration.Runtime` has the word
    /// (it lacks `NODE_18` and `NODE_20`, which the CLI accepts).
    pub fn in_cloudformation(self) -> bool {
        !matches!(self, RuntimeVersion::Node18 | RuntimeVersion::Node20)
    }
}

vocabulary!(
    /// `runtimes[].networkMode`.
    NetworkMode {
        Public = "PUBLIC",
        Vpc = "VPC",
    }
);

vocabulary!(
    /// `runtimes[].protocol`.
    RuntimeProtocol {
        Http = "HTTP",
        Mcp = "MCP",
        A2a = "A2A",
        Agui = "AGUI",
    }
);

vocabulary!(
    /// `memories[].strategies[].type`. `CUSTOM` is accepted by the CLI's CDK
    /// (not by its `add memory` command).
    StrategyType {
        Semantic = "SEMANTIC",
        Summarization = "SUMMARIZATION",
        UserPreference = "USER_PREFERENCE",
        Episodic = "EPISODIC",
        Custom = "CUSTOM",
    }
);

impl StrategyType {
    /// The key of the strategy in CloudFormation's `MemoryStrategies[]`.
    pub fn cfn_key(self) -> &'static str {
        match self {
            StrategyType::Semantic => "SemanticMemoryStrategy",
            StrategyType::Summarization => "SummaryMemoryStrategy",
            StrategyType::UserPreference => "UserPreferenceMemoryStrategy",
            StrategyType::Episodic => "EpisodicMemoryStrategy",
            StrategyType::Custom => "CustomMemoryStrategy",
        }
    }
    /// The suffix of the default strategy name `<memory>_<Suffix>` (as the CDK).
    pub fn default_suffix(self) -> &'static str {
        match self {
            StrategyType::Semantic => "Semantic",
            StrategyType::Summarization => "Summarization",
            StrategyType::UserPreference => "Userpreference",
            StrategyType::Episodic => "Episodic",
            StrategyType::Custom => "Custom",
        }
    }
}
