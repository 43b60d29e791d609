//! `FortuneListener`: Qt's own QLocalServer, subclassed so that a client is served inside
//! `incomingConnection(descriptor)`: one `send` of the pre-encoded frame and a close. No
//! QLocalSocket, no signal and no event per client; that object per connection is what costs
//! the original server twice the CPU per fortune. A frame that does not leave in one `send`
//! (a huge fortune, a full socket buffer) is finished by a QLocalSocket on the same descriptor,
//! asynchronously, so a client that never reads cannot stall the server.

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
use std::sync::Arc;

use cxx_qt::casting::Upcast;
use cxx_qt_lib::quintptr;

use super::qlocal_server::{adopt_socket, QLocalServer};
use crate::core::fortunes::Frames;

/// What the listener serves, and whom it tells about each client.
pub struct Serving {
    pub frames: Arc<Frames>,
    pub on_served: Box<dyn Fn()>,
}

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
        let fd = usize::from(descriptor) as libc::c_int;
        let Some(serving) = &self.serving else {
            // SAFETY: Qt hands the accepted descriptor over to us.
            unsafe { libc::close(fd) };
            return;
        };
        (serving.on_served)();
        let frame = serving.frames.pick(&mut rand::rng());
        // MSG_NOSIGNAL: a client already gone is an error here, not a SIGPIPE (the C++ apps
        // do not ignore it). MSG_DONTWAIT: never block the event loop.
        // SAFETY: `frame` outlives the call; the descriptor is ours.
        let sent = unsafe {
            libc::send(
                fd,
                frame.as_ptr().cast(),
                frame.len(),
                libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
            )
        };
        let done = match usize::try_from(sent) {
            Ok(n) => n,
            Err(_) if std::io::Error::last_os_error().kind() == std::io::ErrorKind::WouldBlock => 0,
            Err(_) => frame.len(), // the client left first: nothing to send
        };
        if done == frame.len() {
            // SAFETY: as above; nothing else holds the descriptor.
            unsafe { libc::close(fd) };
        } else {
            // The rare slow path copies the rest: the socket needs `self` while it is queued.
            let rest = frame[done..].to_vec();
            let socket = adopt_socket(self.local_server_mut(), descriptor);
            // SAFETY: a live socket owned by the server; QObjects never move.
            super::fortune_server::serve(unsafe { Pin::new_unchecked(&mut *socket) }, &rest);
        }
    }
}
