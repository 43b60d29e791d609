// QAbstractSocket, the base of QTcpSocket and QSslSocket (and of QUdpSocket), and its nested enums,
// which QTcpServer and QLocalServer report too. cxx names an enum by its namespace, not by its
// class: these aliases give them one. Beside them, the calls cxx cannot express as they are:
// default arguments, QHostAddress, QVariant.
#pragma once

#include <QtNetwork/QAbstractSocket>
#include <QtCore/QVariant>
#include <QtNetwork/QHostAddress>

#include "cxx-qt-sockets/common.h"

namespace cxx_qt_sockets {
using SocketError = QAbstractSocket::SocketError;
using SocketState = QAbstractSocket::SocketState;
using SocketOption = QAbstractSocket::SocketOption;

// connectToHost(host, port, ReadWrite, AnyIPProtocol): a name or an address in text.
inline void
socketConnectToHost(QAbstractSocket& socket, const QString& host, std::uint16_t port)
{
  socket.connectToHost(host, port);
}

// setSocketDescriptor(fd, ConnectedState, ReadWrite): adopts a connected socket.
inline bool
socketSetSocketDescriptor(QAbstractSocket& socket, qintptr descriptor)
{
  return socket.setSocketDescriptor(descriptor);
}

inline QString
socketPeerAddress(const QAbstractSocket& socket)
{
  return socket.peerAddress().toString();
}

inline QString
socketLocalAddress(const QAbstractSocket& socket)
{
  return socket.localAddress().toString();
}

// setSocketOption(option, value): every option takes an integer.
inline void
socketSetSocketOption(QAbstractSocket& socket, SocketOption option, std::int32_t value)
{
  socket.setSocketOption(option, value);
}

inline std::int32_t
socketSocketOption(QAbstractSocket& socket, SocketOption option)
{
  return socket.socketOption(option).toInt();
}

} // namespace cxx_qt_sockets
