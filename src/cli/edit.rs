//! `add credential`, `set target-auth`, `remove credential`: safe in-place
//! edits. Each edit is applied to the parsed file, the whole resulting
//! project is validated and synthesized, and only then written atomically;
//! a refused edit leaves the file byte for byte unchanged. `--dry-run`
//! prints the unified diff instead of writing. Secret values are never
//! taken as arguments.

use super::{Common, Io, EXIT_INVALID, EXIT_OK};
use crate::edit::session::{EditError, Session};
use crate::edit::{self, array_mut, get_mut, name_of, object, set, string, strings};
use crate::json::{self, Kind, Node};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CredentialType {
    Oauth,
    ApiKey,
    Payment,
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
    /// Kind of credential.
    #[arg(long = "type", value_enum)]
    pub kind: CredentialType,
    /// OAuth vendor (default CustomOauth2).
    #[arg(long)]
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
    /// OAUTH, API_KEY, GATEWAY_IAM_ROLE, JWT_PASSTHROUGH or NONE.
    #[arg(long = "type")]
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

fn refuse(io: &mut Io<'_>, msg: impl std::fmt::Display) -> i32 {
    let _ = writeln!(io.stderr, "error: {msg}");
    let _ = writeln!(io.stderr, "nothing was changed");
    EXIT_INVALID
}

/// Validate the edited project and write it (or print the diff).
fn commit(
    session: &Session,
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
    let outcome = crate::compile_loaded(loaded);
    if outcome.has_errors() {
        io.diagnostics(
            &outcome.diagnostics,
            Some(&outcome.source),
            common.message_format,
        );
        let _ = writeln!(
            io.stderr,
            "error: the edit would make the project invalid; nothing was changed"
        );
        return Err(EXIT_INVALID);
    }
    let warnings: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
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

/// `SECRET_ID:JSON_KEY`, split at the last colon (secret ARNs contain colons).
fn secret_ref(flag: &str, v: &str) -> Result<Node, String> {
    match v.rsplit_once(':') {
        Some((id, key)) if !id.is_empty() && !key.is_empty() => Ok(object(vec![("secretId", string(id)), ("jsonKey", string(key))])),
        // The value is not echoed: a user who pasted the secret itself
        // would find it in the terminal's scrollback or a CI log.
        _ => Err(format!("{flag} takes SECRET_ID:JSON_KEY (the secret in AWS Secrets Manager and the JSON key in it); the value given has no `:` (it is not shown, in case it is a secret)")),
    }
}

/// How to supply the secrets the template now expects, from its NoEcho parameters.
fn secret_guidance(outcome: &crate::Outcome, name: &str, io: &mut Io<'_>) {
    let Some(t) = &outcome.template else { return };
    let params: Vec<&String> = t
        .parameters
        .iter()
        .filter(|(_, p)| {
            p.no_echo
                && p.description
                    .ends_with(&format!("credential provider {name}"))
        })
        .map(|(id, _)| id)
        .collect();
    if params.is_empty() {
        return;
    }
    let _ = writeln!(
        io.stdout,
        "Secrets are never stored in agentcore.json. Supply them at deploy time:"
    );
    let overrides: Vec<String> = params.iter().map(|p| format!("{p}=<value>")).collect();
    let _ = writeln!(
        io.stdout,
        "  aws cloudformation deploy … --parameter-overrides {}",
        overrides.join(" ")
    );
    let _ = writeln!(io.stdout, "or keep them in AWS Secrets Manager and name them with --client-secret-ref / --secret-ref SECRET_ID:JSON_KEY.");
}

pub fn add_credential(a: AddCredential, io: &mut Io<'_>) -> i32 {
    // Flags that belong to another credential type are usage errors.
    let oauth_only: [(&str, bool); 10] = [
        ("--vendor", a.vendor.is_some()),
        ("--discovery-url", a.discovery_url.is_some()),
        ("--scopes", a.scopes.is_some()),
        ("--client-id", a.client_id.is_some()),
        ("--client-secret-ref", a.client_secret_ref.is_some()),
        ("--client-auth-method", a.client_auth_method.is_some()),
        (
            "--token-exchange-grant-type",
            a.token_exchange_grant_type.is_some(),
        ),
        ("--actor-token-content", a.actor_token_content.is_some()),
        ("--actor-token-scopes", a.actor_token_scopes.is_some()),
        (
            "--token-exchange-config-file",
            a.token_exchange_config_file.is_some(),
        ),
    ];
    let misplaced: Vec<&str> = match a.kind {
        CredentialType::Oauth => [
            ("--secret-ref", a.secret_ref.is_some()),
            ("--provider", a.provider.is_some()),
        ]
        .iter()
        .filter(|x| x.1)
        .map(|x| x.0)
        .collect(),
        CredentialType::ApiKey => oauth_only
            .iter()
            .chain(&[("--provider", a.provider.is_some())])
            .filter(|x| x.1)
            .map(|x| x.0)
            .collect(),
        CredentialType::Payment => oauth_only
            .iter()
            .chain(&[("--secret-ref", a.secret_ref.is_some())])
            .filter(|x| x.1)
            .map(|x| x.0)
            .collect(),
    };
    if !misplaced.is_empty() {
        let kind = match a.kind {
            CredentialType::Oauth => "oauth",
            CredentialType::ApiKey => "api-key",
            CredentialType::Payment => "payment",
        };
        return io.fail(format_args!(
            "{} cannot be used with --type {kind}",
            misplaced.join(", ")
        ));
    }
    let te_flags = a.token_exchange_grant_type.is_some()
        || a.actor_token_content.is_some()
        || a.actor_token_scopes.is_some();
    if te_flags && a.token_exchange_config_file.is_some() {
        return io.fail("give token exchange either as flags (--token-exchange-grant-type, --actor-token-content, --actor-token-scopes) or as --token-exchange-config-file, not both");
    }
    if (a.actor_token_content.is_some() || a.actor_token_scopes.is_some())
        && a.token_exchange_grant_type.is_none()
    {
        return io.fail("--actor-token-content and --actor-token-scopes need --token-exchange-grant-type TOKEN_EXCHANGE");
    }
    if a.actor_token_scopes.is_some() && a.actor_token_content.is_none() {
        return io.fail("--actor-token-scopes needs --actor-token-content M2M");
    }
    if a.kind == CredentialType::Payment && a.provider.is_none() {
        return io.fail("--type payment needs --provider CoinbaseCDP or StripePrivy");
    }
    let mut session = match open(&a.edit.project, &a.edit.common, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let file = session.file.clone();
    let root = &mut session.root;
    let mut fields: Vec<(&str, Node)> = Vec::new();
    let kind = match a.kind {
        CredentialType::Oauth => "OAuthCredentialProvider",
        CredentialType::ApiKey => "ApiKeyCredentialProvider",
        CredentialType::Payment => "PaymentCredentialProvider",
    };
    fields.push(("authorizerType", string(kind)));
    fields.push(("name", string(&a.name)));
    if let Some(arn) = &a.provider_arn {
        fields.push(("providerArn", string(arn)));
    }
    match a.kind {
        CredentialType::Oauth => {
            if let Some(u) = &a.discovery_url {
                fields.push(("discoveryUrl", string(u)));
            }
            fields.push((
                "vendor",
                string(a.vendor.as_deref().unwrap_or("CustomOauth2")),
            ));
            if let Some(s) = &a.scopes {
                fields.push(("scopes", strings(s.iter().map(String::as_str))));
            }
            if let Some(c) = &a.client_id {
                fields.push(("clientId", string(c)));
            }
            if let Some(r) = &a.client_secret_ref {
                match secret_ref("--client-secret-ref", r) {
                    Ok(n) => fields.push(("clientSecretRef", n)),
                    Err(e) => return io.fail(e),
                }
            }
            if let Some(m) = &a.client_auth_method {
                fields.push(("clientAuthenticationMethod", string(m)));
            }
            if let Some(path) = &a.token_exchange_config_file {
                match token_exchange_file(path) {
                    Ok(n) => fields.push(("tokenExchange", n)),
                    Err(e) => return io.fail(e),
                }
            } else if let Some(g) = &a.token_exchange_grant_type {
                let mut te = vec![("grantType", string(g))];
                if let Some(c) = &a.actor_token_content {
                    let mut cfg = vec![("actorTokenContent", string(c))];
                    if let Some(s) = &a.actor_token_scopes {
                        cfg.push(("actorTokenScopes", strings(s.iter().map(String::as_str))));
                    }
                    te.push(("tokenExchangeGrantTypeConfig", object(cfg)));
                }
                fields.push(("tokenExchange", object(te)));
            }
        }
        CredentialType::ApiKey => {
            if let Some(r) = &a.secret_ref {
                match secret_ref("--secret-ref", r) {
                    Ok(n) => fields.push(("secretRef", n)),
                    Err(e) => return io.fail(e),
                }
            }
        }
        CredentialType::Payment => fields.push((
            "provider",
            string(a.provider.as_deref().unwrap_or_default()),
        )),
    }
    let list = match array_mut(
        root,
        "credentials",
        &[
            "knowledgeBases",
            "memories",
            "runtimes",
            "tags",
            "managedBy",
            "version",
            "name",
        ],
    ) {
        Ok(l) => l,
        Err(e) => return refuse(io, e),
    };
    if list.iter().any(|c| name_of(c) == Some(a.name.as_str())) {
        return refuse(
            io,
            format_args!(
                "credential \"{}\" already exists; remove it first or choose another name",
                a.name
            ),
        );
    }
    list.push(object(fields));
    match commit(&session, a.edit.dry_run, &a.edit.common, io) {
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

/// `--token-exchange-config-file`: at most this many bytes.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// Read the token-exchange block from a file. Nothing of the file's content
/// is printed on failure (the path could name any file on the machine).
fn token_exchange_file(path: &Path) -> Result<Node, String> {
    let shown = path.display();
    let read = crate::fsio::read_bounded(path, MAX_CONFIG_BYTES)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let text = String::from_utf8(read.bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
    match json::parse(&text, &mut Vec::new()) {
        Ok(n) if matches!(n.kind, Kind::Object(_)) => Ok(reset_spans(n)),
        Ok(_) => Err(format!("{shown} must hold a JSON object like {{\"grantType\": \"TOKEN_EXCHANGE\", \"tokenExchangeGrantTypeConfig\": {{…}}}}")),
        Err(d) => {
            let src = crate::diagnostics::render::Source::new(String::new(), text);
            let span = d.span.unwrap_or_default();
            let (line, col) = src.line_col(span.start);
            // Only the position: the parser's message quotes what it found.
            Err(format!("{shown} is not valid JSON (syntax error at line {line}, column {col})"))
        }
    }
}

/// A node from another file gets no spans: they would point into that file.
fn reset_spans(mut n: Node) -> Node {
    n.span = Default::default();
    match &mut n.kind {
        Kind::Array(items) => {
            let taken = std::mem::take(items);
            *items = taken.into_iter().map(reset_spans).collect();
        }
        Kind::Object(entries) => {
            for e in entries.iter_mut() {
                e.key_span = Default::default();
                let v = std::mem::replace(&mut e.value, edit::node(Kind::Null));
                e.value = reset_spans(v);
            }
        }
        _ => {}
    }
    n
}

pub fn set_target_auth(a: SetTargetAuth, io: &mut Io<'_>) -> i32 {
    let mut session = match open(&a.edit.project, &a.edit.common, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let root = &mut session.root;
    let mut auth: Vec<(&str, Node)> = vec![("type", string(&a.kind))];
    if let Some(c) = &a.credential {
        auth.push(("credentialName", string(c)));
    }
    if let Some(s) = &a.scopes {
        auth.push(("scopes", strings(s.iter().map(String::as_str))));
    }
    if let Some(g) = &a.grant_type {
        auth.push(("grantType", string(g)));
    }
    if let Some(u) = &a.default_return_url {
        auth.push(("defaultReturnUrl", string(u)));
    }
    if a.api_key_location.is_some()
        || a.api_key_parameter_name.is_some()
        || a.api_key_prefix.is_some()
    {
        let mut k = Vec::new();
        if let Some(l) = &a.api_key_location {
            k.push(("location", string(l)));
        }
        if let Some(p) = &a.api_key_parameter_name {
            k.push(("parameterName", string(p)));
        }
        if let Some(p) = &a.api_key_prefix {
            k.push(("prefix", string(p)));
        }
        auth.push(("apiKey", object(k)));
    }
    if let Some(s) = &a.service {
        auth.push(("service", string(s)));
    }
    if let Some(r) = &a.region {
        auth.push(("region", string(r)));
    }
    let gateways = match get_mut(root, "agentCoreGateways") {
        Some(Node {
            kind: Kind::Array(g),
            ..
        }) => g,
        _ => return refuse(io, "the project has no agentCoreGateways"),
    };
    let names: Vec<String> = gateways
        .iter()
        .filter_map(name_of)
        .map(str::to_string)
        .collect();
    let Some(gw) = gateways
        .iter_mut()
        .find(|g| name_of(g) == Some(a.gateway.as_str()))
    else {
        return refuse(
            io,
            format_args!(
                "gateway \"{}\" does not exist (gateways: {})",
                a.gateway,
                names.join(", ")
            ),
        );
    };
    let targets = match get_mut(gw, "targets") {
        Some(Node {
            kind: Kind::Array(t),
            ..
        }) => t,
        _ => return refuse(io, format_args!("gateway \"{}\" has no targets", a.gateway)),
    };
    let tnames: Vec<String> = targets
        .iter()
        .filter_map(name_of)
        .map(str::to_string)
        .collect();
    let Some(target) = targets
        .iter_mut()
        .find(|t| name_of(t) == Some(a.target.as_str()))
    else {
        return refuse(
            io,
            format_args!(
                "gateway \"{}\" has no target \"{}\" (targets: {})",
                a.gateway,
                a.target,
                tnames.join(", ")
            ),
        );
    };
    set(target, "outboundAuth", object(auth));
    match commit(&session, a.edit.dry_run, &a.edit.common, io) {
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
    let file = session.file.clone();
    let root = &mut session.root;
    // Refuse while a target refers to the credential, naming every target.
    let mut users = Vec::new();
    if let Some(gws) = root.get("agentCoreGateways").and_then(Node::as_array) {
        for g in gws {
            for t in g.get("targets").and_then(Node::as_array).unwrap_or(&[]) {
                if t.get("outboundAuth")
                    .and_then(|o| o.get("credentialName"))
                    .and_then(Node::as_str)
                    == Some(a.name.as_str())
                {
                    users.push(format!(
                        "gateway \"{}\" target \"{}\"",
                        name_of(g).unwrap_or("?"),
                        name_of(t).unwrap_or("?")
                    ));
                }
            }
        }
    }
    for t in root
        .get("unassignedTargets")
        .and_then(Node::as_array)
        .unwrap_or(&[])
    {
        if t.get("outboundAuth")
            .and_then(|o| o.get("credentialName"))
            .and_then(Node::as_str)
            == Some(a.name.as_str())
        {
            users.push(format!(
                "unassigned target \"{}\"",
                name_of(t).unwrap_or("?")
            ));
        }
    }
    if !users.is_empty() {
        return refuse(
            io,
            format_args!("credential \"{}\" is used by {}; point those targets at another credential first (agentcore-synth set target-auth …)", a.name, users.join(", ")),
        );
    }
    let list = match get_mut(root, "credentials") {
        Some(Node {
            kind: Kind::Array(l),
            ..
        }) => l,
        _ => return refuse(io, format_args!("credential \"{}\" does not exist", a.name)),
    };
    let Some(i) = list
        .iter()
        .position(|c| name_of(c) == Some(a.name.as_str()))
    else {
        let names: Vec<&str> = list.iter().filter_map(name_of).collect();
        return refuse(
            io,
            format_args!(
                "credential \"{}\" does not exist (credentials: {})",
                a.name,
                names.join(", ")
            ),
        );
    };
    list.remove(i);
    match commit(&session, a.edit.dry_run, &a.edit.common, io) {
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
