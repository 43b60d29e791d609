//! `FortuneServer` and `FortuneClient` in one process, over real QLocalServer/QLocalSocket and
//! QTcpServer/QTcpSocket (loopback only).
//! Qt allows one application object per process, so this file is ONE test that runs its
//! scenarios in order; each uses its own socket paths in a private temporary folder.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cxx::UniquePtr;
use cxx_qt_lib::{QCoreApplication, QString};
use local_fortune::core::fortunes::{Fortunes, ORIGINAL};
use local_fortune::core::wire::{encode, Wire};
use local_fortune::qt::fortune_client::new_fortune_client;
use local_fortune::qt::fortune_client::SAME_FORTUNE_RETRIES;
use local_fortune::qt::fortune_server::new_fortune_server;
use local_fortune::qt::{FortuneClient, FortuneServer};

// The original examples' message box texts, in English: no translator is installed here, as in
// the command line (the windows' Chinese is tested by tests/qml_zh_CN).
/// The Local Fortune client's (Qt 5.10+).
const SERVER_NOT_FOUND_TEXT: &str = "The host was not found. Please make sure that the server is running and that the server name is correct.";
const CONNECTION_REFUSED_TEXT: &str = "The connection was refused by the peer. Make sure the fortune server is running, and check that the server name is correct.";
/// The (TCP) Fortune Client's.
const HOST_NOT_FOUND_TEXT: &str =
    "The host was not found. Please check the host name and port settings.";
const TCP_CONNECTION_REFUSED_TEXT: &str = "The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.";

#[derive(Debug, Clone, PartialEq)]
enum Event {
    Fortune(String, String),
    Error(String, String),
}

struct Harness {
    app: UniquePtr<QCoreApplication>,
}

impl Harness {
    /// Runs the event loop until `done` holds; panics (naming `what`) after 10 s.
    fn pump(&self, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            self.app.process_events();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn server(
        &self,
        path: &Path,
        wire: Wire,
        fortunes: Option<Fortunes>,
    ) -> UniquePtr<FortuneServer> {
        let mut server = new_fortune_server();
        let mut s = server.pin_mut();
        s.as_mut()
            .set_server_name(QString::from(path.to_str().unwrap()));
        s.as_mut().set_wire(QString::from(wire.name()));
        if let Some(f) = fortunes {
            s.as_mut().set_fortunes(f).unwrap();
        }
        server
    }

    fn client(
        &self,
        path: &Path,
        wire: &str,
    ) -> (UniquePtr<FortuneClient>, Arc<Mutex<Vec<Event>>>) {
        let mut client = new_fortune_client();
        let events = Arc::new(Mutex::new(Vec::new()));
        let mut c = client.pin_mut();
        c.as_mut()
            .set_server_name(QString::from(path.to_str().unwrap()));
        c.as_mut().set_wire(QString::from(wire));
        let ev = Arc::clone(&events);
        c.as_mut()
            .on_fortune_received(move |_, f, w| {
                ev.lock()
                    .unwrap()
                    .push(Event::Fortune(f.to_string(), w.to_string()))
            })
            .release();
        let ev = Arc::clone(&events);
        c.as_mut()
            .on_error_occurred(move |_, k, m| {
                ev.lock()
                    .unwrap()
                    .push(Event::Error(k.to_string(), m.to_string()))
            })
            .release();
        (client, events)
    }

    /// One request, pumped to its single outcome.
    fn fetch(
        &self,
        client: &mut UniquePtr<FortuneClient>,
        events: &Arc<Mutex<Vec<Event>>>,
    ) -> Event {
        let before = events.lock().unwrap().len();
        client.pin_mut().request_fortune();
        assert!(*client.busy(), "busy while in flight");
        self.pump("an outcome", || events.lock().unwrap().len() > before);
        assert!(!*client.busy());
        let ev = events.lock().unwrap();
        assert_eq!(ev.len(), before + 1, "exactly one outcome: {ev:?}");
        ev[before].clone()
    }
}

/// Where a test server listens: a socket path, or a loopback TCP port.
#[derive(Clone)]
enum At {
    Local(PathBuf),
    Tcp(u16),
}

impl At {
    /// A plain client connection, from any thread.
    fn connect(&self) -> Box<dyn Read + Send> {
        match self {
            At::Local(path) => Box::new(UnixStream::connect(path).unwrap()),
            At::Tcp(port) => Box::new(TcpStream::connect(("127.0.0.1", *port)).unwrap()),
        }
    }
}

impl Harness {
    /// A listening server over TCP on 127.0.0.1 and a port the system picks.
    fn tcp_server(
        &self,
        wire: Wire,
        fortunes: Option<Fortunes>,
        portable: bool,
    ) -> (UniquePtr<FortuneServer>, At) {
        let mut server = new_fortune_server();
        let mut s = server.pin_mut();
        s.as_mut().set_portable_serving(portable);
        s.as_mut().set_transport(QString::from("tcp"));
        s.as_mut().set_wire(QString::from(wire.name()));
        if let Some(f) = fortunes {
            s.as_mut().set_fortunes(f).unwrap();
        }
        assert!(s.as_mut().listen(), "{}", s.error_string());
        let port = u16::try_from(i32::from(*server.server_port())).unwrap();
        assert_ne!(port, 0, "the real port is reported");
        (server, At::Tcp(port))
    }

    /// A client over TCP to `host`:`port`.
    fn tcp_client(
        &self,
        host: &str,
        port: u16,
        wire: &str,
    ) -> (UniquePtr<FortuneClient>, Arc<Mutex<Vec<Event>>>) {
        let (mut client, events) = self.client(Path::new("unused"), wire);
        let mut c = client.pin_mut();
        c.as_mut().set_transport(QString::from("tcp"));
        c.as_mut().set_host(QString::from(host));
        c.as_mut().set_port(i32::from(port).into());
        (client, events)
    }
}

/// A loopback port nobody listens on (bound by the system, then released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn is_original(s: &str) -> bool {
    ORIGINAL.contains(&s)
}

#[test]
fn qobjects_over_real_sockets() {
    let h = Harness {
        app: QCoreApplication::new(),
    };
    let dir = tempfile::tempdir().unwrap();

    every_wire_exact_and_auto(&h, dir.path());
    mismatched_wire_is_an_error_not_a_loop(&h, dir.path());
    same_fortune_retries_are_capped(&h, dir.path());
    // The one-send fast path, then the portable path (a Qt socket per client, as on systems
    // without the fast path), on both transports.
    for portable in [false, true] {
        let path = dir.path().join(format!("vanish-{portable}"));
        let mut server = h.server(&path, Wire::Qt66, None);
        server.pin_mut().set_portable_serving(portable);
        assert!(server.pin_mut().listen());
        no_socket_leaks_when_clients_vanish(&h, server, At::Local(path));
        let (server, at) = h.tcp_server(Wire::Qt66, None, portable);
        no_socket_leaks_when_clients_vanish(&h, server, at);

        let text = "0123456789abcdef".repeat(40_000); // 640 000 units, 1.28 MB as UTF-16
        let big = Fortunes::from_lines(&text).unwrap();
        let path = dir.path().join(format!("big-{portable}"));
        let mut server = h.server(&path, Wire::Qt66, Some(big.clone()));
        server.pin_mut().set_portable_serving(portable);
        assert!(server.pin_mut().listen());
        big_frames_never_wait_for_slow_readers(&h, server, At::Local(path), &text);
        // TCP on loopback buffers megabytes per connection: the sender's buffer grows up to
        // tcp_wmem's maximum, and a reader that never reads keeps its first window (tcp_rmem's
        // default). Twice that in UTF-16 cannot leave in one send; were it to, the server would
        // close the stalled sockets and the check on them would fail.
        let text = "0123456789abcdef".repeat(tcp_buffered_bytes() / 16);
        let big = Fortunes::from_lines(&text).unwrap();
        let (server, at) = h.tcp_server(Wire::Qt66, Some(big), portable);
        big_frames_never_wait_for_slow_readers(&h, server, at, &text);
    }

    out_of_descriptors_shows_in_notice_and_listening_stays(&h, dir.path());
    stale_socket_is_reclaimed(&h, dir.path());
    live_server_and_other_files_are_left_alone(&h, dir.path());
    client_errors(&h, dir.path());
    wire_setters_refuse_unknown_names(&h, dir.path());
    tcp_both_generations_exact_and_auto(&h);
    tcp_transport_picks_its_default_wire(&h);
    tcp_client_errors(&h);
    tcp_listen_errors_name_the_port(&h);
}

fn every_wire_exact_and_auto(h: &Harness, dir: &Path) {
    for wire in Wire::ALL {
        let path = dir.join(format!("wire-{wire}"));
        let mut server = h.server(&path, wire, None);
        assert!(server.pin_mut().listen(), "{}", server.error_string());
        assert!(*server.listening());
        assert_eq!(
            server.full_server_name().to_string(),
            path.to_str().unwrap()
        );
        for choice in ["auto", wire.name()] {
            let (mut client, events) = h.client(&path, choice);
            match h.fetch(&mut client, &events) {
                Event::Fortune(f, w) => {
                    assert!(is_original(&f), "{f:?}");
                    assert_eq!(w, wire.name());
                    assert_eq!(client.current_fortune().to_string(), f);
                    assert_eq!(client.detected_wire().to_string(), wire.name());
                }
                e => panic!("{wire} read as {choice}: {e:?}"),
            }
        }
        h.pump("served count", || i64::from(*server.served()) == 2);
        server.pin_mut().stop_listening();
        assert!(!*server.listening());
        assert!(!path.exists(), "stopListening removes the socket file");
    }
}

fn mismatched_wire_is_an_error_not_a_loop(h: &Harness, dir: &Path) {
    let path = dir.join("mismatch");
    let mut server = h.server(&path, Wire::Qt66, None);
    assert!(server.pin_mut().listen());
    let (mut client, events) = h.client(&path, "qt5.10");
    match h.fetch(&mut client, &events) {
        Event::Error(kind, message) => {
            assert_eq!(kind, "Malformed");
            assert!(
                message.starts_with("The server sent a malformed frame: "),
                "{message}"
            );
        }
        e => panic!("a qt6.6 frame read as qt5.10 must fail: {e:?}"),
    }
    h.pump("served count", || i64::from(*server.served()) == 1);
    // Nothing reconnects behind our back.
    for _ in 0..50 {
        h.app.process_events();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(i64::from(*server.served()), 1);
}

fn same_fortune_retries_are_capped(h: &Harness, dir: &Path) {
    let path = dir.join("one-fortune");
    let only = Fortunes::from_lines("The only fortune.").unwrap();
    let mut server = h.server(&path, Wire::Qt510, Some(only));
    assert!(server.pin_mut().listen());
    let (mut client, events) = h.client(&path, "auto");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Fortune("The only fortune.".into(), "qt5.10".into())
    );
    // The same fortune again: asked again SAME_FORTUNE_RETRIES times, then accepted.
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Fortune("The only fortune.".into(), "qt5.10".into())
    );
    let expected = 2 + i64::from(SAME_FORTUNE_RETRIES);
    h.pump("served count", || i64::from(*server.served()) == expected);
    for _ in 0..50 {
        h.app.process_events();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(i64::from(*server.served()), expected, "no reconnect loop");
}

fn no_socket_leaks_when_clients_vanish(h: &Harness, mut server: UniquePtr<FortuneServer>, at: At) {
    // 200 clients that connect and vanish before reading, and 50 that read their frame. They
    // run on other threads: this one runs the server's event loop.
    let a = at.clone();
    let vanishing = std::thread::spawn(move || {
        for _ in 0..200 {
            drop(a.connect());
        }
    });
    let readers: Vec<_> = (0..50)
        .map(|_| {
            let a = at.clone();
            std::thread::spawn(move || {
                let mut s = a.connect();
                let mut buf = Vec::new();
                s.read_to_end(&mut buf).unwrap();
                buf
            })
        })
        .collect();
    h.pump("250 connections", || i64::from(*server.served()) == 250);
    vanishing.join().unwrap();
    for r in readers {
        let bytes = r.join().unwrap();
        let text = local_fortune::core::wire::decode(
            local_fortune::core::wire::WireChoice::Exact(Wire::Qt66),
            &bytes,
            1 << 20,
        )
        .unwrap()
        .text;
        assert!(is_original(&text));
    }
    h.pump("every socket deleted", || server.open_sockets() == 0);
    server.pin_mut().stop_listening();
}

/// A frame far larger than a socket buffer cannot leave in one send: the rest goes out
/// through a Qt socket, and clients that never read do not hold up anyone else.
fn big_frames_never_wait_for_slow_readers(
    h: &Harness,
    mut server: UniquePtr<FortuneServer>,
    at: At,
    text: &str,
) {
    let stalled: Vec<_> = (0..5).map(|_| at.connect()).collect();
    h.pump("5 stalled clients", || i64::from(*server.served()) == 5);
    assert_eq!(server.open_sockets(), 5, "their rest waits in Qt's sockets");

    let a = at.clone();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        a.connect().read_to_end(&mut bytes).unwrap();
        bytes
    });
    h.pump("the reader", || reader.is_finished());
    let bytes = reader.join().unwrap();
    assert_eq!(
        bytes,
        encode(Wire::Qt66, text).unwrap(),
        "the whole frame, in order"
    );
    // The counter reaches the property through a queued update: wait for it.
    h.pump("served count 6", || i64::from(*server.served()) == 6);

    drop(stalled);
    h.pump("every socket deleted", || server.open_sockets() == 0);
    server.pin_mut().stop_listening();
}

/// What one loopback TCP connection can hold at most before its sender must wait: Linux's
/// maximum send buffer (`tcp_wmem`, third field) and a reader's first receive window
/// (`tcp_rmem`, second field); 4 MB and 128 KB on Debian's defaults.
fn tcp_buffered_bytes() -> usize {
    let field = |file: &str, n: usize| -> usize {
        std::fs::read_to_string(format!("/proc/sys/net/ipv4/{file}"))
            .ok()
            .and_then(|t| t.split_whitespace().nth(n).and_then(|v| v.parse().ok()))
            .unwrap_or(8 << 20)
    };
    field("tcp_wmem", 2) + field("tcp_rmem", 1)
}

/// This process's descriptor limit (soft, hard).
fn descriptor_limit() -> (u64, u64) {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid out-parameter.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) };
    (rl.rlim_cur, rl.rlim_max)
}

fn set_descriptor_limit(soft: u64, hard: u64) {
    let rl = libc::rlimit {
        rlim_cur: soft,
        rlim_max: hard,
    };
    // SAFETY: a valid rlimit; lowering the soft limit, or restoring it, is allowed.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rl) }, 0);
}

/// Out of descriptors, the server keeps listening (`listening` stays true), says what runs
/// short in `notice` (the window's status line) and in one log line, and clears both once
/// descriptors are free again: then it serves.
fn out_of_descriptors_shows_in_notice_and_listening_stays(h: &Harness, dir: &Path) {
    let text = "0123456789abcdef".repeat(40_000); // 1.28 MB: every client takes the slow path
    let path = dir.join("starved");
    let big = Fortunes::from_lines(&text).unwrap();
    let mut server = h.server(&path, Wire::Qt66, Some(big));
    let logged = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&logged);
    server
        .pin_mut()
        .on_logged(move |_, line| log.lock().unwrap().push(line.to_string()))
        .release();
    assert!(server.pin_mut().listen());
    // Clients first, then a limit just above the lowest free descriptor number: the kernel
    // gives the lowest free number, and none at or above the limit, so the server's accepts
    // fail with EMFILE after at most 3.
    let stalled: Vec<UnixStream> = (0..20)
        .map(|_| UnixStream::connect(&path).unwrap())
        .collect();
    let open: std::collections::HashSet<u64> = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    let lowest_free = (0..).find(|n| !open.contains(n)).unwrap();
    let limit = lowest_free + 3;
    let (soft, hard) = descriptor_limit();
    set_descriptor_limit(limit, hard);
    h.pump("the notice", || !server.notice().is_empty());
    assert!(*server.listening(), "still listening");
    assert_eq!(
        server.notice().to_string(),
        format!("New clients wait: out of file descriptors (ulimit -n is {limit}).")
    );
    drop(stalled);
    set_descriptor_limit(soft, hard);
    h.pump("the notice cleared", || server.notice().is_empty());
    assert!(*server.listening());
    let log = logged.lock().unwrap().clone();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0], format!("cannot accept connections: out of file descriptors (ulimit -n is {limit}); new clients wait until descriptors are free, and the server keeps listening"));
    assert!(
        log[1].starts_with("accepting connections again after "),
        "{log:?}"
    );
    let reader = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            UnixStream::connect(path)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    h.pump("a reader served", || reader.is_finished());
    assert_eq!(reader.join().unwrap(), encode(Wire::Qt66, &text).unwrap());
    server.pin_mut().stop_listening();
}

fn stale_socket_is_reclaimed(h: &Harness, dir: &Path) {
    let path = dir.join("stale");
    // A socket file nobody accepts on, as a SIGKILLed server leaves it.
    drop(UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let mut server = h.server(&path, Wire::Qt66, None);
    assert!(server.pin_mut().listen(), "{}", server.error_string());
    let (mut client, events) = h.client(&path, "auto");
    assert!(matches!(h.fetch(&mut client, &events), Event::Fortune(..)));
    server.pin_mut().stop_listening();
}

fn live_server_and_other_files_are_left_alone(h: &Harness, dir: &Path) {
    let path = dir.join("live");
    let listener = UnixListener::bind(&path).unwrap();
    let mut server = h.server(&path, Wire::Qt66, None);
    let failures = Arc::new(Mutex::new(Vec::new()));
    let f = Arc::clone(&failures);
    server
        .pin_mut()
        .on_listen_failed(move |_, m| f.lock().unwrap().push(m.to_string()))
        .release();
    assert!(!server.pin_mut().listen());
    let expected = format!(
        "another server is already listening on {}; stop it or choose another name",
        path.display()
    );
    assert_eq!(server.error_string().to_string(), expected);
    assert_eq!(*failures.lock().unwrap(), [expected]);
    // The live server still has its socket and still accepts.
    listener.set_nonblocking(true).unwrap();
    let _c = UnixStream::connect(&path).unwrap();
    drop(listener.accept().unwrap()); // the probe's connection or ours: either proves it is alive
    drop(listener);

    let file = dir.join("not-a-socket");
    std::fs::write(&file, "precious").unwrap();
    let mut server = h.server(&file, Wire::Qt66, None);
    assert!(!server.pin_mut().listen());
    assert_eq!(
        server.error_string().to_string(),
        format!(
            "{} is in the way (it is not a socket); it was left untouched",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
}

fn client_errors(h: &Harness, dir: &Path) {
    // No such server.
    let (mut client, events) = h.client(&dir.join("nobody"), "auto");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error("ServerNotFound".into(), SERVER_NOT_FOUND_TEXT.into())
    );
    assert_eq!(client.error_string().to_string(), SERVER_NOT_FOUND_TEXT);

    // A socket file nobody accepts on.
    let refused = dir.join("refused");
    drop(UnixListener::bind(&refused).unwrap());
    let (mut client, events) = h.client(&refused, "auto");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error("ConnectionRefused".into(), CONNECTION_REFUSED_TEXT.into())
    );

    // A server that accepts and never writes.
    let silent = dir.join("silent");
    let _listener = UnixListener::bind(&silent).unwrap();
    let (mut client, events) = h.client(&silent, "auto");
    client.pin_mut().set_timeout_ms(200.into());
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error("Timeout".into(), "No fortune arrived within 200 ms.".into())
    );

    // A hostile server: a frame whose length is far above the cap, then junk forever.
    let hostile = dir.join("hostile");
    let listener = UnixListener::bind(&hostile).unwrap();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.write_all(&[0x7f, 0xff, 0xff, 0xf0]);
        let junk = [0x41u8; 4096];
        // Stops when the client hangs up: proof it did not keep reading.
        let mut sent = 0usize;
        while s.write_all(&junk).is_ok() {
            sent += junk.len();
            assert!(sent < 64 << 20, "client kept reading junk");
        }
    });
    let (mut client, events) = h.client(&hostile, "qt6.6");
    match h.fetch(&mut client, &events) {
        Event::Error(kind, message) => {
            assert_eq!(kind, "Malformed");
            assert_eq!(
                message,
                "The server sent a malformed frame: string length 2147483632 bytes is above the cap of 1048576 bytes."
            );
        }
        e => panic!("{e:?}"),
    }
    peer.join().unwrap();

    // A truncated frame.
    let short = dir.join("short");
    let listener = UnixListener::bind(&short).unwrap();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let frame = encode(Wire::Qt510, "You might have mail.").unwrap();
        s.write_all(&frame[..30]).unwrap();
    });
    let (mut client, events) = h.client(&short, "qt5.10");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error(
            "Malformed".into(),
            "The server sent a malformed frame: truncated frame: stream ended after 30 of at least 48 bytes.".into()
        )
    );
    peer.join().unwrap();
}

fn wire_setters_refuse_unknown_names(h: &Harness, dir: &Path) {
    let mut server = h.server(&dir.join("unused"), Wire::Qt58, None);
    server.pin_mut().set_wire(QString::from("qt7"));
    assert_eq!(server.wire().to_string(), "qt5.8");
    assert_eq!(
        server.error_string().to_string(),
        "unknown wire format \"qt7\" (expected qt4, qt5.8, qt5.10 or qt6.6)"
    );
    let (mut client, _) = h.client(&dir.join("unused"), "auto");
    client.pin_mut().set_wire(QString::from("qt5"));
    assert_eq!(client.wire().to_string(), "auto");
    assert!(client
        .error_string()
        .to_string()
        .starts_with("unknown wire format \"qt5\""));
}

fn tcp_both_generations_exact_and_auto(h: &Harness) {
    for wire in [Wire::Qt4, Wire::Qt66] {
        let (mut server, at) = h.tcp_server(wire, None, false);
        let At::Tcp(port) = at else { unreachable!() };
        assert_eq!(server.server_address().to_string(), "127.0.0.1");
        for choice in ["auto", wire.name()] {
            let (mut client, events) = h.tcp_client("127.0.0.1", port, choice);
            match h.fetch(&mut client, &events) {
                Event::Fortune(f, w) => {
                    assert!(is_original(&f), "{f:?}");
                    assert_eq!(w, wire.name());
                }
                e => panic!("TCP {wire} read as {choice}: {e:?}"),
            }
        }
        h.pump("served count", || i64::from(*server.served()) == 2);
        server.pin_mut().stop_listening();
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "closed");
    }
}

/// Each transport's default is what the examples of the Qt we are built with send over it
/// (Qt 6.4: qt5.10 locally; Qt 6.8: qt6.6; both: the bare string, qt6.6, over TCP).
fn tcp_transport_picks_its_default_wire(h: &Harness) {
    let qt = local_fortune::qt::application::built_qt();
    let local = qt.local_wire().name();
    let mut server = new_fortune_server();
    assert_eq!(server.wire().to_string(), local);
    server.pin_mut().set_transport(QString::from("tcp"));
    assert_eq!(server.wire().to_string(), qt.tcp_wire().name());
    server.pin_mut().set_transport(QString::from("local"));
    assert_eq!(server.wire().to_string(), local);
    server.pin_mut().set_transport(QString::from("udp"));
    assert_eq!(server.transport().to_string(), "local");
    assert_eq!(
        server.error_string().to_string(),
        "unknown transport \"udp\" (expected local or tcp)"
    );
    let _ = h;
}

fn tcp_client_errors(h: &Harness) {
    let (mut client, events) = h.tcp_client("127.0.0.1", free_port(), "auto");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error(
            "ConnectionRefused".into(),
            TCP_CONNECTION_REFUSED_TEXT.into()
        )
    );
    // Not a valid host name: refused by Qt before any lookup, so no query leaves the machine.
    let (mut client, events) = h.tcp_client("no..such", 5000, "auto");
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error("ServerNotFound".into(), HOST_NOT_FOUND_TEXT.into())
    );

    // A server that accepts and never writes.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let (mut client, events) = h.tcp_client("127.0.0.1", port, "auto");
    client.pin_mut().set_timeout_ms(200.into());
    assert_eq!(
        h.fetch(&mut client, &events),
        Event::Error("Timeout".into(), "No fortune arrived within 200 ms.".into())
    );

    // A hostile server: a huge length, then junk forever; the client stops reading.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _ = s.write_all(&[0x7f, 0xff, 0xff, 0xf0]);
        let junk = [0x41u8; 4096];
        let mut sent = 0usize;
        while s.write_all(&junk).is_ok() {
            sent += junk.len();
            assert!(sent < 64 << 20, "client kept reading junk");
        }
    });
    let (mut client, events) = h.tcp_client("127.0.0.1", port, "auto");
    match h.fetch(&mut client, &events) {
        Event::Error(kind, message) => {
            assert_eq!(kind, "Malformed");
            assert!(
                message.starts_with("The server sent a malformed frame: fits no"),
                "{message}"
            );
        }
        e => panic!("{e:?}"),
    }
    peer.join().unwrap();
}

fn tcp_listen_errors_name_the_port(h: &Harness) {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = new_fortune_server();
    let mut s = server.pin_mut();
    s.as_mut().set_transport(QString::from("tcp"));
    s.as_mut().set_port(i32::from(port).into());
    assert!(!s.as_mut().listen());
    assert_eq!(
        server.error_string().to_string(),
        format!("port {port} is already in use on 127.0.0.1; stop the other server or choose another port")
    );
    server.pin_mut().set_host(QString::from("not-an-address"));
    assert!(!server.pin_mut().listen());
    assert_eq!(
        server.error_string().to_string(),
        "\"not-an-address\" is not an IP address to listen on"
    );
    let _ = h;
}
