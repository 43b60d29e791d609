//! `qint32`: an `int` property type that QML's tooling knows. cxx-qt spells `i32` as
//! `::std::int32_t`, which Qt 6.4's qmllint and QML compiler cannot resolve.

/// Qt's `qint32` (`int`), for QObject properties and signals that QML reads.
#[allow(non_camel_case_types)]
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct qint32(pub i32);

// SAFETY: qint32 is a typedef of int, the same layout as i32 on every platform Qt supports.
unsafe impl cxx::ExternType for qint32 {
    type Id = cxx::type_id!("qint32");
    type Kind = cxx::kind::Trivial;
}

impl From<i32> for qint32 {
    fn from(value: i32) -> Self {
        qint32(value)
    }
}

impl From<qint32> for i32 {
    fn from(value: qint32) -> Self {
        value.0
    }
}
