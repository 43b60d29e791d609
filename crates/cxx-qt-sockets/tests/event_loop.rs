//! The signals, on Qt's event loop: QTimer's `timeout`, QSocketNotifier's `activated`, and the
//! sockets' and servers' signals in the order Qt's `tst_qlocalsocket` expects them
//! (`listenAndConnect`: connecting, then connected; `newConnection` once per client). One
//! QCoreApplication per process, on the main thread: this program runs its cases itself
//! (`harness = false`), one after the other.

mod common;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};

use common::unique;
use cxx_qt_lib::{qintptr, QCoreApplication, QString};
use cxx_qt_sockets::{
    exit_event_loop, LocalServerOptions, LocalSocketState, QBox, QLocalServer, QLocalSocket,
    QSocketNotifier, QTcpServer, QTcpSocket, QTimer, SocketNotifierType, Waited,
};

type App = cxx::UniquePtr<QCoreApplication>;
type Case = fn(&mut App);

/// Fails the run if the loop is still going after 10 s.
fn watchdog() -> QBox<QTimer> {
    let mut timer = QTimer::new();
    timer.pin_mut().set_single_shot(true);
    timer
        .pin_mut()
        .on_timeout(|_| exit_event_loop(99))
        .release();
    timer.pin_mut().start(10_000);
    timer
}

fn timer_fires_and_ends_the_loop(app: &mut App) {
    let mut timer = QTimer::new();
    timer.pin_mut().set_single_shot(true);
    assert!(timer.is_single_shot());
    let fired = Arc::new(Mutex::new(0));
    let count = Arc::clone(&fired);
    timer
        .pin_mut()
        .on_timeout(move |_| {
            *count.lock().unwrap() += 1;
            exit_event_loop(7);
        })
        .release();
    timer.pin_mut().start(20);
    assert!(timer.is_active());
    let _watchdog = watchdog();
    assert_eq!(app.pin_mut().exec(), 7);
    assert_eq!(*fired.lock().unwrap(), 1);
    assert!(!timer.is_active());
}

fn notifier_activates_on_a_readable_descriptor(app: &mut App) {
    let (mut ours, theirs) = UnixStream::pair().unwrap();
    theirs.set_nonblocking(true).unwrap();
    let fd = qintptr::from(theirs.as_raw_fd() as isize);
    let mut notifier = QSocketNotifier::new(fd, SocketNotifierType::Read);
    assert!(notifier.is_enabled());
    assert_eq!(isize::from(notifier.socket()), theirs.as_raw_fd() as isize);
    assert_eq!(notifier.notifier_type(), SocketNotifierType::Read);
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&got);
    let mut reader = theirs.try_clone().unwrap();
    notifier
        .pin_mut()
        .on_activated(move |_| {
            let mut buf = [0u8; 16];
            let n = reader.read(&mut buf).unwrap();
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
            exit_event_loop(5);
        })
        .release();
    ours.write_all(b"ping").unwrap();
    let _watchdog = watchdog();
    assert_eq!(app.pin_mut().exec(), 5);
    assert_eq!(&*got.lock().unwrap(), b"ping");
}

fn socket_signals_in_order(app: &mut App) {
    let name = QString::from(&unique("signals"));
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
    assert!(server.pin_mut().listen(&name), "{}", server.error_string());
    let events = Arc::new(Mutex::new(Vec::<String>::new()));

    let log = Arc::clone(&events);
    server
        .pin_mut()
        .on_new_connection(move |mut server| {
            log.lock().unwrap().push("server: newConnection".into());
            let mut peer = server
                .as_mut()
                .next_pending_connection()
                .expect("newConnection with no pending connection");
            peer.pin_mut().io().write(b"fortune");
            peer.pin_mut().disconnect_from_server();
            QLocalSocket::delete_when_disconnected(peer);
        })
        .release();

    let mut client = QLocalSocket::new();
    client.pin_mut().set_abstract_namespace(true);
    let log = Arc::clone(&events);
    client
        .pin_mut()
        .on_state_changed(move |_, state| log.lock().unwrap().push(format!("client: {state:?}")))
        .release();
    let log = Arc::clone(&events);
    client
        .pin_mut()
        .on_connected(move |_| log.lock().unwrap().push("client: connected".into()))
        .release();
    let log = Arc::clone(&events);
    client
        .pin_mut()
        .io()
        .on_ready_read(move |socket| {
            let bytes = socket.read_all();
            log.lock().unwrap().push(format!(
                "client: read {:?}",
                String::from_utf8_lossy(bytes.as_slice())
            ));
        })
        .release();
    let log = Arc::clone(&events);
    client
        .pin_mut()
        .on_disconnected(move |_| {
            log.lock().unwrap().push("client: disconnected".into());
            exit_event_loop(0);
        })
        .release();
    client.pin_mut().connect_to_server(&name);
    let _watchdog = watchdog();
    assert_eq!(app.pin_mut().exec(), 0);
    assert_eq!(client.state(), LocalSocketState::UnconnectedState);
    let events = events.lock().unwrap().clone();
    let client_events: Vec<&str> = events
        .iter()
        .filter(|e| e.starts_with("client"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        client_events,
        [
            "client: ConnectingState",
            "client: ConnectedState",
            "client: connected",
            "client: read \"fortune\"",
            "client: ClosingState",
            "client: UnconnectedState",
            "client: disconnected",
        ],
        "all events: {events:?}"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| *e == "server: newConnection")
            .count(),
        1
    );
}

/// Runs the event loop for `msec` (Qt's own accepting happens there).
fn run_for(app: &mut App, msec: i32) {
    let mut timer = QTimer::new();
    timer.pin_mut().set_single_shot(true);
    timer.pin_mut().on_timeout(|_| exit_event_loop(0)).release();
    timer.pin_mut().start(msec);
    assert_eq!(app.pin_mut().exec(), 0);
}

const MAX_PENDING: usize = 2;
const CLIENTS: usize = MAX_PENDING + 4;

/// Qt: `hitMaximumConnections`. On its event loop, the server accepts up to its maximum of
/// pending connections and stops; once they are taken, the clients that waited come in.
/// QLocalServer on Unix (qlocalserver_unix.cpp, Qt 5 to 6.11) decides whether to go on
/// accepting before it queues the connection just accepted, and goes on while the queue holds
/// no more than the maximum: it stops at the maximum plus two.
fn hit_maximum_connections(app: &mut App) {
    let dir = tempfile::tempdir().unwrap();
    let name = QString::from(&dir.path().join(unique("max")).display().to_string());
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_max_pending_connections(MAX_PENDING as i32);
    assert_eq!(server.max_pending_connections(), MAX_PENDING as i32);
    assert!(server.pin_mut().listen(&name), "{}", server.error_string());
    let mut clients: Vec<_> = (0..CLIENTS).map(|_| QLocalSocket::new()).collect();
    for client in &mut clients {
        client.pin_mut().connect_to_server(&name);
    }
    // The connections taken stay open, as Qt's test keeps them.
    let mut kept = Vec::new();
    let mut take = |server: &mut QBox<QLocalServer>| {
        let before = kept.len();
        while let Some(connection) = server.pin_mut().next_pending_connection() {
            kept.push(connection);
        }
        kept.len() - before
    };
    run_for(app, 300);
    assert_eq!(
        take(&mut server),
        MAX_PENDING + 2,
        "pending connections beyond the maximum"
    );
    run_for(app, 300);
    assert_eq!(
        take(&mut server),
        CLIENTS - MAX_PENDING - 2,
        "the waiting clients did not come in"
    );
}

/// `hitMaximumConnections` over TCP: QTcpServer pauses at its maximum exactly, and accepts
/// again once the pending connections are taken.
fn hit_maximum_connections_tcp(app: &mut App) {
    let mut server = QTcpServer::new();
    server
        .pin_mut()
        .set_max_pending_connections(MAX_PENDING as i32);
    assert!(
        server.pin_mut().listen(&QString::from("127.0.0.1"), 0),
        "{}",
        server.error_string()
    );
    let mut clients: Vec<_> = (0..CLIENTS).map(|_| QTcpSocket::new()).collect();
    for client in &mut clients {
        client
            .pin_mut()
            .socket()
            .connect_to_host(&server.server_address(), server.server_port());
    }
    // The connections taken stay open, as Qt's test keeps them.
    let mut kept = Vec::new();
    let mut take = |server: &mut QBox<QTcpServer>| {
        let before = kept.len();
        while let Some(connection) = server.pin_mut().next_pending_connection() {
            kept.push(connection);
        }
        kept.len() - before
    };
    // Each turn of the loop, the server accepts up to its maximum, then pauses until the
    // pending connections are taken.
    let mut rounds = Vec::new();
    while rounds.iter().sum::<usize>() < CLIENTS && rounds.len() < CLIENTS {
        run_for(app, 300);
        rounds.push(take(&mut server));
    }
    assert_eq!(rounds, [MAX_PENDING; CLIENTS / MAX_PENDING]);
}

thread_local! {
    /// The only handle of a socket, where a signal's closure (which must be `Send`) can reach it.
    static HELD: std::cell::RefCell<Option<QBox<QLocalSocket>>> = const { std::cell::RefCell::new(None) };
}

/// A server in the abstract namespace, a client connected to it, and the server's side.
fn connected_pair(what: &str) -> (QBox<QLocalServer>, QBox<QLocalSocket>, QBox<QLocalSocket>) {
    let name = QString::from(&unique(what));
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
    assert!(server.pin_mut().listen(&name), "{}", server.error_string());
    let mut client = QLocalSocket::new();
    client.pin_mut().set_abstract_namespace(true);
    client.pin_mut().connect_to_server(&name);
    assert!(client.pin_mut().wait_for_connected(common::WAIT_MS));
    assert_eq!(
        server.pin_mut().wait_for_new_connection(common::WAIT_MS),
        Waited::Connection
    );
    let peer = server.pin_mut().next_pending_connection().unwrap();
    (server, client, peer)
}

/// The last handle of a socket dropped inside the socket's own `readyRead`: Qt's code after the
/// emission still uses the socket, so an immediate delete is a use after free (the crash of
/// `delete_later` on a socket Rust owned). The QBox hands it to deleteLater; the peer sees the
/// close at once, and the socket is gone once the loop is back.
fn a_socket_dropped_in_its_own_signal(app: &mut App) {
    let (_server, mut client, mut peer) = connected_pair("drop-in-signal");
    let guard = peer.guard();
    let read = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&read);
    peer.pin_mut()
        .io()
        .on_ready_read(move |socket| {
            sink.lock()
                .unwrap()
                .extend_from_slice(socket.read_all().as_slice());
            HELD.with_borrow_mut(|held| drop(held.take()));
        })
        .release();
    HELD.set(Some(peer));
    client
        .pin_mut()
        .on_disconnected(|_| exit_event_loop(0))
        .release();
    client.pin_mut().io().write(b"bye");
    let _watchdog = watchdog();
    assert_eq!(app.pin_mut().exec(), 0, "the client never saw the close");
    assert_eq!(&*read.lock().unwrap(), b"bye");
    assert!(guard.is_deleted(), "the dropped socket outlived the loop");
    assert!(guard.with(|_| ()).is_none());
}

/// A connection taken from a server is Rust's alone: it outlives the server (Qt made it the
/// server's child; a child the server's destructor deleted under Rust's handle was a double
/// free), and dropping it closes it.
fn a_taken_connection_outlives_its_server(_app: &mut App) {
    let (server, mut client, mut peer) = connected_pair("outlives");
    drop(server);
    assert_eq!(peer.pin_mut().io().write(b"still here"), 10);
    assert!(peer.pin_mut().io().wait_for_bytes_written(common::WAIT_MS));
    assert!(client.pin_mut().io().wait_for_ready_read(common::WAIT_MS));
    assert_eq!(client.pin_mut().io().read_all().as_slice(), b"still here");
    drop(peer);
    assert!(
        client.state() == LocalSocketState::UnconnectedState
            || client.pin_mut().wait_for_disconnected(common::WAIT_MS),
        "dropping the handle did not close the connection"
    );
}

/// The cases run under valgrind too: a use after free there is an error, not luck.
const UNDER_VALGRIND: [&str; 1] = ["a_socket_dropped_in_its_own_signal"];

fn main() {
    let only: Option<String> = std::env::args().skip_while(|arg| arg != "--case").nth(1);
    let mut app = QCoreApplication::new();
    let cases: [(&str, Case); 7] = [
        (
            "timer_fires_and_ends_the_loop",
            timer_fires_and_ends_the_loop,
        ),
        (
            "notifier_activates_on_a_readable_descriptor",
            notifier_activates_on_a_readable_descriptor,
        ),
        ("socket_signals_in_order", socket_signals_in_order),
        ("hit_maximum_connections", hit_maximum_connections),
        ("hit_maximum_connections_tcp", hit_maximum_connections_tcp),
        (
            "a_socket_dropped_in_its_own_signal",
            a_socket_dropped_in_its_own_signal,
        ),
        (
            "a_taken_connection_outlives_its_server",
            a_taken_connection_outlives_its_server,
        ),
    ];
    if let Some(only) = only {
        let (_, case) = cases
            .iter()
            .find(|(name, _)| *name == only)
            .expect("a case");
        return case(&mut app);
    }
    for (name, case) in cases {
        case(&mut app);
        println!("event_loop: {name} ... ok");
    }
    for case in UNDER_VALGRIND {
        common::under_valgrind("event_loop", case);
    }
    println!(
        "event_loop: {} cases passed",
        cases.len() + UNDER_VALGRIND.len()
    );
}
