//! Audio rigs for the audio tests and the benchmarks (which `#[path]`-include this file): a
//! private PulseAudio daemon with null sinks (`scripts/virtual-mic.sh`), one per test process,
//! and a capture ring feeding a WAV writer thread.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, Weak};

use rehearse::audio::{
    CaptureInput, CaptureShared, StreamEvent, WriterHandle, WriterOptions, capture_pipeline,
    spawn_writer,
};

/// A capture ring feeding a WAV writer thread: the ends a test or benchmark drives.
pub struct WriterRig {
    /// Where the "device callback" pushes samples.
    pub input: CaptureInput,
    /// The counters shared by both ends (dropped and flushed frames).
    pub shared: Arc<CaptureShared>,
    /// The writer thread.
    pub writer: WriterHandle,
    /// The writer's events (stalls, limits, failures).
    pub events: Receiver<StreamEvent>,
}

/// A ring at `rate` and a writer thread into `path` with `options`.
pub fn writer_rig(path: &Path, rate: u32, options: WriterOptions) -> WriterRig {
    let (input, consumer) = capture_pipeline(rate);
    let shared = input.shared();
    let (events_tx, events) = channel();
    let writer = spawn_writer(consumer, path, Arc::clone(&shared), options, events_tx)
        .expect("writer starts");
    WriterRig {
        input,
        shared,
        writer,
        events,
    }
}

/// A running virtual mic + speaker; stopped (daemon killed, files removed) on drop.
pub struct VirtualMic {
    dir: tempfile::TempDir,
}

impl VirtualMic {
    /// `scripts/virtual-mic.sh`.
    pub fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/virtual-mic.sh")
    }

    /// Starts the daemon; panics with a hint when it cannot.
    pub fn start() -> Self {
        Self::try_start().unwrap_or_else(|why| panic!("{why}"))
    }

    /// Starts the daemon and points this process's PulseAudio clients at it.
    pub fn try_start() -> Result<Self, String> {
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
            .map_err(|e| format!("bash did not run scripts/virtual-mic.sh: {e}"))?;
        let mic = Self { dir };
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let mut lines = text.lines();
        let (Some(server), Some(runtime), true) =
            (lines.next(), lines.next(), out.status.success())
        else {
            return Err(format!(
                "virtual-mic.sh did not start (is pulseaudio installed? run \
                 scripts/install-system-deps.sh --test): {text}"
            ));
        };
        // SAFETY: called while holding the fixture lock (tests) or before any other thread
        // runs (benchmarks), before anything in this process touches audio.
        unsafe {
            std::env::set_var("PULSE_SERVER", server);
            std::env::set_var("XDG_RUNTIME_DIR", runtime);
        }
        Ok(mic)
    }

    /// Plays `wav` into the virtual mic in a loop until the daemon stops.
    pub fn play_loop(&self, wav: &Path) -> bool {
        Command::new("bash")
            .arg("-c")
            .arg(r#"source "$0" && virtual_mic_play "$1" --loop"#)
            .arg(Self::script())
            .arg(wav)
            .env("VIRTUAL_MIC_DIR", self.vm_dir())
            .stdin(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// The daemon's directory (pid files, socket, log).
    pub fn vm_dir(&self) -> PathBuf {
        self.dir.path().join("vm")
    }

    /// Starts `parec` recording the virtual speaker's monitor into `wav` (mono 16-bit at
    /// `rate`), and gives it half a second to open its stream.
    pub fn record_speaker(&self, wav: &Path, rate: u32) -> std::process::Child {
        let child = Command::new("parec")
            .args([
                "--device=speaker.monitor",
                "--file-format=wav",
                "--channels=1",
            ])
            .arg(format!("--rate={rate}"))
            .arg("--format=s16le")
            .arg(wav)
            .stdin(Stdio::null())
            .spawn()
            .expect("parec starts");
        std::thread::sleep(std::time::Duration::from_millis(500));
        child
    }

    /// A file named `name` in the fixture's temporary folder.
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

/// 10 ms RMS frames of a mono 16-bit WAV (what a speaker monitor recorded).
pub fn wav_envelope(path: &Path) -> Vec<f32> {
    let audio = rehearse::wav::read_mono(path).expect("parec wrote a WAV");
    let hop = (audio.info.spec.sample_rate / 100) as usize;
    audio
        .samples
        .chunks(hop)
        .map(|c| (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt())
        .collect()
}

/// CPU time (user + system) this process has used, from /proc/self/stat (clock ticks of 1/100 s,
/// Linux's fixed USER_HZ).
pub fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0 // utime and stime: fields 14 and 15 of proc(5)
}

/// A benchmark's length: `--seconds N`, else `REHEARSE_BENCH_SECONDS`, else `default`.
pub fn bench_seconds(default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .or_else(|| std::env::var("REHEARSE_BENCH_SECONDS").ok()?.parse().ok())
        .unwrap_or(default)
}
