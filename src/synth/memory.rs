//! Memories (`AWS::BedrockAgentCore::Memory`). A memory gets an execution
//! role only when it needs one: stream delivery to Kinesis (the CLI's CDK
//! creates a role with no permissions for every memory).

use super::iam::{agentcore_trust, role_tags, Grants};
use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::catalog::StrategyType;
use crate::project::{merge_tags, Memory, Project};
use crate::template::map;
use crate::template::{Map, Resource, Value};

/// The logical ID of each memory's resource, in project order.
pub fn ids(project: &Project) -> Vec<String> {
    bases(
        project
            .memories
            .iter()
            .map(|m| (m.name.value.as_str(), pascal(&m.name.value))),
    )
    .into_iter()
    .map(|b| format!("{b}Memory"))
    .collect()
}

pub fn lower(project: &Project, b: &mut Builder) {
    for (m, id) in project.memories.iter().zip(ids(project)) {
        memory(project, m, &id, b);
    }
}

fn strings(l: &crate::project::runtime::Names) -> Value {
    Value::strs(l.value.iter().map(|s| s.value.clone()))
}

fn memory(project: &Project, m: &Memory, id: &str, b: &mut Builder) {
    let name = m.resource_name(&project.name.value);
    let mut props = map! {
        "Name" => name.clone(),
        "EventExpiryDuration" => m.event_expiry.as_ref().map(|e| e.value).unwrap_or(30),
    };
    if let Some(k) = &m.encryption_key_arn {
        props.insert("EncryptionKeyArn".into(), k.value.clone().into());
    }
    let own_role = m.execution_role_arn.is_none() && !m.streams.is_empty();
    let role_id = format!("{id}Role");
    let policy_id = format!("{id}Policy");
    match &m.execution_role_arn {
        Some(r) => {
            props.insert("MemoryExecutionRoleArn".into(), r.value.clone().into());
        }
        None if own_role => {
            props.insert(
                "MemoryExecutionRoleArn".into(),
                Value::GetAtt(role_id.clone(), "Arn".into()),
            );
        }
        None => {}
    }
    if !m.strategies.is_empty() {
        let list = m.strategies.iter().map(|s| {
            let mut body = map! { "Name" => s.resource_name(&m.name.value) };
            if let Some(d) = &s.description {
                body.insert("Description".into(), d.value.clone().into());
            }
            if let Some(ns) = s.namespace_list() {
                body.insert("NamespaceTemplates".into(), strings(ns));
            }
            if let (StrategyType::Episodic, Some(r)) = (s.kind.value, s.reflection_list()) {
                body.insert(
                    "ReflectionConfiguration".into(),
                    Value::Map(map! { "NamespaceTemplates" => strings(r) }),
                );
            }
            Value::Map(map! { s.kind.value.cfn_key() => Value::Map(body) })
        });
        props.insert("MemoryStrategies".into(), Value::List(list.collect()));
    }
    if !m.indexed_keys.is_empty() {
        let keys = m
            .indexed_keys
            .iter()
            .map(|k| Value::Map(map! { "Key" => k.key.value.clone(), "Type" => k.kind.value }));
        props.insert("IndexedKeys".into(), Value::List(keys.collect()));
    }
    if !m.streams.is_empty() {
        let resources = m.streams.iter().map(|s| {
            let contents = s.contents.iter().map(|(t, level)| {
                let mut c = map! { "Type" => t.value.clone() };
                if let Some(l) = level {
                    c.insert("Level".into(), l.value.into());
                }
                Value::Map(c)
            });
            Value::Map(map! {
                "Kinesis" => Value::Map(map! {
                    "DataStreamArn" => s.data_stream_arn.value.clone(),
                    "ContentConfigurations" => Value::List(contents.collect()),
                }),
            })
        });
        props.insert(
            "StreamDeliveryResources".into(),
            Value::Map(map! { "Resources" => Value::List(resources.collect()) }),
        );
    }
    let tags = merge_tags(&project.tags, &m.tags);
    if !tags.is_empty() {
        let mut t = Map::default();
        for (k, v) in tags {
            t.insert(k, Value::Str(v));
        }
        props.insert("Tags".into(), Value::Map(t));
    }
    let mut r = Resource::new(types::MEMORY, props);
    if own_role {
        r.depends_on.push(policy_id.clone());
        let mut role = map! {
            "AssumeRolePolicyDocument" => agentcore_trust(&format!("memory/{name}-*")),
            "Description" => format!("Execution role of AgentCore memory {name} (stream delivery)"),
        };
        if let Some(t) = role_tags(project) {
            role.insert("Tags".into(), t);
        }
        b.resource(&role_id, Resource::new(types::IAM_ROLE, role));
        let mut grants = Grants::default();
        grants.add(
            "DeliverMemoryRecords",
            &["kinesis:PutRecords", "kinesis:DescribeStream"],
            m.streams
                .iter()
                .map(|s| Value::Str(s.data_stream_arn.value.clone())),
        );
        b.resource(
            &policy_id,
            Resource::new(
                types::IAM_POLICY,
                map! {
                    "PolicyName" => format!("{id}StreamDelivery"),
                    "PolicyDocument" => grants.document(),
                    "Roles" => Value::List(vec![Value::Ref(role_id.clone())]),
                },
            ),
        );
    }
    b.resource(id, r);
    for (suffix, attr, what) in [("Id", "MemoryId", "ID"), ("Arn", "MemoryArn", "ARN")] {
        b.output(
            &format!("{id}{suffix}"),
            format!("{what} of memory {}", m.name.value),
            Value::GetAtt(id.to_string(), attr.into()),
            true,
        );
    }
}
