//! Where a QLocalServer name lives on disk, whether a server still answers there, who may
//! connect, and what makes a name unusable.
//!
//! Needed because a killed server leaves its socket file behind and the next `listen()` fails
//! with "address in use": the file may be removed only when nobody accepts on it. And because
//! Qt says only "Name error" for a name it cannot use: [`check`] names the cause first.

use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use thiserror::Error;

/// The longest socket path Linux takes: `sun_path` holds 108 bytes, the last one a NUL.
pub const MAX_PATH_BYTES: usize = 107;

/// Why a local server name cannot be used, with what to do about it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum NameError {
    #[error("the server name is empty; give a name such as fortune, or an absolute path")]
    Empty,
    #[error("socket path {path} is {bytes} bytes; the limit is {MAX_PATH_BYTES}: choose a shorter name or folder")]
    TooLong { path: PathBuf, bytes: usize },
    #[error("folder {0} does not exist: create it or choose another")]
    NoFolder(PathBuf),
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
    /// The folder may well exist: this user may not enter `blocked` (it or a folder above it).
    #[error(
        "folder {folder} cannot be reached: this user may not enter {blocked} (permission denied)"
    )]
    FolderDenied { folder: PathBuf, blocked: PathBuf },
}

/// Checks a name before Qt sees it: not empty, a path short enough for a Unix socket and,
/// for a socket file (not the abstract namespace), a folder that exists.
pub fn check(name: &str, abstract_namespace: bool) -> Result<PathBuf, NameError> {
    let path = check_form(name, abstract_namespace)?;
    if !abstract_namespace {
        check_folder(&path)?;
    }
    Ok(path)
}

/// The checks that need no file system: not empty, short enough for a Unix socket. A client
/// runs only these before connecting (the folder is looked at when connecting fails, to say
/// why: [`check_folder`]).
pub fn check_form(name: &str, abstract_namespace: bool) -> Result<PathBuf, NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    let path = if abstract_namespace {
        PathBuf::from(name)
    } else {
        resolve(name)
    };
    // Windows' local sockets are named pipes, with neither limit.
    if cfg!(not(unix)) {
        return Ok(path);
    }
    let bytes = path.as_os_str().len();
    if bytes > MAX_PATH_BYTES {
        return Err(NameError::TooLong { path, bytes });
    }
    Ok(path)
}

/// Whether the folder of socket file `path` exists and this user may enter it; if not, which
/// (telling a missing folder from one this user may not enter).
pub fn check_folder(path: &Path) -> Result<(), NameError> {
    if cfg!(not(unix)) {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(Path::new("/"));
    match std::fs::metadata(folder) {
        Ok(meta) if !meta.is_dir() => Err(NameError::NotAFolder(folder.to_owned())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(NameError::FolderDenied {
            folder: folder.to_owned(),
            blocked: first_closed_folder(folder),
        }),
        Err(_) => Err(NameError::NoFolder(folder.to_owned())),
    }
}

/// The first folder on the way to `folder` (itself included) that this user may not enter.
fn first_closed_folder(folder: &Path) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut ancestors: Vec<&Path> = folder.ancestors().collect();
        ancestors.reverse();
        for dir in ancestors {
            let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
                break;
            };
            // SAFETY: a valid C string; access() only reads it.
            if unsafe { libc::access(c.as_ptr(), libc::X_OK) } != 0 {
                return dir.to_owned();
            }
        }
    }
    folder.to_owned()
}

/// Who may connect to a server's socket file: Qt's `QLocalServer::SocketOption`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Access {
    /// Only the user who runs the server (the default: nobody else is let in unasked).
    #[default]
    User,
    /// That user and its group.
    Group,
    /// That user and everyone outside its group.
    Other,
    /// Everyone.
    World,
}

impl Access {
    pub const ALL: [Access; 4] = [Access::User, Access::Group, Access::Other, Access::World];

    pub fn name(self) -> &'static str {
        match self {
            Access::User => "user",
            Access::Group => "group",
            Access::Other => "other",
            Access::World => "world",
        }
    }

    /// The `QLocalServer::SocketOptions` bits (User 0x1, Group 0x2, Other 0x4, World 0x7).
    pub fn qt_options(self) -> u32 {
        match self {
            Access::User => 0x1,
            Access::Group => 0x3,
            Access::Other => 0x5,
            Access::World => 0x7,
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the access levels.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("unknown access {0:?} (expected user, group, other or world)")]
pub struct UnknownAccess(pub String);

impl FromStr for Access {
    type Err = UnknownAccess;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Access::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| UnknownAccess(s.to_owned()))
    }
}

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
#[cfg(unix)]
pub fn probe(path: &Path) -> Occupant {
    use std::os::unix::fs::FileTypeExt;
    use std::os::unix::net::UnixStream;
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

/// Windows' local sockets are named pipes: no file is ever left behind.
#[cfg(not(unix))]
pub fn probe(_path: &Path) -> Occupant {
    Occupant::Absent
}
