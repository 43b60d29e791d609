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

// A client's reusable sockets and its deadline timer: its children (deleted with it, once its own
// connections are gone), each signal a direct call of the client's (no queued event per read).
inline QLocalSocket *newClientLocalSocket(FortuneClient &client)
{
    auto *socket = new QLocalSocket(&client);
    QObject::connect(socket, &QLocalSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QLocalSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QLocalSocket::errorOccurred, &client,
                     [&client](QLocalSocket::LocalSocketError error) { client.localSocketError(int(error)); });
    return socket;
}

inline QTcpSocket *newClientTcpSocket(FortuneClient &client)
{
    auto *socket = new QTcpSocket(&client);
    QObject::connect(socket, &QTcpSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QTcpSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QTcpSocket::errorOccurred, &client,
                     [&client](QAbstractSocket::SocketError error) { client.tcpSocketError(int(error)); });
    return socket;
}

inline QTimer *newClientTimer(FortuneClient &client)
{
    auto *timer = new QTimer(&client);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, &client, &FortuneClient::timedOut);
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
