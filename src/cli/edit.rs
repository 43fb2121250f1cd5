//! `add credential`, `set target-auth`, `remove credential`: safe in-place
//! edits. Each edit is applied to the parsed file, the whole resulting
//! project is validated and synthesized, and only then written atomically;
//! a refused edit leaves the file byte for byte unchanged. `--dry-run`
//! prints the unified diff instead of writing. Secret values are never
//! taken as arguments.

use super::{Common, Io, EXIT_INVALID, EXIT_OK};
use crate::diagnostics::{Code, Diagnostic};
use crate::edit::session::{EditError, Session};
use crate::edit::{credential, target_auth};
use crate::project::catalog;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CredentialType {
    Oauth,
    ApiKey,
    Payment,
}

/// A flag that takes a word of the catalog's vocabulary: the valid words
/// are listed in `--help` and in the error, any case is accepted, and the
/// value is the word as the file spells it.
fn words<T: catalog::Vocabulary>() -> impl clap::builder::TypedValueParser<Value = String> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(T::names()).map(|given: String| {
        T::ALL
            .iter()
            .map(|w| w.as_str())
            .find(|w| w.eq_ignore_ascii_case(&given))
            .unwrap_or_default()
            .to_string()
    })
}

/// What every editing command takes.
#[derive(Debug, Clone, Args)]
pub struct EditOptions {
    /// Print the change as a unified diff instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Project directory or agentcore.json path.
    #[arg(default_value = ".")]
    pub project: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Args)]
pub struct AddCredential {
    /// Credential name (1-128 letters, digits, - and _).
    #[arg(long)]
    pub name: String,
    /// Kind of credential (any case: oauth, OAUTH, api-key, …).
    #[arg(long = "type", value_enum, ignore_case = true)]
    pub kind: CredentialType,
    /// OAuth vendor (default CustomOauth2; any case).
    #[arg(long, ignore_case = true, value_parser = words::<catalog::Vendor>())]
    pub vendor: Option<String>,
    /// OAuth: OpenID discovery URL (…/.well-known/openid-configuration).
    #[arg(long)]
    pub discovery_url: Option<String>,
    /// OAuth: scopes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub scopes: Option<Vec<String>>,
    /// OAuth: client ID (not a secret).
    #[arg(long)]
    pub client_id: Option<String>,
    /// OAuth: client secret in Secrets Manager, as SECRET_ID:JSON_KEY.
    #[arg(long, value_name = "SECRET_ID:JSON_KEY")]
    pub client_secret_ref: Option<String>,
    /// OAuth: CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, AWS_IAM_ID_TOKEN_JWT or PRIVATE_KEY_JWT.
    #[arg(long)]
    pub client_auth_method: Option<String>,
    /// OAuth on-behalf-of: TOKEN_EXCHANGE (RFC 8693) or JWT_AUTHORIZATION_GRANT (RFC 7523).
    #[arg(long)]
    pub token_exchange_grant_type: Option<String>,
    /// RFC 8693 actor token: NONE, M2M or AWS_IAM_ID_TOKEN_JWT.
    #[arg(long)]
    pub actor_token_content: Option<String>,
    /// RFC 8693 M2M actor token scopes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub actor_token_scopes: Option<Vec<String>>,
    /// A JSON file holding the whole `tokenExchange` block
    /// (`{"grantType": …, "tokenExchangeGrantTypeConfig": {…}}`).
    #[arg(long, value_name = "PATH")]
    pub token_exchange_config_file: Option<PathBuf>,
    /// API key: the key in Secrets Manager, as SECRET_ID:JSON_KEY.
    #[arg(long, value_name = "SECRET_ID:JSON_KEY")]
    pub secret_ref: Option<String>,
    /// Payment provider: CoinbaseCDP or StripePrivy.
    #[arg(long)]
    pub provider: Option<String>,
    /// An existing provider's ARN: nothing is created for it.
    #[arg(long)]
    pub provider_arn: Option<String>,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Debug, Clone, Args)]
pub struct SetTargetAuth {
    /// Gateway name.
    #[arg(long)]
    pub gateway: String,
    /// Target name.
    #[arg(long)]
    pub target: String,
    /// Outbound auth type (any case: oauth, OAUTH, …).
    #[arg(long = "type", ignore_case = true, value_parser = words::<catalog::AuthType>())]
    pub kind: String,
    /// Credential name (OAUTH, API_KEY).
    #[arg(long)]
    pub credential: Option<String>,
    /// OAuth scopes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub scopes: Option<Vec<String>>,
    /// OAuth grant: CLIENT_CREDENTIALS, AUTHORIZATION_CODE or TOKEN_EXCHANGE.
    #[arg(long)]
    pub grant_type: Option<String>,
    /// OAuth: where the user returns after an authorization-code flow.
    #[arg(long)]
    pub default_return_url: Option<String>,
    /// API key: HEADER or QUERY_PARAMETER.
    #[arg(long)]
    pub api_key_location: Option<String>,
    /// API key: header or query parameter name.
    #[arg(long)]
    pub api_key_parameter_name: Option<String>,
    /// API key: prefix before the key (e.g. Bearer).
    #[arg(long)]
    pub api_key_prefix: Option<String>,
    /// GATEWAY_IAM_ROLE on passthrough: SigV4 signing service.
    #[arg(long)]
    pub service: Option<String>,
    /// GATEWAY_IAM_ROLE on passthrough: SigV4 signing region.
    #[arg(long)]
    pub region: Option<String>,
    #[command(flatten)]
    pub edit: EditOptions,
}

#[derive(Debug, Clone, Args)]
pub struct RemoveCredential {
    /// Credential name.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub edit: EditOptions,
}

/// Open an edit: lock, read and parse the file (through the loader); a
/// file that does not load is refused.
fn open(project: &Path, common: &Common, io: &mut Io<'_>) -> Result<Session, i32> {
    Session::open(project).map_err(|e| fail_edit(e, common, io))
}

fn fail_edit(e: EditError, common: &Common, io: &mut Io<'_>) -> i32 {
    match e {
        EditError::Io(m) => io.fail(m),
        EditError::Usage(m) => io.usage(m),
        EditError::Refused(m) => refuse(io, m),
        EditError::Invalid(loaded) => {
            io.diagnostics(
                &loaded.diagnostics,
                Some(&loaded.source),
                common.message_format,
            );
            EXIT_INVALID
        }
    }
}

/// A refused edit (AC0009, exit 1): the file is unchanged.
fn refuse(io: &mut Io<'_>, msg: impl std::fmt::Display) -> i32 {
    io.report(Diagnostic::new(Code::EditRefused, "", msg.to_string()).help("nothing was changed"));
    EXIT_INVALID
}

/// A flag of an edit command: the flag, the JSON path below the edited
/// object it writes, and whether it was given.
type Flag = (&'static str, &'static str, bool);

/// What the edit changed: the JSON path of the object it wrote, and the
/// edit's flags (so a refusal can name the flag behind an error).
struct Changed {
    path: String,
    flags: Vec<Flag>,
}

impl Changed {
    /// The given flags behind the errors that point into the changed object:
    /// the flag that wrote the field (or its closest parent), else every
    /// flag that wrote below the field.
    fn flags_of(&self, diags: &[Diagnostic]) -> Vec<String> {
        let given: Vec<(&str, &str)> = self
            .flags
            .iter()
            .filter(|f| f.2)
            .map(|(flag, path, _)| (*path, *flag))
            .collect();
        let under = |outer: &str, inner: &str| {
            inner == outer
                || inner.starts_with(&format!("{outer}."))
                || inner.starts_with(&format!("{outer}["))
        };
        let mut out: Vec<String> = Vec::new();
        for d in diags.iter().filter(|d| d.is_error()) {
            let Some(rest) = d.path.strip_prefix(&self.path) else {
                continue;
            };
            let field = rest.trim_start_matches('.');
            let hits: Vec<&str> = match given
                .iter()
                .filter(|(p, _)| under(p, field))
                .max_by_key(|(p, _)| p.len())
            {
                Some((_, flag)) => vec![flag],
                None => given
                    .iter()
                    .filter(|(p, _)| under(field, p))
                    .map(|(_, flag)| *flag)
                    .collect(),
            };
            for flag in hits {
                let s = format!("{flag} ({})", d.path);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// Validate the edited project and write it (or print the diff).
fn commit(
    session: &Session,
    changed: Option<Changed>,
    dry_run: bool,
    common: &Common,
    io: &mut Io<'_>,
) -> Result<crate::Outcome, i32> {
    let file = &session.file;
    let after = session.render();
    let loaded = crate::project::load::load_bytes(
        file,
        file.display().to_string(),
        after.clone().into_bytes(),
    );
    let mut outcome = crate::compile_loaded(loaded);
    // Only what the edit brings is shown: the project's own warnings are
    // not repeated.
    let known: std::collections::BTreeSet<(&str, String)> = session
        .compile_original()
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
        .map(|d| (d.code.as_str(), d.message.clone()))
        .collect();
    let new_warning = |d: &&crate::diagnostics::Diagnostic| {
        d.severity == crate::diagnostics::Severity::Warning
            && !known.contains(&(d.code.as_str(), d.message.clone()))
    };
    if outcome.has_errors() {
        // The positions are in the file as the edit would leave it, which
        // is not on disk: no excerpt of it.
        outcome.source.hidden = Some(
            "the edited file was not written; positions are in the file as the edit would leave it",
        );
        let shown: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error() || new_warning(d))
            .cloned()
            .collect();
        io.diagnostics(&shown, Some(&outcome.source), common.message_format);
        let flags = changed
            .map(|c| c.flags_of(&outcome.diagnostics))
            .unwrap_or_default();
        let msg = if flags.is_empty() {
            "the edit would make the project invalid".to_string()
        } else {
            format!(
                "the edit would make the project invalid; check {}",
                flags.join(", ")
            )
        };
        return Err(refuse(io, msg));
    }
    let warnings: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(new_warning)
        .cloned()
        .collect();
    io.diagnostics(&warnings, Some(&outcome.source), common.message_format);
    if dry_run {
        let before = session.before();
        let diff = similar::TextDiff::from_lines(&before, &after);
        let name = file.display().to_string();
        if let Err(e) = write!(
            io.stdout,
            "{}",
            diff.unified_diff().context_radius(3).header(&name, &name)
        )
        .and_then(|_| io.stdout.flush())
        {
            return Err(io.fail(format_args!("cannot write the diff to stdout: {e}")));
        }
        return Ok(outcome);
    }
    session
        .write(&after)
        .map_err(|e| fail_edit(e, common, io))?;
    Ok(outcome)
}

/// Every parameter the new credential adds to the template, and how to
/// supply each: secrets at deploy time (or, where the kind has one, a
/// Secrets Manager reference), plain values at deploy time or as a flag.
fn secret_guidance(outcome: &crate::Outcome, name: &str, io: &mut Io<'_>) {
    use crate::project::CredentialKind;
    let (Some(t), Some(p)) = (&outcome.template, &outcome.project) else {
        return;
    };
    let params: Vec<(&String, bool)> = t
        .parameters
        .iter()
        .filter(|(_, p)| p.credential.as_deref() == Some(name))
        .map(|(id, p)| (id, p.no_echo))
        .collect();
    if params.is_empty() {
        return;
    }
    let kind = p.credential(name).map(|c| &c.kind);
    let secrets: Vec<&String> = params
        .iter()
        .filter(|(_, s)| *s)
        .map(|(id, _)| *id)
        .collect();
    let plain: Vec<&String> = params
        .iter()
        .filter(|(_, s)| !*s)
        .map(|(id, _)| *id)
        .collect();
    let _ = writeln!(
        io.stdout,
        "The template now has {} parameter{} for '{name}'; supply {} at deploy time:",
        params.len(),
        if params.len() == 1 { "" } else { "s" },
        if params.len() == 1 { "it" } else { "them" },
    );
    let overrides: Vec<String> = params.iter().map(|(p, _)| format!("{p}=<value>")).collect();
    let _ = writeln!(
        io.stdout,
        "  aws cloudformation deploy … --parameter-overrides {}",
        overrides.join(" ")
    );
    if !secrets.is_empty() {
        let how = match kind {
            Some(CredentialKind::OAuth(_)) => "pass them as above, or keep the client secret in AWS Secrets Manager and name it with --client-secret-ref SECRET_ID:JSON_KEY",
            Some(CredentialKind::ApiKey(_)) => "pass them as above, or keep the API key in AWS Secrets Manager and name it with --secret-ref SECRET_ID:JSON_KEY",
            _ => "pass them as above (a payment provider takes no Secrets Manager reference in CloudFormation)",
        };
        let _ = writeln!(
            io.stdout,
            "Secrets ({}) are never stored in agentcore.json: {how}.",
            secrets
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !plain.is_empty() {
        let flag = match kind {
            Some(CredentialKind::OAuth(_)) => " (or give --client-id)",
            _ => "",
        };
        let _ = writeln!(
            io.stdout,
            "Not secret: {}{flag}.",
            plain
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        io.stdout,
        "`agentcore-synth params` lists every parameter and writes the parameter file."
    );
}

/// Each flag of `add credential`: the path it writes in the credential and
/// whether it was given. The path's first key is the field the catalog
/// gives a kind (`CredentialType::edit_fields`); `name` and `providerArn`
/// every kind has.
fn credential_flags(a: &AddCredential) -> Vec<Flag> {
    vec![
        ("--name", "name", true),
        ("--provider-arn", "providerArn", a.provider_arn.is_some()),
        ("--vendor", "vendor", a.vendor.is_some()),
        ("--discovery-url", "discoveryUrl", a.discovery_url.is_some()),
        ("--scopes", "scopes", a.scopes.is_some()),
        ("--client-id", "clientId", a.client_id.is_some()),
        (
            "--client-secret-ref",
            "clientSecretRef",
            a.client_secret_ref.is_some(),
        ),
        (
            "--client-auth-method",
            "clientAuthenticationMethod",
            a.client_auth_method.is_some(),
        ),
        (
            "--token-exchange-grant-type",
            "tokenExchange.grantType",
            a.token_exchange_grant_type.is_some(),
        ),
        (
            "--actor-token-content",
            "tokenExchange.tokenExchangeGrantTypeConfig.actorTokenContent",
            a.actor_token_content.is_some(),
        ),
        (
            "--actor-token-scopes",
            "tokenExchange.tokenExchangeGrantTypeConfig.actorTokenScopes",
            a.actor_token_scopes.is_some(),
        ),
        (
            "--token-exchange-config-file",
            "tokenExchange",
            a.token_exchange_config_file.is_some(),
        ),
        ("--secret-ref", "secretRef", a.secret_ref.is_some()),
        ("--provider", "provider", a.provider.is_some()),
    ]
}

/// Each flag of `set target-auth`: the path it writes in `outboundAuth`.
fn target_auth_flags(a: &SetTargetAuth) -> Vec<Flag> {
    vec![
        ("--type", "type", true),
        ("--credential", "credentialName", a.credential.is_some()),
        ("--scopes", "scopes", a.scopes.is_some()),
        ("--grant-type", "grantType", a.grant_type.is_some()),
        (
            "--default-return-url",
            "defaultReturnUrl",
            a.default_return_url.is_some(),
        ),
        (
            "--api-key-location",
            "apiKey.location",
            a.api_key_location.is_some(),
        ),
        (
            "--api-key-parameter-name",
            "apiKey.parameterName",
            a.api_key_parameter_name.is_some(),
        ),
        (
            "--api-key-prefix",
            "apiKey.prefix",
            a.api_key_prefix.is_some(),
        ),
        ("--service", "service", a.service.is_some()),
        ("--region", "region", a.region.is_some()),
    ]
}

impl CredentialType {
    fn word(self) -> catalog::CredentialType {
        match self {
            CredentialType::Oauth => catalog::CredentialType::OAuth,
            CredentialType::ApiKey => catalog::CredentialType::ApiKey,
            CredentialType::Payment => catalog::CredentialType::Payment,
        }
    }
}

pub fn add_credential(a: AddCredential, io: &mut Io<'_>) -> i32 {
    // Flags that belong to another credential type are usage errors.
    let kind = a.kind.word();
    let flags = credential_flags(&a);
    let misplaced: Vec<&str> = flags
        .iter()
        .filter(|(_, path, given)| {
            let field = path.split('.').next().unwrap_or(path);
            *given
                && !matches!(field, "name" | "providerArn")
                && !kind.edit_fields().contains(&field)
        })
        .map(|(flag, _, _)| *flag)
        .collect();
    if !misplaced.is_empty() {
        let name = a.kind.to_possible_value().expect("a value enum");
        return io.usage(format_args!(
            "{} cannot be used with --type {}",
            misplaced.join(", "),
            name.get_name()
        ));
    }
    let te_flags = a.token_exchange_grant_type.is_some()
        || a.actor_token_content.is_some()
        || a.actor_token_scopes.is_some();
    if te_flags && a.token_exchange_config_file.is_some() {
        return io.usage("give token exchange either as flags (--token-exchange-grant-type, --actor-token-content, --actor-token-scopes) or as --token-exchange-config-file, not both");
    }
    if (a.actor_token_content.is_some() || a.actor_token_scopes.is_some())
        && a.token_exchange_grant_type.is_none()
    {
        return io.usage("--actor-token-content and --actor-token-scopes need --token-exchange-grant-type TOKEN_EXCHANGE");
    }
    if a.actor_token_scopes.is_some() && a.actor_token_content.is_none() {
        return io.usage("--actor-token-scopes needs --actor-token-content M2M");
    }
    if a.kind == CredentialType::Payment && a.provider.is_none() {
        return io.usage("--type payment needs --provider CoinbaseCDP or StripePrivy");
    }
    let mut session = match open(&a.edit.project, &a.edit.common, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let new = credential::NewCredential {
        name: a.name.clone(),
        kind: Some(kind),
        provider_arn: a.provider_arn.clone(),
        vendor: a.vendor.clone(),
        discovery_url: a.discovery_url.clone(),
        scopes: a.scopes.clone(),
        client_id: a.client_id.clone(),
        client_secret_ref: a.client_secret_ref.clone(),
        client_auth_method: a.client_auth_method.clone(),
        token_exchange_grant_type: a.token_exchange_grant_type.clone(),
        actor_token_content: a.actor_token_content.clone(),
        actor_token_scopes: a.actor_token_scopes.clone(),
        token_exchange_config_file: a.token_exchange_config_file.clone(),
        secret_ref: a.secret_ref.clone(),
        provider: a.provider.clone(),
    };
    let node = match credential::node(&new) {
        Ok(n) => n,
        Err(e) => return fail_edit(e, &a.edit.common, io),
    };
    let path = match credential::add(&mut session.root, &a.name, node) {
        Ok(p) => p,
        Err(e) => return fail_edit(e, &a.edit.common, io),
    };
    let file = session.file.clone();
    let changed = Changed { path, flags };
    match commit(&session, Some(changed), a.edit.dry_run, &a.edit.common, io) {
        Ok(outcome) => {
            if !a.edit.dry_run {
                let _ = writeln!(
                    io.stdout,
                    "Added credential '{}' to {}",
                    a.name,
                    file.display()
                );
            }
            secret_guidance(&outcome, &a.name, io);
            EXIT_OK
        }
        Err(code) => code,
    }
}

pub fn set_target_auth(a: SetTargetAuth, io: &mut Io<'_>) -> i32 {
    let mut session = match open(&a.edit.project, &a.edit.common, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let auth = target_auth::node(&target_auth::TargetAuth {
        kind: a.kind.clone(),
        credential: a.credential.clone(),
        scopes: a.scopes.clone(),
        grant_type: a.grant_type.clone(),
        default_return_url: a.default_return_url.clone(),
        api_key_location: a.api_key_location.clone(),
        api_key_parameter_name: a.api_key_parameter_name.clone(),
        api_key_prefix: a.api_key_prefix.clone(),
        service: a.service.clone(),
        region: a.region.clone(),
    });
    let path = match target_auth::set_auth(&mut session.root, &a.gateway, &a.target, auth) {
        Ok(p) => p,
        Err(e) => return fail_edit(e, &a.edit.common, io),
    };
    let changed = Changed {
        path,
        flags: target_auth_flags(&a),
    };
    match commit(&session, Some(changed), a.edit.dry_run, &a.edit.common, io) {
        Ok(_) => {
            if !a.edit.dry_run {
                let _ = writeln!(
                    io.stdout,
                    "Set outbound auth of target '{}' in gateway '{}' to {}",
                    a.target, a.gateway, a.kind
                );
            }
            EXIT_OK
        }
        Err(code) => code,
    }
}

pub fn remove_credential(a: RemoveCredential, io: &mut Io<'_>) -> i32 {
    let mut session = match open(&a.edit.project, &a.edit.common, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if let Err(e) = credential::remove(&mut session.root, &a.name) {
        return fail_edit(e, &a.edit.common, io);
    }
    let file = session.file.clone();
    match commit(&session, None, a.edit.dry_run, &a.edit.common, io) {
        Ok(_) => {
            if !a.edit.dry_run {
                let _ = writeln!(
                    io.stdout,
                    "Removed credential '{}' from {}",
                    a.name,
                    file.display()
                );
            }
            EXIT_OK
        }
        Err(code) => code,
    }
}
