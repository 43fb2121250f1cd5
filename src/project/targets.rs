//! `agentcore/aws-targets.json`: the deployment targets (account, region)
//! of a project, read through the confined reader.

use std::path::Path;

/// The file, relative to the project root.
pub const FILE: &str = "agentcore/aws-targets.json";

/// A deployment target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployTarget {
    pub name: String,
    pub account: String,
    pub region: String,
}

impl DeployTarget {
    /// The AWS partition of the target's region.
    pub fn partition(&self) -> &'static str {
        if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else if self.region.starts_with("cn-") {
            "aws-cn"
        } else {
            "aws"
        }
    }
}

/// The target named `name` of the project at `root`, or why there is none.
pub fn read(root: &Path, name: &str) -> Result<DeployTarget, String> {
    let read = crate::fsio::read_in_project(root, FILE, 1024 * 1024)
        .map_err(|e| format!("cannot read {FILE}: {e}"))?;
    let text = String::from_utf8(read.bytes).map_err(|_| format!("{FILE} is not UTF-8"))?;
    let mut warnings = Vec::new();
    let root_node = crate::json::parse(&text, &mut warnings).map_err(|e| {
        let at = e.span.map(|s| s.start).unwrap_or(0);
        let (l, c) = super::policy::line_col(&text, at);
        format!("{FILE}:{l}:{c}: not valid JSON: {}", e.message)
    })?;
    let items = root_node
        .as_array()
        .ok_or_else(|| format!("{FILE} must be an array of deployment targets"))?;
    let mut names = Vec::new();
    for (i, t) in items.iter().enumerate() {
        let field = |k: &str| t.get(k).and_then(crate::json::Node::as_str);
        let Some(n) = field("name") else {
            return Err(format!("{FILE}: target {i} has no `name`"));
        };
        names.push(n.to_string());
        if n != name {
            continue;
        }
        let account = field("account").unwrap_or("");
        let region = field("region").unwrap_or("");
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "{FILE}: target \"{n}\" needs `account`, a 12-digit AWS account ID"
            ));
        }
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "{FILE}: target \"{n}\" needs `region`, an AWS region such as us-east-1"
            ));
        }
        return Ok(DeployTarget {
            name: n.to_string(),
            account: account.to_string(),
            region: region.to_string(),
        });
    }
    let hint = crate::diagnostics::did_you_mean(name, names.iter().map(String::as_str))
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Err(format!(
        "{FILE} has no target \"{name}\" (targets: {}){hint}",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    ))
}
