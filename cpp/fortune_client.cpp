// See fortune_client.h.
#include "local-fortune/fortune_client.h"

#include "local-fortune/src/qt/fortune_client.cxxqt.h"

namespace lf {

QLocalSocket *newClientLocalSocket(FortuneClient &client)
{
    auto *socket = new QLocalSocket(&client);
    QObject::connect(socket, &QLocalSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QLocalSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QLocalSocket::errorOccurred, &client,
                     [&client](QLocalSocket::LocalSocketError error) { client.localSocketError(int(error)); });
    return socket;
}

QTcpSocket *newClientTcpSocket(FortuneClient &client)
{
    auto *socket = new QTcpSocket(&client);
    QObject::connect(socket, &QTcpSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QTcpSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QTcpSocket::errorOccurred, &client,
                     [&client](QAbstractSocket::SocketError error) { client.tcpSocketError(int(error)); });
    return socket;
}

QSslSocket *newClientSslSocket(FortuneClient &client)
{
    auto *socket = new QSslSocket(&client);
    QObject::connect(socket, &QSslSocket::readyRead, &client, &FortuneClient::socketReadyRead);
    QObject::connect(socket, &QSslSocket::disconnected, &client, &FortuneClient::socketDisconnected);
    QObject::connect(socket, &QSslSocket::errorOccurred, &client,
                     [&client](QAbstractSocket::SocketError error) { client.tlsSocketError(int(error)); });
    QObject::connect(socket, &QSslSocket::encrypted, &client, &FortuneClient::tlsEncrypted);
    // What the checks of this handshake found (sslHandshakeErrors() keeps an older attempt's).
    QObject::connect(socket, &QSslSocket::sslErrors, &client, [&client](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            client.tlsCheckFailed(int(error.error()));
    });
    QObject::connect(socket, &QSslSocket::alertReceived, &client,
                     [&client](QSsl::AlertLevel level, QSsl::AlertType type, const QString &) {
                         if (level == QSsl::AlertLevel::Fatal)
                             client.tlsAlertReceived(int(type));
                     });
    return socket;
}

QTimer *newClientTimer(FortuneClient &client)
{
    auto *timer = new QTimer(&client);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, &client, &FortuneClient::timedOut);
    return timer;
}

} // namespace lf
