//! What a stream or the WAV writer reports: a sentence for the user, the raw detail for the
//! log, and how serious it is. Also the classifier that tells a lost device from a glitch in
//! the wordings ALSA and its PulseAudio plugin use.

use std::fmt;

/// How serious a [`StreamEvent`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A glitch or a notice; the stream goes on and the take is whole (an xrun, audio resumed).
    Notice,
    /// An error; the stream may go on, but a take that finishes after it is marked interrupted.
    Error,
    /// The stream ended there (device lost, disk full, length limit).
    Fatal,
}

/// Something a device, stream or writer reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    /// What happened and what to do, as full sentences for the user.
    pub message: String,
    /// The raw error text (ALSA, PulseAudio, the OS), for the log; empty when there is none.
    pub detail: String,
    /// How serious it is.
    pub severity: Severity,
}

impl StreamEvent {
    /// An event with its user sentence, raw detail and severity.
    pub fn new(message: impl Into<String>, detail: impl Into<String>, severity: Severity) -> Self {
        Self {
            message: message.into(),
            detail: detail.into(),
            severity,
        }
    }

    /// The raw error text for the log (empty when the event has none).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Whether the stream ended there.
    pub fn is_fatal(&self) -> bool {
        self.severity == Severity::Fatal
    }
}

impl fmt::Display for StreamEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// errno values that mean the device or the sound server is gone: EIO, ENXIO, ENODEV, EBADFD.
const LOST_ERRNOS: [i32; 4] = [5, 6, 19, 77];

/// The strerror wordings of [`LOST_ERRNOS`] (glibc, and the alsa crate's own table).
const LOST_WORDINGS: [&str; 5] = [
    "i/o error",
    "input/output error",
    "no such device",
    "file descriptor in bad state",
    "connection terminated",
];

/// Whether a raw stream error says the device is lost (an I/O-class error), in any of the
/// wordings seen: `… failed with error 'Unknown errno (-5)'`, `'I/O error (5)'`,
/// `'No such device (19)'`, `'File descriptor in bad state (77)'`.
pub fn is_device_lost(detail: &str) -> bool {
    let lower = detail.to_ascii_lowercase();
    LOST_WORDINGS.iter().any(|w| lower.contains(w))
        || errnos_in(&lower).any(|errno| LOST_ERRNOS.contains(&errno.abs()))
}

/// Every "(N)" or "(-N)" in `text`, as numbers.
fn errnos_in(text: &str) -> impl Iterator<Item = i32> + '_ {
    text.split('(')
        .skip(1)
        .filter_map(|rest| rest.split(')').next()?.trim().parse::<i32>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_class_errors_in_real_wordings_mean_the_device_is_lost() {
        for lost in [
            "ALSA function 'snd_pcm_poll_descriptors_revents' failed with error 'Unknown errno (-5)'",
            "ALSA function 'snd_pcm_avail_delay' failed with error 'I/O error (5)'",
            "ALSA function 'snd_pcm_poll_descriptors_revents' failed with error 'Unknown errno (-19)'",
            "ALSA function 'snd_pcm_avail_delay' failed with error 'No such device (19)'",
            "ALSA function 'snd_pcm_start' failed with error 'Unknown errno (-77)'",
            "ALSA function 'snd_pcm_prepare' failed with error 'File descriptor in bad state (77)'",
            "snd_pcm_writei: Input/output error",
            "pulse: Connection terminated",
        ] {
            assert!(is_device_lost(lost), "{lost}");
        }
    }

    #[test]
    fn glitches_and_other_errors_are_not_a_lost_device() {
        for other in [
            "ALSA function 'snd_pcm_avail_delay' failed with error 'Broken pipe (32)'",
            "ALSA function 'snd_pcm_hw_params' failed with error 'Invalid argument (22)'",
            "ALSA function 'snd_pcm_open' failed with error 'Device or resource busy (16)'",
            "A buffer underrun or overrun occurred.",
            "The audio backend returned an unclassified error.",
            "period (1024) too small",
        ] {
            assert!(!is_device_lost(other), "{other}");
        }
    }

    #[test]
    fn an_event_shows_its_sentence_and_keeps_the_detail() {
        let event = StreamEvent::new("The speaker was lost.", "raw (-5)", Severity::Fatal);
        assert_eq!(event.to_string(), "The speaker was lost.");
        assert_eq!(event.detail(), "raw (-5)");
        assert!(event.is_fatal());
    }
}
