//! Status claims read back: what a document claims about a pilot,
//! project, goal/status row or section, with what the claim is about and
//! where to read it.
//!
//! In: a [`RecordView`]. Out: its [`Claim`]s, one per status entity, in
//! entity order. The CSV `claims` table ([`super::tables`]) and the HTML
//! report (`crate::report`) both read claims through here, so a claim's
//! subject type and its link are decided in one place.

use super::view::{EntityView, RecordView};

/// One status entity of a record, with its subject resolved.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The entity's position in the record's `entities` (0-based; the CSV
    /// id is [`super::csv::entity_id`] of it).
    pub index: usize,
    /// The status entity: `class`, `text`, `sentence`, `page`, offsets,
    /// `subject` and `subject_name`.
    pub entity: &'a EntityView,
    /// What `subject` names: `pilot`, `project`, `item`, `section`, or ""
    /// when it names nothing in the record (or the status has none).
    pub subject_type: &'static str,
}

/// Whether an entity is a claim: a status.
pub fn is_claim(e: &EntityView) -> bool {
    e.kind == "status"
}

/// The claims of `rec`, in entity order.
pub fn claims(rec: &RecordView) -> Vec<Claim<'_>> {
    rec.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| is_claim(e))
        .map(|(index, entity)| Claim {
            index,
            entity,
            subject_type: entity
                .subject()
                .map(|s| subject_type(rec, s))
                .unwrap_or_default(),
        })
        .collect()
}

/// What a status's `subject` names, resolved as `subject_name` was
/// (`output::subjects`): a pilot or project by its id, else an item,
/// else a section.
pub fn subject_type(rec: &RecordView, subject: &str) -> &'static str {
    let named = rec.entities.iter().find(|e| {
        e.id.as_deref() == Some(subject) && matches!(e.kind.as_str(), "pilot" | "project")
    });
    match named {
        Some(e) if e.kind == "pilot" => "pilot",
        Some(_) => "project",
        None if rec.items.iter().any(|i| i.id == subject) => "item",
        None if rec.sections.iter().any(|s| s.id == subject) => "section",
        None => "",
    }
}

/// Where a claim of `rec` on `page` is read: `path#page=N` for a page of a
/// PDF (what PDF viewers open at that page), else the path.
pub fn link(path: &str, rec: &RecordView, page: Option<u32>) -> String {
    match page {
        Some(p) if rec.source.format.as_deref() == Some("pdf") => format!("{path}#page={p}"),
        _ => path.to_string(),
    }
}
