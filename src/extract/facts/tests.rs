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
    // The same, far more often about Zwolle alone, is about Zwolle.
    let more = format!(
        "{text}{}",
        "De gemeente Zwolle groeit. De gemeente Zwolle bouwt.\n\n".repeat(3)
    );
    assert_eq!(facts_of(&more).municipality.unwrap().name, "Zwolle");
}

#[test]
fn document_types_and_years_from_title_opening_and_self_reference() {
    let cases: &[(&str, &str, Option<&str>, Option<i32>)] = &[
        (
            "the title names type and year",
            "Najaarsnota 2019\n\nInleiding\n\nDe rapportage is herzien en wordt twee keer per jaar aan de raad gestuurd.\n",
            Some("bestuursrapportage"),
            Some(2019),
        ),
        (
            "the opening sentence names it, though the body names another more",
            "Deze voortgangsrapportage is het eerste document van de cyclus. De kadernota 2018-2022 is de basis. De kadernota is vastgesteld.\n\nIn deze kadernota staan de thema's.\n",
            Some("bestuursrapportage"),
            None,
        ),
        (
            "self-reference with a year",
            "Met deze begroting 2022 - 2025 geven wij u inzicht in onze plannen voor het komende jaar.\n",
            Some("begroting"),
            Some(2022),
        ),
        (
            "a title of answers to questions",
            "Beantwoording informatieve vragen Kaderbrief 2015\n\nCollege van Burgemeester en Wethouders Maastricht, 8 juni 2015\n\nVraag 1: hoe zit het met de begroting 2015 en de begroting 2016?\n",
            Some("raadsmededeling"),
            Some(2015),
        ),
        (
            "a list of motions",
            "Toezeggingen en moties\n\nMotie Fietspad: de raad is per brief geïnformeerd.\n",
            Some("motieoverzicht"),
            None,
        ),
        (
            "a year label without a type",
            "Programma 3 - Sociaal domein\n\nKerndoel Operationeel doel Acties 2023\n",
            None,
            Some(2023),
        ),
        (
            "a list of motions about one year, mentioned more than twice as often as any other",
            "Toezeggingen en moties\n\nMotie Fietspad 2017: in 2017 is de raad per brief geïnformeerd. De motie uit 2017 is in 2017 afgedaan; de motie van 2016 loopt nog.\n",
            Some("motieoverzicht"),
            Some(2017),
        ),
        (
            "but not where another year is mentioned half as often",
            "Toezeggingen en moties\n\nMotie Fietspad 2017: in 2017 is de raad per brief geïnformeerd. De motie uit 2017 is in 2017 afgedaan; de motie van 2016 loopt nog tot eind 2016.\n",
            Some("motieoverzicht"),
            None,
        ),
        (
            "cue words in the body alone decide nothing (a national fiche)",
            "Fiche 5: Herziening verordening\n\nHet voorstel raakt de begroting van de Unie, die van de lidstaten en de begroting van de Commissie.\n",
            None,
            None,
        ),
    ];
    for (name, text, doc_type, year) in cases {
        let f = facts_of(text);
        assert_eq!(f.doc_type.as_deref(), *doc_type, "{name}: {:?}", f.evidence);
        assert_eq!(f.year, *year, "{name}: {:?}", f.evidence);
    }
}

#[test]
fn a_meeting_page_is_a_besluitenlijst_with_decisions_and_an_agenda_without() {
    let header = "College van B&W\n\ndinsdag 13 april 2021\n\n09:31 - 16:00 Locatie\n\nDigitaal via Zoom\n\nVoorzitter\n\nP.I. Broertjes\n\nAgendapunten\n\n";
    let decided = format!("{header}1. Riolering\n\nHet college besluit.\n\nVoorgesteld besluit\n\nKennis te nemen van de rapportage.\n");
    let f = facts_of(&decided);
    assert_eq!(
        f.doc_type.as_deref(),
        Some("besluitenlijst"),
        "{:?}",
        f.evidence
    );
    assert_eq!(f.year, Some(2021));
    let f = facts_of(&format!("{header}1. Riolering\n\n2. Sluiting\n"));
    assert_eq!(f.doc_type.as_deref(), Some("agenda"), "{:?}", f.evidence);
}

#[test]
fn municipality_mentions_by_their_role() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("one mention where things happen", "Toelichting\n\nDe pilot in Gooise Meren was een succes.\n", Some("Gooise Meren")),
        ("a partner is not the document's own", "Toelichting\n\nWe zijn in overleg met Kwintes en gemeente Amersfoort over de opvang.\n", None),
        ("working with a neighbour", "Samenvatting\n\nHet beleid wordt bij voorkeur in samenwerking met Geertruidenberg opgesteld.\n", None),
        ("a name joined to a region", "Besluiten\n\nDe Nota bodembeheer Midden-Holland en Zoetermeer is aangevuld door het college.\n", None),
        ("a surname", "Leeswijzer\n\nDe schaal van De Jong Gierveld & Van Tilburg (2007) is gebruikt voor de meting.\n", None),
        ("an address", "Colofon\n\nDe stukken zijn verstuurd aan Postbus 20, 2500 EA Den Haag voor het advies.\n", None),
        (
            "the adjective outweighs a neighbour",
            "Bedrijfsvoering\n\nDaarmee is de Bloemendaalse organisatie aangepast, waarbij Heemstede zich nog moet uitspreken.\n",
            Some("Bloemendaal"),
        ),
        (
            "an issuer that is not a municipality",
            "PERSBERICHT\n\nZwolle, 12 oktober 2023\n\nDe provincie Overijssel gaat aan de slag met een aanpassing van het beleid voor zon op land.\n",
            None,
        ),
        (
            "a province acting under a memo's fields",
            "NOTA GS-MANDAAT\n\nOnderwerp: beantwoording brieven over windbeleid\n\nAfgestemd met: B. Parmet (directie)\n\n\
             Samenvatting voor de openbare besluitenlijst:\n\nGedeputeerde Staten hebben besloten de brieven te beantwoorden.\n\n\
             De vragen van de gemeente Tubbergen over het windbeleid worden beantwoord.\n",
            None,
        ),
        (
            "a national research body's report",
            "Cahier 2024-19\n\nWetenschappelijk Onderzoek- en Datacentrum\n\n\
             In Rotterdam steeg de geregistreerde criminaliteit het sterkst van alle steden.\n",
            None,
        ),
        (
            "a council letter that names a province acting",
            "Raadsinformatiebrief gemeente Tubbergen\n\nOnderwerp: windbeleid\n\n\
             Het college informeert u over het windbeleid van de provincie.\n\n\
             De provincie Overijssel heeft besloten het windbeleid aan te passen.\n",
            Some("Tubbergen"),
        ),
        (
            "the title names it, the body another more often",
            "Besluitenlijst Openbaar B&W-vergadering Wassenaar\n\nDe gemeente Rotterdam en Rotterdam en Rotterdam vragen om een reactie van het college.\n",
            Some("Wassenaar"),
        ),
    ];
    for (name, text, want) in cases {
        let got = facts_of(text).municipality;
        assert_eq!(
            got.as_ref().map(|m| m.name.as_str()),
            *want,
            "{name}: {got:?}"
        );
    }
}

#[test]
fn a_year_led_by_a_letter_is_a_code_not_a_year() {
    let years = |text: &str| -> Vec<String> {
        super::year::year_re()
            .captures_iter(text)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
            .collect()
    };
    assert!(years("zaaknr. Z2024-00006104").is_empty());
    assert!(years("kenmerk RIS2023.0042").is_empty());
    assert_eq!(
        years("In 2024 is de melding (Z2023-00001) behandeld."),
        ["2024"]
    );
    assert_eq!(
        years("de begroting 2022 en de jaarstukken 2021"),
        ["2022", "2021"]
    );
}
