//! A Local Fortune Client in tokio, without Qt: `wire::codec::FortuneCodec` reads the frame of
//! Qt's C++ Local Fortune Server (any generation) from its Unix socket, and prints the fortune.
//! `cargo run -p cxx-qt-sockets --no-default-features --features tokio-codec --example tokio_client SOCKET_PATH`
use std::process::ExitCode;

use cxx_qt_sockets::wire::codec::{CodecError, FortuneCodec};
use cxx_qt_sockets::wire::{DecodeError, Wire};
use futures_util::StreamExt;
use tokio_util::codec::FramedRead;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tokio_client SOCKET_PATH");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build();
    let fetched = runtime.expect("a tokio runtime").block_on(async {
        let stream = tokio::net::UnixStream::connect(&path).await?;
        // Any generation's frame; the format is told at the end of the stream.
        let mut frames = FramedRead::new(stream, FortuneCodec::auto(Wire::Qt66));
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
            eprintln!("tokio_client: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
