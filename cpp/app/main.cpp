// Entry point of the CMake-built apps (`local-fortune-server`, `local-fortune-client`), so that
// Qt Creator can build, run and debug them. They are `local-fortune server` and
// `local-fortune client` under another name: one parser for the options (read before the
// QGuiApplication exists, since Qt's platform plugins take some of them out of argv), the same
// QML windows and Rust QObjects. CMakeLists.txt compiles this file once per window (LF_MAIN).

// With QT_QML_DEBUG defined (Qt Creator's Debug builds), this header enables the QML debugger
// and profiler for the app, and Qt says so on stderr at start-up.
#include <QtQml/qqmldebug.h>

extern "C" int LF_MAIN(); // lf_server_app_main or lf_client_app_main, in src/cli.rs

int main() { return LF_MAIN(); }
