//! The `local-fortune` binary end to end: a headless server and `fetch` as separate processes
//! over real QLocalServer/QLocalSocket, with every documented exit code.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;

use common::*;

/// The exit codes, pinned here as numbers: the assertions below compare what the binary returns
/// with these, not with the program's own constants (`local_fortune::cli::exit`), so that a
/// changed code fails them (scripts rely on the numbers); `exit_codes_are_pinned_and_documented`
/// checks the program's constants and the documented tables against the same numbers.
mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const SERVER_NOT_FOUND: i32 = 3;
    pub const CONNECTION_REFUSED: i32 = 4;
    pub const TIMEOUT: i32 = 5;
    pub const MALFORMED: i32 = 6;
    pub const SOCKET_ERROR: i32 = 7;
    pub const BAD_FORTUNES: i32 = 8;
    pub const CANNOT_LISTEN: i32 = 9;
    pub const NO_DISPLAY: i32 = 10;
    pub const ACCESS_DENIED: i32 = 11;
    pub const TLS_UNTRUSTED: i32 = 12;
    pub const TLS_HOST_MISMATCH: i32 = 13;
    pub const TLS_EXPIRED: i32 = 14;
    pub const TLS_CERTIFICATE_REQUIRED: i32 = 15;
    pub const TLS_CERTIFICATE_REFUSED: i32 = 16;
    pub const TLS_HANDSHAKE_TIMEOUT: i32 = 17;
    pub const TLS_FILES: i32 = 18;
    pub const TLS_NO_BACKEND: i32 = 19;
}

/// What each code means, by code (0, 1, ...): the words its meaning starts with in every table
/// of exit codes (README.md's, docs/command-line.md's, the man pages' EXIT STATUS).
const MEANINGS: [&str; 20] = [
    "success",
    "unexpected failure",
    "usage error",
    "server not found",
    "connection refused",
    "timeout: no complete fortune in time",
    "malformed frame",
    "other socket error",
    "fortune file unusable",
    "cannot listen",
    "a window was asked for but there is no display",
    "access denied",
    "TLS: the server's certificate is not trusted",
    "TLS: the server's certificate is for another host",
    "TLS: the server's certificate has expired",
    "TLS: the server requires a client certificate",
    "TLS: the server refused the client certificate",
    "TLS: the handshake did not finish",
    "TLS: a certificate, key or CA file cannot be used",
    "TLS: Qt has no TLS backend",
];

fn fetch(args: &[&str], tmp: &std::path::Path) -> std::process::Output {
    let mut all = vec!["fetch"];
    all.extend_from_slice(args);
    run(&all, tmp)
}

/// The rows of the one `| code | meaning |` table in a Markdown text, as (code, meaning).
fn exit_code_table(markdown: &str) -> Vec<(i32, String)> {
    let header = "| code | meaning |";
    assert_eq!(
        markdown.lines().filter(|l| l.trim() == header).count(),
        1,
        "one table headed {header}"
    );
    markdown
        .lines()
        .skip_while(|l| l.trim() != header)
        .skip(2) // the header and its |---|---| line
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells = row.trim().trim_start_matches('|').trim_end_matches('|');
            let (code, meaning) = cells.split_once('|').unwrap_or_else(|| panic!("{row}"));
            let code = code
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("not a code: {row}"));
            (code, meaning.trim().to_owned())
        })
        .collect()
}

/// The program's constants hold the pinned numbers, and every table of exit codes lists exactly
/// them, in order, each with its meaning.
#[test]
fn exit_codes_are_pinned_and_documented() {
    use local_fortune::cli::exit as program;
    let pinned = [
        (exit::OK, program::OK),
        (exit::FAILURE, program::FAILURE),
        (exit::USAGE, program::USAGE),
        (exit::SERVER_NOT_FOUND, program::SERVER_NOT_FOUND),
        (exit::CONNECTION_REFUSED, program::CONNECTION_REFUSED),
        (exit::TIMEOUT, program::TIMEOUT),
        (exit::MALFORMED, program::MALFORMED),
        (exit::SOCKET_ERROR, program::SOCKET_ERROR),
        (exit::BAD_FORTUNES, program::BAD_FORTUNES),
        (exit::CANNOT_LISTEN, program::CANNOT_LISTEN),
        (exit::NO_DISPLAY, program::NO_DISPLAY),
        (exit::ACCESS_DENIED, program::ACCESS_DENIED),
        (exit::TLS_UNTRUSTED, program::TLS_UNTRUSTED),
        (exit::TLS_HOST_MISMATCH, program::TLS_HOST_MISMATCH),
        (exit::TLS_EXPIRED, program::TLS_EXPIRED),
        (
            exit::TLS_CERTIFICATE_REQUIRED,
            program::TLS_CERTIFICATE_REQUIRED,
        ),
        (
            exit::TLS_CERTIFICATE_REFUSED,
            program::TLS_CERTIFICATE_REFUSED,
        ),
        (exit::TLS_HANDSHAKE_TIMEOUT, program::TLS_HANDSHAKE_TIMEOUT),
        (exit::TLS_FILES, program::TLS_FILES),
        (exit::TLS_NO_BACKEND, program::TLS_NO_BACKEND),
    ];
    for (code, (pinned, constant)) in (0..).zip(pinned) {
        assert_eq!(
            (pinned, constant),
            (code, code),
            "exit code {code} ({:?}): pinned, the program's",
            MEANINGS[code as usize]
        );
    }
    let codes: Vec<i32> = (0..).take(MEANINGS.len()).collect();
    let man_pages = program::MEANINGS
        .map(|(code, m)| (code, m.to_owned()))
        .to_vec();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // README.zh_CN.md has no table of its own: it links to docs/command-line.md's.
    let docs = ["README.md", "docs/command-line.md"].map(|doc| {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        (doc, exit_code_table(&text))
    });
    for (table, rows) in std::iter::once(("the man pages (exit::MEANINGS)", man_pages)).chain(docs)
    {
        let listed: Vec<i32> = rows.iter().map(|(code, _)| *code).collect();
        assert_eq!(listed, codes, "{table}: the codes");
        for ((code, meaning), starts) in rows.iter().zip(MEANINGS) {
            assert!(
                meaning.starts_with(starts),
                "{table}: code {code} means {meaning:?}, not {starts:?}..."
            );
        }
    }
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
            "local-fortune: listening on {} (wire {}, 7 fortunes)\n",
            path.display(),
            default_local_wire()
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
        let out = common::plain(BIN)
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
    // The format of the examples of the Qt this is built against: qt5.10 locally for Qt 6.4
    // (what its Qt 5.15 and 6.4 originals read), qt6.6 for Qt 6.8; qt6.6 over TCP for both.
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["server", "--help"], dir.path());
    assert_eq!(out.status.code(), Some(exit::OK));
    let qt = local_fortune::qt::application::built_qt();
    assert!(
        stdout(&out).contains(&format!(
            "[default: {} over a local socket, qt6.6 over TCP: what Qt {qt}'s examples speak]",
            default_local_wire()
        )),
        "{}",
        stdout(&out)
    );
}

/// The mapping from a Qt release to its examples' formats, pinned for the two Qts of Debian 12
/// and 13 whatever this was built against.
#[test]
fn the_qts_of_debian_12_and_13_map_to_their_examples_formats() {
    use local_fortune::core::qt_version::QtVersion;
    use local_fortune::core::wire::Wire;
    let debian12 = QtVersion::new(6, 4, 2);
    let debian13 = QtVersion::new(6, 8, 2);
    assert_eq!(debian12.local_wire(), Wire::Qt510);
    assert_eq!(debian13.local_wire(), Wire::Qt66);
    assert_eq!(debian12.tcp_wire(), Wire::Qt66);
    assert_eq!(debian13.tcp_wire(), Wire::Qt66);
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
    for command in ["server", "client", "fetch", "bridge"] {
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

#[test]
fn tcp_server_reports_its_real_port_and_serves_both_generations() {
    let dir = tempfile::tempdir().unwrap();
    // The default over TCP: what Qt 6.4's Fortune Server sends, the bare string.
    for (args, wire) in [
        (&["--tcp", "0"][..], "qt6.6"),
        (&["--tcp", "127.0.0.1:0", "--wire", "qt4"], "qt4"),
        (&["--tcp", "0", "--peer-qt", "5.6"], "qt4"),
        (&["--tcp", "[::1]:0", "--peer-qt", "5.15"], "qt6.6"),
    ] {
        let server = start_server(args, dir.path());
        let port = banner_port(&server.banner);
        assert_ne!(port, 0);
        let host = if args[1].starts_with("[::1]") {
            "[::1]"
        } else {
            "127.0.0.1"
        };
        assert_eq!(
            server.banner,
            format!("local-fortune: listening on {host}:{port} (wire {wire}, 7 fortunes)\n")
        );
        let out = fetch(
            &["--tcp", &format!("{host}:{port}"), "--verbose"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(exit::OK), "{}", stderr(&out));
        assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
        let releases = if wire == "qt4" {
            "Qt 4.0 – 5.6"
        } else {
            "Qt 5.7 and later"
        };
        assert_eq!(
            stderr(&out),
            format!("local-fortune: wire {wire} ({releases})\n")
        );
        assert_eq!(server.stop_with(SIGTERM), Some(0));
    }
}

#[test]
fn tcp_errors_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = fetch(&["--tcp", &format!("127.0.0.1:{free}")], dir.path());
    assert_eq!(out.status.code(), Some(exit::CONNECTION_REFUSED));
    assert_eq!(
        stderr(&out),
        format!("local-fortune: 127.0.0.1:{free}: The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.\n")
    );
    // Not a valid host name: Qt refuses it before any lookup, so nothing leaves the machine.
    let out = fetch(&["--tcp", "no..such:5000"], dir.path());
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    assert_eq!(
        stderr(&out),
        "local-fortune: no..such:5000: The host was not found. Please check the host name and port settings.\n"
    );
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let out = fetch(
        &["--tcp", &format!("127.0.0.1:{port}"), "--timeout-ms", "300"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(exit::TIMEOUT), "{}", stderr(&out));

    // A port in use: exit 9, naming the port.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = run(
        &["server", "--headless", "--tcp", &port.to_string()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(exit::CANNOT_LISTEN));
    assert_eq!(
        stderr(&out),
        format!("local-fortune: unable to start the server: port {port} is already in use on 127.0.0.1; stop the other server or choose another port\n")
    );

    // Bad addresses and ports are usage errors naming what is wrong.
    for (args, says) in [
        (
            &["fetch", "--tcp", "127.0.0.1:70000"][..],
            "port \"70000\" is not a number from 1 to 65535",
        ),
        (
            &["fetch", "--tcp", "127.0.0.1:0"],
            "port \"0\" is not a number from 1 to 65535",
        ),
        (
            &["fetch", "--tcp", "localhost"],
            "\"localhost\" has no port",
        ),
        (&["fetch", "--tcp", ":80"], "the host name is empty"),
        (
            &["server", "--headless", "--tcp", "1.2.3:0"],
            "\"1.2.3\" is not an IP address to listen on",
        ),
        (
            &["server", "--headless", "--tcp", "x"],
            "port \"x\" is not a number from 0 to 65535",
        ),
        (
            &["fetch", "--tcp", "127.0.0.1:5", "--name", "x"],
            "cannot be used with",
        ),
        (
            &[
                "server",
                "--headless",
                "--tcp",
                "0",
                "--wire",
                "qt4",
                "--peer-qt",
                "4.8",
            ],
            "cannot be used with",
        ),
        (
            &["server", "--headless", "--peer-qt", "7.1"],
            "\"7.1\" is not a Qt version",
        ),
    ] {
        let out = run(args, dir.path());
        assert_eq!(out.status.code(), Some(exit::USAGE), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn socket_access_default_is_the_user_only_world_admits_everyone() {
    let dir = tempfile::tempdir().unwrap();
    // The folder itself open to all, so only the socket's own permissions decide.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let private = dir.path().join("private");
    let shared = dir.path().join("shared");
    let (p, s) = (private.to_str().unwrap(), shared.to_str().unwrap());
    let default = start_server(&["--name", p], dir.path());
    let world = start_server(&["--name", s, "--access", "world"], dir.path());
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&private), 0o700, "user only by default");
    assert_eq!(mode(&shared), 0o777);

    let out = run_as_nobody(&["fetch", "--name", p]);
    assert_eq!(
        out.status.code(),
        Some(exit::ACCESS_DENIED),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stderr(&out),
        format!("local-fortune: {p}: Permission denied: the server at {p} does not admit this user (it chooses who may connect: its --access).\n")
    );
    let out = run_as_nobody(&["fetch", "--name", s]);
    assert_eq!(out.status.code(), Some(exit::OK), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
    // The owner is always admitted.
    assert_eq!(
        fetch(&["--name", p], dir.path()).status.code(),
        Some(exit::OK)
    );
    drop((default, world));
}

#[test]
fn abstract_namespace_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("lf-test-{}", std::process::id());
    let server = start_server(&["--abstract", "--name", &name], dir.path());
    assert_eq!(
        server.banner,
        format!(
            "local-fortune: listening on @{name} (wire {}, 7 fortunes)\n",
            default_local_wire()
        )
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no socket file"
    );
    let out = fetch(&["--abstract", "--name", &name], dir.path());
    assert_eq!(out.status.code(), Some(exit::OK), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
    // A client looking for a socket file (as the original C++ examples do) finds none.
    let out = fetch(&["--name", &name], dir.path());
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    // A second server cannot take the name.
    let out = run(
        &["server", "--headless", "--abstract", "--name", &name],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(exit::CANNOT_LISTEN));
    assert_eq!(
        stderr(&out),
        format!("local-fortune: unable to start the server: another server is already listening on the abstract name {name}; stop it or choose another name\n")
    );
    assert_eq!(server.stop_with(SIGTERM), Some(0));
}

#[test]
fn unusable_names_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("/tmp/{}", "x".repeat(120));
    let missing = dir.path().join("no/such/folder/sock");
    let m = missing.to_str().unwrap();
    let folder = dir.path().join("no/such/folder");
    for (args, code, says) in [
        (
            vec!["server", "--headless", "--name", &long],
            exit::CANNOT_LISTEN,
            format!("local-fortune: unable to start the server: socket path {long} is 125 bytes; the limit is 107: choose a shorter name or folder\n"),
        ),
        (
            vec!["server", "--headless", "--name", m],
            exit::CANNOT_LISTEN,
            format!("local-fortune: unable to start the server: folder {} does not exist: create it or choose another\n", folder.display()),
        ),
        (
            vec!["fetch", "--name", m],
            exit::SERVER_NOT_FOUND,
            format!("local-fortune: {m}: No server: folder {} does not exist: create it or choose another.\n", folder.display()),
        ),
        (
            vec!["fetch", "--name", &long],
            exit::USAGE,
            format!("local-fortune: {long}: Bad server name: socket path {long} is 125 bytes; the limit is 107: choose a shorter name or folder.\n"),
        ),
    ] {
        let out = run(&args, dir.path());
        assert_eq!((stderr(&out), out.status.code()), (says, Some(code)), "{args:?}");
    }
    for args in [["fetch", "--name", ""], ["server", "--name", ""]] {
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(exit::USAGE));
        assert!(
            stderr(&out).contains("the server name is empty; give a name such as fortune"),
            "{}",
            stderr(&out)
        );
    }
}

/// A local server that accepts one client, writes `bytes` (then `endless` junk until the
/// client hangs up, if set) and closes.
fn hostile_server(
    path: &std::path::Path,
    bytes: Vec<u8>,
    endless: bool,
) -> std::thread::JoinHandle<usize> {
    let listener = UnixListener::bind(path).unwrap();
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.write_all(&bytes);
        let mut sent = bytes.len();
        let junk = [0x41u8; 65536];
        while endless && s.write_all(&junk).is_ok() {
            sent += junk.len();
            assert!(sent < 1 << 30, "the client kept reading");
        }
        sent
    })
}

/// Runs `fetch ARGS` and also returns the child's peak memory (ru_maxrss, KiB), reaped with
/// wait4 so that the figure is this process's alone.
#[allow(clippy::zombie_processes)] // reaped by wait4, which std does not know about
fn fetch_with_peak_memory(args: &[&str], tmp: &std::path::Path) -> (std::process::Output, i64) {
    use std::io::Read;
    let mut child = common::plain(BIN)
        .arg("fetch")
        .args(args)
        .env("TMPDIR", tmp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    let mut status = 0;
    // SAFETY: plain C calls on our own child, with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let status = std::os::unix::process::ExitStatusExt::from_raw(status);
    (
        std::process::Output {
            status,
            stdout: out,
            stderr: err,
        },
        usage.ru_maxrss,
    )
}

#[test]
fn hostile_servers_get_one_line_and_their_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let qt66 = |b: &[u8]| b.to_vec();
    let frame =
        local_fortune::core::wire::encode(local_fortune::core::wire::Wire::Qt66, "Hi").unwrap();
    let mut trailing = frame.clone();
    trailing.push(0);
    for (tag, bytes, endless, wire, code, says) in [
        ("huge", qt66(&[0x7f, 0xff, 0xff, 0xf0]), false, "qt6.6", exit::MALFORMED,
         "The server sent a malformed frame: string length 2147483632 bytes is above the cap of 1048576 bytes."),
        ("odd", qt66(&[0, 0, 0, 3, 0, 0x41, 0]), false, "qt6.6", exit::MALFORMED,
         "The server sent a malformed frame: odd string length 3: UTF-16 needs an even number of bytes."),
        ("truncated", frame[..frame.len() - 1].to_vec(), false, "qt6.6", exit::MALFORMED,
         "The server sent a malformed frame: truncated frame: stream ended after 7 of at least 8 bytes."),
        ("trailing", trailing, false, "qt6.6", exit::MALFORMED,
         "The server sent a malformed frame: 1 trailing byte(s) after a complete qt6.6 frame."),
        ("surrogate", qt66(&[0, 0, 0, 2, 0xd8, 0x00]), false, "qt6.6", exit::MALFORMED,
         "The server sent a malformed frame: invalid UTF-16: unpaired surrogate 0xd800 at code unit 0."),
        // What a server does to a user its --access does not admit: no frame at all.
        ("empty", Vec::new(), false, "auto", exit::ACCESS_DENIED,
         "The server closed the connection without a fortune (it may not admit this user: see its --access)."),
        // A length just under the cap, then more than a frame's worth, forever.
        ("endless", qt66(&[0, 0x0f, 0xff, 0xfe]), true, "qt6.6", exit::MALFORMED,
         "trailing byte(s) after a complete qt6.6 frame."),
    ] {
        let path = dir.path().join(tag);
        let p = path.to_str().unwrap().to_owned();
        let peer = hostile_server(&path, bytes, endless);
        let (out, peak_kib) = fetch_with_peak_memory(&["--name", &p, "--wire", wire], dir.path());
        let sent = peer.join().unwrap();
        if endless {
            // How many bytes trail the frame depends on how the stream was chunked.
            let err = stderr(&out);
            let start = format!("local-fortune: {p}: The server sent a malformed frame: ");
            assert!(
                err.starts_with(&start) && err.ends_with(&format!(" {says}\n")) && err.lines().count() == 1,
                "{tag}: {err}"
            );
            assert_eq!(out.status.code(), Some(code), "{tag}");
        } else {
            assert_eq!(
                (stderr(&out), out.status.code()),
                (format!("local-fortune: {p}: {says}\n"), Some(code)),
                "{tag}"
            );
        }
        assert_eq!(stdout(&out), "", "{tag}");
        // A process of ours is ~30 MiB; one frame under the cap adds at most 1 MiB (plus
        // Qt's read buffer), whatever the server sends (the endless one sent {sent} bytes).
        assert!(peak_kib < 64 * 1024, "{tag}: fetch peaked at {peak_kib} KiB after {sent} bytes");
    }
    // A null string (FFFFFFFF) is a well-formed QString but no fortune: the original would
    // show it, find it equal to its empty label and ask again forever.
    let path = dir.path().join("null");
    let p = path.to_str().unwrap();
    let peer = hostile_server(&path, vec![0xff, 0xff, 0xff, 0xff], false);
    let out = fetch(&["--name", p, "--wire", "qt6.6"], dir.path());
    peer.join().unwrap();
    assert_eq!(
        (stderr(&out), out.status.code()),
        (
            format!("local-fortune: {p}: The server sent no fortune: an empty qt6.6 string.\n"),
            Some(exit::MALFORMED)
        )
    );
}

#[test]
fn lang_is_an_option_of_the_windows_only() {
    let dir = tempfile::tempdir().unwrap();
    let without_display = |args: &[&str]| {
        common::plain(BIN)
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("QT_QPA_PLATFORM")
            .output()
            .unwrap()
    };
    // Accepted by both windows (which then find no display).
    for args in [
        &["server", "--lang", "zh_CN"][..],
        &["client", "--lang", "zh-CN"],
        &["client", "--lang", "en"],
    ] {
        let out = without_display(args);
        assert_eq!(
            out.status.code(),
            Some(exit::NO_DISPLAY),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = run(&["client", "--lang", "zh CN"], dir.path());
    assert_eq!(out.status.code(), Some(exit::USAGE));
    assert!(
        stderr(&out).contains("\"zh CN\" is not a language (expected e.g. zh_CN or en)"),
        "{}",
        stderr(&out)
    );
    // The command line speaks English: no --lang there.
    for args in [
        &["fetch", "--lang", "zh_CN"][..],
        &["server", "--headless", "--lang", "zh_CN"],
    ] {
        let out = run(args, dir.path());
        assert_eq!(out.status.code(), Some(exit::USAGE), "{args:?}");
    }
}

#[test]
fn command_line_stays_english_in_a_chinese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = d.join("nobody").to_str().unwrap().to_owned();
    let out = common::plain(BIN)
        .args(["fetch", "--name", &name])
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .env("LANGUAGE", "zh_CN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    assert!(
        stderr(&out).ends_with(&format!("local-fortune: {name}: The host was not found. Please make sure that the server is running and that the server name is correct.\n")),
        "{}",
        stderr(&out)
    );
}

/// A bare environment (no LANG, no LC_*: what CI and service managers give): every command
/// prints exactly what it prints under a UTF-8 locale, one line per failure, whatever the Qt
/// (Qt 6.8 would add four lines of locale warning); non-ASCII file names, socket paths and
/// fortunes stay byte-exact.
#[test]
fn a_bare_environment_prints_exactly_the_same() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("幸运语.txt");
    let text = "你好，世界 🦀 Größe";
    std::fs::write(&file, format!("{text}\n")).unwrap();
    let sock = dir.path().join("套接字");
    let s = sock.to_str().unwrap();
    let bare = |args: &[&str]| {
        let mut cmd = common::plain(BIN);
        cmd.env_clear().args(args);
        cmd
    };
    let mut server = spawn(&mut bare(&[
        "server",
        "--headless",
        "--name",
        s,
        "--fortunes",
        file.to_str().unwrap(),
    ]));
    let mut banner = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.child.stdout.as_mut().unwrap()),
        &mut banner,
    )
    .unwrap();
    assert_eq!(
        banner,
        format!(
            "local-fortune: listening on {s} (wire {}, 1 fortunes)\n",
            default_local_wire()
        )
    );
    let run_bare = |args: &[&str]| {
        bare(args)
            .stdin(Stdio::null())
            .output()
            .expect("run local-fortune")
    };
    let out = run_bare(&["fetch", "--name", s, "--verbose"]);
    assert_eq!(
        (stdout(&out), stderr(&out), out.status.code()),
        (
            format!("{text}\n"),
            wire_line(
                local_fortune::core::endpoint::Transport::Local,
                default_local_wire()
            ),
            Some(exit::OK)
        )
    );
    let missing = dir.path().join("不在");
    let out = run_bare(&["fetch", "--name", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    assert_eq!(
        stderr(&out).lines().count(),
        1,
        "one line: {:?}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(missing.to_str().unwrap()));
    let out = run_bare(&["client"]);
    assert_eq!(out.status.code(), Some(exit::NO_DISPLAY));
    assert_eq!(stderr(&out).lines().count(), 1, "{:?}", stderr(&out));
    let out = run_bare(&["server", "--help"]);
    assert_eq!((stderr(&out), out.status.code()), (String::new(), Some(0)));
    let err = server.stop_and_output(SIGTERM);
    assert_eq!(err, "local-fortune: stopped after serving 1 fortunes\n");
    assert!(!sock.exists());
}

#[test]
fn output_under_a_tool_that_forces_colour_and_a_width() {
    // Qt Creator's Tests pane runs ctest with CLICOLOR_FORCE=1; a terminal brings TERM and
    // COLUMNS. Colour in `--help` is welcome there, but its text must be the plain help's, and a
    // one-line error must stay the same one line.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none");
    let missing = missing.to_str().unwrap();
    let forced = |args: &[&str]| {
        common::plain(BIN)
            .args(args)
            .env("CLICOLOR_FORCE", "1")
            .env("TERM", "xterm-256color")
            .env("COLUMNS", "20")
            .output()
            .unwrap()
    };
    for command in ["server", "client", "fetch", "bridge"] {
        let plain_help = run(&[command, "--help"], dir.path());
        let coloured = forced(&[command, "--help"]);
        assert_eq!(coloured.status.code(), Some(exit::OK));
        let coloured = stdout(&coloured);
        assert!(
            coloured.contains('\u{1b}'),
            "{command}: no colour asked for is given"
        );
        assert_eq!(
            strip_ansi(&coloured),
            stdout(&plain_help),
            "{command} --help"
        );
    }
    let expected = run(&["fetch", "--name", missing], dir.path());
    let out = forced(&["fetch", "--name", missing]);
    assert_eq!(out.status.code(), Some(exit::SERVER_NOT_FOUND));
    assert_eq!(out.status.code(), expected.status.code());
    assert_eq!(stderr(&out), stderr(&expected));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
}
