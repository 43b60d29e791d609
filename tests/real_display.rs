//! `local-fortune server` and `client` windows on a real X server (Xvfb), where Qt's xcb
//! plugin reads argv: `--name` must still reach us. The CMake apps run the same scenarios in
//! tests/cmake_apps.rs.

mod common;

use std::path::Path;

use common::display::*;
use common::BIN;

#[test]
fn server_window_listens_on_its_name_under_x() {
    server_window_listens_on_its_name(Path::new(BIN), &["server"]);
}

#[test]
fn client_window_fetches_from_its_name_under_x() {
    client_window_fetches_from_its_name(Path::new(BIN), &["client"]);
}

#[test]
fn windows_speak_the_language_of_lang_and_the_system_under_x() {
    windows_speak_their_language((Path::new(BIN), &["server"]), (Path::new(BIN), &["client"]));
}
