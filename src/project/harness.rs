//! `harnesses[]` and each harness's `<path>/harness.json` (the CLI's
//! `HarnessSpecSchema`). The spec is read at load time through the confined
//! reader, decoded here into the CloudFormation shape it maps to, and its
//! problems are reported with `harness.json:line:column` in the message,
//! at the registry entry's `path`.

use super::read::{as_obj, items, Obj, Spanned, Strictness};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::json::{Kind, Node};
use crate::template::{map, node_value, Map, Value};

/// `harness.json` files may be at most this large.
pub const MAX_SPEC_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Harness {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub dir: Spanned<String>,
    /// The decoded spec (`None` until read, or when it is unusable).
    pub spec: Option<Spec>,
}

impl Harness {
    /// The spec file, relative to the project root.
    pub fn spec_file(&self) -> String {
        format!("{}/harness.json", self.dir.value.trim_end_matches('/'))
    }
}

/// What a harness spec says, in CloudFormation's shape where it maps.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub name: String,
    pub provider: String,
    /// `Model`: `{<Provider>ModelConfig: {…}}`.
    pub model: Option<Value>,
    pub api_key_arn: Option<String>,
    pub system_prompt: Option<String>,
    pub tools: Vec<Value>,
    pub gateways: Vec<(String, Option<String>)>,
    pub browsers: Vec<Option<String>>,
    pub code_interpreters: Vec<Option<String>>,
    pub skills: Vec<Value>,
    pub skill_buckets: Vec<String>,
    pub allowed_tools: Option<Value>,
    pub max_iterations: Option<i64>,
    pub max_tokens: Option<i64>,
    pub timeout_seconds: Option<i64>,
    pub memory: Memory,
    pub truncation: Option<Value>,
    pub container_uri: Option<String>,
    /// `dockerfile`: the image is built outside and given as a parameter.
    pub dockerfile: bool,
    pub execution_role_arn: Option<String>,
    pub environment_variables: Vec<(String, String)>,
    pub custom_jwt: Option<super::gateway::JwtAuthorizer>,
    pub tags: super::Tags,
    /// `Environment.AgentCoreRuntimeEnvironment` (network, lifecycle, mounts).
    pub environment: Option<Map>,
    /// EFS and S3 Files access points it mounts (for the role).
    pub efs: Vec<String>,
    pub s3_files: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub enum Memory {
    #[default]
    Disabled,
    Managed(Map),
    /// A project memory by name, or an ARN.
    Existing {
        name: Option<String>,
        arn: Option<String>,
        rest: Map,
    },
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Harness> {
    items(arr, base)
        .filter_map(|(p, n)| {
            let mut o = as_obj(n, &p, d)?;
            let name = o.req_string("name", d);
            let dir = o.req_string("path", d);
            let span = o.span();
            o.finish(Strictness::Lenient, d);
            Some(Harness {
                path: p,
                span,
                name: name?,
                dir: dir?,
                spec: None,
            })
        })
        .collect()
}

/// Problems of one spec file, with line:column.
pub struct SpecErrors<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub out: Vec<String>,
}

impl SpecErrors<'_> {
    fn at(&mut self, span: Span, msg: impl std::fmt::Display) {
        let (l, c) = super::policy::line_col(self.text, span.start);
        self.out.push(format!("{}:{l}:{c}: {msg}", self.file));
    }
}

fn text(n: Option<&Node>) -> Option<String> {
    n.and_then(Node::as_str).map(str::to_string)
}

fn int(n: Option<&Node>) -> Option<i64> {
    match &n?.kind {
        Kind::Number(t) => t.parse().ok(),
        _ => None,
    }
}

fn num(n: &Node) -> Option<Value> {
    match &n.kind {
        Kind::Number(t) => Some(Value::Number(t.clone())),
        _ => None,
    }
}

/// Decode `text` (the spec of `h`). Returns the spec, or `None` with the
/// problems in `e`.
pub fn decode_spec(source: &str, e: &mut SpecErrors<'_>) -> Option<Spec> {
    let mut warnings = Vec::new();
    let root = match crate::json::parse(source, &mut warnings) {
        Ok(r) => r,
        Err(x) => {
            e.at(
                x.span.unwrap_or_default(),
                format!("not valid JSON: {}", x.message),
            );
            return None;
        }
    };
    let mut d = Vec::new();
    let mut o = as_obj(&root, "", &mut d)?;
    let mut s = Spec {
        name: text_or(&mut o, "name", e)?,
        ..Spec::default()
    };
    if !crate::validate::Pattern::new(r"^[a-zA-Z][a-zA-Z0-9_]{0,39}$").is_match(&s.name) {
        e.at(o.get("name").map(|n| n.span).unwrap_or_default(), "Must begin with a letter and contain only alphanumeric characters and underscores (max 40 chars)");
    }
    model(&mut o, &mut s, e);
    if let Some(n) = o.get("systemPrompt") {
        match n.as_str() {
            Some(t) if t.trim().is_empty() => e.at(n.span, "systemPrompt must not be empty or whitespace-only"),
            Some(t) if !t.contains(char::is_whitespace) && (t.starts_with("./") || t.starts_with("../") || t.ends_with(".md") || t.ends_with(".txt")) => {
                e.at(n.span, "systemPrompt looks like a file path. It is now always literal text — put file-backed prompts in a `system-prompt.md` in the harness directory (auto-discovered), or inline the prompt text here.")
            }
            Some(t) => s.system_prompt = Some(t.to_string()),
            None => e.at(n.span, "systemPrompt must be a string"),
        }
    }
    if let Some(arr) = o.get("tools").and_then(Node::as_array) {
        let mut names: Vec<String> = Vec::new();
        for t in arr {
            tool(t, &mut s, &mut names, e);
        }
    }
    if let Some(arr) = o.get("skills").and_then(Node::as_array) {
        for k in arr {
            skill(k, &mut s, e);
        }
    }
    if let Some(n) = o.get("allowedTools") {
        s.allowed_tools = Some(node_value(n));
    }
    s.max_iterations = int(o.get("maxIterations"));
    s.max_tokens = int(o.get("maxTokens"));
    s.timeout_seconds = int(o.get("timeoutSeconds"));
    for (k, v) in [
        ("maxIterations", s.max_iterations),
        ("maxTokens", s.max_tokens),
        ("timeoutSeconds", s.timeout_seconds),
    ] {
        if v.is_some_and(|v| v < 1) {
            e.at(
                o.get(k).map(|n| n.span).unwrap_or_default(),
                format!("`{k}` must be 1 or more"),
            );
        }
    }
    memory(o.get("memory"), &mut s, e);
    if let Some(t) = o.get("truncation") {
        s.truncation = truncation(t, e);
    }
    s.container_uri = text(o.get("containerUri"));
    s.dockerfile = o.get("dockerfile").is_some();
    if s.container_uri.is_some() && s.dockerfile {
        e.at(
            o.get("dockerfile").map(|n| n.span).unwrap_or_default(),
            "containerUri and dockerfile are mutually exclusive",
        );
    }
    if let Some(u) = &s.container_uri {
        if !crate::validate::Pattern::new(
            r"^(([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?|public\.ecr\.aws)/.+$",
        )
        .is_match(u)
        {
            e.at(
                o.get("containerUri").map(|n| n.span).unwrap_or_default(),
                "containerUri must be an ECR image URI (12-digit private ECR or public.ecr.aws)",
            );
        }
    }
    s.execution_role_arn = text(o.get("executionRoleArn"));
    if let Some(Kind::Object(entries)) = o.get("environmentVariables").map(|n| &n.kind) {
        if entries.len() > 50 {
            e.at(
                o.get("environmentVariables")
                    .map(|n| n.span)
                    .unwrap_or_default(),
                "A maximum of 50 environment variables is allowed",
            );
        }
        for en in entries {
            match en.value.as_str() {
                Some(v) if !en.key.is_empty() && en.key.len() <= 100 && v.len() <= 5000 => s
                    .environment_variables
                    .push((en.key.clone(), v.to_string())),
                _ => e.at(
                    en.key_span,
                    "environment variable names are 1 to 100 characters and values at most 5000",
                ),
            }
        }
    }
    match text(o.get("authorizerType")).as_deref() {
        Some("CUSTOM_JWT") => {
            let j = o
                .object("authorizerConfiguration", &mut d)
                .and_then(|mut c| {
                    let j = c
                        .object("customJwtAuthorizer", &mut d)
                        .and_then(|j| super::gateway::decode_jwt(j, &mut d));
                    c.finish(Strictness::Strict, &mut d);
                    j
                });
            match j {
                Some(j) => s.custom_jwt = Some(j),
                None => e.at(root.span, "authorizerConfiguration with customJwtAuthorizer is required when authorizerType is CUSTOM_JWT"),
            }
        }
        Some("AWS_IAM") | None => {}
        Some(other) => e.at(
            o.get("authorizerType").map(|n| n.span).unwrap_or_default(),
            format!("`{other}` is not a valid authorizerType; expected AWS_IAM or CUSTOM_JWT"),
        ),
    }
    for key in [
        "networkMode",
        "networkConfig",
        "lifecycleConfig",
        "sessionStoragePath",
        "efsAccessPoints",
        "s3AccessPoints",
    ] {
        o.get(key);
    }
    environment(&root, &mut s, e);
    if let Some(n) = o.get("connections") {
        e.at(n.span, "`connections` of a harness are not synthesized by agentcore-synth yet (AC5009); remove them or configure them after deployment");
    }
    if let Some(t) = o.string_map("tags", &mut d) {
        s.tags = t.value;
    }
    o.get("$schema");
    o.finish(Strictness::Lenient, &mut d);
    for x in d {
        let span = x.span.unwrap_or_default();
        let msg = x.message.clone();
        if x.is_error() {
            e.at(span, msg);
        }
    }
    Some(s)
}

fn text_or(o: &mut Obj<'_>, key: &'static str, e: &mut SpecErrors<'_>) -> Option<String> {
    match o.get(key).and_then(Node::as_str) {
        Some(t) => Some(t.to_string()),
        None => {
            e.at(o.span(), format!("missing required field `{key}`"));
            None
        }
    }
}

fn model(o: &mut Obj<'_>, s: &mut Spec, e: &mut SpecErrors<'_>) {
    let Some(m) = o.get("model") else {
        e.at(o.span(), "missing required field `model`");
        return;
    };
    let get = |k: &str| m.get(k);
    let provider = text(get("provider")).unwrap_or_default();
    let key = match provider.as_str() {
        "bedrock" => "BedrockModelConfig",
        "open_ai" => "OpenAiModelConfig",
        "gemini" => "GeminiModelConfig",
        "lite_llm" => "LiteLlmModelConfig",
        _ => {
            e.at(
                get("provider").map(|n| n.span).unwrap_or(m.span),
                "`model.provider` must be one of: bedrock, open_ai, gemini, lite_llm",
            );
            return;
        }
    };
    s.provider = provider.clone();
    let mut c = Map::default();
    match text(get("modelId")) {
        Some(id) if !id.is_empty() => {
            c.insert("ModelId".into(), id.into());
        }
        _ => e.at(m.span, "Model ID is required"),
    }
    if let Some(a) = text(get("apiKeyArn")) {
        c.insert("ApiKeyArn".into(), a.clone().into());
        s.api_key_arn = Some(a);
    } else if matches!(provider.as_str(), "open_ai" | "gemini") {
        e.at(
            m.span,
            format!("apiKeyArn is required for the \"{provider}\" provider"),
        );
    }
    if let Some(f) = get("apiFormat") {
        let v = f.as_str().unwrap_or("");
        match provider.as_str() {
            "bedrock" if ["converse_stream", "responses", "chat_completions"].contains(&v) => {}
            "open_ai" if ["responses", "chat_completions"].contains(&v) => {}
            "open_ai" => e.at(f.span, format!("Invalid API format for open_ai: {v}. Use responses, chat_completions")),
            "bedrock" => e.at(f.span, format!("Invalid API format for bedrock: {v}. Use converse_stream, responses, chat_completions")),
            _ => e.at(f.span, "--api-format is only supported for bedrock and open_ai providers"),
        }
        c.insert("ApiFormat".into(), v.into());
    }
    for (k, cfn, lo, hi) in [
        ("temperature", "Temperature", 0.0, 2.0),
        ("topP", "TopP", 0.0, 1.0),
    ] {
        if let Some(n) = get(k) {
            match (num(n), n.kind.clone()) {
                (Some(v), Kind::Number(t))
                    if t.parse::<f64>().is_ok_and(|x| (lo..=hi).contains(&x)) =>
                {
                    c.insert(cfn.into(), v);
                }
                _ => e.at(n.span, format!("`{k}` must be a number from {lo} to {hi}")),
            }
        }
    }
    if let Some(n) = get("topK") {
        if provider != "gemini" {
            e.at(n.span, "topK is only supported for the \"gemini\" provider");
        }
        match int(Some(n)) {
            Some(v) if (0..=500).contains(&v) => {
                c.insert("TopK".into(), v.into());
            }
            _ => e.at(n.span, "`topK` must be a whole number from 0 to 500"),
        }
    }
    if let Some(n) = get("maxTokens") {
        match int(Some(n)) {
            Some(v) if v >= 1 => {
                c.insert("MaxTokens".into(), v.into());
            }
            _ => e.at(n.span, "`maxTokens` must be 1 or more"),
        }
    }
    if let Some(n) = get("apiBase") {
        if provider != "lite_llm" {
            e.at(
                n.span,
                "apiBase is only supported for the \"lite_llm\" provider",
            );
        }
        c.insert("ApiBase".into(), node_value(n));
    }
    if let Some(n) = get("additionalParams") {
        if provider != "lite_llm" {
            e.at(
                n.span,
                "additionalParams is only supported for the \"lite_llm\" provider",
            );
        }
        c.insert("AdditionalParams".into(), node_value(n));
    }
    s.model = Some(Value::Map(map! { key => Value::Map(c) }));
}

fn tool(t: &Node, s: &mut Spec, names: &mut Vec<String>, e: &mut SpecErrors<'_>) {
    let ty = text(t.get("type")).unwrap_or_default();
    let name = text(t.get("name")).unwrap_or_default();
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        e.at(t.span, "tool names are 1 to 64 letters, digits, _ and -");
    }
    if names.contains(&name) {
        e.at(t.span, format!("Duplicate tool name: {name}"));
    }
    names.push(name.clone());
    let (cfg_key, required) = match ty.as_str() {
        "remote_mcp" => ("remoteMcp", true),
        "agentcore_browser" => ("agentCoreBrowser", false),
        "agentcore_code_interpreter" => ("agentCoreCodeInterpreter", false),
        "agentcore_gateway" => ("agentCoreGateway", true),
        "inline_function" => ("inlineFunction", true),
        _ => {
            e.at(t.span, format!("`{ty}` is not a tool type; expected one of: remote_mcp, agentcore_browser, agentcore_gateway, inline_function, agentcore_code_interpreter"));
            return;
        }
    };
    let config = t.get("config");
    let inner = config.and_then(|c| c.get(cfg_key));
    if let (Some(c), None) = (config, inner) {
        let got = match &c.kind {
            Kind::Object(en) => en.first().map(|x| x.key.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        e.at(
            c.span,
            format!("Tool type \"{ty}\" requires \"{cfg_key}\" config, got \"{got}\""),
        );
        return;
    }
    if required && inner.is_none() {
        e.at(
            t.span,
            format!("Tool type \"{ty}\" requires a \"{cfg_key}\" config"),
        );
        return;
    }
    let mut out = map! { "Type" => ty.clone(), "Name" => name };
    if let Some(c) = inner {
        let body = match ty.as_str() {
            "remote_mcp" => {
                let mut m = map! { "Url" => text(c.get("url")).unwrap_or_default() };
                if let Some(h) = c.get("headers") {
                    m.insert("Headers".into(), node_value(h));
                }
                map! { "RemoteMcp" => Value::Map(m) }
            }
            "agentcore_browser" => {
                let arn = text(c.get("browserArn"));
                s.browsers.push(arn.clone());
                let mut m = Map::default();
                if let Some(a) = arn {
                    m.insert("BrowserArn".into(), a.into());
                }
                map! { "AgentCoreBrowser" => Value::Map(m) }
            }
            "agentcore_code_interpreter" => {
                let arn = text(c.get("codeInterpreterArn"));
                s.code_interpreters.push(arn.clone());
                let mut m = Map::default();
                if let Some(a) = arn {
                    m.insert("CodeInterpreterArn".into(), a.into());
                }
                map! { "AgentCoreCodeInterpreter" => Value::Map(m) }
            }
            "agentcore_gateway" => {
                if c.get("credentialProviderName").is_some() {
                    e.at(
                        c.span,
                        "credentialProviderName is no longer supported. Use outboundAuth instead.",
                    );
                }
                let arn = text(c.get("gatewayArn")).unwrap_or_default();
                let mut m = map! { "GatewayArn" => arn.clone() };
                let mut provider = None;
                if let Some(a) = c.get("outboundAuth") {
                    let auth = if a.get("awsIam").is_some() {
                        map! { "AwsIam" => Value::Map(Map::default()) }
                    } else if a.get("none").is_some() {
                        map! { "None" => Value::Map(Map::default()) }
                    } else if let Some(oa) = a.get("oauth") {
                        let p = text(oa.get("providerArn")).unwrap_or_default();
                        provider = Some(p.clone());
                        let mut o = map! {
                            "ProviderArn" => p,
                            "Scopes" => oa.get("scopes").map(node_value).unwrap_or(Value::List(Vec::new())),
                        };
                        if let Some(g) = text(oa.get("grantType")) {
                            let g = if g == "USER_FEDERATION" {
                                "AUTHORIZATION_CODE".to_string()
                            } else {
                                g
                            };
                            o.insert("GrantType".into(), g.into());
                        }
                        if let Some(cp) = oa.get("customParameters") {
                            o.insert("CustomParameters".into(), node_value(cp));
                        }
                        map! { "Oauth" => Value::Map(o) }
                    } else {
                        e.at(
                            a.span,
                            "outboundAuth must be one of {awsIam: {}}, {none: {}}, {oauth: {…}}",
                        );
                        Map::default()
                    };
                    m.insert("OutboundAuth".into(), Value::Map(auth));
                }
                s.gateways.push((arn, provider));
                map! { "AgentCoreGateway" => Value::Map(m) }
            }
            _ => {
                let mut m =
                    map! { "Description" => text(c.get("description")).unwrap_or_default() };
                m.insert(
                    "InputSchema".into(),
                    c.get("inputSchema")
                        .map(node_value)
                        .unwrap_or(Value::Map(Map::default())),
                );
                map! { "InlineFunction" => Value::Map(m) }
            }
        };
        out.insert("Config".into(), Value::Map(body));
    }
    s.tools.push(Value::Map(out));
}

fn skill(k: &Node, s: &mut Spec, e: &mut SpecErrors<'_>) {
    let v = match &k.kind {
        Kind::String(p) => map! { "Path" => p.clone() },
        Kind::Object(_) => {
            if let Some(u) = text(k.get("s3Uri")) {
                if !u.starts_with("s3://") {
                    e.at(k.span, "Must be an S3 URI starting with s3://");
                }
                let bucket = u
                    .trim_start_matches("s3://")
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                s.skill_buckets.push(bucket);
                map! { "S3" => Value::Map(map! { "Uri" => u }) }
            } else if let Some(u) = text(k.get("gitUrl")) {
                if !u.starts_with("https://") {
                    e.at(k.span, "Must be an HTTPS git URL");
                }
                if k.get("auth").is_some() {
                    e.at(k.span, "git skill `auth` is not synthesized by agentcore-synth yet (AC5009): it needs a deployed credential provider's ARN");
                }
                let mut g = map! { "Url" => u };
                if let Some(p) = text(k.get("path")) {
                    g.insert("Path".into(), p.into());
                }
                map! { "Git" => Value::Map(g) }
            } else if let Some(a) = k.get("awsSkills") {
                let mut m = Map::default();
                if let Some(p) = a.get("paths") {
                    m.insert("Paths".into(), node_value(p));
                }
                map! { "AwsSkills" => Value::Map(m) }
            } else if let Some(p) = text(k.get("path")) {
                map! { "Path" => p }
            } else {
                e.at(
                    k.span,
                    "a skill is a path, {s3Uri}, {gitUrl}, {path} or {awsSkills}",
                );
                return;
            }
        }
        _ => {
            e.at(
                k.span,
                "a skill is a path, {s3Uri}, {gitUrl}, {path} or {awsSkills}",
            );
            return;
        }
    };
    s.skills.push(Value::Map(v));
}

fn memory(m: Option<&Node>, s: &mut Spec, e: &mut SpecErrors<'_>) {
    let Some(m) = m else {
        s.memory = Memory::Disabled;
        return;
    };
    match text(m.get("mode")).as_deref() {
        Some("disabled") => s.memory = Memory::Disabled,
        Some("managed") => {
            let mut c = Map::default();
            if let Some(st) = m.get("strategies") {
                let n = st.as_array().map(<[Node]>::len).unwrap_or(0);
                if !(1..=4).contains(&n) {
                    e.at(st.span, "managed memory takes 1 to 4 strategies");
                }
                c.insert("Strategies".into(), node_value(st));
            }
            if let Some(x) = m.get("eventExpiryDuration") {
                match int(Some(x)) {
                    Some(v) if (3..=365).contains(&v) => {
                        c.insert("EventExpiryDuration".into(), v.into());
                    }
                    _ => e.at(x.span, "`eventExpiryDuration` must be 3 to 365 days"),
                }
            }
            if let Some(k) = text(m.get("encryptionKeyArn")) {
                c.insert("EncryptionKeyArn".into(), k.into());
            }
            s.memory = Memory::Managed(c);
        }
        Some("existing") | None => {
            let name = text(m.get("name"));
            let arn = text(m.get("arn"));
            if name.is_none() && arn.is_none() {
                e.at(m.span, "existing memory requires `arn` or `name`");
            }
            let mut rest = Map::default();
            if let Some(a) = text(m.get("actorId")) {
                rest.insert("ActorId".into(), a.into());
            }
            if let Some(x) = m.get("messagesCount") {
                match int(Some(x)) {
                    Some(v) if v >= 1 => {
                        rest.insert("MessagesCount".into(), v.into());
                    }
                    _ => e.at(x.span, "`messagesCount` must be 1 or more"),
                }
            }
            if let Some(r) = m.get("retrievalConfig") {
                e.at(r.span, "memory `retrievalConfig` of a harness is not synthesized by agentcore-synth yet (AC5009)");
            }
            s.memory = Memory::Existing { name, arn, rest };
        }
        Some(other) => e.at(
            m.span,
            format!("`{other}` is not a memory mode; expected managed, existing or disabled"),
        ),
    }
}

fn truncation(t: &Node, e: &mut SpecErrors<'_>) -> Option<Value> {
    let strategy = text(t.get("strategy")).unwrap_or_default();
    if !["sliding_window", "summarization", "none"].contains(&strategy.as_str()) {
        e.at(
            t.span,
            "truncation `strategy` must be sliding_window, summarization or none",
        );
        return None;
    }
    let mut out = map! { "Strategy" => strategy.clone() };
    if let Some(c) = t.get("config") {
        let want = match strategy.as_str() {
            "sliding_window" => "slidingWindow",
            "summarization" => "summarization",
            _ => {
                e.at(
                    c.span,
                    format!("Truncation strategy \"{strategy}\" does not take a config"),
                );
                return None;
            }
        };
        let Some(inner) = c.get(want) else {
            e.at(
                c.span,
                format!("Truncation strategy \"{strategy}\" requires a \"{want}\" config"),
            );
            return None;
        };
        let mut m = Map::default();
        for (k, cfn) in [
            ("messagesCount", "MessagesCount"),
            ("summaryRatio", "SummaryRatio"),
            ("preserveRecentMessages", "PreserveRecentMessages"),
            ("summarizationSystemPrompt", "SummarizationSystemPrompt"),
        ] {
            if let Some(v) = inner.get(k) {
                m.insert(cfn.into(), node_value(v));
            }
        }
        let key = if want == "slidingWindow" {
            "SlidingWindow"
        } else {
            "Summarization"
        };
        out.insert("Config".into(), Value::Map(map! { key => Value::Map(m) }));
    }
    Some(Value::Map(out))
}

/// The problems of spec files become diagnostics on the registry entry.
pub fn report(h: &Harness, problems: Vec<String>, d: &mut Vec<Diagnostic>) {
    for p in problems {
        d.push(
            Diagnostic::new(
                Code::LocalFile,
                format!("{}.path", h.path),
                format!("harness \"{}\": {p}", h.name.value),
            )
            .at(h.dir.span),
        );
    }
}

/// `networkMode`/`networkConfig`, `lifecycleConfig`, `sessionStoragePath`,
/// `efsAccessPoints`, `s3AccessPoints` → `Environment.AgentCoreRuntimeEnvironment`
/// (the runtime rules and messages).
fn environment(root: &Node, s: &mut Spec, e: &mut SpecErrors<'_>) {
    let mut env = Map::default();
    let mode = text(root.get("networkMode"));
    let vpc = mode.as_deref() == Some("VPC");
    if let Some(m) = &mode {
        if m != "PUBLIC" && m != "VPC" {
            e.at(
                root.get("networkMode").map(|n| n.span).unwrap_or_default(),
                "`networkMode` must be PUBLIC or VPC",
            );
        }
    }
    match (vpc, root.get("networkConfig")) {
        (true, None) => e.at(
            root.span,
            "networkConfig is required when networkMode is VPC",
        ),
        (false, Some(n)) => e.at(
            n.span,
            "networkConfig is only allowed when networkMode is VPC",
        ),
        (true, Some(n)) => {
            let mut ids = |k: &str, re: &str, msg: &str| -> Value {
                let list: Vec<String> = n
                    .get(k)
                    .and_then(Node::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Node::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let p = crate::validate::Pattern::new(re);
                if list.is_empty() || list.len() > 16 || !list.iter().all(|x| p.is_match(x)) {
                    e.at(n.span, msg);
                }
                Value::strs(list)
            };
            let subnets = ids(
                "subnets",
                r"^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$",
                "`networkConfig.subnets`: 1 to 16 subnet ids (subnet-...)",
            );
            let groups = ids(
                "securityGroups",
                r"^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$",
                "`networkConfig.securityGroups`: 1 to 16 security group ids (sg-...)",
            );
            env.insert(
                "NetworkConfiguration".into(),
                Value::Map(map! {
                    "NetworkMode" => "VPC",
                    "NetworkModeConfig" => Value::Map(map! { "Subnets" => subnets, "SecurityGroups" => groups }),
                }),
            );
        }
        (false, None) => {
            if mode.is_some() {
                env.insert(
                    "NetworkConfiguration".into(),
                    Value::Map(map! { "NetworkMode" => "PUBLIC" }),
                );
            }
        }
    }
    if let Some(l) = root.get("lifecycleConfig") {
        let mut m = Map::default();
        let idle = int(l.get("idleRuntimeSessionTimeout"));
        let max = int(l.get("maxLifetime"));
        for (k, v, cfn) in [
            (
                "idleRuntimeSessionTimeout",
                idle,
                "IdleRuntimeSessionTimeout",
            ),
            ("maxLifetime", max, "MaxLifetime"),
        ] {
            if let Some(v) = v {
                if !(60..=28800).contains(&v) {
                    e.at(
                        l.span,
                        format!("`{k}` must be between 60 and 28800 seconds"),
                    );
                }
                m.insert(cfn.into(), v.into());
            }
        }
        if let (Some(i), Some(x)) = (idle, max) {
            if i > x {
                e.at(l.span, "idleRuntimeSessionTimeout must be <= maxLifetime");
            }
        }
        env.insert("LifecycleConfiguration".into(), Value::Map(m));
    }
    let mut mounts: Vec<Value> = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    let mount_re = crate::validate::Pattern::new(r"^/mnt/[a-zA-Z0-9._-]+/?$");
    let mut mount = |p: &str, span: Span, e: &mut SpecErrors<'_>| {
        let trimmed = p.trim_end_matches('/').to_string();
        if !(6..=200).contains(&p.len()) || !mount_re.is_match(p) {
            e.at(
                span,
                "Must be a path under /mnt with exactly one subdirectory (e.g. /mnt/data)",
            );
        }
        if paths.contains(&trimmed) {
            e.at(span, "Filesystem mount paths must be unique");
        }
        paths.push(trimmed.clone());
        trimmed
    };
    if let Some(n) = root.get("sessionStoragePath") {
        let p = mount(n.as_str().unwrap_or(""), n.span, e);
        mounts.push(Value::Map(
            map! { "SessionStorage" => Value::Map(map! { "MountPath" => p }) },
        ));
    }
    for (key, cfn) in [
        ("efsAccessPoints", "EfsAccessPoint"),
        ("s3AccessPoints", "S3FilesAccessPoint"),
    ] {
        let Some(node) = root.get(key) else { continue };
        let list = node.as_array().unwrap_or(&[]);
        if list.len() > 2 {
            e.at(node.span, format!("Maximum 2 {key} allowed"));
        }
        if !list.is_empty() && !vpc {
            e.at(
                node.span,
                "efsAccessPoints and s3AccessPoints require networkMode: VPC",
            );
        }
        for a in list {
            let arn = text(a.get("accessPointArn")).unwrap_or_default();
            let p = mount(
                a.get("mountPath").and_then(Node::as_str).unwrap_or(""),
                a.span,
                e,
            );
            if key == "efsAccessPoints" {
                s.efs.push(arn.clone());
            } else {
                s.s3_files.push(arn.clone());
            }
            mounts.push(Value::Map(map! {
                cfn => Value::Map(map! { "AccessPointArn" => arn, "MountPath" => p }),
            }));
        }
    }
    if !mounts.is_empty() {
        env.insert("FilesystemConfigurations".into(), Value::List(mounts));
    }
    if !env.is_empty() {
        s.environment = Some(env);
    }
}
