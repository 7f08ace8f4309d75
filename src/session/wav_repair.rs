//! Repairs the RIFF/data sizes of a WAV whose writer never finished (crash, kill, power loss).
//!
//! hound rewrites the sizes on every `flush()`, so a file is readable up to the last flush;
//! samples written after it are only reachable once the sizes are set from the file length.

use std::fs::OpenOptions;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// What [`repair_wav`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// The header already matched the file.
    AlreadyValid,
    /// The sizes were rewritten; `data_bytes` of audio are now reachable.
    Fixed { data_bytes: u32 },
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

/// Sets the RIFF and data chunk sizes of the WAV at `path` from its length, dropping a
/// trailing partial frame.
pub fn repair_wav(path: &Path) -> io::Result<Repair> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let file_len = file.metadata()?.len();
    let mut header = [0u8; 12];
    file.read_exact(&mut header)
        .map_err(|_| invalid("too short to be a WAV file"))?;
    if &header[0..4] != b"RIFF" || &header[8..12] != b"WAVE" {
        return Err(invalid("not a RIFF/WAVE file"));
    }
    // Walk the chunks up to "data", remembering the frame size from "fmt ".
    let mut pos = 12u64;
    let mut block_align = 0u64;
    loop {
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut chunk)
            .map_err(|_| invalid("no data chunk"))?;
        let size = u64::from(u32::from_le_bytes(chunk[4..8].try_into().expect("4 bytes")));
        if &chunk[0..4] == b"fmt " {
            let mut fmt = [0u8; 16];
            file.read_exact(&mut fmt)
                .map_err(|_| invalid("fmt chunk cut short"))?;
            block_align = u64::from(u16::from_le_bytes([fmt[12], fmt[13]]));
        } else if &chunk[0..4] == b"data" {
            if block_align == 0 {
                return Err(invalid("data chunk before a valid fmt chunk"));
            }
            let data_start = pos + 8;
            let available = file_len.saturating_sub(data_start);
            let max_data = u64::from(u32::MAX) - data_start;
            let data_bytes = available.min(max_data) / block_align * block_align;
            let riff_size = data_start + data_bytes - 8;
            if size == data_bytes && file_len == data_start + data_bytes {
                let mut riff = [0u8; 4];
                file.seek(SeekFrom::Start(4))?;
                file.read_exact(&mut riff)?;
                if u64::from(u32::from_le_bytes(riff)) == riff_size {
                    return Ok(Repair::AlreadyValid);
                }
            }
            let data_bytes = u32::try_from(data_bytes).expect("capped to u32");
            let riff_size = u32::try_from(riff_size).expect("capped to u32");
            file.set_len(data_start + u64::from(data_bytes))?;
            file.seek(SeekFrom::Start(4))?;
            file.write_all(&riff_size.to_le_bytes())?;
            file.seek(SeekFrom::Start(pos + 4))?;
            file.write_all(&data_bytes.to_le_bytes())?;
            file.sync_all()?;
            return Ok(Repair::Fixed { data_bytes });
        }
        // Chunks are padded to an even size.
        pos += 8 + size + (size & 1);
        if pos >= file_len {
            return Err(invalid("no data chunk"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_wav(path: &Path, samples: &[i16]) {
        crate::wav::write_i16_mono(path, 16_000, samples.iter().copied()).unwrap();
    }

    fn read_wav(path: &Path) -> Vec<i16> {
        hound::WavReader::open(path)
            .unwrap()
            .samples::<i16>()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_valid_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.wav");
        write_wav(&p, &[1, 2, 3]);
        assert_eq!(repair_wav(&p).unwrap(), Repair::AlreadyValid);
        assert_eq!(read_wav(&p), vec![1, 2, 3]);
    }

    #[test]
    fn zero_sizes_and_a_half_written_frame_are_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.wav");
        let samples: Vec<i16> = (0..1000).map(|i| (i * 7) as i16).collect();
        write_wav(&p, &samples);
        // As if the writer died before its first header update, mid-sample.
        let mut bytes = std::fs::read(&p).unwrap();
        bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
        let data = bytes.windows(4).position(|w| w == b"data").unwrap();
        bytes[data + 4..data + 8].copy_from_slice(&0u32.to_le_bytes());
        bytes.push(0x55); // half of one more sample
        std::fs::write(&p, &bytes).unwrap();
        assert_eq!(repair_wav(&p).unwrap(), Repair::Fixed { data_bytes: 2000 });
        assert_eq!(read_wav(&p), samples);
    }

    #[test]
    fn a_file_that_is_not_a_wav_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.wav");
        std::fs::write(&p, b"hello").unwrap();
        assert!(repair_wav(&p).is_err());
        std::fs::write(&p, b"RIFF\0\0\0\0WAVEdata\0\0\0\0").unwrap();
        assert!(repair_wav(&p).is_err());
    }
}
