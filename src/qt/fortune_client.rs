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
        #[cxx_name = "connectClientLocalSocket"]
        fn connect_client_local_socket(
            client: Pin<&mut FortuneClient>,
            socket: Pin<&mut QLocalSocket>,
        );
        /// The client's reusable QTcpSocket: its child, its signals calling the client.
        #[cxx_name = "connectClientTcpSocket"]
        fn connect_client_tcp_socket(client: Pin<&mut FortuneClient>, socket: Pin<&mut QTcpSocket>);
        /// The client's reusable QSslSocket (TLS over TCP): as the QTcpSocket, and its
        /// `encrypted` and fatal alerts.
        #[cxx_name = "connectClientSslSocket"]
        fn connect_client_ssl_socket(client: Pin<&mut FortuneClient>, socket: Pin<&mut QSslSocket>);
        /// The client's deadline: a single-shot timer, its child, calling `timedOut`.
        #[cxx_name = "connectClientTimer"]
        fn connect_client_timer(client: Pin<&mut FortuneClient>, timer: Pin<&mut QTimer>);
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
    AlertType, LocalSocketError, QLocalSocket, QPtr, QSslConfiguration, QSslSocket, QTcpSocket,
    QTimer, SocketError, SocketState, SslErrorCode,
};

use self::qobject::{
    connect_client_local_socket, connect_client_ssl_socket, connect_client_tcp_socket,
    connect_client_timer,
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

mod encrypted;
mod failures;
mod reading;

pub use super::fetch::ErrorKind;

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
    local: Option<QPtr<QLocalSocket>>,
    tcp: Option<QPtr<QTcpSocket>>,
    ssl: Option<QPtr<QSslSocket>>,
    timer: Option<QPtr<QTimer>>,
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
            local: None,
            tcp: None,
            ssl: None,
            timer: None,
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
            child(&self.timer, |timer| timer.start(timeout_ms));
        }
        match transport {
            Transport::Local => self.connect_local(),
            Transport::Tcp => self.connect_tcp(),
        }
    }

    /// The socket of `transport` and the timer, made and connected once: the client's children
    /// (Qt disconnects them from the client before it deletes them with it).
    fn ensure_parts(mut self: Pin<&mut Self>, transport: Transport) {
        if self.timer.is_none() {
            let mut timer = QTimer::new();
            connect_client_timer(self.as_mut(), timer.pin_mut());
            let timer = timer.into_child_of(self.as_mut().upcast_pin());
            self.as_mut().rust_mut().timer = Some(timer);
        }
        match transport {
            Transport::Local if self.local.is_none() => {
                let mut socket = QLocalSocket::new();
                connect_client_local_socket(self.as_mut(), socket.pin_mut());
                let socket = socket.into_child_of(self.as_mut().upcast_pin());
                self.rust_mut().local = Some(socket);
            }
            Transport::Tcp if self.tls && self.ssl.is_none() => {
                let mut socket = QSslSocket::new();
                connect_client_ssl_socket(self.as_mut(), socket.pin_mut());
                let socket = socket.into_child_of(self.as_mut().upcast_pin());
                self.rust_mut().ssl = Some(socket);
            }
            Transport::Tcp if !self.tls && self.tcp.is_none() => {
                let mut socket = QTcpSocket::new();
                connect_client_tcp_socket(self.as_mut(), socket.pin_mut());
                let socket = socket.into_child_of(self.as_mut().upcast_pin());
                self.rust_mut().tcp = Some(socket);
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
        child(&self.local, |mut socket| {
            socket.as_mut().set_abstract_namespace(abstract_namespace);
            socket.connect_to_server(&name);
        });
    }

    fn connect_tcp(self: Pin<&mut Self>) {
        let (host, port) = (self.host.clone(), i32::from(self.port));
        let port = match u16::try_from(port) {
            Ok(port) if port > 0 => port,
            _ => return self.fail_later(ErrorKind::Socket, texts::not_a_port_to_connect_to(port)),
        };
        if !self.over_tls {
            child(&self.tcp, |socket| {
                socket.socket().connect_to_host(&host, port)
            });
            return;
        }
        let config = self.tls_config.as_ref().map(|(_, config)| &**config);
        child(&self.ssl, |mut socket| {
            if let Some(config) = config {
                socket.as_mut().set_ssl_configuration(config);
            }
            socket.connect_to_host_encrypted(&host, port);
        });
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
            let parts = (&rust.timer, &rust.local, &rust.tcp, &rust.ssl);
            (
                parts.0.clone(),
                parts.1.clone(),
                parts.2.clone(),
                parts.3.clone(),
            )
        };
        child(&ssl, |socket| socket.socket().abort());
        child(&timer, |timer| timer.stop());
        child(&local, |socket| socket.abort());
        child(&tcp, |socket| socket.socket().abort());
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

/// Runs `f` with a child of the client (its socket or timer), if made and alive.
fn child<T: Upcast<cxx_qt::QObject>, R>(
    part: &Option<QPtr<T>>,
    f: impl FnOnce(Pin<&mut T>) -> R,
) -> Option<R> {
    part.as_ref().and_then(|part| part.with(f))
}
