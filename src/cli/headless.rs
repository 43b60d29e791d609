//! The commands without a window: `server --headless`, `bridge --headless` and `fetch`. They
//! print English (scripts read it), one line per failure, each with its exit code.

use std::io::Write;
use std::pin::Pin;

use cxx_qt::{CxxQtThread, Threading};
use cxx_qt_lib::QString;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::args::{BridgeArgs, FetchArgs, ServerArgs};
use super::exit;
use crate::core::activation::{self, Listening};
use crate::core::endpoint::Transport;
use crate::core::fortunes::Fortunes;
use crate::qt::application::new_core_application;
use crate::qt::fetch::{fetch, Endpoint, ErrorKind, FetchRequest};
use crate::qt::fortune_bridge::new_fortune_bridge;
use crate::qt::fortune_server::new_fortune_server;
use crate::qt::tls::TlsSetupError;
use cxx_qt_sockets::aio::block_on;
use cxx_qt_sockets::exit_event_loop;

/// Watches for SIGINT and SIGTERM: then `stop` runs on the Qt thread and the event loop ends
/// with exit code 0. The handle stops the watch.
pub(crate) fn stop_on_signals<T: Threading + 'static>(
    qt: CxxQtThread<T>,
    stop: fn(Pin<&mut T>),
) -> Result<signal_hook::iterator::Handle, i32> {
    let mut signals = Signals::new([SIGINT, SIGTERM]).map_err(|e| {
        eprintln!("local-fortune: cannot watch for SIGINT/SIGTERM: {e}");
        exit::FAILURE
    })?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = qt.queue(move |object| {
                stop(object);
                exit_event_loop(exit::OK);
            });
        }
    });
    Ok(handle)
}

pub(crate) fn run_headless_server(args: ServerArgs) -> i32 {
    let fortunes = match &args.fortunes {
        Some(path) => match Fortunes::from_file(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("local-fortune: {e}");
                return exit::BAD_FORTUNES;
            }
        },
        None => Fortunes::default(),
    };
    let count = fortunes.as_slice().len();
    let at = &args.at;
    let passed = if args.socket_activation {
        match activation::take_socket() {
            Ok(passed) => Some(passed),
            Err(e) => {
                eprintln!("local-fortune: unable to start the server: --socket-activation: {e}");
                return exit::CANNOT_LISTEN;
            }
        }
    } else {
        None
    };
    let mut app = new_core_application();
    let mut server = new_fortune_server();
    let mut server = server.pin_mut();
    at.configure(server.as_mut());
    args.tls.configure(server.as_mut());
    let wire = match &passed {
        Some((_, listening)) => {
            let transport = match listening {
                Listening::Tcp(_) => Transport::Tcp,
                Listening::Local { .. } => Transport::Local,
            };
            let wire = at.wire_over(transport);
            server
                .as_mut()
                .set_transport(QString::from(transport.name()));
            server.as_mut().set_wire(QString::from(wire.name()));
            wire
        }
        None => at.wire(),
    };
    server
        .as_mut()
        .on_logged(|_, line| eprintln!("local-fortune: {line}"))
        .release();
    if let Err(e) = server.as_mut().set_fortunes(fortunes) {
        eprintln!("local-fortune: {e}");
        return exit::BAD_FORTUNES;
    }
    let listening = match &passed {
        Some((fd, _)) => server.as_mut().listen_inherited(*fd),
        None => server.as_mut().listen(),
    };
    if !listening {
        eprintln!(
            "local-fortune: unable to start the server: {}",
            server.error_string()
        );
        return tls_exit(server.tls_failure());
    }
    let handle = match stop_on_signals(server.qt_thread(), |server| server.stop_listening()) {
        Ok(handle) => handle,
        Err(code) => return code,
    };
    match &passed {
        Some((_, listening)) => println!(
            "local-fortune: listening on {listening} (wire {wire}, {count} fortunes; socket passed by systemd)"
        ),
        None => println!(
            "local-fortune: listening on {} (wire {wire}, {count} fortunes)",
            at.endpoint(&server)
        ),
    }
    let _ = std::io::stdout().flush();
    let code = app.pin_mut().exec();
    handle.close();
    eprintln!(
        "local-fortune: stopped after serving {} fortunes",
        server.served_now()
    );
    code
}

/// The exit code of a listener that could not start: TLS's, when TLS's files or backend were
/// why.
fn tls_exit(failure: Option<&TlsSetupError>) -> i32 {
    match failure {
        Some(TlsSetupError::Files(_)) => exit::TLS_FILES,
        Some(TlsSetupError::NoBackend(_)) => exit::TLS_NO_BACKEND,
        None => exit::CANNOT_LISTEN,
    }
}

pub(crate) fn run_headless_bridge(args: BridgeArgs) -> i32 {
    if args.upstream_name.is_none() && args.upstream_tcp.is_none() {
        eprintln!(
            "local-fortune: bridge --headless needs an upstream: --upstream-name NAME or --upstream-tcp HOST:PORT"
        );
        return exit::USAGE;
    }
    let mut app = new_core_application();
    let mut bridge = new_fortune_bridge();
    let mut bridge = bridge.pin_mut();
    args.configure(bridge.as_mut());
    bridge
        .as_mut()
        .on_logged(|_, line| eprintln!("local-fortune: {line}"))
        .release();
    if !bridge.as_mut().start() {
        eprintln!(
            "local-fortune: unable to start the bridge: {}",
            bridge.last_error()
        );
        return tls_exit(bridge.tls_failure());
    }
    let handle = match stop_on_signals(bridge.qt_thread(), |bridge| bridge.stop()) {
        Ok(handle) => handle,
        Err(code) => return code,
    };
    println!(
        "local-fortune: listening on {} (wire {}), relaying {} (wire {})",
        bridge.endpoint(),
        bridge.effective_wire(),
        args.upstream(),
        args.upstream_wire
    );
    let _ = std::io::stdout().flush();
    let code = app.pin_mut().exec();
    handle.close();
    eprintln!(
        "local-fortune: stopped after relaying {} fortunes ({} requests failed)",
        i64::from(*bridge.relayed()),
        i64::from(*bridge.failed())
    );
    code
}

pub(crate) fn run_fetch(args: FetchArgs) -> i32 {
    let at = &args.at;
    let _app = new_core_application();
    let (endpoint, transport, peer) = match &at.tcp {
        Some(tcp) => (Endpoint::Tcp(tcp.clone()), Transport::Tcp, tcp.to_string()),
        None => (
            Endpoint::Local {
                name: at.name.clone(),
                abstract_namespace: at.abstract_namespace,
            },
            Transport::Local,
            at.name.clone(),
        ),
    };
    let request = FetchRequest {
        endpoint,
        wire: at.wire,
        tls: at.tls.then(|| at.tls_files()),
        timeout_ms: args.timeout_ms as i32,
        max_string_bytes: args.max_string_bytes,
    };
    match block_on(async move { fetch(&request).await }) {
        Ok(fortune) => {
            println!("{}", fortune.text);
            let _ = std::io::stdout().flush();
            if args.verbose {
                let releases = transport.qt_releases(fortune.wire);
                eprintln!("local-fortune: wire {} ({releases})", fortune.wire);
            }
            exit::OK
        }
        Err(error) => {
            eprintln!("local-fortune: {peer}: {}", error.message);
            exit_code(error.kind)
        }
    }
}

/// The exit code of each way a fetch fails (README's table).
fn exit_code(kind: ErrorKind) -> i32 {
    match kind {
        ErrorKind::ServerNotFound => exit::SERVER_NOT_FOUND,
        ErrorKind::ConnectionRefused => exit::CONNECTION_REFUSED,
        ErrorKind::Timeout => exit::TIMEOUT,
        ErrorKind::Malformed => exit::MALFORMED,
        ErrorKind::AccessDenied => exit::ACCESS_DENIED,
        ErrorKind::BadName => exit::USAGE,
        ErrorKind::TlsUntrusted => exit::TLS_UNTRUSTED,
        ErrorKind::TlsHostMismatch => exit::TLS_HOST_MISMATCH,
        ErrorKind::TlsExpired => exit::TLS_EXPIRED,
        ErrorKind::TlsCertificateRequired => exit::TLS_CERTIFICATE_REQUIRED,
        ErrorKind::TlsCertificateRefused => exit::TLS_CERTIFICATE_REFUSED,
        ErrorKind::TlsHandshakeTimeout => exit::TLS_HANDSHAKE_TIMEOUT,
        ErrorKind::TlsFiles => exit::TLS_FILES,
        ErrorKind::TlsNoBackend => exit::TLS_NO_BACKEND,
        ErrorKind::Socket => exit::SOCKET_ERROR,
    }
}
