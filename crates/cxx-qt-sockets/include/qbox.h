// Ownership of QObjects held by Rust: QBox deletes what it owns, QPtr watches what Qt owns.
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QThread>

#include <memory>

namespace cxx_qt_sockets {

// The end of a QBox. With an application, deleteLater(): the object may be inside one of its
// own signals (a slot that dropped the last handle), and Qt's code after the emission still uses
// it; the event loop deletes it once control is back there. Without one, no event is being
// delivered and no loop ever will run: delete now.
inline void
dropObject(QObject& object)
{
  if (QCoreApplication::instance() != nullptr)
    object.deleteLater();
  else
    delete &object;
}

// Hands the object to `parent`: Qt deletes it with its parent.
inline void
adoptObject(QObject& object, QObject& parent)
{
  object.setParent(&parent);
}

// Takes the object from its parent (a server's pending connection): Rust owns it from now on.
inline void
orphanObject(QObject& object)
{
  object.setParent(nullptr);
}

// A QPointer: null once the object is destroyed, whoever destroyed it.
class ObjectGuard
{
public:
  explicit ObjectGuard(QObject* object)
    : pointer(object)
  {
  }
  // The object, if alive and of the calling thread (QPointer is not thread-safe beyond that).
  QObject* live() const
  {
    QObject* object = pointer.data();
    if (object == nullptr || object->thread() != QThread::currentThread())
      return nullptr;
    return object;
  }
  bool isNull() const { return pointer.isNull(); }

private:
  QPointer<QObject> pointer;
};

inline std::unique_ptr<ObjectGuard>
guardObject(QObject& object)
{
  return std::make_unique<ObjectGuard>(&object);
}

// A second QPointer to the same object (null if it is gone).
inline std::unique_ptr<ObjectGuard>
cloneGuard(const ObjectGuard& guard)
{
  return std::make_unique<ObjectGuard>(guard);
}

} // namespace cxx_qt_sockets
