//! `FortuneBridge`: a relay between two programs that cannot talk to each other. It listens
//! downstream like a `FortuneServer` (local or TCP, in a generation's frame format) and answers
//! each client with a fortune that a `FortuneClient` fetched upstream (local or TCP, any format
//! or `auto`), re-encoded. It never invents a fortune: when the upstream fails, the downstream
//! client gets no frame (its connection is closed) and one line says why.
//!
//! Both ends are the project's own objects: the downstream is a `FortuneServer` in relay mode
//! (same listening, checks and access rules), each upstream fetch a `FortuneClient` (same
//! decoding, timeouts and errors). The bridge only joins them, with a cap on fetches in flight.
//!
//! Lean per relayed fortune: the clients are a pool, made once and reused (a Qt socket costs
//! string signal connections to make); each hands its frame over as it arrived (a raw sink, no
//! signal, no text conversion), and the bridge re-frames it for downstream with one copy of
//! the string's bytes; accepted clients reach the bridge in batches, one queued call per batch.

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        #[cxx_name = "qlonglong"]
        type qml_long = crate::qt::qml_types::qml_long;
        include!("local-fortune/qml_types.h");
        #[cxx_name = "lf_int"]
        type qml_int = crate::qt::qml_types::qml_int;
    }

    extern "RustQt" {
        #[qobject]
        #[qml_element]
        // Downstream: where the old (or local-only) clients connect, as for FortuneServer.
        #[qproperty(QString, transport)]
        #[qproperty(QString, server_name, cxx_name = "serverName")]
        #[qproperty(QString, access)]
        #[qproperty(bool, abstract_namespace, cxx_name = "abstractNamespace")]
        #[qproperty(QString, host)]
        #[qproperty(qml_int, port)]
        /// The downstream frame format; empty: the transport's default (what our Qt's
        /// examples speak).
        #[qproperty(QString, wire)]
        // Upstream: where the fortunes come from, as for FortuneClient.
        #[qproperty(QString, upstream_transport, cxx_name = "upstreamTransport")]
        #[qproperty(QString, upstream_name, cxx_name = "upstreamName")]
        #[qproperty(bool, upstream_abstract, cxx_name = "upstreamAbstract")]
        #[qproperty(QString, upstream_host, cxx_name = "upstreamHost")]
        #[qproperty(qml_int, upstream_port, cxx_name = "upstreamPort")]
        #[qproperty(QString, upstream_wire, cxx_name = "upstreamWire")]
        #[qproperty(qml_int, timeout_ms, cxx_name = "timeoutMs")]
        /// Upstream fetches at once; more clients wait (up to `maxWaiting`), beyond that they
        /// are closed.
        #[qproperty(qml_int, max_in_flight, cxx_name = "maxInFlight")]
        #[qproperty(qml_int, max_waiting, cxx_name = "maxWaiting")]
        /// Downstream, as for FortuneServer: a client that has not taken its whole fortune
        /// within this many milliseconds is closed; at most this many such clients at once.
        #[qproperty(qml_int, write_timeout_ms, cxx_name = "writeTimeoutMs")]
        #[qproperty(qml_int, max_slow_clients, cxx_name = "maxSlowClients")]
        /// Downstream over TCP, as for FortuneServer: TLS with this certificate and key (PEM
        /// files), and with `tlsClientCa`, only clients with a certificate that CA signed.
        #[qproperty(QString, tls_certificate, cxx_name = "tlsCertificate")]
        #[qproperty(QString, tls_key, cxx_name = "tlsKey")]
        #[qproperty(QString, tls_client_ca, cxx_name = "tlsClientCa")]
        /// Upstream over TCP, as for FortuneClient: TLS, verified against `upstreamTlsCa` (else
        /// the system's CAs), presenting `upstreamTlsCertificate` and `upstreamTlsKey` if set.
        #[qproperty(bool, upstream_tls, cxx_name = "upstreamTls")]
        #[qproperty(QString, upstream_tls_ca, cxx_name = "upstreamTlsCa")]
        #[qproperty(QString, upstream_tls_certificate, cxx_name = "upstreamTlsCertificate")]
        #[qproperty(QString, upstream_tls_key, cxx_name = "upstreamTlsKey")]
        // State, read-only.
        #[qproperty(bool, listening, READ, NOTIFY)]
        /// The downstream endpoint as listened on (a path, `@name`, or ADDR:PORT with the
        /// real port) and its frame format.
        #[qproperty(QString, endpoint, READ, NOTIFY)]
        #[qproperty(QString, effective_wire, cxx_name = "effectiveWire", READ, NOTIFY)]
        #[qproperty(qml_long, relayed, READ, NOTIFY)]
        #[qproperty(qml_long, failed, READ, NOTIFY)]
        #[qproperty(qml_int, in_flight, cxx_name = "inFlight", READ, NOTIFY)]
        #[qproperty(QString, last_error, cxx_name = "lastError", READ, NOTIFY)]
        type FortuneBridge = super::FortuneBridgeRust;

        /// Starts listening downstream; on failure sets `lastError`, emits `startFailed` and
        /// returns false.
        #[qinvokable]
        fn start(self: Pin<&mut Self>) -> bool;

        /// Stops listening; clients waiting or in flight are closed without a frame.
        #[qinvokable]
        fn stop(self: Pin<&mut Self>);

        #[qsignal]
        #[cxx_name = "startFailed"]
        fn start_failed(self: Pin<&mut Self>, message: QString);

        /// One line per request that could not be relayed, naming the cause, and the
        /// downstream server's own lines (see FortuneServer's `logged`).
        #[qsignal]
        fn logged(self: Pin<&mut Self>, line: QString);
    }

    impl cxx_qt::Threading for FortuneBridge {}

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        /// A new bridge that Rust owns (the CLI's).
        #[cxx_name = "newObject"]
        fn new_fortune_bridge() -> UniquePtr<FortuneBridge>;
    }

    impl UniquePtr<FortuneBridge> {}
}

pub use qobject::new_fortune_bridge;

mod relaying;

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use cxx::UniquePtr;
use cxx_qt::{CxxQtType, Threading};
use cxx_qt_lib::QString;

use super::fortune_acceptor::{DEFAULT_MAX_SLOW_CLIENTS, DEFAULT_WRITE_TIMEOUT_MS};
use super::fortune_client::{
    new_fortune_client, qobject::FortuneClient, RawOutcome, DEFAULT_TIMEOUT_MS,
};
use super::fortune_server::{new_fortune_server, qobject::FortuneServer};
use super::qml_types::{qml_int, qml_long};
use super::texts;
use super::tls::{self, TlsSetupError};
use crate::core::endpoint::{TcpAddress, Transport};
use crate::core::socket_name::Access;
use crate::core::tls::{reachable_from_network, TlsFiles};
use crate::core::wire::Wire;

/// Default cap on upstream fetches in flight: as many connections as a Qt server's listen
/// backlog holds by default (`QLocalServer`'s and `QTcpServer`'s, 50 in every Qt 6; our own
/// server asks for the system's maximum), so the bridge alone never overfills an upstream Qt
/// server's queue. A lower cap costs batching: with 32 clients at once, 16 made 0.83
/// involuntary context switches per relayed fortune, 50 makes 0.49 (docs/benchmark.md).
pub const DEFAULT_MAX_IN_FLIGHT: i32 = 50;
/// Default cap on downstream clients waiting for a fetch to be free.
pub const DEFAULT_MAX_WAITING: i32 = 256;

/// An upstream client of the pool, and the downstream client (a descriptor) it fetches for
/// while busy.
struct Upstream {
    client: UniquePtr<FortuneClient>,
    descriptor: Option<usize>,
}

/// What reaches the bridge from elsewhere on its thread: accepted downstream clients (from the
/// acceptor) and upstream outcomes (from the clients, inside their sockets' signals). Added to a
/// mailbox, taken by one queued call per batch: under load, several per wake-up of the event
/// loop.
struct Mailbox<T>(Mutex<Vec<T>>);

impl<T> Default for Mailbox<T> {
    fn default() -> Self {
        Mailbox(Mutex::new(Vec::new()))
    }
}

impl<T> Mailbox<T> {
    /// Adds `item`; true when it is the first of a batch (then a call to take it is due).
    fn post(&self, item: T) -> bool {
        let mut items = self.0.lock().unwrap_or_else(|e| e.into_inner());
        items.push(item);
        items.len() == 1
    }

    fn take(&self) -> Vec<T> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// An upstream client's outcome: its pool and index, and the frame or why there is none.
type Outcome = (u64, usize, RawOutcome);

pub struct FortuneBridgeRust {
    transport: QString,
    server_name: QString,
    access: QString,
    abstract_namespace: bool,
    host: QString,
    port: qml_int,
    wire: QString,
    upstream_transport: QString,
    upstream_name: QString,
    upstream_abstract: bool,
    upstream_host: QString,
    upstream_port: qml_int,
    upstream_wire: QString,
    timeout_ms: qml_int,
    max_in_flight: qml_int,
    max_waiting: qml_int,
    write_timeout_ms: qml_int,
    max_slow_clients: qml_int,
    tls_certificate: QString,
    tls_key: QString,
    tls_client_ca: QString,
    upstream_tls: bool,
    upstream_tls_ca: QString,
    upstream_tls_certificate: QString,
    upstream_tls_key: QString,
    listening: bool,
    endpoint: QString,
    effective_wire: QString,
    relayed: qml_long,
    failed: qml_long,
    in_flight: qml_int,
    last_error: QString,

    server: UniquePtr<FortuneServer>,
    /// Whether the server's own log lines are passed on (connected once).
    forwarding_logs: bool,
    handed_over: Arc<Mailbox<usize>>,
    outcomes: Arc<Mailbox<Outcome>>,
    upstreams: Vec<Upstream>,
    /// Indexes of the idle upstream clients.
    idle: Vec<usize>,
    /// Numbers each pool (a new one at each start, for upstream settings that may have
    /// changed): an outcome of an older pool's client is dropped.
    pool: u64,
    waiting: VecDeque<usize>,
    /// The downstream format, as listened with.
    downstream_wire: Wire,
    /// Why the last `start` could not set TLS up (upstream), if that was why it failed.
    tls_failure: Option<TlsSetupError>,
}

impl Default for FortuneBridgeRust {
    fn default() -> Self {
        Self {
            transport: QString::from(Transport::Local.name()),
            server_name: QString::from("fortune"),
            access: QString::from(Access::default().name()),
            abstract_namespace: false,
            host: QString::from(crate::core::endpoint::DEFAULT_LISTEN_HOST),
            port: qml_int(0),
            wire: QString::default(),
            upstream_transport: QString::from(Transport::Local.name()),
            upstream_name: QString::default(),
            upstream_abstract: false,
            upstream_host: QString::from("localhost"),
            upstream_port: qml_int(0),
            upstream_wire: QString::from("auto"),
            timeout_ms: qml_int(DEFAULT_TIMEOUT_MS),
            max_in_flight: qml_int(DEFAULT_MAX_IN_FLIGHT),
            max_waiting: qml_int(DEFAULT_MAX_WAITING),
            write_timeout_ms: qml_int(DEFAULT_WRITE_TIMEOUT_MS),
            max_slow_clients: qml_int(DEFAULT_MAX_SLOW_CLIENTS),
            tls_certificate: QString::default(),
            tls_key: QString::default(),
            tls_client_ca: QString::default(),
            upstream_tls: false,
            upstream_tls_ca: QString::default(),
            upstream_tls_certificate: QString::default(),
            upstream_tls_key: QString::default(),
            listening: false,
            endpoint: QString::default(),
            effective_wire: QString::default(),
            relayed: qml_long(0),
            failed: qml_long(0),
            in_flight: qml_int(0),
            last_error: QString::default(),
            server: new_fortune_server(),
            forwarding_logs: false,
            handed_over: Arc::default(),
            outcomes: Arc::default(),
            upstreams: Vec::new(),
            idle: Vec::new(),
            pool: 0,
            waiting: VecDeque::new(),
            downstream_wire: Wire::Qt66,
            tls_failure: None,
        }
    }
}

impl qobject::FortuneBridge {
    pub fn start(mut self: Pin<&mut Self>) -> bool {
        if self.listening {
            return true;
        }
        self.as_mut().rust_mut().tls_failure = None;
        match self
            .as_mut()
            .check_upstream_tls()
            .and_then(|()| self.as_mut().listen_downstream())
        {
            Ok(()) => {
                self.as_mut().set_last_error(String::new());
                self.as_mut().rust_mut().listening = true;
                self.listening_changed();
                true
            }
            Err(message) => {
                self.as_mut().set_last_error(message.clone());
                self.start_failed(QString::from(&message));
                false
            }
        }
    }

    /// The upstream's TLS files, read and checked now rather than at the first fetch.
    fn check_upstream_tls(mut self: Pin<&mut Self>) -> Result<(), String> {
        let tcp =
            Transport::from_name(&self.upstream_transport.to_string()) == Some(Transport::Tcp);
        if !(tcp && self.upstream_tls) {
            return Ok(());
        }
        match tls::client_configuration(&self.upstream_tls_files()) {
            Ok(_) => Ok(()),
            Err(e) => {
                let message = e.message();
                self.as_mut().rust_mut().tls_failure = Some(e);
                Err(message)
            }
        }
    }

    fn upstream_tls_files(&self) -> TlsFiles {
        tls::files(
            &self.upstream_tls_certificate,
            &self.upstream_tls_key,
            &self.upstream_tls_ca,
        )
    }

    /// Why the last `start` failed, when TLS's files or backend were why (either side).
    pub fn tls_failure(&self) -> Option<&TlsSetupError> {
        self.tls_failure.as_ref().or(self.server.tls_failure())
    }

    /// Configures the downstream FortuneServer in relay mode and listens.
    fn listen_downstream(mut self: Pin<&mut Self>) -> Result<(), String> {
        let transport = Transport::from_name(&self.transport.to_string())
            .ok_or_else(|| texts::unknown_transport(&self.transport))?;
        let qt = self.qt_thread();
        let handed_over = Arc::clone(&self.handed_over);
        let hand_over = Arc::new(move |descriptor: usize| {
            if handed_over.post(descriptor) {
                // Fails only when the bridge is gone, and then the descriptors go with it.
                let _ = qt.queue(|bridge| bridge.relay_handed_over());
            }
        });
        let (name, access, abstract_namespace) = (
            self.server_name.clone(),
            self.access.clone(),
            self.abstract_namespace,
        );
        let (host, port, wire) = (self.host.clone(), self.port, self.wire.clone());
        let limits = (self.write_timeout_ms, self.max_slow_clients);
        let tls = (
            self.tls_certificate.clone(),
            self.tls_key.clone(),
            self.tls_client_ca.clone(),
        );
        let logs = self.qt_thread();
        let mut rust = self.as_mut().rust_mut();
        // A new pool for the upstream as it is set now.
        rust.upstreams.clear();
        rust.idle.clear();
        rust.pool += 1;
        let mut server = rust.server.pin_mut();
        server
            .as_mut()
            .set_transport(QString::from(transport.name()));
        if !wire.is_empty() {
            server.as_mut().set_wire(wire.clone());
            if server.wire() != &wire {
                return Err(server.error_string().to_string());
            }
        }
        server.as_mut().set_server_name(name);
        server.as_mut().set_access(access);
        server.as_mut().set_abstract_namespace(abstract_namespace);
        server.as_mut().set_host(host.clone());
        server.as_mut().set_port(port);
        server.as_mut().set_write_timeout_ms(limits.0);
        server.as_mut().set_max_slow_clients(limits.1);
        server.as_mut().set_relay(Some(hand_over));
        server.as_mut().set_tls_certificate(tls.0);
        server.as_mut().set_tls_key(tls.1);
        server.as_mut().set_tls_client_ca(tls.2);
        if !rust.forwarding_logs {
            rust.forwarding_logs = true;
            rust.server
                .pin_mut()
                .on_logged(move |_, line| {
                    let line = line.to_string();
                    let _ = logs.queue(move |bridge| bridge.log(line));
                })
                .release();
        }
        let mut server = rust.server.pin_mut();
        if !server.as_mut().listen() {
            return Err(server.error_string().to_string());
        }
        let endpoint = match transport {
            Transport::Tcp => TcpAddress {
                host: host.to_string(),
                port: u16::try_from(i32::from(*server.server_port())).unwrap_or_default(),
            }
            .to_string(),
            Transport::Local if abstract_namespace => format!("@{}", server.full_server_name()),
            Transport::Local => server.full_server_name().to_string(),
        };
        let plain = server.tls_files() == TlsFiles::default();
        let effective = server.wire().clone();
        let downstream = effective
            .to_string()
            .parse::<Wire>()
            .map_err(|e| e.to_string())?;
        self.as_mut().rust_mut().downstream_wire = downstream;
        self.as_mut().rust_mut().endpoint = QString::from(&endpoint);
        self.as_mut().endpoint_changed();
        self.as_mut().rust_mut().effective_wire = effective;
        self.as_mut().effective_wire_changed();
        if transport == Transport::Tcp && plain && reachable_from_network(&host.to_string()) {
            let upstream = self.upstream_endpoint();
            let line = match Transport::from_name(&self.upstream_transport.to_string()) {
                Some(Transport::Local) => texts::bridge_bypasses_access(&endpoint, &upstream),
                _ => texts::plain_listener(&endpoint),
            };
            self.log(line);
        }
        Ok(())
    }

    pub fn stop(mut self: Pin<&mut Self>) {
        let mut rust = self.as_mut().rust_mut();
        rust.server.pin_mut().stop_listening();
        // Nobody gets a frame the bridge could not fetch: those waiting or in flight are
        // closed; the fetches' outcomes, when they come, are dropped.
        let mut descriptors: Vec<usize> = rust.waiting.drain(..).collect();
        descriptors.extend(
            rust.upstreams
                .iter_mut()
                .filter_map(|u| u.descriptor.take()),
        );
        descriptors.extend(rust.handed_over.take());
        for descriptor in descriptors {
            rust.server
                .pin_mut()
                .finish_relayed(descriptor, &no_frame());
        }
        self.as_mut().set_in_flight(0);
        if self.listening {
            self.as_mut().rust_mut().listening = false;
            self.listening_changed();
        }
    }

    /// A request that got no frame: counted, and its line logged.
    fn fail(mut self: Pin<&mut Self>, line: String) {
        let failed = i64::from(self.failed) + 1;
        self.as_mut().rust_mut().failed = qml_long(failed);
        self.as_mut().failed_changed();
        self.as_mut().set_last_error(line.clone());
        self.logged(QString::from(&line));
    }

    /// A line of the downstream server's (a shortage of descriptors, clients it closed).
    fn log(mut self: Pin<&mut Self>, line: String) {
        self.as_mut().set_last_error(line.clone());
        self.logged(QString::from(&line));
    }

    fn set_in_flight(mut self: Pin<&mut Self>, n: usize) {
        let n = qml_int(i32::try_from(n).unwrap_or(i32::MAX));
        if self.in_flight != n {
            self.as_mut().rust_mut().in_flight = n;
            self.in_flight_changed();
        }
    }

    fn set_last_error(mut self: Pin<&mut Self>, message: String) {
        let message = QString::from(&message);
        if self.last_error != message {
            self.as_mut().rust_mut().last_error = message;
            self.last_error_changed();
        }
    }
}

/// What a client that gets no fortune gets: a close, with nothing said.
fn no_frame() -> Arc<[u8]> {
    Arc::from(&[][..])
}

/// A cap from a property: at least 1 (0 or less would never relay anything).
fn max_of(value: qml_int) -> usize {
    usize::try_from(i32::from(value)).unwrap_or(0).max(1)
}
