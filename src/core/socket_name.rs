//! Where a QLocalServer name lives on disk, and whether a server still answers there.
//!
//! Needed because a killed server leaves its socket file behind and the next `listen()` fails
//! with "address in use": the file may be removed only when nobody accepts on it.

use std::io::ErrorKind;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

/// Resolves a name as `QLocalServer`/`QLocalSocket` do on Unix: an absolute path is used as
/// it is, anything else lives in `QDir::tempPath()` (`$TMPDIR`, else `/tmp`).
pub fn resolve(name: &str) -> PathBuf {
    resolve_in(name, std::env::var_os("TMPDIR").map(PathBuf::from))
}

/// [`resolve`] with an explicit temporary folder.
pub fn resolve_in(name: &str, tmpdir: Option<PathBuf>) -> PathBuf {
    if name.starts_with('/') {
        return PathBuf::from(name);
    }
    let dir = tmpdir
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    dir.join(name)
}

/// What sits at a socket path.
#[derive(Debug, PartialEq, Eq)]
pub enum Occupant {
    /// Nothing there.
    Absent,
    /// A socket file nobody accepts on: a dead server's leftover, safe to remove.
    Stale,
    /// A server accepts connections there.
    Live,
    /// A file that is not a socket: never ours to remove.
    NotASocket,
    /// Something we cannot judge (the system's reason): never ours to remove.
    Other(String),
}

/// Looks at `path` without changing it. Telling "live" from "stale" takes a connect: a live
/// server sees one connection closed without reading, which every Local Fortune server handles.
pub fn probe(path: &Path) -> Occupant {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Occupant::Absent,
        Err(e) => return Occupant::Other(e.to_string()),
        Ok(meta) if !meta.file_type().is_socket() => return Occupant::NotASocket,
        Ok(_) => {}
    }
    match UnixStream::connect(path) {
        Ok(_) => Occupant::Live,
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => Occupant::Stale,
        Err(e) if e.kind() == ErrorKind::NotFound => Occupant::Absent,
        Err(e) => Occupant::Other(e.to_string()),
    }
}
