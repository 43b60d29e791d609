// The few QLocalServer/QLocalSocket calls cxx cannot express: default arguments, static
// members, nested enums and object creation. Everything else is bound directly in src/qt/.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>

#include <memory>

#include "rust/cxx.h"

namespace lf {

// cxx names enums by namespace, not by class: alias the nested ones.
using LocalSocketError = QLocalSocket::LocalSocketError;

// What QLocalServer::incomingConnection does by default, minus the queue: a socket on the
// accepted descriptor, owned by the server (setSocketDescriptor's default arguments).
inline QLocalSocket *adoptSocket(QLocalServer &server, quintptr descriptor)
{
    auto *socket = new QLocalSocket(&server);
    socket->setSocketDescriptor(qintptr(descriptor));
    return socket;
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

// Sockets the server still owns: those not yet deleted after their client went away.
inline std::int32_t liveSockets(const QLocalServer &server)
{
    return std::int32_t(server.findChildren<QLocalSocket *>().size());
}

// QCoreApplication::exit is static.
inline void exitEventLoop(std::int32_t code) { QCoreApplication::exit(code); }

} // namespace lf
