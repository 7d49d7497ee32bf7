//! Linking: ids for pilots and projects, the subject of each status, and
//! the status class of each pilot.
//!
//! A pilot or project keeps one id (`pilot-1`, `project-3`) over all its
//! mentions; names that differ by a typo ("buurgerichte" for
//! "buurtgerichte") share it. A status is about the pilot named in its
//! sentence, else a project named there, else the pilot named last in the
//! same block; otherwise its item or section (decided by the caller).
//! A pilot's class is the last status that follows its name in a sentence
//! naming it; failing that, the last status about it in its block; failing
//! that (a pilot from a list), the last status of the paragraph announcing
//! the list.

use super::fold::{fold_key, key_of_folded};
use super::prepare::Prepared;
use super::sentences::Sentence;
use super::Found;
use crate::model::Document;
use serde_json::{json, Value};

struct Named {
    key: String,
    id: String,
}

fn assign_ids(found: &mut [(usize, Found)], kind: &str, prefix: &str) -> Vec<Named> {
    let mut named: Vec<Named> = Vec::new();
    for (_, f) in found.iter_mut().filter(|(_, f)| f.kind == kind) {
        let Some(c) = &f.canonical else { continue };
        let key = fold_key(c);
        let typo = |a: &str, b: &str| {
            kind == "pilot"
                && b.len() >= 10
                && a.len().abs_diff(b.len()) <= 2
                && strsim::normalized_levenshtein(a, b) >= 0.9
        };
        let id = match named.iter().find(|n| n.key == key || typo(&n.key, &key)) {
            Some(n) => n.id.clone(),
            None => {
                let id = format!("{prefix}-{}", named.len() + 1);
                named.push(Named {
                    key,
                    id: id.clone(),
                });
                id
            }
        };
        f.extra.insert("id".into(), Value::String(id));
    }
    named
}

/// Link statuses, pilots and projects in place. `prep` holds the folded
/// sentences.
pub fn link(found: &mut [(usize, Found)], sents: &[Sentence], prep: &Prepared, doc: &Document) {
    let is_list_item = |si: usize| {
        sents
            .get(si)
            .and_then(|s| doc.blocks.get(s.block))
            .is_some_and(|b| b.kind == crate::model::BlockKind::ListItem)
    };
    let pilots = assign_ids(found, "pilot", "pilot");
    assign_ids(found, "project", "project");
    // Pilot mentions per sentence: (sentence, position, id).
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    for (si, f) in found.iter() {
        if f.kind == "pilot" {
            if let Some(id) = f.extra.get("id").and_then(Value::as_str) {
                mentions.push((*si, f.start, id.to_string()));
            }
        }
    }
    if !pilots.is_empty() {
        for (si, s) in sents.iter().enumerate() {
            let low = key_of_folded(&s.text, prep.folded(si));
            for p in &pilots {
                if let Some(pos) = super::fold::find_short(&low, &p.key) {
                    if !mentions.iter().any(|(ms, _, id)| *ms == si && *id == p.id) {
                        mentions.push((si, pos.min(s.text.len()), p.id.clone()));
                    }
                }
            }
        }
    }
    mentions.sort();
    let projects: Vec<(usize, usize, String)> = found
        .iter()
        .filter(|(_, f)| f.kind == "project")
        .filter_map(|(si, f)| Some((*si, f.start, f.extra.get("id")?.as_str()?.to_string())))
        .collect();
    // Subjects.
    let mut direct: Vec<bool> = vec![false; found.len()];
    for (k, (si, f)) in found.iter_mut().enumerate() {
        if f.kind != "status" {
            continue;
        }
        let nearest = |list: &[(usize, usize, String)]| {
            let here = list.iter().filter(|m| m.0 == *si);
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
            let prev = mentions
                .iter()
                .filter(|m| m.0 < *si && sents.get(m.0).map(|s| s.block) == block)
                .max_by_key(|m| (m.0, m.1));
            if let Some(m) = prev {
                f.extra.insert("subject".into(), json!(m.2));
            }
        }
    }
    // Pilot classes.
    for p in &pilots {
        let mut chosen: Option<usize> = None;
        for (k, (si, f)) in found.iter().enumerate() {
            if f.kind != "status"
                || !direct[k]
                || f.extra.get("subject").and_then(Value::as_str) != Some(p.id.as_str())
            {
                continue;
            }
            let pos = mentions
                .iter()
                .filter(|m| m.0 == *si && m.2 == p.id)
                .map(|m| m.1)
                .min()
                .unwrap_or(0);
            let after_exists = found.iter().enumerate().any(|(j, (sj, g))| {
                direct[j]
                    && *sj == *si
                    && g.kind == "status"
                    && g.start >= pos
                    && g.extra.get("subject").and_then(Value::as_str) == Some(p.id.as_str())
            });
            if f.start >= pos || !after_exists {
                chosen = Some(k);
            }
        }
        if chosen.is_none() {
            chosen = found
                .iter()
                .enumerate()
                .filter(|(_, (_, f))| {
                    f.kind == "status"
                        && f.extra.get("subject").and_then(Value::as_str) == Some(p.id.as_str())
                })
                .map(|(k, _)| k)
                .next_back();
        }
        if chosen.is_none() {
            // A pilot from a list: the paragraph that announced the list.
            let first = found.iter().find(|(_, f)| {
                f.kind == "pilot"
                    && f.extra.get("id").and_then(Value::as_str) == Some(p.id.as_str())
                    && f.extra.contains_key("list")
            });
            if let Some((si, _)) = first {
                let intro_block = (0..*si)
                    .rev()
                    .find(|&k| !is_list_item(k))
                    .and_then(|k| sents.get(k).map(|s| s.block));
                chosen = found
                    .iter()
                    .enumerate()
                    .filter(|(_, (sj, f))| {
                        f.kind == "status"
                            && sents.get(*sj).map(|s| s.block) == intro_block
                            && intro_block.is_some()
                    })
                    .map(|(k, _)| k)
                    .next_back();
            }
        }
        let Some(k) = chosen else { continue };
        let class = found[k].1.class.clone();
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
            if f.kind == "pilot" && f.extra.get("id").and_then(Value::as_str) == Some(p.id.as_str())
            {
                f.class = class.clone();
            }
        }
    }
}
