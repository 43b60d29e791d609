// QAbstractSocket's nested enums, which QTcpSocket, QTcpServer and QLocalServer share. cxx names an
// enum by its namespace, not by its class: these aliases give them one.
#pragma once

#include <QtNetwork/QAbstractSocket>

namespace cxx_qt_sockets {
using SocketError = QAbstractSocket::SocketError;
using SocketState = QAbstractSocket::SocketState;
using SocketOption = QAbstractSocket::SocketOption;
} // namespace cxx_qt_sockets
