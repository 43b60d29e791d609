//! Qt's application object for the windows, and the Qt this was built against.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qguiapplication.h");
        type QGuiApplication = cxx_qt_lib::QGuiApplication;
        include!("local-fortune/application.h");
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        #[cxx_name = "builtQtVersion"]
        fn built_qt_version() -> u32;
        /// A QGuiApplication whose argv is `args` (program name first), not the process's,
        /// named `name` (the X11 WM_CLASS class) with the desktop entry `desktop_entry` (the
        /// Wayland app id).
        #[cxx_name = "newGuiApplication"]
        fn new_gui_application(
            args: Vec<String>,
            name: &str,
            desktop_entry: &str,
        ) -> UniquePtr<QGuiApplication>;
    }
}

pub use ffi::new_gui_application;

use std::ffi::CStr;

use cxx::UniquePtr;
use cxx_qt_lib::QCoreApplication;

use crate::core::qt_version::QtVersion;
use crate::core::wire::Wire;

/// The Qt release this program was compiled against.
pub fn built_qt() -> QtVersion {
    QtVersion::from_hex(ffi::built_qt_version())
}

/// The default server format: the one the Local Fortune examples of the Qt we were built
/// against speak (Qt 6.4 → qt5.10), so that they read our server with no flag.
pub fn default_local_wire() -> Wire {
    built_qt().local_wire()
}

/// The application object of the commands without a window, on Qt's own Unix event dispatcher
/// rather than GLib's. A headless bridge adds and removes a socket notifier for every upstream
/// connection, and GLib's loop writes its wake-up descriptor each time; Qt's Unix dispatcher
/// polls the same descriptors and wakes only for posted events: 2 fewer system calls per relayed
/// fortune (docs/benchmark.md). Nothing headless needs GLib's loop (the windows keep it: desktop
/// integrations may). Qt reads `QT_NO_GLIB` whenever it makes a dispatcher (this one, and any
/// thread's, such as a host lookup's), so it stays set for the process, which starts no other
/// program; a value the caller set, even empty, is left as it is. Call it before any thread
/// exists (it sets the environment).
pub fn new_core_application() -> UniquePtr<QCoreApplication> {
    if std::env::var_os("QT_NO_GLIB").is_none() {
        std::env::set_var("QT_NO_GLIB", "1");
    }
    QCoreApplication::new()
}

/// Gives the process a UTF-8 `LC_CTYPE` before Qt looks at the locale, as Qt 6.8 would choose
/// itself. Qt 6 reads and writes text as UTF-8 whatever the locale; since Qt 6.5, a process
/// whose locale is not UTF-8 (a bare environment: no `LANG`, as CI and service managers give)
/// gets its `LC_CTYPE` switched to `C.UTF-8` by Qt, with four lines of warning on stderr, which
/// would break the one-line-per-failure contract of the command line. Making that same choice
/// first leaves Qt nothing to warn about, and nothing else changes: every other category, and
/// the language the windows pick, stay as the environment says (an `LC_ALL` that stood for all
/// of them is spread over the others). Call it first thing in `main`, before any thread exists.
pub fn prefer_utf8_ctype() {
    // SAFETY: setlocale and nl_langinfo with valid C strings, on the only thread.
    let codeset = unsafe {
        libc::setlocale(libc::LC_ALL, c"".as_ptr());
        CStr::from_ptr(libc::nl_langinfo(libc::CODESET))
            .to_string_lossy()
            .to_ascii_lowercase()
    };
    if codeset == "utf-8" || codeset == "utf8" {
        return;
    }
    // SAFETY: as above; a locale name that does not exist returns null and changes nothing.
    if unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) }.is_null() {
        return; // No C.UTF-8 here (glibc < 2.35 without the locale): Qt says what it says.
    }
    if let Some(all) = std::env::var_os("LC_ALL").filter(|v| !v.is_empty()) {
        for category in [
            "LC_COLLATE",
            "LC_MESSAGES",
            "LC_MONETARY",
            "LC_NUMERIC",
            "LC_TIME",
            "LC_PAPER",
            "LC_NAME",
            "LC_ADDRESS",
            "LC_TELEPHONE",
            "LC_MEASUREMENT",
            "LC_IDENTIFICATION",
        ] {
            if std::env::var_os(category).is_none_or(|v| v.is_empty()) {
                std::env::set_var(category, &all);
            }
        }
        std::env::remove_var("LC_ALL");
    }
    std::env::set_var("LC_CTYPE", "C.UTF-8");
}
