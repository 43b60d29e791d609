//! Certificates made for a test by the `openssl` command, in a temporary folder: a CA, a server
//! certificate for localhost (and the loopback addresses) and a client certificate it signed,
//! and the wrong ones: another CA's client, a certificate for another host, an expired one, a
//! self-signed one, and a key of no certificate. Nothing is kept.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The files of one set, in [`Certs::dir`].
pub struct Certs {
    dir: tempfile::TempDir,
}

impl Certs {
    /// Makes the whole set (a few tenths of a second: EC P-256 keys).
    pub fn make() -> Self {
        let certs = Certs {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        certs.ca("ca", "local-fortune test CA");
        certs.ca("other-ca", "another CA");
        let local = "DNS:localhost,IP:127.0.0.1,IP:::1";
        certs.signed("server", "localhost", local, "ca", 30);
        certs.signed("client", "fortune client", "", "ca", 30);
        certs.signed("other-client", "fortune client", "", "other-ca", 30);
        certs.signed(
            "wrong-host",
            "elsewhere.example",
            "DNS:elsewhere.example",
            "ca",
            30,
        );
        certs.signed("expired", "localhost", local, "ca", 0);
        certs.key("stray");
        openssl(
            &certs.dir(),
            &[
                "req",
                "-x509",
                "-key",
                "stray.key",
                "-out",
                "self-signed.pem",
                "-days",
                "30",
            ],
            &[
                "-subj",
                "/CN=localhost",
                "-addext",
                &format!("subjectAltName={local}"),
            ],
        );
        certs
    }

    /// Another server certificate of the CA, `NAME.pem` and `NAME.key`, for `san` (e.g.
    /// `IP:10.0.0.2`), as a machine of a test's own network needs.
    pub fn server_for(&self, name: &str, san: &str) {
        self.signed(name, "fortune server", san, "ca", 30);
    }

    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// The path of `name` (e.g. `server.pem`, `server.key`, `ca.pem`).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The bytes of `name`.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("a file this set made")
    }

    fn key(&self, name: &str) {
        let key = format!("{name}.key");
        openssl(
            &self.dir(),
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
            ],
            &["-out", &key],
        );
    }

    fn ca(&self, name: &str, subject: &str) {
        self.key(name);
        let (key, pem, subj) = (
            format!("{name}.key"),
            format!("{name}.pem"),
            format!("/CN={subject}"),
        );
        openssl(
            &self.dir(),
            &[
                "req", "-x509", "-key", &key, "-out", &pem, "-days", "30", "-subj", &subj,
            ],
            &[
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=keyCertSign",
            ],
        );
    }

    /// A certificate for `subject` (with `san` as its subjectAltName, if any) signed by `ca`,
    /// valid `days` days (0: expired a second after it is made).
    fn signed(&self, name: &str, subject: &str, san: &str, ca: &str, days: u32) {
        self.key(name);
        let dir = self.dir();
        let (key, csr, pem) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
        );
        let subj = format!("/CN={subject}");
        openssl(
            &dir,
            &["req", "-new", "-key", &key, "-out", &csr, "-subj", &subj],
            &[],
        );
        let ext = format!("{name}.ext");
        let mut text = String::from("basicConstraints=CA:FALSE\n");
        if !san.is_empty() {
            text.push_str(&format!("subjectAltName={san}\n"));
        }
        std::fs::write(dir.join(&ext), text).expect("a file in the folder");
        let (ca_pem, ca_key, days) = (format!("{ca}.pem"), format!("{ca}.key"), days.to_string());
        openssl(
            &dir,
            &[
                "x509", "-req", "-in", &csr, "-CA", &ca_pem, "-CAkey", &ca_key, "-out", &pem,
            ],
            &["-days", &days, "-extfile", &ext, "-set_serial", &serial()],
        );
    }
}

/// A serial number no other certificate of the set has.
fn serial() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1000);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

fn openssl(dir: &Path, args: &[&str], more: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .args(more)
        .current_dir(dir)
        .output()
        .expect("the openssl command (Debian's openssl package: make deps installs it)");
    assert!(
        output.status.success(),
        "openssl {args:?} {more:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A peer process, ended (by its pid) when the test ends.
pub struct Peer(pub Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `openssl s_server` on a loopback port it picks, sending `data` to its one client, then
/// closing; with the server's port.
/// `openssl s_server` on 127.0.0.1, port 0, for one client, sending `data`; and its port.
pub fn openssl_server(certs: &Certs, cert: &str, key: &str, data: &[u8]) -> (Peer, u16) {
    let mut child = Command::new("openssl")
        .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
        .arg("-cert")
        .arg(certs.path(cert))
        .arg("-key")
        .arg(certs.path(key))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the openssl command");
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(data).expect("openssl reads its input");
    drop(stdin);
    let stdout = child.stdout.take().expect("piped");
    let peer = Peer(child);
    let port = accept_port(stdout);
    (peer, port)
}

/// The port of s_server's `ACCEPT 127.0.0.1:PORT` line; the rest of what it prints is read
/// (and dropped) by a thread, so that it never blocks on a full pipe or dies of a closed one.
/// The port of s_server's "ACCEPT" line; its later output is read away.
fn accept_port(stdout: ChildStdout) -> u16 {
    let mut lines = BufReader::new(stdout).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("ACCEPT ")
                .and_then(|a| a.rsplit(':').next()?.parse().ok())
        })
        .expect("s_server's ACCEPT line");
    std::thread::spawn(move || lines.for_each(drop));
    port
}
