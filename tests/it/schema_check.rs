//! The in-process schema check catches broken templates, including the
//! mistakes cfn-lint misses inside oneOf wrappers that hold an intrinsic.

use crate::common;

use agentcore_synth::check::schema::check_template;
use agentcore_synth::template::{Map, Template, Value};

fn example() -> Template {
    let outcome = agentcore_synth::compile(&common::root().join("examples/obo-gateway")).unwrap();
    outcome.template.expect("example compiles")
}

fn at<'a>(t: &'a mut Template, resource: &str, path: &[&str]) -> &'a mut Map {
    let mut m = &mut t.resources.get_mut(resource).unwrap().properties;
    for seg in path {
        let v = if let Ok(i) = seg.parse::<usize>() {
            unreachable!("use list helpers for index {i}")
        } else {
            m.get_mut(*seg).unwrap_or_else(|| panic!("no {seg}"))
        };
        m = match v {
            Value::Map(x) => x,
            Value::List(items) => match &mut items[0] {
                Value::Map(x) => x,
                _ => panic!("not a map"),
            },
            _ => panic!("{seg} is not a map"),
        };
    }
    m
}

fn oauth_provider(t: &mut Template) -> &mut Map {
    at(
        t,
        "SupportOrdersApiTarget",
        &[
            "CredentialProviderConfigurations",
            "CredentialProvider",
            "OauthCredentialProvider",
        ],
    )
}

fn problems(t: &Template) -> Vec<String> {
    let mut d = Vec::new();
    check_template(t, &mut d);
    d.iter()
        .map(|x| format!("{} | {}", x.path, x.message))
        .collect()
}

fn assert_caught(t: &Template, path: &str, needle: &str) {
    let p = problems(t);
    assert!(
        p.iter().any(|x| x.starts_with(path) && x.contains(needle)),
        "expected `{needle}` at {path}, got {p:#?}"
    );
}

#[test]
fn the_example_is_clean() {
    assert_eq!(problems(&example()), Vec::<String>::new());
}

#[test]
fn wrong_grant_type_next_to_a_getatt() {
    let mut t = example();
    oauth_provider(&mut t).insert("GrantType".into(), "JWT_AUTHORIZATION_GRANT".into());
    assert_caught(
        &t,
        "Resources.SupportOrdersApiTarget.Properties.CredentialProviderConfigurations[0].CredentialProvider.OauthCredentialProvider.GrantType",
        "\"JWT_AUTHORIZATION_GRANT\" is not one of \"CLIENT_CREDENTIALS\", \"AUTHORIZATION_CODE\", \"TOKEN_EXCHANGE\"",
    );
}

#[test]
fn missing_scopes() {
    let mut t = example();
    oauth_provider(&mut t).shift_remove("Scopes");
    assert_caught(
        &t,
        "Resources.SupportOrdersApiTarget",
        "missing required property `Scopes`",
    );
}

#[test]
fn unknown_key_inside_a_oneof_wrapper() {
    let mut t = example();
    oauth_provider(&mut t).insert("GrantTypes".into(), "TOKEN_EXCHANGE".into());
    assert_caught(
        &t,
        "Resources.SupportOrdersApiTarget",
        "unknown property `GrantTypes`",
    );
}

#[test]
fn getatt_of_an_unknown_attribute() {
    let mut t = example();
    oauth_provider(&mut t).insert(
        "ProviderArn".into(),
        Value::GetAtt("OrdersOboOAuth2CredentialProvider".into(), "Arn".into()),
    );
    assert_caught(
        &t,
        "Resources.SupportOrdersApiTarget",
        "GetAtt `OrdersOboOAuth2CredentialProvider.Arn`: AWS::BedrockAgentCore::OAuth2CredentialProvider has no attribute `Arn`",
    );
}

#[test]
fn getatt_inside_sub_is_checked_too() {
    let mut t = example();
    t.outputs.get_mut("SupportGatewayUrl").unwrap().value =
        Value::Sub("${SupportGateway.Url}/mcp".into());
    let p = problems(&t);
    assert!(
        p.iter().any(|x| x.contains("has no attribute `Url`")),
        "{p:#?}"
    );
}

#[test]
fn read_only_property_set() {
    let mut t = example();
    t.resources
        .get_mut("OrdersOboOAuth2CredentialProvider")
        .unwrap()
        .properties
        .insert("CallbackUrl".into(), "https://x.example.com".into());
    assert_caught(
        &t,
        "Resources.OrdersOboOAuth2CredentialProvider.Properties.CallbackUrl",
        "read-only",
    );
}

#[test]
fn literal_secret() {
    let mut t = example();
    at(
        &mut t,
        "GraphOboOAuth2CredentialProvider",
        &["Oauth2ProviderConfigInput", "CustomOauth2ProviderConfig"],
    )
    .insert("ClientSecret".into(), "hunter2-literal".into());
    assert_caught(
        &t,
        "Resources.GraphOboOAuth2CredentialProvider.Properties.Oauth2ProviderConfigInput.CustomOauth2ProviderConfig.ClientSecret",
        "literal value",
    );
}

#[test]
fn secret_from_a_parameter_without_noecho() {
    let mut t = example();
    t.parameters
        .get_mut("GraphOboClientSecret")
        .unwrap()
        .no_echo = false;
    assert_caught(
        &t,
        "Resources.GraphOboOAuth2CredentialProvider",
        "not a NoEcho parameter",
    );
}

#[test]
fn two_oneof_branches() {
    let mut t = example();
    let cp = at(
        &mut t,
        "SupportOrdersApiTarget",
        &["CredentialProviderConfigurations", "CredentialProvider"],
    );
    let mut key = Map::default();
    key.insert(
        "ProviderArn".into(),
        Value::Ref("GraphOboClientSecret".into()),
    );
    cp.insert("ApiKeyCredentialProvider".into(), Value::Map(key));
    assert_caught(
        &t,
        "Resources.SupportOrdersApiTarget",
        "more than one oneOf branch (OauthCredentialProvider, ApiKeyCredentialProvider)",
    );
}

#[test]
fn ref_to_nothing_and_bad_pattern() {
    let mut t = example();
    let props = &mut t.resources.get_mut("SupportGateway").unwrap().properties;
    props.insert("RoleArn".into(), Value::Ref("NoSuchRole".into()));
    props.insert("Name".into(), "bad name!".into());
    let p = problems(&t);
    assert!(
        p.iter().any(|x| x.contains("Ref to `NoSuchRole`")),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|x| x.contains("does not match the pattern")),
        "{p:#?}"
    );
}

#[test]
fn an_internal_error_means_nothing_is_written() {
    // The pipeline turns check failures into errors: no template comes out.
    let mut t = example();
    oauth_provider(&mut t).shift_remove("Scopes");
    let mut d = Vec::new();
    check_template(&t, &mut d);
    assert!(d
        .iter()
        .all(|x| x.is_error() && x.code.as_str() == "AC9001"));
}
