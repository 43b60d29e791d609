//! `aio`, futures on Qt's event loop: cancellation (a future dropped mid-read closes its socket
//! and nothing of it runs after, checked under valgrind too), a thousand concurrent fetches on
//! one thread with descriptors and memory flat, errors reported before the loop runs, signals
//! and timers as futures, aborted tasks. One QCoreApplication per process, on the main thread:
//! this program runs its cases itself (`harness = false`).

#[path = "common/certs.rs"]
mod certs;
mod common;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use common::unique;
use cxx_qt_lib::{QCoreApplication, QString};
use cxx_qt_sockets::aio::{
    block_on, emissions, incoming_local, next_emission, sleep, spawn_local, timeout, AsyncSocket,
    Elapsed,
};
use cxx_qt_sockets::wire::{decode, encode, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
use cxx_qt_sockets::{
    LocalServerOptions, QBox, QLocalServer, QLocalSocket, QSslConfiguration, QSslSocket, QTimer,
};
use futures_util::{AsyncReadExt, AsyncWriteExt, StreamExt};

const TEXT: &str = "你好 🦀 You might have mail.";

/// A server in the abstract namespace (no file), and its name.
fn server(backlog: i32) -> (QBox<QLocalServer>, String) {
    let name = unique("aio");
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
    server.pin_mut().set_listen_backlog_size(backlog);
    server.pin_mut().set_max_pending_connections(backlog);
    assert!(
        server.pin_mut().listen(&QString::from(&name)),
        "{}",
        server.error_string()
    );
    (server, name)
}

async fn connect(name: &str) -> std::io::Result<AsyncSocket<QLocalSocket>> {
    let mut socket = QLocalSocket::new();
    socket.pin_mut().set_abstract_namespace(true);
    AsyncSocket::connect_local_with(socket, name).await
}

/// Dropped mid-read (by `timeout`), a client's socket is closed: the server reads the end of
/// its stream, and the client's closures no longer run (what they would touch is gone).
fn a_future_dropped_mid_read_closes_its_socket() {
    let (mut server, name) = server(50);
    block_on(async move {
        let mut clients = incoming_local(server.pin_mut());
        let reader = spawn_local(async move {
            let mut client = connect(&name).await.expect("connected");
            let mut buf = [0u8; 16];
            timeout(Duration::from_millis(50), client.read(&mut buf)).await
        });
        let mut peer = clients.next().await.expect("a connection");
        assert!(
            matches!(reader.await, Err(Elapsed)),
            "the read did not time out"
        );
        let mut rest = Vec::new();
        let read = timeout(Duration::from_secs(5), peer.read_to_end(&mut rest)).await;
        assert!(
            matches!(read, Ok(Ok(0))),
            "the server never saw the close: {read:?}"
        );
        // Writing to the closed client wakes nothing of the dropped future.
        let _ = peer.write_all(b"late").await;
        sleep(Duration::from_millis(20)).await;
    });
}

fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Raises the soft descriptor limit to the hard one: 1,000 connections are 2,000 descriptors.
fn raise_descriptor_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit with a valid struct.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = limit.rlim_max;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
}

/// One thread, one loop: an async server, and 1,000 clients fetching at once, twice. Every
/// fetch decodes; descriptors are back where they were, and the second round takes no more
/// memory than the first left (within 8 MiB).
fn a_thousand_concurrent_fetches_on_one_thread() {
    const CLIENTS: usize = 1000;
    raise_descriptor_limit();
    let fds = open_descriptors();
    let mut rss = Vec::new();
    for _round in 0..2 {
        let (mut server, name) = server(CLIENTS as i32);
        let frame = encode(Wire::Qt66, TEXT).unwrap();
        let served = block_on(async move {
            let serving = spawn_local(async move {
                let mut clients = incoming_local(server.pin_mut());
                for _ in 0..CLIENTS {
                    let mut client = clients.next().await.expect("a connection");
                    let frame = frame.clone();
                    spawn_local(async move {
                        client.write_all(&frame).await.expect("written");
                        client.close().await.expect("closed");
                    });
                }
            });
            let fetches: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    let name = name.clone();
                    spawn_local(async move {
                        let mut socket = connect(&name).await?;
                        let mut bytes = Vec::new();
                        socket.read_to_end(&mut bytes).await?;
                        decode(WireChoice::Auto, &bytes, DEFAULT_MAX_STRING_BYTES)
                            .map_err(std::io::Error::other)
                    })
                })
                .collect();
            let mut ok = 0;
            for fetch in fetches {
                let fortune = fetch.await.expect("fetched");
                assert_eq!((fortune.text.as_str(), fortune.wire), (TEXT, Wire::Qt66));
                ok += 1;
            }
            serving.await;
            sleep(Duration::from_millis(50)).await; // deferred deletes run
            ok
        });
        assert_eq!(served, CLIENTS);
        block_on(sleep(Duration::from_millis(50)));
        assert_eq!(open_descriptors(), fds, "descriptors left open");
        rss.push(rss_kib());
    }
    assert!(
        rss[1] <= rss[0] + 8 * 1024,
        "memory grew by {} KiB in the second round",
        rss[1] - rss[0]
    );
    println!(
        "aio: 2 x {CLIENTS} fetches: RSS {} KiB then {} KiB",
        rss[0], rss[1]
    );
}

/// A missing server is reported by `connect_to_server` itself, before any loop runs: the
/// future still gets it, by its true cause: no socket file is NotFound, no listener on an
/// abstract name (which has no file) ConnectionRefused.
fn an_error_before_the_loop_reaches_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nobody").display().to_string();
    let error = block_on(async move { AsyncSocket::connect_local(&path).await.err() });
    let error = error.expect("an error");
    assert_eq!(error.kind(), std::io::ErrorKind::NotFound, "{error}");
    let name = unique("nobody");
    let error = block_on(async move { connect(&name).await.err() }).expect("an error");
    assert_eq!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused,
        "{error}"
    );
}

/// The next emission of a signal, every emission as a stream, and the disconnection on drop.
fn signals_and_timers_as_futures() {
    block_on(async {
        let mut timer = QTimer::new();
        let ticks = emissions(|sent| timer.pin_mut().on_timeout(move |_| sent.send(())));
        timer.pin_mut().start(5);
        let three: Vec<()> = ticks.take(3).collect().await;
        assert_eq!(three.len(), 3);
        let next = next_emission(|sent| timer.pin_mut().on_timeout(move |_| sent.send(())));
        next.await;
        timer.pin_mut().stop();
        // Dropped before it fires: nothing waits on it, nothing breaks.
        drop(next_emission(|sent| {
            timer.pin_mut().on_timeout(move |_| sent.send(()))
        }));
        timer.pin_mut().start(1);
        sleep(Duration::from_millis(20)).await;
    });
}

/// An aborted task is dropped (its future's values too) and never completes.
fn an_aborted_task_is_dropped() {
    struct Flag(Rc<Cell<bool>>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let dropped = Rc::new(Cell::new(false));
    let flag = Flag(Rc::clone(&dropped));
    let finished = block_on(async move {
        let task = spawn_local(async move {
            let _flag = flag;
            sleep(Duration::from_secs(10)).await;
        });
        sleep(Duration::from_millis(10)).await;
        task.abort();
        sleep(Duration::from_millis(10)).await;
        task.is_finished()
    });
    assert!(dropped.get(), "the aborted task's future was not dropped");
    assert!(!finished);
}

/// Qt's `tst_qlocalsocket` cases on the async paths. `writeToDisconnected`: writing to a peer
/// that has gone fails cleanly (BrokenPipe or the socket's own error), no hang, no crash.
/// `waitForReadyReadOnDisconnected`: a read on a connection the peer closes ends the stream.
/// `readBufferOverflow`'s spirit: 1 MiB each way through the async reads and writes, whose
/// writes wait for `bytesWritten` past 64 KiB unsent.
fn tst_qlocalsocket_cases_on_the_async_paths() {
    let (mut server, name) = server(50);
    block_on(async move {
        let mut clients = incoming_local(server.pin_mut());
        // waitForReadyReadOnDisconnected
        let mut client = connect(&name).await.expect("connected");
        let peer = clients.next().await.expect("a connection");
        drop(peer);
        let mut rest = Vec::new();
        let read = timeout(Duration::from_secs(5), client.read_to_end(&mut rest)).await;
        assert!(matches!(read, Ok(Ok(0))), "no end of stream: {read:?}");
        // writeToDisconnected: the first writes may still be buffered; soon one fails.
        let mut failed = None;
        for _ in 0..100 {
            match client.write_all(b"after the close").await {
                Ok(()) => sleep(Duration::from_millis(5)).await,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        assert!(failed.is_some(), "writing to a closed peer never failed");
        // 1 MiB each way.
        const BIG: usize = 1 << 20;
        let mut client = connect(&name).await.expect("connected");
        let mut peer = clients.next().await.expect("a connection");
        let data: Vec<u8> = (0..BIG).map(|i| (i % 251) as u8).collect();
        let sent = data.clone();
        let writer = spawn_local(async move {
            peer.write_all(&sent).await.expect("written");
            let mut back = vec![0u8; BIG];
            peer.read_exact(&mut back).await.expect("echoed");
            peer.close().await.expect("closed");
            back
        });
        let mut got = vec![0u8; BIG];
        client.read_exact(&mut got).await.expect("read");
        assert!(got == data, "the bytes changed on the way");
        client.write_all(&got).await.expect("written back");
        let back = writer.await;
        assert!(back == data, "the bytes changed on the way back");
    });
}

/// TLS through the async paths: `connect_tls` completes once encrypted (against `openssl
/// s_server` and a CA the test made), the plaintext is read through `AsyncRead`; a server of
/// another CA fails the connect with the handshake's error, not a hang.
fn tls_through_the_async_paths() {
    const FRAME: &[u8] = b"\x00\x00\x00\x08\x00Y\x00o\x00u\x00!";
    let certs = certs::Certs::make();
    for (ca, ok) in [("ca.pem", true), ("other-ca.pem", false)] {
        let (_peer, port) = certs::openssl_server(&certs, "server.pem", "server.key", FRAME);
        let mut config = QSslConfiguration::default_configuration();
        assert_eq!(config.pin_mut().set_ca_certificates_pem(&certs.read(ca)), 1);
        let read = block_on(async move {
            let mut socket = QSslSocket::new();
            socket.pin_mut().set_ssl_configuration(&config);
            let connecting = AsyncSocket::connect_tls(socket, "localhost", port);
            let mut socket = timeout(Duration::from_secs(10), connecting).await??;
            let mut frame = vec![0u8; FRAME.len()];
            socket.read_exact(&mut frame).await?;
            Ok::<_, std::io::Error>(frame)
        });
        match read {
            Ok(frame) => assert!(ok && frame == FRAME, "{ca}: {frame:?}"),
            Err(e) => assert!(!ok && e.kind() != std::io::ErrorKind::TimedOut, "{ca}: {e}"),
        }
    }
}

type Case = fn();

const CASES: [(&str, Case); 7] = [
    (
        "a_future_dropped_mid_read_closes_its_socket",
        a_future_dropped_mid_read_closes_its_socket,
    ),
    (
        "a_thousand_concurrent_fetches_on_one_thread",
        a_thousand_concurrent_fetches_on_one_thread,
    ),
    (
        "an_error_before_the_loop_reaches_the_future",
        an_error_before_the_loop_reaches_the_future,
    ),
    (
        "signals_and_timers_as_futures",
        signals_and_timers_as_futures,
    ),
    ("an_aborted_task_is_dropped", an_aborted_task_is_dropped),
    (
        "tst_qlocalsocket_cases_on_the_async_paths",
        tst_qlocalsocket_cases_on_the_async_paths,
    ),
    ("tls_through_the_async_paths", tls_through_the_async_paths),
];

/// Run under valgrind too: invalid reads, writes and frees are errors.
const UNDER_VALGRIND: [&str; 2] = [
    "a_future_dropped_mid_read_closes_its_socket",
    "an_aborted_task_is_dropped",
];

fn main() {
    let only: Option<String> = std::env::args().skip_while(|a| a != "--case").nth(1);
    let _app = QCoreApplication::new();
    if let Some(only) = only {
        let (_, case) = CASES
            .iter()
            .find(|(name, _)| *name == only)
            .expect("a case");
        return case();
    }
    for (name, case) in CASES {
        case();
        println!("aio: {name} ... ok");
    }
    for case in UNDER_VALGRIND {
        common::under_valgrind("aio", case);
    }
    println!("aio: {} cases passed", CASES.len() + UNDER_VALGRIND.len());
}
