//! FortuneServer listening: on a name (reclaiming a stale socket file, refusing a live one), an
//! abstract name, a TCP address, or a socket systemd hands over; each failure in one line.

#[allow(unused_imports)]
use super::*;

impl qobject::FortuneServer {
    pub fn listen(mut self: Pin<&mut Self>) -> bool {
        if self.listening {
            return true;
        }
        self.as_mut().rust_mut().tls_failure = None;
        let result = match self.transport_kind() {
            Transport::Local => self.as_mut().listen_local(),
            Transport::Tcp => self.as_mut().listen_tcp(),
        };
        let result = result.and_then(|()| self.as_mut().start_accepting());
        self.finish_listen(result)
    }

    /// After listening and handing the socket to the acceptor: listening, or the error said.
    pub(super) fn finish_listen(mut self: Pin<&mut Self>, result: Result<(), String>) -> bool {
        match result {
            Ok(()) => {
                self.as_mut().set_error(String::new());
                self.set_listening(true);
                true
            }
            Err(message) => {
                self.as_mut().close_servers();
                self.as_mut().set_error(message.clone());
                self.listen_failed(QString::from(&message));
                false
            }
        }
    }

    pub(super) fn listen_local(mut self: Pin<&mut Self>) -> Result<(), String> {
        let name = self.server_name.clone();
        let abstract_namespace = self.abstract_namespace;
        let path = socket_name::check(&name.to_string(), abstract_namespace)
            .map_err(|e| texts::name_error(&e))?;
        let access = self.access_kind();
        if abstract_namespace && access != Access::World && !CAN_CHECK_PEERS {
            return Err(texts::abstract_needs_peer_check());
        }
        let mut options = LocalServerOptions(access.qt_options());
        if abstract_namespace {
            options = options | LocalServerOptions::ABSTRACT_NAMESPACE;
        }
        let mut rust = self.as_mut().rust_mut();
        rust.local.pin_mut().set_socket_options(options);
        rust.local.pin_mut().set_listen_backlog_size(LISTEN_BACKLOG);
        if abstract_namespace {
            self.as_mut().listen_abstract(&name, &path)?;
        } else {
            self.as_mut().listen_reclaiming_stale(&name)?;
        }
        self.note_listening_address(Transport::Local);
        Ok(())
    }

    /// Listens on `host`:`port`; a port in use or an address that is not ours is named. Each
    /// text is whole for the translators: "every address" has sentences of its own.
    pub(super) fn listen_tcp(mut self: Pin<&mut Self>) -> Result<(), String> {
        let (host, port) = (self.host.clone(), i32::from(self.port));
        let Ok(port) = u16::try_from(port) else {
            return Err(texts::port_out_of_range(port));
        };
        let shown = (!host.is_empty()).then_some(&host);
        if shown.is_some() && host.to_string().parse::<IpAddr>().is_err() {
            return Err(texts::not_an_ip_address(format!("{:?}", host.to_string())));
        }
        let mut rust = self.as_mut().rust_mut();
        let mut server = rust.tcp.pin_mut();
        server.as_mut().set_listen_backlog_size(LISTEN_BACKLOG);
        if !server.as_mut().listen(&host, port) {
            return Err(match server.server_error() {
                SocketError::AddressInUseError => texts::port_in_use(port, shown),
                SocketError::SocketAddressNotAvailableError => texts::address_not_ours(shown),
                _ => texts::cannot_listen(shown, port, &server.error_string()),
            });
        }
        self.as_mut().note_listening_address(Transport::Tcp);
        // A bridge (relay) says it itself, naming what it bypasses.
        let plain = self.tls_files() == TlsFiles::default() && self.relay.is_none();
        if plain && reachable_from_network(&host.to_string()) {
            let port = self.tcp.server_port();
            let address = match shown {
                Some(host) => TcpAddress {
                    host: host.to_string(),
                    port,
                }
                .to_string(),
                None => format!("*:{port}"),
            };
            self.logged(QString::from(&texts::plain_listener(address)));
        }
        Ok(())
    }

    /// Listens in the abstract namespace: no file to reclaim; a taken name is another server's.
    pub(super) fn listen_abstract(
        mut self: Pin<&mut Self>,
        name: &QString,
        path: &Path,
    ) -> Result<(), String> {
        let mut rust = self.as_mut().rust_mut();
        if rust.local.pin_mut().listen(name) {
            return Ok(());
        }
        Err(texts::abstract_name_taken(path.display()))
    }

    /// Listens on a socket file. A dead server's file in the way is removed first; a live
    /// server's socket, or anything that is not a socket, is left alone. Looked at before
    /// `listen()`: with access options Qt binds in a private folder and renames the socket
    /// into place, which would silently replace a live server's socket.
    pub(super) fn listen_reclaiming_stale(
        mut self: Pin<&mut Self>,
        name: &QString,
    ) -> Result<(), String> {
        let path = socket_name::resolve(&name.to_string());
        match socket_name::probe(&path) {
            Occupant::Absent => {}
            Occupant::Stale => {
                QLocalServer::remove_server(name);
            }
            Occupant::Live => return Err(texts::live_server_on(path.display())),
            Occupant::NotASocket => return Err(texts::not_a_socket_in_the_way(path.display())),
            Occupant::Other(why) => return Err(texts::in_the_way(path.display(), why)),
        }
        let mut rust = self.as_mut().rust_mut();
        let mut server = rust.local.pin_mut();
        if server.as_mut().listen(name) {
            return Ok(());
        }
        // What Qt says ("QLocalServer::listen: Permission denied"), with the path.
        let qt = server.error_string().to_string();
        let why = qt.rsplit(": ").next().unwrap_or(&qt).to_owned();
        Err(texts::cannot_create_socket(path.display(), why))
    }

    /// Listens on `fd`, a listening socket passed by systemd (socket activation), through Qt's
    /// own QLocalServer::listen(qintptr) or QTcpServer::setSocketDescriptor, in the transport
    /// set beforehand (the socket's). As `listen` otherwise.
    pub fn listen_inherited(mut self: Pin<&mut Self>, fd: i32) -> bool {
        if self.listening {
            return true;
        }
        let transport = self.transport_kind();
        if transport == Transport::Local && self.tls_files() != TlsFiles::default() {
            // Refused before the socket is taken: a failed listen closes what it took, and
            // QLocalServer would remove systemd's socket file.
            return self.finish_listen(Err(texts::tls_needs_tcp()));
        }
        let taken = {
            let mut rust = self.as_mut().rust_mut();
            let descriptor = qintptr::from(fd as isize);
            match transport {
                Transport::Local => rust.local.pin_mut().listen_descriptor(descriptor),
                Transport::Tcp => rust.tcp.pin_mut().set_socket_descriptor(descriptor),
            }
        };
        let result = if !taken {
            let qt = match transport {
                Transport::Local => self.local.error_string(),
                Transport::Tcp => self.tcp.error_string(),
            };
            Err(texts::cannot_take_socket(fd, &qt))
        } else {
            self.as_mut().rust_mut().inherited = true;
            self.as_mut().note_listening_address(transport);
            self.as_mut().start_accepting()
        };
        self.finish_listen(result)
    }

    /// The name or address and port listened on, for the properties.
    pub(super) fn note_listening_address(mut self: Pin<&mut Self>, transport: Transport) {
        match transport {
            Transport::Local => {
                let full = self.local.full_server_name();
                self.as_mut().rust_mut().full_server_name = full;
                self.as_mut().full_server_name_changed();
            }
            Transport::Tcp => {
                let (address, port) = (
                    self.tcp.reachable_address(),
                    qml_int::from(i32::from(self.tcp.server_port())),
                );
                self.as_mut().rust_mut().server_address = address;
                self.as_mut().server_address_changed();
                self.as_mut().rust_mut().server_port = port;
                self.as_mut().server_port_changed();
            }
        }
    }
}
