//! local-fortune: Qt's Local Fortune example in Rust, over the real QLocalServer/QLocalSocket.
//!
//! - [`core`]: the wire codec and the fortunes, plain Rust (no Qt).
//! - [`qt`]: bindings of QLocalServer/QLocalSocket and the `FortuneServer`/`FortuneClient`
//!   QObjects that both the QML windows and the CLI use.
//! - [`cli`]: the command line.

pub mod cli;
pub mod core;
pub mod qt;
