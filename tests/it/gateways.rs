//! Gateway behaviour end to end: grant types flow from the file, one edit
//! changes exactly one value, and the largest project fits one stack.

use crate::common;
use crate::common::{differences, synth_json};

use agentcore_synth::generate::{project_json, Shape};
use agentcore_synth::template::Format;
use serde_json::Value;

#[test]
fn every_oauth_target_gets_the_grant_type_the_file_says() {
    let dir = common::root().join("examples/obo-gateway");
    let project: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("agentcore/agentcore.json")).unwrap(),
    )
    .unwrap();
    let template = synth_json(&dir);
    let mut checked = 0;
    for t in project["agentCoreGateways"][0]["targets"]
        .as_array()
        .unwrap()
    {
        if t["outboundAuth"]["type"] != "OAUTH" {
            continue;
        }
        let want = t["outboundAuth"]["grantType"]
            .as_str()
            .unwrap_or("CLIENT_CREDENTIALS");
        let res = template["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Properties"]["Name"] == t["name"])
            .unwrap();
        let got = &res["Properties"]["CredentialProviderConfigurations"][0]["CredentialProvider"]
            ["OauthCredentialProvider"]["GrantType"];
        assert_eq!(got, want, "target {}", t["name"]);
        checked += 1;
    }
    assert_eq!(checked, 2);
    assert!(template
        .to_string()
        .contains("\"GrantType\":\"TOKEN_EXCHANGE\""));
}

#[test]
fn changing_one_grant_type_changes_exactly_that_value() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-gateway"), tmp.path());
    let before = synth_json(tmp.path());
    let file = tmp.path().join("agentcore/agentcore.json");
    let mut project: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // graph-mcp: TOKEN_EXCHANGE -> CLIENT_CREDENTIALS (a warning, still valid)
    project["agentCoreGateways"][0]["targets"][1]["outboundAuth"]["grantType"] =
        "CLIENT_CREDENTIALS".into();
    std::fs::write(&file, serde_json::to_string_pretty(&project).unwrap()).unwrap();
    let after = synth_json(tmp.path());
    let mut diff = Vec::new();
    differences(&before, &after, String::new(), &mut diff);
    assert_eq!(
        diff,
        vec![".Resources.SupportGraphMcpTarget.Properties.CredentialProviderConfigurations[0].CredentialProvider.OauthCredentialProvider.GrantType"]
    );
}

#[test]
fn the_largest_project_fits_one_stack() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("agentcore.json"),
        project_json(Shape::LARGE),
    )
    .unwrap();
    let outcome = agentcore_synth::compile(tmp.path()).unwrap();
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let t = outcome.template.unwrap();
    let targets = t
        .resources
        .values()
        .filter(|r| r.kind == "AWS::BedrockAgentCore::GatewayTarget")
        .count();
    assert_eq!(targets, 380);
    let count = |ty: &str| t.resources.values().filter(|r| r.kind == ty).count();
    assert_eq!(count("AWS::BedrockAgentCore::Runtime"), 5);
    assert_eq!(count("AWS::BedrockAgentCore::Memory"), 5);
    assert!(t.resources.len() <= 500, "{} resources", t.resources.len());
    assert!(t.outputs.len() <= 200, "{} outputs", t.outputs.len());
    assert!(t.parameters.len() <= 200);
    let mut d = Vec::new();
    let text = agentcore_synth::emit_checked(&t, Format::Json, &mut d);
    assert!(text.len() < 1_000_000, "{} bytes", text.len());
    assert!(d.iter().all(|x| !x.is_error()));
}

#[test]
fn a_project_beyond_one_stack_is_an_error_not_a_broken_template() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("agentcore.json"), project_json(Shape::HUGE)).unwrap();
    let outcome = agentcore_synth::compile(tmp.path()).unwrap();
    assert!(outcome.template.is_none());
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "AC4001" && d.message.contains("resources")));
}

#[test]
fn the_token_exchange_example_has_both_grants_and_no_secret() {
    let dir = common::root().join("examples/token-exchange");
    let t = synth_json(&dir);
    let text = t.to_string();
    let grants: Vec<&str> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|r| {
            r["Properties"]["Oauth2ProviderConfigInput"]["CustomOauth2ProviderConfig"]
                ["OnBehalfOfTokenExchangeConfig"]["GrantType"]
                .as_str()
        })
        .collect();
    assert!(
        grants.contains(&"TOKEN_EXCHANGE") && grants.contains(&"JWT_AUTHORIZATION_GRANT"),
        "{grants:?}"
    );
    // Secrets come from Secrets Manager references or NoEcho parameters only.
    for r in t["Resources"].as_object().unwrap().values() {
        let cfg = &r["Properties"]["Oauth2ProviderConfigInput"];
        for v in cfg.as_object().into_iter().flat_map(|m| m.values()) {
            if let Some(s) = v.get("ClientSecret") {
                assert!(s.get("Ref").is_some(), "literal client secret: {s}");
            }
        }
        if let Some(k) = r["Properties"].get("ApiKey") {
            assert!(k.get("Ref").is_some(), "literal API key: {k}");
        }
    }
    assert!(
        !text.contains("clientSecret\":\"") && text.contains("\"ClientSecretSource\":\"EXTERNAL\"")
    );
}
