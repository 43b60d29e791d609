//! Cases of Qt's own `tst_qlocalsocket.cpp` (qtbase, tests/auto/network/socket/qlocalsocket),
//! ported by intent through this crate's bindings: each test names the Qt case it stands for.
//! Qt's blocking calls (`waitFor…`) drive them, as in Qt's tests: no event loop is needed, so
//! each runs on its own test thread.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::{read_exactly, unique, WAIT_MS};
use cxx_qt_lib::{qintptr, QString};
use cxx_qt_sockets::{
    LocalServerOptions, LocalSocketError, LocalSocketState, QBox, QLocalServer, QLocalSocket,
    SocketError, Waited,
};

/// A server listening on a socket file in `dir`, and its name.
fn listening(
    dir: &tempfile::TempDir,
    options: LocalServerOptions,
) -> (QBox<QLocalServer>, QString) {
    let name = QString::from(&dir.path().join(unique("s")).display().to_string());
    let mut server = QLocalServer::new();
    server.pin_mut().set_socket_options(options);
    assert!(server.pin_mut().listen(&name), "{}", server.error_string());
    (server, name)
}

fn connected(name: &QString) -> QBox<QLocalSocket> {
    let mut client = QLocalSocket::new();
    client.pin_mut().connect_to_server(name);
    assert!(
        client.pin_mut().wait_for_connected(WAIT_MS),
        "{}",
        client.error_string()
    );
    client
}

/// The server's side of the next connection.
fn accept(server: &mut QBox<QLocalServer>) -> QBox<QLocalSocket> {
    assert_eq!(
        server.pin_mut().wait_for_new_connection(WAIT_MS),
        Waited::Connection
    );
    server
        .pin_mut()
        .next_pending_connection()
        .expect("a pending connection")
}

/// Qt: `listenAndConnectAbstractNamespace`. A server in the abstract namespace has no file; a
/// client reaches it only with the abstract option, and a file server only without it.
#[test]
fn listen_and_connect_abstract_namespace() {
    let name = QString::from(&unique("abstract"));
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
    assert!(server.pin_mut().listen(&name), "{}", server.error_string());
    assert!(server
        .socket_options()
        .contains(LocalServerOptions::ABSTRACT_NAMESPACE));
    let full = server.full_server_name().to_string();
    assert!(
        !std::path::Path::new(&full).exists(),
        "an abstract server made a file: {full}"
    );

    let mut client = QLocalSocket::new();
    client.pin_mut().set_abstract_namespace(true);
    assert!(client.is_abstract_namespace());
    client.pin_mut().connect_to_server(&name);
    assert!(
        client.pin_mut().wait_for_connected(WAIT_MS),
        "{}",
        client.error_string()
    );
    assert_eq!(client.state(), LocalSocketState::ConnectedState);
    let _peer = accept(&mut server);

    let mut plain = QLocalSocket::new();
    plain.pin_mut().connect_to_server(&name);
    assert!(!plain.pin_mut().wait_for_connected(WAIT_MS));
    assert_eq!(plain.error(), LocalSocketError::ServerNotFoundError);

    let dir = tempfile::tempdir().unwrap();
    let (_file_server, file_name) = listening(&dir, LocalServerOptions::NONE);
    let mut abstract_client = QLocalSocket::new();
    abstract_client.pin_mut().set_abstract_namespace(true);
    abstract_client.pin_mut().connect_to_server(&file_name);
    assert!(!abstract_client.pin_mut().wait_for_connected(WAIT_MS));
    assert_eq!(abstract_client.state(), LocalSocketState::UnconnectedState);
}

/// Qt: `readBufferOverflow`. With a read buffer of N bytes, the socket holds at most N of what
/// the peer sent; the rest waits in the kernel and arrives as it is read.
#[test]
fn read_buffer_overflow() {
    const CAP: usize = 128;
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::NONE);
    let mut client = connected(&name);
    client
        .pin_mut()
        .set_read_buffer_size(cxx_qt_lib::qint64::from(CAP as i64));
    assert_eq!(i64::from(client.read_buffer_size()), CAP as i64);
    let mut peer = accept(&mut server);
    let data: Vec<u8> = (0..CAP * 2).map(|i| i as u8).collect();
    assert_eq!(peer.pin_mut().io().write(&data), data.len() as i64);
    assert!(peer.pin_mut().io().wait_for_bytes_written(WAIT_MS));

    assert!(client.pin_mut().io().wait_for_ready_read(WAIT_MS));
    assert_eq!(
        i64::from(client.bytes_available()),
        CAP as i64,
        "the buffer holds its cap, no more"
    );
    let mut first = vec![0; CAP];
    assert_eq!(client.pin_mut().io().read(&mut first), CAP as i64);
    let rest = read_exactly(client.pin_mut(), CAP);
    assert_eq!([first, rest].concat(), data);
}

/// Qt: `simpleCommandProtocol1`. A line protocol both ways: each command gets its answer.
#[test]
fn simple_command_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::NONE);
    let mut client = connected(&name);
    common::command_protocol(client.pin_mut(), accept(&mut server).pin_mut());
}

/// Qt: `writeToDisconnected`. Writing to a peer that has gone fails cleanly: no crash, no
/// hang, an error and the unconnected state.
#[test]
fn write_to_disconnected() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::NONE);
    let mut client = connected(&name);
    accept(&mut server).pin_mut().abort();
    common::write_to_disconnected(client.pin_mut());
}

/// Qt: `verifySocketOptions`. Each access option gives the socket file its mode.
#[test]
fn verify_socket_options() {
    let cases = [
        (LocalServerOptions::USER, 0o700),
        (LocalServerOptions::GROUP, 0o070),
        (LocalServerOptions::OTHER, 0o007),
        (LocalServerOptions::USER | LocalServerOptions::GROUP, 0o770),
        (LocalServerOptions::WORLD, 0o777),
    ];
    for (options, mode) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (server, name) = listening(&dir, options);
        assert_eq!(server.socket_options(), options);
        let meta = std::fs::metadata(name.to_string()).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, mode, "{options:?}");
    }
}

/// A listening Unix socket made by hand, as systemd would pass it: its descriptor and path.
fn listening_descriptor(path: &std::path::Path) -> i32 {
    let listener = std::os::unix::net::UnixListener::bind(path).unwrap();
    std::os::fd::IntoRawFd::into_raw_fd(listener)
}

/// Qt: `verifyListenWithDescriptor`. A server takes a socket that already listens, answers on
/// it, and reports its name.
#[test]
fn verify_listen_with_descriptor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(unique("fd"));
    let fd = listening_descriptor(&path);
    let mut server = QLocalServer::new();
    assert!(server
        .pin_mut()
        .listen_descriptor(qintptr::from(fd as isize)));
    assert!(server.is_listening());
    assert_eq!(isize::from(server.socket_descriptor()), fd as isize);
    assert_eq!(
        server.full_server_name().to_string(),
        path.display().to_string()
    );
    let name = QString::from(&path.display().to_string());
    let _client = connected(&name);
    let _peer = accept(&mut server);
    server.pin_mut().close();
    assert!(!server.is_listening());
}

/// Qt: `delayedDisconnect`. A client that writes and disconnects at once stays closing until
/// its data is out; the server gets all of it.
#[test]
fn delayed_disconnect() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::NONE);
    let mut client = connected(&name);
    common::delayed_disconnect(client.pin_mut(), accept(&mut server).pin_mut());
}

/// Qt: `waitForReadyReadOnDisconnected`. Waiting to read on a connection the peer closes
/// returns at once, false, not after the whole wait.
#[test]
fn wait_for_ready_read_on_disconnected() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::NONE);
    let mut client = connected(&name);
    common::wait_for_ready_read_on_disconnected(client.pin_mut(), accept(&mut server).pin_mut());
}

/// Qt: `processConnection`. Clients in other processes (this test program, run again as
/// `process_client`) each get their answer.
#[test]
fn process_connection() {
    const PROCESSES: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let (mut server, name) = listening(&dir, LocalServerOptions::USER);
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "process_client",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("CXX_QT_SOCKETS_SERVER", name.to_string())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for _ in 0..PROCESSES {
        let mut peer = accept(&mut server);
        assert_eq!(read_exactly(peer.pin_mut(), 6), b"hello\n");
        peer.pin_mut().io().write(b"world\n");
        peer.pin_mut().disconnect_from_server();
        while peer.state() != LocalSocketState::UnconnectedState
            && peer.pin_mut().wait_for_disconnected(WAIT_MS)
        {}
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a client process failed: {:?}",
            out.status
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("got: world"));
    }
}

/// The client side of `process_connection`, in a process of its own.
#[test]
#[ignore = "run by process_connection, in a child process"]
fn process_client() {
    let name =
        QString::from(&std::env::var("CXX_QT_SOCKETS_SERVER").expect("run by process_connection"));
    let mut client = connected(&name);
    client.pin_mut().io().write(b"hello\n");
    assert!(client.pin_mut().io().wait_for_bytes_written(WAIT_MS));
    let got = read_exactly(client.pin_mut(), 6);
    println!("got: {}", String::from_utf8_lossy(&got).trim());
}

/// Qt's `server_basic`/`listen` of an empty name: refused, with Qt's error.
#[test]
fn listen_on_no_name_fails_with_host_not_found() {
    let mut server = QLocalServer::new();
    assert!(!server.pin_mut().listen(&QString::default()));
    assert_eq!(server.server_error(), SocketError::HostNotFoundError);
    assert!(!server.error_string().is_empty());
    assert_eq!(server.pin_mut().wait_for_new_connection(0), Waited::Failed);
}
