//! Lines as a reader sees them, built from a page's glyph runs: runs
//! grouped by baseline ([`baselines`]), each line read left to right with
//! its type size, weight, colour and structure roles ([`Line`]), and a
//! cell's lines joined into its text ([`join_cell_lines`]). Shared by the
//! page layout ([`super::layout`]) and table assembly ([`super::table`]).

use super::page::{Frag, Line, Roles};
use super::params::{BASELINE, WORD_GAP};
use crate::ingest::text::{join_line_with, syllables_prefix, HyphenEvidence};

pub(super) fn dominant_size(frags: &[Frag], idx: &[usize]) -> f32 {
    let mut best: Vec<(f32, usize)> = Vec::new();
    for &i in idx {
        let s = (frags[i].size * 2.0).round() / 2.0;
        let n = frags[i].text.chars().count();
        match best.iter_mut().find(|(k, _)| *k == s) {
            Some(e) => e.1 += n,
            None => best.push((s, n)),
        }
    }
    best.iter().max_by_key(|e| e.1).map_or(10.0, |e| e.0)
}

/// The text of a cell: its lines joined, hyphens repaired with what the
/// geometry shows.
pub(super) fn join_cell_lines(lines: Vec<Line>) -> String {
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut text = String::new();
    let mut prev: Option<Line> = None;
    for l in lines {
        match &prev {
            None => text.clone_from(&l.text),
            Some(_) if is_word_tail(&text, &l.text) => text.push_str(&l.text),
            Some(p) => join_line_with(&mut text, &l.text, hyphen_evidence(p, &l, right)),
        }
        prev = Some(l);
    }
    text
}

/// What the geometry says about the hyphen ending `prev`, given the right
/// edge its column is known to reach (see [`HyphenEvidence`]). Hyphenation
/// fills a line as far as a syllable fits; a line that stops at a hyphen
/// with room for two syllables of the next word (estimated generously by
/// [`syllables_prefix`]) was broken at the author's hyphen. Justified text
/// leaves no room and is left to the rest of the document
/// ([`super::hyphens`]).
pub(super) fn hyphen_evidence(prev: &Line, next: &Line, right: f32) -> HyphenEvidence {
    if !prev.text.ends_with('-') {
        return HyphenEvidence::None;
    }
    if prev.open_end {
        return HyphenEvidence::SpaceAfter;
    }
    let word = next.text.split_whitespace().next().unwrap_or("");
    let Some(n) = syllables_prefix(word, 2) else {
        return HyphenEvidence::Unsure;
    };
    let per_char = (next.x1 - next.x0) / next.text.chars().count().max(1) as f32;
    if right - prev.x1 >= (n + 1) as f32 * per_char {
        HyphenEvidence::Room
    } else {
        HyphenEvidence::Unsure
    }
}

/// A narrow cell can wrap a word without a hyphen, leaving its last letter
/// alone on a line ("werkdage" / "n" in 004_lo). One lowercase letter after
/// a letter is taken as such a tail; "u" (the pronoun) is the one Dutch
/// single-letter word.
fn is_word_tail(text: &str, next: &str) -> bool {
    let mut chars = next.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_lowercase() && c != 'u')
        && text.chars().next_back().is_some_and(char::is_alphabetic)
}

/// Group runs into lines (by baseline), each read left to right.
pub(super) fn lines(frags: &[Frag], idx: &[usize]) -> Vec<Line> {
    baselines(frags, idx)
        .into_iter()
        .map(|(y, members)| make_line(frags, members, y))
        .collect()
}

/// Runs grouped by baseline, top down: each group's baseline and its
/// runs (in no particular order). Runs within 0.45 em of a group's
/// baseline join it, and so does a run under a raised mark (smaller type
/// within this run's ascent) waiting for its line.
pub(super) fn baselines(frags: &[Frag], idx: &[usize]) -> Vec<(f32, Vec<usize>)> {
    let mut order: Vec<usize> = idx.to_vec();
    order.sort_by(|&a, &b| frags[a].y.total_cmp(&frags[b].y));
    let mut groups: Vec<(f32, f32, Vec<usize>)> = Vec::new(); // (anchor y, anchor size, members)
    for i in order {
        let f = &frags[i];
        let joins = groups.last().is_some_and(|&(y, s, _)| {
            (f.y - y).abs() <= BASELINE * s.max(f.size)
                || (s < 0.85 * f.size && y < f.y && y >= f.y - 0.8 * f.size)
        });
        if joins {
            if let Some(g) = groups.last_mut() {
                if f.size > g.1 {
                    g.0 = f.y;
                    g.1 = f.size;
                }
                g.2.push(i);
            }
        } else {
            groups.push((f.y, f.size, vec![i]));
        }
    }
    groups
        .into_iter()
        .map(|(y, _, members)| (y, members))
        .collect()
}

fn make_line(frags: &[Frag], mut members: Vec<usize>, y: f32) -> Line {
    members.sort_by(|&a, &b| frags[a].x0.total_cmp(&frags[b].x0));
    let mut text = String::new();
    let mut prev_x1 = f32::MIN;
    let mut bold_chars = 0;
    let mut italic_chars = 0;
    let mut colors: Vec<([u8; 3], usize)> = Vec::new();
    let mut chars = 0;
    let mut roles = Roles::default();
    let line_size = members.iter().map(|&i| frags[i].size).fold(0.0, f32::max);
    for &i in &members {
        let f = &frags[i];
        let gap = f.x0 - prev_x1;
        // A raised, smaller run (a footnote mark) sits right after its word.
        let mark = f.size < 0.85 * line_size && f.y < y - 0.15 * line_size;
        let space = if mark {
            0.35 * line_size
        } else {
            WORD_GAP * f.size
        };
        // LibreOffice sets the hyphen of a hyphenated word as a run of its
        // own, a little apart: it belongs to the word.
        let soft_hyphen = f.text == "-" && gap < 0.6 * line_size;
        if !text.is_empty()
            && !soft_hyphen
            && gap > space
            && !text.ends_with(char::is_whitespace)
            && !f.text.starts_with(char::is_whitespace)
        {
            text.push(' ');
        }
        text.push_str(&f.text);
        prev_x1 = prev_x1.max(f.x1);
        let n = f.text.chars().filter(|c| !c.is_whitespace()).count();
        chars += n;
        roles.add(f.role, n);
        if f.bold {
            bold_chars += n;
        }
        if f.italic {
            italic_chars += n;
        }
        if let Some(c) = f.color {
            match colors.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 += n,
                None => colors.push((c, n)),
            }
        }
    }
    let x0 = members
        .iter()
        .map(|&i| frags[i].x0)
        .fold(f32::MAX, f32::min);
    let x1 = members
        .iter()
        .map(|&i| frags[i].x1)
        .fold(f32::MIN, f32::max);
    let size = dominant_size(frags, &members);
    let open_end = text.ends_with(char::is_whitespace);
    let mut text = text.trim().to_string();
    // "ondersteu -": a hyphen set apart from its syllable at the line end.
    if let Some(stem) = text.strip_suffix(" -") {
        if stem.chars().last().is_some_and(char::is_alphabetic) {
            text = format!("{stem}-");
        }
    }
    Line {
        text,
        x0,
        x1,
        y,
        size,
        bold: chars > 0 && bold_chars * 10 >= chars * 9,
        italic: chars > 0 && italic_chars * 10 >= chars * 9,
        color: main_color(&colors, chars),
        chars,
        open_end,
        roles,
    }
}

/// The colour of most (nine in ten) of `chars` characters, from counts
/// per colour.
fn main_color(colors: &[([u8; 3], usize)], chars: usize) -> Option<[u8; 3]> {
    colors
        .iter()
        .find(|(_, n)| chars > 0 && n * 10 >= chars * 9)
        .map(|(c, _)| *c)
}
