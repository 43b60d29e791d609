//! The command line: `server`, `client` and `fetch`, over a local socket (`--name`) or TCP
//! (`--tcp`), all driving the same QObjects as QML. The
//! CMake apps (`local-fortune-server`, `local-fortune-client`) are `server` and `client` under
//! another name: their C++ `main` calls [`lf_server_app_main`] or [`lf_client_app_main`].

use std::ffi::{c_int, OsString};
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use cxx_qt::{CxxQtThread, Threading};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cxx_qt_lib::{
    QCoreApplication, QMap, QMapPair_QString_QVariant, QQmlApplicationEngine, QString, QUrl,
    QVariant,
};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::core::endpoint::{parse_connect_address, parse_listen_address, TcpAddress, Transport};
use crate::core::fortunes::Fortunes;
use crate::core::qt_version::QtVersion;
use crate::core::socket_name::Access;
use crate::core::wire::{Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};
use crate::qt::application::{built_qt, new_gui_application, prefer_utf8_ctype};
use crate::qt::factory::{new_fortune_bridge, new_fortune_client, new_fortune_server};
use crate::qt::fortune_acceptor::{DEFAULT_MAX_SLOW_CLIENTS, DEFAULT_WRITE_TIMEOUT_MS};
use crate::qt::fortune_bridge::DEFAULT_MAX_IN_FLIGHT;
use crate::qt::fortune_client::{ErrorKind, DEFAULT_TIMEOUT_MS};
use crate::qt::i18n::install_translations;
use crate::qt::qlocal_server::exit_event_loop;
use crate::qt::{FortuneBridge, FortuneServer};

/// Exit codes, one per way to fail (documented in the README).
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const SERVER_NOT_FOUND: i32 = 3;
    pub const CONNECTION_REFUSED: i32 = 4;
    pub const TIMEOUT: i32 = 5;
    pub const MALFORMED: i32 = 6;
    pub const SOCKET_ERROR: i32 = 7;
    pub const BAD_FORTUNES: i32 = 8;
    pub const CANNOT_LISTEN: i32 = 9;
    pub const NO_DISPLAY: i32 = 10;
    pub const ACCESS_DENIED: i32 = 11;
}

#[derive(Debug, Parser)]
#[command(
    name = "local-fortune",
    version,
    about = "Qt's Local Fortune and Fortune Server/Client examples, in Rust over Qt's own sockets"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve fortunes: the server window, or a headless server with --headless.
    Server(ServerArgs),
    /// Open the client window.
    Client(ClientArgs),
    /// Fetch one fortune and print it on stdout.
    Fetch(FetchArgs),
    /// Relay an upstream server's fortunes to clients of another generation or transport:
    /// the bridge window, or a headless bridge with --headless.
    Bridge(BridgeArgs),
}

/// `server`: also the whole command line of the CMake app `local-fortune-server`.
#[derive(Debug, Parser)]
#[command(about = "The Local Fortune server window, or a headless server with --headless")]
struct ServerArgs {
    /// Run without a window until SIGINT or SIGTERM.
    #[arg(long)]
    headless: bool,
    /// Window only: start listening at once.
    #[arg(long, conflicts_with = "headless")]
    listen: bool,
    #[command(flatten)]
    at: ListenArgs,
    /// One fortune per line (UTF-8, blank lines skipped) instead of the seven originals.
    #[arg(long, value_name = "FILE")]
    fortunes: Option<PathBuf>,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP, conflicts_with = "headless")]
    lang: Option<String>,
}

/// Where and how a server (or a bridge's downstream side) listens.
#[derive(Debug, Args)]
struct ListenArgs {
    /// Server name: a bare name lives in $TMPDIR (default /tmp), or give an absolute path.
    #[arg(long, default_value = "fortune", value_parser = server_name)]
    name: String,
    /// Local: who may connect: user (only this user, the default), group (and its group),
    /// other (and users outside its group) or world (everyone).
    #[arg(long, default_value_t = Access::default(), conflicts_with = "tcp")]
    access: Access,
    /// Local, Linux only: listen in the abstract namespace (no socket file: nothing stale,
    /// nothing to squat). The original C++ examples cannot connect there.
    #[arg(long = "abstract", conflicts_with = "tcp")]
    abstract_namespace: bool,
    /// Serve over TCP instead, on [ADDR:]PORT: ADDR defaults to 127.0.0.1 (0.0.0.0 or :: for
    /// every address), PORT 0 lets the system pick one.
    #[arg(long, value_name = "[ADDR:]PORT", value_parser = parse_listen_address, conflicts_with = "name")]
    tcp: Option<TcpAddress>,
    #[arg(long, help = wire_help())]
    wire: Option<Wire>,
    /// Send the format that the examples of this Qt release (e.g. 4.8, 5.15, 6.7) expect on the
    /// chosen transport.
    #[arg(long, value_name = "VERSION", conflicts_with = "wire")]
    peer_qt: Option<QtVersion>,
    /// Close a client that has not taken its whole fortune within this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_WRITE_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(1..=i32::MAX as i64))]
    write_timeout_ms: u32,
    /// Clients still taking their fortune at once at most; beyond, a new one is closed at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SLOW_CLIENTS as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_slow_clients: u32,
}

/// `bridge`: a relay from an upstream server to the clients that cannot read it.
#[derive(Debug, Args)]
struct BridgeArgs {
    /// Run without a window until SIGINT or SIGTERM.
    #[arg(long)]
    headless: bool,
    /// Window only: start at once.
    #[arg(long, conflicts_with = "headless")]
    listen: bool,
    /// Where clients connect, and the format they get (as for `server`).
    #[command(flatten)]
    at: ListenArgs,
    /// Upstream server name (a bare name lives in $TMPDIR), or an absolute path.
    #[arg(long, value_name = "NAME", value_parser = server_name, required_unless_present = "upstream_tcp")]
    upstream_name: Option<String>,
    /// The upstream listens in the abstract namespace (Linux).
    #[arg(long, conflicts_with = "upstream_tcp")]
    upstream_abstract: bool,
    /// Upstream over TCP instead, at HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_connect_address, conflicts_with = "upstream_name")]
    upstream_tcp: Option<TcpAddress>,
    /// The upstream's frame format: auto | qt4 | qt5.8 | qt5.10 | qt6.6.
    #[arg(long, default_value = "auto")]
    upstream_wire: WireChoice,
    /// Give an upstream fetch up to this many milliseconds (0: wait forever).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(0..=i32::MAX as i64))]
    timeout_ms: u32,
    /// Upstream fetches at once; more clients wait (up to 256), beyond that they are closed.
    #[arg(long, default_value_t = DEFAULT_MAX_IN_FLIGHT as u32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_in_flight: u32,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP, conflicts_with = "headless")]
    lang: Option<String>,
}

/// `--lang`: the windows' language; the command line itself always speaks English.
const LANG_HELP: &str = "Window only: the language of the window, e.g. zh_CN or en [default: the \
    system's, from LC_ALL, LC_MESSAGES or LANG; English when there is no translation for it]";

/// `client`: also the whole command line of the CMake app `local-fortune-client`.
#[derive(Debug, Parser)]
#[command(about = "The Local Fortune client window")]
struct ClientArgs {
    /// Server name: a bare name lives in $TMPDIR (default /tmp), or give an absolute path.
    #[arg(long, default_value = "fortune", value_parser = server_name)]
    name: String,
    /// Local, Linux only: connect into the abstract namespace (a server started with --abstract).
    #[arg(long = "abstract", conflicts_with = "tcp")]
    abstract_namespace: bool,
    /// Connect over TCP instead, to HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_connect_address, conflicts_with = "name")]
    tcp: Option<TcpAddress>,
    /// Frame format to expect: auto | qt4 | qt5.8 | qt5.10 | qt6.6.
    #[arg(long, default_value = "auto")]
    wire: WireChoice,
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = LANG_HELP)]
    lang: Option<String>,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// Server name: a bare name lives in $TMPDIR (default /tmp), or give an absolute path.
    #[arg(long, default_value = "fortune", value_parser = server_name)]
    name: String,
    /// Local, Linux only: connect into the abstract namespace (a server started with --abstract).
    #[arg(long = "abstract", conflicts_with = "tcp")]
    abstract_namespace: bool,
    /// Fetch over TCP instead, from HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_connect_address, conflicts_with = "name")]
    tcp: Option<TcpAddress>,
    /// Frame format to expect: auto | qt4 | qt5.8 | qt5.10 | qt6.6.
    #[arg(long, default_value = "auto")]
    wire: WireChoice,
    /// Give up after this many milliseconds (0: wait forever).
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_MS as u32, value_parser = clap::value_parser!(u32).range(0..=i32::MAX as i64))]
    timeout_ms: u32,
    /// Refuse strings longer than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_STRING_BYTES)]
    max_string_bytes: u32,
    /// Also report the detected wire format on stderr.
    #[arg(long, short)]
    verbose: bool,
}

/// Options that Qt 6.4 takes out of a window program's argv, one dash or two: QGuiApplication's
/// (`-platform`, `-qwindowtitle`, ..., `-style`), the xcb platform plugin's (`-display`, `-name`,
/// `-visual`; `-title`, `-geometry`, `-icon` when xcb is the platform) and QCoreApplication's
/// `-qmljsdebugger` (Qt Creator's QML debugger). They go to the `QGuiApplication`, never to our
/// parser. `name` is ours: Qt never sees it, so xcb cannot take `--name` away from us.
pub const QT_OPTIONS_WITH_VALUE: [&str; 16] = [
    "platform",
    "platformpluginpath",
    "platformtheme",
    "plugin",
    "qwindowgeometry",
    "qwindowtitle",
    "qwindowicon",
    "session",
    "style",
    "qmljsdebugger",
    "display",
    "name",
    "visual",
    "title",
    "geometry",
    "icon",
];
/// Qt's options without a value.
pub const QT_FLAGS: [&str; 4] = ["reverse", "testability", "nograb", "dograb"];

/// Splits a command line into ours (program name first) and Qt's (see
/// [`QT_OPTIONS_WITH_VALUE`]); after a `--` everything is ours.
pub fn split_qt_options(args: impl IntoIterator<Item = OsString>) -> (Vec<OsString>, Vec<String>) {
    let (mut ours, mut qt) = (Vec::new(), Vec::new());
    let mut args = args.into_iter();
    ours.extend(args.next());
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            ours.push(arg);
            ours.extend(args.by_ref());
            break;
        }
        let option = text
            .strip_prefix("--")
            .or_else(|| text.strip_prefix('-'))
            .unwrap_or("");
        let joined = ["qmljsdebugger=", "style="]
            .iter()
            .any(|o| option.starts_with(o));
        if joined || QT_FLAGS.contains(&option) {
            qt.push(text.into_owned());
        } else if QT_OPTIONS_WITH_VALUE.contains(&option) && option != "name" {
            qt.push(text.into_owned());
            qt.extend(args.next().map(|v| v.to_string_lossy().into_owned()));
        } else {
            ours.push(arg);
        }
    }
    (ours, qt)
}

/// A local server name: anything but empty (Qt would look for a socket named after nothing).
fn server_name(name: &str) -> Result<String, String> {
    if name.is_empty() {
        Err("the server name is empty; give a name such as fortune, or an absolute path".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

/// `--lang`: a locale name as Qt reads it (`zh_CN`, `zh-CN`, `en`, `C`).
fn parse_language(text: &str) -> Result<String, String> {
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
fn is_english(language: &str) -> bool {
    let base = language.split(['_', '-']).next().unwrap_or("");
    base.eq_ignore_ascii_case("en") || language == "C" || language == "POSIX"
}

/// `--wire`'s help, with the defaults of the Qt this program was built with.
fn wire_help() -> String {
    let qt = built_qt();
    format!(
        "Frame format to send: qt4 | qt5.8 | qt5.10 | qt6.6 [default: {} over a local socket, \
         {} over TCP: what Qt {qt}'s examples speak]",
        Transport::Local.wire_of(qt),
        Transport::Tcp.wire_of(qt)
    )
}

/// Watches for SIGINT and SIGTERM: then `stop` runs on the Qt thread and the event loop ends
/// with exit code 0. The handle stops the watch.
fn stop_on_signals<T: Threading + 'static>(
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

impl ListenArgs {
    /// Sets up a server to listen where and how these options say (transport first: it
    /// resets the wire to the transport's default).
    fn configure(&self, mut server: Pin<&mut FortuneServer>) {
        server
            .as_mut()
            .set_transport(QString::from(self.transport().name()));
        server.as_mut().set_wire(QString::from(self.wire().name()));
        server.as_mut().set_server_name(QString::from(&self.name));
        server
            .as_mut()
            .set_access(QString::from(self.access.name()));
        server
            .as_mut()
            .set_abstract_namespace(self.abstract_namespace);
        if let Some(tcp) = &self.tcp {
            server.as_mut().set_host(QString::from(&tcp.host));
            server.as_mut().set_port(i32::from(tcp.port).into());
        }
        server
            .as_mut()
            .set_write_timeout_ms((self.write_timeout_ms as i32).into());
        server
            .as_mut()
            .set_max_slow_clients((self.max_slow_clients as i32).into());
    }

    /// The window properties of the limits given on the command line.
    fn limit_properties(&self) -> [(&'static str, QVariant); 2] {
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
    fn endpoint(&self, server: &FortuneServer) -> String {
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

    fn transport(&self) -> Transport {
        if self.tcp.is_some() {
            Transport::Tcp
        } else {
            Transport::Local
        }
    }

    /// `--wire`, else the format of `--peer-qt`'s examples, else of the examples of our Qt.
    fn wire(&self) -> Wire {
        let transport = self.transport();
        self.wire
            .unwrap_or_else(|| transport.wire_of(self.peer_qt.unwrap_or_else(built_qt)))
    }
}

/// The window properties that say where to listen or connect.
fn endpoint_properties(
    name: &str,
    abstract_namespace: bool,
    tcp: &Option<TcpAddress>,
) -> Vec<(&'static str, QVariant)> {
    let transport = if tcp.is_some() {
        Transport::Tcp
    } else {
        Transport::Local
    };
    let mut properties = vec![
        ("initialName", QVariant::from(&QString::from(name))),
        ("initialAbstract", QVariant::from(&abstract_namespace)),
        (
            "initialTransport",
            QVariant::from(&QString::from(transport.name())),
        ),
    ];
    if let Some(tcp) = tcp {
        properties.push(("initialHost", QVariant::from(&QString::from(&tcp.host))));
        properties.push(("initialPort", QVariant::from(&i32::from(tcp.port))));
    }
    properties
}

/// Parses the arguments (usage errors exit with code 2) and runs the command.
pub fn main() -> i32 {
    prefer_utf8_ctype();
    let (ours, qt) = split_qt_options(std::env::args_os());
    match Cli::parse_from(ours).command {
        Command::Server(args) if !args.headless => run_server_window(args, qt),
        Command::Client(args) => run_client_window(args, qt),
        Command::Bridge(args) if !args.headless => run_bridge_window(args, qt),
        command => {
            if let Some(option) = qt.first() {
                eprintln!(
                    "local-fortune: {option} is an option of Qt's windows; this command opens none"
                );
                return exit::USAGE;
            }
            match command {
                Command::Server(args) => run_headless_server(args),
                Command::Fetch(args) => run_fetch(args),
                Command::Bridge(args) => run_headless_bridge(args),
                Command::Client(_) => unreachable!("matched above"),
            }
        }
    }
}

/// `main` of the CMake app `local-fortune-server` (cpp/app/main.cpp): `local-fortune server`.
#[no_mangle]
pub extern "C" fn lf_server_app_main() -> c_int {
    prefer_utf8_ctype();
    let (ours, qt) = split_qt_options(std::env::args_os());
    let args = ServerArgs::parse_from(ours);
    if args.headless {
        run_headless_server(args)
    } else {
        run_server_window(args, qt)
    }
}

/// `main` of the CMake app `local-fortune-client` (cpp/app/main.cpp): `local-fortune client`.
#[no_mangle]
pub extern "C" fn lf_client_app_main() -> c_int {
    prefer_utf8_ctype();
    let (ours, qt) = split_qt_options(std::env::args_os());
    run_client_window(ClientArgs::parse_from(ours), qt)
}

fn run_server_window(args: ServerArgs, qt: Vec<String>) -> i32 {
    if args.fortunes.is_some() {
        eprintln!("local-fortune: --fortunes needs --headless (the window serves the originals)");
        return exit::USAGE;
    }
    let at = &args.at;
    let mut properties = endpoint_properties(&at.name, at.abstract_namespace, &at.tcp);
    properties.push((
        "initialAccess",
        QVariant::from(&QString::from(at.access.name())),
    ));
    if at.wire.is_some() || at.peer_qt.is_some() {
        properties.push((
            "initialWire",
            QVariant::from(&QString::from(at.wire().name())),
        ));
    }
    properties.extend(at.limit_properties());
    properties.push(("listenAtStart", QVariant::from(&args.listen)));
    run_window("ServerWindow.qml", &properties, args.lang.as_deref(), qt)
}

fn run_client_window(args: ClientArgs, qt: Vec<String>) -> i32 {
    let mut properties = endpoint_properties(&args.name, args.abstract_namespace, &args.tcp);
    properties.push((
        "initialWire",
        QVariant::from(&QString::from(args.wire.name())),
    ));
    run_window("ClientWindow.qml", &properties, args.lang.as_deref(), qt)
}

/// Whether Qt can open windows here: a display, or a platform chosen explicitly.
pub fn display_available() -> bool {
    ["QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Opens one window of the `LocalFortune` QML module with its initial properties, in `lang`
/// (`None`: the system's language); `qt_options` are the command-line options meant for Qt.
fn run_window(
    file: &str,
    properties: &[(&str, QVariant)],
    lang: Option<&str>,
    qt_options: Vec<String>,
) -> i32 {
    if !display_available() {
        eprintln!(
            "local-fortune: no display (DISPLAY and WAYLAND_DISPLAY are unset); use `server --headless` \
             and `fetch`, or set QT_QPA_PLATFORM"
        );
        return exit::NO_DISPLAY;
    }
    let program = std::env::args_os().next().map_or_else(
        || "local-fortune".to_owned(),
        |p| p.to_string_lossy().into_owned(),
    );
    let mut app = new_gui_application(std::iter::once(program).chain(qt_options).collect());
    // Only the windows are translated: `fetch` and `server --headless` print English.
    let translated = install_translations(&QString::from(lang.unwrap_or("")));
    if let Some(lang) = lang.filter(|l| !translated && !is_english(l)) {
        eprintln!("local-fortune: no translation for {lang}; the window stays in English");
    }
    let mut engine = QQmlApplicationEngine::new();
    let mut initial = QMap::<QMapPair_QString_QVariant>::default();
    for (name, value) in properties {
        initial.insert(QString::from(*name), value.clone());
    }
    let failed = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&failed);
    let mut engine = engine.pin_mut();
    engine.as_mut().set_initial_properties(&initial);
    engine
        .as_mut()
        .on_object_creation_failed(move |_, url| {
            eprintln!("local-fortune: cannot create the window from {url}");
            flag.store(true, Ordering::SeqCst);
        })
        .release();
    engine.load(&QUrl::from(
        format!("qrc:/qt/qml/LocalFortune/qml/{file}").as_str(),
    ));
    if failed.load(Ordering::SeqCst) {
        return exit::FAILURE;
    }
    app.pin_mut().exec()
}

fn run_headless_server(args: ServerArgs) -> i32 {
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
    let wire = at.wire();
    let mut app = QCoreApplication::new();
    let mut server = new_fortune_server();
    let mut server = server.pin_mut();
    at.configure(server.as_mut());
    server
        .as_mut()
        .on_logged(|_, line| eprintln!("local-fortune: {line}"))
        .release();
    if let Err(e) = server.as_mut().set_fortunes(fortunes) {
        eprintln!("local-fortune: {e}");
        return exit::BAD_FORTUNES;
    }
    if !server.as_mut().listen() {
        eprintln!(
            "local-fortune: unable to start the server: {}",
            server.error_string()
        );
        return exit::CANNOT_LISTEN;
    }
    let handle = match stop_on_signals(server.qt_thread(), |server| server.stop_listening()) {
        Ok(handle) => handle,
        Err(code) => return code,
    };
    let endpoint = at.endpoint(&server);
    println!("local-fortune: listening on {endpoint} (wire {wire}, {count} fortunes)");
    let _ = std::io::stdout().flush();
    let code = app.pin_mut().exec();
    handle.close();
    eprintln!(
        "local-fortune: stopped after serving {} fortunes",
        i64::from(*server.served())
    );
    code
}

impl BridgeArgs {
    /// Sets up a bridge as these options say.
    fn configure(&self, mut bridge: Pin<&mut FortuneBridge>) {
        let at = &self.at;
        bridge
            .as_mut()
            .set_transport(QString::from(at.transport().name()));
        bridge.as_mut().set_wire(QString::from(at.wire().name()));
        bridge.as_mut().set_server_name(QString::from(&at.name));
        bridge.as_mut().set_access(QString::from(at.access.name()));
        bridge
            .as_mut()
            .set_abstract_namespace(at.abstract_namespace);
        if let Some(tcp) = &at.tcp {
            bridge.as_mut().set_host(QString::from(&tcp.host));
            bridge.as_mut().set_port(i32::from(tcp.port).into());
        }
        bridge
            .as_mut()
            .set_write_timeout_ms((at.write_timeout_ms as i32).into());
        bridge
            .as_mut()
            .set_max_slow_clients((at.max_slow_clients as i32).into());
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
    }

    /// The upstream as the start-up line names it.
    fn upstream(&self) -> String {
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

fn run_headless_bridge(args: BridgeArgs) -> i32 {
    let mut app = QCoreApplication::new();
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
        return exit::CANNOT_LISTEN;
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

fn run_bridge_window(args: BridgeArgs, qt: Vec<String>) -> i32 {
    let at = &args.at;
    let mut properties = endpoint_properties(&at.name, at.abstract_namespace, &at.tcp);
    if at.wire.is_some() || at.peer_qt.is_some() {
        properties.push((
            "initialWire",
            QVariant::from(&QString::from(at.wire().name())),
        ));
    }
    match &args.upstream_tcp {
        Some(tcp) => {
            properties.push((
                "initialUpstreamTransport",
                QVariant::from(&QString::from("tcp")),
            ));
            properties.push((
                "initialUpstreamHost",
                QVariant::from(&QString::from(&tcp.host)),
            ));
            properties.push(("initialUpstreamPort", QVariant::from(&i32::from(tcp.port))));
        }
        None => {
            let name = args.upstream_name.as_deref().unwrap_or_default();
            properties.push(("initialUpstreamName", QVariant::from(&QString::from(name))));
            properties.push((
                "initialUpstreamAbstract",
                QVariant::from(&args.upstream_abstract),
            ));
        }
    }
    properties.push((
        "initialUpstreamWire",
        QVariant::from(&QString::from(args.upstream_wire.name())),
    ));
    properties.push(("startAtOnce", QVariant::from(&args.listen)));
    run_window("BridgeWindow.qml", &properties, args.lang.as_deref(), qt)
}

fn run_fetch(args: FetchArgs) -> i32 {
    let mut app = QCoreApplication::new();
    let mut client = new_fortune_client();
    let mut client = client.pin_mut();
    client.as_mut().set_server_name(QString::from(&args.name));
    client
        .as_mut()
        .set_abstract_namespace(args.abstract_namespace);
    let (transport, peer) = match &args.tcp {
        Some(tcp) => {
            client
                .as_mut()
                .set_transport(QString::from(Transport::Tcp.name()));
            client.as_mut().set_host(QString::from(&tcp.host));
            client.as_mut().set_port(i32::from(tcp.port).into());
            (Transport::Tcp, tcp.to_string())
        }
        None => (Transport::Local, args.name.clone()),
    };
    client.as_mut().set_wire(QString::from(args.wire.name()));
    client
        .as_mut()
        .set_timeout_ms((args.timeout_ms as i32).into());
    client.as_mut().set_max_string_bytes(args.max_string_bytes);

    let verbose = args.verbose;
    client
        .as_mut()
        .on_fortune_received(move |_, fortune, wire| {
            println!("{fortune}");
            let _ = std::io::stdout().flush();
            if verbose {
                let releases = wire
                    .to_string()
                    .parse::<Wire>()
                    .map(|w| transport.qt_releases(w));
                eprintln!("local-fortune: wire {wire} ({})", releases.unwrap_or("?"));
            }
            exit_event_loop(exit::OK);
        })
        .release();
    client
        .as_mut()
        .on_error_occurred(move |_, kind, message| {
            let kind = ErrorKind::from_name(&kind.to_string());
            eprintln!("local-fortune: {peer}: {message}");
            exit_event_loop(match kind {
                Some(ErrorKind::ServerNotFound) => exit::SERVER_NOT_FOUND,
                Some(ErrorKind::ConnectionRefused) => exit::CONNECTION_REFUSED,
                Some(ErrorKind::Timeout) => exit::TIMEOUT,
                Some(ErrorKind::Malformed) => exit::MALFORMED,
                Some(ErrorKind::AccessDenied) => exit::ACCESS_DENIED,
                Some(ErrorKind::BadName) => exit::USAGE,
                Some(ErrorKind::Socket) | None => exit::SOCKET_ERROR,
            });
        })
        .release();
    client.as_mut().request_fortune();
    app.pin_mut().exec()
}
