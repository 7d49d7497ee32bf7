//! Bytes to text: UTF-8, UTF-16 with a byte-order mark, and a Windows-1252
//! fallback for files that are not UTF-8. Binary files are refused.

use super::Error;
use encoding_rs::Encoding;

/// Decoded text and what was noticed on the way.
#[derive(Debug)]
pub struct Decoded {
    /// The text, NUL bytes removed.
    pub text: String,
    /// Warnings (fallback encoding, dropped NUL bytes).
    pub warnings: Vec<String>,
}

/// Share of control bytes (other than tab, newline, carriage return, form
/// feed) above which a file counts as binary.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// Decode a text file.
///
/// # Errors
/// [`Error::Binary`] when the bytes are not text in any supported encoding.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, Error> {
    let mut warnings = Vec::new();
    let text = if let Some((text, enc)) = decode_bom(bytes)? {
        if enc != encoding_rs::UTF_8 {
            warnings.push(format!("decoded as {} (byte-order mark)", enc.name()));
        }
        text
    } else {
        let (text, fell_back) = utf8_else_windows_1252(bytes)?;
        if fell_back {
            warnings.push("not UTF-8, decoded as Windows-1252".to_string());
        }
        text
    };
    let text = accept_text(text, &mut warnings)?;
    Ok(Decoded { text, warnings })
}

/// Decode by the byte-order mark, if `bytes` start with one: the text and
/// the encoding the mark names, or `None` without a mark.
///
/// # Errors
/// [`Error::Binary`] when the bytes after the mark are invalid in its
/// encoding.
pub fn decode_bom(bytes: &[u8]) -> Result<Option<(String, &'static Encoding)>, Error> {
    let Some((enc, bom_len)) = Encoding::for_bom(bytes) else {
        return Ok(None);
    };
    let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
    if had_errors {
        return Err(Error::Binary {
            reason: format!("invalid {} after its byte-order mark", enc.name()),
        });
    }
    Ok(Some((cow.into_owned(), enc)))
}

/// Decode bytes without a byte-order mark as UTF-8, else (binary refused
/// first) as Windows-1252; `true` when it fell back to Windows-1252.
///
/// # Errors
/// [`Error::Binary`] when the bytes are not UTF-8 and mostly control
/// characters.
pub fn utf8_else_windows_1252(bytes: &[u8]) -> Result<(String, bool), Error> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), false)),
        Err(_) => {
            check_not_binary(bytes)?;
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((cow.into_owned(), true))
        }
    }
}

/// The last step of every decoding: refuse decoded text that is binary,
/// else drop its NUL bytes with a warning naming the first one's offset.
///
/// # Errors
/// [`Error::Binary`] when the text is mostly control characters.
pub fn accept_text(text: String, warnings: &mut Vec<String>) -> Result<String, Error> {
    check_not_binary(text.as_bytes())?;
    Ok(drop_nul(text, warnings))
}

fn drop_nul(text: String, warnings: &mut Vec<String>) -> String {
    match text.find('\0') {
        None => text,
        Some(first) => {
            let count = text.matches('\0').count();
            warnings.push(format!(
                "{count} NUL byte(s) dropped, the first at byte offset {first}"
            ));
            text.replace('\0', "")
        }
    }
}

/// Refuse bytes that are mostly control characters.
pub fn check_not_binary(bytes: &[u8]) -> Result<(), Error> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c) || b == 0x7f)
        .count();
    let share = control as f64 / sample.len().max(1) as f64;
    if share > MAX_CONTROL_SHARE && control > 4 {
        return Err(Error::Binary {
            reason: format!(
                "{:.0}% of the first {} bytes are control characters",
                share * 100.0,
                sample.len()
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "geëvalueerd".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text, "geëvalueerd");
    }

    #[test]
    fn windows_1252_fallback_warns() {
        let d = decode_text(b"ge\xebvalueerd \x93zo\x94").unwrap();
        assert_eq!(d.text, "geëvalueerd “zo”");
        assert_eq!(d.warnings, vec!["not UTF-8, decoded as Windows-1252"]);
    }

    #[test]
    fn binary_refused() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(decode_text(&bytes), Err(Error::Binary { .. })));
    }

    #[test]
    fn nul_dropped_with_warning() {
        let d = decode_text(b"een\0twee").unwrap();
        assert_eq!(d.text, "eentwee");
        assert!(d.warnings[0].contains("offset 3"));
    }
}
