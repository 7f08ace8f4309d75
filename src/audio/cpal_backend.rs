//! The real backend: cpal 0.18 input streams into the capture pipeline, device listing,
//! and (in [`super::playback`]) output streams; shared stream glue is in [`super::stream`].
//!
//! On ALSA `default_input_device()` always returns a device, even with no sound server or
//! card: the failure appears when the config is queried or the stream is built. So "no
//! microphone" here means "no input stream could be built", reported as
//! [`AudioError::NoMicrophone`].

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample, StreamConfig};

use super::capture::{
    ActiveRecording, CaptureInput, capture_pipeline, event_channel, monitor_input,
};
use super::events::StreamEvent;
use super::level::LevelMeter;
use super::playback::CpalPlayback;
use super::stream::{
    CLOSE_TIMEOUT, STREAM_SETUP_TIMEOUT, drop_in_background, drop_within, error_callback,
    tolerant_config,
};
use super::writer::{WriterOptions, spawn_writer};
use super::{AudioBackend, AudioError, DeviceInfo, LevelSource, Monitor, Playback, Recording};

/// Audio through cpal's default host (ALSA on Linux, which reaches PulseAudio/PipeWire).
#[derive(Debug, Clone, Copy, Default)]
pub struct CpalBackend;

/// The name shown for a device: cpal's description, else its display name.
pub fn device_name(device: &cpal::Device) -> String {
    device
        .description()
        .map(|d| d.name().to_string())
        .unwrap_or_else(|_| device.to_string())
}

/// ALSA plugins that only convert or discard audio: never a microphone of their own.
const ALSA_CONVERTERS: &[&str] = &[
    "null",
    "lavrate",
    "samplerate",
    "speexrate",
    "speex",
    "upmix",
    "vdownmix",
];

/// Whether a device is worth offering as a microphone: not a converter plugin, and able to
/// name an input configuration (JACK without a server or OSS without /dev/dsp cannot).
fn is_offered(device: &cpal::Device) -> bool {
    let converter = device
        .id()
        .is_ok_and(|id| ALSA_CONVERTERS.contains(&id.id()));
    !converter && device.default_input_config().is_ok()
}

/// `default` first, then the other `devices` by name, each name once.
fn listed(
    default: Option<cpal::Device>,
    devices: impl Iterator<Item = cpal::Device>,
) -> Vec<DeviceInfo> {
    let mut list: Vec<DeviceInfo> = default
        .map(|d| DeviceInfo {
            name: device_name(&d),
            is_default: true,
        })
        .into_iter()
        .collect();
    for device in devices {
        let name = device_name(&device);
        if !list.iter().any(|d| d.name == name) {
            list.push(DeviceInfo {
                name,
                is_default: false,
            });
        }
    }
    list
}

/// Whether `device` is listed as a speaker: it plays, and it is not a converting plugin.
fn is_offered_output(device: &cpal::Device) -> bool {
    let converter = device
        .id()
        .is_ok_and(|id| ALSA_CONVERTERS.contains(&id.id()));
    !converter && device.default_output_config().is_ok()
}

/// The output device called `name`, or the default one when it is gone or `None`.
pub(super) fn find_output(host: &cpal::Host, name: Option<&str>) -> Option<cpal::Device> {
    if let Some(name) = name
        && let Ok(mut devices) = host.output_devices()
        && let Some(device) = devices.find(|d| device_name(d) == name)
    {
        return Some(device);
    }
    host.default_output_device()
}

/// The input device called `name`, or the default one when it is gone or `None`.
fn find_input(host: &cpal::Host, name: Option<&str>) -> Option<cpal::Device> {
    if let Some(name) = name
        && let Ok(mut devices) = host.input_devices()
        && let Some(device) = devices.find(|d| device_name(d) == name)
    {
        return Some(device);
    }
    host.default_input_device()
}

fn build_input<T>(
    device: &cpal::Device,
    config: &StreamConfig,
    mut input: CaptureInput,
    events: Sender<StreamEvent>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels);
    let shared = input.shared();
    device.build_input_stream::<T, _, _>(
        *config,
        move |data: &[T], _: &cpal::InputCallbackInfo| input.push_interleaved(data, channels),
        error_callback(events, "microphone", move || shared.callbacks()),
        Some(STREAM_SETUP_TIMEOUT),
    )
}

/// Builds an input stream feeding `input`, whatever sample format the device delivers.
fn build_input_any(
    device: &cpal::Device,
    config: &StreamConfig,
    format: SampleFormat,
    input: CaptureInput,
    events: Sender<StreamEvent>,
) -> Result<cpal::Stream, String> {
    use cpal::{I24, U24};
    let stream = match format {
        SampleFormat::I8 => build_input::<i8>(device, config, input, events),
        SampleFormat::I16 => build_input::<i16>(device, config, input, events),
        SampleFormat::I24 => build_input::<I24>(device, config, input, events),
        SampleFormat::I32 => build_input::<i32>(device, config, input, events),
        SampleFormat::I64 => build_input::<i64>(device, config, input, events),
        SampleFormat::U8 => build_input::<u8>(device, config, input, events),
        SampleFormat::U16 => build_input::<u16>(device, config, input, events),
        SampleFormat::U24 => build_input::<U24>(device, config, input, events),
        SampleFormat::U32 => build_input::<u32>(device, config, input, events),
        SampleFormat::U64 => build_input::<u64>(device, config, input, events),
        SampleFormat::F32 => build_input::<f32>(device, config, input, events),
        SampleFormat::F64 => build_input::<f64>(device, config, input, events),
        other => return Err(format!("its sample format {other} is not supported")),
    };
    stream.map_err(|e| e.to_string())
}

/// An opened input: the device, its native config and a built (not yet started) stream.
struct OpenedInput {
    stream: cpal::Stream,
    sample_rate: u32,
}

/// Opens `device` (or the default) with its native config, feeding `make_input(rate)`.
fn open_input<F>(
    device: Option<&str>,
    events: Sender<StreamEvent>,
    make_input: F,
) -> Result<OpenedInput, AudioError>
where
    F: FnOnce(u32) -> CaptureInput,
{
    let host = cpal::default_host();
    let device = find_input(&host, device)
        .ok_or_else(|| AudioError::NoMicrophone("the system reports no input device.".into()))?;
    let name = device_name(&device);
    let no_mic = |why: String| {
        AudioError::NoMicrophone(format!("the input “{name}” could not be opened ({why})."))
    };
    let config = device
        .default_input_config()
        .map_err(|e| no_mic(e.to_string()))?;
    let sample_rate = config.sample_rate();
    let input = make_input(sample_rate);
    let stream = build_input_any(
        &device,
        &tolerant_config(&config),
        config.sample_format(),
        input,
        events,
    )
    .map_err(no_mic)?;
    Ok(OpenedInput {
        stream,
        sample_rate,
    })
}

impl AudioBackend for CpalBackend {
    fn input_devices(&self) -> Vec<DeviceInfo> {
        let host = cpal::default_host();
        let devices = host.input_devices().into_iter().flatten();
        listed(host.default_input_device(), devices.filter(is_offered))
    }

    fn start_recording(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError> {
        let (events_tx, events_rx) = event_channel();
        let mut consumer = None;
        let mut shared = None;
        let opened = open_input(device, events_tx.clone(), |rate| {
            let (input, ring) = capture_pipeline(rate);
            consumer = Some(ring);
            shared = Some(input.shared());
            input
        })?;
        let (Some(consumer), Some(shared)) = (consumer, shared) else {
            return Err(AudioError::Device(
                "the capture pipeline was not set up.".into(),
            ));
        };
        let options = WriterOptions::new(opened.sample_rate);
        let writer = spawn_writer(consumer, path, Arc::clone(&shared), options, events_tx)?;
        if let Err(e) = opened.stream.play() {
            drop(opened);
            drop(writer);
            let _ = std::fs::remove_file(path);
            return Err(AudioError::NoMicrophone(format!(
                "the input could not be started ({e})."
            )));
        }
        Ok(Box::new(ActiveRecording::new(
            opened.stream,
            writer,
            shared,
            events_rx,
            path.to_path_buf(),
        )))
    }

    fn start_monitor(&self, device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError> {
        let (events_tx, events_rx) = event_channel();
        let mut level = None;
        let opened = open_input(device, events_tx, |rate| {
            let input = monitor_input(rate);
            level = Some(input.shared().level());
            input
        })?;
        opened.stream.play().map_err(|e| {
            AudioError::NoMicrophone(format!("the input could not be started ({e})."))
        })?;
        Ok(Box::new(CpalMonitor {
            stream: Some(opened.stream),
            level: level.unwrap_or_default(),
            events: events_rx,
        }))
    }

    fn open_playback(&self, path: &Path) -> Result<Box<dyn Playback>, AudioError> {
        Ok(Box::new(CpalPlayback::open(path, None)?))
    }

    fn output_devices(&self) -> Vec<DeviceInfo> {
        let host = cpal::default_host();
        let devices = host.output_devices().into_iter().flatten();
        listed(
            host.default_output_device(),
            devices.filter(is_offered_output),
        )
    }

    fn open_playback_on(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Playback>, AudioError> {
        Ok(Box::new(CpalPlayback::open(path, device)?))
    }
}

/// A level meter on a live cpal input.
struct CpalMonitor {
    stream: Option<cpal::Stream>,
    level: Arc<LevelMeter>,
    events: Receiver<StreamEvent>,
}

impl Monitor for CpalMonitor {
    fn level(&self) -> Arc<dyn LevelSource> {
        Arc::clone(&self.level) as Arc<dyn LevelSource>
    }
    fn poll_error(&mut self) -> Option<StreamEvent> {
        let event = self
            .events
            .try_iter()
            .find(|e| e.severity != super::Severity::Notice)?;
        if event.is_fatal()
            && let Some(stream) = self.stream.take()
        {
            drop_in_background(stream);
        }
        Some(event)
    }
}

impl Drop for CpalMonitor {
    fn drop(&mut self) {
        if let Some(stream) = self.stream.take() {
            drop_within(stream, CLOSE_TIMEOUT);
        }
    }
}
