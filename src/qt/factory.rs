//! Creates the QObjects from Rust (the CLI's headless mode, the server's parts), and the few
//! calls that must know their C++ classes (cpp/factory.h). C++ `new` is the only way to construct
//! them, and it cannot sit in their own bridges: their headers include these.

#[cxx_qt::bridge]
pub mod ffi {
    unsafe extern "C++" {
        include!("local-fortune/factory.h");
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        type FortuneServer = crate::qt::fortune_server::qobject::FortuneServer;
        type FortuneBridge = crate::qt::fortune_bridge::qobject::FortuneBridge;
        type FortuneClient = crate::qt::fortune_client::qobject::FortuneClient;
        type FortuneAcceptor = crate::qt::fortune_acceptor::ffi::FortuneAcceptor;
        type QLocalServer = crate::qt::qlocal_server::QLocalServer;
        type QTcpServer = crate::qt::qtcp_server::QTcpServer;
        type QLocalSocket = crate::qt::qlocal_socket::QLocalSocket;
        type QTcpSocket = crate::qt::qtcp_socket::QTcpSocket;
        type QSocketNotifier = crate::qt::qsocket_notifier::QSocketNotifier;
        type QTimer = crate::qt::qtimer::QTimer;
    }

    /// What a timer of the acceptor's calls (cpp/factory.h), checked against it by cxx.
    #[namespace = "lf"]
    #[repr(u8)]
    enum AcceptorTimer {
        /// `resumeAccepting`: accept again after a shortage of descriptors.
        Backoff,
        /// `sweepSlowClients`: close the slow clients past their deadline.
        Sweep,
        /// `flushBursts`: log what a burst of silent closes closed.
        Burst,
        /// `reportServed`: tell the server how many fortunes it served.
        Served,
    }

    #[namespace = "lf"]
    unsafe extern "C++" {
        type AcceptorTimer;

        #[cxx_name = "newFortuneServer"]
        fn new_fortune_server() -> UniquePtr<FortuneServer>;
        #[cxx_name = "newFortuneClient"]
        fn new_fortune_client() -> UniquePtr<FortuneClient>;
        #[cxx_name = "newFortuneBridge"]
        fn new_fortune_bridge() -> UniquePtr<FortuneBridge>;
        #[cxx_name = "newFortuneAcceptor"]
        fn new_fortune_acceptor() -> UniquePtr<FortuneAcceptor>;
        #[cxx_name = "newLocalServer"]
        fn new_local_server() -> UniquePtr<QLocalServer>;
        #[cxx_name = "newTcpServer"]
        fn new_tcp_server() -> UniquePtr<QTcpServer>;

        /// A read notifier on the listening socket `fd` that calls `acceptor.acceptReady()`.
        #[cxx_name = "newAcceptNotifier"]
        fn new_accept_notifier(
            acceptor: Pin<&mut FortuneAcceptor>,
            fd: qintptr,
        ) -> UniquePtr<QSocketNotifier>;
        /// A single-shot timer that calls the acceptor's method for `purpose`.
        #[cxx_name = "newAcceptorTimer"]
        fn new_acceptor_timer(
            acceptor: Pin<&mut FortuneAcceptor>,
            purpose: AcceptorTimer,
        ) -> UniquePtr<QTimer>;
        /// The client's reusable QLocalSocket: its child, its signals calling the client.
        #[cxx_name = "newClientLocalSocket"]
        fn new_client_local_socket(client: Pin<&mut FortuneClient>) -> *mut QLocalSocket;
        /// The client's reusable QTcpSocket: its child, its signals calling the client.
        #[cxx_name = "newClientTcpSocket"]
        fn new_client_tcp_socket(client: Pin<&mut FortuneClient>) -> *mut QTcpSocket;
        /// The client's deadline: a single-shot timer, its child, calling `timedOut`.
        #[cxx_name = "newClientTimer"]
        fn new_client_timer(client: Pin<&mut FortuneClient>) -> *mut QTimer;
        /// A QLocalSocket on an accepted descriptor, owned by the acceptor.
        #[cxx_name = "adoptLocalSocket"]
        fn adopt_local_socket(
            acceptor: Pin<&mut FortuneAcceptor>,
            fd: qintptr,
        ) -> *mut QLocalSocket;
        /// A QTcpSocket on an accepted descriptor, owned by the acceptor.
        #[cxx_name = "adoptTcpSocket"]
        fn adopt_tcp_socket(acceptor: Pin<&mut FortuneAcceptor>, fd: qintptr) -> *mut QTcpSocket;
    }

    impl UniquePtr<FortuneServer> {}
    impl UniquePtr<FortuneBridge> {}
    impl UniquePtr<FortuneClient> {}
    impl UniquePtr<FortuneAcceptor> {}
    impl UniquePtr<QLocalServer> {}
    impl UniquePtr<QTcpServer> {}
}

pub use ffi::{
    adopt_local_socket, adopt_tcp_socket, new_accept_notifier, new_acceptor_timer,
    new_client_local_socket, new_client_tcp_socket, new_client_timer, new_fortune_acceptor,
    new_fortune_bridge, new_fortune_client, new_fortune_server, new_local_server, new_tcp_server,
    AcceptorTimer,
};
