//! How every client is served, on both transports, once `FortuneAcceptor` has accepted it: one
//! non-blocking `send` of the pre-encoded frame and a close. No socket object, no signal and no
//! event per client; that object per connection is what costs the original servers twice the
//! CPU per fortune.
//!
//! A frame that does not leave in one `send` (a huge fortune, a full socket buffer) is finished
//! by a Qt socket adopted on the same descriptor (the slow path), bounded three ways, so that
//! clients that stop reading cannot take the server's descriptors or memory:
//! - the frame is shared (`Arc`), written a chunk at a time as the client takes it: a slow
//!   client holds at most one chunk of its own;
//! - a write deadline: a client that has not taken its whole frame in time is closed;
//! - a cap on slow clients: beyond it, a client is closed at once.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cxx_qt::casting::{Downcast, Upcast};
use cxx_qt::QObject;
use cxx_qt_lib::{qint64, qintptr};
use cxx_qt_sockets::{Deletable, QBox, QLocalSocket, QPtr, QTcpSocket};

use crate::core::fortunes::Frames;

/// What a server does with each accepted client.
pub enum Serving {
    /// A server's: one of these frames, at once.
    Frames {
        frames: Arc<Frames>,
        /// Every frame through a Qt socket, as on platforms without the fast path (tests use
        /// it to keep that path alive on Linux).
        portable: bool,
    },
    /// A bridge's: the accepted descriptor is handed over, to be answered later with
    /// [`send_frame`] (the bridge first fetches the fortune upstream). A descriptor is a
    /// number: a client that leaves meanwhile leaves nothing dangling.
    Relay(Arc<dyn Fn(usize) + Send + Sync>),
}

/// What became of a client after its first `send`.
pub enum Served {
    /// Its frame is sent and its descriptor closed (or it was handed over to the relay).
    Done,
    /// The rest of `frame`, from `sent` on, is still to go: the slow path.
    Unfinished { frame: Arc<[u8]>, sent: usize },
}

/// Serves one accepted connection on `descriptor` (ours to close): a frame, or a hand-over to
/// the relay.
pub fn serve_descriptor(serving: &Serving, descriptor: usize) -> Served {
    match serving {
        Serving::Frames { frames, portable } => {
            send_frame(descriptor, frames.pick(&mut rand::rng()), *portable)
        }
        Serving::Relay(hand_over) => {
            hand_over(descriptor);
            Served::Done
        }
    }
}

/// Sends `frame` on an accepted `descriptor` and closes it (an empty frame: just closes).
///
/// The one-send fast path is Linux's (`send` with `MSG_NOSIGNAL` on the accepted socket). On
/// other systems (macOS has no `MSG_NOSIGNAL`), and when `portable`, every frame takes the slow
/// path: a QLocalSocket or QTcpSocket, as the original servers do.
pub fn send_frame(descriptor: usize, frame: &Arc<[u8]>, portable: bool) -> Served {
    #[cfg(target_os = "linux")]
    if !portable {
        let sent = if frame.is_empty() {
            0
        } else {
            fast::send(descriptor, frame)
        };
        if sent == frame.len() {
            close(descriptor);
            return Served::Done;
        }
        return Served::Unfinished {
            frame: Arc::clone(frame),
            sent,
        };
    }
    let _ = (descriptor, portable);
    Served::Unfinished {
        frame: Arc::clone(frame),
        sent: 0,
    }
}

/// Closes an accepted descriptor that nobody else holds.
pub fn close(descriptor: usize) {
    // SAFETY: ours (accepted, never handed to a Qt object).
    unsafe { libc::close(descriptor as libc::c_int) };
}

/// Closes an accepted descriptor at once, dropping what its socket still holds: over TCP a
/// plain close leaves the unsent rest of a frame with the kernel, which goes on trying to
/// deliver it (FIN-WAIT-1) to a client that does not read; a reset (`SO_LINGER` 0) frees it.
pub fn reset(descriptor: usize) {
    drop_unsent_on_close(descriptor);
    close(descriptor);
}

/// Makes the next close of `descriptor` a reset (no effect on local sockets, whose buffers a
/// close drops anyway).
pub fn drop_unsent_on_close(descriptor: usize) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a socket descriptor of ours and an option of the right size; a failure (not a
    // TCP socket) changes nothing.
    unsafe {
        libc::setsockopt(
            descriptor as libc::c_int,
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
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
}

/// How much of a frame a slow client's Qt socket buffers at a time: the only copy of the frame
/// a slow client ever holds.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// The slow clients of one server: each one's deadline, and how to close it. Shared with the
/// sockets' signal handlers (which run on the server's thread, as everything here does).
#[derive(Default)]
pub struct SlowClients {
    clients: Mutex<HashMap<usize, SlowClient>>,
    /// Set while accepting is paused for lack of descriptors: a slow client that finishes then
    /// frees one, and `on_freed` runs.
    pub starved: AtomicBool,
    on_freed: Mutex<Option<Box<dyn Fn() + Send>>>,
}

struct SlowClient {
    deadline: Instant,
    /// Closes the client's socket at once (Qt deletes it once disconnected).
    close: Box<dyn Fn() + Send>,
}

impl SlowClients {
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs `on_freed` whenever a slow client ends while `starved` is set.
    pub fn set_on_freed(&self, on_freed: impl Fn() + Send + 'static) {
        *self.on_freed.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(on_freed));
    }

    /// The earliest deadline of a slow client, if any.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.lock().values().map(|c| c.deadline).min()
    }

    /// Closes every slow client whose deadline passed by `now`; returns how many.
    pub fn close_overdue(&self, now: Instant) -> usize {
        let overdue: Vec<SlowClient> = {
            let mut clients = self.lock();
            let ids: Vec<usize> = clients
                .iter()
                .filter(|(_, c)| c.deadline <= now)
                .map(|(&id, _)| id)
                .collect();
            ids.into_iter()
                .filter_map(|id| clients.remove(&id))
                .collect()
        };
        // Outside the lock: a close says `disconnected`, whose handler unregisters.
        for client in &overdue {
            (client.close)();
        }
        if !overdue.is_empty() {
            self.freed();
        }
        overdue.len()
    }

    /// Closes every slow client (the server stops).
    pub fn close_all(&self) -> usize {
        let all: Vec<SlowClient> = self.lock().drain().map(|(_, c)| c).collect();
        for client in &all {
            (client.close)();
        }
        all.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, SlowClient>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, id: usize, deadline: Instant, close: Box<dyn Fn() + Send>) {
        self.lock().insert(id, SlowClient { deadline, close });
    }

    fn remove(&self, id: usize) {
        if self.lock().remove(&id).is_some() {
            self.freed();
        }
    }

    /// A descriptor was freed: tell whoever waits for one.
    fn freed(&self) {
        if self.starved.load(Ordering::Acquire) {
            if let Some(on_freed) = &*self.on_freed.lock().unwrap_or_else(|e| e.into_inner()) {
                on_freed();
            }
        }
    }
}

/// A Qt stream socket that can finish a frame as the original servers do.
pub trait FrameSocket: Deletable + Upcast<QObject> + Sized + 'static {
    /// A socket of this type on the accepted `descriptor` (unconnected if Qt cannot use it).
    fn adopt(descriptor: qintptr) -> QBox<Self>;
    /// Hands the socket to Qt: deleted once disconnected.
    fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self>;
    /// Buffers `bytes` for writing; how many were taken (all, or -1 on error).
    fn write(self: Pin<&mut Self>, bytes: &[u8]) -> i64;
    /// Closes once everything written is sent.
    fn close_when_sent(self: Pin<&mut Self>);
    /// Closes now, dropping what is unsent, here and in the kernel (and says so:
    /// `disconnected`).
    fn abort_now(self: Pin<&mut Self>);
    /// Runs `f` whenever bytes left for the client.
    fn on_bytes_written(self: Pin<&mut Self>, f: impl FnMut(Pin<&mut Self>) + Send + 'static);
    /// Runs `f` once the connection is closed, by either side.
    fn on_disconnected(self: Pin<&mut Self>, f: impl FnMut(Pin<&mut Self>) + Send + 'static);
}

/// The same calls on either socket type: the QIODevice each is writes, and the socket level
/// (`$level`: the QLocalSocket itself, or a QTcpSocket's QAbstractSocket) adopts, closes and
/// says `disconnected`.
macro_rules! frame_socket {
    ($socket:ty, $level:expr, $disconnect:ident) => {
        impl FrameSocket for $socket {
            fn adopt(descriptor: qintptr) -> QBox<Self> {
                let mut socket = <$socket>::new();
                $level(socket.pin_mut()).set_socket_descriptor(descriptor);
                socket
            }
            fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self> {
                <$socket>::delete_when_disconnected(socket)
            }
            fn write(self: Pin<&mut Self>, bytes: &[u8]) -> i64 {
                self.io().write(bytes)
            }
            fn close_when_sent(self: Pin<&mut Self>) {
                $level(self).$disconnect();
            }
            fn abort_now(self: Pin<&mut Self>) {
                if let Ok(descriptor) = usize::try_from(isize::from(self.socket_descriptor())) {
                    drop_unsent_on_close(descriptor);
                }
                $level(self).abort();
            }
            fn on_bytes_written(
                self: Pin<&mut Self>,
                mut f: impl FnMut(Pin<&mut Self>) + Send + 'static,
            ) {
                self.io()
                    .on_bytes_written(move |device, _bytes: qint64| {
                        if let Some(socket) = device.downcast_pin::<$socket>() {
                            f(socket);
                        }
                    })
                    .release();
            }
            fn on_disconnected(
                self: Pin<&mut Self>,
                mut f: impl FnMut(Pin<&mut Self>) + Send + 'static,
            ) {
                $level(self)
                    .on_disconnected(move |socket| {
                        if let Some(socket) = socket.downcast_pin::<$socket>() {
                            f(socket);
                        }
                    })
                    .release();
            }
        }
    };
}
frame_socket!(QLocalSocket, |s| s, disconnect_from_server);
frame_socket!(QTcpSocket, QTcpSocket::socket, disconnect_from_host);

/// Finishes `frame` from `sent` on, on a socket just adopted on the client's descriptor: a chunk
/// at a time as the client takes it, then a close; closed at `deadline` if still unfinished.
/// The socket is deleted once disconnected, whoever closed first.
pub fn finish_on<S: FrameSocket>(
    socket: QBox<S>,
    frame: Arc<[u8]>,
    sent: usize,
    deadline: Instant,
    slow: &Arc<SlowClients>,
) {
    register_slow(socket, deadline, slow).with(|socket| write_frame(socket, frame, sent));
}

/// Counts `socket` among the slow clients until it disconnects (closed at `deadline` if it has
/// not by then), and hands it to Qt, which deletes it once disconnected.
pub(super) fn register_slow<S: FrameSocket>(
    mut socket: QBox<S>,
    deadline: Instant,
    slow: &Arc<SlowClients>,
) -> QPtr<S> {
    static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let registry = Arc::clone(slow);
    socket
        .pin_mut()
        .on_disconnected(move |_| registry.remove(id));
    let socket = S::delete_when_disconnected(socket);
    let closing = socket.clone();
    slow.add(
        id,
        deadline,
        Box::new(move || {
            closing.with(|socket| socket.abort_now());
        }),
    );
    socket
}

/// Writes `frame` from `sent` on, a chunk at a time as the client takes it, then closes.
pub fn write_frame<S: FrameSocket>(mut socket: Pin<&mut S>, frame: Arc<[u8]>, sent: usize) {
    if sent >= frame.len() {
        // Nothing to say (a relayed client without a fortune, on the portable path).
        return socket.close_when_sent();
    }
    let mut offset = write_chunk(socket.as_mut(), &frame, sent);
    socket.on_bytes_written(move |socket| offset = write_chunk(socket, &frame, offset));
}

/// Writes the chunk of `frame` at `offset` (closing once the last one is written); returns the
/// offset of the next one.
pub(super) fn write_chunk<S: FrameSocket>(
    mut socket: Pin<&mut S>,
    frame: &[u8],
    offset: usize,
) -> usize {
    if offset >= frame.len() {
        return offset;
    }
    let end = frame.len().min(offset + CHUNK_BYTES);
    if socket.as_mut().write(&frame[offset..end]) < 0 {
        socket.abort_now();
        return frame.len();
    }
    if end == frame.len() {
        socket.close_when_sent();
    }
    end
}

/// The write deadline of a slow client that starts now.
pub fn deadline_after(timeout: Duration) -> Instant {
    Instant::now() + timeout
}
