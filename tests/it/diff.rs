//! Semantic diff: each change kind and impact, each renderer, transitive
//! replacement, reordering (no change), a credential rename, a GrantType
//! change, and `synth --check`.

use crate::common;

use agentcore_synth::diff::{self, read, report};
use std::path::Path;

const BASE: &str = r#"
Parameters:
  Secret: {Type: String, NoEcho: true}
Resources:
  Provider:
    Type: AWS::BedrockAgentCore::OAuth2CredentialProvider
    Properties:
      Name: github
      CredentialProviderVendor: GithubOauth2
      Oauth2ProviderConfigInput:
        GithubOauth2ProviderConfig: {ClientId: abc, ClientSecret: !Ref Secret}
      Tags: [{Key: a, Value: '1'}, {Key: b, Value: '2'}]
  Gw:
    Type: AWS::BedrockAgentCore::Gateway
    Properties: {Name: gw, AuthorizerType: CUSTOM_JWT, RoleArn: !GetAtt Role.Arn}
  Target:
    Type: AWS::BedrockAgentCore::GatewayTarget
    DependsOn: [Policy, Gw]
    Properties:
      GatewayIdentifier: !Ref Gw
      Name: t
      TargetConfiguration: {Mcp: {McpServer: {Endpoint: 'https://x.example.com'}}}
      CredentialProviderConfigurations:
        - CredentialProviderType: OAUTH
          CredentialProvider:
            OauthCredentialProvider: {ProviderArn: !GetAtt Provider.CredentialProviderArn, Scopes: [a, b], GrantType: TOKEN_EXCHANGE}
  Target2:
    Type: AWS::BedrockAgentCore::GatewayTarget
    Properties:
      GatewayIdentifier: !GetAtt Target.GatewayArn
      TargetConfiguration: {Mcp: {McpServer: {Endpoint: 'https://y.example.com'}}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: bedrock-agentcore.amazonaws.com}, Action: 'sts:AssumeRole'}]
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Sid: A, Effect: Allow, Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'}
          - {Sid: B, Effect: Allow, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/k']}
  Kept:
    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider
    DeletionPolicy: Retain
    Properties: {Name: kept, ApiKey: !Ref Secret}
  Gone:
    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider
    Properties: {Name: gone, ApiKey: !Ref Secret}
Outputs:
  Url: {Value: !GetAtt Gw.GatewayUrl}
"#;

fn compare(old: &str, new: &str) -> diff::Report {
    diff::compare(&read::parse(old).unwrap(), &read::parse(new).unwrap())
}

/// The impact reported for a resource, if it changed.
fn impact_of<'a>(r: &'a diff::Report, id: &str) -> Option<&'a str> {
    r.resources
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.impact.as_str())
}

fn all_formats(r: &diff::Report) -> String {
    let mut text = Vec::new();
    report::text::write(&mut text, r, false).unwrap();
    let mut md = Vec::new();
    report::markdown::write(&mut md, r).unwrap();
    let mut json = Vec::new();
    report::json::write(&mut json, r).unwrap();
    format!(
        "--- text ---\n{}\n--- markdown ---\n{}\n--- json ---\n{}",
        String::from_utf8(text).unwrap(),
        String::from_utf8(md).unwrap(),
        String::from_utf8(json).unwrap()
    )
}

fn snap(name: &str, r: &diff::Report) {
    common::snapshot(name, &all_formats(r));
}

#[test]
fn identical_and_reordered_templates_have_no_changes() {
    assert!(compare(BASE, BASE).is_empty());
    let reordered = BASE
        .replace(
            "[{Key: a, Value: '1'}, {Key: b, Value: '2'}]",
            "[{Key: b, Value: 2}, {Key: a, Value: 1}]",
        )
        .replace("Scopes: [a, b]", "Scopes: [b, a]")
        .replace("DependsOn: [Policy, Gw]", "DependsOn: [Gw, Policy]");
    // Statements swapped: keyed by Sid.
    let swapped = reordered.replace(
        "          - {Sid: A, Effect: Allow, Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'}\n          - {Sid: B, Effect: Allow, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/k']}",
        "          - {Sid: B, Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k'}\n          - {Sid: A, Effect: Allow, Action: ['lambda:InvokeFunction'], Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'}",
    );
    assert_ne!(swapped, BASE);
    let r = compare(BASE, &swapped);
    assert!(r.is_empty(), "{r:#?}");
    snap("diff_reordering_is_no_change", &r);
}

#[test]
fn json_and_yaml_sides_compare_equal() {
    let t = agentcore_synth::compile(&common::root().join("examples/obo-gateway"))
        .unwrap()
        .template
        .unwrap();
    let json = agentcore_synth::template::emit(&t, agentcore_synth::template::Format::Json);
    let yaml = agentcore_synth::template::emit(&t, agentcore_synth::template::Format::Yaml);
    assert!(compare(&json, &yaml).is_empty());
}

#[test]
fn every_change_kind_and_impact() {
    let new = BASE
        .replace("Name: github", "Name: github-app") // create-only -> replace
        .replace("Name: gw, AuthorizerType: CUSTOM_JWT", "Name: gw, AuthorizerType: AWS_IAM") // security + update
        .replace("GrantType: TOKEN_EXCHANGE", "GrantType: CLIENT_CREDENTIALS") // security
        .replace("Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'", "Resource: '*'") // IAM
        .replace("ClientSecret: !Ref Secret}", "ClientSecret: !Ref Secret2}")
        .replace("  Kept:\n    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider\n    DeletionPolicy: Retain\n    Properties: {Name: kept, ApiKey: !Ref Secret}\n", "")
        .replace("  Gone:\n    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider\n    Properties: {Name: gone, ApiKey: !Ref Secret}\n", "  Gone:\n    Type: AWS::BedrockAgentCore::WorkloadIdentity\n    Properties: {Name: gone}\n  Added:\n    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider\n    Properties: {Name: added, ApiKey: !Ref Secret}\n")
        .replace("  Secret: {Type: String, NoEcho: true}", "  Secret: {Type: String, NoEcho: true}\n  Secret2: {Type: String, NoEcho: true}")
        .replace("Value: !GetAtt Gw.GatewayUrl", "Value: !GetAtt Gw.GatewayArn");
    let r = compare(BASE, &new);
    let impact = |id: &str| impact_of(&r, id);
    assert_eq!(impact("Provider"), Some("replace"));
    assert_eq!(impact("Gw"), Some("update"));
    assert_eq!(impact("Kept"), Some("orphan"));
    assert_eq!(impact("Gone"), Some("replace")); // type changed
    assert_eq!(impact("Added"), Some("create"));
    assert!(r
        .security
        .iter()
        .any(|s| s.resource == "Target" && s.what == "target OAuth grant type"));
    assert!(r
        .security
        .iter()
        .any(|s| s.resource == "Gw" && s.what == "gateway authorizer type"));
    assert!(r
        .security
        .iter()
        .any(|s| s.resource == "Policy" && s.added.contains(&"*".to_string())));
    let secret = r
        .resources
        .iter()
        .flat_map(|d| &d.changes)
        .find(|c| c.path.ends_with("ClientSecret"))
        .unwrap();
    assert!(secret.secret);
    snap("diff_every_change_kind", &r);
}

#[test]
fn replacement_propagates_through_create_only_references() {
    // The gateway changes type: replaced. Target refers to it in the
    // create-only GatewayIdentifier: may be replaced, and so Target2, which
    // refers to Target there.
    let new = BASE.replace(
        "  Gw:\n    Type: AWS::BedrockAgentCore::Gateway",
        "  Gw:\n    Type: AWS::BedrockAgentCore::WorkloadIdentity",
    );
    let r = compare(BASE, &new);
    let impact = |id: &str| impact_of(&r, id);
    assert_eq!(impact("Gw"), Some("replace"));
    assert_eq!(impact("Target"), Some("may replace"));
    assert_eq!(impact("Target2"), Some("may replace"));
    assert_eq!(impact("Policy"), None);
    snap("diff_transitive_replacement", &r);
}

#[test]
fn long_strings_get_a_unified_diff() {
    let body = |x: &str| {
        format!("line one\\nline two\\nline {x}\\nline four\\nline five is long enough to make this string longer than eighty characters")
    };
    let t = |x: &str| {
        format!(
        "Resources:\n  T:\n    Type: AWS::BedrockAgentCore::GatewayTarget\n    Properties:\n      TargetConfiguration: {{Mcp: {{OpenApiSchema: {{InlinePayload: \"{}\"}}}}}}\n",
        body(x)
    )
    };
    let r = compare(&t("three"), &t("3"));
    let mut out = Vec::new();
    report::text::write(&mut out, &r, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("-line three") && text.contains("+line 3") && text.contains("@@"),
        "{text}"
    );
}

fn bin(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let o = common::run_in(cwd, args, &[], std::time::Duration::from_secs(60));
    (o.code.unwrap(), o.stdout, o.stderr)
}

fn edit(dir: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let p = dir.join("agentcore/agentcore.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// `old/` and `new/`: two copies of examples/obo-gateway.
fn two_copies_of_the_example() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        common::copy_dir(
            &common::root().join("examples/obo-gateway"),
            &tmp.path().join(side),
        );
    }
    tmp
}

#[test]
fn a_credential_rename_is_a_replacement_with_a_rename_hint() {
    let tmp = two_copies_of_the_example();
    edit(&tmp.path().join("new"), |v| {
        v["credentials"][1]["name"] = "entra-obo".into();
        v["agentCoreGateways"][0]["targets"][1]["outboundAuth"]["credentialName"] =
            "entra-obo".into();
    });
    let (code, out, err) = bin(&["diff", "old", "new", "--format", "json"], tmp.path());
    assert_eq!(code, 1, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let renamed = j["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["change"] == "renamed")
        .unwrap();
    assert_eq!(renamed["id"], "EntraOboOAuth2CredentialProvider");
    assert_eq!(renamed["renamed_from"], "GraphOboOAuth2CredentialProvider");
    assert_eq!(renamed["impact"], "replace");
    assert!(renamed["hint"].as_str().unwrap().contains("likely rename"));
    let (_, text, _) = bin(&["diff", "old", "new"], tmp.path());
    common::snapshot("diff_credential_rename", &text);
}

#[test]
fn a_grant_type_change_leads_the_security_section() {
    let tmp = two_copies_of_the_example();
    edit(&tmp.path().join("new"), |v| {
        v["agentCoreGateways"][0]["targets"][0]["outboundAuth"]["grantType"] =
            "CLIENT_CREDENTIALS".into();
    });
    let (code, out, _) = bin(&["diff", "old", "new", "--format", "markdown"], tmp.path());
    assert_eq!(code, 1);
    let sec = out.find("**Security**").unwrap();
    let res = out.find("**Resources**").unwrap();
    assert!(sec < res);
    assert!(out.contains("| `SupportOrdersApiTarget` | target OAuth grant type | `CLIENT_CREDENTIALS` | `TOKEN_EXCHANGE` |"), "{out}");
    common::snapshot("diff_grant_type_markdown", &out);
}

#[test]
fn diff_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = common::root().join("examples/obo-gateway");
    let ex = ex.to_str().unwrap();
    assert_eq!(bin(&["synth", ex, "-o", "t.yaml"], tmp.path()).0, 0);
    assert_eq!(bin(&["diff", "t.yaml", ex], tmp.path()).0, 0);
    assert_eq!(bin(&["diff", "t.yaml", "missing.yaml"], tmp.path()).0, 2);
    std::fs::write(tmp.path().join("bad.yaml"), "Resources: [unclosed").unwrap();
    assert_eq!(bin(&["diff", "t.yaml", "bad.yaml"], tmp.path()).0, 2);
}

#[test]
fn synth_check_passes_on_a_fresh_golden_and_fails_after_one_field_changes() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::root().join("examples/obo-gateway"),
        &tmp.path().join("p"),
    );
    for golden in ["template.json", "template.yaml"] {
        assert_eq!(bin(&["synth", "p", "-o", golden], tmp.path()).0, 0);
        let (code, _, err) = bin(&["synth", "p", "--check", golden], tmp.path());
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("is up to date"));
    }
    edit(&tmp.path().join("p"), |v| {
        v["agentCoreGateways"][0]["targets"][1]["outboundAuth"]["grantType"] =
            "CLIENT_CREDENTIALS".into();
    });
    let (code, out, err) = bin(&["synth", "p", "--check", "template.yaml"], tmp.path());
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "template.yaml is out of date; regenerate with `agentcore-synth synth p -o template.yaml`"
        ),
        "{err}"
    );
    assert!(
        out.contains("SupportGraphMcpTarget: target OAuth grant type"),
        "{out}"
    );
    assert!(
        out.contains("GrantType: TOKEN_EXCHANGE → CLIENT_CREDENTIALS"),
        "{out}"
    );
    // --check never writes.
    assert!(std::fs::read_to_string(tmp.path().join("template.yaml"))
        .unwrap()
        .contains("GrantType: TOKEN_EXCHANGE"));
    // An invalid project is not a stale file: exit 3, and it says why.
    edit(&tmp.path().join("p"), |v| {
        v["agentCoreGateways"][0]["targets"][1]["outboundAuth"]["grantType"] = "NOPE".into();
    });
    let (code, _, err) = bin(&["synth", "p", "--check", "template.yaml"], tmp.path());
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("p does not synthesize, so template.yaml cannot be checked"),
        "{err}"
    );
    // A missing file is an I/O error: exit 2, with a code.
    let (code, _, err) = bin(&["synth", "p", "--check", "missing.yaml"], tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error[AC0001]"), "{err}");
}

#[test]
fn removal_without_retain_is_destroy() {
    let new = BASE.replace("  Gone:\n    Type: AWS::BedrockAgentCore::ApiKeyCredentialProvider\n    Properties: {Name: gone, ApiKey: !Ref Secret}\n", "");
    let r = compare(BASE, &new);
    assert_eq!(r.resources.len(), 1);
    assert_eq!(
        (r.resources[0].id.as_str(), r.resources[0].impact.as_str()),
        ("Gone", "destroy")
    );
    snap("diff_destroy", &r);
}
