//! The TCP equivalents of the `tst_qlocalsocket.cpp` cases that apply to TCP (see
//! qlocalsocket.rs), through this crate's QTcpServer and QTcpSocket, on loopback with ports the
//! system picks.

mod common;

use common::{read_exactly, WAIT_MS};
use cxx_qt_lib::{qint64, qintptr, QString};
use cxx_qt_sockets::{
    QBox, QTcpServer, QTcpSocket, SocketError, SocketOption, SocketState, Waited,
};

fn listening() -> QBox<QTcpServer> {
    let mut server = QTcpServer::new();
    assert!(
        server.pin_mut().listen(&QString::from("127.0.0.1"), 0),
        "{}",
        server.error_string()
    );
    assert_ne!(server.server_port(), 0);
    server
}

fn connected(server: &QTcpServer) -> QBox<QTcpSocket> {
    let mut client = QTcpSocket::new();
    client
        .pin_mut()
        .socket()
        .connect_to_host(&server.server_address(), server.server_port());
    assert!(
        client.pin_mut().socket().wait_for_connected(WAIT_MS),
        "{}",
        client.error_string()
    );
    client
}

fn accept(server: &mut QBox<QTcpServer>) -> QBox<QTcpSocket> {
    assert_eq!(
        server.pin_mut().wait_for_new_connection(WAIT_MS),
        Waited::Connection
    );
    server
        .pin_mut()
        .next_pending_connection()
        .expect("a pending connection")
}

/// `readBufferOverflow` over TCP.
#[test]
fn read_buffer_overflow() {
    const CAP: usize = 128;
    let mut server = listening();
    let mut client = connected(&server);
    client
        .pin_mut()
        .socket()
        .set_read_buffer_size(qint64::from(CAP as i64));
    let mut peer = accept(&mut server);
    let data: Vec<u8> = (0..CAP * 2).map(|i| i as u8).collect();
    assert_eq!(peer.pin_mut().io().write(&data), data.len() as i64);
    assert!(peer.pin_mut().io().wait_for_bytes_written(WAIT_MS));
    assert!(client.pin_mut().io().wait_for_ready_read(WAIT_MS));
    assert!(
        i64::from(client.bytes_available()) <= CAP as i64,
        "the buffer holds its cap, no more"
    );
    let mut first = vec![0; CAP];
    let n = client.pin_mut().io().read(&mut first) as usize;
    let rest = read_exactly(client.pin_mut(), data.len() - n);
    assert_eq!([&first[..n], &rest].concat(), data);
}

/// `simpleCommandProtocol1` over TCP.
#[test]
fn simple_command_protocol() {
    let mut server = listening();
    let mut client = connected(&server);
    common::command_protocol(client.pin_mut(), accept(&mut server).pin_mut());
}

/// `writeToDisconnected` over TCP.
#[test]
fn write_to_disconnected() {
    let mut server = listening();
    let mut client = connected(&server);
    accept(&mut server).pin_mut().socket().abort();
    common::write_to_disconnected(client.pin_mut());
    assert_eq!(client.state(), SocketState::UnconnectedState);
}

/// `verifyListenWithDescriptor` over TCP: the server takes a socket that already listens.
#[test]
fn listen_with_descriptor() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let fd = std::os::fd::IntoRawFd::into_raw_fd(listener);
    let mut server = QTcpServer::new();
    assert!(server
        .pin_mut()
        .set_socket_descriptor(qintptr::from(fd as isize)));
    assert!(server.is_listening());
    assert_eq!(server.server_port(), port);
    assert_eq!(server.server_address().to_string(), "127.0.0.1");
    let _client = connected(&server);
    let _peer = accept(&mut server);
}

/// `delayedDisconnect` over TCP.
#[test]
fn delayed_disconnect() {
    let mut server = listening();
    let mut client = connected(&server);
    common::delayed_disconnect(client.pin_mut(), accept(&mut server).pin_mut());
}

/// `waitForReadyReadOnDisconnected` over TCP.
#[test]
fn wait_for_ready_read_on_disconnected() {
    let mut server = listening();
    let mut client = connected(&server);
    common::wait_for_ready_read_on_disconnected(client.pin_mut(), accept(&mut server).pin_mut());
}

/// `verifySocketOptions`, TCP's options: what is set is what the system has.
#[test]
fn verify_socket_options() {
    let mut server = listening();
    let mut client = connected(&server);
    client
        .pin_mut()
        .socket()
        .set_socket_option(SocketOption::LowDelayOption, 1);
    assert_eq!(
        client
            .pin_mut()
            .socket()
            .socket_option(SocketOption::LowDelayOption),
        1
    );
    client
        .pin_mut()
        .socket()
        .set_socket_option(SocketOption::KeepAliveOption, 1);
    assert_eq!(
        client
            .pin_mut()
            .socket()
            .socket_option(SocketOption::KeepAliveOption),
        1
    );
    let peer = accept(&mut server);
    assert_eq!(peer.peer_port(), client.local_port());
    assert_eq!(peer.peer_address().to_string(), "127.0.0.1");
}

/// Refusals name their cause: a port in use, and an address that is no address.
#[test]
fn listen_errors() {
    let server = listening();
    let mut second = QTcpServer::new();
    assert!(!second
        .pin_mut()
        .listen(&QString::from("127.0.0.1"), server.server_port()));
    assert_eq!(second.server_error(), SocketError::AddressInUseError);
    let mut bad = QTcpServer::new();
    assert!(!bad.pin_mut().listen(&QString::from("not an address"), 0));
    assert!(!bad.is_listening());
}
