//! One fortune, typed: a [`FetchRequest`] in, `Result<Fetched, FetchError>` out, as a future
//! on Qt's event loop (cxx-qt-sockets' `aio`). The CLI's `fetch` awaits it; the QML window
//! drives the same `FortuneClient` through its properties and signals. No error kind or format
//! travels as a string between two pieces of Rust.

use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use thiserror::Error;

use std::pin::Pin;

use cxx_qt_lib::QString;

use super::fortune_client::{new_fortune_client, RawOutcome};
use super::qml_types::qml_int;
use super::tls;
use super::FortuneClient;
use crate::core::endpoint::{TcpAddress, Transport};
use crate::core::tls::TlsFiles;
use crate::core::wire::{Wire, WireChoice};

/// Why a request failed, as `errorOccurred` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    ServerNotFound,
    ConnectionRefused,
    Timeout,
    Malformed,
    AccessDenied,
    BadName,
    Socket,
    /// TLS: the server's certificate does not chain to a trusted CA.
    TlsUntrusted,
    /// TLS: the server's certificate is for another host.
    TlsHostMismatch,
    /// TLS: the server's certificate has expired.
    TlsExpired,
    /// TLS: the server wants a client certificate; none was given.
    TlsCertificateRequired,
    /// TLS: the server refused the client certificate.
    TlsCertificateRefused,
    /// TLS: the handshake did not finish in time.
    TlsHandshakeTimeout,
    /// TLS: the client's certificate, key or CA file cannot be used.
    TlsFiles,
    /// TLS: Qt has no TLS backend.
    TlsNoBackend,
}

impl ErrorKind {
    /// The name `errorOccurred` gives QML.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ServerNotFound => "ServerNotFound",
            ErrorKind::ConnectionRefused => "ConnectionRefused",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Malformed => "Malformed",
            ErrorKind::AccessDenied => "AccessDenied",
            ErrorKind::BadName => "BadName",
            ErrorKind::Socket => "Socket",
            ErrorKind::TlsUntrusted => "TlsUntrusted",
            ErrorKind::TlsHostMismatch => "TlsHostMismatch",
            ErrorKind::TlsExpired => "TlsExpired",
            ErrorKind::TlsCertificateRequired => "TlsCertificateRequired",
            ErrorKind::TlsCertificateRefused => "TlsCertificateRefused",
            ErrorKind::TlsHandshakeTimeout => "TlsHandshakeTimeout",
            ErrorKind::TlsFiles => "TlsFiles",
            ErrorKind::TlsNoBackend => "TlsNoBackend",
        }
    }
}

/// Where a fortune is fetched from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A local socket: a name in $TMPDIR, a path, or (Linux) an abstract name.
    Local {
        name: String,
        abstract_namespace: bool,
    },
    /// TCP, to a host and port.
    Tcp(TcpAddress),
}

/// One fetch: where, in which format, within what bounds.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    pub endpoint: Endpoint,
    pub wire: WireChoice,
    /// TCP over TLS, with these files (a CA, a client certificate and key; none: the system's
    /// CAs and no certificate).
    pub tls: Option<TlsFiles>,
    /// 0: no limit.
    pub timeout_ms: i32,
    pub max_string_bytes: u32,
}

/// A fortune, and the format it came in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub text: String,
    pub wire: Wire,
}

/// Why a fetch failed: its kind (which the CLI's exit code follows) and the one line the user
/// reads.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FetchError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FortuneClient {
    /// Configures the client for `request` (the typed form of its properties).
    pub fn configure(mut self: Pin<&mut Self>, request: &FetchRequest) {
        match &request.endpoint {
            Endpoint::Local {
                name,
                abstract_namespace,
            } => {
                self.as_mut()
                    .set_transport(QString::from(Transport::Local.name()));
                self.as_mut().set_server_name(QString::from(name));
                self.as_mut().set_abstract_namespace(*abstract_namespace);
            }
            Endpoint::Tcp(address) => {
                self.as_mut()
                    .set_transport(QString::from(Transport::Tcp.name()));
                self.as_mut().set_host(QString::from(&address.host));
                self.as_mut().set_port(qml_int(i32::from(address.port)));
            }
        }
        self.as_mut().set_wire(QString::from(request.wire.name()));
        let tls = request.tls.clone().unwrap_or_default();
        self.as_mut().set_tls(request.tls.is_some());
        self.as_mut().set_tls_ca(tls::path_text(&tls.ca));
        self.as_mut()
            .set_tls_certificate(tls::path_text(&tls.certificate));
        self.as_mut().set_tls_key(tls::path_text(&tls.key));
        self.as_mut().set_timeout_ms(qml_int(request.timeout_ms));
        self.set_max_string_bytes(request.max_string_bytes);
    }
}

/// Fetches one fortune on this thread's Qt event loop (a `QCoreApplication` must exist): a
/// `FortuneClient` made for it, told the request, its outcome awaited.
pub async fn fetch(request: &FetchRequest) -> Result<Fetched, FetchError> {
    struct Slot {
        outcome: Option<RawOutcome>,
        waker: Option<Waker>,
    }
    let slot = Rc::new(RefCell::new(Slot {
        outcome: None,
        waker: None,
    }));
    let mut client = new_fortune_client();
    client.pin_mut().configure(request);
    let sink = Rc::clone(&slot);
    client.pin_mut().set_raw_sink(Some(Box::new(move |outcome| {
        let mut slot = sink.borrow_mut();
        slot.outcome = Some(outcome);
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    })));
    client.pin_mut().request_fortune();
    let outcome = poll_fn(|cx| {
        let mut slot = slot.borrow_mut();
        match slot.outcome.take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    })
    .await;
    match outcome {
        Ok(raw) => {
            let decoded = raw.decoded();
            Ok(Fetched {
                text: decoded.text,
                wire: decoded.wire,
            })
        }
        Err((kind, message)) => Err(FetchError { kind, message }),
    }
}
