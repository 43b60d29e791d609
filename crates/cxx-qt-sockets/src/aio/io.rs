//! The sockets as `AsyncRead` + `AsyncWrite` (futures-io), connecting and accepting as futures.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use cxx_qt::casting::Upcast;
use cxx_qt::QMetaObjectConnectionGuard;
use cxx_qt_lib::{qint64, QString};
use futures_core::Stream;
use futures_io::{AsyncRead, AsyncWrite};

use crate::qabstractsocket::{SocketError, SocketState};
use crate::qbox::{Deletable, QBox};
use crate::qlocalserver::QLocalServer;
use crate::qlocalsocket::{LocalSocketError, LocalSocketState, QLocalSocket};
use crate::qsslsocket::QSslSocket;
use crate::qtcpserver::QTcpServer;
use crate::qtcpsocket::QTcpSocket;

/// Qt buffers whatever is written; past this much unsent, `poll_write` waits for
/// `bytesWritten`, so that a peer that does not read holds back its writer.
const HIGH_WATER: i64 = 64 * 1024;

/// What the socket's signals told since the last poll, and who waits for it.
#[derive(Default)]
struct Shared {
    connected: bool,
    closed: bool,
    error: Option<(io::ErrorKind, String)>,
    reader: Option<Waker>,
    writer: Option<Waker>,
}

impl Shared {
    fn wake(&mut self) {
        for waker in [self.reader.take(), self.writer.take()]
            .into_iter()
            .flatten()
        {
            waker.wake();
        }
    }
}

type State = Arc<Mutex<Shared>>;

fn lock(state: &State) -> std::sync::MutexGuard<'_, Shared> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// A Qt stream socket the async API can drive: each of the crate's sockets is one.
pub trait AsyncIo: Deletable + Sized + 'static {
    /// Connects the signals that wake readers and writers (the guards disconnect them).
    #[doc(hidden)]
    fn watch(self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard>;
    /// `QIODevice::read` into `buffer`: bytes read, -1 on error.
    #[doc(hidden)]
    fn read_into(self: Pin<&mut Self>, buffer: &mut [u8]) -> i64;
    /// `QIODevice::write`.
    #[doc(hidden)]
    fn write_from(self: Pin<&mut Self>, data: &[u8]) -> i64;
    /// Bytes received and not read.
    #[doc(hidden)]
    fn available(&self) -> i64;
    /// Bytes written and not sent.
    #[doc(hidden)]
    fn unsent(&self) -> i64;
    /// True when not connected (nor connecting, nor closing).
    #[doc(hidden)]
    fn is_unconnected(&self) -> bool;
    /// Closes once what is written is sent.
    #[doc(hidden)]
    fn close_gracefully(self: Pin<&mut Self>);
}

/// Where the watching closures write what the signals say (the crate's own).
#[doc(hidden)]
#[derive(Clone)]
pub struct Watched(State);

impl Watched {
    fn connected(&self) {
        let mut state = lock(&self.0);
        state.connected = true;
        state.wake();
    }
    fn ready(&self) {
        lock(&self.0).wake();
    }
    fn closed(&self) {
        let mut state = lock(&self.0);
        state.closed = true;
        state.wake();
    }
    fn failed(&self, kind: io::ErrorKind, text: String) {
        let mut state = lock(&self.0);
        // The kind in words first: Qt's own text may not name it ("Invalid name" for ENOENT).
        state
            .error
            .get_or_insert((kind, format!("{kind} (Qt: {text})")));
        state.wake();
    }
}

/// Connects the five signals both socket families report through (the same names on
/// QLocalSocket and QAbstractSocket) to `state`; `kind` names an error, `None` for the peer's
/// close (the end of the stream, not a failure).
macro_rules! watch_signals {
    ($socket:expr, $state:expr, $kind:expr) => {{
        let state: Watched = $state;
        let mut socket = $socket;
        let (a, b, c, d, e) = (
            state.clone(),
            state.clone(),
            state.clone(),
            state.clone(),
            state,
        );
        vec![
            socket.as_mut().on_connected(move |_| a.connected()),
            socket.as_mut().on_ready_read(move |_| b.ready()),
            socket
                .as_mut()
                .on_bytes_written(move |_, _: qint64| c.ready()),
            socket.as_mut().on_disconnected(move |_| d.closed()),
            socket.on_error_occurred(move |socket, error| {
                if let Some(kind) = $kind(error) {
                    e.failed(kind, socket.error_string().to_string());
                }
            }),
        ]
    }};
}

fn local_kind(error: LocalSocketError) -> Option<io::ErrorKind> {
    Some(match error {
        LocalSocketError::PeerClosedError => return None, // the end of the stream
        LocalSocketError::ServerNotFoundError => io::ErrorKind::NotFound,
        LocalSocketError::ConnectionRefusedError => io::ErrorKind::ConnectionRefused,
        LocalSocketError::SocketAccessError => io::ErrorKind::PermissionDenied,
        LocalSocketError::SocketTimeoutError => io::ErrorKind::TimedOut,
        LocalSocketError::SocketResourceError => io::ErrorKind::OutOfMemory,
        _ => io::ErrorKind::Other,
    })
}

fn tcp_kind(error: SocketError) -> Option<io::ErrorKind> {
    Some(match error {
        SocketError::RemoteHostClosedError => return None, // the end of the stream
        SocketError::ConnectionRefusedError => io::ErrorKind::ConnectionRefused,
        SocketError::HostNotFoundError => io::ErrorKind::NotFound,
        SocketError::SocketAccessError => io::ErrorKind::PermissionDenied,
        SocketError::SocketTimeoutError => io::ErrorKind::TimedOut,
        SocketError::AddressInUseError => io::ErrorKind::AddrInUse,
        SocketError::SocketAddressNotAvailableError => io::ErrorKind::AddrNotAvailable,
        SocketError::SocketResourceError => io::ErrorKind::OutOfMemory,
        _ => io::ErrorKind::Other,
    })
}

/// The same calls on both stream sockets; only the state type, the close and the error
/// mapping differ.
macro_rules! async_io {
    ($socket:ty, $unconnected:expr, $close:ident, $kind:expr) => {
        impl AsyncIo for $socket {
            fn watch(self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard> {
                watch_signals!(self, state, $kind)
            }
            fn read_into(self: Pin<&mut Self>, buffer: &mut [u8]) -> i64 {
                self.read(buffer)
            }
            fn write_from(self: Pin<&mut Self>, data: &[u8]) -> i64 {
                self.write(data)
            }
            fn available(&self) -> i64 {
                self.bytes_available().into()
            }
            fn unsent(&self) -> i64 {
                self.bytes_to_write().into()
            }
            fn is_unconnected(&self) -> bool {
                self.state() == $unconnected
            }
            fn close_gracefully(self: Pin<&mut Self>) {
                self.$close();
            }
        }
    };
}
async_io!(
    QLocalSocket,
    LocalSocketState::UnconnectedState,
    disconnect_from_server,
    local_kind
);
async_io!(
    QTcpSocket,
    SocketState::UnconnectedState,
    disconnect_from_host,
    tcp_kind
);

/// TLS: the plaintext side of the socket. `connected` means encrypted.
impl AsyncIo for QSslSocket {
    fn watch(mut self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard> {
        let encrypted = state.clone();
        let mut guards = Upcast::<QTcpSocket>::upcast_pin(self.as_mut()).watch(state);
        // TCP's `connected` is not yet usable: drop that guard, and wait for `encrypted`.
        drop(guards.remove(0));
        guards.push(self.on_encrypted(move |_| encrypted.connected()));
        guards
    }
    fn read_into(self: Pin<&mut Self>, buffer: &mut [u8]) -> i64 {
        Upcast::<QTcpSocket>::upcast_pin(self).read(buffer)
    }
    fn write_from(self: Pin<&mut Self>, data: &[u8]) -> i64 {
        Upcast::<QTcpSocket>::upcast_pin(self).write(data)
    }
    fn available(&self) -> i64 {
        Upcast::<QTcpSocket>::upcast(self).bytes_available().into()
    }
    fn unsent(&self) -> i64 {
        let tcp: &QTcpSocket = self.upcast();
        i64::from(tcp.bytes_to_write()) + i64::from(self.encrypted_bytes_to_write())
    }
    fn is_unconnected(&self) -> bool {
        Upcast::<QTcpSocket>::upcast(self).state() == SocketState::UnconnectedState
    }
    fn close_gracefully(self: Pin<&mut Self>) {
        Upcast::<QTcpSocket>::upcast_pin(self).disconnect_from_host();
    }
}

/// A connected socket as `AsyncRead` + `AsyncWrite`, on Qt's event loop. Dropping it aborts the
/// connection (as dropping its `QBox` does) and disconnects its signals.
pub struct AsyncSocket<S: AsyncIo> {
    state: State,
    _watch: Vec<QMetaObjectConnectionGuard>,
    socket: QBox<S>,
}

impl<S: AsyncIo> AsyncSocket<S> {
    /// Drives `socket`, connected or connecting. Errors it reports from now on reach the
    /// reads and writes.
    pub fn new(mut socket: QBox<S>) -> Self {
        let state = State::default();
        let watch = socket.pin_mut().watch(Watched(Arc::clone(&state)));
        if !socket.is_unconnected() {
            lock(&state).connected = true;
        }
        AsyncSocket {
            state,
            _watch: watch,
            socket,
        }
    }

    /// The socket, for what the async API does not cover (its address, its options).
    pub fn socket(&mut self) -> Pin<&mut S> {
        self.socket.pin_mut()
    }

    /// Waits until the socket is connected (encrypted, for TLS), or fails with the error it
    /// reported: also one reported before any event loop ran (a missing server name is
    /// reported inside `connect_to_server`).
    async fn established(self) -> io::Result<Self> {
        std::future::poll_fn(|cx| {
            let mut state = lock(&self.state);
            if let Some((kind, text)) = state.error.clone() {
                return Poll::Ready(Err(io::Error::new(kind, text)));
            }
            if state.connected && !self.socket.is_unconnected() {
                return Poll::Ready(Ok(()));
            }
            if state.closed || (self.socket.is_unconnected() && state.connected) {
                return Poll::Ready(Err(io::ErrorKind::ConnectionAborted.into()));
            }
            state.reader = Some(cx.waker().clone());
            Poll::Pending
        })
        .await?;
        Ok(self)
    }

    fn error(&self) -> Option<io::Error> {
        lock(&self.state)
            .error
            .clone()
            .map(|(kind, text)| io::Error::new(kind, text))
    }
}

impl AsyncSocket<QLocalSocket> {
    /// Connects to the local server `name` (as [`QLocalSocket::connect_to_server`]).
    pub async fn connect_local(name: &str) -> io::Result<Self> {
        Self::connect_local_with(QLocalSocket::new(), name).await
    }

    /// Connects `socket` (set up beforehand: the abstract namespace, a read buffer cap) to the
    /// local server `name`.
    pub async fn connect_local_with(socket: QBox<QLocalSocket>, name: &str) -> io::Result<Self> {
        let mut this = AsyncSocket::new(socket);
        lock(&this.state).connected = false;
        this.socket
            .pin_mut()
            .connect_to_server(&QString::from(name));
        this.established().await
    }
}

impl AsyncSocket<QTcpSocket> {
    /// Connects to `host` (a name or an address) on `port`.
    pub async fn connect_tcp(host: &str, port: u16) -> io::Result<Self> {
        let mut this = AsyncSocket::new(QTcpSocket::new());
        lock(&this.state).connected = false;
        this.socket
            .pin_mut()
            .connect_to_host(&QString::from(host), port);
        this.established().await
    }
}

impl AsyncSocket<QSslSocket> {
    /// Connects `socket` (its configuration set: CA, client certificate) to `host` on `port`
    /// and completes once the handshake has.
    pub async fn connect_tls(socket: QBox<QSslSocket>, host: &str, port: u16) -> io::Result<Self> {
        let mut this = AsyncSocket::new(socket);
        lock(&this.state).connected = false;
        this.socket
            .pin_mut()
            .connect_to_host_encrypted(&QString::from(host), port);
        this.established().await
    }
}

impl<S: AsyncIo> AsyncRead for AsyncSocket<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        if self.socket.available() > 0 {
            let read = self.socket.pin_mut().read_into(buf);
            return Poll::Ready(usize::try_from(read).map_err(|_| {
                self.error()
                    .unwrap_or_else(|| io::ErrorKind::BrokenPipe.into())
            }));
        }
        if let Some(error) = self.error() {
            return Poll::Ready(Err(error));
        }
        let mut state = lock(&self.state);
        if state.closed || self.socket.is_unconnected() {
            return Poll::Ready(Ok(0)); // the peer closed: the end of the stream
        }
        state.reader = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<S: AsyncIo> AsyncWrite for AsyncSocket<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Some(error) = self.error() {
            return Poll::Ready(Err(error));
        }
        if self.socket.is_unconnected() {
            return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
        }
        if self.socket.unsent() >= HIGH_WATER {
            lock(&self.state).writer = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let written = self.socket.pin_mut().write_from(buf);
        Poll::Ready(usize::try_from(written).map_err(|_| io::ErrorKind::BrokenPipe.into()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(error) = self.error() {
            return Poll::Ready(Err(error));
        }
        if self.socket.unsent() == 0 {
            return Poll::Ready(Ok(()));
        }
        if self.socket.is_unconnected() {
            return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
        }
        lock(&self.state).writer = Some(cx.waker().clone());
        Poll::Pending
    }

    /// Closes once everything written is sent, and completes when the socket is closed.
    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.socket.is_unconnected() {
            return Poll::Ready(Ok(()));
        }
        let mut state = lock(&self.state);
        state.writer = Some(cx.waker().clone());
        drop(state);
        self.socket.pin_mut().close_gracefully();
        if self.socket.is_unconnected() {
            return Poll::Ready(Ok(()));
        }
        Poll::Pending
    }
}

/// A server's connections as a `Stream` (see [`incoming_local`] and [`incoming_tcp`]).
pub struct Incoming<'a, Server, S: AsyncIo> {
    server: Pin<&'a mut Server>,
    take: fn(Pin<&mut Server>) -> Option<QBox<S>>,
    waker: Arc<Mutex<Option<Waker>>>,
    _watch: QMetaObjectConnectionGuard,
}

impl<Server, S: AsyncIo> Stream for Incoming<'_, Server, S> {
    type Item = AsyncSocket<S>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(socket) = (this.take)(this.server.as_mut()) {
            return Poll::Ready(Some(AsyncSocket::new(socket)));
        }
        *this.waker.lock().unwrap_or_else(|e| e.into_inner()) = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<Server, S: AsyncIo> Unpin for Incoming<'_, Server, S> {}

fn wake_on(waker: &Arc<Mutex<Option<Waker>>>) -> impl FnMut() + Send + 'static {
    let waker = Arc::clone(waker);
    move || {
        if let Some(waker) = waker.lock().unwrap_or_else(|e| e.into_inner()).take() {
            waker.wake();
        }
    }
}

/// The connections of a listening `QLocalServer`, one `AsyncSocket` each, as they come.
pub fn incoming_local(
    mut server: Pin<&mut QLocalServer>,
) -> Incoming<'_, QLocalServer, QLocalSocket> {
    let waker = Arc::default();
    let mut wake = wake_on(&waker);
    let watch = server.as_mut().on_new_connection(move |_| wake());
    Incoming {
        server,
        take: QLocalServer::next_pending_connection,
        waker,
        _watch: watch,
    }
}

/// The connections of a listening `QTcpServer`, one `AsyncSocket` each, as they come.
pub fn incoming_tcp(mut server: Pin<&mut QTcpServer>) -> Incoming<'_, QTcpServer, QTcpSocket> {
    let waker = Arc::default();
    let mut wake = wake_on(&waker);
    let watch = server.as_mut().on_new_connection(move |_| wake());
    Incoming {
        server,
        take: QTcpServer::next_pending_connection,
        waker,
        _watch: watch,
    }
}
