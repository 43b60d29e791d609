// The QTcpSocket calls cxx cannot express as they are: default arguments, QHostAddress, QVariant.
#pragma once

#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpSocket>

#include "cxx-qt-sockets/common.h"
#include "cxx-qt-sockets/qabstractsocket.h"

namespace cxx_qt_sockets {

// connectToHost(host, port, ReadWrite, AnyIPProtocol): a name or an address in text.
inline void
tcpConnectToHost(QTcpSocket& socket, const QString& host, std::uint16_t port)
{
  socket.connectToHost(host, port);
}

// setSocketDescriptor(fd, ConnectedState, ReadWrite): adopts a connected socket.
inline bool
tcpSetSocketDescriptor(QTcpSocket& socket, qintptr descriptor)
{
  return socket.setSocketDescriptor(descriptor);
}

inline QString
tcpPeerAddress(const QTcpSocket& socket)
{
  return socket.peerAddress().toString();
}

inline QString
tcpLocalAddress(const QTcpSocket& socket)
{
  return socket.localAddress().toString();
}

// setSocketOption(option, value): every option takes an integer.
inline void
tcpSetSocketOption(QTcpSocket& socket, SocketOption option, std::int32_t value)
{
  socket.setSocketOption(option, value);
}

inline std::int32_t
tcpSocketOption(QTcpSocket& socket, SocketOption option)
{
  return socket.socketOption(option).toInt();
}

} // namespace cxx_qt_sockets
