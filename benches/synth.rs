//! `cargo bench --bench synth`: the cost of each stage for the example
//! (`small`), `large` (10 gateways × 38 targets, 50 credentials, 5 runtimes,
//! 5 memories) and `huge`
//! (10× large, through the library with the limit checks off), the
//! whole-process wall time and peak memory of `agentcore-synth synth`, and
//! the floor: parsing the input and writing the output bytes with
//! serde_json alone. Prints a Markdown table for docs/performance.md.

use agentcore_synth::generate::{project_json, Shape};
use agentcore_synth::template::{self, Format};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median time of `f`, its result freed outside the timed region (the
/// CLI exits without freeing what it built; what a stage frees itself, such
/// as the parse tree `load` decodes, is timed).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let r = std::hint::black_box(f());
        out.push(start.elapsed());
        drop(r);
    }
    median(out)
}

/// Like [`time`], for a step that consumes its input: `make` builds a fresh
/// input outside the timed region.
fn time_owned<I, T>(
    runs: usize,
    mut make: impl FnMut() -> I,
    mut f: impl FnMut(I) -> T,
) -> Duration {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let input = make();
        let start = Instant::now();
        let r = std::hint::black_box(f(input));
        out.push(start.elapsed());
        drop(r);
    }
    median(out)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

struct Row {
    name: &'static str,
    /// Whole pipeline ÷ floor, timed alternately (frees not timed).
    interleaved: f64,
    /// The same with the frees of what each built timed too.
    with_frees: f64,
    input_bytes: usize,
    resources: usize,
    load: Duration,
    validate: Duration,
    lower: Duration,
    check: Duration,
    json: Duration,
    yaml: Duration,
    floor: Duration,
    process: Option<(Duration, f64)>,
}

impl Row {
    fn synth(&self) -> Duration {
        self.load + self.validate + self.lower + self.check + self.json
    }
}

/// Whole-process wall time (median) and peak RSS of `agentcore-synth synth`,
/// measured by the runner (see [`runner`]).
fn process(runner: &mut Runner, dir: &Path, runs: usize) -> (Duration, f64) {
    use std::io::{BufRead, Write};
    let stdin = runner.stdin.as_mut().unwrap();
    writeln!(stdin, "{}\t{runs}", dir.display()).unwrap();
    let mut line = String::new();
    runner.stdout.read_line(&mut line).unwrap();
    let (ns, kib) = line.trim().split_once(' ').expect("runner answers");
    (
        Duration::from_nanos(ns.parse().unwrap()),
        kib.parse::<f64>().unwrap() / 1024.0,
    )
}

/// A small process, started before the benchmark loads anything, that runs
/// the `synth` processes. Peak RSS comes from the kernel's accounting of
/// waited-for children, which counts the spawning process's own peak at
/// the child's `exec` (the child shares its address space until then): spawned
/// from the benchmark itself, every child would report the benchmark's
/// memory (16 MiB once `large` is loaded), not its own.
struct Runner {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        // End of input ends the runner.
        self.stdin.take();
        let _ = self.child.wait();
    }
}

fn start_runner() -> Runner {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("AGENTCORE_SYNTH_BENCH_RUNNER", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    Runner {
        stdin: child.stdin.take(),
        stdout: std::io::BufReader::new(child.stdout.take().unwrap()),
        child,
    }
}

/// The runner: for each line `DIR\tRUNS`, run `synth DIR -o FILE` RUNS times
/// and answer `MEDIAN_NS PEAK_KIB` (the largest child so far: shapes run from
/// small to large).
fn runner() {
    use std::io::{BufRead, Write};
    let bin = env!("CARGO_BIN_EXE_agentcore-synth");
    let out =
        std::env::temp_dir().join(format!("agentcore-synth-bench-{}.json", std::process::id()));
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let (dir, runs) = line.split_once('\t').unwrap();
        let wall = time(runs.parse().unwrap(), || {
            let st = Command::new(bin)
                .arg("synth")
                .arg(dir)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stderr)
            );
        });
        let _ = std::fs::remove_file(&out);
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
        let mut o = std::io::stdout();
        writeln!(o, "{} {}", wall.as_nanos(), usage.ru_maxrss).unwrap();
        o.flush().unwrap();
    }
}

fn measure(name: &'static str, dir: &Path, runs: usize, runner: Option<&mut Runner>) -> Row {
    let file = agentcore_synth::project::find_project_file(dir).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let load = time(runs, || agentcore_synth::project::load(dir).unwrap());
    let loaded = agentcore_synth::project::load(dir).unwrap();
    let project = loaded.project.expect("generated project decodes");
    let validate = time(runs, || {
        let mut d = Vec::new();
        agentcore_synth::validate::validate(&project, &mut d);
        assert!(!d.iter().any(|x| x.is_error()), "{d:#?}");
        d
    });
    let lower = time(runs, || agentcore_synth::synth::lower(&project));
    let (t, _) = agentcore_synth::synth::lower(&project);
    let check = time(runs, || {
        let mut d = Vec::new();
        agentcore_synth::check::schema::check_template(&t, &mut d);
        assert!(d.is_empty(), "{d:#?}");
        d
    });
    // As `synth` does it: the template is moved (not copied) into its
    // canonical form, then written.
    let json = time_owned(
        runs,
        || t.clone(),
        |t| template::emit_value(&t.into_value(), Format::Json),
    );
    let yaml = time_owned(
        runs,
        || t.clone(),
        |t| template::emit_value(&t.into_value(), Format::Yaml),
    );
    // The floor: serde_json parses the input and writes the same template.
    let out_value: serde_json::Value =
        serde_json::from_str(&template::emit(&t, Format::Json)).unwrap();
    let floor = time(runs, || {
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(v);
        serde_json::to_string_pretty(&out_value).unwrap()
    });
    // The whole pipeline and the floor, alternated run by run, so that both
    // see the same machine: the ratio of their medians is the least noisy
    // figure this shared machine gives.
    // What each built is freed after its clock stops, as `synth` exits
    // without freeing its trees; the frees are timed on their own, for the
    // ratio with them.
    let (mut whole, mut bare) = (Vec::new(), Vec::new());
    let (mut whole_freed, mut bare_freed) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let p = agentcore_synth::project::load(dir)
            .unwrap()
            .project
            .unwrap();
        let mut d = Vec::new();
        agentcore_synth::validate::validate(&p, &mut d);
        let (t, _) = agentcore_synth::synth::lower(&p);
        agentcore_synth::check::schema::check_template(&t, &mut d);
        let canonical = t.into_value();
        let out = std::hint::black_box(template::emit_value(&canonical, Format::Json));
        let built = start.elapsed();
        whole.push(built);
        let start = Instant::now();
        drop((p, d, canonical, out));
        whole_freed.push(built + start.elapsed());
        let start = Instant::now();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let v = std::hint::black_box(v);
        let out = std::hint::black_box(serde_json::to_string_pretty(&out_value).unwrap());
        let built = start.elapsed();
        bare.push(built);
        let start = Instant::now();
        drop((v, out));
        bare_freed.push(built + start.elapsed());
    }
    let with_frees = median(whole_freed).as_secs_f64() / median(bare_freed).as_secs_f64();
    let interleaved = median(whole).as_secs_f64() / median(bare).as_secs_f64();
    Row {
        interleaved,
        with_frees,
        name,
        input_bytes: bytes.len(),
        resources: t.resources.len(),
        load,
        validate,
        lower,
        check,
        json,
        yaml,
        floor,
        process: runner.map(|r| process(r, dir, runs.min(30))),
    }
}

fn generated(shape: Shape, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "agentcore-synth-bench-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(dir.join("agentcore")).unwrap();
    std::fs::write(dir.join("agentcore/agentcore.json"), project_json(shape)).unwrap();
    dir
}

fn main() {
    if std::env::var_os("AGENTCORE_SYNTH_BENCH_RUNNER").is_some() {
        return runner();
    }
    // Before anything is loaded (see `Runner`).
    let mut runner = start_runner();
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let large = generated(Shape::LARGE, "large");
    let huge = generated(Shape::HUGE, "huge");
    let rows = vec![
        measure(
            "small (examples/obo-gateway)",
            &root.join("examples/obo-gateway"),
            200,
            Some(&mut runner),
        ),
        measure(
            "large (10 gw × 38 targets, 50 creds, 5 runtimes, 5 memories)",
            &large,
            50,
            Some(&mut runner),
        ),
        measure("huge (10× large, library, limits off)", &huge, 7, None),
    ];
    println!("| shape | input | resources | load | validate | lower | schema check | emit JSON | emit YAML | synth total (in-process) | floor (serde_json) | synth ÷ floor | ÷ floor, alternated | alternated, frees timed | process wall | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let (wall, rss) = r
            .process
            .map(|(w, m)| (format!("{} ms", ms(w)), format!("{m:.1} MiB")))
            .unwrap_or(("–".into(), "–".into()));
        println!(
            "| {} | {} B | {} | {} | {} | {} | {} | {} | {} | {} ms | {} ms | {:.2} | {:.2} | {:.2} | {} | {} |",
            r.name,
            r.input_bytes,
            r.resources,
            ms(r.load),
            ms(r.validate),
            ms(r.lower),
            ms(r.check),
            ms(r.json),
            ms(r.yaml),
            ms(r.synth()),
            ms(r.floor),
            r.synth().as_secs_f64() / r.floor.as_secs_f64(),
            r.interleaved,
            r.with_frees,
            wall,
            rss
        );
    }
    // `synth --check` of an up-to-date template, against `synth` itself
    // (both whole processes, same project, same run).
    let bin = env!("CARGO_BIN_EXE_agentcore-synth");
    let committed = std::env::temp_dir().join(format!(
        "agentcore-synth-bench-check-{}.json",
        std::process::id()
    ));
    let st = Command::new(bin)
        .arg("synth")
        .arg(&large)
        .arg("-q")
        .arg("-o")
        .arg(&committed)
        .output()
        .unwrap();
    assert!(st.status.success());
    let synth_wall = time(30, || {
        Command::new(bin)
            .arg("synth")
            .arg(&large)
            .arg("-q")
            .arg("-o")
            .arg("/dev/null")
            .output()
            .unwrap()
    });
    let check_wall = time(30, || {
        let o = Command::new(bin)
            .arg("synth")
            .arg(&large)
            .arg("-q")
            .arg("--check")
            .arg(&committed)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    });
    let _ = std::fs::remove_file(&committed);
    println!();
    println!(
        "synth --check (up to date, large): {} ms against synth {} ms: {:.2}× synth",
        ms(check_wall),
        ms(synth_wall),
        check_wall.as_secs_f64() / synth_wall.as_secs_f64()
    );
    // `diff` of two large templates (every tenth resource changed, one
    // removed), against parsing both with serde_json.
    let old_text = {
        let loaded = agentcore_synth::project::load(&large).unwrap();
        let (t, _) = agentcore_synth::synth::lower(&loaded.project.unwrap());
        template::emit_value(&t.into_value(), Format::Json)
    };
    let new_text = {
        let mut v: serde_json::Value = serde_json::from_str(&old_text).unwrap();
        let rs = v["Resources"].as_object_mut().unwrap();
        let first = rs.keys().next().unwrap().clone();
        rs.shift_remove(&first);
        for (i, (_, r)) in rs.iter_mut().enumerate() {
            if i % 10 == 0 {
                r["Properties"]["Description"] = format!("changed {i}").into();
            }
        }
        serde_json::to_string_pretty(&v).unwrap()
    };
    // Alternated run by run, as the synth ratio is, so both see the same
    // machine. The documents are freed after the clock stops, as `diff`
    // exits without freeing them (and the floor's values likewise).
    let (mut diffs, mut parses) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        let start = Instant::now();
        let a = agentcore_synth::diff::read::parse(&old_text).unwrap();
        let b = agentcore_synth::diff::read::parse(&new_text).unwrap();
        let kept = std::hint::black_box(agentcore_synth::diff::compare_keeping(a, b));
        diffs.push(start.elapsed());
        drop(kept);
        let start = Instant::now();
        let a: serde_json::Value = serde_json::from_str(&old_text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&new_text).unwrap();
        let kept = std::hint::black_box((a, b));
        parses.push(start.elapsed());
        drop(kept);
    }
    let (diff, parse_both) = (median(diffs), median(parses));
    println!();
    println!(
        "diff of two large templates (in-process, read both + compare): {} ms against serde_json parsing both {} ms: {:.2}× the floor",
        ms(diff),
        ms(parse_both),
        diff.as_secs_f64() / parse_both.as_secs_f64()
    );
    let (l, h) = (&rows[1], &rows[2]);
    // k in time ∝ input size^k, from `large` to `huge`.
    let k = |small: Duration, big: Duration| {
        (big.as_secs_f64() / small.as_secs_f64()).ln()
            / (h.input_bytes as f64 / l.input_bytes as f64).ln()
    };
    let exponent = k(l.synth(), h.synth());
    println!();
    println!(
        "schema check per resource: large {:.1} µs, huge {:.1} µs",
        l.check.as_secs_f64() * 1e6 / l.resources as f64,
        h.check.as_secs_f64() * 1e6 / h.resources as f64
    );
    let floor_exponent = k(l.floor, h.floor);
    println!("cost exponent large → huge (time ∝ input size^k): k = {exponent:.3} (the floor's own: k = {floor_exponent:.3})");
    let _ = std::fs::remove_dir_all(large);
    let _ = std::fs::remove_dir_all(huge);
}
