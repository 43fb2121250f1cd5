//! The binary end to end, in isolated temporary directories: exit codes,
//! output destinations and formats, atomic writes, diagnostics formats.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agentcore-synth"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn example() -> String {
    common::root()
        .join("examples/token-exchange")
        .display()
        .to_string()
}

/// An example whose synthesis prints a note (AC5007, a Container build input).
fn example_with_note() -> String {
    common::root()
        .join("examples/obo-agent")
        .display()
        .to_string()
}

fn project(dir: &Path, json: &str) {
    std::fs::create_dir_all(dir.join("agentcore")).unwrap();
    std::fs::write(dir.join("agentcore/agentcore.json"), json).unwrap();
}

#[test]
fn synth_writes_json_to_stdout_and_notes_to_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["synth", &example_with_note()], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["AWSTemplateFormatVersion"], "2010-09-09");
    assert!(
        text(&out.stderr).contains("note[AC5007]: runtime \"Summarizer\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn default_project_is_the_current_directory() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        tmp.path(),
        r#"{"name": "Here", "version": 1, "memories": [{"name": "m", "eventExpiryDuration": 30}]}"#,
    );
    let out = run(&["synth"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("AgentCore project Here"));
}

#[test]
fn falls_back_to_agentcore_json_in_the_directory_and_accepts_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("agentcore.json"),
        r#"{"name": "Flat", "version": 1, "memories": [{"name": "m", "eventExpiryDuration": 30}]}"#,
    )
    .unwrap();
    assert_eq!(run(&["synth", "."], tmp.path()).status.code(), Some(0));
    assert_eq!(
        run(&["validate", "agentcore.json"], tmp.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn output_format_follows_flag_then_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["synth", &example(), "-o", "t.yaml"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let yaml = std::fs::read_to_string(tmp.path().join("t.yaml")).unwrap();
    assert!(yaml.starts_with("AWSTemplateFormatVersion: '2010-09-09'\n"));
    let out = run(
        &["synth", &example(), "-o", "t.yaml", "--format", "json"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let json = std::fs::read_to_string(tmp.path().join("t.yaml")).unwrap();
    assert!(json.starts_with("{\n"));
    let out = run(&["synth", &example(), "--format", "yaml"], tmp.path());
    assert!(text(&out.stdout).contains("!GetAtt "));
    let out = run(&["synth", &example(), "-o", "t.template"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(tmp.path().join("t.template"))
        .unwrap()
        .starts_with('{'));
}

#[test]
fn a_failed_run_leaves_the_existing_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        &tmp.path().join("p"),
        r#"{"name": "Bad", "version": 1, "credentials": [{"authorizerType": "Nope", "name": "x"}]}"#,
    );
    std::fs::write(tmp.path().join("out.json"), "previous").unwrap();
    let out = run(&["synth", "p", "-o", "out.json"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("out.json")).unwrap(),
        "previous"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temp files left: {leftovers:?}");
}

#[test]
fn usage_and_io_problems_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["synth", "does-not-exist"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("error[AC0001]: no project at does-not-exist: no such file or directory"),
        "{err}"
    );
    // A directory without a project names both places looked at.
    let out = run(&["validate", ".", "--message-format", "json"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let line: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(line["code"], "AC0001");
    let msg = line["message"].as_str().unwrap();
    assert!(
        msg.contains("agentcore/agentcore.json and")
            && msg.contains("no agentcore.json in directory"),
        "{msg}"
    );
    assert_eq!(
        run(&["synth", "--no-such-flag"], tmp.path()).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"], tmp.path()).status.code(), Some(2));
    // Parser errors carry a code too, and are JSON when JSON was asked for.
    let out = run(&["synth", "--nope"], tmp.path());
    assert!(
        text(&out.stderr).starts_with("error[AC0008]: unexpected argument '--nope'"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["synth", "--nope", "--message-format", "json"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let line: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(line["code"], "AC0008");
    let out = run(
        &["synth", &example(), "-o", "missing-dir/out.json"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot write"));
}

#[test]
fn malformed_json_is_exit_1_with_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "{\n  \"name\": \"X\",\n  \"version\": 1,,\n}\n");
    let out = run(&["synth"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[AC0002]"), "{err}");
    assert!(err.contains("agentcore.json:3:16"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn every_problem_is_listed_with_its_json_path() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        tmp.path(),
        r#"{"name": "Many", "version": 1, "credentials": [
  {"authorizerType": "OAuthCredentialProvider", "name": "a", "vendor": "GithubOauth2", "tokenExchange": {"grantType": "TOKEN_EXCHANGE"}},
  {"authorizerType": "OAuthCredentialProvider", "name": "b", "discoveryUrl": "https://x.example.com/.well-known/openid-configuration",
   "tokenExchange": {"grantType": "NOPE"}},
  {"authorizerType": "ApiKeyCredentialProvider", "name": "bad name"}
]}"#,
    );
    let out = run(&["synth"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for path in [
        "credentials[0].tokenExchange",
        "credentials[1].tokenExchange.grantType",
        "credentials[2].name",
    ] {
        assert!(
            err.contains(&format!("({path})")),
            "missing {path} in:\n{err}"
        );
    }
    assert!(err.contains("3 errors found"), "{err}");
}

#[test]
fn message_format_json_is_one_object_per_line() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        tmp.path(),
        r#"{"name": "J", "version": 1, "credentials": [{"authorizerType": "ApiKeyCredentialProvider", "name": "k", "extra": 1}]}"#,
    );
    let out = run(&["validate", "--message-format", "json"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = text(&out.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["code"], "AC1004");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["path"], "credentials[0].extra");
    assert_eq!(lines[0]["span"]["line"], 1);
}

#[test]
fn validate_exit_codes_and_deny_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        tmp.path(),
        r#"{"name": "W", "version": 1, "credentials": [{"authorizerType": "ApiKeyCredentialProvider", "name": "k", "extra": 1}]}"#,
    );
    let out = run(&["validate"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("1 warning emitted"));
    assert!(
        text(&out.stderr).contains("agentcore/agentcore.json: valid; the template has 1 resource, 1 parameter and 1 output"),
        "{}",
        text(&out.stderr)
    );
    let denied = run(&["validate", "--deny-warnings"], tmp.path());
    assert_eq!(denied.status.code(), Some(1));
    let err = text(&denied.stderr);
    assert!(
        err.contains("agentcore/agentcore.json: failed: warnings are errors with --deny-warnings")
            && !err.contains(": valid;"),
        "{err}"
    );
}

#[test]
fn color_only_when_asked_for_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), r#"{"name": 1, "version": 1}"#);
    let out = run(&["validate"], tmp.path());
    assert!(
        !text(&out.stderr).contains('\x1b'),
        "piped stderr must be plain"
    );
}

#[test]
fn env_local_secrets_never_reach_the_template() {
    let tmp = tempfile::tempdir().unwrap();
    project(
        tmp.path(),
        r#"{"name": "S", "version": 1, "credentials": [
  {"authorizerType": "OAuthCredentialProvider", "name": "idp", "discoveryUrl": "https://x.example.com/.well-known/openid-configuration"},
  {"authorizerType": "ApiKeyCredentialProvider", "name": "key"}]}"#,
    );
    std::fs::write(
        tmp.path().join("agentcore/.env.local"),
        "AGENTCORE_CREDENTIAL_IDP_CLIENT_ID=client-1234\nAGENTCORE_CREDENTIAL_IDP_CLIENT_SECRET=s3cr3t-value\nAGENTCORE_CREDENTIAL_KEY=sk-live-key\n",
    )
    .unwrap();
    for fmt in ["json", "yaml"] {
        let out = run(&["synth", "--format", fmt], tmp.path());
        assert_eq!(out.status.code(), Some(0));
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        for secret in ["s3cr3t-value", "sk-live-key", "client-1234"] {
            assert!(!all.contains(secret), "{secret} leaked");
        }
        assert!(all.contains("IdpClientSecret"));
    }
}

#[test]
fn completions_and_man_page() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell], tmp.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        for sub in ["synth", "validate", "diff", "credential", "target-auth"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    // The bash script is valid bash.
    let out = run(&["completions", "bash"], tmp.path());
    std::fs::write(tmp.path().join("c.bash"), &out.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .args(["-n", "c.bash"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check.stderr));
    let man = text(&run(&["man"], tmp.path()).stdout);
    assert!(man.contains(".TH agentcore-synth 1"), "{man}");
    assert!(
        man.contains("Exit codes"),
        "the man page documents the exit codes"
    );
}

#[test]
fn quiet_silences_notes_only() {
    let tmp = tempfile::tempdir().unwrap();
    let loud = run(&["synth", &example_with_note()], tmp.path());
    assert!(text(&loud.stderr).contains("note[AC5007]"));
    let quiet = run(&["synth", &example_with_note(), "-q"], tmp.path());
    assert_eq!(quiet.status.code(), Some(0));
    assert!(text(&quiet.stderr).is_empty(), "{}", text(&quiet.stderr));
    assert_eq!(quiet.stdout, loud.stdout);
}

#[test]
fn edit_flags_take_the_vocabulary_in_any_case() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::root().join("tests/fixtures/edit-base"),
        &tmp.path().join("p"),
    );
    let out = run(
        &[
            "add",
            "credential",
            "--name",
            "gh",
            "--type",
            "OAUTH",
            "--vendor",
            "githuboauth2",
            "--client-id",
            "x",
            "p",
            "--dry-run",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"vendor\": \"GithubOauth2\""),
        "{}",
        text(&out.stdout)
    );
    let out = run(
        &[
            "add",
            "credential",
            "--name",
            "gh",
            "--type",
            "oauth",
            "--vendor",
            "Gitub",
            "p",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("GithubOauth2") && err.contains("possible values"),
        "{err}"
    );
    let out = run(
        &[
            "set",
            "target-auth",
            "--gateway",
            "tools",
            "--target",
            "search",
            "--type",
            "none",
            "p",
            "--dry-run",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("+            \"type\": \"NONE\""),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn project_from_stdin_and_template_to_stdout() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let case = common::root().join("tests/fixtures/gw-target-openapi");
    let json = std::fs::read(case.join("agentcore/agentcore.json")).unwrap();
    let from_file = run(
        &["synth", case.to_str().unwrap(), "--format", "yaml"],
        tmp.path(),
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_agentcore-synth"))
        .args([
            "synth",
            "-",
            "--root",
            case.to_str().unwrap(),
            "-o",
            "-",
            "--format",
            "yaml",
        ])
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&json).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Same template, local schema file resolved against --root.
    assert_eq!(out.stdout, from_file.stdout);
    assert!(text(&out.stdout).contains("InlinePayload"));
    assert!(
        !tmp.path().join("-").exists(),
        "-o - is stdout, not a file named -"
    );
}

#[test]
fn graph_shows_who_calls_whom_with_what() {
    let tmp = tempfile::tempdir().unwrap();
    let obo = common::root().join("examples/obo-gateway");
    let out = run(&["graph", obo.to_str().unwrap()], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = text(&out.stdout);
    assert!(m.starts_with("flowchart LR\n"));
    // Inbound user auth, the exchange, the secret's source, the endpoint.
    for needle in [
        "users: CUSTOM_JWT",
        "on-behalf-of: RFC 8693 token exchange, actor token M2M",
        "on-behalf-of: RFC 7523 JWT authorization grant",
        "secret: Secrets Manager prod/agentcore/orders-obo",
        "t0_0 -->|\"OAUTH TOKEN_EXCHANGE\"| c0",
        "https://mcp.graph.example.com/mcp",
    ] {
        assert!(m.contains(needle), "missing {needle:?} in\n{m}");
    }
    let d = text(
        &run(
            &["graph", obo.to_str().unwrap(), "--format", "dot"],
            tmp.path(),
        )
        .stdout,
    );
    assert!(
        d.starts_with("digraph identity {")
            && d.contains("t0_0 -> c0 [label=\"OAUTH TOKEN_EXCHANGE\"]"),
        "{d}"
    );
    // An invalid project draws nothing.
    project(tmp.path(), r#"{"name": 1, "version": 1}"#);
    assert_eq!(run(&["graph"], tmp.path()).status.code(), Some(1));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let top = text(&run(&["--help"], tmp.path()).stdout);
    assert!(top.contains("Exit codes: 0 success"), "{top}");
    for sub in ["synth", "diff", "validate", "graph", "completions", "man"] {
        let h = text(&run(&[sub, "--help"], tmp.path()).stdout);
        assert!(h.contains("Example"), "{sub} --help has no examples:\n{h}");
    }
    for sub in [
        ["add", "credential"],
        ["set", "target-auth"],
        ["remove", "credential"],
    ] {
        let h = text(&run(&[sub[0], sub[1], "--help"], tmp.path()).stdout);
        assert!(
            h.contains("Example"),
            "{sub:?} --help has no examples:\n{h}"
        );
    }
    let add = text(&run(&["add", "credential", "--help"], tmp.path()).stdout);
    assert!(
        add.contains("GithubOauth2") && add.contains("CognitoOauth2"),
        "vendors listed:\n{add}"
    );
    let set = text(&run(&["set", "target-auth", "--help"], tmp.path()).stdout);
    assert!(set.contains("JWT_PASSTHROUGH"), "auth types listed:\n{set}");
}
