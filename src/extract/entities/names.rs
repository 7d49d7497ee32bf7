//! Name spans: runs of capitalised words and the words that may continue a
//! name, shared by the partner and the pilot/project patterns.
//!
//! A name is read forward from a token: capitalised words (or acronyms,
//! `Place2BU`, `(op)groeien`) joined by connectors (`van`, `voor`, `de`,
//! `en` …) and, where the pattern allows it, lower-case content words. It
//! stops at punctuation, at a verb form (an auxiliary or a participle), at
//! a year (which ends a name: "Hervormingsagenda Jeugd 2022-2028") and at
//! the start of another name ("… en het Toekomstscenario").

use super::vocab::EntityVocabulary;
use super::Ctx;

/// How far a name may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only capitalised words and connectors between them.
    Capitalised,
    /// Capitalised or lower-case content words.
    Open,
}

/// Subject pronouns: after a verb they mark an inverted clause ("…
/// verduidelijken we", "pilot X heeft ze …").
pub const SUBJECTS: &[&str] = &["we", "wij", "ze", "zij", "jullie", "u", "ik", "hij", "men"];

/// Looks like a past participle ("uitgevoerd", "gelanceerd", "gericht").
pub fn participle_like(low: &str) -> bool {
    let n = low.len();
    if n < 6 || !low.ends_with(['d', 't']) {
        return false;
    }
    let head = &low[..n.min(9)];
    head.starts_with("ge")
        || [
            "uitge", "doorge", "inge", "opge", "afge", "aange", "vastge", "voortge", "overge",
            "bijge", "terugge",
        ]
        .iter()
        .any(|p| head.starts_with(p))
}

/// Whether token `i` reads as part of a proper name.
pub fn capish(ctx: &Ctx, i: usize) -> bool {
    ctx.toks.get(i).is_some_and(|t| t.cap)
}

const NON_ASCII: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;

/// Per byte: [`NON_ASCII`], [`UPPER`] (ASCII capital) or [`DIGIT`] (ASCII).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Whether a word as written reads as part of a proper name (computed once
/// per token: see [`capish`]).
pub fn capish_word(t: &str) -> bool {
    let b = t.as_bytes();
    if b.first().is_some_and(u8::is_ascii_lowercase) {
        // The common case, a word starting with a small letter: its first
        // alphanumeric is no capital, so it needs a capital and a digit.
        // One pass over the bytes; any non-ASCII byte takes the general path.
        let class = b.iter().fold(0u8, |m, &c| m | BYTE_CLASS[usize::from(c)]);
        if class & NON_ASCII == 0 {
            return class & (UPPER | DIGIT) == UPPER | DIGIT;
        }
    }
    if t.is_ascii() {
        let b = t.as_bytes();
        let first = b.iter().find(|c| c.is_ascii_alphanumeric());
        if first.is_some_and(u8::is_ascii_uppercase) {
            return true;
        }
        let (upper, digit) = b.iter().fold((false, false), |(u, d), c| {
            (u | c.is_ascii_uppercase(), d | c.is_ascii_digit())
        });
        return upper && digit;
    }
    let first = t.chars().find(|c| c.is_alphanumeric());
    first.is_some_and(char::is_uppercase)
        || (t.chars().any(char::is_uppercase) && t.chars().any(|c| c.is_ascii_digit()))
}

/// A token of digits (a year, "18", "2022-2028").
pub fn numeric(ctx: &Ctx, i: usize) -> bool {
    let t = ctx.orig(i);
    t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '/'))
}

/// Starts another name (a project keyword, or a capitalised compound
/// ending in one after a function word: "… en het Toekomstscenario"). Such
/// a compound goes on a name in lower case ("nota preventief jeugdbeleid")
/// and right after a content word ("nota Preventie Jeugdbeleid").
pub fn starts_name(ctx: &Ctx, i: usize, vocab: &EntityVocabulary) -> bool {
    let r = &vocab.roles;
    let after_content_word = i > 0 && !ctx.is(i - 1, r.stop | r.name_connector);
    ctx.is(i, r.project_keyword | r.pilot_keyword)
        || (ctx.suffix(i).is_some() && capish(ctx, i) && !after_content_word)
}

/// Read a name forward from token `j`. Returns the exclusive end token, or
/// `None` when no name starts at `j`.
pub fn forward(
    ctx: &Ctx,
    j: usize,
    mode: Mode,
    max: usize,
    vocab: &EntityVocabulary,
) -> Option<usize> {
    let n = ctx.toks.len();
    if j >= n {
        return None;
    }
    let r = &vocab.roles;
    if ctx.is(j, r.stop | r.not_a_name) {
        return None;
    }
    if mode == Mode::Capitalised && !capish(ctx, j) {
        return None;
    }
    let mut last_good = None;
    let mut k = j;
    let mut prev_connector = false;
    let mut connectors = 0;
    let mut lower_words = 0;
    while k < n && k - j < max {
        if k > j && (!ctx.gap_plain(k - 1, k) || starts_name(ctx, k, vocab)) {
            break;
        }
        if numeric(ctx, k) {
            if k == j || !prev_connector {
                last_good = Some(k);
            }
            break;
        }
        if capish(ctx, k) && !ctx.is(k, r.not_a_name) {
            last_good = Some(k);
            prev_connector = false;
            connectors = 0;
        } else if ctx.is(k, r.name_connector) && k > j {
            // "de Raad van de Kinderbescherming en de Gecertificeerde
            // Instellingen": a conjunction before an article joins two
            // names, it is not inside one.
            if ctx.is(k, r.coordination) && k + 1 < n && ctx.is(k + 1, r.article) {
                break;
            }
            prev_connector = true;
            connectors += 1;
        } else if mode == Mode::Open
            // Two connectors and then a lower-case word are a clause
            // going on ("het beleidsplan Jeugd aan ter besluitvorming"); a
            // name goes on after them only with a capital ("Raad van de
            // Kinderbescherming").
            && connectors < 2
            && lower_words < 3
            && !ctx.is(k, r.stop | r.month)
            && !participle_like(ctx.low(k))
        {
            lower_words += 1;
            last_good = Some(k);
            prev_connector = false;
            connectors = 0;
        } else {
            break;
        }
        k += 1;
    }
    last_good.map(|e| e + 1)
}

/// Read a capitalised name backward, ending at token `last`. Leading
/// function words ("De", "Het", "Dit") are dropped. Returns the first token.
pub fn backward(ctx: &Ctx, last: usize, vocab: &EntityVocabulary) -> Option<usize> {
    if !capish(ctx, last) {
        return None;
    }
    let mut first = last;
    let mut k = last;
    while k > 0 && ctx.gap_plain(k - 1, k) && last - k < 8 {
        let p = k - 1;
        if capish(ctx, p) {
            first = p;
            k = p;
        } else if ctx.is(p, vocab.roles.name_connector)
            && p > 0
            && capish(ctx, p - 1)
            && ctx.gap_plain(p - 1, p)
        {
            first = p - 1;
            k = p - 1;
        } else {
            break;
        }
    }
    while first < last && ctx.is(first, vocab.roles.stop | vocab.roles.not_a_name) {
        first += 1;
    }
    (!ctx.is(first, vocab.roles.stop)).then_some(first)
}
