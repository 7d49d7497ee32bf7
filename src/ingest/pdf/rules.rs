//! Ruling lines: the strokes and thin fills that draw table borders.
//!
//! In: a page's content stream (decoded with the size limit of
//! [`super::guard`]). Out: horizontal and vertical segments in the
//! top-down page frame of [`super::events::GlyphRun`]. Layout uses the
//! horizontal ones to cut a grid table into rows before it cuts rows into
//! cells, which is what keeps side-by-side cells from being read column
//! by column. Only the page's own content is read (not Form XObjects);
//! clipping paths (`W n`) are not rules.

use lopdf::content::Content;
use lopdf::Object;

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

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().filter_map(|o| o.as_float().ok()).filter(|v| v.is_finite()).collect()
}

/// The rules drawn by `content`, for a page `height` points high.
pub fn rules(content: &[u8], height: f32) -> Vec<Rule> {
    let mut out = Vec::new();
    if content.len() > MAX_SCAN_BYTES {
        return out;
    }
    let Ok(content) = Content::decode(content) else {
        return out;
    };
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<Matrix> = Vec::new();
    // Current path: segments in device space, and filled-rect candidates.
    let mut segs: Vec<(f32, f32, f32, f32)> = Vec::new();
    let mut rects: Vec<[(f32, f32); 4]> = Vec::new();
    let mut cur: Option<(f32, f32)> = None;
    let mut start: Option<(f32, f32)> = None;
    for op in content.operations {
        if out.len() >= MAX_SEGMENTS {
            break;
        }
        let v = nums(&op.operands);
        match op.operator.as_str() {
            "q" => {
                if stack.len() < 64 {
                    stack.push(ctm);
                }
            }
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" if v.len() == 6 => ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &ctm),
            "m" if v.len() == 2 => {
                let p = apply(&ctm, v[0], v[1]);
                cur = Some(p);
                start = Some(p);
            }
            "l" if v.len() == 2 => {
                let p = apply(&ctm, v[0], v[1]);
                if let Some(c) = cur {
                    segs.push((c.0, c.1, p.0, p.1));
                }
                cur = Some(p);
            }
            "h" => {
                if let (Some(c), Some(s)) = (cur, start) {
                    segs.push((c.0, c.1, s.0, s.1));
                }
                cur = start;
            }
            "re" if v.len() == 4 => {
                let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                rects.push([
                    apply(&ctm, x, y),
                    apply(&ctm, x + w, y),
                    apply(&ctm, x + w, y + h),
                    apply(&ctm, x, y + h),
                ]);
            }
            "S" | "s" | "B" | "B*" | "b" | "b*" | "f" | "F" | "f*" => {
                let stroked = matches!(op.operator.as_str(), "S" | "s" | "B" | "B*" | "b" | "b*");
                for &(x0, y0, x1, y1) in &segs {
                    push_segment(&mut out, x0, y0, x1, y1, height);
                }
                for r in &rects {
                    let xs = r.map(|p| p.0);
                    let ys = r.map(|p| p.1);
                    let (l, rr) = (xs.iter().copied().fold(f32::MAX, f32::min), xs.iter().copied().fold(f32::MIN, f32::max));
                    let (b, t) = (ys.iter().copied().fold(f32::MAX, f32::min), ys.iter().copied().fold(f32::MIN, f32::max));
                    if t - b <= THIN || rr - l <= THIN {
                        let (cx, cy) = ((l + rr) / 2.0, (b + t) / 2.0);
                        if t - b <= THIN {
                            push_segment(&mut out, l, cy, rr, cy, height);
                        } else {
                            push_segment(&mut out, cx, b, cx, t, height);
                        }
                    } else if stroked {
                        push_segment(&mut out, l, b, rr, b, height);
                        push_segment(&mut out, l, t, rr, t, height);
                        push_segment(&mut out, l, b, l, t, height);
                        push_segment(&mut out, rr, b, rr, t, height);
                    }
                }
                segs.clear();
                rects.clear();
                cur = None;
            }
            "n" => {
                segs.clear();
                rects.clear();
                cur = None;
            }
            _ => {}
        }
    }
    merge(out)
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

fn push_segment(out: &mut Vec<Rule>, x0: f32, y0: f32, x1: f32, y1: f32, height: f32) {
    let (ya, yb) = (height - y0, height - y1);
    let (l, r) = (x0.min(x1), x0.max(x1));
    let (t, b) = (ya.min(yb), ya.max(yb));
    let horizontal = b - t <= 1.0 && r - l >= MIN_LEN;
    let vertical = r - l <= 1.0 && b - t >= MIN_LEN;
    if horizontal || vertical {
        out.push(Rule { x0: l, y0: t, x1: r, y1: b });
    }
}
