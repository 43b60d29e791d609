//! The entry points of the CMake apps `local-fortune-server` and `local-fortune-client`
//! (cpp/app/main.cpp): `local-fortune server` and `local-fortune client` under another name, with
//! the same parser, objects and windows.

use std::ffi::c_int;

use clap::Parser;

use super::args::{ClientArgs, ServerArgs};
use super::headless::run_headless_server;
use super::qt_options::split_qt_options;
use super::windows::{run_client_window, run_server_window};
use crate::qt::application::prefer_utf8_ctype;

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
