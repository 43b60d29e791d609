//! FortuneClient reading: the bytes of the attempt in flight, fed to the decoder, and the frame
//! delivered (to the signals, or to the raw sink of a relay or a typed fetch).

#[allow(unused_imports)]
use super::*;

impl qobject::FortuneClient {
    pub(super) fn socket_ready_read(self: Pin<&mut Self>) {
        self.read_available(false);
    }

    /// The server closed: the end of the stream (Qt emits readyRead for the last bytes first;
    /// whatever is still unread is read here).
    pub(super) fn socket_disconnected(self: Pin<&mut Self>) {
        self.read_available(true);
    }

    /// Reads what the socket of the attempt in flight holds; `end`: the stream ended.
    pub(super) fn read_available(self: Pin<&mut Self>, end: bool) {
        let bytes = match self.reading {
            Some(Transport::Local) => child(&self.local, |s| s.io().read_all()),
            Some(Transport::Tcp) if self.over_tls => child(&self.ssl, |s| s.io().read_all()),
            Some(Transport::Tcp) => child(&self.tcp, |s| s.io().read_all()),
            None => None,
        };
        let Some(bytes) = bytes else {
            return;
        };
        self.on_bytes(bytes.as_slice(), end);
    }

    pub(super) fn on_bytes(mut self: Pin<&mut Self>, bytes: &[u8], end: bool) {
        let fed = match self.as_mut().rust_mut().decoder.as_mut() {
            Some(decoder) => decoder.feed(bytes),
            None => return,
        };
        if let Err(e) = fed {
            return self.fail_malformed(e);
        }
        self.as_mut().rust_mut().received += bytes.len();
        if !end {
            return;
        }
        let attempt = self.attempt;
        if self.received == 0 && self.over_tls {
            if let Some((kind, message)) = self.tls_failure() {
                return self.fail_attempt(attempt, kind, message);
            }
        }
        if self.received == 0 && self.reading_was(Transport::Local) {
            // What a local server does to a user its --access does not admit.
            return self.fail_attempt(
                attempt,
                ErrorKind::AccessDenied,
                texts::closed_without_fortune(),
            );
        }
        let decoder = self
            .as_mut()
            .rust_mut()
            .decoder
            .take()
            .expect("checked above");
        match decoder.finish_raw() {
            Ok(raw) => self.deliver(raw),
            Err(e) => self.fail_malformed(e),
        }
    }

    pub(super) fn deliver(mut self: Pin<&mut Self>, raw: RawFrame) {
        // A null or empty string is no fortune. The original shows it, finds it equal to the
        // empty label and asks again forever; asking again would only get the same.
        if raw.string_bytes().is_empty() {
            let attempt = self.attempt;
            let message = texts::empty_fortune(raw.wire);
            return self.fail_attempt(attempt, ErrorKind::Malformed, message);
        }
        if self.raw_sink.is_some() {
            self.as_mut().end_attempt();
            return self.tell_sink(Ok(raw));
        }
        let decoded = raw.decoded();
        let text = QString::from(&decoded.text);
        if text == self.current_fortune && self.same_retries < SAME_FORTUNE_RETRIES {
            // Asked again from the event loop: not inside the socket's own signal.
            self.as_mut().rust_mut().same_retries += 1;
            self.as_mut().stop_reading();
            let _ = self.qt_thread().queue(|client| {
                if client.busy {
                    client.connect_once();
                }
            });
            return;
        }
        let wire = QString::from(decoded.wire.name());
        self.as_mut().rust_mut().current_fortune = text.clone();
        self.as_mut().current_fortune_changed();
        if self.detected_wire != wire {
            self.as_mut().rust_mut().detected_wire = wire.clone();
            self.as_mut().detected_wire_changed();
        }
        self.as_mut().end_attempt();
        self.fortune_received(text, wire);
    }

    pub(super) fn tell_sink(mut self: Pin<&mut Self>, outcome: RawOutcome) {
        if let Some(sink) = self.as_mut().rust_mut().raw_sink.as_mut() {
            sink(outcome);
        }
    }

    pub(super) fn fail_malformed(self: Pin<&mut Self>, e: DecodeError) {
        let attempt = self.attempt;
        self.fail_attempt(attempt, ErrorKind::Malformed, texts::malformed_frame(e));
    }
}
