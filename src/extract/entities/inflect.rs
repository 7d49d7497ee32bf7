//! Dutch verb forms for the status cues of `status.tsv`.
//!
//! A status verb is written once, as its infinitive with a separable prefix
//! marked (`uit|voeren`); this module generates the forms a text uses: the
//! participle (`uitgevoerd`, `geëvalueerd` folded to `geevalueerd`), present
//! (`voert … uit`, `uitvoert`), past (`voerde … uit`), infinitive and
//! te-infinitive (`uit te voeren`). Spelling follows the regular rules: the
//! stem drops `-en`, a doubled final consonant is undoubled, the vowel of an
//! open syllable is doubled (`evalueren` → `evalueer`), `v`/`z` become
//! `f`/`s`, and 't kofschip chooses `-t`/`-d` and `-te`/`-de`. Irregular
//! verbs give their participle in the dictionary.

/// How a verb form reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Past participle (`uitgevoerd`).
    Participle,
    /// Present tense, singular or plural (`evalueert`).
    Present,
    /// Infinitive, which is also the present plural (`evalueren`).
    Infinitive,
    /// te-infinitive of a separable verb (`voort te zetten`).
    TeInfinitive,
    /// Simple past (`evalueerde`).
    Past,
    /// A fixed phrase, not a verb form.
    Phrase,
}

/// One generated form: the folded text, how it reads, and the separable
/// prefix that must follow later in the clause when the verb is split
/// (`bieden … aan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Folded surface form.
    pub text: String,
    /// Reading.
    pub form: Form,
    /// Separable prefix expected later in the clause.
    pub split_prefix: Option<String>,
}

const INSEPARABLE: &[&str] = &["be", "ge", "her", "ver", "ont", "er"];

/// The stem (first person singular) of a regular infinitive.
pub fn stem(inf: &str) -> String {
    let base = inf.strip_suffix("en").unwrap_or(inf);
    let chars: Vec<char> = base.chars().collect();
    let n = chars.len();
    let is_vowel = |c: char| "aeiouy".contains(c);
    let mut out: Vec<char> = chars.clone();
    if n >= 2 && chars[n - 1] == chars[n - 2] && !is_vowel(chars[n - 1]) {
        out.pop();
    } else if base.ends_with("uer") {
        // evalu-eren, continu-eren: the e is a vowel of its own.
        out.insert(n - 1, 'e');
    } else if n >= 3
        && !is_vowel(chars[n - 1])
        && is_vowel(chars[n - 2])
        && !is_vowel(chars[n - 3])
        && chars[n - 2] != 'i'
    {
        out.insert(n - 1, chars[n - 2]);
    }
    match out.last() {
        Some('v') => {
            out.pop();
            out.push('f');
        }
        Some('z') => {
            out.pop();
            out.push('s');
        }
        _ => {}
    }
    out.into_iter().collect()
}

/// 't kofschip: does the stem take `-t`/`-te` (true) or `-d`/`-de`?
fn voiceless(inf: &str) -> bool {
    let base = inf.strip_suffix("en").unwrap_or(inf);
    base.chars()
        .last()
        .is_some_and(|c| "tkfschp".contains(c) || c == 'x')
}

/// Every form of a verb written `prefix|infinitive` (or just the
/// infinitive), with an optional irregular participle.
pub fn verb_forms(spec: &str, participle: Option<&str>) -> Vec<VerbForm> {
    let (prefix, inf) = match spec.split_once('|') {
        Some((p, i)) => (p.to_string(), i.to_string()),
        None => (String::new(), spec.to_string()),
    };
    let st = match participle {
        // An irregular participle also fixes the stem for -eren/-elen verbs
        // whose vowel does not double (verbeterd → verbeter).
        Some(p) if p.ends_with(['d', 't']) && !p.ends_with("en") => {
            let core = p.strip_prefix(prefix.as_str()).unwrap_or(p);
            let core = core
                .strip_prefix("ge")
                .filter(|_| !inf.starts_with("ge"))
                .unwrap_or(core);
            let core = core.strip_suffix(['d', 't']).unwrap_or(core);
            if inf.starts_with(core) {
                core.to_string()
            } else {
                stem(&inf)
            }
        }
        _ => stem(&inf),
    };
    let ending_t = if st.ends_with('t') { "" } else { "t" };
    let past_suffix = if voiceless(&inf) { "te" } else { "de" };
    let part = match participle {
        Some(p) => p.to_string(),
        None => {
            let ge = if INSEPARABLE.iter().any(|p| inf.starts_with(p)) {
                ""
            } else {
                "ge"
            };
            let end = if st.ends_with(['t', 'd']) {
                ""
            } else if voiceless(&inf) {
                "t"
            } else {
                "d"
            };
            format!("{prefix}{ge}{st}{end}")
        }
    };
    let mut out = vec![VerbForm {
        text: part,
        form: Form::Participle,
        split_prefix: None,
    }];
    let joined = |s: &str| format!("{prefix}{s}");
    let split = (!prefix.is_empty()).then(|| prefix.clone());
    let mut push = |text: String, form: Form, split_prefix: Option<String>| {
        if !out
            .iter()
            .any(|f| f.text == text && f.split_prefix == split_prefix)
        {
            out.push(VerbForm {
                text,
                form,
                split_prefix,
            });
        }
    };
    push(joined(&inf), Form::Infinitive, None);
    push(joined(&format!("{st}{ending_t}")), Form::Present, None);
    push(joined(&format!("{st}{past_suffix}")), Form::Past, None);
    push(joined(&format!("{st}{past_suffix}n")), Form::Past, None);
    if let Some(sp) = split {
        push(format!("{sp} te {inf}"), Form::TeInfinitive, None);
        push(inf.clone(), Form::Present, Some(sp.clone()));
        push(format!("{st}{ending_t}"), Form::Present, Some(sp.clone()));
        push(format!("{st}{past_suffix}"), Form::Past, Some(sp.clone()));
        push(format!("{st}{past_suffix}n"), Form::Past, Some(sp));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(spec: &str, p: Option<&str>) -> Vec<String> {
        verb_forms(spec, p).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn regular_and_separable_verbs() {
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            (
                "evalueren",
                None,
                &["geevalueerd", "evalueren", "evalueert", "evalueerde"],
            ),
            (
                "uit|voeren",
                None,
                &[
                    "uitgevoerd",
                    "uitvoeren",
                    "uit te voeren",
                    "voert",
                    "voerde",
                ],
            ),
            (
                "voort|zetten",
                None,
                &["voortgezet", "voort te zetten", "zetten", "zet"],
            ),
            ("af|ronden", None, &["afgerond", "rondt"]),
            ("realiseren", None, &["gerealiseerd", "realiseert"]),
            ("intensiveren", None, &["geintensiveerd"]),
            ("vast|stellen", None, &["vastgesteld", "stelt"]),
            (
                "ontwikkelen",
                Some("ontwikkeld"),
                &["ontwikkeld", "ontwikkelt"],
            ),
            ("in|vullen", None, &["ingevuld"]),
            ("beeindigen", None, &["beeindigd"]),
            ("financieren", None, &["gefinancierd"]),
            ("plannen", None, &["gepland"]),
            ("starten", None, &["gestart", "startte"]),
        ];
        for (spec, p, want) in cases {
            let got = forms(spec, *p);
            for w in *want {
                assert!(got.iter().any(|g| g == w), "{spec}: {w} not in {got:?}");
            }
        }
    }
}
