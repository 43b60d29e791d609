//! Binding of Qt's own `QLocalServer`: only the members this project calls.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("local-fortune/qlocal.h");
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QLocalServer;

        fn listen(self: Pin<&mut QLocalServer>, name: &QString) -> bool;
        /// Listens on a socket that already listens (one passed by systemd).
        #[cxx_name = "listen"]
        fn listen_descriptor(self: Pin<&mut QLocalServer>, descriptor: qintptr) -> bool;
        /// The `listen()` backlog (Qt's default is 50); set before `listen()`.
        #[cxx_name = "setListenBacklogSize"]
        fn set_listen_backlog_size(self: Pin<&mut QLocalServer>, size: i32);
        fn close(self: Pin<&mut QLocalServer>);
        #[cxx_name = "isListening"]
        fn is_listening(self: &QLocalServer) -> bool;
        #[cxx_name = "errorString"]
        fn error_string(self: &QLocalServer) -> QString;
        #[cxx_name = "fullServerName"]
        fn full_server_name(self: &QLocalServer) -> QString;
        /// The listening socket; -1 when not listening.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QLocalServer) -> qintptr;
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        /// Keeps the listening server from accepting itself (a `FortuneAcceptor` does); false if
        /// this Qt's QLocalServer is not made as expected.
        #[cxx_name = "stopQtAccepting"]
        fn stop_qt_accepting(server: Pin<&mut QLocalServer>) -> bool;
        #[cxx_name = "removeServer"]
        fn remove_server(name: &QString) -> bool;
        /// `QLocalServer::SocketOptions`, as bits (see `Access::qt_options`, 0x8 = abstract).
        #[cxx_name = "setServerSocketOptions"]
        fn set_socket_options(server: Pin<&mut QLocalServer>, bits: u32);
        #[cxx_name = "exitEventLoop"]
        fn exit_event_loop(code: i32);
    }
}

pub use ffi::{
    exit_event_loop, remove_server, set_socket_options, stop_qt_accepting, QLocalServer,
};
