use std::time::{Duration, Instant};

use super::*;

/// Records `seconds` from the test camera into `path`; the result and the wall time from
/// start to finish.
fn record(path: &Path, seconds: f64) -> (VideoResult, Duration) {
    let started = Instant::now();
    let recording =
        VideoRecording::start(&CameraSource::Test, path, RecordOptions::default(), None)
            .expect("the test camera records");
    std::thread::sleep(Duration::from_secs_f64(seconds));
    let result = recording.finish();
    (result, started.elapsed())
}

#[test]
fn names_follow_the_wav() {
    assert_eq!(video_name(0, 1), "q01.webm");
    assert_eq!(video_name(2, 3), "q03-take3.webm");
}

#[test]
fn the_test_camera_records_every_frame_and_the_file_decodes_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q01.webm");
    let (result, wall) = record(&path, 5.0);
    assert_eq!(result.error, None);
    assert_eq!(result.dropped_frames, 0, "{result:?}");
    assert!(result.first_frame_at.is_some());
    let check = check_file(&path).expect("decodes");
    assert!(check.complete, "decoded to the end: {check:?}");
    assert_eq!(
        check.frames, result.frames,
        "every encoded frame is in the file"
    );
    // Frame count within 1 % of duration × fps.
    let expected = check.duration.as_secs_f64() * 30.0;
    let off = (check.frames as f64 - expected).abs() / expected;
    assert!(
        off <= 0.01,
        "{} frames for {:?}",
        check.frames,
        check.duration
    );
    // And the file's duration is the time recorded (less the camera's start-up).
    let recorded = check.duration.as_secs_f64();
    assert!(
        recorded > 4.5 && recorded <= wall.as_secs_f64() + 0.05,
        "{recorded} s in {wall:?}"
    );
    // About 1 Mbit/s at most (the moving ball needs far less).
    let bytes = std::fs::metadata(&path).unwrap().len() as f64;
    assert!(bytes * 8.0 / recorded < 1.3e6, "{bytes} bytes");
}

#[test]
fn the_self_view_gets_frames_with_their_light() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q01.webm");
    let called = Arc::new(AtomicU64::new(0));
    let count = called.clone();
    let on_frame: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
        count.fetch_add(1, Ordering::Relaxed);
    });
    let recording = VideoRecording::start(
        &CameraSource::Test,
        &path,
        RecordOptions::default(),
        Some(on_frame),
    )
    .unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let frame = recording.view().latest().expect("a self-view frame");
    assert_eq!((frame.width, frame.height), (PREVIEW_WIDTH, PREVIEW_HEIGHT));
    assert_eq!(
        frame.rgba.len(),
        (PREVIEW_WIDTH * PREVIEW_HEIGHT * 4) as usize
    );
    // The ball pattern is a white ball on black: dark.
    assert!(frame.luma < DARK_LUMA, "{}", frame.luma);
    let n = called.load(Ordering::Relaxed);
    assert!(
        (5..=20).contains(&n),
        "{n} self-view frames in a second (at most 15)"
    );
    drop(recording);
}

#[test]
fn the_setup_preview_shows_the_camera() {
    let preview = CameraPreview::start(&CameraSource::Test, None).unwrap();
    let deadline = Instant::now() + Duration::from_secs(3);
    while preview.view().latest().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(preview.view().latest().is_some());
}

#[test]
fn a_missing_camera_is_a_camera_error() {
    let error = CameraSource::Device("No such camera".into())
        .element()
        .expect_err("no such camera");
    assert!(matches!(error, VideoError::Camera(_)), "{error:?}");
}

#[test]
fn luma_of_black_and_white() {
    assert_eq!(mean_luma(&[0, 0, 0, 255].repeat(100)), 0.0);
    assert!((mean_luma(&[255, 255, 255, 255].repeat(100)) - 255.0).abs() < 0.01);
}

#[test]
fn the_player_follows_the_audio_position_forward_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q01.webm");
    let (result, _) = record(&path, 3.0);
    assert!(result.frames > 60);
    let player = VideoPlayer::open(&path, 500, 0, None);
    let wait_for = |position: Duration| {
        player.show_at(position);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some((at, frame)) = player.frame()
                && at == position
            {
                return frame;
            }
            assert!(
                Instant::now() < deadline,
                "no frame for {position:?}: {:?}",
                player.frame().map(|(at, f)| (at, f.serial))
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let a = wait_for(Duration::from_millis(2000));
    let b = wait_for(Duration::from_millis(2050)); // a frame and a half on: the next frame
    assert!(b.serial > a.serial, "the next frame");
    let back = wait_for(Duration::from_millis(200)); // before the video starts: its first frame
    assert!(back.serial > b.serial);
    let end = wait_for(Duration::from_secs(60)); // past the end: its last frame
    assert!(end.serial > back.serial);
}

#[test]
fn a_player_on_a_file_that_is_not_a_video_says_why_on_its_own_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q01.webm");
    std::fs::write(&path, b"not a video").unwrap();
    let player = VideoPlayer::open(&path, 0, 0, None); // returns at once
    let deadline = Instant::now() + Duration::from_secs(10);
    let error = loop {
        if let Some(error) = player.error() {
            break error;
        }
        assert!(Instant::now() < deadline, "no answer from the player");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(matches!(error, VideoError::File(_)), "{error:?}");
    player.show_at(Duration::ZERO);
    assert!(player.frame().is_none());
}

/// The child of [`kill_9_mid_answer_leaves_a_video_that_recovery_repairs`]: records until
/// it is killed.
#[test]
#[ignore = "run by the kill test as a child process"]
fn child_records_until_killed() {
    let Some(path) = std::env::var_os("REHEARSE_VIDEO_CHILD") else {
        return;
    };
    let recording = VideoRecording::start(
        &CameraSource::Test,
        Path::new(&path),
        RecordOptions::default(),
        None,
    )
    .unwrap();
    std::thread::sleep(Duration::from_secs(60));
    drop(recording);
}

#[test]
fn kill_9_mid_answer_leaves_a_video_that_recovery_repairs() {
    use crate::session::{Session, SessionStore, Take, TakeStatus, TakeVideo};
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().to_path_buf());
    // The session model's own fixtures: one unanswered question of pack "p".
    let question = crate::session::model::tests::record(None);
    let settings = crate::session::model::tests::settings();
    let mut session = Session::new(
        vec!["p".into()],
        settings,
        vec![question],
        chrono::Utc::now(),
    );
    let mut take = Take::recording(1, Some("q01.wav".into()), chrono::Utc::now(), 1.0);
    take.video = Some(TakeVideo {
        file: video_name(0, 1),
        frames: 0,
        dropped_frames: 0,
        offset_ms: 40,
        audio_clock_ppm: 0,
        error: None,
    });
    session.questions[0].takes.push(take);
    let dir = store.create(&session).unwrap();
    let path = dir.join(video_name(0, 1));
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut wav = hound::WavWriter::create(dir.join("q01.wav"), spec).unwrap();
    for _ in 0..48_000 {
        wav.write_sample(0i16).unwrap();
    }
    wav.finalize().unwrap();

    // A 10 s answer, killed with SIGKILL.
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "video::tests::child_records_until_killed",
            "--ignored",
            "--nocapture",
        ])
        .env("REHEARSE_VIDEO_CHILD", &path)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !path.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_secs(10));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let cut = check_file(&path).expect("the cut-off file plays");
    assert!(
        cut.duration >= Duration::from_secs(8),
        "plays {:?} of 10 s",
        cut.duration
    );

    let recovered = store.recover(&dir, false).unwrap();
    let take = &recovered.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Interrupted);
    let video = take.video.as_ref().unwrap();
    assert!(video.frames >= 8 * 30, "{video:?}");
    assert_eq!(
        video.offset_ms, 40,
        "the offset saved while recording is kept"
    );
    assert!(
        video
            .error
            .as_deref()
            .unwrap()
            .contains("s of video were kept"),
        "{video:?}"
    );
    let repaired = check_file(&path).unwrap();
    assert!(repaired.complete, "the repaired file decodes to its end");
    assert_eq!(repaired.frames, video.frames);
}

/// Records its closing in a shared log when dropped.
struct Opened(&'static str, Arc<Mutex<Vec<String>>>);

impl Drop for Opened {
    fn drop(&mut self) {
        self.1.lock().unwrap().push(format!("{} closed", self.0));
    }
}

#[test]
fn an_opening_given_up_is_closed_before_the_next_one_opens() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let opener = |name: &'static str, log: &Arc<Mutex<Vec<String>>>| {
        let log = log.clone();
        move |_view: SelfView| {
            std::thread::sleep(Duration::from_millis(100));
            log.lock().unwrap().push(format!("{name} open"));
            Ok(Opened(name, log))
        }
    };
    // The setup self-view still opening when the answer's recording opens the camera.
    let preview = Opening::spawn(SelfView::default(), opener("preview", &log));
    std::thread::sleep(Duration::from_millis(20));
    drop(preview);
    let recording = Opening::spawn(SelfView::default(), opener("recording", &log));
    let opened = recording.wait().expect("opened");
    assert_eq!(
        *log.lock().unwrap(),
        ["preview open", "preview closed", "recording open"]
    );
    drop(opened);
    // One handed over is closed by its owner.
    let mut handed = Opening::spawn(SelfView::default(), opener("again", &log));
    let again = loop {
        if let Some(result) = handed.poll() {
            break result.expect("opened");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(log.lock().unwrap().last().unwrap(), "again open");
    drop(again);
    assert_eq!(log.lock().unwrap().last().unwrap(), "again closed");
}

#[test]
fn an_audio_clock_running_fast_puts_its_positions_earlier_on_the_video_clock() {
    assert_eq!(
        video_time(Duration::from_secs(100), 0),
        Duration::from_secs(100)
    );
    let fast = video_time(Duration::from_secs(300), 200).as_secs_f64();
    assert!((fast - 300.0 / 1.0002).abs() < 1e-6, "{fast}");
    assert!(
        (300.0 - fast - 0.06).abs() < 0.001,
        "60 ms over 5 minutes at 200 ppm"
    );
}
