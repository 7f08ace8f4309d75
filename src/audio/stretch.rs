//! Playback speed with the pitch kept. [`SpeedSource`] takes the feeder's blocks (the take at
//! the device rate) and, at any speed but 1, time-stretches them with `timestretch`; every
//! block comes with the [`Span`] of the take it holds, which [`Timeline`] turns into the take
//! position of what the device has played. At exactly 1 the feeder's blocks pass untouched.
//!
//! A speed change starts a new stretch (or the plain feed) where the last block ended, and
//! fades the old path's next 10 ms out under the new one's first, so there is no click and
//! the new speed (and its positions) hold from the first new block. (Scheduling the change
//! inside a running `timestretch` session was smooth too, but took up to a 267 ms processing
//! block to be heard and misplaced positions by up to 63 ms across it.) A seek while
//! stretching starts a new stretch at the target; `timestretch` reads some history before it,
//! so the first block is whole.

use std::collections::VecDeque;

use timestretch::{
    Backend, Parameters, PreparedSession, ProcessStatus, SessionConfig, SessionError, SourceAccess,
    StreamSession, TempoRate,
};

use super::AudioError;
use super::feeder::Feeder;

/// The slowest playback speed.
pub const MIN_SPEED: f32 = 0.5;
/// The fastest playback speed.
pub const MAX_SPEED: f32 = 2.0;

/// `speed` limited to [`MIN_SPEED`]..=[`MAX_SPEED`] (normal speed when it is not a number).
pub fn clamp_speed(speed: f32) -> f32 {
    if speed.is_nan() {
        1.0
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    }
}

/// Output frames per stretched block.
const BLOCK_FRAMES: usize = 1024;
/// Processing stages per `advance` call (a stage is one FFT step or one source hand-over).
const WORK_QUOTA: usize = 8;
/// Frames of the old path faded out under the new one at a speed change (10 ms at 48 kHz).
const FADE_FRAMES: usize = 480;
/// Calls without output or progress after which the stretch counts as stuck.
const STALL_LIMIT: usize = 10_000;
/// Silence supplied past the end of the file (the stretch asks for at most 2048 frames).
static SILENCE: [f32; 2048] = [0.0; 2048];

/// A part of the take, in source (file) frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// The take frame the block's first sample plays.
    pub start: f64,
    /// The take frame just after its last sample.
    pub end: f64,
}

/// The take at the device rate and a playback speed, block by block from a position.
pub struct SpeedSource {
    feeder: Feeder,
    /// Device frames per source frame.
    ratio: f64,
    /// The take's length in source frames.
    total_frames: u64,
    speed: f32,
    /// The source frame the next block starts at.
    next: f64,
    /// The running stretch; `None` at speed 1.
    stretch: Option<Stretch>,
    /// The old path's continuation after a speed change, faded out under the next blocks;
    /// `fade_at` frames of it are used.
    fade: Vec<f32>,
    fade_at: usize,
    /// The A–B loop in source frames: a block reaching B ends there and the next starts at A.
    looped: Option<(f64, f64)>,
}

impl SpeedSource {
    /// The feeder's take from its start, at normal speed.
    pub fn new(feeder: Feeder) -> Self {
        let ratio = f64::from(feeder.device_rate()) / f64::from(feeder.source_rate().max(1));
        Self {
            total_frames: feeder.total_frames(),
            feeder,
            ratio,
            speed: 1.0,
            next: 0.0,
            stretch: None,
            fade: Vec::with_capacity(FADE_FRAMES + BLOCK_FRAMES),
            fade_at: 0,
            looped: None,
        }
    }

    /// The speed in effect.
    pub fn speed(&self) -> f32 {
        self.speed
    }

    /// Continues from source frame `frame` at the current speed.
    pub fn seek(&mut self, frame: u64) -> Result<(), AudioError> {
        self.next = frame.min(self.total_frames) as f64;
        self.fade.clear();
        if self.stretch.is_some() {
            self.start_stretch()
        } else {
            self.feeder.seek(frame)
        }
    }

    /// Plays on at `speed` (clamped) from where the last block ended. When the stretch
    /// cannot run (a device rate `timestretch` does not take), the speed stays at 1.
    pub fn set_speed(&mut self, speed: f32) -> Result<(), AudioError> {
        let speed = clamp_speed(speed);
        if speed == self.speed {
            return Ok(());
        }
        self.keep_tail()?;
        self.speed = speed;
        let started = if speed == 1.0 {
            self.stretch = None;
            Ok(())
        } else {
            self.start_stretch()
        };
        if started.is_err() {
            self.speed = 1.0;
            self.stretch = None;
        }
        if self.stretch.is_none() {
            self.feeder.seek(self.next.round() as u64)?;
        }
        started
    }

    /// Loops between source frames `a` and `b` (`None`: plays on to the end). The loop takes
    /// effect when playing reaches B, from wherever it is now.
    pub fn set_loop(&mut self, range: Option<(u64, u64)>) {
        self.looped = range
            .map(|(a, b)| {
                (
                    a.min(self.total_frames) as f64,
                    b.min(self.total_frames) as f64,
                )
            })
            .filter(|(a, b)| a < b);
    }

    /// Replaces `out` with the next block at the device rate, and says which part of the take
    /// it holds; `None` at the end. Within an A–B loop a block ends at B, and the next one
    /// starts at A with the audio after B faded out under it (as at a speed change).
    pub fn next_block(&mut self, out: &mut Vec<f32>) -> Result<Option<Span>, AudioError> {
        let Some((a, b)) = self.looped else {
            return self.next_block_through(out);
        };
        if self.next >= b - 0.5 {
            // The loop was set behind the position: go round from here.
            self.keep_tail()?;
            self.jump_keeping_fade(a)?;
        }
        let Some(mut span) = self.next_block_through(out)? else {
            return Ok(None);
        };
        if span.end > b - 0.5 {
            let kept = ((b - span.start) / (span.end - span.start)).clamp(0.0, 1.0);
            let cut = ((out.len() as f64 * kept).round() as usize).clamp(1, out.len());
            // What follows B is the old path's continuation, faded out under A's start.
            let mut tail = out.split_off(cut);
            tail.truncate(FADE_FRAMES);
            let mut block = Vec::new();
            while tail.len() < FADE_FRAMES && self.next_block_through(&mut block)?.is_some() {
                tail.extend_from_slice(&block[..block.len().min(FADE_FRAMES - tail.len())]);
            }
            self.fade = tail;
            self.fade_at = 0;
            span.end = span.end.min(b);
            self.jump_keeping_fade(a)?;
        }
        Ok(Some(span))
    }

    /// Seeks to `frame`, keeping the tail in `fade` to fade out under the first blocks there.
    fn jump_keeping_fade(&mut self, frame: f64) -> Result<(), AudioError> {
        let tail = std::mem::take(&mut self.fade);
        self.seek(frame.round() as u64)?;
        self.fade = tail;
        self.fade_at = 0;
        Ok(())
    }

    /// [`Self::next_block`] without the loop.
    fn next_block_through(&mut self, out: &mut Vec<f32>) -> Result<Option<Span>, AudioError> {
        out.clear();
        let span = match &mut self.stretch {
            None => {
                if !self.feeder.next_block(out)? {
                    return Ok(None);
                }
                let end = self.next + out.len() as f64 / self.ratio;
                Span {
                    start: self.next,
                    end: end.min(self.total_frames as f64),
                }
            }
            Some(stretch) => {
                let Some((start, end)) = stretch.next_block(&mut self.feeder, self.ratio, out)?
                else {
                    return Ok(None);
                };
                Span {
                    start: start / self.ratio,
                    end: end / self.ratio,
                }
            }
        };
        self.next = span.end;
        self.fade_in(out);
        Ok(Some(span))
    }

    /// Keeps the current path's next frames (with any fade still under way) to fade out under
    /// the path that replaces it; `next` stays where it was.
    fn keep_tail(&mut self) -> Result<(), AudioError> {
        let next = self.next;
        let mut tail = Vec::with_capacity(FADE_FRAMES + BLOCK_FRAMES);
        let mut block = Vec::new();
        while tail.len() < FADE_FRAMES && self.next_block_through(&mut block)?.is_some() {
            tail.extend_from_slice(&block);
        }
        tail.truncate(FADE_FRAMES);
        self.fade = tail;
        self.fade_at = 0;
        self.next = next;
        Ok(())
    }

    /// Mixes the kept tail, fading out, into the start of `out`.
    fn fade_in(&mut self, out: &mut [f32]) {
        let step = 1.0 / (FADE_FRAMES + 1) as f32;
        for sample in out.iter_mut() {
            let Some(&old) = self.fade.get(self.fade_at) else {
                break;
            };
            let new_weight = (self.fade_at + 1) as f32 * step;
            *sample = *sample * new_weight + old * (1.0 - new_weight);
            self.fade_at += 1;
        }
        if self.fade_at >= self.fade.len() {
            self.fade.clear();
            self.fade_at = 0;
        }
    }

    /// A new stretch at the current speed, from `next`.
    fn start_stretch(&mut self) -> Result<(), AudioError> {
        let device_rate = self.feeder.device_rate();
        let device_frames = (self.total_frames as f64 * self.ratio).ceil() as u64;
        let target = ((self.next * self.ratio).round() as u64).min(device_frames);
        self.stretch = Some(Stretch::new(
            device_rate,
            device_frames,
            self.speed,
            target,
        )?);
        Ok(())
    }
}

/// A `timestretch` session fed from the feeder, in device-rate frames.
struct Stretch {
    session: StreamSession,
    /// Feeder samples not yet handed over: `feed[feed_at..]` starts at device frame `feed_frame`.
    feed: Vec<f32>,
    feed_at: usize,
    feed_frame: u64,
    feed_ended: bool,
    block: Vec<f32>,
}

impl Stretch {
    fn new(rate: u32, frames: u64, speed: f32, target: u64) -> Result<Self, AudioError> {
        let config = SessionConfig {
            source_sample_rate: rate,
            output_sample_rate: rate,
            channels: 1,
            backend: Backend::Portable,
            source_access: SourceAccess::Seekable,
            source_frames: Some(frames),
            parameters: keep_pitch(speed)?,
            ..SessionConfig::default()
        };
        let mut session = PreparedSession::new(config)
            .map_err(|e| stretch_error("cannot stretch at this rate", e))?
            .activate();
        session.seek(target).map_err(|e| stretch_error("seek", e))?;
        Ok(Self {
            session,
            feed: Vec::with_capacity(4 * BLOCK_FRAMES),
            feed_at: 0,
            // Unknown: the first source request seeks the feeder.
            feed_frame: u64::MAX,
            feed_ended: false,
            block: vec![0.0; BLOCK_FRAMES],
        })
    }

    /// The next output block into `out`, with the device frames of the take it holds.
    fn next_block(
        &mut self,
        feeder: &mut Feeder,
        ratio: f64,
        out: &mut Vec<f32>,
    ) -> Result<Option<(f64, f64)>, AudioError> {
        for _ in 0..STALL_LIMIT {
            let report = self.session.advance(WORK_QUOTA);
            match report.status {
                ProcessStatus::Fault => {
                    let fault = self.session.fault().unwrap_or(SessionError::InvalidState);
                    return Err(stretch_error("processing", fault));
                }
                ProcessStatus::NeedSource => self.supply(feeder, ratio)?,
                _ => {}
            }
            let start = self.session.position();
            let stamp = self
                .session
                .read_output(&mut self.block)
                .map_err(|e| stretch_error("output", e))?;
            if stamp.frames > 0 {
                let receipt = stamp
                    .consumed(stamp.frames)
                    .map_err(|e| stretch_error("output", e))?;
                self.session
                    .acknowledge(receipt)
                    .map_err(|e| stretch_error("output", e))?;
                out.extend_from_slice(&self.block[..stamp.frames]);
                return Ok(Some((start, self.session.position())));
            }
            if self.session.finished() {
                return Ok(None);
            }
        }
        Err(AudioError::Device(
            "the time stretch made no progress".into(),
        ))
    }

    /// Hands the session the source frames it asks for: the feeder's, then silence.
    fn supply(&mut self, feeder: &mut Feeder, ratio: f64) -> Result<(), AudioError> {
        let Some(request) = self.session.source_request() else {
            return Ok(());
        };
        if request.start_frame != self.feed_frame {
            feeder.seek((request.start_frame as f64 / ratio) as u64)?;
            self.feed.clear();
            self.feed_at = 0;
            self.feed_frame = request.start_frame;
            self.feed_ended = false;
        }
        // (A resampled block can come out empty right after a seek: read on.)
        while self.feed_at >= self.feed.len() && !self.feed_ended {
            self.feed_at = 0;
            self.feed_ended = !feeder.next_block(&mut self.feed)?;
            // The stretch refuses NaN and infinities, which a float WAV may hold.
            for sample in self.feed.iter_mut().filter(|s| !s.is_finite()) {
                *sample = 0.0;
            }
        }
        let available = if self.feed_ended {
            &SILENCE[..]
        } else {
            &self.feed[self.feed_at..]
        };
        let frames = request.frames.min(available.len());
        self.session
            .supply(request, &available[..frames])
            .map_err(|e| stretch_error("input", e))?;
        if !self.feed_ended {
            self.feed_at += frames;
        }
        self.feed_frame += frames as u64;
        Ok(())
    }
}

fn keep_pitch(speed: f32) -> Result<Parameters, AudioError> {
    let tempo = TempoRate::new(f64::from(speed)).map_err(|e| stretch_error("speed", e))?;
    Ok(Parameters::keylock(tempo))
}

fn stretch_error(what: &str, error: SessionError) -> AudioError {
    AudioError::Device(format!("playback speed: {what}: {error}"))
}

/// Which part of the take each block pushed since the last seek holds, to tell the take
/// position of the device's `played` frame count.
#[derive(Debug, Default)]
pub struct Timeline {
    blocks: VecDeque<Placed>,
}

#[derive(Debug, Clone, Copy)]
struct Placed {
    /// Output frames pushed before this block (since the seek).
    at: u64,
    frames: u64,
    span: Span,
}

impl Timeline {
    /// Forgets every block (a seek).
    pub fn clear(&mut self) {
        self.blocks.clear();
    }

    /// Records a block of `frames` output frames pushed after `at` frames, holding `span`;
    /// forgets blocks the device has played in full (`played` frames).
    pub fn push(&mut self, at: u64, frames: usize, span: Span, played: u64) {
        while self
            .blocks
            .front()
            .is_some_and(|b| b.at + b.frames <= played)
        {
            self.blocks.pop_front();
        }
        self.blocks.push_back(Placed {
            at,
            frames: frames as u64,
            span,
        });
    }

    /// The take frame the device has reached after `played` output frames; `None` before the
    /// first block.
    pub fn position(&self, played: u64) -> Option<f64> {
        let first = self.blocks.front()?;
        if played <= first.at {
            return Some(first.span.start);
        }
        let block = self
            .blocks
            .iter()
            .rev()
            .find(|b| b.at <= played)
            .unwrap_or(first);
        let into = (played - block.at).min(block.frames) as f64 / block.frames.max(1) as f64;
        Some(block.span.start + into * (block.span.end - block.span.start))
    }
}

#[cfg(test)]
mod tests;
