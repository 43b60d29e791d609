//! How a TLS client is served, within the bounds of [`super::serving`]'s slow path: a
//! server-side QSslSocket on the accepted descriptor, a slow client from accept on (its handshake
//! under the same deadline and cap), then its frame paced by the encrypted bytes that left, or a
//! hand-over to the bridge's relay by a token.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cxx_qt::casting::{Downcast, Upcast};
use cxx_qt_lib::qintptr;
use cxx_qt_sockets::{
    AlertLevel, AlertType, QBox, QPtr, QSslConfiguration, QSslSocket, QTcpSocket, SocketError,
};

use super::serving::{close, register_slow, write_chunk, FrameSocket, SlowClients, CHUNK_BYTES};
use super::texts;

/// Writes `frame` on an encrypted socket, a chunk at a time as the client takes it, then closes.
/// Paced by the encrypted bytes that left, not by `bytesWritten`: Qt encrypts whatever is
/// written as soon as it can, into a buffer without bound, so a client that does not read would
/// otherwise hold the whole frame, encrypted.
pub fn write_frame_tls(mut socket: Pin<&mut QSslSocket>, frame: Arc<[u8]>) {
    if frame.is_empty() {
        return Upcast::<QTcpSocket>::upcast_pin(socket).close_when_sent();
    }
    // QSslSocket writes from the event loop: nothing is sent, nor signalled, before the
    // connection below exists.
    let mut offset = write_chunk(Upcast::<QTcpSocket>::upcast_pin(socket.as_mut()), &frame, 0);
    socket
        .on_encrypted_bytes_written(move |socket, _| {
            if i64::from(socket.encrypted_bytes_to_write()) < CHUNK_BYTES as i64 {
                offset = write_chunk(Upcast::<QTcpSocket>::upcast_pin(socket), &frame, offset);
            }
        })
        .release();
}

/// Serves a client over TLS on the accepted `descriptor`: a QSslSocket takes it and handshakes
/// as the server with `config`; once encrypted, `then` has the socket (to write a frame as on the
/// slow path, or to hand it to a relay). The handshake counts as the slow client's time: the
/// same deadline closes a client that stalls in it. A client whose handshake fails (no
/// certificate, another CA's, not TLS at all) is closed by Qt. `outcome` hears of each
/// handshake: `Ok` once encrypted, else why it failed.
pub fn serve_tls(
    descriptor: usize,
    config: &QSslConfiguration,
    deadline: Instant,
    slow: &Arc<SlowClients>,
    outcome: impl Fn(Result<(), String>) + Send + Sync + 'static,
    mut then: impl FnMut(Pin<&mut QSslSocket>) + Send + 'static,
) {
    let outcome = Arc::new(outcome);
    let encrypted = Arc::clone(&outcome);
    let mut tls = QSslSocket::new();
    tls.pin_mut().set_ssl_configuration(config);
    if !tls
        .pin_mut()
        .set_socket_descriptor(qintptr::from(descriptor as isize))
    {
        return close(descriptor); // and the socket, unused, is deleted
    }
    // The fatal alert this end sent, if any: why the client was refused, in TLS's own terms.
    let alert = Arc::new(AtomicI32::new(NO_ALERT));
    let sent = Arc::clone(&alert);
    tls.pin_mut()
        .on_alert_sent(move |_, level, kind, _| {
            if level == AlertLevel::Fatal {
                sent.store(kind.repr, Ordering::Relaxed);
            }
        })
        .release();
    tls.pin_mut()
        .on_encrypted(move |socket| {
            encrypted(Ok(()));
            then(socket);
        })
        .release();
    tls.pin_mut()
        .socket()
        .on_error_occurred(move |mut socket, error| {
            let Some(tls) = socket.as_mut().downcast_pin::<QSslSocket>() else {
                return;
            };
            if tls.is_encrypted() || error == SocketError::RemoteHostClosedError {
                return;
            }
            let alert = alert.load(Ordering::Relaxed);
            outcome(Err(refusal(
                &tls,
                (alert != NO_ALERT).then_some(AlertType { repr: alert }),
            )));
        })
        .release();
    register_slow(tls, deadline, slow).with(|tls| tls.start_server_encryption());
}

/// A TLS client's socket is served as a TCP one, through its base.
impl FrameSocket for QSslSocket {
    fn adopt(descriptor: qintptr) -> QBox<Self> {
        let mut socket = QSslSocket::new();
        socket.pin_mut().set_socket_descriptor(descriptor);
        socket
    }
    fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self> {
        QSslSocket::delete_when_disconnected(socket)
    }
    fn write(self: Pin<&mut Self>, bytes: &[u8]) -> i64 {
        FrameSocket::write(Upcast::<QTcpSocket>::upcast_pin(self), bytes)
    }
    fn close_when_sent(self: Pin<&mut Self>) {
        Upcast::<QTcpSocket>::upcast_pin(self).close_when_sent();
    }
    fn abort_now(self: Pin<&mut Self>) {
        Upcast::<QTcpSocket>::upcast_pin(self).abort_now();
    }
    fn on_bytes_written(self: Pin<&mut Self>, mut f: impl FnMut(Pin<&mut Self>) + Send + 'static) {
        FrameSocket::on_bytes_written(Upcast::<QTcpSocket>::upcast_pin(self), move |tcp| {
            if let Some(tls) = tcp.downcast_pin::<QSslSocket>() {
                f(tls);
            }
        });
    }
    fn on_disconnected(self: Pin<&mut Self>, mut f: impl FnMut(Pin<&mut Self>) + Send + 'static) {
        FrameSocket::on_disconnected(Upcast::<QTcpSocket>::upcast_pin(self), move |tcp| {
            if let Some(tls) = tcp.downcast_pin::<QSslSocket>() {
                f(tls);
            }
        });
    }
}

/// What a TLS client gets once its handshake is done: a frame, or a hand-over to a relay.
pub type Encrypted = Box<dyn FnMut(Pin<&mut QSslSocket>) + Send>;

/// TLS clients handed over to a relay (a bridge's downstream), until it answers them or they
/// leave. A relay knows each by a token, not by its descriptor: Qt closes that when the client
/// leaves, and the system may give the number to the next client.
#[derive(Default)]
pub struct TlsRelays {
    next: AtomicUsize,
    /// Token to its (encrypted) socket.
    sockets: Mutex<HashMap<usize, QPtr<QSslSocket>>>,
}

/// The bit that sets a token apart from a descriptor (a descriptor is a small number).
const TLS_RELAY_TOKEN: usize = 1 << (usize::BITS - 2);

impl TlsRelays {
    /// Whether `id`, handed to a relay, is a TLS client's token (else a descriptor).
    pub fn is_token(id: usize) -> bool {
        id & TLS_RELAY_TOKEN != 0
    }

    /// Keeps an encrypted client for the relay until answered; forgets it if it leaves first.
    /// Returns its token.
    pub fn register(self: &Arc<Self>, mut socket: Pin<&mut QSslSocket>) -> usize {
        let token = TLS_RELAY_TOKEN | self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(token, QPtr::new(socket.as_mut()));
        let relays = Arc::clone(self);
        FrameSocket::on_disconnected(socket, move |_| {
            relays.lock().remove(&token);
        });
        token
    }

    /// Answers the client of `token` with `frame` (empty: a close), if it is still there.
    pub fn finish(&self, token: usize, frame: &Arc<[u8]>) {
        let Some(socket) = self.lock().remove(&token) else {
            return;
        };
        socket.with(|socket| write_frame_tls(socket, Arc::clone(frame)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, QPtr<QSslSocket>>> {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// No alert sent (`AlertType`'s values are from 0 up).
const NO_ALERT: i32 = -1;

/// Why a client's TLS handshake failed, as the server saw it: the alert it sent the client (a
/// failed check interrupts the handshake with one: see `tls::server_configuration`), else Qt's
/// words.
fn refusal(socket: &QSslSocket, alert: Option<AlertType>) -> String {
    match alert {
        Some(AlertType::CertificateRequired) => texts::no_client_certificate(),
        // TLS 1.2's word for it.
        Some(AlertType::HandshakeFailure) if socket.peer_subject().is_empty() => {
            texts::no_client_certificate()
        }
        Some(AlertType::CertificateExpired) => texts::expired_client_certificate(),
        Some(AlertType::UnknownCa | AlertType::BadCertificate) => {
            texts::client_certificate_not_of_ca()
        }
        // Not TLS at all, or another trouble: OpenSSL's words, through Qt.
        _ => Upcast::<QTcpSocket>::upcast(socket)
            .error_string()
            .to_string(),
    }
}
