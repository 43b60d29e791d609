// fortune_peer: Qt's own QDataStream speaking each generation of the Local Fortune example and of
// the TCP Fortune Server/Client examples, written from the behaviour of the original C++ programs
// (not copied), to test our Rust code against code we did not write. Built against Debian's Qt 6
// with QtNetwork.
//
//   fortune_peer serve  --wire W (--name NAME | --tcp PORT) [--fortunes FILE]
//                                                   serve as that generation's server
//   fortune_peer fetch  --wire W (--name NAME | --tcp HOST:PORT)
//                                                   read one fortune as that client
//   fortune_peer encode --wire W TEXT               print the frame in hex
//
// W is qt4 | qt5.8 | qt5.10 | qt6.6; over TCP the examples used qt4 (Qt 4.0 – 5.6) and qt6.6
// (Qt 5.7 and later), the same bytes as the local ones. A TCP server listens on 127.0.0.1 only
// and prints "fortune_peer: listening on 127.0.0.1:PORT". `fetch` prints the fortune (UTF-8,
// every byte) and exits 0; a stream
// left in a bad state prints "stream status N" on stderr and exits 6; a socket error exits 3;
// nothing within 5 s exits 5. Nothing here retries: one connection, one read.

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDataStream>
#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStringList>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <langinfo.h>
#include <type_traits>

namespace {

enum class Wire { Qt4, Qt58, Qt510, Qt66, Invalid };

Wire parseWire(const QString &s)
{
    if (s == "qt4") return Wire::Qt4;
    if (s == "qt5.8") return Wire::Qt58;
    if (s == "qt5.10") return Wire::Qt510;
    if (s == "qt6.6") return Wire::Qt66;
    return Wire::Invalid;
}

// The block each generation's server builds, with that generation's stream version.
QByteArray frame(Wire wire, const QString &fortune)
{
    QByteArray block;
    QDataStream out(&block, QIODevice::WriteOnly);
    switch (wire) {
    case Wire::Qt4: // size placeholder, string, then the real size written over the placeholder
        out.setVersion(QDataStream::Qt_4_0);
        out << quint16(0) << fortune;
        out.device()->seek(0);
        out << quint16(block.size() - sizeof(quint16));
        break;
    case Wire::Qt58:
        out.setVersion(QDataStream::Qt_5_8);
        out << quint32(0) << fortune;
        out.device()->seek(0);
        out << quint32(block.size() - sizeof(quint32));
        break;
    case Wire::Qt510: // the count of UTF-16 units, not bytes
        out.setVersion(QDataStream::Qt_5_10);
        out << quint32(fortune.size()) << fortune;
        break;
    case Wire::Qt66:
    case Wire::Invalid:
        // The 6.6+ example sets Qt_6_5, which Debian's Qt 6.4 lacks; every version from Qt_4_0
        // to Qt_6_6 writes quint16, quint32 and QString alike.
        out.setVersion(QDataStream::Qt_6_0);
        out << fortune;
        break;
    }
    return block;
}

QStringList originals()
{
    return {QStringLiteral("You've been leading a dog's life. Stay off the furniture."),
            QStringLiteral("You've got to think about tomorrow."),
            QStringLiteral("You will be surprised by a loud noise."),
            QStringLiteral("You will feel hungry again in another hour."),
            QStringLiteral("You might have mail."),
            QStringLiteral("You cannot kill time without injuring eternity."),
            QStringLiteral("Computers are not intelligent. They only think they are.")};
}

// What differs between the two transports, for the code below that does not.
bool listenOn(QLocalServer &server, const QString &name) { return server.listen(name); }
bool listenOn(QTcpServer &server, const QString &port)
{
    return server.listen(QHostAddress::LocalHost, quint16(port.toUInt()));
}
QString where(const QLocalServer &server) { return server.fullServerName(); }
QString where(const QTcpServer &server)
{
    return server.serverAddress().toString() + ':' + QString::number(server.serverPort());
}
void hangUp(QLocalSocket *socket) { socket->disconnectFromServer(); }
void hangUp(QTcpSocket *socket) { socket->disconnectFromHost(); }
void connectTo(QLocalSocket &socket, const QString &name) { socket.connectToServer(name); }
void connectTo(QTcpSocket &socket, const QString &hostPort)
{
    const int colon = hostPort.lastIndexOf(':');
    socket.connectToHost(hostPort.left(colon), quint16(hostPort.mid(colon + 1).toUInt()));
}
// The error each transport reports when the server closes after its frame: not an error here.
bool isPeerClosed(QLocalSocket::LocalSocketError e) { return e == QLocalSocket::PeerClosedError; }
bool isPeerClosed(QAbstractSocket::SocketError e) { return e == QAbstractSocket::RemoteHostClosedError; }

template <typename Server>
int serve(Wire wire, const QString &at, const QStringList &fortunes)
{
    Server server;
    if (!listenOn(server, at)) {
        std::fprintf(stderr, "fortune_peer: cannot listen: %s\n", qPrintable(server.errorString()));
        return 9;
    }
    QObject::connect(&server, &Server::newConnection, [&] {
        auto *socket = server.nextPendingConnection();
        QObject::connect(socket, &std::remove_pointer_t<decltype(socket)>::disconnected, socket,
                         &QObject::deleteLater);
        const int i = QRandomGenerator::global()->bounded(int(fortunes.size()));
        socket->write(frame(wire, fortunes.at(i)));
        socket->flush();
        hangUp(socket);
    });
    std::printf("fortune_peer: listening on %s\n", qPrintable(where(server)));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

int finish(const QString &fortune, QDataStream::Status status)
{
    if (status != QDataStream::Ok) {
        std::fprintf(stderr, "fortune_peer: stream status %d\n", int(status));
        return 6;
    }
    // Every byte, NUL included: a misread frame shows exactly what the client made of it.
    const QByteArray utf8 = fortune.toUtf8() + '\n';
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    return 0;
}

template <typename Socket>
int fetch(Wire wire, const QString &at)
{
    Socket socket;
    QDataStream in(&socket);
    quint32 blockSize = 0;
    int code = -1;
    auto done = [&](int c) {
        if (code < 0) {
            code = c;
            QCoreApplication::exit(c);
        }
    };
    switch (wire) {
    case Wire::Qt4: in.setVersion(QDataStream::Qt_4_0); break;
    case Wire::Qt58: in.setVersion(QDataStream::Qt_5_8); break;
    case Wire::Qt510: in.setVersion(QDataStream::Qt_5_10); break;
    default: in.setVersion(QDataStream::Qt_6_0); break;
    }
    QObject::connect(&socket, &QIODevice::readyRead, [&] {
        QString fortune;
        if (wire == Wire::Qt66) { // read the string whole, or roll back and wait for more
            in.startTransaction();
            in >> fortune;
            if (!in.commitTransaction())
                return;
            return done(finish(fortune, in.status()));
        }
        if (blockSize == 0) {
            if (wire == Wire::Qt4) {
                if (socket.bytesAvailable() < qint64(sizeof(quint16)))
                    return;
                quint16 size16;
                in >> size16;
                blockSize = size16;
            } else {
                if (socket.bytesAvailable() < qint64(sizeof(quint32)))
                    return;
                in >> blockSize;
            }
        }
        if (socket.bytesAvailable() < blockSize || in.atEnd())
            return;
        in >> fortune;
        done(finish(fortune, in.status()));
    });
    QObject::connect(&socket, &Socket::errorOccurred, [&](auto e) {
        if (isPeerClosed(e))
            return; // the server closes after its frame; the read above decides
        std::fprintf(stderr, "fortune_peer: %s\n", qPrintable(socket.errorString()));
        done(3);
    });
    QObject::connect(&socket, &Socket::disconnected, [&] {
        // Give readyRead's last call a turn, then report a stream that never completed.
        QTimer::singleShot(0, [&] {
            if (code < 0) {
                std::fprintf(stderr, "fortune_peer: disconnected before a complete fortune\n");
                done(6);
            }
        });
    });
    QTimer::singleShot(5000, [&] {
        std::fprintf(stderr, "fortune_peer: timeout\n");
        done(5);
    });
    connectTo(socket, at);
    const int rc = QCoreApplication::exec();
    return code < 0 ? rc : code;
}

} // namespace

int main(int argc, char **argv)
{
    // A UTF-8 LC_CTYPE before Qt looks, as local-fortune chooses one (src/qt/application.rs):
    // Qt 6.5+ would switch to it itself, with four lines of warning on stderr, which the tests
    // read. Qt reads and writes UTF-8 whatever the locale.
    std::setlocale(LC_ALL, "");
    if (QByteArray(nl_langinfo(CODESET)).toUpper().replace("-", "") != "UTF8")
        setenv("LC_CTYPE", "C.UTF-8", 1);
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const auto take = [&](const QString &flag) {
        const int i = args.indexOf(flag);
        if (i < 0 || i + 1 >= args.size())
            return QString();
        const QString v = args.at(i + 1);
        args.remove(i, 2);
        return v;
    };
    const QString mode = args.value(0);
    args.removeFirst();
    const Wire wire = parseWire(take("--wire"));
    const QString name = take("--name");
    const QString tcp = take("--tcp");
    const QString fortunesFile = take("--fortunes");
    if (wire == Wire::Invalid) {
        std::fprintf(stderr, "usage: fortune_peer serve|fetch|encode --wire qt4|qt5.8|qt5.10|qt6.6 ...\n");
        return 2;
    }
    if (mode == "encode" && args.size() == 1) {
        std::printf("%s\n", frame(wire, args.at(0)).toHex().constData());
        return 0;
    }
    if (mode == "serve" && (name.isEmpty() != tcp.isEmpty())) {
        QStringList fortunes = originals();
        if (!fortunesFile.isEmpty()) {
            QFile f(fortunesFile);
            if (!f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "fortune_peer: cannot read %s\n", qPrintable(fortunesFile));
                return 8;
            }
            fortunes = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        }
        return tcp.isEmpty() ? serve<QLocalServer>(wire, name, fortunes)
                             : serve<QTcpServer>(wire, tcp, fortunes);
    }
    if (mode == "fetch" && (name.isEmpty() != tcp.isEmpty()))
        return tcp.isEmpty() ? fetch<QLocalSocket>(wire, name) : fetch<QTcpSocket>(wire, tcp);
    std::fprintf(stderr, "usage: fortune_peer serve|fetch|encode --wire W [--name NAME | --tcp PORT] [TEXT]\n");
    return 2;
}
