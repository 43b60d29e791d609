// The few QLocalServer/QLocalSocket calls cxx cannot express: default arguments, static
// members, nested enums and object creation. Everything else is bound directly in src/qt/.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>

#include <memory>

#include "rust/cxx.h"

namespace lf {

// cxx names enums by namespace, not by class: alias the nested ones.
using LocalSocketError = QLocalSocket::LocalSocketError;

// A listening QLocalServer accepts with its own QSocketNotifier on the listening socket (its
// child; Qt 6.4 to 6.8, qlocalserver_unix.cpp) and, when accept() fails, closes itself and removes
// its socket file. A FortuneAcceptor accepts instead: this disables that notifier for good (Qt
// enables it again only after one of its own accepts). False when there is not exactly one.
inline bool stopQtAccepting(QLocalServer &server)
{
    const auto notifiers = server.findChildren<QSocketNotifier *>(Qt::FindDirectChildrenOnly);
    if (notifiers.size() != 1)
        return false;
    notifiers.front()->setEnabled(false);
    return true;
}

inline std::unique_ptr<QLocalSocket> newLocalSocket() { return std::make_unique<QLocalSocket>(); }

// connectToServer(name, openMode = ReadWrite): the default argument.
inline void connectToServer(QLocalSocket &socket, const QString &name) { socket.connectToServer(name); }

// QLocalServer::setSocketOptions from the flag bits (SocketOption values): who may connect
// (User 0x1, Group 0x2, Other 0x4, World 0x7) and AbstractNamespaceOption 0x8 (Linux).
inline void setServerSocketOptions(QLocalServer &server, std::uint32_t bits)
{
    server.setSocketOptions(QLocalServer::SocketOptions(int(bits)));
}

// A socket connecting into Linux's abstract namespace (no file), or to a socket file.
inline void setAbstractNamespace(QLocalSocket &socket, bool on)
{
    socket.setSocketOptions(on ? QLocalSocket::AbstractNamespaceOption : QLocalSocket::NoOptions);
}

// QLocalServer::removeServer is static.
inline bool removeServer(const QString &name) { return QLocalServer::removeServer(name); }

// QIODevice::write(const char *, qint64) from a Rust slice.
inline qint64 writeBytes(QLocalSocket &socket, rust::Slice<const std::uint8_t> data)
{
    return socket.write(reinterpret_cast<const char *>(data.data()), qint64(data.size()));
}

// QCoreApplication::exit is static.
inline void exitEventLoop(std::int32_t code) { QCoreApplication::exit(code); }

} // namespace lf
