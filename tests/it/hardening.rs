//! Regression tests for the red-team report (`shared/reviews/red-team-2026-12.md`):
//! each reproduction, on a temporary directory, with the promise it broke.
//! Every run has a time-out, so a hang fails the test instead of CI.

use crate::common::{self, run_in, Out};

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn run(cwd: &Path, args: &[&str]) -> Out {
    run_in(cwd, args, &[], Duration::from_secs(60))
}

fn fixture(name: &str, to: &Path) -> PathBuf {
    let dst = to.join(name);
    common::copy_dir(&common::root().join("tests/fixtures").join(name), &dst);
    dst
}

fn project_file(dir: &Path) -> PathBuf {
    dir.join("agentcore/agentcore.json")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn write_json(p: &Path, v: &Value) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

fn edit_json(p: &Path, f: impl FnOnce(&mut Value)) {
    let mut v = read_json(p);
    f(&mut v);
    write_json(p, &v);
}

/// The openApiSchema fixture with its inline schema path set to `path`.
fn openapi_with_path(tmp: &Path, name: &str, path: &str) -> PathBuf {
    let dir = tmp.join(name);
    common::copy_dir(
        &common::root().join("tests/fixtures/gw-target-openapi"),
        &dir,
    );
    edit_json(&project_file(&dir), |v| {
        v["agentCoreGateways"][0]["targets"][0]["schemaSource"]["inline"]["path"] = json!(path);
    });
    dir
}

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a plain libc call with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

// ---- reading files: confinement (F1) ----

#[test]
fn referenced_files_must_stay_inside_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let secret_env = "AGENTCORE_SYNTH_TEST_SECRET=wJalrFAKEsecret";
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "up",
            "../../../../../../../../etc/passwd",
            "outside the project",
        ),
        ("abs", "/etc/passwd", "absolute paths are not allowed"),
        (
            "environ",
            "/proc/self/environ",
            "absolute paths are not allowed",
        ),
        ("envlocal", "agentcore/.env.local", "secrets file"),
    ];
    for (name, path, why) in cases {
        let dir = openapi_with_path(t, name, path);
        std::fs::write(
            dir.join("agentcore/.env.local"),
            "AGENTCORE_CREDENTIAL_X_CLIENT_SECRET=ghs_leaked\n",
        )
        .unwrap();
        for cmd in ["synth", "validate"] {
            let o = run_in(
                t,
                &[cmd, dir.to_str().unwrap()],
                &[("AGENTCORE_SYNTH_TEST_SECRET", "wJalrFAKEsecret")],
                Duration::from_secs(30),
            );
            assert_eq!(o.code, Some(1), "{name} {cmd}: {}", o.stderr);
            assert!(o.stderr.contains("AC3017"), "{name}: {}", o.stderr);
            assert!(
                o.stderr.contains(why),
                "{name}: want {why:?} in {}",
                o.stderr
            );
            assert!(
                o.stderr.contains("schemaSource.inline.path"),
                "{}",
                o.stderr
            );
            let all = o.all();
            assert!(!all.contains("root:"), "{name}: /etc/passwd content leaked");
            assert!(!all.contains("ghs_leaked"), "{name}: .env.local leaked");
            assert!(!all.contains(secret_env), "{name}: environment leaked");
        }
    }
    // A symlink that leads out of the project.
    let dir = openapi_with_path(t, "link", "specs/api.json");
    std::fs::remove_file(dir.join("specs/api.json")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("specs/api.json")).unwrap();
    let o = run(t, &["synth", dir.to_str().unwrap()]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains("outside the project"), "{}", o.stderr);
    assert!(!o.all().contains("root:"));
    // A symlink that stays inside is followed.
    let dir = openapi_with_path(t, "inside", "specs/link.json");
    std::os::unix::fs::symlink("api.json", dir.join("specs/link.json")).unwrap();
    let o = run(t, &["synth", dir.to_str().unwrap()]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(o.stdout.contains("InlinePayload"));
}

#[test]
fn check_and_diff_never_print_a_host_file() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let good = fixture("gw-target-openapi", t);
    let o = run(
        t,
        &["synth", good.to_str().unwrap(), "-o", "committed.yaml"],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let evil = openapi_with_path(t, "evil", "/proc/self/environ");
    let env = [("MY_CI_TOKEN", "ghp_leakedtoken")];
    let o = run_in(
        t,
        &["synth", evil.to_str().unwrap(), "--check", "committed.yaml"],
        &env,
        Duration::from_secs(30),
    );
    assert_eq!(o.code, Some(3), "the project is invalid: {}", o.stderr);
    assert!(!o.all().contains("ghp_leakedtoken"));
    let o = run_in(
        t,
        &["diff", "committed.yaml", evil.to_str().unwrap()],
        &env,
        Duration::from_secs(30),
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(!o.all().contains("ghp_leakedtoken"));
}

// ---- reading files: bounded, never blocking (F2) ----

#[test]
fn special_files_are_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // A FIFO and a device inside the project, as the schema file.
    let fifo_dir = openapi_with_path(t, "fifo", "specs/fifo");
    mkfifo(&fifo_dir.join("specs/fifo"));
    for args in [
        vec!["synth", fifo_dir.to_str().unwrap()],
        vec!["validate", fifo_dir.to_str().unwrap()],
        vec![
            "add",
            "credential",
            "--name",
            "extra",
            "--type",
            "api-key",
            fifo_dir.to_str().unwrap(),
        ],
    ] {
        let o = run_in(t, &args, &[], Duration::from_secs(20));
        assert_eq!(o.code, Some(1), "{args:?}: {}", o.stderr);
        assert!(
            o.stderr.contains("FIFO, not a regular file"),
            "{}",
            o.stderr
        );
    }
    let dev_dir = openapi_with_path(t, "dev", "specs/zero");
    std::os::unix::fs::symlink("/dev/zero", dev_dir.join("specs/zero")).unwrap();
    let o = run_in(
        t,
        &["synth", dev_dir.to_str().unwrap()],
        &[],
        Duration::from_secs(20),
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    // The project file itself as a pseudo-file: read is bounded and refused.
    let p = t.join("pagemap");
    std::fs::create_dir_all(p.join("agentcore")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", project_file(&p)).unwrap();
    let o = run_in(
        t,
        &["validate", p.to_str().unwrap()],
        &[("SECRET_TOKEN", "hunter2hunter2")],
        Duration::from_secs(20),
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("size changed while it was read"),
        "{}",
        o.stderr
    );
    assert!(!o.all().contains("hunter2hunter2"));
    // Template sides and --check files.
    let fifo = t.join("side.fifo");
    mkfifo(&fifo);
    let proj = fixture("gw-target-openapi", t);
    run(t, &["synth", proj.to_str().unwrap(), "-o", "t.json"]);
    for args in [
        vec!["diff", "/dev/zero", "t.json"],
        vec!["diff", fifo.to_str().unwrap(), "t.json"],
        vec!["synth", proj.to_str().unwrap(), "--check", "/dev/zero"],
        vec![
            "synth",
            proj.to_str().unwrap(),
            "--check",
            fifo.to_str().unwrap(),
        ],
    ] {
        let o = run_in(t, &args, &[], Duration::from_secs(20));
        assert_eq!(o.code, Some(2), "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("not a regular file"), "{}", o.stderr);
    }
    // The token-exchange config file.
    let edit = fixture("edit-base", t);
    for f in ["/dev/zero", fifo.to_str().unwrap()] {
        let o = run_in(
            t,
            &[
                "add",
                "credential",
                "--name",
                "x",
                "--type",
                "oauth",
                "--discovery-url",
                "https://idp.example.com/.well-known/openid-configuration",
                "--client-id",
                "c",
                "--token-exchange-config-file",
                f,
                edit.to_str().unwrap(),
            ],
            &[],
            Duration::from_secs(20),
        );
        assert_eq!(o.code, Some(2), "{f}: {}", o.stderr);
    }
}

#[test]
fn templates_over_cloudformations_limit_are_refused_before_parsing() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let big = format!(
        "{{\"Resources\": {{\"A\": {{\"Type\": \"T\", \"Properties\": {{\"X\": \"{}\"}}}}}}}}",
        "x".repeat(1_100_000)
    );
    std::fs::write(t.join("big.json"), &big).unwrap();
    std::fs::write(t.join("small.json"), "{\"Resources\": {}}").unwrap();
    let o = run(t, &["diff", "big.json", "small.json"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("at most 1000000 bytes"), "{}", o.stderr);
}

// ---- YAML input (F7) ----

#[test]
fn yaml_alias_fan_out_and_deep_nesting_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("t.json"), "{\"Resources\": {}}").unwrap();
    let fan = format!(
        "big: &b [{}]\nResources:\n  X:\n    Type: T\n    Properties:\n      P: [{}]\n",
        vec!["x"; 10_000].join(","),
        vec!["*b"; 2_000].join(",")
    );
    std::fs::write(t.join("aw.yaml"), fan).unwrap();
    let o = run_in(
        t,
        &["diff", "t.json", "aw.yaml"],
        &[],
        Duration::from_secs(20),
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(o.stderr.contains("too many values"), "{}", o.stderr);
    // Many distinct anchors (each remembered once, found in constant time).
    let anchors: Vec<String> = (0..90_000).map(|i| format!("&a{i} x")).collect();
    let many = format!(
        "Resources:\n  X:\n    Type: T\n    Properties:\n      P: [{}]\n",
        anchors.join(",")
    );
    std::fs::write(t.join("anchors.yaml"), many).unwrap();
    let o = run_in(
        t,
        &["diff", "t.json", "anchors.yaml"],
        &[],
        Duration::from_secs(30),
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let deep = format!(
        "Resources: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(t.join("deep.yaml"), deep).unwrap();
    let o = run_in(
        t,
        &["diff", "t.json", "deep.yaml"],
        &[],
        Duration::from_secs(20),
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
}

// ---- linear time (F8) ----

#[test]
fn wide_objects_and_many_diagnostics_finish_and_are_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let keys: Vec<String> = (0..5_000).map(|i| format!("\"k{i}\":0")).collect();
    let p = t.join("wide");
    std::fs::create_dir_all(p.join("agentcore")).unwrap();
    std::fs::write(
        project_file(&p),
        format!("{{\"name\":\"K\",\"version\":1,{}}}", keys.join(",")),
    )
    .unwrap();
    let o = run(t, &["validate", p.to_str().unwrap()]);
    assert_eq!(o.code, Some(1));
    assert!(
        o.stderr.contains("and 4900 more unknown keys"),
        "{}",
        &o.stderr[o.stderr.len().saturating_sub(500)..]
    );
    let dups: Vec<String> = (0..1_000)
        .map(|_| "{\"authorizerType\":\"ApiKeyCredentialProvider\",\"name\":\"a\"}".to_string())
        .collect();
    let q = t.join("dups");
    std::fs::create_dir_all(q.join("agentcore")).unwrap();
    std::fs::write(
        project_file(&q),
        format!(
            "{{\"name\":\"K\",\"version\":1,\"credentials\":[{}]}}",
            dups.join(",")
        ),
    )
    .unwrap();
    let o = run(
        t,
        &["validate", q.to_str().unwrap(), "--message-format", "json"],
    );
    assert_eq!(o.code, Some(1));
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 201, "200 diagnostics and one note");
    assert!(
        lines[200].contains("AC0007") && lines[200].contains("801 more"),
        "{}",
        lines[200]
    );
}

// ---- writing files (F3, F5, F6, F10, F16) ----

#[test]
fn output_onto_a_symlink_writes_the_file_it_names() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    std::fs::write(t.join("real.yaml"), "old\n").unwrap();
    std::os::unix::fs::symlink("real.yaml", t.join("link.yaml")).unwrap();
    let o = run(t, &["synth", proj.to_str().unwrap(), "-o", "link.yaml"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(std::fs::symlink_metadata(t.join("link.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(t.join("real.yaml"))
        .unwrap()
        .contains("Resources:"));
}

#[test]
fn output_onto_a_fifo_writes_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    let fifo = t.join("out.fifo");
    mkfifo(&fifo);
    // The test holds the FIFO open for reading and writing (non-blocking), so
    // the run's open does not wait and nothing here can block: what the run
    // writes (a small template) sits in the pipe buffer.
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let o = run(
        t,
        &[
            "synth",
            proj.to_str().unwrap(),
            "-o",
            fifo.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let mut got = Vec::new();
    let _ = end.read_to_end(&mut got); // stops at WouldBlock once drained
    let got = String::from_utf8_lossy(&got);
    assert!(
        got.contains("\"Resources\""),
        "the template went through the FIFO: {got:?}"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn output_onto_a_device_node_does_not_replace_it() {
    // Creating a device node needs root (CI runs as root); /dev/null itself
    // is never used, so a regression cannot break the machine.
    if !is_root() {
        eprintln!("not root: the character-device case needs mknod");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    let node = t.join("mynull");
    let c = std::ffi::CString::new(node.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mknod of /dev/null's device numbers (1, 3) in a temp dir.
    assert_eq!(
        unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) },
        0
    );
    let o = run(
        t,
        &[
            "synth",
            proj.to_str().unwrap(),
            "-o",
            node.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&node)
        .unwrap()
        .file_type()
        .is_char_device());
    // A directory is refused.
    let o = run(
        t,
        &["synth", proj.to_str().unwrap(), "-o", t.to_str().unwrap()],
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
}

#[test]
fn planted_symlinks_at_temporary_names_overwrite_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    std::fs::write(t.join("victim"), "precious\n").unwrap();
    std::fs::create_dir(t.join("shared")).unwrap();
    // The old scheme's names for the next few hundred PIDs.
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(std::process::id());
    for pid in last..last + 300 {
        let _ = std::os::unix::fs::symlink(
            "../victim",
            t.join(format!("shared/.template.yaml.agentcore-synth-{pid}.tmp")),
        );
    }
    let o = run(
        t,
        &[
            "synth",
            proj.to_str().unwrap(),
            "-o",
            "shared/template.yaml",
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(t.join("victim")).unwrap(),
        "precious\n"
    );
    let meta = std::fs::symlink_metadata(t.join("shared/template.yaml")).unwrap();
    assert!(meta.is_file());
}

#[test]
fn output_onto_a_file_the_project_reads_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    let before = std::fs::read(project_file(&proj)).unwrap();
    let spec_before = std::fs::read(proj.join("specs/api.json")).unwrap();
    for target in [project_file(&proj), proj.join("specs/api.json")] {
        let o = run(
            t,
            &[
                "synth",
                proj.to_str().unwrap(),
                "-o",
                target.to_str().unwrap(),
            ],
        );
        assert_eq!(o.code, Some(2), "{}", o.stderr);
        assert!(
            o.stderr.contains("a file the project reads"),
            "{}",
            o.stderr
        );
    }
    // Through a hard link too (same device and inode).
    std::fs::hard_link(project_file(&proj), t.join("hl.json")).unwrap();
    let o = run(t, &["synth", proj.to_str().unwrap(), "-o", "hl.json"]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert_eq!(std::fs::read(project_file(&proj)).unwrap(), before);
    assert_eq!(
        std::fs::read(proj.join("specs/api.json")).unwrap(),
        spec_before
    );
}

#[test]
fn output_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let proj = fixture("gw-target-openapi", t);
    std::fs::write(t.join("t.yaml"), "old").unwrap();
    std::fs::set_permissions(t.join("t.yaml"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = run(t, &["synth", proj.to_str().unwrap(), "-o", "t.yaml"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let mode = std::fs::metadata(t.join("t.yaml"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(t)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

// ---- edits (F4, F10, F15) ----

fn add_key(dir: &Path, name: &str) -> Out {
    run(
        dir.parent().unwrap(),
        &[
            "add",
            "credential",
            "--name",
            name,
            "--type",
            "api-key",
            dir.to_str().unwrap(),
        ],
    )
}

#[test]
fn edits_of_a_symlinked_file_change_the_real_file_and_keep_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    std::fs::create_dir_all(t.join("shared")).unwrap();
    std::fs::create_dir_all(t.join("proj/agentcore")).unwrap();
    std::fs::copy(project_file(&base), t.join("shared/real.json")).unwrap();
    std::fs::set_permissions(
        t.join("shared/real.json"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    if is_root() {
        std::os::unix::fs::chown(t.join("shared/real.json"), Some(1234), Some(1234)).unwrap();
    }
    std::os::unix::fs::symlink(
        "../../shared/real.json",
        t.join("proj/agentcore/agentcore.json"),
    )
    .unwrap();
    let o = add_key(&t.join("proj"), "z");
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let link = std::fs::symlink_metadata(t.join("proj/agentcore/agentcore.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    let real = std::fs::read_to_string(t.join("shared/real.json")).unwrap();
    assert!(real.contains("\"z\""), "the real file is edited");
    let meta = std::fs::metadata(t.join("shared/real.json")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    if is_root() {
        assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
    }
}

#[test]
fn parallel_edits_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    let bin = env!("CARGO_BIN_EXE_agentcore-synth");
    for i in 0..15 {
        let spawn = |name: String| {
            Command::new(bin)
                .args(["add", "credential", "--name", &name, "--type", "api-key"])
                .arg(&base)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn(format!("a{i}"));
        let b = spawn(format!("b{i}"));
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let text = std::fs::read_to_string(project_file(&base)).unwrap();
        // Each either landed, or was refused with a message; none was lost
        // while reporting success.
        for (name, r) in [(format!("a{i}"), ra), (format!("b{i}"), rb)] {
            let landed = text.contains(&format!("\"{name}\""));
            assert_eq!(
                r.status.code() == Some(0),
                landed,
                "round {i} {name}: {}",
                String::from_utf8_lossy(&r.stderr)
            );
        }
    }
}

#[test]
fn a_change_made_while_editing_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fixture("edit-base", tmp.path());
    let session = agentcore_synth::edit::session::Session::open(&base).unwrap();
    // A human's editor saves in the meantime.
    let mut v = read_json(&project_file(&base));
    v["name"] = json!("SavedByHand");
    write_json(&project_file(&base), &v);
    let after = session.render();
    let e = session.write(&after).unwrap_err();
    assert!(
        e.to_string()
            .contains("changed while editing; nothing written"),
        "{e}"
    );
    assert!(std::fs::read_to_string(project_file(&base))
        .unwrap()
        .contains("SavedByHand"));
}

#[test]
fn edits_read_like_the_loader() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    // A BOM is accepted (and kept).
    let text = std::fs::read(project_file(&base)).unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(&text);
    std::fs::write(project_file(&base), &bom).unwrap();
    let o = add_key(&base, "k1");
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let now = std::fs::read(project_file(&base)).unwrap();
    assert!(now.starts_with(b"\xef\xbb\xbf"));
    // A lone surrogate in an unknown key is kept as written.
    let s = String::from_utf8(now[3..].to_vec()).unwrap();
    let s = s.replacen("\"comment\"", "\"comment\\ud800\"", 1);
    std::fs::write(project_file(&base), s).unwrap();
    let o = add_key(&base, "k2");
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(std::fs::read_to_string(project_file(&base))
        .unwrap()
        .contains("\"comment\\ud800\""));
    // Invalid UTF-8: AC0004, exit 1, file unchanged.
    let mut bad = std::fs::read(project_file(&base)).unwrap();
    bad.extend_from_slice(b" \xff");
    std::fs::write(project_file(&base), &bad).unwrap();
    let o = add_key(&base, "k3");
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains("AC0004"), "{}", o.stderr);
    assert_eq!(std::fs::read(project_file(&base)).unwrap(), bad);
    // Over 16 MiB: AC0005.
    let mut big = std::fs::read(project_file(&fixture("edit-base", &t.join("b")))).unwrap();
    big.extend(std::iter::repeat_n(b' ', 17 * 1024 * 1024));
    std::fs::write(project_file(&base), &big).unwrap();
    let o = add_key(&base, "k4");
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains("AC0005"), "{}", o.stderr);
    // Two "credentials" arrays: refused, not silently merged.
    let dup = fixture("edit-base", &t.join("d"));
    let text = std::fs::read_to_string(project_file(&dup)).unwrap();
    let text = text.replacen(
        "\"credentials\": [",
        "\"credentials\": [],\n  \"credentials\": [",
        1,
    );
    std::fs::write(project_file(&dup), &text).unwrap();
    let o = add_key(&dup, "k5");
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.contains("has a key twice"), "{}", o.stderr);
    assert_eq!(std::fs::read_to_string(project_file(&dup)).unwrap(), text);
}

#[test]
fn a_failed_write_of_the_dry_run_diff_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fixture("edit-base", tmp.path());
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agentcore-synth"))
        .args([
            "add",
            "credential",
            "--name",
            "z",
            "--type",
            "api-key",
            "--dry-run",
        ])
        .arg(&base)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- secrets (F9, F13) ----

fn synth_json(t: &Path) -> Value {
    let proj = fixture("gw-target-openapi", t);
    let o = run(t, &["synth", proj.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str(&o.stdout).unwrap()
}

fn diff_all_formats(t: &Path, a: &Value, b: &Value) -> String {
    write_json(&t.join("a.json"), a);
    write_json(&t.join("b.json"), b);
    let mut all = String::new();
    for f in ["text", "markdown", "json"] {
        let o = run(t, &["diff", "a.json", "b.json", "--format", f]);
        assert_eq!(o.code, Some(1), "{f}: {}", o.stderr);
        all.push_str(&o.all());
    }
    all
}

#[test]
fn diff_masks_secrets_at_any_depth() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = synth_json(t);
    let provider = "/Resources/M2mOAuth2CredentialProvider/Properties/Oauth2ProviderConfigInput";
    let api_key = "/Resources/KeyApiKeyCredentialProvider/Properties/ApiKey";
    let set = |path: &str, v: Value| {
        let mut x = base.clone();
        *x.pointer_mut(path).unwrap() = v;
        x
    };
    let pairs: Vec<(Value, Value)> = vec![
        (
            set(
                "/Parameters/KeyApiKey",
                json!({"Type": "String", "NoEcho": true, "Default": "OLD_SECRET"}),
            ),
            set(
                "/Parameters/KeyApiKey",
                json!({"Type": "String", "NoEcho": true, "Default": "NEW_SECRET", "AllowedValues": ["ALLOWED_SECRET"]}),
            ),
        ),
        (
            set(
                provider,
                json!({"CustomOauth2ProviderConfig": {"ClientId": "a", "ClientSecret": "CS_OLD_SECRET"}}),
            ),
            set(
                provider,
                json!({"GithubOauth2ProviderConfig": {"ClientId": "a", "ClientSecret": "CS_NEW_SECRET"}}),
            ),
        ),
        (
            set(api_key, json!(["LIST_OLD_SECRET"])),
            set(api_key, json!("LIST_NEW_SECRET")),
        ),
        (
            set(api_key, json!({"Fn::If": ["C", "IF_OLD_SECRET", "x"]})),
            set(api_key, json!({"Fn::If": ["C", "IF_NEW_SECRET", "x"]})),
        ),
        (
            set(
                api_key,
                json!({"Fn::Sub": ["${a}", {"a": "SUB_OLD_SECRET"}]}),
            ),
            set(
                api_key,
                json!({"Fn::Sub": ["${a}", {"a": "SUB_NEW_SECRET"}]}),
            ),
        ),
    ];
    for (a, b) in pairs {
        let all = diff_all_formats(t, &a, &b);
        assert!(!all.contains("_SECRET"), "{all}");
        assert!(
            all.contains("(secret)") || all.contains("\"secret\": true"),
            "{all}"
        );
    }
}

#[test]
fn a_secret_written_into_agentcore_json_is_an_error_and_never_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    edit_json(&project_file(&base), |v| {
        v["credentials"][0]["clientSecret"] = json!("SUPERSECRET_VALUE");
        v["credentials"][1]["apiKey"] = json!("APIKEY_VALUE");
    });
    for fmt in ["human", "json"] {
        let o = run(
            t,
            &["validate", base.to_str().unwrap(), "--message-format", fmt],
        );
        assert_eq!(o.code, Some(1), "{}", o.stderr);
        assert_eq!(o.stderr.matches("AC1011").count(), 2, "{}", o.stderr);
        assert!(
            !o.stderr.contains("SUPERSECRET_VALUE") && !o.stderr.contains("APIKEY_VALUE"),
            "{}",
            o.stderr
        );
    }
    // A pasted secret as a reference is masked in excerpts too.
    let b2 = fixture("edit-base", &t.join("2"));
    edit_json(&project_file(&b2), |v| {
        v["credentials"][1]["secretRef"] = json!("PASTED_SECRET_VALUE");
    });
    let o = run(t, &["validate", b2.to_str().unwrap()]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(!o.stderr.contains("PASTED_SECRET_VALUE"), "{}", o.stderr);
}

#[test]
fn flags_and_config_files_are_not_echoed() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    let o = run(
        t,
        &[
            "add",
            "credential",
            "--name",
            "x",
            "--type",
            "api-key",
            "--secret-ref",
            "ghs_PASTEDSECRET",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, Some(2));
    assert!(!o.all().contains("ghs_PASTEDSECRET"), "{}", o.stderr);
    std::fs::write(t.join("shadow"), "root:$6$SHADOWHASH:20228:0:99999:7:::\n").unwrap();
    let o = run(
        t,
        &[
            "add",
            "credential",
            "--name",
            "x",
            "--type",
            "oauth",
            "--discovery-url",
            "https://idp.example.com/.well-known/openid-configuration",
            "--client-id",
            "c",
            "--token-exchange-config-file",
            "shadow",
            base.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, Some(2));
    assert!(!o.all().contains("SHADOWHASH"), "{}", o.stderr);
}

#[test]
fn terminal_escapes_and_bidi_overrides_are_escaped_in_human_output() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = fixture("edit-base", t);
    let text = std::fs::read_to_string(project_file(&base)).unwrap();
    let text = text.replacen(
        "\"comment\"",
        "\"comment\": 1, \"x\\u001b]0;TITLE\\u0007\\u001b[2J\u{202e}\": 1, \"c2\"",
        1,
    );
    std::fs::write(project_file(&base), text).unwrap();
    let o = run(t, &["validate", base.to_str().unwrap()]);
    assert!(o.stderr.contains("x\\u{1b}]0;TITLE"), "{}", o.stderr);
    assert!(
        !o.stderr.contains('\u{1b}')
            && !o.stderr.contains('\u{7}')
            && !o.stderr.contains('\u{202e}')
    );
    // Template values in diff reports, text and Markdown.
    let mut a = synth_json(&t.join("s"));
    let b = a.clone();
    a["Description"] = json!("line\r| injected |\u{1b}[2K");
    write_json(&t.join("a.json"), &a);
    write_json(&t.join("b.json"), &b);
    for f in ["text", "markdown"] {
        let o = run(t, &["diff", "a.json", "b.json", "--format", f]);
        assert_eq!(o.code, Some(1));
        assert!(
            !o.stdout.contains('\r') && !o.stdout.contains('\u{1b}'),
            "{f}: {:?}",
            o.stdout
        );
    }
}

// ---- round trips (F11, F14, F16) ----

#[test]
fn what_synth_writes_check_reads_back_as_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let conn = fixture("gw-target-connector", t);
    let re = regex::Regex::new(r#""numberOfResults": [^,}\s]+"#).unwrap();
    for n in [
        "5.50",
        "5e0",
        "1E-1",
        "-0",
        "1e2",
        "100000000000000000000",
        "0.1000000000000000000001",
    ] {
        let text = std::fs::read_to_string(project_file(&conn)).unwrap();
        let text = re
            .replace(&text, format!("\"numberOfResults\": {n}").as_str())
            .into_owned();
        std::fs::write(project_file(&conn), text).unwrap();
        for out in ["c.yaml", "c.json"] {
            let o = run(t, &["synth", conn.to_str().unwrap(), "-o", out]);
            assert_eq!(o.code, Some(0), "{n}: {}", o.stderr);
            let o = run(t, &["synth", conn.to_str().unwrap(), "--check", out]);
            assert_eq!(o.code, Some(0), "{n} {out}: {}{}", o.stdout, o.stderr);
        }
        let o = run(t, &["diff", "c.json", "c.yaml"]);
        assert_eq!(o.code, Some(0), "{n}: {}", o.stdout);
    }
    // Out of double range: refused when read (JSON.parse would say Infinity).
    let text = std::fs::read_to_string(project_file(&conn)).unwrap();
    std::fs::write(
        project_file(&conn),
        re.replace(&text, "\"numberOfResults\": 1e400").as_ref(),
    )
    .unwrap();
    let o = run(t, &["synth", conn.to_str().unwrap()]);
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("out of range"), "{}", o.stderr);
    // U+FFFE / U+FFFF in a description.
    let u = t.join("u");
    write_json(
        &project_file(&u),
        &json!({"name": "Minimal", "version": 1, "agentCoreGateways": [{"name": "g", "description": "tools \u{ffff}\u{fffe}\u{2028}", "targets": [{"name": "t", "targetType": "mcpServer", "endpoint": "https://x.example.com/mcp"}]}]}),
    );
    let o = run(t, &["synth", u.to_str().unwrap(), "-o", "u.yaml"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let o = run(t, &["synth", u.to_str().unwrap(), "--check", "u.yaml"]);
    assert_eq!(o.code, Some(0), "{}{}", o.stdout, o.stderr);
}

#[test]
fn diff_reads_yaml_as_yaml_1_1_and_json_strictly() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let w = |name: &str, text: &str| std::fs::write(t.join(name), text).unwrap();
    let res = |p: &str| format!("Resources:\n  A:\n    Type: T\n    Properties:\n{p}");
    // yes / 1_000 are not the strings "yes" / "1_000"; 0o17 is a string.
    w(
        "a.yaml",
        &res("      Y: yes\n      M: 1_000\n      N: 0o17\n"),
    );
    w(
        "b.yaml",
        &res("      Y: 'yes'\n      M: '1_000'\n      N: '0o17'\n"),
    );
    let o = run(t, &["diff", "a.yaml", "b.yaml", "--format", "json"]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let j: Value = serde_json::from_str(&o.stdout).unwrap();
    let paths: Vec<&str> = j["resources"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["Properties.M", "Properties.Y"]);
    // !Condition C is {"Condition": "C"}.
    w("c.yaml", &res("      P: !Condition C\n"));
    w(
        "c.json",
        r#"{"Resources": {"A": {"Type": "T", "Properties": {"P": {"Condition": "C"}}}}}"#,
    );
    assert_eq!(run(t, &["diff", "c.yaml", "c.json"]).code, Some(0));
    // Unknown tags and duplicate JSON keys are errors.
    w("d.yaml", &res("      P: !Foo x\n"));
    let o = run(t, &["diff", "d.yaml", "c.json"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("unknown tag !Foo"), "{}", o.stderr);
    w(
        "e.json",
        r#"{"Resources": {"A": {"Type": "T"}}, "Resources": {}}"#,
    );
    assert_eq!(run(t, &["diff", "e.json", "c.json"]).code, Some(2));
    // Big numbers compare exactly.
    w(
        "f.json",
        r#"{"Resources": {"A": {"Type": "T", "Properties": {"N": 100000000000000000000000000000000001}}}}"#,
    );
    w(
        "g.json",
        r#"{"Resources": {"A": {"Type": "T", "Properties": {"N": 100000000000000000000000000000000002}}}}"#,
    );
    let o = run(t, &["diff", "f.json", "g.json"]);
    assert_eq!(o.code, Some(1), "{}", o.stdout);
    assert!(
        o.stdout.contains("100000000000000000000000000000000002"),
        "{}",
        o.stdout
    );
}

#[test]
fn check_refuses_a_project_as_the_committed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let p = fixture("gw-target-openapi", t);
    for file in [project_file(&p), p.clone()] {
        let o = run(
            t,
            &[
                "synth",
                p.to_str().unwrap(),
                "--check",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(o.code, Some(2), "{}", o.stderr);
        assert!(o.stderr.contains("is a project"), "{}", o.stderr);
    }
}

// ---- names (F12) ----

#[test]
fn logical_ids_are_unique_for_valid_projects() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let target = |n: &str| json!({"name": n, "targetType": "mcpServer", "endpoint": "https://x.example.com/mcp"});
    let key = |n: &str| json!({"authorizerType": "ApiKeyCredentialProvider", "name": n});
    let projects = [
        json!({"name": "Minimal", "version": 1, "agentCoreGateways": [
            {"name": "a", "targets": [target("b-c")]}, {"name": "a-b", "targets": [target("c")]}]}),
        json!({"name": "Minimal", "version": 1, "credentials": [key("my-key"), key("my_key"), key("my-key-B3E680D1")]}),
    ];
    for (i, p) in projects.iter().enumerate() {
        let dir = t.join(format!("p{i}"));
        write_json(&project_file(&dir), p);
        let o = run(t, &["synth", dir.to_str().unwrap()]);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
    }
    // Generated name sets made to collide: never an internal error.
    let mut rng = common::Rng(7);
    // Gateway and target names allow hyphens only; credential names also `_`.
    let hyphen = ["a", "b", "a-b", "b-a", "ab", "a-b-c", "abc", "ab-c"];
    let under = ["a", "a_b", "a-b", "ab", "a_b_1", "ab1", "a-b1"];
    for round in 0..40 {
        let mut names = std::collections::BTreeSet::new();
        let mut cnames = std::collections::BTreeSet::new();
        for _ in 0..6 {
            names.insert(format!(
                "{}{}",
                hyphen[rng.below(hyphen.len())],
                ["", "-1", "1"][rng.below(3)]
            ));
            cnames.insert(format!(
                "{}{}",
                under[rng.below(under.len())],
                ["", "-1", "_1", "1"][rng.below(4)]
            ));
        }
        let gws: Vec<Value> = names
            .iter()
            .take(3)
            .map(|g| json!({"name": g, "targets": names.iter().map(|n| target(n)).collect::<Vec<_>>()}))
            .collect();
        let creds: Vec<Value> = cnames.iter().map(|n| key(n)).collect();
        let dir = t.join(format!("r{round}"));
        write_json(
            &project_file(&dir),
            &json!({"name": "Minimal", "version": 1, "credentials": creds, "agentCoreGateways": gws}),
        );
        let o = run(t, &["synth", dir.to_str().unwrap()]);
        assert!(!o.stderr.contains("AC9001"), "{names:?}: {}", o.stderr);
        assert_eq!(o.code, Some(0), "{names:?}: {}", o.stderr);
    }
}

#[test]
fn stdin_is_a_diff_side() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("a.json"), "{\"Resources\": {}}").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_agentcore-synth"))
        .args(["diff", "-", "a.json"])
        .current_dir(t)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Resources: {}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_case_that_synthesizes_reads_back_as_up_to_date() {
    use agentcore_synth::template::Format;
    let mut checked = 0;
    for (name, dir) in common::cases() {
        let outcome = agentcore_synth::compile(&dir).unwrap();
        let Some(t) = &outcome.template else { continue };
        let fresh = agentcore_synth::diff::read::doc(&t.to_value()).unwrap();
        for format in [Format::Json, Format::Yaml] {
            let text = agentcore_synth::template::emit(t, format);
            let read = agentcore_synth::diff::read::parse(&text)
                .unwrap_or_else(|e| panic!("{name} {format:?}: {e}"));
            let report = agentcore_synth::diff::compare(&read, &fresh);
            assert!(report.is_empty(), "{name} {format:?}: {report:?}");
        }
        checked += 1;
    }
    assert!(checked > 30, "only {checked} cases synthesize");
}

#[test]
fn a_project_file_linked_outside_the_project_is_never_quoted() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(
        t.join("credentials"),
        "[default]\naws_secret_access_key = LINKED_SECRET\n",
    )
    .unwrap();
    let p = t.join("p");
    std::fs::create_dir_all(p.join("agentcore")).unwrap();
    std::os::unix::fs::symlink("../../credentials", project_file(&p)).unwrap();
    let o = run(t, &["synth", p.to_str().unwrap(), "--check", "x.yaml"]);
    let o2 = run(t, &["validate", p.to_str().unwrap()]);
    for o in [o, o2] {
        assert_ne!(o.code, Some(0));
        assert!(!o.all().contains("LINKED_SECRET"), "{}", o.all());
    }
    let o = run(t, &["validate", p.to_str().unwrap()]);
    assert!(
        o.stderr.contains("AC0002") && o.stderr.contains("no excerpt"),
        "{}",
        o.stderr
    );
}
