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
    matches!(value.kind, Kind::String(_) | Kind::Number(_)) && is_secret_name(key)
}

/// Report every secret literal (AC1011) and return the spans to mask.
pub fn scan(root: &Node, d: &mut Vec<Diagnostic>) -> Vec<Span> {
    let mut masks = Vec::new();
    walk(root, &mut Vec::new(), d, &mut masks);
    masks
}

/// One step of a JSON path; the path text is built only for a finding.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn render(path: &[Step<'_>], last: &str) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(last);
    out
}

fn walk<'a>(n: &'a Node, path: &mut Vec<Step<'a>>, d: &mut Vec<Diagnostic>, masks: &mut Vec<Span>) {
    match &n.kind {
        Kind::Object(entries) => {
            for e in entries {
                if is_secret_literal(&e.key, &e.value) {
                    masks.push(e.value.span);
                    d.push(
                        Diagnostic::new(
                            Code::SecretInProject,
                            render(path, &e.key),
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
                match e.value.kind {
                    Kind::String(_) | Kind::Number(_)
                        if matches!(e.key.as_str(), "clientSecretRef" | "secretRef") =>
                    {
                        masks.push(e.value.span);
                    }
                    Kind::Object(_) | Kind::Array(_) => {
                        path.push(Step::Key(&e.key));
                        walk(&e.value, path, d, masks);
                        path.pop();
                    }
                    _ => {}
                }
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if matches!(item.kind, Kind::Object(_) | Kind::Array(_)) {
                    path.push(Step::Index(i));
                    walk(item, path, d, masks);
                    path.pop();
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
