//! The headless server under hostile load, on both transports (local sockets, and TCP on
//! 127.0.0.1 only): each claim asserted, not just survived. Bounded in count and time; every
//! server is a process of its own, stopped by pid.

mod common;

use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::peers::*;
use common::*;

/// Both transports' servers, each a `server --headless` process of its own.
fn servers(dir: &Path) -> Vec<(Running, At)> {
    let path = dir.join("hostile");
    let local = start_server(&["--name", path.to_str().unwrap()], dir);
    let tcp = start_server(&["--tcp", "0"], dir);
    let port = banner_port(&tcp.banner);
    vec![(local, At::Local(path)), (tcp, At::Tcp(port))]
}

fn is_fortune(bytes: &[u8]) -> bool {
    let auto = local_fortune::core::wire::WireChoice::Auto;
    local_fortune::core::wire::decode(auto, bytes, 1 << 20)
        .is_ok_and(|d| ORIGINAL.contains(&d.text.as_str()))
}

#[test]
fn non_readers_and_garbage_do_not_delay_an_ordinary_fetch() {
    let dir = tempfile::tempdir().unwrap();
    for (server, at) in servers(dir.path()) {
        // 1,000 clients that connect and never read, held open...
        let stalled: Vec<Conn> = (0..1000).map(|_| at.connect()).collect();
        // ... and 200 that send garbage and reset.
        for i in 0..200u32 {
            let mut conn = at.connect();
            let _ = conn.stream().write_all(&i.to_be_bytes().repeat(64));
            conn.reset();
        }
        // An ordinary client is still served within 1 s.
        let started = Instant::now();
        let mut args = vec!["fetch".to_owned(), "--timeout-ms".into(), "1000".into()];
        args.extend(at.fetch_args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, dir.path());
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(ORIGINAL.contains(&stdout(&out).trim_end_matches('\n')));
        assert!(took < Duration::from_secs(1), "the fetch took {took:?}");
        drop(stalled);
        drop(server);
    }
}

#[test]
fn descriptors_and_memory_stay_flat_over_20000_connections() {
    let dir = tempfile::tempdir().unwrap();
    for (server, at) in servers(dir.path()) {
        let pid = server.pid();
        for _ in 0..2000 {
            assert!(is_fortune(&at.fetch_raw()));
        }
        let fds = settled_descriptors(pid, usize::MAX);
        let rss = rss_kib(pid);
        for i in 0..20_000 {
            let bytes = at.fetch_raw();
            assert!(i % 1000 != 0 || is_fortune(&bytes), "{bytes:?}");
        }
        let fds_after = settled_descriptors(pid, fds);
        let rss_after = rss_kib(pid);
        assert_eq!(
            fds_after, fds,
            "descriptors before and after 20,000 connections"
        );
        assert!(
            rss_after < rss + 2048,
            "RSS grew from {rss} KiB to {rss_after} KiB over 20,000 connections"
        );
        drop(server);
    }
}

#[test]
fn connecting_and_leaving_at_once_10000_times_leaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (server, at) in servers(dir.path()) {
        let pid = server.pid();
        assert!(is_fortune(&at.fetch_raw()));
        let fds = settled_descriptors(pid, usize::MAX);
        for i in 1..=10_000 {
            at.connect().reset();
            // Paced: a fetch waits for the server to have accepted everything before it, so
            // that the test measures what the server holds, not how far the backlog fills.
            if i % 40 == 0 {
                assert!(is_fortune(&at.fetch_raw()));
            }
        }
        assert!(is_fortune(&at.fetch_raw()), "still serving");
        assert_eq!(settled_descriptors(pid, fds), fds);
        drop(server);
    }
}

#[test]
fn sigterm_under_load_stops_cleanly_and_removes_the_socket() {
    let dir = tempfile::tempdir().unwrap();
    for (server, at) in servers(dir.path()) {
        let load_at = at.clone();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = std::sync::Arc::clone(&stop);
        let load = std::thread::spawn(move || {
            let mut served = 0u32;
            while !stopping.load(std::sync::atomic::Ordering::Relaxed) {
                // Once the server is gone, connections fail: that ends the load.
                let conn = match &load_at {
                    At::Local(p) => UnixStream::connect(p).map(Conn::Local),
                    At::Tcp(port) => TcpStream::connect(("127.0.0.1", *port)).map(Conn::Tcp),
                };
                let Ok(mut conn) = conn else { break };
                let mut bytes = Vec::new();
                let _ = conn.stream().read_to_end(&mut bytes);
                conn.reset();
                served += 1;
            }
            served
        });
        std::thread::sleep(Duration::from_millis(300));
        let log = server.stop_and_output(SIGTERM);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let served = load.join().unwrap();
        assert!(served > 100, "the load ran ({served} connections)");
        assert!(log.contains("stopped after serving "), "{log}");
        if let At::Local(path) = at {
            assert!(!path.exists(), "socket removed on SIGTERM");
        }
    }
}
