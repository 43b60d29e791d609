//! Generates and compiles the C++ of the bridges, and exports the headers (`include/` as
//! `cxx-qt-sockets/…`, and the generated ones) to the crates that depend on this one.

fn main() {
    #[cfg(feature = "qt")]
    qt::build();
}

#[cfg(feature = "qt")]
mod qt {
    use cxx_qt_build::CxxQtBuilder;

    const BRIDGES: [&str; 12] = [
        "src/qabstractsocket.rs",
        "src/qbox.rs",
        "src/qiodevice.rs",
        "src/qlocalserver.rs",
        "src/qlocalsocket.rs",
        "src/qsocketnotifier.rs",
        "src/qssl.rs",
        "src/qsslconfiguration.rs",
        "src/qsslsocket.rs",
        "src/qtcpserver.rs",
        "src/qtcpsocket.rs",
        "src/qtimer.rs",
    ];

    pub fn build() {
        let mut builder = CxxQtBuilder::new()
            .crate_include_root(Some("include/".to_owned()))
            .qt_module("Network")
            .files(BRIDGES);
        if cfg!(feature = "async") {
            builder = builder.file("src/aio/executor.rs");
        }
        // Qt's headers as system headers: a newer compiler's warnings about Qt's own code (GCC
        // 16's -Wsfinae-incomplete on QChar) are not this crate's to fix. GCC and Clang take a
        // folder given by both -I (cxx-qt-build's) and -isystem as a system one.
        let qt_headers = qt_build_utils::QtBuild::new(vec!["Core".into(), "Network".into()])
            .expect("cxx-qt-build found this Qt already")
            .include_paths();
        // SAFETY: only include flags are added; cxx-qt-build's own settings stay as they are.
        let builder = unsafe {
            builder.cc_builder(|cc| {
                let compiler = cc.get_compiler();
                if compiler.is_like_gnu() || compiler.is_like_clang() {
                    for dir in &qt_headers {
                        cc.flag("-isystem").flag(dir);
                    }
                }
            })
        };
        builder.build().reexport_dependency("cxx-qt-lib").export();
    }
}
