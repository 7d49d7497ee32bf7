//! Character offsets beside byte offsets.
//!
//! Every `start`/`end` in a record is a byte offset into the document text
//! (Rust's `&text[start..end]`, and what `head -c` counts). Python, R,
//! JavaScript and DuckDB index strings by character (code point), where a
//! byte offset lands wrong after the first "ë" or "€". [`CharIndex`] turns
//! byte offsets into code-point offsets, so records can carry both:
//! `text[char_start:char_end]` in Python is the same span.
//!
//! The index keeps the number of characters before every [`STRIDE`]th byte
//! and counts the rest, so a lookup reads at most `STRIDE` bytes and the
//! index costs a twentieth of the text.

/// Bytes between two checkpoints.
const STRIDE: usize = 128;

/// Byte offset → character offset over one text.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    /// `marks[i]`: characters that start before byte `i * STRIDE`.
    marks: Vec<usize>,
}

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b & 0xC0) != 0x80
}

impl<'a> CharIndex<'a> {
    /// The index of `text`.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let bytes = text.as_bytes();
        let mut marks = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut count = 0;
        for chunk in bytes.chunks(STRIDE) {
            marks.push(count);
            count += chunk.iter().filter(|b| starts_char(b)).count();
        }
        marks.push(count);
        CharIndex { bytes, marks }
    }

    /// The number of characters that start before byte `at` (clamped to
    /// the text), which is the character offset of a byte offset on a
    /// character boundary.
    pub fn chars(&self, at: usize) -> usize {
        let at = at.min(self.bytes.len());
        let mark = at / STRIDE;
        let base = self.marks.get(mark).copied().unwrap_or(0);
        let from = mark * STRIDE;
        base + self
            .bytes
            .get(from..at)
            .map_or(0, |b| b.iter().filter(|b| starts_char(b)).count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_agree_with_counting_chars_at_every_boundary() {
        let text = "Geëvalueerd: € 1.200 per jaar.\u{c}".repeat(20) + "ë€𝄞 eind";
        let idx = CharIndex::new(&text);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(idx.chars(i), text[..i].chars().count(), "at byte {i}");
        }
        assert_eq!(idx.chars(text.len() + 5), text.chars().count());
        assert_eq!(CharIndex::new("").chars(3), 0);
    }

    #[test]
    fn a_python_slice_by_char_offsets_is_the_byte_span() {
        let text = "De financiële bijdrage van € 5.000 is verleend.";
        let start = text.find("€ 5.000").unwrap();
        let end = start + "€ 5.000".len();
        let idx = CharIndex::new(text);
        let (cs, ce) = (idx.chars(start), idx.chars(end));
        let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
        assert_eq!(by_chars, &text[start..end]);
        assert_ne!(
            (cs, ce),
            (start, end),
            "the text has multi-byte characters before it"
        );
    }
}
