//! The documented command lines run as written: the README's path from a
//! project to a stack (all but the `aws` calls) and the CI recipe of
//! docs/reviewing.md (all but the install and the comment action).

use crate::common;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The first ```sh block after `heading` in `file`, one command per line.
fn block(file: &str, heading: &str, fence: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join(file)).unwrap();
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("{file} lacks {heading}"));
    let rest = &text[at..];
    let start = rest.find(fence).expect("fence") + fence.len();
    let end = start + rest[start..].find("```").expect("closing fence");
    rest[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `sh -c line` in `dir` with the built binary first on PATH.
fn sh(dir: &Path, line: &str, env: &[(String, String)]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_agentcore-synth"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = Command::new("sh");
    c.arg("-c").arg(line).current_dir(dir).env("PATH", path);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn the_readme_deploy_recipe_runs_up_to_the_aws_calls() {
    let lines = block("README.md", "## From project to running stack", "```sh\n");
    assert!(lines.len() >= 5, "{lines:?}");
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::root().join("examples/obo-agent"),
        &tmp.path().join("examples/obo-agent"),
    );
    let secret = "test-value-not-a-real-secret";
    let mut env = vec![("MAIL_OBO_CLIENT_SECRET".to_string(), secret.to_string())];
    let mut skipped = 0;
    let mut last = String::new();
    for line in &lines {
        if line.starts_with("aws ") {
            skipped += 1;
            continue;
        }
        if let Some(rest) = line.strip_prefix("export ") {
            let (k, v) = rest.split_once('=').unwrap();
            let v = v.trim_matches('"');
            let v = match v.strip_prefix('$') {
                Some(var) => env.iter().find(|(k, _)| k == var).unwrap().1.clone(),
                None => v.to_string(),
            };
            env.push((k.to_string(), v));
            continue;
        }
        let (run, piped) = match line.split_once(" | aws ") {
            Some((left, _)) => (left, true),
            None => (line.as_str(), false),
        };
        let out = sh(tmp.path(), run, &env);
        assert!(
            out.status.success(),
            "{run}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if piped {
            skipped += 1;
            last = String::from_utf8(out.stdout).unwrap();
        }
    }
    assert_eq!(skipped, 2, "the upload and the deploy");
    let template: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("template.json")).unwrap())
            .unwrap();
    let mut wanted: Vec<String> = template["Parameters"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    wanted.sort();
    // What deploy reads on stdin: every parameter, each with a value.
    let overrides: Vec<String> = serde_json::from_str(&last).unwrap();
    let mut given: Vec<String> = overrides
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            assert!(!v.is_empty(), "{kv}");
            k.to_string()
        })
        .collect();
    given.sort();
    assert_eq!(given, wanted);
    assert!(overrides.contains(&format!("MailOboClientSecret={secret}")));
    // The zip is there and the file on disk holds no secret.
    let dist = tmp.path().join("dist");
    let zips = std::fs::read_dir(&dist)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "zip")
        })
        .count();
    assert_eq!(zips, 1);
    let on_disk = std::fs::read_to_string(dist.join("params.json")).unwrap();
    assert!(!on_disk.contains(secret), "{on_disk}");
    assert!(
        on_disk.contains("SupportAgentCodeBucket=my-artifacts"),
        "{on_disk}"
    );
}

#[test]
fn the_ci_recipe_of_reviewing_md_runs_in_a_scratch_repository() {
    let steps: Vec<String> = block("docs/reviewing.md", "## A CI recipe", "```yaml\n")
        .iter()
        .filter_map(|l| {
            l.strip_prefix("run: ")
                .or_else(|| l.strip_prefix("- run: "))
        })
        .map(str::to_string)
        .collect();
    let text = std::fs::read_to_string(common::root().join("docs/reviewing.md")).unwrap();
    // The multi-line `run: |` step, as written.
    let multi: Vec<String> = {
        let at = text.find("run: |").expect("a run: | step");
        text[at..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("          "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert!(
        steps.iter().any(|s| s.starts_with("cargo install")),
        "{steps:?}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::copy_dir(&common::root().join("examples/obo-agent"), dir);
    let git = |args: &str| {
        let out = sh(
            dir,
            &format!("git -c user.email=t@example.com -c user.name=t {args}"),
            &[],
        );
        assert!(
            out.status.success(),
            "git {args}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git("init -q -b main");
    let synth = sh(dir, "agentcore-synth synth . -o template.yaml", &[]);
    assert!(synth.status.success());
    git("add -A");
    git("commit -q -m base");
    git("update-ref refs/remotes/origin/main HEAD");
    // The pull request: the agent may now use the weather key too.
    let file = dir.join("agentcore/agentcore.json");
    let mut p: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    p["runtimes"][0]["credentials"]
        .as_array_mut()
        .unwrap()
        .push("weather-api".into());
    std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
    let check = steps
        .iter()
        .find(|s| s.contains("--check"))
        .expect("the --check step");
    let stale = sh(dir, check, &[]);
    assert_eq!(
        stale.status.code(),
        Some(1),
        "a stale template fails the step"
    );
    assert!(sh(dir, "agentcore-synth synth . -o template.yaml", &[])
        .status
        .success());
    assert_eq!(sh(dir, check, &[]).status.code(), Some(0));
    git("commit -q -am change");
    for line in &multi {
        let line = line.replace("${{ github.base_ref }}", "main");
        let out = sh(dir, &line, &[]);
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let review = std::fs::read_to_string(dir.join("review.md")).unwrap();
    assert!(review.contains("SupportAgentRuntime"), "{review}");
    assert!(review.contains("+ API_KEY"), "{review}");
}
