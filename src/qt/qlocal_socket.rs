//! Binding of Qt's own `QLocalSocket`: only the members this project calls.

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
        include!("local-fortune/qlocal.h");
    }

    /// `QLocalSocket::LocalSocketError`, checked value by value against Qt's header by cxx.
    #[repr(i32)]
    #[namespace = "lf"]
    #[derive(Debug)]
    enum LocalSocketError {
        ConnectionRefusedError = 0,
        PeerClosedError = 1,
        ServerNotFoundError = 2,
        SocketAccessError = 3,
        SocketResourceError = 4,
        SocketTimeoutError = 5,
        DatagramTooLargeError = 6,
        ConnectionError = 7,
        UnsupportedSocketOperationError = 10,
        OperationError = 19,
        UnknownSocketError = -1,
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        type LocalSocketError;
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QLocalSocket;

        fn abort(self: Pin<&mut QLocalSocket>);
        fn flush(self: Pin<&mut QLocalSocket>) -> bool;
        #[cxx_name = "disconnectFromServer"]
        fn disconnect_from_server(self: Pin<&mut QLocalSocket>);
        #[cxx_name = "readAll"]
        fn read_all(self: Pin<&mut QLocalSocket>) -> QByteArray;
        #[cxx_name = "errorString"]
        fn error_string(self: &QLocalSocket) -> QString;
        fn error(self: &QLocalSocket) -> LocalSocketError;
        #[cxx_name = "deleteLater"]
        fn delete_later(self: Pin<&mut QLocalSocket>);
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QLocalSocket) -> qintptr;

        #[qsignal]
        #[cxx_name = "readyRead"]
        fn ready_read(self: Pin<&mut QLocalSocket>);
        #[qsignal]
        fn disconnected(self: Pin<&mut QLocalSocket>);
        /// Bytes of what was written left for the peer (QIODevice's signal).
        #[qsignal]
        #[cxx_name = "bytesWritten"]
        fn bytes_written(self: Pin<&mut QLocalSocket>, bytes: qint64);
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut QLocalSocket>, error: LocalSocketError);
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        #[cxx_name = "newLocalSocket"]
        fn new_local_socket() -> UniquePtr<QLocalSocket>;
        #[cxx_name = "connectToServer"]
        fn connect_to_server(socket: Pin<&mut QLocalSocket>, name: &QString);
        #[cxx_name = "writeBytes"]
        fn write_bytes(socket: Pin<&mut QLocalSocket>, data: &[u8]) -> qint64;
        #[cxx_name = "setAbstractNamespace"]
        fn set_abstract_namespace(socket: Pin<&mut QLocalSocket>, on: bool);
    }

    impl UniquePtr<QLocalSocket> {}
}

pub use ffi::{
    connect_to_server, new_local_socket, set_abstract_namespace, write_bytes, LocalSocketError,
    QLocalSocket,
};
