//! cxx-qt-sockets' async examples (`examples/async_client.rs`, `examples/async_server.rs`, built
//! by `cargo test` with the workspace's `async` feature) against the unmodified originals that
//! Debian ships, of each generation (see `interop.rs`): the async client reads the original
//! Local Fortune Server, and the original Local Fortune Client reads the async server, CJK and
//! emoji included. A missing server is one error line and a failure. And `wire::codec` from
//! programs that read the original server with it: `tokio_client` (tokio, no Qt) and
//! `framed_client` (asynchronous-codec over `aio` on Qt's loop).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::originals::*;
use common::*;

/// target/<profile>/examples/NAME, beside this test's own folder (target/<profile>/deps).
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: `cargo test` builds it",
        path.display()
    );
    path
}

/// Runs the crate's example `program` with `name`.
fn client(program: &str, name: &str, dir: &std::path::Path) -> std::process::Output {
    Command::new(example(program))
        .arg(name)
        .env("TMPDIR", dir)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap()
}

#[test]
fn the_async_client_reads_the_original_servers() {
    let dir = tempfile::tempdir().unwrap();
    for originals in generations("the_async_client_reads_the_original_servers") {
        let (_server, sock) = if originals.qt.major == 5 {
            // Qt 5.15's server listens on its fixed name `fortune`, in its TMPDIR.
            let sub = dir.path().join("qt5");
            std::fs::create_dir_all(&sub).unwrap();
            let server = spawn(
                plain(originals.program("localfortuneserver"))
                    .env("TMPDIR", &sub)
                    .env("XDG_RUNTIME_DIR", &sub)
                    .env("QT_QPA_PLATFORM", "offscreen"),
            );
            (server, sub.join("fortune"))
        } else {
            let sock = dir.path().join("qt6-server");
            let server = spawn(&mut originals.driven(
                "localfortuneserver",
                dir.path(),
                &[
                    ("LF_DRIVER_NAME", sock.to_str().unwrap()),
                    ("LF_DRIVER_BUTTON", "Listen"),
                    ("LF_DRIVER_STATUS", "to start the server"),
                    ("LF_DRIVER_KEEP_RUNNING", "1"),
                ],
            ));
            (server, sock)
        };
        wait_for_socket(&sock);
        let s = sock.to_str().unwrap();
        for _ in 0..3 {
            let out = client("async_client", s, dir.path());
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "Qt {}: {}",
                originals.qt,
                stderr(&out)
            );
            assert!(
                ORIGINAL.contains(&text.trim_end_matches('\n')),
                "Qt {}: {text}",
                originals.qt
            );
        }
        // The codec, from tokio without Qt and through asynchronous-codec on Qt's loop: the
        // fortune and the format it told.
        for program in ["tokio_client", "framed_client"] {
            let out = client(program, s, dir.path());
            let line = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{program}, Qt {}: {}",
                originals.qt,
                stderr(&out)
            );
            let (text, wire) = line
                .trim_end_matches('\n')
                .rsplit_once(" (")
                .unwrap_or_else(|| panic!("{program}: {line:?}"));
            assert!(
                ORIGINAL.contains(&text),
                "{program}, Qt {}: {line}",
                originals.qt
            );
            assert_eq!(wire, format!("{})", originals.local_wire()), "{program}");
        }
    }
}

#[test]
fn the_original_clients_read_the_async_server() {
    let dir = tempfile::tempdir().unwrap();
    let text = "你好，世界 🦀 Größe";
    for originals in generations("the_original_clients_read_the_async_server") {
        let sock = dir.path().join(format!("async-{}", originals.qt.major));
        let wire = originals.local_wire().to_string();
        let server = spawn(
            Command::new(example("async_server"))
                .args([sock.to_str().unwrap(), &wire, text])
                .env("QT_QPA_PLATFORM", "offscreen")
                .env("LC_ALL", "C.UTF-8"),
        );
        wait_for_socket(&sock);
        for _ in 0..2 {
            let (line, code) =
                originals.drive_client(dir.path(), &[("LF_DRIVER_NAME", sock.to_str().unwrap())]);
            assert_eq!(
                (line.as_str(), code),
                (format!("label: {text}\n").as_str(), Some(0)),
                "Qt {} ({wire})",
                originals.qt
            );
        }
        drop(server);
    }
}

#[test]
fn the_async_client_without_a_server_is_one_line_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nobody");
    let out = client("async_client", missing.to_str().unwrap(), dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("async_client: ") && err.contains("not found"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
