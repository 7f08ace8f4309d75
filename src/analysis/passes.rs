//! The analysis as four passes over the audio, block by block: each pass decodes, mixes and
//! resamples one block at a time, and between passes only a few numbers per 10 ms frame are
//! kept, so memory stays flat whatever the length of the answer.
//!
//! 1. Sample facts, loudness, and each frame's band energies (which frames are quiet).
//! 2. The noise spectrum: the mean spectrum of the quiet frames.
//! 3. Each frame's speech scores against that noise, giving the speech stretches and the
//!    frames whose pitch is needed.
//! 4. Levels inside and outside speech, and the pitch of those frames.

use ebur128::{EbuR128, Mode};

use super::pitch::{PitchAt, PitchQueries};
use super::resample;
use super::spectrum::{self, BINS, Framer, NoiseSpectrum, RATE};
use super::speech::{EDGE_SMOOTH_FRAMES, Scorer};
use super::syllables;
use crate::wav::{self, BlockFacts};

/// Mono audio at its own rate that can be read from the start again.
pub trait Source {
    /// Sample rate, Hz.
    fn sample_rate(&self) -> u32;
    /// Frames in the audio.
    fn frames(&self) -> usize;
    /// Goes back to the first frame.
    fn rewind(&mut self) -> Result<(), String>;
    /// Replaces `out` with the next block; `frames == 0` at the end.
    fn read(&mut self, out: &mut Vec<f32>) -> Result<BlockFacts, String>;
}

/// Frames per block read from a WAV.
const BLOCK_FRAMES: usize = 1 << 14;

impl Source for wav::Reader {
    fn sample_rate(&self) -> u32 {
        self.info().spec.sample_rate
    }

    fn frames(&self) -> usize {
        self.info().frames as usize
    }

    fn rewind(&mut self) -> Result<(), String> {
        self.seek(0).map_err(|e| e.to_string())
    }

    fn read(&mut self, out: &mut Vec<f32>) -> Result<BlockFacts, String> {
        self.read_block(out, BLOCK_FRAMES)
            .map_err(|e| e.to_string())
    }
}

/// Samples in memory as a [`Source`]; a sample within one 16-bit step of ±1 counts as clipped.
pub struct Samples<'a> {
    samples: &'a [f32],
    rate: u32,
    position: usize,
}

impl<'a> Samples<'a> {
    /// `samples` at `rate` Hz.
    pub fn new(samples: &'a [f32], rate: u32) -> Self {
        Self {
            samples,
            rate,
            position: 0,
        }
    }
}

impl Source for Samples<'_> {
    fn sample_rate(&self) -> u32 {
        self.rate
    }

    fn frames(&self) -> usize {
        self.samples.len()
    }

    fn rewind(&mut self) -> Result<(), String> {
        self.position = 0;
        Ok(())
    }

    fn read(&mut self, out: &mut Vec<f32>) -> Result<BlockFacts, String> {
        let full_scale = 1.0 - 1.0 / 32_768.0;
        let end = (self.position + BLOCK_FRAMES).min(self.samples.len());
        let block = &self.samples[self.position..end];
        self.position = end;
        out.clear();
        out.extend_from_slice(block);
        Ok(BlockFacts {
            frames: block.len(),
            clipped: block.iter().filter(|s| s.abs() >= full_scale).count() as u64,
            peak: block.iter().fold(0f32, |m, s| m.max(s.abs())),
        })
    }
}

/// Receives each spectral frame's index and power.
type OnFrame<'a> = dyn FnMut(usize, &[f32]) + 'a;

/// Reads the source once from the start: each block at [`RATE`] goes to `on_signal`, each
/// spectral frame to `on_frame` (when given); returns the facts of the native samples.
fn pass(
    source: &mut dyn Source,
    mut on_signal: impl FnMut(&[f32]),
    mut on_frame: Option<&mut OnFrame<'_>>,
) -> Result<BlockFacts, String> {
    source.rewind()?;
    let mut resampler = resample::Stream::new(source.sample_rate(), RATE, source.frames());
    let mut framer = Framer::default();
    let (mut block, mut x) = (Vec::new(), Vec::new());
    let mut facts = BlockFacts::default();
    loop {
        let read = source.read(&mut block)?;
        facts.merge(read);
        x.clear();
        if read.frames == 0 {
            resampler.finish(&mut x);
        } else {
            resampler.push(&block, &mut x);
        }
        on_signal(&x);
        if let Some(on_frame) = on_frame.as_mut() {
            framer.push(&x, &mut **on_frame);
        }
        if read.frames == 0 {
            return Ok(facts);
        }
    }
}

/// What pass 1 measures.
pub struct Overview {
    /// Facts of the native samples.
    pub facts: BlockFacts,
    /// Samples at [`RATE`].
    pub len: usize,
    /// Integrated loudness, LUFS.
    pub lufs: Option<f64>,
    /// Each frame's [`spectrum::band_energy`].
    pub energy: Vec<f32>,
    /// Each frame's [`syllables::band_energy`].
    pub contour_energy: Vec<f32>,
}

/// Pass 1: sample facts, loudness and per-frame band energies.
pub fn overview(source: &mut dyn Source) -> Result<Overview, String> {
    let mut meter = EbuR128::new(1, RATE, Mode::I).ok();
    let mut len = 0;
    let frames = spectrum::frame_count(
        (source.frames() as u64 * u64::from(RATE)).div_ceil(u64::from(source.sample_rate().max(1)))
            as usize,
    );
    let (mut energy, mut contour_energy) = (Vec::with_capacity(frames), Vec::with_capacity(frames));
    let facts = pass(
        source,
        |x| {
            len += x.len();
            if !x.is_empty() && meter.as_mut().is_some_and(|m| m.add_frames_f32(x).is_err()) {
                meter = None;
            }
        },
        Some(&mut |_, power| {
            energy.push(spectrum::band_energy(power));
            contour_energy.push(syllables::band_energy(power));
        }),
    )?;
    let lufs = integrated_lufs(meter);
    Ok(Overview {
        facts,
        len,
        lufs,
        energy,
        contour_energy,
    })
}

/// Pass 2: the noise spectrum from the frames whose energy is at most `limit`.
pub fn noise(
    source: &mut dyn Source,
    energy: &[f32],
    limit: Option<f32>,
) -> Result<Vec<f32>, String> {
    let mut noise = NoiseSpectrum::default();
    if let Some(limit) = limit {
        pass(
            source,
            |_| {},
            Some(&mut |t, power| {
                if energy.get(t).is_some_and(|&e| e <= limit) {
                    noise.add(power);
                }
            }),
        )?;
    }
    Ok(noise.finish())
}

/// Pass 3: each frame's score and edge score (see [`Scorer`]) for `n` frames.
pub fn scores(
    source: &mut dyn Source,
    noise: &[f32],
    n: usize,
) -> Result<(Vec<f32>, Vec<f32>), String> {
    const RING: usize = 2 * EDGE_SMOOTH_FRAMES + 1;
    let mut scorer = Scorer::new(noise);
    let mut ring = vec![vec![0f32; BINS]; RING];
    let (mut scores, mut edges) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut seen = 0;
    let mut score = |t: usize, ring: &[Vec<f32>], scores: &mut Vec<f32>, edges: &mut Vec<f32>| {
        let frame = |u: usize| &ring[u % RING][..];
        scores.push(scorer.score(t, n, 0, frame));
        edges.push(scorer.edge_score(t, n, frame));
    };
    if n > 0 {
        pass(
            source,
            |_| {},
            Some(&mut |u, power| {
                ring[u % RING].copy_from_slice(power);
                seen = u + 1;
                // frame t is scored once frame t + EDGE_SMOOTH_FRAMES is in
                if u >= EDGE_SMOOTH_FRAMES && u - EDGE_SMOOTH_FRAMES < n {
                    score(u - EDGE_SMOOTH_FRAMES, &ring, &mut scores, &mut edges);
                }
            }),
        )?;
    }
    if seen != n {
        return Err("the file changed while it was being analysed".into());
    }
    for t in scores.len()..n {
        score(t, &ring, &mut scores, &mut edges);
    }
    Ok((scores, edges))
}

/// RMS levels inside and outside given stretches of a signal at [`RATE`], sample by sample.
pub struct Levels {
    /// Half-open sample ranges, in order.
    ranges: Vec<(usize, usize)>,
    next_range: usize,
    position: usize,
    inside: (f64, usize),
    outside: (f64, usize),
}

impl Levels {
    /// Levels of a signal of `len` samples inside `spans` (seconds, in order).
    pub fn new(spans: &[(f64, f64)], len: usize) -> Self {
        let rate = f64::from(RATE);
        let ranges = spans
            .iter()
            .map(|&(a, b)| ((a * rate) as usize, ((b * rate) as usize).min(len)))
            .filter(|(a, b)| a < b)
            .collect();
        Self {
            ranges,
            next_range: 0,
            position: 0,
            inside: (0.0, 0),
            outside: (0.0, 0),
        }
    }

    /// Adds the next samples.
    pub fn add(&mut self, x: &[f32]) {
        for &v in x {
            let i = self.position;
            while self.ranges.get(self.next_range).is_some_and(|r| r.1 <= i) {
                self.next_range += 1;
            }
            let inside = self.ranges.get(self.next_range).is_some_and(|r| r.0 <= i);
            let sum = if inside {
                &mut self.inside
            } else {
                &mut self.outside
            };
            sum.0 += f64::from(v) * f64::from(v);
            sum.1 += 1;
            self.position += 1;
        }
    }

    /// Mean square inside and outside, with the number of samples each.
    pub fn finish(&self) -> ((f64, usize), (f64, usize)) {
        let mean = |(s, n): (f64, usize)| (s / n.max(1) as f64, n);
        (mean(self.inside), mean(self.outside))
    }
}

/// Pass 4: the levels inside and outside `spans`, and F0 at the frames `asked`.
pub fn levels_and_pitch(
    source: &mut dyn Source,
    len: usize,
    spans: &[(f64, f64)],
    asked: Vec<usize>,
) -> Result<(Levels, PitchAt), String> {
    let mut levels = Levels::new(spans, len);
    let mut queries = PitchQueries::new(asked, len);
    pass(
        source,
        |x| {
            levels.add(x);
            queries.push(x);
        },
        None,
    )?;
    Ok((levels, queries.finish()))
}

/// The integrated loudness a meter measured, LUFS; `None` without a meter or for silence.
pub(super) fn integrated_lufs(meter: Option<EbuR128>) -> Option<f64> {
    meter
        .and_then(|m| m.loudness_global().ok())
        .filter(|l| l.is_finite())
}
