//! Shortest paths for the path selectors: breadth-first search for one
//! shortest path, all shortest paths (BFS layers with every parent kept), and
//! the k shortest simple paths (Yen's algorithm over BFS).
//!
//! This is the narrow internal function the engine needs, written against
//! [`GraphAccess`] so it works on any graph; it can move to a shared path
//! module once that module offers the same trait-level entry point.

use rustc_hash::{FxHashMap, FxHashSet};

use super::super::access::{Dir, GraphAccess};
use super::super::error::Result;
use super::super::value::{NodeId, Path, RelId};
use super::Budget;

/// Nodes one side of a search has reached: depth, the neighbour towards
/// that side's start, and the relationship to it.
type Seen = FxHashMap<NodeId, (usize, NodeId, Option<RelId>)>;

/// Which relationships a search may walk, and how far.
pub struct Walk<'a> {
    pub graph: &'a dyn GraphAccess,
    /// Directions to follow from a node.
    pub dirs: &'a [Dir],
    /// Whether a relationship may be used (type and property tests).
    pub allow: &'a dyn Fn(RelId) -> Result<bool>,
    pub max_len: Option<usize>,
    pub budget: &'a Budget,
}

impl Walk<'_> {
    fn steps(&self, node: NodeId, f: impl FnMut(RelId, NodeId) -> Result<()>) -> Result<()> {
        self.steps_along(node, false, f)
    }

    /// Relationships from `node`, walked forwards or (for the search from
    /// the target end) backwards.
    fn steps_along(
        &self,
        node: NodeId,
        backwards: bool,
        mut f: impl FnMut(RelId, NodeId) -> Result<()>,
    ) -> Result<()> {
        for (i, dir) in self.dirs.iter().enumerate() {
            let dir = match (dir, backwards) {
                (Dir::Out, true) => Dir::In,
                (Dir::In, true) => Dir::Out,
                (d, _) => *d,
            };
            for (rel, other) in self.graph.rels(node, dir) {
                // An undirected walk sees a self-loop twice; keep one.
                if i > 0 && other == node {
                    continue;
                }
                self.budget.spend(1)?;
                if (self.allow)(rel)? {
                    f(rel, other)?;
                }
            }
        }
        Ok(())
    }

    /// One shortest path avoiding the blocked nodes and relationships:
    /// breadth-first from both ends, always growing the smaller frontier.
    fn bfs(
        &self,
        from: NodeId,
        to: NodeId,
        blocked_nodes: &FxHashSet<NodeId>,
        blocked_rels: &FxHashSet<RelId>,
        max_len: Option<usize>,
    ) -> Result<Option<Path>> {
        if from == to {
            return Ok(Some(Path {
                nodes: vec![from],
                rels: Vec::new(),
            }));
        }
        // Per side: node -> (depth, neighbour towards the side's start, rel).
        let mut seen: [Seen; 2] = [FxHashMap::default(), FxHashMap::default()];
        seen[0].insert(from, (0, from, None));
        seen[1].insert(to, (0, to, None));
        let mut frontiers = [vec![from], vec![to]];
        let mut depths = [0usize, 0usize];
        loop {
            if frontiers[0].is_empty() || frontiers[1].is_empty() {
                return Ok(None);
            }
            if max_len.is_some_and(|m| depths[0] + depths[1] >= m) {
                return Ok(None);
            }
            let side = usize::from(frontiers[1].len() < frontiers[0].len());
            let d = depths[side] + 1;
            let mut next = Vec::new();
            let mut best: Option<(usize, NodeId)> = None;
            for &node in &frontiers[side] {
                let (own, opposite) = if side == 0 {
                    let (a, b) = seen.split_at_mut(1);
                    (&mut a[0], &b[0])
                } else {
                    let (a, b) = seen.split_at_mut(1);
                    (&mut b[0], &a[0])
                };
                self.steps_along(node, side == 1, |rel, nb| {
                    if blocked_rels.contains(&rel)
                        || blocked_nodes.contains(&nb)
                        || own.contains_key(&nb)
                    {
                        return Ok(());
                    }
                    own.insert(nb, (d, node, Some(rel)));
                    if let Some(&(od, _, _)) = opposite.get(&nb) {
                        if best.is_none_or(|(b, _)| d + od < b) {
                            best = Some((d + od, nb));
                        }
                    } else {
                        next.push(nb);
                    }
                    Ok(())
                })?;
            }
            depths[side] = d;
            frontiers[side] = next;
            if let Some((total, meet)) = best {
                if max_len.is_some_and(|m| total > m) {
                    return Ok(None);
                }
                return Ok(Some(join(&seen, meet)));
            }
        }
    }

    /// One shortest path from `from` to `to`.
    pub fn any_shortest(&self, from: NodeId, to: NodeId) -> Result<Option<Path>> {
        self.bfs(
            from,
            to,
            &FxHashSet::default(),
            &FxHashSet::default(),
            self.max_len,
        )
    }

    /// Every path of the shortest length.
    pub fn all_shortest(&self, from: NodeId, to: NodeId) -> Result<Vec<Path>> {
        if from == to {
            return Ok(vec![Path {
                nodes: vec![from],
                rels: Vec::new(),
            }]);
        }
        let mut parents: FxHashMap<NodeId, Vec<(NodeId, RelId)>> = FxHashMap::default();
        let mut depth: FxHashMap<NodeId, usize> = FxHashMap::default();
        depth.insert(from, 0);
        let mut layer = vec![from];
        let mut d = 0;
        while !layer.is_empty() && !depth.contains_key(&to) {
            if self.max_len.is_some_and(|m| d >= m) {
                break;
            }
            let mut next = Vec::new();
            for &node in &layer {
                self.steps(node, |rel, other| {
                    match depth.get(&other) {
                        Some(&od) if od == d + 1 => {
                            parents.entry(other).or_default().push((node, rel));
                        }
                        Some(_) => {}
                        None => {
                            depth.insert(other, d + 1);
                            parents.entry(other).or_default().push((node, rel));
                            next.push(other);
                        }
                    }
                    Ok(())
                })?;
            }
            layer = next;
            d += 1;
        }
        if !depth.contains_key(&to) {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut stack = vec![(to, Vec::<NodeId>::new(), Vec::<RelId>::new())];
        while let Some((at, mut nodes, rels)) = stack.pop() {
            nodes.push(at);
            if at == from {
                let mut nodes = nodes;
                let mut rels = rels;
                nodes.reverse();
                rels.reverse();
                out.push(Path { nodes, rels });
                continue;
            }
            for &(prev, rel) in parents.get(&at).map_or(&[][..], Vec::as_slice) {
                self.budget.spend(1)?;
                let mut r = rels.clone();
                r.push(rel);
                stack.push((prev, nodes.clone(), r));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The `k` shortest simple paths, shortest first (Yen's algorithm).
    pub fn k_shortest(&self, from: NodeId, to: NodeId, k: usize) -> Result<Vec<Path>> {
        let mut found: Vec<Path> = Vec::new();
        if k == 0 {
            return Ok(found);
        }
        let Some(first) = self.any_shortest(from, to)? else {
            return Ok(found);
        };
        found.push(first);
        let mut candidates: Vec<Path> = Vec::new();
        while found.len() < k {
            let prev = found.last().expect("at least one path").clone();
            for spur in 0..prev.rels.len() {
                let root_nodes = &prev.nodes[..=spur];
                let root_rels = &prev.rels[..spur];
                let mut blocked_rels = FxHashSet::default();
                for p in &found {
                    if p.rels.len() > spur
                        && p.nodes[..=spur] == *root_nodes
                        && p.rels[..spur] == *root_rels
                    {
                        blocked_rels.insert(p.rels[spur]);
                    }
                }
                let blocked_nodes: FxHashSet<NodeId> = root_nodes[..spur].iter().copied().collect();
                let left = self.max_len.map(|m| m.saturating_sub(spur));
                if left == Some(0) {
                    continue;
                }
                if let Some(tail) =
                    self.bfs(prev.nodes[spur], to, &blocked_nodes, &blocked_rels, left)?
                {
                    let mut nodes = root_nodes.to_vec();
                    nodes.extend_from_slice(&tail.nodes[1..]);
                    let mut rels = root_rels.to_vec();
                    rels.extend_from_slice(&tail.rels);
                    let path = Path { nodes, rels };
                    if !found.contains(&path) && !candidates.contains(&path) {
                        candidates.push(path);
                    }
                }
            }
            let Some(best) = (0..candidates.len()).min_by(|&a, &b| {
                candidates[a]
                    .rels
                    .len()
                    .cmp(&candidates[b].rels.len())
                    .then_with(|| candidates[a].cmp(&candidates[b]))
            }) else {
                break;
            };
            found.push(candidates.swap_remove(best));
        }
        Ok(found)
    }
}

/// The path through `meet`: back along the source side, then on along the
/// target side.
fn join(seen: &[Seen; 2], meet: NodeId) -> Path {
    let mut nodes = vec![meet];
    let mut rels = Vec::new();
    let mut at = meet;
    while let Some(&(_, prev, Some(rel))) = seen[0].get(&at) {
        nodes.push(prev);
        rels.push(rel);
        at = prev;
    }
    nodes.reverse();
    rels.reverse();
    at = meet;
    while let Some(&(_, next, Some(rel))) = seen[1].get(&at) {
        nodes.push(next);
        rels.push(rel);
        at = next;
    }
    Path { nodes, rels }
}
