//! The README's screenshots, taken as a user sees the windows: on a real X server (Xvfb, the
//! one of tests/common/display.rs), the server window listening on `fortune` in a private
//! TMPDIR (so the name it shows is the originals' default) and the client window beside it,
//! each placed with Qt's own `-qwindowgeometry`, Enter pressed in the client (xdotool) so that
//! it shows a fortune (checked: the frame it was sent, read by the test's relay, holds one of
//! the seven, and no error dialog dims the window); then each window's pixels are read from the X server (the core
//! protocol's GetImage, through x11rb's pure-Rust connection) and the two are composed side by
//! side into one PNG (the `png` crate), in English and in Chinese (`--lang zh_CN` on both
//! windows).
//!
//! With `LF_SCREENSHOTS=docs` (`make screenshots`) the PNGs replace `docs/screenshot-en.png` and
//! `docs/screenshot-zh_CN.png`; otherwise they go to `screenshots/` of the cargo target folder,
//! so `make test` takes them too without touching the checkout.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::image::PixelLayout;
use x11rb::protocol::xproto::{ConnectionExt as _, ImageFormat};
use x11rb::rust_connection::RustConnection;

use common::display::Xvfb;
use common::*;
use local_fortune::core::wire::{decode, WireChoice};

/// Where each window goes on the X screen (1024x768): side by side, apart.
const SERVER_GEOMETRY: (u16, u16, i16, i16) = (460, 260, 0, 0);
const CLIENT_GEOMETRY: (u16, u16, i16, i16) = (460, 260, 500, 0);
/// The composed picture: a margin around and a gap between the two windows, each framed.
const MARGIN: usize = 10;
const GAP: usize = 14;
const BACKGROUND: [u8; 3] = [0xe4, 0xe4, 0xe4];
const FRAME: [u8; 3] = [0x9a, 0x9a, 0x9a];
/// A PNG for the README: small enough to keep in the repository.
const MAX_PNG_BYTES: usize = 60 * 1024;
/// The client window's edge that a fortune never touches: its layout keeps 12 pixels from the
/// window's edges (qml/ClientWindow.qml), while a modal error dialog dims the whole window.
const UNTOUCHED_EDGE: usize = 8;

struct Language {
    lang: &'static str,
    server_title: &'static str,
    client_title: &'static str,
    file: &'static str,
}

const LANGUAGES: [Language; 2] = [
    Language {
        lang: "en",
        server_title: "Local Fortune Server",
        client_title: "Local Fortune Client",
        file: "screenshot-en.png",
    },
    Language {
        lang: "zh_CN",
        server_title: "本地幸运语服务器",
        client_title: "本地幸运语客户端",
        file: "screenshot-zh_CN.png",
    },
];

#[test]
fn the_readme_screenshots_of_both_windows_in_english_and_chinese() {
    let out_dir = match std::env::var("LF_SCREENSHOTS").as_deref() {
        Ok("docs") => Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"),
        Ok(other) if !other.is_empty() => {
            panic!("LF_SCREENSHOTS={other}: the one value it takes is `docs`")
        }
        _ => Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
            .join("screenshots"),
    };
    std::fs::create_dir_all(&out_dir).unwrap();
    let xvfb = Xvfb::start();
    for language in &LANGUAGES {
        let png = screenshot(&xvfb, language);
        assert!(
            png.len() > 8 * 1024 && png.len() <= MAX_PNG_BYTES,
            "{}: {} bytes (expected 8 KiB to {} KiB)",
            language.file,
            png.len(),
            MAX_PNG_BYTES / 1024
        );
        let path = out_dir.join(language.file);
        std::fs::write(&path, &png).unwrap();
        println!("screenshots: {} ({} bytes)", path.display(), png.len());
    }
}

/// Both windows of one language, composed into a PNG.
fn screenshot(xvfb: &Xvfb, language: &Language) -> Vec<u8> {
    // The default name, `fortune`, as the original examples use it: in the private TMPDIR that
    // `Xvfb::command` gives each program. The client's is a TMPDIR of its own, where `fortune`
    // is the test's relay to the server's: both windows show `fortune`, and the test reads the
    // very bytes the client was sent.
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("fortune");
    let client_dir = tempfile::tempdir().unwrap();
    let window_command = |args: &[&str], geometry: (u16, u16, i16, i16), tmpdir: &Path| {
        let mut cmd = xvfb.command(Path::new(BIN), tmpdir);
        let (w, h, x, y) = geometry;
        cmd.args(args)
            .args(["--name", "fortune", "--lang", language.lang])
            .args(["-qwindowgeometry", &format!("{w}x{h}+{x}+{y}")]);
        // The language is --lang's alone; the rest of the locale a plain UTF-8 one.
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C.UTF-8");
        cmd
    };

    let mut server = spawn(&mut window_command(
        &["server", "--listen"],
        SERVER_GEOMETRY,
        dir.path(),
    ));
    wait_for_socket(&sock);
    let server_window = xvfb.window(&mut server, language.server_title);
    let relay = relay_one(&client_dir.path().join("fortune"), sock.clone());
    let mut client = spawn(&mut window_command(
        &["client"],
        CLIENT_GEOMETRY,
        client_dir.path(),
    ));
    let client_window = xvfb.window(&mut client, language.client_title);

    let x = X11::connect(&xvfb.display);
    let server_id = window_id(&server_window);
    let client_id = window_id(&client_window);
    // Where -qwindowgeometry put them; a window may be taller than asked if its layout needs it
    // (a minimum size), never smaller, and the two stay side by side.
    for (id, geometry, title) in [
        (server_id, SERVER_GEOMETRY, language.server_title),
        (client_id, CLIENT_GEOMETRY, language.client_title),
    ] {
        let (w, h, at_x, at_y) = geometry;
        let (x_now, y_now, w_now, h_now) = x.geometry(id);
        assert!(
            (x_now, y_now) == (at_x, at_y) && w_now >= w && h_now >= h,
            "{title}: at {x_now},{y_now} size {w_now}x{h_now}, not where -qwindowgeometry put it ({w}x{h}+{at_x}+{at_y})"
        );
    }

    // Get Fortune (Enter): a line of text appears in the client window (more than the name
    // field's blinking cursor changes). Compared with the window once drawn.
    let before = settled(&x, client_id);
    xvfb.keys(&client_window, &["Return"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while changed_pixels(&x.image(client_id), &before) < 500 {
        assert!(
            Instant::now() < deadline,
            "{}: Enter showed no fortune within 10 s",
            language.client_title
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // What the client was sent: one of the originals' seven fortunes, in this Qt's format.
    let frame = relay
        .join()
        .unwrap()
        .unwrap_or_else(|e| panic!("{}: {e}", language.client_title));
    let fortune = decode(WireChoice::Exact(default_local_wire()), &frame, 1 << 20)
        .unwrap_or_else(|e| panic!("{}: sent {frame:?}: {e:?}", language.client_title));
    assert!(
        ORIGINAL.contains(&fortune.text.as_str()),
        "{}: sent {:?}",
        language.client_title,
        fortune.text
    );
    // The focus to the server window (no editable field there while it listens): the client's
    // cursor stops blinking and the picture holds still.
    focus(xvfb, &server_window);
    let client_image = settled(&x, client_id);
    let server_image = settled(&x, server_id);
    for (image, title) in [
        (&server_image, language.server_title),
        (&client_image, language.client_title),
    ] {
        assert_not_blank(image, title);
    }
    // And it shows the fortune, not an error: the new text stays inside the layout, while an
    // error dialog's modal overlay would have changed the window's edge too.
    let at_edge = changed_at_edge(&client_image, &before, UNTOUCHED_EDGE);
    assert_eq!(
        at_edge, 0,
        "{}: {at_edge} pixels changed within {UNTOUCHED_EDGE} of the window's edge: an error dialog, not the fortune",
        language.client_title
    );

    for (window, app, title) in [
        (&client_window, client, language.client_title),
        (&server_window, server, language.server_title),
    ] {
        xvfb.keys(window, &["ctrl+q"]);
        let out = app.finish_within(10);
        assert_eq!(out.status.code(), Some(0), "{title}: {}", stderr(&out));
    }
    assert!(!sock.exists(), "the server window left its socket behind");

    encode_png(&compose(&[&server_image, &client_image]))
}

/// Gives `window` the keyboard focus (xdotool, as `Xvfb::keys` does before typing).
fn focus(xvfb: &Xvfb, window: &str) {
    let out = spawn(
        common::plain("xdotool")
            .args(["windowfocus", "--sync", window])
            .env("DISPLAY", &xvfb.display),
    )
    .finish_within(10);
    assert_eq!(out.status.code(), Some(0), "windowfocus: {}", stderr(&out));
}

/// Pixels that differ between two pictures of one window.
fn changed_pixels(a: &Image, b: &Image) -> usize {
    assert_eq!(
        (a.width, a.height),
        (b.width, b.height),
        "the window was resized"
    );
    a.rgb
        .chunks_exact(3)
        .zip(b.rgb.chunks_exact(3))
        .filter(|(p, q)| p != q)
        .count()
}

/// Pixels that differ between two pictures of one window within `band` pixels of its edge.
fn changed_at_edge(a: &Image, b: &Image, band: usize) -> usize {
    assert_eq!(
        (a.width, a.height),
        (b.width, b.height),
        "the window was resized"
    );
    let at_edge = |i: usize| {
        let (x, y) = (i % a.width, i / a.width);
        x < band || y < band || x >= a.width - band || y >= a.height - band
    };
    a.rgb
        .chunks_exact(3)
        .zip(b.rgb.chunks_exact(3))
        .enumerate()
        .filter(|&(i, (p, q))| p != q && at_edge(i))
        .count()
}

/// Listens at `front` for one client, passes it on to the server at `back`, and returns the
/// bytes the server sent it (the server closes after one frame, as the originals' does).
fn relay_one(front: &Path, back: PathBuf) -> std::thread::JoinHandle<Result<Vec<u8>, String>> {
    let listener = UnixListener::bind(front).unwrap();
    // Not blocking, so that a client that never comes fails the test instead of hanging it.
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut client = loop {
            match listener.accept() {
                Ok((client, _)) => break client,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if Instant::now() > deadline {
                        return Err("no client came to the relay within 20 s".to_owned());
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(format!("relay: {e}")),
            }
        };
        client.set_nonblocking(false).unwrap();
        let mut server =
            UnixStream::connect(&back).map_err(|e| format!("relay to {}: {e}", back.display()))?;
        server
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut frame = Vec::new();
        server
            .read_to_end(&mut frame)
            .map_err(|e| format!("relay, from the server: {e}"))?;
        client
            .write_all(&frame)
            .map_err(|e| format!("relay, to the client: {e}"))?;
        Ok(frame)
    })
}

/// xdotool's window ids are decimal.
fn window_id(xdotool_id: &str) -> u32 {
    xdotool_id
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("window id {xdotool_id:?}"))
}

/// The window's picture once two reads 200 ms apart agree (no animation under way).
fn settled(x: &X11, window: u32) -> Image {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = x.image(window);
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = x.image(window);
        if now == last {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "window {window} kept changing for 10 s"
        );
        last = now;
    }
}

/// A window that rendered: not one colour, and text or controls on a good part of it.
fn assert_not_blank(image: &Image, title: &str) {
    let mut counts = std::collections::HashMap::new();
    for pixel in image.rgb.chunks_exact(3) {
        *counts
            .entry([pixel[0], pixel[1], pixel[2]])
            .or_insert(0usize) += 1;
    }
    let total = image.width * image.height;
    let background = counts.values().copied().max().unwrap_or(0);
    assert!(
        counts.len() >= 16 && total - background >= total / 50,
        "{title}: looks blank ({} colours, {} of {total} pixels off the background)",
        counts.len(),
        total - background
    );
}

/// An RGB picture, 3 bytes a pixel, rows top to bottom.
#[derive(PartialEq)]
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

/// The windows side by side, top-aligned, each with a one-pixel frame, on a plain background.
fn compose(windows: &[&Image]) -> Image {
    let width =
        2 * MARGIN + windows.iter().map(|w| w.width + 2).sum::<usize>() + GAP * (windows.len() - 1);
    let height = 2 * MARGIN + windows.iter().map(|w| w.height + 2).max().unwrap_or(0);
    let mut rgb = BACKGROUND.repeat(width * height);
    let mut put = |x: usize, y: usize, colour: &[u8]| {
        let at = (y * width + x) * 3;
        rgb[at..at + 3].copy_from_slice(colour);
    };
    let mut left = MARGIN;
    for window in windows {
        for y in 0..window.height + 2 {
            for x in 0..window.width + 2 {
                let inside = (1..=window.width).contains(&x) && (1..=window.height).contains(&y);
                let colour = if inside {
                    let at = ((y - 1) * window.width + (x - 1)) * 3;
                    &window.rgb[at..at + 3]
                } else {
                    &FRAME[..]
                };
                put(left + x, MARGIN + y, colour);
            }
        }
        left += window.width + 2 + GAP;
    }
    Image { width, height, rgb }
}

// ---- The X server, through x11rb -------------------------------------------------------------

/// A connection to the X server, enough to read windows' pixels.
struct X11 {
    conn: RustConnection,
}

impl X11 {
    /// Connects to DISPLAY `:N` (Xvfb admits local clients without authorization, as xdotool
    /// connects in tests/common/display.rs).
    fn connect(display: &str) -> X11 {
        let (conn, _screen) = RustConnection::connect(Some(display))
            .unwrap_or_else(|e| panic!("connect to X display {display}: {e}"));
        X11 { conn }
    }

    /// The window's position in its parent (the root: no window manager runs) and its size.
    fn geometry(&self, window: u32) -> (i16, i16, u16, u16) {
        let g = self
            .conn
            .get_geometry(window)
            .map_err(ReplyError::from)
            .and_then(|cookie| cookie.reply())
            .unwrap_or_else(|e| panic!("GetGeometry of window {window}: {e}"));
        (g.x, g.y, g.width, g.height)
    }

    /// GetImage (ZPixmap) of the whole window, as RGB.
    fn image(&self, window: u32) -> Image {
        let (_, _, width, height) = self.geometry(window);
        let reply = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, width, height, !0)
            .map_err(ReplyError::from)
            .and_then(|cookie| cookie.reply())
            .unwrap_or_else(|e| panic!("GetImage of window {window}: {e}"));
        let visual = *self
            .conn
            .setup()
            .roots
            .iter()
            .flat_map(|screen| &screen.allowed_depths)
            .flat_map(|depth| &depth.visuals)
            .find(|v| v.visual_id == reply.visual)
            .unwrap_or_else(|| panic!("unknown visual {:#x}", reply.visual));
        let layout = PixelLayout::from_visual_type(visual)
            .unwrap_or_else(|e| panic!("visual {:#x} is not TrueColor: {e}", reply.visual));
        let image = x11rb::image::Image::get_from_reply(self.conn.setup(), width, height, reply)
            .unwrap_or_else(|e| panic!("GetImage of window {window}: {e}"));
        let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
        for y in 0..height {
            for x in 0..width {
                // 16-bit intensities: their high byte is the 8-bit one.
                let (r, g, b) = layout.decode(image.get_pixel(x, y));
                rgb.extend([r, g, b].map(|c| (c >> 8) as u8));
            }
        }
        Image {
            width: width.into(),
            height: height.into(),
            rgb,
        }
    }
}

// ---- PNG: 8-bit RGB at the best compression (level 9, each row filtered as compresses best) ---

fn encode_png(image: &Image) -> Vec<u8> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, image.width as u32, image.height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&image.rgb).unwrap();
    writer.finish().unwrap();
    png
}
