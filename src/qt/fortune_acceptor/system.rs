//! The system calls FortuneAcceptor accepts and checks peers with, each failure named by its
//! errno (EMFILE is not ENFILE).

#[allow(unused_imports)]
use super::*;

/// Whether `check` admits the peer of `client`; else why not, as a kind and a detail.
pub(super) fn admitted(check: &PeerCheck, client: i32) -> Result<(), (Closed, String)> {
    let groups = matches!(check.access, Access::Group | Access::Other);
    match peer::credentials(client, groups) {
        Ok(peer) if check.access.admits(&check.owner, &peer) => Ok(()),
        Ok(peer) => Err((Closed::Refused, peer.uid.to_string())),
        Err(e) => Err((Closed::Unknown, e.to_string())),
    }
}

/// `accept4` (Linux and the BSDs) or `accept`: a non-blocking, close-on-exec connection.
pub(super) fn accept(fd: i32) -> io::Result<i32> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    // SAFETY: null address out-parameters are allowed.
    let client = unsafe {
        libc::accept4(
            fd,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        )
    };
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    // SAFETY: as above.
    let client = unsafe { libc::accept(fd, std::ptr::null_mut(), std::ptr::null_mut()) };
    if client < 0 {
        return Err(io::Error::last_os_error());
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    {
        set_nonblocking(client);
        // SAFETY: a descriptor we own.
        unsafe { libc::fcntl(client, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    Ok(client)
}

pub(super) fn set_nonblocking(fd: i32) {
    // SAFETY: fcntl on a descriptor we were given; a bad one just fails.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 && flags & libc::O_NONBLOCK == 0 {
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
}

/// Whether a descriptor can be had now (one is made and closed at once).
pub(super) fn descriptor_available() -> io::Result<()> {
    // SAFETY: a plain socket() call; the descriptor is closed at once.
    let fd = unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    serving::close(fd as usize);
    Ok(())
}

/// What ran short, in words that name the limit to raise.
pub(super) fn shortage(error: &io::Error) -> String {
    match error.raw_os_error() {
        Some(libc::EMFILE) => texts::out_of_descriptors(&descriptor_limit()),
        Some(libc::ENFILE) => texts::system_out_of_descriptors(),
        Some(libc::ENOBUFS | libc::ENOMEM) => texts::out_of_socket_memory(&error.to_string()),
        _ => error.to_string(),
    }
}

/// This process's descriptor limit (`ulimit -n`).
pub(super) fn descriptor_limit() -> String {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is valid for writes.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        limit.rlim_cur.to_string()
    } else {
        "?".to_owned()
    }
}

pub(super) fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX)
}
