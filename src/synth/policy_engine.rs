//! Policy engines (`AWS::BedrockAgentCore::PolicyEngine`) and their Cedar
//! policies (`AWS::BedrockAgentCore::Policy`). Gateways that name an engine
//! refer to it by `GetAtt` and their role may evaluate it (`super::gateway`).

use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::policy_engine::PolicyEngine;
use crate::project::{merge_tags, Project};
use crate::template::map;
use crate::template::{Resource, Value};

/// Each engine's logical ID and its policies' IDs, in project order.
pub fn ids(project: &Project) -> Vec<(String, Vec<String>)> {
    let engines = bases(
        project
            .policy_engines
            .iter()
            .map(|e| (e.name.value.as_str(), pascal(&e.name.value))),
    );
    project
        .policy_engines
        .iter()
        .zip(engines)
        .map(|(e, base)| {
            let policies = bases(
                e.policies
                    .iter()
                    .map(|p| (p.name.value.as_str(), pascal(&p.name.value))),
            )
            .into_iter()
            .map(|pb| format!("{base}{pb}Policy"))
            .collect();
            (format!("{base}PolicyEngine"), policies)
        })
        .collect()
}

/// The IDs of the engine named `name`: the engine's and its policies'.
pub fn ids_of(project: &Project, name: &str) -> Option<(String, Vec<String>)> {
    let i = project
        .policy_engines
        .iter()
        .position(|e| e.name.value == name)?;
    ids(project).into_iter().nth(i)
}

pub fn lower(project: &Project, b: &mut Builder) {
    for (e, (id, policy_ids)) in project.policy_engines.iter().zip(ids(project)) {
        engine(project, e, &id, &policy_ids, b);
    }
}

fn engine(project: &Project, e: &PolicyEngine, id: &str, policy_ids: &[String], b: &mut Builder) {
    let mut props = map! { "Name" => e.resource_name(&project.name.value) };
    if let Some(d) = &e.description {
        props.insert("Description".into(), d.value.clone().into());
    }
    if let Some(k) = &e.encryption_key_arn {
        props.insert("EncryptionKeyArn".into(), k.value.clone().into());
    }
    let tags: Vec<Value> = merge_tags(&project.tags, &e.tags)
        .into_iter()
        .map(|(k, v)| Value::Map(map! { "Key" => k, "Value" => v }))
        .collect();
    if !tags.is_empty() {
        props.insert("Tags".into(), Value::List(tags));
    }
    b.resource(id, Resource::new(types::POLICY_ENGINE, props));
    for (pol, pid) in e.policies.iter().zip(policy_ids) {
        let statement = match (&pol.statement, &pol.source_file) {
            (Some(s), _) => s.value.clone(),
            (None, Some(f)) => match project.local_files.cedar.get(&f.value) {
                Some(t) => t.clone(),
                None => continue,
            },
            (None, None) => continue,
        };
        let mut p = map! {
            "PolicyEngineId" => Value::GetAtt(id.to_string(), "PolicyEngineId".into()),
            "Name" => pol.name.value.clone(),
            "Definition" => Value::Map(map! { "Cedar" => Value::Map(map! { "Statement" => statement }) }),
            "ValidationMode" => pol.validation_mode.as_ref().map(|v| v.value).unwrap_or("FAIL_ON_ANY_FINDINGS"),
            "EnforcementMode" => pol.enforcement_mode.as_ref().map(|v| v.value).unwrap_or("ACTIVE"),
        };
        if let Some(d) = &pol.description {
            p.insert("Description".into(), d.value.clone().into());
        }
        b.resource(pid, Resource::new(types::POLICY, p));
    }
    for (suffix, attr, what) in [
        ("Id", "PolicyEngineId", "ID"),
        ("Arn", "PolicyEngineArn", "ARN"),
    ] {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of policy engine {}", e.name.value),
            Value::GetAtt(id.to_string(), attr.into()),
            true,
        );
    }
}
