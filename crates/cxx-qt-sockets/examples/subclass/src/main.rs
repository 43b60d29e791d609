//! cxx-qt-sockets from a crate of its own: a `QLocalServer` subclass defined in this crate's
//! bridge (`#[base = QLocalServer]`, `incomingConnection` overridden), and a `QLocalSocket` client
//! that fetches one fortune from it. Prints `served 1: You might have mail.`.

mod fortune_fetcher;
mod fortune_server;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use cxx_qt::casting::Upcast;
use cxx_qt::CxxQtType;
use cxx_qt_lib::{QCoreApplication, QString};
use cxx_qt_sockets::wire::{decode, encode, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
use cxx_qt_sockets::{exit_event_loop, LocalServerOptions, QLocalServer, QLocalSocket};

fn main() -> ExitCode {
    let mut app = QCoreApplication::new();
    let mut server = fortune_server::new_fortune_server();
    server.pin_mut().rust_mut().frame = encode(Wire::Qt510, "You might have mail.").unwrap();
    let name = QString::from(&format!("cxx-qt-sockets-subclass-{}", std::process::id()));
    {
        let mut base = Upcast::<QLocalServer>::upcast_pin(server.pin_mut());
        base.as_mut()
            .set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
        if !base.as_mut().listen(&name) {
            eprintln!("subclass: cannot listen: {}", base.error_string());
            return ExitCode::from(1);
        }
    }

    let received = Arc::new(Mutex::new(Vec::new()));
    let mut client = QLocalSocket::new();
    let sink = Arc::clone(&received);
    client
        .pin_mut()
        .io()
        .on_ready_read(move |socket| {
            sink.lock()
                .unwrap()
                .extend_from_slice(socket.read_all().as_slice())
        })
        .release();
    client
        .pin_mut()
        .on_disconnected(|_| exit_event_loop(0))
        .release();
    client.pin_mut().set_abstract_namespace(true);
    client.pin_mut().connect_to_server(&name);
    if app.pin_mut().exec() != 0 {
        return ExitCode::from(1);
    }
    let bytes = received.lock().unwrap();
    match decode(
        WireChoice::Exact(Wire::Qt510),
        &bytes,
        DEFAULT_MAX_STRING_BYTES,
    ) {
        Ok(fortune) => println!("served {}: {}", server.rust().served, fortune.text),
        Err(e) => {
            eprintln!("subclass: {e}");
            return ExitCode::from(1);
        }
    }

    // A QObject's invokable starts an async fetch; its property changes when the fetch ends.
    let mut fetcher = fortune_fetcher::new_fortune_fetcher();
    fetcher
        .pin_mut()
        .on_fortune_changed(|_| exit_event_loop(0))
        .release();
    fetcher
        .pin_mut()
        .on_error_changed(|_| exit_event_loop(1))
        .release();
    fetcher.pin_mut().fetch(name.clone(), true);
    if app.pin_mut().exec() != 0 {
        eprintln!("subclass: {}", fetcher.error());
        return ExitCode::from(1);
    }
    println!("fetched: {}", fetcher.fortune());
    ExitCode::SUCCESS
}
