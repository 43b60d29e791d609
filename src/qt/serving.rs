//! How every client is served, on both transports: inside the server's own
//! `incomingConnection(descriptor)` (see `FortuneListener` and `FortuneTcpListener`), one
//! non-blocking `send` of the pre-encoded frame and a close. No socket object, no signal and no
//! event per client; that object per connection is what costs the original servers twice the
//! CPU per fortune. A frame that does not leave in one `send` (a huge fortune, a full socket
//! buffer) is finished by a Qt socket adopted on the same descriptor, asynchronously, so a
//! client that never reads cannot stall the server.

use std::pin::Pin;
use std::sync::Arc;

use super::qlocal_socket::{write_bytes, QLocalSocket};
use super::qtcp_socket::{write_tcp_bytes, QTcpSocket};
use crate::core::fortunes::Frames;

/// What a listener serves, and whom it tells about each client.
pub struct Serving {
    pub frames: Arc<Frames>,
    pub on_served: Box<dyn Fn()>,
}

/// Serves one accepted connection on `fd` (ours to close): nothing but a close when there is
/// nothing to serve, else a frame. Returns what one `send` could not take, for a Qt socket
/// on the same descriptor to finish; `None` when the connection is done and closed.
pub fn serve_descriptor(serving: Option<&Serving>, fd: libc::c_int) -> Option<Vec<u8>> {
    let Some(serving) = serving else {
        // SAFETY: the server hands the accepted descriptor over to us.
        unsafe { libc::close(fd) };
        return None;
    };
    (serving.on_served)();
    let frame = serving.frames.pick(&mut rand::rng());
    // MSG_NOSIGNAL: a client already gone is an error here, not a SIGPIPE (the C++ apps do
    // not ignore it). MSG_DONTWAIT: never block the event loop.
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
        None
    } else {
        // The rare slow path copies the rest: the socket needs the server while it is queued.
        Some(frame[done..].to_vec())
    }
}

/// A Qt stream socket that can finish a frame as the original servers do.
pub trait FrameSocket {
    /// Writes `bytes`, flushes and disconnects once they are written; the socket deletes itself
    /// when disconnected (whoever closed first, so nothing leaks).
    fn send_then_close(self: Pin<&mut Self>, bytes: &[u8]);
}

/// The same four calls on either socket type; only the names of write and disconnect differ.
macro_rules! frame_socket {
    ($socket:ty, $write:path, $disconnect:ident) => {
        impl FrameSocket for $socket {
            fn send_then_close(mut self: Pin<&mut Self>, bytes: &[u8]) {
                self.as_mut()
                    .on_disconnected(|socket| socket.delete_later())
                    .release();
                $write(self.as_mut(), bytes);
                self.as_mut().flush();
                self.$disconnect();
            }
        }
    };
}
frame_socket!(QLocalSocket, write_bytes, disconnect_from_server);
frame_socket!(QTcpSocket, write_tcp_bytes, disconnect_from_host);

/// Finishes a frame on a socket the server just adopted.
///
/// # Safety
/// `socket` is a live socket owned by the server (QObjects never move).
pub unsafe fn finish_on<S: FrameSocket>(socket: *mut S, rest: &[u8]) {
    // SAFETY: the caller's promise.
    unsafe { Pin::new_unchecked(&mut *socket) }.send_then_close(rest);
}
