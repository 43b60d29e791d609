//! The arguments of each command (clap derive), and what they mean for the QObjects: the
//! listening side of `server` and `bridge`, the upstream of `bridge`, the connecting side of
//! `client` and `fetch`. The CMake apps parse exactly `server` and `client`.

use std::path::PathBuf;
use std::pin::Pin;

use clap::{Args, Parser};
use cxx_qt_lib::{QString, QVariant};

use crate::core::endpoint::{parse_connect_address, parse_listen_address, TcpAddress, Transport};
use crate::core::qt_version::QtVersion;
use crate::core::socket_name::Access;
use crate::core::tls::TlsFiles;
use crate::core::wire::{Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
use crate::qt::application::built_qt;
use crate::qt::fortune_acceptor::{DEFAULT_MAX_SLOW_CLIENTS, DEFAULT_WRITE_TIMEOUT_MS};
use crate::qt::fortune_bridge::DEFAULT_MAX_IN_FLIGHT;
use crate::qt::fortune_client::DEFAULT_TIMEOUT_MS;
use crate::qt::{FortuneBridge, FortuneServer};

/// `server`: also the whole command line of the CMake app `local-fortune-server`.
#[derive(Debug, Parser)]
#[command(about = "The Local Fortune server window, or a headless server with --headless")]
pub(crate) struct ServerArgs {
    /// Run without a window until SIGINT or SIGTERM.
    #[arg(long)]
    pub(crate) headless: bool,
    /// Window only: start listening at once.
    #[arg(long, conflicts_with = "headless")]
    pub(crate) listen: bool,
    #[command(flatten)]
    pub(crate) at: ListenArgs,
    #[command(flatten)]
    pub(crate) tls: ServerTlsArgs,
    /// One fortune per line (UTF-8, blank lines skipped) instead of the seven originals.
    #[arg(long, value_name = "FILE")]
    pub(crate) fortunes: Option<PathBuf>,
    /// Headless only: serve on the listening socket systemd passes (LISTEN_FDS, a .socket unit
    /// or systemd-socket-activate) instead of making one; it stays systemd's on exit.
    #[arg(long, requires = "headless", conflicts_with_all = ["name", "tcp", "abstract_namespace"])]
    pub(crate) socket_activation: bool,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP, conflicts_with = "headless")]
    pub(crate) lang: Option<String>,
}

/// Where and how a server (or a bridge's downstream side) listens.
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// Server name: a bare name lives in $TMPDIR (default /tmp), or give an absolute path.
    #[arg(long, default_value = "fortune", value_parser = server_name)]
    pub(crate) name: String,
    /// Local: who may connect: user (only this user, the default), group (and its group),
    /// other (and users outside its group) or world (everyone).
    #[arg(long, default_value_t = Access::default(), conflicts_with = "tcp")]
    pub(crate) access: Access,
    /// Local, Linux only: listen in the abstract namespace (no socket file: nothing stale,
    /// nothing to squat). The original C++ examples cannot connect there.
    #[arg(long = "abstract", conflicts_with = "tcp")]
    pub(crate) abstract_namespace: bool,
    /// Serve over TCP instead, on [ADDR:]PORT: ADDR defaults to 127.0.0.1 (0.0.0.0 or :: for
    /// every address), PORT 0 lets the system pick one.
    #[arg(long, value_name = "[ADDR:]PORT", value_parser = parse_listen_address, conflicts_with = "name")]
    pub(crate) tcp: Option<TcpAddress>,
    #[arg(long, help = wire_help())]
    pub(crate) wire: Option<Wire>,
    /// Send the format that the examples of this Qt release (e.g. 4.8, 5.15, 6.7) expect on the
    /// chosen transport.
    #[arg(long, value_name = "VERSION", conflicts_with = "wire")]
    pub(crate) peer_qt: Option<QtVersion>,
    /// Close a client that has not taken its whole fortune within this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_WRITE_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(1..=i32::MAX as i64))]
    pub(crate) write_timeout_ms: u32,
    /// Clients still taking their fortune at once at most; beyond, a new one is closed at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SLOW_CLIENTS as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub(crate) max_slow_clients: u32,
}

/// TLS on a TCP listener (`server`): Qt's QSslSocket, OpenSSL behind it.
#[derive(Debug, Args)]
pub(crate) struct ServerTlsArgs {
    /// TCP: serve over TLS with this certificate chain (PEM; its own certificate first).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// TCP: the private key of --tls-cert (PEM: RSA, EC or DSA, not encrypted).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Admit only clients whose certificate this CA (PEM) signed: mutual TLS. Others are
    /// closed without a fortune, and logged once per burst.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(crate) tls_client_ca: Option<PathBuf>,
}

impl ServerTlsArgs {
    /// Sets a server's TLS properties (all empty: plain TCP).
    pub(crate) fn configure(&self, mut server: Pin<&mut FortuneServer>) {
        let [certificate, key, ca] = self.paths();
        server.as_mut().set_tls_certificate(certificate);
        server.as_mut().set_tls_key(key);
        server.as_mut().set_tls_client_ca(ca);
    }

    /// The certificate, key and client CA as the objects take them (empty: not given).
    pub(crate) fn paths(&self) -> [QString; 3] {
        [&self.tls_cert, &self.tls_key, &self.tls_client_ca].map(path_text)
    }

    /// The window properties of the TLS options.
    pub(crate) fn window_properties(&self) -> [(&'static str, QVariant); 3] {
        let [certificate, key, ca] = self.paths();
        [
            ("initialTlsCertificate", QVariant::from(&certificate)),
            ("initialTlsKey", QVariant::from(&key)),
            ("initialTlsClientCa", QVariant::from(&ca)),
        ]
    }
}

/// A path as QML and the objects take it: its text, or empty for none.
pub(crate) use crate::qt::tls::path_text;

/// `bridge`: a relay from an upstream server to the clients that cannot read it.
#[derive(Debug, Args)]
pub(crate) struct BridgeArgs {
    /// Run without a window until SIGINT or SIGTERM.
    #[arg(long)]
    pub(crate) headless: bool,
    /// Window only: start at once.
    #[arg(long, conflicts_with = "headless")]
    pub(crate) listen: bool,
    /// Where clients connect, and the format they get (as for `server`).
    #[command(flatten)]
    pub(crate) at: ListenArgs,
    #[command(flatten)]
    pub(crate) tls: ServerTlsArgs,
    /// Upstream server name (a bare name lives in $TMPDIR), or an absolute path. --headless
    /// needs this or --upstream-tcp; the window lets you type it.
    #[arg(long, value_name = "NAME", value_parser = server_name)]
    pub(crate) upstream_name: Option<String>,
    /// The upstream listens in the abstract namespace (Linux).
    #[arg(long, conflicts_with = "upstream_tcp")]
    pub(crate) upstream_abstract: bool,
    /// Upstream over TCP instead, at HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_connect_address, conflicts_with = "upstream_name")]
    pub(crate) upstream_tcp: Option<TcpAddress>,
    /// Upstream over TLS: its certificate must chain to --upstream-tls-ca (default: the system's
    /// CAs) and be for HOST.
    #[arg(long, requires = "upstream_tcp")]
    pub(crate) upstream_tls: bool,
    /// TLS: the CA certificates (PEM) the upstream's certificate must chain to.
    #[arg(long, value_name = "FILE", requires = "upstream_tls")]
    pub(crate) upstream_tls_ca: Option<PathBuf>,
    /// TLS: present this client certificate (PEM) to the upstream.
    #[arg(long, value_name = "FILE", requires_all = ["upstream_tls", "upstream_tls_key"])]
    pub(crate) upstream_tls_cert: Option<PathBuf>,
    /// TLS: the private key of --upstream-tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "upstream_tls_cert")]
    pub(crate) upstream_tls_key: Option<PathBuf>,
    /// The upstream's frame format: auto | qt4 | qt5.8 | qt5.10 | qt6.6.
    #[arg(long, default_value = "auto")]
    pub(crate) upstream_wire: WireChoice,
    /// Give an upstream fetch up to this many milliseconds (0: wait forever).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(0..=i32::MAX as i64))]
    pub(crate) timeout_ms: u32,
    /// Upstream fetches at once; more clients wait (up to 256), beyond that they are closed.
    #[arg(long, default_value_t = DEFAULT_MAX_IN_FLIGHT as u32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub(crate) max_in_flight: u32,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP, conflicts_with = "headless")]
    pub(crate) lang: Option<String>,
}

/// `--lang`: the windows' language; the command line itself always speaks English.
pub(crate) const LANG_HELP: &str =
    "Window only: the language of the window, e.g. zh_CN or en [default: the \
    system's, from LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English when there is no translation for it]";

/// `client`: also the whole command line of the CMake app `local-fortune-client`.
#[derive(Debug, Parser)]
#[command(about = "The Local Fortune client window")]
pub(crate) struct ClientArgs {
    #[command(flatten)]
    pub(crate) at: ConnectArgs,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP)]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    #[command(flatten)]
    pub(crate) at: ConnectArgs,
    /// Give up after this many milliseconds (0: wait forever).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(0..=i32::MAX as i64))]
    pub(crate) timeout_ms: u32,
    /// Refuse strings longer than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_STRING_BYTES)]
    pub(crate) max_string_bytes: u32,
    /// Also report the detected wire format on stderr.
    #[arg(long, short)]
    pub(crate) verbose: bool,
}

/// The connecting side of `client` and `fetch`: which server, and the format to expect.
#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    /// Server name: a bare name lives in $TMPDIR (default /tmp), or give an absolute path.
    #[arg(long, default_value = "fortune", value_parser = server_name)]
    pub(crate) name: String,
    /// Local, Linux only: connect into the abstract namespace (a server started with --abstract).
    #[arg(long = "abstract", conflicts_with = "tcp")]
    pub(crate) abstract_namespace: bool,
    /// Connect over TCP instead, to HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_connect_address, conflicts_with = "name")]
    pub(crate) tcp: Option<TcpAddress>,
    /// Frame format to expect: auto | qt4 | qt5.8 | qt5.10 | qt6.6.
    #[arg(long, default_value = "auto")]
    pub(crate) wire: WireChoice,
    /// TCP: connect over TLS; the server's certificate must be valid for HOST.
    #[arg(long, requires = "tcp")]
    pub(crate) tls: bool,
    /// TLS: the CA certificates (PEM) the server's certificate must chain to [default: the
    /// system's].
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub(crate) tls_ca: Option<PathBuf>,
    /// TLS: present this client certificate (PEM) to a server that asks for one.
    #[arg(long, value_name = "FILE", requires_all = ["tls", "tls_key"])]
    pub(crate) tls_cert: Option<PathBuf>,
    /// TLS: the private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
}

impl ConnectArgs {
    /// The TLS files given.
    pub(crate) fn tls_files(&self) -> TlsFiles {
        TlsFiles {
            certificate: self.tls_cert.clone(),
            key: self.tls_key.clone(),
            ca: self.tls_ca.clone(),
        }
    }

    /// The window properties of the TLS options.
    pub(crate) fn tls_window_properties(&self) -> [(&'static str, QVariant); 4] {
        [
            ("initialTls", QVariant::from(&self.tls)),
            ("initialTlsCa", QVariant::from(&path_text(&self.tls_ca))),
            (
                "initialTlsCertificate",
                QVariant::from(&path_text(&self.tls_cert)),
            ),
            ("initialTlsKey", QVariant::from(&path_text(&self.tls_key))),
        ]
    }
}

/// A local server name: anything but empty (Qt would look for a socket named after nothing).
pub(crate) fn server_name(name: &str) -> Result<String, String> {
    if name.is_empty() {
        Err("the server name is empty; give a name such as fortune, or an absolute path".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

/// `--lang`: a locale name as Qt reads it (`zh_CN`, `zh-CN`, `en`, `C`).
pub(crate) fn parse_language(text: &str) -> Result<String, String> {
    let mut parts = text.split(['_', '-']);
    let language = parts.next().unwrap_or("");
    let valid = (1..=8).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a language (expected e.g. zh_CN or en)"
        ))
    }
}

/// Whether a language needs no translation: English is the source of every text.
pub(crate) fn is_english(language: &str) -> bool {
    let base = language.split(['_', '-']).next().unwrap_or("");
    base.eq_ignore_ascii_case("en") || language == "C" || language == "POSIX"
}

/// `--wire`'s help, with the defaults of the Qt this program was built with.
pub(crate) fn wire_help() -> String {
    let qt = built_qt();
    format!(
        "Frame format to send: qt4 | qt5.8 | qt5.10 | qt6.6 [default: {} over a local socket, \
         {} over TCP: what Qt {qt}'s examples speak]",
        Transport::Local.wire_of(qt),
        Transport::Tcp.wire_of(qt)
    )
}

/// Sets up a listener (a `Pin<&mut FortuneServer>` or `Pin<&mut FortuneBridge>`: two QObject
/// types with the same listening properties) from [`ListenArgs`], transport first: it resets
/// the wire to the transport's default.
macro_rules! configure_listener {
    ($listener:expr, $args:expr) => {{
        let (listener, args): (_, &ListenArgs) = (&mut $listener, $args);
        let transport = QString::from(args.transport().name());
        listener.as_mut().set_transport(transport);
        listener
            .as_mut()
            .set_wire(QString::from(args.wire().name()));
        listener.as_mut().set_server_name(QString::from(&args.name));
        listener
            .as_mut()
            .set_access(QString::from(args.access.name()));
        listener
            .as_mut()
            .set_abstract_namespace(args.abstract_namespace);
        if let Some(tcp) = &args.tcp {
            listener.as_mut().set_host(QString::from(&tcp.host));
            listener.as_mut().set_port(i32::from(tcp.port).into());
        }
        let write_timeout_ms = args.write_timeout_ms as i32;
        listener
            .as_mut()
            .set_write_timeout_ms(write_timeout_ms.into());
        let max_slow_clients = args.max_slow_clients as i32;
        listener
            .as_mut()
            .set_max_slow_clients(max_slow_clients.into());
    }};
}

impl ListenArgs {
    /// Sets up a server to listen where and how these options say.
    pub(crate) fn configure(&self, mut server: Pin<&mut FortuneServer>) {
        configure_listener!(server, self);
    }

    /// The window properties of the limits given on the command line.
    pub(crate) fn limit_properties(&self) -> [(&'static str, QVariant); 2] {
        [
            (
                "initialWriteTimeoutMs",
                QVariant::from(&(self.write_timeout_ms as i32)),
            ),
            (
                "initialMaxSlowClients",
                QVariant::from(&(self.max_slow_clients as i32)),
            ),
        ]
    }

    /// Where a server listening with these options really listens: the socket path, `@name`
    /// (the abstract namespace has no file; ss(8) and lsof write it so), or ADDR:PORT with the
    /// real port.
    pub(crate) fn endpoint(&self, server: &FortuneServer) -> String {
        match &self.tcp {
            Some(tcp) => TcpAddress {
                host: tcp.host.clone(),
                port: u16::try_from(i32::from(*server.server_port())).unwrap_or(tcp.port),
            }
            .to_string(),
            None if self.abstract_namespace => format!("@{}", server.full_server_name()),
            None => server.full_server_name().to_string(),
        }
    }

    pub(crate) fn transport(&self) -> Transport {
        if self.tcp.is_some() {
            Transport::Tcp
        } else {
            Transport::Local
        }
    }

    /// `--wire`, else the format of `--peer-qt`'s examples, else of the examples of our Qt.
    pub(crate) fn wire(&self) -> Wire {
        self.wire_over(self.transport())
    }

    /// [`Self::wire`] over `transport` (a socket passed by systemd decides the transport).
    pub(crate) fn wire_over(&self, transport: Transport) -> Wire {
        self.wire
            .unwrap_or_else(|| transport.wire_of(self.peer_qt.unwrap_or_else(built_qt)))
    }
}

impl BridgeArgs {
    /// Sets up a bridge as these options say.
    pub(crate) fn configure(&self, mut bridge: Pin<&mut FortuneBridge>) {
        configure_listener!(bridge, &self.at);
        match &self.upstream_tcp {
            Some(tcp) => {
                bridge
                    .as_mut()
                    .set_upstream_transport(QString::from(Transport::Tcp.name()));
                bridge.as_mut().set_upstream_host(QString::from(&tcp.host));
                bridge
                    .as_mut()
                    .set_upstream_port(i32::from(tcp.port).into());
            }
            None => {
                let name = self.upstream_name.as_deref().unwrap_or_default();
                bridge.as_mut().set_upstream_name(QString::from(name));
                bridge
                    .as_mut()
                    .set_upstream_abstract(self.upstream_abstract);
            }
        }
        bridge
            .as_mut()
            .set_upstream_wire(QString::from(self.upstream_wire.name()));
        bridge
            .as_mut()
            .set_timeout_ms((self.timeout_ms as i32).into());
        bridge
            .as_mut()
            .set_max_in_flight((self.max_in_flight as i32).into());
        let [certificate, key, ca] = self.tls.paths();
        bridge.as_mut().set_tls_certificate(certificate);
        bridge.as_mut().set_tls_key(key);
        bridge.as_mut().set_tls_client_ca(ca);
        bridge.as_mut().set_upstream_tls(self.upstream_tls);
        bridge
            .as_mut()
            .set_upstream_tls_ca(path_text(&self.upstream_tls_ca));
        bridge
            .as_mut()
            .set_upstream_tls_certificate(path_text(&self.upstream_tls_cert));
        bridge
            .as_mut()
            .set_upstream_tls_key(path_text(&self.upstream_tls_key));
    }

    /// The upstream as the start-up line names it.
    pub(crate) fn upstream(&self) -> String {
        match (&self.upstream_tcp, &self.upstream_name) {
            (Some(tcp), _) => tcp.to_string(),
            (None, Some(name)) if self.upstream_abstract => format!("@{name}"),
            (None, Some(name)) => crate::core::socket_name::resolve(name)
                .display()
                .to_string(),
            (None, None) => String::new(),
        }
    }
}
