//! `QIODevice`: what every socket reads and writes through, bound once. `QLocalSocket` and
//! `QAbstractSocket` (so `QTcpSocket` and `QSslSocket`) are QIODevices (`#[base = QIODevice]`):
//! reach these through [`QLocalSocket::io`](crate::QLocalSocket::io) or
//! [`QAbstractSocket::io`](crate::QAbstractSocket::io), or any `Upcast<QIODevice>`.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qbytearray.h");
        type QByteArray = cxx_qt_lib::QByteArray;
        include!("cxx-qt-lib/qtypes.h");
        type qint64 = cxx_qt_lib::qint64;
        include!("cxx-qt-sockets/qiodevice.h");
    }

    unsafe extern "C++Qt" {
        /// Qt's `QIODevice`, the base of the sockets.
        #[qobject]
        #[base = QObject]
        type QIODevice;

        /// Closes the device (a socket: as `disconnectFromServer`/`disconnectFromHost`).
        fn close(self: Pin<&mut QIODevice>);
        /// True while open.
        #[cxx_name = "isOpen"]
        fn is_open(self: &QIODevice) -> bool;
        /// Everything received and not yet read.
        #[cxx_name = "readAll"]
        fn read_all(self: Pin<&mut QIODevice>) -> QByteArray;
        /// Bytes received and not yet read.
        #[cxx_name = "bytesAvailable"]
        fn bytes_available(self: &QIODevice) -> qint64;
        /// Bytes written and not yet sent to the peer.
        #[cxx_name = "bytesToWrite"]
        fn bytes_to_write(self: &QIODevice) -> qint64;
        /// The last error, in words (translated by Qt).
        #[cxx_name = "errorString"]
        fn error_string(self: &QIODevice) -> QString;
        /// Blocks until there is something to read, or `msecs` pass (-1: no limit); false on a
        /// timeout or a closed connection.
        #[cxx_name = "waitForReadyRead"]
        fn wait_for_ready_read(self: Pin<&mut QIODevice>, msecs: i32) -> bool;
        /// Blocks until some of what was written is sent, or `msecs` pass.
        #[cxx_name = "waitForBytesWritten"]
        fn wait_for_bytes_written(self: Pin<&mut QIODevice>, msecs: i32) -> bool;

        /// There is something new to read.
        #[qsignal]
        #[cxx_name = "readyRead"]
        fn ready_read(self: Pin<&mut QIODevice>);
        /// `bytes` more of what was written were sent.
        #[qsignal]
        #[cxx_name = "bytesWritten"]
        fn bytes_written(self: Pin<&mut QIODevice>, bytes: qint64);
        /// The device is about to close.
        #[qsignal]
        #[cxx_name = "aboutToClose"]
        fn about_to_close(self: Pin<&mut QIODevice>);
        /// The peer closed its side: nothing more will arrive.
        #[qsignal]
        #[cxx_name = "readChannelFinished"]
        fn read_channel_finished(self: Pin<&mut QIODevice>);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "writeSlice"]
        fn io_write_slice(device: Pin<&mut QIODevice>, data: &[u8]) -> qint64;
        #[cxx_name = "readSlice"]
        fn io_read_slice(device: Pin<&mut QIODevice>, buffer: &mut [u8]) -> qint64;
    }
}

use std::io;
use std::pin::Pin;

use cxx_qt::casting::Upcast;

pub use ffi::QIODevice;

use crate::qbox::{Deletable, QBox};

impl QIODevice {
    /// Queues `data` for the peer: the number of bytes taken (all of them, unless the device is
    /// closed: then -1). Qt sends them when the event loop runs, or on a `flush` or
    /// [`QIODevice::wait_for_bytes_written`].
    pub fn write(self: Pin<&mut Self>, data: &[u8]) -> i64 {
        ffi::io_write_slice(self, data).into()
    }

    /// Reads what has arrived into `buffer`: the number of bytes read (0 if none), or -1 if the
    /// device is closed and nothing is left.
    pub fn read(self: Pin<&mut Self>, buffer: &mut [u8]) -> i64 {
        ffi::io_read_slice(self, buffer).into()
    }
}

/// Blocking reads, without an event loop: waits (Qt's `waitForReadyRead`, no time limit) for
/// something to read; `Ok(0)` once the peer has closed and everything was read.
impl<T: Deletable + Upcast<QIODevice>> io::Read for QBox<T> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let mut device: Pin<&mut QIODevice> = self.pin_mut().upcast_pin();
        if i64::from(device.bytes_available()) == 0 && !device.as_mut().wait_for_ready_read(-1) {
            return Ok(0);
        }
        usize::try_from(device.read(buffer))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the device is closed"))
    }
}

/// Blocking writes, without an event loop: `write` queues (Qt buffers all of it), `flush` waits
/// (Qt's `waitForBytesWritten`) until everything has left.
impl<T: Deletable + Upcast<QIODevice>> io::Write for QBox<T> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let device: Pin<&mut QIODevice> = self.pin_mut().upcast_pin();
        usize::try_from(device.write(data))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the device is closed"))
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut device: Pin<&mut QIODevice> = self.pin_mut().upcast_pin();
        while i64::from(device.bytes_to_write()) > 0 {
            if !device.as_mut().wait_for_bytes_written(-1) {
                let text = device.error_string().to_string();
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, text));
            }
        }
        Ok(())
    }
}
