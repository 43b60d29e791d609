//! Processes for tests: every child is killed by pid when its guard drops, and every socket
//! lives in the test's own temporary folder.

#![allow(dead_code)]

pub mod display;
pub mod netns;
pub mod originals;
pub mod peers;

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_local-fortune");

pub const ORIGINAL: [&str; 7] = local_fortune::core::fortunes::ORIGINAL;

use local_fortune::core::endpoint::Transport;
use local_fortune::core::wire::Wire;

/// The server's default format over a local socket: what the Local Fortune examples of the Qt
/// this was built against speak (`qt_version.rs`; qt5.10 for Qt 6.4, qt6.6 for Qt 6.8). Tests
/// take it from the same source as the program, never from a constant.
pub fn default_local_wire() -> Wire {
    Transport::Local.wire_of(local_fortune::qt::application::built_qt())
}

/// `fetch --verbose`'s line for a fortune read in `wire` over `transport`.
pub fn wire_line(transport: Transport, wire: Wire) -> String {
    format!(
        "local-fortune: wire {wire} ({})\n",
        transport.qt_releases(wire)
    )
}

/// The variables through which a user's tools ask programs for colour or a terminal width.
/// Qt Creator's Tests pane (16 and later) runs ctest with `CLICOLOR_FORCE=1`, which clap and Qt
/// 6.11's message handler obey even into a pipe; a terminal brings `TERM` and `COLUMNS`.
pub const TERMINAL_VARS: [&str; 5] = ["CLICOLOR_FORCE", "CLICOLOR", "NO_COLOR", "COLUMNS", "TERM"];

/// A child whose output a test reads as text: colour and width as a plain pipe gives them,
/// whatever the environment the test itself was started in (a shell, ctest, Qt Creator).
/// Every process a test starts is made here.
pub fn plain(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for var in TERMINAL_VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// `text` without its ANSI escape sequences (CSI: ESC [ parameters final-byte), as a terminal
/// shows it.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A running child process, stopped (SIGKILL by pid, then reaped) when dropped.
pub struct Running {
    pub child: Child,
    /// The line the server printed when it started listening.
    pub banner: String,
}

impl Running {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// The exit status once the process has ended, or None if it still runs after `secs`.
    fn wait_for_exit(&mut self, secs: u64) -> Option<ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends `signal` by pid and waits for the exit code (panics after 10 s).
    pub fn stop_with(mut self, signal: i32) -> Option<i32> {
        unsafe { libc_kill(self.pid(), signal) };
        match self.wait_for_exit(10) {
            Some(status) => status.code(),
            None => panic!("process {} ignored signal {signal}", self.pid()),
        }
    }

    /// Waits for the process to end by itself (killed by pid after `secs`), with its output.
    pub fn finish_within(mut self, secs: u64) -> Output {
        if self.wait_for_exit(secs).is_none() {
            let _ = self.child.kill();
        }
        let child = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap());
        let out = child.wait_with_output().unwrap();
        let _ = self.child.wait();
        out
    }

    /// Stops with `signal` and returns what it wrote on stderr.
    pub fn stop_and_output(mut self, signal: i32) -> String {
        let mut err = self.child.stderr.take().unwrap();
        let code = self.stop_with(signal);
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        assert_eq!(code, Some(0), "{s}");
        s
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

pub const SIGINT: i32 = 2;
pub const SIGKILL: i32 = 9;
pub const SIGTERM: i32 = 15;

/// Starts `local-fortune server --headless ARGS` and waits for its "listening on" line.
pub fn start_server(args: &[&str], tmpdir: &Path) -> Running {
    start_listening(&["server", "--headless"], args, tmpdir, |_| {})
}

/// [`start_server`] with the command set up further by `setup` first.
pub fn start_server_with(
    args: &[&str],
    tmpdir: &Path,
    setup: impl FnOnce(&mut Command),
) -> Running {
    start_listening(&["server", "--headless"], args, tmpdir, setup)
}

/// Starts `local-fortune COMMAND ARGS` and waits for its "listening on" line.
fn start_listening(
    command: &[&str],
    args: &[&str],
    tmpdir: &Path,
    setup: impl FnOnce(&mut Command),
) -> Running {
    let mut cmd = plain(BIN);
    cmd.args(command).args(args).env("TMPDIR", tmpdir);
    setup(&mut cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut running = Running {
        child,
        banner: String::new(),
    };
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) if line.starts_with("local-fortune: listening on ") => running.banner = line,
        other => {
            let _ = running.child.kill();
            let _ = running.child.wait();
            let mut err = String::new();
            if let Some(mut pipe) = running.child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut err);
            }
            panic!("server did not start: {other:?}; stderr: {err}");
        }
    }
    running
}

/// Runs `local-fortune ARGS` to completion (killed after 20 s).
pub fn run(args: &[&str], tmpdir: &Path) -> Output {
    let child = plain(BIN)
        .args(args)
        .env("TMPDIR", tmpdir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start local-fortune");
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            unsafe { libc_kill(pid, SIGKILL) };
            panic!("local-fortune {args:?} hung");
        }
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The interop tools of `cpp/interop/`, compiled once per test process with g++ and pkg-config
/// (`make deps` installs both Qt 5 and Qt 6 development packages; a missing one fails loudly).
/// Under ctest the peer is the CMake build's target instead (`LF_FORTUNE_PEER`).
pub struct InteropTools {
    /// Qt 6 QDataStream peer: `fortune_peer serve|fetch|encode`.
    pub peer: std::path::PathBuf,
    /// The library LD_PRELOADed into an original Qt 5 program to press its buttons.
    pub driver_qt5: std::path::PathBuf,
    /// The same, built against Qt 6, for the Qt 6 originals.
    pub driver_qt6: std::path::PathBuf,
}

pub fn interop_tools() -> &'static InteropTools {
    static TOOLS: std::sync::OnceLock<InteropTools> = std::sync::OnceLock::new();
    TOOLS.get_or_init(|| {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("cpp/interop");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop");
        std::fs::create_dir_all(&out).unwrap();
        let peer = match std::env::var_os("LF_FORTUNE_PEER") {
            Some(built) => built.into(),
            None => {
                let peer = out.join("fortune_peer");
                compile(&src.join("fortune_peer.cpp"), &peer, &[], "Qt6Network");
                peer
            }
        };
        let driver = |qt: &str| {
            let lib = out.join(format!("liboriginal_driver_{qt}.so"));
            compile(&src.join("original_driver.cpp"), &lib, &["-shared"], qt);
            lib
        };
        InteropTools {
            peer,
            driver_qt5: driver("Qt5Widgets"),
            driver_qt6: driver("Qt6Widgets"),
        }
    })
}

fn compile(source: &Path, output: &Path, extra: &[&str], qt: &str) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(output).is_some() && modified(output) >= modified(source) {
        return;
    }
    let flags = plain("pkg-config")
        .args(["--cflags", "--libs", qt])
        .output()
        .expect("pkg-config is needed (make deps installs it)");
    assert!(
        flags.status.success(),
        "pkg-config {qt}: {}",
        String::from_utf8_lossy(&flags.stderr)
    );
    // Qt's folders as system headers, as build.rs and CMake include them: a newer compiler's
    // warnings about Qt's own code (GCC 16's -Wsfinae-incomplete) are not ours. Ours must have none.
    let flags: Vec<String> = String::from_utf8(flags.stdout)
        .unwrap()
        .split_whitespace()
        .map(|f| match f.strip_prefix("-I") {
            Some(dir) => format!("-isystem{dir}"),
            None => f.to_owned(),
        })
        .collect();
    let out = plain("g++")
        .args(["-std=c++17", "-O1", "-fPIC", "-Wall", "-Wextra", "-o"])
        .arg(output)
        .arg(source)
        .args(extra)
        .args(&flags)
        .output()
        .expect("g++ is needed (make deps installs it)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "compiling {} failed: {said}",
        source.display()
    );
    assert!(
        !said.contains("warning"),
        "compiling {} printed warnings: {said}",
        source.display()
    );
}

/// Waits until a socket file exists (a server that prints nothing when it listens).
pub fn wait_for_socket(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Starts a program that is stopped by pid when the guard drops.
pub fn spawn(cmd: &mut Command) -> Running {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    Running {
        child,
        banner: String::new(),
    }
}

/// The port in a TCP server's "listening on ADDR:PORT (...)" line.
pub fn banner_port(banner: &str) -> u16 {
    banner
        .strip_prefix("local-fortune: listening on ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|endpoint| endpoint.rsplit(':').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in {banner:?}"))
}

/// The TCP port process `pid` listens on, read from /proc (its socket descriptors and the
/// kernel's table of listening sockets); waits up to 20 s for it to appear.
pub fn listening_port(pid: u32) -> u16 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|dir| {
                dir.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
                    .filter_map(|l| {
                        let l = l.to_str()?.to_owned();
                        Some(l.strip_prefix("socket:[")?.strip_suffix(']')?.to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default();
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = std::fs::read_to_string(table).unwrap_or_default();
            for line in text.lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 the inode.
                if f.len() > 9 && f[3] == "0A" && inodes.iter().any(|i| i == f[9]) {
                    let port = f[1].rsplit(':').next().unwrap();
                    return u16::from_str_radix(port, 16).unwrap();
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "process {pid} never listened on TCP"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts `local-fortune bridge --headless ARGS` and waits for its "listening on" line.
pub fn start_bridge(args: &[&str], tmpdir: &Path) -> Running {
    start_listening(&["bridge", "--headless"], args, tmpdir, |_| {})
}

/// A `Command` running `local-fortune ARGS` as user `nobody` (65534), through util-linux's
/// setpriv. Panics unless this runs as root (CI does).
pub fn as_nobody(args: &[&str]) -> Command {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    assert!(
        root,
        "this test drops privileges to another user and must run as root (CI does); \
         run `make test` as root"
    );
    let mut cmd = plain("setpriv");
    cmd.args([
        "--reuid",
        "65534",
        "--regid",
        "65534",
        "--clear-groups",
        BIN,
    ])
    .args(args);
    cmd
}

/// Runs `local-fortune ARGS` as user `nobody`, to completion.
pub fn run_as_nobody(args: &[&str]) -> Output {
    as_nobody(args)
        .output()
        .expect("setpriv (util-linux) is needed")
}

/// The lines a process writes on stderr, as they come: call `next` with a deadline.
pub struct Lines(mpsc::Receiver<String>);

impl Lines {
    /// Reads the child's stderr from now on (it must have been piped).
    pub fn of_stderr(running: &mut Running) -> Lines {
        let err = running.child.stderr.take().expect("stderr piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines(rx)
    }

    /// The next line, or None if none came within `secs`.
    pub fn next(&self, secs: u64) -> Option<String> {
        self.0.recv_timeout(Duration::from_secs(secs)).ok()
    }

    /// Every line that came until now.
    pub fn so_far(&self) -> Vec<String> {
        self.0.try_iter().collect()
    }
}
