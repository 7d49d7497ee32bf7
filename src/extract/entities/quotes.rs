//! Quoted names: the quotation marks writers use around a name, matched
//! strictly (the same pair) or loosely right after a word that announces
//! a name (any quote character opens and closes: writers mix them).
//!
//! Input: a sentence text and a byte offset. Output: byte spans of the
//! quoted text. Shared by the pilot and the project readers.

pub(crate) const OPEN_QUOTES: &[(char, char)] =
    &[('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”'), ('„', '”')];

/// Every character that opens or closes a quotation.
pub(crate) const QUOTE_CHARS: &[char] = &['\'', '"', '‘', '’', '“', '”', '„'];

/// A quoted text starting at byte `at` (the opening quote): (inner start,
/// inner end, end after the closing quote). `loose`: right after a word
/// that announces a name, any quote character opens and any closes, as
/// writers mix them ("coalitieakkoord ’Vernieuwend Verder’", "de pilot
/// ‘Samen Thuis'").
pub(crate) fn quoted_with(text: &str, at: usize, loose: bool) -> Option<(usize, usize, usize)> {
    let open = text[at..].chars().next()?;
    let close = OPEN_QUOTES.iter().find(|(o, _)| *o == open).map(|q| q.1);
    if close.is_none() && !(loose && QUOTE_CHARS.contains(&open)) {
        return None;
    }
    let closes = |c: char| match close {
        Some(q) if !loose => c == q,
        _ => QUOTE_CHARS.contains(&c),
    };
    if at > 0
        && text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let s = at + open.len_utf8();
    let (rel, c) = text[s..].char_indices().take(160).find(|&(i, c)| {
        closes(c) && i > 0 && !text[s + i + c.len_utf8()..].starts_with(char::is_alphanumeric)
    })?;
    let e = s + rel;
    let inner = &text[s..e];
    (inner.trim() == inner && !inner.is_empty()).then_some((s, e, e + c.len_utf8()))
}

/// A quoted text with matching quotes (see [`quoted_with`]).
pub(crate) fn quoted(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    quoted_with(text, at, false)
}

/// The only quoted text of a sentence, of one to six words (inner start
/// and end), when there is exactly one.
pub(crate) fn sole_quoted(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = None;
    let mut at = 0;
    while at < bytes.len() {
        if !matches!(bytes[at], b'\'' | b'"' | 0xe2) {
            at += 1;
            continue;
        }
        let Some((qs, qe, end)) = text.get(at..).and_then(|_| quoted(text, at)) else {
            at += 1;
            continue;
        };
        let words = text[qs..qe].split_whitespace().count();
        if found.is_some() || !(1..=6).contains(&words) || text[qs..qe].ends_with('.') {
            return None;
        }
        found = Some((qs, qe));
        at = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::OPEN_QUOTES;

    #[test]
    fn opening_quotes_start_with_a_prefiltered_byte() {
        for (open, _) in OPEN_QUOTES {
            let first = open.to_string().as_bytes()[0];
            assert!(matches!(first, b'\'' | b'"' | 0xe2), "{open}");
        }
    }
}
