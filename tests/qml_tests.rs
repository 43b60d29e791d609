//! Runs the QML `TestCase` files of tests/qml with Qt's QuickTest (`quick_test_main`, linked
//! from cpp/quick_test.cpp) against the statically linked `LocalFortune` module, headless.
//! The screenshot test saves PNGs into `screenshots/` of the cargo target folder (target/ for
//! cargo, `<build>/cargo` for CMake); they are checked here afterwards.

use std::ffi::{c_char, c_int, CString};
use std::path::Path;

// Links the crate: its QML module and lf_quick_test_main (cpp/quick_test.cpp).
use local_fortune as _;

extern "C" {
    fn lf_quick_test_main(argc: c_int, argv: *mut *mut c_char, source_dir: *const c_char) -> c_int;
}

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for old in ["server-window.png", "client-window.png"] {
        let _ = std::fs::remove_file(shots.join(old));
    }
    if std::env::var_os("QT_QPA_PLATFORM").is_none() {
        std::env::set_var("QT_QPA_PLATFORM", "offscreen");
    }
    // The TestCase saves its screenshots relative to the working folder.
    std::env::set_current_dir(&shots).unwrap();

    // cargo passes its own flags (e.g. --test-threads); QuickTest gets only ours. Qt 6.4 does
    // not yet look for QML modules under qrc:/qt/qml, where cxx-qt puts ours.
    let args = ["qml_tests", "-import", "qrc:/qt/qml"].map(|a| CString::new(a).unwrap());
    let mut argv: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    argv.push(std::ptr::null_mut());
    let dir = CString::new(root.join("tests/qml").to_str().unwrap()).unwrap();
    let failed =
        unsafe { lf_quick_test_main(args.len() as c_int, argv.as_mut_ptr(), dir.as_ptr()) };

    let mut bad = Vec::new();
    for shot in ["server-window.png", "client-window.png"] {
        let bytes = std::fs::read(shots.join(shot)).unwrap_or_default();
        if bytes.len() < 1000 || bytes[..8] != PNG_MAGIC {
            bad.push(shot);
        }
    }
    if !bad.is_empty() {
        eprintln!(
            "screenshots missing or empty in {}: {bad:?}",
            shots.display()
        );
    }
    println!("screenshots: {}", shots.display());
    std::process::exit(if failed != 0 || !bad.is_empty() { 1 } else { 0 });
}
