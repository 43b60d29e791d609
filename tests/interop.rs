//! Interop with code we did not write: the unmodified original programs that Debian ships, of
//! two generations: Qt 5.15's (`qtbase5-examples`, every release: local wire qt5.10) and, on
//! Debian 13 and testing, Qt 6.8's or 6.11's (`qt6-base-examples`: local wire qt6.6); over TCP both send the bare
//! string (qt6.6): Fortune Server/Client, Threaded Fortune Server and Blocking Fortune Client.
//! And Qt 6's own QDataStream in every generation's form (`cpp/interop/fortune_peer.cpp`). TCP
//! only ever on loopback.
//!
//! The originals are widget programs with no command line: `cpp/interop/original_driver.cpp`,
//! built against the program's Qt, is LD_PRELOADed into it, presses "Get Fortune" (or Qt 6's
//! server's "Listen") from inside the program's event loop once the window is up, and prints the
//! status label (or the message box) it then shows. It polls in the program's own event loop
//! with a deadline: no sleeps that race. Every original program runs with
//! QT_QPA_PLATFORM=offscreen and a private TMPDIR, so its fixed name `fortune` never meets a
//! real server.
//!
//! Debian 12 ships no Qt 6 originals: there the Qt 6 cases say on the test's stderr that they
//! were not run, and why; on any other release a missing one fails (`make deps` installs it).

mod common;

use std::path::Path;

use common::originals::*;
use common::*;
use local_fortune::core::endpoint::Transport;
use local_fortune::core::wire::{encode, Wire};

const WIRES: [&str; 4] = ["qt4", "qt5.8", "qt5.10", "qt6.6"];

fn one_fortune_file(dir: &Path, text: &str) -> String {
    let file = dir.join(format!("fortunes-{}.txt", text.len()));
    std::fs::write(&file, format!("{text}\n")).unwrap();
    file.to_str().unwrap().to_owned()
}

#[test]
fn original_qt5_server_to_our_client() {
    let dir = tempfile::tempdir().unwrap();
    let _server = spawn(
        common::plain(QT5.program("localfortuneserver"))
            .env("TMPDIR", dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("QT_QPA_PLATFORM", "offscreen"),
    );
    wait_for_socket(&dir.path().join("fortune"));
    for _ in 0..5 {
        let out = run(&["fetch", "--wire", "auto", "--verbose"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')),
            "{}",
            stdout(&out)
        );
        assert_eq!(stderr(&out), wire_line(Transport::Local, Wire::Qt510));
    }
}

/// Qt 6.6+'s Local Fortune Server has a "Server name:" field and listens only once "Listen" is
/// pressed: the driver types our socket path and presses it, as a user would.
#[test]
fn original_qt6_server_to_our_client() {
    let Some(qt6) = qt6(Some("original_qt6_server_to_our_client")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("qt6-server");
    let s = sock.to_str().unwrap();
    let _server = spawn(&mut qt6.driven(
        "localfortuneserver",
        dir.path(),
        &[
            ("LF_DRIVER_NAME", s),
            ("LF_DRIVER_BUTTON", "Listen"),
            ("LF_DRIVER_STATUS", "to start the server"),
            ("LF_DRIVER_KEEP_RUNNING", "1"),
        ],
    ));
    wait_for_socket(&sock);
    for _ in 0..5 {
        let out = run(
            &["fetch", "--name", s, "--wire", "auto", "--verbose"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')),
            "{}",
            stdout(&out)
        );
        assert_eq!(stderr(&out), wire_line(Transport::Local, qt6.local_wire()));
    }
}

/// `server` with no flags speaks what the examples of the Qt it is built with speak, so the
/// original client of that Qt reads it: Qt 6.8's on Debian 13; on Debian 12, whose Qt 6.4
/// examples are not packaged, Qt 5.15's, which speaks Qt 6.4's format (qt5.10).
#[test]
fn our_server_with_no_flags_to_the_original_client_of_our_qt() {
    let original = of_our_qt();
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&[], dir.path());
    for _ in 0..3 {
        assert_shows_an_original(original.drive_client(dir.path(), &[]), "no flags");
    }
    drop(server);
}

/// Each generation's client types the server's name into its field and shows CJK and emoji
/// text exactly, from a server picked for it by `--peer-qt`.
#[test]
fn original_clients_type_a_name_and_show_non_ascii_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let text = "你好，世界 🦀 Größe";
    for originals in generations("original_clients_type_a_name_and_show_non_ascii_exactly") {
        let sock = dir.path().join(format!("unicode-{}", originals.qt.major));
        let server = start_server(
            &[
                "--peer-qt",
                &originals.peer_qt(),
                "--name",
                sock.to_str().unwrap(),
                "--fortunes",
                &one_fortune_file(dir.path(), text),
            ],
            dir.path(),
        );
        assert!(
            server
                .banner
                .contains(&format!("(wire {}, 1 fortunes)", originals.local_wire())),
            "{}",
            server.banner
        );
        let (line, code) =
            originals.drive_client(dir.path(), &[("LF_DRIVER_NAME", sock.to_str().unwrap())]);
        assert_eq!(
            (line.as_str(), code),
            (format!("label: {text}\n").as_str(), Some(0)),
            "Qt {}",
            originals.qt
        );
        drop(server);
    }
}

#[test]
fn original_clients_show_their_error_without_a_server() {
    let dir = tempfile::tempdir().unwrap();
    for originals in generations("original_clients_show_their_error_without_a_server") {
        let (line, code) = originals.drive_client(dir.path(), &[]);
        assert_eq!(
            line,
            "messagebox: Local Fortune Client: The host was not found. Please make sure that the server is running and that the server name is correct.\n",
            "Qt {}",
            originals.qt
        );
        assert_eq!(code, Some(0));
    }
}

#[test]
fn original_qt5_client_against_qt66_loops_as_documented() {
    // The 5.15 client reads a qt6.6 frame as an empty string, finds it equal to the empty
    // fortune on screen and reconnects forever: the label never changes. Pick qt5.10 for it.
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&["--wire", "qt6.6"], dir.path());
    let (line, code) = QT5.drive_client(dir.path(), &[("LF_DRIVER_TIMEOUT_MS", "1000")]);
    assert_eq!(
        (line.as_str(), code),
        ("driver: nothing happened within 1000 ms\n", Some(1))
    );
    let out = server.stop_and_output(SIGTERM);
    let served: u64 = out
        .trim_end()
        .rsplit_once("stopped after serving ")
        .and_then(|(_, n)| n.strip_suffix(" fortunes"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        served > 20,
        "the original client reconnected only {served} times"
    );
}

#[test]
fn original_qt6_client_against_qt510_shows_garbage_as_documented() {
    // Qt 6.6+'s client reads qt5.10's prefix (20 units) as a byte length: it shows the real
    // length field as two characters, U+0000 and '(' (0x28), then 8 units of the text, and says
    // nothing. Pick qt6.6 for it (`--peer-qt 6.8`).
    let Some(qt6) = qt6(Some(
        "original_qt6_client_against_qt510_shows_garbage_as_documented",
    )) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(
        &[
            "--wire",
            "qt5.10",
            "--fortunes",
            &one_fortune_file(dir.path(), "You might have mail."),
        ],
        dir.path(),
    );
    assert_eq!(
        qt6.drive_client(dir.path(), &[]),
        ("label: \u{0}(You migh\n".to_owned(), Some(0))
    );
    drop(server);
}

#[test]
fn our_client_against_qt_datastream_servers() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    for wire in WIRES {
        let sock = dir.path().join(format!("peer-{wire}"));
        let s = sock.to_str().unwrap();
        let _peer = spawn(common::plain(&tools.peer).args(["serve", "--wire", wire, "--name", s]));
        wait_for_socket(&sock);
        for choice in ["auto", wire] {
            let out = run(&["fetch", "--name", s, "--wire", choice, "-v"], dir.path());
            assert_eq!(
                out.status.code(),
                Some(0),
                "{wire}/{choice}: {}",
                stderr(&out)
            );
            assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
            assert!(
                stderr(&out).starts_with(&format!("local-fortune: wire {wire} (")),
                "{}",
                stderr(&out)
            );
        }
        // Any other exact wire is one clear error after one connection, never a loop.
        for other in WIRES.iter().filter(|w| **w != wire) {
            let out = run(&["fetch", "--name", s, "--wire", other], dir.path());
            if (wire, *other) == ("qt5.8", "qt6.6") {
                // The documented overlap: a qt5.8 frame is a well-formed qt6.6 string that
                // starts with its own length field (U+0000, then the byte length as a unit).
                assert_eq!(out.status.code(), Some(0));
                assert!(stdout(&out).starts_with('\u{0}'), "{:?}", stdout(&out));
                continue;
            }
            assert_eq!(
                out.status.code(),
                Some(6),
                "{wire} read as {other}: {}",
                stdout(&out)
            );
            assert!(stderr(&out).contains("malformed frame"), "{}", stderr(&out));
        }
    }
}

#[test]
fn qt_datastream_clients_against_our_server() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    let text = "You might have mail.";
    let file = one_fortune_file(dir.path(), text);
    // What each generation's client makes of each of our wires, pinned.
    // (client, server) -> Ok(printed) or Err(stderr)
    let expected = |client: &str, server: &str| -> Result<String, &'static str> {
        match (client, server) {
            (c, s) if c == s => Ok(format!("{text}\n")),
            // A 5.8/5.10 client waits for "at least prefix bytes": both prefixes are satisfied.
            ("qt5.8", "qt5.10") | ("qt5.10", "qt5.8") => Ok(format!("{text}\n")),
            // A qt6.6 client takes qt5.8's prefix (4 + bytes) for the string length, so it
            // reads the real length field as two characters, U+0000 and U+0028, then the text.
            ("qt6.6", "qt5.8") => Ok(format!("\u{0}({text}\n")),
            // ... and qt5.10's prefix (20 units) as 20 bytes: the length field and 8 units.
            ("qt6.6", "qt5.10") => Ok("\u{0}(You migh\n".to_owned()),
            // A qt4 client reads the top half of a 32-bit prefix (0) as its size.
            ("qt4", "qt5.8") | ("qt4", "qt5.10") => Err("fortune_peer: stream status 1\n"),
            // Older clients take a qt6.6 string's first units for a length: corrupt data.
            (_, "qt6.6") => Err("fortune_peer: stream status 2\n"),
            // 32-bit readers of a 16-bit prefix wait for more than will ever come.
            (_, "qt4") => Err("fortune_peer: disconnected before a complete fortune\n"),
            _ => unreachable!(),
        }
    };
    for server in WIRES {
        let sock = dir.path().join(format!("ours-{server}"));
        let s = sock.to_str().unwrap();
        let ours = start_server(
            &["--name", s, "--wire", server, "--fortunes", &file],
            dir.path(),
        );
        for client in WIRES {
            let out = common::plain(&tools.peer)
                .args(["fetch", "--wire", client, "--name", s])
                .output()
                .unwrap();
            match expected(client, server) {
                Ok(printed) => {
                    assert_eq!(
                        out.status.code(),
                        Some(0),
                        "{client} client, {server} server"
                    );
                    assert_eq!(
                        String::from_utf8(out.stdout).unwrap(),
                        printed,
                        "{client} client, {server} server"
                    );
                }
                Err(message) => {
                    assert_eq!(
                        out.status.code(),
                        Some(6),
                        "{client} client, {server} server"
                    );
                    assert_eq!(
                        String::from_utf8(out.stderr).unwrap(),
                        message,
                        "{client} client, {server} server"
                    );
                }
            }
        }
        drop(ours);
    }
}

#[test]
fn our_bytes_equal_qt_datastream_bytes() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    let peer_hex = |wire: &str, text: &str| -> String {
        let out = common::plain(&tools.peer)
            .args(["encode", "--wire", wire, text])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    };
    let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let texts = ["你好，世界", "emoji 🦀🎉 astral", "Größe ½ – “quotes”"];
    for (i, wire) in WIRES.iter().enumerate() {
        // The codec, for the seven originals and non-ASCII text.
        for text in ORIGINAL.iter().chain(texts.iter()) {
            assert_eq!(
                hex(&encode(Wire::ALL[i], text).unwrap()),
                peer_hex(wire, text),
                "{wire}: {text}"
            );
        }
        // What our server really sends, read raw off the socket.
        for text in texts {
            let sock = dir.path().join(format!("raw-{wire}-{}", text.len()));
            let server = start_server(
                &[
                    "--name",
                    sock.to_str().unwrap(),
                    "--wire",
                    wire,
                    "--fortunes",
                    &one_fortune_file(dir.path(), text),
                ],
                dir.path(),
            );
            let mut stream = std::os::unix::net::UnixStream::connect(&sock).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut stream, &mut bytes).unwrap();
            assert_eq!(hex(&bytes), peer_hex(wire, text), "{wire}: {text}");
            drop(server);
        }
    }
}

// ---- TCP: the Fortune Server/Client family ----------------------------------------------------

#[test]
fn original_tcp_servers_to_our_client() {
    let dir = tempfile::tempdir().unwrap();
    for originals in generations("original_tcp_servers_to_our_client") {
        for program in ["fortuneserver", "threadedfortuneserver"] {
            let who = format!("Qt {} {program}", originals.qt);
            let (_server, port) = originals.start_tcp_server(program, dir.path());
            let at = format!("127.0.0.1:{port}");
            for _ in 0..3 {
                let out = run(
                    &["fetch", "--tcp", &at, "--wire", "auto", "--verbose"],
                    dir.path(),
                );
                assert_eq!(out.status.code(), Some(0), "{who}: {}", stderr(&out));
                assert!(
                    ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')),
                    "{who}: {}",
                    stdout(&out)
                );
                assert_eq!(
                    stderr(&out),
                    wire_line(Transport::Tcp, originals.qt.tcp_wire()),
                    "{who}"
                );
            }
        }
    }
}

#[test]
fn our_tcp_server_with_no_wire_to_original_tcp_clients() {
    let dir = tempfile::tempdir().unwrap();
    let text = "你好，世界 🦀 Größe";
    let server = start_server(
        &[
            "--tcp",
            "0",
            "--fortunes",
            &one_fortune_file(dir.path(), text),
        ],
        dir.path(),
    );
    let port = banner_port(&server.banner).to_string();
    for originals in generations("our_tcp_server_with_no_wire_to_original_tcp_clients") {
        for program in ["fortuneclient", "blockingfortuneclient"] {
            let (line, code) = originals.drive(
                program,
                dir.path(),
                &[("LF_DRIVER_HOST", "127.0.0.1"), ("LF_DRIVER_PORT", &port)],
            );
            assert_eq!(
                (line.as_str(), code),
                (format!("label: {text}\n").as_str(), Some(0)),
                "Qt {} {program}",
                originals.qt
            );
        }
    }
}

#[test]
fn original_tcp_clients_against_the_old_frame_behave_as_documented() {
    // A Qt >= 5.7 client fed Qt <= 5.6's quint16 frame reads its first bytes as a ~2.8 MB string
    // length: the async client waits and shows nothing, the blocking one reports the close.
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&["--tcp", "0", "--wire", "qt4"], dir.path());
    let port = banner_port(&server.banner).to_string();
    let env = [
        ("LF_DRIVER_HOST", "127.0.0.1"),
        ("LF_DRIVER_PORT", port.as_str()),
        ("LF_DRIVER_TIMEOUT_MS", "1000"),
    ];
    for originals in generations("original_tcp_clients_against_the_old_frame_behave_as_documented")
    {
        assert_eq!(
            originals.drive("fortuneclient", dir.path(), &env),
            (
                "driver: nothing happened within 1000 ms\n".to_owned(),
                Some(1)
            ),
            "Qt {}",
            originals.qt
        );
        assert_eq!(
            originals.drive("blockingfortuneclient", dir.path(), &env),
            (
                "messagebox: Blocking Fortune Client: The following error occurred: The remote host closed the connection.\n"
                    .to_owned(),
                Some(0)
            ),
            "Qt {}",
            originals.qt
        );
    }
}

#[test]
fn original_tcp_clients_without_a_server_show_their_error() {
    let dir = tempfile::tempdir().unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    for originals in generations("original_tcp_clients_without_a_server_show_their_error") {
        let (line, code) = originals.drive(
            "fortuneclient",
            dir.path(),
            &[("LF_DRIVER_HOST", "127.0.0.1"), ("LF_DRIVER_PORT", &free)],
        );
        assert_eq!(
            (line.as_str(), code),
            ("messagebox: Fortune Client: The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.\n", Some(0)),
            "Qt {}",
            originals.qt
        );
    }
}

/// Qt 4 – 5.6 and Qt 5.7+ TCP generations through Qt 6's QDataStream, both ways, with the
/// cross-generation reading pinned, and our bytes equal to QDataStream's.
#[test]
fn tcp_generations_through_qt_datastream() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    for wire in ["qt4", "qt6.6"] {
        let mut peer =
            spawn(common::plain(&tools.peer).args(["serve", "--wire", wire, "--tcp", "0"]));
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(peer.child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        let at = line
            .trim_end()
            .strip_prefix("fortune_peer: listening on ")
            .unwrap_or_else(|| panic!("{line:?}"))
            .to_owned();
        let out = run(&["fetch", "--tcp", &at, "--verbose"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{wire}: {}", stderr(&out));
        assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
        assert!(
            stderr(&out).starts_with(&format!("local-fortune: wire {wire} (")),
            "{}",
            stderr(&out)
        );
    }

    let text = "你好 🦀 “quotes”";
    let file = one_fortune_file(dir.path(), text);
    for server_wire in ["qt4", "qt6.6"] {
        let ours = start_server(
            &["--tcp", "0", "--wire", server_wire, "--fortunes", &file],
            dir.path(),
        );
        let at = format!("127.0.0.1:{}", banner_port(&ours.banner));
        // Raw bytes off the socket, compared with QDataStream's frame.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::net::TcpStream::connect(&at[..]).unwrap(),
            &mut bytes,
        )
        .unwrap();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let peer_hex = common::plain(&tools.peer)
            .args(["encode", "--wire", server_wire, text])
            .output()
            .unwrap();
        assert_eq!(
            hex,
            String::from_utf8(peer_hex.stdout).unwrap().trim_end(),
            "{server_wire}"
        );
        let out = common::plain(&tools.peer)
            .args(["fetch", "--wire", server_wire, "--tcp", &at])
            .output()
            .unwrap();
        assert_eq!(
            (String::from_utf8(out.stdout).unwrap(), out.status.code()),
            (format!("{text}\n"), Some(0)),
            "{server_wire}"
        );
        drop(ours);
    }
}

/// What each TCP generation's client makes of the other generation's frame (the seven
/// originals), pinned.
#[test]
fn tcp_cross_generation_reading_is_pinned() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    for (client, server, expected) in [
        // A Qt <= 5.6 client reads the bare string's length as its quint16 size and an odd
        // QString length: corrupt data, which the original shows as an empty string, takes for
        // "the same fortune" and asks again for, forever.
        ("qt4", "qt6.6", "fortune_peer: stream status 2\n"),
        // A Qt >= 5.7 client reads the quint16 and the string's length as one ~2.8 MB length
        // and waits for bytes that never come.
        (
            "qt6.6",
            "qt4",
            "fortune_peer: disconnected before a complete fortune\n",
        ),
    ] {
        let ours = start_server(&["--tcp", "0", "--wire", server], dir.path());
        let at = format!("127.0.0.1:{}", banner_port(&ours.banner));
        let out = common::plain(&tools.peer)
            .args(["fetch", "--wire", client, "--tcp", &at])
            .output()
            .unwrap();
        assert_eq!(
            (
                String::from_utf8(out.stderr).unwrap().as_str(),
                out.status.code()
            ),
            (expected, Some(6)),
            "{client} client, {server} server"
        );
        drop(ours);
    }
}

// ---- The bridge between generations and transports ---------------------------------------------

/// Two unmodified originals of different transports talking through us: Qt 5.15's local client
/// → our bridge (local, in Qt 5.15's format: `--peer-qt 5.15`, qt5.10) → Qt 5.15's TCP Fortune
/// Server.
#[test]
fn original_local_client_through_the_bridge_to_the_original_tcp_server() {
    let dir = tempfile::tempdir().unwrap();
    let (_upstream, port) = QT5.start_tcp_server("fortuneserver", dir.path());
    let sock = dir.path().join("bridge");
    let s = sock.to_str().unwrap();
    let bridge = start_bridge(
        &[
            "--name",
            s,
            "--peer-qt",
            "5.15",
            "--upstream-tcp",
            &format!("127.0.0.1:{port}"),
        ],
        dir.path(),
    );
    assert_eq!(
        bridge.banner,
        format!("local-fortune: listening on {s} (wire qt5.10), relaying 127.0.0.1:{port} (wire auto)\n")
    );
    for _ in 0..3 {
        assert_shows_an_original(
            QT5.drive_client(dir.path(), &[("LF_DRIVER_NAME", s)]),
            "through the bridge",
        );
    }
}

/// A Qt 4-generation local client (Qt 6's QDataStream, as Qt 4 read) → the bridge (local,
/// `--peer-qt 4.8`) → our Qt 6.6-format server: the text passes byte for byte, astral too.
#[test]
fn qt4_client_through_the_bridge_to_a_qt66_server() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    let text = "你好，世界 🦀 Größe";
    let up = dir.path().join("new-server");
    let _server = start_server(
        &[
            "--name",
            up.to_str().unwrap(),
            "--wire",
            "qt6.6",
            "--fortunes",
            &one_fortune_file(dir.path(), text),
        ],
        dir.path(),
    );
    let sock = dir.path().join("bridge4");
    let s = sock.to_str().unwrap();
    let _bridge = start_bridge(
        &[
            "--name",
            s,
            "--peer-qt",
            "4.8",
            "--upstream-name",
            up.to_str().unwrap(),
        ],
        dir.path(),
    );
    let out = common::plain(&tools.peer)
        .args(["fetch", "--wire", "qt4", "--name", s])
        .output()
        .unwrap();
    assert_eq!(
        (String::from_utf8(out.stdout).unwrap(), out.status.code()),
        (format!("{text}\n"), Some(0))
    );
    // And the bytes are exactly a Qt 4 server's.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::os::unix::net::UnixStream::connect(&sock).unwrap(),
        &mut bytes,
    )
    .unwrap();
    assert_eq!(bytes, encode(Wire::Qt4, text).unwrap());
}

/// The README's first bridge example: Qt 5.15's local client, which cannot read a Qt 6.6+
/// server, reads it through a bridge on its fixed name in its format (`--peer-qt 5.15`).
#[test]
fn original_local_client_through_the_bridge_to_a_qt66_format_server() {
    let dir = tempfile::tempdir().unwrap();
    let _new = start_server(&["--name", "fortune-66", "--wire", "qt6.6"], dir.path());
    let _bridge = start_bridge(
        &["--peer-qt", "5.15", "--upstream-name", "fortune-66"],
        dir.path(),
    );
    assert_shows_an_original(QT5.drive_client(dir.path(), &[]), "README bridge");
}
