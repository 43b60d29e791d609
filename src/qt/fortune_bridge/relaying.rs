//! FortuneBridge relaying: each downstream client handed to an upstream FortuneClient from the
//! pool (at most the cap in flight), its frame re-framed for the downstream format.

#[allow(unused_imports)]
use super::*;

impl qobject::FortuneBridge {
    /// The downstream clients accepted since the last call, in order.
    pub(super) fn relay_handed_over(mut self: Pin<&mut Self>) {
        for descriptor in self.handed_over.take() {
            self.as_mut().relay(descriptor);
        }
    }

    /// The upstream outcomes since the last call, in order.
    pub(super) fn take_outcomes(mut self: Pin<&mut Self>) {
        for (pool, index, outcome) in self.outcomes.take() {
            self.as_mut().fetched(pool, index, outcome);
        }
    }

    /// A downstream client: fetch its fortune now, or let it wait, or close it when too many
    /// already wait.
    pub(super) fn relay(mut self: Pin<&mut Self>, descriptor: usize) {
        if !self.listening {
            return self
                .rust_mut()
                .server
                .pin_mut()
                .finish_relayed(descriptor, &no_frame());
        }
        let in_flight = self.busy_upstreams();
        if in_flight < max_of(self.max_in_flight) {
            return self.fetch_for(descriptor);
        }
        if self.waiting.len() < max_of(self.max_waiting) {
            return self.rust_mut().waiting.push_back(descriptor);
        }
        let waiting = self.waiting.len();
        self.as_mut()
            .rust_mut()
            .server
            .pin_mut()
            .finish_relayed(descriptor, &no_frame());
        self.fail(texts::bridge_overloaded(in_flight, waiting));
    }

    pub(super) fn busy_upstreams(&self) -> usize {
        self.upstreams.len() - self.idle.len()
    }

    /// Starts one upstream fetch, on an idle client of the pool or a new one.
    pub(super) fn fetch_for(mut self: Pin<&mut Self>, descriptor: usize) {
        let index = match self.as_mut().rust_mut().idle.pop() {
            Some(index) => index,
            None => self.as_mut().new_upstream(),
        };
        let mut rust = self.as_mut().rust_mut();
        let upstream = &mut rust.upstreams[index];
        upstream.descriptor = Some(descriptor);
        upstream.client.pin_mut().request_fortune();
        let n = self.busy_upstreams();
        self.set_in_flight(n);
    }

    /// A client for the pool, set up for the upstream, its outcomes queued back to `fetched`.
    pub(super) fn new_upstream(self: Pin<&mut Self>) -> usize {
        let (index, pool) = (self.upstreams.len(), self.pool);
        let qt = self.qt_thread();
        let mut client = new_fortune_client();
        let mut c = client.pin_mut();
        c.as_mut().set_transport(self.upstream_transport.clone());
        c.as_mut().set_server_name(self.upstream_name.clone());
        c.as_mut().set_abstract_namespace(self.upstream_abstract);
        c.as_mut().set_host(self.upstream_host.clone());
        c.as_mut().set_port(self.upstream_port);
        c.as_mut().set_wire(self.upstream_wire.clone());
        c.as_mut().set_timeout_ms(self.timeout_ms);
        c.as_mut().set_tls(self.upstream_tls);
        c.as_mut().set_tls_ca(self.upstream_tls_ca.clone());
        c.as_mut()
            .set_tls_certificate(self.upstream_tls_certificate.clone());
        c.as_mut().set_tls_key(self.upstream_tls_key.clone());
        let outcomes = Arc::clone(&self.outcomes);
        c.set_raw_sink(Some(Box::new(move |outcome: RawOutcome| {
            // Queued: the client is inside its own socket's signal here.
            if outcomes.post((pool, index, outcome)) {
                let _ = qt.queue(|bridge| bridge.take_outcomes());
            }
        })));
        self.rust_mut().upstreams.push(Upstream {
            client,
            descriptor: None,
        });
        index
    }

    /// An upstream fetch ended: the fortune re-framed downstream, or the client closed and the
    /// cause logged. Then the next waiting client gets its turn.
    pub(super) fn fetched(mut self: Pin<&mut Self>, pool: u64, index: usize, outcome: RawOutcome) {
        if pool != self.pool {
            return; // An older pool's: the bridge restarted meanwhile.
        }
        self.as_mut().rust_mut().idle.push(index);
        // None when the bridge stopped meanwhile (its client was closed then).
        let Some(descriptor) = self.as_mut().rust_mut().upstreams[index].descriptor.take() else {
            return;
        };
        let wire = self.server.wire().to_string().parse::<Wire>();
        let frame = match (outcome, wire) {
            (Ok(raw), Ok(wire)) => raw
                .reframe(wire)
                .map(Arc::<[u8]>::from)
                .map_err(|e| texts::cannot_carry(wire, e)),
            (Err((_, message)), _) => {
                Err(texts::upstream_failed(self.upstream_endpoint(), message))
            }
            (Ok(_), Err(e)) => Err(e.to_string()),
        };
        match frame {
            Ok(frame) => {
                let mut rust = self.as_mut().rust_mut();
                rust.server.pin_mut().finish_relayed(descriptor, &frame);
                let relayed = i64::from(rust.relayed) + 1;
                rust.relayed = qml_long(relayed);
                self.as_mut().relayed_changed();
            }
            Err(line) => {
                self.as_mut()
                    .rust_mut()
                    .server
                    .pin_mut()
                    .finish_relayed(descriptor, &no_frame());
                self.as_mut().fail(line);
            }
        }
        let next = self.as_mut().rust_mut().waiting.pop_front();
        match next {
            Some(descriptor) if self.listening => self.as_mut().fetch_for(descriptor),
            _ => {
                let n = self.busy_upstreams();
                self.set_in_flight(n);
            }
        }
    }

    /// The upstream as the log names it.
    pub(super) fn upstream_endpoint(&self) -> String {
        match Transport::from_name(&self.upstream_transport.to_string()) {
            Some(Transport::Tcp) => TcpAddress {
                host: self.upstream_host.to_string(),
                port: u16::try_from(i32::from(self.upstream_port)).unwrap_or_default(),
            }
            .to_string(),
            _ if self.upstream_abstract => format!("@{}", self.upstream_name),
            _ => self.upstream_name.to_string(),
        }
    }
}
