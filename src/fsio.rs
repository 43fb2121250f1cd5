//! Every file the tool reads or writes goes through this module.
//!
//! Reading: [`read_bounded`] opens a file once without blocking (a FIFO
//! cannot hang it), checks the open handle (`fstat`) is a regular file,
//! and reads at most `limit + 1` bytes, so a device, a pseudo-file or a
//! file that grows cannot exhaust memory. [`read_in_project`] adds the
//! confinement rule for paths written in `agentcore.json`: relative, and
//! resolving (symlinks followed) to a regular file inside the project root
//! that is not a secrets file.
//!
//! Writing: [`write_atomic`] writes a randomly named temporary file beside
//! the target (`O_EXCL`, never through a symlink), with the target's mode
//! and owner, syncs it, renames it over the target and syncs the
//! directory. A symlink is written through to the file it names; a FIFO or
//! character device is written to directly; anything else that is not a
//! regular file is refused. [`EditLock`] serializes edits of one file.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

/// Which file on which device: two paths name the same file when equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId {
    pub dev: u64,
    pub ino: u64,
}

impl FileId {
    pub fn of(meta: &Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId { dev: 0, ino: 0 }
        }
    }
}

/// The bytes of a file, and which file they came from.
#[derive(Debug)]
pub struct FileRead {
    pub bytes: Vec<u8>,
    pub id: FileId,
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed (not found, permission, …).
    Io(io::Error),
    /// A directory, FIFO, device or socket.
    NotRegular(&'static str),
    /// Over the limit; `size` is what `fstat` said, or `limit + 1` when the
    /// file grew past the limit while it was read.
    TooLarge { size: u64, limit: u64 },
    /// More or fewer bytes than `fstat` said: a kernel pseudo-file (under
    /// `/proc` or `/sys`) or a file that changed while it was read.
    Unstable,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(what) => write!(f, "it is a {what}, not a regular file"),
            ReadError::TooLarge { size, limit } => {
                write!(f, "it is {size} bytes; at most {limit} bytes are read")
            }
            ReadError::Unstable => write!(
                f,
                "its size changed while it was read (a kernel pseudo-file or a file being written), so it is not read"
            ),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

fn kind_name(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "FIFO";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    "special file"
}

fn open_read(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking: opening a FIFO with no writer returns at once (and
        // the handle check below refuses it); no controlling terminal.
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    o.open(path)
}

/// Read a regular file of at most `limit` bytes: open once, check the
/// handle, read through a `limit + 1` cap.
pub fn read_bounded(path: &Path, limit: u64) -> Result<FileRead, ReadError> {
    // Refuse special files before opening them (opening some devices has
    // effects); the handle is checked again below.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_name(&meta)));
    }
    let file = open_read(path)?;
    read_open(file, limit)
}

fn read_open(file: File, limit: u64) -> Result<FileRead, ReadError> {
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_name(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: limit + 1,
            limit,
        });
    }
    if bytes.len() as u64 != meta.len() {
        return Err(ReadError::Unstable);
    }
    Ok(FileRead {
        bytes,
        id: FileId::of(&meta),
    })
}

/// Read from standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    io::stdin().lock().take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: limit + 1,
            limit,
        });
    }
    Ok(bytes)
}

/// Why a path written in the project may not be read.
#[derive(Debug)]
pub enum RefError {
    /// An absolute path (`/etc/passwd`).
    Absolute,
    /// It resolves (after `..` and symlinks) to a place outside the root.
    Outside(PathBuf),
    /// A secrets file (`.env`, `.env.local`, …).
    SecretsFile,
    /// It could not be resolved (missing, permission) or read.
    Read(ReadError),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Absolute => write!(
                f,
                "absolute paths are not allowed; write the path relative to the project root"
            ),
            RefError::Outside(_) => write!(
                f,
                "it resolves to a file outside the project (files the project reads must be inside its root, symlinks included)"
            ),
            RefError::SecretsFile => write!(
                f,
                "it is a secrets file (.env*), which agentcore-synth never reads"
            ),
            RefError::Read(e) => write!(f, "{e}"),
        }
    }
}

/// `.env`, `.env.local`, …: the AgentCore CLI keeps secrets in
/// `agentcore/.env.local`; no file of that family is ever read.
fn is_secrets_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == ".env" || n.starts_with(".env."))
}

/// Read a file named by a path in the project file: it must be relative,
/// resolve (symlinks followed) to a regular file inside `root`, and not be
/// a secrets file.
pub fn read_in_project(root: &Path, rel: &str, limit: u64) -> Result<FileRead, RefError> {
    let relp = Path::new(rel);
    if relp.is_absolute() || relp.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(RefError::Absolute);
    }
    if is_secrets_file(relp) {
        return Err(RefError::SecretsFile);
    }
    // `..` that climbs above the root is refused before the file system is
    // asked anything (no existence oracle for files outside).
    let mut depth = 0usize;
    for c in relp.components() {
        match c {
            Component::ParentDir if depth == 0 => return Err(RefError::Outside(relp.into())),
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let root = root_dir(root);
    let root_c = std::fs::canonicalize(&root).map_err(|e| RefError::Read(e.into()))?;
    let target = std::fs::canonicalize(root.join(relp)).map_err(|e| RefError::Read(e.into()))?;
    if !target.starts_with(&root_c) {
        return Err(RefError::Outside(target));
    }
    if is_secrets_file(&target) {
        return Err(RefError::SecretsFile);
    }
    let meta = std::fs::metadata(&target).map_err(|e| RefError::Read(e.into()))?;
    if !meta.is_file() {
        return Err(RefError::Read(ReadError::NotRegular(kind_name(&meta))));
    }
    let file = open_read(&target).map_err(|e| RefError::Read(e.into()))?;
    // The path was resolved before it was opened; a symlink swapped in
    // between is caught by asking the kernel what was opened.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        if let Ok(opened) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            if !opened.starts_with(&root_c) {
                return Err(RefError::Outside(opened));
            }
        }
    }
    read_open(file, limit).map_err(RefError::Read)
}

fn root_dir(root: &Path) -> PathBuf {
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.to_path_buf()
    }
}

/// Why a file could not be written. [`WriteError::Refused`] is a decision
/// (the target is not something to replace); the rest are I/O failures.
#[derive(Debug)]
pub enum WriteError {
    Refused(String),
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused(m) => write!(f, "{m}"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Follow a chain of symlinks to the path it finally names (which may not
/// exist yet). Relative links resolve against the link's directory.
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = if link.is_absolute() {
                    link
                } else {
                    p.parent().unwrap_or(Path::new("")).join(link)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Write `bytes` to `path` atomically (see the module docs). `protected`
/// lists files that must not be overwritten (the project's inputs): writing
/// onto one of them is refused.
pub fn write_atomic(path: &Path, bytes: &[u8], protected: &[FileId]) -> Result<(), WriteError> {
    let target = resolve_links(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(meta) = &existing {
        if protected.contains(&FileId::of(meta)) {
            return Err(WriteError::Refused(format!(
                "{} is a file the project reads; refusing to overwrite it",
                path.display()
            )));
        }
        if !meta.is_file() {
            return write_through(&target, meta, bytes);
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets 0666 less the umask, like any created file; a
        // replacement starts private and gets the old file's mode and
        // owner before any byte is written.
        let mode = if existing.is_some() { 0o600 } else { 0o666 };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    if let Some(meta) = &existing {
        keep_owner_and_mode(tmp.as_file(), meta)?;
    }
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn keep_owner_and_mode(f: &File, meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::io::AsRawFd;
    let mine = f.metadata()?;
    if mine.uid() != meta.uid() || mine.gid() != meta.gid() {
        // Only possible for root or the owner; a failure leaves our own
        // ownership, as any editor would.
        // SAFETY: fchown on a file descriptor this function owns.
        let _ = unsafe { libc::fchown(f.as_raw_fd(), meta.uid(), meta.gid()) };
    }
    f.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(f: &File, meta: &Metadata) -> io::Result<()> {
    f.set_permissions(meta.permissions())
}

/// A FIFO or character device is written to, not replaced; other special
/// files are refused.
fn write_through(target: &Path, meta: &Metadata, bytes: &[u8]) -> Result<(), WriteError> {
    let what = kind_name(meta);
    if !matches!(what, "FIFO" | "character device") {
        return Err(WriteError::Refused(format!(
            "{} is a {what}; refusing to write to it",
            target.display()
        )));
    }
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOCTTY);
    }
    let mut f = o.open(target)?;
    let m = f.metadata()?;
    if kind_name(&m) != what {
        return Err(WriteError::Refused(format!(
            "{} changed while it was opened",
            target.display()
        )));
    }
    f.write_all(bytes)?;
    f.flush()?;
    Ok(())
}

/// An exclusive advisory lock on `<file>.lock` (beside the file, never
/// renamed), held while an edit reads, validates and writes the file.
pub struct EditLock {
    _file: File,
}

impl EditLock {
    /// Wait (up to `wait`) for the lock of `file`.
    pub fn acquire(file: &Path, wait: std::time::Duration) -> Result<EditLock, WriteError> {
        let mut name = file.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let lock = file.with_file_name(name);
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
                .mode(0o644);
        }
        let f = o.open(&lock).map_err(|e| {
            WriteError::Io(io::Error::new(
                e.kind(),
                format!("cannot open the lock file {}: {e}", lock.display()),
            ))
        })?;
        if !f.metadata()?.is_file() {
            return Err(WriteError::Refused(format!(
                "the lock file {} is not a regular file",
                lock.display()
            )));
        }
        let start = std::time::Instant::now();
        loop {
            #[cfg(unix)]
            {
                use std::os::unix::io::AsRawFd;
                // SAFETY: flock on a descriptor this function owns.
                let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
                if r == 0 {
                    return Ok(EditLock { _file: f });
                }
                let err = io::Error::last_os_error();
                if err.raw_os_error() != Some(libc::EWOULDBLOCK) {
                    return Err(err.into());
                }
            }
            #[cfg(not(unix))]
            {
                return Ok(EditLock { _file: f });
            }
            #[allow(unreachable_code)]
            if start.elapsed() >= wait {
                return Err(WriteError::Refused(format!(
                    "another edit holds {}; nothing written",
                    lock.display()
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_files_are_recognized() {
        assert!(is_secrets_file(Path::new("agentcore/.env.local")));
        assert!(is_secrets_file(Path::new(".env")));
        assert!(!is_secrets_file(Path::new("specs/env.json")));
        assert!(!is_secrets_file(Path::new(".environment")));
    }
}

/// A file found by [`walk`]: its path relative to the walked directory
/// (`/`-separated) and whether its owner may execute it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub rel: String,
    pub path: PathBuf,
    pub executable: bool,
}

/// The regular files below `dir`, sorted by relative path. `skip(name,
/// is_dir, depth)` leaves entries out (and does not descend into skipped
/// directories). With `confine`, every entry must resolve (symlinks
/// followed) inside it, else the walk fails; secrets files (`.env*`) are
/// never listed. At most `max_files` files.
pub fn walk(
    dir: &Path,
    confine: Option<&Path>,
    skip: &dyn Fn(&str, bool, usize) -> bool,
    max_files: usize,
) -> Result<Vec<Found>, String> {
    let confine = match confine {
        Some(c) => Some(std::fs::canonicalize(root_dir(c)).map_err(|e| e.to_string())?),
        None => None,
    };
    let mut out = Vec::new();
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(dir.to_path_buf(), String::new(), 0)];
    let mut seen_dirs: std::collections::HashSet<PathBuf> = Default::default();
    while let Some((abs, rel, depth)) = stack.pop() {
        let real = std::fs::canonicalize(&abs).map_err(|e| format!("{}: {e}", abs.display()))?;
        if let Some(c) = &confine {
            if !real.starts_with(c) {
                return Err(format!(
                    "{} resolves outside the project (symlinks included); packaging reads only files inside it",
                    if rel.is_empty() { "." } else { rel.as_str() }
                ));
            }
        }
        if !seen_dirs.insert(real) {
            continue; // a symlink loop
        }
        let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(&abs)
            .map_err(|e| format!("{}: {e}", abs.display()))?
            .filter_map(|e| e.ok())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        entries.sort();
        for (name, path) in entries {
            let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if skip(&name, meta.is_dir(), depth) || is_secrets_file(Path::new(&name)) {
                continue;
            }
            if meta.is_dir() {
                stack.push((path, child, depth + 1));
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            if let Some(c) = &confine {
                let real = std::fs::canonicalize(&path).map_err(|e| e.to_string())?;
                if !real.starts_with(c) {
                    return Err(format!(
                        "{child} resolves outside the project (symlinks included); packaging reads only files inside it"
                    ));
                }
            }
            #[cfg(unix)]
            let executable = {
                use std::os::unix::fs::PermissionsExt;
                meta.permissions().mode() & 0o100 != 0
            };
            #[cfg(not(unix))]
            let executable = false;
            out.push(Found {
                rel: child,
                path,
                executable,
            });
            if out.len() > max_files {
                return Err(format!(
                    "more than {max_files} files below {}",
                    dir.display()
                ));
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}
