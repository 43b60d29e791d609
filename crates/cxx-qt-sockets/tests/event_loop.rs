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
    exit_event_loop, LocalServerOptions, LocalSocketState, QLocalServer, QLocalSocket,
    QSocketNotifier, QTcpServer, QTcpSocket, QTimer, SocketNotifierType,
};

type App = cxx::UniquePtr<QCoreApplication>;
type Case = fn(&mut App);

/// Fails the run if the loop is still going after 10 s.
fn watchdog() -> cxx::UniquePtr<QTimer> {
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
            // SAFETY: a pending connection is the server's child, alive until deleted.
            let mut peer = unsafe { common::owned(server.as_mut().next_pending_connection()) }
                .expect("newConnection with no pending connection");
            peer.as_mut().write(b"fortune");
            peer.as_mut()
                .on_disconnected(|peer| peer.delete_later())
                .release();
            peer.disconnect_from_server();
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
    let take = |server: &mut cxx::UniquePtr<QLocalServer>| {
        let mut taken = 0;
        while !server.pin_mut().next_pending_connection().is_null() {
            taken += 1;
        }
        taken
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
            .connect_to_host(&server.server_address(), server.server_port());
    }
    let take = |server: &mut cxx::UniquePtr<QTcpServer>| {
        let mut taken = 0;
        while !server.pin_mut().next_pending_connection().is_null() {
            taken += 1;
        }
        taken
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

fn main() {
    let mut app = QCoreApplication::new();
    let cases: [(&str, Case); 5] = [
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
    ];
    for (name, case) in cases {
        case(&mut app);
        println!("event_loop: {name} ... ok");
    }
    println!("event_loop: {} cases passed", cases.len());
}
