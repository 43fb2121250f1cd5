//! What this compiler knows of CloudFormation itself, in one place for
//! `synth`, `check` and `diff`: resource type names, the embedded official
//! resource schemas (`schemas/`, parsed once), secret property names,
//! pseudo parameters, `Fn::Sub` variables and the service limits.

use serde_json::Value as Json;
use std::sync::OnceLock;

/// Resource type names the compiler emits.
pub mod types {
    pub const OAUTH2_CREDENTIAL_PROVIDER: &str = "AWS::BedrockAgentCore::OAuth2CredentialProvider";
    pub const API_KEY_CREDENTIAL_PROVIDER: &str = "AWS::BedrockAgentCore::ApiKeyCredentialProvider";
    pub const PAYMENT_CREDENTIAL_PROVIDER: &str =
        "AWS::BedrockAgentCore::PaymentCredentialProvider";
    pub const GATEWAY: &str = "AWS::BedrockAgentCore::Gateway";
    pub const GATEWAY_TARGET: &str = "AWS::BedrockAgentCore::GatewayTarget";
    pub const RUNTIME: &str = "AWS::BedrockAgentCore::Runtime";
    pub const RUNTIME_ENDPOINT: &str = "AWS::BedrockAgentCore::RuntimeEndpoint";
    pub const MEMORY: &str = "AWS::BedrockAgentCore::Memory";
    pub const POLICY_ENGINE: &str = "AWS::BedrockAgentCore::PolicyEngine";
    pub const POLICY: &str = "AWS::BedrockAgentCore::Policy";
    pub const EVALUATOR: &str = "AWS::BedrockAgentCore::Evaluator";
    pub const HARNESS: &str = "AWS::BedrockAgentCore::Harness";
    pub const KNOWLEDGE_BASE: &str = "AWS::Bedrock::KnowledgeBase";
    pub const DATA_SOURCE: &str = "AWS::Bedrock::DataSource";
    pub const ONLINE_EVALUATION_CONFIG: &str = "AWS::BedrockAgentCore::OnlineEvaluationConfig";
    pub const LAMBDA_FUNCTION: &str = "AWS::Lambda::Function";
    pub const LOG_GROUP: &str = "AWS::Logs::LogGroup";
    pub const IAM_ROLE: &str = "AWS::IAM::Role";
    pub const IAM_POLICY: &str = "AWS::IAM::Policy";
}

/// Resources, parameters and outputs per stack; body sizes in bytes; logical-ID length.
pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_BODY_INLINE: usize = 51_200;
pub const MAX_BODY_S3: usize = 1_000_000;
pub const MAX_LOGICAL_ID: usize = 255;

macro_rules! embedded {
    ($($ty:literal => $file:literal),* $(,)?) => {
        const EMBEDDED: &[(&str, &str)] = &[ $( ($ty, include_str!(concat!("../schemas/", $file))), )* ];
    };
}

embedded! {
    "AWS::BedrockAgentCore::OAuth2CredentialProvider" => "AWS-BedrockAgentCore-OAuth2CredentialProvider.json",
    "AWS::BedrockAgentCore::ApiKeyCredentialProvider" => "AWS-BedrockAgentCore-ApiKeyCredentialProvider.json",
    "AWS::BedrockAgentCore::PaymentCredentialProvider" => "AWS-BedrockAgentCore-PaymentCredentialProvider.json",
    "AWS::BedrockAgentCore::Gateway" => "AWS-BedrockAgentCore-Gateway.json",
    "AWS::BedrockAgentCore::GatewayTarget" => "AWS-BedrockAgentCore-GatewayTarget.json",
    "AWS::BedrockAgentCore::WorkloadIdentity" => "AWS-BedrockAgentCore-WorkloadIdentity.json",
    "AWS::BedrockAgentCore::Runtime" => "AWS-BedrockAgentCore-Runtime.json",
    "AWS::BedrockAgentCore::RuntimeEndpoint" => "AWS-BedrockAgentCore-RuntimeEndpoint.json",
    "AWS::BedrockAgentCore::Memory" => "AWS-BedrockAgentCore-Memory.json",
    "AWS::BedrockAgentCore::PolicyEngine" => "AWS-BedrockAgentCore-PolicyEngine.json",
    "AWS::BedrockAgentCore::Policy" => "AWS-BedrockAgentCore-Policy.json",
    "AWS::BedrockAgentCore::Evaluator" => "AWS-BedrockAgentCore-Evaluator.json",
    "AWS::BedrockAgentCore::Harness" => "AWS-BedrockAgentCore-Harness.json",
    "AWS::BedrockAgentCore::OnlineEvaluationConfig" => "AWS-BedrockAgentCore-OnlineEvaluationConfig.json",
    "AWS::Bedrock::KnowledgeBase" => "AWS-Bedrock-KnowledgeBase.json",
    "AWS::Bedrock::DataSource" => "AWS-Bedrock-DataSource.json",
    "AWS::Lambda::Function" => "AWS-Lambda-Function.json",
    "AWS::Logs::LogGroup" => "AWS-Logs-LogGroup.json",
    "AWS::IAM::Role" => "AWS-IAM-Role.json",
    "AWS::IAM::Policy" => "AWS-IAM-Policy.json",
    "AWS::IAM::ManagedPolicy" => "AWS-IAM-ManagedPolicy.json",
}

/// Property names whose value is a secret, in any resource.
pub const SECRET_PROPERTIES: &[&str] = &[
    "ClientSecret",
    "ApiKey",
    "ApiKeySecret",
    "WalletSecret",
    "AppSecret",
    "AuthorizationPrivateKey",
];

pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// A parsed resource schema.
pub struct ResourceSchema {
    pub type_name: &'static str,
    pub doc: Json,
    /// Read-only property paths, e.g. `/properties/CredentialProviderArn`.
    pub read_only: Vec<String>,
    /// Create-only property paths (replacement on change).
    pub create_only: Vec<String>,
}

fn strings(doc: &Json, key: &str) -> Vec<String> {
    doc.get(key)
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl ResourceSchema {
    /// Every regular expression of the schema: `pattern` values and
    /// `patternProperties` keys, in document order.
    pub fn patterns(&self) -> Vec<&str> {
        fn walk<'a>(v: &'a Json, out: &mut Vec<&'a str>) {
            match v {
                Json::Object(m) => {
                    for (k, x) in m {
                        match (k.as_str(), x) {
                            ("pattern", Json::String(p)) => out.push(p),
                            ("patternProperties", Json::Object(pp)) => {
                                out.extend(pp.keys().map(String::as_str));
                                pp.values().for_each(|y| walk(y, out));
                            }
                            _ => walk(x, out),
                        }
                    }
                }
                Json::Array(a) => a.iter().for_each(|y| walk(y, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.doc, &mut out);
        out
    }
}

fn parse(ty: &'static str, text: &str) -> ResourceSchema {
    let doc: Json = serde_json::from_str(text).expect("embedded schema is JSON");
    ResourceSchema {
        type_name: ty,
        read_only: strings(&doc, "readOnlyProperties"),
        create_only: strings(&doc, "createOnlyProperties"),
        doc,
    }
}

/// One slot per embedded schema, each parsed the first time its type is
/// asked for: a template uses a handful of the types, and parsing all of
/// them cost more than the rest of synthesizing a small project.
fn slots() -> &'static [OnceLock<ResourceSchema>] {
    static SLOTS: OnceLock<Vec<OnceLock<ResourceSchema>>> = OnceLock::new();
    SLOTS.get_or_init(|| EMBEDDED.iter().map(|_| OnceLock::new()).collect())
}

/// Every embedded schema, parsed.
pub fn schemas() -> Vec<&'static ResourceSchema> {
    EMBEDDED
        .iter()
        .zip(slots())
        .map(|((ty, text), slot)| slot.get_or_init(|| parse(ty, text)))
        .collect()
}

pub fn schema_for(type_name: &str) -> Option<&'static ResourceSchema> {
    let i = EMBEDDED.iter().position(|(ty, _)| *ty == type_name)?;
    let (ty, text) = EMBEDDED[i];
    Some(slots()[i].get_or_init(|| parse(ty, text)))
}

/// The `${...}` variables of a `Fn::Sub` string (`${!Literal}` excluded).
pub fn sub_variables(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { break };
        let var = &after[..end];
        if !var.starts_with('!') {
            out.push(var.trim());
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_emitted_type_has_an_embedded_schema() {
        for t in [
            types::OAUTH2_CREDENTIAL_PROVIDER,
            types::API_KEY_CREDENTIAL_PROVIDER,
            types::PAYMENT_CREDENTIAL_PROVIDER,
            types::GATEWAY,
            types::GATEWAY_TARGET,
            types::IAM_ROLE,
            types::IAM_POLICY,
        ] {
            assert!(schema_for(t).is_some(), "{t}");
        }
    }
}
