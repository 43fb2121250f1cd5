//! The stable diagnostic codes. Every code is listed in `docs/errors.md`; a
//! test fails when one is missing there.

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident, $title:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// One-line description, used in docs and `--message-format json`.
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }
        }
    };
}

codes! {
    // Loading and parsing: AC00xx
    Io = "AC0001", Error, "a file cannot be read or written (the project, a template, an output)";
    JsonSyntax = "AC0002", Error, "the file is not valid JSON";
    TooDeep = "AC0003", Error, "the JSON nests deeper than the compiler accepts";
    InvalidUtf8 = "AC0004", Error, "the file is not valid UTF-8";
    TooLarge = "AC0005", Error, "the file or a value in it is larger than the compiler accepts";
    DuplicateKey = "AC0006", Warning, "an object has the same key twice (the last one wins)";
    Truncated = "AC0007", Note, "more diagnostics than are printed (the first 200 are)";
    Usage = "AC0008", Error, "a command line the tool cannot act on";
    EditRefused = "AC0009", Error, "an edit that is refused; the file is unchanged";

    // Shape of the document: AC10xx
    WrongType = "AC1001", Error, "a value has the wrong JSON type";
    MissingField = "AC1002", Error, "a required field is missing";
    UnknownKey = "AC1003", Error, "a key the AgentCore CLI rejects (strict object)";
    IgnoredKey = "AC1004", Warning, "a key the AgentCore CLI silently drops";
    InvalidEnum = "AC1005", Error, "a value is not one of the allowed values";
    InvalidValue = "AC1006", Error, "a value breaks a pattern, length or range rule";
    DuplicateName = "AC1007", Error, "two entries of one list have the same name";
    LegacyShape = "AC1008", Error, "a legacy project shape the AgentCore CLI 0.30.0 rejects";
    NotSynthesized = "AC1009", Note, "sections that are read but not synthesized";
    TooManyTags = "AC1010", Error, "more than 50 tags on one resource";
    SecretInProject = "AC1011", Error, "a secret value written into agentcore.json";

    // Credentials: AC20xx
    UnknownVendor = "AC2001", Error, "an OAuth vendor CloudFormation does not know";
    TokenExchangeVendor = "AC2002", Error, "token exchange on a built-in OAuth vendor";
    TokenExchangeConfigGrant = "AC2003", Error, "tokenExchangeGrantTypeConfig without grantType TOKEN_EXCHANGE";
    ActorScopesNotM2M = "AC2004", Error, "actorTokenScopes without actorTokenContent M2M";
    DiscoveryChoice = "AC2005", Error, "not exactly one of discoveryUrl / authorizationServerMetadata";
    DiscoveryUrl = "AC2006", Error, "a discovery URL that does not end in /.well-known/openid-configuration";
    CustomOnlyField = "AC2007", Error, "a field only a CustomOauth2 credential can have";
    ReservedSuffix = "AC2008", Error, "an API-key credential name with a reserved suffix";
    ProviderArn = "AC2009", Error, "a providerArn that is not a credential-provider ARN of this kind";
    ImportedWithConfig = "AC2010", Error, "a providerArn next to fields that would create a provider";
    UnneededSecret = "AC2011", Error, "a client secret for a method that sends none";
    PaymentField = "AC2012", Error, "a payment field that does not belong to the payment provider";

    // Gateways and targets: AC30xx
    GatewayName = "AC3001", Error, "a gateway name CloudFormation or the CLI rejects";
    TargetConfigRequired = "AC3002", Error, "a target lacks the configuration its type requires";
    NotApplicable = "AC3003", Error, "a target field that does not apply to its type";
    AuthNotSupported = "AC3004", Error, "an outbound auth type the target type does not support";
    AuthNeedsCredential = "AC3005", Error, "outbound auth without the credential or service it needs";
    CredentialNotFound = "AC3006", Error, "a target names a credential that does not exist";
    CredentialKind = "AC3007", Error, "a target's credential is of the wrong kind for its auth type";
    GrantNeedsTokenExchange = "AC3008", Error, "grantType TOKEN_EXCHANGE with a credential that has no tokenExchange";
    GrantNeedsUserToken = "AC3009", Error, "a user-delegated grant on a gateway without CUSTOM_JWT inbound auth";
    ExchangeUnused = "AC3010", Warning, "a token-exchange credential used with CLIENT_CREDENTIALS";
    NeedsPackaging = "AC3011", Error, "a target with code (compute) that needs packaging";
    ProtocolMismatch = "AC3012", Error, "an HTTP target on an MCP gateway";
    JwtAuthorizer = "AC3013", Error, "a custom JWT authorizer that breaks a rule";
    NotInCloudFormation = "AC3014", Error, "a setting CloudFormation cannot express";
    IgnoredSetting = "AC3015", Warning, "a setting that has no effect where it is";
    UnknownReference = "AC3016", Error, "a reference to a runtime, endpoint or policy engine that does not exist";
    LocalFile = "AC3017", Error, "a local file the project names (schema, Cedar policy, harness spec) that is missing, too large or invalid";
    AuthField = "AC3018", Error, "an outboundAuth field that does not belong to its auth type";
    BroadGrant = "AC3019", Warning, "an IAM grant that cannot be scoped to a known ARN";
    NoScope = "AC3020", Warning, "an OAuth target that requests no scope although its credential lists scopes";

    // Runtimes and memories: AC50xx
    ComposedName = "AC5001", Error, "a runtime or memory name that is too long once the project name is prefixed";
    RuntimeReference = "AC5002", Error, "a runtime lists a credential or memory the project does not define";
    OboNeedsJwt = "AC5003", Error, "a runtime that may exchange a user's token has no CUSTOM_JWT inbound auth";
    NothingToDeploy = "AC5004", Error, "the project defines nothing the template could create";
    ImportedRole = "AC5005", Warning, "permissions that cannot be attached to an imported execution role";
    EnvironmentVariables = "AC5006", Error, "runtime environment variables beyond CloudFormation's limits or set twice";
    BuildInput = "AC5007", Note, "a build input the template does not contain (the artifact is a parameter)";
    AdditionalPolicy = "AC5008", Error, "an additionalPolicies entry that is not a readable IAM policy";
    RuntimeNotInCloudFormation = "AC5009", Error, "a runtime or memory setting CloudFormation cannot express";

    // Template limits: AC40xx
    TemplateTooLarge = "AC4001", Error, "the template exceeds a CloudFormation limit";
    TemplateNeedsS3 = "AC4002", Warning, "the template is too large to deploy without an S3 bucket";
    ProviderQuota = "AC4003", Warning, "more credential providers than one account may have in a region";

    // Compiler bugs: AC90xx
    Internal = "AC9001", Error, "internal error: the compiler produced an invalid template";
}
