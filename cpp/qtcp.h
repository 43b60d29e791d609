// The few QTcpServer/QTcpSocket calls cxx cannot express: default arguments, QHostAddress,
// nested enums and object creation. Everything else is bound directly in src/qt/.
#pragma once

#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkInterface>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <memory>

#include "rust/cxx.h"

namespace lf {

// cxx names enums by namespace, not by class: alias the nested one.
using SocketError = QAbstractSocket::SocketError;

// listen(address, port): from an address in text ("127.0.0.1", "::1", "0.0.0.0", "::");
// an empty text is QHostAddress::Any. False, with nothing done, for text that is no address.
inline bool listenTcp(QTcpServer &server, const QString &address, std::uint16_t port)
{
    QHostAddress host(QHostAddress::Any);
    if (!address.isEmpty() && !host.setAddress(address))
        return false;
    return server.listen(host, port);
}

// The address to give clients: the one listened on or, when it is every address, the one the
// original server shows: the first non-loopback IPv4 address (else 127.0.0.1).
inline QString tcpServerAddress(const QTcpServer &server)
{
    const QHostAddress address = server.serverAddress();
    if (address != QHostAddress::Any && address != QHostAddress::AnyIPv4
        && address != QHostAddress::AnyIPv6)
        return address.toString();
    for (const QHostAddress &candidate : QNetworkInterface::allAddresses())
        if (!candidate.isLoopback() && candidate.protocol() == QAbstractSocket::IPv4Protocol)
            return candidate.toString();
    return QHostAddress(QHostAddress::LocalHost).toString();
}

inline std::unique_ptr<QTcpSocket> newTcpSocket() { return std::make_unique<QTcpSocket>(); }

// connectToHost(host, port, openMode = ReadWrite, protocol = AnyIPProtocol): the defaults.
inline void connectToHost(QTcpSocket &socket, const QString &host, std::uint16_t port)
{
    socket.connectToHost(host, port);
}

// QIODevice::write(const char *, qint64) from a Rust slice.
inline qint64 writeTcpBytes(QTcpSocket &socket, rust::Slice<const std::uint8_t> data)
{
    return socket.write(reinterpret_cast<const char *>(data.data()), qint64(data.size()));
}

} // namespace lf
