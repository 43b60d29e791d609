//! `local-fortune bridge` as a process: it never invents a fortune (a failed upstream leaves the
//! downstream client without a frame, one line says why, and the bridge keeps serving), and it
//! caps its upstream fetches. The originals at both ends are in tests/interop.rs.

mod common;

use std::io::{BufRead, Read, Write};
use std::net::TcpListener;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use local_fortune::core::wire::{decode, encode, Wire, WireChoice};

/// What a plain downstream client gets: the whole stream until the bridge closes it.
fn read_all(path: &Path) -> Vec<u8> {
    let mut s = UnixStream::connect(path).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    bytes
}

/// An upstream that answers one client with `bytes` (then, if `endless`, junk until the
/// client hangs up, bounded), or says nothing for `silent_ms`.
fn one_shot_upstream(
    path: &Path,
    bytes: Vec<u8>,
    endless: bool,
    silent_ms: u64,
) -> std::thread::JoinHandle<()> {
    let listener = UnixListener::bind(path).unwrap();
    std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        std::thread::sleep(Duration::from_millis(silent_ms));
        let _ = s.write_all(&bytes);
        let junk = [0x41u8; 65536];
        let mut sent = 0usize;
        while endless && s.write_all(&junk).is_ok() {
            sent += junk.len();
            assert!(sent < 1 << 30, "the bridge kept reading junk");
        }
    })
}

/// Reads the bridge's stderr lines as they come.
fn log_lines(bridge: &mut Running) -> std::sync::mpsc::Receiver<String> {
    let stderr = bridge.child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn a_failed_upstream_gets_the_client_no_frame_and_one_line_and_the_bridge_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("upstream");
    let u = up.to_str().unwrap();
    let down = dir.path().join("bridge");
    let mut bridge = start_bridge(
        &[
            "--name",
            down.to_str().unwrap(),
            "--upstream-name",
            u,
            "--timeout-ms",
            "500",
        ],
        dir.path(),
    );
    let log = log_lines(&mut bridge);
    let next_line = || {
        log.recv_timeout(Duration::from_secs(10))
            .expect("a log line")
    };

    // Down: nobody there.
    assert_eq!(read_all(&down), b"", "no frame invented");
    assert_eq!(
        next_line(),
        format!("local-fortune: no fortune from upstream {u}: The host was not found. Please make sure that the server is running and that the server name is correct. The client was closed without a frame.")
    );
    // Slow: silent past the timeout.
    let peer = one_shot_upstream(&up, encode(Wire::Qt66, "late").unwrap(), false, 1500);
    assert_eq!(read_all(&down), b"");
    assert_eq!(
        next_line(),
        format!("local-fortune: no fortune from upstream {u}: No fortune arrived within 500 ms. The client was closed without a frame.")
    );
    peer.join().unwrap();
    std::fs::remove_file(&up).unwrap();
    // Hostile: malformed, then endless.
    for (bytes, endless, says) in [
        (
            vec![0, 0, 0, 3, 0, 0x41, 0],
            false,
            "The server sent a malformed frame: fits no Local Fortune format",
        ),
        (
            vec![0, 0x0f, 0xff, 0xfe],
            true,
            "The server sent a malformed frame: ",
        ),
    ] {
        let peer = one_shot_upstream(&up, bytes, endless, 0);
        assert_eq!(read_all(&down), b"");
        let line = next_line();
        assert!(
            line.starts_with(&format!(
                "local-fortune: no fortune from upstream {u}: {says}"
            )) && line.ends_with(" The client was closed without a frame."),
            "{line}"
        );
        peer.join().unwrap();
        std::fs::remove_file(&up).unwrap();
    }
    // Still up: a real upstream now, and the next client gets its fortune.
    let _server = start_server(&["--name", u], dir.path());
    let frame = read_all(&down);
    let fortune = decode(WireChoice::Exact(default_local_wire()), &frame, 1 << 20).unwrap();
    assert!(ORIGINAL.contains(&fortune.text.as_str()));
    assert_eq!(bridge.stop_with(SIGTERM), Some(0));
    assert_eq!(
        log.iter().last().as_deref(),
        Some("local-fortune: stopped after relaying 1 fortunes (4 requests failed)")
    );
}

/// A qt4 frame holds at most 32,765 UTF-16 units: a longer upstream fortune is not sent.
#[test]
fn a_fortune_the_downstream_format_cannot_carry_is_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("long");
    let long = "x".repeat(40_000);
    let _server = start_server(
        &[
            "--name",
            up.to_str().unwrap(),
            "--wire",
            "qt6.6",
            "--fortunes",
            &{
                let f = dir.path().join("long.txt");
                std::fs::write(&f, format!("{long}\n")).unwrap();
                f.to_str().unwrap().to_owned()
            },
        ],
        dir.path(),
    );
    let down = dir.path().join("bridge");
    let mut bridge = start_bridge(
        &[
            "--name",
            down.to_str().unwrap(),
            "--wire",
            "qt4",
            "--upstream-name",
            up.to_str().unwrap(),
        ],
        dir.path(),
    );
    let log = log_lines(&mut bridge);
    assert_eq!(read_all(&down), b"");
    assert_eq!(
        log.recv_timeout(Duration::from_secs(10)).unwrap(),
        "local-fortune: the upstream fortune does not fit a qt4 frame (40000 UTF-16 units do not fit a qt4 frame (at most 32765)); the client was closed without a frame"
    );
}

/// 500 clients at once, their fetches held at the upstream until the bridge is full: exactly
/// --max-in-flight fetches at the upstream, 256 clients waiting, every other client closed
/// without a frame, each with the bridge's "too many clients" line; then, released, every
/// fetch and every waiting client gets a whole fortune.
#[test]
fn upstream_fetches_are_capped_under_500_concurrent_clients() {
    const CLIENTS: usize = 500;
    const IN_FLIGHT: usize = 8;
    // The bridge's cap on waiting clients (DEFAULT_MAX_WAITING; no option sets it).
    const WAITING: usize = 256;
    let dir = tempfile::tempdir().unwrap();
    let upstream = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = upstream.local_addr().unwrap().port();
    let (now, most, served) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    // The upstream answers nobody until released: the caps are then reached whatever the
    // machine's speed (an upstream that merely answers slowly may drain the queue as fast as
    // the clients arrive, and the test would prove nothing).
    let release = Arc::new(AtomicBool::new(false));
    {
        let (now, most, served, release) =
            (now.clone(), most.clone(), served.clone(), release.clone());
        std::thread::spawn(move || {
            for s in upstream.incoming() {
                let Ok(mut s) = s else { break };
                let (now, most, served, release) =
                    (now.clone(), most.clone(), served.clone(), release.clone());
                std::thread::spawn(move || {
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(n, Ordering::SeqCst);
                    let held = Instant::now();
                    while !release.load(Ordering::SeqCst)
                        && held.elapsed() < Duration::from_secs(60)
                    {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    now.fetch_sub(1, Ordering::SeqCst);
                    let _ = s.write_all(&encode(Wire::Qt66, "You might have mail.").unwrap());
                    served.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
    }
    let down = dir.path().join("capped");
    let mut bridge = start_bridge(
        &[
            "--name",
            down.to_str().unwrap(),
            "--upstream-tcp",
            &format!("127.0.0.1:{port}"),
            "--max-in-flight",
            &IN_FLIGHT.to_string(),
            // Longer than the upstream is held: no fetch times out meanwhile.
            "--timeout-ms",
            "60000",
        ],
        dir.path(),
    );
    let log = log_lines(&mut bridge);
    let closed_so_far = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (down, closed_so_far) = (down.clone(), closed_so_far.clone());
            std::thread::spawn(move || {
                let bytes = read_all(&down);
                if bytes.is_empty() {
                    closed_so_far.fetch_add(1, Ordering::SeqCst);
                }
                bytes
            })
        })
        .collect();
    // Full: every client beyond the fetches and the queue closed. Released after 15 s anyway
    // (before the clients' own 20 s), so that a bridge that never fills fails the assertions
    // below rather than hanging.
    let full = CLIENTS - IN_FLIGHT - WAITING;
    let waited = Instant::now();
    while closed_so_far.load(Ordering::SeqCst) < full && waited.elapsed() < Duration::from_secs(15)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    release.store(true, Ordering::SeqCst);
    let (mut relayed, mut closed) = (0, 0);
    for c in clients {
        let bytes = c.join().unwrap();
        if bytes.is_empty() {
            closed += 1;
        } else {
            let got = decode(WireChoice::Exact(default_local_wire()), &bytes, 1 << 20).unwrap();
            assert_eq!(got.text, "You might have mail.");
            relayed += 1;
        }
    }
    assert_eq!(
        most.load(Ordering::SeqCst),
        IN_FLIGHT,
        "fetches at once at the upstream"
    );
    assert_eq!(
        (relayed, closed),
        (IN_FLIGHT + WAITING, full),
        "(relayed, closed)"
    );
    assert_eq!(
        relayed,
        served.load(Ordering::SeqCst),
        "one upstream fetch per frame"
    );
    assert_eq!(bridge.stop_with(SIGTERM), Some(0));
    // One line per client closed, each naming both caps as reached; then the totals.
    let overloaded = format!("local-fortune: too many clients: {IN_FLIGHT} fetches in flight and {WAITING} waiting; a client was closed without a frame");
    let mut expected = vec![overloaded; full];
    expected.push(format!(
        "local-fortune: stopped after relaying {relayed} fortunes ({closed} requests failed)"
    ));
    assert_eq!(log.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn bridge_usage_and_listen_errors_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    // Headless, a bridge needs its upstream (the window lets one type it).
    let out = run(&["bridge", "--headless", "--name", "x"], dir.path());
    assert_eq!(
        (stderr(&out), out.status.code()),
        ("local-fortune: bridge --headless needs an upstream: --upstream-name NAME or --upstream-tcp HOST:PORT\n".to_owned(), Some(2))
    );
    let out = run(
        &[
            "bridge",
            "--headless",
            "--upstream-name",
            "a",
            "--upstream-tcp",
            "127.0.0.1:1",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let taken = dir.path().join("taken");
    let _server = start_server(&["--name", taken.to_str().unwrap()], dir.path());
    let out = run(
        &[
            "bridge",
            "--headless",
            "--name",
            taken.to_str().unwrap(),
            "--upstream-name",
            "a",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(9));
    assert_eq!(
        stderr(&out),
        format!(
            "local-fortune: unable to start the bridge: another server is already listening on {}; stop it or choose another name\n",
            taken.display()
        )
    );
}

/// TCP downstream (the bare string by default) in front of a local `qt4` server: what a
/// Qt 5.7+ Fortune Client on another machine would read.
#[test]
fn tcp_downstream_in_front_of_a_local_server() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("qt4-server");
    let _server = start_server(
        &["--name", up.to_str().unwrap(), "--wire", "qt4"],
        dir.path(),
    );
    let bridge = start_bridge(
        &["--tcp", "0", "--upstream-name", up.to_str().unwrap()],
        dir.path(),
    );
    let port = banner_port(&bridge.banner);
    assert_eq!(
        bridge.banner,
        format!(
            "local-fortune: listening on 127.0.0.1:{port} (wire qt6.6), relaying {} (wire auto)\n",
            up.display()
        )
    );
    let out = run(
        &["fetch", "--tcp", &format!("127.0.0.1:{port}"), "--verbose"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
    assert_eq!(
        stderr(&out),
        "local-fortune: wire qt6.6 (Qt 5.7 and later)\n"
    );
}

/// Every upstream fetch has a deadline; thousands of them must not mean thousands of threads
/// (a thread per timeout once exhausted the bridge's memory under `make bench`).
#[test]
fn thousands_of_relays_keep_a_handful_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    let _server = start_server(&["--name", up.to_str().unwrap()], dir.path());
    let down = dir.path().join("bridge");
    let bridge = start_bridge(
        &[
            "--name",
            down.to_str().unwrap(),
            "--upstream-name",
            up.to_str().unwrap(),
        ],
        dir.path(),
    );
    for _ in 0..3000 {
        assert!(!read_all(&down).is_empty());
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", bridge.pid())).unwrap();
    let threads: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(threads <= 6, "{threads} threads after 3,000 relays");
}
