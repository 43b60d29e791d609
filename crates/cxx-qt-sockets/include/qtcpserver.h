// The QTcpServer calls cxx cannot express as they are: QHostAddress.
#pragma once

#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkInterface>
#include <QtNetwork/QTcpServer>

#include "cxx-qt-sockets/common.h"
#include "cxx-qt-sockets/qtcpsocket.h"

namespace cxx_qt_sockets {

// listen(address, port) from an address in text ("127.0.0.1", "::1", "0.0.0.0", "::"); an empty
// text is QHostAddress::Any. False, with nothing done, for a text that is no address.
inline bool
tcpListen(QTcpServer& server, const QString& address, std::uint16_t port)
{
  QHostAddress host(QHostAddress::Any);
  if (!address.isEmpty() && !host.setAddress(address))
    return false;
  return server.listen(host, port);
}

inline QString
tcpServerAddress(const QTcpServer& server)
{
  return server.serverAddress().toString();
}

// The address to give clients: the one listened on or, when that is every address, the first
// non-loopback IPv4 address of this machine (else 127.0.0.1), as Qt's Fortune Server shows.
inline QString
tcpReachableAddress(const QTcpServer& server)
{
  const QHostAddress address = server.serverAddress();
  if (address != QHostAddress::Any && address != QHostAddress::AnyIPv4 &&
      address != QHostAddress::AnyIPv6)
    return address.toString();
  for (const QHostAddress& candidate : QNetworkInterface::allAddresses())
    if (!candidate.isLoopback() &&
        candidate.protocol() == QAbstractSocket::IPv4Protocol)
      return candidate.toString();
  return QHostAddress(QHostAddress::LocalHost).toString();
}

} // namespace cxx_qt_sockets
