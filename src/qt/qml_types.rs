//! Integer property types that QML's tooling resolves on Qt 6.4 and on Qt 6.8.
//!
//! qmllint checks each property's C++ type against the names it knows (`int`, `qlonglong`, ...).
//! Qt 6.4's moc turned `qint32` into `int` and `qint64` into `qlonglong` on the way; Qt 6.8's
//! moc records them as written, and its qmllint knows neither name (nor cxx's
//! `::std::int32_t`). So the properties must say `int` and `qlonglong` themselves. cxx names
//! every C++ type with a leading `::`, which `int` cannot take: [`qml_int`] is `lf_int`, an
//! alias of `int` that cpp/qml_types.h defines as the macro `int` while moc reads the header
//! (`Q_MOC_RUN`), so that moc records `int`.

/// A QML `int`: C++ `int` (`lf_int`, see above), as i32 in Rust.
#[allow(non_camel_case_types)]
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct qml_int(pub i32);

// SAFETY: lf_int is int, the same layout as i32 on every platform Qt supports.
unsafe impl cxx::ExternType for qml_int {
    type Id = cxx::type_id!("lf_int");
    type Kind = cxx::kind::Trivial;
}

impl From<i32> for qml_int {
    fn from(value: i32) -> Self {
        qml_int(value)
    }
}

impl From<qml_int> for i32 {
    fn from(value: qml_int) -> Self {
        value.0
    }
}

/// A 64-bit QML counter: Qt's `qlonglong` (`long long`), as i64 in Rust. Qt 6.8's qmllint
/// knows it; Qt 6.4's knows no 64-bit integer at all (the Makefile names that warning).
#[allow(non_camel_case_types)]
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct qml_long(pub i64);

// SAFETY: qlonglong is long long, 64 bits on every platform Qt supports, as i64.
unsafe impl cxx::ExternType for qml_long {
    type Id = cxx::type_id!("qlonglong");
    type Kind = cxx::kind::Trivial;
}

impl From<i64> for qml_long {
    fn from(value: i64) -> Self {
        qml_long(value)
    }
}

impl From<qml_long> for i64 {
    fn from(value: qml_long) -> Self {
        value.0
    }
}
