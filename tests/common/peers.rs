//! Clients of either transport for the tests of a server under load, and what a server process
//! holds (descriptors, memory) as /proc tells.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the server under test listens.
#[derive(Clone, Debug)]
pub enum At {
    Local(PathBuf),
    Tcp(u16),
}

/// A client connection of either transport.
pub enum Conn {
    Local(UnixStream),
    Tcp(TcpStream),
}

pub trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

impl Conn {
    pub fn stream(&mut self) -> &mut dyn ReadWrite {
        match self {
            Conn::Local(s) => s,
            Conn::Tcp(s) => s,
        }
    }

    fn fd(&self) -> i32 {
        match self {
            Conn::Local(s) => s.as_raw_fd(),
            Conn::Tcp(s) => s.as_raw_fd(),
        }
    }

    /// Closes with a TCP reset (SO_LINGER 0): no TIME_WAIT left behind, and the server sees
    /// a peer that vanished mid-stream. Local sockets have no reset; they just close.
    pub fn reset(self) {
        if let Conn::Tcp(_) = &self {
            let linger = libc::linger {
                l_onoff: 1,
                l_linger: 0,
            };
            set_option(self.fd(), libc::SO_LINGER, &linger);
        }
    }
}

fn set_option<T>(fd: i32, option: i32, value: &T) {
    // SAFETY: a valid socket and an option of the right size.
    unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            option,
            (value as *const T).cast(),
            std::mem::size_of::<T>() as libc::socklen_t,
        )
    };
}

impl At {
    /// A connection whose reads give up after 10 s: a server that stops serving fails the
    /// test instead of hanging it.
    pub fn connect(&self) -> Conn {
        let limit = Some(Duration::from_secs(10));
        match self {
            At::Local(path) => {
                let s = UnixStream::connect(path).unwrap();
                s.set_read_timeout(limit).unwrap();
                Conn::Local(s)
            }
            At::Tcp(port) => {
                let s = TcpStream::connect(("127.0.0.1", *port)).unwrap();
                s.set_read_timeout(limit).unwrap();
                Conn::Tcp(s)
            }
        }
    }

    /// A client that will never read: over TCP with a small receive buffer, set before it
    /// connects (so the window stays small), or loopback would take megabytes into the
    /// kernel's buffers for it.
    pub fn connect_stalled(&self) -> Conn {
        match self {
            At::Local(_) => self.connect(),
            At::Tcp(port) => {
                // SAFETY: a plain socket() call; the descriptor becomes the TcpStream's.
                let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) };
                assert!(fd >= 0, "{}", std::io::Error::last_os_error());
                set_option(fd, libc::SO_RCVBUF, &4096i32);
                let addr = libc::sockaddr_in {
                    sin_family: libc::AF_INET as libc::sa_family_t,
                    sin_port: port.to_be(),
                    sin_addr: libc::in_addr {
                        s_addr: u32::from(std::net::Ipv4Addr::LOCALHOST).to_be(),
                    },
                    sin_zero: [0; 8],
                };
                // SAFETY: `addr` is a valid sockaddr_in of the size given.
                let rc = unsafe {
                    libc::connect(
                        fd,
                        (&addr as *const libc::sockaddr_in).cast(),
                        std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                    )
                };
                assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
                // SAFETY: a connected socket we own.
                Conn::Tcp(unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) })
            }
        }
    }

    /// One ordinary fetch, the way a client does it: connect, read to the end.
    pub fn fetch_raw(&self) -> Vec<u8> {
        let mut conn = self.connect();
        let mut bytes = Vec::new();
        conn.stream().read_to_end(&mut bytes).unwrap();
        conn.reset();
        bytes
    }

    /// `local-fortune fetch` arguments for this endpoint.
    pub fn fetch_args(&self) -> Vec<String> {
        match self {
            At::Local(path) => vec!["--name".into(), path.to_str().unwrap().into()],
            At::Tcp(port) => vec!["--tcp".into(), format!("127.0.0.1:{port}")],
        }
    }
}

pub fn open_descriptors(pid: i32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

pub fn rss_kib(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap()
}

/// The descriptor count settles once the server has closed what the clients left.
pub fn settled_descriptors(pid: i32, at_most: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = open_descriptors(pid);
        if n <= at_most || Instant::now() > deadline {
            return n;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The CPU time a process has used (user + system), from /proc/PID/stat.
pub fn cpu_time(pid: i32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Duration::from_millis(ticks * 1000 / hz)
}
