//! The identity flow a template deploys, as edges, so a review can show
//! which ones a change adds or removes: each gateway's and runtime's inbound
//! authorizer (`<AuthorizerType>` → gateway or runtime), each target's
//! outbound auth (target → credential provider, labelled with the auth type,
//! grant type and, for an on-behalf-of provider, its token-exchange grant),
//! and the providers a runtime's role may get tokens or keys from.

use super::read::Doc;
use crate::template::Value;
use std::collections::BTreeSet;

/// One edge: from, label, to (logical IDs, or `inbound:<type>`).
pub type AuthEdge = (String, String, String);

/// The edges a change adds and removes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthChanges {
    pub added: Vec<AuthEdge>,
    pub removed: Vec<AuthEdge>,
}

impl AuthChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// The resource a `Ref` or `Fn::GetAtt` names, else the value's text.
fn target_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Ref(r) => Some(r.clone()),
        Value::GetAtt(r, _) => Some(r.clone()),
        Value::Str(s) => Some(s.clone()),
        _ => None,
    }
}

fn on_behalf_of(doc: &Doc, provider: &str) -> Option<String> {
    let r = doc.resources.get(provider)?;
    let input = r.properties.get("Oauth2ProviderConfigInput")?.as_map()?;
    let custom = input.get("CustomOauth2ProviderConfig")?.as_map()?;
    let obo = custom.get("OnBehalfOfTokenExchangeConfig")?.as_map()?;
    text(obo.get("GrantType"))
}

pub fn edges(doc: &Doc) -> BTreeSet<AuthEdge> {
    let mut out = BTreeSet::new();
    for (id, r) in &doc.resources {
        match r.kind.as_str() {
            crate::cfn::types::GATEWAY => {
                let ty = text(r.properties.get("AuthorizerType")).unwrap_or_else(|| "NONE".into());
                out.insert((format!("inbound:{ty}"), "inbound".into(), id.clone()));
            }
            crate::cfn::types::GATEWAY_TARGET => {
                let configs = match r.properties.get("CredentialProviderConfigurations") {
                    Some(Value::List(items)) => items.clone(),
                    Some(v @ Value::Map(_)) => vec![v.clone()],
                    _ => Vec::new(),
                };
                for c in configs.iter().filter_map(Value::as_map) {
                    let ty = text(c.get("CredentialProviderType")).unwrap_or_default();
                    let provider = c
                        .get("CredentialProvider")
                        .and_then(Value::as_map)
                        .and_then(|p| p.values().next())
                        .and_then(Value::as_map);
                    let to = provider
                        .and_then(|p| target_of(p.get("ProviderArn")))
                        .unwrap_or_else(|| format!("{ty}:{id}"));
                    let mut label = ty.clone();
                    if let Some(g) = provider.and_then(|p| text(p.get("GrantType"))) {
                        label.push(' ');
                        label.push_str(&g);
                    }
                    if let Some(obo) = on_behalf_of(doc, &to) {
                        label.push_str(&format!(" (on-behalf-of {obo})"));
                    }
                    out.insert((id.clone(), label, to));
                }
            }
            crate::cfn::types::RUNTIME => {
                let ty = match r.properties.get("AuthorizerConfiguration") {
                    Some(Value::Map(m)) if m.contains_key("CustomJWTAuthorizer") => "CUSTOM_JWT",
                    _ => "AWS_IAM",
                };
                out.insert((format!("inbound:{ty}"), "inbound".into(), id.clone()));
                runtime_tokens(doc, id, r, &mut out);
            }
            _ => {}
        }
    }
    out
}

fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::List(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// A runtime → the providers its role may get tokens or keys from (the
/// policies attached to the role the runtime runs as).
fn runtime_tokens(doc: &Doc, id: &str, r: &super::read::Res, out: &mut BTreeSet<AuthEdge>) {
    let Some(Value::GetAtt(role, _)) = r.properties.get("RoleArn") else {
        return;
    };
    for p in doc
        .resources
        .values()
        .filter(|p| p.kind == crate::cfn::types::IAM_POLICY)
    {
        let attached = list(p.properties.get("Roles"))
            .iter()
            .any(|x| matches!(x, Value::Ref(n) if n == role));
        if !attached {
            continue;
        }
        let statements = p
            .properties
            .get("PolicyDocument")
            .and_then(Value::as_map)
            .map(|d| list(d.get("Statement")))
            .unwrap_or_default();
        for st in statements.iter().filter_map(Value::as_map) {
            let actions: Vec<String> = list(st.get("Action"))
                .iter()
                .filter_map(|a| text(Some(a)))
                .collect();
            for (action, label) in [
                ("bedrock-agentcore:GetResourceOauth2Token", "OAUTH token"),
                ("bedrock-agentcore:GetResourceApiKey", "API_KEY"),
            ] {
                if !actions.iter().any(|a| a == action) {
                    continue;
                }
                for res in list(st.get("Resource")) {
                    let Value::GetAtt(to, _) = res else { continue };
                    let mut label = label.to_string();
                    if let Some(obo) = on_behalf_of(doc, &to) {
                        label.push_str(&format!(" (on-behalf-of {obo})"));
                    }
                    out.insert((id.to_string(), label, to));
                }
            }
        }
    }
}

pub fn compare(old: &Doc, new: &Doc) -> AuthChanges {
    let (a, b) = (edges(old), edges(new));
    AuthChanges {
        added: b.difference(&a).cloned().collect(),
        removed: a.difference(&b).cloned().collect(),
    }
}
