//! Every (overlapping) match of an aho-corasick automaton in a text, found
//! by several walks of the automaton at once.
//!
//! Input: an automaton built with `MatchKind::Standard`, the haystack and
//! a separator byte no pattern contains. Output: each match as
//! `(start, end, pattern)`, the same set `find_overlapping_iter` gives.
//!
//! Why: one walk over the text is a chain of dependent loads, one per byte,
//! through a transition table of some megabytes; most of its time went in
//! waiting on cache misses (`perf`: the automaton's transition load was a
//! tenth of extraction's samples at a fortieth of its instructions). The
//! text is cut into [`WALKS`] pieces at separators and the pieces are
//! walked in lockstep, so the processor waits on several misses at once.
//! A piece may start at a separator in a fresh walk: reading a byte that
//! no pattern contains takes any state back to the start state, so the
//! walk after it is the same as that of one walk over the whole text.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchError};

/// How many walks run side by side.
const WALKS: usize = 8;

/// Calls `found(start, end, pattern)` for every match of `aut` in `hay`
/// (in order of their end within each piece, not overall). `sep`, a byte
/// no pattern contains, is where the text may be cut; `None` walks it
/// whole.
///
/// # Errors
/// When `aut` has no unanchored start state.
pub fn each<A: Automaton>(
    aut: &A,
    hay: &[u8],
    sep: Option<u8>,
    mut found: impl FnMut(usize, usize, usize),
) -> Result<(), MatchError> {
    let start = aut.start_state(Anchored::No)?;
    // The empty pattern, matching before the first byte.
    report(aut, start, 0, &mut found);
    let mut bounds = [hay.len(); WALKS + 1];
    bounds[0] = 0;
    if let Some(sep) = sep {
        for k in 1..WALKS {
            let from = (hay.len() * k / WALKS).max(bounds[k - 1]);
            bounds[k] = hay
                .get(from..)
                .and_then(|rest| memchr::memchr(sep, rest))
                .map_or(hay.len(), |p| from + p);
        }
    }
    let mut sid = [start; WALKS];
    let pieces: [&[u8]; WALKS] =
        std::array::from_fn(|k| hay.get(bounds[k]..bounds[k + 1]).unwrap_or(&[]));
    let common = pieces.iter().map(|p| p.len()).min().unwrap_or(0);
    // One byte of every piece per step: the walks' loads overlap.
    #[allow(clippy::needless_range_loop)]
    for i in 0..common {
        for k in 0..WALKS {
            let s = aut.next_state(Anchored::No, sid[k], pieces[k][i]);
            sid[k] = s;
            if aut.is_special(s) {
                report(aut, s, bounds[k] + i + 1, &mut found);
            }
        }
    }
    for k in 0..WALKS {
        let mut s = sid[k];
        for (i, &b) in pieces[k].iter().enumerate().skip(common) {
            s = aut.next_state(Anchored::No, s, b);
            if aut.is_special(s) {
                report(aut, s, bounds[k] + i + 1, &mut found);
            }
        }
    }
    Ok(())
}

/// The matches of state `s` reached at `end`. (An unanchored search with
/// standard semantics never reaches the dead state; a start state is
/// special only with a prefilter, which these automata do not have.)
#[inline]
fn report<A: Automaton>(
    aut: &A,
    s: StateID,
    end: usize,
    found: &mut impl FnMut(usize, usize, usize),
) {
    if !aut.is_match(s) {
        return;
    }
    for i in 0..aut.match_len(s) {
        let pid = aut.match_pattern(s, i);
        let len = aut.pattern_len(pid);
        found(end - len, end, pid.as_usize());
    }
}
