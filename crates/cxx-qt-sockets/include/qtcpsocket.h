// QTcpSocket needs no call of its own: it is a QAbstractSocket (qabstractsocket.h), made through
// common.h's newObject.
#pragma once

#include <QtNetwork/QTcpSocket>

#include "cxx-qt-sockets/common.h"
#include "cxx-qt-sockets/qabstractsocket.h"
