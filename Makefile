# Two entry points: `make run` (the app) and `make test` (everything CI checks).
# Both install what they need on a fresh Debian 12, Debian 13 or Debian testing/unstable machine
# first (`make deps`).

SHELL := /bin/bash
CARGO ?= cargo
# Says how long a step took (the slow steps of `make test` show in its log).
TIMED := tests/timed.sh

# The Debian release, from /etc/os-release: bookworm (Debian 12, Qt 6.4), trixie (Debian 13,
# Qt 6.8) or forky (Debian testing, and unstable, whose os-release says forky too: Qt 6.11). A few
# packages and Qt Creator's configuration differ between them.
OS_CODENAME := $(shell . /etc/os-release 2>/dev/null && echo "$$VERSION_CODENAME")
OS_NAME := $(shell . /etc/os-release 2>/dev/null && echo "$$PRETTY_NAME")
SUPPORTED_RELEASES := bookworm trixie forky

# ccache in front of every C++ compiler of the CMake builds: CMake's own and, through
# CMakeLists.txt, the cc crate's (cxx-qt-lib's C++ is most of a cold build). CMake takes the
# launcher from the environment when it first configures a folder, so the command line stays
# exactly Qt Creator's. One cache folder per Debian release (its GCC and Qt headers are its own):
# as root under /var/cache/local-fortune, which tests/debian/root.sh also mounts into that
# release's roots, so the native run and the roots of a release share it.
LF_CACHE ?= /var/cache/local-fortune
LF_UID := $(shell id -u)
ifeq ($(origin CCACHE_DIR),undefined)
CCACHE_DIR := $(if $(filter 0,$(LF_UID)),$(LF_CACHE)/$(OS_CODENAME)-cache/ccache,$(HOME)/.cache/local-fortune/ccache/$(OS_CODENAME))
endif
export CCACHE_DIR
# cxx-qt writes the headers it compiles just before compiling them; without this ccache would
# hash their whole preprocessed output each time instead of looking their contents up.
export CCACHE_SLOPPINESS := include_file_mtime,include_file_ctime
export CMAKE_CXX_COMPILER_LAUNCHER := ccache

# Build: Qt 6 + cxx-qt; lld avoids cxx-qt's gold fallback (see .cargo/config.toml).
# Run/test QML: the qml6 modules and the offscreen platform. Interop: Qt 5's original examples
# (every release) and, on Debian 13 and testing, Qt 6's. CMake route: cmake + ninja (libxkbcommon-dev: Qt 6's
# CMake packages look for XKB, and say "Could NOT find XKB" without it). Real-display tests (and
# `make run` without one): xvfb, xdotool. Translations: Qt's lupdate/lrelease, Qt's own Chinese
# catalog ("OK"), a CJK font. Other releases and the package's install test: debootstrap.
# Socket activation's tests: systemd-socket-activate (systemd). The package: dpkg-shlibdeps
# (dpkg-dev), lintian, desktop-file-validate, appstreamcli. TLS tests: openssl (certificates made at
# test time; s_server and s_client as independent peers) and python3's ssl module; `make bench`'s TLS
# floor: libssl-dev. The compiler cache of every C++ build: ccache. cxx-qt-sockets' ownership
# tests, whose use after free must fail rather than pass by luck: valgrind.
DEB_PACKAGES := \
	g++ lld pkg-config \
	qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-qpa-plugins \
	qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk \
	qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts \
	qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript \
	qml6-module-qtquick-dialogs qml6-module-qttest qml6-module-qtqml \
	qtbase5-examples qtbase5-dev \
	cmake ninja-build libxkbcommon-dev xvfb xauth xdotool iproute2 debootstrap \
	systemd dpkg-dev lintian desktop-file-utils appstream openssl python3 libssl-dev ccache \
	valgrind
# Debian 13 and testing: the Qt 6 C++ originals, and the CMake set-up file of their Qt Creator
# (16: package-manager/auto-setup.cmake; 20: cmake-helper/qtcreator-project.cmake), which
# `make cmake-test` configures with exactly as Qt Creator does.
DEB_PACKAGES_trixie := qt6-base-examples qtcreator-data
DEB_PACKAGES_forky := qt6-base-examples qtcreator-data
DEB_PACKAGES += $(DEB_PACKAGES_$(OS_CODENAME))

.PHONY: crate-verify deps deb-packages build run test test-release cmake-test-release check lint qmllint translations ts-check cmake-test fuzz bench test-debian12 \
	test-debian13 test-forky test-qtcreator test-qtcreator-debian12 test-qtcreator-debian13 \
	test-qtcreator-forky release-build install deb test-install screenshots

deps:
	@if ! printf '%s\n' $(SUPPORTED_RELEASES) | grep -qx '$(OS_CODENAME)'; then \
	  echo "make deps: local-fortune is set up for Debian 12 (bookworm), Debian 13 (trixie) and Debian testing/unstable (forky); this is $(or $(OS_NAME),an unknown system)."; \
	  echo "make deps: on a Debian-like system with Qt 6.4 or later, install these and build with cargo:"; \
	  echo "apt-get install" $(DEB_PACKAGES); \
	  exit 1; \
	fi; \
	missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed' || echo "$$p"; \
	  done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "make deps: installing" $$missing; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; \
	else echo "make deps: missing Debian packages:" $$missing; \
	     echo "make deps: run as root or with passwordless sudo, or: apt-get install" $$missing; exit 1; fi; \
	$$sudo apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing

# The Debian packages `make deps` installs on this release (OS_CODENAME=... for another one):
# tests/debian/root.sh keys its cached roots by them.
deb-packages:
	@echo $(DEB_PACKAGES)

build: deps
	$(CARGO) build --release

# Both windows, the server listening on the default name `fortune`. No display: the same
# objects headless (a server on a private socket and one fetch).
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
	  target/release/local-fortune server --listen & pid=$$!; \
	  target/release/local-fortune client; rc=$$?; \
	  kill -TERM $$pid 2>/dev/null; wait $$pid; exit $$rc; \
	fi; \
	echo "make run: no display (DISPLAY/WAYLAND_DISPLAY unset): running the server and one fetch headless"; \
	dir=$$(mktemp -d); \
	target/release/local-fortune server --headless --name "$$dir/fortune" & pid=$$!; \
	for i in $$(seq 100); do [ -S "$$dir/fortune" ] && break; sleep 0.1; done; \
	target/release/local-fortune fetch --name "$$dir/fortune" --verbose; rc=$$?; \
	kill -TERM $$pid; wait $$pid; rmdir "$$dir"; exit $$rc

# qmllint over qml/ against the module a build exported: cargo's own (target/cxxqt/qml_modules,
# built first) by default, or the folder QML_MODULES names (`make test`: its CMake build's, built
# already). A warning that one Qt's qmllint cannot avoid is named here for that Qt's minor version,
# with its reason; every other warning fails the run, and so does an exit status that those warnings
# do not explain (qmllint exits 255 for warnings; a crash, a missing binary or an unreadable file
# exits otherwise or says so).
#  6.4: its tooling knows no 64-bit integer type at all (Qt 6.8's knows qlonglong): the counters
#       `served` and `relayed` (qlonglong, src/qt/qml_types.rs) are unknown to it.
QMLLINT := /usr/lib/qt6/bin/qmllint
QT6_VERSION = $(shell /usr/lib/qt6/bin/qmake6 -query QT_VERSION 2>/dev/null)
QMLLINT_ALLOWED_6.4 := Type "qlonglong" of property "(served|relayed)" not found
QML_MODULES ?=
qmllint: deps
	$(if $(QML_MODULES),,$(CARGO) build)
	@allowed='$(QMLLINT_ALLOWED_$(basename $(QT6_VERSION)))'; \
	out=$$($(QMLLINT) -I $(or $(QML_MODULES),target/cxxqt/qml_modules) qml/*.qml 2>&1) && rc=0 || rc=$$?; \
	bad=$$(printf '%s\n' "$$out" | grep -E '^(Warning|Error)' | { if [ -n "$$allowed" ]; then grep -vE "$$allowed"; else cat; fi; }); \
	if [ -n "$$bad" ]; then printf '%s\n' "$$out"; echo "qmllint (Qt $(QT6_VERSION)): warnings above"; exit 1; fi; \
	if [ "$$rc" != 0 ] && { [ "$$rc" != 255 ] || ! printf '%s\n' "$$out" | grep -qE '^Warning' \
	    || printf '%s\n' "$$out" | grep -qE '^(Failed|Could not)'; }; then \
	  printf '%s\n' "$$out"; echo "qmllint (Qt $(QT6_VERSION)): exit $$rc, and not for the allowed warnings alone"; exit 1; fi; \
	echo "qmllint (Qt $(QT6_VERSION)): clean$${allowed:+ but for the warning named in the Makefile for Qt $(basename $(QT6_VERSION))}"

# Qt Linguist files. lupdate reads the QML's qsTr and, with its C++ parser (the .rs files are
# not C++, hence its "C++" warnings about Rust's lifetimes), the Rust QObjects'
# translate("Context", "text") calls in src/qt. `make translations` brings the .ts files up to
# date with the sources (new texts arrive unfinished, similar ones with their old translation
# to review, gone ones are dropped); then translate in Qt Linguist (/usr/lib/qt6/bin/linguist,
# Debian package linguist-qt6) and commit the .ts. build.rs compiles them.
LUPDATE := /usr/lib/qt6/bin/lupdate
TS_FILES := $(wildcard translations/*.ts)
LUPDATE_ARGS := -extensions rs,qml src/qt qml -source-language en -locations relative
translations: deps
	@for ts in $(TS_FILES); do \
	  lang=$${ts%.ts}; lang=$${lang#translations/local-fortune_}; \
	  $(LUPDATE) $(LUPDATE_ARGS) -target-language "$$lang" -no-obsolete -ts "$$ts" 2>&1 | grep -v ': .*C++' || true; \
	done

# Fails when a .ts file is behind the sources: lupdate merges the sources into a copy, which
# must then hold no unfinished (new, changed or untranslated) and no vanished or obsolete
# (removed) message.
ts-check: deps
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for ts in $(TS_FILES); do \
	  cp "$$ts" "$$tmp/"; copy="$$tmp/$${ts##*/}"; \
	  $(LUPDATE) $(LUPDATE_ARGS) -ts "$$copy" >"$$tmp/log" 2>&1 || { cat "$$tmp/log"; exit 1; }; \
	  bad=$$(grep -n -B2 -E 'type="(unfinished|vanished|obsolete)"' "$$copy" | grep -E '<source>|type=' ); \
	  if [ -n "$$bad" ]; then \
	    printf '%s\n' "$$bad"; \
	    echo "ts-check: $$ts is out of date with the sources: run \`make translations\`, translate the texts marked unfinished (Qt Linguist), commit the .ts"; \
	    exit 1; \
	  fi; \
	  echo "ts-check: $$ts is complete and current ($$(grep -c '<message' "$$copy") messages)"; \
	done

# The crate cxx-qt-sockets' package built on its own, as crates.io's users build it (see
# tests/crate/package.sh; `make test` packages it without that cold build).
crate-verify: deps
	CXX="ccache g++" CC="ccache gcc" CRATE_VERIFY=1 tests/crate/package.sh

lint: deps
	$(CARGO) fmt --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The CMake build Qt Creator runs, configured, built and tested by ctest; its own cargo folder
# (build/ci/cargo) leaves target/ alone. Offline after `cargo fetch`: CMake needs no network.
# Debug is configured exactly as the Qt Creator of this release configures a new project with its
# auto-detected kit, QML debugging on (Debian 12: Qt Creator 9.0.2, whose kit is Qt 5.15's
# qmake; Debian 13: Qt Creator 16.0.1, kit Qt 6.8's qmake6, with its package-manager set-up file
# included first and colored diagnostics; testing: Qt Creator 20.0.2, kit Qt 6.11's qmake6, its
# cmake-helper set-up file, and QML debugging asked for with QT_ENABLE_QML_DEBUG); configuring
# must print no warning (check-configure) and put the module on QML_IMPORT_PATH, the first build
# after the cold one must do nothing, and the whole ctest suite runs in the environment Qt
# Creator's Tests pane gives it (QT_CREATOR_TEST_ENV). Release proves its mapping to cargo's
# release profile with the apps' tests. Then: with no Qt 6 to be found, configuring must fail
# naming the problem and its fix.
CMAKE_BUILD := build/ci
CMAKE_CONFIGURE = cmake -S . -G Ninja "-DLF_CARGO_FLAGS=--locked;--offline"
# The qmake of the kit each Qt Creator detects on its release (9: qtchooser's, Qt 5's).
QT_CREATOR_KIT_QMAKE_bookworm := /usr/lib/qt5/bin/qmake
QT_CREATOR_KIT_QMAKE_trixie := /usr/bin/qmake6
QT_CREATOR_KIT_QMAKE_forky := /usr/bin/qmake6
QT_CREATOR_KIT_QMAKE := $(QT_CREATOR_KIT_QMAKE_$(OS_CODENAME))
# Qt Creator's arguments for a build folder $(1): those of every configuration, then its kit's
# set-up file (16: package-manager/auto-setup.cmake, 20: cmake-helper/qtcreator-project.cmake,
# copied into the folder as Qt Creator does) and colored diagnostics.
QT_CREATOR_ARGS_COMMON = -DCMAKE_PREFIX_PATH:PATH=/usr \
	-DCMAKE_C_COMPILER:FILEPATH=/usr/bin/gcc -DCMAKE_CXX_COMPILER:FILEPATH=/usr/bin/g++ \
	-DQT_QMAKE_EXECUTABLE:FILEPATH=$(QT_CREATOR_KIT_QMAKE)
QT_CREATOR_ARGS_trixie = -DCMAKE_PROJECT_INCLUDE_BEFORE:FILEPATH=$(CURDIR)/$(1)/.qtc/package-manager/auto-setup.cmake \
	-DCMAKE_COLOR_DIAGNOSTICS:BOOL=ON
QT_CREATOR_ARGS_forky = -DCMAKE_PROJECT_INCLUDE_BEFORE:FILEPATH=$(CURDIR)/$(1)/.qtcreator/cmake-helper/qtcreator-project.cmake \
	-DQT_CREATOR_ENABLE_MAINTENANCE_TOOL_PROVIDER:BOOL=ON -DQT_CREATOR_ENABLE_PACKAGE_MANAGER_SETUP:BOOL=ON \
	-DCMAKE_COLOR_DIAGNOSTICS:BOOL=ON
# Debug adds QML debugging (9 and 16: the QT_QML_DEBUG define; 20: QT_ENABLE_QML_DEBUG).
QT_CREATOR_QML_DEBUG_bookworm := -DCMAKE_CXX_FLAGS_INIT:STRING=-DQT_QML_DEBUG
QT_CREATOR_QML_DEBUG_trixie := -DCMAKE_CXX_FLAGS_INIT:STRING=-DQT_QML_DEBUG
QT_CREATOR_QML_DEBUG_forky := -DQT_ENABLE_QML_DEBUG:BOOL=ON
QT_CREATOR_DEBUG_ARGS = -DCMAKE_BUILD_TYPE:STRING=Debug $(QT_CREATOR_ARGS_COMMON) \
	$(QT_CREATOR_QML_DEBUG_$(OS_CODENAME)) $(call QT_CREATOR_ARGS_$(OS_CODENAME),$(CMAKE_BUILD))
QT_CREATOR_RELEASE_ARGS = -DCMAKE_BUILD_TYPE:STRING=Release $(QT_CREATOR_ARGS_COMMON) \
	$(call QT_CREATOR_ARGS_$(OS_CODENAME),$(RELEASE_BUILD))
# The kit's set-up file, where Qt Creator puts it in a build folder $(1).
QT_CREATOR_SETUP = case "$(OS_CODENAME)" in \
	  trixie) mkdir -p $(1)/.qtc && cp -r /usr/share/qtcreator/package-manager $(1)/.qtc/ ;; \
	  forky) mkdir -p $(1)/.qtcreator && cp -r /usr/share/qtcreator/cmake-helper $(1)/.qtcreator/ ;; \
	esac
# What Qt Creator's Tests pane adds to ctest's environment (seen in the ctest process it starts,
# `make test-qtcreator`): colour forced (its AutoTest plugin, 16 and later), which clap obeys even
# into a pipe, forced here on every release to hold the tests to the strictest; and its kit's
# QTDIR (9.0.2: Qt 5's, 16.0.1: Qt 6's), the kit qmake's QT_INSTALL_ARCHDATA.
QT_CREATOR_TEST_ENV = CLICOLOR_FORCE=1 \
	QTDIR=$(shell LC_ALL=C.UTF-8 $(QT_CREATOR_KIT_QMAKE) -query QT_INSTALL_ARCHDATA 2>/dev/null)
# Its ctest options: --output-on-failure everywhere; Qt Creator 9 also gives each test 60 s (its
# default timeout, on); 16 and 20 have the timeout off by default.
QT_CREATOR_CTEST_ARGS_bookworm := --timeout 60
QT_CREATOR_CTEST_ARGS := --output-on-failure $(QT_CREATOR_CTEST_ARGS_$(OS_CODENAME))
# ctest as Qt Creator's Run All Tests starts it; the build folder and any filter follow.
QT_CREATOR_CTEST = env $(QT_CREATOR_TEST_ENV) ctest $(QT_CREATOR_CTEST_ARGS)
# Qt Creator's Debug configuration of build/ci, configured as Qt Creator configures it and checked:
# no warning, the module on QML_IMPORT_PATH.
define configure_debug
	$(CARGO) fetch --locked
	@$(call QT_CREATOR_SETUP,$(CMAKE_BUILD))
	tests/cmake/check-configure.sh $(CMAKE_CONFIGURE) -B $(CMAKE_BUILD) $(QT_CREATOR_DEBUG_ARGS)
	tests/cmake/qml-import-path.sh $(CMAKE_BUILD)
endef

# The suite of a built CMake folder $(1), whose cargo subfolder is $(2): qmllint against the module
# it exported, every test by ctest as Qt Creator's Run All Tests starts it, then its
# dependencies (rebuilds.sh: after ctest, so that the test programs it leaves to relink are
# relinked once, by the next full build).
define run_suite
	$(TIMED) qmllint $(MAKE) --no-print-directory qmllint QML_MODULES=$(1)/cxxqt/$(2)/qml_modules
	$(TIMED) ctest $(QT_CREATOR_CTEST) --test-dir $(1)
	$(TIMED) rebuilds tests/cmake/rebuilds.sh $(1)
endef

cmake-test: deps
	$(call configure_debug)
	$(TIMED) "cmake debug build" tests/cmake/build-clean.sh $(CMAKE_BUILD)
	$(call run_suite,$(CMAKE_BUILD),debug)
	$(TIMED) clippy cmake --build $(CMAKE_BUILD) --target local_fortune_clippy
	$(TIMED) rustdoc cmake --build $(CMAKE_BUILD) --target local_fortune_doc
	$(TIMED) "crate package" tests/crate/package.sh
	$(TIMED) "cmake release build" $(MAKE) --no-print-directory release-build RELEASE_BUILD_CMD=tests/cmake/build-clean.sh
	test -f $(RELEASE_BUILD)/cargo/release/liblocal_fortune.a
	test ! -e $(RELEASE_BUILD)/cargo/debug/liblocal_fortune.a
	$(QT_CREATOR_CTEST) --test-dir $(RELEASE_BUILD) -R cmake_apps
	tests/cmake/qt5_only.sh

# The same suite from ONE build, the Release build that `make deb` then packages: what .ci/run
# runs in the roots of the other releases (their C++ compiled once, not once per configuration).
# Qt Creator's Debug configuration is configured (check-configure, QML_IMPORT_PATH) but not built;
# the Release folder is configured with the same kit arguments as Qt Creator's Release
# configuration, builds the test programs too (LF_BUILD_TESTS), and runs every test of
# `make test`'s two folders. clippy and rustdoc are left to the native run: the same toolchain
# lints the same Rust, whose cfgs do not depend on the Qt version.
test-release: deps
	@$(TIMED) fmt $(CARGO) fmt --check
	@$(TIMED) ts-check $(MAKE) --no-print-directory ts-check
	@$(TIMED) cmake-test-release $(MAKE) --no-print-directory cmake-test-release

cmake-test-release: deps
	$(call configure_debug)
	@$(call QT_CREATOR_SETUP,$(RELEASE_BUILD))
	tests/cmake/check-configure.sh $(CMAKE_CONFIGURE) -B $(RELEASE_BUILD) $(QT_CREATOR_RELEASE_ARGS) \
	  -DCMAKE_INSTALL_PREFIX=/usr -DLF_BUILD_TESTS=ON
	$(TIMED) "cmake release build" tests/cmake/build-clean.sh $(RELEASE_BUILD)
	$(TIMED) "release test programs" tests/cmake/build-clean.sh $(RELEASE_BUILD) --target local_fortune_tests
	test -f $(RELEASE_BUILD)/cargo/release/liblocal_fortune.a
	test ! -e $(RELEASE_BUILD)/cargo/debug/liblocal_fortune.a
	$(call run_suite,$(RELEASE_BUILD),release)
	$(TIMED) "crate package" tests/crate/package.sh
	tests/cmake/qt5_only.sh

# The inner loop: the Debug build of `make test` (build/ci; configured and built if missing)
# brought up to date, then the tests whose ctest name matches T (a regular expression; all when
# empty), in Qt Creator's test environment; each builds only its own program (so without Qt
# Creator 9's 60 s timeout, which the first build of a test program's dependencies can exceed).
# E.g. `make check T=tls` after an edit in src/qt/; `ctest --test-dir build/ci -N` lists the names.
T ?=
check: deps
	@[ -f $(CMAKE_BUILD)/CMakeCache.txt ] || { $(CARGO) fetch --locked && $(call QT_CREATOR_SETUP,$(CMAKE_BUILD)) && \
	  $(CMAKE_CONFIGURE) -B $(CMAKE_BUILD) $(QT_CREATOR_DEBUG_ARGS); }
	cmake --build $(CMAKE_BUILD) --target local_fortune_cargo local-fortune-client local-fortune-server fortune_peer local_fortune_tests
	env $(QT_CREATOR_TEST_ENV) ctest --output-on-failure --test-dir $(CMAKE_BUILD) $(if $(T),-R '$(T)')

# The Release build that installs and packages (CMake; cargo's release profile), prefix /usr.
# `make test` builds it with tests/cmake/build-clean.sh, which fails on any warning; `make install`
# and `make deb` do not hold a user's newer compiler to that.
RELEASE_BUILD := build/release
RELEASE_BUILD_CMD ?= cmake --build
release-build: deps
	$(CARGO) fetch --locked
	$(CMAKE_CONFIGURE) -B $(RELEASE_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
	$(RELEASE_BUILD_CMD) $(RELEASE_BUILD)

# `make install` (PREFIX, default /usr/local; DESTDIR for staging): the CLI, its man pages and
# completions, the desktop entries, icon and metainfo, the systemd user units (CMakeLists.txt).
PREFIX ?= /usr/local
install: release-build
	DESTDIR=$(DESTDIR) cmake --install $(RELEASE_BUILD) --prefix $(PREFIX)

# `make deb`: local-fortune_<version>_<arch>.deb in build/release, by CPack's DEB generator with
# every dependency computed (packaging/debian.cmake).
deb: release-build
	cd $(RELEASE_BUILD) && cpack -G DEB
	@ls -l $(DEB_FILE)

# The package as a user meets it: lintian, then installed, used and purged in a fresh minbase
# root of this Debian release (tests/debian/install-deb.sh).
DEB_FILE = $(RELEASE_BUILD)/local-fortune_$(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)_$(shell dpkg --print-architecture).deb
test-install: deb
	tests/debian/install-deb.sh $(DEB_FILE)

# Every test program is built once and run once: by ctest, in the CMake build Qt Creator makes
# (each is `cargo test --workspace --test NAME`, see CMakeLists.txt), where qmllint reads the module
# too. A plain `QT_QPA_PLATFORM=offscreen cargo test` runs the same programs but `cmake_apps`.
# clippy too runs in that build's cargo folder and environment (the local_fortune_clippy target),
# after the build: it reuses the compiled dependencies and C++ instead of compiling them again, as
# `make lint` in cargo's own folder would. The other releases' roots run `make test-release`: the
# same suite from the one Release build they package.
test: deps
	@$(TIMED) fmt $(CARGO) fmt --check
	@$(TIMED) ts-check $(MAKE) --no-print-directory ts-check
	@$(TIMED) cmake-test $(MAKE) --no-print-directory cmake-test

# `make test-release test-install` in a fresh root of a Debian release: a root as `make deps`
# leaves a fresh debootstrap (cached in /var/cache/local-fortune per package list and week), a
# clean copy of this checkout, a bare environment. Needs root. LF_REUSE_ROOT=1 keeps the build
# between runs.
test-debian12: deps
	tests/debian/make-in-root.sh bookworm test-release test-install
test-debian13: deps
	tests/debian/make-in-root.sh trixie test-release test-install
test-forky: deps
	tests/debian/make-in-root.sh forky test-release test-install

# Debian's real Qt Creator of this release, driven under Xvfb with xdotool on a copy of the
# checkout: open the project, build, Run All Tests, read ctest's own log of that run, and open a
# window's QML; screenshots in target/qtcreator/ (tests/qtcreator/gui.sh). Slow (a cold build):
# not part of `make test`.
test-qtcreator: deps
	tests/qtcreator/gui.sh
# The same in a fresh root of another release, with that release's Qt Creator (screenshots and
# logs in the run's layer, kept until the next run:
# /var/cache/local-fortune/CODENAME-test/upper/root/local-fortune/target/qtcreator).
test-qtcreator-debian12: deps
	tests/debian/make-in-root.sh bookworm test-qtcreator
test-qtcreator-debian13: deps
	tests/debian/make-in-root.sh trixie test-qtcreator
test-qtcreator-forky: deps
	tests/debian/make-in-root.sh forky test-qtcreator

# The README's screenshots, docs/screenshot-en.png and docs/screenshot-zh_CN.png: both windows on
# a real X server (Xvfb), a fortune fetched, captured by tests/screenshots.rs. `make test` takes
# them too, into target/screenshots/, without touching docs/.
screenshots: deps
	LF_SCREENSHOTS=docs $(CARGO) test --test screenshots

# The decoder fuzzed harder than in `make test`: 1,000,000 generated streams split at generated
# points, checked against a one-shot decode (crates/cxx-qt-sockets/tests/wire.rs); FUZZ_SEED for another seed.
fuzz: deps
	FUZZ_CASES=1000000 $(CARGO) test --workspace --release --test wire fuzz -- --nocapture

# The speed claim, measured (issue 11): our headless server, Debian's original Qt 5 examples and a
# raw C accept/write/close floor, local and TCP, and TLS against a C OpenSSL floor (issue 25), in one
# run; prints one table (tests/bench/bench.sh). The load generators and the floors are C so that
# none costs more CPU than it must.
BENCH_TOOLS := target/bench
# strace: the syscalls per relayed fortune (issue 26); the bench alone needs it.
bench: DEB_PACKAGES += strace
bench: deps
	$(CARGO) build --release
	$(CARGO) build --release -p cxx-qt-sockets --example async_server
	@mkdir -p $(BENCH_TOOLS)
	gcc -O2 -pthread -Wall -Wextra -o $(BENCH_TOOLS)/load tests/bench/load.c
	gcc -O2 -Wall -Wextra -o $(BENCH_TOOLS)/floor tests/bench/floor.c
	gcc -O2 -Wall -Wextra -o $(BENCH_TOOLS)/relay tests/bench/relay.c
	gcc -O2 -pthread -Wall -Wextra -o $(BENCH_TOOLS)/tls tests/bench/tls.c -lssl -lcrypto
	tests/bench/bench.sh
