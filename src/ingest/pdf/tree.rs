//! What a node of the region tree ([`super::xycut::Node`]) holds: its
//! runs ([`leaves`]), its lines ([`emit_flat`], [`cell_lines`]) and their
//! type size. Shared by page layout and table assembly.

use super::lines::{dominant_size, lines};
use super::page::{Frag, Line};
use super::xycut::Node;

pub(super) fn table_size(frags: &[Frag], node: &Node) -> f32 {
    dominant_size(frags, &leaves(node))
}

pub(super) fn leaves(node: &Node) -> Vec<usize> {
    match node {
        Node::Leaf(idx) => idx.clone(),
        Node::Cols(c) | Node::Rows { children: c, .. } => c.iter().flat_map(leaves).collect(),
    }
}

pub(super) fn same_baseline(frags: &[Frag], node: &Node) -> bool {
    let idx = leaves(node);
    let ys: Vec<f32> = idx.iter().map(|&i| frags[i].y).collect();
    let lo = ys.iter().copied().fold(f32::MAX, f32::min);
    let hi = ys.iter().copied().fold(f32::MIN, f32::max);
    hi - lo < 3.0
}

/// The lines of each part of a row, with the part's left edge.
pub(super) fn cell_lines(frags: &[Frag], parts: &[Node]) -> Vec<(f32, Vec<Line>)> {
    let mut cols: Vec<(f32, Vec<Line>)> = Vec::new();
    for p in parts {
        let idx = leaves(p);
        if idx.is_empty() {
            continue;
        }
        let x0 = idx.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        let mut lines = Vec::new();
        emit_flat(frags, p, &mut lines);
        cols.push((x0, lines));
    }
    cols
}

pub(super) fn emit_flat(frags: &[Frag], node: &Node, out: &mut Vec<Line>) {
    match node {
        Node::Leaf(idx) => out.extend(lines(frags, idx)),
        Node::Cols(c) | Node::Rows { children: c, .. } => {
            for n in c {
                emit_flat(frags, n, out);
            }
        }
    }
}
