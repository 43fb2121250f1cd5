//! Cross-checks of deployed targets (new in this compiler): the credential
//! exists, is of the right kind and can do the grant; a target's compute
//! is checked in [`super::compute`].

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity};
use crate::project::catalog::{AuthType, AuthorizerType, CredentialType, GrantType};
use crate::project::credential::CredentialKind;
use crate::project::{Gateway, Project, Target};

/// Cross-checks for targets that are deployed: credentials exist, are of the
/// right kind, and can do the grant; and the target's compute.
pub fn check(project: &Project, g: &Gateway, t: &Target, d: &mut Vec<Diagnostic>) {
    if let Some(c) = &t.compute {
        super::compute::check(project, g, t, c, d);
    }
    let Some(a) = &t.outbound_auth else { return };
    let kind = a.kind();
    let Some(cn) = &a.credential_name else { return };
    if !matches!(kind, AuthType::OAuth | AuthType::ApiKey) {
        return;
    }
    // Built only for a message (most targets have none).
    let who = Who(&g.name.value, &t.name.value);
    let Some(c) = project.credential(&cn.value) else {
        d.push(
            Diagnostic::new(
                Code::CredentialNotFound,
                format!("{}.credentialName", a.path),
                format!(
                    "{who}: credential \"{}\" does not exist in credentials[]",
                    cn.value
                ),
            )
            .at(cn.span)
            .help_opt(
                did_you_mean(
                    &cn.value,
                    project.credentials.iter().map(|c| c.name.value.as_str()),
                )
                .or_else(|| {
                    (!project.credentials.is_empty()).then(|| {
                        format!(
                            "available credentials: {}",
                            project
                                .credentials
                                .iter()
                                .map(|c| c.name.value.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                }),
            ),
        );
        return;
    };
    let wanted = if kind == AuthType::OAuth {
        CredentialType::OAuth
    } else {
        CredentialType::ApiKey
    };
    if c.credential_type() != wanted {
        d.push(
            Diagnostic::new(
                Code::CredentialKind,
                format!("{}.credentialName", a.path),
                format!(
                    "{who}: {kind} outbound auth needs an {wanted} credential, but \"{}\" is {} {}",
                    c.name.value,
                    if c.kind_name().starts_with('P') {
                        "a"
                    } else {
                        "an"
                    },
                    c.kind_name()
                ),
            )
            .at(cn.span)
            .label(c.name.span, "credential defined here"),
        );
        return;
    }
    let CredentialKind::OAuth(o) = &c.kind else {
        return;
    };
    let target_scopes = a.scopes.as_ref().map_or(0, |s| s.value.len());
    if let Some(listed) = o
        .scopes
        .as_ref()
        .filter(|s| !s.value.is_empty() && target_scopes == 0)
    {
        let names: Vec<&str> = listed.value.iter().map(|s| s.value.as_str()).collect();
        d.push(
            Diagnostic::new(
                Code::NoScope,
                format!("{}.scopes", a.path),
                format!(
                    "{who} requests a token with no scope, but credential \"{}\" lists scopes ({})",
                    c.name.value,
                    names.join(", ")
                ),
            )
            .at(a.scopes.as_ref().map_or(cn.span, |s| s.span))
            .label(listed.span, "scopes listed here")
            .help(format!(
                "add `\"scopes\": [{}]` (or the ones this target needs) to the target's outboundAuth",
                names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            )),
        );
    }
    if a.grant_type.is_none() && a.grant_type_given {
        // An invalid grantType was reported; nothing true can be said of
        // the grant it was meant to be.
        return;
    }
    let grant = a
        .grant_type
        .as_ref()
        .map(|x| x.value)
        .unwrap_or(GrantType::ClientCredentials);
    // The place and path of the grant: `grantType`, or where it is implied.
    let (grant_span, grant_field) = match &a.grant_type {
        Some(g) => (g.span, "grantType"),
        None => (cn.span, "credentialName"),
    };
    match grant {
        GrantType::TokenExchange => {
            if o.token_exchange.is_none() {
                d.push(
                    Diagnostic::new(
                        Code::GrantNeedsTokenExchange,
                        format!("{}.grantType", a.path),
                        format!(
                            "{who}: grantType TOKEN_EXCHANGE needs a credential with `tokenExchange`, but \"{}\" has none",
                            c.name.value
                        ),
                    )
                    .at(grant_span)
                    .label(c.name.span, "credential defined here")
                    .help(format!(
                        "add `\"tokenExchange\": {{ \"grantType\": \"TOKEN_EXCHANGE\" }}` (or JWT_AUTHORIZATION_GRANT) to credential \"{}\"",
                        c.name.value
                    )),
                );
            }
        }
        GrantType::AuthorizationCode => {}
        _ => {
            if let Some(te) = &o.token_exchange {
                d.push(
                    Diagnostic::new(
                        Code::ExchangeUnused,
                        format!("{}.{grant_field}", a.path),
                        format!(
                            "{who} uses token-exchange credential \"{}\" with {} (a machine token): the user's identity is not passed on",
                            c.name.value,
                            if a.grant_type.is_some() { "CLIENT_CREDENTIALS" } else { "the default grant CLIENT_CREDENTIALS" }
                        ),
                    )
                    .at(grant_span)
                    .label(te.span, "token exchange configured here")
                    .help("set `\"grantType\": \"TOKEN_EXCHANGE\"` to act on behalf of the user"),
                );
            }
        }
    }
    if matches!(
        grant,
        GrantType::TokenExchange | GrantType::AuthorizationCode
    ) && g.authorizer() != AuthorizerType::CustomJwt
    {
        let diag = Diagnostic::new(
            Code::GrantNeedsUserToken,
            format!("{}.grantType", a.path),
            format!(
                "{who}: grantType {grant} acts for the signed-in user, but the gateway's authorizerType is {} so there is no inbound user token",
                g.authorizer()
            ),
        )
        .at(grant_span)
        .label(g.authorizer_type.as_ref().map(|x| x.span).unwrap_or(g.name.span), "gateway inbound auth set here")
        .help("set the gateway's `\"authorizerType\": \"CUSTOM_JWT\"` with a `customJwtAuthorizer`");
        // Authorization code (3LO) can still work with a user id supplied
        // another way; token exchange cannot.
        d.push(if grant == GrantType::AuthorizationCode {
            diag.severity(Severity::Warning)
        } else {
            diag
        });
    }
}

/// `gateway "<g>" target "<t>"`, written only when a message is.
#[derive(Clone, Copy)]
struct Who<'a>(&'a str, &'a str);

impl std::fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gateway \"{}\" target \"{}\"", self.0, self.1)
    }
}
