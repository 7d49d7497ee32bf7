//! Properties that must hold for any input: no panic on arbitrary bytes,
//! every offset in bounds and on a character boundary, sections nested.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

use beleidsmijn::dict::Vocabulary;
use beleidsmijn::model::Format;
use beleidsmijn::output::Source;
use beleidsmijn::pipeline::Engine;
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(None).unwrap())
}

fn source() -> Source {
    Source {
        path: "p".into(),
        path_bytes: None,
        format: None,
        sha256: None,
        bytes: None,
        pages: None,
    }
}

/// Lines that look like the documents: headings, bullets, tables, footnotes.
fn doc_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[A-Z][a-zë ]{0,40}",
        "[a-zé ,.]{0,120}",
        "(- |• |1\\. |a\\) )[a-z ]{0,30}",
        "[a-z ]{0,10}\t[a-z .]{0,10}",
        "[a-z]{1,5} \\| [0-9.,%]{1,5} \\| [a-z]{0,5}",
        "[¹²³] [a-z]{0,20}",
        Just(String::new()),
        Just("\u{c}".to_string()),
        "Wat (hebben|gaan) we (daarvoor )?(bereikt|doen)\\?",
        "Actielijn [0-9]: [A-Za-z ]{0,20}\\.",
    ];
    prop::collection::vec(line, 0..40).prop_map(|v| v.join("\n"))
}

fn check(bytes: &[u8], format: Format) {
    let Ok(a) = engine().analyse(bytes, format, source()) else {
        return;
    };
    let text = &a.doc.text;
    for b in &a.doc.blocks {
        assert!(b.span.start <= b.span.end && b.span.end <= text.len());
        assert!(text.is_char_boundary(b.span.start) && text.is_char_boundary(b.span.end));
        for row in &b.rows {
            for c in row {
                assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
                assert!(b.span.start <= c.span.start && c.span.end <= b.span.end);
            }
        }
    }
    let secs = &a.record.sections;
    for s in secs {
        assert!(s.start <= s.end && s.end <= text.len(), "{s:?}");
        assert!(text[s.start..].starts_with(&s.heading));
        if let Some(p) = &s.parent {
            let parent = secs.iter().find(|x| &x.id == p).expect("parent exists");
            assert!(
                parent.level < s.level && parent.start <= s.start && s.end <= parent.end,
                "{parent:?} ⊇ {s:?}"
            );
        }
    }
    for i in &a.record.items {
        for sp in i.goal_spans.iter().chain(&i.status_spans) {
            assert!(
                text.is_char_boundary(sp.start)
                    && text.is_char_boundary(sp.end)
                    && sp.end <= text.len()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(&bytes, Format::Text);
        check(&bytes, Format::Html);
    }

    #[test]
    fn document_like_text_keeps_offsets_and_nesting(text in doc_like()) {
        check(text.as_bytes(), Format::Text);
    }
}

#[test]
fn vocabulary_builds() {
    assert!(Vocabulary::builtin().is_ok());
}
