//! Creates the QObjects from Rust (the CLI's headless mode). C++ `new` is the only way to
//! construct them, and it cannot sit in their own bridges: their headers include these.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("local-fortune/factory.h");
        type FortuneServer = crate::qt::fortune_server::qobject::FortuneServer;
        type FortuneClient = crate::qt::fortune_client::qobject::FortuneClient;

        #[namespace = "lf"]
        #[cxx_name = "newFortuneServer"]
        fn new_fortune_server() -> UniquePtr<FortuneServer>;
        #[namespace = "lf"]
        #[cxx_name = "newFortuneClient"]
        fn new_fortune_client() -> UniquePtr<FortuneClient>;
    }

    impl UniquePtr<FortuneServer> {}
    impl UniquePtr<FortuneClient> {}
}

pub use ffi::{new_fortune_client, new_fortune_server};
