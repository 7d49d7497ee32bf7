//! What header values look like: dates, times, case numbers, names,
//! meeting places. Each finder returns the value as the output gives it
//! (dates in ISO 8601, the rest as printed) or `None`.

use super::vocab::HeaderVocab;
use crate::dict::{norm_key, Vocabulary};
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, p: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(p).unwrap_or_else(|_| unreachable!()))
}

/// A Dutch date to ISO 8601, wherever it stands in `s`: "7 november 2023"
/// → "2023-11-07", "dinsdag 12 oktober 2021 12:00" → "2021-10-12",
/// "07-11-2023", "28.05.2024" and "2023-11-07" too.
pub fn parse_date(s: &str, vocab: &Vocabulary) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(3) {
        let (Ok(d), Some(m), Ok(y)) = (
            w[0].parse::<u32>(),
            vocab.months.get(&norm_key(w[1].trim_end_matches('.'))),
            w[2].trim_end_matches(['.', ';', ')']).parse::<u32>(),
        ) else {
            continue;
        };
        if (1..=31).contains(&d) && (1000..=2999).contains(&y) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    static NUMERIC: OnceLock<Regex> = OnceLock::new();
    let numeric = re(
        &NUMERIC,
        r"(?:^|[^0-9/.-])([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})(?:$|[^0-9/.-]|[.-][^0-9]|[.-]$)",
    );
    for c in numeric.captures_iter(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(a), Some(b), Some(c)) = (n(1), n(2), n(3)) else {
            continue;
        };
        let (y, m, d) = if a > 999 { (a, b, c) } else { (c, b, a) };
        if (1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=2999).contains(&y) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

/// A time or time range as printed: "9.30 – 12.30", "20:30 - 23:00", "12:00".
pub fn find_time(s: &str) -> Option<&str> {
    static TIME: OnceLock<Regex> = OnceLock::new();
    let t = r"[0-9]{1,2}[.:][0-9]{2}(?::[0-9]{2})?";
    let time = TIME.get_or_init(|| {
        Regex::new(&format!(
            r"(?:^|[^0-9.:/-]){}",
            format_args!(r"({t}(?:\s*uur)?(?:\s*(?:-|–|tot)\s*{t}(?:\s*uur)?)?)")
        ))
        .unwrap_or_else(|_| unreachable!())
    });
    time.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// A case or registration number as printed: "Z/23/072659", "713442", "59".
pub fn find_case(s: &str) -> Option<&str> {
    static CASE: OnceLock<Regex> = OnceLock::new();
    let case = re(
        &CASE,
        r"(?:^|\s)([A-Z]{0,5}[-/]?[0-9][0-9A-Za-z]*(?:[-/.]\w+)*)(?:$|[\s,;])",
    );
    case.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// Where a person's name starts in `s`: at a word that opens one
/// ("Dhr.", "Burgemeester") or at initials ("M.G.M."). The name runs to the
/// end of `s`.
pub fn person_start(s: &str, header: &HeaderVocab) -> Option<usize> {
    static INITIALS: OnceLock<Regex> = OnceLock::new();
    let initials = re(&INITIALS, r"^(?:\p{Lu}\.){1,4}(?:\s|$|\p{Lu})");
    let words: Vec<&str> = s.split(' ').collect();
    let mut at = 0;
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_end_matches([',', ':']);
        // Two-word openers first: "de heer", "mevrouw de".
        let pair = words.get(i + 1).map(|next| format!("{word} {next}"));
        let opens = |t: &str| header.honorific.as_ref().is_some_and(|h| h.is_match(t));
        if pair.as_deref().is_some_and(opens) || opens(bare) || initials.is_match(word) {
            return Some(at);
        }
        at += word.len() + 1;
    }
    None
}

/// Whether a short text names a meeting place ("Raadzaal", "Digitaal via Zoom").
pub fn is_venue(s: &str, header: &HeaderVocab) -> bool {
    let s = s.trim().trim_end_matches(['.', ',']);
    s.split_whitespace().count() <= 4 && header.venue.as_ref().is_some_and(|v| v.is_match(s))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn shapes_of_header_values() {
        let vocab = Vocabulary::builtin().unwrap();
        for (s, want) in [
            ("7 november 2023", Some("2023-11-07")),
            ("07-11-2023", Some("2023-11-07")),
            ("di 3 okt. 2023", Some("2023-10-03")),
            ("31-08-2015 19:30 uur", Some("2015-08-31")),
            ("28.05.2024", Some("2024-05-28")),
            ("dinsdag 12 oktober 2021", Some("2021-10-12")),
            ("2023-11-07", Some("2023-11-07")),
            ("dinsdag 20 december 20:00 tot 23:00", None),
            ("binnenkort", None),
            ("Z/23/072659", None),
        ] {
            assert_eq!(parse_date(s, &vocab).as_deref(), want, "{s}");
        }
        for (s, want) in [
            ("9.30 – 12.30", Some("9.30 – 12.30")),
            (
                "woensdag 22 januari 2020 20:30 - 23:00",
                Some("20:30 - 23:00"),
            ),
            ("12:00", Some("12:00")),
            ("31-08-2015 19:30 uur", Some("19:30 uur")),
            ("22 januari 2020", None),
        ] {
            assert_eq!(find_time(s), want, "{s}");
        }
        for (s, want) in [
            ("Z/23/072659", Some("Z/23/072659")),
            ("59", Some("59")),
            ("713442 ", Some("713442")),
            ("Evaluatie omgekeerd inzamelen", None),
        ] {
            assert_eq!(find_case(s), want, "{s}");
        }
        let h = &vocab.header;
        let s = "Evaluatie omgekeerd inzamelen Dhr. Dr. M.G.M. van der Poel";
        assert_eq!(
            &s[person_start(s, h).unwrap()..],
            "Dhr. Dr. M.G.M. van der Poel"
        );
        assert_eq!(person_start("J.W.E. Spies", h), Some(0));
        assert_eq!(
            person_start("de heer drs. J.J. Kruijt, wethouder", h),
            Some(0)
        );
        assert_eq!(person_start("Stand van zaken", h), None);
        assert!(is_venue("Raadzaal", h) && is_venue("Collegekamer", h));
        assert!(is_venue("Digitaal via Zoom", h) && !is_venue("Agendapunten", h));
    }
}
