//! The `local-fortune` binary end to end: a headless server and `fetch` as separate processes
//! over real QLocalServer/QLocalSocket, with every documented exit code.

mod common;

use std::io::Write;
use std::os::unix::net::UnixListener;

use common::*;
use local_fortune::cli::exit;

fn fetch(args: &[&str], tmp: &std::path::Path) -> std::process::Output {
    let mut all = vec!["fetch"];
    all.extend_from_slice(args);
    run(&all, tmp)
}

#[test]
fn every_wire_served_and_detected() {
    let dir = tempfile::tempdir().unwrap();
    for wire in ["qt4", "qt5.8", "qt5.10", "qt6.6"] {
        let sock = dir.path().join(format!("s-{wire}"));
        let sock = sock.to_str().unwrap();
        let server = start_server(&["--name", sock, "--wire", wire], dir.path());
        assert_eq!(
            server.banner,
            format!("local-fortune: listening on {sock} (wire {wire}, 7 fortunes)\n")
        );
        for choice in ["auto", wire] {
            let out = fetch(&["--name", sock, "--wire", choice, "--verbose"], dir.path());
            assert_eq!(out.status.code(), Some(exit::OK), "{}", stderr(&out));
            let text = stdout(&out);
            assert!(
                text.ends_with('\n') && ORIGINAL.contains(&text.trim_end_matches('\n')),
                "{text:?}"
            );
            assert!(
                stderr(&out).contains(&format!("local-fortune: wire {wire} (Qt ")),
                "{}",
                stderr(&out)
            );
        }
        assert_eq!(server.stop_with(SIGTERM), Some(0));
        assert!(
            !std::path::Path::new(sock).exists(),
            "socket removed on SIGTERM"
        );
    }
}

#[test]
fn bare_names_live_in_tmpdir_and_sigint_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // Default name `fortune`, resolved under this test's private TMPDIR like Qt does.
    let server = start_server(&[], dir.path());
    let path = dir.path().join("fortune");
    assert_eq!(
        server.banner,
        format!(
            "local-fortune: listening on {} (wire qt5.10, 7 fortunes)\n",
            path.display()
        )
    );
    assert!(path.exists());
    let out = fetch(&[], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end()));
    assert_eq!(server.stop_with(SIGINT), Some(0));
    assert!(!path.exists());
}

#[test]
fn custom_fortunes_with_non_ascii_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fortunes.txt");
    std::fs::write(&file, "你好，世界 🦀\n\n").unwrap();
    let sock = dir.path().join("custom");
    let server = start_server(
        &[
            "--name",
            sock.to_str().unwrap(),
            "--wire",
            "qt5.10",
            "--fortunes",
            file.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        server.banner.ends_with("(wire qt5.10, 1 fortunes)\n"),
        "{}",
        server.banner
    );
    let out = fetch(&["--name", sock.to_str().unwrap()], dir.path());
    assert_eq!(stdout(&out), "你好，世界 🦀\n");
    drop(server);
}

#[test]
fn fortune_file_errors_exit_8() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("never");
    let sock = sock.to_str().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n  \n").unwrap();
    let binary = dir.path().join("latin1.txt");
    std::fs::write(&binary, b"caf\xe9\n").unwrap();
    let long = dir.path().join("long.txt");
    std::fs::write(&long, "y".repeat(40000)).unwrap();
    let missing = dir.path().join("missing.txt");
    let cases = [
        (&empty, "qt6.6", format!("local-fortune: fortune file {} holds no fortune (only blank lines)\n", empty.display())),
        (&binary, "qt6.6", format!("local-fortune: fortune file {} is not UTF-8 (first bad byte at offset 3)\n", binary.display())),
        (&long, "qt4", "local-fortune: fortune 1 cannot be sent as qt4: 40000 UTF-16 units do not fit a qt4 frame (at most 32765)\n".to_owned()),
    ];
    for (file, wire, message) in cases {
        let out = run(
            &[
                "server",
                "--headless",
                "--name",
                sock,
                "--wire",
                wire,
                "--fortunes",
                file.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(exit::BAD_FORTUNES));
        assert_eq!(stderr(&out), message);
        assert_eq!(stdout(&out), "");
    }
    let out = run(
        &[
            "server",
            "--headless",
            "--name",
            sock,
            "--fortunes",
            missing.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(exit::BAD_FORTUNES));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "local-fortune: cannot read fortune file {}: ",
            missing.display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!std::path::Path::new(sock).exists());
}

#[test]
fn stale_socket_of_a_killed_server_is_reclaimed() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("killed");
    let s = sock.to_str().unwrap();
    let first = start_server(&["--name", s], dir.path());
    assert_eq!(first.stop_with(SIGKILL), None);
    assert!(sock.exists(), "SIGKILL leaves the socket file");
    let out = fetch(&["--name", s], dir.path());
    assert_eq!(
        out.status.code(),
        Some(exit::CONNECTION_REFUSED),
        "{}",
        stderr(&out)
    );
    let second = start_server(&["--name", s], dir.path());
    let out = fetch(&["--name", s], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    drop(second);
}

#[test]
fn live_server_is_never_replaced_exit_9() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("busy");
    let s = sock.to_str().unwrap();
    let first = start_server(&["--name", s, "--wire", "qt4"], dir.path());
    let out = run(&["server", "--headless", "--name", s], dir.path());
    assert_eq!(out.status.code(), Some(exit::CANNOT_LISTEN));
    assert_eq!(
        stderr(&out),
        format!("local-fortune: unable to start the server: another server is already listening on {s}; stop it or choose another name\n")
    );
    // The first server still serves, in its own wire.
    let out = fetch(&["--name", s, "-v"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("wire qt4 "));
    drop(first);
}

#[test]
fn client_error_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = |n: &str| d.join(n).to_str().unwrap().to_owned();

    let out = fetch(&["--name", &name("nobody")], d);
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    assert_eq!(
        stderr(&out),
        format!("local-fortune: {}: The host was not found. Please make sure that the server is running and that the server name is correct.\n", name("nobody"))
    );
    assert_eq!(stdout(&out), "");

    drop(UnixListener::bind(d.join("refused")).unwrap());
    let out = fetch(&["--name", &name("refused")], d);
    assert_eq!(out.status.code(), Some(exit::CONNECTION_REFUSED));
    assert!(stderr(&out).ends_with(": The connection was refused by the peer. Make sure the fortune server is running, and check that the server name is correct.\n"));

    let _silent = UnixListener::bind(d.join("silent")).unwrap();
    let out = fetch(&["--name", &name("silent"), "--timeout-ms", "300"], d);
    assert_eq!(out.status.code(), Some(exit::TIMEOUT));
    assert_eq!(
        stderr(&out),
        format!(
            "local-fortune: {}: No fortune arrived within 300 ms.\n",
            name("silent")
        )
    );

    let junk = UnixListener::bind(d.join("junk")).unwrap();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = junk.accept().unwrap();
        s.write_all(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
    });
    let out = fetch(&["--name", &name("junk")], d);
    peer.join().unwrap();
    assert_eq!(out.status.code(), Some(exit::MALFORMED));
    let err = stderr(&out);
    assert!(
        err.contains(": The server sent a malformed frame: fits no Local Fortune format (qt4: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    // Cap, configurable.
    let server = start_server(&["--name", &name("capped")], d);
    let out = fetch(&["--name", &name("capped"), "--max-string-bytes", "10"], d);
    assert_eq!(out.status.code(), Some(exit::MALFORMED));
    assert!(
        stderr(&out).contains("is above the cap of 10 bytes"),
        "{}",
        stderr(&out)
    );
    drop(server);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["fetch", "--wire", "qt5"][..],
        &["server", "--headless", "--wire", "auto"],
        &["fetch", "--bogus"],
        &["fetch", "--timeout-ms", "-1"],
        &[],
        &["server", "--headless", "--listen"],
        &["server", "--fortunes", "f.txt"],
    ] {
        let out = run(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(exit::USAGE),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).is_empty());
    }
    let out = run(&["fetch", "--wire", "qt5"], dir.path());
    assert!(
        stderr(&out).contains("unknown wire format \"qt5\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn windows_without_a_display_exit_10() {
    for window in ["server", "client"] {
        let out = std::process::Command::new(BIN)
            .arg(window)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("QT_QPA_PLATFORM")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(exit::NO_DISPLAY));
        assert_eq!(
            stderr(&out),
            "local-fortune: no display (DISPLAY and WAYLAND_DISPLAY are unset); use `server --headless` and `fetch`, or set QT_QPA_PLATFORM\n"
        );
    }
}

#[test]
fn default_wire_is_this_qts_and_help_says_so() {
    // Built against Qt 6.4: the format of Qt 5.10 – 6.5's example, which the original programs
    // installed beside it (Qt 5.15, Qt 6.4) read.
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["server", "--help"], dir.path());
    assert_eq!(out.status.code(), Some(exit::OK));
    assert!(
        stdout(&out).contains("[default: qt5.10]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn qt_options_go_to_qt_and_ours_never_do() {
    use local_fortune::cli::split_qt_options;
    let args = [
        "lf",
        "client",
        "--name",
        "/tmp/x/sock",
        "-platform",
        "xcb",
        "--display",
        ":1",
        "-qmljsdebugger=port:3768,block",
        "--reverse",
        "--wire",
        "qt4",
        "--",
        "-platform",
    ];
    let (ours, qt) = split_qt_options(args.iter().map(Into::into));
    let ours: Vec<_> = ours.iter().map(|a| a.to_str().unwrap()).collect();
    assert_eq!(
        ours,
        [
            "lf",
            "client",
            "--name",
            "/tmp/x/sock",
            "--wire",
            "qt4",
            "--",
            "-platform"
        ]
    );
    assert_eq!(
        qt,
        [
            "-platform",
            "xcb",
            "--display",
            ":1",
            "-qmljsdebugger=port:3768,block",
            "--reverse"
        ]
    );
}

#[test]
fn no_option_of_ours_is_one_that_qt_takes_from_argv() {
    // Qt's platform plugins remove their options from argv inside QGuiApplication (xcb took
    // `--name` that way). Ours are parsed first; `name` is the one overlap, kept from Qt.
    use local_fortune::cli::{QT_FLAGS, QT_OPTIONS_WITH_VALUE};
    let dir = tempfile::tempdir().unwrap();
    for command in ["server", "client", "fetch"] {
        let help = stdout(&run(&[command, "--help"], dir.path()));
        let ours: Vec<&str> = help
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("--"))
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-'))
            .collect();
        assert!(ours.contains(&"name"), "{help}");
        for option in ours {
            let taken = QT_OPTIONS_WITH_VALUE.contains(&option) || QT_FLAGS.contains(&option);
            assert!(
                !taken || option == "name",
                "`{command} --{option}` is also a Qt option"
            );
        }
    }
}

#[test]
fn qt_window_options_on_a_command_without_a_window_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["fetch", "-platform", "xcb"], dir.path());
    assert_eq!(out.status.code(), Some(exit::USAGE));
    assert_eq!(
        stderr(&out),
        "local-fortune: -platform is an option of Qt's windows; this command opens none\n"
    );
}
