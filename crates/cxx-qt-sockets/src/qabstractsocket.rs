//! `QAbstractSocket`'s enums: the errors, states and options of [`QTcpSocket`](crate::QTcpSocket),
//! which [`QTcpServer`](crate::QTcpServer) and [`QLocalServer`](crate::QLocalServer) report too.

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
