//! `QSocketNotifier`: the event loop's word that a descriptor can be read or written.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qsocketnotifier.h");
        include!("cxx-qt/connection.h");
        #[namespace = "rust::cxxqt1"]
        type QMetaObjectConnection = cxx_qt::QMetaObjectConnection;
    }

    /// `QSocketNotifier::Type`: what the notifier watches for.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum SocketNotifierType {
        /// Something to read (or a connection to accept, on a listening socket).
        Read = 0,
        /// Room to write.
        Write = 1,
        /// An exception (out-of-band data).
        Exception = 2,
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        type SocketNotifierType;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QSocketNotifier`, on a descriptor of the caller's. Make one with
        /// [`QSocketNotifier::new`]; it is enabled from the start.
        #[qobject]
        #[base = QObject]
        type QSocketNotifier;

        /// Watches (true) or stops watching (false). A level-triggered notifier fires again
        /// and again while the descriptor stays ready: disable it while you cannot act.
        #[cxx_name = "setEnabled"]
        fn set_enabled(self: Pin<&mut QSocketNotifier>, enable: bool);
        /// True while watching.
        #[cxx_name = "isEnabled"]
        fn is_enabled(self: &QSocketNotifier) -> bool;
        /// The descriptor watched.
        fn socket(self: &QSocketNotifier) -> qintptr;
        /// What it watches for.
        #[cxx_name = "type"]
        fn notifier_type(self: &QSocketNotifier) -> SocketNotifierType;
    }

    #[namespace = "cxx_qt_sockets"]
    extern "Rust" {
        type ActivatedClosure;
        fn call(self: &mut ActivatedClosure, notifier: Pin<&mut QSocketNotifier>);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newSocketNotifier"]
        fn new_socket_notifier(
            descriptor: qintptr,
            notifier_type: SocketNotifierType,
        ) -> UniquePtr<QSocketNotifier>;
        #[cxx_name = "connectActivated"]
        fn notifier_connect_activated(
            notifier: Pin<&mut QSocketNotifier>,
            closure: Box<ActivatedClosure>,
        ) -> QMetaObjectConnection;
    }

    impl UniquePtr<QSocketNotifier> {}
}

use std::pin::Pin;

use cxx_qt::QMetaObjectConnectionGuard;
use cxx_qt_lib::qintptr;

use crate::qbox::{Deletable, QBox};

pub use ffi::{QSocketNotifier, SocketNotifierType};

impl QSocketNotifier {
    /// A notifier on `descriptor` (which stays the caller's to close) for `notifier_type`,
    /// enabled. It needs a running event loop on this thread to fire.
    pub fn new(descriptor: qintptr, notifier_type: SocketNotifierType) -> QBox<Self> {
        QBox::from_unique(ffi::new_socket_notifier(descriptor, notifier_type))
            .expect("operator new never returns null")
    }

    /// Runs `closure` each time the descriptor is ready (Qt's `activated`), on the notifier's
    /// thread, until the guard is dropped (`release()` it to keep the connection as long as
    /// the notifier lives). [`QSocketNotifier::socket`] and
    /// [`QSocketNotifier::notifier_type`] give what Qt's signal carries.
    ///
    /// `activated` is a private signal in Qt, which cxx-qt's `#[qsignal]` cannot bind: this
    /// connects it in C++ with the notifier as the context.
    pub fn on_activated<F>(self: Pin<&mut Self>, closure: F) -> QMetaObjectConnectionGuard
    where
        F: FnMut(Pin<&mut QSocketNotifier>) + Send + 'static,
    {
        ffi::notifier_connect_activated(self, Box::new(ActivatedClosure(Box::new(closure)))).into()
    }
}

/// A closure connected to a notifier's `activated` (see [`QSocketNotifier::on_activated`]).
struct ActivatedClosure(crate::qtimer::Handler<QSocketNotifier>);

impl ActivatedClosure {
    fn call(&mut self, notifier: Pin<&mut QSocketNotifier>) {
        (self.0)(notifier);
    }
}

impl Deletable for QSocketNotifier {
    /// Disabled when the handle goes: the descriptor is the caller's to close right after.
    fn before_drop(self: Pin<&mut Self>) {
        self.set_enabled(false);
    }
}
