//! Binding of Qt's own `QTimer`: a timer on the object's own thread, in its event loop. Its
//! `timeout` is a private signal, which cxx cannot take the address of: the timers are made and
//! connected in C++ (`lf::newAcceptorTimer`).

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!(<QtCore/QTimer>);
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QTimer;

        /// (Re)starts the timer to fire after `msec` milliseconds.
        fn start(self: Pin<&mut QTimer>, msec: i32);
        fn stop(self: Pin<&mut QTimer>);
        #[cxx_name = "isActive"]
        fn is_active(self: &QTimer) -> bool;
    }

    impl UniquePtr<QTimer> {}
}

pub use ffi::QTimer;
