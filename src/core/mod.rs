//! The pure Rust core: no Qt in here, so `cargo test` checks it without a Qt event loop.

pub mod activation;
pub mod endpoint;
pub mod fortunes;
pub mod peer;
pub mod qt_version;
pub mod socket_name;
pub mod tls;
/// The frame codec lives in the workspace crate `cxx-qt-sockets` (pure Rust, as here).
pub use cxx_qt_sockets::wire;
