//! Debian's unmodified original example programs, of two generations (Qt 5.15's
//! `qtbase5-examples`; Qt 6's `qt6-base-examples`, Debian 13 and testing), and how the tests run them:
//! offscreen, in a private TMPDIR, driven from inside by `cpp/interop/original_driver.cpp`
//! (LD_PRELOADed, built against the program's Qt), which presses "Get Fortune" (or Qt 6's
//! server's "Listen") and prints what the window then shows.

use std::path::Path;
use std::process::Command;

use super::*;
use local_fortune::core::qt_version::QtVersion;
use local_fortune::core::wire::Wire;

/// One generation of Debian's unmodified original examples.
#[derive(Clone, Copy, Debug)]
pub struct Originals {
    /// The Qt they are built with (for Qt 6: the Qt this project is built against, from the same
    /// Debian source package).
    pub qt: QtVersion,
    pub examples: &'static str,
    /// Qt 6 installs each program in a `bin/` folder of its example.
    pub in_bin: bool,
}

pub const QT5: Originals = Originals {
    qt: QtVersion::new(5, 15, 0),
    examples: "/usr/lib/x86_64-linux-gnu/qt5/examples",
    in_bin: false,
};

/// Qt 6's originals, or None on Debian 12, which has none; then `test` (when named) says on
/// stderr, which the test harness does not capture, that its Qt 6 part was not run.
pub fn qt6(test: Option<&str>) -> Option<Originals> {
    let qt6 = Originals {
        qt: local_fortune::qt::application::built_qt(),
        examples: "/usr/lib/x86_64-linux-gnu/qt6/examples",
        in_bin: true,
    };
    if Path::new(qt6.examples).join("corelib/ipc").exists() {
        return Some(qt6);
    }
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    assert!(
        release.lines().any(|l| l == "VERSION_CODENAME=bookworm"),
        "{}/corelib/ipc is missing: make deps installs qt6-base-examples",
        qt6.examples
    );
    if let Some(test) = test {
        let note = format!(
            "interop: {test}: its Qt 6 part was NOT RUN: Debian 12 ships no Qt 6 original examples (Debian 13's qt6-base-examples does)\n"
        );
        std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes()).unwrap();
    }
    None
}

/// Both generations present here: Qt 5's, then Qt 6's where installed.
pub fn generations(test: &str) -> Vec<Originals> {
    std::iter::once(QT5).chain(qt6(Some(test))).collect()
}

impl Originals {
    /// An original program: `corelib/ipc/...` for the local ones, `network/...` for TCP.
    pub fn program(&self, program: &str) -> String {
        let folder = if program.starts_with("local") {
            "corelib/ipc"
        } else {
            "network"
        };
        let bin = if self.in_bin { "bin/" } else { "" };
        let path = format!("{}/{folder}/{program}/{bin}{program}", self.examples);
        assert!(
            Path::new(&path).exists(),
            "{path} is missing: make deps installs qtbase5-examples (and qt6-base-examples on Debian 13)"
        );
        path
    }

    /// The driver library built against this generation's Qt.
    pub fn driver(&self) -> &'static Path {
        let tools = interop_tools();
        if self.qt.major == 5 {
            &tools.driver_qt5
        } else {
            &tools.driver_qt6
        }
    }

    /// The local frame this generation's Local Fortune example speaks.
    pub fn local_wire(&self) -> Wire {
        self.qt.local_wire()
    }

    /// `--peer-qt` for a server that this generation's clients must read.
    pub fn peer_qt(&self) -> String {
        format!("{}.{}", self.qt.major, self.qt.minor)
    }

    /// Runs an original program, driven by cpp/interop/original_driver.cpp; returns its output
    /// and exit code.
    pub fn drive(
        &self,
        program: &str,
        tmpdir: &Path,
        env: &[(&str, &str)],
    ) -> (String, Option<i32>) {
        let running = spawn(&mut self.driven(program, tmpdir, env));
        let out = running.finish_within(30);
        (String::from_utf8(out.stdout).unwrap(), out.status.code())
    }

    /// An original program set up to run driven, offscreen, in its own TMPDIR.
    pub fn driven(&self, program: &str, tmpdir: &Path, env: &[(&str, &str)]) -> Command {
        let mut cmd = super::plain(self.program(program));
        cmd.env("TMPDIR", tmpdir)
            .env("XDG_RUNTIME_DIR", tmpdir)
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("LD_PRELOAD", self.driver());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs the original local client, driven.
    pub fn drive_client(&self, tmpdir: &Path, env: &[(&str, &str)]) -> (String, Option<i32>) {
        self.drive("localfortuneclient", tmpdir, env)
    }
}

/// The driven original client's one line and exit code show one of the seven originals.
pub fn assert_shows_an_original((line, code): (String, Option<i32>), who: &str) {
    assert_eq!(code, Some(0), "{who}: {line}");
    let shown = line
        .strip_prefix("label: ")
        .and_then(|l| l.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("{who}: {line:?}"));
    assert!(ORIGINAL.contains(&shown), "{who}: {shown:?}");
}

impl Originals {
    /// Starts an original TCP server (it listens on every address, port chosen by the system,
    /// as the original does); we only ever connect to it on 127.0.0.1.
    pub fn start_tcp_server(&self, program: &str, dir: &Path) -> (Running, u16) {
        let server = spawn(
            super::plain(self.program(program))
                .env("XDG_RUNTIME_DIR", dir)
                .env("QT_QPA_PLATFORM", "offscreen"),
        );
        let port = listening_port(server.child.id());
        (server, port)
    }
}

/// The originals of the Qt this project is built against, whose local client reads our default
/// format: Qt 6's on Debian 13; on Debian 12, whose Qt 6.4 examples are not packaged, Qt 5.15's,
/// which speaks Qt 6.4's format (qt5.10).
pub fn of_our_qt() -> Originals {
    let ours = local_fortune::qt::application::built_qt();
    let originals = qt6(None).unwrap_or(QT5);
    assert_eq!(
        originals.local_wire(),
        ours.local_wire(),
        "Qt {}'s original client does not speak the format of Qt {ours}'s",
        originals.qt
    );
    originals
}
