//! Line shape: what a line of text looks like, stated once.
//!
//! In: one line or block of text (and, for colours, two fill colours).
//! Out: yes or no, or the length of a marker. Every format's reader asks
//! the same questions of a line — does it end a sentence, does it open
//! with a list marker or an outline number, is it figures only, is it
//! short enough to be a heading, is it a sentence at all — and a rule
//! about what a heading looks like must mean the same in plain text, HTML
//! and PDF. So the answers live here, each with the characters it looks
//! at, and one table-driven test says what each gives.
//!
//! The end-of-text predicates differ only in the marks they accept; each
//! names its set ([`SENTENCE_END`], [`CLAUSE_END`], [`BREAK_END`]) so a
//! caller says which question it asks instead of spelling its own.

/// Longest line, in characters, that can still be a heading.
pub const MAX_HEADING_CHARS: usize = 200;

/// Most words a heading found by its shape alone may have.
pub const MAX_HEADING_WORDS: usize = 18;

/// Most words of a label: a heading that only its place or its colour
/// marks (a line alone above a paragraph, the left column of a two-column
/// layout, an italic or coloured line at body size).
pub const MAX_LABEL_WORDS: usize = 12;

/// Marks that end a sentence or announce what follows.
pub const SENTENCE_END: &[char] = &['.', '!', '?', ':'];
/// [`SENTENCE_END`] and the semicolon: a clause is closed.
pub const CLAUSE_END: &[char] = &['.', '!', '?', ':', ';'];
/// [`CLAUSE_END`] and the comma: the text breaks off at a mark.
pub const BREAK_END: &[char] = &['.', '!', '?', ':', ';', ','];

/// Closing quotes and brackets that may stand after a final mark.
const CLOSERS: &[char] = &['"', '\'', '’', '”', ')', '»'];

/// Whether `t` ends (closing quotes and brackets aside) with one of
/// `marks`.
pub fn ends_with_mark(t: &str, marks: &[char]) -> bool {
    t.trim_end().trim_end_matches(CLOSERS).ends_with(marks)
}

/// Whether `t` ends a sentence: `.`, `!`, `?` or `:`.
pub fn ends_sentence(t: &str) -> bool {
    ends_with_mark(t, SENTENCE_END)
}

/// Whether `t` ends a clause: a sentence end or `;`.
pub fn ends_clause(t: &str) -> bool {
    ends_with_mark(t, CLAUSE_END)
}

/// Whether `t` breaks off at a mark: a clause end or a comma.
pub fn ends_break(t: &str) -> bool {
    ends_with_mark(t, BREAK_END)
}

/// Whether a line ends inside a sentence for certain: on a comma or a
/// lower-case word of at most three letters ("met", "de", "van": function
/// words; Dutch nouns that short are few), as a line stopped short by a
/// figure beside it may, and a title never does.
pub fn ends_mid_sentence(t: &str) -> bool {
    let t = t.trim_end();
    let last = t.split_whitespace().last().unwrap_or("");
    t.ends_with(',') || (last.chars().count() <= 3 && last.chars().all(|c| c.is_lowercase()))
}

/// Whether the text ends open: no final mark of a clause, and it ends in a
/// letter, digit, quote, comma or hyphen (a sentence a page break or a
/// footnote interrupted).
pub fn ends_open(t: &str) -> bool {
    let t = t.trim_end();
    !ends_clause(t)
        && t.chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '\'' | '‘' | ',' | '-'))
}

/// Whether a character is set as a bullet: a dash or star, or a dot.
pub fn is_bullet(c: char) -> bool {
    matches!(c, '-' | '–' | '*') || is_bullet_dot(c)
}

/// Whether a character is a round or square bullet, never a table's "no
/// value" as a dash can be ('\u{f0b7}' is Symbol's bullet as Word exports
/// it).
pub fn is_bullet_dot(c: char) -> bool {
    matches!(c, '•' | '·' | '▪' | '◦' | '●' | '\u{f0b7}')
}

/// Byte length of a list number or letter with its stop at the start of
/// `t`: up to three digits or one lower-case letter, then `.`, `)` or
/// `.)` ("1." "12)" "a)" "b.").
fn numbered_marker(t: &str) -> Option<usize> {
    let digits = t
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() && *i < 3)
        .count();
    let end = if digits > 0 {
        digits
    } else if t.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        1
    } else {
        return None;
    };
    let rest = &t[end..];
    let punct = if rest.starts_with(".)") {
        2
    } else if rest.starts_with(['.', ')']) {
        1
    } else {
        return None;
    };
    Some(end + punct)
}

/// The bullet or list number a line starts with, and the byte length it
/// takes (marker and following space).
pub fn bullet_marker(t: &str) -> Option<(&str, usize)> {
    let first = t.chars().next()?;
    let end = if is_bullet(first) {
        first.len_utf8()
    } else {
        numbered_marker(t)?
    };
    t[end..]
        .starts_with([' ', '\t'])
        .then(|| (&t[..end], end + 1))
}

/// Whether the whole text is a list marker: a bullet dot alone, or a list
/// number or letter with its stop ("a.", "b)", "3.", "12)"), as a column
/// of markers beside their items has it.
pub fn is_list_marker(t: &str) -> bool {
    let mut chars = t.chars();
    if chars.next().is_some_and(is_bullet_dot) && chars.next().is_none() {
        return true;
    }
    numbered_marker(t) == Some(t.len())
}

/// Whether the text starts with a capital or a digit.
pub fn starts_upper(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether the text starts with a lower-case letter.
pub fn starts_lower(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

/// The year a word is, as documents write one: four ASCII digits from
/// 1900 to 2099 ("2023"; not "23", "1850" or "2023,").
pub fn year(w: &str) -> Option<i32> {
    let digits = w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let y: i32 = w.parse().ok().filter(|_| digits)?;
    (1900..2100).contains(&y).then_some(y)
}

/// Figures only: every word a number, an amount or a dash ("2.247",
/// "-3.076", "12,5%", "€ 1.000", "-").
pub fn is_figures(t: &str) -> bool {
    let mut digit = false;
    let all = t.split_whitespace().all(|w| {
        digit |= w.chars().any(|c| c.is_ascii_digit());
        w.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–' | '%' | '€' | '(' | ')' | '+')
        })
    });
    all && (digit || matches!(t.trim(), "-" | "–"))
}

/// The outline number a line opens with and the byte length it takes with
/// the white space after it: "5.a.1 ", "4.a ", "2.3.01 ", "12 ", "3. ",
/// "a) ", "B. ", "IV. ". A bare number ("12") or letter needs no mark
/// after it only when more digits or letters follow a dot ("5.a"); a single
/// letter needs `.` or `)`. `None` when the line does not open so, or the
/// number is all it has.
pub fn outline_number(t: &str) -> Option<usize> {
    let end = number_end(t)?;
    let rest = &t[end..];
    let gap = rest.len() - rest.trim_start().len();
    (gap > 0 && !rest.trim().is_empty()).then_some(end + gap)
}

/// Whether the whole text is an outline number ("5.a.1", "4.a", "12",
/// "3.", "a)"), as an agenda sets it in a column of its own.
pub fn is_outline_number(t: &str) -> bool {
    let t = t.trim();
    number_end(t) == Some(t.len())
}

/// Byte length of a leading outline number, without white space.
fn number_end(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let mut i = 0;
    let mut parts = 0;
    let mut letters_only = true;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 3 {
            i += 1;
        }
        if i > start {
            letters_only = false;
        } else if i < b.len() && b[i].is_ascii_alphabetic() {
            // One letter ("a", "B") or a short roman numeral as a part.
            let roman = b[i..]
                .iter()
                .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'i' | b'v' | b'x'))
                .count();
            let n = if roman > 1 { roman.min(4) } else { 1 };
            if b.get(i + n).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            i += n;
        } else {
            return None;
        }
        parts += 1;
        match b.get(i) {
            Some(b'.') if b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => i += 1,
            Some(b'.' | b')') => return Some(i + 1),
            _ => break,
        }
    }
    // A bare letter or roman numeral needs its mark; a bare number or a
    // dotted outline ("5.a") does not.
    (!letters_only || parts > 1).then_some(i)
}

/// The text without its outline number ("5.a.1 Titel" → "Titel").
pub fn without_number(t: &str) -> &str {
    let t = t.trim_start();
    outline_number(t).map_or(t, |n| &t[n..])
}

/// Whether a line has the shape of a heading: short (at most
/// [`MAX_HEADING_CHARS`] characters and [`MAX_HEADING_WORDS`] words), no
/// final punctuation but a question mark or an ellipsis, starts with a
/// capital or a number, has a word of three letters ("8.948" or "22,3 %"
/// are no headings).
pub fn heading_shape(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty()
        || t.chars().count() > MAX_HEADING_CHARS
        || t.split_whitespace().count() > MAX_HEADING_WORDS
    {
        return false;
    }
    let end = t.trim_end_matches(CLOSERS);
    if end.ends_with(['.', '!', ':', ';', ',']) && !end.ends_with("..") {
        return false;
    }
    starts_upper(t)
        && !glued_words(t)
        && t.split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
}

/// Whether words run together with no space between them: a word with a
/// capital after a lower-case letter twice ("AgendapuntTitelStand van
/// zaken", table header cells whose spaces an export lost). A name has one
/// such capital at most ("GroenLinks", "PvdA", "ChristenUnie").
pub fn glued_words(t: &str) -> bool {
    t.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .any(|w| {
            let chars: Vec<char> = w.chars().collect();
            chars
                .windows(2)
                .filter(|p| p[0].is_lowercase() && p[1].is_uppercase())
                .count()
                >= 2
        })
}

/// Whether a line has the shape of a label: a heading marked only by its
/// place or type at body size. Short (at most [`MAX_LABEL_WORDS`] words),
/// its outline number aside it opens with a capital or a digit, has a word
/// of three letters, is not figures, and does not end with a comma,
/// semicolon, colon or full stop (a question mark may end one: "Wat
/// vindt u in de Tussenstand?").
pub fn label_shape(t: &str) -> bool {
    let t = t.trim();
    let words = t.split_whitespace().count();
    if words == 0 || words > MAX_LABEL_WORDS || t.chars().count() > 120 {
        return false;
    }
    if (ends_with_mark(t, &['.', ',', ';', ':']) && !t.ends_with("..")) || t.contains("http") {
        return false;
    }
    let body = without_number(t);
    starts_upper(body)
        && !is_figures(t)
        && !glued_words(t)
        && body
            .split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
}

/// Whether a line opens with a division word and its ordinal before a
/// title: "Deel A: Samenleven", "Hoofdstuk 3 Financiën", "Bijlage 2. Kaart".
/// The word is capitalised and of three letters or more, the ordinal a
/// number ("3", "1.2"), one capital or a roman numeral, with an optional
/// `.` or `:`, and the title opens with a capital. A bare "Tabel 5" has no
/// title; "Zie 3 van de" no capital; "Vanaf 2023 Deventer" a year.
pub fn named_number(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let (Some(word), Some(ordinal), Some(title)) = (words.next(), words.next(), words.next())
    else {
        return false;
    };
    let named = word.chars().count() >= 3
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(char::is_lowercase);
    let ordinal = ordinal.trim_end_matches(['.', ':']);
    // Numbers of at most three digits a part: "2023" is a year.
    let numeric = ordinal
        .split('.')
        .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    let letter = ordinal.len() == 1 && ordinal.chars().all(|c| c.is_ascii_uppercase());
    let roman = (2..=4).contains(&ordinal.len()) && ordinal.chars().all(|c| "IVX".contains(c));
    named && (numeric || letter || roman) && starts_upper(title)
}

/// Whether a line ends with a contents page reference: a title, a space
/// and a page number of at most three digits ("B Gebruikte afkortingen 46").
pub fn ends_page_ref(t: &str) -> bool {
    let t = t.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &t[..t.len() - digits];
    (1..=3).contains(&digits) && rest.ends_with(' ') && rest.chars().any(char::is_alphabetic)
}

/// Whether a line has a contents dot leader ("Inleiding ........ 3",
/// "1.1 Uw vraag . . . . . . 1").
pub fn has_dot_leader(t: &str) -> bool {
    t.contains(".....") || t.contains(". . . . .")
}

/// Whether a block reads as running prose: eight words or more with a
/// sentence in them (it ends a clause, or a full stop ends a word inside).
/// A contents line lists as many words without one.
pub fn is_prose(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let stop_inside = words
        .iter()
        .rev()
        .skip(1)
        .any(|w| w.chars().count() > 3 && ends_with_mark(w, &['.', '!', '?']));
    words.len() >= 8 && (ends_clause(t) || stop_inside)
}

/// Distance between two colours: the sum of the channel differences.
pub fn color_distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    a.iter().zip(b).map(|(x, y)| u32::from(x.abs_diff(y))).sum()
}

/// Whether a colour is a middle grey: no hue, neither black nor white. A
/// grey run is toned down (a previous year's column, a caption), not
/// raised to a heading.
pub fn is_grey(c: [u8; 3]) -> bool {
    let (lo, hi) = (c.iter().min().copied(), c.iter().max().copied());
    match (lo, hi) {
        (Some(lo), Some(hi)) => hi - lo < 24 && lo > 40 && hi < 230,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per predicate and input: what a reader says of the line.
    #[test]
    fn line_shape_table() {
        type Pred = fn(&str) -> bool;
        let table: &[(&str, Pred, &str, bool)] = &[
            ("ends_sentence", ends_sentence, "Dat is gedaan.", true),
            (
                "ends_sentence",
                ends_sentence,
                "Zie bijlage (tabel 2).)",
                true,
            ),
            ("ends_sentence", ends_sentence, "Besluit:", true),
            ("ends_sentence", ends_sentence, "onder meer;", false),
            ("ends_sentence", ends_sentence, "Inleiding", false),
            ("ends_clause", ends_clause, "onder meer;", true),
            ("ends_clause", ends_clause, "jeugd,", false),
            ("ends_break", ends_break, "jeugd,", true),
            ("ends_break", ends_break, "jeugd", false),
            ("ends_mid_sentence", ends_mid_sentence, "samen met", true),
            ("ends_mid_sentence", ends_mid_sentence, "partners,", true),
            (
                "ends_mid_sentence",
                ends_mid_sentence,
                "Verbonden partijen",
                false,
            ),
            ("ends_open", ends_open, "de gemeente heeft in", true),
            ("ends_open", ends_open, "is afgerond.", false),
            ("ends_open", ends_open, "(zie tabel)", false),
            ("is_list_marker", is_list_marker, "•", true),
            ("is_list_marker", is_list_marker, "b)", true),
            ("is_list_marker", is_list_marker, "12.", true),
            ("is_list_marker", is_list_marker, "-", false),
            ("is_list_marker", is_list_marker, "A.", false),
            ("heading_shape", heading_shape, "3. Kernboodschap", true),
            (
                "heading_shape",
                heading_shape,
                "Wat gaan we daarvoor doen?",
                true,
            ),
            ("heading_shape", heading_shape, "Dit is een zin.", false),
            ("heading_shape", heading_shape, "Dit is een ellips...", true),
            ("heading_shape", heading_shape, "8.948", false),
            ("heading_shape", heading_shape, "van de", false),
            (
                "heading_shape",
                heading_shape,
                "AgendapuntTitelStand van zakenDatum afdoening",
                false,
            ),
            (
                "heading_shape",
                heading_shape,
                "Fractie GroenLinks-PvdA",
                true,
            ),
            ("glued_words", glued_words, "ChristenUnie en PvdA", false),
            ("glued_words", glued_words, "TitelStandDatum", true),
            ("starts_upper", starts_upper, "3. Kern", true),
            ("starts_upper", starts_upper, "van de", false),
            ("starts_lower", starts_lower, " van de", true),
            ("is_figures", is_figures, "€ 1.000", true),
            ("is_figures", is_figures, "-3.076 12,5%", true),
            ("is_figures", is_figures, "–", true),
            ("is_figures", is_figures, "2023 Realisatie", false),
            ("is_figures", is_figures, "2.247", true),
            ("is_figures", is_figures, "Gedaan in 2023", false),
            ("is_figures", is_figures, "€", false),
            ("is_outline_number", is_outline_number, "5.a.1", true),
            ("is_outline_number", is_outline_number, "4.a", true),
            ("is_outline_number", is_outline_number, "12", true),
            ("is_outline_number", is_outline_number, "3.", true),
            ("is_outline_number", is_outline_number, "a)", true),
            ("is_outline_number", is_outline_number, "IV.", true),
            ("is_outline_number", is_outline_number, "a", false),
            ("is_outline_number", is_outline_number, "Ja", false),
            (
                "is_outline_number",
                is_outline_number,
                "2023 Realisatie",
                false,
            ),
            ("named_number", named_number, "Deel A: Samenleven", true),
            ("named_number", named_number, "Deel B Samenredzaam", true),
            ("named_number", named_number, "Hoofdstuk 3 Financiën", true),
            ("named_number", named_number, "Bijlage IV. Kaarten", true),
            ("named_number", named_number, "Tabel 5", false),
            ("named_number", named_number, "Zie 3 van de", false),
            ("named_number", named_number, "Vanaf 2023 Deventer", false),
            ("named_number", named_number, "Vraag 4", false),
            (
                "ends_page_ref",
                ends_page_ref,
                "B Gebruikte afkortingen 46",
                true,
            ),
            (
                "ends_page_ref",
                ends_page_ref,
                "Wat willen we bereiken in 2024",
                false,
            ),
            ("ends_page_ref", ends_page_ref, "46", false),
            (
                "has_dot_leader",
                has_dot_leader,
                "A.1 Directe . . . . . . 35",
                true,
            ),
            ("has_dot_leader", has_dot_leader, "Zie p. 3.", false),
            ("label_shape", label_shape, "Plan Collectiecentrum", true),
            ("label_shape", label_shape, "a) Titel voorstel", true),
            (
                "label_shape",
                label_shape,
                "Wat vindt u in de Tussenstand?",
                true,
            ),
            (
                "label_shape",
                label_shape,
                "5.c.1 Benoeming van een burgerlid",
                true,
            ),
            ("label_shape", label_shape, "Besluit:", false),
            ("label_shape", label_shape, "Dit is gedaan.", false),
            ("label_shape", label_shape, "in de regio", false),
            ("label_shape", label_shape, "2.247", false),
            (
                "label_shape",
                label_shape,
                "https://eur-lex.europa.eu/X",
                false,
            ),
            (
                "label_shape",
                label_shape,
                "Een regel met veel te veel woorden om nog een kop te zijn in dit stuk",
                false,
            ),
            (
                "is_prose",
                is_prose,
                "Er is een vooronderzoek gedaan rondom de problematiek.",
                true,
            ),
            ("is_prose", is_prose, "Kapaanvraag BUBEKO", false),
            (
                "is_prose",
                is_prose,
                "Context, doel van het programma en rollen provincie 1.1 Inleiding 1.2 Context",
                false,
            ),
            (
                "is_prose",
                is_prose,
                "Het plan is klaar. Daarna volgt de uitvoering in de wijken van de stad",
                true,
            ),
        ];
        for (name, pred, input, want) in table {
            assert_eq!(pred(input), *want, "{name}({input:?})");
        }
    }

    #[test]
    fn outline_numbers_and_what_follows() {
        let table: &[(&str, Option<usize>, &str)] = &[
            (
                "5.a.1 Beantwoording vragen",
                Some(6),
                "Beantwoording vragen",
            ),
            ("4.a Besluitenlijst", Some(4), "Besluitenlijst"),
            ("2.3.01 Uitvoering", Some(7), "Uitvoering"),
            ("a) Titel voorstel", Some(3), "Titel voorstel"),
            ("12 Einde vergadering", Some(3), "Einde vergadering"),
            ("Artikel 5", None, "Artikel 5"),
            ("a Titel", None, "a Titel"),
            ("5.a.1", None, "5.a.1"),
        ];
        for (input, len, rest) in table {
            assert_eq!(outline_number(input), *len, "{input:?}");
            assert_eq!(without_number(input), *rest, "{input:?}");
        }
    }

    #[test]
    fn bullet_markers() {
        let table: &[(&str, Option<(&str, usize)>)] = &[
            ("• Buurtsportcoach", Some(("•", 4))),
            ("- item", Some(("-", 2))),
            ("1. In te stemmen", Some(("1.", 3))),
            ("12) Twaalf", Some(("12)", 4))),
            ("a.) Letter", Some(("a.)", 4))),
            ("b. Letter", Some(("b.", 3))),
            ("-3.076", None),
            ("1.1 Inleiding", None),
            ("Aan de raad", None),
        ];
        for (input, want) in table {
            assert_eq!(bullet_marker(input), *want, "{input:?}");
        }
    }

    #[test]
    fn colours() {
        assert_eq!(color_distance([0, 0, 0], [234, 127, 0]), 361);
        assert!(is_grey([128, 128, 128]));
        assert!(!is_grey([0, 0, 0]));
        assert!(!is_grey([255, 255, 255]));
        assert!(!is_grey([0, 123, 199]));
    }
}
