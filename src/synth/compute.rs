//! Targets whose code this template deploys (`compute`): an
//! `AWS::Lambda::Function` with its role and log group, or an AgentCore
//! Runtime (built like an agent runtime, protocol MCP, no injected
//! environment). The code is a zip in S3 given as parameters
//! `<Gateway><Target>ToolCodeBucket` / `…ToolCodeKey`.

use super::iam::{arn, sub, Grants};
use super::identity::Providers;
use super::runtime::{Refs, BUCKET_PATTERN};
use super::Builder;
use crate::cfn::types;
use crate::project::catalog::RuntimeVersion;
use crate::project::gateway::compute::{LambdaHost, RuntimeHost};
use crate::project::{Project, Target};
use crate::template::map;
use crate::template::{Parameter, Resource, Value};

/// Lambda's `Runtime` for a version word.
fn lambda_runtime(v: RuntimeVersion) -> &'static str {
    match v {
        RuntimeVersion::Python310 => "python3.10",
        RuntimeVersion::Python311 => "python3.11",
        RuntimeVersion::Python312 => "python3.12",
        RuntimeVersion::Python313 => "python3.13",
        RuntimeVersion::Python314 => "python3.14",
        RuntimeVersion::Node18 => "nodejs18.x",
        RuntimeVersion::Node20 => "nodejs20.x",
        RuntimeVersion::Node22 => "nodejs22.x",
    }
}

fn code_parameters(base: &str, what: &str, b: &mut Builder) -> (Value, Value, String, String) {
    let bucket_id = format!("{base}ToolCodeBucket");
    let key_id = format!("{base}ToolCodeKey");
    let bucket = b.parameter(
        &bucket_id,
        Parameter::string(format!("S3 bucket holding the code zip of {what}"))
            .pattern(BUCKET_PATTERN, "must be an S3 bucket name"),
    );
    let key = Parameter::string(format!(
        "S3 key of the code zip of {what} (content-addressed, e.g. <sha256>.zip)"
    ));
    let key = b.parameter(&key_id, key);
    (bucket, key, bucket_id, key_id)
}

fn policy(name: String, doc: Value, role: &str) -> Resource {
    Resource::new(
        types::IAM_POLICY,
        map! {
            "PolicyName" => name,
            "PolicyDocument" => doc,
            "Roles" => Value::List(vec![Value::Ref(role.to_string())]),
        },
    )
}

/// A Lambda-hosted target: the function, its role, policy and log group;
/// returns `Mcp.Lambda`.
pub(super) fn lambda(
    project: &Project,
    t: &Target,
    l: &LambdaHost,
    base: &str,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let imp = l.implementation.as_ref()?;
    let version = if imp.language.value == "TypeScript" {
        l.node_version.as_ref()?
    } else {
        l.python_version.as_ref()?
    };
    let fn_id = format!("{base}ToolFunction");
    let role_id = format!("{base}ToolFunctionRole");
    let policy_id = format!("{base}ToolFunctionPolicy");
    let log_id = format!("{base}ToolLogGroup");
    let name = format!("{}-{}", project.name.value, t.name.value);
    let what = format!("the Lambda function of target {}", t.name.value);
    let (bucket, key, bucket_id, key_id) = code_parameters(base, &what, b);
    b.template.artifacts.push(crate::template::Artifact {
        what: format!("the Lambda function of target {}", t.name.value),
        code_location: imp.path.value.clone(),
        python: version.value.python_version().map(str::to_string),
        bucket_parameter: bucket_id.clone(),
        key_parameter: key_id.clone(),
    });
    let log_group = format!("/aws/lambda/{name}");

    // The execution-role trust in the form AWS documents: Lambda assumes
    // the role only for the functions configured with it (this one).
    let mut role = map! {
        "AssumeRolePolicyDocument" => Value::Map(map! {
            "Version" => "2012-10-17",
            "Statement" => Value::List(vec![Value::Map(map! {
                "Effect" => "Allow",
                "Principal" => Value::Map(map! { "Service" => "lambda.amazonaws.com" }),
                "Action" => "sts:AssumeRole",
            })]),
        }),
        "Description" => format!("Execution role of Lambda function {name} (gateway target {})", t.name.value),
    };
    if let Some(tags) = super::iam::role_tags(project) {
        role.insert("Tags".into(), tags);
    }
    b.resource(&role_id, Resource::new(types::IAM_ROLE, role));
    let mut own = Grants::default();
    own.add(
        "WriteOwnLogs",
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        [arn("logs", &format!("log-group:{log_group}:*"))],
    );
    own.add(
        "ReadCode",
        &["s3:GetObject"],
        [sub(&format!(
            "arn:${{AWS::Partition}}:s3:::${{{bucket_id}}}/${{{key_id}}}"
        ))],
    );
    b.resource(
        &policy_id,
        policy(format!("{base}ToolFunction"), own.document(), &role_id),
    );
    let mut depends = vec![policy_id.clone()];
    if let Some(doc) = &l.iam_policy {
        let extra = format!("{base}ToolFunctionExtraPolicy");
        b.resource(
            &extra,
            policy(
                format!("{base}ToolFunctionExtra"),
                crate::template::node_value(doc),
                &role_id,
            ),
        );
        depends.push(extra);
    }
    b.resource(
        &log_id,
        Resource::new(
            types::LOG_GROUP,
            map! { "LogGroupName" => log_group, "RetentionInDays" => 731i64 },
        ),
    );
    let mut f = Resource::new(
        types::LAMBDA_FUNCTION,
        map! {
            "FunctionName" => name.clone(),
            "Description" => format!("Gateway target {} (agentcore-synth)", t.name.value),
            "Runtime" => lambda_runtime(version.value),
            "Architectures" => Value::strs(["arm64"]),
            "Handler" => imp.handler.value.clone(),
            "Timeout" => l.timeout.as_ref().map(|x| x.value).unwrap_or(30),
            "MemorySize" => l.memory_size.as_ref().map(|x| x.value).unwrap_or(512),
            "Code" => Value::Map(map! { "S3Bucket" => bucket, "S3Key" => key }),
            "Role" => Value::GetAtt(role_id.clone(), "Arn".into()),
            "LoggingConfig" => Value::Map(map! { "LogGroup" => Value::Ref(log_id.clone()) }),
        },
    );
    f.depends_on = depends;
    b.resource(&fn_id, f);
    b.output(
        &format!("{fn_id}Arn"),
        format!("ARN of the Lambda function of target {}", t.name.value),
        Value::GetAtt(fn_id.clone(), "Arn".into()),
        true,
    );
    grants.add(
        "InvokeFunctions",
        &["lambda:InvokeFunction"],
        [
            Value::GetAtt(fn_id.clone(), "Arn".into()),
            sub(&format!("${{{fn_id}.Arn}}:*")),
        ],
    );
    let tools = t
        .tool_definitions
        .as_ref()
        .map(|d| crate::project::tools::definitions(&d.value))
        .unwrap_or(Value::List(Vec::new()));
    Some(Value::Map(map! {
        "Mcp" => Value::Map(map! {
            "Lambda" => Value::Map(map! {
                "LambdaArn" => Value::GetAtt(fn_id, "Arn".into()),
                "ToolSchema" => Value::Map(map! { "InlinePayload" => tools }),
            }),
        }),
    }))
}

/// A runtime-hosted MCP server: an AgentCore Runtime built like an agent
/// runtime (protocol MCP), which the gateway calls with SigV4; returns
/// `Mcp.McpServer` with the runtime's invocation URL.
pub(super) fn runtime(
    project: &Project,
    r: &RuntimeHost,
    base: &str,
    providers: &Providers,
    grants: &mut Grants,
    b: &mut Builder,
) -> Option<Value> {
    let rt = r.runtime.as_ref()?;
    let rbase = format!("{base}Tool");
    let refs = Refs {
        providers,
        memories: Vec::new(),
        gateways: Vec::new(),
        tools: Vec::new(),
    };
    super::runtime::lower_one(project, rt, &rbase, &refs, b);
    let rid = format!("{rbase}Runtime");
    if let Some(doc) = &r.iam_policy {
        let extra = format!("{rbase}RuntimeExtraPolicy");
        b.resource(
            &extra,
            policy(
                format!("{rbase}RuntimeExtra"),
                crate::template::node_value(doc),
                &format!("{rbase}RuntimeRole"),
            ),
        );
        if let Some(res) = b.template.resources.get_mut(&rid) {
            res.depends_on.push(extra);
        }
    }
    grants.add(
        "InvokeRuntimes",
        &["bedrock-agentcore:InvokeAgentRuntime"],
        [
            Value::GetAtt(rid.clone(), "AgentRuntimeArn".into()),
            sub(&format!(
                "${{{rid}.AgentRuntimeArn}}/runtime-endpoint/DEFAULT"
            )),
        ],
    );
    // The runtime's ARN, URL-encoded, in its invocation URL.
    let endpoint = sub(&format!(
        "https://bedrock-agentcore.${{AWS::Region}}.${{AWS::URLSuffix}}/runtimes/arn%3A${{AWS::Partition}}%3Abedrock-agentcore%3A${{AWS::Region}}%3A${{AWS::AccountId}}%3Aruntime%2F${{{rid}.AgentRuntimeId}}/invocations?qualifier=DEFAULT"
    ));
    Some(Value::Map(map! {
        "Mcp" => Value::Map(map! { "McpServer" => Value::Map(map! { "Endpoint" => endpoint }) }),
    }))
}
