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
    }

    impl cxx_qt::Threading for FortuneClient {}
}

use std::pin::Pin;
use std::time::Duration;

use cxx::UniquePtr;
use cxx_qt::{CxxQtThread, CxxQtType, Threading};
use cxx_qt_lib::QString;

use super::qlocal_socket::{
    connect_to_server, new_local_socket, set_abstract_namespace, LocalSocketError, QLocalSocket,
};
use super::qml_types::qml_int;
use super::qtcp_socket::{connect_to_host, new_tcp_socket, QTcpSocket, SocketError};
use super::texts;
use crate::core::deadline;
use crate::core::endpoint::Transport;
use crate::core::socket_name::{self, NameError};
use crate::core::wire::{DecodeError, Decoded, Decoder, WireChoice, DEFAULT_MAX_STRING_BYTES};

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
}

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
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            ErrorKind::ServerNotFound,
            ErrorKind::ConnectionRefused,
            ErrorKind::Timeout,
            ErrorKind::Malformed,
            ErrorKind::AccessDenied,
            ErrorKind::BadName,
            ErrorKind::Socket,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// The socket of the attempt in flight: one of Qt's two stream sockets.
enum Socket {
    None,
    Local(UniquePtr<QLocalSocket>),
    Tcp(UniquePtr<QTcpSocket>),
}

impl Socket {
    fn abort(&mut self) {
        match self {
            Socket::Local(s) => {
                if let Some(s) = s.as_mut() {
                    s.abort()
                }
            }
            Socket::Tcp(s) => {
                if let Some(s) = s.as_mut() {
                    s.abort()
                }
            }
            Socket::None => {}
        }
    }
}

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

    choice: WireChoice,
    socket: Socket,
    decoder: Option<Decoder>,
    /// Bytes the attempt in flight received.
    received: usize,
    /// Numbers each connection attempt; events of an older attempt are dropped.
    attempt: u64,
    same_retries: u32,
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
            choice: WireChoice::Auto,
            socket: Socket::None,
            decoder: None,
            received: 0,
            attempt: 0,
            same_retries: 0,
        }
    }
}

/// Queues a socket's `readyRead` and `disconnected` back to the client as bytes and end of
/// stream: the same on both socket types.
macro_rules! forward_reads {
    ($socket:ident, $events:ident) => {
        let on_read = $events.clone();
        $socket
            .as_mut()
            .on_ready_read(move |socket| on_read.bytes(socket.read_all().as_slice().to_vec()))
            .release();
        let on_end = $events.clone();
        $socket
            .as_mut()
            .on_disconnected(move |_| on_end.end())
            .release();
    };
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

    pub fn request_fortune(mut self: Pin<&mut Self>) {
        if self.busy {
            return;
        }
        self.as_mut().rust_mut().same_retries = 0;
        self.as_mut().set_error_text(String::new());
        self.as_mut().set_busy(true);
        self.connect_once();
    }

    /// One connection: a fresh socket whose signals only queue events back to this object,
    /// so the socket is never deleted inside its own signal.
    fn connect_once(mut self: Pin<&mut Self>) {
        let attempt = self.attempt + 1;
        let transport = self.transport_kind();
        let formats = self.choice.formats(transport.wires());
        let decoder = Decoder::among(formats, self.max_string_bytes);
        let timeout_ms = i32::from(self.timeout_ms);
        {
            let mut rust = self.as_mut().rust_mut();
            rust.attempt = attempt;
            rust.decoder = Some(decoder);
            rust.received = 0;
            rust.socket.abort();
        }
        let events = Events {
            qt: self.qt_thread(),
            attempt,
        };
        match transport {
            Transport::Local => self.as_mut().connect_local(events.clone()),
            Transport::Tcp => self.as_mut().connect_tcp(events.clone()),
        }
        if timeout_ms > 0 {
            deadline::after(Duration::from_millis(timeout_ms as u64), move || {
                events.fail(ErrorKind::Timeout, texts::timeout(timeout_ms))
            });
        }
    }

    fn connect_local(mut self: Pin<&mut Self>, events: Events) {
        let name = self.server_name.clone();
        let abstract_namespace = self.abstract_namespace;
        // Qt would only say "not found" (or "Name error") for a name no socket can have.
        let path = match socket_name::check(&name.to_string(), abstract_namespace) {
            Ok(path) => path,
            Err(e @ (NameError::NoFolder(_) | NameError::NotAFolder(_))) => {
                return events.fail(ErrorKind::ServerNotFound, texts::no_server(&e))
            }
            Err(e @ NameError::FolderDenied { .. }) => {
                return events.fail(ErrorKind::AccessDenied, texts::no_access(&e))
            }
            Err(e) => return events.fail(ErrorKind::BadName, texts::bad_server_name(&e)),
        };
        let mut rust = self.as_mut().rust_mut();
        rust.socket = Socket::Local(new_local_socket());
        let Socket::Local(socket) = &mut rust.socket else {
            unreachable!("just set")
        };
        let mut socket = socket.pin_mut();
        forward_reads!(socket, events);
        socket
            .as_mut()
            .on_error_occurred(move |socket, error| {
                let (kind, message) = match error {
                    // The server closing after its frame is the normal end, handled on disconnect.
                    LocalSocketError::PeerClosedError => return,
                    LocalSocketError::ServerNotFoundError => {
                        (ErrorKind::ServerNotFound, texts::local_server_not_found())
                    }
                    LocalSocketError::ConnectionRefusedError => (
                        ErrorKind::ConnectionRefused,
                        texts::local_connection_refused(),
                    ),
                    LocalSocketError::SocketAccessError => (
                        ErrorKind::AccessDenied,
                        texts::access_denied(path.display()),
                    ),
                    _ => (
                        ErrorKind::Socket,
                        texts::other_error(&socket.error_string()),
                    ),
                };
                events.fail(kind, message);
            })
            .release();
        set_abstract_namespace(socket.as_mut(), abstract_namespace);
        connect_to_server(socket, &name);
    }

    fn connect_tcp(mut self: Pin<&mut Self>, events: Events) {
        let (host, port) = (self.host.clone(), i32::from(self.port));
        let mut rust = self.as_mut().rust_mut();
        rust.socket = Socket::Tcp(new_tcp_socket());
        let Socket::Tcp(socket) = &mut rust.socket else {
            unreachable!("just set")
        };
        let mut socket = socket.pin_mut();
        forward_reads!(socket, events);
        let on_error = events.clone();
        socket
            .as_mut()
            .on_error_occurred(move |socket, error| {
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
                        texts::other_error(&socket.error_string()),
                    ),
                };
                on_error.fail(kind, message);
            })
            .release();
        match u16::try_from(port) {
            Ok(port) if port > 0 => connect_to_host(socket, &host, port),
            _ => events.fail(ErrorKind::Socket, texts::not_a_port_to_connect_to(port)),
        }
    }

    fn on_bytes(mut self: Pin<&mut Self>, attempt: u64, bytes: Vec<u8>, end: bool) {
        if attempt != self.attempt {
            return;
        }
        let fed = match self.as_mut().rust_mut().decoder.as_mut() {
            Some(decoder) => decoder.feed(&bytes),
            None => return,
        };
        if let Err(e) = fed {
            return self.fail_malformed(e);
        }
        self.as_mut().rust_mut().received += bytes.len();
        if !end {
            return;
        }
        if self.received == 0 && self.transport_kind() == Transport::Local {
            // What a local server does to a user its --access does not admit.
            let attempt = self.attempt;
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
        match decoder.finish() {
            Ok(decoded) => self.deliver(decoded),
            Err(e) => self.fail_malformed(e),
        }
    }

    fn deliver(mut self: Pin<&mut Self>, decoded: Decoded) {
        // A null or empty string is no fortune. The original shows it, finds it equal to the
        // empty label and asks again forever; asking again would only get the same.
        if decoded.text.is_empty() {
            let attempt = self.attempt;
            let message = texts::empty_fortune(decoded.wire);
            return self.fail_attempt(attempt, ErrorKind::Malformed, message);
        }
        let text = QString::from(&decoded.text);
        if text == self.current_fortune && self.same_retries < SAME_FORTUNE_RETRIES {
            self.as_mut().rust_mut().same_retries += 1;
            return self.connect_once();
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

    fn fail_malformed(self: Pin<&mut Self>, e: DecodeError) {
        let attempt = self.attempt;
        self.fail_attempt(attempt, ErrorKind::Malformed, texts::malformed_frame(e));
    }

    fn fail_attempt(mut self: Pin<&mut Self>, attempt: u64, kind: ErrorKind, message: String) {
        if attempt != self.attempt || !self.busy {
            return;
        }
        self.as_mut().end_attempt();
        self.as_mut().set_error_text(message.clone());
        self.error_occurred(QString::from(kind.name()), QString::from(&message));
    }

    /// Closes the connection; events still queued for it are ignored from here on.
    fn end_attempt(mut self: Pin<&mut Self>) {
        {
            let mut rust = self.as_mut().rust_mut();
            rust.decoder = None;
            rust.attempt += 1;
            rust.socket.abort();
        }
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

/// Queues a socket's events back to the client, tagged with their attempt.
#[derive(Clone)]
struct Events {
    qt: CxxQtThread<qobject::FortuneClient>,
    attempt: u64,
}

impl Events {
    fn bytes(&self, bytes: Vec<u8>) {
        let attempt = self.attempt;
        let _ = self
            .qt
            .queue(move |this| this.on_bytes(attempt, bytes, false));
    }

    /// Qt emits readyRead for the last bytes before disconnected, and the queue keeps that
    /// order: this is the end of stream.
    fn end(&self) {
        let attempt = self.attempt;
        let _ = self
            .qt
            .queue(move |this| this.on_bytes(attempt, Vec::new(), true));
    }

    fn fail(&self, kind: ErrorKind, message: String) {
        let attempt = self.attempt;
        let _ = self
            .qt
            .queue(move |this| this.fail_attempt(attempt, kind, message));
    }
}
