//! Rendering a [`Report`] as JSON, CSV (one long table) or Markdown.
//!
//! The CSV is "long": one row per fact, columns
//! `table,municipality,cbs_code,year,name,field,value`, so every table of
//! the report fits one file that loads in DuckDB or a spreadsheet:
//!
//! | table | name | field | value |
//! |---|---|---|---|
//! | `documents` | doc type | `count` | n |
//! | `section` | section kind | `present` | 1 |
//! | `initiative` | pilot/project | `pilot`/`project` | status (class) |
//! | `partner` | partner | `named` | 1 |
//! | `status_count` | class | `count` | n |
//! | `indicator` | indicator (`name (2)` when repeated) | column header (`Doel- (3)`: with its position when repeated) | value |
//!
//! Indicator rows and their columns come in table order.

use super::{Report, Status};
use std::io::Write;

fn status_text(s: &Status) -> String {
    match (&s.status, &s.class) {
        (Some(t), Some(c)) => format!("{t} ({c})"),
        (Some(t), None) => t.clone(),
        (None, _) => "named, no status".to_string(),
    }
}

fn year_text(y: Option<i64>) -> String {
    y.map(|y| y.to_string()).unwrap_or_default()
}

/// Write the report as pretty JSON.
///
/// # Errors
/// Writing fails.
pub fn json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// Write the report as one long CSV table.
///
/// # Errors
/// Writing fails.
pub fn csv(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record([
        "table",
        "municipality",
        "cbs_code",
        "year",
        "name",
        "field",
        "value",
    ])?;
    for m in &report.municipalities {
        let code = m.code.clone().unwrap_or_default();
        for y in &m.years {
            let year = year_text(y.year);
            let mut row = |table: &str, name: &str, field: &str, value: String| {
                w.write_record([table, &m.name, &code, &year, name, field, &value])
            };
            for (t, n) in &y.doc_types {
                row("documents", t, "count", n.to_string())?;
            }
            for s in &y.sections {
                row("section", s, "present", "1".into())?;
            }
            for (name, s) in &y.initiatives {
                row("initiative", name, &s.kind, status_text(s))?;
            }
            for p in &y.partners {
                row("partner", p, "named", "1".into())?;
            }
            for (c, n) in &y.status_counts {
                row("status_count", c, "count", n.to_string())?;
            }
            for ind in &y.indicators {
                let name = ind.label();
                for v in &ind.values {
                    row("indicator", &name, &v.field, v.value.clone())?;
                }
            }
        }
    }
    w.flush()
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn list<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    cell(
        &items
            .into_iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Write the report as Markdown tables.
///
/// # Errors
/// Writing fails.
pub fn markdown(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "# Comparison\n\n{} documents, {} error records.\n",
        report.documents, report.errors
    )?;
    writeln!(
        out,
        "## Municipalities\n\n| municipality | CBS | documents | years |\n|---|---|---:|---|"
    )?;
    for m in &report.municipalities {
        let years: Vec<String> = m
            .years
            .iter()
            .map(|y| {
                format!(
                    "{} ({})",
                    y.year.map_or("?".to_string(), |y| y.to_string()),
                    y.paths.len()
                )
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&m.name),
            m.code.as_deref().unwrap_or(""),
            m.documents,
            list(&years)
        )?;
    }
    writeln!(out, "\n## Municipalities by year\n")?;
    writeln!(out, "| municipality | CBS | year | documents | types | sections | pilots/projects | partners | statuses |")?;
    writeln!(out, "|---|---|---:|---:|---|---|---|---|---|")?;
    for m in &report.municipalities {
        for y in &m.years {
            let types: Vec<String> = y
                .doc_types
                .iter()
                .map(|(t, n)| format!("{t} ×{n}"))
                .collect();
            let inits: Vec<String> = y
                .initiatives
                .iter()
                .map(|(n, s)| format!("{n}: {}", status_text(s)))
                .collect();
            let counts: Vec<String> = y
                .status_counts
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&m.name),
                m.code.as_deref().unwrap_or(""),
                year_text(y.year),
                y.paths.len(),
                list(&types),
                list(&y.sections),
                list(&inits),
                list(&y.partners),
                list(&counts)
            )?;
        }
    }
    let names: std::collections::BTreeSet<&String> = report
        .initiatives
        .iter()
        .flat_map(|i| i.by_municipality.keys())
        .collect();
    if !report.initiatives.is_empty() {
        writeln!(out, "\n## Pilots and projects × municipality\n")?;
        let head: Vec<String> = names.iter().map(|n| cell(n)).collect();
        writeln!(out, "| name | kind | {} |", head.join(" | "))?;
        writeln!(out, "|---|---|{}", "---|".repeat(names.len()))?;
        for i in &report.initiatives {
            let cells: Vec<String> = names
                .iter()
                .map(|n| {
                    i.by_municipality
                        .get(*n)
                        .map(|s| cell(format!("{} {}", status_text(s), year_text(s.year)).trim()))
                        .unwrap_or_default()
                })
                .collect();
            writeln!(
                out,
                "| {} | {} | {} |",
                cell(&i.name),
                i.kind,
                cells.join(" | ")
            )?;
        }
    }
    if !report.partners.is_empty() {
        writeln!(
            out,
            "\n## Partners\n\n| partner | municipalities |\n|---|---|"
        )?;
        for (p, ms) in &report.partners {
            writeln!(out, "| {} | {} |", cell(p), list(ms))?;
        }
    }
    let any_ind = report
        .municipalities
        .iter()
        .any(|m| m.years.iter().any(|y| !y.indicators.is_empty()));
    if any_ind {
        writeln!(
            out,
            "\n## Indicators\n\n| municipality | year | indicator | values |\n|---|---:|---|---|"
        )?;
        for m in &report.municipalities {
            for y in &m.years {
                for ind in &y.indicators {
                    let vs: Vec<String> = ind
                        .values
                        .iter()
                        .map(|v| format!("{}: {}", v.field, v.value))
                        .collect();
                    writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        cell(&m.name),
                        year_text(y.year),
                        cell(&ind.label()),
                        list(&vs)
                    )?;
                }
            }
        }
    }
    Ok(())
}
