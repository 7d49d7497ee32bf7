//! End-of-line hyphens settled over the whole document.
//!
//! Layout repairs a line-end hyphen only when the page explains it. Where
//! it does not, it leaves a mark in the text ([`HYPHEN_UNSURE`]: the line
//! was full, so hyphenation may have broken a word there; or
//! [`HYPHEN_AUTHORED`]: the line had room, so the hyphen is the author's),
//! and this pass settles every mark once all pages are laid out, from what
//! the document shows about itself:
//!
//! - **Does the producer hyphenate?** It does when one of its unsure breaks
//!   splits a word where neither part is a word of the document but the
//!   whole word is printed elsewhere in it ("jeugdconsu-⏎lenten"), or when
//!   unsure breaks end one line in a hundred or more. An author's hyphen
//!   seldom falls at a line end: 0.2–0.8 % of the lines in the corpus
//!   documents that do not hyphenate, against 1.9–24 % in those that do
//!   (`python3 bench/hyphen_breaks.py`).
//!   In a hyphenating document an unsure break is hyphenation and the word
//!   is joined ("jeugdhulp").
//! - **Otherwise the hyphen is the author's.** It joins a compound
//!   ("VO-scholen") when the part before it is an abbreviation in capitals
//!   (Dutch writes a hyphen after one) or the document prints the compound
//!   whole elsewhere; otherwise it may as well stand for an elided word
//!   ("drang- [en] dwangmaatregelen"), so the hyphen and the line break
//!   both stay, as the page shows them.
//! - **A space after a line-end hyphen** ([`HYPHEN_SPACED`]) says the word
//!   ended there ("drang- ⏎dwangmaatregelen" in LibreOffice, whose
//!   hyphenation sets none), unless it is the producer's habit: when three
//!   or more line-end hyphens have it and none goes without (XEP ends every
//!   line with a space, "be- ⏎doeld" included), such a break is read as an
//!   unsure one.

use super::page::PageBlock;
use crate::ingest::text::{HYPHEN_AUTHORED, HYPHEN_MARKS, HYPHEN_SPACED, HYPHEN_UNSURE};
use std::collections::HashSet;

/// Unsure breaks per line at or above which a document hyphenates.
const HYPHENATING_SHARE: f64 = 0.01;

/// Line-end hyphens with a space after them, at or above which (when no
/// line-end hyphen goes without one) the space is the producer's habit.
const HABITUAL_SPACED: usize = 3;

/// Settle every hyphen mark in the blocks' text and table cells.
pub fn settle(blocks: &mut [PageBlock]) {
    let marked = |t: &str| t.contains(HYPHEN_MARKS);
    if !blocks
        .iter()
        .any(|b| marked(&b.text) || b.rows.iter().flatten().any(|c| marked(c)))
    {
        return;
    }
    let texts = || {
        blocks
            .iter()
            .flat_map(|b| std::iter::once(&b.text).chain(b.rows.iter().flatten()))
    };
    let words = Lexicon::of(texts().map(String::as_str));
    let count = |mark| texts().map(|t| t.matches(mark).count()).sum::<usize>();
    let spaced = count(HYPHEN_SPACED);
    let spaced_is_habit =
        spaced >= HABITUAL_SPACED && count(HYPHEN_UNSURE) == 0 && count(HYPHEN_AUTHORED) == 0;
    let mut unsure: Vec<(String, String)> =
        texts().flat_map(|t| breaks(t, HYPHEN_UNSURE)).collect();
    if spaced_is_habit {
        unsure.extend(texts().flat_map(|t| breaks(t, HYPHEN_SPACED)));
    }
    let lines: usize = blocks.iter().map(|b| b.lines).sum();
    let hyphenates = unsure.len() as f64 >= HYPHENATING_SHARE * lines as f64
        || unsure
            .iter()
            .any(|(a, b)| !words.has(a) && !words.has(b) && words.has(&format!("{a}{b}")));
    for b in blocks.iter_mut() {
        for t in std::iter::once(&mut b.text).chain(b.rows.iter_mut().flatten()) {
            if marked(t) {
                *t = resolve(t, hyphenates, spaced_is_habit, &words);
            }
        }
    }
}

/// The words of a document, lower-cased, without surrounding punctuation;
/// words holding a mark are left out (they are what is being decided).
struct Lexicon(HashSet<String>);

impl Lexicon {
    fn of<'a>(texts: impl Iterator<Item = &'a str>) -> Lexicon {
        let mut set = HashSet::new();
        for t in texts {
            for w in t.split_whitespace() {
                if w.contains(HYPHEN_MARKS) {
                    continue;
                }
                let w = bare(w);
                if !w.is_empty() {
                    set.insert(w.to_lowercase());
                }
            }
        }
        Lexicon(set)
    }

    fn has(&self, word: &str) -> bool {
        self.0.contains(&word.to_lowercase())
    }
}

/// A word without the punctuation around it: "(drang)." → "drang".
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The parts before and after each `mark` in `t`, bare.
fn breaks(t: &str, mark: char) -> Vec<(String, String)> {
    t.match_indices(mark)
        .map(|(i, m)| {
            let (left, right) = sides(&t[..i], &t[i + m.len()..]);
            (left.to_string(), right.to_string())
        })
        .collect()
}

/// The bare word part ending `before` and the one starting `after`.
fn sides<'a>(before: &'a str, after: &'a str) -> (&'a str, &'a str) {
    let left = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let right = after.split(char::is_whitespace).next().unwrap_or("");
    (bare(left), bare(right))
}

/// `t` with its marks settled.
fn resolve(t: &str, hyphenates: bool, spaced_is_habit: bool, words: &Lexicon) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find(HYPHEN_MARKS) {
        let mut mark = rest[i..].chars().next().unwrap_or(HYPHEN_UNSURE);
        let after = &rest[i + mark.len_utf8()..];
        out.push_str(&rest[..i]);
        if mark == HYPHEN_SPACED {
            if !spaced_is_habit {
                // The word ended at the hyphen, as the page shows.
                out.push_str("-\n");
                rest = after;
                continue;
            }
            mark = HYPHEN_UNSURE;
        }
        let (left, right) = sides(&out, after);
        let compound = is_abbreviation(left) || words.has(&format!("{left}-{right}"));
        if compound {
            out.push('-');
        } else if mark == HYPHEN_UNSURE && hyphenates {
            // Hyphenation: the word is joined.
        } else {
            out.push_str("-\n");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Two or more letters, all capitals ("VO", "OZB"): a hyphenated word set
/// in capitals goes on in capitals, so one going on in lower case after
/// them is a compound.
fn is_abbreviation(w: &str) -> bool {
    let part = w.rsplit('-').next().unwrap_or(w);
    part.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && part.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::ingest::pdf::page::Shape;

    fn block(text: &str, lines: usize) -> PageBlock {
        PageBlock {
            text: text
                .replace('~', &HYPHEN_UNSURE.to_string())
                .replace('^', &HYPHEN_AUTHORED.to_string())
                .replace('_', &HYPHEN_SPACED.to_string()),
            rows: Vec::new(),
            shape: Shape::Text,
            page: 1,
            size: 10.0,
            bold: false,
            italic: false,
            color: None,
            lines,
            top: 0.0,
            bottom: 0.0,
            chars: text.chars().count(),
            role: None,
        }
    }

    fn settled(blocks: &[(&str, usize)]) -> Vec<String> {
        let mut b: Vec<PageBlock> = blocks.iter().map(|&(t, n)| block(t, n)).collect();
        settle(&mut b);
        b.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn one_unsure_break_in_many_lines_is_the_authors() {
        // "drang" is a word of its own in the document, "drangdwang…" is
        // not printed whole: no sign that the producer hyphenates.
        let got = settled(&[
            ("inzet op preventie (drang).", 60),
            ("Verhouding drang~dwangmaatregelen", 50),
        ]);
        assert_eq!(got[1], "Verhouding drang-\ndwangmaatregelen");
    }

    #[test]
    fn a_word_split_where_no_part_is_a_word_shows_hyphenation() {
        let got = settled(&[
            ("de jeugdconsulenten en de", 100),
            (
                "Verhouding drang~dwangmaatregelen, de jeugdconsu~lenten",
                50,
            ),
        ]);
        assert_eq!(
            got[1],
            "Verhouding drangdwangmaatregelen, de jeugdconsulenten"
        );
    }

    #[test]
    fn many_unsure_breaks_show_hyphenation() {
        let got = settled(&[("de jeugd~hulp en pleeg~zorg", 150)]);
        assert_eq!(got[0], "de jeugdhulp en pleegzorg");
        let got = settled(&[("de jeugd~hulp en pleeg~zorg", 250)]);
        assert_eq!(got[0], "de jeugd-\nhulp en pleeg-\nzorg");
    }

    #[test]
    fn compounds_keep_their_hyphen() {
        // After an abbreviation, or printed whole elsewhere: a compound,
        // whether the document hyphenates or not.
        let got = settled(&[("STORM op VO~scholen; de ggz^instelling", 2)]);
        assert_eq!(got[0], "STORM op VO-scholen; de ggz-\ninstelling");
        let got = settled(&[("de ggz^instelling, een ggz-instelling", 200)]);
        assert_eq!(got[0], "de ggz-instelling, een ggz-instelling");
    }

    #[test]
    fn an_authors_hyphen_is_not_joined_in_a_hyphenating_document() {
        let got = settled(&[("de jeugd~hulp en de drang^dwang", 2)]);
        assert_eq!(got[0], "de jeugdhulp en de drang-\ndwang");
    }

    #[test]
    fn a_space_after_a_hyphen_ends_the_word_unless_it_is_habit() {
        // LibreOffice: hyphenation sets no space, so one after "drang-" is
        // the author's word end, whatever else the document does.
        let got = settled(&[("de jeugd~hulp, de drang_dwang, de be_doeling", 2)]);
        assert_eq!(got[0], "de jeugdhulp, de drang-\ndwang, de be-\ndoeling");
        // XEP: every line-end hyphen has the space, so it tells nothing;
        // the breaks are unsure ones, and many of them show hyphenation.
        let got = settled(&[("de be_doeling, de voorzie_ningen, poli_tieke", 10)]);
        assert_eq!(got[0], "de bedoeling, de voorzieningen, politieke");
        // Two are too few to call a habit.
        let got = settled(&[("de be_doeling en poli_tieke", 2)]);
        assert_eq!(got[0], "de be-\ndoeling en poli-\ntieke");
    }

    #[test]
    fn table_cells_are_settled_too() {
        let mut b = vec![block("", 1)];
        b[0].rows = vec![vec![format!("OZB{HYPHEN_UNSURE}tarieven"), "12".into()]];
        settle(&mut b);
        assert_eq!(b[0].rows[0][0], "OZB-tarieven");
    }
}
