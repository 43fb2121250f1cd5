//! Synthetic projects of a given shape, for benchmarks and scale tests:
//! credentials of each kind and gateways × targets of each type and auth.
//! Deterministic: the same shape gives the same bytes.

use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub gateways: usize,
    pub targets_per_gateway: usize,
    pub credentials: usize,
    /// Agent runtimes (CodeZip and Container in turn, CUSTOM_JWT inbound),
    /// each using four credentials and up to four memories.
    pub runtimes: usize,
    pub memories: usize,
}

impl Shape {
    /// 10 gateways × 38 targets, 50 credentials, 5 runtimes, 5 memories:
    /// 480 resources, within CloudFormation's 500.
    pub const LARGE: Shape = Shape {
        gateways: 10,
        targets_per_gateway: 38,
        credentials: 50,
        runtimes: 5,
        memories: 5,
    };
    /// Ten times `LARGE` (ten times the targets, credentials, runtimes and
    /// memories): beyond CloudFormation's limits, for cost growth.
    pub const HUGE: Shape = Shape {
        gateways: 10,
        targets_per_gateway: 380,
        credentials: 500,
        runtimes: 50,
        memories: 50,
    };

    pub fn by_name(name: &str) -> Option<Shape> {
        match name {
            "large" => Some(Shape::LARGE),
            "huge" => Some(Shape::HUGE),
            _ => None,
        }
    }
}

/// The `agentcore.json` text of a project of this shape. Credentials cycle
/// through OAuth with token exchange (RFC 8693 and RFC 7523), plain OAuth,
/// and API keys; targets cycle through every target type that needs no code
/// packaging, with the auth each supports.
pub fn project_json(shape: Shape) -> String {
    let mut s = String::with_capacity(
        256 * (shape.gateways * shape.targets_per_gateway + shape.credentials) + 1024,
    );
    s.push_str("{\n  \"name\": \"Generated\",\n  \"version\": 1,\n  \"managedBy\": \"CDK\",\n");
    s.push_str("  \"tags\": {\n    \"agentcore:created-by\": \"agentcore-synth-generate\"\n  },\n  \"credentials\": [");
    let mut oauth = Vec::new();
    let mut obo = Vec::new();
    let mut keys = Vec::new();
    for i in 0..shape.credentials {
        if i > 0 {
            s.push(',');
        }
        let name = format!("cred-{i}");
        match i % 4 {
            0 => {
                let _ = write!(
                    s,
                    "\n    {{\n      \"authorizerType\": \"OAuthCredentialProvider\",\n      \"name\": \"{name}\",\n      \"discoveryUrl\": \"https://idp{i}.example.com/.well-known/openid-configuration\",\n      \"clientId\": \"client-{i}\",\n      \"clientSecretRef\": {{ \"secretId\": \"generated/{name}\", \"jsonKey\": \"clientSecret\" }},\n      \"tokenExchange\": {{ \"grantType\": \"TOKEN_EXCHANGE\", \"tokenExchangeGrantTypeConfig\": {{ \"actorTokenContent\": \"M2M\", \"actorTokenScopes\": [\"act\"] }} }}\n    }}"
                );
                obo.push(name);
            }
            1 => {
                let _ = write!(
                    s,
                    "\n    {{\n      \"authorizerType\": \"OAuthCredentialProvider\",\n      \"name\": \"{name}\",\n      \"discoveryUrl\": \"https://login{i}.example.com/v2.0/.well-known/openid-configuration\",\n      \"clientId\": \"client-{i}\",\n      \"clientSecretRef\": {{ \"secretId\": \"generated/{name}\", \"jsonKey\": \"clientSecret\" }},\n      \"tokenExchange\": {{ \"grantType\": \"JWT_AUTHORIZATION_GRANT\" }}\n    }}"
                );
                obo.push(name);
            }
            2 => {
                let _ = write!(
                    s,
                    "\n    {{\n      \"authorizerType\": \"OAuthCredentialProvider\",\n      \"name\": \"{name}\",\n      \"discoveryUrl\": \"https://m2m{i}.example.com/.well-known/openid-configuration\",\n      \"clientId\": \"client-{i}\",\n      \"clientSecretRef\": {{ \"secretId\": \"generated/{name}\", \"jsonKey\": \"clientSecret\" }}\n    }}"
                );
                oauth.push(name);
            }
            _ => {
                let _ = write!(
                    s,
                    "\n    {{\n      \"authorizerType\": \"ApiKeyCredentialProvider\",\n      \"name\": \"{name}\",\n      \"secretRef\": {{ \"secretId\": \"generated/{name}\", \"jsonKey\": \"apiKey\" }}\n    }}"
                );
                keys.push(name);
            }
        }
    }
    s.push_str("\n  ],\n  \"agentCoreGateways\": [");
    let pick = |v: &Vec<String>, n: usize| v.get(n % v.len().max(1)).cloned();
    for g in 0..shape.gateways {
        if g > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "\n    {{\n      \"name\": \"gw-{g}\",\n      \"protocolType\": \"None\",\n      \"authorizerType\": \"CUSTOM_JWT\",\n      \"authorizerConfiguration\": {{ \"customJwtAuthorizer\": {{ \"discoveryUrl\": \"https://idp.example.com/.well-known/openid-configuration\", \"allowedClients\": [\"web\"] }} }},\n      \"targets\": ["
        );
        for t in 0..shape.targets_per_gateway {
            if t > 0 {
                s.push(',');
            }
            let n = g * shape.targets_per_gateway + t;
            let name = format!("t{t}");
            let body = match (t % 6, pick(&obo, n), pick(&oauth, n), pick(&keys, n)) {
                (0, Some(c), _, _) => format!(
                    "\"targetType\": \"mcpServer\", \"endpoint\": \"https://mcp{n}.example.com/mcp\", \"outboundAuth\": {{ \"type\": \"OAUTH\", \"credentialName\": \"{c}\", \"scopes\": [\"read\"], \"grantType\": \"TOKEN_EXCHANGE\" }}"
                ),
                (1, _, Some(c), _) => format!(
                    "\"targetType\": \"openApiSchema\", \"schemaSource\": {{ \"s3\": {{ \"uri\": \"s3://schemas-{g}/api-{t}.json\" }} }}, \"outboundAuth\": {{ \"type\": \"OAUTH\", \"credentialName\": \"{c}\", \"scopes\": [] }}"
                ),
                (2, _, _, Some(c)) => format!(
                    "\"targetType\": \"apiGateway\", \"apiGateway\": {{ \"restApiId\": \"api{n:07}\", \"stage\": \"prod\", \"apiGatewayToolConfiguration\": {{ \"toolFilters\": [{{ \"filterPath\": \"/*\", \"methods\": [\"GET\"] }}] }} }}, \"outboundAuth\": {{ \"type\": \"API_KEY\", \"credentialName\": \"{c}\" }}"
                ),
                (3, ..) => format!(
                    "\"targetType\": \"lambdaFunctionArn\", \"lambdaFunctionArn\": {{ \"lambdaArn\": \"arn:aws:lambda:us-east-1:123456789012:function:fn-{n}\", \"toolSchemaFile\": \"s3://tools-{g}/fn-{t}.json\" }}"
                ),
                (4, ..) => format!(
                    "\"targetType\": \"passthrough\", \"passthrough\": {{ \"endpoint\": \"https://svc{n}.example.com/v1\" }}, \"outboundAuth\": {{ \"type\": \"JWT_PASSTHROUGH\" }}"
                ),
                _ => format!(
                    "\"targetType\": \"smithyModel\", \"schemaSource\": {{ \"s3\": {{ \"uri\": \"s3://models-{g}/m-{t}.json\" }} }}"
                ),
            };
            let _ = write!(s, "\n        {{ \"name\": \"{name}\", {body} }}");
        }
        s.push_str("\n      ]\n    }");
    }
    s.push_str("\n  ],\n  \"memories\": [");
    for m in 0..shape.memories {
        if m > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "\n    {{ \"name\": \"mem{m}\", \"eventExpiryDuration\": 30, \"strategies\": [ {{ \"type\": \"SEMANTIC\", \"namespaceTemplates\": [\"/users/{{actorId}}/facts\"] }}, {{ \"type\": \"SUMMARIZATION\", \"namespaceTemplates\": [\"/summaries/{{actorId}}/{{sessionId}}\"] }} ] }}"
        );
    }
    s.push_str("\n  ],\n  \"runtimes\": [");
    for r in 0..shape.runtimes {
        if r > 0 {
            s.push(',');
        }
        let creds: Vec<String> = (0..4.min(obo.len()))
            .map(|k| format!("\"{}\"", obo[(r * 4 + k) % obo.len()]))
            .collect();
        let mems: Vec<String> = (0..4.min(shape.memories))
            .map(|k| format!("\"mem{}\"", (r + k) % shape.memories))
            .collect();
        let build = if r % 2 == 0 {
            "\"build\": \"CodeZip\", \"runtimeVersion\": \"PYTHON_3_13\""
        } else {
            "\"build\": \"Container\""
        };
        let _ = write!(
            s,
            "\n    {{ \"name\": \"agent{r}\", {build}, \"entrypoint\": \"main.py\", \"codeLocation\": \"app/agent{r}\", \"envVars\": [ {{ \"name\": \"MODE\", \"value\": \"live\" }}, {{ \"name\": \"INDEX\", \"value\": \"{r}\" }} ], \"authorizerType\": \"CUSTOM_JWT\", \"authorizerConfiguration\": {{ \"customJwtAuthorizer\": {{ \"discoveryUrl\": \"https://idp.example.com/.well-known/openid-configuration\", \"allowedAudience\": [\"agents\"] }} }}, \"credentials\": [{}], \"memories\": [{}] }}",
            creds.join(", "),
            mems.join(", ")
        );
    }
    s.push_str("\n  ]\n}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_projects_are_valid_json_and_deterministic() {
        let shape = Shape {
            gateways: 2,
            targets_per_gateway: 7,
            credentials: 5,
            runtimes: 3,
            memories: 2,
        };
        let a = project_json(shape);
        assert_eq!(a, project_json(shape));
        let v: serde_json::Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["agentCoreGateways"].as_array().unwrap().len(), 2);
        assert_eq!(
            v["agentCoreGateways"][1]["targets"]
                .as_array()
                .unwrap()
                .len(),
            7
        );
        assert_eq!(v["credentials"].as_array().unwrap().len(), 5);
        assert_eq!(v["runtimes"].as_array().unwrap().len(), 3);
        assert_eq!(v["memories"].as_array().unwrap().len(), 2);
    }
}
