//! `QTcpSocket`: a TCP stream, by host name or address.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qbytearray.h");
        type QByteArray = cxx_qt_lib::QByteArray;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qtcpsocket.h");
        #[namespace = "cxx_qt_sockets"]
        type SocketError = crate::qabstractsocket::SocketError;
        #[namespace = "cxx_qt_sockets"]
        type SocketState = crate::qabstractsocket::SocketState;
        #[namespace = "cxx_qt_sockets"]
        type SocketOption = crate::qabstractsocket::SocketOption;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QTcpSocket` (a `QAbstractSocket`, a `QIODevice`). Make one with
        /// [`QTcpSocket::new`]; a server's connections come from
        /// [`QTcpServer::next_pending_connection`](crate::QTcpServer::next_pending_connection).
        #[qobject]
        #[base = QObject]
        type QTcpSocket;

        /// Closes at once, dropping what is left to write.
        fn abort(self: Pin<&mut QTcpSocket>);
        /// Writes what it can of its buffer without blocking; true if something was written.
        fn flush(self: Pin<&mut QTcpSocket>) -> bool;
        /// Closes once what is left to write is written.
        #[cxx_name = "disconnectFromHost"]
        fn disconnect_from_host(self: Pin<&mut QTcpSocket>);
        /// Everything received and not yet read.
        #[cxx_name = "readAll"]
        fn read_all(self: Pin<&mut QTcpSocket>) -> QByteArray;
        /// Bytes received and not yet read.
        #[cxx_name = "bytesAvailable"]
        fn bytes_available(self: &QTcpSocket) -> qint64;
        /// Bytes written and not yet sent.
        #[cxx_name = "bytesToWrite"]
        fn bytes_to_write(self: &QTcpSocket) -> qint64;
        /// The last error.
        fn error(self: &QTcpSocket) -> SocketError;
        /// The last error, in words (translated by Qt).
        #[cxx_name = "errorString"]
        fn error_string(self: &QTcpSocket) -> QString;
        /// Where the connection stands.
        fn state(self: &QTcpSocket) -> SocketState;
        /// True when the socket can be used.
        #[cxx_name = "isValid"]
        fn is_valid(self: &QTcpSocket) -> bool;
        /// The peer's port; 0 when not connected.
        #[cxx_name = "peerPort"]
        fn peer_port(self: &QTcpSocket) -> u16;
        /// This end's port; 0 when not connected.
        #[cxx_name = "localPort"]
        fn local_port(self: &QTcpSocket) -> u16;
        /// The native socket; -1 when there is none.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QTcpSocket) -> qintptr;
        /// Caps what Qt buffers of what it reads (0: no cap, the default).
        #[cxx_name = "setReadBufferSize"]
        fn set_read_buffer_size(self: Pin<&mut QTcpSocket>, size: qint64);
        /// The cap on the read buffer (0: none).
        #[cxx_name = "readBufferSize"]
        fn read_buffer_size(self: &QTcpSocket) -> qint64;
        /// Blocks until connected, or `msecs` pass (-1: no limit); true if connected.
        #[cxx_name = "waitForConnected"]
        fn wait_for_connected(self: Pin<&mut QTcpSocket>, msecs: i32) -> bool;
        /// Blocks until disconnected, or `msecs` pass; true if disconnected.
        #[cxx_name = "waitForDisconnected"]
        fn wait_for_disconnected(self: Pin<&mut QTcpSocket>, msecs: i32) -> bool;
        /// Blocks until there is something to read, or `msecs` pass; false on a timeout or a
        /// closed connection.
        #[cxx_name = "waitForReadyRead"]
        fn wait_for_ready_read(self: Pin<&mut QTcpSocket>, msecs: i32) -> bool;
        /// Blocks until some of what was written is sent, or `msecs` pass.
        #[cxx_name = "waitForBytesWritten"]
        fn wait_for_bytes_written(self: Pin<&mut QTcpSocket>, msecs: i32) -> bool;
        /// Deletes the object when the event loop next runs (for objects Qt owns).

        /// Connected to the peer.
        #[qsignal]
        fn connected(self: Pin<&mut QTcpSocket>);
        /// The connection closed.
        #[qsignal]
        fn disconnected(self: Pin<&mut QTcpSocket>);
        /// There is something new to read (`QIODevice`'s signal).
        #[qsignal]
        #[cxx_name = "readyRead"]
        fn ready_read(self: Pin<&mut QTcpSocket>);
        /// `bytes` more of what was written were sent (`QIODevice`'s signal).
        #[qsignal]
        #[cxx_name = "bytesWritten"]
        fn bytes_written(self: Pin<&mut QTcpSocket>, bytes: qint64);
        /// An error happened; [`QTcpSocket::error_string`] says it in words.
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut QTcpSocket>, error: SocketError);
        /// The state changed.
        #[qsignal]
        #[cxx_name = "stateChanged"]
        fn state_changed(self: Pin<&mut QTcpSocket>, state: SocketState);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_tcp_socket() -> UniquePtr<QTcpSocket>;
        #[cxx_name = "deleteWhenDisconnected"]
        fn tcp_socket_delete_when_disconnected(socket: Pin<&mut QTcpSocket>);
        #[cxx_name = "tcpConnectToHost"]
        fn tcp_socket_connect_to_host(socket: Pin<&mut QTcpSocket>, host: &QString, port: u16);
        #[cxx_name = "tcpSetSocketDescriptor"]
        fn tcp_socket_set_socket_descriptor(
            socket: Pin<&mut QTcpSocket>,
            descriptor: qintptr,
        ) -> bool;
        #[cxx_name = "tcpPeerAddress"]
        fn tcp_socket_peer_address(socket: &QTcpSocket) -> QString;
        #[cxx_name = "tcpLocalAddress"]
        fn tcp_socket_local_address(socket: &QTcpSocket) -> QString;
        #[cxx_name = "tcpSetSocketOption"]
        fn tcp_socket_set_socket_option(
            socket: Pin<&mut QTcpSocket>,
            option: SocketOption,
            value: i32,
        );
        #[cxx_name = "tcpSocketOption"]
        fn tcp_socket_socket_option(socket: Pin<&mut QTcpSocket>, option: SocketOption) -> i32;
        #[cxx_name = "writeSlice"]
        fn tcp_socket_write_slice(socket: Pin<&mut QTcpSocket>, data: &[u8]) -> qint64;
        #[cxx_name = "readSlice"]
        fn tcp_socket_read_slice(socket: Pin<&mut QTcpSocket>, buffer: &mut [u8]) -> qint64;
    }

    impl UniquePtr<QTcpSocket> {}
}

use std::pin::Pin;

use cxx_qt_lib::{qintptr, QString};

use crate::qbox::{release_to_qt, Deletable, QBox, QPtr};

pub use ffi::QTcpSocket;

use crate::qabstractsocket::SocketOption;

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

    /// Connects to `host` (a name, looked up first, or an address) on `port`, read and write.
    pub fn connect_to_host(self: Pin<&mut Self>, host: &QString, port: u16) {
        ffi::tcp_socket_connect_to_host(self, host, port);
    }

    /// Takes a connected socket (one accepted or connected by the caller); false if Qt cannot
    /// use it. The socket then owns the descriptor.
    pub fn set_socket_descriptor(self: Pin<&mut Self>, descriptor: qintptr) -> bool {
        ffi::tcp_socket_set_socket_descriptor(self, descriptor)
    }

    /// The peer's address in text; empty when not connected.
    pub fn peer_address(&self) -> QString {
        ffi::tcp_socket_peer_address(self)
    }

    /// This end's address in text; empty when not connected.
    pub fn local_address(&self) -> QString {
        ffi::tcp_socket_local_address(self)
    }

    /// Sets a socket option (`LowDelayOption` 1: no Nagle; buffer sizes in bytes). Before the
    /// connection exists, Qt keeps it and sets it once connected.
    pub fn set_socket_option(self: Pin<&mut Self>, option: SocketOption, value: i32) {
        ffi::tcp_socket_set_socket_option(self, option, value);
    }

    /// The option's value, as the system has it once connected.
    pub fn socket_option(self: Pin<&mut Self>, option: SocketOption) -> i32 {
        ffi::tcp_socket_socket_option(self, option)
    }

    /// Queues `data` for the peer: the number of bytes taken, or -1 if the socket is closed.
    pub fn write(self: Pin<&mut Self>, data: &[u8]) -> i64 {
        ffi::tcp_socket_write_slice(self, data).into()
    }

    /// Reads what has arrived into `buffer`: the number of bytes read (0 if none), or -1 if the
    /// socket is closed and nothing is left.
    pub fn read(self: Pin<&mut Self>, buffer: &mut [u8]) -> i64 {
        ffi::tcp_socket_read_slice(self, buffer).into()
    }
}

impl Deletable for QTcpSocket {
    /// Aborts, as the destructor does, so that the peer sees the close when the handle goes.
    fn before_drop(self: Pin<&mut Self>) {
        self.abort();
    }
}
