//! FortuneAcceptor degrading and recovering: out of descriptors it pauses, says so once and
//! tries again; slow clients past their deadline are closed; what it closed is reported in bursts.

#[allow(unused_imports)]
use super::*;

impl ffi::FortuneAcceptor {
    /// Accepting failed: pause, say so once, try again later.
    pub(super) fn starve(mut self: Pin<&mut Self>, error: io::Error) {
        let first = {
            let mut rust = self.as_mut().rust_mut();
            if let Some(notifier) = rust.listening.as_mut().and_then(|l| l.notifier.as_mut()) {
                notifier.set_enabled(false);
            }
            rust.slow.starved.store(true, Ordering::Release);
            match rust.starving.as_mut() {
                Some(starving) => {
                    starving.backoff = (starving.backoff * 2).min(MAX_BACKOFF);
                    false
                }
                None => {
                    rust.starving = Some(Starving {
                        since: Instant::now(),
                        backoff: FIRST_BACKOFF,
                    });
                    true
                }
            }
        };
        if first {
            let what = shortage(&error);
            self.as_mut()
                .tell(Report::Line(texts::cannot_accept(&what)));
            self.as_mut()
                .tell(Report::Notice(texts::clients_wait(&what)));
        }
        let backoff = self.starving.as_ref().map_or(FIRST_BACKOFF, |s| s.backoff);
        if let Some(timer) = self.as_mut().rust_mut().backoff_timer.as_mut() {
            timer.start(millis(backoff));
        }
    }

    /// After a backoff, or when a slow client freed a descriptor: accept again if a descriptor
    /// can be had now, else wait longer.
    pub(super) fn resume_accepting(mut self: Pin<&mut Self>) {
        if self.starving.is_none() || self.listening.is_none() {
            return;
        }
        match descriptor_available() {
            Ok(()) => {
                self.as_mut().recovered();
                if let Some(notifier) = self
                    .as_mut()
                    .rust_mut()
                    .listening
                    .as_mut()
                    .and_then(|l| l.notifier.as_mut())
                {
                    notifier.set_enabled(true);
                }
            }
            Err(e) => self.starve(e),
        }
    }

    pub(super) fn recovered(mut self: Pin<&mut Self>) {
        let Some(starving) = self.as_mut().rust_mut().starving.take() else {
            return;
        };
        self.slow.starved.store(false, Ordering::Release);
        if let Some(timer) = self.as_mut().rust_mut().backoff_timer.as_mut() {
            timer.stop();
        }
        let seconds = format!("{:.1}", starving.since.elapsed().as_secs_f64());
        self.as_mut()
            .tell(Report::Line(texts::accepting_again(&seconds)));
        self.tell(Report::Notice(String::new()));
    }

    /// Closes the slow clients past their deadline, then waits for the next deadline.
    pub(super) fn sweep(mut self: Pin<&mut Self>) {
        let closed = self.slow.close_overdue(Instant::now());
        if closed > 0 {
            let timeout = self.limits.write_timeout.as_millis().to_string();
            self.as_mut().closed(Closed::Overdue, closed, timeout);
        }
        let next = self.slow.next_deadline();
        if let (Some(next), Some(timer)) = (next, self.as_mut().rust_mut().sweep_timer.as_mut()) {
            timer.start(millis(next.saturating_duration_since(Instant::now())) + 1);
        }
    }

    /// Counts a silent close into the current burst.
    pub(super) fn closed(mut self: Pin<&mut Self>, kind: Closed, n: usize, detail: String) {
        let mut rust = self.as_mut().rust_mut();
        let entry = rust.bursts.0.entry(kind).or_default();
        entry.0 += n;
        entry.1 = detail;
        if let Some(timer) = rust.burst_timer.as_mut() {
            if !timer.is_active() {
                timer.start(millis(BURST));
            }
        }
    }

    /// Ends a burst: one line per kind of close.
    pub(super) fn flush_bursts(mut self: Pin<&mut Self>) {
        let bursts = std::mem::take(&mut self.as_mut().rust_mut().bursts);
        let access = self.access.unwrap_or_default();
        for (kind, (n, detail)) in bursts.0 {
            let line = match kind {
                Closed::Overdue => texts::closed_overdue(n, &detail),
                Closed::OverCap => texts::closed_over_cap(n, &detail),
                Closed::Refused => texts::refused_peers(n, access, &detail),
                Closed::Unknown => texts::unknown_peers(n, &detail),
                Closed::TlsRefused => texts::refused_tls_clients(n, &detail),
            };
            self.as_mut().tell(Report::Line(line));
        }
    }
}
