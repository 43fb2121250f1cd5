//! `params` and `package`: the parameters a stack needs and the files a
//! deploy reads; secrets never reach a file; zips are deterministic.

use crate::common;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn run(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> common::Out {
    common::run_in(cwd, args, env, Duration::from_secs(120))
}

/// Every project that synthesizes: the examples and the fixtures not named err-*.
fn projects() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("err-") && p.join("agentcore/agentcore.json").is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn params_lists_exactly_the_template_parameters_of_every_project() {
    let mut checked = 0;
    for p in projects() {
        let t = common::synth_json(&p);
        let mut want: Vec<(String, bool)> = t["Parameters"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v["NoEcho"] == true))
                    .collect()
            })
            .unwrap_or_default();
        let out = run(
            &common::root(),
            &["params", p.to_str().unwrap(), "--format", "json"],
            &[],
        );
        assert_eq!(out.code, Some(0), "{}: {}", p.display(), out.stderr);
        let list: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
        let mut got: Vec<(String, bool)> = list
            .iter()
            .map(|x| {
                (
                    x["name"].as_str().unwrap().to_string(),
                    x["kind"] == "secret",
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", p.display());
        for x in &list {
            assert!(
                x["kind"] != "secret" || x.get("value").is_none(),
                "{}: a secret with a value: {x}",
                p.display()
            );
        }
        // The parameter file names every parameter (none has a default),
        // in template order; a secret only ever with an empty value.
        let file = run(
            &common::root(),
            &["params", p.to_str().unwrap(), "-o", "-"],
            &[],
        );
        assert_eq!(file.code, Some(0), "{}: {}", p.display(), file.stderr);
        let file: Vec<String> = serde_json::from_str(&file.stdout).unwrap();
        let keys: Vec<&str> = file
            .iter()
            .map(|kv| kv.split('=').next().unwrap())
            .collect();
        let names: Vec<&str> = t["Parameters"]
            .as_object()
            .map(|m| m.keys().map(|k| k.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(keys, names, "{}", p.display());
        for (kv, x) in file.iter().zip(&list) {
            if x["kind"] == "secret" {
                assert_eq!(kv, &format!("{}=", x["name"].as_str().unwrap()));
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn the_parameter_file_holds_values_never_secrets_and_names_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/token-exchange"), tmp.path());
    std::fs::write(
        tmp.path().join("agentcore/aws-targets.json"),
        r#"[{"name": "prod", "account": "123456789012", "region": "eu-west-1"}]"#,
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &[
            "params",
            ".",
            "-o",
            "params.json",
            "--target",
            "prod",
            "--set",
            "GithubClientId=Iv1.abc",
        ],
        &[("AGENTCORE_PARAM_GithubClientSecret", "s3cr3t-value")],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let file: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("params.json")).unwrap())
            .unwrap();
    assert!(
        file.contains(&"GithubClientId=Iv1.abc".to_string()),
        "{file:?}"
    );
    assert!(
        file.contains(&"LegacyCrmProviderArn=arn:aws:bedrock-agentcore:eu-west-1:123456789012:token-vault/default/oauth2credentialprovider/legacy-crm".to_string()),
        "{file:?}"
    );
    assert!(!file.iter().any(|kv| kv.contains("s3cr3t")), "{file:?}");
    // Every parameter is named, in template order; the secrets (and the
    // artifacts nothing determines yet) with an empty value.
    let t = common::synth_json(tmp.path());
    let names: Vec<&str> = t["Parameters"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let keys: Vec<&str> = file
        .iter()
        .map(|kv| kv.split('=').next().unwrap())
        .collect();
    assert_eq!(keys, names, "{file:?}");
    for secret in ["GithubClientSecret", "GraphOboClientSecret"] {
        assert!(file.contains(&format!("{secret}=")), "{file:?}");
        assert!(out.stderr.contains(secret), "{}", out.stderr);
    }
    assert!(
        out.stderr.contains("AGENTCORE_PARAM_GraphOboClientSecret"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--omit-unset"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("SupportAgentCodeKey  (`package --s3-bucket BUCKET` writes it"),
        "{}",
        out.stderr
    );
    // The file is read back by --with: its empty entries give nothing, so
    // they neither count as a secret taken from a file nor as a value.
    let again = run(
        tmp.path(),
        &["params", ".", "--with", "params.json", "--format", "json"],
        &[],
    );
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    let listed: Vec<Value> = serde_json::from_str(&again.stdout).unwrap();
    let id = listed
        .iter()
        .find(|x| x["name"] == "GithubClientId")
        .unwrap();
    assert_eq!(id["value"], "Iv1.abc");
    // For an update: what has no value is left out, so that `aws
    // cloudformation deploy` keeps the stack's values.
    let update = run(
        tmp.path(),
        &[
            "params",
            ".",
            "-o",
            "update.json",
            "--target",
            "prod",
            "--omit-unset",
        ],
        &[],
    );
    assert_eq!(update.code, Some(0), "{}", update.stderr);
    let file: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("update.json")).unwrap())
            .unwrap();
    assert!(file.iter().all(|kv| !kv.ends_with('=')), "{file:?}");
    assert!(
        !file.iter().any(|kv| kv.starts_with("GithubClientSecret")),
        "{file:?}"
    );
    assert!(file
        .iter()
        .any(|kv| kv.starts_with("LegacyCrmProviderArn=arn:")));
    assert!(
        update.stderr.contains("keeps its values"),
        "{}",
        update.stderr
    );
}

/// A file that names a parameter without a value cannot deploy it empty:
/// every parameter of every template refuses the empty string, by
/// `MinLength` or by an `AllowedPattern` that does not match it.
#[test]
fn no_parameter_of_any_template_accepts_an_empty_value() {
    let mut checked = 0;
    for p in projects() {
        let t = common::synth_json(&p);
        let Some(params) = t["Parameters"].as_object() else {
            continue;
        };
        for (name, def) in params {
            assert!(
                def.get("Default").is_none(),
                "{}: {name} has a default",
                p.display()
            );
            let by_length = def["MinLength"].as_u64().is_some_and(|n| n >= 1);
            let by_pattern = def["AllowedPattern"]
                .as_str()
                .is_some_and(|re| !regex::Regex::new(re).unwrap().is_match(""));
            assert!(
                by_length || by_pattern,
                "{}: {name} accepts an empty value: {def}",
                p.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn secrets_go_only_into_a_stream() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    let env = [("AGENTCORE_PARAM_MailOboClientSecret", "s3cr3t-value")];
    let refused = run(
        tmp.path(),
        &["params", ".", "--secrets-from-env", "-o", "p.json"],
        &env,
    );
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("never written to a file"),
        "{}",
        refused.stderr
    );
    assert!(!tmp.path().join("p.json").exists());
    let piped = run(
        tmp.path(),
        &["params", ".", "--secrets-from-env", "-o", "-"],
        &env,
    );
    assert_eq!(piped.code, Some(0), "{}", piped.stderr);
    assert!(
        piped
            .stdout
            .contains("\"MailOboClientSecret=s3cr3t-value\""),
        "{}",
        piped.stdout
    );
    let unset = run(
        tmp.path(),
        &["params", ".", "--secrets-from-env", "-o", "-"],
        &[],
    );
    assert_eq!(unset.code, Some(2));
    assert!(
        unset.stderr.contains("AGENTCORE_PARAM_MailOboClientSecret"),
        "{}",
        unset.stderr
    );
    let on_cli = run(
        tmp.path(),
        &["params", ".", "--set", "MailOboClientSecret=x", "-o", "-"],
        &[],
    );
    assert_eq!(on_cli.code, Some(2));
    assert!(on_cli.stderr.contains("is a secret"), "{}", on_cli.stderr);
    let typo = run(
        tmp.path(),
        &["params", ".", "--set", "SummarizerImageUrl=x", "-o", "-"],
        &[],
    );
    assert_eq!(typo.code, Some(2));
    assert!(
        typo.stderr.contains("SummarizerImageUri"),
        "{}",
        typo.stderr
    );
}

fn zips(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn package_twice_gives_the_same_bytes_and_leaves_out_caches_and_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    let code = tmp.path().join("app/SupportAgent");
    std::fs::create_dir_all(code.join("__pycache__")).unwrap();
    std::fs::create_dir_all(code.join(".venv/lib")).unwrap();
    std::fs::write(code.join("__pycache__/main.cpython-313.pyc"), "x").unwrap();
    std::fs::write(code.join(".venv/lib/x.py"), "x").unwrap();
    std::fs::write(code.join(".env"), "TOKEN=do-not-ship").unwrap();
    std::fs::write(code.join("helper.py"), "X = 1\n").unwrap();
    let a = run(tmp.path(), &["package", ".", "-o", "a"], &[]);
    assert_eq!(a.code, Some(0), "{}", a.stderr);
    assert!(
        a.stderr.contains("zipping app/SupportAgent"),
        "{}",
        a.stderr
    );
    // Different modification times, same bytes.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(code.join("helper.py"), "X = 1\n").unwrap();
    let b = run(tmp.path(), &["package", ".", "-o", "b", "-q"], &[]);
    assert_eq!(b.code, Some(0), "{}", b.stderr);
    assert!(b.stderr.is_empty(), "{}", b.stderr);
    let (za, zb) = (zips(&tmp.path().join("a")), zips(&tmp.path().join("b")));
    assert_eq!(za.len(), 1);
    assert_eq!(za, zb);
    let bytes = &za[0].1;
    let names = String::from_utf8_lossy(bytes);
    assert!(names.contains("main.py") && names.contains("helper.py"));
    for absent in ["__pycache__", ".venv", ".env", "do-not-ship"] {
        assert!(!names.contains(absent), "{absent} is in the zip");
    }
    // Named by its content.
    let key = za[0].0.trim_end_matches(".zip").to_string();
    assert_eq!(key.len(), 64);
    assert!(
        a.stdout.contains(&format!("SupportAgentCodeKey={key}.zip")),
        "{}",
        a.stdout
    );
}

#[test]
fn package_without_uv_says_so_when_there_are_dependencies() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    std::fs::write(
        tmp.path().join("app/SupportAgent/requirements.txt"),
        "requests\n",
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &["package", ".", "-o", "dist"],
        &[("PATH", "/nonexistent")],
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("needs uv, which is not installed"),
        "{}",
        out.stderr
    );
}

#[test]
fn package_refuses_code_outside_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("stolen.txt"), "host file").unwrap();
    common::copy_dir(&common::root().join("examples/obo-agent"), tmp.path());
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), tmp.path().join("app/SupportAgent/link")).unwrap();
    let out = run(tmp.path(), &["package", ".", "-o", "dist"], &[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("outside the project"), "{}", out.stderr);
    assert!(!tmp.path().join("dist").read_dir().unwrap().any(|e| e
        .unwrap()
        .path()
        .extension()
        .is_some_and(|x| x == "zip")));
}
