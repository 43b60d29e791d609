//! Windows on a real X server, as users run them: Xvfb started and stopped (by pid) by the test,
//! keys typed with xdotool. The offscreen platform hides what Qt's xcb plugin does to argv
//! (it takes `-name`/`--name` and `-display`), so these scenarios run every window program, the
//! cargo ones and the CMake apps alike, on a display of their own.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::*;

/// A private X server on a display number it chose itself (`-displayfd`).
pub struct Xvfb {
    _server: Running,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        let mut child = super::plain("Xvfb")
            // -noreset: without it the server resets whenever its last client leaves (an app that
            // quits, each xdotool call), and a program connecting just then gets "could not
            // connect to display".
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-noreset",
                "-screen",
                "0",
            ])
            .arg("1024x768x24")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed: `make deps` installs xvfb");
        let stdout = child.stdout.take().unwrap();
        let server = Running {
            child,
            banner: String::new(),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let number = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("Xvfb did not report its display within 20 s");
        let number = number.trim();
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb reported {number:?}"
        );
        Xvfb {
            _server: server,
            display: format!(":{number}"),
        }
    }

    /// `program` set up to open its window on this display: no offscreen platform, no
    /// Wayland, a private TMPDIR and runtime folder.
    pub fn command(&self, program: &Path, dir: &Path) -> Command {
        let runtime_dir = dir.join("runtime");
        std::fs::create_dir_all(&runtime_dir).unwrap();
        std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let mut cmd = super::plain(program);
        cmd.env("DISPLAY", &self.display)
            .env_remove("QT_QPA_PLATFORM")
            .env_remove("WAYLAND_DISPLAY")
            .env("TMPDIR", dir)
            .env("XDG_RUNTIME_DIR", &runtime_dir);
        cmd
    }

    fn xdotool(&self, args: &[&str]) -> Output {
        let running = spawn(
            super::plain("xdotool")
                .args(args)
                .env("DISPLAY", &self.display),
        );
        running.finish_within(10)
    }

    /// The id of the visible window titled exactly `title` that `app` opens: waits up to 60 s
    /// (a first Chinese text can make fontconfig read the CJK fonts), and fails at once, with
    /// what the program said, if it exits first. Titles
    /// are compared as `getwindowname` reads them (`_NET_WM_NAME`, UTF-8, what window managers
    /// show): `search --name` matches the legacy `WM_NAME`, which Qt writes as Latin-1 when Xlib
    /// does not know the process's locale (`LANG=zh_CN.UTF-8` without that locale generated).
    pub fn window(&self, app: &mut Running, title: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = app.child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut pipe) = app.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut err);
                }
                panic!("the program exited ({status}) before showing {title:?}: {err}");
            }
            let out = self.xdotool(&["search", "--onlyvisible", "--name", "."]);
            let mut seen = Vec::new();
            for id in stdout(&out).lines() {
                let name = stdout(&self.xdotool(&["getwindowname", id]));
                let name = name.trim_end_matches('\n');
                if name == title {
                    return id.to_owned();
                }
                seen.push(name.to_owned());
            }
            assert!(
                Instant::now() < deadline,
                "no window {title:?} on {} within 60 s ({}); visible: {seen:?}",
                self.display,
                stderr(&out)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The windows whose X11 instance name (`WM_CLASS`'s first part) is exactly `name`.
    pub fn windows_of_instance(&self, name: &str) -> Vec<String> {
        let out = self.xdotool(&["search", "--classname", &format!("^{name}$")]);
        stdout(&out).lines().map(str::to_owned).collect()
    }

    /// The windows whose X11 class (`WM_CLASS`'s second part) is exactly `class`.
    pub fn windows_of_class(&self, class: &str) -> Vec<String> {
        let out = self.xdotool(&["search", "--class", &format!("^{class}$")]);
        stdout(&out).lines().map(str::to_owned).collect()
    }

    /// Focuses `window` and types `keys` (xdotool names: `Return`, `ctrl+q`) through XTEST.
    pub fn keys(&self, window: &str, keys: &[&str]) {
        let out = self.xdotool(&["windowfocus", "--sync", window]);
        assert_eq!(out.status.code(), Some(0), "windowfocus: {}", stderr(&out));
        let mut args = vec!["key", "--delay", "50"];
        args.extend_from_slice(keys);
        let out = self.xdotool(&args);
        assert_eq!(out.status.code(), Some(0), "key {keys:?}: {}", stderr(&out));
    }
}

/// Opens the server window with `--listen --name <a path of its own>` on a real X display: it
/// must listen there (not on the default `fortune`), serve the default format (this Qt's
/// examples', qt5.10 on Qt 6.4, qt6.6 on Qt 6.8) and quit with Ctrl+Q with exit code 0, removing its socket.
/// `program` and `args` open the server window (`local-fortune server`, or the CMake app).
pub fn server_window_listens_on_its_name(program: &Path, args: &[&str]) {
    let xvfb = Xvfb::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("x")).unwrap();
    let sock: PathBuf = dir.path().join("x/sock");
    let name = sock.to_str().unwrap();
    let app = spawn(
        xvfb.command(program, dir.path())
            .args(args)
            .args(["--listen", "--name", name]),
    );
    wait_for_socket(&sock);
    assert!(
        !dir.path().join("fortune").exists(),
        "listened on the default name too"
    );
    let out = run(&["fetch", "--name", name, "--verbose"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
    assert_eq!(
        stderr(&out),
        wire_line(Transport::Local, default_local_wire())
    );

    let mut app = app;
    let window = xvfb.window(&mut app, "Local Fortune Server");
    // xcb takes `-name VALUE` for the instance name: it must stay the program's own name.
    let program_name = program.file_name().unwrap().to_str().unwrap();
    assert_eq!(xvfb.windows_of_instance(program_name), vec![window.clone()]);
    // Its class is the one its desktop entry names, so that a desktop matches them up.
    let entry = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("packaging/io.github.localfortune.LocalFortune.Server.desktop"),
    )
    .unwrap();
    let class = entry
        .lines()
        .find_map(|l| l.strip_prefix("StartupWMClass="))
        .expect("StartupWMClass in the desktop entry");
    assert_eq!(xvfb.windows_of_class(class), vec![window.clone()]);
    xvfb.keys(&window, &["ctrl+q"]);
    let out = app.finish_within(10);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!sock.exists(), "the socket outlived the server");
}

/// Opens the client window with `--name <path>` on a real X display, presses Enter (Get
/// Fortune, the default button) and Ctrl+Q: the headless server at that path served exactly
/// one fortune, and the client exited with code 0.
pub fn client_window_fetches_from_its_name(program: &Path, args: &[&str]) {
    let xvfb = Xvfb::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("y")).unwrap();
    let sock = dir.path().join("y/sock");
    let name = sock.to_str().unwrap();
    let server = start_server(&["--name", name], dir.path());
    let app = spawn(
        xvfb.command(program, dir.path())
            .args(args)
            .args(["--name", name]),
    );
    let mut app = app;
    let window = xvfb.window(&mut app, "Local Fortune Client");
    xvfb.keys(&window, &["Return"]);
    // The fortune is one local round trip; the server counts it on accept.
    std::thread::sleep(Duration::from_millis(500));
    xvfb.keys(&window, &["ctrl+q"]);
    let out = app.finish_within(10);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = server.stop_and_output(SIGTERM);
    assert!(
        log.contains("stopped after serving 1 fortunes"),
        "the client window did not fetch from {name}: {log}"
    );
}

/// A window program: its path and the arguments that open the window.
pub type Window<'a> = (&'a Path, &'a [&'a str]);

/// The windows' language on a real X display, by the window titles X sees: `--lang zh_CN`
/// gives the server window in Chinese; with `LANG=zh_CN.UTF-8` and no option the client
/// window is Chinese too, and `--lang en` turns it back into the English original. Each
/// quits with Ctrl+Q and exit code 0. `server` and `client` open the two windows
/// (`local-fortune server`/`client`, or the CMake apps).
pub fn windows_speak_their_language(server: Window, client: Window) {
    let xvfb = Xvfb::start();
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("none").to_str().unwrap().to_owned();
    // (window, extra arguments, LANG, expected title)
    let cases: [(Window, &[&str], &str, &str); 3] = [
        (server, &["--lang", "zh_CN"], "C.UTF-8", "本地幸运语服务器"),
        (client, &[], "zh_CN.UTF-8", "本地幸运语客户端"),
        (
            client,
            &["--lang", "en"],
            "zh_CN.UTF-8",
            "Local Fortune Client",
        ),
    ];
    for ((program, args), lang_args, lang, title) in cases {
        let mut cmd = xvfb.command(program, dir.path());
        cmd.args(args).args(lang_args).args(["--name", &name]);
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", lang);
        let mut app = spawn(&mut cmd);
        let window = xvfb.window(&mut app, title);
        xvfb.keys(&window, &["ctrl+q"]);
        let out = app.finish_within(10);
        assert_eq!(out.status.code(), Some(0), "{title}: {}", stderr(&out));
    }
}
