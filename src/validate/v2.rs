//! Version-2 rules (the AgentCore CLI's rewrite, with its messages):
//! credential names of at least 3 characters, `providerConfig` (one vendor
//! object, exclusive with the guided fields, no secret material, fields
//! CloudFormation has), and credential names that derive the same
//! environment variable.

use super::invalid;
use crate::diagnostics::{Code, Diagnostic};
use crate::json::{Kind, Node};
use crate::project::catalog::{Vendor, Vocabulary};
use crate::project::{CredentialKind, Project};
use serde_json::Value as Json;

pub fn check(project: &Project, d: &mut Vec<Diagnostic>) {
    if !project.v2 {
        return;
    }
    for (i, c) in project.credentials.iter().enumerate() {
        if c.name.value.chars().count() < 3 {
            d.push(invalid(
                format!("{}.name", c.path),
                c.name.span,
                "Credential name must be at least 3 characters",
            ));
        }
        let env = |n: &str| format!("CREDENTIAL_{}", n.to_uppercase().replace(['.', '-'], "_"));
        if let Some(other) = project.credentials[..i]
            .iter()
            .find(|o| env(&o.name.value) == env(&c.name.value))
        {
            d.push(
                invalid(
                    format!("{}.name", c.path),
                    c.name.span,
                    format!(
                        "Credential \"{}\" and \"{}\" derive the same environment variable \"{}_NAME\"; choose credential names that produce distinct environment variables",
                        other.name.value,
                        c.name.value,
                        env(&c.name.value)
                    ),
                )
                .label(other.name.span, "the other credential"),
            );
        }
        let CredentialKind::OAuth(o) = &c.kind else {
            continue;
        };
        let p = |f: &str| format!("{}.{f}", c.path);
        let vendor = o.vendor().to_string();
        let guided: Vec<&str> = [
            ("clientId", o.client_id.is_some()),
            ("discoveryUrl", o.discovery_url.is_some()),
            ("scopes", o.scopes.is_some()),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(k, _)| *k)
        .collect();
        let Some(pc) = &o.provider_config else {
            if c.provider_arn.is_some() {
                continue;
            }
            if vendor != "CustomOauth2" {
                d.push(invalid(
                    c.path.clone(),
                    c.name.span,
                    format!("vendor \"{vendor}\" requires providerConfig; guided fields only support CustomOauth2"),
                ));
            } else if o.discovery_url.is_none() && o.metadata.is_none() {
                d.push(invalid(
                    c.path.clone(),
                    c.name.span,
                    "guided CustomOauth2 requires discoveryUrl",
                ));
            }
            continue;
        };
        if !guided.is_empty() {
            d.push(invalid(
                p("providerConfig"),
                pc.span,
                "providerConfig and the guided fields (clientId, discoveryUrl, scopes) are mutually exclusive",
            ));
        }
        let Some((key, body)) = pc.entry() else {
            let n = match &pc.node.kind {
                Kind::Object(e) => e.len(),
                _ => 0,
            };
            d.push(invalid(
                p("providerConfig"),
                pc.span,
                format!("Credential '{}' has a providerConfig with {n} entries; it must hold exactly one vendor config object (for example {{ \"customOauth2ProviderConfig\": {{ ... }} }})", c.name.value),
            ));
            continue;
        };
        if let Some(found) = secret_material(body) {
            d.push(invalid(
                p("providerConfig"),
                found.1,
                format!("providerConfig must not contain secret material (found \"{}\"). Provide secrets via --client-secret, a secret reference, or .env.local.", found.0),
            ));
        }
        let want = Vendor::parse(&vendor)
            .map(|v| v.config_key())
            .unwrap_or_default();
        if pascal(key) != want {
            d.push(invalid(
                format!("{}.providerConfig.{key}", c.path),
                pc.span,
                format!(
                    "vendor \"{vendor}\" takes `{}` in providerConfig, not `{key}`",
                    camel(&want)
                ),
            ));
            continue;
        }
        if let Some(s) = crate::cfn::schema_for(crate::cfn::types::OAUTH2_CREDENTIAL_PROVIDER) {
            let def = format!("#/definitions/{}", def_of(&s.doc, &want));
            against(
                &s.doc,
                &def,
                body,
                &format!("{}.providerConfig.{key}", c.path),
                d,
            );
        }
    }
}

/// `customOauth2ProviderConfig` → `CustomOauth2ProviderConfig`.
pub fn pascal(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn camel(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn secret_material(n: &Node) -> Option<(String, crate::diagnostics::Span)> {
    match &n.kind {
        Kind::Object(entries) => entries.iter().find_map(|e| {
            if matches!(e.key.as_str(), "clientSecret" | "apiKey") {
                Some((e.key.clone(), e.key_span))
            } else {
                secret_material(&e.value)
            }
        }),
        Kind::Array(items) => items.iter().find_map(secret_material),
        _ => None,
    }
}

/// The definition name a property of `Oauth2ProviderConfigInput` refers to.
fn def_of(doc: &Json, property: &str) -> String {
    doc["definitions"]["Oauth2ProviderConfigInput"]["properties"][property]["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/definitions/"))
        .unwrap_or("")
        .to_string()
}

/// Check the keys of `n` (camelCase) against the schema node `reference`
/// (PascalCase properties), recursively; the API's fields CloudFormation
/// lacks are named as such.
fn against(doc: &Json, reference: &str, n: &Node, path: &str, d: &mut Vec<Diagnostic>) {
    let Some(name) = reference.strip_prefix("#/definitions/") else {
        return;
    };
    let def = &doc["definitions"][name];
    let Kind::Object(entries) = &n.kind else {
        if def.get("properties").is_some() {
            d.push(invalid(path, n.span, format!("`{path}` must be an object")));
        }
        return;
    };
    let Some(props) = def.get("properties").and_then(Json::as_object) else {
        return;
    };
    for e in entries {
        let p = format!("{path}.{}", e.key);
        let cfn = pascal(&e.key);
        match props.get(&cfn) {
            None => {
                let msg = if matches!(
                    e.key.as_str(),
                    "onBehalfOfAuthenticationConfig" | "certificateConfigurations"
                ) {
                    format!("`{}` is a field of the AgentCore API that CloudFormation's OAuth2CredentialProvider does not have; it cannot be synthesized", e.key)
                } else {
                    format!("`{}` is not a field of CloudFormation's {name}", e.key)
                };
                d.push(Diagnostic::new(Code::NotInCloudFormation, p, msg).at(e.key_span));
            }
            Some(schema) => {
                if let Some(r) = schema.get("$ref").and_then(Json::as_str) {
                    against(doc, r, &e.value, &p, d);
                } else if schema.get("type").and_then(Json::as_str) == Some("string")
                    && !matches!(e.value.kind, Kind::String(_))
                {
                    d.push(invalid(
                        p,
                        e.value.span,
                        format!("`{}` must be a string", e.key),
                    ));
                } else if let Some(Json::Array(allowed)) = schema.get("enum") {
                    if let Some(v) = e.value.as_str() {
                        if !allowed.iter().any(|a| a.as_str() == Some(v)) {
                            let list: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
                            d.push(
                                Diagnostic::new(
                                    Code::InvalidEnum,
                                    p,
                                    format!(
                                        "`{v}` is not a valid value for `{}`; expected one of: {}",
                                        e.key,
                                        list.join(", ")
                                    ),
                                )
                                .at(e.value.span),
                            );
                        }
                    }
                }
            }
        }
    }
}
