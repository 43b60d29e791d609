//! Runs the QML `TestCase` files with Qt's QuickTest (`quick_test_main`, linked from
//! cpp/quick_test.cpp) against the statically linked `LocalFortune` module, headless, in two
//! suites, each in a process of its own (one application per process):
//! - `tests/qml`: untranslated, the English texts exactly as `--lang en` shows them;
//! - `tests/qml_zh_CN`: with `LANG=zh_CN.UTF-8`, translated as the windows translate for the
//!   system's language (cpp/i18n.h): the Chinese texts, Qt's own "OK", CJK glyphs not tofu.
//!
//! The screenshot tests save PNGs into `screenshots/` of the cargo target folder (target/ for
//! cargo, `<build>/cargo` for CMake); they are checked here afterwards.

use std::ffi::{c_char, c_int, CString};
use std::path::Path;
use std::process::Command;

// Links the crate: its QML module and lf_quick_test_main (cpp/quick_test.cpp).
use local_fortune as _;

extern "C" {
    fn lf_quick_test_main(
        argc: c_int,
        argv: *mut *mut c_char,
        source_dir: *const c_char,
        language: *const c_char,
    ) -> c_int;
}

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The suite a child process runs: `en` or `zh_CN`.
const SUITE_VAR: &str = "LF_QML_SUITE";

const SCREENSHOTS: [&str; 4] = [
    "server-window.png",
    "client-window.png",
    "server-window-zh_CN.png",
    "client-window-zh_CN.png",
];

fn main() {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .join("screenshots");
    if let Ok(suite) = std::env::var(SUITE_VAR) {
        std::process::exit(run_suite(&suite, &shots));
    }

    std::fs::create_dir_all(&shots).unwrap();
    for old in SCREENSHOTS {
        let _ = std::fs::remove_file(shots.join(old));
    }
    let me = std::env::current_exe().unwrap();
    let mut failed = Vec::new();
    for suite in ["en", "zh_CN"] {
        let mut child = Command::new(&me);
        child.env(SUITE_VAR, suite);
        if std::env::var_os("QT_QPA_PLATFORM").is_none() {
            child.env("QT_QPA_PLATFORM", "offscreen");
        }
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            child.env_remove(var);
        }
        // The English suite whatever the machine's language; the Chinese one by LANG alone.
        child.env(
            "LANG",
            if suite == "en" {
                "C.UTF-8"
            } else {
                "zh_CN.UTF-8"
            },
        );
        let status = child.status().expect("cannot rerun the QML test binary");
        if !status.success() {
            failed.push(suite);
        }
    }

    let mut bad = Vec::new();
    for shot in SCREENSHOTS {
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
    if !failed.is_empty() {
        eprintln!("QML suites failed: {failed:?}");
    }
    println!("screenshots: {}", shots.display());
    std::process::exit(if failed.is_empty() && bad.is_empty() {
        0
    } else {
        1
    });
}

/// One suite in this process: QuickTest over its folder, in its language.
fn run_suite(suite: &str, shots: &Path) -> i32 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (folder, language) = match suite {
        "en" => ("tests/qml", None),
        // "": the system's language, as the windows pick it without --lang.
        "zh_CN" => ("tests/qml_zh_CN", Some(CString::new("").unwrap())),
        other => panic!("unknown QML suite {other:?}"),
    };
    // The TestCase saves its screenshots relative to the working folder.
    std::env::set_current_dir(shots).unwrap();
    // cargo passes its own flags (e.g. --test-threads); QuickTest gets only ours. Qt 6.4 does
    // not yet look for QML modules under qrc:/qt/qml, where cxx-qt puts ours.
    let args = ["qml_tests", "-import", "qrc:/qt/qml"].map(|a| CString::new(a).unwrap());
    let mut argv: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    argv.push(std::ptr::null_mut());
    let dir = CString::new(root.join(folder).to_str().unwrap()).unwrap();
    let language = language.as_ref().map_or(std::ptr::null(), |l| l.as_ptr());
    unsafe {
        lf_quick_test_main(
            args.len() as c_int,
            argv.as_mut_ptr(),
            dir.as_ptr(),
            language,
        )
    }
}
