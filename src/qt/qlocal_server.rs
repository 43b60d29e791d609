//! Binding of Qt's own `QLocalServer`: only the members this project calls.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type quintptr = cxx_qt_lib::quintptr;
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
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        /// A QLocalSocket on an accepted descriptor, owned by the server (as Qt's own
        /// `incomingConnection` makes them); it must be deleted (`deleteLater`) once done.
        #[cxx_name = "adoptSocket"]
        fn adopt_socket(server: Pin<&mut QLocalServer>, descriptor: quintptr) -> *mut QLocalSocket;
        #[cxx_name = "removeServer"]
        fn remove_server(name: &QString) -> bool;
        /// `QLocalServer::SocketOptions`, as bits (see `Access::qt_options`, 0x8 = abstract).
        #[cxx_name = "setServerSocketOptions"]
        fn set_socket_options(server: Pin<&mut QLocalServer>, bits: u32);
        #[cxx_name = "liveSockets"]
        fn live_sockets(server: &QLocalServer) -> i32;
        #[cxx_name = "exitEventLoop"]
        fn exit_event_loop(code: i32);
    }
}

pub use ffi::{
    adopt_socket, exit_event_loop, live_sockets, remove_server, set_socket_options, QLocalServer,
};
