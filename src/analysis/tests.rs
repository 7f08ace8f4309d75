use super::*;
use crate::analysis::observations::tests::sample_metrics;

/// A voice-like syllable: 120 Hz harmonics with a vowel-like spectral peak, raised-cosine envelope.
fn syllable(rate: u32, secs: f64, amplitude: f32) -> Vec<f32> {
    let n = (secs * f64::from(rate)) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            let env = 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / n as f32).cos();
            let voice: f32 = (1..25)
                .map(|h| {
                    let f = 120.0 * h as f32;
                    let gain = 1.0 / (1.0 + ((f - 700.0) / 300.0).powi(2));
                    gain * (std::f32::consts::TAU * f * t).sin()
                })
                .sum();
            amplitude * env * voice / 3.0
        })
        .collect()
}

fn silence(rate: u32, secs: f64) -> Vec<f32> {
    vec![0.0; (secs * f64::from(rate)) as usize]
}

/// 3 groups of 4 syllables (0.2 s each, 0.05 s apart), 1.5 s pauses, 0.5 s lead and trail.
fn phrases(rate: u32) -> Vec<f32> {
    let mut x = silence(rate, 0.5);
    for g in 0..3 {
        for s in 0..4 {
            x.extend(syllable(rate, 0.2, 0.5));
            if s < 3 {
                x.extend(silence(rate, 0.05));
            }
        }
        x.extend(silence(rate, if g < 2 { 1.5 } else { 0.5 }));
    }
    x
}

#[test]
fn finds_pauses_syllables_and_speech_time() {
    for rate in [16_000, 44_100] {
        let m = analyze_samples(&phrases(rate), rate);
        assert_eq!(m.syllables, 12, "rate {rate}: {m:?}");
        assert_eq!(m.pauses.len(), 2, "rate {rate}: {m:?}");
        assert_eq!(m.pauses_ge_1s, 2);
        for p in &m.pauses {
            assert!((p.end_s - p.start_s - 1.5).abs() < 0.1, "{p:?}");
        }
        assert!((m.speech_time_s - 2.85).abs() < 0.15, "{}", m.speech_time_s);
        assert!((m.leading_silence_s - 0.5).abs() < 0.05);
        assert_eq!(m.clipped_samples, 0);
        let f0 = m.pitch_median_hz.expect("voiced");
        assert!((f0 - 120.0).abs() < 3.0, "{f0}");
        assert_eq!(m.monotone, Some(true));
    }
}

#[test]
fn counts_clipping_and_survives_odd_input() {
    let mut x = phrases(16_000);
    x[20_000] = 1.0;
    x[20_001] = -1.0;
    assert_eq!(analyze_samples(&x, 16_000).clipped_samples, 2);
    for x in [vec![], vec![0.0; 100], vec![0.0; 48_000], vec![0.9; 30]] {
        let m = analyze_samples(&x, 48_000);
        assert_eq!(m.syllables, 0);
        assert!(m.pauses.is_empty());
        assert!(!observations(&m, &Thresholds::default()).is_empty());
    }
}

#[test]
fn reads_stereo_float_and_rejects_non_wav() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stereo.wav");
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 22_050,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = hound::WavWriter::create(&path, spec).expect("create");
    for v in phrases(22_050) {
        w.write_sample(v).expect("write");
        w.write_sample(v).expect("write");
    }
    w.finalize().expect("finalize");
    let m = analyze_file(&path).expect("analyse");
    assert_eq!(m.syllables, 12);
    assert_eq!(m.sample_rate, 22_050);
    let bad = dir.path().join("notes.wav");
    std::fs::write(&bad, "not audio").expect("write");
    let err = analyze_file(&bad).expect_err("must fail").to_string();
    assert!(
        err.contains("notes.wav") && err.contains("not a valid WAV"),
        "{err}"
    );
}

#[test]
fn metrics_round_trip_and_old_records_load() {
    let m = sample_metrics();
    let json = serde_json::to_string(&m).expect("serialise");
    assert_eq!(serde_json::from_str::<Metrics>(&json).expect("parse"), m);
    let old = r#"{"algorithm_version":1,"duration_s":3.0,"speech_time_s":2.0,"pauses":[],
        "syllables":9,"est_wpm":128.0,"clipped_samples":0,"pitch_spread_st":null,"monotone":null}"#;
    let m: Metrics = serde_json::from_str(old).expect("old record");
    assert_eq!(m.syllables, 9);
    assert_eq!(m.lufs, None);
}

#[test]
fn old_records_keep_their_background_level() {
    let old = r#"{"algorithm_version":1,"duration_s":3.0,"speech_time_s":2.0,"pauses":[],
        "syllables":9,"est_wpm":128.0,"clipped_samples":0,"pitch_spread_st":null,"monotone":null,
        "noise_floor_dbfs":-61.5,"snr_db":40.5}"#;
    let m: Metrics = serde_json::from_str(old).expect("old record");
    assert_eq!((m.noise_floor_dbfs, m.snr_db), (Some(-61.5), Some(40.5)));
}

#[test]
fn an_answer_without_a_pause_measures_no_background() {
    let rate = 16_000;
    // speech from the first to the last sample: syllables 50 ms apart
    let mut x = Vec::new();
    for _ in 0..12 {
        x.extend(syllable(rate, 0.2, 0.5));
        x.extend(silence(rate, 0.05));
    }
    let m = analyze_samples(&x, rate);
    assert!(m.syllables >= 10, "{m:?}");
    assert!(m.pauses.is_empty(), "{m:?}");
    assert!(m.speech_rms_dbfs > -30.0, "{m:?}");
    assert_eq!((m.noise_floor_dbfs, m.snr_db), (None, None), "{m:?}");
    let lines = observations(&m, &Thresholds::default());
    assert!(
        lines.iter().any(|o| o
            .text
            .ends_with("no background was measured: the answer had no pause")),
        "{lines:?}"
    );
    // with its pauses, the same kind of speech has a background
    let m = analyze_samples(&phrases(rate), rate);
    assert!(
        m.noise_floor_dbfs.is_some_and(|n| n < -100.0),
        "digital silence: {m:?}"
    );
    assert!(m.snr_db.is_some_and(|snr| snr > 60.0), "{m:?}");
}

#[test]
fn records_of_an_older_algorithm_are_stale() {
    let old = r#"{"algorithm_version":1,"duration_s":3.0,"speech_time_s":2.0,"pauses":[],
        "syllables":9,"est_wpm":128.0,"clipped_samples":0,"pitch_spread_st":null,"monotone":null}"#;
    let m: Metrics = serde_json::from_str(old).expect("old record");
    assert!(!m.is_current());
    assert!(analyze_samples(&[0.0; 16_000], 16_000).is_current());
}
