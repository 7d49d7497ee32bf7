//! The extractors run over a document's sentences, in order.
//!
//! What a sentence says by itself — its dates, amounts, references and
//! statuses ([`Alone`]) — is read apart from what needs the sentences
//! before it — the partners' memory of names and aliases, pilots and lists
//! of pilots ([`Along`]). With a spare thread (a lone large document at
//! `-j2`) the first runs ahead of the second on it, handing over the
//! sentences in batches; the finds and their order are the same either way.
//! On one thread each sentence is prepared ([`Prepared::ctx`]) once for
//! both. (The 201-page Wassenaar begroting: 80 ms on one thread, 46–64 ms
//! on two, `BELEIDSMIJN_TIMING=1`.)

use super::prepare::{Ctx, Prepared};
use super::sentences::Sentence;
use super::status::{self, When};
use super::vocab::EntityVocabulary;
use super::{amounts, dates, partners, pilots, projects, refs, year_of, Found};
use crate::model::{BlockKind, Document, EntityKind};

/// Fewer sentences than this are read on one thread: a thread and its
/// hand-overs cost more than they save.
const MIN_SENTENCES_TO_SHARE: usize = 512;

/// Sentences handed over at a time: one hand-over per sentence woke the
/// other thread ~10,000 times on a large document.
const BATCH: usize = 64;

/// What one sentence says by itself.
struct Plain {
    /// Its dates, years and periods (only dates on page furniture).
    dated: Vec<Found>,
    amounts: Vec<Found>,
    refs: Vec<Found>,
    statuses: Vec<Found>,
}

/// Reads each sentence by itself, in order.
struct Alone<'v> {
    vocab: &'v EntityVocabulary,
    when: When,
    /// The money scale of each block.
    money: &'v [Option<f64>],
    /// The last dated sentence (block, sentence, year): a yearless "10
    /// januari" just after it in the same paragraph takes its year.
    dated: Option<(usize, usize, i32)>,
    bufs: status::Buffers,
}

impl Alone<'_> {
    fn read(&mut self, ctx: &Ctx, si: usize, s: &Sentence) -> Plain {
        let vocab = self.vocab;
        let none = Vec::new;
        if s.furniture {
            let dated = dates::find(ctx, vocab)
                .into_iter()
                .filter(|f| f.kind == EntityKind::Date)
                .collect();
            return Plain {
                dated,
                amounts: none(),
                refs: none(),
                statuses: none(),
            };
        }
        let prev_year = self
            .dated
            .filter(|&(b, _, _)| b == s.block && si > 0)
            .and_then(|(_, at, y)| (at + 1 == si).then_some(y));
        let here = dates::find_with(ctx, vocab, prev_year);
        self.dated = here
            .iter()
            .filter(|f| {
                f.kind == EntityKind::Date && f.value.as_str().is_some_and(|v| v.len() >= 7)
            })
            .filter_map(|f| year_of(&f.value))
            .next_back()
            .map(|y| (s.block, si, y));
        // The year of a date or period is no bare year.
        let spans: Vec<(usize, usize)> = here
            .iter()
            .filter(|f| matches!(f.kind, EntityKind::Date | EntityKind::Period))
            .map(|f| (f.start, f.end))
            .collect();
        let years: Vec<status::Year> = here
            .iter()
            .filter_map(|f| {
                let year = match f.kind {
                    EntityKind::Year => f.value.as_i64().and_then(|y| i32::try_from(y).ok()),
                    EntityKind::Period | EntityKind::Date => year_of(&f.value),
                    _ => None,
                }?;
                Some(status::Year {
                    at: f.start,
                    year,
                    bare: f.kind == EntityKind::Year,
                })
            })
            .filter(|y| !(y.bare && spans.iter().any(|&(s, e)| s <= y.at && y.at < e)))
            .collect();
        let money = self.money.get(s.block).copied().flatten();
        Plain {
            amounts: amounts::find(ctx, vocab, money),
            refs: refs::find(ctx, vocab),
            statuses: status::find(ctx, vocab, &self.when, &years, &mut self.bufs),
            dated: here,
        }
    }
}

/// Reads what needs the sentences before: partners (with the names and
/// aliases met so far), pilots (and the lists of them), and joins the
/// sentence's finds.
struct Along<'v> {
    doc: &'v Document,
    vocab: &'v EntityVocabulary,
    mem: partners::Memory,
    /// After "de volgende pilots:": each list item names one.
    list_mode: bool,
    last_block: usize,
}

impl Along<'_> {
    /// Take sentence `si` (`s`, no page furniture) with what it says by
    /// itself.
    fn take(
        &mut self,
        ctx: &Ctx,
        si: usize,
        s: &Sentence,
        plain: Plain,
        found: &mut Vec<(usize, Found)>,
    ) {
        let Plain {
            dated: mut here,
            amounts,
            refs,
            statuses,
        } = plain;
        let vocab = self.vocab;
        let block_kind = self.doc.blocks.get(s.block).map(|b| b.kind);
        let new_block = s.block != self.last_block;
        self.last_block = s.block;
        if new_block && block_kind != Some(BlockKind::ListItem) && !s.in_table {
            // A list of pilots ends at the first block that is no list item.
            if self.list_mode && block_kind != Some(BlockKind::Footnote) {
                self.list_mode = false;
            }
        }
        // The extractors' candidates join `here` at the end, in this order,
        // after one reserve: a `Found` is large, and growing `here` once per
        // extractor reallocated and copied it several times per sentence.
        let dated_amounts_refs = || here.iter().chain(&amounts).chain(&refs);
        let parts = partners::find(ctx, vocab, &mut self.mem);
        // A generic actor inside a title does not make it an organisation
        // ("Brede Regeling Combinatiefunctionarissen").
        let (generic, taken): (Vec<&Found>, Vec<&Found>) = parts
            .iter()
            .filter(|p| p.kind == EntityKind::Partner)
            .partition(|p| p.extra.contains_key("generic"));
        let span = |p: &&Found| (p.start, p.end);
        let generic: Vec<(usize, usize)> = generic.iter().map(span).collect();
        let taken: Vec<(usize, usize)> = taken.iter().map(span).collect();
        let periods: Vec<&Found> = dated_amounts_refs()
            .filter(|f| f.kind == EntityKind::Period)
            .collect();
        let places: Vec<(usize, usize)> = dated_amounts_refs()
            .filter(|f| f.kind == EntityKind::Municipality)
            .map(|f| (f.start, f.end))
            .collect();
        let mut pp = pilots::find(ctx, vocab, &taken, &generic, &places, &periods);
        if self.list_mode && new_block && block_kind == Some(BlockKind::ListItem) {
            if let Some(p) = pilots::list_item(ctx) {
                pp.retain(|q| q.end <= p.start || q.start >= p.end);
                pp.push(p);
            }
        }
        here.reserve(amounts.len() + refs.len() + parts.len() + pp.len() + statuses.len());
        here.extend(amounts);
        here.extend(refs);
        here.extend(parts);
        here.extend(pp);
        here.extend(statuses);
        projects::trim_at_statuses(ctx, vocab, &mut here);
        let ends_colon = s.text.trim_end().ends_with(':');
        if ends_colon
            && vocab
                .lexicon
                .terms_ref("pilot_list_intro")
                .iter()
                .any(|t| ctx.folded.text.contains(t.as_str()))
        {
            self.list_mode = true;
        }
        found.extend(here.into_iter().map(|f| (si, f)));
    }
}

/// Every sentence's finds, in sentence order, tagged with the sentence;
/// with `threads` > 1 and enough sentences, on two threads.
pub(super) fn sweep(
    doc: &Document,
    sents: &[Sentence],
    prep: &Prepared,
    vocab: &EntityVocabulary,
    when: When,
    money: &[Option<f64>],
    threads: usize,
) -> Vec<(usize, Found)> {
    let mut alone = Alone {
        vocab,
        when,
        money,
        dated: None,
        bufs: status::Buffers::default(),
    };
    let mut along = Along {
        doc,
        vocab,
        mem: partners::Memory::default(),
        list_mode: false,
        last_block: usize::MAX,
    };
    let mut found = Vec::with_capacity(2 * sents.len());
    // Page furniture has only its dates, read by itself.
    let furniture = |si: usize, plain: Plain, found: &mut Vec<(usize, Found)>| {
        found.extend(plain.dated.into_iter().map(|f| (si, f)));
    };
    let mut toks = Vec::new();
    if threads < 2 || sents.len() < MIN_SENTENCES_TO_SHARE {
        // One sentence prepared once for both.
        for (si, s) in sents.iter().enumerate() {
            let ctx = prep.ctx(si, s, vocab, &mut toks);
            let plain = alone.read(&ctx, si, s);
            if s.furniture {
                furniture(si, plain, &mut found);
            } else {
                along.take(&ctx, si, s, plain, &mut found);
            }
        }
        return found;
    }
    std::thread::scope(|scope| {
        let (to, from) = std::sync::mpsc::channel::<Vec<Plain>>();
        let ahead = scope.spawn(move || {
            let mut toks = Vec::new();
            for (k, batch) in sents.chunks(BATCH).enumerate() {
                let first = k * BATCH;
                let read = batch
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let si = first + i;
                        alone.read(&prep.ctx(si, s, vocab, &mut toks), si, s)
                    })
                    .collect();
                if to.send(read).is_err() {
                    break;
                }
            }
        });
        let plains = from.iter().flatten();
        for ((si, s), plain) in sents.iter().enumerate().zip(plains) {
            if s.furniture {
                furniture(si, plain, &mut found);
            } else {
                let ctx = prep.ctx(si, s, vocab, &mut toks);
                along.take(&ctx, si, s, plain, &mut found);
            }
        }
        // A panic ahead ends the batches early; it goes on here.
        crate::threads::join(ahead);
    });
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::dict::{Sources, Vocabulary};
    use crate::model::Format;

    /// Two threads find what one finds, in the same order, on a document
    /// long enough to be shared (the seeds, one after another, twice).
    #[test]
    fn two_threads_find_what_one_finds() {
        let text = crate::extract::entities::tests::seeds_repeated(2);
        let sources = Sources::load(None).unwrap();
        let vocab = EntityVocabulary::build(&sources).unwrap();
        let doc_vocab = Vocabulary::build(sources).unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &doc_vocab).unwrap();
        let sents = super::super::sentences::split(&doc, &vocab);
        assert!(sents.len() > 2 * MIN_SENTENCES_TO_SHARE, "{}", sents.len());
        let prep = Prepared::new(&sents, &vocab);
        let money = super::super::money_context(&doc, &vocab);
        let when = When {
            year: Some(2023),
            ..When::default()
        };
        let one = sweep(&doc, &sents, &prep, &vocab, when, &money, 1);
        let two = sweep(&doc, &sents, &prep, &vocab, when, &money, 2);
        let statuses = one.iter().filter(|(_, f)| f.kind == EntityKind::Status);
        assert!(statuses.count() > 50);
        assert!(one.iter().any(|(_, f)| f.kind == EntityKind::Partner));
        assert_eq!(one, two);
    }
}
