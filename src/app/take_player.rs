//! One take loaded for listening: its waveform (computed on a thread), the playback stream
//! (opened on the first play or seek), and the sentence shown when the speaker stops.
//! Review and the rate screen both use it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::app::worker::{Poll, Worker};
use crate::audio::{AudioBackend, AudioError, Playback, StreamEvent};

/// How often a player whose waveform is still being computed looks for it.
const LOADING_POLL: Duration = Duration::from_millis(200);

/// Number of peak columns computed for a take's waveform.
pub const WAVEFORM_COLUMNS: usize = 400;

/// Shown in the player row when the speaker stops mid-take (the detail goes to the log).
pub const PLAYBACK_STOPPED: &str = "Playback stopped because the speaker stopped responding. Check the sound output, then press Play to try again.";

/// Shown when a take cannot be opened for playback (the detail goes to the log).
pub const CANNOT_PLAY: &str = "This take cannot be played. Its recording may be missing or no speaker is available; the details are in rehearse.log in the data folder.";

/// Peaks of a take's WAV, computed on a background thread (joined when dropped).
enum Waveform {
    Loading(Worker<Result<Vec<f32>, String>>),
    Ready(Vec<f32>),
    Unavailable,
}

/// The player's state as a screen shows it.
#[derive(Debug, Clone, Copy)]
pub struct PlayerState<'a> {
    /// Current position.
    pub position: Duration,
    /// Length of the take.
    pub duration: Duration,
    /// Whether it is playing now.
    pub is_playing: bool,
    /// Peak amplitude (0..1) per column, once computed.
    pub waveform: Option<&'a [f32]>,
    /// Why playback stopped on its own, as a sentence for the player row.
    pub problem: Option<&'a str>,
    /// The playback speed (1 is normal).
    pub speed: f32,
    /// The A–B loop, while one is set.
    pub looped: Option<(Duration, Duration)>,
    /// Loop start marked with the loop key, waiting for its end.
    pub loop_start: Option<Duration>,
    /// The take's video frame at the position, when the take was filmed.
    pub video: Option<&'a crate::video::Frame>,
    /// The take's video is opening: no frame yet.
    pub video_opening: bool,
}

/// What the user asks of a player.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlayerCommand {
    /// Play (from the start once at the end).
    Play,
    /// Pause.
    Pause,
    /// Move to this position.
    Seek(Duration),
    /// Play at this speed (0.5–2, the pitch kept).
    Speed(f32),
    /// Play this part over and over from its start (a selection of the waveform).
    Loop(Duration, Duration),
    /// Marks the loop's start here, then its end (starting the loop), then clears it.
    LoopHere,
    /// Play on to the end again.
    ClearLoop,
}

/// The shortest A–B loop (a shorter selection is taken as a click).
pub const MIN_LOOP: Duration = Duration::from_millis(250);

/// The speeds the player offers, slowest first.
pub const SPEEDS: [f32; 6] = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0];

/// A take's WAV, its waveform and (once played) its playback.
pub struct TakePlayer {
    path: PathBuf,
    duration: Duration,
    playback: Option<Box<dyn Playback>>,
    waveform: Waveform,
    problem: Option<String>,
    speed: f32,
    looped: Option<(Duration, Duration)>,
    loop_start: Option<Duration>,
    video: Option<TakeVideo>,
    /// The take's video could not be opened (its audio still plays).
    video_failed: bool,
    /// Why, for the log, until the owner takes it.
    video_error: Option<String>,
}

/// What the player row says when the take's video could not be opened.
pub const VIDEO_FAILED: &str = "This take's video could not be opened; its audio plays.";

/// A take's video following the audio position.
struct TakeVideo {
    player: crate::video::VideoPlayer,
    /// The audio position last asked for.
    asked: Option<Duration>,
    /// The frame shown.
    frame: Option<crate::video::Frame>,
    /// The file, named in the log if it cannot be opened.
    path: PathBuf,
}

impl TakePlayer {
    /// The take recorded in `path`, paused at its start; its waveform is computed on a thread.
    pub fn new(path: PathBuf) -> Self {
        let duration = crate::wav::open(&path).map_or(Duration::ZERO, |r| {
            let info = r.info();
            Duration::from_secs_f64(info.frames as f64 / f64::from(info.spec.sample_rate.max(1)))
        });
        let waveform = Waveform::Loading(waveform_worker(path.clone()));
        Self {
            path,
            duration,
            playback: None,
            waveform,
            problem: None,
            speed: 1.0,
            looped: None,
            loop_start: None,
            video: None,
            video_failed: false,
            video_error: None,
        }
    }

    /// Shows the take's video at `path` in step with the audio; its first frame was captured
    /// `offset_ms` after the audio's first sample, and the audio's clock ran `audio_ppm` fast.
    /// It opens on its own thread; if it cannot, the take plays without it, the player row
    /// says so, and [`TakePlayer::take_video_error`] has the cause for the log.
    pub fn with_video(
        &mut self,
        path: &Path,
        offset_ms: i64,
        audio_ppm: i32,
        repaint: Option<crate::app::Repaint>,
    ) {
        let player = crate::video::VideoPlayer::open(path, offset_ms, audio_ppm, repaint);
        self.video = Some(TakeVideo {
            player,
            asked: None,
            frame: None,
            path: path.to_owned(),
        });
        self.follow_video();
    }

    /// Shows `take`'s video from the session folder `dir`, if it was filmed.
    pub fn with_take_video(
        &mut self,
        dir: &Path,
        take: &crate::session::Take,
        repaint: Option<crate::app::Repaint>,
    ) {
        let Some(video) = take.video.as_ref() else {
            return;
        };
        // Names are generated by us; refuse anything that would leave the session folder.
        let plain = Path::new(&video.file)
            .file_name()
            .is_some_and(|name| name == std::ffi::OsStr::new(&video.file));
        if plain {
            self.with_video(
                &dir.join(&video.file),
                video.offset_ms,
                video.audio_clock_ppm,
                repaint,
            );
        }
    }

    /// Why the take's video could not be opened, once (for the log).
    pub fn take_video_error(&mut self) -> Option<String> {
        self.video_error.take()
    }

    /// Whether the take's video is still opening (no frame yet).
    pub fn video_opening(&self) -> bool {
        self.video.as_ref().is_some_and(|v| v.frame.is_none())
    }

    /// Asks the video for the frame at the audio position (when it moved), and takes the
    /// frame decoded last.
    fn follow_video(&mut self) {
        let position = self.state().position;
        let Some(video) = &mut self.video else {
            return;
        };
        if let Some(e) = video.player.error() {
            self.video_error = Some(format!("{}: {}", video.path.display(), e.detail()));
            self.video_failed = true;
            self.video = None;
            return;
        }
        if video.asked != Some(position) {
            video.player.show_at(position);
            video.asked = Some(position);
        }
        if let Some((_, frame)) = video.player.frame()
            && video
                .frame
                .as_ref()
                .is_none_or(|f| f.serial != frame.serial)
        {
            video.frame = Some(frame);
        }
    }

    /// Plays at `speed` (clamped to 0.5–2), now and once the output opens.
    pub fn set_speed(&mut self, speed: f32) {
        self.speed = crate::audio::stretch::clamp_speed(speed);
        if let Some(p) = &mut self.playback {
            p.set_speed(self.speed);
            // The output may refuse to stretch (a device below 32 kHz): show what it plays at.
            self.speed = p.speed();
        }
    }

    /// Plays from the position (from the start once at the end), opening the output first.
    pub fn play(&mut self, audio: &dyn AudioBackend) -> Result<(), AudioError> {
        let playback = self.opened(audio)?;
        if playback.position() >= playback.duration() {
            playback.seek(Duration::ZERO);
        }
        playback.play();
        self.problem = None;
        Ok(())
    }

    /// Pauses, keeping the position.
    pub fn pause(&mut self) {
        if let Some(p) = &mut self.playback {
            p.pause();
        }
    }

    /// Plays if paused, pauses if playing.
    pub fn toggle(&mut self, audio: &dyn AudioBackend) -> Result<(), AudioError> {
        if self.is_playing() {
            self.pause();
            Ok(())
        } else {
            self.play(audio)
        }
    }

    /// Moves to `position` (within the take), opening the output first; a position outside
    /// the A–B loop ends the loop.
    pub fn seek(&mut self, audio: &dyn AudioBackend, position: Duration) -> Result<(), AudioError> {
        if self
            .looped
            .is_some_and(|(a, b)| position < a || position > b)
        {
            self.clear_loop();
        }
        let playback = self.opened(audio)?;
        playback.seek(position.min(playback.duration()));
        Ok(())
    }

    /// Plays from `a` to `b` over and over (in either order, within the take), from `a` now;
    /// a part shorter than [`MIN_LOOP`] is ignored.
    pub fn set_loop(
        &mut self,
        audio: &dyn AudioBackend,
        a: Duration,
        b: Duration,
    ) -> Result<(), AudioError> {
        let playback = self.opened(audio)?;
        let end = playback.duration();
        let (a, b) = (a.min(b).min(end), a.max(b).min(end));
        if b - a < MIN_LOOP {
            return Ok(());
        }
        playback.set_loop(Some((a, b)));
        playback.seek(a);
        self.looped = Some((a, b));
        self.loop_start = None;
        self.play(audio)
    }

    /// Plays on to the end again (and forgets a marked loop start).
    pub fn clear_loop(&mut self) {
        self.looped = None;
        self.loop_start = None;
        if let Some(p) = &mut self.playback {
            p.set_loop(None);
        }
    }

    /// The loop key: marks A at the position, then B (starting the loop), then clears it.
    pub fn loop_here(&mut self, audio: &dyn AudioBackend) -> Result<(), AudioError> {
        let here = self.state().position;
        match (self.looped, self.loop_start) {
            (Some(_), _) => {
                self.clear_loop();
                Ok(())
            }
            (None, Some(a)) if here.abs_diff(a) >= MIN_LOOP => self.set_loop(audio, a, here),
            (None, Some(_)) => Ok(()),
            (None, None) => {
                self.loop_start = Some(here);
                Ok(())
            }
        }
    }

    /// Whether it is playing now.
    pub fn is_playing(&self) -> bool {
        self.playback.as_ref().is_some_and(|p| p.is_playing())
    }

    /// How long until the player looks different on its own: while playing, the clock's next
    /// second or the playhead's next waveform column, whichever comes first (at most 15 times
    /// a second); while the waveform loads, a short poll; `None` when nothing moves.
    pub fn next_change(&self) -> Option<Duration> {
        if matches!(self.waveform, Waveform::Loading(_)) {
            return Some(LOADING_POLL);
        }
        if !self.is_playing() {
            return None;
        }
        if self.video.is_some() {
            // The picture moves: every frame of a 30 fps video.
            return Some(Duration::from_millis(33));
        }
        let state = self.state();
        let at = state.position.as_secs_f64();
        let column = state.duration.as_secs_f64() / WAVEFORM_COLUMNS as f64;
        let to_second = 1.0 - at.fract();
        let to_column = if column > 0.0 {
            column - at % column
        } else {
            to_second
        };
        let take_time = to_second.min(to_column);
        let wall = take_time / f64::from(state.speed.max(0.1));
        Some(Duration::from_secs_f64(wall.max(1.0 / 15.0)))
    }

    /// Takes a finished waveform; on a device error pauses, keeps [`PLAYBACK_STOPPED`] for the
    /// player row and returns the error for the log.
    pub fn poll(&mut self) -> Option<StreamEvent> {
        if let Waveform::Loading(worker) = &mut self.waveform {
            match worker.poll() {
                Poll::Ready(Ok(peaks)) => self.waveform = Waveform::Ready(peaks),
                Poll::Ready(Err(_)) | Poll::Lost => self.waveform = Waveform::Unavailable,
                Poll::Pending => {}
            }
        }
        self.follow_video();
        let error = self.playback.as_mut()?.poll_error()?;
        self.pause();
        self.problem = Some(PLAYBACK_STOPPED.to_owned());
        Some(error)
    }

    /// What the player row shows.
    pub fn state(&self) -> PlayerState<'_> {
        PlayerState {
            position: self
                .playback
                .as_ref()
                .map_or(Duration::ZERO, |p| p.position()),
            duration: self
                .playback
                .as_ref()
                .map_or(self.duration, |p| p.duration()),
            is_playing: self.is_playing(),
            waveform: match &self.waveform {
                Waveform::Ready(peaks) => Some(peaks.as_slice()),
                _ => None,
            },
            problem: self
                .problem
                .as_deref()
                .or(self.video_failed.then_some(VIDEO_FAILED)),
            speed: self.speed,
            looped: self.looped,
            loop_start: self.loop_start,
            video: self.video.as_ref().and_then(|v| v.frame.as_ref()),
            video_opening: self.video_opening(),
        }
    }

    /// Carries out `command`.
    pub fn apply(
        &mut self,
        command: PlayerCommand,
        audio: &dyn AudioBackend,
    ) -> Result<(), AudioError> {
        match command {
            PlayerCommand::Play => self.play(audio),
            PlayerCommand::Pause => {
                self.pause();
                Ok(())
            }
            PlayerCommand::Seek(to) => self.seek(audio, to),
            PlayerCommand::Speed(speed) => {
                self.set_speed(speed);
                Ok(())
            }
            PlayerCommand::Loop(a, b) => self.set_loop(audio, a, b),
            PlayerCommand::LoopHere => self.loop_here(audio),
            PlayerCommand::ClearLoop => {
                self.clear_loop();
                Ok(())
            }
        }
    }

    /// The playback, opened on first use; a failure leaves [`CANNOT_PLAY`] in the row.
    fn opened(&mut self, audio: &dyn AudioBackend) -> Result<&mut Box<dyn Playback>, AudioError> {
        if self.playback.is_none() {
            match audio.open_playback(&self.path) {
                Ok(mut p) => {
                    p.set_speed(self.speed);
                    self.speed = p.speed();
                    self.playback = Some(p);
                }
                Err(e) => {
                    self.problem = Some(CANNOT_PLAY.to_owned());
                    return Err(e);
                }
            }
        }
        Ok(self.playback.as_mut().expect("opened above"))
    }
}

/// Computes the waveform of the WAV at `path` on a thread.
fn waveform_worker(path: PathBuf) -> Worker<Result<Vec<f32>, String>> {
    Worker::spawn("waveform".to_owned(), move || {
        wav_peaks(&path, WAVEFORM_COLUMNS)
    })
}

/// The loudest absolute sample (0..1) in each of `columns` equal slices of a WAV.
pub fn wav_peaks(path: &Path, columns: usize) -> Result<Vec<f32>, String> {
    crate::wav::cached_peaks(path, columns).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A player over a 3 s tone in a temporary folder (kept while the folder lives).
    fn three_second_take() -> (tempfile::TempDir, TakePlayer) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        crate::app::tests::write_tone_wav(&path, 16_000, 3);
        (dir, TakePlayer::new(path))
    }

    #[test]
    fn wav_peaks_finds_the_loud_half() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let samples = (0..8000).map(|i| if i < 4000 { 0i16 } else { i16::MAX / 2 });
        crate::wav::write_i16_mono(&path, 8000, samples).unwrap();
        let peaks = wav_peaks(&path, 4).unwrap();
        assert_eq!(peaks.len(), 4);
        assert!(peaks[0] < 0.01 && peaks[1] < 0.01);
        assert!((peaks[3] - 0.5).abs() < 0.01);
    }

    #[test]
    fn wav_peaks_reports_a_missing_file() {
        assert!(wav_peaks(Path::new("/nonexistent/x.wav"), 10).is_err());
    }

    #[test]
    fn dropping_a_player_joins_its_waveform_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        crate::app::tests::write_tone_wav(&path, 48_000, 20);
        let player = TakePlayer::new(path);
        let Waveform::Loading(worker) = &player.waveform else {
            unreachable!()
        };
        let alive = worker.liveness();
        drop(player);
        assert!(
            alive.upgrade().is_none(),
            "the waveform thread outlived its player"
        );
    }

    #[test]
    fn a_take_is_timed_from_its_header_before_it_is_played() {
        let (_dir, player) = three_second_take();
        let state = player.state();
        assert_eq!(state.duration, Duration::from_secs(3));
        assert_eq!(state.position, Duration::ZERO);
        assert!(!state.is_playing);
    }

    #[test]
    fn play_opens_the_output_and_a_seek_moves_the_position() {
        let audio = crate::audio::SyntheticBackend::tone(440.0, 0.2, 16_000);
        let (_dir, mut player) = three_second_take();
        player.seek(&audio, Duration::from_secs(2)).unwrap();
        assert_eq!(player.state().position, Duration::from_secs(2));
        player.toggle(&audio).unwrap();
        assert!(player.is_playing());
        player.toggle(&audio).unwrap();
        assert!(!player.is_playing());
        player.seek(&audio, Duration::from_secs(9)).unwrap();
        assert_eq!(
            player.state().position,
            Duration::from_secs(3),
            "clamped to the take"
        );
    }

    #[test]
    fn a_speed_set_before_the_output_opens_is_played_at() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        crate::app::tests::write_tone_wav(&path, 16_000, 3);
        let audio = crate::audio::SyntheticBackend::tone(440.0, 0.2, 16_000);
        let mut player = TakePlayer::new(path);
        player.apply(PlayerCommand::Speed(2.0), &audio).unwrap();
        assert_eq!(player.state().speed, 2.0);
        player.play(&audio).unwrap();
        assert_eq!(player.playback.as_ref().unwrap().speed(), 2.0);
        player.apply(PlayerCommand::Speed(9.0), &audio).unwrap();
        assert_eq!(player.state().speed, 2.0, "clamped");
        player.apply(PlayerCommand::Speed(0.5), &audio).unwrap();
        assert_eq!(player.playback.as_ref().unwrap().speed(), 0.5);
    }

    #[test]
    fn the_loop_key_marks_a_then_b_then_clears_and_a_seek_outside_ends_the_loop() {
        let audio = crate::audio::SyntheticBackend::tone(440.0, 0.2, 16_000);
        let (_dir, mut player) = three_second_take();
        player.seek(&audio, Duration::from_millis(500)).unwrap();
        player.apply(PlayerCommand::LoopHere, &audio).unwrap();
        assert_eq!(player.state().loop_start, Some(Duration::from_millis(500)));
        assert!(player.state().looped.is_none());
        // B closer to A than the shortest loop is not taken.
        player.seek(&audio, Duration::from_millis(600)).unwrap();
        player.apply(PlayerCommand::LoopHere, &audio).unwrap();
        assert!(player.state().looped.is_none());
        // B before A: the loop is the part between them, played from its start.
        player.seek(&audio, Duration::from_millis(200)).unwrap();
        player.apply(PlayerCommand::LoopHere, &audio).unwrap();
        let state = player.state();
        assert_eq!(
            state.looped,
            Some((Duration::from_millis(200), Duration::from_millis(500)))
        );
        assert_eq!(state.loop_start, None);
        assert!(state.is_playing);
        assert!(state.position < Duration::from_millis(500));
        // A seek inside keeps it, outside ends it.
        player.seek(&audio, Duration::from_millis(300)).unwrap();
        assert!(player.state().looped.is_some());
        player.seek(&audio, Duration::from_secs(2)).unwrap();
        assert!(player.state().looped.is_none());
        // A dragged part loops; the loop key then clears it.
        player
            .apply(
                PlayerCommand::Loop(Duration::from_secs(2), Duration::from_secs(1)),
                &audio,
            )
            .unwrap();
        assert_eq!(
            player.state().looped,
            Some((Duration::from_secs(1), Duration::from_secs(2)))
        );
        player.apply(PlayerCommand::LoopHere, &audio).unwrap();
        assert!(player.state().looped.is_none());
        assert!(player.state().loop_start.is_none());
    }

    #[test]
    fn a_video_that_cannot_be_opened_leaves_the_audio_and_says_so() {
        let (dir, mut player) = three_second_take();
        let video = dir.path().join("t.webm");
        std::fs::write(&video, b"not a video").unwrap();
        player.with_video(&video, 0, 0, None);
        assert!(player.state().video_opening, "opening on its own thread");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let logged = loop {
            player.poll();
            if let Some(logged) = player.take_video_error() {
                break logged;
            }
            assert!(std::time::Instant::now() < deadline, "no answer");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(logged.contains("t.webm"), "{logged}");
        let state = player.state();
        assert_eq!(state.problem, Some(VIDEO_FAILED));
        assert!(state.video.is_none() && !state.video_opening);
        assert_eq!(
            state.duration,
            Duration::from_secs(3),
            "the audio is still there"
        );
        assert_eq!(player.take_video_error(), None, "logged once");
    }
}
