//! The command line: `server`, `client`, `fetch` and `bridge`, over a local socket (`--name`) or
//! TCP (`--tcp`), all driving the same QObjects as QML:
//! - [`args`]: the options of each command, and what they set on the objects;
//! - [`qt_options`]: Qt's own options, passed on to the windows' application object;
//! - [`headless`]: the commands without a window (`server --headless`, `bridge --headless`,
//!   `fetch`);
//! - [`windows`]: the window commands;
//! - [`apps`]: the CMake apps' entry points, `server` and `client` under another name;
//! - [`generate`]: the man pages and shell completions, from these same definitions.

pub mod apps;
pub mod args;
pub mod generate;
pub mod headless;
pub mod qt_options;
pub mod windows;

use clap::{Parser, Subcommand};

pub use qt_options::{split_qt_options, QT_FLAGS, QT_OPTIONS_WITH_VALUE};
pub use windows::display_available;

use crate::qt::application::prefer_utf8_ctype;
use args::{BridgeArgs, ClientArgs, FetchArgs, ServerArgs};

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
    pub const TLS_UNTRUSTED: i32 = 12;
    pub const TLS_HOST_MISMATCH: i32 = 13;
    pub const TLS_EXPIRED: i32 = 14;
    pub const TLS_CERTIFICATE_REQUIRED: i32 = 15;
    pub const TLS_CERTIFICATE_REFUSED: i32 = 16;
    pub const TLS_HANDSHAKE_TIMEOUT: i32 = 17;
    pub const TLS_FILES: i32 = 18;
    pub const TLS_NO_BACKEND: i32 = 19;

    /// Each code and what it means (the man pages' EXIT STATUS).
    pub const MEANINGS: [(i32, &str); 20] = [
        (OK, "success"),
        (
            FAILURE,
            "unexpected failure (e.g. signals cannot be watched)",
        ),
        (
            USAGE,
            "usage error (unknown option or value, missing subcommand, bad name)",
        ),
        (
            SERVER_NOT_FOUND,
            "server not found (no socket at that name; TCP: host not found)",
        ),
        (
            CONNECTION_REFUSED,
            "connection refused (nobody accepts on that socket or port)",
        ),
        (TIMEOUT, "timeout: no complete fortune in time"),
        (MALFORMED, "malformed frame"),
        (SOCKET_ERROR, "other socket error"),
        (BAD_FORTUNES, "fortune file unusable"),
        (
            CANNOT_LISTEN,
            "cannot listen (name or port taken, no permission, no socket passed by systemd)",
        ),
        (NO_DISPLAY, "a window was asked for but there is no display"),
        (
            ACCESS_DENIED,
            "access denied (the server's --access does not admit this user)",
        ),
        (
            TLS_UNTRUSTED,
            "TLS: the server's certificate is not trusted (not signed by --tls-ca, self-signed)",
        ),
        (
            TLS_HOST_MISMATCH,
            "TLS: the server's certificate is for another host",
        ),
        (TLS_EXPIRED, "TLS: the server's certificate has expired"),
        (
            TLS_CERTIFICATE_REQUIRED,
            "TLS: the server requires a client certificate (--tls-cert, --tls-key)",
        ),
        (
            TLS_CERTIFICATE_REFUSED,
            "TLS: the server refused the client certificate",
        ),
        (
            TLS_HANDSHAKE_TIMEOUT,
            "TLS: the handshake did not finish in time",
        ),
        (
            TLS_FILES,
            "TLS: a certificate, key or CA file cannot be used (unreadable, not PEM, key of another certificate)",
        ),
        (
            TLS_NO_BACKEND,
            "TLS: Qt has no TLS backend (its OpenSSL plugin or OpenSSL is missing)",
        ),
    ];
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
    /// Write the man pages or a shell's completions (for packaging; see `generate --help`).
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
}

/// Parses the arguments (usage errors exit with code 2) and runs the command.
pub fn main() -> i32 {
    prefer_utf8_ctype();
    let (ours, qt) = split_qt_options(std::env::args_os());
    match Cli::parse_from(ours).command {
        Command::Server(args) if !args.headless => windows::run_server_window(args, qt),
        Command::Client(args) => windows::run_client_window(args, qt),
        Command::Bridge(args) if !args.headless => windows::run_bridge_window(args, qt),
        command => {
            if let Some(option) = qt.first() {
                eprintln!(
                    "local-fortune: {option} is an option of Qt's windows; this command opens none"
                );
                return exit::USAGE;
            }
            match command {
                Command::Server(args) => headless::run_headless_server(args),
                Command::Fetch(args) => headless::run_fetch(args),
                Command::Bridge(args) => headless::run_headless_bridge(args),
                Command::Generate(args) => generate::run(args),
                Command::Client(_) => unreachable!("matched above"),
            }
        }
    }
}
