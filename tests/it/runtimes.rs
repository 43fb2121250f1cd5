//! Runtimes and memories end to end: one edit of a runtime field changes
//! exactly the template value it maps to; the runtime's role is scoped (no
//! identity action on `*`, trust with both source conditions); every real
//! project synthesizes one Runtime per runtime and one Memory per memory.

use crate::common;
use crate::common::{differences, synth_json};

use serde_json::Value;

/// Edit the example's first runtime with `f` and return the changed paths.
fn edit_runtime(f: impl Fn(&mut Value)) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    let before = synth_json(tmp.path());
    let file = tmp.path().join("agentcore/agentcore.json");
    let mut project: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    f(&mut project["runtimes"][0]);
    std::fs::write(&file, serde_json::to_string_pretty(&project).unwrap()).unwrap();
    let after = synth_json(tmp.path());
    let mut diff = Vec::new();
    differences(&before, &after, String::new(), &mut diff);
    diff
}

/// A change to a runtime object.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn changing_one_runtime_field_changes_exactly_its_template_value() {
    let p = ".Resources.SupportAgentRuntime.Properties";
    let cases: Vec<(&str, Edit, Vec<String>)> = vec![
        (
            "description",
            Box::new(|r| r["description"] = "new".into()),
            vec![format!("{p}.Description")],
        ),
        (
            "runtimeVersion",
            Box::new(|r| r["runtimeVersion"] = "PYTHON_3_14".into()),
            vec![format!(
                "{p}.AgentRuntimeArtifact.CodeConfiguration.Runtime"
            )],
        ),
        (
            "entrypoint",
            Box::new(|r| r["entrypoint"] = "agent.py".into()),
            vec![format!(
                "{p}.AgentRuntimeArtifact.CodeConfiguration.EntryPoint[0]"
            )],
        ),
        (
            "envVars value",
            Box::new(|r| r["envVars"][0]["value"] = "DEBUG".into()),
            vec![format!("{p}.EnvironmentVariables.LOG_LEVEL")],
        ),
        (
            "maxLifetime",
            Box::new(|r| r["lifecycleConfiguration"]["maxLifetime"] = 7200.into()),
            vec![format!("{p}.LifecycleConfiguration.MaxLifetime")],
        ),
        (
            "protocol",
            Box::new(|r| r["protocol"] = "A2A".into()),
            vec![format!("{p}.ProtocolConfiguration")],
        ),
        (
            "allowedAudience",
            Box::new(|r| {
                r["authorizerConfiguration"]["customJwtAuthorizer"]["allowedAudience"][0] =
                    "api://other".into()
            }),
            vec![format!(
                "{p}.AuthorizerConfiguration.CustomJWTAuthorizer.AllowedAudience[0]"
            )],
        ),
        (
            "request header",
            Box::new(|r| r["requestHeaderAllowlist"][0] = "X-Tenant".into()),
            vec![format!(
                "{p}.RequestHeaderConfiguration.RequestHeaderAllowlist[0]"
            )],
        ),
        (
            "endpoint version",
            Box::new(|r| r["endpoints"]["prod"]["version"] = 2.into()),
            vec![".Resources.SupportAgentProdEndpoint.Properties.AgentRuntimeVersion".to_string()],
        ),
    ];
    for (what, f, want) in cases {
        assert_eq!(edit_runtime(f), want, "changing {what}");
    }
}

fn statements(t: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (id, r) in t["Resources"].as_object().unwrap() {
        if r["Type"] == "AWS::IAM::Policy" {
            for s in r["Properties"]["PolicyDocument"]["Statement"]
                .as_array()
                .unwrap()
            {
                out.push((id.clone(), s.clone()));
            }
        }
    }
    out
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// The projects with runtimes: the examples and every real project.
fn runtime_projects() -> Vec<std::path::PathBuf> {
    let mut out = vec![
        common::root().join("examples/obo-agent"),
        common::root().join("tests/fixtures/runtime-all-fields"),
        common::root().join("tests/fixtures/runtime-container"),
        common::root().join("tests/fixtures/gw-target-compute"),
        common::root().join("tests/fixtures/policy-engine-all-fields"),
        common::root().join("tests/fixtures/evaluation-all-fields"),
        common::root().join("tests/fixtures/harness-all-fields"),
        common::root().join("tests/fixtures/knowledge-base"),
    ];
    for e in std::fs::read_dir(common::root().join("tests/fixtures")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("real-")
        {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn no_identity_action_on_a_wildcard_and_every_trust_has_both_conditions() {
    for dir in runtime_projects() {
        let t = synth_json(&dir);
        // Additional policies are the user's, appended as written.
        for (id, s) in statements(&t)
            .into_iter()
            .filter(|(id, _)| !id.contains("AdditionalPolicy"))
        {
            let actions: Vec<String> = as_list(&s["Action"])
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect();
            let sensitive = actions
                .iter()
                .any(|a| a.starts_with("bedrock-agentcore:") || a.starts_with("secretsmanager:"));
            for r in as_list(&s["Resource"]) {
                let text = r.to_string();
                assert!(
                    !(sensitive && (r == "*" || text.contains("/*\"") && !text.contains("-*"))),
                    "{}: {id} grants {actions:?} on {text}",
                    dir.display()
                );
            }
        }
        for (id, r) in t["Resources"].as_object().unwrap() {
            if r["Type"] != "AWS::IAM::Role" {
                continue;
            }
            let statement = &r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
            // Lambda execution roles take the documented form without
            // source conditions (docs/gateways.md); every AgentCore role has both.
            if statement["Principal"]["Service"] == "lambda.amazonaws.com" {
                continue;
            }
            let trust = &statement["Condition"];
            assert!(
                trust["StringEquals"]["aws:SourceAccount"].is_object()
                    && trust["ArnLike"]["aws:SourceArn"].is_object(),
                "{}: {id} trust lacks a source condition",
                dir.display()
            );
        }
    }
}

#[test]
fn every_real_project_has_one_resource_per_runtime_memory_engine_policy_evaluator_and_harness() {
    let mut checked = 0;
    for dir in runtime_projects() {
        let file: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("agentcore/agentcore.json")).unwrap(),
        )
        .unwrap();
        let t = synth_json(&dir);
        let count = |ty: &str| {
            t["Resources"]
                .as_object()
                .unwrap()
                .values()
                .filter(|r| r["Type"] == ty)
                .count()
        };
        let len = |k: &str| file[k].as_array().map(Vec::len).unwrap_or(0);
        // Targets whose code runs on a runtime of their own add one each.
        let hosted = file["agentCoreGateways"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|g| g["targets"].as_array().into_iter().flatten())
            .filter(|t| t["compute"]["host"] == "AgentCoreRuntime")
            .count();
        assert_eq!(
            count("AWS::BedrockAgentCore::Runtime"),
            len("runtimes") + hosted,
            "{}",
            dir.display()
        );
        assert_eq!(
            count("AWS::BedrockAgentCore::Memory"),
            len("memories"),
            "{}",
            dir.display()
        );
        // The other sections: one resource per entry.
        let engines = file["policyEngines"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let policies: usize = engines
            .iter()
            .map(|e| e["policies"].as_array().map(Vec::len).unwrap_or(0))
            .sum();
        for (ty, want) in [
            ("AWS::BedrockAgentCore::PolicyEngine", engines.len()),
            ("AWS::BedrockAgentCore::Policy", policies),
            ("AWS::BedrockAgentCore::Evaluator", len("evaluators")),
            (
                "AWS::BedrockAgentCore::OnlineEvaluationConfig",
                len("onlineEvalConfigs"),
            ),
            ("AWS::BedrockAgentCore::Harness", len("harnesses")),
            ("AWS::Bedrock::KnowledgeBase", len("knowledgeBases")),
        ] {
            assert_eq!(count(ty), want, "{}: {ty}", dir.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn a_runtime_gets_tokens_only_from_the_credentials_it_lists() {
    let t = synth_json(&common::root().join("examples/obo-agent"));
    let text = |id: &str| t["Resources"][id]["Properties"]["PolicyDocument"].to_string();
    let support = text("SupportAgentRuntimePolicy");
    assert!(support.contains("OrdersOboOAuth2CredentialProvider"));
    assert!(support.contains("MailOboOAuth2CredentialProvider"));
    assert!(support.contains("GetWorkloadAccessTokenForJWT"));
    assert!(!support.contains("WeatherApi"), "not listed in credentials");
    let summarizer = text("SummarizerRuntimePolicy");
    assert!(!summarizer.contains("GetResourceOauth2Token"));
    assert!(!summarizer.contains("GetWorkloadAccessToken"));
    let env = &t["Resources"]["SummarizerRuntime"]["Properties"]["EnvironmentVariables"];
    assert!(env.get("CREDENTIAL_ORDERS_OBO_NAME").is_none());
    assert!(env.get("MEMORY_CONVERSATIONS_ID").is_some());
}

#[test]
fn a_project_with_nothing_to_deploy_is_an_error_for_synth_and_validate() {
    let dir = common::root().join("tests/fixtures/err-nothing-to-deploy");
    for cmd in ["synth", "validate"] {
        let out = common::run_in(
            &common::root(),
            &[cmd, dir.to_str().unwrap()],
            &[],
            std::time::Duration::from_secs(60),
        );
        assert_eq!(out.code, Some(1), "{cmd}: {}", out.stderr);
        assert!(out.stderr.contains("AC5004"), "{cmd}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{cmd}: {}", out.stdout);
    }
}

#[test]
fn removing_a_credential_a_runtime_lists_is_refused_and_names_the_runtime() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    let file = tmp.path().join("agentcore/agentcore.json");
    let before = std::fs::read(&file).unwrap();
    let out = common::run_in(
        tmp.path(),
        &["remove", "credential", "--name", "mail-obo", "."],
        &[],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("runtime \"SupportAgent\" (in its `credentials`)"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn the_graph_shows_which_providers_each_runtime_may_use() {
    let out = common::run_in(
        &common::root(),
        &["graph", "examples/obo-agent"],
        &[],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let g = &out.stdout;
    assert!(g.contains("r0[/\"runtime SupportAgent (HTTP)\"/]"), "{g}");
    assert!(
        g.contains("r0 -->|\"OAUTH on behalf of the user\"| c0"),
        "{g}"
    );
    assert!(
        g.contains("r0 -->|\"OAUTH on behalf of the user\"| c1"),
        "{g}"
    );
    assert!(
        !g.contains("r0 -->|\"API_KEY\"| c2"),
        "not in its credentials: {g}"
    );
    assert!(
        !g.lines()
            .any(|l| l.starts_with("  r1 -->") && l.contains("| c")),
        "{g}"
    );
    assert!(g.contains("r1 -->|\"calls: SigV4\"| g0"), "{g}");
}

#[test]
fn diff_shows_a_runtime_gaining_a_provider_in_the_identity_flow() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    let file = tmp.path().join("agentcore/agentcore.json");
    let mut project: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    project["runtimes"][0]["credentials"]
        .as_array_mut()
        .unwrap()
        .push("weather-api".into());
    std::fs::write(&file, serde_json::to_string_pretty(&project).unwrap()).unwrap();
    let example = common::root().join("examples/obo-agent");
    let out = common::run_in(
        &common::root(),
        &[
            "diff",
            example.to_str().unwrap(),
            tmp.path().to_str().unwrap(),
            "--format",
            "markdown",
        ],
        &[],
        std::time::Duration::from_secs(60),
    );
    assert!(out.code.is_some(), "{}", out.stderr);
    let md = &out.stdout;
    assert!(md.contains("n0[\"SupportAgentRuntime\"]"), "{md}");
    assert!(
        md.contains("n1[\"WeatherApiApiKeyCredentialProvider\"]"),
        "{md}"
    );
    assert!(md.contains("n0 ==>|\"+ API_KEY\"| n1"), "{md}");
}

#[test]
fn a_v2_file_with_obo_in_provider_config_synthesizes_like_its_v1_twin() {
    let v1 = synth_json(&common::root().join("tests/fixtures/v1-obo-twin"));
    let v2 = synth_json(&common::root().join("tests/fixtures/v2-obo"));
    let obo = |t: &Value| {
        t["Resources"]["OrdersOboOAuth2CredentialProvider"]["Properties"]
            ["Oauth2ProviderConfigInput"]["CustomOauth2ProviderConfig"]
            ["OnBehalfOfTokenExchangeConfig"]
            .clone()
    };
    assert_eq!(obo(&v1)["GrantType"], "TOKEN_EXCHANGE");
    assert_eq!(obo(&v1), obo(&v2));
    assert_eq!(v1["Resources"], v2["Resources"]);
    // The same cross-check: without its on-behalf-of block the v2 target's
    // TOKEN_EXCHANGE grant is refused, as in v1.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("tests/fixtures/v2-obo"), tmp.path());
    let file = tmp.path().join("agentcore/agentcore.json");
    let mut p: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    p["credentials"][0]["providerConfig"]["customOauth2ProviderConfig"]
        .as_object_mut()
        .unwrap()
        .remove("onBehalfOfTokenExchangeConfig");
    std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
    let out = agentcore_synth::compile(tmp.path()).unwrap();
    assert!(
        out.diagnostics.iter().any(|d| d.code.as_str() == "AC3008"),
        "{:#?}",
        out.diagnostics
    );
}
