//! The apps of the CMake build: cpp/app/main.cpp linked with the Rust static library and its
//! QML module. ctest runs these with the apps' paths in `LF_SERVER_APP` / `LF_CLIENT_APP`; a
//! plain `cargo test` lists them as ignored, since it has no CMake build to test.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

fn app(var: &str) -> PathBuf {
    let path: PathBuf = std::env::var_os(var)
        .unwrap_or_else(|| panic!("{var} is unset: run these tests through ctest"))
        .into();
    assert!(path.is_file(), "{} is not built", path.display());
    path
}

/// Lines that are not the app's problems: the offscreen platform's, and the QML debugger's
/// notice in a build configured as Qt Creator configures Debug (`-DQT_QML_DEBUG` from Qt
/// Creator 9 and 16, `QT_ENABLE_QML_DEBUG` from 20), which enables the QML debugger on purpose;
/// compared as a terminal shows them (Qt 6.11 colours its messages under `CLICOLOR_FORCE`). Any
/// other line (a QML warning) fails the tests.
const EXPECTED_NOISE: [&str; 2] = [
    "This plugin does not support propagateSizeHints()",
    "QML debugging is enabled. Only use this in a safe environment.",
];

fn start_app(var: &str, args: &[&str], dir: &Path) -> Running {
    // Qt wants a private runtime folder (it complains about a missing or shared one).
    let runtime_dir = dir.join("runtime");
    std::fs::create_dir_all(&runtime_dir).unwrap();
    std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    spawn(
        common::plain(app(var))
            .args(args)
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("XDG_RUNTIME_DIR", &runtime_dir),
    )
}

/// Waits `ms`, fails if the app exited meanwhile, then stops it by pid: what it logged.
fn stderr_after(mut app: Running, ms: u64) -> String {
    std::thread::sleep(Duration::from_millis(ms));
    let exited = app.child.try_wait().unwrap();
    let mut err = app.child.stderr.take().unwrap();
    app.stop_with(SIGKILL);
    let mut logged = String::new();
    std::io::Read::read_to_string(&mut err, &mut logged).unwrap();
    assert_eq!(exited, None, "the app exited by itself: {logged}");
    logged
        .lines()
        .filter(|line| !EXPECTED_NOISE.contains(&strip_ansi(line).as_str()))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn server_app_listens_at_start_and_serves_the_originals_in_its_wire() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("cmake-server");
    let name = sock.to_str().unwrap();
    let server = start_app(
        "LF_SERVER_APP",
        &["--name", name, "--wire", "qt4", "--listen"],
        dir.path(),
    );
    wait_for_socket(&sock);
    for _ in 0..3 {
        let out = run(&["fetch", "--name", name, "--verbose"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let fortune = stdout(&out);
        assert!(
            ORIGINAL.contains(&fortune.trim_end_matches('\n')),
            "{fortune:?}"
        );
        assert_eq!(
            stderr(&out),
            "local-fortune: wire qt4 (Qt 4.x – 5.7)\n",
            "the app's --wire reached the Rust server"
        );
    }
    assert_eq!(
        stderr_after(server, 0),
        "",
        "the server window logged problems"
    );
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn server_app_without_listen_waits_for_the_button() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("cmake-idle");
    let server = start_app(
        "LF_SERVER_APP",
        &["--name", sock.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(stderr_after(server, 1500), "");
    assert!(!sock.exists(), "listened without --listen");
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn client_app_opens_its_window_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("cmake-client");
    let client = start_app(
        "LF_CLIENT_APP",
        &["--name", sock.to_str().unwrap()],
        dir.path(),
    );
    // A QML error (missing module or type, bad property) would be logged here.
    assert_eq!(
        stderr_after(client, 1500),
        "",
        "the client window logged problems"
    );
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn apps_explain_their_options_without_a_display() {
    // The same parser as `local-fortune server|client`, run before Qt starts: no display needed.
    for (var, listen) in [("LF_SERVER_APP", true), ("LF_CLIENT_APP", false)] {
        let out = common::plain(app(var))
            .arg("--help")
            .env_remove("QT_QPA_PLATFORM")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("--name <NAME>"), "{help}");
        assert!(help.contains("--wire <WIRE>"), "{help}");
        assert_eq!(help.contains("--listen"), listen, "{help}");
        assert_eq!(
            help.contains(&format!(
                "[default: {} over a local socket",
                default_local_wire()
            )),
            listen,
            "{help}"
        );
    }
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn server_app_listens_on_its_name_under_x() {
    common::display::server_window_listens_on_its_name(&app("LF_SERVER_APP"), &[]);
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn client_app_fetches_from_its_name_under_x() {
    common::display::client_window_fetches_from_its_name(&app("LF_CLIENT_APP"), &[]);
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn apps_speak_the_language_of_lang_and_the_system_under_x() {
    // The translations are resources of the Rust library the apps link.
    common::display::windows_speak_their_language(
        (&app("LF_SERVER_APP"), &[]),
        (&app("LF_CLIENT_APP"), &[]),
    );
}

#[test]
#[ignore = "needs the CMake build: run by `ctest --test-dir build`"]
fn server_app_serves_over_tcp_with_the_same_options() {
    let dir = tempfile::tempdir().unwrap();
    // A loopback port the system just gave out and took back.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let at = format!("127.0.0.1:{port}");
    let server = start_app("LF_SERVER_APP", &["--tcp", &at, "--listen"], dir.path());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let out = loop {
        let out = run(&["fetch", "--tcp", &at, "--verbose"], dir.path());
        if out.status.code() == Some(0) || std::time::Instant::now() > deadline {
            break out;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
    assert_eq!(
        stderr(&out),
        "local-fortune: wire qt6.6 (Qt 5.7 and later)\n"
    );
    assert_eq!(
        stderr_after(server, 0),
        "",
        "the server window logged problems"
    );
}
