//! Knowledge bases (`AWS::Bedrock::KnowledgeBase`, managed) and their S3
//! data sources (`AWS::Bedrock::DataSource`), with a service role that
//! reads only their buckets and the embedding model.

use super::iam::{role_tags, sub, Grants};
use super::naming::{bases, pascal};
use super::Builder;
use crate::cfn::types;
use crate::project::Project;
use crate::template::map;
use crate::template::{Resource, Value};
use sha2::{Digest, Sha256};

const EMBEDDING_MODEL: &str = "amazon.titan-embed-text-v2:0";

/// The logical ID of each knowledge base, in project order.
pub fn ids(project: &Project) -> Vec<String> {
    bases(
        project
            .knowledge_bases
            .iter()
            .map(|k| (k.name.value.as_str(), pascal(&k.name.value))),
    )
    .into_iter()
    .map(|b| format!("{b}KnowledgeBase"))
    .collect()
}

pub fn lower(project: &Project, b: &mut Builder) {
    for (k, id) in project.knowledge_bases.iter().zip(ids(project)) {
        let name = k.resource_name(&project.name.value);
        let role_id = format!("{id}Role");
        let policy_id = format!("{id}Policy");
        let mut g = Grants::default();
        g.add(
            "Embeddings",
            &["bedrock:InvokeModel"],
            [sub(&format!("arn:${{AWS::Partition}}:bedrock:${{AWS::Region}}::foundation-model/{EMBEDDING_MODEL}"))],
        );
        let mut role = map! {
            "AssumeRolePolicyDocument" => Value::Map(map! {
                "Version" => "2012-10-17",
                "Statement" => Value::List(vec![Value::Map(map! {
                    "Effect" => "Allow",
                    "Principal" => Value::Map(map! { "Service" => "bedrock.amazonaws.com" }),
                    "Action" => "sts:AssumeRole",
                    "Condition" => Value::Map(map! {
                        "StringEquals" => Value::Map(map! { "aws:SourceAccount" => Value::Ref("AWS::AccountId".into()) }),
                        "ArnLike" => Value::Map(map! { "aws:SourceArn" => sub("arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:knowledge-base/*") }),
                    }),
                })]),
            }),
            "Description" => format!("Service role of knowledge base {name}"),
        };
        if let Some(t) = role_tags(project) {
            role.insert("Tags".into(), t);
        }
        let mut sources = Vec::new();
        for s in &k.sources {
            let Some(uri) = s.uri.as_ref().filter(|_| s.kind.value == "S3") else {
                continue;
            };
            let rest = uri.value.trim_start_matches("s3://");
            let (bucket, prefix) = match rest.split_once('/') {
                Some((bk, p)) => (bk.to_string(), p.trim_end_matches('/').to_string()),
                None => (rest.to_string(), String::new()),
            };
            g.add(
                "ListSources",
                &["s3:ListBucket"],
                [sub(&format!("arn:${{AWS::Partition}}:s3:::{bucket}"))],
            );
            let objects = if prefix.is_empty() {
                format!("arn:${{AWS::Partition}}:s3:::{bucket}/*")
            } else {
                format!("arn:${{AWS::Partition}}:s3:::{bucket}/{prefix}/*")
            };
            g.add("ReadSources", &["s3:GetObject"], [sub(&objects)]);
            let hash: String = Sha256::digest(uri.value.as_bytes())
                .iter()
                .take(4)
                .map(|b| format!("{b:02x}"))
                .collect();
            let conn = map! {
                "bucketArn" => sub(&format!("arn:${{AWS::Partition}}:s3:::{bucket}")),
                "bucketName" => bucket.clone(),
                "bucketOwnerAccountId" => Value::Ref("AWS::AccountId".into()),
            };
            let mut params = map! {
                "type" => "S3",
                "version" => "1",
                "connectionConfiguration" => Value::Map(conn),
            };
            if !prefix.is_empty() {
                params.insert(
                    "filterConfiguration".into(),
                    Value::Map(map! { "inclusionPrefixes" => Value::strs([prefix.clone()]) }),
                );
            }
            sources.push((
                format!("{id}Source{hash}"),
                format!("{name}_ds_{hash}"),
                params,
            ));
        }
        b.resource(&role_id, Resource::new(types::IAM_ROLE, role));
        b.resource(
            &policy_id,
            Resource::new(
                types::IAM_POLICY,
                map! {
                    "PolicyName" => format!("{id}Access"),
                    "PolicyDocument" => g.document(),
                    "Roles" => Value::List(vec![Value::Ref(role_id.clone())]),
                },
            ),
        );
        let mut props = map! {
            "Name" => name.clone(),
            "RoleArn" => Value::GetAtt(role_id.clone(), "Arn".into()),
            "KnowledgeBaseConfiguration" => Value::Map(map! {
                "Type" => "MANAGED",
                "ManagedKnowledgeBaseConfiguration" => Value::Map(map! {
                    "EmbeddingModelArn" => sub(&format!("arn:${{AWS::Partition}}:bedrock:${{AWS::Region}}::foundation-model/{EMBEDDING_MODEL}")),
                }),
            }),
        };
        if let Some(d) = &k.description {
            props.insert("Description".into(), d.value.clone().into());
        }
        // No Tags: the CLI's CDK leaves them out on purpose (the resource
        // handler disagrees with the schema on their shape).
        let mut kb = Resource::new(types::KNOWLEDGE_BASE, props);
        kb.depends_on.push(policy_id);
        b.resource(&id, kb);
        for (sid, sname, params) in sources {
            b.resource(
                &sid,
                Resource::new(
                    types::DATA_SOURCE,
                    map! {
                        "Name" => sname,
                        "KnowledgeBaseId" => Value::Ref(id.clone()),
                        "DataDeletionPolicy" => "RETAIN",
                        "DataSourceConfiguration" => Value::Map(map! {
                            "Type" => "MANAGED_KNOWLEDGE_BASE_CONNECTOR",
                            "ManagedKnowledgeBaseConnectorConfiguration" => Value::Map(map! { "ConnectorParameters" => Value::Map(params) }),
                        }),
                    },
                ),
            );
        }
        for (suffix, v, what) in [
            ("Id", Value::Ref(id.clone()), "ID"),
            (
                "Arn",
                Value::GetAtt(id.clone(), "KnowledgeBaseArn".into()),
                "ARN",
            ),
        ] {
            b.output(
                &format!("{id}{suffix}"),
                format!("{what} of knowledge base {}", k.name.value),
                v,
                true,
            );
        }
    }
}
