//! Ruling lines: the strokes and thin fills that draw table borders.
//!
//! In: a page's content stream (decoded with the size limit of
//! [`super::guard`]). Out: horizontal and vertical segments in the
//! top-down page frame of [`super::page::GlyphRun`]. Layout uses the
//! horizontal ones to cut a grid table into rows before it cuts rows into
//! cells, which is what keeps side-by-side cells from being read column
//! by column. Only the page's own content is read (not Form XObjects);
//! clipping paths (`W n`) are not rules.

/// Longest content (bytes) scanned for rules; past it the page has none.
const MAX_SCAN_BYTES: usize = 16 * 1024 * 1024;
/// Most path operations kept per page.
const MAX_SEGMENTS: usize = 20_000;
/// Thinner than this (points) a filled rectangle is a rule.
const THIN: f32 = 2.5;
/// Shorter than this (points) a segment is no rule.
const MIN_LEN: f32 = 8.0;

/// A horizontal (`y0 == y1`) or vertical (`x0 == x1`) segment, top-down
/// coordinates, `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left end.
    pub x0: f32,
    /// Top end.
    pub y0: f32,
    /// Right end.
    pub x1: f32,
    /// Bottom end.
    pub y1: f32,
}

impl Rule {
    /// Whether the rule runs left to right.
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0) < (self.x1 - self.x0)
    }
}

type Matrix = [f32; 6];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One token of a content stream that matters for paths.
enum Tok<'a> {
    /// A number's bytes, read when an operator takes it (most numbers of
    /// a page position text, which no rule needs).
    Num(&'a [u8]),
    Op(&'a [u8]),
    Other,
}

/// A minimal content-stream tokenizer: numbers and operators; strings,
/// names, arrays, dictionaries, comments and inline images are skipped.
/// It does not build objects, which makes it some ten times faster than
/// decoding the whole stream.
struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        while self.i < s.len() {
            let c = s[self.i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0 => self.i += 1,
                b'%' => {
                    while self.i < s.len() && s[self.i] != b'\n' && s[self.i] != b'\r' {
                        self.i += 1;
                    }
                }
                b'(' => {
                    let mut depth = 0usize;
                    while self.i < s.len() {
                        match s[self.i] {
                            b'\\' => self.i += 1,
                            b'(' => depth += 1,
                            b')' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    self.i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        self.i += 1;
                    }
                    return Some(Tok::Other);
                }
                b'<' | b'>' | b'[' | b']' | b'{' | b'}' => {
                    self.i += 1;
                    if c == b'<' && s.get(self.i) != Some(&b'<') {
                        while self.i < s.len() && s[self.i] != b'>' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                    return Some(Tok::Other);
                }
                b'/' => {
                    self.i += 1;
                    while self.i < s.len() && !is_delim(s[self.i]) {
                        self.i += 1;
                    }
                    return Some(Tok::Other);
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let st = self.i;
                    self.i += 1;
                    while self.i < s.len() && matches!(s[self.i], b'0'..=b'9' | b'.') {
                        self.i += 1;
                    }
                    return Some(Tok::Num(&s[st..self.i]));
                }
                _ => {
                    let st = self.i;
                    while self.i < s.len() && !is_delim(s[self.i]) {
                        self.i += 1;
                    }
                    if self.i == st {
                        self.i += 1;
                        return Some(Tok::Other);
                    }
                    let op = &s[st..self.i];
                    if op == b"ID" {
                        // Inline image data runs to "EI" between white space.
                        while self.i + 2 < s.len() {
                            if s[self.i].is_ascii_whitespace()
                                && &s[self.i + 1..self.i + 3] == b"EI"
                            {
                                self.i += 3;
                                break;
                            }
                            self.i += 1;
                        }
                        return Some(Tok::Other);
                    }
                    return Some(Tok::Op(op));
                }
            }
        }
        None
    }
}

/// The last `N` numbers before an operator, as the operator reads them:
/// `None` when fewer than `N` came after the last token that was no
/// number, or when one of them reads as none ("1.2.3": then the numbers
/// after it are fewer than `N`). A number too large for `f32` reads as 0.
fn operands<const N: usize>(v: &[&[u8]]) -> Option<[f32; N]> {
    let from = v.len().checked_sub(N)?;
    let mut out = [0.0; N];
    for (slot, token) in out.iter_mut().zip(&v[from..]) {
        let x = number(token)?;
        *slot = if x.is_finite() { x } else { 0.0 };
    }
    Some(out)
}

/// Powers of ten an `f64` holds exactly (5^22 < 2^53).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/// The most digits read on the fast path: their integer stays below 2^53.
const FAST_DIGITS: usize = 15;

/// The value of a number token (`-12.5`, `.5`, `3.`), as
/// `str::parse::<f32>` reads it, `None` where it reads none ("-", "1.2.3").
/// Content streams write short decimals (Chromium `595.276001`): their
/// digits as an integer below 2^53 over a power of ten of at most 10^22
/// are two exact `f64`s, and IEEE division rounds their quotient
/// correctly. Rounding that to `f32` again is the parse's rounding unless
/// the `f64` lies exactly half-way between two `f32`s (the 29 bits below
/// an `f32`'s mantissa a 1 and zeros): then, and for any other token, the
/// parse reads it.
fn number(t: &[u8]) -> Option<f32> {
    let (negative, body) = match t.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, t),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut scale: Option<usize> = None;
    let mut fast = true;
    for &c in body {
        match c {
            b'0'..=b'9' if digits < FAST_DIGITS => {
                digits += 1;
                mantissa = mantissa * 10 + u64::from(c - b'0');
                if let Some(k) = scale.as_mut() {
                    *k += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => {
                fast = false;
                break;
            }
        }
    }
    if let Some(&ten) = POW10.get(scale.unwrap_or(0)).filter(|_| fast && digits > 0) {
        let value = mantissa as f64 / ten;
        if value.to_bits() & ((1 << 29) - 1) != 1 << 28 {
            let value = value as f32;
            return Some(if negative { -value } else { value });
        }
    }
    std::str::from_utf8(t).ok()?.parse::<f32>().ok()
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'\x0c'
            | 0
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// The rules drawn by `content`, for a page `height` points high.
pub fn rules(content: &[u8], height: f32) -> Vec<Rule> {
    let mut out = Vec::new();
    if content.len() > MAX_SCAN_BYTES {
        return out;
    }
    let mut lex = Lexer { s: content, i: 0 };
    let mut v: Vec<&[u8]> = Vec::with_capacity(8);
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<Matrix> = Vec::new();
    // Current path: segments in device space, and rectangles.
    let mut segs: Vec<(f32, f32, f32, f32)> = Vec::new();
    let mut rects: Vec<[(f32, f32); 4]> = Vec::new();
    let mut cur: Option<(f32, f32)> = None;
    let mut start: Option<(f32, f32)> = None;
    while let Some(tok) = lex.next() {
        if out.len() >= MAX_SEGMENTS {
            break;
        }
        let op = match tok {
            Tok::Num(x) => {
                if v.len() >= 8 {
                    v.remove(0);
                }
                v.push(x);
                continue;
            }
            Tok::Other => {
                v.clear();
                continue;
            }
            Tok::Op(op) => op,
        };
        match op {
            b"q" if stack.len() < 64 => stack.push(ctm),
            b"Q" => ctm = stack.pop().unwrap_or(ctm),
            b"cm" => {
                if let Some(n) = operands::<6>(&v) {
                    ctm = mul(&n, &ctm);
                }
            }
            b"m" => {
                if let Some([x, y]) = operands(&v) {
                    let p = apply(&ctm, x, y);
                    cur = Some(p);
                    start = Some(p);
                }
            }
            b"l" => {
                let Some([x, y]) = operands(&v) else {
                    v.clear();
                    continue;
                };
                let p = apply(&ctm, x, y);
                if let Some(c) = cur {
                    segs.push((c.0, c.1, p.0, p.1));
                }
                cur = Some(p);
            }
            b"h" => {
                if let (Some(c), Some(s)) = (cur, start) {
                    segs.push((c.0, c.1, s.0, s.1));
                }
                cur = start;
            }
            b"re" => {
                let Some([x, y, w, h]) = operands(&v) else {
                    v.clear();
                    continue;
                };
                rects.push([
                    apply(&ctm, x, y),
                    apply(&ctm, x + w, y),
                    apply(&ctm, x + w, y + h),
                    apply(&ctm, x, y + h),
                ]);
            }
            b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" | b"f" | b"F" | b"f*" => {
                let stroked = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                paint(&mut out, &segs, &rects, stroked, height);
                segs.clear();
                rects.clear();
                cur = None;
            }
            b"n" => {
                segs.clear();
                rects.clear();
                cur = None;
            }
            _ => {}
        }
        v.clear();
        if segs.len() + rects.len() > MAX_SEGMENTS {
            segs.clear();
            rects.clear();
        }
    }
    merge(out)
}

/// Turn a painted path into rules.
fn paint(
    out: &mut Vec<Rule>,
    segs: &[(f32, f32, f32, f32)],
    rects: &[[(f32, f32); 4]],
    stroked: bool,
    height: f32,
) {
    for &(x0, y0, x1, y1) in segs {
        push_segment(out, x0, y0, x1, y1, height);
    }
    for r in rects {
        let xs = r.map(|p| p.0);
        let ys = r.map(|p| p.1);
        let (l, rr) = (
            xs.iter().copied().fold(f32::MAX, f32::min),
            xs.iter().copied().fold(f32::MIN, f32::max),
        );
        let (b, t) = (
            ys.iter().copied().fold(f32::MAX, f32::min),
            ys.iter().copied().fold(f32::MIN, f32::max),
        );
        if t - b <= THIN {
            push_segment(out, l, (b + t) / 2.0, rr, (b + t) / 2.0, height);
        } else if rr - l <= THIN {
            push_segment(out, (l + rr) / 2.0, b, (l + rr) / 2.0, t, height);
        } else if stroked {
            push_segment(out, l, b, rr, b, height);
            push_segment(out, l, t, rr, t, height);
            push_segment(out, l, b, l, t, height);
            push_segment(out, rr, b, rr, t, height);
        }
    }
}

fn push_segment(out: &mut Vec<Rule>, x0: f32, y0: f32, x1: f32, y1: f32, height: f32) {
    let (ya, yb) = (height - y0, height - y1);
    let (l, r) = (x0.min(x1), x0.max(x1));
    let (t, b) = (ya.min(yb), ya.max(yb));
    let horizontal = b - t <= 1.0 && r - l >= MIN_LEN;
    let vertical = r - l <= 1.0 && b - t >= MIN_LEN;
    if horizontal || vertical {
        out.push(Rule {
            x0: l,
            y0: t,
            x1: r,
            y1: b,
        });
    }
}

/// Join collinear rules that touch (cell borders drawn cell by cell).
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    let (mut h, mut v): (Vec<Rule>, Vec<Rule>) = rules.drain(..).partition(Rule::horizontal);
    h.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    v.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.y0.total_cmp(&b.y0)));
    let mut out: Vec<Rule> = Vec::with_capacity(h.len() + v.len());
    for r in h {
        match out.last_mut() {
            Some(l) if (l.y0 - r.y0).abs() <= 1.0 && r.x0 <= l.x1 + 2.0 => l.x1 = l.x1.max(r.x1),
            _ => out.push(r),
        }
    }
    let mut vout: Vec<Rule> = Vec::with_capacity(v.len());
    for r in v {
        match vout.last_mut() {
            Some(l) if (l.x0 - r.x0).abs() <= 1.0 && r.y0 <= l.y1 + 2.0 => l.y1 = l.y1.max(r.y1),
            _ => vout.push(r),
        }
    }
    out.extend(vout);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path reads every token as `str::parse::<f32>` does, bit
    /// for bit, and reads none where the parse reads none.
    #[test]
    fn numbers_read_as_the_standard_parse_reads_them() {
        let mut tokens: Vec<String> = [
            "0",
            "-0",
            "+0",
            ".",
            "-",
            "+",
            "-.",
            "5.",
            ".5",
            "-.5",
            "1.2.3",
            "16777216",
            "16777217",
            "-16777217",
            "0.1",
            "0.3",
            "1e5",
            "123456789012",
            "0.0000000001",
            "0.00000000001",
            "3.4028235e38",
            "99999999999",
            "007.50",
            "1..2",
            "+.0",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Decimals as content streams write them, and round trips of
        // pseudo-random f32s printed at several precisions.
        let mut x: u32 = 12345;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let v = (x % 2_000_000) as f32 / 997.0 - 1000.0;
            for digits in [0, 1, 2, 3, 4, 6, 8, 9, 12] {
                tokens.push(format!("{v:.digits$}"));
            }
            // Half-way cases: an f32 and the next, averaged in f64.
            let a = f32::from_bits(x >> 2);
            if a.is_finite() && a.abs() < 1e12 && a.abs() > 1e-6 {
                let b = f32::from_bits((x >> 2) + 1);
                tokens.push(format!("{}", (f64::from(a) + f64::from(b)) / 2.0));
            }
            tokens.push(format!("{}", x % 100_000));
        }
        for t in &tokens {
            let want = t.parse::<f32>().ok().map(f32::to_bits);
            assert_eq!(number(t.as_bytes()).map(f32::to_bits), want, "{t}");
        }
    }
}
