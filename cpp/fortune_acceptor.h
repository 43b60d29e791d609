// What FortuneAcceptor's bridge (src/qt/fortune_acceptor.rs) cannot say in Rust: a notifier and
// timers whose signals call its methods directly, with it as the receiver (Qt disconnects them
// when it goes). Declared only: the class is complete in fortune_acceptor.cpp, not in the bridge's
// own header, which includes this one.
#pragma once

#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>

#include <cstdint>
#include <memory>

class FortuneAcceptor;

namespace lf {

// A read notifier on the listening socket `fd` whose every activation calls
// acceptor.acceptReady() directly (no queued event per wake-up).
std::unique_ptr<QSocketNotifier> newAcceptNotifier(FortuneAcceptor &acceptor, qintptr fd);

// What a timer of the acceptor's calls (declared to cxx in src/qt/fortune_acceptor.rs).
enum class AcceptorTimer : std::uint8_t { Backoff, Sweep, Burst, Served };

// A single-shot timer whose timeout calls one of the acceptor's methods directly.
std::unique_ptr<QTimer> newAcceptorTimer(FortuneAcceptor &acceptor, AcceptorTimer purpose);

} // namespace lf
