//! A server that cannot be starved, stalled or walked into: resource limits and other users as
//! inputs. Every server is a `server --headless` process of its own (its descriptor limit set in
//! the child only), on a socket of the test's own or TCP port 0 on 127.0.0.1, stopped by pid.
//! Each scenario asserts the exact lines the server logs, its exit code and what /proc says of
//! its descriptors, memory and CPU.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::peers::*;
use common::*;
use local_fortune::cli::exit;

/// A fortune file of one line of `bytes` ASCII letters: a frame too big for one `send`, so
/// every client takes the slow path and holds a descriptor until it has read it all.
fn big_fortune(dir: &Path, bytes: usize) -> String {
    let file = dir.join(format!("big-{bytes}.txt"));
    let line: String = (0..bytes)
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    std::fs::write(&file, format!("{line}\n")).unwrap();
    file.to_str().unwrap().to_owned()
}

/// Sets the child's descriptor limit (`ulimit -n`), in the child only.
fn with_descriptor_limit(cmd: &mut Command, limit: u64) {
    // SAFETY: setrlimit is async-signal-safe; it runs in the child between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Raises this test process's own descriptor limit to its hard limit (to hold many clients).
fn raise_own_descriptor_limit() -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: valid out-parameter; raising the soft limit to the hard one is always allowed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl);
        rl.rlim_cur = rl.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
    }
    rl.rlim_cur
}

/// One transport under test, and a fortune too big to leave in one `send` on it.
struct Case {
    args: Vec<String>,
    /// The socket file of a local server; None over TCP.
    sock: Option<std::path::PathBuf>,
    /// The fortune file: a Unix socket's buffer takes ~200 kB, so 400 kB letters (an 800 kB
    /// frame) stall; loopback TCP takes up to its 4 MB send buffer whole (the kernel then holds
    /// the rest, not the process), so there 3 MB letters (a 6 MB frame).
    fortunes: String,
    letters: usize,
}

/// Both transports: a local socket in `dir` and TCP on 127.0.0.1, port 0.
fn cases(dir: &Path, tag: &str) -> Vec<Case> {
    let sock = dir.join(tag);
    vec![
        Case {
            args: vec!["--name".into(), sock.to_str().unwrap().into()],
            sock: Some(sock),
            fortunes: big_fortune(dir, 400_000),
            letters: 400_000,
        },
        Case {
            args: vec!["--tcp".into(), "0".into()],
            sock: None,
            fortunes: big_fortune(dir, 3_000_000),
            letters: 3_000_000,
        },
    ]
}

fn at_of(running: &Running, sock: &Option<std::path::PathBuf>) -> At {
    match sock {
        Some(path) => At::Local(path.clone()),
        None => At::Tcp(banner_port(&running.banner)),
    }
}

fn fetch_big(at: &At, dir: &Path) -> std::process::Output {
    let mut args = vec![
        "fetch".to_owned(),
        "--max-string-bytes".into(),
        "8000000".into(),
    ];
    args.extend(at.fetch_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, dir)
}

/// `ulimit -n 64` and clients that hold every descriptor: the server says so once, keeps its
/// socket (and listening), spins no CPU, serves again by itself once they leave, and stops
/// cleanly on SIGTERM.
#[test]
fn out_of_descriptors_the_server_waits_says_so_once_and_serves_again() {
    let dir = tempfile::tempdir().unwrap();
    raise_own_descriptor_limit();
    for case in cases(dir.path(), "starved") {
        let mut args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        args.extend(["--fortunes", &case.fortunes]);
        let mut server = start_server_with(&args, dir.path(), |cmd| with_descriptor_limit(cmd, 64));
        let pid = server.pid();
        let log = Lines::of_stderr(&mut server);
        let at = at_of(&server, &case.sock);
        let who = format!("{at:?}");

        let clients: Vec<Conn> = (0..100).map(|_| at.connect_stalled()).collect();
        assert_eq!(
            log.next(10).as_deref(),
            Some("local-fortune: cannot accept connections: out of file descriptors (ulimit -n is 64); new clients wait until descriptors are free, and the server keeps listening"),
            "{who}"
        );
        // Starved: still running, still listening where it was, and idle, not spinning.
        let cpu = cpu_time(pid);
        std::thread::sleep(Duration::from_secs(1));
        let spent = cpu_time(pid) - cpu;
        assert!(
            spent < Duration::from_millis(100),
            "{who}: {spent:?} of CPU in 1 s"
        );
        if let Some(path) = &case.sock {
            assert!(path.exists(), "{who}: the socket file stays");
        }
        assert!(server.child.try_wait().unwrap().is_none(), "{who}: running");
        assert_eq!(log.so_far(), Vec::<String>::new(), "{who}: said once");

        drop(clients);
        let again = log.next(10).unwrap_or_default();
        assert!(
            again.starts_with("local-fortune: accepting connections again after ")
                && again.ends_with(" s"),
            "{who}: {again:?}"
        );
        let out = fetch_big(&at, dir.path());
        assert_eq!(out.status.code(), Some(exit::OK), "{who}: {}", stderr(&out));
        assert_eq!(stdout(&out).len(), case.letters + 1, "{who}");

        assert_eq!(server.stop_with(SIGTERM), Some(exit::OK), "{who}");
        let rest: Vec<String> = std::iter::from_fn(|| log.next(5)).collect();
        let last = rest.last().cloned().unwrap_or_default();
        assert!(
            last.starts_with("local-fortune: stopped after serving "),
            "{who}: {rest:?}"
        );
        if let Some(path) = &case.sock {
            assert!(!path.exists(), "{who}: socket removed on SIGTERM");
        }
    }
}

/// Clients that never read a fortune too big for one `send`: at most `--max-slow-clients` are
/// served slowly (the default 256 locally; 64 over TCP, where each holds up to 4 MB of kernel
/// buffers), the others closed at once; the slow ones are closed at their write deadline;
/// memory stays flat (the frame is shared, each slow client holds one chunk of its own),
/// descriptors go back to what they were, and the next client is served.
#[test]
fn stalled_clients_are_capped_closed_at_their_deadline_and_cost_no_memory() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        raise_own_descriptor_limit() > 1100,
        "the test needs 1,100 descriptors"
    );
    for (case, (clients, cap)) in cases(dir.path(), "stalled")
        .into_iter()
        .zip([(1000, 256), (300, 64)])
    {
        let mut args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let cap_text = cap.to_string();
        args.extend(["--fortunes", &case.fortunes, "--write-timeout-ms", "1000"]);
        if cap != 256 {
            args.extend(["--max-slow-clients", &cap_text]);
        }
        let mut server =
            start_server_with(&args, dir.path(), |cmd| with_descriptor_limit(cmd, 4096));
        let pid = server.pid();
        let log = Lines::of_stderr(&mut server);
        let at = at_of(&server, &case.sock);
        let who = format!("{at:?}");
        assert_eq!(fetch_big(&at, dir.path()).status.code(), Some(exit::OK));
        let fds = settled_descriptors(pid, usize::MAX);
        let rss = rss_kib(pid);

        let started = Instant::now();
        let stalled: Vec<Conn> = (0..clients).map(|_| at.connect_stalled()).collect();
        // Every client is closed: at once beyond the cap, the others at their deadline (one
        // line per burst; the bursts may come in waves, as the server accepts them).
        let at_once = "local-fortune: closed ";
        let (mut over_cap, mut overdue, mut peak) = (0, 0, 0);
        while over_cap + overdue < clients {
            let line = log
                .next(10)
                .unwrap_or_else(|| panic!("{who}: {over_cap} + {overdue} of {clients} closed"));
            let n: usize = line
                .strip_prefix(at_once)
                .and_then(|rest| rest.split(' ').next()?.parse().ok())
                .unwrap_or_else(|| panic!("{who}: {line}"));
            if line.ends_with(&format!(" new client(s) at once: {cap} clients were already taking their fortune slowly (--max-slow-clients)")) {
                over_cap += n;
            } else if line.ends_with(" client(s) that had not taken their whole fortune within 1000 ms (--write-timeout-ms)") {
                overdue += n;
            } else {
                panic!("{who}: {line}");
            }
            peak = peak.max(rss_kib(pid));
        }
        assert!(
            overdue >= cap && over_cap > 0,
            "{who}: {over_cap} at once, {overdue} overdue"
        );
        let grown = peak.saturating_sub(rss);
        assert!(
            grown < 16 * 1024,
            "{who}: RSS grew by {grown} KiB holding {cap} slow clients of a big frame"
        );
        assert!(started.elapsed() >= Duration::from_millis(1000), "{who}");
        assert_eq!(settled_descriptors(pid, fds), fds, "{who}: descriptors");
        let out = fetch_big(&at, dir.path());
        assert_eq!(out.status.code(), Some(exit::OK), "{who}: {}", stderr(&out));
        drop(stalled);
        assert_eq!(server.stop_with(SIGTERM), Some(exit::OK), "{who}");
    }
}

/// In the abstract namespace there is no socket file whose mode keeps other users out: the
/// server checks who connects. Another user is refused by default (and the server logs it),
/// and served with `--access world`. A root server, `nobody` as the other user.
#[test]
fn another_user_is_refused_on_an_abstract_socket_unless_world() {
    let dir = tempfile::tempdir().unwrap();
    for (access, admitted) in [("user", false), ("world", true)] {
        let name = format!("lf-abstract-{}-{access}", std::process::id());
        let mut server = start_server(
            &["--abstract", "--name", &name, "--access", access],
            dir.path(),
        );
        let log = Lines::of_stderr(&mut server);
        let out = run_as_nobody(&["fetch", "--abstract", "--name", &name]);
        if admitted {
            assert_eq!(out.status.code(), Some(exit::OK), "{}", stderr(&out));
            assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
        } else {
            assert_eq!(
                (stderr(&out), out.status.code()),
                (
                    format!("local-fortune: {name}: The server closed the connection without a fortune (it may not admit this user: see its --access).\n"),
                    Some(exit::ACCESS_DENIED)
                )
            );
            assert_eq!(stdout(&out), "");
            assert_eq!(
                log.next(5).as_deref(),
                Some("local-fortune: refused 1 connection(s) of users that --access user does not admit (the last from uid 65534)")
            );
            // The owner still is.
            let own = run(&["fetch", "--abstract", "--name", &name], dir.path());
            assert_eq!(own.status.code(), Some(exit::OK), "{}", stderr(&own));
        }
        assert_eq!(server.stop_with(SIGTERM), Some(exit::OK));
        // Nothing else to say (a refusal is logged at the latest when the server stops).
        let rest: Vec<String> = std::iter::from_fn(|| log.next(5)).collect();
        assert!(
            rest.len() == 1 && rest[0].starts_with("local-fortune: stopped after serving "),
            "{access}: {rest:?}"
        );
    }
}

/// A socket in a folder another user may not enter: the cause named is the permission, not a
/// missing folder (which keeps its own message), for the client and for the server.
#[test]
fn a_folder_another_user_cannot_enter_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let closed = dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).unwrap();
    let inner = closed.join("x");
    std::fs::create_dir(&inner).unwrap();
    let sock = inner.join("sock");
    let s = sock.to_str().unwrap();
    let server = start_server(&["--name", s, "--access", "world"], dir.path());
    let (c, i) = (closed.display(), inner.display());

    let out = run_as_nobody(&["fetch", "--name", s]);
    assert_eq!(
        (stderr(&out), out.status.code()),
        (
            format!("local-fortune: {s}: Permission denied: folder {i} cannot be reached: this user may not enter {c} (permission denied).\n"),
            Some(exit::ACCESS_DENIED)
        )
    );
    let out = run_as_nobody(&["server", "--headless", "--name", &format!("{i}/other")]);
    assert_eq!(
        (stderr(&out), out.status.code()),
        (
            format!("local-fortune: unable to start the server: folder {i} cannot be reached: this user may not enter {c} (permission denied)\n"),
            Some(exit::CANNOT_LISTEN)
        )
    );
    // A folder that really is missing still says so.
    let missing = dir.path().join("missing/sock");
    let out = run_as_nobody(&["fetch", "--name", missing.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(exit::SERVER_NOT_FOUND),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    drop(server);
}

/// A client of ours reads a whole big frame through the slow path, a chunk at a time, on both
/// transports.
#[test]
fn a_reading_client_gets_a_big_fortune_whole() {
    let dir = tempfile::tempdir().unwrap();
    for case in cases(dir.path(), "whole") {
        let mut args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        args.extend(["--fortunes", &case.fortunes]);
        let server = start_server(&args, dir.path());
        let at = at_of(&server, &case.sock);
        let out = fetch_big(&at, dir.path());
        assert_eq!(
            out.status.code(),
            Some(exit::OK),
            "{at:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            stdout(&out),
            format!(
                "{}\n",
                std::fs::read_to_string(&case.fortunes).unwrap().trim_end()
            ),
            "{at:?}"
        );
        drop(server);
    }
}
