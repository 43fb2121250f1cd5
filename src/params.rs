//! The parameters a template needs to deploy: what each is (secret, plain,
//! ARN, artifact), whether it must be given, and the value this project
//! (and a deployment target of `aws-targets.json`) already determines.
//! Pure: the CLI reads files and the environment and writes the results.

use crate::project::targets::DeployTarget;
use crate::project::{CredentialKind, Project};
use crate::template::Template;

/// What a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A `NoEcho` value (client secret, API key, payment secret): never
    /// written to disk by this tool.
    Secret,
    /// A code artifact: an S3 bucket or key of a zip, an image URI.
    Artifact,
    /// The ARN of something outside the template.
    Arn,
    /// Any other value (a client ID).
    Plain,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Secret => "secret",
            Kind::Artifact => "artifact",
            Kind::Arn => "ARN",
            Kind::Plain => "plain",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Param {
    pub name: String,
    pub kind: Kind,
    pub description: String,
    /// No `Default`: the first deploy must give it.
    pub required: bool,
    /// The value the project (and target) determine, never for a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For a secret: the environment variable `--secrets-from-env` reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

/// The environment variable a secret parameter is read from.
pub fn env_var(param: &str) -> String {
    format!("AGENTCORE_PARAM_{param}")
}

fn kind_of(name: &str, p: &crate::template::Parameter) -> Kind {
    if p.no_echo {
        Kind::Secret
    } else if ["CodeBucket", "CodeKey", "ImageUri"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        Kind::Artifact
    } else if p
        .allowed_pattern
        .as_deref()
        .is_some_and(|a| a.starts_with("^arn:"))
    {
        Kind::Arn
    } else {
        Kind::Plain
    }
}

/// Every parameter of `t`, in template order, with what the project and
/// `target` determine.
pub fn of(project: &Project, t: &Template, target: Option<&DeployTarget>) -> Vec<Param> {
    t.parameters
        .iter()
        .map(|(name, p)| {
            let kind = kind_of(name, p);
            Param {
                name: name.clone(),
                kind,
                description: p.description.clone(),
                required: true,
                value: (kind != Kind::Secret)
                    .then(|| known_value(project, name, p, target))
                    .flatten(),
                env: (kind == Kind::Secret).then(|| env_var(name)),
            }
        })
        .collect()
}

/// The ARN of an existing credential provider named in the file (by name
/// only), in the target's account and region.
fn known_value(
    project: &Project,
    name: &str,
    p: &crate::template::Parameter,
    target: Option<&DeployTarget>,
) -> Option<String> {
    let target = target?;
    let credential = project.credential(p.credential.as_deref()?)?;
    if !name.ends_with("ProviderArn") {
        return None;
    }
    let kind = match credential.kind {
        CredentialKind::OAuth(_) => "oauth2credentialprovider",
        CredentialKind::ApiKey(_) => "apikeycredentialprovider",
        CredentialKind::Payment(_) => return None,
    };
    Some(format!(
        "arn:{}:bedrock-agentcore:{}:{}:token-vault/default/{kind}/{}",
        target.partition(),
        target.region,
        target.account,
        credential.name.value
    ))
}

/// What the parameter file does with a parameter that has no value (a
/// secret not filled, a value nothing in the project determines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unset {
    /// `Key=`: the file names every parameter; CloudFormation refuses the
    /// empty value (every parameter has `MinLength: 1`) until it is given.
    Named,
    /// Left out: on an update `aws cloudformation deploy` keeps the
    /// stack's value (`UsePreviousValue`).
    Omitted,
}

/// The parameter file `aws cloudformation deploy --parameter-overrides
/// file://FILE` reads (AWS CLI v1 and v2): a JSON array of `Key=Value`
/// strings, one per parameter in template order. Secrets come from
/// `secrets` only (never from `params`); what has no value is named with
/// an empty one or left out, as `unset` says.
pub fn overrides_file(params: &[Param], secrets: &[(String, String)], unset: Unset) -> String {
    let mut items: Vec<String> = Vec::new();
    for p in params {
        let value = match p.kind {
            Kind::Secret => secrets
                .iter()
                .find(|(k, _)| *k == p.name)
                .map(|(_, v)| v.as_str()),
            _ => p.value.as_deref(),
        };
        match (value, unset) {
            (Some(v), _) => items.push(format!("{}={v}", p.name)),
            (None, Unset::Named) => items.push(format!("{}=", p.name)),
            (None, Unset::Omitted) => {}
        }
    }
    let json = serde_json::Value::Array(items.into_iter().map(serde_json::Value::String).collect());
    let mut out = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// The parameters a file written from `params` lacks: secrets (unless
/// given) and values nothing in the project determines.
pub fn missing<'a>(params: &'a [Param], secrets: &[(String, String)]) -> Vec<&'a Param> {
    params
        .iter()
        .filter(|p| match p.kind {
            Kind::Secret => !secrets.iter().any(|(k, _)| *k == p.name),
            _ => p.value.is_none(),
        })
        .collect()
}

/// The table `params` prints.
pub fn text(params: &[Param]) -> String {
    let mut rows: Vec<[String; 4]> = vec![[
        "PARAMETER".into(),
        "KIND".into(),
        "VALUE".into(),
        "DESCRIPTION".into(),
    ]];
    for p in params {
        let value = match (p.kind, &p.value, &p.env) {
            (Kind::Secret, _, Some(env)) => format!("(secret: give it at deploy, or ${env})"),
            (_, Some(v), _) => v.clone(),
            _ => "(required: give it at deploy)".into(),
        };
        rows.push([
            p.name.clone(),
            p.kind.as_str().into(),
            value,
            p.description.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        for (i, w) in widths.iter().enumerate() {
            out.push_str(&r[i]);
            out.push_str(&" ".repeat(w - r[i].chars().count() + 2));
        }
        out.push_str(&r[3]);
        out.push('\n');
    }
    if params.is_empty() {
        out = "the template has no parameters\n".into();
    }
    out
}

/// The `Key=Value` pairs of a parameter file (the JSON array this tool
/// writes, or the AWS CLI's CloudFormation format
/// `[{"ParameterKey", "ParameterValue"}]`). An empty value is how the
/// file names a parameter it has no value for: it gives nothing.
pub fn read_overrides(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a parameter file: {e}"))?;
    let items = v
        .as_array()
        .ok_or("a parameter file is a JSON array of \"Key=Value\" strings")?;
    let mut out = Vec::new();
    for item in items {
        match item {
            serde_json::Value::String(s) => match s.split_once('=') {
                Some((_, "")) => {}
                Some((k, v)) => out.push((k.to_string(), v.to_string())),
                None => return Err(format!("{s:?} is not Key=Value")),
            },
            serde_json::Value::Object(m) => {
                let k = m.get("ParameterKey").and_then(|x| x.as_str());
                let v = m.get("ParameterValue").and_then(|x| x.as_str());
                match (k, v) {
                    (Some(_), Some("")) => {}
                    (Some(k), Some(v)) => out.push((k.to_string(), v.to_string())),
                    _ => return Err("an entry needs ParameterKey and ParameterValue".into()),
                }
            }
            _ => return Err("entries are \"Key=Value\" strings".into()),
        }
    }
    Ok(out)
}
