//! An async Local Fortune Server on Qt's event loop: one fortune per connection, in the format of
//! a Qt generation, then a close, as Qt's C++ server does; that generation's C++ client reads it.
use cxx_qt_lib::{QCoreApplication, QString};
use cxx_qt_sockets::aio::{block_on, incoming_local, spawn_local};
use cxx_qt_sockets::wire::{encode, Wire};
use cxx_qt_sockets::QLocalServer;
use futures_util::{AsyncWriteExt, StreamExt};

fn serve(args: &[String]) -> Result<(), String> {
    let [name, wire, fortune] = args else {
        return Err("usage: async_server NAME qt4|qt5.8|qt5.10|qt6.6 FORTUNE".into());
    };
    let wire: Wire = wire.parse().map_err(|e| format!("{e}"))?;
    let frame = encode(wire, fortune).map_err(|e| e.to_string())?;
    let _app = QCoreApplication::new();
    let mut server = QLocalServer::new();
    QLocalServer::remove_server(&QString::from(name)); // a stale file, as Qt's server does
    if !server.pin_mut().listen(&QString::from(name)) {
        return Err(server.error_string().to_string());
    }
    block_on(async move {
        let mut clients = incoming_local(server.pin_mut());
        while let Some(mut client) = clients.next().await {
            let frame = frame.clone();
            spawn_local(async move {
                let _ = client.write_all(&frame).await;
                let _ = client.close().await; // the socket goes with the task
            });
        }
    });
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = serve(&args) {
        eprintln!("async_server: {e}");
        std::process::exit(1);
    }
}
