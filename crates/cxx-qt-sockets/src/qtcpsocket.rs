//! `QTcpSocket`: a TCP stream, by host name or address. Everything it does is its
//! `QAbstractSocket` base's ([`QTcpSocket::socket`]), and that one's `QIODevice`'s.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-sockets/qtcpsocket.h");
        type QAbstractSocket = crate::qabstractsocket::QAbstractSocket;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QTcpSocket` (a `QAbstractSocket`, a `QIODevice`). Make one with
        /// [`QTcpSocket::new`]; a server's connections come from
        /// [`QTcpServer::next_pending_connection`](crate::QTcpServer::next_pending_connection).
        #[qobject]
        #[base = QAbstractSocket]
        type QTcpSocket;
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_tcp_socket() -> UniquePtr<QTcpSocket>;
        #[cxx_name = "deleteWhenDisconnected"]
        fn tcp_socket_delete_when_disconnected(socket: Pin<&mut QTcpSocket>);
    }

    impl UniquePtr<QTcpSocket> {}
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt::{impl_transitive_cast, QObject};

pub use ffi::QTcpSocket;

use crate::qabstractsocket::QAbstractSocket;
use crate::qbox::{release_to_qt, Deletable, QBox, QPtr};
use crate::qiodevice::QIODevice;

impl_transitive_cast!(QTcpSocket, QAbstractSocket, QIODevice, QObject);

impl QTcpSocket {
    /// A new, unconnected socket that Rust owns.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_tcp_socket()).expect("operator new never returns null")
    }

    /// Lets Qt own `socket` from now on, as Qt's examples do: it is deleted once disconnected
    /// (by the event loop: at once if it is not connected). Its signals' closures still run
    /// until then, and the [`QPtr`] reaches it meanwhile. A [`QSslSocket`](crate::QSslSocket)
    /// goes the same way through [`QSslSocket::delete_when_disconnected`](crate::QSslSocket::delete_when_disconnected).
    pub fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self> {
        release_to_qt(socket, ffi::tcp_socket_delete_when_disconnected)
    }

    /// The socket as the `QAbstractSocket` it is: connecting, state, errors, options, signals.
    pub fn socket(self: Pin<&mut Self>) -> Pin<&mut QAbstractSocket> {
        self.upcast_pin()
    }

    /// The socket as the `QIODevice` it is: reads, writes, `readyRead`, `bytesWritten`.
    pub fn io(self: Pin<&mut Self>) -> Pin<&mut QIODevice> {
        self.upcast_pin()
    }
}

impl std::ops::Deref for QTcpSocket {
    type Target = QAbstractSocket;
    /// The `&self` calls of its base (`state`, `peer_port`, and the QIODevice's through it).
    fn deref(&self) -> &QAbstractSocket {
        self.upcast()
    }
}

impl Deletable for QTcpSocket {
    /// Aborts, as the destructor does, so that the peer sees the close when the handle goes.
    fn before_drop(self: Pin<&mut Self>) {
        self.socket().abort();
    }
}
