//! `FortuneAcceptor`: accepts the connections of one listening socket, a QLocalServer's or a
//! QTcpServer's, and serves each one as [`super::serving`] says: one design for both transports
//! and for the bridge.
//!
//! Qt's servers listen (names, socket options, ports, adopted descriptors, removing the file),
//! but do not accept here, because of what they do when accepting fails (read in Qt 6.4 and
//! 6.8): QLocalServer closes itself, removing its socket file, on any failed `accept` (a lack of
//! descriptors included), and QTcpServer pauses and waits for someone to resume it. This
//! acceptor instead, when accepting fails for lack of a resource:
//! - keeps the socket (clients wait in its backlog), says so once (and once again when it
//!   recovers), and shows it in `notice`;
//! - tries again after a backoff (50 ms, doubling to 1 s), or at once when one of its own slow
//!   clients frees a descriptor: never a busy loop.
//!
//! On local sockets it also checks who connects against `--access`, with the peer's
//! credentials (see [`crate::core::peer`]): the only check in the abstract namespace, defence in
//! depth for socket files. What it closes without a word to the client (refused peers, slow
//! clients past their deadline or over the cap) it logs once per burst.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qsocketnotifier.h");
        type QSocketNotifier = cxx_qt_sockets::QSocketNotifier;
        include!("cxx-qt-sockets/qtimer.h");
        type QTimer = cxx_qt_sockets::QTimer;
        include!("local-fortune/fortune_acceptor.h");
    }

    /// What a timer of the acceptor's calls (cpp/fortune_acceptor.h), checked against it by cxx.
    #[namespace = "lf"]
    #[repr(u8)]
    enum AcceptorTimer {
        /// `resumeAccepting`: accept again after a shortage of descriptors.
        Backoff,
        /// `sweepSlowClients`: close the slow clients past their deadline.
        Sweep,
        /// `flushBursts`: log what a burst of silent closes closed.
        Burst,
        /// `reportServed`: tell the server how many fortunes it served.
        Served,
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        type AcceptorTimer;

        /// A read notifier on the listening socket `fd` that calls `acceptor.acceptReady()`.
        #[cxx_name = "newAcceptNotifier"]
        fn new_accept_notifier(
            acceptor: Pin<&mut FortuneAcceptor>,
            fd: qintptr,
        ) -> UniquePtr<QSocketNotifier>;
        /// A single-shot timer that calls the acceptor's method for `purpose`.
        #[cxx_name = "newAcceptorTimer"]
        fn new_acceptor_timer(
            acceptor: Pin<&mut FortuneAcceptor>,
            purpose: AcceptorTimer,
        ) -> UniquePtr<QTimer>;
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        #[cxx_name = "newObject"]
        fn new_fortune_acceptor() -> UniquePtr<FortuneAcceptor>;
    }

    impl UniquePtr<FortuneAcceptor> {}

    extern "RustQt" {
        #[qobject]
        type FortuneAcceptor = super::FortuneAcceptorRust;

        /// The listening socket has connections waiting: its notifier's `activated`, connected
        /// in C++ (`lf::newAcceptNotifier`) so that each wake-up is a direct call.
        #[cxx_name = "acceptReady"]
        fn accept_ready(self: Pin<&mut Self>);

        /// The backoff timer's: accept again after a shortage, if a descriptor can be had.
        #[cxx_name = "resumeAccepting"]
        fn resume_accepting(self: Pin<&mut Self>);

        /// The sweep timer's: closes the slow clients past their deadline.
        #[cxx_name = "sweepSlowClients"]
        fn sweep(self: Pin<&mut Self>);

        /// The burst timer's: one log line per kind of silent close of the burst.
        #[cxx_name = "flushBursts"]
        fn flush_bursts(self: Pin<&mut Self>);

        /// The served timer's: tells the server how many fortunes it has served.
        #[cxx_name = "reportServed"]
        fn report_served(self: Pin<&mut Self>);
    }

    impl cxx_qt::Threading for FortuneAcceptor {}
}

mod slow;
mod starving;
mod system;

use self::system::*;

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cxx::UniquePtr;
use cxx_qt::{CxxQtType, Threading};
use cxx_qt_lib::qintptr;

use cxx_qt_sockets::{QLocalSocket, QSocketNotifier, QSslConfiguration, QTcpSocket, QTimer};

pub use self::ffi::new_fortune_acceptor;
use self::ffi::{new_accept_notifier, new_acceptor_timer, AcceptorTimer};
use super::serving::{
    self, finish_on, send_frame, serve_descriptor, FrameSocket, Served, Serving, SlowClients,
};
use super::serving_tls::{self, write_frame_tls, Encrypted, TlsRelays};
use super::texts;
use crate::core::endpoint::Transport;
use crate::core::peer::{self, Credentials};
use crate::core::socket_name::Access;

/// Connections accepted per wake-up at most: the event loop gets a turn in between.
const BATCH: usize = 64;
/// The first and the longest wait before accepting again after running short of a resource.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// Events of one kind this close together make one burst, and one log line.
const BURST: Duration = Duration::from_secs(1);
/// How often at most the server hears how many fortunes it served: once per client would wake
/// the event loop once per client.
const SERVED_REFRESH: Duration = Duration::from_millis(100);

/// Default write deadline of a slow client (`--write-timeout-ms`).
pub const DEFAULT_WRITE_TIMEOUT_MS: i32 = 10_000;
/// Default cap on slow clients (`--max-slow-clients`).
pub const DEFAULT_MAX_SLOW_CLIENTS: i32 = 256;

/// What bounds the clients that take their frame slowly.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A slow client that has not taken its whole frame by then is closed.
    pub write_timeout: Duration,
    /// Beyond this many slow clients, a new one is closed at once.
    pub max_slow: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            write_timeout: Duration::from_millis(DEFAULT_WRITE_TIMEOUT_MS as u64),
            max_slow: DEFAULT_MAX_SLOW_CLIENTS as usize,
        }
    }
}

/// Who may connect to a local server: its `--access`, judged against its own user and group.
#[derive(Clone, Debug)]
pub struct PeerCheck {
    pub access: Access,
    pub owner: Credentials,
}

/// What the acceptor tells its server (on the server's thread, queued).
pub enum Report {
    /// One line for the log (the headless server's stderr, the bridge's log).
    Line(String),
    /// The condition the server is in, for its window's status line; empty once it is over.
    Notice(String),
    /// Fortunes served so far.
    Served(u64),
}

/// Kinds of silent closes, logged once per burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Closed {
    /// Slow clients past their write deadline.
    Overdue,
    /// New slow clients beyond the cap.
    OverCap,
    /// Peers `--access` does not admit.
    Refused,
    /// Peers whose credentials could not be read.
    Unknown,
    /// TLS clients whose handshake failed (no certificate, another CA's, not TLS).
    TlsRefused,
}

/// Counts of a burst of silent closes, per kind, with the last detail seen (a uid, an error).
#[derive(Default)]
struct Bursts(BTreeMap<Closed, (usize, String)>);

/// A shortage of descriptors (or memory) under way.
struct Starving {
    since: Instant,
    backoff: Duration,
}

/// The listening socket being served.
struct Listening {
    fd: i32,
    serving: Serving,
    peers: Option<PeerCheck>,
    /// TLS: each connection handshakes with this configuration before its frame.
    tls: Option<UniquePtr<QSslConfiguration>>,
    notifier: UniquePtr<QSocketNotifier>,
}

pub struct FortuneAcceptorRust {
    listening: Option<Listening>,
    /// The descriptors' transport, and whether every frame goes through a Qt socket: kept
    /// after `stop`, for a relay that still answers its clients.
    transport: Transport,
    portable: bool,
    /// The `--access` of a local listener, for the log.
    access: Option<Access>,
    limits: Limits,
    slow: Arc<SlowClients>,
    /// TLS clients handed over to the relay, by token.
    tls_relays: Arc<TlsRelays>,
    starving: Option<Starving>,
    bursts: Bursts,
    report: Option<Box<dyn Fn(Report)>>,
    /// Tries accepting again after a shortage.
    backoff_timer: UniquePtr<QTimer>,
    /// Closes slow clients at their deadline.
    sweep_timer: UniquePtr<QTimer>,
    /// Ends a burst: logs what it closed.
    burst_timer: UniquePtr<QTimer>,
    /// Fortunes served (frames sent or started), and whether the served timer runs.
    served: u64,
    served_timer: UniquePtr<QTimer>,
    served_pending: bool,
}

impl Drop for FortuneAcceptorRust {
    /// The acceptor goes with its server: its slow clients are closed (Qt deletes each socket
    /// once disconnected), as they were when they were its children.
    fn drop(&mut self) {
        self.slow.close_all();
    }
}

impl Default for FortuneAcceptorRust {
    fn default() -> Self {
        Self {
            listening: None,
            transport: Transport::default(),
            portable: false,
            access: None,
            limits: Limits::default(),
            slow: Arc::default(),
            tls_relays: Arc::default(),
            starving: None,
            bursts: Bursts::default(),
            report: None,
            backoff_timer: UniquePtr::null(),
            sweep_timer: UniquePtr::null(),
            burst_timer: UniquePtr::null(),
            served: 0,
            served_timer: UniquePtr::null(),
            served_pending: false,
        }
    }
}

impl ffi::FortuneAcceptor {
    /// Starts accepting on the listening socket `fd` (owned by its Qt server, which must no
    /// longer accept on it itself), serving each connection as `serving` says. `peers`: check
    /// who connects (local sockets). `tls`: a TLS handshake first (TCP). `portable`: every
    /// frame through a Qt socket.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        mut self: Pin<&mut Self>,
        fd: i32,
        transport: Transport,
        serving: Serving,
        peers: Option<PeerCheck>,
        tls: Option<UniquePtr<QSslConfiguration>>,
        portable: bool,
        limits: Limits,
        report: Box<dyn Fn(Report)>,
    ) {
        set_nonblocking(fd);
        self.as_mut().make_timers();
        let qt = self.qt_thread();
        self.slow.set_on_freed(move || {
            let _ = qt.queue(|acceptor| acceptor.resume_accepting());
        });
        let notifier = new_accept_notifier(self.as_mut(), qintptr::from(fd as isize));
        let mut rust = self.rust_mut();
        rust.limits = limits;
        rust.report = Some(report);
        rust.transport = transport;
        rust.portable = portable;
        rust.access = peers.as_ref().map(|p| p.access);
        rust.listening = Some(Listening {
            fd,
            serving,
            peers,
            tls,
            notifier,
        });
    }

    /// Stops accepting (before the server closes the socket). Slow clients still finish, each
    /// within its deadline.
    pub fn stop(mut self: Pin<&mut Self>) {
        let mut rust = self.as_mut().rust_mut();
        rust.listening = None;
        rust.slow.starved.store(false, Ordering::Release);
        if let Some(timer) = rust.backoff_timer.as_mut() {
            timer.stop();
        }
        if self.starving.is_some() {
            self.as_mut().rust_mut().starving = None;
            self.as_mut().tell(Report::Notice(String::new()));
        }
        self.as_mut().report_served();
        self.flush_bursts();
    }

    /// Replaces what each connection gets (new frames, while listening).
    pub fn set_serving(mut self: Pin<&mut Self>, serving: Serving) {
        if let Some(listening) = self.as_mut().rust_mut().listening.as_mut() {
            listening.serving = serving;
        }
    }

    /// Answers a descriptor handed over to a relay with `frame` (empty: nothing) and closes it;
    /// what one send cannot take goes the slow path, as for a server.
    pub fn finish(self: Pin<&mut Self>, descriptor: usize, frame: &Arc<[u8]>) {
        if TlsRelays::is_token(descriptor) {
            return self.tls_relays.finish(descriptor, frame);
        }
        if let Served::Unfinished { frame, sent } = send_frame(descriptor, frame, self.portable) {
            self.finish_slowly(descriptor, frame, sent);
        }
    }

    /// Slow clients still being served.
    pub fn slow_clients(&self) -> usize {
        self.slow.len()
    }

    /// Fortunes served so far (sent, or started on the slow path).
    pub fn served(&self) -> u64 {
        self.served
    }

    fn report_served(mut self: Pin<&mut Self>) {
        if let Some(timer) = self.as_mut().rust_mut().served_timer.as_mut() {
            timer.stop();
        }
        self.as_mut().rust_mut().served_pending = false;
        let served = self.served;
        self.tell(Report::Served(served));
    }

    fn accept_ready(mut self: Pin<&mut Self>) {
        for _ in 0..BATCH {
            let Some(fd) = self.listening.as_ref().map(|l| l.fd) else {
                return;
            };
            match accept(fd) {
                Ok(client) => {
                    if self.starving.is_some() {
                        self.as_mut().recovered();
                    }
                    self.as_mut().serve(client);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                // The client left before we took it, or a signal came: take the next one.
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::ECONNABORTED | libc::EINTR | libc::EPROTO)
                    ) => {}
                Err(e) => return self.starve(e),
            }
        }
    }

    /// Serves one accepted client: checked, then a frame (or a hand-over).
    fn serve(mut self: Pin<&mut Self>, client: i32) {
        let descriptor = client as usize;
        let Some(listening) = self.listening.as_ref() else {
            return serving::close(descriptor);
        };
        if let Some(check) = &listening.peers {
            if let Err((kind, detail)) = admitted(check, client) {
                serving::close(descriptor);
                return self.closed(kind, 1, detail);
            }
        }
        if listening.tls.is_some() {
            return self.serve_tls(descriptor);
        }
        let counted = matches!(listening.serving, Serving::Frames { .. });
        let served = serve_descriptor(&listening.serving, descriptor);
        if counted {
            self.as_mut().count_served();
        }
        if let Served::Unfinished { frame, sent } = served {
            self.finish_slowly(descriptor, frame, sent);
        }
    }

    /// One more fortune served; the server hears of it within SERVED_REFRESH.
    fn count_served(self: Pin<&mut Self>) {
        let mut rust = self.rust_mut();
        rust.served += 1;
        if !rust.served_pending {
            rust.served_pending = true;
            if let Some(timer) = rust.served_timer.as_mut() {
                timer.start(millis(SERVED_REFRESH));
            }
        }
    }

    fn tell(&self, report: Report) {
        if let Some(tell) = &self.report {
            tell(report);
        }
    }

    /// The four timers, each calling one of the methods above.
    fn make_timers(mut self: Pin<&mut Self>) {
        if !self.backoff_timer.is_null() {
            return;
        }
        let backoff = new_acceptor_timer(self.as_mut(), AcceptorTimer::Backoff);
        let sweep = new_acceptor_timer(self.as_mut(), AcceptorTimer::Sweep);
        let burst = new_acceptor_timer(self.as_mut(), AcceptorTimer::Burst);
        let served = new_acceptor_timer(self.as_mut(), AcceptorTimer::Served);
        let mut rust = self.rust_mut();
        rust.backoff_timer = backoff;
        rust.sweep_timer = sweep;
        rust.burst_timer = burst;
        rust.served_timer = served;
    }
}
