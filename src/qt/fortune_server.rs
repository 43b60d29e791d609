//! `FortuneServer`: Qt's Local Fortune server as a QObject, shared by the QML window and the
//! headless CLI.

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
    }

    extern "RustQt" {
        #[qobject]
        #[qml_element]
        #[qproperty(QString, server_name, cxx_name = "serverName")]
        #[qproperty(QString, wire, READ, WRITE = set_wire, NOTIFY)]
        #[qproperty(bool, listening, READ, NOTIFY)]
        #[qproperty(QString, full_server_name, cxx_name = "fullServerName", READ, NOTIFY)]
        #[qproperty(QString, error_string, cxx_name = "errorString", READ, NOTIFY)]
        // qint64: a type QML's tooling knows (std::uint64_t is not).
        #[qproperty(qint64, served, READ, NOTIFY)]
        type FortuneServer = super::FortuneServerRust;

        /// Refuses an unknown name, keeping the old wire and setting `errorString`.
        #[cxx_name = "setWire"]
        fn set_wire(self: Pin<&mut Self>, wire: QString);

        /// Starts listening on `serverName`; on failure sets `errorString`, emits
        /// `listenFailed` and returns false.
        #[qinvokable]
        fn listen(self: Pin<&mut Self>) -> bool;

        /// Stops accepting connections and removes the socket file.
        #[qinvokable]
        #[cxx_name = "stopListening"]
        fn stop_listening(self: Pin<&mut Self>);

        #[qsignal]
        #[cxx_name = "listenFailed"]
        fn listen_failed(self: Pin<&mut Self>, message: QString);
    }

    impl cxx_qt::Threading for FortuneServer {}
}

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use cxx::UniquePtr;
use cxx_qt::{CxxQtThread, CxxQtType, Threading};
use cxx_qt_lib::{qint64, QString};

use super::application::default_local_wire;
use super::factory::new_fortune_listener;
use super::fortune_listener::{ffi::FortuneListener, Serving};
use super::qlocal_server::{live_sockets, remove_server};
use super::qlocal_socket::{write_bytes, QLocalSocket};
use crate::core::fortunes::{Fortunes, FortunesError, Frames};
use crate::core::socket_name::{self, Occupant};
use crate::core::wire::Wire;

/// Counts served connections off the QObject, so the per-connection path does not post an
/// event per client: the property is refreshed by at most one queued update at a time.
#[derive(Default)]
struct ServedCounter {
    count: AtomicU64,
    update_queued: AtomicBool,
}

impl ServedCounter {
    fn add_one(&self, server: &CxxQtThread<qobject::FortuneServer>) {
        self.count.fetch_add(1, Ordering::Relaxed);
        if !self.update_queued.swap(true, Ordering::AcqRel) {
            // Fails only when the QObject is gone, and then nobody reads the count.
            let _ = server.queue(|mut this| {
                let counter = Arc::clone(&this.counter);
                counter.update_queued.store(false, Ordering::Release);
                let count = counter.count.load(Ordering::Relaxed);
                this.as_mut().rust_mut().served = qint64::from(count as i64);
                this.as_mut().served_changed();
            });
        }
    }
}

pub struct FortuneServerRust {
    server_name: QString,
    wire: QString,
    listening: bool,
    full_server_name: QString,
    error_string: QString,
    served: qint64,

    fortunes: Fortunes,
    frames: Arc<Frames>,
    counter: Arc<ServedCounter>,
    server: UniquePtr<FortuneListener>,
}

impl Default for FortuneServerRust {
    fn default() -> Self {
        let fortunes = Fortunes::default();
        let wire = default_local_wire();
        let frames = Frames::new(&fortunes, wire).expect("the original fortunes fit every wire");
        Self {
            server_name: QString::from("fortune"),
            wire: QString::from(wire.name()),
            listening: false,
            full_server_name: QString::default(),
            error_string: QString::default(),
            served: qint64::from(0),
            fortunes,
            frames: Arc::new(frames),
            counter: Arc::default(),
            server: new_fortune_listener(),
        }
    }
}

/// What the original server does with each connection: one frame, flush, disconnect, and
/// delete the socket once it is disconnected (whoever closed first, so nothing leaks). Ours
/// does it only for what a single `send` could not take (see `FortuneListener`).
pub(super) fn serve(mut socket: Pin<&mut QLocalSocket>, frame: &[u8]) {
    socket
        .as_mut()
        .on_disconnected(|socket| socket.delete_later())
        .release();
    write_bytes(socket.as_mut(), frame);
    socket.as_mut().flush();
    socket.disconnect_from_server();
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

    /// Hands the listener the current frames and the counter to report to; from then on each
    /// client gets a frame of these.
    fn serve_current_frames(mut self: Pin<&mut Self>) {
        let counter = Arc::clone(&self.counter);
        let qt_thread = self.qt_thread();
        let serving = Serving {
            frames: Arc::clone(&self.frames),
            on_served: Box::new(move || counter.add_one(&qt_thread)),
        };
        let mut rust = self.as_mut().rust_mut();
        rust.server.pin_mut().rust_mut().serving = Some(serving);
    }

    pub fn listen(mut self: Pin<&mut Self>) -> bool {
        if self.listening {
            return true;
        }
        let name = self.server_name.clone();
        let result = if name.is_empty() {
            Err("the server name is empty".to_owned())
        } else {
            self.as_mut().listen_reclaiming_stale(&name)
        };
        match result {
            Ok(()) => {
                let full = self.server.local_server().full_server_name();
                self.as_mut().rust_mut().full_server_name = full;
                self.as_mut().full_server_name_changed();
                self.as_mut().set_error(String::new());
                self.as_mut().serve_current_frames();
                self.set_listening(true);
                true
            }
            Err(message) => {
                self.as_mut().set_error(message.clone());
                self.listen_failed(QString::from(&message));
                false
            }
        }
    }

    /// Listens; when a dead server's socket file is in the way, removes it and tries once more.
    /// A live server's socket, or anything that is not a socket, is left alone.
    fn listen_reclaiming_stale(mut self: Pin<&mut Self>, name: &QString) -> Result<(), String> {
        let mut rust = self.as_mut().rust_mut();
        let mut server = rust.server.pin_mut().local_server_mut();
        if server.as_mut().listen(name) {
            return Ok(());
        }
        let path = socket_name::resolve(&name.to_string());
        match socket_name::probe(&path) {
            Occupant::Stale | Occupant::Absent => {
                remove_server(name);
                if server.as_mut().listen(name) {
                    return Ok(());
                }
                Err(server.error_string().to_string())
            }
            Occupant::Live => Err(format!(
                "another server is already listening on {}; stop it or choose another name",
                path.display()
            )),
            Occupant::Other(why) => Err(format!(
                "{} is in the way ({why}); it was left untouched",
                path.display()
            )),
        }
    }

    pub fn stop_listening(mut self: Pin<&mut Self>) {
        let mut rust = self.as_mut().rust_mut();
        let mut listener = rust.server.pin_mut();
        listener.as_mut().rust_mut().serving = None;
        listener.local_server_mut().close();
        self.set_listening(false);
    }

    /// Sockets not yet deleted: zero once every client is served and gone.
    pub fn open_sockets(&self) -> i32 {
        live_sockets(self.server.local_server())
    }
}
