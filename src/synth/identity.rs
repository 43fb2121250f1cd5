//! Credential providers: `AWS::BedrockAgentCore::OAuth2CredentialProvider`
//! (with on-behalf-of token exchange), `ApiKeyCredentialProvider` and
//! `PaymentCredentialProvider`. Secrets never enter the template: a secret
//! is either a Secrets Manager reference (`…Source: EXTERNAL`) or a `NoEcho`
//! parameter without a default.

use super::naming::{bases, pascal};
use super::Builder;
use crate::project::catalog::VendorShape;
use crate::project::credential::{ServerMetadata, PAYMENT_SHAPES};
use crate::project::merge_tags;
use crate::project::{Credential, CredentialKind, OAuth, Project, SecretRef};
use crate::template::map;
use crate::template::{Map, Parameter, Resource, Value};
use indexmap::IndexMap;

pub const OAUTH_TYPE: &str = crate::cfn::types::OAUTH2_CREDENTIAL_PROVIDER;
pub const API_KEY_TYPE: &str = crate::cfn::types::API_KEY_CREDENTIAL_PROVIDER;
pub const PAYMENT_TYPE: &str = crate::cfn::types::PAYMENT_CREDENTIAL_PROVIDER;

const OAUTH_ARN_PATTERN: &str = r"^arn:aws(-[a-z-]+)?:bedrock-agentcore:[A-Za-z0-9-]{1,64}:[0-9]{12}:token-vault/[a-zA-Z0-9-.]+/oauth2credentialprovider/[a-zA-Z0-9-_]+$";

use crate::project::catalog::CredentialType;

/// What gateways need to know about a credential provider.
#[derive(Debug, Clone)]
pub struct ProviderInfo {
    pub kind: CredentialType,
    /// The provider's ARN: GetAtt of the resource, a literal, or a Ref to a parameter.
    pub arn: Value,
    /// Secrets Manager ARNs the provider reads at run time (for IAM).
    pub secret_arns: Vec<Value>,
}

pub type Providers = IndexMap<String, ProviderInfo>;

pub fn lower(project: &Project, b: &mut Builder) -> Providers {
    let ids = bases(
        project
            .credentials
            .iter()
            .map(|c| (c.name.value.as_str(), pascal(&c.name.value))),
    );
    let mut providers = Providers::new();
    for (c, base) in project.credentials.iter().zip(ids) {
        b.credential = Some(c.name.value.clone());
        let info = match &c.kind {
            CredentialKind::OAuth(o) => oauth(project, c, o, &base, b),
            CredentialKind::ApiKey(k) => api_key(project, c, k.secret_ref.as_ref(), &base, b),
            CredentialKind::Payment(p) => payment(project, c, p, &base, b),
        };
        b.credential = None;
        providers.insert(c.name.value.clone(), info);
    }
    providers
}

fn tags(project: &Project, c: &Credential) -> Option<Value> {
    let merged = merge_tags(&project.tags, &c.tags);
    (!merged.is_empty()).then(|| {
        Value::List(
            merged
                .into_iter()
                .map(|(k, v)| Value::Map(map! { "Key" => k, "Value" => v }))
                .collect(),
        )
    })
}

fn output_arn(c: &Credential, id: &str, base: &str, b: &mut Builder) -> Value {
    let arn = Value::GetAtt(id.to_string(), "CredentialProviderArn".into());
    output(c, arn, base, b)
}

/// The logical-ID suffix of a credential's provider resource.
pub fn resource_suffix(c: &Credential) -> &'static str {
    c.credential_type().resource_suffix()
}

/// Every provider's ARN is an output `<resource id>Arn`, created here or
/// not, so agent code and other stacks find them all in one place.
fn output(c: &Credential, arn: Value, base: &str, b: &mut Builder) -> Value {
    b.output(
        &format!("{base}{}Arn", resource_suffix(c)),
        format!("ARN of credential provider {}", c.name.value),
        arn.clone(),
        true,
    );
    arn
}

/// A secret either from Secrets Manager (`<prefix>Source: EXTERNAL` +
/// `<prefix>Config`) or from a NoEcho parameter (`<value_prop>`). Returns
/// the ARN of the secret the provider reads at run time: the referenced one,
/// or the one the service manages for `(kind, name)`.
#[allow(clippy::too_many_arguments)]
fn secret(
    props: &mut Map,
    (value_prop, prefix): (&str, &str),
    r: Option<&SecretRef>,
    param_id: &str,
    what: String,
    (kind, name): (&str, &str),
    b: &mut Builder,
) -> Value {
    match r {
        Some(r) => {
            props.insert(format!("{prefix}Source"), "EXTERNAL".into());
            props.insert(
                format!("{prefix}Config"),
                Value::Map(
                    map! { "SecretId" => r.secret_id.value.clone(), "JsonKey" => r.json_key.value.clone() },
                ),
            );
            external_secret_arn(&r.secret_id.value)
        }
        None => {
            let v = b.parameter(param_id, Parameter::secret(what));
            props.insert(value_prop.to_string(), v);
            managed_secret_arn(kind, name)
        }
    }
}

/// The ARN IAM needs for a Secrets Manager secret given by name or ARN.
fn external_secret_arn(id: &str) -> Value {
    if id.starts_with("arn:") {
        Value::Str(id.to_string())
    } else {
        Value::Sub(format!(
            "arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{id}-??????"
        ))
    }
}

/// The secret the service creates for a MANAGED provider secret.
fn managed_secret_arn(kind: &str, name: &str) -> Value {
    Value::Sub(format!(
        "arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:bedrock-agentcore-identity!default/{kind}/{name}-??????"
    ))
}

fn oauth(
    project: &Project,
    c: &Credential,
    o: &OAuth,
    base: &str,
    b: &mut Builder,
) -> ProviderInfo {
    let name = &c.name.value;
    if let Some(arn) = &c.provider_arn {
        let arn = output(c, Value::Str(arn.value.clone()), base, b);
        return ProviderInfo {
            kind: CredentialType::OAuth,
            arn,
            secret_arns: vec![],
        };
    }
    if o.names_existing_provider() {
        let arn = b.parameter(
            &format!("{base}ProviderArn"),
            Parameter::string(format!(
                "ARN of the existing OAuth2 credential provider {name} (not created by this stack)"
            ))
            .pattern(
                OAUTH_ARN_PATTERN,
                "must be an OAuth2 credential provider ARN",
            ),
        );
        let arn = output(c, arn, base, b);
        return ProviderInfo {
            kind: CredentialType::OAuth,
            arn,
            secret_arns: vec![],
        };
    }
    let id = format!("{base}{}", resource_suffix(c));
    let vendor = o.vendor();
    if let Some(pc) = &o.provider_config {
        return provider_config(project, c, o, pc, (&id, base), b);
    }
    let mut cfg = Map::default();
    let client_id = match &o.client_id {
        Some(id) => Value::Str(id.value.clone()),
        None => b.parameter(
            &format!("{base}ClientId"),
            Parameter::string(format!("OAuth2 client ID of credential provider {name}")),
        ),
    };
    cfg.insert("ClientId".into(), client_id);
    let mut secret_arns = Vec::new();
    if o.needs_client_secret() {
        let arn = secret(
            &mut cfg,
            ("ClientSecret", "ClientSecret"),
            o.client_secret_ref.as_ref(),
            &format!("{base}ClientSecret"),
            format!("OAuth2 client secret of credential provider {name}"),
            ("oauth2", name),
            b,
        );
        secret_arns.push(arn);
    }
    let shape = o
        .vendor_word()
        .map(|v| v.shape())
        .unwrap_or(VendorShape::Own);
    let config_key = match shape {
        VendorShape::Custom => {
            if let Some(m) = &o.client_auth_method {
                cfg.insert("ClientAuthenticationMethod".into(), m.value.into());
            }
            let discovery = match (&o.discovery_url, &o.metadata) {
                (Some(u), _) => map! { "DiscoveryUrl" => u.value.clone() },
                (None, Some(m)) => map! { "AuthorizationServerMetadata" => metadata(m) },
                (None, None) => unreachable!("imported case handled above"),
            };
            cfg.insert("OauthDiscovery".into(), Value::Map(discovery));
            if let Some(te) = &o.token_exchange {
                let mut obo = map! { "GrantType" => te.grant_type.value };
                if let Some(tc) = &te.config {
                    let mut t = map! { "ActorTokenContent" => tc.actor_token_content.value };
                    if let Some(s) = &tc.actor_token_scopes {
                        t.insert(
                            "ActorTokenScopes".into(),
                            Value::strs(s.value.iter().map(|x| x.value.clone())),
                        );
                    }
                    obo.insert("TokenExchangeGrantTypeConfig".into(), Value::Map(t));
                }
                cfg.insert("OnBehalfOfTokenExchangeConfig".into(), Value::Map(obo));
            }
            if let Some(k) = &o.private_key_jwt {
                let mut p = Map::default();
                if let Some(a) = &k.signing_algorithm {
                    p.insert("SigningAlgorithm".into(), a.value.into());
                }
                p.insert(
                    "PrivateKeySource".into(),
                    Value::Map(map! { "KmsKeySource" => Value::Map(map! { "KmsKeyArn" => k.kms_key_arn.value.clone() }) }),
                );
                cfg.insert("PrivateKeyJwtConfig".into(), Value::Map(p));
            }
            "CustomOauth2ProviderConfig".to_string()
        }
        VendorShape::Included => {
            if let Some(m) = &o.metadata {
                cfg.insert("Issuer".into(), m.issuer.value.clone().into());
                cfg.insert(
                    "AuthorizationEndpoint".into(),
                    m.authorization_endpoint.value.clone().into(),
                );
                cfg.insert(
                    "TokenEndpoint".into(),
                    m.token_endpoint.value.clone().into(),
                );
            }
            "IncludedOauth2ProviderConfig".to_string()
        }
        VendorShape::Own => {
            if let Some(t) = &o.tenant_id {
                cfg.insert("TenantId".into(), t.value.clone().into());
            }
            format!("{vendor}ProviderConfig")
        }
    };
    let mut props = map! {
        "Name" => name.clone(),
        "CredentialProviderVendor" => vendor,
        "Oauth2ProviderConfigInput" => Value::Map(map! { config_key => Value::Map(cfg) }),
    };
    if let Some(t) = tags(project, c) {
        props.insert("Tags".into(), t);
    }
    b.resource(&id, Resource::new(OAUTH_TYPE, props));
    let arn = output_arn(c, &id, base, b);
    ProviderInfo {
        kind: CredentialType::OAuth,
        arn,
        secret_arns,
    }
}

fn metadata(m: &ServerMetadata) -> Value {
    let mut v = map! {
        "Issuer" => m.issuer.value.clone(),
        "AuthorizationEndpoint" => m.authorization_endpoint.value.clone(),
        "TokenEndpoint" => m.token_endpoint.value.clone(),
    };
    if let Some(r) = &m.response_types {
        v.insert(
            "ResponseTypes".into(),
            Value::strs(r.value.iter().map(|x| x.value.clone())),
        );
    }
    Value::Map(v)
}

fn api_key(
    project: &Project,
    c: &Credential,
    r: Option<&SecretRef>,
    base: &str,
    b: &mut Builder,
) -> ProviderInfo {
    let name = &c.name.value;
    if let Some(arn) = &c.provider_arn {
        let arn = output(c, Value::Str(arn.value.clone()), base, b);
        return ProviderInfo {
            kind: CredentialType::ApiKey,
            arn,
            secret_arns: vec![],
        };
    }
    let id = format!("{base}{}", resource_suffix(c));
    let mut props = map! { "Name" => name.clone() };
    let arn = secret(
        &mut props,
        ("ApiKey", "ApiKeySecret"),
        r,
        &format!("{base}ApiKey"),
        format!("API key of credential provider {name}"),
        ("apikey", name),
        b,
    );
    let secret_arn = arn;
    if let Some(t) = tags(project, c) {
        props.insert("Tags".into(), t);
    }
    b.resource(&id, Resource::new(API_KEY_TYPE, props));
    let arn = output_arn(c, &id, base, b);
    ProviderInfo {
        kind: CredentialType::ApiKey,
        arn,
        secret_arns: vec![secret_arn],
    }
}

fn payment(
    project: &Project,
    c: &Credential,
    p: &crate::project::Payment,
    base: &str,
    b: &mut Builder,
) -> ProviderInfo {
    let name = &c.name.value;
    if let Some(arn) = &c.provider_arn {
        let arn = output(c, Value::Str(arn.value.clone()), base, b);
        return ProviderInfo {
            kind: CredentialType::Payment,
            arn,
            secret_arns: vec![],
        };
    }
    let provider = p
        .provider
        .as_ref()
        .map(|p| p.value)
        .unwrap_or("CoinbaseCDP");
    let shape = PAYMENT_SHAPES
        .iter()
        .find(|s| s.provider == provider)
        .expect("validated provider");
    let id = format!("{base}{}", resource_suffix(c));
    let mut cfg = Map::default();
    for (field, prop) in shape.ids {
        let v = match p.ids.iter().find(|(f, _)| f == field) {
            Some((_, v)) => Value::Str(v.value.clone()),
            None => b.parameter(
                &format!("{base}{prop}"),
                Parameter::string(format!(
                    "{provider} {prop} of payment credential provider {name}"
                )),
            ),
        };
        cfg.insert(prop.to_string(), v);
    }
    for (field, prop) in shape.secrets {
        let r = p
            .secret_refs
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, r)| r);
        secret(
            &mut cfg,
            (prop, prop),
            r,
            &format!("{base}{prop}"),
            format!("{provider} {prop} of payment credential provider {name}"),
            ("payment", name),
            b,
        );
    }
    let mut props = map! {
        "Name" => name.clone(),
        "CredentialProviderVendor" => provider,
        "ProviderConfigurationInput" => Value::Map(map! { shape.config_key => Value::Map(cfg) }),
    };
    if let Some(t) = tags(project, c) {
        props.insert("Tags".into(), t);
    }
    b.resource(&id, Resource::new(PAYMENT_TYPE, props));
    let arn = output_arn(c, &id, base, b);
    ProviderInfo {
        kind: CredentialType::Payment,
        arn,
        secret_arns: vec![],
    }
}

/// A version-2 `providerConfig`: the SDK's `Oauth2ProviderConfigInput`
/// with its keys in CloudFormation's PascalCase, and the client secret from
/// `clientSecretRef` or a `NoEcho` parameter (validation has checked the
/// fields against the schema and that it holds no secret).
fn provider_config(
    project: &Project,
    c: &Credential,
    o: &OAuth,
    pc: &crate::project::credential::ProviderConfig,
    (id, base): (&str, &str),
    b: &mut Builder,
) -> ProviderInfo {
    fn pascal_keys(v: Value) -> Value {
        match v {
            Value::Map(m) => Value::Map(
                m.into_iter()
                    .map(|(k, x)| {
                        let mut ch = k.chars();
                        let k = match ch.next() {
                            Some(f) => f.to_ascii_uppercase().to_string() + ch.as_str(),
                            None => k,
                        };
                        (k, pascal_keys(x))
                    })
                    .collect(),
            ),
            Value::List(items) => Value::List(items.into_iter().map(pascal_keys).collect()),
            other => other,
        }
    }
    let name = &c.name.value;
    let (key, body) = pc.entry().expect("validated: one vendor config");
    let config_key = pascal_keys(Value::Map(map! { key => Value::Null }))
        .as_map()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    let mut cfg = match pascal_keys(crate::template::node_value(body)) {
        Value::Map(m) => m,
        _ => Map::default(),
    };
    let mut secret_arns = Vec::new();
    if o.needs_client_secret() {
        let arn = secret(
            &mut cfg,
            ("ClientSecret", "ClientSecret"),
            o.client_secret_ref.as_ref(),
            &format!("{base}ClientSecret"),
            format!("OAuth2 client secret of credential provider {name}"),
            ("oauth2", name),
            b,
        );
        secret_arns.push(arn);
    }
    let mut props = map! {
        "Name" => name.clone(),
        "CredentialProviderVendor" => o.vendor(),
        "Oauth2ProviderConfigInput" => Value::Map(map! { config_key => Value::Map(cfg) }),
    };
    if let Some(t) = tags(project, c) {
        props.insert("Tags".into(), t);
    }
    b.resource(id, Resource::new(OAUTH_TYPE, props));
    let arn = output_arn(c, id, base, b);
    ProviderInfo {
        kind: CredentialType::OAuth,
        arn,
        secret_arns,
    }
}
