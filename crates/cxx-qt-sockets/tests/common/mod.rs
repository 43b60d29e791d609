//! What the tests share: unique names, and the calls of either stream socket.
#![allow(dead_code)]

use std::pin::Pin;

use cxx_qt_sockets::{LocalSocketState, QLocalSocket, QTcpSocket, SocketState};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A name no other test (of this or another process) uses.
pub fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "cxx-qt-sockets-{what}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Generous for a loaded CI machine; a passing test never waits for it.
pub const WAIT_MS: i32 = 5000;

/// The calls the cases make on either stream socket, so that each case is written once for
/// both transports.
pub trait Stream {
    fn write(self: Pin<&mut Self>, data: &[u8]) -> i64;
    fn read_all(self: Pin<&mut Self>) -> Vec<u8>;
    fn available(&self) -> i64;
    fn wait_for_ready_read(self: Pin<&mut Self>, msecs: i32) -> bool;
    fn wait_for_bytes_written(self: Pin<&mut Self>, msecs: i32) -> bool;
    fn wait_for_disconnected(self: Pin<&mut Self>, msecs: i32) -> bool;
    fn disconnect(self: Pin<&mut Self>);
    fn is_unconnected(&self) -> bool;
    fn is_closing(&self) -> bool;
}

/// The QIODevice half, the same on both: each socket is a QIODevice (`io()`).
macro_rules! stream_io {
    () => {
        fn write(self: Pin<&mut Self>, data: &[u8]) -> i64 {
            self.io().write(data)
        }
        fn read_all(self: Pin<&mut Self>) -> Vec<u8> {
            self.io().read_all().as_slice().to_vec()
        }
        fn available(&self) -> i64 {
            self.bytes_available().into()
        }
        fn wait_for_ready_read(self: Pin<&mut Self>, msecs: i32) -> bool {
            self.io().wait_for_ready_read(msecs)
        }
        fn wait_for_bytes_written(self: Pin<&mut Self>, msecs: i32) -> bool {
            self.io().wait_for_bytes_written(msecs)
        }
    };
}

impl Stream for QLocalSocket {
    stream_io!();
    fn wait_for_disconnected(self: Pin<&mut Self>, msecs: i32) -> bool {
        QLocalSocket::wait_for_disconnected(self, msecs)
    }
    fn disconnect(self: Pin<&mut Self>) {
        self.disconnect_from_server();
    }
    fn is_unconnected(&self) -> bool {
        self.state() == LocalSocketState::UnconnectedState
    }
    fn is_closing(&self) -> bool {
        self.state() == LocalSocketState::ClosingState
    }
}

impl Stream for QTcpSocket {
    stream_io!();
    fn wait_for_disconnected(self: Pin<&mut Self>, msecs: i32) -> bool {
        self.socket().wait_for_disconnected(msecs)
    }
    fn disconnect(self: Pin<&mut Self>) {
        self.socket().disconnect_from_host();
    }
    fn is_unconnected(&self) -> bool {
        self.state() == SocketState::UnconnectedState
    }
    fn is_closing(&self) -> bool {
        self.state() == SocketState::ClosingState
    }
}

/// Reads until `want` bytes came, or fails.
pub fn read_exactly<S: Stream>(mut socket: Pin<&mut S>, want: usize) -> Vec<u8> {
    let mut got = Vec::new();
    while got.len() < want {
        if socket.available() == 0 {
            assert!(
                socket.as_mut().wait_for_ready_read(WAIT_MS),
                "only {} of {want} bytes",
                got.len()
            );
        }
        got.extend(socket.as_mut().read_all());
    }
    got
}

/// `simpleCommandProtocol1`: a line protocol both ways, each command with its answer.
pub fn command_protocol<S: Stream>(mut client: Pin<&mut S>, mut peer: Pin<&mut S>) {
    for round in 0..5 {
        let command = format!("command {round}\n");
        assert_eq!(
            client.as_mut().write(command.as_bytes()),
            command.len() as i64
        );
        assert!(client.as_mut().wait_for_bytes_written(WAIT_MS));
        assert_eq!(
            read_exactly(peer.as_mut(), command.len()),
            command.as_bytes()
        );
        let answer = format!("done {round}\n");
        assert_eq!(peer.as_mut().write(answer.as_bytes()), answer.len() as i64);
        assert!(peer.as_mut().wait_for_bytes_written(WAIT_MS));
        assert_eq!(
            read_exactly(client.as_mut(), answer.len()),
            answer.as_bytes()
        );
    }
}

/// `delayedDisconnect`: a client that writes more than a socket buffer holds and disconnects at
/// once is closing until its data is out; the peer gets all of it.
pub fn delayed_disconnect<S: Stream>(mut client: Pin<&mut S>, mut peer: Pin<&mut S>) {
    let data: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 251) as u8).collect();
    assert_eq!(client.as_mut().write(&data), data.len() as i64);
    client.as_mut().disconnect();
    assert!(client.is_closing(), "closing while data is unsent");
    let mut got = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while got.len() < data.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "only {} bytes arrived",
            got.len()
        );
        if !client.is_unconnected() {
            client.as_mut().wait_for_bytes_written(10);
        }
        if peer.available() > 0 || peer.as_mut().wait_for_ready_read(10) {
            got.extend(peer.as_mut().read_all());
        }
    }
    assert!(got == data, "the data arrived altered");
    if !client.is_unconnected() {
        assert!(client.as_mut().wait_for_disconnected(WAIT_MS));
    }
}

/// `waitForReadyReadOnDisconnected`: waiting to read on a connection the peer closes returns
/// false at once, not after the whole wait.
pub fn wait_for_ready_read_on_disconnected<S: Stream>(mut client: Pin<&mut S>, peer: Pin<&mut S>) {
    peer.disconnect();
    let started = std::time::Instant::now();
    assert!(!client.as_mut().wait_for_ready_read(30_000));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "waited {:?}",
        started.elapsed()
    );
    assert!(client.is_unconnected());
}

/// `writeToDisconnected`: after the peer aborted, the client sees the end, and writing fails
/// cleanly (-1), with no crash and no hang.
pub fn write_to_disconnected<S: Stream>(mut client: Pin<&mut S>) {
    if !client.is_unconnected() {
        assert!(client.as_mut().wait_for_disconnected(WAIT_MS));
    }
    assert!(client.is_unconnected());
    assert_eq!(client.as_mut().write(b"hello"), -1);
    assert!(!client.as_mut().wait_for_bytes_written(100));
}

/// Runs this test program again under valgrind with `case` alone (`--case NAME`); fails on
/// invalid reads, writes and frees (what a use after free is), not on uninitialised values,
/// whose reports in system libraries differ from release to release.
pub fn under_valgrind(program: &str, case: &str) {
    let started = std::time::Instant::now();
    let out = std::process::Command::new("valgrind")
        .args([
            "--error-exitcode=42",
            "--quiet",
            "--leak-check=no",
            "--undef-value-errors=no",
        ])
        .arg(std::env::current_exe().unwrap())
        .args(["--case", case])
        .output()
        .expect("valgrind (make deps installs it)");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{case} under valgrind:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "{program}: {case} under valgrind ... ok ({} ms)",
        started.elapsed().as_millis()
    );
}
