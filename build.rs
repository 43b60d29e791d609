use std::path::{Path, PathBuf};
use std::process::Command;

use cxx_qt_build::{CxxQtBuilder, QmlModule};

/// Every bridge lives in src/qt (cxx-qt wants one folder per QML module); Qt's own classes are
/// bound in the workspace crate cxx-qt-sockets.
const BRIDGES: [&str; 6] = [
    "src/qt/application.rs",
    "src/qt/fortune_acceptor.rs",
    "src/qt/fortune_bridge.rs",
    "src/qt/fortune_client.rs",
    "src/qt/fortune_server.rs",
    "src/qt/i18n.rs",
];

fn main() {
    // Headers come from cpp/ only: making the whole crate an include root would make cargo
    // watch build folders that live inside the checkout (CMake's, say).
    println!("cargo:rerun-if-changed=cpp");
    let qt_headers = qt_header_dirs();
    let builder = CxxQtBuilder::new_qml_module(
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
    // The QObjects' direct connections (cpp/fortune_*.h say why they are C++).
    .cpp_files([
        "cpp/quick_test.cpp",
        "cpp/fortune_acceptor.cpp",
        "cpp/fortune_client.cpp",
    ])
    .files(BRIDGES);
    // Qt's headers as system headers: a newer compiler's warnings about Qt's own code (GCC 16's
    // -Wsfinae-incomplete on QChar, through cxx-qt-lib's qstring.h) are not ours to fix, and
    // cargo would print each as `warning: local-fortune@...`. GCC and Clang search a folder given
    // both by -I (cxx-qt-build's) and -isystem as a system folder. Our own C++ keeps cc's
    // -Wall -Wextra.
    // SAFETY: only include flags are added; cxx-qt-build's own settings are left as they are.
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
    builder.build();
    compile_translations();
}

/// Qt's header folders, `QT_INSTALL_HEADERS` of the qmake cxx-qt picks and its module folders
/// (`QtCore`, ...), each of which cxx-qt-build also puts on the include path.
fn qt_header_dirs() -> Vec<PathBuf> {
    let Some(root) = qmake_query("QT_INSTALL_HEADERS").map(PathBuf::from) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_dir()
                        && path
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("Qt"))
                })
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs.insert(0, root);
    dirs
}

/// Compiles every `translations/*.ts` with Qt's `lrelease` into `$OUT_DIR/i18n/*.qm`, and those
/// with Qt's `rcc --binary` into one resource file, `$OUT_DIR/i18n.rcc`, under the prefix `/i18n`.
/// `src/qt/i18n.rs` embeds it (`include_bytes!`) and cpp/i18n.h registers it with Qt at run time,
/// so the CMake apps, which link this crate, carry it too.
///
/// Only the sources are watched (`translations/`): cargo reruns a build script whose watched files
/// are newer than its last run, so watching what the script itself writes (as a `.qrc` handed to
/// cxx-qt-build would be) made the first build after a cold one rebuild the crate. Files are
/// rewritten only when their bytes change, so rustc sees the resource change only then.
fn compile_translations() {
    println!("cargo:rerun-if-changed=translations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let i18n = out.join("i18n");
    std::fs::create_dir_all(&i18n).expect("cannot create $OUT_DIR/i18n");
    let mut ts_files: Vec<PathBuf> = std::fs::read_dir("translations")
        .expect("translations/ is missing")
        .map(|entry| entry.expect("cannot read translations/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .collect();
    ts_files.sort();
    let mut qrc = String::from("<RCC>\n  <qresource prefix=\"/i18n\">\n");
    for ts in &ts_files {
        let qm_name = Path::new(ts.file_name().unwrap()).with_extension("qm");
        let fresh = i18n.join(qm_name.with_extension("qm.new"));
        run_qt_tool(&["QT_HOST_BINS", "QT_INSTALL_BINS"], "lrelease", |cmd| {
            cmd.args(["-silent", "-nounfinished"])
                .arg(ts)
                .arg("-qm")
                .arg(&fresh)
        });
        write_if_changed(
            &i18n.join(&qm_name),
            &std::fs::read(&fresh).expect("lrelease wrote no .qm"),
        );
        let _ = std::fs::remove_file(&fresh);
        qrc.push_str(&format!("    <file>{}</file>\n", qm_name.display()));
    }
    qrc.push_str("  </qresource>\n</RCC>\n");
    let qrc_path = i18n.join("translations.qrc");
    write_if_changed(&qrc_path, qrc.as_bytes());
    let fresh = out.join("i18n.rcc.new");
    run_qt_tool(&["QT_HOST_LIBEXECS", "QT_INSTALL_LIBEXECS"], "rcc", |cmd| {
        cmd.arg("--binary").arg(&qrc_path).arg("-o").arg(&fresh)
    });
    write_if_changed(
        &out.join("i18n.rcc"),
        &std::fs::read(&fresh).expect("rcc wrote no .rcc"),
    );
    let _ = std::fs::remove_file(&fresh);
}

/// Runs one of the Qt tools (see [`qt_tool`]), set up by `args`.
fn run_qt_tool(folders: &[&str], name: &str, args: impl FnOnce(&mut Command) -> &mut Command) {
    let tool = qt_tool(folders, name);
    let status = args(&mut Command::new(&tool)).status().unwrap_or_else(|e| {
        panic!(
            "cannot run {} ({e}): `make deps` installs Debian's qt6-l10n-tools and qt6-base-dev-tools",
            tool.display()
        )
    });
    assert!(status.success(), "{} failed", tool.display());
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// A tool of the Qt that cxx-qt builds against: the first that exists of `name` in the folders
/// `qmake -query` names for `folders` (e.g. QT_HOST_LIBEXECS, QT_INSTALL_LIBEXECS: Debian's
/// x86_64-linux-gnu-qmake6, which CMake's Qt6::qmake is, says /usr/libexec for the first), for
/// the qmake cxx-qt picks (`QMAKE`, else the first of qmake6, qmake-qt5, qmake on PATH).
fn qt_tool(folders: &[&str], name: &str) -> PathBuf {
    for answers in qmake_answers() {
        let candidates: Vec<PathBuf> = folders
            .iter()
            .filter_map(|folder| {
                answers
                    .lines()
                    .find_map(|line| line.strip_prefix(&format!("{folder}:")))
                    .map(|dir| Path::new(dir.trim()).join(name))
            })
            .collect();
        if let Some(tool) = candidates.iter().find(|tool| tool.exists()) {
            return tool.clone();
        }
        if let Some(first) = candidates.into_iter().next() {
            return first;
        }
    }
    PathBuf::from(name)
}

/// What `qmake -query` says, for each qmake cxx-qt may pick that answers (`QMAKE`, else
/// qmake6, qmake-qt5, qmake on PATH), in that order.
fn qmake_answers() -> impl Iterator<Item = String> {
    println!("cargo:rerun-if-env-changed=QMAKE");
    let qmakes: Vec<String> = match std::env::var("QMAKE") {
        Ok(qmake) if !qmake.is_empty() => vec![qmake],
        _ => ["qmake6", "qmake-qt5", "qmake"].map(String::from).to_vec(),
    };
    qmakes.into_iter().filter_map(|qmake| {
        let out = Command::new(&qmake).arg("-query").output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    })
}

/// `qmake -query NAME` of the first qmake that answers.
fn qmake_query(name: &str) -> Option<String> {
    qmake_answers().next().and_then(|answers| {
        answers
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .map(|value| value.trim().to_owned())
    })
}
