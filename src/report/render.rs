//! A [`Report`] as one self-contained HTML page: inline CSS, a small
//! vanilla script for the filters (`report.js`), no font, image or script
//! from anywhere else, and a Content-Security-Policy that forbids loading
//! any, so opening the page makes no request. Links go only to the source
//! documents, relative to the page (`file.pdf#page=N`).
//!
//! Every text from the documents is HTML-escaped ([`escape`]); the page
//! embeds no data as script. Each claim row is one line and carries
//! `data-class`, `data-muni`, `data-year` and `data-doctype`, which the
//! filters read (and tests can too). The same report gives the same bytes.

use super::{ClaimRow, Doc, IndicatorTable, Municipality, Report, Subject, CLASSES, UNKNOWN};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// `s` with `& < > " '` escaped, for text and attribute values.
///
/// # Example
/// ```
/// use beleidsmijn::report::render::escape;
/// assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A year as the page writes it (and filters on): `2023`, or `(unknown)`.
fn year(y: Option<i64>) -> String {
    y.map_or_else(|| UNKNOWN.to_string(), |y| y.to_string())
}

/// The classes in the page's order: the schema's, then any other.
fn classes(report: &Report) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = CLASSES
        .iter()
        .map(|c| (c.to_string(), report.classes.get(*c).copied().unwrap_or(0)))
        .collect();
    out.extend(
        report
            .classes
            .iter()
            .filter(|(c, _)| !CLASSES.contains(&c.as_str()))
            .map(|(c, n)| (c.clone(), *n)),
    );
    out
}

/// Write the page.
///
/// # Errors
/// Writing fails.
pub fn html(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(page(report).as_bytes())
}

/// The page as a string.
pub fn page(report: &Report) -> String {
    let mut s = String::with_capacity(1 << 20);
    let claims: usize = report.classes.values().sum();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"beleidsmijn {}\">\n\
         <title>beleidsmijn report: {} documents, {} claims</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        report.documents,
        claims
    );
    header(&mut s, report, claims);
    s.push_str("<nav>");
    for m in &report.municipalities {
        let _ = write!(
            s,
            "<a href=\"#m-{}\">{}</a>",
            escape(m.key()),
            escape(&m.name)
        );
    }
    s.push_str("</nav>\n<main>\n");
    for m in &report.municipalities {
        municipality(&mut s, m);
    }
    errors(&mut s, report);
    let _ = write!(
        s,
        "</main>\n<footer><p class=\"muted\">Written by beleidsmijn {}. Each claim: its class, \
         the sentence it stands in, its file and page; its byte offsets index the text \
         <code>beleidsmijn text FILE</code> prints.</p></footer>\n<script>\n{JS}</script>\n\
         </body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn header(s: &mut String, report: &Report, claims: usize) {
    let _ = write!(
        s,
        "<header>\n<h1>Claims report</h1>\n<p class=\"summary\">{} documents of {} \
         municipalities, {} claims{}. <output id=\"shown\">{}</output> claims shown.</p>\n\
         <form id=\"filters\">\n<fieldset id=\"classes\"><legend>Class</legend>",
        report.documents,
        report.municipalities.len(),
        claims,
        if report.errors.is_empty() {
            String::new()
        } else {
            format!(
                "; {} inputs failed (listed at the end)",
                report.errors.len()
            )
        },
        claims
    );
    for (class, n) in classes(report) {
        let c = escape(&class);
        let _ = write!(
            s,
            "<label class=\"c {c}\"><input type=\"checkbox\" name=\"class\" value=\"{c}\" checked> \
             {c} <small>{n}</small></label>"
        );
    }
    s.push_str(
        "<button type=\"button\" id=\"all-classes\">all</button>\
         <button type=\"button\" id=\"no-classes\">none</button></fieldset>\n",
    );
    let munis: Vec<(String, String)> = report
        .municipalities
        .iter()
        .map(|m| (m.key().to_string(), m.name.clone()))
        .collect();
    select(s, "Municipality", "muni", &munis);
    let years: Vec<(String, String)> = report.years.iter().map(|y| (year(*y), year(*y))).collect();
    select(s, "Year", "year", &years);
    let types: Vec<(String, String)> = report
        .doc_types
        .iter()
        .map(|t| (t.clone(), t.clone()))
        .collect();
    select(s, "Document type", "doctype", &types);
    let kinds: Vec<(String, String)> = ["pilot", "project", "item", "section"]
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    select(s, "About", "kind", &kinds);
    s.push_str(
        "<label>Search <input type=\"search\" name=\"q\" placeholder=\"words in the sentence\"></label>\n\
         </form>\n</header>\n",
    );
}

/// A `<select>` named `name` with "all" (the empty value) and `options`
/// (value, label).
fn select(s: &mut String, label: &str, name: &str, options: &[(String, String)]) {
    let _ = write!(
        s,
        "<label>{label} <select name=\"{name}\"><option value=\"\">all</option>"
    );
    for (value, text) in options {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(text)
        );
    }
    s.push_str("</select></label>\n");
}

/// The `data-` attributes the filters read, for a document.
fn placed(m: &Municipality, d: &Doc) -> String {
    format!(
        "data-muni=\"{}\" data-year=\"{}\" data-doctype=\"{}\"",
        escape(m.key()),
        escape(&year(d.year)),
        escape(&d.doc_type)
    )
}

/// A link to `href` reading `text` (plain text when there is no link).
fn link(href: &str, text: &str, class: &str) -> String {
    if href.is_empty() {
        escape(text)
    } else {
        format!(
            "<a class=\"{class}\" href=\"{}\">{}</a>",
            escape(href),
            escape(text)
        )
    }
}

/// `n` and its noun: "1 claim", "2 claims".
fn count(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// The file name of a path, for a short label.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn municipality(s: &mut String, m: &Municipality) {
    let key = escape(m.key());
    let _ = write!(
        s,
        "<section class=\"muni\" id=\"m-{key}\" data-muni=\"{key}\">\n<h2>{} <small>{}</small></h2>\n\
         <h3>Documents</h3>\n<table class=\"docs\"><thead><tr><th>Year</th><th>Type</th>\
         <th>Document</th><th>Pages</th><th>Claims</th></tr></thead><tbody>\n",
        escape(&m.name),
        escape(m.code.as_deref().unwrap_or("no CBS code"))
    );
    for d in &m.documents {
        let title = d
            .title
            .as_ref()
            .map(|t| format!("<br><small>{}</small>", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr class=\"doc\" {}><td>{}</td><td>{}</td><td>{}{title}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            placed(m, d),
            escape(&year(d.year)),
            escape(&d.doc_type),
            link(&d.href, &d.path, "doc"),
            d.pages.map(|p| p.to_string()).unwrap_or_default(),
            d.claims
        );
    }
    let mut all: Vec<&ClaimRow> = m.subjects.iter().flat_map(|t| &t.claims).collect();
    all.sort_by_key(|c| c.doc);
    let _ = write!(
        s,
        "</tbody></table>\n<h3>Timelines: what each document claims</h3>\n\
         <p class=\"trail all\">All claims: {}</p>\n",
        trail(m, all.into_iter())
    );
    if m.subjects.is_empty() {
        s.push_str("<p class=\"muted\">No status claims.</p>\n");
    }
    for subject in &m.subjects {
        timeline(s, m, subject);
    }
    if !m.indicators.is_empty() {
        s.push_str("<h3>Indicators per year</h3>\n");
        let mut last = None;
        for t in &m.indicators {
            let Some(d) = m.documents.get(t.doc) else {
                continue;
            };
            if last != Some(d.year) {
                let y = escape(&year(d.year));
                let _ = writeln!(
                    s,
                    "<h4 class=\"year\" data-muni=\"{}\" data-year=\"{y}\">{y}</h4>",
                    escape(m.key())
                );
                last = Some(d.year);
            }
            indicators(s, m, t);
        }
    }
    s.push_str("</section>\n");
}

/// The steps of a trail of claims in timeline order: per year and
/// document type, the count of each class.
fn trail<'a>(m: &Municipality, claims: impl Iterator<Item = &'a ClaimRow>) -> String {
    let mut steps: Vec<(String, BTreeMap<&str, usize>)> = Vec::new();
    for c in claims {
        let Some(d) = m.documents.get(c.doc) else {
            continue;
        };
        let step = format!("{} {}", year(d.year), d.doc_type);
        if steps.last().is_none_or(|(s, _)| *s != step) {
            steps.push((step, BTreeMap::new()));
        }
        if let Some((_, counts)) = steps.last_mut() {
            *counts.entry(c.class.as_str()).or_default() += 1;
        }
    }
    steps
        .iter()
        .map(|(step, counts)| {
            let classes: Vec<String> = counts
                .iter()
                .map(|(c, n)| format!("<span class=\"c {0}\">{0} {n}</span>", escape(c)))
                .collect();
            format!("{}: {}", escape(step), classes.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

fn timeline(s: &mut String, m: &Municipality, subject: &Subject) {
    let kinds: Vec<&str> = subject
        .kinds
        .iter()
        .copied()
        .filter(|k| !k.is_empty())
        .collect();
    let open = if subject.kinds.contains("pilot") || subject.kinds.contains("project") {
        " data-open=\"1\" open"
    } else {
        ""
    };
    let _ = write!(
        s,
        "<details class=\"subject\" data-kinds=\"{}\"{open}>\n<summary><span class=\"kind\">{}</span> \
         <b class=\"name\">{}</b> <small>{}</small><br><span class=\"trail\">{}</span></summary>\n\
         <table class=\"claims\"><thead><tr><th>Year</th><th>Document</th><th>Class</th>\
         <th>Claim, in its sentence</th><th>Source</th></tr></thead><tbody>\n",
        kinds.join(" "),
        escape(&kinds.join(", ")),
        escape(&subject.name),
        count(subject.claims.len(), "claim", "claims")
            + " in "
            + &count(subject.documents(), "document", "documents"),
        trail(m, subject.claims.iter())
    );
    for c in &subject.claims {
        if let Some(d) = m.documents.get(c.doc) {
            claim(s, m, d, c);
        }
    }
    s.push_str("</tbody></table>\n</details>\n");
}

/// The sentence with the first occurrence of the claim's phrase marked.
fn marked(sentence: &str, phrase: &str) -> String {
    match sentence.find(phrase).filter(|_| !phrase.is_empty()) {
        Some(at) => {
            let end = at + phrase.len();
            format!(
                "{}<mark>{}</mark>{}",
                escape(sentence.get(..at).unwrap_or_default()),
                escape(phrase),
                escape(sentence.get(end..).unwrap_or_default())
            )
        }
        None => format!("{} <mark>[{}]</mark>", escape(sentence), escape(phrase)),
    }
}

fn claim(s: &mut String, m: &Municipality, d: &Doc, c: &ClaimRow) {
    let page = c.page.map(|p| format!(" p. {p}")).unwrap_or_default();
    let section = c
        .section
        .as_ref()
        .map(|h| format!("<br><small>in “{}”</small>", escape(h)))
        .unwrap_or_default();
    let offsets = match (c.start, c.end) {
        (Some(a), Some(b)) => format!(" title=\"bytes {a}–{b} of {}\"", escape(&d.path)),
        _ => String::new(),
    };
    let partial = if c.partial {
        " <small>(part)</small>"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<tr class=\"claim\" {} data-class=\"{}\"><td class=\"when\">{}</td><td class=\"when\">{}</td>\
         <td><span class=\"c {1}\">{1}</span>{partial}</td><td class=\"sentence\"{offsets}>{}{section}</td>\
         <td class=\"src\">{}</td></tr>",
        placed(m, d),
        escape(&c.class),
        escape(&year(d.year)),
        escape(&d.doc_type),
        marked(&c.sentence, &c.text),
        link(&c.href, &format!("{}{page}", file_name(&d.path)), "page"),
    );
}

fn indicators(s: &mut String, m: &Municipality, t: &IndicatorTable) {
    let Some(d) = m.documents.get(t.doc) else {
        return;
    };
    let width = t
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain([t.columns.len()])
        .max()
        .unwrap_or(0);
    let section = t
        .section
        .as_ref()
        .map(|h| format!(" — {}", escape(h)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<table class=\"ind\" {}><caption>{} {}: {}{section}</caption><thead><tr><th>Indicator</th>",
        placed(m, d),
        escape(&year(d.year)),
        escape(&d.doc_type),
        escape(file_name(&d.path))
    );
    for i in 0..width {
        let _ = write!(
            s,
            "<th>{}</th>",
            escape(t.columns.get(i).map(String::as_str).unwrap_or_default())
        );
    }
    s.push_str("<th>Source</th></tr></thead><tbody>\n");
    for r in &t.rows {
        let _ = write!(s, "<tr><td>{}</td>", escape(&r.name));
        for i in 0..width {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                escape(r.cells.get(i).map(String::as_str).unwrap_or_default())
            );
        }
        let page = r.page.map(|p| format!("p. {p}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "<td class=\"src\">{}</td></tr>",
            link(&r.href, &page, "page")
        );
    }
    s.push_str("</tbody></table>\n");
}

fn errors(s: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    s.push_str(
        "<section id=\"errors\">\n<h2>Inputs that failed</h2>\n<table><thead><tr><th>File</th>\
         <th>Kind</th><th>Message</th></tr></thead><tbody>\n",
    );
    for (path, kind, message) in &report.errors {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(path),
            escape(kind),
            escape(message)
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::view::RecordView;

    #[test]
    fn document_text_is_escaped_and_never_markup() {
        let hostile = r#"{"source":{"path":"a<b>.pdf","format":"pdf"},"municipality":{"name":"X\"><script>alert(1)</script>","code":"GM0001"},"doc_type":"begroting","year":2021,"entities":[{"type":"status","text":"</script>","class":"delayed","subject":"s9","subject_name":"<img src=x onerror=alert(1)>","page":2,"sentence":"Het loopt </script><script>alert(2)</script> & later."}]}"#;
        let rec: RecordView = serde_json::from_str(hostile).unwrap();
        let report = super::super::build(&[rec], &|p| p.to_string());
        let html = page(&report);
        assert_eq!(html.matches("<script>").count(), 1, "only the page's own");
        assert!(!html.contains("<img"));
        assert!(!html.contains("alert(1)</script>"));
        assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt; &amp; later."));
        assert!(html.contains("href=\"a&lt;b&gt;.pdf#page=2\""));
        // The claim's phrase is marked in its sentence.
        assert!(html.contains("Het loopt <mark>&lt;/script&gt;</mark>&lt;script&gt;"));
        assert_eq!(page(&report), html, "the same report, the same bytes");
    }
}
