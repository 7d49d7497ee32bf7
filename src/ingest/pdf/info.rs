//! The document information dictionary: the `/Title` and `/Subject` a
//! PDF's producer wrote ("Bijlage 1 - Jaarstukken 2019"). They are kept
//! beside the text (`Document::chrome`), as evidence of what the document
//! is, never as text that offsets point into.

use lopdf::{Document, Object};

/// Longest title kept, in characters.
const MAX_CHARS: usize = 300;

/// A PDF text string: UTF-16BE after a byte-order mark, else
/// PDFDocEncoding (read as Latin-1, which it equals for letters).
fn text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The title and subject of `doc`, where it has them, without control
/// characters and white space runs.
pub fn titles(doc: &Document) -> Vec<String> {
    let Ok(info) = doc.trailer.get(b"Info") else {
        return Vec::new();
    };
    let Ok((_, Object::Dictionary(info))) = doc.dereference(info) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in [&b"Title"[..], b"Subject"] {
        let Ok(value) = info.get(key).and_then(|v| doc.dereference(v)) else {
            continue;
        };
        let Ok(bytes) = value.1.as_str() else {
            continue;
        };
        let text: String = text_string(bytes)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_CHARS)
            .collect();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().any(char::is_alphabetic) && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_both_encodings() {
        assert_eq!(text_string(b"Jaarstukken 2019"), "Jaarstukken 2019");
        assert_eq!(text_string(&[0xFE, 0xFF, 0, b'J', 0, 0xE9]), "Jé");
        assert_eq!(text_string(&[0x4A, 0xE9]), "Jé");
    }
}
