//! Qt's own sockets for [cxx-qt](https://github.com/KDAB/cxx-qt) 0.10: `QLocalServer`,
//! `QLocalSocket`, `QTcpServer`, `QTcpSocket`, `QSslSocket` (TLS), with `QSocketNotifier` and `QTimer` to build
//! servers of your own on the same event loop, and [`wire`], a pure-Rust codec of the
//! `QDataStream` frames of Qt's Fortune examples of every generation (Qt 4 to 6.11).
//!
//! Each class is Qt's real one, bound through cxx-qt (`extern "C++Qt"`): its methods are
//! Qt's, under snake_case names, its signals connect with cxx-qt's `on_*`/`connect_*`, and a
//! bridge of yours can use the types, or subclass them with `#[base = QLocalServer]`, after
//! `include!("cxx-qt-sockets/qlocalserver.h")` (the crate exports its headers to dependents
//! through cxx-qt-build's `Interface`). Beyond what Qt has, the crate gives:
//! - [`QLocalServer::stop_accepting`]: the server listens, you accept (from its
//!   [`socket_descriptor`](QLocalServer::socket_descriptor), with a [`QSocketNotifier`]), so that
//!   running out of descriptors is something to wait out, not the end of the server;
//! - descriptor adoption: [`QLocalServer::listen_descriptor`],
//!   [`QTcpServer::set_socket_descriptor`], and `set_socket_descriptor` on both sockets;
//! - the options: access rights and the abstract namespace ([`LocalServerOptions`],
//!   [`QLocalSocket::set_abstract_namespace`]), the backlog, `SocketOption`s of TCP;
//! - TLS from PEM files: [`QSslConfiguration`] (with [`QSslConfiguration::check_for_server`], the
//!   backend's check of a certificate and its key before any client comes) and [`QSslSocket`].
//!
//! Without the default feature `qt`, the crate is [`wire`] alone, and needs no Qt.
//!
//! # Example
//! A server and a client in one thread, with Qt's blocking calls (no event loop): the server
//! sends one fortune as Qt 6.6's Local Fortune Server does, the client reads it as any
//! generation's client would.
//! ```
//! use cxx_qt_lib::{QCoreApplication, QString};
//! use cxx_qt_sockets::wire::{decode, encode, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
//! use cxx_qt_sockets::{LocalServerOptions, QLocalServer, QLocalSocket, Waited};
//!
//! let _app = QCoreApplication::new();
//! let name = QString::from(&format!("cxx-qt-sockets-doc-{}", std::process::id()));
//!
//! let mut server = QLocalServer::new();
//! server.pin_mut().set_socket_options(LocalServerOptions::ABSTRACT_NAMESPACE);
//! assert!(server.pin_mut().listen(&name), "{}", server.error_string());
//!
//! let mut client = QLocalSocket::new();
//! client.pin_mut().set_abstract_namespace(true);
//! client.pin_mut().connect_to_server(&name);
//! assert!(client.pin_mut().wait_for_connected(5000));
//!
//! assert_eq!(server.pin_mut().wait_for_new_connection(5000), Waited::Connection);
//! let mut peer = server.pin_mut().next_pending_connection().expect("a connection");
//! peer.pin_mut().io().write(&encode(Wire::Qt66, "You might have mail.").unwrap());
//! assert!(peer.pin_mut().io().wait_for_bytes_written(5000)); // no event loop writes it for us
//! peer.pin_mut().disconnect_from_server();
//!
//! let mut bytes = Vec::new();
//! while client.pin_mut().io().wait_for_ready_read(5000) {
//!     bytes.extend_from_slice(client.pin_mut().io().read_all().as_slice());
//! }
//! let fortune = decode(WireChoice::Auto, &bytes, DEFAULT_MAX_STRING_BYTES).unwrap();
//! assert_eq!(fortune.text, "You might have mail.");
//! assert_eq!(fortune.wire, Wire::Qt66);
//! ```
//!
//! The crate's `examples/fortune_pair.rs` does the same on the event loop, with signals.

#![warn(missing_docs)]

pub mod wire;

#[cfg(feature = "async")]
pub mod aio;

#[cfg(feature = "qt")]
mod qabstractsocket;
#[cfg(feature = "qt")]
mod qbox;
#[cfg(feature = "qt")]
mod qiodevice;
#[cfg(feature = "qt")]
mod qlocalserver;
#[cfg(feature = "qt")]
mod qlocalsocket;
#[cfg(feature = "qt")]
mod qsocketnotifier;
#[cfg(feature = "qt")]
mod qssl;
#[cfg(feature = "qt")]
mod qsslconfiguration;
#[cfg(feature = "qt")]
mod qsslsocket;
#[cfg(feature = "qt")]
mod qtcpserver;
#[cfg(feature = "qt")]
mod qtcpsocket;
#[cfg(feature = "qt")]
mod qtimer;

#[cfg(feature = "qt")]
pub use qabstractsocket::{
    descriptor, QAbstractSocket, SocketError, SocketOption, SocketState, Waited,
};
#[cfg(feature = "qt")]
pub use qbox::{Deletable, QBox, QPtr};
#[cfg(feature = "qt")]
pub use qiodevice::QIODevice;
#[cfg(feature = "qt")]
pub use qlocalserver::{LocalServerOption, LocalServerOptions, QLocalServer};
#[cfg(feature = "qt")]
pub use qlocalsocket::{LocalSocketError, LocalSocketState, QLocalSocket};
#[cfg(feature = "qt")]
pub use qsocketnotifier::{QSocketNotifier, SocketNotifierType};
#[cfg(feature = "qt")]
pub use qssl::{AlertLevel, AlertType, PeerVerifyMode, SslErrorCode};
#[cfg(feature = "qt")]
pub use qsslconfiguration::{QSslConfiguration, ServerCheck};
#[cfg(feature = "qt")]
pub use qsslsocket::QSslSocket;
#[cfg(feature = "qt")]
pub use qtcpserver::QTcpServer;
#[cfg(feature = "qt")]
pub use qtcpsocket::QTcpSocket;
#[cfg(feature = "qt")]
pub use qtimer::{exit_event_loop, QTimer};
