//! Linking: ids for pilots and projects, the subject of each status, and
//! the status class of each pilot.
//!
//! A pilot or project keeps one id (`pilot-1`, `project-3`) over all its
//! mentions; pilot names that differ by a typo ("buurgerichte" for
//! "buurtgerichte") share it, and the canonical name of its first mention. A status is about the pilot named in its
//! sentence, else a project named there, else the pilot named last in the
//! same block; otherwise its item or section (decided by the caller).
//! A pilot's class is the last status that follows its name in a sentence
//! naming it; failing that, the last status about it in its block; failing
//! that (a pilot from a list), the last status of the paragraph announcing
//! the list.

use super::class::StatusClass;
use super::fold::{fold_key, key_of_folded};
use super::prepare::Prepared;
use super::sentences::Sentence;
use super::Found;
use crate::model::Document;
use crate::model::EntityKind;
use serde_json::{json, Value};

struct Named {
    key: String,
    id: String,
    canonical: String,
}

/// The uninflected form of an inflected adjective of `adjectives`
/// ("integrale" → "integraal", "nieuwe" → "nieuw"), when the lexicon holds
/// it; any other word as it is.
fn uninflected<'a>(word: &'a str, adjectives: &'a [String]) -> &'a str {
    let Some(stem) = word.strip_suffix('e') else {
        return word;
    };
    if !adjectives.iter().any(|a| a == word) {
        return word;
    }
    // "integral" → "integraal": a single vowel before the last consonant
    // doubles when the -e goes.
    adjectives
        .iter()
        .find(|a| {
            a.len() == stem.len() + 1 && {
                let (head, last) = stem.split_at(stem.len().saturating_sub(1));
                let vowel = head.chars().next_back();
                vowel.is_some_and(|v| "aeou".contains(v))
                    && a.starts_with(head)
                    && a.ends_with(last)
                    && a[head.len()..a.len() - last.len()]
                        .chars()
                        .all(|c| Some(c) == vowel)
            }
        })
        .or_else(|| adjectives.iter().find(|a| a.as_str() == stem))
        .map_or(word, String::as_str)
}

/// A project name with its inflected project adjectives uninflected, in
/// the case written ("Integrale Beleidsplan" → "Integraal Beleidsplan"):
/// the canonical name of all mentions.
fn uninflected_name(name: &str, adjectives: &[String]) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    for (k, word) in name.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let low = fold_key(word);
        let base = uninflected(&low, adjectives);
        if base == low {
            out.push_str(word);
        } else if word.starts_with(char::is_uppercase) {
            let mut c = base.chars();
            out.extend(c.next().into_iter().flat_map(char::to_uppercase));
            out.push_str(c.as_str());
        } else {
            out.push_str(base);
        }
    }
    out
}

/// The key under which mentions of a project are one project: folded, with
/// inflected adjectives uninflected ("Integrale Beleidsplan Jeugd" and
/// "integraal beleidsplan jeugd").
fn project_key(name: &str, adjectives: &[String]) -> String {
    fold_key(name)
        .split(' ')
        .map(|w| uninflected(w, adjectives))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Give each named `kind` entity an id shared by the mentions of one name,
/// and the canonical name of its first mention. Pilots are keyed by their
/// folded name (which link searches for in sentences) and also join a
/// mention with a typo; projects by [`project_key`].
fn assign_ids(
    found: &mut [(usize, Found)],
    kind: EntityKind,
    prefix: &str,
    adjectives: &[String],
) -> Vec<Named> {
    let mut named: Vec<Named> = Vec::new();
    for (_, f) in found.iter_mut().filter(|(_, f)| f.kind == kind) {
        let Some(c) = &f.canonical else { continue };
        let key = if kind == EntityKind::Project {
            project_key(c, adjectives)
        } else {
            fold_key(c)
        };
        let typo = |a: &str, b: &str| {
            kind == EntityKind::Pilot
                && b.len() >= 10
                && a.len().abs_diff(b.len()) <= 2
                && strsim::normalized_levenshtein(a, b) >= 0.9
        };
        let id = match named.iter().find(|n| n.key == key || typo(&n.key, &key)) {
            Some(n) => {
                if n.canonical != *c {
                    f.value = json!(n.canonical);
                    f.canonical = Some(n.canonical.clone());
                }
                n.id.clone()
            }
            None => {
                let id = format!("{prefix}-{}", named.len() + 1);
                let canonical = if kind == EntityKind::Project {
                    uninflected_name(c, adjectives)
                } else {
                    c.clone()
                };
                if canonical != *c {
                    f.value = json!(canonical);
                    f.canonical = Some(canonical.clone());
                }
                named.push(Named {
                    key,
                    id: id.clone(),
                    canonical,
                });
                id
            }
        };
        f.extra.insert("id".into(), Value::String(id));
    }
    named
}

/// A name without its generic project word ("Buitenshuisproject" →
/// "buitenshuis"), when it ends in one of `suffixes`.
fn stem<'a>(key: &'a str, suffixes: &[String]) -> Option<&'a str> {
    suffixes
        .iter()
        .filter_map(|s| key.strip_suffix(s.as_str()))
        .find(|rest| rest.chars().count() >= 4)
        .map(|rest| rest.trim_end_matches(['-', ' ']))
}

/// The id of every project that names the same initiative as pilot `key`
/// with another generic word: pilot "Buitenshuisproject" and project
/// "Buitenshuisaanpak".
fn related_projects(found: &[(usize, Found)], key: &str, suffixes: &[String]) -> Vec<String> {
    let Some(st) = stem(key, suffixes) else {
        return Vec::new();
    };
    found
        .iter()
        .filter(|(_, f)| f.kind == EntityKind::Project)
        .filter(|(_, f)| {
            f.canonical
                .as_deref()
                .is_some_and(|c| stem(&fold_key(c), suffixes) == Some(st))
        })
        .filter_map(|(_, f)| f.extra.get("id")?.as_str().map(str::to_string))
        .collect()
}

/// Lexicon words linking needs.
pub struct Words<'a> {
    /// Generic project words (`project_suffix`).
    pub suffixes: &'a [String],
    /// Words of a status that prepares its subject (`preparation`).
    pub preparation: &'a [String],
    /// Words of a status that starts its subject (`start`).
    pub start: &'a [String],
    /// Adjectives kept in front of a project word (`project_adjective`),
    /// inflected and not.
    pub adjectives: &'a [String],
}

/// The entries of `list` (sorted by sentence) in sentence `si`.
fn of_sentence(list: &[(usize, usize, String)], si: usize) -> &[(usize, usize, String)] {
    let from = list.partition_point(|m| m.0 < si);
    let to = from + list[from..].partition_point(|m| m.0 <= si);
    &list[from..to]
}

/// Add a mention of each pilot in each sentence whose key text
/// ([`key_of_folded`]) holds its key, at the first occurrence, unless the
/// sentence already mentions that id (pilots in order, sentence by
/// sentence). Each key is searched once in the key texts of all sentences
/// joined by `\n`, not once per sentence: no key text holds a `\n` (else
/// each sentence is searched alone), so no occurrence spans two sentences,
/// and the first occurrence in each sentence is among the non-overlapping
/// ones.
fn mention_pilots(
    pilots: &[Named],
    sents: &[Sentence],
    prep: &Prepared,
    mentions: &mut Vec<(usize, usize, String)>,
) {
    if pilots.is_empty() {
        return;
    }
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(sents.len());
    let mut joinable = true;
    for (si, s) in sents.iter().enumerate() {
        let low = key_of_folded(&s.text, prep.folded(si));
        starts.push(joined.len());
        joined.push_str(&low);
        joined.push('\n');
        joinable &= !low.contains('\n');
    }
    // (sentence, pilot, position in its key text).
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (k, p) in pilots.iter().enumerate() {
        if !joinable || p.key.is_empty() {
            // Each sentence alone, as the joined search cannot.
            for (si, s) in sents.iter().enumerate() {
                let low = key_of_folded(&s.text, prep.folded(si));
                if let Some(pos) = super::fold::find_short(&low, &p.key) {
                    hits.push((si, k, pos));
                }
            }
            continue;
        }
        if p.key.contains('\n') {
            // No key text holds one.
            continue;
        }
        let mut last = usize::MAX;
        for at in memchr::memmem::find_iter(joined.as_bytes(), p.key.as_bytes()) {
            let Some(si) = starts.partition_point(|&s| s <= at).checked_sub(1) else {
                continue;
            };
            if si != last {
                hits.push((si, k, at - starts[si]));
                last = si;
            }
        }
    }
    hits.sort_unstable();
    for (si, k, pos) in hits {
        let (Some(p), Some(s)) = (pilots.get(k), sents.get(si)) else {
            continue;
        };
        if !mentions.iter().any(|(ms, _, id)| *ms == si && *id == p.id) {
            mentions.push((si, pos.min(s.text.len()), p.id.clone()));
        }
    }
}

/// Link statuses, pilots and projects in place. `prep` holds the folded
/// sentences.
pub fn link(
    found: &mut [(usize, Found)],
    sents: &[Sentence],
    prep: &Prepared,
    doc: &Document,
    words: &Words,
) {
    let suffixes = words.suffixes;
    let is_list_item = |si: usize| {
        sents
            .get(si)
            .and_then(|s| doc.blocks.get(s.block))
            .is_some_and(|b| b.kind == crate::model::BlockKind::ListItem)
    };
    let pilots = assign_ids(found, EntityKind::Pilot, "pilot", words.adjectives);
    assign_ids(found, EntityKind::Project, "project", words.adjectives);
    // Pilot mentions per sentence: (sentence, position, id).
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    for (si, f) in found.iter() {
        if f.kind == EntityKind::Pilot {
            if let Some(id) = f.extra.get("id").and_then(Value::as_str) {
                mentions.push((*si, f.start, id.to_string()));
            }
        }
    }
    mention_pilots(&pilots, sents, prep, &mut mentions);
    mentions.sort();
    let mut projects: Vec<(usize, usize, String)> = found
        .iter()
        .filter(|(_, f)| f.kind == EntityKind::Project)
        .filter_map(|(si, f)| Some((*si, f.start, f.extra.get("id")?.as_str()?.to_string())))
        .collect();
    // By sentence for [`of_sentence`], each sentence's in their order.
    projects.sort_by_key(|m| m.0);
    // Subjects.
    let mut direct: Vec<bool> = vec![false; found.len()];
    for (k, (si, f)) in found.iter_mut().enumerate() {
        if f.kind != EntityKind::Status {
            continue;
        }
        let nearest = |list: &[(usize, usize, String)]| {
            let here = of_sentence(list, *si).iter();
            here.clone()
                .filter(|m| m.1 <= f.start)
                .max_by_key(|m| m.1)
                .or_else(|| here.min_by_key(|m| m.1))
                .map(|m| m.2.clone())
        };
        if let Some(id) = nearest(&mentions) {
            f.extra.insert("subject".into(), json!(id));
            direct[k] = true;
        } else if let Some(id) = nearest(&projects) {
            f.extra.insert("subject".into(), json!(id));
        } else {
            let block = sents.get(*si).map(|s| s.block);
            // The last mention before the sentence, in its block.
            let before = mentions.partition_point(|m| m.0 < *si);
            let prev = mentions[..before]
                .iter()
                .rev()
                .find(|m| sents.get(m.0).map(|s| s.block) == block);
            if let Some(m) = prev {
                f.extra.insert("subject".into(), json!(m.2));
            }
        }
    }
    // Pilot classes.
    for p in &pilots {
        let mut chosen: Option<usize> = None;
        // The statuses said directly about the pilot, in order.
        let about: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(k, (_, f))| {
                f.kind == EntityKind::Status
                    && direct[*k]
                    && f.extra.get("subject").and_then(Value::as_str) == Some(p.id.as_str())
            })
            .map(|(k, _)| k)
            .collect();
        for &k in &about {
            let (si, f) = &found[k];
            let pos = of_sentence(&mentions, *si)
                .iter()
                .filter(|m| m.2 == p.id)
                .map(|m| m.1)
                .min()
                .unwrap_or(0);
            let after_exists = about
                .iter()
                .any(|&j| found[j].0 == *si && found[j].1.start >= pos);
            if f.start >= pos || !after_exists {
                chosen = Some(k);
            }
        }
        if chosen.is_none() {
            chosen = found
                .iter()
                .enumerate()
                .filter(|(_, (_, f))| {
                    f.kind == EntityKind::Status
                        && f.extra.get("subject").and_then(Value::as_str) == Some(p.id.as_str())
                })
                .map(|(k, _)| k)
                .next_back();
        }
        if chosen.is_none() {
            // A pilot from a list: the paragraph that announced the list.
            let first = found.iter().find(|(_, f)| {
                f.kind == EntityKind::Pilot
                    && f.extra.get("id").and_then(Value::as_str) == Some(p.id.as_str())
                    && f.extra.contains_key("list")
            });
            if let Some((si, _)) = first {
                // Page furniture between the paragraph and its list (a page
                // break) is not the paragraph.
                let intro_block = (0..*si)
                    .rev()
                    .find(|&k| !is_list_item(k) && !sents.get(k).is_some_and(|s| s.furniture))
                    .and_then(|k| sents.get(k).map(|s| s.block));
                chosen = found
                    .iter()
                    .enumerate()
                    .filter(|(_, (sj, f))| {
                        f.kind == EntityKind::Status
                            && sents.get(*sj).map(|s| s.block) == intro_block
                            && intro_block.is_some()
                    })
                    .map(|(k, _)| k)
                    .next_back();
            }
        }
        // A later decision in the pilot's block about the same initiative
        // under another name ("de Buitenshuisaanpak structureel voort te
        // zetten") is its latest state.
        let related = related_projects(found, &p.key, suffixes);
        if let Some(k0) = chosen.filter(|_| !related.is_empty()) {
            let block = sents.get(found[k0].0).map(|s| s.block);
            let later = found
                .iter()
                .enumerate()
                .filter(|(k, (sj, f))| {
                    *k > k0
                        && f.kind == EntityKind::Status
                        && sents.get(*sj).map(|s| s.block) == block
                        && f.extra
                            .get("subject")
                            .and_then(Value::as_str)
                            .is_some_and(|s| related.iter().any(|r| r == s))
                })
                .map(|(k, _)| k)
                .next_back();
            chosen = later.or(chosen);
        }
        let Some(k) = chosen else { continue };
        let mut class = found[k].1.class;
        // "zijn de voorbereidingen getroffen voor een pilot": the
        // preparation is under way, the pilot itself is planned.
        let (sk, f) = &found[k];
        let cue = sents
            .get(*sk)
            .and_then(|s| s.text.get(f.start..f.end))
            .map(fold_key)
            .unwrap_or_default();
        let has = |list: &[String]| cue.split(' ').any(|w| list.iter().any(|p| p == w));
        if has(words.preparation) {
            class = Some(StatusClass::Planned);
        } else if class == Some(StatusClass::Achieved) && has(words.start) {
            // A pilot started and not said to be finished is under way.
            class = Some(StatusClass::InProgress);
        } else if class == Some(StatusClass::Planned)
            && f.verb_class == Some(StatusClass::Evaluated)
        {
            // A pilot still to be evaluated is still running.
            class = Some(StatusClass::InProgress);
        }
        let subject_is_pilot = found[k]
            .1
            .extra
            .get("subject")
            .and_then(Value::as_str)
            .is_some_and(|s| s.starts_with("pilot-"));
        if !subject_is_pilot {
            found[k].1.extra.insert("subject".into(), json!(p.id));
        }
        for (_, f) in found.iter_mut() {
            if f.kind == EntityKind::Pilot
                && f.extra.get("id").and_then(Value::as_str) == Some(p.id.as_str())
            {
                f.class = class;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::entities_in;
    use crate::model::EntityKind;

    fn pilot_class(text: &str) -> Option<String> {
        let ents = entities_in(text);
        let p = ents
            .iter()
            .find(|e| e.kind == EntityKind::Pilot && e.canonical.is_some());
        assert!(p.is_some(), "no named pilot in {text}: {ents:?}");
        p.and_then(|p| p.class).map(|c| c.as_str().to_string())
    }

    #[test]
    fn a_misspelt_pilot_name_takes_the_first_spelling_and_id() {
        let ents = entities_in(
            "We leren van de pilot buurtgerichte specialistische jeugdhulp. \
             In Zuilen is de pilot buurgerichte specialistische jeugdhulp gestart.",
        );
        let pilots: Vec<(&str, Option<&str>, &serde_json::Value)> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Pilot)
            .map(|e| (e.text.as_str(), e.canonical.as_deref(), &e.extra["id"]))
            .collect();
        let name = Some("buurtgerichte specialistische jeugdhulp");
        assert_eq!(pilots.len(), 2, "{pilots:?}");
        assert!(pilots[1].0.contains("buurgerichte"), "{pilots:?}");
        assert!(
            pilots.iter().all(|p| p.1 == name && p.2 == "pilot-1"),
            "{pilots:?}"
        );
    }

    #[test]
    fn one_project_in_another_case_or_inflection_has_one_name() {
        let ents = entities_in(
            "De raad stelde het integrale beleidsplan jeugd vast. \
             Het Integraal beleidsplan jeugd loopt tot 2026. \
             Uit het integraal beleidsplan jeugd volgen acties.",
        );
        let projects: Vec<(&str, Option<&str>, &serde_json::Value)> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Project)
            .map(|e| (e.text.as_str(), e.canonical.as_deref(), &e.extra["id"]))
            .collect();
        assert_eq!(projects.len(), 3, "{projects:?}");
        assert!(
            projects
                .iter()
                .all(|p| p.1 == Some("integraal beleidsplan jeugd") && p.2 == "project-1"),
            "{projects:?}"
        );
    }

    #[test]
    fn uninflected_adjectives() {
        let adjectives: Vec<String> = [
            "integraal",
            "integrale",
            "nieuw",
            "nieuwe",
            "lokaal",
            "lokale",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (word, want) in [
            ("integrale", "integraal"),
            ("nieuwe", "nieuw"),
            ("lokale", "lokaal"),
            ("integraal", "integraal"),
            ("beleidsplan", "beleidsplan"),
            ("preventieve", "preventieve"),
        ] {
            assert_eq!(super::uninflected(word, &adjectives), want, "{word}");
        }
    }

    #[test]
    fn preparing_a_pilot_means_it_is_planned() {
        let text = "In 2023 zijn de voorbereidingen getroffen voor de pilot Wijkbuddy.";
        assert_eq!(pilot_class(text).as_deref(), Some("planned"));
        let text = "In 2023 is de pilot Wijkbuddy gestart.";
        assert_ne!(pilot_class(text).as_deref(), Some("planned"));
    }

    #[test]
    fn a_later_decision_about_the_same_initiative_is_its_state() {
        let text = "In 2021 bleek de pilot Wijkbuddyproject een succes. Het college heeft \
                    besloten de Wijkbuddyaanpak structureel voort te zetten.";
        assert_eq!(pilot_class(text).as_deref(), Some("continued"));
        // Another initiative's decision does not count.
        let text = "In 2021 bleek de pilot Wijkbuddyproject een succes. Het college heeft \
                    besloten de Buurtkrachtaanpak structureel voort te zetten.";
        assert_eq!(pilot_class(text).as_deref(), Some("achieved"));
    }
}
