//! The bridge as a TLS tunnel between two machines, for the unmodified originals: two network
//! namespaces made by the test and joined by a veth pair stand for machines A and B.
//!
//! A: the original Local Fortune client → `bridge --name fortune --upstream-tcp B:PORT
//! --upstream-tls …` (a client certificate of the CA) → mutual TLS over the veth pair → B:
//! `bridge --tcp B:0 --tls-cert … --tls-client-ca … --upstream-name …` → the original Local
//! Fortune server. Each generation of originals Debian ships here, both ends of one generation.
//! Broken on purpose: machine A's bridge without a client certificate, or with another CA's,
//! gets nothing, and its original client shows no fortune.
//!
//! Needs root (`ip netns`, `nsenter`: see common/netns.rs), as CI runs; everything is removed
//! when the test ends.

#[path = "../crates/cxx-qt-sockets/tests/common/certs.rs"]
mod certs;
mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use certs::Certs;
use common::netns::Netns;
use common::originals::{assert_shows_an_original, generations, Originals};
use common::{banner_port, plain, spawn, wait_for_socket, Running, BIN, ORIGINAL, SIGTERM};

/// Two namespaces joined by a veth pair: A at 10.X.Y.1, B at 10.X.Y.2; removed when dropped.
struct Machines {
    a: Netns,
    b: Netns,
    b_address: String,
}

impl Machines {
    fn new() -> Self {
        let pid = std::process::id();
        let (a, b) = (Netns::new("a"), Netns::new("b"));
        let b_address = a.link(&b, &format!("10.{}.{}", 100 + pid % 100, (pid / 100) % 250));
        Machines { a, b, b_address }
    }
}

/// Starts `local-fortune ARGS` on a machine and waits for its "listening on" line.
fn start_on(machine: &Netns, args: &[&str], tmp: &Path) -> Running {
    let mut ours = plain(BIN);
    ours.args(args).env("TMPDIR", tmp);
    let mut running = spawn(&mut machine.wrap(&ours));
    let stdout = running.child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) if line.starts_with("local-fortune: listening on ") => running.banner = line,
        other => panic!("{args:?} on {} did not start: {other:?}", machine.name),
    }
    running
}

/// The original Local Fortune server of `g` on machine B, in `dir`; the path it listens on.
fn original_server(g: &Originals, b: &Netns, dir: &Path) -> (Running, String) {
    let socket = dir.join("fortune");
    let command = if g.qt.major == 5 {
        let mut cmd = plain(g.program("localfortuneserver"));
        cmd.env("TMPDIR", dir)
            .env("XDG_RUNTIME_DIR", dir)
            .env("QT_QPA_PLATFORM", "offscreen");
        cmd
    } else {
        let path = socket.to_str().unwrap();
        g.driven(
            "localfortuneserver",
            dir,
            &[
                ("LF_DRIVER_NAME", path),
                ("LF_DRIVER_BUTTON", "Listen"),
                ("LF_DRIVER_STATUS", "to start the server"),
                ("LF_DRIVER_KEEP_RUNNING", "1"),
            ],
        )
    };
    let server = spawn(&mut b.wrap(&command));
    wait_for_socket(&socket);
    (server, socket.to_str().unwrap().to_owned())
}

/// The original Local Fortune client of `g` on machine A, in `dir` (server name "fortune"),
/// given `timeout_ms` to show a fortune: its line and exit code.
fn original_client(
    g: &Originals,
    a: &Netns,
    dir: &Path,
    timeout_ms: &str,
) -> (String, Option<i32>) {
    let env = [
        ("LF_DRIVER_NAME", "fortune"),
        ("LF_DRIVER_TIMEOUT_MS", timeout_ms),
    ];
    let out = spawn(&mut a.wrap(&g.driven("localfortuneclient", dir, &env))).finish_within(30);
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn originals_talk_between_machines_through_two_bridges_and_mutual_tls() {
    let certs = Certs::make();
    let machines = Machines::new();
    let b_address = machines.b_address.clone();
    certs.server_for("machine-b", &format!("IP:{b_address}"));
    let file = |name: &str| certs.path(name).to_str().unwrap().to_owned();
    for g in generations("originals_talk_between_machines_through_two_bridges_and_mutual_tls") {
        let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (_server, socket) = original_server(&g, &machines.b, dir_b.path());
        let listen = format!("{b_address}:0");
        let bridge_b = start_on(
            &machines.b,
            &[
                "bridge",
                "--headless",
                "--tcp",
                &listen,
                "--tls-cert",
                &file("machine-b.pem"),
                "--tls-key",
                &file("machine-b.key"),
                "--tls-client-ca",
                &file("ca.pem"),
                "--upstream-name",
                &socket,
            ],
            dir_b.path(),
        );
        let upstream = format!("{b_address}:{}", banner_port(&bridge_b.banner));
        let peer_qt = g.peer_qt();
        let bridge_a = |client: Option<&str>| {
            let mut args = vec![
                "bridge".to_owned(),
                "--headless".into(),
                "--peer-qt".into(),
                peer_qt.clone(),
                "--upstream-tcp".into(),
                upstream.clone(),
                "--upstream-tls".into(),
                "--upstream-tls-ca".into(),
                file("ca.pem"),
            ];
            if let Some(name) = client {
                args.extend(["--upstream-tls-cert".into(), file(&format!("{name}.pem"))]);
                args.extend(["--upstream-tls-key".into(), file(&format!("{name}.key"))]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            start_on(&machines.a, &args, dir_a.path())
        };

        let tunnel = bridge_a(Some("client"));
        for _ in 0..3 {
            assert_shows_an_original(
                original_client(&g, &machines.a, dir_a.path(), "10000"),
                "through the tunnel",
            );
        }
        drop(tunnel);

        // Broken once each: no client certificate, another CA's. Machine A's bridge says why,
        // machine B's bridge what it refused.
        let reasons = [
            (None, "The server requires a client certificate, and this client has none (give --tls-cert and --tls-key)."),
            (Some("other-client"), "The server refused this client's certificate (it is not signed by a CA the server trusts)."),
        ];
        for (client, reason) in reasons {
            let refused = bridge_a(client);
            // What it shows once the bridge closed it without a frame (or after 3 s).
            let (line, _) = original_client(&g, &machines.a, dir_a.path(), "3000");
            assert!(
                !ORIGINAL.iter().any(|fortune| line.contains(fortune)),
                "{client:?} got a fortune: {line}"
            );
            let log = refused.stop_and_output(SIGTERM);
            let why = format!("local-fortune: no fortune from upstream {upstream}: {reason} The client was closed without a frame.\n");
            assert!(log.contains(&why), "{client:?}: {log}");
        }
        std::thread::sleep(Duration::from_millis(1200)); // B's burst of refusals ends and is logged
        let log = bridge_b.stop_and_output(SIGTERM);
        assert!(
            log.contains(" TLS client(s) without a fortune (the last: "),
            "{log}"
        );
        assert!(
            log.ends_with("stopped after relaying 3 fortunes (0 requests failed)\n"),
            "{log}"
        );
    }
}
