// See fortune_acceptor.h.
#include "local-fortune/fortune_acceptor.h"

#include "local-fortune/src/qt/fortune_acceptor.cxxqt.h"

namespace lf {

std::unique_ptr<QSocketNotifier> newAcceptNotifier(FortuneAcceptor &acceptor, qintptr fd)
{
    auto notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, &acceptor,
                     &FortuneAcceptor::acceptReady);
    return notifier;
}

std::unique_ptr<QTimer> newAcceptorTimer(FortuneAcceptor &acceptor, AcceptorTimer purpose)
{
    auto timer = std::make_unique<QTimer>();
    timer->setSingleShot(true);
    switch (purpose) {
    case AcceptorTimer::Backoff:
        QObject::connect(timer.get(), &QTimer::timeout, &acceptor, &FortuneAcceptor::resumeAccepting);
        break;
    case AcceptorTimer::Sweep:
        QObject::connect(timer.get(), &QTimer::timeout, &acceptor, &FortuneAcceptor::sweepSlowClients);
        break;
    case AcceptorTimer::Burst:
        QObject::connect(timer.get(), &QTimer::timeout, &acceptor, &FortuneAcceptor::flushBursts);
        break;
    case AcceptorTimer::Served:
        QObject::connect(timer.get(), &QTimer::timeout, &acceptor, &FortuneAcceptor::reportServed);
        break;
    }
    return timer;
}

} // namespace lf
