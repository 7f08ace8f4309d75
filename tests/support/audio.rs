//! Shared by the cpal integration tests: a private PulseAudio daemon with null sinks
//! (`scripts/virtual-mic.sh`), one per test process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, Weak};

/// A running virtual mic + speaker; stopped (daemon killed, files removed) on drop.
pub struct VirtualMic {
    dir: tempfile::TempDir,
}

impl VirtualMic {
    pub fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/virtual-mic.sh")
    }

    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let vm_dir = dir.path().join("vm");
        let out = Command::new("bash")
            .arg("-c")
            .arg(r#"source "$0" start >&2 && echo "$PULSE_SERVER" && echo "$XDG_RUNTIME_DIR""#)
            .arg(Self::script())
            .env("VIRTUAL_MIC_DIR", &vm_dir)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .expect("bash runs scripts/virtual-mic.sh");
        let mic = Self { dir };
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let mut lines = text.lines();
        let (Some(server), Some(runtime)) = (lines.next(), lines.next()) else {
            panic!(
                "virtual-mic.sh did not start (is pulseaudio installed? run \
                 scripts/install-system-deps.sh --test): {text}"
            );
        };
        assert!(out.status.success(), "virtual-mic.sh start failed");
        // SAFETY: called while holding the fixture lock, before any test in this process
        // touches audio (every audio test waits for this fixture first).
        unsafe {
            std::env::set_var("PULSE_SERVER", server);
            std::env::set_var("XDG_RUNTIME_DIR", runtime);
        }
        mic
    }

    /// The daemon's directory (pid files, socket, log).
    pub fn vm_dir(&self) -> PathBuf {
        self.dir.path().join("vm")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for VirtualMic {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg("-c")
            .arg(r#"source "$0" && virtual_mic_stop"#)
            .arg(Self::script())
            .env("VIRTUAL_MIC_DIR", self.dir.path().join("vm"))
            .status();
    }
}

/// The shared daemon: started by the first test, stopped when the last one drops it.
pub fn virtual_mic() -> Arc<VirtualMic> {
    static SLOT: Mutex<Weak<VirtualMic>> = Mutex::new(Weak::new());
    let mut slot = SLOT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(mic) = slot.upgrade() {
        return mic;
    }
    let mic = Arc::new(VirtualMic::start());
    *slot = Arc::downgrade(&mic);
    mic
}
