//! Binding of Qt's own `QTcpServer`: only the members this project calls.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("local-fortune/qtcp.h");
        #[namespace = "lf"]
        type SocketError = crate::qt::qtcp_socket::SocketError;
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QTcpServer;

        /// The `listen()` backlog (Qt's default is 50); set before listening.
        #[cxx_name = "setListenBacklogSize"]
        fn set_listen_backlog_size(self: Pin<&mut QTcpServer>, size: i32);
        fn close(self: Pin<&mut QTcpServer>);
        #[cxx_name = "isListening"]
        fn is_listening(self: &QTcpServer) -> bool;
        #[cxx_name = "errorString"]
        fn error_string(self: &QTcpServer) -> QString;
        #[cxx_name = "serverError"]
        fn server_error(self: &QTcpServer) -> SocketError;
        #[cxx_name = "serverPort"]
        fn server_port(self: &QTcpServer) -> u16;
        /// The listening socket; -1 when not listening.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QTcpServer) -> qintptr;
        /// Takes a socket that already listens (one passed by systemd).
        #[cxx_name = "setSocketDescriptor"]
        fn set_socket_descriptor(self: Pin<&mut QTcpServer>, descriptor: qintptr) -> bool;
        /// Keeps Qt from accepting (a `FortuneAcceptor` does); `resumeAccepting` is never called.
        #[cxx_name = "pauseAccepting"]
        fn pause_accepting(self: Pin<&mut QTcpServer>);
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        /// Listens on `address` (text; empty: any address) and `port` (0: the system picks).
        #[cxx_name = "listenTcp"]
        fn listen_tcp(server: Pin<&mut QTcpServer>, address: &QString, port: u16) -> bool;
        #[cxx_name = "tcpServerAddress"]
        fn server_address(server: &QTcpServer) -> QString;
    }
}

pub use ffi::{listen_tcp, server_address, QTcpServer};
