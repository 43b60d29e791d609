//! `FortuneBridge`: a relay between two programs that cannot talk to each other. It listens
//! downstream like a `FortuneServer` (local or TCP, in a generation's frame format) and answers
//! each client with a fortune that a `FortuneClient` fetched upstream (local or TCP, any format
//! or `auto`), re-encoded. It never invents a fortune: when the upstream fails, the downstream
//! client gets no frame (its connection is closed) and one line says why.
//!
//! Both ends are the project's own objects: the downstream is a `FortuneServer` in relay mode
//! (same listening, checks and access rules), each upstream fetch a `FortuneClient` (same
//! decoding, timeouts and errors). The bridge only joins them, with a cap on fetches in flight.

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
}

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::Arc;

use cxx::UniquePtr;
use cxx_qt::{CxxQtType, Threading};
use cxx_qt_lib::QString;

use super::factory::{new_fortune_client, new_fortune_server};
use super::fortune_acceptor::{DEFAULT_MAX_SLOW_CLIENTS, DEFAULT_WRITE_TIMEOUT_MS};
use super::fortune_client::{qobject::FortuneClient, DEFAULT_TIMEOUT_MS};
use super::fortune_server::qobject::FortuneServer;
use super::qml_types::{qml_int, qml_long};
use super::texts;
use crate::core::endpoint::{TcpAddress, Transport};
use crate::core::socket_name::Access;
use crate::core::wire::{encode, Wire};

/// Default cap on upstream fetches in flight.
pub const DEFAULT_MAX_IN_FLIGHT: i32 = 16;
/// Default cap on downstream clients waiting for a fetch to be free.
pub const DEFAULT_MAX_WAITING: i32 = 256;

/// An upstream fetch under way, for the downstream client (a descriptor) it will answer.
struct Fetch {
    client: UniquePtr<FortuneClient>,
    descriptor: usize,
}

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
    fetches: HashMap<u64, Fetch>,
    waiting: VecDeque<usize>,
    next_fetch: u64,
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
            listening: false,
            endpoint: QString::default(),
            effective_wire: QString::default(),
            relayed: qml_long(0),
            failed: qml_long(0),
            in_flight: qml_int(0),
            last_error: QString::default(),
            server: new_fortune_server(),
            forwarding_logs: false,
            fetches: HashMap::new(),
            waiting: VecDeque::new(),
            next_fetch: 0,
        }
    }
}

impl qobject::FortuneBridge {
    pub fn start(mut self: Pin<&mut Self>) -> bool {
        if self.listening {
            return true;
        }
        match self.as_mut().listen_downstream() {
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

    /// Configures the downstream FortuneServer in relay mode and listens.
    fn listen_downstream(mut self: Pin<&mut Self>) -> Result<(), String> {
        let transport = Transport::from_name(&self.transport.to_string())
            .ok_or_else(|| texts::unknown_transport(&self.transport))?;
        let qt = self.qt_thread();
        let hand_over = Arc::new(move |descriptor: usize| {
            // Fails only when the bridge is gone, and then the descriptor goes with it.
            let _ = qt.queue(move |bridge| bridge.relay(descriptor));
        });
        let (name, access, abstract_namespace) = (
            self.server_name.clone(),
            self.access.clone(),
            self.abstract_namespace,
        );
        let (host, port, wire) = (self.host.clone(), self.port, self.wire.clone());
        let limits = (self.write_timeout_ms, self.max_slow_clients);
        let logs = self.qt_thread();
        let mut rust = self.as_mut().rust_mut();
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
        let effective = server.wire().clone();
        self.as_mut().rust_mut().endpoint = QString::from(&endpoint);
        self.as_mut().endpoint_changed();
        self.as_mut().rust_mut().effective_wire = effective;
        self.as_mut().effective_wire_changed();
        Ok(())
    }

    pub fn stop(mut self: Pin<&mut Self>) {
        let mut rust = self.as_mut().rust_mut();
        rust.server.pin_mut().stop_listening();
        // Nobody gets a frame the bridge could not fetch: those waiting or in flight are
        // closed, their fetches dropped.
        let mut descriptors: Vec<usize> = rust.waiting.drain(..).collect();
        descriptors.extend(rust.fetches.drain().map(|(_, f)| f.descriptor));
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

    /// A downstream client: fetch its fortune now, or let it wait, or close it when too many
    /// already wait.
    fn relay(mut self: Pin<&mut Self>, descriptor: usize) {
        if !self.listening {
            return self
                .rust_mut()
                .server
                .pin_mut()
                .finish_relayed(descriptor, &no_frame());
        }
        let in_flight = self.fetches.len();
        if in_flight < max_of(self.max_in_flight) {
            return self.fetch_for(descriptor);
        }
        if self.waiting.len() < max_of(self.max_waiting) {
            return self.rust_mut().waiting.push_back(descriptor);
        }
        let waiting = self.waiting.len();
        self.as_mut()
            .rust_mut()
            .server
            .pin_mut()
            .finish_relayed(descriptor, &no_frame());
        self.fail(texts::bridge_overloaded(in_flight, waiting));
    }

    /// Starts one upstream fetch with a FortuneClient of its own.
    fn fetch_for(mut self: Pin<&mut Self>, descriptor: usize) {
        let id = self.next_fetch;
        let qt = self.qt_thread();
        let mut client = new_fortune_client();
        let mut c = client.pin_mut();
        c.as_mut().set_transport(self.upstream_transport.clone());
        c.as_mut().set_server_name(self.upstream_name.clone());
        c.as_mut().set_abstract_namespace(self.upstream_abstract);
        c.as_mut().set_host(self.upstream_host.clone());
        c.as_mut().set_port(self.upstream_port);
        c.as_mut().set_wire(self.upstream_wire.clone());
        c.as_mut().set_timeout_ms(self.timeout_ms);
        let on_fortune = qt.clone();
        c.as_mut()
            .on_fortune_received(move |_, fortune, _wire| {
                let fortune = fortune.to_string();
                let _ = on_fortune.queue(move |bridge| bridge.fetched(id, Ok(fortune)));
            })
            .release();
        c.as_mut()
            .on_error_occurred(move |_, _kind, message| {
                let message = message.to_string();
                let _ = qt.queue(move |bridge| bridge.fetched(id, Err(message)));
            })
            .release();
        c.request_fortune();
        let mut rust = self.as_mut().rust_mut();
        rust.next_fetch += 1;
        rust.fetches.insert(id, Fetch { client, descriptor });
        let n = rust.fetches.len();
        self.set_in_flight(n);
    }

    /// An upstream fetch ended: the fortune re-encoded downstream, or the client closed and
    /// the cause logged. Then the next waiting client gets its turn.
    fn fetched(mut self: Pin<&mut Self>, id: u64, result: Result<String, String>) {
        // Gone when the bridge stopped meanwhile (its client was closed then).
        let Some(fetch) = self.as_mut().rust_mut().fetches.remove(&id) else {
            return;
        };
        // Dropped here, after its signal: a queued call, not inside the emission.
        drop(fetch.client);
        let wire = self.server.wire().to_string().parse::<Wire>();
        let frame = match (result, wire) {
            (Ok(fortune), Ok(wire)) => encode(wire, &fortune)
                .map(Arc::<[u8]>::from)
                .map_err(|e| texts::cannot_carry(wire, e)),
            (Err(message), _) => Err(texts::upstream_failed(self.upstream_endpoint(), message)),
            (Ok(_), Err(e)) => Err(e.to_string()),
        };
        let mut rust = self.as_mut().rust_mut();
        match frame {
            Ok(frame) => {
                rust.server
                    .pin_mut()
                    .finish_relayed(fetch.descriptor, &frame);
                let relayed = i64::from(rust.relayed) + 1;
                rust.relayed = qml_long(relayed);
                self.as_mut().relayed_changed();
            }
            Err(line) => {
                rust.server
                    .pin_mut()
                    .finish_relayed(fetch.descriptor, &no_frame());
                self.as_mut().fail(line);
            }
        }
        let next = self.as_mut().rust_mut().waiting.pop_front();
        match next {
            Some(descriptor) if self.listening => self.as_mut().fetch_for(descriptor),
            _ => {
                let n = self.fetches.len();
                self.set_in_flight(n);
            }
        }
    }

    /// The upstream as the log names it.
    fn upstream_endpoint(&self) -> String {
        match Transport::from_name(&self.upstream_transport.to_string()) {
            Some(Transport::Tcp) => TcpAddress {
                host: self.upstream_host.to_string(),
                port: u16::try_from(i32::from(self.upstream_port)).unwrap_or_default(),
            }
            .to_string(),
            _ if self.upstream_abstract => format!("@{}", self.upstream_name),
            _ => self.upstream_name.to_string(),
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
