//! The windows' languages through Qt's translation system (cpp/i18n.h): `translate` for the
//! Rust texts that a window shows (all in [`super::texts`], where lupdate finds them), and the
//! translators that only the window programs install ([`install_translations`]), so that the
//! command line prints the English source texts.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("local-fortune/i18n.h");
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        /// `QCoreApplication::translate(context, source)`: the source text itself when no
        /// translator of the application knows it.
        fn translate(context: &str, source: &str) -> QString;

        /// `text.arg(a1, a2)`: both placeholders replaced in one pass.
        fn args2(text: &QString, a1: &QString, a2: &QString) -> QString;
        /// `text.arg(a1, a2, a3)`.
        fn args3(text: &QString, a1: &QString, a2: &QString, a3: &QString) -> QString;

        /// Installs our translation for `language` (empty: the system locale's) and Qt's own
        /// of the same language; false when we have none for it (the windows stay English).
        #[cxx_name = "installTranslations"]
        fn install_translations(language: &QString) -> bool;
    }

    #[namespace = "lf"]
    extern "Rust" {
        /// The compiled translations, a Qt binary resource (see build.rs), which
        /// `installTranslations` registers with Qt under `:/i18n` the first time it runs.
        #[cxx_name = "translationsResource"]
        fn translations_resource() -> &'static [u8];
    }
}

pub use ffi::{args2, args3, install_translations, translate};

use cxx_qt_lib::QString;

/// `$OUT_DIR/i18n.rcc`, written by build.rs: every `translations/*.ts`, compiled.
static TRANSLATIONS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/i18n.rcc"));

fn translations_resource() -> &'static [u8] {
    TRANSLATIONS
}

/// A value for `QString::arg`.
pub fn arg(value: impl std::fmt::Display) -> QString {
    QString::from(&value.to_string())
}
