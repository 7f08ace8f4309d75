//! A real full disk (a 2 MB tmpfs; needs root, else each test prints why it skipped):
//! the app says so once, keeps everything in memory, retries, never shows a summary that
//! disagrees with the disk, leaves no empty session folder, and recovery names the reason.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use rehearse::app::clock::ManualClock;
use rehearse::app::{Command, RecoveryChoice, Screen};
use rehearse::data_dir::DataDir;
use rehearse::interview::Phase;
use rehearse::session::{Interruption, SessionStatus, TakeStatus};
use rehearse::ui::shell::Shell;
use support::session::{app, apply, on_disk, session_dirs};
use support::wait_idle;

/// A small tmpfs, unmounted on drop.
struct SmallDisk {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

impl SmallDisk {
    fn mount(test: &str) -> Option<Self> {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            println!("{test}: skipped, mounting a tmpfs is not permitted here (run as root)");
            return None;
        }
        Some(Self { _tmp: tmp, path })
    }

    /// Fills the disk with `filler` until only `leave` bytes are free.
    fn fill(&self, leave: u64) {
        let path = self.path.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        while f.write_all(&block[..1]).is_ok() {}
        let full = f.metadata().unwrap().len();
        f.set_len(full.saturating_sub(leave)).unwrap();
    }

    fn free(&self) {
        std::fs::remove_file(self.path.join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}

fn phase(h: &egui_kittest::Harness<'_, Shell>) -> Phase {
    h.state().app().rehearsal().unwrap().interview.phase()
}

/// Starts a 2-question session, fills the disk, and records into the full disk until the
/// recording reports the failure. Returns the session folder.
fn answer_into_a_full_disk(
    h: &mut egui_kittest::Harness<'_, Shell>,
    disk: &SmallDisk,
    clock: &ManualClock,
) -> PathBuf {
    h.state_mut().app_mut().settings.question_count = 2;
    apply(h, Command::StartInterview);
    let dir = h.state().app().rehearsal().unwrap().dir.clone();
    // Room for about two seconds of audio: the recording stops at the fill.
    disk.fill(64 * 1024);
    apply(h, Command::SkipThink);
    for _ in 0..600 {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
        if !h.state().app().rehearsal().unwrap().is_recording() {
            break;
        }
    }
    assert!(
        !h.state().app().rehearsal().unwrap().is_recording(),
        "recording stops at the fill"
    );
    clock.advance(Duration::from_secs(3));
    apply(h, Command::StopAnswer);
    dir
}

fn wavs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".wav"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_is_said_once_kept_in_memory_and_saved_on_retry() {
    let Some(disk) = SmallDisk::mount("a_full_disk_is_said_once") else {
        return;
    };
    let data = DataDir::new(&disk.path);
    let clock = ManualClock::new();
    let mut h = app(&data, &clock);
    let dir = answer_into_a_full_disk(&mut h, &disk, &clock);
    let r = h.state().app().rehearsal().unwrap();
    assert!(r.unsaved().is_some_and(|p| p.disk_full));
    let message = h.state().app().message().unwrap().to_owned();
    assert!(message.contains("disk is full"), "{message}");
    assert!(message.contains("Free some space") && message.contains("Save elsewhere"));

    // Every later step retries quietly: the message is not repeated once dismissed.
    apply(&mut h, Command::DismissMessage);
    apply(&mut h, Command::SaveRating);
    apply(&mut h, Command::SkipThink);
    let take2 = h
        .state()
        .app()
        .rehearsal()
        .unwrap()
        .latest_take(1)
        .unwrap()
        .clone();
    assert_eq!(
        take2.status,
        TakeStatus::NotRecorded,
        "no empty WAV on a full disk"
    );
    clock.advance(Duration::from_secs(2));
    apply(&mut h, Command::StopAnswer);
    apply(&mut h, Command::SaveRating);
    assert_eq!(phase(&h), Phase::Reflect);
    apply(&mut h, Command::SaveReflection);
    assert_eq!(
        h.state().app().message(),
        None,
        "said once, not at every step"
    );

    // The summary would disagree with the disk, so it is not shown; Retry is.
    assert_eq!(on_disk(&data, &dir).status, SessionStatus::InProgress);
    h.run();
    assert!(h.query_by_label_contains("Session summary").is_none());
    h.get_by_label_contains("Session not saved yet");
    h.get_by_label("Retry");

    // Retry while still full: still unsaved, and said so.
    apply(&mut h, Command::RetrySave);
    assert!(h.state().app().rehearsal().unwrap().unsaved().is_some());
    assert!(h.state().app().message().unwrap().contains("still full"));

    // Space freed, Retry: everything kept in memory reaches the disk.
    disk.free();
    apply(&mut h, Command::RetrySave);
    assert!(h.state().app().rehearsal().unwrap().unsaved().is_none());
    let saved = on_disk(&data, &dir);
    assert_eq!(saved.status, SessionStatus::Complete);
    assert!(saved.questions.iter().all(|q| q.rating().is_some()));
    assert!(saved.reflection.is_some());
    assert_eq!(saved.questions[0].takes[0].status, TakeStatus::Interrupted);
    let listed: Vec<String> = saved
        .questions
        .iter()
        .flat_map(|q| &q.takes)
        .filter_map(|t| t.wav.clone())
        .collect();
    for wav in wavs(&dir) {
        assert!(listed.contains(&wav), "{wav} is an orphan");
    }
    assert!(!dir.join(".save-failed-disk-full").exists());
    // The summary may still be measuring the last answer (a spinner): wait for it.
    support::settle(&mut h);
    h.get_by_label_contains("Session summary");
}

#[test]
fn a_kill_on_a_full_disk_is_recovered_as_disk_full() {
    let Some(disk) = SmallDisk::mount("a_kill_on_a_full_disk") else {
        return;
    };
    let data = DataDir::new(&disk.path);
    let clock = ManualClock::new();
    let dir = {
        let mut h = app(&data, &clock);
        let dir = answer_into_a_full_disk(&mut h, &disk, &clock);
        apply(&mut h, Command::SaveRating);
        dir
        // Killed here, with the disk still full.
    };
    disk.free();
    let mut h = app(&data, &clock);
    let unfinished = h.state().app().unfinished().to_vec();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].reason, Interruption::DiskFull);
    h.run();
    h.get_by_label_contains("the disk was full");
    apply(
        &mut h,
        Command::Recover(dir.clone(), RecoveryChoice::Resume),
    );
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    wait_idle(&mut h);
    let s = on_disk(&data, &dir);
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Interrupted);
    assert!(take.error.as_deref().unwrap().contains("disk was full"));
    assert!(take.audio_s > 0.5, "the audio before the fill is kept");
    assert!(take.metrics.is_some());
}

#[test]
fn a_new_session_on_a_full_disk_leaves_no_folder() {
    let Some(disk) = SmallDisk::mount("a_new_session_on_a_full_disk") else {
        return;
    };
    let data = DataDir::new(&disk.path);
    std::fs::create_dir_all(data.sessions()).unwrap();
    let clock = ManualClock::new();
    let mut h = app(&data, &clock);
    disk.fill(0);
    apply(&mut h, Command::StartInterview);
    assert_eq!(h.state().app().screen(), Screen::Setup);
    assert!(h.state().app().message().unwrap().contains("disk is full"));
    assert!(session_dirs(&data).is_empty(), "{:?}", session_dirs(&data));
}
