//! Creates the QObjects from Rust (the CLI's headless mode, and the server's listener). C++
//! `new` is the only way to construct them, and it cannot sit in their own bridges: their
//! headers include these.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("local-fortune/factory.h");
        type FortuneServer = crate::qt::fortune_server::qobject::FortuneServer;
        type FortuneBridge = crate::qt::fortune_bridge::qobject::FortuneBridge;
        type FortuneClient = crate::qt::fortune_client::qobject::FortuneClient;
        type FortuneListener = crate::qt::fortune_listener::ffi::FortuneListener;
        type FortuneTcpListener = crate::qt::fortune_tcp_listener::ffi::FortuneTcpListener;

        #[namespace = "lf"]
        #[cxx_name = "newFortuneServer"]
        fn new_fortune_server() -> UniquePtr<FortuneServer>;
        #[namespace = "lf"]
        #[cxx_name = "newFortuneClient"]
        fn new_fortune_client() -> UniquePtr<FortuneClient>;
        #[namespace = "lf"]
        #[cxx_name = "newFortuneBridge"]
        fn new_fortune_bridge() -> UniquePtr<FortuneBridge>;
        #[namespace = "lf"]
        #[cxx_name = "newFortuneListener"]
        fn new_fortune_listener() -> UniquePtr<FortuneListener>;
        #[namespace = "lf"]
        #[cxx_name = "newFortuneTcpListener"]
        fn new_fortune_tcp_listener() -> UniquePtr<FortuneTcpListener>;
    }

    impl UniquePtr<FortuneServer> {}
    impl UniquePtr<FortuneBridge> {}
    impl UniquePtr<FortuneClient> {}
    impl UniquePtr<FortuneListener> {}
    impl UniquePtr<FortuneTcpListener> {}
}

pub use ffi::{
    new_fortune_bridge, new_fortune_client, new_fortune_listener, new_fortune_server,
    new_fortune_tcp_listener,
};
