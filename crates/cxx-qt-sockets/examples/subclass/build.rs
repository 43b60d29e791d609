//! A bridge of this crate's own: cxx-qt-build finds cxx-qt-sockets' exported headers and Qt
//! modules (Network) through its `links` metadata, as it finds cxx-qt-lib's.
fn main() {
    let builder = cxx_qt_build::CxxQtBuilder::new()
        .files(["src/fortune_server.rs", "src/fortune_fetcher.rs"]);
    // Qt's headers as system headers, as the crate itself does: GCC 16 warns about Qt's QChar.
    let qt = qt_build_utils::QtBuild::new(vec!["Core".into(), "Network".into()]).unwrap();
    // SAFETY: only include flags are added.
    let builder = unsafe {
        builder.cc_builder(|cc| {
            qt.include_paths().iter().for_each(|dir| {
                cc.flag("-isystem").flag(dir);
            })
        })
    };
    builder.build();
}
