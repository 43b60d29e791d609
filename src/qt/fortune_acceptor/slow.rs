//! FortuneAcceptor's slow path: a client whose frame does not leave in one send, or a TLS
//! client, served by a Qt socket on its descriptor, under the cap and the deadline.

#[allow(unused_imports)]
use super::*;

impl ffi::FortuneAcceptor {
    /// Serves a TLS client: after its handshake, a frame, or a hand-over to the relay (by a
    /// token: see [`TlsRelays`]); all within the slow path's bounds.
    pub(super) fn serve_tls(mut self: Pin<&mut Self>, descriptor: usize) {
        let Some(listening) = self.listening.as_ref() else {
            return serving::close(descriptor);
        };
        if listening.tls.is_none() {
            return serving::close(descriptor);
        }
        let counted = matches!(listening.serving, Serving::Frames { .. });
        let then: Encrypted = match &listening.serving {
            Serving::Frames { frames, .. } => {
                let frame = Arc::clone(frames.pick(&mut rand::rng()));
                Box::new(move |socket| write_frame_tls(socket, Arc::clone(&frame)))
            }
            Serving::Relay(hand_over) => {
                let (hand_over, relays) = (Arc::clone(hand_over), Arc::clone(&self.tls_relays));
                Box::new(move |socket| hand_over(relays.register(socket)))
            }
        };
        if !self.as_mut().admit_slow(descriptor) {
            return;
        }
        let qt = self.qt_thread();
        let outcome = move |outcome: Result<(), String>| {
            let _ = qt.queue(move |acceptor| match outcome {
                Ok(()) if counted => acceptor.count_served(),
                Ok(()) => {}
                Err(why) => acceptor.closed(Closed::TlsRefused, 1, why),
            });
        };
        let deadline = serving::deadline_after(self.limits.write_timeout);
        let slow = Arc::clone(&self.slow);
        if let Some(config) = self.listening.as_ref().and_then(|l| l.tls.as_ref()) {
            serving_tls::serve_tls(descriptor, config, deadline, &slow, outcome, then);
        }
        self.start_sweeping();
    }

    /// Whether one more slow client fits under the cap; if not, it is closed at once.
    pub(super) fn admit_slow(self: Pin<&mut Self>, descriptor: usize) -> bool {
        if self.slow.len() < self.limits.max_slow {
            return true;
        }
        serving::reset(descriptor);
        let max = self.limits.max_slow.to_string();
        self.closed(Closed::OverCap, 1, max);
        false
    }

    /// Closes slow clients at their deadline: the sweep timer runs while there are some.
    pub(super) fn start_sweeping(mut self: Pin<&mut Self>) {
        let timeout = millis(self.limits.write_timeout);
        if let Some(timer) = self.as_mut().rust_mut().sweep_timer.as_mut() {
            if !timer.is_active() {
                timer.start(timeout);
            }
        }
    }

    /// The slow path: a Qt socket adopted on the descriptor finishes the frame, unless the cap
    /// is reached (then the client is closed at once).
    pub(super) fn finish_slowly(
        mut self: Pin<&mut Self>,
        descriptor: usize,
        frame: Arc<[u8]>,
        sent: usize,
    ) {
        let transport = self.transport;
        if !self.as_mut().admit_slow(descriptor) {
            return;
        }
        let deadline = serving::deadline_after(self.limits.write_timeout);
        let slow = Arc::clone(&self.slow);
        let fd = qintptr::from(descriptor as isize);
        match transport {
            Transport::Local => finish_on(QLocalSocket::adopt(fd), frame, sent, deadline, &slow),
            Transport::Tcp => finish_on(QTcpSocket::adopt(fd), frame, sent, deadline, &slow),
        }
        self.start_sweeping();
    }
}
