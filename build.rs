use cxx_qt_build::{CxxQtBuilder, QmlModule};

/// Every bridge lives in src/qt (cxx-qt wants one folder per QML module).
const BRIDGES: [&str; 10] = [
    "src/qt/application.rs",
    "src/qt/factory.rs",
    "src/qt/fortune_client.rs",
    "src/qt/fortune_listener.rs",
    "src/qt/fortune_server.rs",
    "src/qt/fortune_tcp_listener.rs",
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
            .qml_files(["qml/ServerWindow.qml", "qml/ClientWindow.qml"])
            .depend("QtQuick"),
    )
    .crate_include_root(None)
    .include_dir("cpp")
    .qt_module("Network")
    // The windows; QuickTest for the QML tests' entry point (cpp/quick_test.cpp).
    .qt_module("Quick")
    .qt_module("QuickTest")
    .cpp_files(["cpp/quick_test.cpp"])
    .files(BRIDGES)
    .build();
}
