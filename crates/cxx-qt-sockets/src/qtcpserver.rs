//! `QTcpServer`: listens on a TCP address and port.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qtcpserver.h");
        type QTcpSocket = crate::qtcpsocket::QTcpSocket;
        #[namespace = "cxx_qt_sockets"]
        type SocketError = crate::qabstractsocket::SocketError;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QTcpServer`. Make one with [`QTcpServer::new`].
        #[qobject]
        #[base = QObject]
        type QTcpServer;

        /// The `listen()` backlog (Qt's default is 50); set it before listening.
        #[cxx_name = "setListenBacklogSize"]
        fn set_listen_backlog_size(self: Pin<&mut QTcpServer>, size: i32);
        /// The `listen()` backlog.
        #[cxx_name = "listenBacklogSize"]
        fn listen_backlog_size(self: &QTcpServer) -> i32;
        /// Accepted connections the server keeps at most before it pauses accepting (30).
        #[cxx_name = "setMaxPendingConnections"]
        fn set_max_pending_connections(self: Pin<&mut QTcpServer>, count: i32);
        /// Accepted connections kept at most.
        #[cxx_name = "maxPendingConnections"]
        fn max_pending_connections(self: &QTcpServer) -> i32;
        /// Stops listening.
        fn close(self: Pin<&mut QTcpServer>);
        /// True while listening.
        #[cxx_name = "isListening"]
        fn is_listening(self: &QTcpServer) -> bool;
        /// The last error.
        #[cxx_name = "serverError"]
        fn server_error(self: &QTcpServer) -> SocketError;
        /// The last error, in words (translated by Qt).
        #[cxx_name = "errorString"]
        fn error_string(self: &QTcpServer) -> QString;
        /// The port listened on (the one the system chose for port 0).
        #[cxx_name = "serverPort"]
        fn server_port(self: &QTcpServer) -> u16;
        /// The listening socket; -1 when not listening.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QTcpServer) -> qintptr;
        /// Takes a socket that already listens, such as one systemd passes.
        #[cxx_name = "setSocketDescriptor"]
        fn set_socket_descriptor(self: Pin<&mut QTcpServer>, descriptor: qintptr) -> bool;
        /// Stops accepting; clients wait in the backlog until [`QTcpServer::resume_accepting`].
        #[cxx_name = "pauseAccepting"]
        fn pause_accepting(self: Pin<&mut QTcpServer>);
        /// Accepts again.
        #[cxx_name = "resumeAccepting"]
        fn resume_accepting(self: Pin<&mut QTcpServer>);
        /// True when an accepted connection waits for [`QTcpServer::next_pending_connection`].
        #[cxx_name = "hasPendingConnections"]
        fn has_pending_connections(self: &QTcpServer) -> bool;
        /// The next accepted connection, a child of the server (null if none): delete it with
        /// [`QTcpSocket::delete_later`] when done.

        /// A connection was accepted: [`QTcpServer::next_pending_connection`] has it.
        #[qsignal]
        #[cxx_name = "newConnection"]
        fn new_connection(self: Pin<&mut QTcpServer>);
        /// Accepting failed (the server has paused: see [`QTcpServer::resume_accepting`]).
        #[qsignal]
        #[cxx_name = "acceptError"]
        fn accept_error(self: Pin<&mut QTcpServer>, error: SocketError);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_tcp_server() -> UniquePtr<QTcpServer>;
        #[cxx_name = "takePendingConnection"]
        fn tcp_server_next_pending_connection(server: Pin<&mut QTcpServer>) -> *mut QTcpSocket;
        #[cxx_name = "tcpListen"]
        fn tcp_server_listen(server: Pin<&mut QTcpServer>, address: &QString, port: u16) -> bool;
        #[cxx_name = "tcpServerAddress"]
        fn tcp_server_server_address(server: &QTcpServer) -> QString;
        #[cxx_name = "tcpReachableAddress"]
        fn tcp_server_reachable_address(server: &QTcpServer) -> QString;
        #[cxx_name = "waitForNewConnection"]
        fn tcp_server_wait_for_new_connection(server: Pin<&mut QTcpServer>, msec: i32) -> i32;
    }

    impl UniquePtr<QTcpServer> {}
}

use std::pin::Pin;

use cxx_qt_lib::QString;

pub use ffi::QTcpServer;

use crate::qabstractsocket::Waited;
use crate::qbox::{take_child, Deletable, QBox};
use crate::qtcpsocket::QTcpSocket;

impl QTcpServer {
    /// A new server that Rust owns; it listens once told to.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_tcp_server()).expect("operator new never returns null")
    }

    /// The next accepted connection, if one is pending: taken from the server (Qt makes it the
    /// server's child) into a [`QBox`], so that Rust owns it alone.
    pub fn next_pending_connection(self: Pin<&mut Self>) -> Option<QBox<QTcpSocket>> {
        // SAFETY: null, or a live socket of this thread whose only owner is the server (its
        // parent): the server forgets it once it is handed out.
        unsafe { take_child(ffi::tcp_server_next_pending_connection(self)) }
    }

    /// Listens on `address` in text (`127.0.0.1`, `::1`, `0.0.0.0`, `::`; empty: every
    /// address) and `port` (0: the system picks one, [`QTcpServer::server_port`] tells).
    /// False on failure, with [`QTcpServer::server_error`] set, or for a text that is no
    /// address (with nothing done).
    pub fn listen(self: Pin<&mut Self>, address: &QString, port: u16) -> bool {
        ffi::tcp_server_listen(self, address, port)
    }

    /// The address listened on, in text.
    pub fn server_address(&self) -> QString {
        ffi::tcp_server_server_address(self)
    }

    /// The address to give clients: the one listened on or, when that is every address, the
    /// first non-loopback IPv4 address of this machine (else `127.0.0.1`), as Qt's Fortune
    /// Server shows it.
    pub fn reachable_address(&self) -> QString {
        ffi::tcp_server_reachable_address(self)
    }

    /// Blocks until a connection is pending, or `msec` pass (-1: no limit), with no event loop.
    pub fn wait_for_new_connection(self: Pin<&mut Self>, msec: i32) -> Waited {
        Waited::from_code(ffi::tcp_server_wait_for_new_connection(self, msec))
    }
}

impl Deletable for QTcpServer {
    /// Stops listening when the handle goes, not when the event loop next runs.
    fn before_drop(self: Pin<&mut Self>) {
        self.close();
    }
}
