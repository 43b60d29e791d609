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
        /// A QGuiApplication whose argv is `args` (program name first), not the process's.
        #[cxx_name = "newGuiApplication"]
        fn new_gui_application(args: Vec<String>) -> UniquePtr<QGuiApplication>;
    }
}

pub use ffi::new_gui_application;

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
