//! The window commands: `server`, `client` and `bridge` without `--headless`, one QML window
//! each, its initial properties taken from the command line.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cxx_qt_lib::{QMap, QMapPair_QString_QVariant, QQmlApplicationEngine, QString, QUrl, QVariant};

use super::args::{is_english, path_text, BridgeArgs, ClientArgs, ServerArgs};
use super::exit;
use crate::core::endpoint::{TcpAddress, Transport};
use crate::qt::application::new_gui_application;
use crate::qt::i18n::install_translations;

/// The window properties that say where to listen or connect.
pub(crate) fn endpoint_properties(
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

pub(crate) fn run_server_window(args: ServerArgs, qt: Vec<String>) -> i32 {
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
    properties.extend(args.tls.window_properties());
    properties.push(("listenAtStart", QVariant::from(&args.listen)));
    run_window(Window::Server, &properties, args.lang.as_deref(), qt)
}

pub(crate) fn run_client_window(args: ClientArgs, qt: Vec<String>) -> i32 {
    let at = &args.at;
    let mut properties = endpoint_properties(&at.name, at.abstract_namespace, &at.tcp);
    properties.push((
        "initialWire",
        QVariant::from(&QString::from(at.wire.name())),
    ));
    properties.extend(at.tls_window_properties());
    run_window(Window::Client, &properties, args.lang.as_deref(), qt)
}

/// Whether Qt can open windows here: a display, or a platform chosen explicitly.
pub fn display_available() -> bool {
    ["QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Opens one window of the `LocalFortune` QML module with its initial properties, in `lang`
/// (`None`: the system's language); `qt_options` are the command-line options meant for Qt.
/// The three windows: their QML file, and what the desktop knows them by (QCoreApplication's
/// name, which Qt's xcb plugin makes the WM_CLASS class, and the desktop entry's name, which is
/// the Wayland app id): each its own, as packaging/*.desktop say (StartupWMClass).
pub(crate) enum Window {
    Server,
    Client,
    Bridge,
}

impl Window {
    fn qml_file(&self) -> &'static str {
        match self {
            Window::Server => "ServerWindow.qml",
            Window::Client => "ClientWindow.qml",
            Window::Bridge => "BridgeWindow.qml",
        }
    }

    fn identity(&self) -> (&'static str, &'static str) {
        match self {
            Window::Server => (
                "local-fortune-server",
                "io.github.localfortune.LocalFortune.Server",
            ),
            Window::Client => (
                "local-fortune-client",
                "io.github.localfortune.LocalFortune.Client",
            ),
            Window::Bridge => (
                "local-fortune-bridge",
                "io.github.localfortune.LocalFortune.Bridge",
            ),
        }
    }
}

pub(crate) fn run_window(
    window: Window,
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
    let (name, desktop_entry) = window.identity();
    let mut app = new_gui_application(
        std::iter::once(program).chain(qt_options).collect(),
        name,
        desktop_entry,
    );
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
        format!("qrc:/qt/qml/LocalFortune/qml/{}", window.qml_file()).as_str(),
    ));
    if failed.load(Ordering::SeqCst) {
        return exit::FAILURE;
    }
    app.pin_mut().exec()
}

pub(crate) fn run_bridge_window(args: BridgeArgs, qt: Vec<String>) -> i32 {
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
    properties.extend(args.tls.window_properties());
    properties.extend([
        ("initialUpstreamTls", QVariant::from(&args.upstream_tls)),
        (
            "initialUpstreamTlsCa",
            QVariant::from(&path_text(&args.upstream_tls_ca)),
        ),
        (
            "initialUpstreamTlsCertificate",
            QVariant::from(&path_text(&args.upstream_tls_cert)),
        ),
        (
            "initialUpstreamTlsKey",
            QVariant::from(&path_text(&args.upstream_tls_key)),
        ),
    ]);
    properties.push((
        "initialUpstreamWire",
        QVariant::from(&QString::from(args.upstream_wire.name())),
    ));
    properties.push(("startAtOnce", QVariant::from(&args.listen)));
    run_window(Window::Bridge, &properties, args.lang.as_deref(), qt)
}
