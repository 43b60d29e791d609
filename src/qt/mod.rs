//! The app's QObjects, for the windows and the CLI alike: `FortuneServer`, `FortuneClient`,
//! `FortuneBridge` and the `FortuneAcceptor` they serve with, the serving design, the texts, and
//! the application object of the windows. Qt's own classes come bound from the workspace crate
//! `cxx-qt-sockets` (crates/cxx-qt-sockets); nothing here binds them.

pub mod application;
pub mod fetch;
pub mod fortune_acceptor;
pub mod fortune_bridge;
pub mod fortune_client;
pub mod fortune_server;
pub mod i18n;
pub mod qml_types;
pub mod serving;
pub mod serving_tls;
pub mod tls;
// lupdate ignores a translate() call that ends in a trailing comma, which rustfmt adds when it
// spreads a call over lines: the texts keep their calls on one line each.
#[rustfmt::skip]
pub mod texts;

pub use fortune_bridge::qobject::FortuneBridge;
pub use fortune_client::qobject::FortuneClient;
pub use fortune_server::qobject::FortuneServer;
