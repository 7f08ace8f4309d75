use std::path::{Path, PathBuf};
use std::time::Duration;

use hound::{SampleFormat, WavSpec, WavSpecEx, WavWriter};

use super::*;

/// Writes `frames` frames of `channels` channels; channel c of frame i holds `value(i, c)`.
fn write_wav(
    path: &Path,
    spec: WavSpecEx,
    frames: usize,
    value: impl Fn(usize, usize) -> f64,
) -> PathBuf {
    let file = std::io::BufWriter::new(File::create(path).expect("create"));
    let mut w = WavWriter::new_with_spec_ex(file, spec).expect("writer");
    let s = spec.spec;
    for i in 0..frames {
        for c in 0..usize::from(s.channels) {
            let v = value(i, c);
            match s.sample_format {
                SampleFormat::Float => w.write_sample(v as f32).expect("write"),
                SampleFormat::Int => {
                    let full = (1i64 << (s.bits_per_sample - 1)) as f64;
                    let q = (v * full).round().clamp(-full, full - 1.0) as i32;
                    w.write_sample(q).expect("write");
                }
            }
        }
    }
    w.finalize().expect("finalize");
    path.to_path_buf()
}

fn spec(channels: u16, bits: u16, bytes: u16, format: SampleFormat) -> WavSpecEx {
    WavSpecEx {
        spec: WavSpec {
            channels,
            sample_rate: 8_000,
            bits_per_sample: bits,
            sample_format: format,
        },
        bytes_per_sample: bytes,
    }
}

fn read_all(reader: &mut Reader, block: usize) -> (Vec<f32>, BlockFacts) {
    let (mut all, mut facts, mut buf) = (Vec::new(), BlockFacts::default(), Vec::new());
    loop {
        let f = reader.read_block(&mut buf, block).expect("read");
        assert_eq!(f.frames, buf.len());
        if f.frames == 0 {
            return (all, facts);
        }
        facts.merge(f);
        all.extend_from_slice(&buf);
    }
}

/// A ramp from −0.5 to 0.5 on the left channel, its negative on the right, and one full-scale
/// positive sample at frame 10 on the left.
fn ramp(i: usize, c: usize) -> f64 {
    if i == 10 && c == 0 {
        return 1.0;
    }
    let v = i as f64 / 100.0 - 0.5;
    if c == 0 { v } else { -v / 2.0 }
}

#[test]
fn every_format_reads_as_the_same_mono_signal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let formats = [
        (8, 1, SampleFormat::Int, 1.0 / 128.0),
        (16, 2, SampleFormat::Int, 1.0 / 32_768.0),
        (24, 3, SampleFormat::Int, 1e-6),
        (24, 4, SampleFormat::Int, 1e-6),
        (32, 4, SampleFormat::Int, 1e-6),
        (32, 4, SampleFormat::Float, 1e-6),
    ];
    for (bits, bytes, format, tolerance) in formats {
        for channels in [1u16, 2] {
            let name = format!("{bits}-{bytes}-{format:?}-{channels}.wav");
            let path = write_wav(
                &dir.path().join(&name),
                spec(channels, bits, bytes, format),
                101,
                ramp,
            );
            let mut reader = open(&path).expect(&name);
            let info = *reader.info();
            assert_eq!((info.frames, info.declared_frames), (101, 101), "{name}");
            assert!(!info.truncated());
            assert_eq!(info.spec.bits_per_sample, bits);
            assert!((info.duration_s() - 101.0 / 8_000.0).abs() < 1e-12);
            let (mono, facts) = read_all(&mut reader, 7);
            assert_eq!(mono.len(), 101, "{name}");
            for (i, &v) in mono.iter().enumerate() {
                let want = (0..channels).map(|c| ramp(i, usize::from(c))).sum::<f64>()
                    / f64::from(channels);
                assert!(
                    (f64::from(v) - want).abs() <= tolerance,
                    "{name} frame {i}: {v} vs {want}"
                );
            }
            // the full-scale sample is clipped in every format; the peak is seen before mixing
            assert_eq!(facts.clipped, 1, "{name}");
            assert!(
                (facts.peak - 1.0).abs() <= tolerance as f32 * 2.0,
                "{name}: {}",
                facts.peak
            );
            assert_eq!(facts.frames, 101);
        }
    }
}

#[test]
fn blocks_have_the_requested_size_and_seek_moves_to_a_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_wav(
        &dir.path().join("s.wav"),
        spec(2, 16, 2, SampleFormat::Int),
        1_000,
        |i, _| i as f64 / 2_000.0,
    );
    let mut reader = open(&path).expect("open");
    let whole = read_all(&mut reader, 1_000).0;
    let mut block = Vec::new();
    reader.seek(0).expect("seek");
    assert_eq!(
        reader.read_block(&mut block, 300).expect("read").frames,
        300
    );
    assert_eq!(block[..], whole[..300]);
    reader.seek(640).expect("seek");
    assert_eq!(reader.position(), 640);
    assert_eq!(
        reader.read_block(&mut block, 300).expect("read").frames,
        300
    );
    assert_eq!(block[..], whole[640..940]);
    assert_eq!(reader.read_block(&mut block, 300).expect("read").frames, 60);
    assert_eq!(reader.read_block(&mut block, 300).expect("read").frames, 0);
    reader.seek(5_000).expect("seek past the end");
    assert_eq!(reader.position(), 1_000);
    let all = read_mono(&path).expect("read_mono");
    assert_eq!(all.samples, whole);
    assert_eq!(all.info.spec.channels, 2);
}

#[test]
fn a_file_cut_short_reads_what_is_there() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (bits, bytes, format) in [
        (16, 2, SampleFormat::Int),
        (24, 3, SampleFormat::Int),
        (32, 4, SampleFormat::Float),
    ] {
        let path = write_wav(
            &dir.path().join(format!("cut{bits}.wav")),
            spec(2, bits, bytes, format),
            8_000,
            |i, _| (i % 100) as f64 / 200.0,
        );
        let full = read_mono(&path).expect("full").samples;
        let len = std::fs::metadata(&path).expect("meta").len();
        // cut in the middle of a frame: 1,000 frames and a half remain
        let frame_bytes = 2 * u64::from(bytes);
        let header = len - 8_000 * frame_bytes;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_len(header + 1_000 * frame_bytes + 3)
            .expect("truncate");
        let cut = read_mono(&path).expect("cut");
        assert_eq!(cut.info.declared_frames, 8_000);
        assert_eq!(cut.info.frames, 1_000);
        assert!(cut.info.truncated());
        assert!((cut.info.declared_duration_s() - 1.0).abs() < 1e-12);
        assert_eq!(cut.samples[..], full[..1_000]);
    }
}

#[test]
fn empty_broken_and_unsupported_files_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.wav");
    std::fs::write(&empty, b"").expect("write");
    assert!(matches!(open(&empty), Err(WavError::Empty)));
    assert_eq!(
        open(&empty).err().map(|e| e.to_string()).as_deref(),
        Some("empty file")
    );
    let short = dir.path().join("short.wav");
    std::fs::write(&short, b"RIFF\x10\x00").expect("write");
    let err = open(&short).err().expect("must fail").to_string();
    assert_eq!(
        err,
        "not a valid WAV file (the file ends inside its header)"
    );
    let text = dir.path().join("notes.wav");
    std::fs::write(&text, "not audio at all").expect("write");
    assert!(matches!(open(&text), Err(WavError::Invalid(_))));
    assert!(matches!(
        open(&dir.path().join("missing.wav")),
        Err(WavError::Io(e)) if e.kind() == io::ErrorKind::NotFound
    ));
    // a header-only file is valid and holds nothing
    let silent = write_wav(
        &dir.path().join("none.wav"),
        spec(1, 16, 2, SampleFormat::Int),
        0,
        |_, _| 0.0,
    );
    let mut reader = open(&silent).expect("header only");
    assert_eq!(reader.info().frames, 0);
    assert_eq!(read_all(&mut reader, 10).0.len(), 0);
}

/// Runs `f` on a thread and fails instead of hanging when it takes longer than 5 s.
fn within_5_s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5))
        .expect("opening must not block")
}

#[test]
fn fifos_devices_and_folders_are_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.wav");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let folder = dir.path().to_path_buf();
    for path in [fifo, PathBuf::from("/dev/zero"), folder] {
        let shown = path.display().to_string();
        let result = within_5_s(move || open(&path).err().map(|e| e.to_string()));
        assert_eq!(result.as_deref(), Some("not a regular file"), "{shown}");
    }
}

#[test]
fn peaks_find_the_loud_half_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_wav(
        &dir.path().join("t.wav"),
        spec(2, 16, 2, SampleFormat::Int),
        8_000,
        |i, c| {
            if i < 4_000 {
                0.0
            } else if c == 0 {
                0.5
            } else {
                -0.25
            }
        },
    );
    let p = peaks(&path, 4).expect("peaks");
    assert_eq!(p.len(), 4);
    assert!(p[0] < 0.01 && p[1] < 0.01, "{p:?}");
    // the peak of any channel, not of the mix
    assert!(
        (p[2] - 0.5).abs() < 0.001 && (p[3] - 0.5).abs() < 0.001,
        "{p:?}"
    );
    // more columns than frames: the columns past the end are empty
    let short = write_wav(
        &dir.path().join("s.wav"),
        spec(1, 16, 2, SampleFormat::Int),
        3,
        |_, _| 0.5,
    );
    let p = peaks(&short, 5).expect("peaks");
    assert!(
        p[..3].iter().all(|&v| (v - 0.5).abs() < 0.001) && p[3..] == [0.0, 0.0],
        "{p:?}"
    );
    assert!(peaks(Path::new("/nonexistent/x.wav"), 10).is_err());
}

#[test]
fn cached_peaks_are_reused_until_the_wav_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_wav(
        &dir.path().join("q01.wav"),
        spec(1, 16, 2, SampleFormat::Int),
        8_000,
        |_, _| 0.25,
    );
    let cache = cache_path(&path);
    assert_eq!(cache, dir.path().join("q01.peaks.json"));
    let first = cached_peaks(&path, 8).expect("peaks");
    assert!(first.iter().all(|&v| (v - 0.25).abs() < 0.001), "{first:?}");
    assert!(cache.is_file());
    // the cache is what is read back: plant other numbers in it
    let planted = std::fs::read_to_string(&cache)
        .expect("cache")
        .replace("0.25", "0.75");
    std::fs::write(&cache, planted).expect("plant");
    assert!(
        cached_peaks(&path, 8)
            .expect("peaks")
            .iter()
            .all(|&v| v == 0.75)
    );
    // another column count is computed afresh
    assert_eq!(cached_peaks(&path, 4).expect("peaks").len(), 4);
    // a rewritten WAV (other content, other time) invalidates the cache
    write_wav(&path, spec(1, 16, 2, SampleFormat::Int), 8_000, |_, _| 0.5);
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(later))
        .expect("touch");
    let fresh = cached_peaks(&path, 8).expect("peaks");
    assert!(fresh.iter().all(|&v| (v - 0.5).abs() < 0.001), "{fresh:?}");
    // a broken cache is replaced
    std::fs::write(&cache, "{").expect("break");
    assert_eq!(cached_peaks(&path, 8).expect("peaks"), fresh);
}
