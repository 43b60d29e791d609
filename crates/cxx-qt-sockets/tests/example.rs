//! The crate's example, `examples/fortune_pair.rs`, run as a user runs it: its output and exit
//! codes. `cargo test` builds the examples before the tests.

use std::path::PathBuf;
use std::process::Command;

/// target/<profile>/examples/fortune_pair, beside this test's own folder (target/<profile>/deps).
fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = profile_dir.join("examples").join("fortune_pair");
    assert!(
        path.exists(),
        "{} is missing: `cargo test` builds it",
        path.display()
    );
    path
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(example())
        .args(args)
        .env("QT_QPA_PLATFORM", "offscreen")
        // A UTF-8 locale, as a user's session has: in a bare one (CI's) Qt 6.5 and later print
        // four lines of their own about switching to C.UTF-8.
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_pair_passes_a_fortune_in_every_format() {
    for wire in ["qt4", "qt5.8", "qt5.10", "qt6.6"] {
        let (code, stdout, stderr) = run(&[wire]);
        assert_eq!(code, Some(0), "{wire}: {stderr}");
        assert_eq!(stdout, format!("{wire}: You might have mail.\n"));
        assert_eq!(stderr, "");
    }
    let (code, stdout, _) = run(&[]);
    assert_eq!(
        (code, stdout.as_str()),
        (Some(0), "qt6.6: You might have mail.\n")
    );
}

#[test]
fn an_unknown_format_is_one_line_and_exit_code_2() {
    let (code, stdout, stderr) = run(&["qt7"]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("fortune_pair: ") && stderr.contains("qt7"),
        "{stderr}"
    );
}

/// The README shows `examples/async_client.rs` whole: the same text, so a reader copies a
/// program that builds and is tested (`tests/async_interop.rs` in the workspace runs it against
/// Qt's own server).
#[test]
fn the_readme_shows_the_async_client_as_it_is() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/async_client.rs")).unwrap();
    assert!(
        readme.contains(&format!("```rust,ignore\n{example}```")),
        "README.md does not show examples/async_client.rs as it is"
    );
    assert!(
        example.lines().count() <= 30,
        "the async client grew past 30 lines"
    );
    assert!(!example.contains("unsafe"));
}
