//! `QAbstractSocket`, the base of `QTcpSocket` and `QSslSocket` (what a TCP socket does, bound
//! once), and its enums: the errors, states and options that [`QTcpServer`](crate::QTcpServer) and
//! [`QLocalServer`](crate::QLocalServer) report too.

#[cxx_qt::bridge]
mod ffi {
    /// `QAbstractSocket::SocketError`: why a socket or a server failed. cxx checks every value
    /// against Qt's header when the crate is built.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum SocketError {
        /// The peer refused the connection (or it timed out).
        ConnectionRefusedError = 0,
        /// The remote host closed the connection.
        RemoteHostClosedError = 1,
        /// The host address was not found.
        HostNotFoundError = 2,
        /// The operation is not permitted (EACCES, EPERM).
        SocketAccessError = 3,
        /// The system ran out of a resource (descriptors, memory).
        SocketResourceError = 4,
        /// The operation timed out.
        SocketTimeoutError = 5,
        /// A datagram was larger than the system allows.
        DatagramTooLargeError = 6,
        /// The network failed (the cable was pulled, say).
        NetworkError = 7,
        /// The address is in use by another socket.
        AddressInUseError = 8,
        /// The address does not belong to this host.
        SocketAddressNotAvailableError = 9,
        /// The operating system does not support the operation.
        UnsupportedSocketOperationError = 10,
        /// An operation is still in progress (non-blocking sockets).
        UnfinishedSocketOperationError = 11,
        /// The proxy asks for authentication.
        ProxyAuthenticationRequiredError = 12,
        /// The TLS handshake failed.
        SslHandshakeFailedError = 13,
        /// The proxy refused the connection.
        ProxyConnectionRefusedError = 14,
        /// The proxy closed the connection.
        ProxyConnectionClosedError = 15,
        /// The proxy did not answer in time.
        ProxyConnectionTimeoutError = 16,
        /// The proxy was not found.
        ProxyNotFoundError = 17,
        /// The proxy's answer was not understood.
        ProxyProtocolError = 18,
        /// The operation is not allowed in the socket's state.
        OperationError = 19,
        /// The TLS library failed internally.
        SslInternalError = 20,
        /// Invalid data was given to the TLS library.
        SslInvalidUserDataError = 21,
        /// A temporary error (EAGAIN): try again.
        TemporaryError = 22,
        /// Anything else.
        UnknownSocketError = -1,
    }

    /// `QAbstractSocket::SocketState`.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum SocketState {
        /// Not connected.
        UnconnectedState = 0,
        /// Looking the host name up.
        HostLookupState = 1,
        /// Connecting.
        ConnectingState = 2,
        /// Connected.
        ConnectedState = 3,
        /// Bound to an address and port.
        BoundState = 4,
        /// Listening (internal to Qt's servers).
        ListeningState = 5,
        /// About to close: writing what is left.
        ClosingState = 6,
    }

    /// `QAbstractSocket::SocketOption`: what [`QTcpSocket::set_socket_option`](crate::QTcpSocket::set_socket_option) sets.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum SocketOption {
        /// `TCP_NODELAY`: 1 sends at once (no Nagle).
        LowDelayOption = 0,
        /// `SO_KEEPALIVE`.
        KeepAliveOption = 1,
        /// `IP_MULTICAST_TTL`.
        MulticastTtlOption = 2,
        /// `IP_MULTICAST_LOOP`.
        MulticastLoopbackOption = 3,
        /// `IP_TOS`.
        TypeOfServiceOption = 4,
        /// `SO_SNDBUF`, in bytes.
        SendBufferSizeSocketOption = 5,
        /// `SO_RCVBUF`, in bytes.
        ReceiveBufferSizeSocketOption = 6,
        /// `IP_MTU` (read only).
        PathMtuSocketOption = 7,
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/qabstractsocket.h");
        type SocketError;
        type SocketState;
        type SocketOption;
    }

    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qiodevice.h");
        type QIODevice = crate::qiodevice::QIODevice;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QAbstractSocket` (a `QIODevice`): what `QTcpSocket` and `QSslSocket` do, bound
        /// once. Reach it from one of them with [`QTcpSocket::socket`](crate::QTcpSocket::socket)
        /// (or `&*socket` for the `&self` calls).
        #[qobject]
        #[base = QIODevice]
        type QAbstractSocket;

        /// Closes at once, dropping what is left to write.
        fn abort(self: Pin<&mut QAbstractSocket>);
        /// Writes what it can of its buffer without blocking; true if something was written.
        fn flush(self: Pin<&mut QAbstractSocket>) -> bool;
        /// Closes once what is left to write is written.
        #[cxx_name = "disconnectFromHost"]
        fn disconnect_from_host(self: Pin<&mut QAbstractSocket>);
        /// The last error.
        fn error(self: &QAbstractSocket) -> SocketError;
        /// Where the connection stands.
        fn state(self: &QAbstractSocket) -> SocketState;
        /// True when the socket is usable (connected, or bound).
        #[cxx_name = "isValid"]
        fn is_valid(self: &QAbstractSocket) -> bool;
        /// The peer's port, once connected.
        #[cxx_name = "peerPort"]
        fn peer_port(self: &QAbstractSocket) -> u16;
        /// This end's port.
        #[cxx_name = "localPort"]
        fn local_port(self: &QAbstractSocket) -> u16;
        /// The native socket; -1 when there is none.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QAbstractSocket) -> qintptr;
        /// Caps what Qt buffers of what it reads (0: no cap, the default).
        #[cxx_name = "setReadBufferSize"]
        fn set_read_buffer_size(self: Pin<&mut QAbstractSocket>, size: qint64);
        /// The cap on the read buffer (0: none).
        #[cxx_name = "readBufferSize"]
        fn read_buffer_size(self: &QAbstractSocket) -> qint64;
        /// Blocks until connected, or `msecs` pass (-1: no limit); true if connected.
        #[cxx_name = "waitForConnected"]
        fn wait_for_connected(self: Pin<&mut QAbstractSocket>, msecs: i32) -> bool;
        /// Blocks until disconnected, or `msecs` pass; true if disconnected.
        #[cxx_name = "waitForDisconnected"]
        fn wait_for_disconnected(self: Pin<&mut QAbstractSocket>, msecs: i32) -> bool;

        /// The host name was looked up.
        #[qsignal]
        #[cxx_name = "hostFound"]
        fn host_found(self: Pin<&mut QAbstractSocket>);
        /// Connected to the peer.
        #[qsignal]
        fn connected(self: Pin<&mut QAbstractSocket>);
        /// The connection closed.
        #[qsignal]
        fn disconnected(self: Pin<&mut QAbstractSocket>);
        /// An error happened; `error_string` (the QIODevice's) says it in words.
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut QAbstractSocket>, error: SocketError);
        /// The state changed.
        #[qsignal]
        #[cxx_name = "stateChanged"]
        fn state_changed(self: Pin<&mut QAbstractSocket>, state: SocketState);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "socketConnectToHost"]
        fn socket_connect_to_host(socket: Pin<&mut QAbstractSocket>, host: &QString, port: u16);
        #[cxx_name = "socketSetSocketDescriptor"]
        fn socket_set_socket_descriptor(
            socket: Pin<&mut QAbstractSocket>,
            descriptor: qintptr,
        ) -> bool;
        #[cxx_name = "socketPeerAddress"]
        fn socket_peer_address(socket: &QAbstractSocket) -> QString;
        #[cxx_name = "socketLocalAddress"]
        fn socket_local_address(socket: &QAbstractSocket) -> QString;
        #[cxx_name = "socketSetSocketOption"]
        fn socket_set_socket_option(
            socket: Pin<&mut QAbstractSocket>,
            option: SocketOption,
            value: i32,
        );
        #[cxx_name = "socketSocketOption"]
        fn socket_socket_option(socket: Pin<&mut QAbstractSocket>, option: SocketOption) -> i32;
    }
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt::QObject;
use cxx_qt_lib::{qintptr, QString};

pub use ffi::QAbstractSocket;

use crate::qiodevice::QIODevice;

cxx_qt::impl_transitive_cast!(QAbstractSocket, QIODevice, QObject);

impl QAbstractSocket {
    /// Connects to `host` (a name, looked up first, or an address) on `port`, read and write.
    pub fn connect_to_host(self: Pin<&mut Self>, host: &QString, port: u16) {
        ffi::socket_connect_to_host(self, host, port);
    }

    /// Takes a connected socket (one accepted by the caller, or inherited); false if Qt cannot
    /// use it. The socket then owns the descriptor.
    pub fn set_socket_descriptor(self: Pin<&mut Self>, descriptor: qintptr) -> bool {
        ffi::socket_set_socket_descriptor(self, descriptor)
    }

    /// The peer's address, as text.
    pub fn peer_address(&self) -> QString {
        ffi::socket_peer_address(self)
    }

    /// This end's address, as text.
    pub fn local_address(&self) -> QString {
        ffi::socket_local_address(self)
    }

    /// Sets a `SocketOption` (every one takes an integer: 1/0 for the flags).
    pub fn set_socket_option(self: Pin<&mut Self>, option: SocketOption, value: i32) {
        ffi::socket_set_socket_option(self, option, value);
    }

    /// A `SocketOption`'s value.
    pub fn socket_option(self: Pin<&mut Self>, option: SocketOption) -> i32 {
        ffi::socket_socket_option(self, option)
    }

    /// The socket as the `QIODevice` it is: reads, writes, `readyRead`, `bytesWritten`.
    pub fn io(self: Pin<&mut Self>) -> Pin<&mut QIODevice> {
        self.upcast_pin()
    }
}

impl std::ops::Deref for QAbstractSocket {
    type Target = QIODevice;
    /// The `&self` calls of the `QIODevice` it is (`bytes_available`, `error_string`).
    fn deref(&self) -> &QIODevice {
        self.upcast()
    }
}

pub use ffi::{SocketError, SocketOption, SocketState};

/// What [`QLocalServer::wait_for_new_connection`](crate::QLocalServer::wait_for_new_connection)
/// and [`QTcpServer::wait_for_new_connection`](crate::QTcpServer::wait_for_new_connection) saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waited {
    /// A connection is pending.
    Connection,
    /// The time ran out first.
    TimedOut,
    /// The server failed: its `server_error` says why.
    Failed,
}

impl Waited {
    pub(crate) fn from_code(code: i32) -> Self {
        match code {
            1 => Waited::Connection,
            0 => Waited::TimedOut,
            _ => Waited::Failed,
        }
    }
}

/// The descriptor of an accepted connection, as Qt's servers hand it to their
/// `incomingConnection(quintptr)` override, in the type `set_socket_descriptor` takes
/// (`qintptr`): on every platform Qt supports, the same bits.
pub fn descriptor(handle: cxx_qt_lib::quintptr) -> cxx_qt_lib::qintptr {
    cxx_qt_lib::qintptr::from(usize::from(handle) as isize)
}
