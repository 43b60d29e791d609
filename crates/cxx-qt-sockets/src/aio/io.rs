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

use crate::qabstractsocket::{QAbstractSocket, SocketError, SocketState};
use crate::qbox::{Deletable, QBox};
use crate::qiodevice::QIODevice;
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

/// A Qt stream socket the async API can drive: each of the crate's sockets is one. Reads and
/// writes go through the `QIODevice` it is.
pub trait AsyncIo: Deletable + Upcast<QIODevice> + Sized + 'static {
    /// Connects the signals that wake readers and writers (the guards disconnect them).
    #[doc(hidden)]
    fn watch(self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard>;
    /// True when not connected (nor connecting, nor closing).
    #[doc(hidden)]
    fn is_unconnected(&self) -> bool;
    /// Closes once what is written is sent.
    #[doc(hidden)]
    fn close_gracefully(self: Pin<&mut Self>);
    /// Bytes written and not yet sent.
    #[doc(hidden)]
    fn unsent(&self) -> i64 {
        Upcast::<QIODevice>::upcast(self).bytes_to_write().into()
    }
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

/// Connects the signals of the `QIODevice` every socket is (`readyRead`, `bytesWritten`).
fn watch_io(mut io: Pin<&mut QIODevice>, state: &Watched) -> Vec<QMetaObjectConnectionGuard> {
    let (ready, written) = (state.clone(), state.clone());
    vec![
        io.as_mut().on_ready_read(move |_| ready.ready()),
        io.on_bytes_written(move |_, _: qint64| written.ready()),
    ]
}

/// Connects a socket's own signals (`connected`, `disconnected`, `errorOccurred`: the same names
/// on QLocalSocket and QAbstractSocket); `kind` names an error, `None` for the peer's close (the
/// end of the stream, not a failure).
macro_rules! watch_socket {
    ($socket:expr, $state:expr, $kind:expr) => {{
        let mut socket = $socket;
        let (a, b, c) = ($state.clone(), $state.clone(), $state.clone());
        vec![
            socket.as_mut().on_connected(move |_| a.connected()),
            socket.as_mut().on_disconnected(move |_| b.closed()),
            socket.on_error_occurred(move |socket, error| {
                if let Some(kind) = $kind(error) {
                    c.failed(kind, socket.error_string().to_string());
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

impl AsyncIo for QLocalSocket {
    fn watch(mut self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard> {
        let mut guards = watch_io(self.as_mut().io(), &state);
        guards.extend(watch_socket!(self, state, local_kind));
        guards
    }
    fn is_unconnected(&self) -> bool {
        self.state() == LocalSocketState::UnconnectedState
    }
    fn close_gracefully(self: Pin<&mut Self>) {
        self.disconnect_from_server();
    }
}

/// The signals of a TCP socket: its QIODevice's and its QAbstractSocket's.
fn watch_tcp(
    mut socket: Pin<&mut QAbstractSocket>,
    state: &Watched,
) -> Vec<QMetaObjectConnectionGuard> {
    let mut guards = watch_io(socket.as_mut().io(), state);
    guards.extend(watch_socket!(socket, state, tcp_kind));
    guards
}

impl AsyncIo for QTcpSocket {
    fn watch(self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard> {
        watch_tcp(self.socket(), &state)
    }
    fn is_unconnected(&self) -> bool {
        self.state() == SocketState::UnconnectedState
    }
    fn close_gracefully(self: Pin<&mut Self>) {
        self.socket().disconnect_from_host();
    }
}

/// TLS: the plaintext side of the socket. `connected` means encrypted.
impl AsyncIo for QSslSocket {
    fn watch(mut self: Pin<&mut Self>, state: Watched) -> Vec<QMetaObjectConnectionGuard> {
        let mut guards = watch_tcp(self.as_mut().socket(), &state);
        // TCP's `connected` (the third guard) is not yet usable: wait for `encrypted`.
        drop(guards.remove(2));
        guards.push(self.on_encrypted(move |_| state.connected()));
        guards
    }
    fn unsent(&self) -> i64 {
        i64::from(self.bytes_to_write()) + i64::from(self.encrypted_bytes_to_write())
    }
    fn is_unconnected(&self) -> bool {
        self.state() == SocketState::UnconnectedState
    }
    fn close_gracefully(self: Pin<&mut Self>) {
        self.socket().disconnect_from_host();
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
            .socket()
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
        if i64::from(Upcast::<QIODevice>::upcast(&*self.socket).bytes_available()) > 0 {
            let read = Upcast::<QIODevice>::upcast_pin(self.socket.pin_mut()).read(buf);
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
        let written = Upcast::<QIODevice>::upcast_pin(self.socket.pin_mut()).write(buf);
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
