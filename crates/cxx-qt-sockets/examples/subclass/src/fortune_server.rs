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

use cxx_qt::casting::Upcast;
use cxx_qt::{CxxQtType, QObject};
use cxx_qt_lib::{qintptr, quintptr};
use cxx_qt_sockets::{QLocalServer, QLocalSocket};

pub use qobject::new_fortune_server;

/// The frame every client gets.
#[derive(Default)]
pub struct FortuneServerRust {
    pub frame: Vec<u8>,
    pub served: u32,
}

impl qobject::FortuneServer {
    fn incoming_connection(mut self: Pin<&mut Self>, descriptor: quintptr) {
        let descriptor = qintptr::from(usize::from(descriptor) as isize);
        // SAFETY: only the address is taken: the parent of the socket made here, alive.
        let server = Upcast::<QLocalServer>::upcast_pin(self.as_mut());
        let parent: *mut QObject =
            unsafe { Upcast::<QObject>::upcast_pin(server).get_unchecked_mut() };
        // SAFETY: a live parent of this thread; the socket is its child until deleted.
        let mut socket = unsafe { Pin::new_unchecked(&mut *QLocalSocket::new_child(parent)) };
        if !socket.as_mut().set_socket_descriptor(descriptor) {
            return socket.delete_later();
        }
        socket
            .as_mut()
            .on_disconnected(|socket| socket.delete_later())
            .release();
        socket.as_mut().write(&self.frame);
        socket.disconnect_from_server();
        self.rust_mut().served += 1;
    }
}
