//! An async Local Fortune Client on Qt's event loop: prints one fortune from Qt's C++ server (any
//! generation). `cargo run -p cxx-qt-sockets --example async_client [SERVER_NAME]`
use std::{process::ExitCode, time::Duration};

use cxx_qt_lib::QCoreApplication;
use cxx_qt_sockets::aio::{block_on, timeout, AsyncSocket};
use cxx_qt_sockets::wire::{decode, WireChoice, DEFAULT_MAX_STRING_BYTES};
use futures_util::AsyncReadExt;

fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_else(|| "fortune".into());
    let _app = QCoreApplication::new();
    let fetched = block_on(timeout(Duration::from_secs(5), async move {
        let mut socket = AsyncSocket::connect_local(&name).await?;
        let mut frame = Vec::new();
        socket.read_to_end(&mut frame).await?; // the server closes after one fortune
        decode(WireChoice::Auto, &frame, DEFAULT_MAX_STRING_BYTES).map_err(std::io::Error::other)
    }));
    let fetched = fetched
        .map_err(std::io::Error::from)
        .and_then(|fetched| fetched);
    match fetched {
        Ok(fortune) => println!("{}", fortune.text),
        Err(e) => {
            eprintln!("async_client: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
