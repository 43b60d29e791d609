//! Binding of Qt's own `QTcpSocket`: only the members this project calls.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qbytearray.h");
        type QByteArray = cxx_qt_lib::QByteArray;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
        type qintptr = cxx_qt_lib::qintptr;
        include!("local-fortune/qtcp.h");
    }

    /// `QAbstractSocket::SocketError`, checked value by value against Qt's header by cxx.
    #[repr(i32)]
    #[namespace = "lf"]
    #[derive(Debug)]
    enum SocketError {
        ConnectionRefusedError = 0,
        RemoteHostClosedError = 1,
        HostNotFoundError = 2,
        SocketAccessError = 3,
        SocketResourceError = 4,
        SocketTimeoutError = 5,
        DatagramTooLargeError = 6,
        NetworkError = 7,
        AddressInUseError = 8,
        SocketAddressNotAvailableError = 9,
        UnsupportedSocketOperationError = 10,
        UnfinishedSocketOperationError = 11,
        ProxyAuthenticationRequiredError = 12,
        SslHandshakeFailedError = 13,
        ProxyConnectionRefusedError = 14,
        ProxyConnectionClosedError = 15,
        ProxyConnectionTimeoutError = 16,
        ProxyNotFoundError = 17,
        ProxyProtocolError = 18,
        OperationError = 19,
        SslInternalError = 20,
        SslInvalidUserDataError = 21,
        TemporaryError = 22,
        UnknownSocketError = -1,
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        type SocketError;
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QTcpSocket;

        fn abort(self: Pin<&mut QTcpSocket>);
        fn flush(self: Pin<&mut QTcpSocket>) -> bool;
        #[cxx_name = "disconnectFromHost"]
        fn disconnect_from_host(self: Pin<&mut QTcpSocket>);
        #[cxx_name = "readAll"]
        fn read_all(self: Pin<&mut QTcpSocket>) -> QByteArray;
        #[cxx_name = "errorString"]
        fn error_string(self: &QTcpSocket) -> QString;
        #[cxx_name = "deleteLater"]
        fn delete_later(self: Pin<&mut QTcpSocket>);
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QTcpSocket) -> qintptr;

        #[qsignal]
        #[cxx_name = "readyRead"]
        fn ready_read(self: Pin<&mut QTcpSocket>);
        #[qsignal]
        fn disconnected(self: Pin<&mut QTcpSocket>);
        /// Bytes of what was written left for the peer (QIODevice's signal).
        #[qsignal]
        #[cxx_name = "bytesWritten"]
        fn bytes_written(self: Pin<&mut QTcpSocket>, bytes: qint64);
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut QTcpSocket>, error: SocketError);
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        #[cxx_name = "newTcpSocket"]
        fn new_tcp_socket() -> UniquePtr<QTcpSocket>;
        #[cxx_name = "connectToHost"]
        fn connect_to_host(socket: Pin<&mut QTcpSocket>, host: &QString, port: u16);
        #[cxx_name = "writeTcpBytes"]
        fn write_tcp_bytes(socket: Pin<&mut QTcpSocket>, data: &[u8]) -> qint64;
    }

    impl UniquePtr<QTcpSocket> {}
}

pub use ffi::{connect_to_host, new_tcp_socket, write_tcp_bytes, QTcpSocket, SocketError};
