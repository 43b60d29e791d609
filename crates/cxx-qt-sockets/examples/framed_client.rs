//! asynchronous-codec's `FramedRead` over an `aio::AsyncSocket`: the codec that tokio and
//! futures-io programs use, on Qt's own event loop. Reads one fortune from a Local Fortune Server.
//! `cargo run -p cxx-qt-sockets --features futures-codec --example framed_client [SERVER_NAME]`
use std::process::ExitCode;

use asynchronous_codec::FramedRead;
use cxx_qt_lib::QCoreApplication;
use cxx_qt_sockets::aio::{block_on, AsyncSocket};
use cxx_qt_sockets::wire::codec::{CodecError, FortuneCodec};
use cxx_qt_sockets::wire::{DecodeError, Wire};
use futures_util::StreamExt;

fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_else(|| "fortune".into());
    let _app = QCoreApplication::new();
    let fetched = block_on(async move {
        let socket = AsyncSocket::connect_local(&name).await?;
        let mut frames = FramedRead::new(socket, FortuneCodec::auto(Wire::Qt66));
        frames
            .next()
            .await
            .unwrap_or(Err(CodecError::Decode(DecodeError::Empty)))
    });
    match fetched {
        Ok(fortune) => {
            println!("{} ({})", fortune.text, fortune.wire);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("framed_client: {e}");
            ExitCode::FAILURE
        }
    }
}
