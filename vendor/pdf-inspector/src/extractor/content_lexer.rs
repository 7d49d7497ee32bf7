//! beleidsmijn patch (fix 9): a byte-level content-stream decoder that gives
//! exactly what `lopdf::content::Content::decode` gives, several times
//! faster.
//!
//! lopdf decodes content with nom: every number goes through `from_utf8`
//! and `str::parse`, every alternative of its `alt` is tried in turn, and
//! each operator starts with room for four operands. That was about a
//! quarter of the instructions of reading a short PDF. This module follows
//! lopdf 0.45's content grammar (`parser/mod.rs`: `_content`, `operation`,
//! `operand`, `_direct_objects`, `inline_image`) branch by branch, in the
//! same order, so that the same bytes give the same operators, operands,
//! Integer/Real choices and f32 values.
//!
//! [`decode`] returns `None` whenever it cannot vouch for the result: an
//! operation lopdf would stop at (its decode then returns the operators
//! before it), an integer out of range, nesting deeper than
//! [`MAX_DEPTH`], an inline image that would make lopdf fail, arithmetic
//! that would overflow. The caller then decodes with lopdf, so nothing
//! changes but the time.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, Stream, StringFormat};

/// Nesting of arrays, dictionaries and parenthesised strings followed
/// here; lopdf's own limits (100) are far above it, so deeper input goes
/// to lopdf rather than reproducing its limit errors.
const MAX_DEPTH: usize = 32;

/// Not sure this gives lopdf's answer: decode with lopdf.
struct Unsure;

/// `Ok(Some(_))` matched (the cursor moved past it), `Ok(None)` lopdf's
/// parser fails here without moving (the next alternative is tried),
/// `Err(Unsure)` give up.
type Step<T> = Result<Option<T>, Unsure>;

/// Decode a content stream as `Content::decode` does; `None` when the
/// stream must be decoded by lopdf to be sure of the result.
pub fn decode(data: &[u8]) -> Option<Content> {
    let mut lexer = Lexer {
        data,
        pos: 0,
        items: Vec::new(),
    };
    lexer.operations().ok()
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// The items of the arrays being read, innermost last: each array
    /// is moved out at its `]` into a vector of its exact length, where
    /// growing one vector per array reallocated a `TJ` array several
    /// times (fix 17).
    items: Vec<Object>,
}

/// lopdf's `is_whitespace`: white space in objects, hex strings, names.
fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !is_delimiter(c)
}

fn is_operator_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Powers of ten exact in f64 (5^22 < 2^53).
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.data.get(self.pos + offset).copied()
    }

    fn starts_with(&self, tag: &[u8]) -> bool {
        // beleidsmijn patch (fix 28): byte by byte, inlined; the slice's
        // `starts_with` was a call for every operation (`BI`).
        tag.iter()
            .enumerate()
            .all(|(offset, &c)| self.at(offset) == Some(c))
    }

    /// lopdf's `content_space`: space, tab, CR, LF (not NUL or form feed).
    fn content_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.pos += 1;
        }
    }

    /// lopdf's `comment`: `%`, the rest of the line and its end of line,
    /// which must be there. `false` (cursor unmoved) if it is not.
    fn comment(&mut self) -> bool {
        let rest = &self.data[self.pos..];
        if rest.first() != Some(&b'%') {
            return false;
        }
        let Some(eol) = rest.iter().position(|&c| c == b'\r' || c == b'\n') else {
            return false;
        };
        let mut end = eol + 1;
        if rest[eol] == b'\r' && rest.get(end) == Some(&b'\n') {
            end += 1;
        }
        self.pos += end;
        true
    }

    /// lopdf's `space`, between objects in arrays and dictionaries: white
    /// space (NUL and form feed included) and comments.
    fn space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if is_whitespace(c) => self.pos += 1,
                Some(b'%') => {
                    if !self.comment() {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    /// lopdf's `_content`.
    fn operations(&mut self) -> Result<Content, Unsure> {
        // Room for an operator per 10 bytes: the vector of a page's
        // operators grew a dozen times, each time copied (fix 17), and a
        // page of one `Tj` per glyph spends 12.4 bytes on an operator
        // (Chromium, fix 19). At most 65,536 (3 MiB): a long stream of few
        // operators (inline images) can be decoded whole.
        let mut operations = Vec::with_capacity((self.data.len() / 10).min(1 << 16));
        let mut operands = Vec::new();
        self.content_space();
        while let Some(operation) = self.operation(&mut operands)? {
            operations.push(operation);
        }
        Ok(Content { operations })
    }

    /// lopdf's `operation`: comments, then an inline image or operands and
    /// an operator. `None` at the end of the stream (only comments were
    /// left, which lopdf reads and drops); where lopdf would stop short of
    /// the end, `Unsure`.
    fn operation(&mut self, operands: &mut Vec<Object>) -> Result<Option<Operation>, Unsure> {
        while self.peek() == Some(b'%') {
            if !self.comment() {
                return Err(Unsure);
            }
            self.content_space();
        }
        if self.pos == self.data.len() {
            return Ok(None);
        }
        if self.starts_with(b"BI") {
            return self.inline_image().map(Some);
        }
        operands.clear();
        while let Some(object) = self.operand()? {
            operands.push(object);
            self.content_space();
        }
        let start = self.pos;
        while self.peek().is_some_and(is_operator_byte) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(Unsure);
        }
        // beleidsmijn patch (fix 28): operator bytes are ASCII, each its
        // own character, so no UTF-8 check (a call per operation) is needed.
        let bytes = &self.data[start..self.pos];
        let mut operator = String::with_capacity(bytes.len());
        operator.extend(bytes.iter().map(|&c| char::from(c)));
        self.content_space();
        // Moved into a vector of their exact length; the scratch vector
        // keeps its room for the next operation.
        let mut exact = Vec::with_capacity(operands.len());
        exact.append(operands);
        Ok(Some(Operation {
            operator,
            operands: exact,
        }))
    }

    /// lopdf's `operand`, without the white space after it.
    fn operand(&mut self) -> Step<Object> {
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        match c {
            b'n' | b't' | b'f' => Ok(self.keyword()),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            b'/' => Ok(Some(Object::Name(self.name()))),
            b'(' => self.literal_string(),
            b'<' => {
                if let Some(s) = self.hex_string() {
                    return Ok(Some(s));
                }
                self.dictionary(1)
            }
            b'[' => self.array(1),
            _ => Ok(None),
        }
    }

    /// lopdf's `null` and `boolean`: the bare prefixes, no delimiter
    /// needed after them (`nullQ` is `null` then `Q`).
    fn keyword(&mut self) -> Option<Object> {
        let (object, len) = if self.starts_with(b"null") {
            (Object::Null, 4)
        } else if self.starts_with(b"true") {
            (Object::Boolean(true), 4)
        } else if self.starts_with(b"false") {
            (Object::Boolean(false), 5)
        } else {
            return None;
        };
        self.pos += len;
        Some(object)
    }

    fn digits(&self, from: usize) -> usize {
        self.data[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    }

    /// beleidsmijn patch (fix 28): the digits from `from`, counted and
    /// read in one pass: how many, and `value` with them appended
    /// (`value * 10^len` plus their value), which is exact while the
    /// whole is at most 19 digits and meaningless past that.
    fn digit_run(&self, from: usize, value: u64) -> (usize, u64) {
        let mut len = 0;
        let mut value = value;
        for &c in self.data.get(from..).unwrap_or_default() {
            if !c.is_ascii_digit() {
                break;
            }
            value = value.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            len += 1;
        }
        (len, value)
    }

    /// lopdf's `real` then `integer`: `[+-]? (digits "." digits* | "." digits)`
    /// is Real (f32 as `f32::from_str` reads it), `[+-]? digits` Integer.
    fn number(&mut self) -> Step<Object> {
        let start = self.pos;
        let negative = self.data[start] == b'-';
        let sign = usize::from(matches!(self.data[start], b'+' | b'-'));
        let int_start = start + sign;
        // beleidsmijn patch (fix 28): the digits are read as they are
        // counted, where they were counted and then read again.
        let (int_len, int_value) = self.digit_run(int_start, 0);
        let dot = int_start + int_len;
        if self.data.get(dot) == Some(&b'.') {
            let (frac_len, mantissa) = self.digit_run(dot + 1, int_value);
            if int_len > 0 || frac_len > 0 {
                let end = dot + 1 + frac_len;
                // The digits as one integer, exact at 15 digits or fewer.
                let digits = (int_len + frac_len <= 15 && frac_len < POW10_F64.len())
                    .then_some((mantissa, frac_len));
                let value = real_value(&self.data[start..end], digits, negative)?;
                self.pos = end;
                return Ok(Some(Object::Real(value)));
            }
        }
        if int_len == 0 {
            return Ok(None);
        }
        // Up to 18 digits the value is exact and an i64 holds it.
        if int_len <= 18 {
            let value = int_value as i64;
            self.pos = dot;
            return Ok(Some(Object::Integer(if negative { -value } else { value })));
        }
        let mut value: i64 = 0;
        for &c in &self.data[int_start..dot] {
            let digit = i64::from(c - b'0');
            // Accumulated negatively so that i64::MIN reads.
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_sub(digit))
                .ok_or(Unsure)?;
        }
        if !negative {
            value = value.checked_neg().ok_or(Unsure)?;
        }
        self.pos = dot;
        Ok(Some(Object::Integer(value)))
    }

    /// lopdf's `name`: `/` then regular bytes and `#xx` escapes, stopping at
    /// anything else (a `#` without two hex digits included).
    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if c == b'#' {
                match (
                    self.at(1).and_then(hex_value),
                    self.at(2).and_then(hex_value),
                ) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        self.pos += 3;
                    }
                    _ => break,
                }
            } else if is_regular(c) {
                out.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        out
    }

    /// lopdf's `literal_string`: nested parentheses kept, escapes
    /// resolved (octal, `\n \r \t \b \f`, line continuation, any other
    /// byte as itself), ends of line kept as they are.
    fn literal_string(&mut self) -> Step<Object> {
        let start = self.pos;
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut i = start + 1;
        let data = self.data;
        loop {
            let Some(&c) = data.get(i) else {
                // Unterminated: lopdf's string fails here.
                return Ok(None);
            };
            match c {
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(Unsure);
                    }
                    out.push(c);
                    i += 1;
                }
                b')' => {
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = data.get(i + 1) else {
                        return Ok(None);
                    };
                    i += 2;
                    match e {
                        b'0'..=b'7' => {
                            let mut value = u16::from(e - b'0');
                            for _ in 0..2 {
                                match data.get(i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u16::from(d - b'0');
                                        i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        b'\r' => {
                            if data.get(i) == Some(&b'\n') {
                                i += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0C'),
                        other => out.push(other),
                    }
                }
                _ => {
                    let run = data[i..]
                        .iter()
                        .take_while(|&&b| !matches!(b, b'(' | b')' | b'\\'))
                        .count();
                    out.extend_from_slice(&data[i..i + run]);
                    i += run;
                }
            }
        }
        self.pos = i;
        Ok(Some(Object::String(out, StringFormat::Literal)))
    }

    /// lopdf's `hexadecimal_string`: hex digits and white space up to `>`,
    /// an odd last digit taken as the high nibble. `None` (cursor unmoved)
    /// if it is not one.
    fn hex_string(&mut self) -> Option<Object> {
        let rest = self.data.get(self.pos + 1..)?;
        if rest.first() == Some(&b'<') {
            return None;
        }
        let end = rest.iter().position(|&c| c == b'>')?;
        let body = &rest[..end];
        let mut out = Vec::with_capacity(body.len().div_ceil(2));
        let mut high = true;
        for &c in body {
            if let Some(v) = hex_value(c) {
                if high {
                    out.push(v << 4);
                } else if let Some(last) = out.last_mut() {
                    *last |= v;
                }
                high = !high;
            } else if !is_whitespace(c) {
                return None;
            }
        }
        self.pos += end + 2;
        Some(Object::String(out, StringFormat::Hexadecimal))
    }

    /// lopdf's `array`: `[`, objects each followed by `space`, `]`.
    fn array(&mut self, depth: usize) -> Step<Object> {
        if depth > MAX_DEPTH {
            return Err(Unsure);
        }
        let start = self.pos;
        self.pos += 1;
        self.space();
        let base = self.items.len();
        while let Some(object) = self.direct_object(depth)? {
            self.items.push(object);
            self.space();
        }
        if self.peek() == Some(b']') {
            self.pos += 1;
            Ok(Some(Object::Array(self.items.drain(base..).collect())))
        } else {
            self.items.truncate(base);
            self.pos = start;
            Ok(None)
        }
    }

    /// lopdf's `_dictionary`: `<<`, space, key-value pairs, `>>`.
    fn dictionary(&mut self, depth: usize) -> Step<Object> {
        if !self.starts_with(b"<<") {
            return Ok(None);
        }
        if depth > MAX_DEPTH {
            return Err(Unsure);
        }
        let start = self.pos;
        self.pos += 2;
        self.space();
        let dict = self.inner_dictionary(depth)?;
        if self.starts_with(b">>") {
            self.pos += 2;
            Ok(Some(Object::Dictionary(dict)))
        } else {
            self.pos = start;
            Ok(None)
        }
    }

    /// lopdf's `inner_dictionary`: pairs of a name, space, an object and
    /// space, while they read; a key whose value does not read is left
    /// unread.
    fn inner_dictionary(&mut self, depth: usize) -> Result<Dictionary, Unsure> {
        let mut dict = Dictionary::new();
        while self.peek() == Some(b'/') {
            let before = self.pos;
            let key = self.name();
            self.space();
            match self.direct_object(depth)? {
                Some(value) => {
                    self.space();
                    dict.set(key, value);
                }
                None => {
                    self.pos = before;
                    break;
                }
            }
        }
        Ok(dict)
    }

    /// lopdf's `_direct_objects` (in arrays and dictionaries): as an
    /// operand, and `n g R` references.
    fn direct_object(&mut self, depth: usize) -> Step<Object> {
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        match c {
            b'n' | b't' | b'f' => Ok(self.keyword()),
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                if c.is_ascii_digit() {
                    if let Some(reference) = self.reference() {
                        return Ok(Some(reference));
                    }
                }
                self.number()
            }
            b'/' => Ok(Some(Object::Name(self.name()))),
            b'(' => self.literal_string(),
            b'<' => {
                if let Some(s) = self.hex_string() {
                    return Ok(Some(s));
                }
                self.dictionary(depth + 1)
            }
            b'[' => self.array(depth + 1),
            _ => Ok(None),
        }
    }

    /// lopdf's `reference`: an u32, space, an u16, space, `R`.
    fn reference(&mut self) -> Option<Object> {
        let start = self.pos;
        let found = self.reference_inner();
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    fn reference_inner(&mut self) -> Option<Object> {
        let id = self.unsigned(u64::from(u32::MAX))?;
        self.space();
        let generation = self.unsigned(u64::from(u16::MAX))?;
        self.space();
        if self.peek() != Some(b'R') {
            return None;
        }
        self.pos += 1;
        Some(Object::Reference((
            u32::try_from(id).ok()?,
            u16::try_from(generation).ok()?,
        )))
    }

    /// Digits read as an unsigned number no larger than `max`.
    fn unsigned(&mut self, max: u64) -> Option<u64> {
        let len = self.digits(self.pos);
        if len == 0 {
            return None;
        }
        let mut value: u64 = 0;
        for &c in &self.data[self.pos..self.pos + len] {
            value = value.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            if value > max {
                return None;
            }
        }
        self.pos += len;
        Some(value)
    }

    /// lopdf's `inline_image`: `BI`, the image dictionary, `ID`, data of
    /// the length the dictionary gives, `EI`; an image whose length cannot
    /// be worked out (a filter, an unknown colour space) is skipped to the
    /// first ` EI ` and becomes a `BI` without operands.
    fn inline_image(&mut self) -> Result<Operation, Unsure> {
        self.pos += 2;
        self.content_space();
        let dict = self.inner_dictionary(1)?;
        if !self.starts_with(b"ID") {
            return Err(Unsure);
        }
        self.pos += 2;
        self.content_space();
        let rest = &self.data[self.pos..];
        let length = match inline_image_length(&dict)? {
            Some(length) if length <= rest.len() => Some(length),
            _ => None,
        };
        let operands = match length {
            Some(length) => {
                let content = rest[..length].to_vec();
                self.pos += length;
                self.content_space();
                if !self.starts_with(b"EI") {
                    return Err(Unsure);
                }
                self.pos += 2;
                vec![Object::Stream(Stream::new(dict, content))]
            }
            None => {
                let is_space = |c: u8| matches!(c, b' ' | b'\n' | b'\r');
                let ei = rest
                    .windows(4)
                    .position(|w| is_space(w[0]) && &w[1..3] == b"EI" && is_space(w[3]))
                    .ok_or(Unsure)?;
                self.pos += ei + 3;
                Vec::new()
            }
        };
        self.content_space();
        Ok(Operation {
            operator: String::from("BI"),
            operands,
        })
    }
}

/// lopdf's `image_data_stream` up to the length of the data: `Ok(None)`
/// where it returns an error (the image is then skipped to `EI`).
fn inline_image_length(dict: &Dictionary) -> Result<Option<usize>, Unsure> {
    let get = |short: &[u8], long: &[u8]| dict.get(short).or_else(|_| dict.get(long));
    let int = |short: &[u8], long: &[u8]| get(short, long).and_then(Object::as_i64);
    let (Ok(width), Ok(height), Ok(bpc)) = (
        int(b"W", b"Width"),
        int(b"H", b"Height"),
        int(b"BPC", b"BitsPerComponent"),
    ) else {
        return Ok(None);
    };
    let colors: usize = match get(b"IM", b"ImageMask").and_then(Object::as_bool) {
        Ok(true) => 1,
        _ => match get(b"CS", b"ColorSpace").and_then(Object::as_name) {
            Ok(b"DeviceGray" | b"Gray") => 1,
            Ok(b"DeviceRGB" | b"RGB") => 3,
            Ok(b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK") => 4,
            _ => return Ok(None),
        },
    };
    // lopdf casts with `as usize` and multiplies unchecked, before it
    // looks at the filter; where that would wrap (or panic in a debug
    // build), leave it to lopdf.
    let size = |v: i64| usize::try_from(v).map_err(|_| Unsure);
    let (width, height, bpc) = (size(width)?, size(height)?, size(bpc)?);
    let bits = colors
        .checked_mul(bpc)
        .and_then(|b| width.checked_mul(b))
        .ok_or(Unsure)?;
    let length = height.checked_mul(bits.div_ceil(8)).ok_or(Unsure)?;
    if get(b"F", b"Filter").is_ok() {
        return Ok(None);
    }
    Ok(Some(length))
}

/// The f32 that `f32::from_str` gives for `text` (`[+-]? int . frac`).
///
/// With at most 15 digits (below 2^53) and 22 decimals, the digits and the
/// power of ten are exact in f64, so their quotient is the decimal value
/// rounded once, to f64. Rounding that to f32 gives the decimal value
/// rounded to f32 unless the f64 lies exactly half-way between two f32s
/// (rounding is monotonic and the half-way points are f64s, so the decimal
/// value and its f64 are on the same side of every other one); the
/// half-way case, and every longer number, is read by `from_str` itself.
fn real_value(text: &[u8], digits: Option<(u64, usize)>, negative: bool) -> Result<f32, Unsure> {
    // beleidsmijn patch (fix 28): the digits come read, as one integer
    // and the number of them after the dot, when there are at most 15.
    if let Some((mantissa, frac_len)) = digits {
        let value = mantissa as f64 / POW10_F64[frac_len];
        // The 29 bits of an f64 mantissa below an f32's: a 1 then zeros
        // is half-way. Zero and exact values have them all zero.
        if value.to_bits() & ((1 << 29) - 1) != 1 << 28 {
            let value = value as f32;
            return Ok(if negative { -value } else { value });
        }
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse::<f32>().ok())
        .ok_or(Unsure)
}

#[cfg(test)]
#[path = "content_lexer_tests.rs"]
mod tests;
