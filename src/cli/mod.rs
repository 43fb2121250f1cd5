//! The command line: flag definitions (clap derive) and one function per
//! command. Commands write to injected writers so tests capture output;
//! [`main`] binds them to the process.

mod diff;
mod edit;
mod package;
mod params;
mod synth;
mod validate;

use crate::diagnostics::render::{self, Format as MsgFormat, Source, Style};
use crate::diagnostics::Diagnostic;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Exit codes, like ripgrep and diff: 0 success, 1 invalid/changed, 2 usage or I/O.
pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
/// `synth --check`: the project itself is invalid (so the file cannot be
/// checked), distinct from a stale file (1).
pub const EXIT_CHECK_INVALID: i32 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "agentcore-synth",
    version,
    about = "Compile an AgentCore project (agentcore/agentcore.json) into one CloudFormation template",
    after_help = "Exit codes: 0 success, 1 the project is invalid (or the diff found changes, or --check found the template stale), 2 usage or I/O error, 3 (synth --check) the project is invalid.\nDocumentation: docs/ in the repository (errors.md lists every diagnostic code)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// How diagnostics are printed on stderr.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print no notes (errors and warnings still print).
    #[arg(short, long)]
    pub quiet: bool,
    /// With PROJECT `-` (agentcore.json on standard input): the project
    /// root, against which the file's local paths resolve.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Compile the project at `project`, or, for `-`, the agentcore.json read
/// from standard input (bounded like a file) with `root` as its project root.
pub fn compile(project: &std::path::Path, common: &Common) -> Result<crate::Outcome, String> {
    if project != std::path::Path::new("-") {
        return crate::compile(project).map_err(|e| e.to_string());
    }
    use crate::project::load::{self, MAX_FILE_BYTES};
    let file = common.root.join("agentcore").join("agentcore.json");
    let loaded = match crate::fsio::read_stdin(MAX_FILE_BYTES) {
        Ok(bytes) => load::load_bytes(&file, "<stdin>".into(), bytes),
        Err(crate::fsio::ReadError::TooLarge { size, .. }) => {
            load::too_large("<stdin>".into(), size)
        }
        Err(e) => return Err(format!("cannot read the project from standard input: {e}")),
    };
    Ok(crate::compile_loaded(loaded))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Synthesize the CloudFormation template of a project.
    #[command(
        after_help = "Examples:\n  agentcore-synth synth                         # ./agentcore/agentcore.json, JSON to stdout\n  agentcore-synth synth . -o template.yaml      # YAML (from the extension), written atomically\n  agentcore-synth synth . --check template.yaml # CI: 0 current, 1 stale, 3 project invalid"
    )]
    Synth {
        /// Project directory or agentcore.json path.
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Write the template to FILE (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Output format; default from the -o extension, else JSON.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write nothing; exit 0 when FILE equals what would be synthesized,
        /// 1 (with the semantic diff) when it is out of date, 3 when the
        /// project is invalid, 2 on usage or I/O errors.
        #[arg(long, value_name = "FILE", conflicts_with = "output")]
        check: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Compare two templates or projects semantically (exit 0 same, 1 changed, 2 error).
    #[command(
        after_help = "Examples:\n  agentcore-synth diff old.yaml new.yaml\n  agentcore-synth diff template.yaml .             # committed template vs the project now\n  git show main:template.yaml | agentcore-synth diff - template.yaml --format markdown"
    )]
    Diff {
        /// Old side: a template file (JSON or YAML) or a project.
        old: PathBuf,
        /// New side: a template file (JSON or YAML) or a project.
        new: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text)]
        format: diff::DiffFormat,
        #[command(flatten)]
        common: Common,
    },
    /// Add to agentcore.json (validated, atomic, everything else kept).
    Add {
        #[command(subcommand)]
        what: AddWhat,
    },
    /// Set a setting in agentcore.json (validated, atomic, everything else kept).
    Set {
        #[command(subcommand)]
        what: SetWhat,
    },
    /// Remove from agentcore.json (validated, atomic, everything else kept).
    Remove {
        #[command(subcommand)]
        what: RemoveWhat,
    },
    /// Draw who calls whom with what: inbound auth, gateways, targets,
    /// credential providers (grant, on-behalf-of), secrets, endpoints.
    #[command(
        after_help = "Examples:\n  agentcore-synth graph                    # Mermaid (GitHub renders it in Markdown)\n  agentcore-synth graph . --format dot | dot -Tsvg > identity.svg"
    )]
    Graph {
        /// Project directory or agentcore.json path (`-`: standard input).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        #[command(flatten)]
        common: Common,
    },
    /// List the parameters the template needs, or write the parameter file
    /// `aws cloudformation deploy --parameter-overrides file://FILE` reads.
    #[command(
        after_help = "Examples:\n  agentcore-synth params                            # every parameter: kind, value, description\n  agentcore-synth params . -o params.json --target prod   # every parameter: the values the project and target determine, secrets named without a value\n  agentcore-synth params . -o params.json --omit-unset    # for an update: what has no value is left out, the stack keeps it\n  agentcore-synth params . --secrets-from-env -o - | aws cloudformation deploy --template-file template.json --stack-name s --parameter-overrides file:///dev/stdin"
    )]
    Params {
        /// Project directory or agentcore.json path (`-`: standard input).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Listing format (without -o).
        #[arg(long, value_enum, default_value_t = params::ParamsFormat::Text)]
        format: params::ParamsFormat,
        /// Write the parameter file (a JSON array of Key=Value) to FILE (`-`: stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Deployment target of agentcore/aws-targets.json whose account and
        /// region determine values (existing providers' ARNs).
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        /// Fill secret parameters from AGENTCORE_PARAM_<Parameter> environment
        /// variables (only into a stream: -o -, a pipe; never a file).
        #[arg(long)]
        secrets_from_env: bool,
        /// Leave out of the file every parameter without a value (secrets
        /// not filled, values nothing determines), so that `aws
        /// cloudformation deploy` keeps the stack's values on an update.
        /// Without it they are named with an empty value, which
        /// CloudFormation refuses (every parameter has MinLength 1).
        #[arg(long)]
        omit_unset: bool,
        /// Take values from a parameter file (e.g. the one `package
        /// --s3-bucket` writes); repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Set a non-secret parameter: KEY=VALUE; repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Build the code zips the template's artifact parameters stand for,
    /// deterministically (the same code gives the same bytes).
    #[command(
        after_help = "Examples:\n  agentcore-synth package . -o dist                          # dist/<sha256>.zip per CodeZip runtime\n  agentcore-synth package . -o dist --s3-bucket my-artifacts # also dist/params.json with their bucket and keys"
    )]
    Package {
        /// Project directory or agentcore.json path.
        #[arg(default_value = ".")]
        project: PathBuf,
        /// The directory the zips are written to.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The bucket the zips will be uploaded to: writes the parameter file
        /// with <Runtime>CodeBucket and <Runtime>CodeKey filled.
        #[arg(long, value_name = "BUCKET")]
        s3_bucket: Option<String>,
        /// Where the parameter file goes (default DIR/params.json).
        #[arg(long, value_name = "FILE", requires = "s3_bucket")]
        params: Option<PathBuf>,
        /// Deployment target of agentcore/aws-targets.json (account, region).
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  agentcore-synth completions bash > /etc/bash_completion.d/agentcore-synth\n  agentcore-synth completions zsh > \"${fpath[1]}/_agentcore-synth\""
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout.
    #[command(
        after_help = "Example:\n  agentcore-synth man > agentcore-synth.1 && man ./agentcore-synth.1"
    )]
    Man,
    /// Write a synthetic project of a given shape (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// `large` (10 gateways x 40 targets, 50 credentials) or `huge` (10x large).
        shape: String,
        /// Directory to create the project in (`<dir>/agentcore/agentcore.json`).
        dir: PathBuf,
    },
    /// Check a project and report every problem; writes nothing.
    #[command(
        after_help = "Examples:\n  agentcore-synth validate\n  agentcore-synth validate path/to/project --deny-warnings --message-format json"
    )]
    Validate {
        /// Project directory or agentcore.json path.
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum AddWhat {
    /// Add a credential (OAuth with token exchange, API key or payment).
    #[command(
        after_help = "Examples:\n  agentcore-synth add credential --name entra-obo --type oauth --discovery-url https://login.example.com/.well-known/openid-configuration --client-id app-123 --client-secret-ref prod/entra:client_secret --token-exchange-grant-type TOKEN_EXCHANGE\n  agentcore-synth add credential --name weather --type api-key --secret-ref prod/weather:key --dry-run"
    )]
    Credential(edit::AddCredential),
}

#[derive(Debug, Subcommand)]
pub enum SetWhat {
    /// Set a gateway target's outbound auth (type, credential, grant type, …).
    #[command(
        after_help = "Examples:\n  agentcore-synth set target-auth --gateway tools --target search --type OAUTH --credential entra-obo --grant-type TOKEN_EXCHANGE --scopes api://search/.default\n  agentcore-synth set target-auth --gateway tools --target proxy --type GATEWAY_IAM_ROLE --service execute-api --region us-east-1"
    )]
    TargetAuth(edit::SetTargetAuth),
}

#[derive(Debug, Subcommand)]
pub enum RemoveWhat {
    /// Remove a credential no target uses.
    #[command(
        after_help = "Example:\n  agentcore-synth remove credential --name weather --dry-run"
    )]
    Credential(edit::RemoveCredential),
}

/// At most this many diagnostics are printed per run (the summary line
/// still counts all of them).
pub const MAX_PRINTED_DIAGNOSTICS: usize = 200;

/// Where output goes and how it looks.
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Color on stderr (diagnostics).
    pub color: bool,
    /// Color on stdout (diff reports).
    pub color_stdout: bool,
    /// The process exits right after the command (memory need not be freed).
    pub exiting: bool,
    /// How errors outside a project's diagnostics (I/O, usage) are printed;
    /// set from the command's `--message-format`.
    pub message_format: MessageFormat,
    /// `--quiet`: notes are not printed.
    pub quiet: bool,
}

impl Io<'_> {
    /// Render diagnostics (and a closing summary line in human form).
    pub fn diagnostics(
        &mut self,
        diags: &[Diagnostic],
        source: Option<&Source>,
        format: MessageFormat,
    ) {
        let (fmt, style) = match format {
            MessageFormat::Human => (MsgFormat::Human, Style { color: self.color }),
            MessageFormat::Json => (MsgFormat::Json, Style { color: false }),
        };
        let without_notes: Vec<Diagnostic>;
        let diags: &[Diagnostic] = if self.quiet {
            without_notes = diags
                .iter()
                .filter(|d| d.severity != crate::diagnostics::Severity::Note)
                .cloned()
                .collect();
            &without_notes
        } else {
            diags
        };
        let shown = diags.len().min(MAX_PRINTED_DIAGNOSTICS);
        let _ = render::write_all(self.stderr, &diags[..shown], source, fmt, style);
        if diags.len() > shown {
            let more = crate::diagnostics::Diagnostic::new(
                crate::diagnostics::Code::Truncated,
                "",
                format!(
                    "and {} more diagnostics (only the first {MAX_PRINTED_DIAGNOSTICS} are printed; fix these and run again)",
                    diags.len() - shown
                ),
            );
            let _ = render::write_all(self.stderr, [&more], None, fmt, style);
        }
        if fmt == MsgFormat::Human {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
                .count();
            if let Some(s) = render::summary(errors, warnings) {
                let _ = writeln!(self.stderr, "{s}");
            }
        }
    }

    /// One diagnostic without a place in a file, in the command's format.
    pub fn report(&mut self, d: Diagnostic) {
        let (fmt, style) = match self.message_format {
            MessageFormat::Human => (MsgFormat::Human, Style { color: self.color }),
            MessageFormat::Json => (MsgFormat::Json, Style { color: false }),
        };
        let _ = render::write_all(self.stderr, [&d], None, fmt, style);
    }

    /// An I/O problem (AC0001, exit 2).
    pub fn fail(&mut self, message: impl std::fmt::Display) -> i32 {
        self.report(Diagnostic::new(
            crate::diagnostics::Code::Io,
            "",
            message.to_string(),
        ));
        EXIT_USAGE
    }

    /// A command line the tool cannot act on (AC0008, exit 2).
    pub fn usage(&mut self, message: impl std::fmt::Display) -> i32 {
        self.report(Diagnostic::new(
            crate::diagnostics::Code::Usage,
            "",
            message.to_string(),
        ));
        EXIT_USAGE
    }
}

impl Command {
    /// The `--message-format` and `--quiet` the command was given.
    fn output_options(&self) -> (MessageFormat, bool) {
        let common = match self {
            Command::Synth { common, .. }
            | Command::Graph { common, .. }
            | Command::Params { common, .. }
            | Command::Package { common, .. }
            | Command::Diff { common, .. }
            | Command::Validate { common, .. } => common,
            Command::Add {
                what: AddWhat::Credential(a),
            } => &a.edit.common,
            Command::Set {
                what: SetWhat::TargetAuth(a),
            } => &a.edit.common,
            Command::Remove {
                what: RemoveWhat::Credential(a),
            } => &a.edit.common,
            Command::Generate { .. } | Command::Completions { .. } | Command::Man => {
                return (MessageFormat::Human, false)
            }
        };
        (common.message_format, common.quiet)
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli, io: &mut Io<'_>) -> i32 {
    (io.message_format, io.quiet) = cli.command.output_options();
    match cli.command {
        Command::Synth {
            project,
            check: Some(file),
            common,
            ..
        } => diff::check(&project, &file, common, io),
        Command::Synth {
            project,
            output,
            format,
            common,
            ..
        } => synth::run(&project, output.as_deref(), format, common, io),
        Command::Diff {
            old,
            new,
            format,
            common,
        } => diff::run(&old, &new, format, common, io),
        Command::Validate {
            project,
            deny_warnings,
            common,
        } => validate::run(&project, deny_warnings, common, io),
        Command::Generate { shape, dir } => generate(&shape, &dir, io),
        Command::Graph {
            project,
            format,
            common,
        } => graph(&project, format, &common, io),
        Command::Params {
            project,
            format,
            output,
            target,
            secrets_from_env,
            omit_unset,
            with,
            set,
            common,
        } => params::run(
            params::Args {
                project: &project,
                format,
                output: output.as_deref(),
                target: target.as_deref(),
                secrets_from_env,
                omit_unset,
                with: &with,
                set: &set,
            },
            common,
            io,
        ),
        Command::Package {
            project,
            output,
            s3_bucket,
            params,
            target,
            common,
        } => package::run(
            package::Args {
                project: &project,
                out: &output,
                s3_bucket: s3_bucket.as_deref(),
                params: params.as_deref(),
                target: target.as_deref(),
            },
            common,
            io,
        ),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "agentcore-synth", &mut buf);
            write_out(io, &buf, "the completion script")
        }
        Command::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buf) {
                Ok(()) => write_out(io, &buf, "the man page"),
                Err(e) => io.fail(e),
            }
        }
        Command::Add {
            what: AddWhat::Credential(a),
        } => edit::add_credential(a, io),
        Command::Set {
            what: SetWhat::TargetAuth(a),
        } => edit::set_target_auth(a, io),
        Command::Remove {
            what: RemoveWhat::Credential(a),
        } => edit::remove_credential(a, io),
    }
}

/// `agentcore-synth graph`: the identity flow of a valid project.
fn graph(project: &std::path::Path, format: GraphFormat, common: &Common, io: &mut Io<'_>) -> i32 {
    let outcome = match compile(project, common) {
        Ok(o) => o,
        Err(e) => return io.fail(e),
    };
    let (Some(p), false) = (&outcome.project, outcome.has_errors()) else {
        io.diagnostics(
            &outcome.diagnostics,
            Some(&outcome.source),
            common.message_format,
        );
        return EXIT_INVALID;
    };
    let g = crate::graph::of(p);
    let text = match format {
        GraphFormat::Mermaid => crate::graph::mermaid(&g),
        GraphFormat::Dot => crate::graph::dot(&g),
    };
    write_out(io, text.as_bytes(), "the graph")
}

/// Bytes to stdout; a failed write is exit 2.
pub(crate) fn write_out(io: &mut Io<'_>, bytes: &[u8], what: &str) -> i32 {
    match io.stdout.write_all(bytes).and_then(|_| io.stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) => io.fail(format_args!("cannot write {what} to stdout: {e}")),
    }
}

fn generate(shape: &str, dir: &std::path::Path, io: &mut Io<'_>) -> i32 {
    let Some(shape) = crate::generate::Shape::by_name(shape) else {
        return io.usage(format_args!("unknown shape `{shape}`; use large or huge"));
    };
    let file = dir.join("agentcore").join("agentcore.json");
    let written = std::fs::create_dir_all(file.parent().expect("has parent"))
        .map_err(crate::fsio::WriteError::Io)
        .and_then(|_| {
            crate::fsio::write_atomic(&file, crate::generate::project_json(shape).as_bytes(), &[])
        });
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => io.fail(format_args!("cannot write {}: {e}", file.display())),
    }
}

/// An error of the argument parser, as a diagnostic with a code (AC0008):
/// one JSON object when the command line asked for JSON messages, else the
/// parser's own text with the code in its headline.
fn usage_error(e: &clap::Error) {
    let json = std::env::args()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0] == "--message-format" && w[1] == "json")
        || std::env::args().any(|a| a == "--message-format=json");
    let text = e.render().to_string();
    let mut stderr = std::io::stderr().lock();
    if json {
        let mut lines = text.lines();
        let headline = lines
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string();
        let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
        let mut d = Diagnostic::new(crate::diagnostics::Code::Usage, "", headline);
        if !rest.is_empty() {
            d = d.help(rest.join(" "));
        }
        let _ = render::write_all(
            &mut stderr,
            [&d],
            None,
            MsgFormat::Json,
            Style { color: false },
        );
    } else {
        let text = match text.strip_prefix("error:") {
            Some(rest) => format!("error[{}]:{rest}", crate::diagnostics::Code::Usage.as_str()),
            None => text,
        };
        let _ = write!(stderr, "{text}");
    }
}

/// The process entry point: parse arguments, run, exit.
pub fn main() -> ! {
    use std::io::IsTerminal;
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            std::process::exit(EXIT_OK);
        }
        Err(e) => {
            usage_error(&e);
            std::process::exit(EXIT_USAGE);
        }
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = !no_color && std::io::stderr().is_terminal();
    let color_stdout = !no_color && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let code = run(
        cli,
        &mut Io {
            stdout: &mut out,
            stderr: &mut err,
            color,
            color_stdout,
            exiting: true,
            message_format: MessageFormat::Human,
            quiet: false,
        },
    );
    let _ = out.flush();
    std::process::exit(code)
}
