//! cpal glue shared by input and output streams: the buffer size we ask for, the error
//! callback (wording, classification, de-duplication) and closing a stream without hanging.

use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use cpal::StreamConfig;

use super::events::{Severity, StreamEvent, is_device_lost};

/// How long a backend may take to set up a stream (honoured by some hosts).
pub const STREAM_SETUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Frames per callback we ask for: ~85 ms at 48 kHz, with two periods buffered. Neither a
/// level meter nor a replay needs low latency, and large buffers survive a busy machine.
pub const PERIOD_FRAMES: u32 = 4096;

/// An I/O error this soon after a stream is built is the pulse plugin's start-up bug (its
/// timing data is not ready yet), not a lost device: it is ignored, and the stall watchdogs
/// catch a stream that really never starts.
pub const STARTUP_GRACE: Duration = Duration::from_millis(500);

/// A stream that has run fewer audio callbacks than this is still starting, however long
/// ago it was built: on a loaded machine the first callbacks (and the pulse plugin's start-up
/// I/O error) can come later than [`STARTUP_GRACE`]; the repeat run saw one at cycle 10 of
/// 50 play/stop cycles.
pub const STARTUP_CALLBACKS: u64 = 3;

/// The same stream error is reported at most once per this interval.
const REPEAT_QUIET: Duration = Duration::from_secs(5);

/// How long closing a device stream may take before it is abandoned (see [`drop_within`]).
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(3);

/// The device's native config with [`PERIOD_FRAMES`] when the device allows it.
pub fn tolerant_config(supported: &cpal::SupportedStreamConfig) -> StreamConfig {
    let mut config = supported.config();
    if let cpal::SupportedBufferSize::Range { min, max } = supported.buffer_size()
        && (*min..=*max).contains(&PERIOD_FRAMES)
    {
        config.buffer_size = cpal::BufferSize::Fixed(PERIOD_FRAMES);
    }
    config
}

/// The event for a cpal stream error on the `what` ("microphone", "speaker"); `starting`
/// says the stream is still starting (see [`STARTUP_GRACE`], [`STARTUP_CALLBACKS`]).
pub fn describe_stream_error(error: &cpal::Error, what: &str, starting: bool) -> StreamEvent {
    use cpal::ErrorKind::*;
    let detail = error.to_string();
    let lost = || {
        StreamEvent::new(
            format!(
                "The {what} was disconnected (unplugged, or the sound server stopped). \
                 Check the {what}, then try again."
            ),
            detail.clone(),
            Severity::Fatal,
        )
    };
    match error.kind() {
        Xrun => StreamEvent::new(
            format!("The {what} skipped a moment of audio because the computer was busy."),
            detail,
            Severity::Notice,
        ),
        DeviceChanged | RealtimeDenied => StreamEvent::new(
            format!("The {what} changed its settings; audio goes on."),
            detail,
            Severity::Notice,
        ),
        DeviceNotAvailable | StreamInvalidated => lost(),
        _ if is_device_lost(&detail) && starting => StreamEvent::new(
            format!("The {what} was slow to start; audio goes on."),
            detail,
            Severity::Notice,
        ),
        _ if is_device_lost(&detail) => lost(),
        _ => StreamEvent::new(
            format!(
                "The {what} reported an error, so part of the audio may be missing. \
                 If it happens again, check the {what}."
            ),
            detail,
            Severity::Error,
        ),
    }
}

/// A stream's error callback: sends each event once (a dying ALSA stream repeats its error
/// in a tight loop), and nothing more after a fatal one. Build it just before the stream;
/// `callbacks` counts the stream's audio callbacks so far.
pub fn error_callback(
    events: Sender<StreamEvent>,
    what: &'static str,
    callbacks: impl Fn() -> u64 + Send + 'static,
) -> impl FnMut(cpal::Error) + Send + 'static {
    let built = Instant::now();
    let mut last: Option<(String, Instant)> = None;
    let mut dead = false;
    move |error: cpal::Error| {
        if dead {
            return;
        }
        let starting = built.elapsed() < STARTUP_GRACE || callbacks() < STARTUP_CALLBACKS;
        let event = describe_stream_error(&error, what, starting);
        if let Some((message, at)) = &last
            && *message == event.message
            && at.elapsed() < REPEAT_QUIET
        {
            return;
        }
        dead = event.is_fatal();
        last = Some((event.message.clone(), Instant::now()));
        let _ = events.send(event);
    }
}

/// Drops `value` on a helper thread and waits at most `limit`; `false` if it did not finish.
///
/// Closing a stream whose device died can hang forever inside the driver (seen with ALSA's
/// pulse plugin after the sound server was killed: a deadlock in libpulse). A stuck close is
/// left behind on its thread rather than freezing the caller, so the take still gets saved.
pub fn drop_within<T: Send + 'static>(value: T, limit: Duration) -> bool {
    let (done_tx, done_rx) = mpsc::channel();
    let closer = std::thread::Builder::new()
        .name("rehearse-audio-close".into())
        .spawn(move || {
            drop(value);
            let _ = done_tx.send(());
        });
    closer.is_ok() && done_rx.recv_timeout(limit).is_ok()
}

/// Drops `value` on a helper thread without waiting (a dead device may never let go).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("rehearse-audio-close".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    fn backend_error(text: &'static str) -> cpal::Error {
        cpal::Error::with_message(cpal::ErrorKind::BackendError, text)
    }

    #[test]
    fn a_repeated_error_is_reported_once_and_nothing_after_a_fatal_one() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut callback = error_callback(tx, "microphone", || 100);
        for _ in 0..1000 {
            callback(cpal::Error::new(cpal::ErrorKind::Xrun));
        }
        callback(cpal::Error::new(cpal::ErrorKind::DeviceNotAvailable));
        callback(cpal::Error::new(cpal::ErrorKind::BackendError));
        let events: Vec<StreamEvent> = rx.try_iter().collect();
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(!events[0].is_fatal() && events[1].is_fatal());
    }

    #[test]
    fn an_io_error_from_the_stream_means_the_device_is_lost() {
        let revents = backend_error(
            "ALSA function 'snd_pcm_poll_descriptors_revents' failed with error 'Unknown errno (-5)'",
        );
        let event = describe_stream_error(&revents, "microphone", false);
        assert!(event.is_fatal(), "{event:?}");
        assert!(event.message.contains("microphone was disconnected"));
        assert!(event.detail().contains("(-5)"));
        assert!(!event.message.contains("ALSA") && !event.message.contains(".."));
    }

    #[test]
    fn an_io_error_right_after_start_is_transient() {
        let avail =
            backend_error("ALSA function 'snd_pcm_avail_delay' failed with error 'I/O error (5)'");
        let event = describe_stream_error(&avail, "speaker", true);
        assert_eq!(event.severity, Severity::Notice, "{event:?}");
        let later = describe_stream_error(&avail, "speaker", false);
        assert!(later.is_fatal());
    }

    #[test]
    fn an_io_error_before_the_stream_has_run_is_transient_however_late() {
        let (tx, rx) = mpsc::channel();
        let ran = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&ran);
        let mut callback = error_callback(tx, "speaker", move || counted.load(Ordering::Relaxed));
        std::thread::sleep(STARTUP_GRACE);
        let avail = || {
            backend_error("ALSA function 'snd_pcm_avail_delay' failed with error 'I/O error (5)'")
        };
        callback(avail());
        ran.store(STARTUP_CALLBACKS, Ordering::Relaxed);
        callback(avail());
        let events: Vec<StreamEvent> = rx.try_iter().collect();
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(
            events[0].severity,
            Severity::Notice,
            "no callback yet: starting"
        );
        assert!(events[1].is_fatal(), "running: the device is lost");
    }

    #[test]
    fn other_errors_are_worded_without_raw_text() {
        let xrun =
            describe_stream_error(&cpal::Error::new(cpal::ErrorKind::Xrun), "speaker", false);
        assert_eq!(xrun.severity, Severity::Notice);
        assert!(xrun.message.contains("speaker"));
        let odd = describe_stream_error(
            &backend_error(
                "ALSA function 'snd_pcm_sw_params' failed with error 'Invalid argument (22)'",
            ),
            "microphone",
            false,
        );
        assert_eq!(odd.severity, Severity::Error);
        assert!(!odd.message.contains("ALSA") && odd.detail().contains("Invalid argument"));
    }
}
