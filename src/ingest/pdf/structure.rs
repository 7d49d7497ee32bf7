//! The tagged-PDF structure tree: which structure role (heading, paragraph,
//! list, table) each piece of marked content on a page belongs to.
//!
//! In: the lopdf document and the pages in reading order. Out: [`Tags`], a
//! map from (1-based page, MCID) to a [`Role`], or why there is none
//! ([`Unused`]). Layout and classification use it to take headings and
//! their levels from `H1`…`H6` instead of guessing them from font metrics,
//! and to keep tagged body text (`P`, lists, tables) from being promoted to
//! a heading because it is bold.
//!
//! The tree is read from `/StructTreeRoot` by following `/K`:
//!
//! - an element's role is its `/S`, through the `/RoleMap` when `/S` is not
//!   a standard type (a chain of at most [`MAX_ROLE_HOPS`] names);
//! - inline and grouping types (`Span`, `Link`, `Sect`, `Div`, `Figure`, …
//!   and names nothing maps) have no role of their own and pass on their
//!   parent's, so text in a `Span` in an `H2` is heading text;
//! - a `/K` integer is an MCID on the page in `/Pg`, inherited from the
//!   nearest ancestor that has one; a marked-content reference dictionary
//!   (`/Type /MCR`) has its own `/MCID` and maybe its own `/Pg`; one that
//!   points into a form XObject (`/Stm`) and object references (`/OBJR`)
//!   are skipped;
//! - pages are known by their object id and numbered by their place in the
//!   page tree walk of [`super::guard`] (lopdf's `get_pages()` numbering
//!   when the tree has no cycle), the numbering layout uses.
//!
//! The file may be hostile, so the walk uses an explicit stack, a visited
//! set of object ids (an element met twice, by a cycle or a shared kid, is
//! read once), a depth limit ([`MAX_DEPTH`]) and a node budget
//! ([`MAX_NODES`]). A tree over a limit is not used at all: a part of a tree
//! would mark the rest of the document as untagged.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Deepest element nesting followed.
pub const MAX_DEPTH: usize = 256;
/// Most tree nodes (elements, kids, marked-content references) visited.
pub const MAX_NODES: usize = 2_000_000;
/// Longest `/RoleMap` chain followed from a custom name.
pub const MAX_ROLE_HOPS: usize = 8;

/// What a piece of tagged content is, as far as layout cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `H1`…`H6` (the level) or `H` (no level: it comes from the size tiers).
    Heading(Option<u8>),
    /// `P`.
    Paragraph,
    /// `L`, `LI`, `Lbl`, `LBody`.
    List,
    /// `Table`, `TR`, `TH`, `TD`, `THead`, `TBody`, `TFoot`.
    Table,
    /// Other text that is not a heading: `Caption`, `Note`, `TOC`, `TOCI`,
    /// `Index`, `BibEntry`, `Code`, `Formula`, `Form`, `BlockQuote`.
    Other,
    /// In the tree, but under no element with one of the roles above
    /// (`Document`, `Sect`, `Div`, `Figure`, an unmapped custom name).
    Unspecified,
}

impl Role {
    /// Whether the role is a heading.
    pub fn is_heading(self) -> bool {
        matches!(self, Role::Heading(_))
    }

    /// Whether the role says "text, not a heading" (so font metrics must
    /// not promote it).
    pub fn is_body(self) -> bool {
        !matches!(self, Role::Heading(_) | Role::Unspecified)
    }
}

/// Why a document's structure tree is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unused {
    /// No `/StructTreeRoot` in the catalog.
    Absent,
    /// A tree without a single marked-content reference to a known page.
    Empty,
    /// Deeper than [`MAX_DEPTH`] or larger than [`MAX_NODES`]; names the
    /// limit.
    Limit(&'static str, usize),
}

/// The roles of a document's marked content.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    roles: BTreeMap<(u32, i64), Role>,
    /// Whether an element was met twice (a cycle or a shared kid).
    pub revisited: bool,
}

impl Tags {
    /// The role of marked content `mcid` on 1-based `page`.
    pub fn role(&self, page: u32, mcid: i64) -> Option<Role> {
        self.roles.get(&(page, mcid)).copied()
    }

    /// Number of (page, MCID) pairs with a role.
    pub fn len(&self) -> usize {
        self.roles.len()
    }

    /// Whether no marked content has a role.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }
}

impl FromIterator<((u32, i64), Role)> for Tags {
    /// Tags from (page, MCID) → role pairs; the first pair for a key wins,
    /// as in [`read`].
    fn from_iter<I: IntoIterator<Item = ((u32, i64), Role)>>(iter: I) -> Tags {
        let mut tags = Tags::default();
        for (key, role) in iter {
            tags.roles.entry(key).or_insert(role);
        }
        tags
    }
}

/// Read the structure tree. `pages` are the page objects in reading order;
/// the first is page 1.
///
/// # Errors
/// [`Unused`] when the document has no tree, an empty one, or one over a
/// limit.
///
/// # Example
/// ```
/// use beleidsmijn::ingest::pdf::structure::{read, Unused};
/// let doc = lopdf::Document::with_version("1.7");
/// assert_eq!(read(&doc, &[]).unwrap_err(), Unused::Absent);
/// ```
pub fn read(doc: &Document, pages: &[ObjectId]) -> Result<Tags, Unused> {
    read_limited(doc, pages, MAX_NODES)
}

fn read_limited(doc: &Document, pages: &[ObjectId], max_nodes: usize) -> Result<Tags, Unused> {
    let catalog = doc.catalog().map_err(|_| Unused::Absent)?;
    let root_obj = catalog.get(b"StructTreeRoot").map_err(|_| Unused::Absent)?;
    let (root_id, root) = match doc.dereference(root_obj) {
        Ok((id, Object::Dictionary(d))) => (id, d),
        _ => return Err(Unused::Absent),
    };
    let role_map = role_map(doc, root);
    let page_numbers: HashMap<ObjectId, u32> = pages
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32 + 1))
        .collect();
    let mut walk = Walk {
        doc,
        role_map: &role_map,
        pages: &page_numbers,
        seen: HashSet::new(),
        tags: Tags::default(),
        max_nodes,
    };
    if let Some(id) = root_id {
        walk.seen.insert(id);
    }
    let Ok(kids) = root.get(b"K") else {
        return Err(Unused::Empty);
    };
    walk.run(kids)?;
    if walk.tags.is_empty() {
        return Err(Unused::Empty);
    }
    Ok(walk.tags)
}

/// `/RoleMap`: custom name → name.
fn role_map(doc: &Document, root: &Dictionary) -> HashMap<Vec<u8>, Vec<u8>> {
    let Ok(obj) = root.get(b"RoleMap") else {
        return HashMap::new();
    };
    let Ok((_, Object::Dictionary(map))) = doc.dereference(obj) else {
        return HashMap::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            let v = doc.dereference(v).ok()?.1.as_name().ok()?;
            Some((k.clone(), v.to_vec()))
        })
        .collect()
}

/// What a structure type name means for its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// A role of its own.
    Own(Role),
    /// A standard type without a role: the parent's role passes through.
    PassOn,
}

/// A standard structure type (PDF 1.7 and 2.0 names), or `None`.
fn standard(name: &[u8]) -> Option<Meaning> {
    use Meaning::{Own, PassOn};
    Some(match name {
        b"H" => Own(Role::Heading(None)),
        b"H1" => Own(Role::Heading(Some(1))),
        b"H2" => Own(Role::Heading(Some(2))),
        b"H3" => Own(Role::Heading(Some(3))),
        b"H4" => Own(Role::Heading(Some(4))),
        b"H5" => Own(Role::Heading(Some(5))),
        b"H6" => Own(Role::Heading(Some(6))),
        b"P" => Own(Role::Paragraph),
        b"L" | b"LI" | b"Lbl" | b"LBody" => Own(Role::List),
        b"Table" | b"TR" | b"TH" | b"TD" | b"THead" | b"TBody" | b"TFoot" => Own(Role::Table),
        b"Caption" | b"Note" | b"FENote" | b"TOC" | b"TOCI" | b"Index" | b"BibEntry" | b"Code"
        | b"Formula" | b"Form" | b"BlockQuote" => Own(Role::Other),
        b"Document" | b"DocumentFragment" | b"Part" | b"Art" | b"Sect" | b"Div" | b"Aside"
        | b"Title" | b"NonStruct" | b"Private" | b"Figure" | b"Artifact" | b"Span" | b"Quote"
        | b"Reference" | b"Link" | b"Annot" | b"Em" | b"Strong" | b"Sub" | b"Ruby" | b"RB"
        | b"RT" | b"RP" | b"Warichu" | b"WT" | b"WP" => PassOn,
        _ => return None,
    })
}

/// A name's meaning, through the role map for a custom name.
fn meaning(name: &[u8], role_map: &HashMap<Vec<u8>, Vec<u8>>) -> Meaning {
    let mut current = name;
    for _ in 0..=MAX_ROLE_HOPS {
        if let Some(m) = standard(current) {
            return m;
        }
        match role_map.get(current) {
            Some(next) if next.as_slice() != current => current = next,
            _ => break,
        }
    }
    Meaning::PassOn
}

/// One kid waiting on the stack: the object, the page it inherits, the
/// role it inherits, its depth.
type Pending<'a> = (&'a Object, Option<ObjectId>, Option<Role>, usize);

struct Walk<'a> {
    doc: &'a Document,
    role_map: &'a HashMap<Vec<u8>, Vec<u8>>,
    pages: &'a HashMap<ObjectId, u32>,
    seen: HashSet<ObjectId>,
    tags: Tags,
    max_nodes: usize,
}

impl<'a> Walk<'a> {
    fn run(&mut self, kids: &'a Object) -> Result<(), Unused> {
        // Explicit stack: no recursion, so no stack overflow.
        let mut stack: Vec<Pending<'a>> = vec![(kids, None, None, 0)];
        let mut nodes = 0usize;
        while let Some((obj, page, role, depth)) = stack.pop() {
            nodes += 1;
            if nodes > self.max_nodes {
                return Err(Unused::Limit("nodes", self.max_nodes));
            }
            if depth > MAX_DEPTH {
                return Err(Unused::Limit("depth", MAX_DEPTH));
            }
            match obj {
                Object::Integer(mcid) => self.record(page, *mcid, role),
                Object::Reference(id) => {
                    if !self.seen.insert(*id) {
                        self.tags.revisited = true;
                        continue;
                    }
                    if let Ok(target) = self.doc.get_object(*id) {
                        stack.push((target, page, role, depth));
                    }
                }
                Object::Array(items) => {
                    for item in items.iter().rev() {
                        stack.push((item, page, role, depth + 1));
                    }
                }
                Object::Dictionary(d) => {
                    let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                    match d.get(b"Type").and_then(Object::as_name) {
                        Ok(b"MCR") => {
                            if d.has(b"Stm") {
                                continue;
                            }
                            if let Ok(mcid) = d.get(b"MCID").and_then(Object::as_i64) {
                                self.record(page, mcid, role);
                            }
                        }
                        Ok(b"OBJR") => {}
                        _ => {
                            let own = d
                                .get(b"S")
                                .and_then(Object::as_name)
                                .map(|s| meaning(s, self.role_map))
                                .unwrap_or(Meaning::PassOn);
                            let role = match own {
                                Meaning::Own(r) => Some(r),
                                Meaning::PassOn => role,
                            };
                            if let Ok(k) = d.get(b"K") {
                                stack.push((k, page, role, depth + 1));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Note the role of `mcid` on the page object `page`; the first element
    /// to claim a piece of content keeps it.
    fn record(&mut self, page: Option<ObjectId>, mcid: i64, role: Option<Role>) {
        let Some(&number) = page.and_then(|p| self.pages.get(&p)) else {
            return;
        };
        self.tags
            .roles
            .entry((number, mcid))
            .or_insert(role.unwrap_or(Role::Unspecified));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use lopdf::dictionary;

    /// A document with two pages and a catalog; returns it and the page ids.
    fn doc_with_pages() -> (Document, Vec<ObjectId>) {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let p1 = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        let p2 = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![p1.into(), p2.into()],
                "Count" => 2,
            }),
        );
        (doc, vec![p1, p2])
    }

    /// Point the catalog at `root` as the structure tree root; `pages` are
    /// the page ids of [`doc_with_pages`].
    fn set_root(doc: &mut Document, pages: &[ObjectId], root: Dictionary) {
        let root_id = doc.add_object(root);
        set_root_id(doc, pages, root_id);
    }

    fn set_root_id(doc: &mut Document, pages: &[ObjectId], root_id: ObjectId) {
        let parent = doc
            .get_dictionary(pages[0])
            .unwrap()
            .get(b"Parent")
            .unwrap()
            .clone();
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => parent,
            "StructTreeRoot" => root_id,
        });
        doc.trailer.set("Root", catalog);
    }

    fn elem(s: &str, pg: Option<ObjectId>, k: Object) -> Dictionary {
        let mut d = dictionary! { "Type" => "StructElem", "S" => Object::Name(s.into()), "K" => k };
        if let Some(pg) = pg {
            d.set("Pg", pg);
        }
        d
    }

    #[test]
    fn roles_with_page_inheritance_mcr_and_arrays() {
        let (mut doc, p) = doc_with_pages();
        // H1 on page 1, MCID 0 (Pg on the element).
        let h1 = doc.add_object(elem("H1", Some(p[0]), 0.into()));
        // P on page 1 with a Span kid that inherits Pg and the P role.
        let span = doc.add_object(elem("Span", None, vec![1.into(), 2.into()].into()));
        let para = doc.add_object(elem("P", Some(p[0]), span.into()));
        // An MCR on page 2 inside an H (no level) on page 1: the MCR's Pg wins.
        let mcr = dictionary! { "Type" => "MCR", "Pg" => p[1], "MCID" => 5 };
        let h = doc.add_object(elem("H", Some(p[0]), Object::Dictionary(mcr)));
        // A table cell whose MCID points into a form XObject: skipped.
        let stm = dictionary! { "Type" => "MCR", "Pg" => p[1], "MCID" => 6, "Stm" => p[1] };
        let td = doc.add_object(elem("TD", None, Object::Dictionary(stm)));
        // A list on page 2 (LI > LBody > MCID 7) and an OBJR (skipped).
        let objr = dictionary! { "Type" => "OBJR", "Obj" => p[1] };
        let lbody = doc.add_object(elem("LBody", None, 7.into()));
        let li = doc.add_object(elem(
            "LI",
            Some(p[1]),
            vec![lbody.into(), Object::Dictionary(objr)].into(),
        ));
        // A Div straight under the root: MCID 8 on page 2, no role.
        let div = doc.add_object(elem("Div", Some(p[1]), 8.into()));
        let kids: Vec<Object> = [h1, para, h, td, li, div].map(Object::from).into();
        let document = doc.add_object(elem("Document", None, kids.into()));
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => document },
        );

        let tags = read(&doc, &p).unwrap();
        assert_eq!(tags.role(1, 0), Some(Role::Heading(Some(1))));
        assert_eq!(tags.role(1, 1), Some(Role::Paragraph));
        assert_eq!(tags.role(1, 2), Some(Role::Paragraph));
        assert_eq!(tags.role(2, 5), Some(Role::Heading(None)));
        assert_eq!(tags.role(2, 6), None);
        assert_eq!(tags.role(2, 7), Some(Role::List));
        assert_eq!(tags.role(2, 8), Some(Role::Unspecified));
        assert_eq!(tags.len(), 6);
        assert!(!tags.revisited);
    }

    #[test]
    fn role_map_custom_names() {
        let (mut doc, p) = doc_with_pages();
        // Word-style names: "Kop1" → "Heading 1" → "H1"; "Standaard" → "P";
        // "Loop" maps to itself; "Weird" maps in a circle.
        let a = doc.add_object(elem("Kop1", Some(p[0]), 0.into()));
        let b = doc.add_object(elem("Standaard", Some(p[0]), 1.into()));
        let c = doc.add_object(elem("Loop", Some(p[0]), 2.into()));
        let d = doc.add_object(elem("Weird", Some(p[0]), 3.into()));
        let role_map = dictionary! {
            "Kop1" => Object::Name(b"Heading 1".to_vec()),
            "Heading 1" => "H1",
            "Standaard" => "P",
            "Loop" => "Loop",
            "Weird" => "Odd",
            "Odd" => "Weird",
        };
        let kids: Vec<Object> = [a, b, c, d].map(Object::from).into();
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => kids, "RoleMap" => role_map },
        );
        let tags = read(&doc, &p).unwrap();
        assert_eq!(tags.role(1, 0), Some(Role::Heading(Some(1))));
        assert_eq!(tags.role(1, 1), Some(Role::Paragraph));
        assert_eq!(tags.role(1, 2), Some(Role::Unspecified));
        assert_eq!(tags.role(1, 3), Some(Role::Unspecified));
    }

    #[test]
    fn cycle_in_the_tree_is_read_once() {
        let (mut doc, p) = doc_with_pages();
        // Sect → [H2, Sect] where the inner kid is the Sect itself.
        let sect = doc.new_object_id();
        let h2 = doc.add_object(elem("H2", Some(p[0]), 0.into()));
        doc.objects.insert(
            sect,
            Object::Dictionary(elem(
                "Sect",
                Some(p[0]),
                vec![h2.into(), sect.into()].into(),
            )),
        );
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => sect },
        );
        let tags = read(&doc, &p).unwrap();
        assert_eq!(tags.role(1, 0), Some(Role::Heading(Some(2))));
        assert!(tags.revisited);
    }

    #[test]
    fn root_pointing_at_itself_is_empty() {
        let (mut doc, p) = doc_with_pages();
        let root = doc.new_object_id();
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! { "Type" => "StructTreeRoot", "K" => root }),
        );
        set_root_id(&mut doc, &p, root);
        assert_eq!(read(&doc, &p).unwrap_err(), Unused::Empty);
    }

    #[test]
    fn deep_tree_hits_the_depth_limit() {
        let (mut doc, p) = doc_with_pages();
        let mut kid = doc.add_object(elem("P", Some(p[0]), 0.into()));
        for _ in 0..MAX_DEPTH + 2 {
            kid = doc.add_object(elem("Div", None, kid.into()));
        }
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => kid },
        );
        assert_eq!(
            read(&doc, &p).unwrap_err(),
            Unused::Limit("depth", MAX_DEPTH)
        );
    }

    #[test]
    fn wide_tree_hits_the_node_budget() {
        let (mut doc, p) = doc_with_pages();
        let kids: Vec<Object> = (0..20).map(Object::Integer).collect();
        let para = doc.add_object(elem("P", Some(p[0]), kids.into()));
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => para },
        );
        assert_eq!(
            read_limited(&doc, &p, 10).unwrap_err(),
            Unused::Limit("nodes", 10)
        );
        assert_eq!(read_limited(&doc, &p, 100).unwrap().len(), 20);
    }

    #[test]
    fn mcids_on_unknown_pages_and_no_tree() {
        let (mut doc, p) = doc_with_pages();
        let stray = doc.add_object(dictionary! { "Type" => "Page" });
        let h1 = doc.add_object(elem("H1", Some(stray), 0.into()));
        set_root(
            &mut doc,
            &p,
            dictionary! { "Type" => "StructTreeRoot", "K" => h1 },
        );
        assert_eq!(read(&doc, &p).unwrap_err(), Unused::Empty);
        let (doc, p) = doc_with_pages();
        assert_eq!(read(&doc, &p).unwrap_err(), Unused::Absent);
    }
}
