//! Interop with code we did not write: the unmodified original Qt 5.15.8 programs from Debian's
//! `qtbase5-examples` (local: wire qt5.10; TCP: Fortune Server/Client, Threaded Fortune Server
//! and Blocking Fortune Client, the bare string, qt6.6), and Qt 6's own QDataStream in every
//! generation's form (`cpp/interop/fortune_peer.cpp`). TCP only ever on loopback.
//!
//! The original client is a widget program with no command line: `cpp/interop/
//! original_client_driver.cpp` is LD_PRELOADed into it, presses "Get Fortune" from inside the
//! program's event loop once the window is up, and prints the status label (or the message box)
//! it then shows. It polls in the program's own event loop with a deadline: no sleeps that race.
//! Every original program runs with QT_QPA_PLATFORM=offscreen and a private TMPDIR, so its fixed
//! name `fortune` never meets a real server.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use local_fortune::core::wire::{encode, Wire};

const EXAMPLES: &str = "/usr/lib/x86_64-linux-gnu/qt5/examples";
const WIRES: [&str; 4] = ["qt4", "qt5.8", "qt5.10", "qt6.6"];

/// An original example program: `corelib/ipc/...` for the local ones, `network/...` for TCP.
fn original(program: &str) -> String {
    let folder = if program.starts_with("local") {
        "corelib/ipc"
    } else {
        "network"
    };
    let path = format!("{EXAMPLES}/{folder}/{program}/{program}");
    assert!(
        Path::new(&path).exists(),
        "{path} is missing: make deps installs qtbase5-examples"
    );
    path
}

/// Runs the original local client, driven; returns its one line of output and exit code.
fn drive_original_client(tmpdir: &Path, env: &[(&str, &str)]) -> (String, Option<i32>) {
    drive_original("localfortuneclient", tmpdir, env)
}

/// Runs an original client program, driven by cpp/interop/original_client_driver.cpp.
fn drive_original(program: &str, tmpdir: &Path, env: &[(&str, &str)]) -> (String, Option<i32>) {
    let tools = interop_tools();
    let mut cmd = Command::new(original(program));
    cmd.env("TMPDIR", tmpdir)
        .env("XDG_RUNTIME_DIR", tmpdir)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("LD_PRELOAD", &tools.driver);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let running = spawn(&mut cmd);
    let out = running.finish_within(30);
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// The driven original client's one line and exit code show one of the seven originals.
fn assert_shows_an_original((line, code): (String, Option<i32>)) {
    assert_eq!(code, Some(0), "{line}");
    let shown = line
        .strip_prefix("label: ")
        .and_then(|l| l.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("{line:?}"));
    assert!(ORIGINAL.contains(&shown), "{shown:?}");
}

fn one_fortune_file(dir: &Path, text: &str) -> String {
    let file = dir.join(format!("fortunes-{}.txt", text.len()));
    std::fs::write(&file, format!("{text}\n")).unwrap();
    file.to_str().unwrap().to_owned()
}

#[test]
fn original_server_to_our_client() {
    let dir = tempfile::tempdir().unwrap();
    let _server = spawn(
        Command::new(original("localfortuneserver"))
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
        assert_eq!(stderr(&out), "local-fortune: wire qt5.10 (Qt 5.10 – 6.5)\n");
    }
}

#[test]
fn our_server_with_no_flags_to_original_client() {
    // No --wire: the default is the format of this Qt's (6.4's) example, which the installed
    // Qt 5.15 original reads too.
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&[], dir.path());
    for _ in 0..3 {
        assert_shows_an_original(drive_original_client(dir.path(), &[]));
    }
    drop(server);
}

#[test]
fn original_client_types_a_name_and_shows_non_ascii_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let text = "你好，世界 🦀 Größe";
    let sock = dir.path().join("unicode");
    let server = start_server(
        &[
            "--wire",
            "qt5.10",
            "--name",
            sock.to_str().unwrap(),
            "--fortunes",
            &one_fortune_file(dir.path(), text),
        ],
        dir.path(),
    );
    let (line, code) =
        drive_original_client(dir.path(), &[("LF_DRIVER_NAME", sock.to_str().unwrap())]);
    assert_eq!(
        (line.as_str(), code),
        (format!("label: {text}\n").as_str(), Some(0))
    );
    drop(server);
}

#[test]
fn original_client_shows_its_error_without_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let (line, code) = drive_original_client(dir.path(), &[]);
    assert_eq!(
        line,
        "messagebox: Local Fortune Client: The host was not found. Please make sure that the server is running and that the server name is correct.\n"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn original_client_against_the_wrong_wire_loops_as_documented() {
    // The 5.15 client reads a qt6.6 frame as an empty string, finds it equal to the empty
    // fortune on screen and reconnects forever: the label never changes. Pick qt5.10 for it.
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&["--wire", "qt6.6"], dir.path());
    let (line, code) = drive_original_client(dir.path(), &[("LF_DRIVER_TIMEOUT_MS", "1500")]);
    assert_eq!(
        (line.as_str(), code),
        ("driver: nothing happened within 1500 ms\n", Some(1))
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
fn our_client_against_qt_datastream_servers() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    for wire in WIRES {
        let sock = dir.path().join(format!("peer-{wire}"));
        let s = sock.to_str().unwrap();
        let _peer = spawn(Command::new(&tools.peer).args(["serve", "--wire", wire, "--name", s]));
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
            let out = Command::new(&tools.peer)
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
        let out = Command::new(&tools.peer)
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

/// Starts an original TCP server (it listens on every address, port chosen by the system, as
/// the original does); we only ever connect to it on 127.0.0.1.
fn start_original_tcp_server(program: &str, dir: &Path) -> (Running, u16) {
    let server = spawn(
        Command::new(original(program))
            .env("XDG_RUNTIME_DIR", dir)
            .env("QT_QPA_PLATFORM", "offscreen"),
    );
    let port = listening_port(server.child.id());
    (server, port)
}

#[test]
fn original_tcp_servers_to_our_client() {
    let dir = tempfile::tempdir().unwrap();
    for program in ["fortuneserver", "threadedfortuneserver"] {
        let (_server, port) = start_original_tcp_server(program, dir.path());
        let at = format!("127.0.0.1:{port}");
        for _ in 0..3 {
            let out = run(
                &["fetch", "--tcp", &at, "--wire", "auto", "--verbose"],
                dir.path(),
            );
            assert_eq!(out.status.code(), Some(0), "{program}: {}", stderr(&out));
            assert!(
                ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')),
                "{program}: {}",
                stdout(&out)
            );
            assert_eq!(
                stderr(&out),
                "local-fortune: wire qt6.6 (Qt 5.7 and later)\n",
                "{program}"
            );
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
    for program in ["fortuneclient", "blockingfortuneclient"] {
        let (line, code) = drive_original(
            program,
            dir.path(),
            &[("LF_DRIVER_HOST", "127.0.0.1"), ("LF_DRIVER_PORT", &port)],
        );
        assert_eq!(
            (line.as_str(), code),
            (format!("label: {text}\n").as_str(), Some(0)),
            "{program}"
        );
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
        ("LF_DRIVER_TIMEOUT_MS", "1500"),
    ];
    assert_eq!(
        drive_original("fortuneclient", dir.path(), &env),
        (
            "driver: nothing happened within 1500 ms\n".to_owned(),
            Some(1)
        )
    );
    assert_eq!(
        drive_original("blockingfortuneclient", dir.path(), &env),
        (
            "messagebox: Blocking Fortune Client: The following error occurred: The remote host closed the connection.\n"
                .to_owned(),
            Some(0)
        )
    );
}

#[test]
fn original_tcp_client_without_a_server_shows_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let (line, code) = drive_original(
        "fortuneclient",
        dir.path(),
        &[("LF_DRIVER_HOST", "127.0.0.1"), ("LF_DRIVER_PORT", &free)],
    );
    assert_eq!(
        (line.as_str(), code),
        ("messagebox: Fortune Client: The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.\n", Some(0))
    );
}

/// Qt 4 – 5.6 and Qt 5.7+ TCP generations through Qt 6's QDataStream, both ways, with the
/// cross-generation reading pinned, and our bytes equal to QDataStream's.
#[test]
fn tcp_generations_through_qt_datastream() {
    let tools = interop_tools();
    let dir = tempfile::tempdir().unwrap();
    for wire in ["qt4", "qt6.6"] {
        let mut peer =
            spawn(Command::new(&tools.peer).args(["serve", "--wire", wire, "--tcp", "0"]));
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
        let peer_hex = Command::new(&tools.peer)
            .args(["encode", "--wire", server_wire, text])
            .output()
            .unwrap();
        assert_eq!(
            hex,
            String::from_utf8(peer_hex.stdout).unwrap().trim_end(),
            "{server_wire}"
        );
        let out = Command::new(&tools.peer)
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
        let out = Command::new(&tools.peer)
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

/// Two unmodified originals of different transports talking through us: Qt 5.15.8's local
/// client → our bridge (local, the default qt5.10) → Qt 5.15.8's TCP Fortune Server.
#[test]
fn original_local_client_through_the_bridge_to_the_original_tcp_server() {
    let dir = tempfile::tempdir().unwrap();
    let (_upstream, port) = start_original_tcp_server("fortuneserver", dir.path());
    let sock = dir.path().join("bridge");
    let s = sock.to_str().unwrap();
    let bridge = start_bridge(
        &["--name", s, "--upstream-tcp", &format!("127.0.0.1:{port}")],
        dir.path(),
    );
    assert_eq!(
        bridge.banner,
        format!("local-fortune: listening on {s} (wire qt5.10), relaying 127.0.0.1:{port} (wire auto)\n")
    );
    for _ in 0..3 {
        assert_shows_an_original(drive_original_client(dir.path(), &[("LF_DRIVER_NAME", s)]));
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
    let out = Command::new(&tools.peer)
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

/// The README's first bridge example: Qt 5.15.8's local client, which cannot read a Qt 6.6+
/// server, reads it through a bridge started with no format flags.
#[test]
fn original_local_client_through_the_bridge_to_a_qt66_format_server() {
    let dir = tempfile::tempdir().unwrap();
    let _new = start_server(&["--name", "fortune-66", "--wire", "qt6.6"], dir.path());
    let _bridge = start_bridge(&["--upstream-name", "fortune-66"], dir.path());
    assert_shows_an_original(drive_original_client(dir.path(), &[]));
}
