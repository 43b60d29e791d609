//! `FortuneServer`: Qt's Local Fortune server, and its TCP sibling Fortune Server, as one
//! QObject shared by the QML window and the headless CLI. Qt's QLocalServer or QTcpServer
//! listens; a `FortuneAcceptor` accepts and serves, alike on both transports (see
//! [`super::fortune_acceptor`] and [`super::serving`]).

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        include!("local-fortune/qml_types.h");
        #[cxx_name = "lf_int"]
        type qml_int = crate::qt::qml_types::qml_int;
        #[cxx_name = "qlonglong"]
        type qml_long = crate::qt::qml_types::qml_long;
    }

    extern "RustQt" {
        #[qobject]
        #[qml_element]
        /// `local` (QLocalServer, `serverName`) or `tcp` (QTcpServer, `host` and `port`).
        #[qproperty(QString, transport, READ, WRITE = set_transport, NOTIFY)]
        #[qproperty(QString, server_name, cxx_name = "serverName")]
        /// Local: who may connect, `user` (default), `group`, `other` or `world`.
        #[qproperty(QString, access, READ, WRITE = set_access, NOTIFY)]
        /// Local, Linux: listen in the abstract namespace (no socket file) instead.
        #[qproperty(bool, abstract_namespace, cxx_name = "abstractNamespace")]
        /// TCP: the address to listen on; empty for every address. Default 127.0.0.1.
        #[qproperty(QString, host)]
        /// TCP: the port to listen on; 0 lets the system pick one (see `serverPort`).
        #[qproperty(qml_int, port)]
        #[qproperty(QString, wire, READ, WRITE = set_wire, NOTIFY)]
        #[qproperty(bool, listening, READ, NOTIFY)]
        #[qproperty(QString, full_server_name, cxx_name = "fullServerName", READ, NOTIFY)]
        /// TCP, while listening: the address to give clients (for every address, the first
        /// non-loopback IPv4 one, as the original shows) and the port really listened on.
        #[qproperty(QString, server_address, cxx_name = "serverAddress", READ, NOTIFY)]
        #[qproperty(qml_int, server_port, cxx_name = "serverPort", READ, NOTIFY)]
        #[qproperty(QString, error_string, cxx_name = "errorString", READ, NOTIFY)]
        // qml_long: C++ qlonglong, a type QML's tooling knows (std::uint64_t is not).
        #[qproperty(qml_long, served, READ, NOTIFY)]
        /// A condition the server is in while listening, for the status line (e.g. out of
        /// descriptors, clients waiting); empty when all is well.
        #[qproperty(QString, notice, READ, NOTIFY)]
        /// A client that has not taken its whole fortune within this many milliseconds is
        /// closed. Takes effect at the next `listen`.
        #[qproperty(qml_int, write_timeout_ms, cxx_name = "writeTimeoutMs")]
        /// Clients that take their fortune slowly at once at most; beyond, a new one is closed
        /// at once. Takes effect at the next `listen`.
        #[qproperty(qml_int, max_slow_clients, cxx_name = "maxSlowClients")]
        /// TCP: serve over TLS with this certificate chain (a PEM file; with `tlsKey`). Empty:
        /// plain TCP, as the originals. Takes effect at the next `listen`.
        #[qproperty(QString, tls_certificate, cxx_name = "tlsCertificate")]
        /// TCP: the private key of `tlsCertificate` (a PEM file).
        #[qproperty(QString, tls_key, cxx_name = "tlsKey")]
        /// TCP with TLS: admit only clients whose certificate this CA (a PEM file) signed.
        #[qproperty(QString, tls_client_ca, cxx_name = "tlsClientCa")]
        type FortuneServer = super::FortuneServerRust;

        /// Refuses an unknown name, keeping the old wire and setting `errorString`.
        #[cxx_name = "setWire"]
        fn set_wire(self: Pin<&mut Self>, wire: QString);

        /// `user`, `group`, `other` or `world`; an unknown name is refused with `errorString` set.
        #[cxx_name = "setAccess"]
        fn set_access(self: Pin<&mut Self>, access: QString);

        /// `local` or `tcp`; refused (with `errorString` set) while listening or unknown. The
        /// wire becomes the new transport's default: what our Qt's examples speak over it.
        #[cxx_name = "setTransport"]
        fn set_transport(self: Pin<&mut Self>, transport: QString);

        /// Starts listening on `serverName`, or on `host`:`port` over TCP; on failure sets
        /// `errorString`, emits `listenFailed` and returns false.
        #[qinvokable]
        fn listen(self: Pin<&mut Self>) -> bool;

        /// Stops accepting connections (and removes the socket file).
        #[qinvokable]
        #[cxx_name = "stopListening"]
        fn stop_listening(self: Pin<&mut Self>);

        #[qsignal]
        #[cxx_name = "listenFailed"]
        fn listen_failed(self: Pin<&mut Self>, message: QString);

        /// One line for the log: what the server did on its own (a shortage of descriptors and
        /// its end, clients it closed without a fortune, once per burst).
        #[qsignal]
        fn logged(self: Pin<&mut Self>, line: QString);
    }

    impl cxx_qt::Threading for FortuneServer {}

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        /// A new server that Rust owns (the CLI's, the bridge's).
        #[cxx_name = "newObject"]
        fn new_fortune_server() -> UniquePtr<FortuneServer>;
    }

    impl UniquePtr<FortuneServer> {}
}

pub use qobject::new_fortune_server;

mod listening;

use std::net::IpAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use cxx::UniquePtr;
use cxx_qt::{CxxQtType, Threading};
use cxx_qt_lib::{qintptr, QString};
use cxx_qt_sockets::{
    LocalServerOptions, QBox, QLocalServer, QSslConfiguration, QTcpServer, SocketError,
};

use super::application::{built_qt, default_local_wire};
use super::fortune_acceptor::{
    ffi::FortuneAcceptor, new_fortune_acceptor, Limits, PeerCheck, Report,
    DEFAULT_MAX_SLOW_CLIENTS, DEFAULT_WRITE_TIMEOUT_MS,
};
use super::qml_types::{qml_int, qml_long};
use super::serving::Serving;
use super::texts;
use super::tls::{self, TlsSetupError};
use crate::core::endpoint::{TcpAddress, Transport, DEFAULT_LISTEN_HOST};
use crate::core::fortunes::{Fortunes, FortunesError, Frames};
use crate::core::peer::{Credentials, CAN_CHECK_PEERS};
use crate::core::socket_name::{self, Access, Occupant};
use crate::core::tls::{reachable_from_network, TlsFiles};
use crate::core::wire::Wire;

/// The listen backlog asked for: as long as the system allows (the kernel caps it at
/// net.core.somaxconn, 4096 since Linux 5.4). Qt's 50 is short for a burst of clients: over TCP
/// a connection beyond it has its SYN dropped and waits a 1 s retransmission, locally its
/// `connect` blocks or fails with EAGAIN.
const LISTEN_BACKLOG: i32 = i32::MAX;

pub struct FortuneServerRust {
    transport: QString,
    server_name: QString,
    access: QString,
    abstract_namespace: bool,
    host: QString,
    port: qml_int,
    wire: QString,
    listening: bool,
    full_server_name: QString,
    server_address: QString,
    server_port: qml_int,
    error_string: QString,
    served: qml_long,
    notice: QString,
    write_timeout_ms: qml_int,
    max_slow_clients: qml_int,
    tls_certificate: QString,
    tls_key: QString,
    tls_client_ca: QString,

    fortunes: Fortunes,
    frames: Arc<Frames>,
    local: QBox<QLocalServer>,
    tcp: QBox<QTcpServer>,
    acceptor: UniquePtr<FortuneAcceptor>,
    portable: bool,
    /// Listening on a socket systemd passed, whose file stays systemd's.
    inherited: bool,
    /// A bridge's: accepted descriptors go there instead of getting a frame.
    relay: Option<RelayHandOver>,
    /// Why the last `listen` could not set TLS up, if that was why it failed.
    tls_failure: Option<TlsSetupError>,
}

/// Where a relaying server hands each accepted descriptor (see `Serving::Relay`).
pub type RelayHandOver = Arc<dyn Fn(usize) + Send + Sync>;

impl Default for FortuneServerRust {
    fn default() -> Self {
        let fortunes = Fortunes::default();
        let wire = default_local_wire();
        let frames = Frames::new(&fortunes, wire).expect("the original fortunes fit every wire");
        Self {
            transport: QString::from(Transport::Local.name()),
            server_name: QString::from("fortune"),
            access: QString::from(Access::default().name()),
            abstract_namespace: false,
            host: QString::from(DEFAULT_LISTEN_HOST),
            port: qml_int(0),
            wire: QString::from(wire.name()),
            listening: false,
            full_server_name: QString::default(),
            server_address: QString::default(),
            server_port: qml_int(0),
            error_string: QString::default(),
            served: qml_long(0),
            notice: QString::default(),
            write_timeout_ms: qml_int(DEFAULT_WRITE_TIMEOUT_MS),
            max_slow_clients: qml_int(DEFAULT_MAX_SLOW_CLIENTS),
            tls_certificate: QString::default(),
            tls_key: QString::default(),
            tls_client_ca: QString::default(),
            fortunes,
            frames: Arc::new(frames),
            local: QLocalServer::new(),
            tcp: QTcpServer::new(),
            acceptor: new_fortune_acceptor(),
            portable: false,
            inherited: false,
            relay: None,
            tls_failure: None,
        }
    }
}

impl qobject::FortuneServer {
    /// Sets the wire by name (`qt4`, `qt5.8`, `qt5.10`, `qt6.6`); an unknown name, or
    /// fortunes the wire cannot carry, leave the wire as it was and set `errorString`.
    pub fn set_wire(mut self: Pin<&mut Self>, name: QString) {
        let result = name
            .to_string()
            .parse::<Wire>()
            .map_err(|e| e.to_string())
            .and_then(|wire| Frames::new(&self.fortunes, wire).map_err(|e| e.to_string()));
        match result {
            Ok(frames) => self.as_mut().use_frames(frames),
            Err(message) => self.as_mut().set_error(message),
        }
    }

    /// Replaces the fortunes (the CLI's `--fortunes FILE`), checked against the current wire.
    pub fn set_fortunes(mut self: Pin<&mut Self>, fortunes: Fortunes) -> Result<(), FortunesError> {
        let frames = Frames::new(&fortunes, self.frames.wire())?;
        self.as_mut().rust_mut().fortunes = fortunes;
        self.use_frames(frames);
        Ok(())
    }

    pub fn set_transport(mut self: Pin<&mut Self>, name: QString) {
        if self.transport == name {
            return;
        }
        if Transport::from_name(&name.to_string()).is_none() {
            return self.set_error(format!(
                "unknown transport {name:?} (expected local or tcp)"
            ));
        }
        if self.listening {
            return self.set_error("stop listening before changing the transport".to_owned());
        }
        self.as_mut().rust_mut().transport = name;
        self.as_mut().transport_changed();
        let wire = self.transport_kind().wire_of(built_qt());
        self.set_wire(QString::from(wire.name()));
    }

    pub fn set_access(mut self: Pin<&mut Self>, name: QString) {
        match name.to_string().parse::<Access>() {
            Ok(_) if self.access == name => {}
            Ok(_) => {
                self.as_mut().rust_mut().access = name;
                self.as_mut().access_changed();
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    fn transport_kind(&self) -> Transport {
        Transport::from_name(&self.transport.to_string()).unwrap_or_default()
    }

    fn use_frames(mut self: Pin<&mut Self>, frames: Frames) {
        let name = QString::from(frames.wire().name());
        self.as_mut().rust_mut().frames = Arc::new(frames);
        if self.wire != name {
            self.as_mut().rust_mut().wire = name;
            self.as_mut().wire_changed();
        }
        if self.listening {
            self.serve_current_frames();
        }
    }

    fn set_error(mut self: Pin<&mut Self>, message: String) {
        self.as_mut().rust_mut().error_string = QString::from(&message);
        self.as_mut().error_string_changed();
    }

    fn set_listening(mut self: Pin<&mut Self>, listening: bool) {
        if self.listening != listening {
            self.as_mut().rust_mut().listening = listening;
            self.as_mut().listening_changed();
        }
    }

    /// What each client gets: a frame of the current ones (counted), or a relay's hand-over.
    fn serving(&self) -> Serving {
        match &self.relay {
            Some(hand_over) => Serving::Relay(Arc::clone(hand_over)),
            None => Serving::Frames {
                frames: Arc::clone(&self.frames),
                portable: self.portable,
            },
        }
    }

    /// From then on each client gets a frame of the current ones.
    fn serve_current_frames(mut self: Pin<&mut Self>) {
        let serving = self.serving();
        self.as_mut()
            .rust_mut()
            .acceptor
            .pin_mut()
            .set_serving(serving);
    }

    /// Hands the listening socket to the acceptor: Qt's server no longer accepts on it itself.
    fn start_accepting(mut self: Pin<&mut Self>) -> Result<(), String> {
        let transport = self.transport_kind();
        let fd = {
            let mut rust = self.as_mut().rust_mut();
            match transport {
                Transport::Local => {
                    if !rust.local.pin_mut().stop_accepting() {
                        return Err(texts::qt_accepts_by_itself());
                    }
                    isize::from(rust.local.socket_descriptor())
                }
                Transport::Tcp => {
                    rust.tcp.pin_mut().pause_accepting();
                    isize::from(rust.tcp.socket_descriptor())
                }
            }
        };
        let peers = (transport == Transport::Local).then(|| PeerCheck {
            access: self.access_kind(),
            owner: Credentials::of_this_process(),
        });
        let limits = Limits {
            write_timeout: Duration::from_millis(
                u64::try_from(i32::from(self.write_timeout_ms)).unwrap_or(0),
            ),
            max_slow: usize::try_from(i32::from(self.max_slow_clients)).unwrap_or(0),
        };
        let tls = match transport {
            Transport::Tcp => self.as_mut().tls_configuration()?,
            Transport::Local if self.tls_files() != TlsFiles::default() => {
                return Err(texts::tls_needs_tcp())
            }
            Transport::Local => None,
        };
        let serving = self.serving();
        let qt = self.qt_thread();
        let report = Box::new(move |report: Report| {
            // Fails only when the server is gone, and then nobody listens to it.
            let _ = qt.queue(move |server| match report {
                Report::Line(line) => server.logged(QString::from(&line)),
                Report::Notice(text) => server.set_notice(text),
                Report::Served(count) => server.set_served(count),
            });
        });
        let portable = self.portable;
        self.as_mut().rust_mut().acceptor.pin_mut().start(
            fd as i32, transport, serving, peers, tls, portable, limits, report,
        );
        Ok(())
    }

    /// The files TLS was given (all paths empty: plain TCP).
    pub fn tls_files(&self) -> TlsFiles {
        tls::files(&self.tls_certificate, &self.tls_key, &self.tls_client_ca)
    }

    /// TLS's configuration when its files are given, checked by the backend; else plain TCP.
    fn tls_configuration(
        mut self: Pin<&mut Self>,
    ) -> Result<Option<UniquePtr<QSslConfiguration>>, String> {
        let files = self.tls_files();
        if files == TlsFiles::default() {
            return Ok(None);
        }
        match tls::server_configuration(&files) {
            Ok(config) => Ok(Some(config)),
            Err(e) => {
                let message = e.message();
                self.as_mut().rust_mut().tls_failure = Some(e);
                Err(message)
            }
        }
    }

    /// Why the last `listen` failed, when TLS's files or backend were why.
    pub fn tls_failure(&self) -> Option<&TlsSetupError> {
        self.tls_failure.as_ref()
    }

    fn set_served(mut self: Pin<&mut Self>, count: u64) {
        let count = qml_long(i64::try_from(count).unwrap_or(i64::MAX));
        if self.served != count {
            self.as_mut().rust_mut().served = count;
            self.served_changed();
        }
    }

    /// Fortunes served so far, exactly (the `served` property follows within a tenth of a
    /// second: refreshing it per client would wake the event loop per client).
    pub fn served_now(&self) -> u64 {
        self.acceptor.served()
    }

    fn set_notice(mut self: Pin<&mut Self>, text: String) {
        let text = QString::from(&text);
        if self.notice != text {
            self.as_mut().rust_mut().notice = text;
            self.notice_changed();
        }
    }

    fn access_kind(&self) -> Access {
        self.access
            .to_string()
            .parse::<Access>()
            .unwrap_or_default()
    }

    pub fn stop_listening(mut self: Pin<&mut Self>) {
        self.as_mut().rust_mut().acceptor.pin_mut().stop();
        if self.inherited && self.transport_kind() == Transport::Local {
            // QLocalServer removes its socket file on close() and in its destructor, also for
            // a socket it was given (Qt 6.4 to 6.8, qlocalserver_unix.cpp). The file is
            // systemd's: the server is left as it is, never closed, for the process to end.
            let mut rust = self.as_mut().rust_mut();
            let kept = std::mem::replace(&mut rust.local, QLocalServer::new());
            kept.leak();
        }
        self.as_mut().close_servers();
        self.set_listening(false);
    }

    /// Closes both Qt servers (a local one removes its socket file).
    fn close_servers(self: Pin<&mut Self>) {
        let mut rust = self.rust_mut();
        rust.local.pin_mut().close();
        rust.tcp.pin_mut().close();
    }

    /// Serves every client through a Qt socket, as on systems without the one-send fast path
    /// (see `serving`); takes effect at the next `listen`. For tests on Linux.
    pub fn set_portable_serving(mut self: Pin<&mut Self>, portable: bool) {
        self.as_mut().rust_mut().portable = portable;
    }

    /// Relays instead of serving (a bridge): each accepted descriptor goes to `hand_over`,
    /// which answers it later with [`Self::finish_relayed`]. Takes effect at the next `listen`.
    pub fn set_relay(mut self: Pin<&mut Self>, hand_over: Option<RelayHandOver>) {
        self.as_mut().rust_mut().relay = hand_over;
    }

    /// Answers a relayed descriptor with `frame` and closes it (an empty frame: closes it with
    /// nothing said); what one send cannot take is finished as for a server, on the slow path.
    pub fn finish_relayed(mut self: Pin<&mut Self>, descriptor: usize, frame: &Arc<[u8]>) {
        self.as_mut()
            .rust_mut()
            .acceptor
            .pin_mut()
            .finish(descriptor, frame);
    }

    /// Sockets not yet deleted: zero once every slow client is served and gone.
    pub fn open_sockets(&self) -> i32 {
        i32::try_from(self.acceptor.slow_clients()).unwrap_or(i32::MAX)
    }
}
