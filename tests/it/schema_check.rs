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

/// The schema check's pattern matcher (`agentcore_synth::pattern`) agrees
/// with the `regex` crate on every pattern of every embedded schema, for
/// every string of every synthesized example and fixture and a few
/// mutations of each (a character dropped, doubled, or changed).
#[test]
fn pattern_matcher_agrees_with_the_regex_crate_on_real_values() {
    use agentcore_synth::check::validator::ascii_classes;
    use agentcore_synth::pattern::Pattern;
    fn strings(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Str(s) | Value::Sub(s) => {
                out.insert(s.clone());
            }
            Value::List(items) | Value::Join(_, items) => {
                items.iter().for_each(|x| strings(x, out))
            }
            Value::Map(m) => m.iter().for_each(|(k, x)| {
                out.insert(k.clone());
                strings(x, out)
            }),
            _ => {}
        }
    }
    let mut values = std::collections::BTreeSet::new();
    for top in ["examples", "tests/fixtures"] {
        for e in std::fs::read_dir(common::root().join(top)).unwrap() {
            let dir = e.unwrap().path();
            if !dir.join("agentcore/agentcore.json").is_file() {
                continue;
            }
            let Ok(outcome) = agentcore_synth::compile(&dir) else {
                continue;
            };
            if let Some(t) = outcome.template {
                strings(&t.into_value(), &mut values);
            }
        }
    }
    let mut inputs: Vec<String> = Vec::new();
    // Every value up to 300 characters, thinned evenly to about 500 (the
    // debug build matches each against every pattern).
    let short: Vec<&String> = values.iter().filter(|s| s.len() <= 300).collect();
    let every = short.len().div_ceil(500).max(1);
    for s in short.into_iter().step_by(every) {
        let chars: Vec<char> = s.chars().collect();
        inputs.push(s.clone());
        if !chars.is_empty() {
            let mid = chars.len() / 2;
            let drop: String = chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != mid)
                .map(|(_, c)| c)
                .collect();
            let double: String = chars[..=mid].iter().chain(&chars[mid..]).collect();
            let change: String = chars
                .iter()
                .enumerate()
                .map(|(i, c)| if i == mid { '-' } else { *c })
                .collect();
            inputs.extend([drop, double, change, format!("{s} "), format!("é{s}")]);
        }
    }
    assert!(inputs.len() > 2000, "{} inputs", inputs.len());
    let mut pats = std::collections::BTreeSet::new();
    for s in agentcore_synth::cfn::schemas() {
        pats.extend(s.patterns());
    }
    let (mut compared, mut linear) = (0usize, 0usize);
    for p in &pats {
        let p = ascii_classes(p);
        let Some(ours) = Pattern::new(&p) else {
            // Look-around: neither engine accepts it.
            assert!(regex::Regex::new(&p).is_err(), "{p}");
            continue;
        };
        linear += usize::from(ours.is_linear());
        let reference = regex::bytes::RegexBuilder::new(&p)
            .unicode(false)
            .build()
            .or_else(|_| regex::bytes::RegexBuilder::new(&p).build())
            .unwrap();
        for s in &inputs {
            assert_eq!(
                ours.is_match(s),
                reference.is_match(s.as_bytes()),
                "{p} on {s:?}"
            );
            compared += 1;
        }
    }
    assert!(
        linear * 10 > pats.len() * 7,
        "{linear} of {} patterns linear",
        pats.len()
    );
    assert!(compared > 100_000, "{compared}");
}
