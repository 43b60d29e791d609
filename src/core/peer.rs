//! Who is at the other end of an accepted local connection, and whether `--access` admits them.
//!
//! A socket file's mode keeps other users out only where there is a file: the abstract
//! namespace has none, so there every connection is checked against the peer's credentials,
//! which the kernel records at `connect` (`SO_PEERCRED` on Linux, `getpeereid` on the BSDs and
//! macOS). Socket files get the same check, as defence in depth. The rules are the ones the
//! file's mode applies (see [`Access::admits`]).

use std::fmt;
use std::io;

use super::socket_name::Access;

/// A user and group, as the kernel reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub uid: u32,
    pub gid: u32,
    /// Supplementary groups, where the system reports them (Linux: `SO_PEERGROUPS`); the
    /// primary group is always `gid`.
    pub groups: Vec<u32>,
}

impl Credentials {
    /// Whether this user is a member of group `gid`.
    pub fn in_group(&self, gid: u32) -> bool {
        self.gid == gid || self.groups.contains(&gid)
    }

    /// The server's own: its effective user and group, which own the socket file it creates.
    pub fn of_this_process() -> Credentials {
        // SAFETY: geteuid and getegid cannot fail.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        Credentials {
            uid,
            gid,
            groups: Vec::new(),
        }
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uid {}", self.uid)
    }
}

impl Access {
    /// Whether a peer may connect to a server run by `owner`, as the socket file's mode would
    /// decide (`user` 0700, `group` 0770, `other` 0707, `world` 0777): the owner always; its
    /// group's members with `group`; with `other`, users outside that group (a member of the
    /// group gets the group's bits, which are none); everyone with `world`. Root passes any
    /// file mode, so root is admitted too.
    pub fn admits(self, owner: &Credentials, peer: &Credentials) -> bool {
        if peer.uid == owner.uid || peer.uid == 0 {
            return true;
        }
        match self {
            Access::User => false,
            Access::Group => peer.in_group(owner.gid),
            Access::Other => !peer.in_group(owner.gid),
            Access::World => true,
        }
    }
}

/// Whether this system can tell who is connected: where it cannot, only a socket file's mode
/// keeps anyone out, and the abstract namespace (Linux only anyway) has none.
pub const CAN_CHECK_PEERS: bool = cfg!(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
));

/// The credentials of the peer of the connected Unix socket `fd`. Supplementary groups are read
/// only when `with_groups` (the `group` and `other` levels need them).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn credentials(fd: i32, with_groups: bool) -> io::Result<Credentials> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are valid for writes of the sizes given.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    let groups = if with_groups {
        peer_groups(fd)?
    } else {
        Vec::new()
    };
    Ok(Credentials {
        uid: cred.uid,
        gid: cred.gid,
        groups,
    })
}

/// `SO_PEERGROUPS` (Linux 4.13): the peer's supplementary groups at `connect`.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn peer_groups(fd: i32) -> io::Result<Vec<u32>> {
    let mut groups = vec![0 as libc::gid_t; 64];
    loop {
        let mut len = (groups.len() * std::mem::size_of::<libc::gid_t>()) as libc::socklen_t;
        // SAFETY: `groups` has room for `len` bytes.
        let rc = unsafe {
            libc::getsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_PEERGROUPS,
                groups.as_mut_ptr().cast(),
                &mut len,
            )
        };
        let needed = len as usize / std::mem::size_of::<libc::gid_t>();
        if rc == 0 {
            groups.truncate(needed);
            return Ok(groups);
        }
        let error = io::Error::last_os_error();
        if error.raw_os_error() == Some(libc::ERANGE) && needed > groups.len() {
            groups.resize(needed, 0);
            continue;
        }
        return Err(error);
    }
}

/// `getpeereid`: the peer's effective user and group (no supplementary groups).
#[cfg(all(
    not(any(target_os = "linux", target_os = "android")),
    any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )
))]
pub fn credentials(fd: i32, _with_groups: bool) -> io::Result<Credentials> {
    let (mut uid, mut gid) = (0, 0);
    // SAFETY: both out-parameters are valid.
    if unsafe { libc::getpeereid(fd, &mut uid, &mut gid) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Credentials {
        uid,
        gid,
        groups: Vec::new(),
    })
}

/// No way to tell on this system: see [`CAN_CHECK_PEERS`].
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
)))]
pub fn credentials(_fd: i32, _with_groups: bool) -> io::Result<Credentials> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}
