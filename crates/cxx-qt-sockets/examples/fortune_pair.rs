//! Qt's Local Fortune Server and Client in one program, on Qt's event loop: the server answers
//! each connection with one fortune and closes it; the client reads until the server closes,
//! decodes the frame, prints it and ends the loop.
//!
//! `cargo run -p cxx-qt-sockets --example fortune_pair [qt4|qt5.8|qt5.10|qt6.6]`
//! prints `qt6.6: You might have mail.` (the frame format its server wrote, as the client
//! detected it, and the fortune).

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use cxx_qt_lib::{QCoreApplication, QString};
use cxx_qt_sockets::wire::{decode, encode, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
use cxx_qt_sockets::{
    exit_event_loop, LocalServerOptions, LocalSocketError, QLocalServer, QLocalSocket, QTimer,
};

const FORTUNE: &str = "You might have mail.";

fn main() -> ExitCode {
    let wire = match std::env::args().nth(1).map(|name| name.parse::<Wire>()) {
        None => Wire::Qt66,
        Some(Ok(wire)) => wire,
        Some(Err(e)) => {
            eprintln!("fortune_pair: {e}");
            return ExitCode::from(2);
        }
    };
    let mut app = QCoreApplication::new();

    // The server: a socket file in Qt's temporary folder that only this user may open.
    let name = QString::from(&format!("fortune-pair-{}", std::process::id()));
    let mut server = QLocalServer::new();
    server
        .pin_mut()
        .set_socket_options(LocalServerOptions::USER);
    if !server.pin_mut().listen(&name) {
        eprintln!(
            "fortune_pair: cannot listen on {name}: {}",
            server.error_string()
        );
        return ExitCode::from(1);
    }
    let frame = encode(wire, FORTUNE).expect("a short fortune fits every format");
    server
        .pin_mut()
        .on_new_connection(move |mut server| {
            while let Some(mut connection) = server.as_mut().next_pending_connection() {
                connection.pin_mut().io().write(&frame);
                connection.pin_mut().disconnect_from_server();
                // As Qt's server: the socket goes once the fortune is sent and the peer closed.
                QLocalSocket::delete_when_disconnected(connection);
            }
        })
        .release();

    // The client: everything the server sends, until it closes.
    let received = Arc::new(Mutex::new(Vec::new()));
    let mut client = QLocalSocket::new();
    let buffer = Arc::clone(&received);
    client
        .pin_mut()
        .io()
        .on_ready_read(move |device| {
            let bytes = device.read_all();
            buffer.lock().unwrap().extend_from_slice(bytes.as_slice());
        })
        .release();
    client
        .pin_mut()
        .on_disconnected(move |_| {
            let bytes = received.lock().unwrap();
            match decode(WireChoice::Auto, &bytes, DEFAULT_MAX_STRING_BYTES) {
                Ok(fortune) => {
                    println!("{}: {}", fortune.wire, fortune.text);
                    exit_event_loop(0);
                }
                Err(e) => {
                    eprintln!("fortune_pair: {e}");
                    exit_event_loop(1);
                }
            }
        })
        .release();
    client
        .pin_mut()
        .on_error_occurred(|socket, error| {
            if error != LocalSocketError::PeerClosedError {
                eprintln!("fortune_pair: {}", socket.error_string());
                exit_event_loop(1);
            }
        })
        .release();
    client.pin_mut().connect_to_server(&name);

    // A deadline, on the same loop.
    let mut deadline = QTimer::new();
    deadline.pin_mut().set_single_shot(true);
    deadline
        .pin_mut()
        .on_timeout(|_| {
            eprintln!("fortune_pair: no fortune within 5 s");
            exit_event_loop(3);
        })
        .release();
    deadline.pin_mut().start(5000);

    match app.pin_mut().exec() {
        0 => ExitCode::SUCCESS,
        code => ExitCode::from(u8::try_from(code).unwrap_or(1)),
    }
}
