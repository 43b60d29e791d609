// Object creation for the Rust-defined QObjects, and the few calls that must know their C++
// classes: the acceptor's connection to its notifier, and the sockets it adopts as children.
#pragma once

#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <cstdint>
#include <memory>

#include "local-fortune/src/qt/fortune_acceptor.cxxqt.h"
#include "local-fortune/src/qt/fortune_bridge.cxxqt.h"
#include "local-fortune/src/qt/fortune_client.cxxqt.h"
#include "local-fortune/src/qt/fortune_server.cxxqt.h"

namespace lf {
inline std::unique_ptr<FortuneServer> newFortuneServer() { return std::make_unique<FortuneServer>(); }
inline std::unique_ptr<FortuneBridge> newFortuneBridge() { return std::make_unique<FortuneBridge>(); }
inline std::unique_ptr<FortuneClient> newFortuneClient() { return std::make_unique<FortuneClient>(); }
inline std::unique_ptr<FortuneAcceptor> newFortuneAcceptor() { return std::make_unique<FortuneAcceptor>(); }
inline std::unique_ptr<QLocalServer> newLocalServer() { return std::make_unique<QLocalServer>(); }
inline std::unique_ptr<QTcpServer> newTcpServer() { return std::make_unique<QTcpServer>(); }

// A read notifier on the listening socket `fd` whose every activation calls
// acceptor.acceptReady() directly (no queued event per wake-up).
inline std::unique_ptr<QSocketNotifier> newAcceptNotifier(FortuneAcceptor &acceptor, qintptr fd)
{
    auto notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, &acceptor,
                     &FortuneAcceptor::acceptReady);
    return notifier;
}

// What a timer of the acceptor's calls (declared to cxx in src/qt/factory.rs).
enum class AcceptorTimer : std::uint8_t { Backoff, Sweep, Burst, Served };

// A single-shot timer whose timeout calls one of the acceptor's methods directly (QTimer's
// timeout is a private signal, which cxx cannot bind).
inline std::unique_ptr<QTimer> newAcceptorTimer(FortuneAcceptor &acceptor, AcceptorTimer purpose)
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

// A Qt socket on an accepted descriptor, owned by the acceptor; it deletes itself once done.
inline QLocalSocket *adoptLocalSocket(FortuneAcceptor &acceptor, qintptr fd)
{
    auto *socket = new QLocalSocket(&acceptor);
    socket->setSocketDescriptor(fd);
    return socket;
}

inline QTcpSocket *adoptTcpSocket(FortuneAcceptor &acceptor, qintptr fd)
{
    auto *socket = new QTcpSocket(&acceptor);
    socket->setSocketDescriptor(fd);
    return socket;
}
} // namespace lf
