//! The subclass, run: its override served the client (and only it did); then a QObject's
//! invokable fetched through the async API and set its property.

// The crate's C++ initializers are linked into every target of the package, this test too; these
// bring the crates whose initializers they call.
extern crate cxx_qt;
extern crate cxx_qt_lib;
extern crate cxx_qt_sockets;

#[test]
fn the_override_serves_the_client() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxx-qt-sockets-subclass"))
        .env("QT_QPA_PLATFORM", "offscreen")
        // A UTF-8 locale, as a user's session has: in a bare one (CI's) Qt 6.5 and later print
        // four lines of their own about switching to C.UTF-8.
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "served 1: You might have mail.\nfetched: You might have mail.\n"
    );
    assert_eq!(stderr, "");
}
