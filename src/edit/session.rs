//! One edit of `agentcore.json`, from opening to writing: the file the path
//! names (a symlink is followed to the real file), locked against other
//! edits for the whole edit, read through the same bounded loader as
//! `synth` (BOM, UTF-8, size limit, duplicate keys), and written back only
//! if nobody changed it in between.

use crate::diagnostics::{Code, Diagnostic};
use crate::fsio::{self, EditLock, WriteError};
use crate::json::Node;
use crate::project::load::{self, Loaded, MAX_FILE_BYTES};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long an edit waits for another edit of the same file to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Why an edit could not start or finish.
#[derive(Debug)]
pub enum EditError {
    /// I/O (exit 2).
    Io(String),
    /// A value the command line cannot take (exit 2).
    Usage(String),
    /// The file does not load: its diagnostics (exit 1).
    Invalid(Box<Loaded>),
    /// The edit is refused; the file is unchanged (exit 1).
    Refused(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Io(m) | EditError::Usage(m) | EditError::Refused(m) => write!(f, "{m}"),
            EditError::Invalid(_) => write!(f, "the project file does not load"),
        }
    }
}

/// An open edit: the parsed tree to change, and what was read.
pub struct Session {
    /// The path as the user named it (shown in messages).
    pub file: PathBuf,
    /// The file written: `file` with symlinks followed.
    real: PathBuf,
    /// The bytes read, to detect a change made while editing.
    original: Vec<u8>,
    /// The text the tree was parsed from (without a BOM).
    pub text: String,
    bom: bool,
    pub root: Node,
    _lock: EditLock,
}

impl Session {
    /// Find, lock, read and parse the project file.
    pub fn open(project: &Path) -> Result<Session, EditError> {
        let file = load::find_project_file(project).map_err(|e| EditError::Io(e.to_string()))?;
        let real = fsio::resolve_links(&file)
            .map_err(|e| EditError::Io(format!("cannot resolve {}: {e}", file.display())))?;
        let lock = EditLock::acquire(&real, LOCK_WAIT).map_err(|e| match e {
            WriteError::Refused(m) => EditError::Refused(m),
            WriteError::Io(e) => EditError::Io(e.to_string()),
        })?;
        // The same reading as `synth` (through the link, to the real file).
        let (loaded, original) =
            load::load_file(&file, true).map_err(|e| EditError::Io(e.to_string()))?;
        if loaded.project.is_none() {
            return Err(EditError::Invalid(Box::new(loaded)));
        }
        if let Some(d) = loaded
            .diagnostics
            .iter()
            .find(|d| d.code == Code::DuplicateKey)
        {
            let at = d
                .span
                .map(|s| {
                    let (l, c) = loaded.source.line_col(s.start);
                    format!(" (line {l}, column {c})")
                })
                .unwrap_or_default();
            return Err(EditError::Refused(format!(
                "{} has a key twice{at}: {}; an edit would drop one copy, so remove the one you do not want first",
                file.display(),
                d.message
            )));
        }
        let text = loaded.source.text.clone();
        let root = crate::json::parse(&text, &mut Vec::<Diagnostic>::new())
            .map_err(|d| EditError::Io(format!("internal error: {}", d.message)))?;
        Ok(Session {
            bom: original.starts_with("\u{feff}".as_bytes()),
            file,
            real,
            original,
            text,
            root,
            _lock: lock,
        })
    }

    /// The file text after the edit (the BOM kept if there was one).
    pub fn render(&self) -> String {
        let body = super::write::to_string(&self.root, &self.text);
        if self.bom {
            format!("\u{feff}{body}")
        } else {
            body
        }
    }

    /// The project as it is on disk, compiled (to tell the warnings an edit
    /// brings from those the project already had).
    pub fn compile_original(&self) -> crate::Outcome {
        crate::compile_loaded(load::load_bytes(
            &self.file,
            self.file.display().to_string(),
            self.original.clone(),
        ))
    }

    /// The text shown as "before" in a dry run's diff.
    pub fn before(&self) -> String {
        if self.bom {
            format!("\u{feff}{}", self.text)
        } else {
            self.text.clone()
        }
    }

    /// Write `after` over the file, unless the file changed since it was
    /// read (another program, or a human's editor save).
    pub fn write(&self, after: &str) -> Result<(), EditError> {
        let now = fsio::read_bounded(&self.real, MAX_FILE_BYTES)
            .map(|r| r.bytes)
            .map_err(|e| EditError::Io(format!("cannot read {}: {e}", self.file.display())))?;
        if now != self.original {
            return Err(EditError::Refused(format!(
                "{} changed while editing; nothing written (run the command again)",
                self.file.display()
            )));
        }
        if after.as_bytes() == self.original.as_slice() {
            return Ok(());
        }
        fsio::write_atomic(&self.real, after.as_bytes(), &[]).map_err(|e| match e {
            WriteError::Refused(m) => EditError::Io(m),
            WriteError::Io(e) => {
                EditError::Io(format!("cannot write {}: {e}", self.file.display()))
            }
        })
    }
}
