//! Section segmentation: heading blocks in, a tree of [`Section`]s out.
//!
//! A section starts at a heading block and runs to the next heading of the
//! same or a higher level. Its canonical kind comes from the first rule of
//! `dictionaries/headings.tsv` whose pattern matches the heading without its
//! numbering ("3. Kernboodschap" → `kernboodschap`), or from a taakveld name
//! of `dictionaries/taakvelden.tsv`; any other heading is kind `heading`.
//!
//! Levels, in order of trust: the format's own level (HTML h1–h6, PDF size
//! tier), the depth of the numbering ("3." → 1, "3.2" → 2), the level the
//! heading rule gives, and for other headings one below the nearest
//! preceding canonical heading.
//!
//! A heading candidate that layout found (PDF font, text line shape) but no
//! rule names is dropped when it ends in a function word ("… van de"), a
//! full stop or a comma, or has a table-of-contents dot leader; HTML heading
//! elements are trusted as the author's word.
//!
//! A table-of-contents line (a dot leader) is no heading, whatever it
//! names, and neither is a caption (kind `caption`: "Tabel 5", "Figuur 2:
//! Opbouw …") unless markup tags it as one. A one-line paragraph that matches a heading rule (not a generic
//! heading), and starts in upper case (a paragraph in lower case goes on
//! from the one before: "ontwikkelingen van toepassing."), is promoted to a
//! heading: "Actielijn 1: Preventie … op maat." ends with a
//! full stop, so its shape alone does not say heading, but its words do.
//! Set in body type, it ranks no higher than the deepest heading level the
//! format gave (a PDF's size tiers, HTML's h1–h6).

use crate::dict::{norm_key, Vocabulary};
use crate::model::{BlockKind, Document, Section, Span};
use regex::Regex;
use std::sync::OnceLock;

/// Most words a paragraph may have to be promoted to a heading by a rule.
const MAX_PROMOTED_WORDS: usize = 18;

/// The `headings.tsv` kind of a caption ("Tabel 5", "Figuur 2: …"): a line
/// that looks like a heading but names a table or figure, so no section.
const CAPTION: &str = "caption";

fn numbering() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "3. ", "3.2 ", "3.2. ", "3) " at the start of a heading.
    RE.get_or_init(|| {
        Regex::new(r"^([0-9]{1,2}(?:\.[0-9]{1,2})*)(?:\.|\))?\s+")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// What a heading is, before it is placed in the tree.
struct Classified {
    kind: String,
    number: Option<String>,
    level: Option<u8>,
    taakveld: Option<String>,
    canonical: bool,
}

/// Classify a heading text by the vocabulary.
fn classify(text: &str, vocab: &Vocabulary) -> Classified {
    let mut rest = text.trim();
    let mut number = None;
    let mut num_depth = None;
    if let Some(m) = numbering().captures(rest) {
        let n = m.get(1).map(|g| g.as_str()).unwrap_or("");
        number = Some(n.to_string());
        num_depth = Some(n.split('.').count() as u8);
        rest = rest[m.get(0).map(|g| g.end()).unwrap_or(0)..].trim();
    }
    let bare = rest.trim_end_matches([':', '.']).trim();
    // A heading may name its question after a label and in quotes:
    // Doel: "Wat willen we bereiken?".
    let inner = unquoted(bare.split_once(':').map_or("", |(_, q)| q));
    let key = norm_key(bare);
    // A taakveld named by its official name, optionally with its code.
    // (No `format!` of "{code} " per taakveld: that was ~180 allocations
    // for every block classified.)
    for tv in &vocab.taakvelden {
        let after_code = key
            .strip_prefix(tv.code.as_str())
            .and_then(|r| r.strip_prefix(' '));
        let with_code = number.as_deref() == Some(tv.code.as_str()) || after_code.is_some();
        let name_key = after_code.unwrap_or(&key);
        if tv.spellings.iter().any(|s| s == name_key)
            && (with_code || number.is_none() || num_depth.is_some())
        {
            return Classified {
                kind: "taakveld".into(),
                number: Some(tv.code.clone()),
                level: num_depth,
                taakveld: Some(tv.code.clone()),
                canonical: true,
            };
        }
    }
    for rule in &vocab.headings {
        let captures = |t| rule.pattern_for(t).and_then(|re| re.captures(t));
        let c = captures(bare).or_else(|| {
            [unquoted(bare), inner]
                .into_iter()
                .filter(|t| !t.is_empty() && *t != bare)
                .find_map(captures)
        });
        if let Some(c) = c {
            let own = c.name("number").map(|m| m.as_str().to_string());
            // "Taakveld 6.72 …": the code names a taakveld of the dictionary.
            let taakveld = own
                .as_ref()
                .filter(|n| {
                    rule.kind == "taakveld" && vocab.taakvelden.iter().any(|t| &t.code == *n)
                })
                .cloned();
            return Classified {
                kind: rule.kind.clone(),
                number: own.or(number),
                level: num_depth.or(Some(rule.level)),
                taakveld,
                canonical: true,
            };
        }
    }
    Classified {
        kind: "heading".into(),
        number,
        level: num_depth,
        taakveld: None,
        canonical: false,
    }
}

/// The text without the quotes around it and its final colon or stop.
fn unquoted(t: &str) -> &str {
    const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '„'];
    t.trim()
        .trim_matches(QUOTES)
        .trim_end_matches([':', '.'])
        .trim()
}

/// Whether a heading candidate found by layout (font size, weight, line
/// shape — not by markup) reads like a heading: it does not end in a
/// function word ("… van de") or a full stop or comma, and is no
/// table-of-contents line with a dot leader. Markup (`<h2>`) is trusted as
/// the author's word.
fn heading_words(text: &str, vocab: &Vocabulary) -> bool {
    let t = text.trim_end();
    let last = t.split_whitespace().last().unwrap_or("").to_lowercase();
    !vocab.function_words.contains(&last) && !t.ends_with(['.', ',', ';']) && !t.contains(".....")
}

/// Build the section tree of a document.
pub fn segment(doc: &Document, vocab: &Vocabulary) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    // Level of the nearest canonical heading, for generic headings below it.
    let mut canonical_level: Option<u8> = None;
    // A paragraph promoted by its words is set in body type, below every
    // heading the format ranked (a PDF's size tiers, HTML's h1-h6): it
    // takes at least the deepest of their levels.
    let deepest = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .filter_map(|b| b.style.level)
        .max();
    // A label ending in a colon that opens paragraph after paragraph
    // ("Besluit:" under every agenda item) is a field label, not a heading.
    let mut labels: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for b in doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
        let t = doc.block_text(b).trim();
        if t.ends_with(':') && t.split_whitespace().count() <= 3 {
            *labels.entry(norm_key(t)).or_default() += 1;
        }
    }
    let field_label = |t: &str| labels.get(&norm_key(t.trim())).is_some_and(|n| *n >= 3);
    for block in &doc.blocks {
        let text = doc.block_text(block);
        let c = match block.kind {
            BlockKind::Heading => {
                let c = classify(text, vocab);
                let untagged = block.style.tag.is_none();
                let toc = untagged && text.contains(".....");
                if toc
                    || untagged && c.kind == CAPTION
                    || !c.canonical && untagged && !heading_words(text, vocab)
                {
                    continue;
                }
                c
            }
            BlockKind::Paragraph
                if text.split_whitespace().count() <= MAX_PROMOTED_WORDS
                    && !text.starts_with(char::is_lowercase)
                    && !text.contains(".....")
                    && !field_label(text) =>
            {
                let c = classify(text, vocab);
                if !c.canonical || c.kind == CAPTION {
                    continue;
                }
                c
            }
            _ => continue,
        };
        let promoted = block.kind == BlockKind::Paragraph;
        let level = block
            .style
            .level
            .or(c.level)
            .map(|l| match deepest {
                Some(d) if promoted => l.max(d),
                _ => l,
            })
            .unwrap_or_else(|| canonical_level.map_or(1, |l| (l + 1).min(6)))
            .clamp(1, 6);
        if c.canonical {
            canonical_level = Some(level);
        }
        // Close sections at this level or deeper.
        for s in sections.iter_mut().rev() {
            if s.end == usize::MAX && s.level >= level {
                s.end = block.span.start;
            }
        }
        let parent = sections
            .iter()
            .rev()
            .find(|s| s.end == usize::MAX && s.level < level)
            .map(|s| s.id.clone());
        sections.push(Section {
            id: format!("s{}", sections.len() + 1),
            parent,
            level,
            kind: c.kind,
            heading: text.to_string(),
            number: c.number,
            start: block.span.start,
            end: usize::MAX,
            heading_span: Span {
                start: block.span.start,
                end: block.span.end,
            },
            page: block.page,
            taakveld: c.taakveld,
        });
    }
    for s in &mut sections {
        if s.end == usize::MAX {
            s.end = doc.text.len();
        }
    }
    sections
}

/// The innermost section containing byte offset `at`.
pub fn section_at(sections: &[Section], at: usize) -> Option<&Section> {
    sections
        .iter()
        .filter(|s| s.start <= at && at < s.end.max(s.start + 1))
        .max_by_key(|s| (s.level, s.start))
}

/// [`section_at`] for many offsets: the innermost section of every stretch
/// between two section boundaries, worked out once, then one binary search
/// per offset (a linear scan per entity took ~35 ms of a 201-page
/// begroting's 9,315 entities).
#[derive(Debug)]
pub struct SectionIndex {
    /// The sections' starts and ends, sorted, without repeats.
    bounds: Vec<usize>,
    /// `inner[i]`: the innermost section over `bounds[i]..bounds[i + 1]`.
    inner: Vec<Option<usize>>,
}

impl SectionIndex {
    /// The index of `sections`, each covering `start..end_of(section)`.
    pub fn new(sections: &[Section], end_of: impl Fn(&Section) -> usize) -> SectionIndex {
        let spans: Vec<(usize, usize)> = sections.iter().map(|s| (s.start, end_of(s))).collect();
        let mut bounds: Vec<usize> = spans.iter().flat_map(|&(a, b)| [a, b]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut inner = vec![None; bounds.len()];
        // Innermost last: the highest (level, start) wins, and of equal
        // ones the last, as `max_by_key` picks. Sections nest, so each
        // stretch is painted once per level above it.
        let mut order: Vec<usize> = (0..sections.len()).collect();
        order.sort_by_key(|&k| (sections[k].level, sections[k].start, k));
        for k in order {
            let (a, b) = spans[k];
            let (Ok(i), Ok(j)) = (bounds.binary_search(&a), bounds.binary_search(&b)) else {
                continue;
            };
            if let Some(cells) = inner.get_mut(i..j) {
                cells.fill(Some(k));
            }
        }
        SectionIndex { bounds, inner }
    }

    /// The position in `sections` of the innermost section containing `at`.
    pub fn at(&self, at: usize) -> Option<usize> {
        let i = self.bounds.partition_point(|&b| b <= at).checked_sub(1)?;
        self.inner.get(i).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    /// The index finds, at every offset, the section the scan finds, with
    /// either reading of an empty section.
    #[test]
    fn section_index_is_section_at() {
        let text = std::fs::read_to_string(
            std::fs::read_dir("fixtures/seeds")
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|x| x == "txt"))
                .unwrap(),
        )
        .unwrap();
        let mut secs = sections(&text);
        assert!(secs.len() > 5);
        // An empty section and two with the same level and start.
        let mut empty = secs[2].clone();
        empty.end = empty.start;
        secs.push(empty);
        secs.push(secs[3].clone());
        let strict = SectionIndex::new(&secs, |s| s.end);
        let wide = SectionIndex::new(&secs, |s| s.end.max(s.start + 1));
        for at in 0..=text.len() + 1 {
            let scan = secs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start <= at && at < s.end)
                .max_by_key(|(_, s)| (s.level, s.start))
                .map(|(k, _)| k);
            assert_eq!(strict.at(at), scan, "{at}");
            let scan = section_at(&secs, at).map(std::ptr::from_ref);
            let found = wide.at(at).map(|k| std::ptr::from_ref(&secs[k]));
            assert_eq!(found, scan, "{at}");
        }
    }

    fn sections(text: &str) -> Vec<Section> {
        let vocab = Vocabulary::builtin().unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        segment(&doc, &vocab)
    }

    #[test]
    fn bbv_variants() {
        let cases = [
            ("Wat hebben we bereikt?", "wat_hebben_we_bereikt"),
            ("Wat hebben wij bereikt", "wat_hebben_we_bereikt"),
            ("WAT GAAN WE DAARVOOR DOEN?", "wat_gaan_we_doen"),
            ("Wat gaan we doen", "wat_gaan_we_doen"),
            ("2. Wat heeft het gekost?", "wat_heeft_het_gekost"),
            ("Lasten & baten", "lasten_en_baten"),
            ("Prestatie-indicatoren", "prestatie_indicatoren"),
            ("3. Kernboodschap", "kernboodschap"),
            ("Maatwerkdienstverlening 18-", "taakveld"),
            ("Wat gaan we ervoor doen?", "wat_gaan_we_doen"),
            ("Wat hebben wij hiervoor gedaan ?", "wat_hebben_we_gedaan"),
            ("Wat willen we bereiken:", "wat_willen_we_bereiken"),
            ("Te nemen besluit", "beslispunten"),
            ("Taakveld 6.72 Maatwerkdienstverlening 18-", "taakveld"),
            ("Overzicht baten en lasten", "lasten_en_baten"),
            ("Verplichte beleidsindicatoren", "beleidsindicatoren"),
            ("Wat gaat het kosten ?", "wat_mag_het_kosten"),
            ("Wat wilden wij bereiken?", "wat_willen_we_bereiken"),
            (
                "Doel: \"Wat willen we bereiken?\"",
                "wat_willen_we_bereiken",
            ),
            ("Wat hebben we tot dusver bereikt", "wat_hebben_we_bereikt"),
            ("Wat wilden we daarvoor doen ?", "wat_gaan_we_doen"),
            (
                "Om dit doel te bereiken doen we het volgende",
                "wat_gaan_we_doen",
            ),
            ("Wat deden we daarvoor?", "wat_hebben_we_gedaan"),
            ("Wat zijn de kosten?", "wat_mag_het_kosten"),
            ("Wat hebben deze gekost?", "heading"),
            ("Wat heeft het gekost", "wat_heeft_het_gekost"),
            ("BESLUIT", "besluit"),
            ("Aanleiding", "aanleiding"),
            ("Samenvatting", "samenvatting"),
            ("Een gewone kop", "heading"),
        ];
        for (heading, kind) in cases {
            let s = sections(&format!("{heading}\n\nTekst van de sectie.\n"));
            assert_eq!(s.len(), 1, "{heading}");
            assert_eq!(s[0].kind, kind, "{heading}");
        }
    }

    #[test]
    fn tree_from_numbering() {
        let s = sections(
            "1. Inleiding\n\nTekst.\n\nEen subkop\n\nMeer tekst.\n\n2. Vervolg\n\nSlot.\n",
        );
        assert_eq!(s[0].level, 1);
        assert_eq!(s[1].parent.as_deref(), Some("s1"));
        assert_eq!(s[2].parent, None);
        assert_eq!(s[0].number.as_deref(), Some("1"));
        assert_eq!(s[0].end, s[2].start);
    }

    /// A promoted paragraph ranks below the format's headings: here the
    /// rule's level 3 would have made the h4 after it its child.
    #[test]
    fn promoted_paragraph_ranks_below_format_headings() {
        let vocab = Vocabulary::builtin().unwrap();
        let html = "<h1>Begroting</h1><h2>Programma 1</h2><h4>Subkop</h4><p>Tekst.</p>\
                    <p>Beleidsindicatoren</p><p>Tekst.</p><h4>Andere kop</h4><p>Slot.</p>";
        let doc = crate::ingest::ingest(html.as_bytes(), Format::Html, &vocab).unwrap();
        let s = segment(&doc, &vocab);
        let promoted = s.iter().find(|x| x.kind == "beleidsindicatoren").unwrap();
        assert_eq!(promoted.level, 4, "{s:#?}");
        assert_eq!(promoted.parent.as_deref(), Some("s2"), "{s:#?}");
        let last = s.last().unwrap();
        assert_eq!(last.heading, "Andere kop");
        assert_eq!(last.parent.as_deref(), Some("s2"), "{s:#?}");
    }

    /// A contents line names a heading but is none; a paragraph in lower
    /// case goes on from the one before, whatever words it has.
    #[test]
    fn contents_lines_and_continuations_are_no_headings() {
        let s = sections(
            "Inhoud\n\nBijlagen ............ 18\n\n\
             Belangrijkste ontwikkelingen 2021\n\nOp dit taakveld zijn, net als in 2020,\n\n\
             ontwikkelingen van toepassing.\n",
        );
        let heads: Vec<&str> = s.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(
            heads,
            ["Inhoud", "Belangrijkste ontwikkelingen 2021"],
            "{s:#?}"
        );
    }

    /// A caption set like a heading names a table or figure: no section
    /// (612 of the heading set, and Wassenaar's "Tabel 26 Geprognosticeerde
    /// balans"), while a heading that only mentions a table stays one.
    #[test]
    fn captions_are_no_headings() {
        let s = sections(
            "Financiën\n\nTabel 5\n\nDe lasten stijgen.\n\n\
             Figuur 2: Opbouw van de lasten\n\nDe lasten stijgen.\n\n\
             Tabellen en figuren\n\nDe lasten stijgen.\n",
        );
        let heads: Vec<&str> = s.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(heads, ["Financiën", "Tabellen en figuren"], "{s:#?}");
    }

    /// A label with a colon over every decision is no heading; once, it
    /// may be one.
    #[test]
    fn repeated_colon_labels_are_field_labels() {
        let item = "Besluit:\n\nDe raad te informeren.\n\n";
        let s = sections(&format!("1. Opening\n\nTekst.\n\n{}", item.repeat(3)));
        let heads: Vec<&str> = s.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(heads, ["1. Opening"], "{s:#?}");
    }

    #[test]
    fn actielijn_with_full_stop_is_promoted() {
        let s = sections(
            "Bijlage 2: Uitvoering\n\nTekst.\n\nActielijn 1: Preventie en hulp op maat.\n\nMeer.\n",
        );
        assert_eq!(s[1].kind, "actielijn");
        assert_eq!(s[1].number.as_deref(), Some("1"));
        assert_eq!(s[1].parent.as_deref(), Some("s1"));
    }
}
