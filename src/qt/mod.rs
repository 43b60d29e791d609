//! Everything that touches Qt. cxx-qt wants every bridge of a QML module in one folder, so the
//! thin bindings of Qt's own classes (`qlocal_*`, `qtcp_*`) sit beside the two QObjects built on them
//! (`fortune_*`), the factory the CLI creates them with, and the application object of the windows.

pub mod application;
pub mod factory;
pub mod fortune_acceptor;
pub mod fortune_bridge;
pub mod fortune_client;
pub mod fortune_server;
pub mod i18n;
pub mod qlocal_server;
pub mod qlocal_socket;
pub mod qml_types;
pub mod qsocket_notifier;
pub mod qtcp_server;
pub mod qtcp_socket;
pub mod qtimer;
pub mod serving;
// lupdate ignores a translate() call that ends in a trailing comma, which rustfmt adds when it
// spreads a call over lines: the texts keep their calls on one line each.
#[rustfmt::skip]
pub mod texts;

pub use fortune_bridge::qobject::FortuneBridge;
pub use fortune_client::qobject::FortuneClient;
pub use fortune_server::qobject::FortuneServer;
