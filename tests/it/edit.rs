//! The editing commands end to end, each in its own copy of a project:
//! stdout, stderr, exit code and the resulting file are snapshotted.

use crate::common;

use std::path::Path;

const BASE: &str = "tests/fixtures/edit-base/agentcore/agentcore.json";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    file: String,
    original: String,
}

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("agentcore")).unwrap();
    std::fs::copy(
        common::root().join(BASE),
        tmp.path().join("agentcore/agentcore.json"),
    )
    .unwrap();
    tmp
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let original = std::fs::read_to_string(dir.join("agentcore/agentcore.json")).unwrap();
    let o = common::run_in(
        dir,
        args,
        &[("NO_COLOR", "1")],
        std::time::Duration::from_secs(60),
    );
    Run {
        code: o.code.unwrap(),
        stdout: o.stdout,
        stderr: o.stderr,
        file: std::fs::read_to_string(dir.join("agentcore/agentcore.json")).unwrap(),
        original,
    }
}

fn run(args: &[&str]) -> Run {
    let tmp = project();
    run_in(tmp.path(), args)
}

/// The snapshot: the command, its exit code and output, and the change to
/// the file as a unified diff (or "unchanged").
fn snap(name: &str, args: &[&str], r: &Run) {
    let change = if r.file == r.original {
        "file unchanged".to_string()
    } else {
        similar::TextDiff::from_lines(&r.original, &r.file)
            .unified_diff()
            .context_radius(1)
            .to_string()
    };
    let text = format!(
        "$ agentcore-synth {}\nexit: {}\n--- stdout ---\n{}--- stderr ---\n{}--- agentcore.json ---\n{}",
        args.join(" "),
        r.code,
        r.stdout,
        r.stderr,
        change
    );
    common::snapshot(name, &text);
}

fn case(name: &str, args: &[&str]) -> Run {
    let r = run(args);
    snap(name, args, &r);
    r
}

const DISC: &str = "https://idp.example.com/oauth2/default/.well-known/openid-configuration";

#[test]
fn add_oauth_with_every_flag() {
    let r = case(
        "edit_add_oauth_every_flag",
        &[
            "add",
            "credential",
            "--name",
            "orders-obo",
            "--type",
            "oauth",
            "--vendor",
            "CustomOauth2",
            "--discovery-url",
            DISC,
            "--scopes",
            "orders.read,orders.write",
            "--client-id",
            "orders-agent",
            "--client-secret-ref",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders-AbCdEf:clientSecret",
            "--client-auth-method",
            "CLIENT_SECRET_BASIC",
            "--token-exchange-grant-type",
            "TOKEN_EXCHANGE",
            "--actor-token-content",
            "M2M",
            "--actor-token-scopes",
            "agent.act_as",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r.file.contains(
        "\"secretId\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders-AbCdEf\""
    ));
    assert!(r.stdout.contains("Added credential 'orders-obo'"));
    assert!(
        !r.stdout.contains("parameter-overrides"),
        "no secret parameter with a secret reference"
    );
}

#[test]
fn add_oauth_rfc7523_prints_how_to_supply_the_secret() {
    let r = case(
        "edit_add_oauth_rfc7523",
        &[
            "add",
            "credential",
            "--name",
            "graph-obo",
            "--type",
            "oauth",
            "--discovery-url",
            DISC,
            "--client-id",
            "app",
            "--token-exchange-grant-type",
            "JWT_AUTHORIZATION_GRANT",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r
        .stdout
        .contains("--parameter-overrides GraphOboClientSecret=<value>"));
}

#[test]
fn add_oauth_from_a_token_exchange_config_file() {
    let tmp = project();
    std::fs::write(
        tmp.path().join("obo.json"),
        r#"{ "grantType": "TOKEN_EXCHANGE", "tokenExchangeGrantTypeConfig": { "actorTokenContent": "AWS_IAM_ID_TOKEN_JWT" } }"#,
    )
    .unwrap();
    let args = [
        "add",
        "credential",
        "--name",
        "iam-obo",
        "--type",
        "oauth",
        "--discovery-url",
        DISC,
        "--client-id",
        "a",
        "--client-auth-method",
        "AWS_IAM_ID_TOKEN_JWT",
        "--token-exchange-config-file",
        "obo.json",
    ];
    let r = run_in(tmp.path(), &args);
    snap("edit_add_oauth_config_file", &args, &r);
    assert_eq!(r.code, 0);
    assert!(r
        .file
        .contains("\"actorTokenContent\": \"AWS_IAM_ID_TOKEN_JWT\""));
}

#[test]
fn add_builtin_vendor_api_key_and_payment() {
    assert_eq!(
        case(
            "edit_add_github",
            &[
                "add",
                "credential",
                "--name",
                "github",
                "--type",
                "oauth",
                "--vendor",
                "GithubOauth2",
                "--scopes",
                "repo"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        case(
            "edit_add_api_key_ref",
            &[
                "add",
                "credential",
                "--name",
                "maps",
                "--type",
                "api-key",
                "--secret-ref",
                "prod/maps:apiKey"
            ]
        )
        .code,
        0
    );
    let r = case(
        "edit_add_api_key_param",
        &["add", "credential", "--name", "maps", "--type", "api-key"],
    );
    assert!(r.stdout.contains("MapsApiKey=<value>"));
    assert_eq!(
        case(
            "edit_add_payment",
            &[
                "add",
                "credential",
                "--name",
                "wallet",
                "--type",
                "payment",
                "--provider",
                "StripePrivy"
            ]
        )
        .code,
        0
    );
    let arn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/existing";
    assert_eq!(
        case(
            "edit_add_imported",
            &[
                "add",
                "credential",
                "--name",
                "existing",
                "--type",
                "oauth",
                "--provider-arn",
                arn
            ]
        )
        .code,
        0
    );
}

#[test]
fn refusals_leave_the_file_unchanged() {
    let cases: &[(&str, &[&str], i32)] = &[
        (
            "edit_refuse_duplicate",
            &["add", "credential", "--name", "m2m", "--type", "api-key"],
            1,
        ),
        (
            "edit_refuse_invalid_result",
            &[
                "add",
                "credential",
                "--name",
                "gh",
                "--type",
                "oauth",
                "--vendor",
                "GithubOauth2",
                "--token-exchange-grant-type",
                "TOKEN_EXCHANGE",
            ],
            1,
        ),
        (
            "edit_refuse_invalid_name",
            &[
                "add",
                "credential",
                "--name",
                "bad name",
                "--type",
                "api-key",
            ],
            1,
        ),
        (
            "edit_refuse_flags_and_file",
            &[
                "add",
                "credential",
                "--name",
                "x",
                "--type",
                "oauth",
                "--token-exchange-grant-type",
                "TOKEN_EXCHANGE",
                "--token-exchange-config-file",
                "obo.json",
            ],
            2,
        ),
        (
            "edit_refuse_misplaced_flag",
            &[
                "add",
                "credential",
                "--name",
                "x",
                "--type",
                "oauth",
                "--secret-ref",
                "a:b",
            ],
            2,
        ),
        (
            "edit_refuse_bad_secret_ref",
            &[
                "add",
                "credential",
                "--name",
                "x",
                "--type",
                "api-key",
                "--secret-ref",
                "no-colon",
            ],
            2,
        ),
        (
            "edit_refuse_actor_without_grant",
            &[
                "add",
                "credential",
                "--name",
                "x",
                "--type",
                "oauth",
                "--actor-token-content",
                "M2M",
            ],
            2,
        ),
        (
            "edit_refuse_payment_without_provider",
            &["add", "credential", "--name", "x", "--type", "payment"],
            2,
        ),
        (
            "edit_refuse_unknown_gateway",
            &[
                "set",
                "target-auth",
                "--gateway",
                "nope",
                "--target",
                "search",
                "--type",
                "NONE",
            ],
            1,
        ),
        (
            "edit_refuse_unknown_target",
            &[
                "set",
                "target-auth",
                "--gateway",
                "tools",
                "--target",
                "nope",
                "--type",
                "NONE",
            ],
            1,
        ),
        (
            "edit_refuse_auth_table",
            &[
                "set",
                "target-auth",
                "--gateway",
                "tools",
                "--target",
                "search",
                "--type",
                "API_KEY",
                "--credential",
                "weather",
            ],
            1,
        ),
        (
            "edit_refuse_exchange_without_obo",
            &[
                "set",
                "target-auth",
                "--gateway",
                "tools",
                "--target",
                "search",
                "--type",
                "OAUTH",
                "--credential",
                "m2m",
                "--grant-type",
                "TOKEN_EXCHANGE",
            ],
            1,
        ),
        (
            "edit_refuse_remove_in_use",
            &["remove", "credential", "--name", "m2m"],
            1,
        ),
        (
            "edit_refuse_remove_unknown",
            &["remove", "credential", "--name", "nope"],
            1,
        ),
    ];
    for (name, args, code) in cases {
        let r = case(name, args);
        assert_eq!(r.code, *code, "{name}: {}", r.stderr);
        assert_eq!(r.file, r.original, "{name} changed the file");
    }
}

#[test]
fn set_target_auth_for_each_auth_type() {
    let r = case(
        "edit_set_oauth",
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "search",
            "--type",
            "OAUTH",
            "--credential",
            "m2m",
            "--scopes",
            "read,write",
            "--grant-type",
            "AUTHORIZATION_CODE",
            "--default-return-url",
            "https://app.example.com/done",
        ],
    );
    assert_eq!(r.code, 0);
    let r = case(
        "edit_set_api_key",
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "weather-api",
            "--type",
            "API_KEY",
            "--credential",
            "weather",
            "--api-key-location",
            "QUERY_PARAMETER",
            "--api-key-parameter-name",
            "key",
            "--api-key-prefix",
            "Token",
        ],
    );
    assert_eq!(r.code, 0);
    let r = case(
        "edit_set_iam_role",
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "proxy",
            "--type",
            "GATEWAY_IAM_ROLE",
            "--service",
            "execute-api",
            "--region",
            "us-east-1",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        case(
            "edit_set_none",
            &[
                "set",
                "target-auth",
                "--gateway",
                "tools",
                "--target",
                "search",
                "--type",
                "NONE"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        case(
            "edit_set_jwt_passthrough",
            &[
                "set",
                "target-auth",
                "--gateway",
                "tools",
                "--target",
                "proxy",
                "--type",
                "JWT_PASSTHROUGH"
            ]
        )
        .code,
        0
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let r = case(
        "edit_dry_run",
        &[
            "add",
            "credential",
            "--name",
            "maps",
            "--type",
            "api-key",
            "--secret-ref",
            "prod/maps:apiKey",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.file, r.original);
    assert!(r.stdout.contains("+      \"name\": \"maps\","));
}

#[test]
fn add_then_remove_restores_the_original_bytes() {
    let tmp = project();
    let original = std::fs::read(tmp.path().join("agentcore/agentcore.json")).unwrap();
    let add = run_in(
        tmp.path(),
        &[
            "add",
            "credential",
            "--name",
            "tmp",
            "--type",
            "oauth",
            "--discovery-url",
            DISC,
            "--client-id",
            "c",
            "--token-exchange-grant-type",
            "TOKEN_EXCHANGE",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let rm = run_in(tmp.path(), &["remove", "credential", "--name", "tmp"]);
    assert_eq!(rm.code, 0, "{}", rm.stderr);
    assert_eq!(
        std::fs::read(tmp.path().join("agentcore/agentcore.json")).unwrap(),
        original
    );
    // A no-op edit is a no-op on disk.
    let same = run_in(
        tmp.path(),
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "proxy",
            "--type",
            "JWT_PASSTHROUGH",
        ],
    );
    assert_eq!(same.code, 0);
    assert_eq!(
        std::fs::read(tmp.path().join("agentcore/agentcore.json")).unwrap(),
        original
    );
}

#[test]
fn an_edited_project_synthesizes_the_configured_exchange() {
    let tmp = project();
    let add = run_in(
        tmp.path(),
        &[
            "add",
            "credential",
            "--name",
            "orders-obo",
            "--type",
            "oauth",
            "--discovery-url",
            DISC,
            "--client-id",
            "c",
            "--client-secret-ref",
            "prod/orders:secret",
            "--token-exchange-grant-type",
            "TOKEN_EXCHANGE",
            "--actor-token-content",
            "M2M",
            "--actor-token-scopes",
            "act",
        ],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let set = run_in(
        tmp.path(),
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "search",
            "--type",
            "OAUTH",
            "--credential",
            "orders-obo",
            "--grant-type",
            "TOKEN_EXCHANGE",
            "--scopes",
            "orders.read",
        ],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let outcome = agentcore_synth::compile(tmp.path()).unwrap();
    let t = outcome.template.unwrap();
    let json: serde_json::Value = serde_json::from_str(&agentcore_synth::template::emit(
        &t,
        agentcore_synth::template::Format::Json,
    ))
    .unwrap();
    let obo = &json["Resources"]["OrdersOboOAuth2CredentialProvider"]["Properties"]
        ["Oauth2ProviderConfigInput"]["CustomOauth2ProviderConfig"]
        ["OnBehalfOfTokenExchangeConfig"];
    assert_eq!(obo["GrantType"], "TOKEN_EXCHANGE");
    assert_eq!(
        obo["TokenExchangeGrantTypeConfig"]["ActorTokenContent"],
        "M2M"
    );
    assert_eq!(
        obo["TokenExchangeGrantTypeConfig"]["ActorTokenScopes"][0],
        "act"
    );
    let target = &json["Resources"]["ToolsSearchTarget"]["Properties"]
        ["CredentialProviderConfigurations"][0]["CredentialProvider"]["OauthCredentialProvider"];
    assert_eq!(target["GrantType"], "TOKEN_EXCHANGE");
    assert_eq!(
        target["ProviderArn"]["Fn::GetAtt"][0],
        "OrdersOboOAuth2CredentialProvider"
    );
}
