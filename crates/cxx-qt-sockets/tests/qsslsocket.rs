//! QSslSocket and QSslConfiguration against an independent TLS peer, the `openssl` command
//! (`s_server`, `s_client`), with certificates it made for the test (see common/certs.rs): both
//! sides of the handshake, mutual authentication, and each failed check named by its code.

#[path = "common/certs.rs"]
mod certs;

use std::io::Read;
use std::os::fd::IntoRawFd;
use std::pin::Pin;
use std::process::{Command, Stdio};
use std::time::Duration;

use certs::{openssl_server, Certs, Peer};
use cxx::UniquePtr;
use cxx_qt::casting::Upcast;
use cxx_qt_lib::{qintptr, QString};
use cxx_qt_sockets::{
    PeerVerifyMode, QBox, QSslConfiguration, QSslSocket, QTcpSocket, ServerCheck, SocketError,
    SslErrorCode,
};

const WAIT_MS: i32 = 5000;
/// A frame of Qt 6.6's Local Fortune server, zeros and all: what TLS must carry unchanged.
const FRAME: &[u8] = b"\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x04\x00Y\x00o";

/// A client configuration trusting `ca` (none: the system's CAs).
fn client_config(certs: &Certs, ca: Option<&str>) -> UniquePtr<QSslConfiguration> {
    let mut config = QSslConfiguration::default_configuration();
    if let Some(ca) = ca {
        assert_eq!(config.pin_mut().set_ca_certificates_pem(&certs.read(ca)), 1);
    }
    config
}

fn server_config(certs: &Certs, cert: &str, key: &str) -> UniquePtr<QSslConfiguration> {
    let mut config = QSslConfiguration::default_configuration();
    assert_eq!(
        config
            .pin_mut()
            .set_local_certificate_chain_pem(&certs.read(cert)),
        1
    );
    assert!(config.pin_mut().set_private_key_pem(&certs.read(key)));
    config
}

fn tcp(socket: &mut QBox<QSslSocket>) -> Pin<&mut QTcpSocket> {
    socket.pin_mut().upcast_pin()
}

/// Connects to s_server on `port` as `localhost` and waits for the handshake.
fn handshake(config: &QSslConfiguration, port: u16) -> (QBox<QSslSocket>, bool) {
    let mut socket = QSslSocket::new();
    socket.pin_mut().set_ssl_configuration(config);
    socket
        .pin_mut()
        .connect_to_host_encrypted(&QString::from("localhost"), port);
    let encrypted = socket.pin_mut().wait_for_encrypted(WAIT_MS);
    (socket, encrypted)
}

#[test]
fn a_tls_backend_is_there() {
    assert!(QSslSocket::supports_ssl());
    assert_eq!(QSslSocket::active_backend().to_string(), "openssl");
    assert!(QSslSocket::library_version()
        .to_string()
        .starts_with("OpenSSL "));
}

#[test]
fn client_reads_an_openssl_server_byte_for_byte() {
    let certs = Certs::make();
    let (_server, port) = openssl_server(&certs, "server.pem", "server.key", FRAME);
    let (mut socket, encrypted) = handshake(&client_config(&certs, Some("ca.pem")), port);
    assert!(encrypted, "{}", tcp(&mut socket).error_string());
    assert_eq!(socket.peer_subject().to_string(), "localhost");
    assert_eq!(socket.peer_issuer().to_string(), "local-fortune test CA");
    let mut received = Vec::new();
    while received.len() < FRAME.len() && tcp(&mut socket).io().wait_for_ready_read(WAIT_MS) {
        received.extend_from_slice(tcp(&mut socket).io().read_all().as_slice());
    }
    assert_eq!(received, FRAME);
}

/// Each failed check of the server's certificate, by its code.
#[test]
fn client_names_each_failed_check() {
    let certs = Certs::make();
    std::thread::sleep(Duration::from_millis(1100)); // `expired` is, a second after it was made
    let cases = [
        (
            "self-signed.pem",
            "stray.key",
            Some("ca.pem"),
            SslErrorCode::SelfSignedCertificate,
        ),
        (
            "server.pem",
            "server.key",
            None,
            SslErrorCode::UnableToGetLocalIssuerCertificate,
        ),
        (
            "wrong-host.pem",
            "wrong-host.key",
            Some("ca.pem"),
            SslErrorCode::HostNameMismatch,
        ),
        (
            "expired.pem",
            "expired.key",
            Some("ca.pem"),
            SslErrorCode::CertificateExpired,
        ),
    ];
    for (cert, key, ca, code) in cases {
        let (_server, port) = openssl_server(&certs, cert, key, FRAME);
        let (mut socket, encrypted) = handshake(&client_config(&certs, ca), port);
        assert!(!encrypted, "{cert} with {ca:?} was taken");
        assert_eq!(
            tcp(&mut socket).error(),
            SocketError::SslHandshakeFailedError
        );
        let errors = socket.handshake_errors();
        assert!(errors.contains(&code), "{cert}: {errors:?}, not {code:?}");
    }
}

/// An `openssl s_client` of ours, on an accepted connection handed to a server-side QSslSocket.
struct Served {
    client: Peer,
    socket: QBox<QSslSocket>,
    encrypted: bool,
}

fn serve(config: &QSslConfiguration, certs: &Certs, client_cert: Option<&str>) -> Served {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    let mut command = Command::new("openssl");
    command
        .args([
            "s_client",
            "-quiet",
            "-verify_return_error",
            "-verify_hostname",
            "localhost",
        ])
        .arg("-connect")
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(certs.path("ca.pem"));
    if let Some(name) = client_cert {
        command
            .arg("-cert")
            .arg(certs.path(&format!("{name}.pem")))
            .arg("-key")
            .arg(certs.path(&format!("{name}.key")));
    }
    let client = Peer(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the openssl command"),
    );
    let (stream, _) = listener.accept().expect("s_client connects");
    let mut socket = QSslSocket::new();
    socket.pin_mut().set_ssl_configuration(config);
    let fd = qintptr::from(stream.into_raw_fd() as isize);
    assert!(socket.pin_mut().set_socket_descriptor(fd));
    socket.pin_mut().start_server_encryption();
    let encrypted = socket.pin_mut().wait_for_encrypted(WAIT_MS);
    Served {
        client,
        socket,
        encrypted,
    }
}

/// Writes FRAME, closes, and returns what s_client printed.
fn send_frame(served: &mut Served) -> Vec<u8> {
    assert_eq!(
        tcp(&mut served.socket).io().write(FRAME),
        FRAME.len() as i64
    );
    tcp(&mut served.socket).socket().disconnect_from_host();
    let _ = tcp(&mut served.socket)
        .socket()
        .wait_for_disconnected(WAIT_MS);
    let mut out = Vec::new();
    served
        .client
        .0
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut out)
        .expect("s_client's output");
    out
}

#[test]
fn server_side_serves_an_openssl_client_byte_for_byte() {
    let certs = Certs::make();
    let config = server_config(&certs, "server.pem", "server.key");
    let mut served = serve(&config, &certs, None);
    assert!(
        served.encrypted,
        "{}",
        tcp(&mut served.socket).error_string()
    );
    assert_eq!(send_frame(&mut served), FRAME);
}

#[test]
fn mutual_tls_admits_only_a_client_of_its_ca() {
    let certs = Certs::make();
    let mut config = server_config(&certs, "server.pem", "server.key");
    assert_eq!(
        config
            .pin_mut()
            .set_ca_certificates_pem(&certs.read("ca.pem")),
        1
    );
    config
        .pin_mut()
        .set_peer_verify_mode(PeerVerifyMode::VerifyPeer);
    config.pin_mut().set_handshake_must_interrupt_on_error(true);

    let mut served = serve(&config, &certs, Some("client"));
    assert!(
        served.encrypted,
        "{}",
        tcp(&mut served.socket).error_string()
    );
    assert_eq!(served.socket.peer_subject().to_string(), "fortune client");
    assert_eq!(send_frame(&mut served), FRAME);

    for refused in [None, Some("other-client")] {
        let mut served = serve(&config, &certs, refused);
        assert!(!served.encrypted, "{refused:?} was admitted");
        assert_eq!(
            tcp(&mut served.socket).error(),
            SocketError::SslHandshakeFailedError,
            "{refused:?}"
        );
    }
}

#[test]
fn a_key_of_another_certificate_is_found_before_any_client() {
    let certs = Certs::make();
    let good = server_config(&certs, "server.pem", "server.key");
    assert_eq!(good.check_for_server(), ServerCheck::Accepted);
    assert_eq!(good.local_certificate_subject().to_string(), "localhost");
    let mismatched = server_config(&certs, "server.pem", "client.key");
    let ServerCheck::Refused(failure) = mismatched.check_for_server() else {
        panic!("a key of another certificate was taken");
    };
    assert!(!failure.is_empty());
}

#[test]
fn pem_that_is_not_a_certificate_or_key_is_refused() {
    let certs = Certs::make();
    let mut config = QSslConfiguration::default_configuration();
    assert_eq!(
        config
            .pin_mut()
            .set_local_certificate_chain_pem(&certs.read("server.key")),
        0
    );
    assert!(!config
        .pin_mut()
        .set_private_key_pem(&certs.read("server.pem")));
    assert!(!config.pin_mut().set_private_key_pem(b"not a key"));
}
