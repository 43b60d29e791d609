//! `FortuneListener`: Qt's own QLocalServer, subclassed so that each client is served inside
//! `incomingConnection(descriptor)` (see [`super::serving`], shared with the TCP listener).

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qtypes.h");
        type quintptr = cxx_qt_lib::quintptr;
        include!("local-fortune/qlocal.h");
        type QLocalServer = crate::qt::qlocal_server::QLocalServer;
    }

    extern "RustQt" {
        #[qobject]
        #[base = QLocalServer]
        type FortuneListener = super::FortuneListenerRust;

        /// Called by QLocalServer with each accepted connection.
        #[cxx_override]
        #[cxx_name = "incomingConnection"]
        fn incoming_connection(self: Pin<&mut Self>, descriptor: quintptr);
    }
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt_lib::quintptr;

use super::qlocal_server::{adopt_socket, QLocalServer};
use super::serving::{finish_on, serve_descriptor, Serving};

/// Serves nothing (and closes every connection) until given `serving`.
#[derive(Default)]
pub struct FortuneListenerRust {
    pub serving: Option<Serving>,
}

impl ffi::FortuneListener {
    /// The QLocalServer it is, for the members bound there.
    pub fn local_server(&self) -> &QLocalServer {
        self.upcast()
    }

    pub fn local_server_mut(self: Pin<&mut Self>) -> Pin<&mut QLocalServer> {
        self.upcast_pin()
    }

    fn incoming_connection(self: Pin<&mut Self>, descriptor: quintptr) {
        if let Some(rest) = serve_descriptor(self.serving.as_ref(), usize::from(descriptor)) {
            let socket = adopt_socket(self.local_server_mut(), descriptor);
            // SAFETY: a live socket owned by the server.
            unsafe { finish_on(socket, &rest) };
        }
    }
}
