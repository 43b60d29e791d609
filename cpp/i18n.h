// Qt's translation system for the windows (src/qt/i18n.rs): the texts of the Rust QObjects go
// through QCoreApplication::translate like the QML's qsTr, and the window programs install the
// translators. Without an installed translator (the command line: `fetch`, `server
// --headless`) every text stays the English source text.
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QResource>
#include <QtCore/QString>
#include <QtCore/QTranslator>

#include <cstdint>
#include <memory>

#include "rust/cxx.h"

namespace lf {

// The compiled translations, a Qt binary resource (src/qt/i18n.rs, made by build.rs).
rust::Slice<const std::uint8_t> translationsResource() noexcept;

// QCoreApplication::translate for a Rust caller: `translate("FortuneClient", "...")` in a .rs
// file is what lupdate extracts (its C++ parser reads the .rs files, see the Makefile).
inline QString translate(rust::Str context, rust::Str source)
{
    const QByteArray c(context.data(), qsizetype(context.size()));
    const QByteArray s(source.data(), qsizetype(source.size()));
    return QCoreApplication::translate(c.constData(), s.constData());
}

// QString's multi-argument arg: %1, %2 (and %3) replaced in one pass, so that a path holding
// "%2" is shown as it is.
inline QString args2(const QString &text, const QString &a1, const QString &a2)
{
    return text.arg(a1, a2);
}
inline QString args3(const QString &text, const QString &a1, const QString &a2, const QString &a3)
{
    return text.arg(a1, a2, a3);
}

// Installs the windows' translations for `language` (a locale name such as zh_CN or en; empty: the
// system's: QLocale::system().uiLanguages(), from LANGUAGE, LC_ALL, LC_MESSAGES, LANG): ours,
// compiled by build.rs into a resource that is registered here, :/i18n/local-fortune_<language>.qm,
// and then Qt's own catalog of the same language (the "OK" of the dialogs), from Qt's translations
// folder when Debian's qt6-translations-l10n is installed. Qt's is installed only beside ours, so
// that a language we do not translate stays English throughout. A language given explicitly also
// becomes the default QLocale. Returns whether a translation of ours was found.
inline bool installTranslations(const QString &language)
{
    static const bool registered = QResource::registerResource(translationsResource().data());
    if (!registered)
        qCritical("local-fortune: the translations resource is corrupt");
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);
    QCoreApplication *app = QCoreApplication::instance();
    auto ours = std::make_unique<QTranslator>(app);
    if (!ours->load(locale, QStringLiteral("local-fortune"), QStringLiteral("_"),
                    QStringLiteral(":/i18n")))
        return false;
    QCoreApplication::installTranslator(ours.release());
    auto qt = std::make_unique<QTranslator>(app);
    if (qt->load(locale, QStringLiteral("qt"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt.release());
    return true;
}

} // namespace lf
