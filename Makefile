# Two entry points: `make run` (the app) and `make test` (everything CI checks).
# Both install what they need on a fresh Debian 12 machine first (`make deps`).

SHELL := /bin/bash
CARGO ?= cargo

# Build: Qt 6 + cxx-qt; lld avoids cxx-qt's gold fallback (see .cargo/config.toml).
# Run/test QML: the qml6 modules and the offscreen platform. Interop: Qt 5's original examples.
# CMake route: cmake + ninja. Virtual display for `make run` without one: xvfb.
DEB_PACKAGES := \
	g++ lld pkg-config \
	qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-qpa-plugins \
	qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts \
	qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript \
	qml6-module-qtquick-dialogs qml6-module-qttest qml6-module-qtqml \
	qtbase5-examples qtbase5-dev \
	cmake ninja-build xvfb xauth

.PHONY: deps build run test lint

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
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

build: deps
	$(CARGO) build --release

# A headless demo until the windows exist: a server on a private socket, one fetch, stop.
run: build
	@dir=$$(mktemp -d); \
	target/release/local-fortune server --headless --name "$$dir/fortune" & pid=$$!; \
	for i in $$(seq 50); do [ -S "$$dir/fortune" ] && break; sleep 0.1; done; \
	target/release/local-fortune fetch --name "$$dir/fortune" --verbose; rc=$$?; \
	kill -TERM $$pid; wait $$pid; rmdir "$$dir"; exit $$rc

lint: deps
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

test: lint
	QT_QPA_PLATFORM=offscreen $(CARGO) test
