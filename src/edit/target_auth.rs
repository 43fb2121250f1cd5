//! Setting a gateway target's `outboundAuth` on the spanned tree of
//! `agentcore.json`.

use super::session::EditError;
use super::{get_mut, name_of, object, set, string, strings};
use crate::json::{Kind, Node};

/// The outbound auth to set, as the user gave it.
#[derive(Debug, Clone, Default)]
pub struct TargetAuth {
    pub kind: String,
    pub credential: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub grant_type: Option<String>,
    pub default_return_url: Option<String>,
    pub api_key_location: Option<String>,
    pub api_key_parameter_name: Option<String>,
    pub api_key_prefix: Option<String>,
    pub service: Option<String>,
    pub region: Option<String>,
}

/// The `outboundAuth` object, fields in the order the file documents them.
pub fn node(a: &TargetAuth) -> Node {
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
    let placement = [
        ("location", &a.api_key_location),
        ("parameterName", &a.api_key_parameter_name),
        ("prefix", &a.api_key_prefix),
    ];
    if placement.iter().any(|(_, v)| v.is_some()) {
        let k = placement
            .iter()
            .filter_map(|(key, v)| v.as_deref().map(|v| (*key, string(v))))
            .collect();
        auth.push(("apiKey", object(k)));
    }
    if let Some(s) = &a.service {
        auth.push(("service", string(s)));
    }
    if let Some(r) = &a.region {
        auth.push(("region", string(r)));
    }
    object(auth)
}

/// Replace the outbound auth of `gateway`'s `target`. Returns the JSON path
/// of the new `outboundAuth`.
pub fn set_auth(
    root: &mut Node,
    gateway: &str,
    target: &str,
    auth: Node,
) -> Result<String, EditError> {
    let refuse = |m: String| Err(EditError::Refused(m));
    let Some(Node {
        kind: Kind::Array(gateways),
        ..
    }) = get_mut(root, "agentCoreGateways")
    else {
        return refuse("the project has no agentCoreGateways".into());
    };
    let names: Vec<String> = gateways
        .iter()
        .filter_map(name_of)
        .map(str::to_string)
        .collect();
    let Some((gi, gw)) = gateways
        .iter_mut()
        .enumerate()
        .find(|(_, g)| name_of(g) == Some(gateway))
    else {
        return refuse(format!(
            "gateway \"{gateway}\" does not exist (gateways: {})",
            names.join(", ")
        ));
    };
    let Some(Node {
        kind: Kind::Array(targets),
        ..
    }) = get_mut(gw, "targets")
    else {
        return refuse(format!("gateway \"{gateway}\" has no targets"));
    };
    let tnames: Vec<String> = targets
        .iter()
        .filter_map(name_of)
        .map(str::to_string)
        .collect();
    let Some((ti, t)) = targets
        .iter_mut()
        .enumerate()
        .find(|(_, t)| name_of(t) == Some(target))
    else {
        return refuse(format!(
            "gateway \"{gateway}\" has no target \"{target}\" (targets: {})",
            tnames.join(", ")
        ));
    };
    set(t, "outboundAuth", auth);
    Ok(format!(
        "agentCoreGateways[{gi}].targets[{ti}].outboundAuth"
    ))
}
