#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Facts decided on small documents, one rule each.

use super::*;
use crate::extract::metadata;
use crate::model::Format;
use crate::segment;

fn facts_of(text: &str) -> Facts {
    let vocab = Vocabulary::builtin().unwrap();
    let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
    let sections = segment::segment(&doc, &vocab);
    let meta = metadata::extract(&doc, &vocab);
    FactFinder::new(&vocab)
        .unwrap()
        .facts(&doc, &sections, &meta, &[], &vocab)
}

#[test]
fn a_besluitenlijst_with_a_besluit_per_item_and_its_header_date() {
    let mut text = String::from(
        "Besluitenlijst Openbaar B&W-vergadering Wassenaar\n\n\
         Datum 10-05-2022 Tijd 9:30 - 12:42 Locatie De Paauw Voorzitter de burgemeester.\n\n",
    );
    for i in 1..=6 {
        text.push_str(&format!(
            "{i} Raadsvoorstel over onderwerp {i}\n\nHet college stemt in met het raadsvoorstel.\n\n\
             Besluit:\n\nConform advies.\n\n"
        ));
    }
    let f = facts_of(&text);
    assert_eq!(f.doc_type.as_deref(), Some("besluitenlijst"));
    assert_eq!(f.year, Some(2022));
}

/// Facts of `text` as a web page whose chrome says `chrome`.
fn facts_with_chrome(text: &str, chrome: &[&str]) -> Option<MunicipalityFact> {
    let vocab = Vocabulary::builtin().unwrap();
    let mut doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
    doc.chrome = chrome.iter().map(|c| c.to_string()).collect();
    let sections = segment::segment(&doc, &vocab);
    let meta = metadata::extract(&doc, &vocab);
    FactFinder::new(&vocab)
        .unwrap()
        .facts(&doc, &sections, &meta, &[], &vocab)
        .municipality
}

#[test]
fn the_site_chrome_names_the_municipality_only_when_the_text_does_not() {
    let agenda = "Agenda\n\nRaadscommissie Bestuur en Middelen, 5 oktober 2015.\n\n";
    let footer = [
        "Raadsinformatie",
        "Raadsgriffie gemeente Den Helder Postbus 2",
    ];
    let m = facts_with_chrome(agenda, &footer).expect("from the footer");
    assert_eq!((m.name.as_str(), m.code.as_str()), ("Den Helder", "GM0400"));
    assert!(
        m.evidence[0].contains("header or footer ×1"),
        "{:?}",
        m.evidence
    );
    // The text decides when it can.
    let own = format!("{agenda}De gemeente Texel en de gemeente Texel overleggen.\n\n");
    assert_eq!(facts_with_chrome(&own, &footer).unwrap().name, "Texel");
    // Two municipalities in the chrome, or a bare name: no evidence.
    let two = ["Gemeente Den Helder", "gemeente Texel"];
    assert_eq!(facts_with_chrome(agenda, &two), None);
    assert_eq!(facts_with_chrome(agenda, &["Den Helder"]), None);
}

#[test]
fn a_regional_body_is_no_municipality_but_a_municipality_with_neighbours_is() {
    let mut text = String::from("Jaarstukken 2023\n\nCollectie Overijssel\n\n");
    for _ in 0..6 {
        text.push_str("De bijdrage van de gemeente Zwolle is vastgesteld door Zwolle.\n\n");
    }
    for _ in 0..4 {
        text.push_str("De bijdrage van de gemeente Deventer is gelijk gebleven.\n\n");
    }
    assert_eq!(facts_of(&text).municipality, None);
    // The same neighbour mentions in a document that is mostly about Zwolle.
    for _ in 0..20 {
        text.push_str("In de gemeente Zwolle groeit het aantal inwoners.\n\n");
    }
    let m = facts_of(&text).municipality.expect("Zwolle");
    assert_eq!(m.name, "Zwolle");
}

#[test]
fn two_municipalities_named_about_as_often_are_no_one_municipality() {
    let text = "Organisatiegegevens\n\nVestigingsadres Eikenstraat 20, Zwolle.\n\n\
                Deelnemers zijn het Rijk, de gemeente Zwolle en de gemeente Deventer.\n\n\
                De gemeente Zwolle en de gemeente Deventer betalen een bijdrage.\n\n";
    assert_eq!(facts_of(text).municipality, None);
    // The same, once more about Zwolle, is about Zwolle.
    let more = format!("{text}De gemeente Zwolle groeit. De gemeente Zwolle bouwt.\n\n");
    assert_eq!(facts_of(&more).municipality.unwrap().name, "Zwolle");
}
