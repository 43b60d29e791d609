//! Binding of Qt's own `QSocketNotifier`: the event loop's word that a descriptor is ready. The
//! listening socket's notifier is made and connected in C++ (`lf::newAcceptNotifier`), so that
//! each activation is a direct call into the acceptor.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!(<QtCore/QSocketNotifier>);
    }

    unsafe extern "C++Qt" {
        #[qobject]
        type QSocketNotifier;

        #[cxx_name = "setEnabled"]
        fn set_enabled(self: Pin<&mut QSocketNotifier>, enable: bool);
        #[cxx_name = "isEnabled"]
        fn is_enabled(self: &QSocketNotifier) -> bool;
    }

    impl UniquePtr<QSocketNotifier> {}
}

pub use ffi::QSocketNotifier;
