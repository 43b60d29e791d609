//! Socket activation, as systemd does it, with Debian's `systemd-socket-activate` (no running
//! systemd needed): it makes the listening socket, waits for the first client, then starts
//! `server --headless --socket-activation` with the socket as descriptor 3 (`LISTEN_FDS=1`).
//! The first client is an unmodified original one, of the Qt we are built with: the socket existed
//! before the server, so it is never refused. Both transports; the socket file stays systemd's after SIGTERM; `--access`
//! still holds; a missing or bad `LISTEN_FDS` is one line and exit 9.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::originals::*;
use common::*;
use local_fortune::cli::exit;

const ACTIVATE: &str = "/usr/bin/systemd-socket-activate";

/// `systemd-socket-activate -l ADDRESS` starting our headless server on the first connection.
fn activate(address: &str, dir: &Path) -> Running {
    assert!(
        Path::new(ACTIVATE).exists(),
        "{ACTIVATE} is missing: make deps installs Debian's systemd package"
    );
    spawn(
        common::plain(ACTIVATE)
            .args([
                "-l",
                address,
                BIN,
                "server",
                "--headless",
                "--socket-activation",
            ])
            .env("TMPDIR", dir),
    )
}

/// Asserts that no client has connected yet: systemd-socket-activate (without --accept) waits
/// for the first connection attempt and only then execs the server in its own place, so while
/// its process still runs systemd-socket-activate, nobody has come.
fn assert_no_client_yet(activated: &Running) {
    let program = std::fs::read_link(format!("/proc/{}/exe", activated.pid())).unwrap();
    assert_eq!(
        program,
        Path::new(ACTIVATE),
        "the server was started before the original client connected"
    );
}

/// Waits for the activated server's "listening on" line (it starts with the first client).
fn banner(server: &mut Running) -> String {
    let out = server.child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default()
}

#[test]
fn an_original_local_client_is_the_first_client_of_an_activated_server() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("activated");
    let s = sock.to_str().unwrap();
    let mut server = activate(s, dir.path());
    wait_for_socket(&sock);
    // The socket exists; no server process of ours yet. The original client connects first.
    assert_no_client_yet(&server);
    assert_shows_an_original(
        of_our_qt().drive_client(dir.path(), &[("LF_DRIVER_NAME", s)]),
        "first client",
    );
    assert_eq!(
        banner(&mut server),
        format!(
            "local-fortune: listening on {s} (wire {}, 7 fortunes; socket passed by systemd)\n",
            default_local_wire()
        )
    );
    // Another user is refused by the server's own check (the socket's mode is systemd's).
    let out = run_as_nobody(&["fetch", "--name", s]);
    assert_eq!(
        out.status.code(),
        Some(exit::ACCESS_DENIED),
        "{}",
        stderr(&out)
    );
    // SIGTERM: exit 0, and the socket file is left to systemd.
    let log = server.stop_and_output(SIGTERM);
    assert!(
        log.ends_with("local-fortune: stopped after serving 1 fortunes\n"),
        "{log}"
    );
    assert!(sock.exists(), "the socket file stays systemd's");
}

/// A free loopback port: systemd-socket-activate takes no port 0, so one the system just chose
/// (bound, then released) is handed to it.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn an_original_tcp_client_is_the_first_client_of_an_activated_server() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let mut server = activate(&address, dir.path());
    // Listening, seen in /proc rather than by connecting: a connection would be the first client
    // and start the server. The original client connects first.
    assert_eq!(listening_port(server.child.id()), port);
    assert_no_client_yet(&server);
    let port = port.to_string();
    let (line, code) = of_our_qt().drive(
        "fortuneclient",
        dir.path(),
        &[("LF_DRIVER_HOST", "127.0.0.1"), ("LF_DRIVER_PORT", &port)],
    );
    assert_shows_an_original((line, code), "TCP client");
    assert_eq!(
        banner(&mut server),
        format!("local-fortune: listening on {address} (wire qt6.6, 7 fortunes; socket passed by systemd)\n")
    );
    // SIGTERM: exit 0 (stop_and_output checks it), the original the one client served.
    let log = server.stop_and_output(SIGTERM);
    assert!(
        log.ends_with("local-fortune: stopped after serving 1 fortunes\n"),
        "{log}"
    );
}

/// `server --headless --socket-activation` with the variables set by `sh` for itself (`$$` is
/// the pid that `exec` keeps) and descriptor 3 as given.
fn activated_by_hand(env: &str, fd3: &str) -> std::process::Output {
    common::plain("sh")
        .args([
            "-c",
            &format!("{env} exec \"$0\" server --headless --socket-activation {fd3}"),
            BIN,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_missing_or_bad_socket_is_one_line_and_exit_9() {
    let start = "local-fortune: unable to start the server: --socket-activation: ";
    for (env, fd3, says) in [
        ("", "", "no socket was passed (LISTEN_FDS is not set): start it from a systemd .socket unit, or with systemd-socket-activate".to_owned()),
        ("LISTEN_PID=$$ LISTEN_FDS=2", "", "2 sockets were passed; the server takes exactly one (one ListenStream= in the .socket unit)".to_owned()),
        ("LISTEN_PID=$$ LISTEN_FDS=one", "", "LISTEN_FDS is \"one\", not a number of sockets".to_owned()),
        ("LISTEN_PID=$$ LISTEN_FDS=1", "3</dev/null", "descriptor 3 is not a listening stream socket (Socket operation on non-socket (os error 88))".to_owned()),
    ] {
        let out = activated_by_hand(env, fd3);
        assert_eq!(
            (stderr(&out), out.status.code()),
            (format!("{start}{says}\n"), Some(exit::CANNOT_LISTEN)),
            "{env} {fd3}"
        );
    }
    // Variables meant for another process.
    let out = activated_by_hand("LISTEN_PID=1 LISTEN_FDS=1", "");
    assert_eq!(out.status.code(), Some(exit::CANNOT_LISTEN));
    assert!(
        stderr(&out).starts_with(&format!(
            "{start}LISTEN_PID is \"1\", not this process's pid "
        )) && stderr(&out).lines().count() == 1,
        "{}",
        stderr(&out)
    );
    // A window has no socket to be given.
    let out = common::plain(BIN)
        .args(["server", "--socket-activation"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(exit::USAGE), "{}", stderr(&out));
}
