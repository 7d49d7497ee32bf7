//! Bounded content-stream decoding.
//!
//! `lopdf::content::Content::decode` materializes every operator before any
//! caller can apply a limit. A compact page of `q Q` pairs can therefore
//! allocate hundreds of megabytes and abort. Count operators first (without
//! allocating `Operation` objects) and skip decode when the cap is exceeded.

use crate::PdfError;
use lopdf::content::{Content, Operation};

/// Maximum content-stream operators decoded for a page or a single Form
/// XObject. Matches the previous post-decode skip threshold.
pub const MAX_PAGE_OPERATIONS: usize = 1_000_000;

/// Maximum decompressed bytes read for a page's content, and for each Form
/// XObject read on its own, so a content bomb (a tiny Flate stream
/// inflating to gigabytes) skips the page or the form instead of exhausting
/// memory — the same degradation as the operator cap. Real page content
/// runs a few MB at most; the bound is deliberately far above that.
pub(crate) const MAX_PAGE_CONTENT_BYTES: usize = 64 * 1024 * 1024;

/// Decode `data` unless it contains more than `max_operations` operators.
///
/// Returns `Ok(None)` when the stream exceeds the cap, so callers can skip
/// extraction without first allocating the operation vector.
pub(crate) fn decode_content_bounded(
    data: &[u8],
    max_operations: usize,
) -> Result<Option<Content>, PdfError> {
    if content_exceeds_operation_limit(data, max_operations) {
        return Ok(None);
    }
    decode_lenient(data).map(Some)
}

/// beleidsmijn patch (PATCHED.md): a page's content decoded up to
/// `max_operations` operators. Past the cap the operators read so far are
/// kept (the text drawn first is not thrown away with the rest) and the
/// second value is `true`; the vector is never sized beyond the cap.
pub(crate) fn decode_content_prefix(
    data: &[u8],
    max_operations: usize,
) -> Result<(Content, bool), PdfError> {
    // beleidsmijn patch (fix 9): the cap takes that many operators, each
    // at least a byte; a shorter stream cannot reach it.
    if data.len() < max_operations {
        return decode_lenient(data).map(|c| (c, false));
    }
    let mut cut = 0;
    let (count, _) = scan_operators(data, max_operations, |_, (_, end)| cut = end);
    let more = count == max_operations && count_content_operators(&data[cut..], 1) > 0;
    if !more {
        return decode_lenient(data).map(|c| (c, false));
    }
    decode_lenient(&data[..cut]).map(|c| (c, true))
}

/// beleidsmijn patch (PATCHED.md, fix 12): a page's operators handed out
/// one piece at a time, so that a long stream (a map's or a form's drawing,
/// a million operators) is never held decoded whole. The operators are
/// those [`decode_content_prefix`] gives, in the same order: the stream is
/// cut at the same operator cap, a short stream is decoded whole as there,
/// and a long one in pieces of [`STREAM_PIECE_OPERATIONS`]. Where a piece
/// does not decode, `decode_lenient` decodes the whole stream instead
/// (blanking inline images it cannot parse); this source cannot give the
/// operators of the pieces before back, so it stops and says so
/// ([`PageOps::failed`]): the caller reads the page again from
/// [`decode_content_prefix`].
pub(crate) struct PageOps<'a> {
    data: &'a [u8],
    /// Where the pieces after the current one end.
    ends: std::vec::IntoIter<usize>,
    /// Where the next piece starts.
    start: usize,
    current: std::vec::IntoIter<Operation>,
    failed: bool,
}

impl<'a> PageOps<'a> {
    /// The operators of `content`, decoded already.
    pub(crate) fn decoded(content: Content) -> PageOps<'a> {
        PageOps {
            data: &[],
            ends: Vec::new().into_iter(),
            start: 0,
            current: content.operations.into_iter(),
            failed: false,
        }
    }

    /// The operators of a page's content `data` up to `max_operations`,
    /// and whether there were more (as [`decode_content_prefix`]).
    pub(crate) fn of(data: &'a [u8], max_operations: usize) -> Result<(PageOps<'a>, bool), PdfError> {
        // Short of both the cap and a piece: decoded whole, no scan.
        if data.len() < max_operations.min(DECODE_PIECE_OPERATIONS) {
            return Ok((PageOps::decoded(decode_whole(data)?), false));
        }
        // One scan finds where the pieces end and where the cap cuts.
        let mut ends = Vec::new();
        let (mut seen, mut last) = (0usize, 0usize);
        let (count, _) = scan_operators(data, max_operations, |_, (_, end)| {
            seen += 1;
            last = end;
            if seen % STREAM_PIECE_OPERATIONS == 0 {
                ends.push(end);
            }
        });
        let cut = count == max_operations && count_content_operators(&data[last..], 1) > 0;
        let data = if cut { &data[..last] } else { data };
        if data.len() < DECODE_PIECE_OPERATIONS || ends.is_empty() {
            return Ok((PageOps::decoded(decode_whole(data)?), cut));
        }
        ends.push(data.len());
        Ok((
            PageOps {
                data,
                ends: ends.into_iter(),
                start: 0,
                current: Vec::new().into_iter(),
                failed: false,
            },
            cut,
        ))
    }

    /// The next operator; `None` at the end, or where a piece did not
    /// decode ([`PageOps::failed`]).
    pub(crate) fn next_op(&mut self) -> Option<Operation> {
        loop {
            if let Some(op) = self.current.next() {
                return Some(op);
            }
            if self.failed {
                return None;
            }
            let end = self.ends.next()?;
            match self.data.get(self.start..end).map(decode_content) {
                Some(Ok(piece)) => self.current = piece.operations.into_iter(),
                _ => {
                    self.failed = true;
                    return None;
                }
            }
            self.start = end;
        }
    }

    /// A piece did not decode: the operators handed out are not the
    /// page's, which must be read from [`decode_content_prefix`].
    pub(crate) fn failed(&self) -> bool {
        self.failed
    }
}

/// beleidsmijn patch (PATCHED.md): whether a page's content stream has more
/// operators than the page cap ([`MAX_PAGE_OPERATIONS`]), past which only
/// the first operators are read. Callers use it to say so.
pub fn page_operations_over_limit(data: &[u8]) -> bool {
    content_exceeds_operation_limit(data, MAX_PAGE_OPERATIONS)
}

/// beleidsmijn patch (PATCHED.md): lopdf's decode fails the whole stream on
/// one inline image it cannot parse (`BI /H ( … ID … EI`, `BI ID EI`, image
/// data without `EI`), and the page, then the document, was lost. When
/// the whole stream does not decode, every inline image that does not
/// decode on its own is blanked out (an image without `EI` runs to the
/// end) and the rest decoded again; the text around the image is kept.
fn decode_lenient(data: &[u8]) -> Result<Content, PdfError> {
    // beleidsmijn patch (PATCHED.md): a long stream is decoded in pieces
    // cut at operator ends, each operator's operand vector shrunk to fit.
    // lopdf's parser gives every operator room for four operands, about
    // 560 bytes an operator: a page of a million `q Q` took 570 MB to
    // decode whole, and about 60 MB so. Should a piece not decode where
    // the whole does (the scanner and lopdf disagreeing on a boundary, or
    // an inline image lopdf cannot parse), the whole stream is decoded as
    // one piece.
    // beleidsmijn patch (fix 9): a piece boundary needs that many
    // operators, each at least a byte; a shorter stream is one piece.
    if data.len() < DECODE_PIECE_OPERATIONS {
        return decode_whole(data);
    }
    let mut ends = Vec::new();
    let mut count = 0usize;
    scan_operators(data, usize::MAX, |_, (_, end)| {
        count += 1;
        if count % DECODE_PIECE_OPERATIONS == 0 {
            ends.push(end);
        }
    });
    if ends.is_empty() {
        return decode_whole(data);
    }
    let mut operations = Vec::with_capacity(count);
    let mut start = 0;
    for end in ends.into_iter().chain(std::iter::once(data.len())) {
        let Ok(piece) = decode_content(&data[start..end]) else {
            return decode_whole(data);
        };
        for mut op in piece.operations {
            op.operands.shrink_to_fit();
            operations.push(op);
        }
        start = end;
    }
    Ok(Content { operations })
}

/// Operators decoded at a time by [`decode_lenient`].
const DECODE_PIECE_OPERATIONS: usize = 65_536;

/// Operators decoded at a time by [`PageOps`], about 2 MB of them. Its
/// pieces need not be [`decode_lenient`]'s: where one does not decode, the
/// page is read from `decode_lenient`'s decode instead.
const STREAM_PIECE_OPERATIONS: usize = 8_192;

/// Decode `data` as one piece, skipping inline images lopdf cannot parse.
fn decode_whole(data: &[u8]) -> Result<Content, PdfError> {
    let first = match decode_content(data) {
        Ok(content) => return Ok(content),
        Err(e) => PdfError::Parse(e.to_string()),
    };
    let mut spans = Vec::new();
    scan_operators(data, usize::MAX, |token, (start, end)| {
        if token == b"BI" {
            spans.push((start, end));
        }
    });
    let mut patched: Option<Vec<u8>> = None;
    for (start, end) in spans {
        if decode_content(&data[start..end]).is_ok() {
            continue;
        }
        let buf = patched.get_or_insert_with(|| data.to_vec());
        buf[start..end].fill(b' ');
    }
    match patched {
        Some(buf) => decode_content(&buf).map_err(|_| first),
        None => Err(first),
    }
}

/// beleidsmijn patch (fix 9): `Content::decode`, through the byte-level
/// decoder of [`super::content_lexer`] where it vouches for its result
/// (the same operations lopdf gives), through lopdf otherwise.
pub fn decode_content(data: &[u8]) -> lopdf::Result<Content> {
    match super::content_lexer::decode(data) {
        Some(content) => Ok(content),
        None => Content::decode(data),
    }
}

fn content_exceeds_operation_limit(data: &[u8], max_operations: usize) -> bool {
    // beleidsmijn patch (fix 9): every operator counted takes at least a
    // byte, so a stream no longer than the cap cannot exceed it.
    if data.len() <= max_operations {
        return false;
    }
    count_content_operators(data, max_operations.saturating_add(1)) > max_operations
}

/// Count operators using the same token rules as lopdf's content parser,
/// stopping at `limit`. Does not allocate `Operation` / `Object` values.
fn count_content_operators(data: &[u8], limit: usize) -> usize {
    scan_operators(data, limit, |_, _| {}).0
}

/// Walk the operators of `data` by lopdf's token rules, stopping after
/// `limit` of them; `on_op` sees each operator token and its byte span (an
/// inline image's from `BI` through `EI`, or to the end without `EI`).
/// Returns the count and where the walk stopped.
fn scan_operators(
    data: &[u8],
    limit: usize,
    mut on_op: impl FnMut(&[u8], (usize, usize)),
) -> (usize, usize) {
    let mut i = 0;
    let mut count = 0;
    while i < data.len() && count < limit {
        skip_content_space(data, &mut i);
        if i >= data.len() {
            break;
        }
        if data[i] == b'%' {
            skip_comment(data, &mut i);
            continue;
        }
        match data[i] {
            b'(' => i = skip_literal_string(data, i),
            b'<' => {
                if data.get(i + 1) == Some(&b'<') {
                    i += 2;
                } else {
                    i = skip_hex_string(data, i);
                }
            }
            b'>' => {
                i += 1;
                if data.get(i) == Some(&b'>') {
                    i += 1;
                }
            }
            b'[' | b']' => i += 1,
            b'/' => skip_name(data, &mut i),
            b'+' | b'-' | b'.' => skip_number(data, &mut i),
            b if b.is_ascii_digit() => skip_number(data, &mut i),
            b if is_operator_byte(b) => {
                let start = i;
                i += 1;
                while i < data.len() && is_operator_byte(data[i]) {
                    i += 1;
                }
                let token = &data[start..i];
                if token == b"true" || token == b"false" || token == b"null" {
                    continue;
                }
                count += 1;
                if token == b"BI" && (i >= data.len() || is_content_space(data[i])) {
                    let after = skip_inline_image_after_bi(data, i);
                    // The span takes the white space after `EI`: lopdf
                    // does not parse an `EI` that ends its input.
                    let end = if after == i {
                        data.len()
                    } else {
                        (after + 1).min(data.len())
                    };
                    on_op(b"BI", (start, end));
                    i = after;
                } else {
                    on_op(token, (start, i));
                }
            }
            _ => i += 1,
        }
    }
    (count, i)
}

fn is_content_space(b: u8) -> bool {
    // PDF whitespace (ISO 32000): NUL, tab, LF, FF, CR, space. Names must
    // stop on these so a following operator is not absorbed into `/Name`.
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_operator_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'*' | b'\'' | b'"')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn skip_content_space(data: &[u8], i: &mut usize) {
    while *i < data.len() && is_content_space(data[*i]) {
        *i += 1;
    }
}

fn skip_comment(data: &[u8], i: &mut usize) {
    while *i < data.len() && data[*i] != b'\n' && data[*i] != b'\r' {
        *i += 1;
    }
}

fn skip_literal_string(data: &[u8], mut i: usize) -> usize {
    let mut depth = 1i32;
    i += 1;
    while i < data.len() && depth > 0 {
        match data[i] {
            b'\\' => {
                i += 1;
                if i < data.len() {
                    i += 1;
                }
            }
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    i
}

fn skip_hex_string(data: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < data.len() && data[i] != b'>' {
        i += 1;
    }
    if i < data.len() {
        i += 1;
    }
    i
}

fn skip_name(data: &[u8], i: &mut usize) {
    *i += 1;
    while *i < data.len() && !is_content_space(data[*i]) && !is_delimiter(data[*i]) {
        *i += 1;
    }
}

fn skip_number(data: &[u8], i: &mut usize) {
    if *i < data.len() && matches!(data[*i], b'+' | b'-') {
        *i += 1;
    }
    while *i < data.len() && data[*i].is_ascii_digit() {
        *i += 1;
    }
    if *i < data.len() && data[*i] == b'.' {
        *i += 1;
        while *i < data.len() && data[*i].is_ascii_digit() {
            *i += 1;
        }
    }
}

/// After a `BI` operator, skip inline-image data through `EI`.
/// Uses the same PDF whitespace set as `is_content_space`. If `EI` is not
/// found, leave the cursor in place so later operators are still counted
/// (undercounting would let decode allocate the full vector).
fn skip_inline_image_after_bi(data: &[u8], mut i: usize) -> usize {
    skip_content_space(data, &mut i);
    let rest = &data[i..];
    if let Some(pos) = rest.windows(4).position(|w| {
        is_content_space(w[0]) && w[1] == b'E' && w[2] == b'I' && is_content_space(w[3])
    }) {
        return i + pos + 3;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lopdf_op_count(data: &[u8]) -> usize {
        Content::decode(data)
            .map(|c| c.operations.len())
            .unwrap_or(0)
    }

    /// DoS safety: never report fewer operators than lopdf would allocate.
    /// Overcount is acceptable (skip a page); undercount would re-open decode.
    fn assert_count_does_not_undercount(data: &[u8]) {
        let ours = count_content_operators(data, usize::MAX);
        match Content::decode(data) {
            Ok(content) => assert!(
                ours >= content.operations.len(),
                "undercount: ours={ours} lopdf={} for {:?}",
                content.operations.len(),
                String::from_utf8_lossy(data)
            ),
            Err(_) => {}
        }
    }

    #[test]
    fn operator_count_matches_lopdf_for_typical_streams() {
        let samples: &[&[u8]] = &[
            b"q 1 0 0 1 0 0 cm BT /F1 12 Tf 72 720 Td (Hello) Tj ET Q",
            b"q Q q Q",
            b"BT /F1 12 Tf 12 TL 1 0 0 1 100 512 Tm (first) Tj (struck) ' ET",
            b"1 0 0 rg 0 0 10 10 re f",
            b"true false null q",
            b"% comment\nq Q\n",
            b"[ (a) 1 (b) ] TJ",
            b"1 0 0 1 0 0 cm /Im0 Do",
        ];
        for data in samples {
            assert_eq!(
                count_content_operators(data, usize::MAX),
                lopdf_op_count(data),
                "count mismatch for {}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn strings_and_comments_are_not_operators() {
        let data = b"(q Q Tj) Tj % q Q\nET";
        assert_eq!(
            count_content_operators(data, usize::MAX),
            lopdf_op_count(data)
        );
        assert_eq!(count_content_operators(data, usize::MAX), 2); // Tj, ET
    }

    #[test]
    fn inline_image_counts_as_one_operator() {
        let data = b"BI /W 2 /H 2 /CS /RGB /BPC 8 ID \x00\x01\x02\x03 EI q";
        assert_eq!(
            count_content_operators(data, usize::MAX),
            lopdf_op_count(data)
        );
        assert_eq!(count_content_operators(data, usize::MAX), 2); // BI, q
    }

    #[test]
    fn inline_image_ei_accepts_pdf_whitespace() {
        let tab = b"BI /W 1 /H 1 ID \xff\tEI\t q Q";
        let nul = b"BI /W 1 /H 1 ID \xff\x00EI\x00 q Q";
        let ff = b"BI /W 1 /H 1 ID \xff\x0cEI\x0c q Q";
        for data in [tab.as_slice(), nul.as_slice(), ff.as_slice()] {
            assert_count_does_not_undercount(data);
            assert!(
                count_content_operators(data, usize::MAX) >= 3,
                "BI plus following q Q must remain visible after EI, got {} for {:?}",
                count_content_operators(data, usize::MAX),
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn decode_is_skipped_when_operator_cap_is_exceeded() {
        let mut data = Vec::new();
        for _ in 0..20 {
            data.extend_from_slice(b"q Q\n");
        }
        assert!(decode_content_bounded(&data, 10).unwrap().is_none());
        let decoded = decode_content_bounded(&data, 50).unwrap().unwrap();
        assert_eq!(decoded.operations.len(), 40);
    }

    #[test]
    fn name_whitespace_does_not_swallow_following_operator() {
        // NUL / form-feed end a name (PDF whitespace). Absorbing `q` into
        // `/x` would undercount and let decode allocate the operator vector.
        let mut nul_sep = Vec::new();
        let mut ff_sep = Vec::new();
        for _ in 0..8_000 {
            nul_sep.extend_from_slice(b"/x\x00q");
            ff_sep.extend_from_slice(b"/x\x0cq");
        }
        assert_count_does_not_undercount(&nul_sep);
        assert_count_does_not_undercount(&ff_sep);
        assert!(count_content_operators(&ff_sep, usize::MAX) >= 8_000);
    }

    #[test]
    fn edge_streams_do_not_undercount_vs_lopdf() {
        let samples: &[&[u8]] = &[
            b".5 0 0 .5 0 0 cm",
            b"+1 -2 3.0 rg",
            b"<0041> Tj",
            b"(unbalanced",
            b"BI /W 1 /H 1 ID \xff\xff no EI here q Q q Q",
            b"q\x00Q\x00q\x00Q",
            b"/F1\x0c12 Tf (Hi) Tj",
            b"{ 1 2 add } cvx",
        ];
        for data in samples {
            assert_count_does_not_undercount(data);
        }
    }

    /// beleidsmijn patch: a long stream decoded in pieces gives the same
    /// operators as lopdf's decode of the whole.
    #[test]
    fn pieces_decode_as_the_whole() {
        let mut data = Vec::new();
        for i in 0..(DECODE_PIECE_OPERATIONS + 10) {
            data.extend_from_slice(format!("q {i} 0 0 1 0 0 cm (x{i}) Tj\nBI /W 1 /H 1 ID \x01 EI Q\n").as_bytes());
        }
        let whole = Content::decode(&data).unwrap();
        let pieces = decode_lenient(&data).unwrap();
        assert_eq!(whole.operations.len(), pieces.operations.len());
        assert!(whole
            .operations
            .iter()
            .zip(&pieces.operations)
            .all(|(a, b)| a.operator == b.operator && a.operands == b.operands));
    }

    /// beleidsmijn patch (fix 12): the operators a page's loop reads one
    /// piece at a time are those of the prefix decoded whole, in order,
    /// with the same cap; a piece that does not decode stops the stream
    /// and says so.
    fn streamed(data: &[u8], max: usize) -> (Vec<Operation>, bool, bool) {
        let (mut ops, cut) = PageOps::of(data, max).unwrap();
        let mut out = Vec::new();
        while let Some(op) = ops.next_op() {
            out.push(op);
        }
        (out, cut, ops.failed())
    }

    #[test]
    fn streamed_operators_are_the_decoded_ones() {
        let mut data = Vec::new();
        for i in 0..(2 * DECODE_PIECE_OPERATIONS + 10) {
            data.extend_from_slice(format!("q {i} 0 0 1 0 0 cm (x{i}) Tj\nBI /W 1 /H 1 ID \x01 EI Q\n").as_bytes());
        }
        for max in [usize::MAX, DECODE_PIECE_OPERATIONS + 7, 5] {
            let (whole, whole_cut) = decode_content_prefix(&data, max).unwrap();
            let (ops, cut, failed) = streamed(&data, max);
            assert!(!failed);
            assert_eq!(cut, whole_cut, "{max}");
            assert_eq!(ops.len(), whole.operations.len(), "{max}");
            assert!(ops
                .iter()
                .zip(&whole.operations)
                .all(|(a, b)| a.operator == b.operator && a.operands == b.operands));
        }
        // A short stream is decoded whole, its bad inline image blanked.
        let (ops, _, failed) = streamed(b"BT (a) Tj ET q BI ID EI Q BT (b) Tj ET", 100);
        assert!(!failed);
        assert_eq!(ops.len(), 8);
        // A long one whose last piece does not decode stops there.
        let mut bad = Vec::new();
        for _ in 0..(DECODE_PIECE_OPERATIONS + 10) {
            bad.extend_from_slice(b"q Q\n");
        }
        bad.extend_from_slice(b"BI /W 4 /H ( /BPC 8 ID \xff\xff EI\n");
        let (ops, _, failed) = streamed(&bad, usize::MAX);
        assert!(failed);
        assert!(ops.len() <= 2 * (DECODE_PIECE_OPERATIONS + 10));
    }

    /// beleidsmijn patch: past the cap the first operators are kept.
    #[test]
    fn page_prefix_keeps_the_operators_before_the_cap() {
        let data = b"BT (a) Tj ET BT (b) Tj ET";
        let (content, cut) = decode_content_prefix(data, 3).unwrap();
        assert!(cut);
        assert_eq!(content.operations.len(), 3);
        let (content, cut) = decode_content_prefix(data, 6).unwrap();
        assert!(!cut);
        assert_eq!(content.operations.len(), 6);
    }

    /// beleidsmijn patch: an inline image lopdf cannot parse is blanked,
    /// the operators around it kept.
    #[test]
    fn bad_inline_image_is_skipped_not_the_stream() {
        let samples: &[&[u8]] = &[
            b"BT (a) Tj ET q BI /W 4 /H ( /BPC 8 ID \xff\xff EI Q BT (b) Tj ET",
            b"BT (a) Tj ET q BI ID EI Q BT (b) Tj ET",
        ];
        for data in samples {
            assert!(Content::decode(data).is_err());
            let content = decode_content_bounded(data, 100).unwrap().unwrap();
            let ops: Vec<&str> = content.operations.iter().map(|o| o.operator.as_str()).collect();
            assert_eq!(ops, ["BT", "Tj", "ET", "q", "Q", "BT", "Tj", "ET"], "{ops:?}");
        }
    }

    #[test]
    fn million_q_pairs_are_rejected_without_decode() {
        let mut data = Vec::with_capacity((MAX_PAGE_OPERATIONS + 1) * 2);
        for _ in 0..=MAX_PAGE_OPERATIONS {
            data.extend_from_slice(b"q\n");
        }
        assert!(content_exceeds_operation_limit(&data, MAX_PAGE_OPERATIONS));
        assert!(decode_content_bounded(&data, MAX_PAGE_OPERATIONS)
            .unwrap()
            .is_none());
    }
}
