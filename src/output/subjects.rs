//! A status's `subject_name`: the name of what its `subject` names.
//!
//! A status is about a pilot or project (`subject` is its `id`,
//! `pilot-1`), a row of a goal/status table (the item id, `2a`), or the
//! section it stands in (`s12`). The id alone means nothing outside the
//! record, so the output names it: the pilot's or project's canonical
//! name (its text when it has none) at its first mention, the item's
//! goal, the section's heading.

use super::entity::EntityOut;
use super::offsets::CharIndex;
use super::parts::{ItemOut, SectionOut};
use crate::model::{Entity, EntityKind};

/// Each pilot's and project's id with its name, in text order.
pub fn names(entities: &[Entity], chars: &CharIndex) -> Vec<(String, String)> {
    entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Pilot | EntityKind::Project))
        .filter_map(|e| {
            let e = EntityOut::of(e, chars);
            let name = e.canonical.filter(|c| !c.is_empty());
            Some((e.id?, name.unwrap_or(e.text)))
        })
        .collect()
}

/// Fill `subject_name` of `e` when it has a `subject`: a name from
/// `named` (see [`names`]), an item's goal or a section's heading.
pub fn name_subject(
    e: &mut EntityOut,
    named: &[(String, String)],
    sections: &[SectionOut],
    items: &[ItemOut],
) {
    let Some(subject) = e.subject.as_deref() else {
        return;
    };
    e.subject_name = named
        .iter()
        .find(|(id, _)| id == subject)
        .map(|(_, name)| name.clone())
        .or_else(|| {
            items
                .iter()
                .find(|i| i.id == subject)
                .map(|i| i.goal.clone())
        })
        .or_else(|| {
            sections
                .iter()
                .find(|s| s.id == subject)
                .map(|s| s.heading.clone())
        });
}
