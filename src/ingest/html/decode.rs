//! Bytes of an HTML page to text: byte-order mark, else the charset a
//! `<meta>` declares, else UTF-8, else Windows-1252 with a warning. The
//! steps text files share (byte-order mark, the UTF-8/Windows-1252
//! fallback, refusing binary, dropping NUL bytes) are
//! [`crate::ingest::decode`]'s.

use super::find;
use crate::ingest::decode::{accept_text, check_not_binary, decode_bom, utf8_else_windows_1252};
use crate::ingest::Error;
use encoding_rs::Encoding;

/// How many bytes are searched for a `<meta charset>` declaration (the HTML
/// standard's pre-scan length).
const SNIFF_BYTES: usize = 1024;

/// Decode the page: byte-order mark, then declared charset, then UTF-8,
/// then Windows-1252. NUL bytes are dropped with a warning, as in text
/// files.
///
/// # Errors
/// [`Error::Binary`] when the bytes are not text in any supported encoding.
pub(super) fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, Error> {
    let text = if let Some((text, _)) = decode_bom(bytes)? {
        text
    } else {
        check_not_binary(bytes)?;
        match declared_charset(bytes) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    warnings.push(format!(
                        "bytes invalid in the declared charset {} were replaced",
                        enc.name()
                    ));
                }
                cow.into_owned()
            }
            declared => {
                let (text, fell_back) = utf8_else_windows_1252(bytes)?;
                if fell_back {
                    warnings.push(if declared.is_some() {
                        "declared UTF-8 but is not, decoded as Windows-1252".to_string()
                    } else {
                        "not UTF-8, decoded as Windows-1252".to_string()
                    });
                }
                text
            }
        }
    };
    accept_text(text, warnings)
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in the first [`SNIFF_BYTES`] declares.
/// UTF-16 declarations are read as UTF-8, as the HTML standard says (a page
/// that can declare itself in ASCII is not UTF-16); unknown labels and the
/// `replacement` encoding count as no declaration.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes
        .get(..bytes.len().min(SNIFF_BYTES))
        .unwrap_or_default();
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        rest = rest.get(at + 5..).unwrap_or_default();
        let tag_end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = rest.get(..tag_end).unwrap_or_default();
        let Some(cs) = find(tag, b"charset") else {
            continue;
        };
        let value = tag.get(cs + 7..).unwrap_or_default();
        let value = value.trim_ascii_start();
        let Some(value) = value.strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let end = value
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
            })
            .unwrap_or(value.len());
        let enc = Encoding::for_label(value.get(..end).unwrap_or_default())?;
        return match enc {
            e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
                Some(encoding_rs::UTF_8)
            }
            e if e == encoding_rs::REPLACEMENT => None,
            e => Some(e),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_sniffing() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"<meta charset=\"windows-1252\">", Some("windows-1252")),
            (
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">",
                Some("windows-1252"),
            ),
            (b"<meta charset=utf-8>", Some("UTF-8")),
            (b"<meta charset=\"utf-16\">", Some("UTF-8")),
            (
                b"<meta name=\"x\" content=\"y\"><p>charset=latin1</p>",
                None,
            ),
            (b"<meta charset=\"bogus\">", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                declared_charset(input).map(|e| e.name()),
                *want,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    /// Decode `bytes`, returning the text and the warnings.
    fn decoded(bytes: &[u8]) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let text = decode(bytes, &mut warnings).unwrap();
        (text, warnings)
    }

    #[test]
    fn decoding() {
        let (t, w) = decoded(b"<meta charset=\"windows-1252\"><p>ge\xebvalueerd \x93zo\x94</p>");
        assert_eq!(t, "<meta charset=\"windows-1252\"><p>geëvalueerd “zo”</p>");
        assert!(w.is_empty(), "{w:?}");
        let (t, w) = decoded(b"<p>ge\xebvalueerd</p>");
        assert_eq!(t, "<p>geëvalueerd</p>");
        assert_eq!(w, vec!["not UTF-8, decoded as Windows-1252"]);
        let (t, w) = decoded(b"<meta charset=\"utf-8\"><p>ge\xebvalueerd</p>");
        assert_eq!(t, "<meta charset=\"utf-8\"><p>geëvalueerd</p>");
        assert_eq!(
            w,
            vec!["declared UTF-8 but is not, decoded as Windows-1252"]
        );
        let (t, _) = decoded(b"\xEF\xBB\xBF<meta charset=\"windows-1252\"><p>\xC3\xAB</p>");
        assert_eq!(
            t, "<meta charset=\"windows-1252\"><p>ë</p>",
            "a BOM wins over <meta>"
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<p>geëvalueerd</p>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decoded(&utf16).0, "<p>geëvalueerd</p>");
    }

    #[test]
    fn binary_refused() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(
            decode(&bytes, &mut Vec::new()),
            Err(Error::Binary { .. })
        ));
    }

    /// NUL bytes are dropped with a warning naming the first one's offset,
    /// as in text files.
    #[test]
    fn nul_dropped_with_warning() {
        let (t, w) = decoded(b"<p>een\0twee\0</p>");
        assert_eq!(t, "<p>eentwee</p>");
        assert_eq!(w, vec!["2 NUL byte(s) dropped, the first at byte offset 6"]);
    }
}
