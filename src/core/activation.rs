//! Socket activation: the listening socket a service manager passes to the process it starts
//! (`LISTEN_PID`, `LISTEN_FDS`, descriptors from 3 on, as `sd_listen_fds(3)` defines them), so
//! that the socket exists before the server does and no client is ever refused.

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use thiserror::Error;

/// The first descriptor passed (`SD_LISTEN_FDS_START`).
pub const FIRST_FD: i32 = 3;

/// What a passed socket listens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listening {
    /// A socket file, or a name in Linux's abstract namespace (`abstract_namespace`).
    Local {
        path: PathBuf,
        abstract_namespace: bool,
    },
    Tcp(SocketAddr),
}

impl fmt::Display for Listening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Listening::Local {
                path,
                abstract_namespace: true,
            } => write!(f, "@{}", path.display()),
            Listening::Local { path, .. } => write!(f, "{}", path.display()),
            Listening::Tcp(addr) => write!(f, "{addr}"),
        }
    }
}

/// Why no socket can be taken over.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ActivationError {
    #[error("no socket was passed (LISTEN_FDS is not set): start it from a systemd .socket unit, or with systemd-socket-activate")]
    NotActivated,
    #[error("LISTEN_PID is {0:?}, not this process's pid {1}: the sockets were passed to another process")]
    OtherProcess(String, u32),
    #[error("LISTEN_FDS is {0:?}, not a number of sockets")]
    BadCount(String),
    #[error("{0} sockets were passed; the server takes exactly one (one ListenStream= in the .socket unit)")]
    NotOne(u32),
    #[error("descriptor {FIRST_FD} is not a listening stream socket ({0})")]
    NotListening(String),
    #[error("descriptor {FIRST_FD} listens on an address family the server does not serve ({0})")]
    Family(i32),
}

/// Takes over the one socket passed by the service manager: checks the variables and the
/// descriptor, removes the variables (a child must not take them for its own) and marks the
/// descriptor close-on-exec.
pub fn take_socket() -> Result<(i32, Listening), ActivationError> {
    let pid = std::env::var("LISTEN_PID").map_err(|_| ActivationError::NotActivated)?;
    let count = std::env::var("LISTEN_FDS").map_err(|_| ActivationError::NotActivated)?;
    let me = std::process::id();
    if pid.trim().parse::<u32>() != Ok(me) {
        return Err(ActivationError::OtherProcess(pid, me));
    }
    let count: u32 = count
        .trim()
        .parse()
        .map_err(|_| ActivationError::BadCount(count.clone()))?;
    if count != 1 {
        return Err(ActivationError::NotOne(count));
    }
    for var in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] {
        std::env::remove_var(var);
    }
    let listening = inspect(FIRST_FD)?;
    // SAFETY: fcntl on the passed descriptor; a failure leaves it as it was.
    unsafe { libc::fcntl(FIRST_FD, libc::F_SETFD, libc::FD_CLOEXEC) };
    Ok((FIRST_FD, listening))
}

/// What `fd` listens on, if it is a listening stream socket of a family we serve.
fn inspect(fd: i32) -> Result<Listening, ActivationError> {
    let int_option = |option: i32| -> io::Result<i32> {
        let mut value: i32 = 0;
        let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
        // SAFETY: `value` and `len` are valid for writes of their sizes.
        let rc = unsafe {
            libc::getsockopt(
                fd,
                libc::SOL_SOCKET,
                option,
                (&mut value as *mut i32).cast(),
                &mut len,
            )
        };
        if rc == 0 {
            Ok(value)
        } else {
            Err(io::Error::last_os_error())
        }
    };
    let not_listening = |why: String| ActivationError::NotListening(why);
    let socket_type = int_option(libc::SO_TYPE).map_err(|e| not_listening(e.to_string()))?;
    if socket_type != libc::SOCK_STREAM {
        return Err(not_listening(format!(
            "socket type {socket_type}, not a stream"
        )));
    }
    if int_option(libc::SO_ACCEPTCONN).map_err(|e| not_listening(e.to_string()))? != 1 {
        return Err(not_listening("it does not listen".to_owned()));
    }
    // SAFETY: sockaddr_storage is plain data; getsockname writes at most `len` bytes into it.
    let mut addr: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: as above.
    if unsafe {
        libc::getsockname(
            fd,
            (&mut addr as *mut libc::sockaddr_storage).cast(),
            &mut len,
        )
    } != 0
    {
        return Err(not_listening(io::Error::last_os_error().to_string()));
    }
    match i32::from(addr.ss_family) {
        libc::AF_UNIX => {
            // SAFETY: the family says this is a sockaddr_un.
            let un =
                unsafe { &*(&addr as *const libc::sockaddr_storage).cast::<libc::sockaddr_un>() };
            let offset = std::mem::size_of::<libc::sa_family_t>();
            let bytes: Vec<u8> = un.sun_path[..(len as usize).saturating_sub(offset)]
                .iter()
                .map(|&c| c as u8)
                .collect();
            Ok(match bytes.split_first() {
                // A leading NUL: the abstract namespace; the name is the rest, as given.
                Some((0, name)) => Listening::Local {
                    path: PathBuf::from(OsStr::from_bytes(name)),
                    abstract_namespace: true,
                },
                _ => {
                    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                    Listening::Local {
                        path: PathBuf::from(OsStr::from_bytes(&bytes[..end])),
                        abstract_namespace: false,
                    }
                }
            })
        }
        libc::AF_INET => {
            // SAFETY: the family says this is a sockaddr_in.
            let v4 =
                unsafe { &*(&addr as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = std::net::Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr));
            Ok(Listening::Tcp(SocketAddr::from((
                ip,
                u16::from_be(v4.sin_port),
            ))))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says this is a sockaddr_in6.
            let v6 =
                unsafe { &*(&addr as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            let ip = std::net::Ipv6Addr::from(v6.sin6_addr.s6_addr);
            Ok(Listening::Tcp(SocketAddr::from((
                ip,
                u16::from_be(v6.sin6_port),
            ))))
        }
        family => Err(ActivationError::Family(family)),
    }
}
