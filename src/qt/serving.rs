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

/// What a listener does with each client.
pub enum Serving {
    /// A server's: one of these frames, at once.
    Frames {
        frames: Arc<Frames>,
        /// Told about each client.
        on_served: Box<dyn Fn()>,
        /// Every frame through a Qt socket, as on platforms without the fast path (tests use
        /// it to keep that path alive on Linux).
        portable: bool,
    },
    /// A bridge's: the accepted descriptor is handed over, to be answered later with
    /// [`send_frame`] (the bridge first fetches the fortune upstream). A descriptor is a
    /// number: a client that leaves meanwhile leaves nothing dangling.
    Relay(Arc<dyn Fn(usize) + Send + Sync>),
}

/// Serves one accepted connection on `descriptor` (ours to close): nothing but a close when
/// there is nothing to serve, a frame, or a hand-over to the relay. Returns what a Qt socket
/// adopted on the same descriptor must still send (possibly nothing, then it just closes);
/// `None` when the connection is done (or handed over).
pub fn serve_descriptor(serving: Option<&Serving>, descriptor: usize) -> Option<Vec<u8>> {
    match serving {
        None => send_frame(descriptor, &[], false),
        Some(Serving::Frames {
            frames,
            on_served,
            portable,
        }) => {
            on_served();
            send_frame(descriptor, frames.pick(&mut rand::rng()), *portable)
        }
        Some(Serving::Relay(hand_over)) => {
            hand_over(descriptor);
            None
        }
    }
}

/// Sends `frame` on an accepted `descriptor` and closes it (an empty frame: just closes).
/// Returns what a Qt socket adopted on the descriptor must still send; `None` when done.
///
/// The one-send fast path is Linux's (`send` with `MSG_NOSIGNAL` on the accepted socket). On
/// other systems (macOS has no `MSG_NOSIGNAL`; Windows hands over a named-pipe handle), and
/// when `portable`, every frame takes the portable path: a QLocalSocket or QTcpSocket, as the
/// original servers do.
pub fn send_frame(descriptor: usize, frame: &[u8], portable: bool) -> Option<Vec<u8>> {
    #[cfg(target_os = "linux")]
    if !portable {
        let done = if frame.is_empty() {
            0
        } else {
            fast::send(descriptor, frame)
        };
        if done == frame.len() {
            fast::close(descriptor);
            return None;
        }
        // The rare slow path copies the rest: the socket needs the server while it is queued.
        return Some(frame[done..].to_vec());
    }
    let _ = (descriptor, portable);
    Some(frame.to_vec())
}

#[cfg(target_os = "linux")]
mod fast {
    /// One non-blocking send: how much of `frame` the socket took (all of it when the client
    /// has already gone: there is nothing left to send).
    pub fn send(descriptor: usize, frame: &[u8]) -> usize {
        // MSG_NOSIGNAL: a client already gone is an error here, not a SIGPIPE (the C++ apps do
        // not ignore it). MSG_DONTWAIT: never block the event loop.
        // SAFETY: `frame` outlives the call; the server handed the descriptor over to us.
        let sent = unsafe {
            libc::send(
                descriptor as libc::c_int,
                frame.as_ptr().cast(),
                frame.len(),
                libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
            )
        };
        match usize::try_from(sent) {
            Ok(n) => n,
            Err(_) if std::io::Error::last_os_error().kind() == std::io::ErrorKind::WouldBlock => 0,
            Err(_) => frame.len(),
        }
    }

    pub fn close(descriptor: usize) {
        // SAFETY: ours (see `send`); nothing else holds it.
        unsafe { libc::close(descriptor as libc::c_int) };
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
