//! Secret values written into `agentcore.json` by mistake. A key that names
//! a secret (`clientSecret`, `apiKey`, `password`, …) holding a literal is an
//! error anywhere in the file, and its value is masked in every source
//! excerpt, as is a string given where a secret *reference* belongs
//! (`clientSecretRef`, `secretRef`), which is likely the pasted secret.

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::json::{Kind, Node};

/// `clientSecret`, `client_secret`, `apiKey`, `password`, `privateKey`, …
pub fn is_secret_name(key: &str) -> bool {
    // The key's letters and digits, lower-cased, end with one of these
    // (compared from the end, without building the normalized key).
    let ends_with = |suffix: &str| {
        let mut k = key
            .bytes()
            .rev()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase());
        suffix.bytes().rev().all(|s| k.next() == Some(s))
    };
    [
        "secret",
        "password",
        "passwd",
        "privatekey",
        "apikey",
        "accesstoken",
        "refreshtoken",
        "secretaccesskey",
    ]
    .iter()
    .any(|s| ends_with(s))
}

/// A secret-named key with a literal (string or number) value.
pub fn is_secret_literal(key: &str, value: &Node) -> bool {
    is_secret_name(key) && matches!(value.kind, Kind::String(_) | Kind::Number(_))
}

/// Report every secret literal (AC1011) and return the spans to mask.
pub fn scan(root: &Node, d: &mut Vec<Diagnostic>) -> Vec<Span> {
    let mut masks = Vec::new();
    walk(root, "", d, &mut masks);
    masks
}

fn walk(n: &Node, path: &str, d: &mut Vec<Diagnostic>, masks: &mut Vec<Span>) {
    match &n.kind {
        Kind::Object(entries) => {
            for e in entries {
                let nested = matches!(e.value.kind, Kind::Object(_) | Kind::Array(_));
                let secret = is_secret_literal(&e.key, &e.value);
                let pasted = matches!(e.key.as_str(), "clientSecretRef" | "secretRef")
                    && matches!(e.value.kind, Kind::String(_) | Kind::Number(_));
                if !(nested || secret || pasted) {
                    continue;
                }
                let p = if path.is_empty() {
                    e.key.clone()
                } else {
                    format!("{path}.{}", e.key)
                };
                if secret {
                    masks.push(e.value.span);
                    d.push(
                        Diagnostic::new(
                            Code::SecretInProject,
                            p,
                            format!(
                                "`{}` holds a secret value; secret values do not belong in agentcore.json",
                                e.key
                            ),
                        )
                        .at(e.key_span)
                        .help("remove it; name the secret in AWS Secrets Manager with clientSecretRef / secretRef ({\"secretId\": …, \"jsonKey\": …}), or pass it at deploy time as the NoEcho parameter the template declares"),
                    );
                    continue;
                }
                if pasted {
                    masks.push(e.value.span);
                }
                walk(&e.value, &p, d, masks);
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if matches!(item.kind, Kind::Object(_) | Kind::Array(_)) {
                    walk(item, &format!("{path}[{i}]"), d, masks);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for k in [
            "clientSecret",
            "client_secret",
            "apiKey",
            "API_KEY",
            "password",
            "privateKey",
            "walletSecret",
        ] {
            assert!(is_secret_name(k), "{k}");
        }
        for k in [
            "clientSecretRef",
            "secretRef",
            "clientId",
            "tokenExchange",
            "keyName",
        ] {
            assert!(!is_secret_name(k), "{k}");
        }
    }
}
