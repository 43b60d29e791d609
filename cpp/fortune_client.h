// What FortuneClient's bridge (src/qt/fortune_client.rs) cannot say in Rust: the connections of its
// reusable sockets and its deadline timer (made in Rust, then its children), whose signals call its
// methods directly, with the client as the receiver (Qt disconnects them when it goes, before its
// children are deleted).
// Declared only: the class is complete in fortune_client.cpp.
#pragma once

#include <QtCore/QTimer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>

class FortuneClient;

namespace lf {
void connectClientLocalSocket(FortuneClient &client, QLocalSocket &socket);
void connectClientTcpSocket(FortuneClient &client, QTcpSocket &socket);
void connectClientSslSocket(FortuneClient &client, QSslSocket &socket);
void connectClientTimer(FortuneClient &client, QTimer &timer);
} // namespace lf
