// QIODevice, the base of every socket: what cxx cannot express of it is in common.h (reads and
// writes of Rust slices).
#pragma once

#include <QtCore/QIODevice>

#include "cxx-qt-sockets/common.h"
