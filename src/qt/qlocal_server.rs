//! Binding of Qt's own `QLocalServer`: only the members this project calls.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("local-fortune/qlocal.h");
        type QLocalSocket = crate::qt::qlocal_socket::QLocalSocket;
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QLocalServer;

        fn listen(self: Pin<&mut QLocalServer>, name: &QString) -> bool;
        fn close(self: Pin<&mut QLocalServer>);
        #[cxx_name = "isListening"]
        fn is_listening(self: &QLocalServer) -> bool;
        #[cxx_name = "errorString"]
        fn error_string(self: &QLocalServer) -> QString;
        #[cxx_name = "fullServerName"]
        fn full_server_name(self: &QLocalServer) -> QString;
        /// The socket is a child of the server; it must be deleted (`deleteLater`) once done.
        #[cxx_name = "nextPendingConnection"]
        fn next_pending_connection(self: Pin<&mut QLocalServer>) -> *mut QLocalSocket;
        #[cxx_name = "setMaxPendingConnections"]
        fn set_max_pending_connections(self: Pin<&mut QLocalServer>, n: i32);

        #[qsignal]
        #[cxx_name = "newConnection"]
        fn new_connection(self: Pin<&mut QLocalServer>);
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        #[cxx_name = "newLocalServer"]
        fn new_local_server() -> UniquePtr<QLocalServer>;
        #[cxx_name = "removeServer"]
        fn remove_server(name: &QString) -> bool;
        #[cxx_name = "liveSockets"]
        fn live_sockets(server: &QLocalServer) -> i32;
        #[cxx_name = "exitEventLoop"]
        fn exit_event_loop(code: i32);
    }

    impl UniquePtr<QLocalServer> {}
}

pub use ffi::{exit_event_loop, live_sockets, new_local_server, remove_server, QLocalServer};
