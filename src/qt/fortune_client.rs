//! `FortuneClient`: Qt's Local Fortune client, and its TCP sibling Fortune Client, as one QObject
//! shared by the QML window and the CLI's `fetch`.

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        include!("local-fortune/qml_types.h");
        #[cxx_name = "lf_int"]
        type qml_int = crate::qt::qml_types::qml_int;
    }

    extern "RustQt" {
        #[qobject]
        #[qml_element]
        /// `local` (QLocalSocket to `serverName`) or `tcp` (QTcpSocket to `host`:`port`).
        #[qproperty(QString, transport, READ, WRITE = set_transport, NOTIFY)]
        #[qproperty(QString, server_name, cxx_name = "serverName")]
        /// Local, Linux: connect into the abstract namespace (no socket file).
        #[qproperty(bool, abstract_namespace, cxx_name = "abstractNamespace")]
        #[qproperty(QString, host)]
        #[qproperty(qml_int, port)]
        #[qproperty(QString, wire, READ, WRITE = set_wire, NOTIFY)]
        #[qproperty(qml_int, timeout_ms, cxx_name = "timeoutMs")]
        #[qproperty(u32, max_string_bytes, cxx_name = "maxStringBytes")]
        #[qproperty(QString, current_fortune, cxx_name = "currentFortune", READ, NOTIFY)]
        #[qproperty(QString, detected_wire, cxx_name = "detectedWire", READ, NOTIFY)]
        #[qproperty(bool, busy, READ, NOTIFY)]
        #[qproperty(QString, error_string, cxx_name = "errorString", READ, NOTIFY)]
        /// TCP: connect over TLS, verifying the server's certificate and host name.
        #[qproperty(bool, tls)]
        /// TLS: the CA certificates (a PEM file) the server's must chain to; empty: the
        /// system's.
        #[qproperty(QString, tls_ca, cxx_name = "tlsCa")]
        /// TLS: a client certificate (PEM) to present, with `tlsKey`, to a server that asks.
        #[qproperty(QString, tls_certificate, cxx_name = "tlsCertificate")]
        #[qproperty(QString, tls_key, cxx_name = "tlsKey")]
        /// TLS: the subject of the server's certificate, once verified; empty otherwise.
        #[qproperty(QString, peer_subject, cxx_name = "peerSubject", READ, NOTIFY)]
        type FortuneClient = super::FortuneClientRust;

        /// Refuses an unknown name, keeping the old wire and setting `errorString`.
        #[cxx_name = "setWire"]
        fn set_wire(self: Pin<&mut Self>, wire: QString);

        /// `local` or `tcp`; an unknown name is refused with `errorString` set.
        #[cxx_name = "setTransport"]
        fn set_transport(self: Pin<&mut Self>, transport: QString);

        /// Asks the server for a fortune; ignored while a request is in flight.
        #[qinvokable]
        #[cxx_name = "requestFortune"]
        fn request_fortune(self: Pin<&mut Self>);

        #[qsignal]
        #[cxx_name = "fortuneReceived"]
        fn fortune_received(self: Pin<&mut Self>, fortune: QString, wire: QString);

        /// `kind` is one of the [`super::ErrorKind`] names; `message` is ready to show.
        #[qsignal]
        #[cxx_name = "errorOccurred"]
        fn error_occurred(self: Pin<&mut Self>, kind: QString, message: QString);

        // The socket's and the timer's signals, connected in C++ (cpp/fortune_client.cpp) so that each
        // is a direct call: the sockets live as long as the client and are reused.
        #[cxx_name = "socketReadyRead"]
        fn socket_ready_read(self: Pin<&mut Self>);
        #[cxx_name = "socketDisconnected"]
        fn socket_disconnected(self: Pin<&mut Self>);
        #[cxx_name = "localSocketError"]
        fn local_socket_error(self: Pin<&mut Self>, error: i32);
        #[cxx_name = "tcpSocketError"]
        fn tcp_socket_error(self: Pin<&mut Self>, error: i32);
        #[cxx_name = "tlsSocketError"]
        fn tls_socket_error(self: Pin<&mut Self>, error: i32);
        #[cxx_name = "tlsEncrypted"]
        fn tls_encrypted(self: Pin<&mut Self>);
        /// A check of the server's certificate failed (`QSslError::SslError`).
        #[cxx_name = "tlsCheckFailed"]
        fn tls_check_failed(self: Pin<&mut Self>, code: i32);
        /// A fatal TLS alert from the server (`QSsl::AlertType`).
        #[cxx_name = "tlsAlertReceived"]
        fn tls_alert_received(self: Pin<&mut Self>, kind: i32);
        #[cxx_name = "timedOut"]
        fn timed_out(self: Pin<&mut Self>);
    }

    impl cxx_qt::Threading for FortuneClient {}

    unsafe extern "C++" {
        include!("cxx-qt-sockets/qlocalsocket.h");
        type QLocalSocket = cxx_qt_sockets::QLocalSocket;
        include!("cxx-qt-sockets/qtcpsocket.h");
        type QTcpSocket = cxx_qt_sockets::QTcpSocket;
        include!("cxx-qt-sockets/qsslsocket.h");
        type QSslSocket = cxx_qt_sockets::QSslSocket;
        include!("cxx-qt-sockets/qtimer.h");
        type QTimer = cxx_qt_sockets::QTimer;
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        include!("local-fortune/fortune_client.h");
        /// The client's reusable QLocalSocket: its child, its signals calling the client.
        #[cxx_name = "newClientLocalSocket"]
        fn new_client_local_socket(client: Pin<&mut FortuneClient>) -> *mut QLocalSocket;
        /// The client's reusable QTcpSocket: its child, its signals calling the client.
        #[cxx_name = "newClientTcpSocket"]
        fn new_client_tcp_socket(client: Pin<&mut FortuneClient>) -> *mut QTcpSocket;
        /// The client's reusable QSslSocket (TLS over TCP): as the QTcpSocket, and its
        /// `encrypted` and fatal alerts.
        #[cxx_name = "newClientSslSocket"]
        fn new_client_ssl_socket(client: Pin<&mut FortuneClient>) -> *mut QSslSocket;
        /// The client's deadline: a single-shot timer, its child, calling `timedOut`.
        #[cxx_name = "newClientTimer"]
        fn new_client_timer(client: Pin<&mut FortuneClient>) -> *mut QTimer;
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        /// A new client that Rust owns (the CLI's, the bridge's).
        #[cxx_name = "newObject"]
        fn new_fortune_client() -> UniquePtr<FortuneClient>;
    }

    impl UniquePtr<FortuneClient> {}
}

pub use qobject::new_fortune_client;

use std::pin::Pin;

use cxx_qt::{CxxQtType, Threading};
use cxx_qt_lib::QString;

use cxx::UniquePtr;
use cxx_qt::casting::Upcast;
use cxx_qt_sockets::{
    AlertType, LocalSocketError, QLocalSocket, QSslConfiguration, QSslSocket, QTcpSocket, QTimer,
    SocketError, SocketState, SslErrorCode,
};

use self::qobject::{
    new_client_local_socket, new_client_ssl_socket, new_client_tcp_socket, new_client_timer,
};
use super::qml_types::qml_int;
use super::texts;
use super::tls::{self, HandshakeFailure, TlsSetupError};
use crate::core::endpoint::Transport;
use crate::core::socket_name::{self, NameError};
use crate::core::tls::TlsFiles;
use crate::core::wire::{DecodeError, Decoder, RawFrame, WireChoice, DEFAULT_MAX_STRING_BYTES};

/// How often the same fortune is answered by asking again before it is accepted. The original
/// asks forever, which loops against a one-fortune server or a mismatched wire.
pub const SAME_FORTUNE_RETRIES: u32 = 3;

/// Default time a request may take, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: i32 = 5000;

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

/// Every kind, in the order of their exit codes.
const ERROR_KINDS: [ErrorKind; 15] = [
    ErrorKind::ServerNotFound,
    ErrorKind::ConnectionRefused,
    ErrorKind::Timeout,
    ErrorKind::Malformed,
    ErrorKind::AccessDenied,
    ErrorKind::BadName,
    ErrorKind::Socket,
    ErrorKind::TlsUntrusted,
    ErrorKind::TlsHostMismatch,
    ErrorKind::TlsExpired,
    ErrorKind::TlsCertificateRequired,
    ErrorKind::TlsCertificateRefused,
    ErrorKind::TlsHandshakeTimeout,
    ErrorKind::TlsFiles,
    ErrorKind::TlsNoBackend,
];

impl ErrorKind {
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

    pub fn from_name(name: &str) -> Option<Self> {
        ERROR_KINDS.into_iter().find(|k| k.name() == name)
    }
}

/// What a relay gets instead of the signals: the frame as it arrived, or why there is none.
pub type RawOutcome = Result<RawFrame, (ErrorKind, String)>;

/// Where a relay takes each request's outcome (see [`qobject::FortuneClient::set_raw_sink`]).
pub type RawSink = Box<dyn FnMut(RawOutcome)>;

pub struct FortuneClientRust {
    transport: QString,
    server_name: QString,
    abstract_namespace: bool,
    host: QString,
    port: qml_int,
    wire: QString,
    timeout_ms: qml_int,
    max_string_bytes: u32,
    current_fortune: QString,
    detected_wire: QString,
    busy: bool,
    error_string: QString,
    tls: bool,
    tls_ca: QString,
    tls_certificate: QString,
    tls_key: QString,
    peer_subject: QString,

    choice: WireChoice,
    /// The attempt in flight reads from this transport's socket; None between attempts.
    reading: Option<Transport>,
    decoder: Option<Decoder>,
    /// Bytes the attempt in flight received.
    received: usize,
    /// Numbers each connection attempt; a deferred failure of an older one is dropped.
    attempt: u64,
    same_retries: u32,
    /// Made on first use, kept and reused by every later attempt (a QLocalSocket costs string
    /// signal connections to make): children of this object, deleted with it after its own
    /// connections are gone; null until made.
    local: *mut QLocalSocket,
    tcp: *mut QTcpSocket,
    ssl: *mut QSslSocket,
    timer: *mut QTimer,
    raw_sink: Option<RawSink>,
    /// The attempt in flight is over TLS: it reads from `ssl`.
    over_tls: bool,
    /// The TLS configuration of the files last given, and those files.
    tls_config: Option<(TlsFiles, UniquePtr<QSslConfiguration>)>,
    /// The attempt's TLS handshake is done.
    encrypted: bool,
    /// The last fatal alert the server sent in this attempt.
    alert: Option<AlertType>,
    /// What the certificate checks of this attempt's handshake found.
    checks_failed: Vec<SslErrorCode>,
}

impl Default for FortuneClientRust {
    fn default() -> Self {
        Self {
            transport: QString::from(Transport::Local.name()),
            server_name: QString::from("fortune"),
            abstract_namespace: false,
            host: QString::from("localhost"),
            port: qml_int(0),
            wire: QString::from(WireChoice::Auto.name()),
            timeout_ms: qml_int(DEFAULT_TIMEOUT_MS),
            max_string_bytes: DEFAULT_MAX_STRING_BYTES,
            current_fortune: QString::default(),
            detected_wire: QString::default(),
            busy: false,
            error_string: QString::default(),
            tls: false,
            tls_ca: QString::default(),
            tls_certificate: QString::default(),
            tls_key: QString::default(),
            peer_subject: QString::default(),
            choice: WireChoice::Auto,
            reading: None,
            decoder: None,
            received: 0,
            attempt: 0,
            same_retries: 0,
            local: std::ptr::null_mut(),
            tcp: std::ptr::null_mut(),
            ssl: std::ptr::null_mut(),
            timer: std::ptr::null_mut(),
            raw_sink: None,
            over_tls: false,
            tls_config: None,
            encrypted: false,
            alert: None,
            checks_failed: Vec::new(),
        }
    }
}

impl qobject::FortuneClient {
    /// Sets the expected wire by name (`auto` or one of the four); an unknown name is refused
    /// with `errorString` set.
    pub fn set_wire(mut self: Pin<&mut Self>, name: QString) {
        match name.to_string().parse::<WireChoice>() {
            Ok(choice) => {
                self.as_mut().rust_mut().choice = choice;
                if self.wire != name {
                    self.as_mut().rust_mut().wire = name;
                    self.as_mut().wire_changed();
                }
            }
            Err(e) => self.as_mut().set_error_text(e.to_string()),
        }
    }

    pub fn set_transport(mut self: Pin<&mut Self>, name: QString) {
        if Transport::from_name(&name.to_string()).is_none() {
            return self.set_error_text(format!(
                "unknown transport {name:?} (expected local or tcp)"
            ));
        }
        if self.transport != name {
            self.as_mut().rust_mut().transport = name;
            self.as_mut().transport_changed();
        }
    }

    fn transport_kind(&self) -> Transport {
        Transport::from_name(&self.transport.to_string()).unwrap_or_default()
    }

    /// Whether the attempt in flight reads from `transport`'s socket.
    fn reading_was(&self, transport: Transport) -> bool {
        self.reading == Some(transport)
    }

    pub fn request_fortune(mut self: Pin<&mut Self>) {
        if self.busy {
            return;
        }
        self.as_mut().rust_mut().same_retries = 0;
        self.as_mut().set_error_text(String::new());
        self.as_mut().set_busy(true);
        self.connect_once();
    }

    /// Hands every request's outcome to `sink` instead of the signals and properties (a relay:
    /// the bridge). The frame stays as it arrived, for the relay to re-frame; no same-fortune
    /// retry. `None`: the signals again.
    pub fn set_raw_sink(mut self: Pin<&mut Self>, sink: Option<RawSink>) {
        self.as_mut().rust_mut().raw_sink = sink;
    }

    /// One connection, on this transport's socket (made on first use, reused after).
    fn connect_once(mut self: Pin<&mut Self>) {
        self.as_mut().stop_reading();
        let transport = self.transport_kind();
        let formats = self.choice.formats(transport.wires());
        let decoder = Decoder::among(formats, self.max_string_bytes);
        let timeout_ms = i32::from(self.timeout_ms);
        if transport == Transport::Tcp && self.tls {
            // Before any QSslSocket exists: without a TLS backend, each one warns on stderr.
            if let Err((kind, message)) = self.as_mut().ensure_tls_config() {
                self.as_mut().rust_mut().attempt += 1;
                return self.fail_later(kind, message);
            }
        }
        self.as_mut().ensure_parts(transport);
        {
            let mut rust = self.as_mut().rust_mut();
            rust.attempt += 1;
            rust.decoder = Some(decoder);
            rust.received = 0;
            rust.reading = Some(transport);
            rust.over_tls = transport == Transport::Tcp && rust.tls;
            rust.encrypted = false;
            rust.alert = None;
            rust.checks_failed.clear();
        }
        if self.over_tls && !self.peer_subject.is_empty() {
            // Shown for the server verified last; this attempt has verified none yet.
            self.as_mut().rust_mut().peer_subject = QString::default();
            self.as_mut().peer_subject_changed();
        }
        if timeout_ms > 0 {
            if let Some(timer) = child(self.timer) {
                timer.start(timeout_ms);
            }
        }
        match transport {
            Transport::Local => self.connect_local(),
            Transport::Tcp => self.connect_tcp(),
        }
    }

    /// The socket of `transport` and the timer, made and connected once.
    fn ensure_parts(mut self: Pin<&mut Self>, transport: Transport) {
        if self.timer.is_null() {
            let timer = new_client_timer(self.as_mut());
            self.as_mut().rust_mut().timer = timer;
        }
        match transport {
            Transport::Local if self.local.is_null() => {
                let socket = new_client_local_socket(self.as_mut());
                self.rust_mut().local = socket;
            }
            Transport::Tcp if self.tls && self.ssl.is_null() => {
                let socket = new_client_ssl_socket(self.as_mut());
                self.rust_mut().ssl = socket;
            }
            Transport::Tcp if !self.tls && self.tcp.is_null() => {
                let socket = new_client_tcp_socket(self.as_mut());
                self.rust_mut().tcp = socket;
            }
            _ => {}
        }
    }

    fn connect_local(self: Pin<&mut Self>) {
        let name = self.server_name.clone();
        let abstract_namespace = self.abstract_namespace;
        // Qt would only say "Name error" for a name no socket can have. (Whether its folder
        // is there is looked at only if connecting fails: see `local_failure`.)
        if let Err(e) = socket_name::check_form(&name.to_string(), abstract_namespace) {
            return self.fail_later(ErrorKind::BadName, texts::bad_server_name(&e));
        }
        let mut socket = child(self.local).expect("made by ensure_parts");
        socket.as_mut().set_abstract_namespace(abstract_namespace);
        socket.connect_to_server(&name);
    }

    /// Why connecting to a socket file failed, the folder's own trouble first: a folder that
    /// does not exist, or that this user may not enter, is named as such.
    fn folder_trouble(&self) -> Option<(ErrorKind, String)> {
        if self.abstract_namespace {
            return None;
        }
        let path = socket_name::resolve(&self.server_name.to_string());
        match socket_name::check_folder(&path) {
            Ok(()) => None,
            Err(e @ NameError::FolderDenied { .. }) => {
                Some((ErrorKind::AccessDenied, texts::no_access(&e)))
            }
            Err(e) => Some((ErrorKind::ServerNotFound, texts::no_server(&e))),
        }
    }

    fn connect_tcp(self: Pin<&mut Self>) {
        let (host, port) = (self.host.clone(), i32::from(self.port));
        let port = match u16::try_from(port) {
            Ok(port) if port > 0 => port,
            _ => return self.fail_later(ErrorKind::Socket, texts::not_a_port_to_connect_to(port)),
        };
        if !self.over_tls {
            return child(self.tcp)
                .expect("made by ensure_parts")
                .connect_to_host(&host, port);
        }
        let mut socket = child(self.ssl).expect("made by ensure_parts");
        if let Some((_, config)) = &self.tls_config {
            socket.as_mut().set_ssl_configuration(config);
        }
        socket.connect_to_host_encrypted(&host, port);
    }

    /// The files TLS was given.
    pub fn tls_files(&self) -> TlsFiles {
        tls::files(&self.tls_certificate, &self.tls_key, &self.tls_ca)
    }

    /// The TLS configuration of the files given now (read again when they change).
    fn ensure_tls_config(mut self: Pin<&mut Self>) -> Result<(), (ErrorKind, String)> {
        let files = self.tls_files();
        if matches!(&self.tls_config, Some((made_of, _)) if *made_of == files) {
            return Ok(());
        }
        let config = tls::client_configuration(&files).map_err(|e| {
            let kind = match e {
                TlsSetupError::Files(_) => ErrorKind::TlsFiles,
                TlsSetupError::NoBackend(_) => ErrorKind::TlsNoBackend,
            };
            (kind, e.message())
        })?;
        self.as_mut().rust_mut().tls_config = Some((files, config));
        Ok(())
    }

    fn tls_encrypted(mut self: Pin<&mut Self>) {
        if !self.over_tls || self.reading.is_none() {
            return;
        }
        self.as_mut().rust_mut().encrypted = true;
        let subject = child(self.ssl)
            .map(|s| s.peer_subject())
            .unwrap_or_default();
        if self.peer_subject != subject {
            self.as_mut().rust_mut().peer_subject = subject;
            self.peer_subject_changed();
        }
    }

    fn tls_check_failed(mut self: Pin<&mut Self>, code: i32) {
        if self.over_tls && self.reading.is_some() {
            self.as_mut()
                .rust_mut()
                .checks_failed
                .push(SslErrorCode { repr: code });
        }
    }

    fn tls_alert_received(mut self: Pin<&mut Self>, kind: i32) {
        if self.over_tls && self.reading.is_some() {
            self.as_mut().rust_mut().alert = Some(AlertType { repr: kind });
        }
    }

    fn tls_socket_error(self: Pin<&mut Self>, error: i32) {
        if !self.over_tls || self.reading != Some(Transport::Tcp) {
            return;
        }
        let error = SocketError { repr: error };
        match self.tls_failure() {
            Some((kind, message)) => self.fail_later(kind, message),
            // A failed handshake that no check explains: Qt's words for it.
            None if error == SocketError::SslHandshakeFailedError => {
                let message = texts::other_error(&self.ssl_error_string());
                self.fail_later(ErrorKind::Socket, message)
            }
            // Not TLS's doing: as over plain TCP.
            None => self.tcp_error(error),
        }
    }

    /// What TLS's checks and the server's alert say went wrong in this attempt, if anything.
    /// Asked when the socket fails, and when the stream ends without a byte (Qt may say
    /// `disconnected` before the error).
    fn tls_failure(&self) -> Option<(ErrorKind, String)> {
        let presented = self.tls_files().certificate.is_some();
        Some(
            match tls::classify(&self.checks_failed, self.alert, presented) {
                HandshakeFailure::Untrusted(code) => (
                    ErrorKind::TlsUntrusted,
                    texts::tls_untrusted(&texts::untrusted_check(code)),
                ),
                HandshakeFailure::HostMismatch => {
                    let subject = child(self.ssl)
                        .map(|s| s.peer_subject())
                        .unwrap_or_default();
                    (
                        ErrorKind::TlsHostMismatch,
                        texts::tls_host_mismatch(&self.host, subject),
                    )
                }
                HandshakeFailure::Expired => (ErrorKind::TlsExpired, texts::tls_expired()),
                HandshakeFailure::CertificateRequired => (
                    ErrorKind::TlsCertificateRequired,
                    texts::tls_certificate_required(),
                ),
                HandshakeFailure::CertificateRefused => (
                    ErrorKind::TlsCertificateRefused,
                    texts::tls_certificate_refused(),
                ),
                HandshakeFailure::Other => return None,
            },
        )
    }

    fn ssl_error_string(&self) -> QString {
        child(self.ssl)
            .map(|s| Upcast::<QTcpSocket>::upcast(&*s).error_string())
            .unwrap_or_default()
    }

    /// A failure said from the event loop: found before connecting, or by a socket, which may
    /// say it inside `connectToServer` itself, before the caller runs the event loop (`fetch`
    /// asks before `exec`).
    fn fail_later(self: Pin<&mut Self>, kind: ErrorKind, message: String) {
        let attempt = self.attempt;
        let _ = self
            .qt_thread()
            .queue(move |client| client.fail_attempt(attempt, kind, message));
    }

    fn socket_ready_read(self: Pin<&mut Self>) {
        self.read_available(false);
    }

    /// The server closed: the end of the stream (Qt emits readyRead for the last bytes first;
    /// whatever is still unread is read here).
    fn socket_disconnected(self: Pin<&mut Self>) {
        self.read_available(true);
    }

    /// Reads what the socket of the attempt in flight holds; `end`: the stream ended.
    fn read_available(self: Pin<&mut Self>, end: bool) {
        let bytes = match self.reading {
            Some(Transport::Local) => child(self.local).map(|s| s.read_all()),
            Some(Transport::Tcp) if self.over_tls => {
                child(self.ssl).map(|s| Upcast::<QTcpSocket>::upcast_pin(s).read_all())
            }
            Some(Transport::Tcp) => child(self.tcp).map(|s| s.read_all()),
            None => None,
        };
        let Some(bytes) = bytes else {
            return;
        };
        self.on_bytes(bytes.as_slice(), end);
    }

    fn local_socket_error(self: Pin<&mut Self>, error: i32) {
        if self.reading != Some(Transport::Local) {
            return;
        }
        let error = LocalSocketError { repr: error };
        if error == LocalSocketError::PeerClosedError {
            // The server closing after its frame is the normal end, handled on disconnect.
            return;
        }
        if let Some((kind, message)) = self.folder_trouble() {
            return self.fail_later(kind, message);
        }
        let (kind, message) = match error {
            LocalSocketError::ServerNotFoundError => {
                (ErrorKind::ServerNotFound, texts::local_server_not_found())
            }
            LocalSocketError::ConnectionRefusedError => (
                ErrorKind::ConnectionRefused,
                texts::local_connection_refused(),
            ),
            LocalSocketError::SocketAccessError => (
                ErrorKind::AccessDenied,
                texts::access_denied(socket_name::resolve(&self.server_name.to_string()).display()),
            ),
            _ => (
                ErrorKind::Socket,
                texts::other_error(
                    &child(self.local)
                        .map(|s| s.error_string())
                        .unwrap_or_default(),
                ),
            ),
        };
        self.fail_later(kind, message);
    }

    fn tcp_socket_error(self: Pin<&mut Self>, error: i32) {
        if self.reading != Some(Transport::Tcp) || self.over_tls {
            return;
        }
        self.tcp_error(SocketError { repr: error });
    }

    /// A TCP socket's error (plain or TLS), as the original Fortune Client says it.
    fn tcp_error(self: Pin<&mut Self>, error: SocketError) {
        let (kind, message) = match error {
            // The server closing after its frame is the normal end, handled on disconnect.
            SocketError::RemoteHostClosedError => return,
            SocketError::HostNotFoundError => {
                (ErrorKind::ServerNotFound, texts::tcp_host_not_found())
            }
            SocketError::ConnectionRefusedError => (
                ErrorKind::ConnectionRefused,
                texts::tcp_connection_refused(),
            ),
            _ => (
                ErrorKind::Socket,
                texts::other_error(&if self.over_tls {
                    self.ssl_error_string()
                } else {
                    child(self.tcp)
                        .map(|s| s.error_string())
                        .unwrap_or_default()
                }),
            ),
        };
        self.fail_later(kind, message);
    }

    fn timed_out(self: Pin<&mut Self>) {
        let (attempt, timeout_ms) = (self.attempt, i32::from(self.timeout_ms));
        // Connected, and no handshake done: TLS is what did not finish (else the connection).
        let connected = child(self.ssl).is_some_and(|s| {
            Upcast::<QTcpSocket>::upcast(&*s).state() == SocketState::ConnectedState
        });
        if self.over_tls && connected && !self.encrypted {
            let message = texts::tls_handshake_timeout(timeout_ms);
            return self.fail_attempt(attempt, ErrorKind::TlsHandshakeTimeout, message);
        }
        self.fail_attempt(attempt, ErrorKind::Timeout, texts::timeout(timeout_ms));
    }

    fn on_bytes(mut self: Pin<&mut Self>, bytes: &[u8], end: bool) {
        let fed = match self.as_mut().rust_mut().decoder.as_mut() {
            Some(decoder) => decoder.feed(bytes),
            None => return,
        };
        if let Err(e) = fed {
            return self.fail_malformed(e);
        }
        self.as_mut().rust_mut().received += bytes.len();
        if !end {
            return;
        }
        let attempt = self.attempt;
        if self.received == 0 && self.over_tls {
            if let Some((kind, message)) = self.tls_failure() {
                return self.fail_attempt(attempt, kind, message);
            }
        }
        if self.received == 0 && self.reading_was(Transport::Local) {
            // What a local server does to a user its --access does not admit.
            return self.fail_attempt(
                attempt,
                ErrorKind::AccessDenied,
                texts::closed_without_fortune(),
            );
        }
        let decoder = self
            .as_mut()
            .rust_mut()
            .decoder
            .take()
            .expect("checked above");
        match decoder.finish_raw() {
            Ok(raw) => self.deliver(raw),
            Err(e) => self.fail_malformed(e),
        }
    }

    fn deliver(mut self: Pin<&mut Self>, raw: RawFrame) {
        // A null or empty string is no fortune. The original shows it, finds it equal to the
        // empty label and asks again forever; asking again would only get the same.
        if raw.string_bytes().is_empty() {
            let attempt = self.attempt;
            let message = texts::empty_fortune(raw.wire);
            return self.fail_attempt(attempt, ErrorKind::Malformed, message);
        }
        if self.raw_sink.is_some() {
            self.as_mut().end_attempt();
            return self.tell_sink(Ok(raw));
        }
        let decoded = raw.decoded();
        let text = QString::from(&decoded.text);
        if text == self.current_fortune && self.same_retries < SAME_FORTUNE_RETRIES {
            // Asked again from the event loop: not inside the socket's own signal.
            self.as_mut().rust_mut().same_retries += 1;
            self.as_mut().stop_reading();
            let _ = self.qt_thread().queue(|client| {
                if client.busy {
                    client.connect_once();
                }
            });
            return;
        }
        let wire = QString::from(decoded.wire.name());
        self.as_mut().rust_mut().current_fortune = text.clone();
        self.as_mut().current_fortune_changed();
        if self.detected_wire != wire {
            self.as_mut().rust_mut().detected_wire = wire.clone();
            self.as_mut().detected_wire_changed();
        }
        self.as_mut().end_attempt();
        self.fortune_received(text, wire);
    }

    fn tell_sink(mut self: Pin<&mut Self>, outcome: RawOutcome) {
        if let Some(sink) = self.as_mut().rust_mut().raw_sink.as_mut() {
            sink(outcome);
        }
    }

    fn fail_malformed(self: Pin<&mut Self>, e: DecodeError) {
        let attempt = self.attempt;
        self.fail_attempt(attempt, ErrorKind::Malformed, texts::malformed_frame(e));
    }

    fn fail_attempt(mut self: Pin<&mut Self>, attempt: u64, kind: ErrorKind, message: String) {
        if attempt != self.attempt || !self.busy {
            return;
        }
        self.as_mut().end_attempt();
        if self.raw_sink.is_some() {
            return self.tell_sink(Err((kind, message)));
        }
        self.as_mut().set_error_text(message.clone());
        self.error_occurred(QString::from(kind.name()), QString::from(&message));
    }

    /// The attempt in flight reads no more: its socket is closed (its signals from here on are
    /// ignored), its deadline off.
    fn stop_reading(mut self: Pin<&mut Self>) {
        let (timer, local, tcp, ssl) = {
            let mut rust = self.as_mut().rust_mut();
            rust.reading = None;
            rust.decoder = None;
            (rust.timer, rust.local, rust.tcp, rust.ssl)
        };
        if let Some(socket) = child(ssl) {
            Upcast::<QTcpSocket>::upcast_pin(socket).abort();
        }
        if let Some(timer) = child(timer) {
            timer.stop();
        }
        if let Some(socket) = child(local) {
            socket.abort();
        }
        if let Some(socket) = child(tcp) {
            socket.abort();
        }
    }

    /// Ends the request: the connection closed, events still to come for it ignored.
    fn end_attempt(mut self: Pin<&mut Self>) {
        self.as_mut().stop_reading();
        self.as_mut().rust_mut().attempt += 1;
        self.set_busy(false);
    }

    fn set_busy(mut self: Pin<&mut Self>, busy: bool) {
        if self.busy != busy {
            self.as_mut().rust_mut().busy = busy;
            self.as_mut().busy_changed();
        }
    }

    fn set_error_text(mut self: Pin<&mut Self>, message: String) {
        let message = QString::from(&message);
        if self.error_string != message {
            self.as_mut().rust_mut().error_string = message;
            self.as_mut().error_string_changed();
        }
    }
}

/// A child object of a client (its socket or timer), if made.
fn child<'a, T>(object: *mut T) -> Option<Pin<&'a mut T>> {
    // SAFETY: a child of the client, alive as long as it is, and QObjects never move; the
    // client only reaches it from its own methods, one at a time.
    unsafe { object.as_mut().map(|o| Pin::new_unchecked(o)) }
}
