//! `FortuneFetcher`: a QObject whose invokable starts an async fetch (cxx-qt-sockets' `aio`, on
//! Qt's own event loop, beside QML) and sets its `fortune` property when the fetch ends: what a
//! QML `Text { text: fetcher.fortune }` binds to. No thread, no `unsafe`.

#[cxx_qt::bridge]
pub mod qobject {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
    }

    extern "RustQt" {
        #[qobject]
        #[qproperty(QString, fortune)]
        #[qproperty(QString, error)]
        type FortuneFetcher = super::FortuneFetcherRust;

        /// Fetches one fortune from the local server `name` (in Linux's abstract namespace if
        /// `abstract_namespace`); `fortune` (or `error`) changes when it is done.
        #[qinvokable]
        fn fetch(self: Pin<&mut Self>, name: QString, abstract_namespace: bool);
    }

    impl cxx_qt::Threading for FortuneFetcher {}

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/common.h");
        /// The crate's template, for a class it has never seen.
        #[cxx_name = "newObject"]
        fn new_fortune_fetcher() -> UniquePtr<FortuneFetcher>;
    }

    impl UniquePtr<FortuneFetcher> {}
}

use std::pin::Pin;

use cxx_qt::Threading;
use cxx_qt_lib::QString;
use cxx_qt_sockets::aio::{spawn_local, AsyncSocket};
use cxx_qt_sockets::wire::{decode, WireChoice, DEFAULT_MAX_STRING_BYTES};
use cxx_qt_sockets::QLocalSocket;
use futures_util::AsyncReadExt;

pub use qobject::new_fortune_fetcher;

/// The properties' values.
#[derive(Default)]
pub struct FortuneFetcherRust {
    fortune: QString,
    error: QString,
}

impl qobject::FortuneFetcher {
    pub fn fetch(self: Pin<&mut Self>, name: QString, abstract_namespace: bool) {
        // The task holds no reference to the object: it may be gone when the fetch ends. The
        // queued call sets the property on the object's thread if it is still there.
        let object = self.qt_thread();
        let name = name.to_string();
        spawn_local(async move {
            let fetched = async {
                let mut socket = QLocalSocket::new();
                socket.pin_mut().set_abstract_namespace(abstract_namespace);
                let mut socket = AsyncSocket::connect_local_with(socket, &name).await?;
                let mut frame = Vec::new();
                socket.read_to_end(&mut frame).await?;
                decode(WireChoice::Auto, &frame, DEFAULT_MAX_STRING_BYTES)
                    .map_err(std::io::Error::other)
            }
            .await;
            let _ = object.queue(move |fetcher| match fetched {
                Ok(fortune) => fetcher.set_fortune(QString::from(&fortune.text)),
                Err(e) => fetcher.set_error(QString::from(&e.to_string())),
            });
        });
    }
}
