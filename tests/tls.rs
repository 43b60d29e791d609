//! TLS between independent peers, with certificates the `openssl` command makes for each test
//! (nothing kept): our server read byte for byte by `openssl s_client` and by Python's `ssl`
//! module, with and without a client certificate; a Python TLS server read by our `fetch --tls`;
//! every TLS failure's one line and exit code; the warning of a plain listener that other
//! machines can reach (in a network namespace of the test's own).

#[path = "../crates/cxx-qt-sockets/tests/common/certs.rs"]
mod certs;
mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use certs::Certs;
use common::{banner_port, plain, run, start_server, stderr, stdout, Running, BIN, SIGTERM};
use local_fortune::core::endpoint::Transport;
use local_fortune::core::wire::encode;
use local_fortune::qt::application::built_qt;

const FORTUNE: &str = "Safe travels, and mind the gap.";

/// The frame our server sends over TCP (its default wire, that of our Qt's examples).
fn frame() -> Vec<u8> {
    encode(Transport::Tcp.wire_of(built_qt()), FORTUNE).unwrap()
}

/// A TLS server of ours on a loopback port, serving FORTUNE; with its port.
fn tls_server(certs: &Certs, cert: &str, tmp: &Path, more: &[&str]) -> (Running, u16) {
    let fortunes = tmp.join("fortunes.txt");
    std::fs::write(&fortunes, format!("{FORTUNE}\n")).unwrap();
    let (pem, key) = (
        certs.path(&format!("{cert}.pem")),
        certs.path(&format!("{cert}.key")),
    );
    let mut args = vec![
        "--tcp",
        "127.0.0.1:0",
        "--fortunes",
        fortunes.to_str().unwrap(),
    ];
    args.extend([
        "--tls-cert",
        pem.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    args.extend(more);
    let server = start_server(&args, tmp);
    let port = banner_port(&server.banner);
    (server, port)
}

/// `openssl s_client` to our server: what it printed (the decrypted stream).
fn s_client(certs: &Certs, port: u16, client: Option<&str>) -> Vec<u8> {
    let mut cmd = plain("openssl");
    cmd.args([
        "s_client",
        "-quiet",
        "-verify_return_error",
        "-verify_hostname",
        "localhost",
    ])
    .args([
        "-servername",
        "localhost",
        "-connect",
        &format!("127.0.0.1:{port}"),
    ])
    .arg("-CAfile")
    .arg(certs.path("ca.pem"));
    if let Some(name) = client {
        cmd.arg("-cert").arg(certs.path(&format!("{name}.pem")));
        cmd.arg("-key").arg(certs.path(&format!("{name}.key")));
    }
    finish(cmd).stdout
}

/// Runs a peer to its end (killed by pid after 20 s).
fn finish(mut cmd: Command) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the peer's command");
    let guard = Running {
        child,
        banner: String::new(),
    };
    guard.finish_within(20)
}

/// Python's `ssl` module to our server: the stream it read.
fn python_client(certs: &Certs, port: u16, client: Option<&str>) -> Output {
    const SCRIPT: &str = r#"
import socket, ssl, sys
ca, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=ca)
if cert:
    context.load_cert_chain(cert, key)
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname="localhost") as tls:
        data = b""
        while True:
            chunk = tls.recv(65536)
            if not chunk:
                break
            data += chunk
sys.stdout.buffer.write(data)
"#;
    let (cert, key) = match client {
        Some(name) => (
            certs.path(&format!("{name}.pem")),
            certs.path(&format!("{name}.key")),
        ),
        None => (Default::default(), Default::default()),
    };
    let mut cmd = plain("python3");
    cmd.args(["-c", SCRIPT])
        .arg(certs.path("ca.pem"))
        .arg(port.to_string())
        .arg(cert)
        .arg(key);
    finish(cmd)
}

#[test]
fn openssl_and_python_read_our_tls_frame_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let (server, port) = tls_server(&certs, "server", tmp.path(), &[]);
    assert_eq!(s_client(&certs, port, None), frame());
    let python = python_client(&certs, port, None);
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    assert_eq!(python.stdout, frame());
    let log = server.stop_and_output(SIGTERM);
    assert!(log.ends_with("stopped after serving 2 fortunes\n"), "{log}");
}

#[test]
fn mutual_tls_serves_only_clients_of_its_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let ca = certs.path("ca.pem");
    let (server, port) = tls_server(
        &certs,
        "server",
        tmp.path(),
        &["--tls-client-ca", ca.to_str().unwrap()],
    );
    assert_eq!(s_client(&certs, port, Some("client")), frame());
    let python = python_client(&certs, port, Some("client"));
    assert_eq!(
        python.stdout,
        frame(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    assert_eq!(s_client(&certs, port, None), b"");
    assert_eq!(s_client(&certs, port, Some("other-client")), b"");
    let refused = python_client(&certs, port, None);
    assert!(refused.stdout.is_empty());
    std::thread::sleep(Duration::from_millis(1500)); // the burst of refusals ends and is logged
    let log = server.stop_and_output(SIGTERM);
    // One line per burst: a loaded machine may split the three refusals over two.
    let refusals: Vec<(usize, &str)> = log
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("local-fortune: refused ")?;
            let (n, reason) = rest.split_once(" TLS client(s) without a fortune (the last: ")?;
            Some((n.parse().ok()?, reason.strip_suffix(')')?))
        })
        .collect();
    assert_eq!(refusals.iter().map(|(n, _)| n).sum::<usize>(), 3, "{log}");
    assert_eq!(
        refusals.last().map(|(_, why)| *why),
        Some("no client certificate")
    );
    assert!(log.ends_with("stopped after serving 2 fortunes\n"), "{log}");
}

/// A TLS server in Python (its `ssl` module, OpenSSL behind it) on a loopback port, sending
/// `data` to one client and closing; with its port. (`openssl s_server` races its own input
/// against the handshake: it sometimes fails with data waiting.)
fn python_server(certs: &Certs, cert: &str, key: &str, data: &[u8]) -> (Running, u16) {
    const SCRIPT: &str = r#"
import socket, ssl, sys
cert, key = sys.argv[1], sys.argv[2]
data = sys.stdin.buffer.read()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
with socket.create_server(("127.0.0.1", 0)) as listener:
    print(listener.getsockname()[1], flush=True)
    raw, _ = listener.accept()
    try:
        with context.wrap_socket(raw, server_side=True) as tls:
            tls.sendall(data)
    except (ssl.SSLError, OSError):
        pass
"#;
    let mut child = plain("python3")
        .args(["-c", SCRIPT])
        .arg(certs.path(&format!("{cert}.pem")))
        .arg(certs.path(&format!("{key}.key")))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(data).unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Running {
        child,
        banner: String::new(),
    };
    (server, line.trim().parse().expect("the server's port"))
}

fn fetch(port: u16, args: &[&str], tmp: &Path) -> Output {
    let address = format!("localhost:{port}");
    let mut all = vec!["fetch", "--tcp", &address, "--tls"];
    all.extend(args);
    run(&all, tmp)
}

#[test]
fn fetch_reads_a_python_tls_server() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let (_server, port) = python_server(&certs, "server", "server", &frame());
    let ca = certs.path("ca.pem");
    let out = fetch(port, &["--tls-ca", ca.to_str().unwrap()], tmp.path());
    assert_eq!(stdout(&out), format!("{FORTUNE}\n"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));
}

/// One failure: its exit code and its one line.
fn assert_fails(out: &Output, code: i32, line: &str) {
    assert_eq!(stderr(out), format!("{line}\n"));
    assert_eq!(out.status.code(), Some(code), "{line}");
    assert!(out.stdout.is_empty());
}

#[test]
fn each_failed_check_of_the_server_has_its_line_and_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let ca = certs.path("ca.pem");
    let other_ca = certs.path("other-ca.pem");
    let cases: [(&str, &Path, i32, &str); 5] = [
        ("server", &ca, 0, ""),
        ("self-signed", &ca, 12, "The server's certificate is not trusted: it is self-signed."),
        ("server", &other_ca, 12, "The server's certificate is not trusted: its issuer is not a trusted CA (see --tls-ca)."),
        ("wrong-host", &ca, 13, "The server's certificate is not for localhost (it names elsewhere.example)."),
        ("expired", &ca, 14, "The server's certificate has expired (or is not valid yet)."),
    ];
    for (cert, trusted, code, text) in cases {
        let key = if cert == "self-signed" { "stray" } else { cert };
        let (_server, port) = python_server(&certs, cert, key, &frame());
        let out = fetch(port, &["--tls-ca", trusted.to_str().unwrap()], tmp.path());
        if code == 0 {
            assert_eq!(stdout(&out), format!("{FORTUNE}\n"), "{}", stderr(&out));
            continue;
        }
        assert_fails(
            &out,
            code,
            &format!("local-fortune: localhost:{port}: {text}"),
        );
    }
}

#[test]
fn a_refused_client_is_told_why() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let ca = certs.path("ca.pem");
    let ca = ca.to_str().unwrap();
    let (_server, port) = tls_server(&certs, "server", tmp.path(), &["--tls-client-ca", ca]);
    let out = fetch(port, &["--tls-ca", ca], tmp.path());
    let line = "The server requires a client certificate, and this client has none (give --tls-cert and --tls-key).";
    assert_fails(
        &out,
        15,
        &format!("local-fortune: localhost:{port}: {line}"),
    );
    let (cert, key) = (
        certs.path("other-client.pem"),
        certs.path("other-client.key"),
    );
    let with_other = [
        "--tls-ca",
        ca,
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ];
    let out = fetch(port, &with_other, tmp.path());
    let line = "The server refused this client's certificate (it is not signed by a CA the server trusts).";
    assert_fails(
        &out,
        16,
        &format!("local-fortune: localhost:{port}: {line}"),
    );
}

#[test]
fn a_server_that_never_answers_the_handshake_times_out() {
    let tmp = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || listener.accept().map(|(s, _)| s));
    let out = fetch(port, &["--timeout-ms", "300"], tmp.path());
    assert_fails(
        &out,
        17,
        &format!(
            "local-fortune: localhost:{port}: The TLS handshake did not finish within 300 ms."
        ),
    );
    drop(held.join());
}

#[test]
fn unusable_files_are_named_before_anything_listens_or_connects() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let missing = tmp.path().join("missing.pem");
    let out = fetch(1, &["--tls-ca", missing.to_str().unwrap()], tmp.path());
    let line = format!(
        "local-fortune: localhost:1: cannot read the TLS CA file {}: No such file or directory (os error 2)",
        missing.display()
    );
    assert_fails(&out, 18, &line);

    let (pem, key) = (certs.path("server.pem"), certs.path("server.key"));
    let other_key = certs.path("client.key");
    let serve = |cert: &Path, key: &Path| {
        run(
            &[
                "server",
                "--headless",
                "--tcp",
                "127.0.0.1:0",
                "--tls-cert",
                cert.to_str().unwrap(),
                "--tls-key",
                key.to_str().unwrap(),
            ],
            tmp.path(),
        )
    };
    let out = serve(tmp.path(), &key);
    let prefix = "local-fortune: unable to start the server: ";
    assert_fails(
        &out,
        18,
        &format!(
            "{prefix}cannot read the TLS certificate {}: Is a directory (os error 21)",
            tmp.path().display()
        ),
    );
    let out = serve(&key, &key);
    assert_fails(
        &out,
        18,
        &format!("{prefix}the TLS certificate {} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)", key.display()),
    );
    let out = serve(&pem, &pem);
    assert_fails(
        &out,
        18,
        &format!("{prefix}the TLS key {} holds no private key that Qt can read (PEM: RSA, EC or DSA, not encrypted)", pem.display()),
    );
    let out = serve(&pem, &other_key);
    let text = stderr(&out);
    let expected = format!(
        "{prefix}the TLS key {} does not belong to the certificate {}: ",
        other_key.display(),
        pem.display()
    );
    assert!(
        text.starts_with(&expected) && text.lines().count() == 1,
        "{text}"
    );
    assert_eq!(out.status.code(), Some(18));
}

#[test]
fn no_tls_backend_is_said_as_such() {
    // A copy of the program (a hard link) beside a qt.conf that sends Qt to a plugin folder
    // without its TLS backends.
    let tmp = tempfile::tempdir_in(Path::new(BIN).parent().unwrap()).unwrap();
    let bin = tmp.path().join("local-fortune");
    std::fs::hard_link(BIN, &bin).unwrap();
    std::fs::write(
        tmp.path().join("qt.conf"),
        "[Paths]\nPlugins = no-plugins\n",
    )
    .unwrap();
    let out = plain(&bin)
        .args(["fetch", "--tcp", "localhost:1", "--tls"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let text = stderr(&out);
    assert_eq!(
        text,
        "local-fortune: localhost:1: no TLS backend: Qt cannot load its OpenSSL plugin (tls/libqopensslbackend.so, package libqt6network6) or OpenSSL itself (backend: none)\n"
    );
    assert_eq!(out.status.code(), Some(19));
}

#[test]
fn a_plain_listener_beyond_loopback_warns_once() {
    let tmp = tempfile::tempdir().unwrap();
    // Every address of a namespace that has only its own loopback: nothing outside can reach it.
    let ns = common::netns::Netns::new("tls");
    let child = ns
        .command(BIN)
        .args(["server", "--headless", "--tcp", "0.0.0.0:0"])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Running {
        child,
        banner: String::new(),
    };
    let mut line = String::new();
    BufReader::new(server.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = banner_port(&line);
    let log = server.stop_and_output(SIGTERM);
    let warning = format!(
        "local-fortune: listening on 0.0.0.0:{port} without TLS: anyone on the network who can reach this port can fetch fortunes (give --tls-cert and --tls-key to encrypt, and --tls-client-ca to admit only clients with a certificate)\n"
    );
    assert_eq!(log.matches(&warning).count(), 1, "{log}");

    // On loopback, or with TLS: no warning.
    let server = start_server(&["--tcp", "127.0.0.1:0"], tmp.path());
    let log = server.stop_and_output(SIGTERM);
    assert!(!log.contains("without TLS"), "{log}");
}

/// 1,000 hostile TLS clients, in five waves (after five to warm up): half connect and never send a ClientHello (held
/// open while others are served), half send garbage instead of one. Meanwhile and after, a real
/// TLS client is served; the server's descriptors come back to where they were and its memory
/// stays flat; the stalled ones are closed at their deadline and the refused ones logged.
#[test]
fn hostile_tls_clients_leave_the_server_serving_with_descriptors_and_memory_flat() {
    use common::peers::{open_descriptors, rss_kib, settled_descriptors};
    use std::io::Read;
    use std::net::TcpStream;

    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let (server, port) = tls_server(
        &certs,
        "server",
        tmp.path(),
        &["--write-timeout-ms", "2000"],
    );
    let pid = server.pid();
    let ca = certs.path("ca.pem");
    let ca = ca.to_str().unwrap();
    let served = |tmp: &Path| {
        let out = fetch(port, &["--tls-ca", ca], tmp);
        assert_eq!(stdout(&out), format!("{FORTUNE}\n"), "{}", stderr(&out));
    };
    let wave = |tmp: &Path| {
        let stalled: Vec<TcpStream> = (0..100)
            .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect();
        for _ in 0..100 {
            let mut garbage = TcpStream::connect(("127.0.0.1", port)).unwrap();
            garbage.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
            garbage
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut reply = Vec::new();
            let _ = garbage.read_to_end(&mut reply);
            assert!(!reply
                .windows(FORTUNE.len())
                .any(|w| w == FORTUNE.as_bytes()));
        }
        served(tmp);
        let held = open_descriptors(pid);
        drop(stalled);
        held
    };
    // Five waves first, for the memory TLS keeps once it has served many (OpenSSL's and
    // malloc's high-water mark, reached by then: +0.7 MB over the next 20 waves, measured).
    served(tmp.path());
    let fds = settled_descriptors(pid, usize::MAX);
    for _ in 0..5 {
        wave(tmp.path());
    }
    assert_eq!(settled_descriptors(pid, fds), fds);
    let rss = rss_kib(pid);
    for _ in 0..5 {
        let held = wave(tmp.path());
        assert!(
            held <= fds + 100,
            "{held} descriptors while 100 clients stall"
        );
    }
    let fds_after = settled_descriptors(pid, fds);
    assert_eq!(
        fds_after, fds,
        "descriptors before and after 1,000 hostile clients"
    );
    let rss_after = rss_kib(pid);
    assert!(
        // A socket left behind per client (its TLS state is tens of KiB) would be tens of MiB.
        rss_after < rss + 4096,
        "RSS grew from {rss} KiB to {rss_after} KiB"
    );
    served(tmp.path());
    std::thread::sleep(Duration::from_millis(1200)); // the last burst ends and is logged
    let log = server.stop_and_output(SIGTERM);
    assert!(log.contains("TLS client(s) without a fortune"), "{log}");
    assert!(
        log.ends_with("stopped after serving 12 fortunes\n"),
        "{log}"
    );
}

/// TLS on a socket systemd passes (`systemd-socket-activate`, as the docs' socket unit does): the
/// first connection (the test's probe that the socket is there) starts the server, and
/// `openssl s_client` reads its frame.
#[test]
fn a_socket_systemd_passes_serves_tls() {
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let fortunes = tmp.path().join("fortunes.txt");
    std::fs::write(&fortunes, format!("{FORTUNE}\n")).unwrap();
    // systemd-socket-activate takes no port 0: one the system just chose, released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (pem, key) = (certs.path("server.pem"), certs.path("server.key"));
    let child = plain("/usr/bin/systemd-socket-activate")
        .args([
            "-l",
            &format!("127.0.0.1:{port}"),
            BIN,
            "server",
            "--headless",
        ])
        .args([
            "--socket-activation",
            "--fortunes",
            fortunes.to_str().unwrap(),
        ])
        .args([
            "--tls-cert",
            pem.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("systemd-socket-activate (Debian's systemd package: make deps installs it)");
    let _activated = Running {
        child,
        banner: String::new(),
    };
    // The socket is there as soon as systemd-socket-activate runs; the first connection starts
    // the server (which keeps it, silent, until its write deadline).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing listens on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(s_client(&certs, port, None), frame());
}

/// A local socket systemd passes, with TLS asked for: refused in one line (exit 9), and the
/// socket file, systemd's, left where it is.
#[test]
fn tls_on_a_local_socket_systemd_passes_is_refused_and_leaves_the_socket_file() {
    use std::os::unix::net::UnixStream;
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let socket = tmp.path().join("activated");
    let (pem, key) = (certs.path("server.pem"), certs.path("server.key"));
    let child = plain("/usr/bin/systemd-socket-activate")
        .args(["-l", socket.to_str().unwrap(), BIN, "server", "--headless"])
        .args(["--socket-activation", "--tls-cert", pem.to_str().unwrap()])
        .args(["--tls-key", key.to_str().unwrap()])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("systemd-socket-activate (Debian's systemd package: make deps installs it)");
    let activated = Running {
        child,
        banner: String::new(),
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while UnixStream::connect(&socket).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "no socket at {}",
            socket.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // systemd-socket-activate execs the server in its own process: its end is the server's.
    let out = activated.finish_within(10);
    // systemd-socket-activate's own lines first; then ours, one.
    let text = stderr(&out);
    let ours: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("local-fortune:"))
        .collect();
    assert_eq!(
        ours,
        ["local-fortune: unable to start the server: TLS needs the TCP transport (--tcp, or a TCP socket passed by systemd)"],
        "{text}"
    );
    assert_eq!(out.status.code(), Some(9));
    assert!(socket.exists(), "the socket file is systemd's: it stays");
}

/// Clients that complete the handshake and then read nothing hold a chunk each, not the frame:
/// 20 of them against a 4 MB fortune leave the server's memory where one fetch left it.
#[test]
fn tls_clients_that_do_not_read_hold_a_chunk_not_the_frame() {
    use common::peers::rss_kib;
    const STALLED: usize = 20;
    const SCRIPT: &str = r#"
import socket, ssl, sys, time
ca, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
context = ssl.create_default_context(cafile=ca)
held = []
for _ in range(n):
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    held.append(context.wrap_socket(raw, server_hostname="localhost"))
print("handshakes done", flush=True)
time.sleep(30)
"#;
    let tmp = tempfile::tempdir().unwrap();
    let certs = Certs::make();
    let fortunes = tmp.path().join("big.txt");
    std::fs::write(&fortunes, format!("{}\n", "x".repeat(2_000_000))).unwrap();
    let (pem, key) = (certs.path("server.pem"), certs.path("server.key"));
    let server = start_server(
        &[
            "--tcp",
            "127.0.0.1:0",
            "--fortunes",
            fortunes.to_str().unwrap(),
            "--tls-cert",
            pem.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
            "--write-timeout-ms",
            "30000",
        ],
        tmp.path(),
    );
    let port = banner_port(&server.banner);
    let ca = certs.path("ca.pem");
    let limit = [
        "--tls-ca",
        ca.to_str().unwrap(),
        "--max-string-bytes",
        "4000000",
    ];
    let whole = fetch(port, &limit, tmp.path());
    assert_eq!(whole.stdout.len(), 2_000_001, "{}", stderr(&whole));
    std::thread::sleep(Duration::from_millis(300));
    let rss = rss_kib(server.pid());
    let mut stalled = Running {
        child: plain("python3")
            .args(["-c", SCRIPT])
            .arg(certs.path("ca.pem"))
            .arg(port.to_string())
            .arg(STALLED.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        banner: String::new(),
    };
    let mut line = String::new();
    BufReader::new(stalled.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "handshakes done\n");
    std::thread::sleep(Duration::from_millis(1500)); // what the server will buffer, it has
    let rss_held = rss_kib(server.pid());
    drop(stalled);
    // Unpaced, each would hold the whole frame encrypted: 20 x 4 MB.
    assert!(
        rss_held < rss + 16 * 1024,
        "RSS went from {rss} KiB to {rss_held} KiB with {STALLED} clients not reading"
    );
}
