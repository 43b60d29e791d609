//! `QLocalSocket`: a stream over a Unix domain socket (a named pipe on Windows), a socket file
//! or, on Linux, a name in the abstract namespace.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qlocalsocket.h");
        type QIODevice = crate::qiodevice::QIODevice;
    }

    /// `QLocalSocket::LocalSocketError`: why a local socket failed. cxx checks every value
    /// against Qt's header when the crate is built.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum LocalSocketError {
        /// No one listens on the name (ECONNREFUSED), or the server's backlog is full.
        ConnectionRefusedError = 0,
        /// The peer closed the connection.
        PeerClosedError = 1,
        /// No socket of that name exists (ENOENT).
        ServerNotFoundError = 2,
        /// The socket file may not be opened (EACCES).
        SocketAccessError = 3,
        /// The system ran out of a resource (descriptors, memory).
        SocketResourceError = 4,
        /// The operation timed out.
        SocketTimeoutError = 5,
        /// A datagram was larger than the system allows.
        DatagramTooLargeError = 6,
        /// The connection failed otherwise.
        ConnectionError = 7,
        /// The system does not support local sockets.
        UnsupportedSocketOperationError = 10,
        /// The operation is not allowed in the socket's state.
        OperationError = 19,
        /// Anything else.
        UnknownSocketError = -1,
    }

    /// `QLocalSocket::LocalSocketState`.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum LocalSocketState {
        /// Not connected.
        UnconnectedState = 0,
        /// Connecting.
        ConnectingState = 2,
        /// Connected.
        ConnectedState = 3,
        /// About to close: writing what is left.
        ClosingState = 6,
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        type LocalSocketError;
        type LocalSocketState;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QLocalSocket` (a `QIODevice`). Make one with [`QLocalSocket::new`]; a
        /// server's connections come from
        /// [`QLocalServer::next_pending_connection`](crate::QLocalServer::next_pending_connection).
        /// Both are a [`QBox`](crate::QBox): Rust owns the socket.
        #[qobject]
        #[base = QIODevice]
        type QLocalSocket;

        /// Closes at once, dropping what is left to write.
        fn abort(self: Pin<&mut QLocalSocket>);
        /// Writes what it can of its buffer without blocking; true if something was written.
        fn flush(self: Pin<&mut QLocalSocket>) -> bool;
        /// Closes once what is left to write is written.
        #[cxx_name = "disconnectFromServer"]
        fn disconnect_from_server(self: Pin<&mut QLocalSocket>);
        /// The last error.
        fn error(self: &QLocalSocket) -> LocalSocketError;
        /// Where the connection stands.
        fn state(self: &QLocalSocket) -> LocalSocketState;
        /// True when connected (or closing).
        #[cxx_name = "isValid"]
        fn is_valid(self: &QLocalSocket) -> bool;
        /// The name given to `connect_to_server`.
        #[cxx_name = "serverName"]
        fn server_name(self: &QLocalSocket) -> QString;
        /// The socket's path (or abstract name) once connected.
        #[cxx_name = "fullServerName"]
        fn full_server_name(self: &QLocalSocket) -> QString;
        /// The native socket; -1 when there is none.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QLocalSocket) -> qintptr;
        /// Caps what Qt buffers of what it reads (0: no cap, the default).
        #[cxx_name = "setReadBufferSize"]
        fn set_read_buffer_size(self: Pin<&mut QLocalSocket>, size: qint64);
        /// The cap on the read buffer (0: none).
        #[cxx_name = "readBufferSize"]
        fn read_buffer_size(self: &QLocalSocket) -> qint64;
        /// Blocks until connected, or `msecs` pass (-1: no limit); true if connected.
        #[cxx_name = "waitForConnected"]
        fn wait_for_connected(self: Pin<&mut QLocalSocket>, msecs: i32) -> bool;
        /// Blocks until disconnected, or `msecs` pass; true if disconnected.
        #[cxx_name = "waitForDisconnected"]
        fn wait_for_disconnected(self: Pin<&mut QLocalSocket>, msecs: i32) -> bool;

        /// Connected to the server.
        #[qsignal]
        fn connected(self: Pin<&mut QLocalSocket>);
        /// The connection closed.
        #[qsignal]
        fn disconnected(self: Pin<&mut QLocalSocket>);
        /// An error happened; [`QLocalSocket::error_string`] says it in words.
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut QLocalSocket>, error: LocalSocketError);
        /// The state changed.
        #[qsignal]
        #[cxx_name = "stateChanged"]
        fn state_changed(self: Pin<&mut QLocalSocket>, state: LocalSocketState);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_local_socket() -> UniquePtr<QLocalSocket>;
        #[cxx_name = "deleteWhenDisconnected"]
        fn local_socket_delete_when_disconnected(socket: Pin<&mut QLocalSocket>);
        #[cxx_name = "localConnectToServer"]
        fn local_socket_connect_to_server(socket: Pin<&mut QLocalSocket>, name: &QString);
        #[cxx_name = "localSetSocketDescriptor"]
        fn local_socket_set_socket_descriptor(
            socket: Pin<&mut QLocalSocket>,
            descriptor: qintptr,
        ) -> bool;
        #[cxx_name = "localSetAbstractNamespace"]
        fn local_socket_set_abstract_namespace(socket: Pin<&mut QLocalSocket>, on: bool);
        #[cxx_name = "localIsAbstractNamespace"]
        fn local_socket_is_abstract_namespace(socket: &QLocalSocket) -> bool;
    }

    impl UniquePtr<QLocalSocket> {}
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt::QObject;
use cxx_qt_lib::{qintptr, QString};

use crate::qbox::{release_to_qt, Deletable, QBox, QPtr};
use crate::qiodevice::QIODevice;

pub use ffi::{LocalSocketError, LocalSocketState, QLocalSocket};

cxx_qt::impl_transitive_cast!(QLocalSocket, QIODevice, QObject);

impl QLocalSocket {
    /// The socket as the `QIODevice` it is: reads, writes, `readyRead`, `bytesWritten`.
    pub fn io(self: Pin<&mut Self>) -> Pin<&mut QIODevice> {
        self.upcast_pin()
    }

    /// A new, unconnected socket that Rust owns.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_local_socket()).expect("operator new never returns null")
    }

    /// Lets Qt own `socket` from now on, as Qt's examples do: it is deleted once disconnected
    /// (by the event loop: at once if it is not connected). Its signals' closures still run
    /// until then, and the [`QPtr`] reaches it meanwhile.
    pub fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self> {
        release_to_qt(socket, ffi::local_socket_delete_when_disconnected)
    }

    /// Connects to the server `name` (a name in Qt's temporary folder, a path, or with
    /// [`QLocalSocket::set_abstract_namespace`] an abstract name), read and write.
    pub fn connect_to_server(self: Pin<&mut Self>, name: &QString) {
        ffi::local_socket_connect_to_server(self, name);
    }

    /// Takes a connected socket (one accepted by the caller, or inherited); false if Qt cannot
    /// use it. The socket then owns the descriptor.
    pub fn set_socket_descriptor(self: Pin<&mut Self>, descriptor: qintptr) -> bool {
        ffi::local_socket_set_socket_descriptor(self, descriptor)
    }

    /// Connects into Linux's abstract namespace (no socket file) from the next
    /// `connect_to_server` on, or to a socket file again.
    pub fn set_abstract_namespace(self: Pin<&mut Self>, on: bool) {
        ffi::local_socket_set_abstract_namespace(self, on);
    }

    /// True if the socket connects into the abstract namespace.
    pub fn is_abstract_namespace(&self) -> bool {
        ffi::local_socket_is_abstract_namespace(self)
    }
}

impl std::ops::Deref for QLocalSocket {
    type Target = QIODevice;
    /// The `&self` calls of the `QIODevice` it is (`bytes_available`, `error_string`).
    fn deref(&self) -> &QIODevice {
        self.upcast()
    }
}

impl Deletable for QLocalSocket {
    /// Aborts, as the destructor does, so that the peer sees the close when the handle goes.
    fn before_drop(self: Pin<&mut Self>) {
        self.abort();
    }
}
