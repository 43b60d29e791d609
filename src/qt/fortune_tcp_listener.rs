//! `FortuneTcpListener`: Qt's own QTcpServer, subclassed so that each client is served inside
//! `incomingConnection(descriptor)`, exactly as `FortuneListener` serves local clients (see
//! [`super::serving`]).

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("local-fortune/qtcp.h");
        type QTcpServer = crate::qt::qtcp_server::QTcpServer;
    }

    extern "RustQt" {
        #[qobject]
        #[base = QTcpServer]
        type FortuneTcpListener = super::FortuneTcpListenerRust;

        /// Called by QTcpServer with each accepted connection.
        #[cxx_override]
        #[cxx_name = "incomingConnection"]
        fn incoming_connection(self: Pin<&mut Self>, descriptor: qintptr);
    }
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt_lib::qintptr;

use super::qtcp_server::{adopt_tcp_socket, QTcpServer};
use super::serving::{finish_on, serve_descriptor, Serving};

/// Serves nothing (and closes every connection) until given `serving`.
#[derive(Default)]
pub struct FortuneTcpListenerRust {
    pub serving: Option<Serving>,
}

impl ffi::FortuneTcpListener {
    /// The QTcpServer it is, for the members bound there.
    pub fn tcp_server(&self) -> &QTcpServer {
        self.upcast()
    }

    pub fn tcp_server_mut(self: Pin<&mut Self>) -> Pin<&mut QTcpServer> {
        self.upcast_pin()
    }

    fn incoming_connection(self: Pin<&mut Self>, descriptor: qintptr) {
        let fd = isize::from(descriptor) as usize;
        if let Some(rest) = serve_descriptor(self.serving.as_ref(), fd) {
            let socket = adopt_tcp_socket(self.tcp_server_mut(), descriptor);
            // SAFETY: a live socket owned by the server.
            unsafe { finish_on(socket, &rest) };
        }
    }
}
