//! beleidsmijn patch: page numbering without trusting `/Count`.
//!
//! lopdf's `Document::get_pages` collects its page iterator into a
//! `BTreeMap`, which first collects into a `Vec` sized by the iterator's
//! `size_hint`, and that hint adds up the `/Count` every `/Pages` node
//! declares. A page tree listing one child 1,000 times per level with
//! `/Count 1000000000` (18.9 KB) so asks for 12 GB up front, and the
//! process aborts. The iterator itself is bounded (it visits at most as
//! many kids as the file has objects); only the hint is not. This builds
//! the same map entry by entry, so memory follows the pages really listed.

use lopdf::{Document, ObjectId};
use std::collections::BTreeMap;

/// Page numbers (1-based, as lopdf numbers them) and page objects, the same
/// map as `doc.get_pages()`, allocated by what the tree really lists.
pub fn get_pages(doc: &Document) -> BTreeMap<u32, ObjectId> {
    let mut pages = BTreeMap::new();
    // A `for` loop never looks at `size_hint`.
    for (i, id) in doc.page_iter().enumerate() {
        pages.insert(i as u32 + 1, id);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object};

    /// The page-tree bomb in small: three levels, each listing the same
    /// child 1,000 times, `/Count` a billion. Before the patch,
    /// `doc.get_pages()` reserved 12 GB.
    #[test]
    fn count_is_not_trusted() {
        let mut doc = Document::with_version("1.4");
        let page = doc.add_object(dictionary! { "Type" => "Page" });
        let mut child = page;
        for _ in 0..3 {
            let kids = vec![Object::Reference(child); 1000];
            child = doc.add_object(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => 1_000_000_000i64,
            });
        }
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => child });
        doc.trailer.set("Root", catalog);
        let pages = get_pages(&doc);
        assert!(!pages.is_empty() && pages.len() <= doc.objects.len());
        assert!(pages.values().all(|&id| id == page));
    }
}
