//! Who deletes a QObject: [`QBox`] owns one for Rust, [`QPtr`] watches one that Qt owns.
//!
//! cxx's `UniquePtr` deletes its object at once when dropped, and Qt may delete the same object
//! itself (`deleteLater`, a parent's destructor): two owners, a double free. So the crate hands
//! out no raw pointer and no `UniquePtr` of a QObject. What Rust makes, a `QBox` owns; what Qt
//! owns, a `QPtr` reaches only while Qt keeps it alive.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-sockets/qbox.h");
        include!(<QtCore/QObject>);
        type QObject = cxx_qt::QObject;
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        type ObjectGuard;

        #[cxx_name = "dropObject"]
        fn drop_object(object: Pin<&mut QObject>);
        #[cxx_name = "adoptObject"]
        fn adopt_object(object: Pin<&mut QObject>, parent: Pin<&mut QObject>);
        #[cxx_name = "orphanObject"]
        fn orphan_object(object: Pin<&mut QObject>);
        #[cxx_name = "guardObject"]
        fn guard_object(object: Pin<&mut QObject>) -> UniquePtr<ObjectGuard>;
        #[cxx_name = "cloneGuard"]
        fn clone_guard(guard: &ObjectGuard) -> UniquePtr<ObjectGuard>;
        fn live(self: &ObjectGuard) -> *mut QObject;
        #[cxx_name = "isNull"]
        fn is_gone(self: &ObjectGuard) -> bool;
    }

    impl UniquePtr<ObjectGuard> {}
}

use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::ptr::NonNull;
use std::thread::ThreadId;

use cxx::UniquePtr;
use cxx_qt::casting::Upcast;
use cxx_qt::QObject;

/// A QObject that Rust owns: made by Rust, with no parent, deleted when the `QBox` is dropped.
///
/// The deletion is Qt's `deleteLater()` while a `QCoreApplication` exists: the last handle may be
/// dropped inside one of the object's own signals, and Qt's code after the emission still uses
/// the object; the event loop deletes it as soon as control is back there (and
/// `QCoreApplication::exec` deletes the rest when it returns). Without an application the object
/// is deleted at once. What the object holds of the system is let go first, as its destructor
/// would: a socket is aborted (the peer sees the close when the handle is dropped, not when the
/// loop next runs), a server stops listening (its name is free again), a timer stops. An object
/// dropped after the last event loop has ended is not deleted before the process ends.
///
/// `QBox` is neither `Send` nor `Sync`: a QObject belongs to the thread that made it.
///
/// No safe method deletes what a `QBox` owns: Qt's `deleteLater` is not bound, so this, a
/// double free in 0.1, does not compile:
/// ```compile_fail,E0599
/// let mut socket = cxx_qt_sockets::QLocalSocket::new();
/// socket.pin_mut().delete_later(); // Qt deletes it, then the handle again
/// ```
pub struct QBox<T: Deletable> {
    object: NonNull<T>,
    _owns: PhantomData<Box<T>>,
}

/// A QObject class a [`QBox`] can own: each class of the crate is one. Your own cxx-qt class is
/// one with an empty `impl Deletable for MyObject {}`.
pub trait Deletable: Upcast<QObject> {
    /// Runs just before the handle lets go of the object. Sockets abort here.
    fn before_drop(self: Pin<&mut Self>) {}
}

impl<T: Deletable> QBox<T> {
    /// Takes ownership of the object a C++ constructor returned.
    ///
    /// Null gives `None`.
    pub fn from_unique(object: UniquePtr<T>) -> Option<Self>
    where
        T: cxx::memory::UniquePtrTarget,
    {
        NonNull::new(object.into_raw()).map(|object| QBox {
            object,
            _owns: PhantomData,
        })
    }

    /// Takes ownership of `object`.
    ///
    /// # Safety
    /// `object` points to a live QObject of this thread that nothing else deletes: no parent,
    /// no `deleteLater` pending, no other owner.
    pub unsafe fn from_raw(object: NonNull<T>) -> Self {
        QBox {
            object,
            _owns: PhantomData,
        }
    }

    /// The object, to call its `Pin<&mut self>` methods.
    pub fn pin_mut(&mut self) -> Pin<&mut T> {
        // SAFETY: the box owns a live object (deleted only in drop); QObjects never move; the
        // `&mut self` borrow makes this the only reference the box hands out meanwhile.
        unsafe { Pin::new_unchecked(self.object.as_mut()) }
    }

    /// Hands the object to `parent`, a QObject of this thread: Qt deletes it with its parent
    /// (or earlier, if told to). What is left to Rust is a [`QPtr`], which sees the deletion.
    pub fn into_child_of(mut self, parent: Pin<&mut QObject>) -> QPtr<T> {
        let guarded = QPtr::new(self.pin_mut());
        ffi::adopt_object(self.pin_mut().upcast_pin(), parent);
        std::mem::forget(self);
        guarded
    }

    /// Lets go of the object without deleting it, as `Box::leak`: it lives as long as the
    /// process (for an object whose destructor must not run, such as a server on a socket file
    /// that is not its own to remove).
    pub fn leak(mut self) -> Pin<&'static mut T> {
        let object = self.pin_mut();
        // SAFETY: never deleted from now on: no parent, no handle left that deletes it, and
        // deleteLater is not bound; QObjects never move.
        let object = unsafe { Pin::new_unchecked(&mut *(object.get_unchecked_mut() as *mut T)) };
        std::mem::forget(self);
        object
    }

    /// A guarded handle of the object: it sees the object's deletion.
    pub fn guard(&mut self) -> QPtr<T> {
        QPtr::new(self.pin_mut())
    }
}

impl<T: Deletable> std::ops::Deref for QBox<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: as in `pin_mut`; a shared borrow of the box, a shared reference.
        unsafe { self.object.as_ref() }
    }
}

impl<T: Deletable> Drop for QBox<T> {
    fn drop(&mut self) {
        self.pin_mut().before_drop();
        let object: NonNull<QObject> = NonNull::from(
            // SAFETY: only the address is taken, of the object this box still owns.
            unsafe { self.pin_mut().upcast_pin().get_unchecked_mut() },
        );
        if LENT.get() > 0 {
            // A QPtr lends an object right now, maybe this one: delete once it is given back.
            DROPPED.with_borrow_mut(|dropped| dropped.push(object));
        } else {
            drop_now(object);
        }
    }
}

thread_local! {
    /// How many `QPtr::with` calls are running on this thread.
    static LENT: Cell<usize> = const { Cell::new(0) };
    /// Objects whose QBox was dropped while one ran.
    static DROPPED: RefCell<Vec<NonNull<QObject>>> = const { RefCell::new(Vec::new()) };
}

/// Deletes (or `deleteLater`s) an object whose last owner let go.
fn drop_now(mut object: NonNull<QObject>) {
    // SAFETY: a live object that its QBox owned alone, and gave up.
    ffi::drop_object(unsafe { Pin::new_unchecked(object.as_mut()) });
}

/// Counts one `QPtr::with` running; deletes what was dropped meanwhile when the last one ends.
struct Lending;

impl Lending {
    fn start() -> Self {
        LENT.set(LENT.get() + 1);
        Lending
    }
}

impl Drop for Lending {
    fn drop(&mut self) {
        LENT.set(LENT.get() - 1);
        if LENT.get() == 0 {
            for object in DROPPED.take() {
                drop_now(object);
            }
        }
    }
}

impl<T: Deletable> fmt::Debug for QBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QBox({:p})", self.object)
    }
}

/// Hands `object` to Qt: `connect` arranges its deletion (a C++ connection to `deleteLater`);
/// what is left to Rust is a [`QPtr`].
pub(crate) fn release_to_qt<T: Deletable>(
    mut object: QBox<T>,
    connect: impl FnOnce(Pin<&mut T>),
) -> QPtr<T> {
    let guard = object.guard();
    connect(object.pin_mut());
    // Qt owns it now: the connection made above deletes it.
    std::mem::forget(object);
    guard
}

/// Takes a QObject from its Qt parent into a [`QBox`] (a server's pending connection).
///
/// # Safety
/// `object` is null, or a live QObject of this thread whose only owner is its parent.
pub(crate) unsafe fn take_child<T: Deletable>(object: *mut T) -> Option<QBox<T>> {
    let mut object = NonNull::new(object)?;
    // SAFETY: the caller's promise: live, of this thread.
    let pinned = unsafe { Pin::new_unchecked(object.as_mut()) };
    ffi::orphan_object(pinned.upcast_pin());
    // SAFETY: no parent now, and no other owner (the caller's promise).
    Some(unsafe { QBox::from_raw(object) })
}

/// A QObject that Qt may delete (a child, a socket that deletes itself once disconnected),
/// reached only while it is alive: Qt's `QPointer`.
///
/// [`QPtr::with`] lends the object for the length of a closure, on the thread that made the
/// handle; a deleted object, or another thread, gives `None`. The handle itself may be kept
/// anywhere (it is `Send` and `Sync`, so it fits in a signal's closure).
pub struct QPtr<T> {
    guard: UniquePtr<ffi::ObjectGuard>,
    object: NonNull<T>,
    thread: ThreadId,
}

// SAFETY: the object is reached only on `thread` (checked in `with`); the guard is a QPointer,
// whose destructor only drops a reference count, atomically, on any thread.
unsafe impl<T> Send for QPtr<T> {}
// SAFETY: as for Send: `&QPtr` gives access to the object only on `thread`.
unsafe impl<T> Sync for QPtr<T> {}
// SAFETY: the UniquePtr of a QPointer wrapper is only dropped or read through &self; see Send.
unsafe impl Send for ffi::ObjectGuard {}
// SAFETY: `live` and `is_gone` read a QPointer, which Qt makes safe to read concurrently.
unsafe impl Sync for ffi::ObjectGuard {}

impl<T: Upcast<QObject>> QPtr<T> {
    /// A guarded handle of `object`, a QObject of this thread.
    pub fn new(object: Pin<&mut T>) -> Self {
        // SAFETY: only the address is kept; it is dereferenced only while the guard says the
        // object is alive.
        let object = NonNull::from(unsafe { object.get_unchecked_mut() });
        // SAFETY: the object is alive now: it was just borrowed.
        let pinned = unsafe { Pin::new_unchecked(&mut *object.as_ptr()) };
        QPtr {
            guard: ffi::guard_object(pinned.upcast_pin()),
            object,
            thread: std::thread::current().id(),
        }
    }

    /// Runs `f` with the object if it is still alive and this is its thread.
    pub fn with<R>(&self, f: impl FnOnce(Pin<&mut T>) -> R) -> Option<R> {
        if std::thread::current().id() != self.thread || self.guard.live().is_null() {
            return None;
        }
        let _lending = Lending::start();
        // SAFETY: alive (the QPointer is not null) and of this thread, where only this thread
        // can delete it; Qt deletes QObjects that Rust code may still hold only through
        // deleteLater, which runs from the event loop, not inside this call (as for the
        // `Pin<&mut T>` cxx-qt hands a signal's closure), and a QBox dropped meanwhile waits
        // for the end of the call (`Lending`).
        Some(f(unsafe { Pin::new_unchecked(&mut *self.object.as_ptr()) }))
    }

    /// True once the object has been deleted.
    pub fn is_deleted(&self) -> bool {
        self.guard.is_gone()
    }
}

impl<T> Clone for QPtr<T> {
    /// Another handle of the same object (of a deleted one, if it is gone).
    fn clone(&self) -> Self {
        QPtr {
            guard: ffi::clone_guard(&self.guard),
            object: self.object,
            thread: self.thread,
        }
    }
}

impl<T> fmt::Debug for QPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QPtr({:p})", self.object)
    }
}
