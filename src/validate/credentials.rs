//! Credential rules: names, vendors, discovery, secrets, token exchange.

use super::{invalid, is_url, unique};
use crate::diagnostics::{did_you_mean_stem, Code, Diagnostic};
use crate::project::catalog::{Vendor, VendorShape, Vocabulary};
use crate::project::credential::PAYMENT_SHAPES;
use crate::project::{Credential, CredentialKind, OAuth, Project};
use crate::validate::regex;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    unique(
        project
            .credentials
            .iter()
            .map(|c| (&c.name, format!("{}.name", c.path))),
        |n| format!("Duplicate credential name: {n}"),
        d,
    );
    quota(project, d);
    for c in &project.credentials {
        name(c, d);
        super::tags::check(&c.tags, &format!("{}.tags", c.path), d);
        if c.creates_provider() {
            super::tags::check_merged(&project.tags, &c.tags, &format!("{}.tags", c.path), d);
        }
        if let Some(arn) = &c.provider_arn {
            provider_arn(c, arn, d);
        }
        match &c.kind {
            CredentialKind::OAuth(o) => oauth(c, o, d),
            CredentialKind::ApiKey(k) => {
                api_key_name(c, d);
                if let (Some(r), Some(_)) = (&k.secret_ref, &c.provider_arn) {
                    d.push(imported_with(c, "secretRef", r.span));
                }
            }
            CredentialKind::Payment(p) => payment(c, p, d),
        }
    }
}

fn name(c: &Credential, d: &mut Vec<Diagnostic>) {
    let path = format!("{}.name", c.path);
    let n = &c.name;
    if n.value.is_empty() {
        d.push(invalid(path, n.span, "Credential name is required"));
    } else if n.value.chars().count() > 128 {
        d.push(invalid(
            path,
            n.span,
            "Credential name must be 128 characters or less",
        ));
    } else if !regex!(r"^[a-zA-Z0-9\-_]+$").is_match(&n.value) {
        d.push(invalid(
            path,
            n.span,
            "Must contain only alphanumeric characters, hyphens, and underscores (1-128 chars)",
        ));
    }
}

fn api_key_name(c: &Credential, d: &mut Vec<Diagnostic>) {
    let norm = c.name.value.replace('-', "_").to_ascii_uppercase();
    for suffix in ["_API_KEY_ID", "_APP_ID", "_CLIENT_ID", "_AUTHORIZATION_ID"] {
        if norm.ends_with(suffix) {
            d.push(
                Diagnostic::new(
                    Code::ReservedSuffix,
                    format!("{}.name", c.path),
                    format!(
                        "Credential name \"{}\" ends in a reserved reference suffix ({suffix}) and its secret would not be encrypted at rest. Choose a name that does not end in id/client-id/app-id/authorization-id.",
                        c.name.value
                    ),
                )
                .at(c.name.span),
            );
        }
    }
}

fn provider_arn(c: &Credential, arn: &crate::project::Spanned<String>, d: &mut Vec<Diagnostic>) {
    let (ok, kind) = match c.kind {
        CredentialKind::OAuth(_) => (
            regex!(r"^arn:aws(-[a-z-]+)?:bedrock-agentcore:[A-Za-z0-9-]{1,64}:[0-9]{12}:token-vault/[a-zA-Z0-9-.]+/oauth2credentialprovider/[a-zA-Z0-9-_]+$").is_match(&arn.value),
            "oauth2credentialprovider",
        ),
        CredentialKind::ApiKey(_) => (
            regex!(r"^arn:aws(-[a-z-]+)?:bedrock-agentcore:[A-Za-z0-9-]{1,64}:[0-9]{12}:token-vault/[a-zA-Z0-9-.]+/apikeycredentialprovider/[a-zA-Z0-9-_]+$").is_match(&arn.value),
            "apikeycredentialprovider",
        ),
        CredentialKind::Payment(_) => (
            regex!(r"^arn:aws(-[a-z-]+)?:(acps|bedrock-agentcore):[A-Za-z0-9-]{1,64}:[0-9]{12}:token-vault/[a-zA-Z0-9-.]+/paymentcredentialprovider/[a-zA-Z0-9_.-]+$").is_match(&arn.value),
            "paymentcredentialprovider",
        ),
    };
    if !ok {
        d.push(
            Diagnostic::new(
                Code::ProviderArn,
                format!("{}.providerArn", c.path),
                format!(
                    "credential \"{}\": `providerArn` is not the ARN of a {} credential provider",
                    c.name.value,
                    c.kind_name()
                ),
            )
            .at(arn.span)
            .help(format!(
                "expected arn:<partition>:bedrock-agentcore:<region>:<account>:token-vault/default/{kind}/<name>"
            )),
        );
    }
}

fn imported_with(c: &Credential, field: &str, span: crate::diagnostics::Span) -> Diagnostic {
    Diagnostic::new(
        Code::ImportedWithConfig,
        format!("{}.{field}", c.path),
        format!(
            "credential \"{}\" names an existing provider (`providerArn`), so `{field}` would be ignored",
            c.name.value
        ),
    )
    .at(span)
    .help(format!("remove `{field}`, or remove `providerArn` to let this template create the provider"))
}

fn oauth(c: &Credential, o: &OAuth, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let n = &c.name.value;
    if let Some(v) = &o.vendor {
        if Vendor::parse(&v.value).is_none() {
            d.push(
                Diagnostic::new(
                    Code::UnknownVendor,
                    p("vendor"),
                    format!(
                        "credential \"{n}\": unknown OAuth vendor `{}`; valid vendors: {}",
                        v.value,
                        Vendor::names().join(", ")
                    ),
                )
                .at(v.span)
                .help_opt(did_you_mean_stem(&v.value, Vendor::names(), "Oauth2")),
            );
            return;
        }
    }
    oauth_token_exchange(c, o, d);
    oauth_custom_only_fields(c, o, d);
    oauth_existing_provider(c, o, d);
    oauth_secrets(c, o, d);
}

/// Token exchange (on-behalf-of): only on custom providers, with a valid grant and actor token.
fn oauth_token_exchange(c: &Credential, o: &OAuth, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let n = &c.name.value;
    let custom = o.is_custom();
    let vendor = o.vendor();
    if let Some(te) = &o.token_exchange {
        if !custom {
            d.push(
                Diagnostic::new(
                    Code::TokenExchangeVendor,
                    p("tokenExchange"),
                    format!(
                        "credential \"{n}\": `tokenExchange` needs vendor `CustomOauth2`, not `{vendor}`; CloudFormation supports on-behalf-of token exchange only on custom providers"
                    ),
                )
                .at(te.span)
                .help("set `\"vendor\": \"CustomOauth2\"` with the identity provider's discovery URL (Microsoft Entra ID works this way with JWT_AUTHORIZATION_GRANT)"),
            );
        }
        if let Some(cfg) = &te.config {
            if te.grant_type.value != "TOKEN_EXCHANGE" {
                d.push(
                    Diagnostic::new(
                        Code::TokenExchangeConfigGrant,
                        p("tokenExchange.tokenExchangeGrantTypeConfig"),
                        format!(
                            "credential \"{n}\": `tokenExchangeGrantTypeConfig` configures RFC 8693 and needs `grantType: TOKEN_EXCHANGE`, not `{}`",
                            te.grant_type.value
                        ),
                    )
                    .at(cfg.span)
                    .label(te.grant_type.span, "grant type set here")
                    .help("remove `tokenExchangeGrantTypeConfig` (RFC 7523 has no actor token), or set `grantType` to TOKEN_EXCHANGE"),
                );
            }
            if let Some(scopes) = &cfg.actor_token_scopes {
                if cfg.actor_token_content.value != "M2M" {
                    d.push(
                        Diagnostic::new(
                            Code::ActorScopesNotM2M,
                            p("tokenExchange.tokenExchangeGrantTypeConfig.actorTokenScopes"),
                            format!(
                                "credential \"{n}\": `actorTokenScopes` apply only to `actorTokenContent: M2M`, not `{}`",
                                cfg.actor_token_content.value
                            ),
                        )
                        .at(scopes.span)
                        .label(cfg.actor_token_content.span, "actor token content set here")
                        .help("remove `actorTokenScopes`, or set `actorTokenContent` to M2M"),
                    );
                }
                for (i, s) in scopes.value.iter().enumerate() {
                    if s.value.is_empty() || s.value.chars().count() > 128 {
                        d.push(invalid(
                            format!(
                                "{}[{i}]",
                                p("tokenExchange.tokenExchangeGrantTypeConfig.actorTokenScopes")
                            ),
                            s.span,
                            "actor token scopes must be 1 to 128 characters",
                        ));
                    }
                }
            }
        }
    }
}

/// Fields only a custom provider has, and the discovery rules.
fn oauth_custom_only_fields(c: &Credential, o: &OAuth, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let n = &c.name.value;
    let custom = o.is_custom();
    let vendor = o.vendor();
    if !custom {
        let custom_only: [(&str, Option<crate::diagnostics::Span>); 4] = [
            ("discoveryUrl", o.discovery_url.as_ref().map(|x| x.span)),
            (
                "clientAuthenticationMethod",
                o.client_auth_method.as_ref().map(|x| x.span),
            ),
            ("privateKeyJwt", o.private_key_jwt.as_ref().map(|x| x.span)),
            (
                "authorizationServerMetadata",
                o.metadata
                    .as_ref()
                    .filter(|_| !is_included(vendor))
                    .map(|x| x.span),
            ),
        ];
        for (field, span) in custom_only {
            if let Some(span) = span {
                d.push(
                    Diagnostic::new(
                        Code::CustomOnlyField,
                        p(field),
                        format!(
                            "credential \"{n}\": `{field}` applies only to vendor CustomOauth2{}; the `{vendor}` configuration has no such setting",
                            if field == "authorizationServerMetadata" { " and the included vendors (Okta, Auth0, Cognito, …)" } else { "" }
                        ),
                    )
                    .at(span)
                    .help(format!("remove `{field}`, or set `\"vendor\": \"CustomOauth2\"`")),
                );
            }
        }
    }
    if let Some(t) = &o.tenant_id {
        if vendor != "MicrosoftOauth2" {
            d.push(
                Diagnostic::new(
                    Code::CustomOnlyField,
                    p("tenantId"),
                    format!(
                        "credential \"{n}\": `tenantId` applies only to vendor MicrosoftOauth2"
                    ),
                )
                .at(t.span),
            );
        }
    }
    if let Some(url) = &o.discovery_url {
        if !is_url(&url.value) {
            d.push(invalid(p("discoveryUrl"), url.span, "Invalid url"));
        } else if !url.value.ends_with("/.well-known/openid-configuration")
            || url.value.len() <= "/.well-known/openid-configuration".len()
        {
            let help = if url
                .value
                .contains("/.well-known/oauth-authorization-server")
            {
                "CloudFormation accepts only OpenID discovery URLs; for an RFC 8414 server, give `authorizationServerMetadata { issuer, authorizationEndpoint, tokenEndpoint }` instead"
            } else {
                "append `/.well-known/openid-configuration` to the issuer URL"
            };
            d.push(
                Diagnostic::new(
                    Code::DiscoveryUrl,
                    p("discoveryUrl"),
                    format!("credential \"{n}\": `discoveryUrl` must end with `/.well-known/openid-configuration`"),
                )
                .at(url.span)
                .help(help),
            );
        }
    }
    if let Some(m) = &o.metadata {
        for (f, v) in [
            ("issuer", &m.issuer),
            ("authorizationEndpoint", &m.authorization_endpoint),
            ("tokenEndpoint", &m.token_endpoint),
        ] {
            if !is_url(&v.value) {
                d.push(invalid(
                    p(&format!("authorizationServerMetadata.{f}")),
                    v.span,
                    format!("`{f}` must be a URL"),
                ));
            }
        }
    }
    if custom && c.provider_arn.is_none() {
        if let (Some(u), Some(m)) = (&o.discovery_url, &o.metadata) {
            d.push(
                Diagnostic::new(
                    Code::DiscoveryChoice,
                    p("authorizationServerMetadata"),
                    format!(
                        "credential \"{n}\": give exactly one of `discoveryUrl` and `authorizationServerMetadata`, not both"
                    ),
                )
                .at(m.span)
                .label(u.span, "discoveryUrl given here"),
            );
        }
    }
}

/// An existing provider (by ARN or, with no discovery at all, by parameter)
/// gets nothing created, so configuration fields would be lost.
fn oauth_existing_provider(c: &Credential, o: &OAuth, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let n = &c.name.value;
    let imported = c.provider_arn.is_some() || o.names_existing_provider();
    if imported {
        let fields: [(&str, Option<crate::diagnostics::Span>); 6] = [
            (
                "discoveryUrl",
                o.discovery_url
                    .as_ref()
                    .filter(|_| c.provider_arn.is_some())
                    .map(|x| x.span),
            ),
            (
                "authorizationServerMetadata",
                o.metadata
                    .as_ref()
                    .filter(|_| c.provider_arn.is_some())
                    .map(|x| x.span),
            ),
            ("clientId", o.client_id.as_ref().map(|x| x.span)),
            (
                "clientSecretRef",
                o.client_secret_ref.as_ref().map(|x| x.span),
            ),
            (
                "clientAuthenticationMethod",
                o.client_auth_method.as_ref().map(|x| x.span),
            ),
            ("privateKeyJwt", o.private_key_jwt.as_ref().map(|x| x.span)),
        ];
        for (field, span) in fields {
            if let Some(span) = span {
                if c.provider_arn.is_some() {
                    d.push(imported_with(c, field, span));
                } else {
                    d.push(
                        Diagnostic::new(
                            Code::DiscoveryChoice,
                            p(field),
                            format!(
                                "credential \"{n}\" has `{field}` but neither `discoveryUrl` nor `authorizationServerMetadata`, so no provider can be created"
                            ),
                        )
                        .at(span)
                        .help("add `discoveryUrl` to create the provider here, or remove the field to use an existing provider (its ARN becomes a template parameter)"),
                    );
                }
            }
        }
    }
}

/// Client secret, client authentication and the private-key JWT.
fn oauth_secrets(c: &Credential, o: &OAuth, d: &mut Vec<Diagnostic>) {
    let p = |f: &str| format!("{}.{f}", c.path);
    let n = &c.name.value;
    let imported = c.provider_arn.is_some() || o.names_existing_provider();
    let method = o.client_auth_method.as_ref().map(|m| m.value);
    if let (Some(r), false) = (&o.client_secret_ref, o.needs_client_secret()) {
        d.push(
            Diagnostic::new(
                Code::UnneededSecret,
                p("clientSecretRef"),
                format!(
                    "credential \"{n}\": client authentication `{}` sends no client secret, so `clientSecretRef` would be unused",
                    method.unwrap_or_default()
                ),
            )
            .at(r.span)
            .help("remove `clientSecretRef`"),
        );
    }
    match (method, &o.private_key_jwt) {
        (Some("PRIVATE_KEY_JWT"), None) if !imported => d.push(
            Diagnostic::new(
                Code::MissingField,
                p("privateKeyJwt"),
                format!("credential \"{n}\": `clientAuthenticationMethod: PRIVATE_KEY_JWT` needs `privateKeyJwt {{ kmsKeyArn }}`"),
            )
            .at_opt(o.client_auth_method.as_ref().map(|m| m.span)),
        ),
        (m, Some(k)) if m != Some("PRIVATE_KEY_JWT") => d.push(
            Diagnostic::new(
                Code::InvalidValue,
                p("privateKeyJwt"),
                format!("credential \"{n}\": `privateKeyJwt` needs `clientAuthenticationMethod: PRIVATE_KEY_JWT`"),
            )
            .at(k.span),
        ),
        (_, Some(k))
            if !regex!(r"^arn:aws(|-cn|-us-gov):kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}$")
                .is_match(&k.kms_key_arn.value) =>
        {
            d.push(invalid(
                p("privateKeyJwt.kmsKeyArn"),
                k.kms_key_arn.span,
                "`kmsKeyArn` must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)",
            ))
        }
        _ => {}
    }
    if let Some(id) = &o.client_id {
        if id.value.chars().count() > 256 {
            d.push(invalid(
                p("clientId"),
                id.span,
                "`clientId` must be at most 256 characters",
            ));
        }
    }
    if let Some(r) = &o.client_secret_ref {
        secret_ref(&p("clientSecretRef"), r, d);
    }
}

/// An account may have at most 50 OAuth2 and 50 API-key credential
/// providers per region (not adjustable): a warning past that.
fn quota(project: &Project, d: &mut Vec<Diagnostic>) {
    let created = |f: fn(&CredentialKind) -> bool| {
        project
            .credentials
            .iter()
            .filter(|c| f(&c.kind) && c.creates_provider())
            .count()
    };
    let oauth = created(|k| matches!(k, CredentialKind::OAuth(_)));
    let api_key = created(|k| matches!(k, CredentialKind::ApiKey(_)));
    for (n, what) in [(oauth, "OAuth2"), (api_key, "API-key")] {
        if n > 50 {
            d.push(Diagnostic::new(
                Code::ProviderQuota,
                "credentials",
                format!("this template creates {n} {what} credential providers; an account may have at most 50 per region (not adjustable)"),
            ));
        }
    }
}

/// Whether a vendor takes `IncludedOauth2ProviderConfig` (also true of a
/// name that is no vendor, which is reported on its own).
fn is_included(vendor: &str) -> bool {
    Vendor::parse(vendor).is_none_or(|v| v.shape() == VendorShape::Included)
}

fn secret_ref(path: &str, r: &crate::project::SecretRef, d: &mut Vec<Diagnostic>) {
    if r.secret_id.value.is_empty() || r.secret_id.value.chars().count() > 2048 {
        d.push(invalid(
            format!("{path}.secretId"),
            r.secret_id.span,
            "`secretId` must be 1 to 2048 characters",
        ));
    }
    if r.json_key.value.is_empty() || r.json_key.value.chars().count() > 128 {
        d.push(invalid(
            format!("{path}.jsonKey"),
            r.json_key.span,
            "`jsonKey` must be 1 to 128 characters",
        ));
    }
}

fn payment(c: &Credential, p: &crate::project::Payment, d: &mut Vec<Diagnostic>) {
    let Some(provider) = &p.provider else { return };
    let shape = PAYMENT_SHAPES
        .iter()
        .find(|s| s.provider == provider.value)
        .expect("enum checked");
    let foreign = p
        .ids
        .iter()
        .map(|(f, v)| (*f, v.span))
        .chain(p.secret_refs.iter().map(|(f, r)| (*f, r.span)))
        .filter(|(f, _)| !shape.ids.iter().chain(shape.secrets).any(|(sf, _)| sf == f));
    for (field, span) in foreign {
        d.push(
            Diagnostic::new(
                Code::PaymentField,
                format!("{}.{field}", c.path),
                format!(
                    "credential \"{}\": `{field}` does not belong to payment provider {}",
                    c.name.value, provider.value
                ),
            )
            .at(span)
            .label(provider.span, "provider set here")
            .help(format!(
                "{} takes {}",
                provider.value,
                shape
                    .ids
                    .iter()
                    .chain(shape.secrets)
                    .map(|(f, _)| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    for (f, r) in &p.secret_refs {
        secret_ref(&format!("{}.{f}", c.path), r, d);
        if c.provider_arn.is_some() {
            d.push(imported_with(c, f, r.span));
        }
    }
    for (f, v) in &p.ids {
        if v.value.chars().count() > 512 {
            d.push(invalid(
                format!("{}.{f}", c.path),
                v.span,
                format!("`{f}` must be at most 512 characters"),
            ));
        }
        if c.provider_arn.is_some() {
            d.push(imported_with(c, f, v.span));
        }
    }
}
