//! `credentials[]`: the three credential kinds of the AgentCore CLI plus this
//! compiler's documented extensions (client id, secret references, client
//! authentication, authorization-server metadata, token exchange, imported
//! provider ARNs, tags). Credentials are lenient objects in the CLI: unknown
//! keys are warnings.

use super::catalog::Vocabulary;
use super::read::{as_obj, Obj, Spanned, Strictness};
use super::Tags;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::json::Node;

pub const TOKEN_EXCHANGE_GRANTS: &[&str] = &["TOKEN_EXCHANGE", "JWT_AUTHORIZATION_GRANT"];
pub const ACTOR_TOKEN_CONTENTS: &[&str] = &["NONE", "M2M", "AWS_IAM_ID_TOKEN_JWT"];
pub const CLIENT_AUTH_METHODS: &[&str] = &[
    "CLIENT_SECRET_BASIC",
    "CLIENT_SECRET_POST",
    "AWS_IAM_ID_TOKEN_JWT",
    "PRIVATE_KEY_JWT",
];
pub const PAYMENT_PROVIDERS: &[&str] = &["CoinbaseCDP", "StripePrivy"];

#[derive(Debug, Clone)]
pub struct Credential {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    /// An existing provider: nothing is created, targets use this ARN.
    pub provider_arn: Option<Spanned<String>>,
    pub tags: Tags,
    pub kind: CredentialKind,
}

#[derive(Debug, Clone)]
pub enum CredentialKind {
    OAuth(Box<OAuth>),
    ApiKey(ApiKey),
    Payment(Payment),
}

impl Credential {
    /// Whether the template creates a provider for this credential (not an
    /// existing one named by `providerArn` or, for custom OAuth without
    /// discovery, by an ARN parameter).
    pub fn creates_provider(&self) -> bool {
        self.provider_arn.is_none()
            && !matches!(&self.kind, CredentialKind::OAuth(o) if o.names_existing_provider())
    }
    pub fn kind_name(&self) -> &'static str {
        self.credential_type().as_str()
    }
    pub fn credential_type(&self) -> super::catalog::CredentialType {
        use super::catalog::CredentialType as T;
        match self.kind {
            CredentialKind::OAuth(_) => T::OAuth,
            CredentialKind::ApiKey(_) => T::ApiKey,
            CredentialKind::Payment(_) => T::Payment,
        }
    }
    pub fn oauth(&self) -> Option<&OAuth> {
        match &self.kind {
            CredentialKind::OAuth(o) => Some(o),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SecretRef {
    pub span: Span,
    pub secret_id: Spanned<String>,
    pub json_key: Spanned<String>,
}

#[derive(Debug, Clone)]
pub struct ServerMetadata {
    pub span: Span,
    pub issuer: Spanned<String>,
    pub authorization_endpoint: Spanned<String>,
    pub token_endpoint: Spanned<String>,
    pub response_types: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Clone)]
pub struct TokenExchange {
    pub span: Span,
    pub grant_type: Spanned<&'static str>,
    pub config: Option<TokenExchangeConfig>,
}

#[derive(Debug, Clone)]
pub struct TokenExchangeConfig {
    pub span: Span,
    pub actor_token_content: Spanned<&'static str>,
    pub actor_token_scopes: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Clone)]
pub struct OAuth {
    /// `None` means the default, `CustomOauth2`.
    pub vendor: Option<Spanned<String>>,
    pub discovery_url: Option<Spanned<String>>,
    pub metadata: Option<ServerMetadata>,
    pub scopes: Option<Spanned<Vec<Spanned<String>>>>,
    pub client_id: Option<Spanned<String>>,
    pub client_secret_ref: Option<SecretRef>,
    pub client_auth_method: Option<Spanned<&'static str>>,
    pub token_exchange: Option<TokenExchange>,
    pub tenant_id: Option<Spanned<String>>,
    pub private_key_jwt: Option<PrivateKeyJwt>,
    pub managed: Option<Spanned<bool>>,
    /// Version 2 only: the SDK's secret-free `Oauth2ProviderConfigInput`.
    pub provider_config: Option<ProviderConfig>,
}

/// A version-2 `providerConfig`: one vendor config object, e.g.
/// `{"customOauth2ProviderConfig": {…}}`.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub span: Span,
    pub node: Node,
}

impl ProviderConfig {
    /// The vendor key and its body, when there is exactly one.
    pub fn entry(&self) -> Option<(&str, &Node)> {
        match &self.node.kind {
            crate::json::Kind::Object(e) if e.len() == 1 => Some((e[0].key.as_str(), &e[0].value)),
            _ => None,
        }
    }
}

/// `privateKeyJwt`: client authentication with a KMS-held key (RFC 7523).
#[derive(Debug, Clone)]
pub struct PrivateKeyJwt {
    pub span: Span,
    pub kms_key_arn: Spanned<String>,
    pub signing_algorithm: Option<Spanned<&'static str>>,
}

impl OAuth {
    pub fn vendor(&self) -> &str {
        self.vendor
            .as_ref()
            .map(|v| v.value.as_str())
            .unwrap_or("CustomOauth2")
    }
    pub fn is_custom(&self) -> bool {
        self.vendor() == super::catalog::Vendor::DEFAULT.as_str()
    }
    /// The vendor as a word of the vocabulary (`None`: not a known vendor,
    /// which validation reports).
    pub fn vendor_word(&self) -> Option<super::catalog::Vendor> {
        super::catalog::Vendor::parse(self.vendor())
    }
    /// A custom provider with neither discovery URL nor server metadata
    /// names an existing provider (its ARN becomes a parameter): nothing is
    /// created for it.
    pub fn names_existing_provider(&self) -> bool {
        self.is_custom()
            && self.discovery_url.is_none()
            && self.metadata.is_none()
            && self.provider_config.is_none()
    }
    /// Whether the provider sends a client secret (every method but
    /// `AWS_IAM_ID_TOKEN_JWT` and `PRIVATE_KEY_JWT` does).
    pub fn needs_client_secret(&self) -> bool {
        let method = match &self.provider_config {
            Some(p) => p
                .entry()
                .and_then(|(_, b)| b.get("clientAuthenticationMethod"))
                .and_then(Node::as_str),
            None => self.client_auth_method.as_ref().map(|m| m.value),
        };
        !matches!(
            method,
            Some("AWS_IAM_ID_TOKEN_JWT") | Some("PRIVATE_KEY_JWT")
        )
    }
}

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub secret_ref: Option<SecretRef>,
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub provider: Option<Spanned<&'static str>>,
    /// Plain identifiers (`apiKeyId`, `appId`, `authorizationId`), by field name.
    pub ids: Vec<(&'static str, Spanned<String>)>,
    /// Secret references (`apiKeySecretRef`, …), by field name.
    pub secret_refs: Vec<(&'static str, SecretRef)>,
}

/// Identifier and secret fields of each payment vendor:
/// (json field, CloudFormation property).
pub struct PaymentShape {
    pub provider: &'static str,
    pub config_key: &'static str,
    pub ids: &'static [(&'static str, &'static str)],
    pub secrets: &'static [(&'static str, &'static str)],
}

pub const PAYMENT_SHAPES: &[PaymentShape] = &[
    PaymentShape {
        provider: "CoinbaseCDP",
        config_key: "CoinbaseCdpConfiguration",
        ids: &[("apiKeyId", "ApiKeyId")],
        secrets: &[
            ("apiKeySecretRef", "ApiKeySecret"),
            ("walletSecretRef", "WalletSecret"),
        ],
    },
    PaymentShape {
        provider: "StripePrivy",
        config_key: "StripePrivyConfiguration",
        ids: &[("appId", "AppId"), ("authorizationId", "AuthorizationId")],
        secrets: &[
            ("appSecretRef", "AppSecret"),
            ("authorizationPrivateKeyRef", "AuthorizationPrivateKey"),
        ],
    },
];

pub fn decode_all(arr: &[Node], base: &str, v2: bool, d: &mut Vec<Diagnostic>) -> Vec<Credential> {
    super::read::items(arr, base)
        .filter_map(|(path, n)| decode(n, &path, v2, d))
        .collect()
}

fn decode(node: &Node, path: &str, v2: bool, d: &mut Vec<Diagnostic>) -> Option<Credential> {
    let mut o = as_obj(node, path, d)?;
    let kind_s = if o.get("authorizerType").is_some() {
        o.string("authorizerType", d)
    } else {
        if o.get("type").is_some() {
            d.push(
                Diagnostic::new(
                    Code::LegacyShape,
                    o.path_of("type"),
                    "credentials are discriminated by `authorizerType` since AgentCore CLI 0.30.0, not `type`",
                )
                .at_opt(o.key_span("type"))
                .help("rename the key `type` to `authorizerType`"),
            );
            return None;
        }
        o.missing("authorizerType", d);
        None
    };
    let kind_s = kind_s?;
    let kind = super::read::check_enum(
        &kind_s,
        &o.path_of("authorizerType"),
        &super::catalog::CredentialType::names(),
        d,
    )?;
    let kind = super::catalog::CredentialType::parse(kind.value)?;
    let name = o.req_string("name", d);
    let provider_arn = o.string("providerArn", d);
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    use super::catalog::CredentialType as T;
    let kind = match kind {
        T::OAuth => CredentialKind::OAuth(Box::new(decode_oauth(&mut o, v2, d))),
        T::ApiKey => CredentialKind::ApiKey(ApiKey {
            secret_ref: secret_ref(&mut o, "secretRef", d),
        }),
        T::Payment => CredentialKind::Payment(decode_payment(&mut o, d)),
    };
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(Credential {
        path: path.to_string(),
        span,
        name: name?,
        provider_arn,
        tags,
        kind,
    })
}

fn decode_oauth(o: &mut Obj<'_>, v2: bool, d: &mut Vec<Diagnostic>) -> OAuth {
    let vendor = o.string("vendor", d);
    let discovery_url = o.string("discoveryUrl", d);
    let scopes = o.string_list("scopes", d);
    let client_id = o.nonempty("clientId", d);
    let client_secret_ref = secret_ref(o, "clientSecretRef", d);
    let client_auth_method = o.enumeration("clientAuthenticationMethod", CLIENT_AUTH_METHODS, d);
    let metadata = o
        .object("authorizationServerMetadata", d)
        .and_then(|mut m| {
            let issuer = m.req_string("issuer", d);
            let authorization_endpoint = m.req_string("authorizationEndpoint", d);
            let token_endpoint = m.req_string("tokenEndpoint", d);
            let response_types = m.string_list("responseTypes", d);
            let span = m.span();
            m.finish(Strictness::Strict, d);
            Some(ServerMetadata {
                span,
                issuer: issuer?,
                authorization_endpoint: authorization_endpoint?,
                token_endpoint: token_endpoint?,
                response_types,
            })
        });
    let token_exchange = o.object("tokenExchange", d).and_then(|mut t| {
        let grant_type = if t.get("grantType").is_some() {
            t.enumeration("grantType", TOKEN_EXCHANGE_GRANTS, d)
        } else {
            t.missing("grantType", d);
            None
        };
        let config = t
            .object("tokenExchangeGrantTypeConfig", d)
            .and_then(|mut c| {
                let content = if c.get("actorTokenContent").is_some() {
                    c.enumeration("actorTokenContent", ACTOR_TOKEN_CONTENTS, d)
                } else {
                    c.missing("actorTokenContent", d);
                    None
                };
                let scopes = c.string_list("actorTokenScopes", d);
                let span = c.span();
                c.finish(Strictness::Strict, d);
                Some(TokenExchangeConfig {
                    span,
                    actor_token_content: content?,
                    actor_token_scopes: scopes,
                })
            });
        let span = t.span();
        t.finish(Strictness::Strict, d);
        Some(TokenExchange {
            span,
            grant_type: grant_type?,
            config,
        })
    });
    let tenant_id = o.nonempty("tenantId", d);
    let private_key_jwt = o.object("privateKeyJwt", d).and_then(|mut k| {
        let kms_key_arn = k.req_string("kmsKeyArn", d);
        let signing_algorithm = k.enumeration("signingAlgorithm", &["RS256", "PS256", "ES256"], d);
        let span = k.span();
        k.finish(Strictness::Strict, d);
        Some(PrivateKeyJwt {
            span,
            kms_key_arn: kms_key_arn?,
            signing_algorithm,
        })
    });
    let managed = o.bool("managed", d);
    let provider_config = if v2 {
        o.get("providerConfig").map(|n| ProviderConfig {
            span: n.span,
            node: n.clone(),
        })
    } else {
        o.enumeration("usage", &["inbound", "outbound"], d);
        None
    };
    // The on-behalf-of settings of a providerConfig are the same facts as a
    // `tokenExchange` block: one model, so every cross-check applies.
    let token_exchange = match (token_exchange, provider_config.as_ref().and_then(obo_of)) {
        (Some(t), Some(_)) => {
            d.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    o.path_of("tokenExchange"),
                    "on-behalf-of token exchange is given twice, in `tokenExchange` and in `providerConfig…onBehalfOfTokenExchangeConfig`; keep one",
                )
                .at(t.span),
            );
            Some(t)
        }
        (t, p) => t.or(p),
    };
    OAuth {
        vendor,
        discovery_url,
        metadata,
        scopes,
        client_id,
        client_secret_ref,
        client_auth_method,
        token_exchange,
        tenant_id,
        private_key_jwt,
        managed,
        provider_config,
    }
}

/// `providerConfig.<vendor>.onBehalfOfTokenExchangeConfig` as a [`TokenExchange`].
fn obo_of(p: &ProviderConfig) -> Option<TokenExchange> {
    let (_, body) = p.entry()?;
    let obo = body.get("onBehalfOfTokenExchangeConfig")?;
    let grant = obo.get("grantType")?;
    let grant_type = TOKEN_EXCHANGE_GRANTS
        .iter()
        .copied()
        .find(|g| Some(*g) == grant.as_str())?;
    let config = obo.get("tokenExchangeGrantTypeConfig").and_then(|c| {
        let content = c.get("actorTokenContent")?;
        let content_word = ACTOR_TOKEN_CONTENTS
            .iter()
            .copied()
            .find(|g| Some(*g) == content.as_str())?;
        let scopes = c.get("actorTokenScopes").and_then(|s| {
            let items = s.as_array()?;
            Some(Spanned::new(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(|t| Spanned::new(t.to_string(), i.span)))
                    .collect(),
                s.span,
            ))
        });
        Some(TokenExchangeConfig {
            span: c.span,
            actor_token_content: Spanned::new(content_word, content.span),
            actor_token_scopes: scopes,
        })
    });
    Some(TokenExchange {
        span: obo.span,
        grant_type: Spanned::new(grant_type, grant.span),
        config,
    })
}

fn decode_payment(o: &mut Obj<'_>, d: &mut Vec<Diagnostic>) -> Payment {
    let provider = if o.get("provider").is_some() {
        o.enumeration("provider", PAYMENT_PROVIDERS, d)
    } else {
        o.missing("provider", d);
        None
    };
    let mut ids = Vec::new();
    let mut secret_refs = Vec::new();
    for shape in PAYMENT_SHAPES {
        for (field, _) in shape.ids {
            if let Some(v) = o.nonempty(field, d) {
                ids.push((*field, v));
            }
        }
        for (field, _) in shape.secrets {
            if let Some(r) = secret_ref(o, field, d) {
                secret_refs.push((*field, r));
            }
        }
    }
    Payment {
        provider,
        ids,
        secret_refs,
    }
}

/// `{ "secretId": "...", "jsonKey": "..." }`: a secret in AWS Secrets Manager.
fn secret_ref(o: &mut Obj<'_>, key: &'static str, d: &mut Vec<Diagnostic>) -> Option<SecretRef> {
    let mut r = o.object(key, d)?;
    let secret_id = r.req_string("secretId", d);
    let json_key = r.req_string("jsonKey", d);
    let span = r.span();
    r.finish(Strictness::Strict, d);
    Some(SecretRef {
        span,
        secret_id: secret_id?,
        json_key: json_key?,
    })
}
