//! Length-prefixed frames: how the batch and its worker processes talk
//! over pipes. A frame is its length as 8 bytes little-endian, then that
//! many bytes. A request is a path's bytes; a reply is the record and its
//! counts ([`crate::batch::worker`]).

use std::io::{self, Read, Write};

/// Bytes of a frame's length prefix.
pub const HEADER: usize = 8;

/// Write one frame and flush it.
///
/// # Errors
/// The pipe is closed or broken.
pub fn write(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(payload)?;
    w.flush()
}

/// Read one frame; `None` at a clean end of input (no byte of a next
/// frame).
///
/// # Errors
/// The input ends inside a frame, or cannot be read.
pub fn read(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; HEADER];
    let mut got = 0;
    while got < HEADER {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = usize::try_from(u64::from_le_bytes(len))
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    let mut payload = Vec::new();
    r.take(len as u64).read_to_end(&mut payload)?;
    if payload.len() < len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(payload))
}

/// The first whole frame at the start of `buf`, if it holds one: its
/// payload, and how many bytes of `buf` it took.
pub fn split(buf: &[u8]) -> Option<(&[u8], usize)> {
    let len = buf.get(..HEADER)?;
    let mut n = [0u8; HEADER];
    n.copy_from_slice(len);
    let len = usize::try_from(u64::from_le_bytes(n)).ok()?;
    let end = HEADER.checked_add(len)?;
    buf.get(HEADER..end).map(|p| (p, end))
}

/// The length a frame at the start of `buf` announces, once its prefix is
/// in (to reserve room for the rest at once).
pub fn announced(buf: &[u8]) -> Option<usize> {
    let mut n = [0u8; HEADER];
    n.copy_from_slice(buf.get(..HEADER)?);
    usize::try_from(u64::from_le_bytes(n)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_cut_frame_is_an_error() {
        let mut buf = Vec::new();
        for p in [&b"a.pdf"[..], b"", &[0xff; 70_000]] {
            write(&mut buf, p).unwrap();
        }
        let mut r = buf.as_slice();
        assert_eq!(read(&mut r).unwrap().unwrap(), b"a.pdf");
        assert_eq!(read(&mut r).unwrap().unwrap(), b"");
        assert_eq!(read(&mut r).unwrap().unwrap().len(), 70_000);
        assert!(read(&mut r).unwrap().is_none());
        let mut cut = &buf[..HEADER + 2];
        assert!(read(&mut cut).is_err());
        assert_eq!(split(&buf), Some((&b"a.pdf"[..], HEADER + 5)));
        assert_eq!(split(&buf[..HEADER + 4]), None);
        assert_eq!(announced(&buf[..HEADER]), Some(5));
    }
}
