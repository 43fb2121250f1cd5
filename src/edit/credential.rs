//! Adding and removing credentials on the spanned tree of `agentcore.json`.
//! Which fields belong to which kind of credential is the catalog's
//! ([`crate::project::catalog::CredentialType::edit_fields`]).

use super::session::EditError;
use super::{array_mut, get_mut, name_of, object, string, strings};
use crate::json::{self, Kind, Node};
use crate::project::catalog::{CredentialType, Vendor, Vocabulary};
use std::path::Path;

/// A credential to add, as the user gave it (no secret values: only
/// references to them).
#[derive(Debug, Clone, Default)]
pub struct NewCredential {
    pub name: String,
    pub kind: Option<CredentialType>,
    pub provider_arn: Option<String>,
    pub vendor: Option<String>,
    pub discovery_url: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub client_id: Option<String>,
    /// `SECRET_ID:JSON_KEY`.
    pub client_secret_ref: Option<String>,
    pub client_auth_method: Option<String>,
    pub token_exchange_grant_type: Option<String>,
    pub actor_token_content: Option<String>,
    pub actor_token_scopes: Option<Vec<String>>,
    pub token_exchange_config_file: Option<std::path::PathBuf>,
    /// `SECRET_ID:JSON_KEY`.
    pub secret_ref: Option<String>,
    pub provider: Option<String>,
}

/// Keys `credentials` goes after when a file has none yet.
const CREDENTIALS_AFTER: &[&str] = &[
    "knowledgeBases",
    "memories",
    "runtimes",
    "tags",
    "managedBy",
    "version",
    "name",
];

/// The credential's object, field by field in the order the CLI writes them.
/// A malformed reference is a usage error, an unreadable or malformed
/// config file an I/O error.
pub fn node(c: &NewCredential) -> Result<Node, EditError> {
    let kind = c.kind.unwrap_or(CredentialType::OAuth);
    let mut fields: Vec<(&str, Node)> = vec![
        ("authorizerType", string(kind.as_str())),
        ("name", string(&c.name)),
    ];
    if let Some(arn) = &c.provider_arn {
        fields.push(("providerArn", string(arn)));
    }
    match kind {
        CredentialType::OAuth => {
            if let Some(u) = &c.discovery_url {
                fields.push(("discoveryUrl", string(u)));
            }
            let vendor = c.vendor.as_deref().unwrap_or(Vendor::DEFAULT.as_str());
            fields.push(("vendor", string(vendor)));
            if let Some(s) = &c.scopes {
                fields.push(("scopes", strings(s.iter().map(String::as_str))));
            }
            if let Some(id) = &c.client_id {
                fields.push(("clientId", string(id)));
            }
            if let Some(r) = &c.client_secret_ref {
                fields.push((
                    "clientSecretRef",
                    secret_ref("--client-secret-ref", r).map_err(EditError::Usage)?,
                ));
            }
            if let Some(m) = &c.client_auth_method {
                fields.push(("clientAuthenticationMethod", string(m)));
            }
            if let Some(path) = &c.token_exchange_config_file {
                fields.push((
                    "tokenExchange",
                    token_exchange_file(path).map_err(EditError::Io)?,
                ));
            } else if let Some(g) = &c.token_exchange_grant_type {
                let mut te = vec![("grantType", string(g))];
                if let Some(content) = &c.actor_token_content {
                    let mut cfg = vec![("actorTokenContent", string(content))];
                    if let Some(s) = &c.actor_token_scopes {
                        cfg.push(("actorTokenScopes", strings(s.iter().map(String::as_str))));
                    }
                    te.push(("tokenExchangeGrantTypeConfig", object(cfg)));
                }
                fields.push(("tokenExchange", object(te)));
            }
        }
        CredentialType::ApiKey => {
            if let Some(r) = &c.secret_ref {
                fields.push((
                    "secretRef",
                    secret_ref("--secret-ref", r).map_err(EditError::Usage)?,
                ));
            }
        }
        CredentialType::Payment => {
            fields.push((
                "provider",
                string(c.provider.as_deref().unwrap_or_default()),
            ));
        }
    }
    Ok(object(fields))
}

/// Append `credential` (built by [`node`]) to `credentials`, creating the
/// list where the CLI would; a name that exists is refused. Returns the JSON
/// path of the new credential (`credentials[3]`).
pub fn add(root: &mut Node, name: &str, credential: Node) -> Result<String, EditError> {
    let list = array_mut(root, "credentials", CREDENTIALS_AFTER).map_err(EditError::Refused)?;
    if list.iter().any(|c| name_of(c) == Some(name)) {
        return Err(EditError::Refused(format!(
            "credential \"{name}\" already exists; remove it first or choose another name"
        )));
    }
    list.push(credential);
    Ok(format!("credentials[{}]", list.len() - 1))
}

/// The targets whose outbound auth names credential `name`.
pub fn users(root: &Node, name: &str) -> Vec<String> {
    let uses = |t: &Node| {
        t.get("outboundAuth")
            .and_then(|o| o.get("credentialName"))
            .and_then(Node::as_str)
            == Some(name)
    };
    let mut out = Vec::new();
    for g in root
        .get("agentCoreGateways")
        .and_then(Node::as_array)
        .unwrap_or(&[])
    {
        for t in g.get("targets").and_then(Node::as_array).unwrap_or(&[]) {
            if uses(t) {
                out.push(format!(
                    "gateway \"{}\" target \"{}\"",
                    name_of(g).unwrap_or("?"),
                    name_of(t).unwrap_or("?")
                ));
            }
        }
    }
    for t in root
        .get("unassignedTargets")
        .and_then(Node::as_array)
        .unwrap_or(&[])
    {
        if uses(t) {
            out.push(format!(
                "unassigned target \"{}\"",
                name_of(t).unwrap_or("?")
            ));
        }
    }
    for r in root.get("runtimes").and_then(Node::as_array).unwrap_or(&[]) {
        let listed = r
            .get("credentials")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .any(|n| n.as_str() == Some(name));
        if listed {
            out.push(format!(
                "runtime \"{}\" (in its `credentials`)",
                name_of(r).unwrap_or("?")
            ));
        }
    }
    out
}

/// Remove credential `name`; refused while a target uses it.
pub fn remove(root: &mut Node, name: &str) -> Result<(), EditError> {
    let users = users(root, name);
    if !users.is_empty() {
        return Err(EditError::Refused(format!(
            "credential \"{name}\" is used by {}; change those first (point targets at another credential with agentcore-synth set target-auth …; take it out of a runtime's `credentials`)",
            users.join(", ")
        )));
    }
    let Some(Node {
        kind: Kind::Array(list),
        ..
    }) = get_mut(root, "credentials")
    else {
        return Err(EditError::Refused(format!(
            "credential \"{name}\" does not exist"
        )));
    };
    let Some(i) = list.iter().position(|c| name_of(c) == Some(name)) else {
        let names: Vec<&str> = list.iter().filter_map(name_of).collect();
        return Err(EditError::Refused(format!(
            "credential \"{name}\" does not exist (credentials: {})",
            names.join(", ")
        )));
    };
    list.remove(i);
    Ok(())
}

/// `SECRET_ID:JSON_KEY`, split at the last colon (secret ARNs contain colons).
pub fn secret_ref(flag: &str, v: &str) -> Result<Node, String> {
    match v.rsplit_once(':') {
        Some((id, key)) if !id.is_empty() && !key.is_empty() => Ok(object(vec![("secretId", string(id)), ("jsonKey", string(key))])),
        // The value is not echoed: a user who pasted the secret itself
        // would find it in the terminal's scrollback or a CI log.
        _ => Err(format!("{flag} takes SECRET_ID:JSON_KEY (the secret in AWS Secrets Manager and the JSON key in it); the value given has no `:` (it is not shown, in case it is a secret)")),
    }
}

/// `--token-exchange-config-file`: at most this many bytes.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// Read the token-exchange block from a file. Nothing of the file's content
/// is printed on failure (the path could name any file on the machine).
pub fn token_exchange_file(path: &Path) -> Result<Node, String> {
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
                let v = std::mem::replace(&mut e.value, super::node(Kind::Null));
                e.value = reset_spans(v);
            }
        }
        _ => {}
    }
    n
}
