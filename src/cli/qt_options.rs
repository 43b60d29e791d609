//! Qt's own command-line options, which the window programs pass on to their
//! `QGuiApplication` and never parse themselves.

use std::ffi::OsString;

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
