use std::path::{Path, PathBuf};
use std::process::Command;

use cxx_qt_build::{CxxQtBuilder, QmlModule};

/// Every bridge lives in src/qt (cxx-qt wants one folder per QML module).
const BRIDGES: [&str; 12] = [
    "src/qt/application.rs",
    "src/qt/factory.rs",
    "src/qt/fortune_bridge.rs",
    "src/qt/fortune_client.rs",
    "src/qt/fortune_listener.rs",
    "src/qt/fortune_server.rs",
    "src/qt/fortune_tcp_listener.rs",
    "src/qt/i18n.rs",
    "src/qt/qlocal_server.rs",
    "src/qt/qlocal_socket.rs",
    "src/qt/qtcp_server.rs",
    "src/qt/qtcp_socket.rs",
];

fn main() {
    // Headers come from cpp/ only: making the whole crate an include root would make cargo
    // watch build folders that live inside the checkout (CMake's, say).
    println!("cargo:rerun-if-changed=cpp");
    CxxQtBuilder::new_qml_module(
        QmlModule::new("LocalFortune")
            .qml_files([
                "qml/ServerWindow.qml",
                "qml/ClientWindow.qml",
                "qml/BridgeWindow.qml",
            ])
            .depend("QtQuick"),
    )
    .crate_include_root(None)
    .include_dir("cpp")
    .qt_module("Network")
    // The windows; QuickTest for the QML tests' entry point (cpp/quick_test.cpp).
    .qt_module("Quick")
    .qt_module("QuickTest")
    .cpp_files(["cpp/quick_test.cpp"])
    // The translations, as resources under :/i18n (loaded by cpp/i18n.h). The CMake apps link
    // this crate, so they carry them too.
    .qrc(compiled_translations())
    .files(BRIDGES)
    .build();
}

/// Compiles every `translations/*.ts` with Qt's `lrelease` into `$OUT_DIR/i18n/*.qm` and
/// returns the `.qrc` file that lists them under the prefix `/i18n`. Files are rewritten only
/// when their bytes change, so that cargo does not see its own inputs move on every build.
fn compiled_translations() -> PathBuf {
    println!("cargo:rerun-if-changed=translations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n");
    std::fs::create_dir_all(&out).expect("cannot create $OUT_DIR/i18n");
    let lrelease = qt_tool("lrelease");
    let mut ts_files: Vec<PathBuf> = std::fs::read_dir("translations")
        .expect("translations/ is missing")
        .map(|entry| entry.expect("cannot read translations/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .collect();
    ts_files.sort();
    let mut qrc = String::from("<RCC>\n  <qresource prefix=\"/i18n\">\n");
    for ts in &ts_files {
        let qm_name = Path::new(ts.file_name().unwrap()).with_extension("qm");
        let fresh = out.join(qm_name.with_extension("qm.new"));
        let status = Command::new(&lrelease)
            .args(["-silent", "-nounfinished"])
            .arg(ts)
            .arg("-qm")
            .arg(&fresh)
            .status()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {} ({e}): `make deps` installs Debian's qt6-l10n-tools",
                    lrelease.display()
                )
            });
        assert!(status.success(), "lrelease failed on {}", ts.display());
        write_if_changed(
            &out.join(&qm_name),
            &std::fs::read(&fresh).expect("lrelease wrote no .qm"),
        );
        let _ = std::fs::remove_file(&fresh);
        qrc.push_str(&format!("    <file>{}</file>\n", qm_name.display()));
    }
    qrc.push_str("  </qresource>\n</RCC>\n");
    let qrc_path = out.join("translations.qrc");
    write_if_changed(&qrc_path, qrc.as_bytes());
    qrc_path
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// A tool of the Qt that cxx-qt builds against: the folder `qmake -query QT_HOST_BINS` names,
/// for the qmake cxx-qt picks (`QMAKE`, else the first of qmake6, qmake-qt5, qmake on PATH).
fn qt_tool(name: &str) -> PathBuf {
    println!("cargo:rerun-if-env-changed=QMAKE");
    let qmakes: Vec<String> = match std::env::var("QMAKE") {
        Ok(qmake) if !qmake.is_empty() => vec![qmake],
        _ => ["qmake6", "qmake-qt5", "qmake"].map(String::from).to_vec(),
    };
    for qmake in qmakes {
        if let Ok(out) = Command::new(&qmake)
            .args(["-query", "QT_HOST_BINS"])
            .output()
        {
            if out.status.success() {
                let bins = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                return Path::new(&bins).join(name);
            }
        }
    }
    PathBuf::from(name)
}
