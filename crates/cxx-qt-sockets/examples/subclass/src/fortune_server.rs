//! `FortuneServer`: Qt's QLocalServer, subclassed in Rust. Its `incomingConnection` override
//! answers each connection with one fortune frame and closes it, as Qt's Local Fortune Server
//! does, without `newConnection` or a pending queue.

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qtypes.h");
        type quintptr = cxx_qt_lib::quintptr;
        include!("cxx-qt-sockets/qlocalserver.h");
        type QLocalServer = cxx_qt_sockets::QLocalServer;
    }

    extern "RustQt" {
        #[qobject]
        #[base = QLocalServer]
        type FortuneServer = super::FortuneServerRust;

        /// QLocalServer's virtual, called with each accepted connection.
        #[cxx_override]
        #[cxx_name = "incomingConnection"]
        fn incoming_connection(self: Pin<&mut Self>, descriptor: quintptr);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        /// The crate's template, for a class it has never seen.
        #[cxx_name = "newObject"]
        fn new_fortune_server() -> UniquePtr<FortuneServer>;
    }

    impl UniquePtr<FortuneServer> {}
}

use std::pin::Pin;

use cxx_qt::CxxQtType;
use cxx_qt_lib::quintptr;
use cxx_qt_sockets::{descriptor, QLocalSocket};

pub use qobject::new_fortune_server;

/// The frame every client gets.
#[derive(Default)]
pub struct FortuneServerRust {
    pub frame: Vec<u8>,
    pub served: u32,
}

impl qobject::FortuneServer {
    fn incoming_connection(self: Pin<&mut Self>, handle: quintptr) {
        let mut socket = QLocalSocket::new();
        if !socket.pin_mut().set_socket_descriptor(descriptor(handle)) {
            return; // dropped: deleted, and Qt's socket closes the descriptor it could not use
        }
        socket.pin_mut().io().write(&self.frame);
        socket.pin_mut().disconnect_from_server();
        // As Qt's server: the socket goes once the fortune is sent and the peer closed.
        QLocalSocket::delete_when_disconnected(socket);
        self.rust_mut().served += 1;
    }
}
