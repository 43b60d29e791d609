//! `QTimer`: a timer of the event loop of the thread it lives in.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-sockets/qtimer.h");
        include!("cxx-qt/connection.h");
        #[namespace = "rust::cxxqt1"]
        type QMetaObjectConnection = cxx_qt::QMetaObjectConnection;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QTimer`. Make one with [`QTimer::new`].
        #[qobject]
        #[base = QObject]
        type QTimer;

        /// (Re)starts the timer to fire after `msec` milliseconds (and every `msec` after that,
        /// unless it is single-shot).
        fn start(self: Pin<&mut QTimer>, msec: i32);
        /// Stops the timer.
        fn stop(self: Pin<&mut QTimer>);
        /// True while running.
        #[cxx_name = "isActive"]
        fn is_active(self: &QTimer) -> bool;
        /// Fires once per start (true) or repeatedly (false, the default).
        #[cxx_name = "setSingleShot"]
        fn set_single_shot(self: Pin<&mut QTimer>, single_shot: bool);
        /// True if it fires once per start.
        #[cxx_name = "isSingleShot"]
        fn is_single_shot(self: &QTimer) -> bool;
        /// The interval, in milliseconds.
        #[cxx_name = "setInterval"]
        fn set_interval(self: Pin<&mut QTimer>, msec: i32);
        /// The interval, in milliseconds.
        fn interval(self: &QTimer) -> i32;
        /// Milliseconds left before it fires; -1 when not running.
        #[cxx_name = "remainingTime"]
        fn remaining_time(self: &QTimer) -> i32;
    }

    #[namespace = "cxx_qt_sockets"]
    extern "Rust" {
        type TimeoutClosure;
        fn call(self: &mut TimeoutClosure, timer: Pin<&mut QTimer>);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_timer() -> UniquePtr<QTimer>;
        /// Ends the running event loop (`QCoreApplication::exec()`) with `code`: Qt's static
        /// `QCoreApplication::exit`, for a program that serves until something happens.
        #[cxx_name = "exitEventLoop"]
        fn exit_event_loop(code: i32);
        #[cxx_name = "connectTimeout"]
        fn timer_connect_timeout(
            timer: Pin<&mut QTimer>,
            closure: Box<TimeoutClosure>,
        ) -> QMetaObjectConnection;
    }

    impl UniquePtr<QTimer> {}
}

use std::pin::Pin;

use cxx_qt::QMetaObjectConnectionGuard;

use crate::qbox::{Deletable, QBox};

pub use ffi::{exit_event_loop, QTimer};

impl QTimer {
    /// A new, stopped timer that Rust owns, on this thread's event loop.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_timer()).expect("operator new never returns null")
    }

    /// Runs `closure` each time the timer fires (Qt's `timeout`), on the timer's thread, until
    /// the guard is dropped (`release()` it to keep the connection as long as the timer lives).
    ///
    /// `timeout` is a private signal in Qt, which cxx-qt's `#[qsignal]` cannot bind: this
    /// connects it in C++ with the timer as the context, so the connection ends with the timer.
    pub fn on_timeout<F>(self: Pin<&mut Self>, closure: F) -> QMetaObjectConnectionGuard
    where
        F: FnMut(Pin<&mut QTimer>) + Send + 'static,
    {
        ffi::timer_connect_timeout(self, Box::new(TimeoutClosure(Box::new(closure)))).into()
    }
}

/// A closure connected to a timer's `timeout` (see [`QTimer::on_timeout`]).
struct TimeoutClosure(Handler<QTimer>);

/// A closure that Qt calls with the object whose (private) signal it is connected to.
pub(crate) type Handler<T> = Box<dyn FnMut(Pin<&mut T>) + Send>;

impl TimeoutClosure {
    fn call(&mut self, timer: Pin<&mut QTimer>) {
        (self.0)(timer);
    }
}

impl Deletable for QTimer {
    /// Stops when the handle goes: no timeout fires after.
    fn before_drop(self: Pin<&mut Self>) {
        self.stop();
    }
}
