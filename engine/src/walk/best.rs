//! The best path between two nodes: fewest hops (bidirectional breadth-first
//! search), then least total weakness of evidence, then the smallest sequence
//! of node indices. Used directly for the shortest path and as Yen's spur
//! search, which adds bans on nodes and on first hops.
//!
//! The search expands whole levels alternately from both ends, always the
//! frontier with fewer edges, until they meet at depth `a` from the source and `b`
//! from the target. Every shortest path then runs through the source's levels
//! `0..=a` and the target's levels `0..=b`; a dynamic programme over those
//! levels gives each node its least weakness to the target, and a greedy walk
//! from the source that always takes the smallest next node keeping that
//! optimum yields the unique best path.
//!
//! The same levels hold every path of the fewest hops, so
//! [`fewest_hop_paths`] lists the first of them in the order Yen's algorithm
//! would (weakness, then node sequence) from one search, instead of one spur
//! search per hop per path: the `path` command asks for its k candidates
//! that way and runs Yen only when it needs longer paths.
//!
//! Per-node arrays live in a [`Scratch`] that a caller reuses across
//! searches; zero means unset, so a fresh one costs pages the operating system
//! hands out zeroed on first touch, and each search clears only the entries it
//! set.

use super::yen::{Found, SpurSearch};
use super::zeroed::Zeroed;
use super::{Hop, SearchView};
use crate::graph::{EdgeIx, NodeIx};

use rustc_hash::FxHashMap;

/// Unset entry of a [`Scratch`] array; stored values are offset by one.
const UNSET: u32 = 0;

/// Per-node arrays of a search, reused across searches on one graph.
pub(crate) struct Scratch {
    /// Level from the source, plus one.
    from_source: Zeroed,
    /// Level from the target, plus one.
    to_target: Zeroed,
    /// Least weakness to the target, plus one.
    least: Zeroed,
    /// Greatest weakness to the target over fewest-hop paths, plus one.
    most: Zeroed,
    /// The smallest next node of a least-weakness path, plus one.
    next: Zeroed,
}

impl Scratch {
    /// Arrays for `node_count` nodes, all unset: the thread's spare ones
    /// when it has them (a server's worker then searches without
    /// allocating), else fresh.
    pub fn new(node_count: usize) -> Scratch {
        let spare = SPARE
            .try_with(|spare| spare.borrow_mut().pop())
            .ok()
            .flatten();
        match spare {
            Some(s) if s.from_source.len() == node_count => s,
            _ => Scratch::fresh(node_count),
        }
    }

    fn fresh(node_count: usize) -> Scratch {
        Scratch {
            from_source: Zeroed::new(node_count),
            to_target: Zeroed::new(node_count),
            least: Zeroed::new(node_count),
            most: Zeroed::new(node_count),
            next: Zeroed::new(node_count),
        }
    }
}

/// How many spare scratch sets a thread keeps (a path query holds two).
const SPARES: usize = 2;

thread_local! {
    static SPARE: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Scratch {
    /// Every search clears what it set ([`Levels`]), so the arrays are all
    /// unset again and go back to the thread's spares.
    fn drop(&mut self) {
        if self.from_source.is_empty() {
            return;
        }
        debug_assert!(self.from_source.iter().all(|&v| v == UNSET));
        let arrays = [
            std::mem::take(&mut self.from_source),
            std::mem::take(&mut self.to_target),
            std::mem::take(&mut self.least),
            std::mem::take(&mut self.most),
            std::mem::take(&mut self.next),
        ];
        // Arrays the spares have no room for are freed here, outside the
        // borrow, as plain vectors.
        let _left = SPARE.try_with(|spare| {
            let mut spare = spare.try_borrow_mut().ok()?;
            if spare.len() >= SPARES {
                return Some(arrays);
            }
            let [from_source, to_target, least, most, next] = arrays;
            spare.push(Scratch {
                from_source,
                to_target,
                least,
                most,
                next,
            });
            None
        });
    }
}

/// The levels of one search, borrowing the scratch arrays they filled; the
/// entries are cleared when it is dropped.
struct Levels<'s> {
    scratch: &'s mut Scratch,
    source_levels: Vec<Vec<NodeIx>>,
    target_levels: Vec<Vec<NodeIx>>,
}

impl Drop for Levels<'_> {
    fn drop(&mut self) {
        let s = &mut *self.scratch;
        for &v in self
            .source_levels
            .iter()
            .chain(&self.target_levels)
            .flatten()
        {
            let i = v.index();
            s.from_source[i] = UNSET;
            s.to_target[i] = UNSET;
            s.least[i] = UNSET;
            s.most[i] = UNSET;
            s.next[i] = UNSET;
        }
    }
}

impl Levels<'_> {
    /// Hops from the source to where the two sides met, and from there on.
    fn depths(&self) -> (usize, usize) {
        (self.source_levels.len() - 1, self.target_levels.len() - 1)
    }

    /// Whether `w` may be the node at position `pos + 1` of a fewest-hop path.
    fn on_level(&self, pos: usize, w: NodeIx) -> bool {
        let (a, b) = self.depths();
        if pos < a {
            self.scratch.from_source[w.index()] == (pos + 2) as u32
        } else {
            self.scratch.to_target[w.index()] == (a + b - pos) as u32
        }
    }
}

/// Extra restrictions of one search (Yen's spur searches).
pub(crate) struct Bans<'a> {
    /// Nodes the path may not use (indexed by node; empty bans none).
    pub nodes: &'a [bool],
    /// Next nodes the path may not step to from its first node.
    pub first_hops: &'a [NodeIx],
}

const NO_BANS: Bans<'static> = Bans {
    nodes: &[],
    first_hops: &[],
};

/// A path found by a search, as node indices and total weakness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Best {
    pub nodes: Vec<NodeIx>,
    pub weakness: u32,
}

/// [`best_path`] as Yen's spur search: a step is the next node, the cost the
/// weakness of evidence.
pub(crate) struct PathSearch<'f, V> {
    filter: &'f V,
    target: NodeIx,
    /// Scratch for the banned nodes of one search, indexed by node.
    banned: Vec<bool>,
    scratch: Scratch,
}

impl<'f, V: SearchView> PathSearch<'f, V> {
    pub fn new(filter: &'f V, target: NodeIx) -> Self {
        PathSearch {
            filter,
            target,
            banned: vec![false; filter.node_count()],
            scratch: Scratch::new(filter.node_count()),
        }
    }
}

impl<V: SearchView> SpurSearch for PathSearch<'_, V> {
    type Node = NodeIx;
    type Step = NodeIx;
    type Cost = u32;
    type Error = std::convert::Infallible;

    fn search(
        &mut self,
        from: NodeIx,
        banned_nodes: &[NodeIx],
        banned_steps: &[NodeIx],
        max_hops: usize,
    ) -> Result<Option<Found<NodeIx, NodeIx, u32>>, Self::Error> {
        for n in banned_nodes {
            self.banned[n.index()] = true;
        }
        let bans = Bans {
            nodes: &self.banned,
            first_hops: banned_steps,
        };
        let best = best_path(
            self.filter,
            from,
            self.target,
            max_hops,
            &bans,
            &mut self.scratch,
        );
        for n in banned_nodes {
            self.banned[n.index()] = false;
        }
        Ok(best.map(|Best { nodes, weakness }| Found {
            steps: nodes[1..].to_vec(),
            nodes,
            cost: weakness,
        }))
    }

    /// Weakness of a known node sequence, hop by hop.
    fn cost(&self, nodes: &[NodeIx], _: &[NodeIx]) -> u32 {
        nodes
            .windows(2)
            .map(|w| {
                self.filter
                    .best_hop(w[0], w[1])
                    .map_or(0, |hop| self.filter.weakness(hop.edge))
            })
            .sum()
    }
}

/// The breadth-first search from both ends and the weakness programme over
/// its levels (`most` too when `with_most`). `None` when no path of at most
/// `max_hops` hops exists.
fn meet<'s>(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    bans: &Bans<'_>,
    scratch: &'s mut Scratch,
    with_most: bool,
) -> Option<Levels<'s>> {
    debug_assert_ne!(source, target);
    let usable = |node: NodeIx| {
        (node == target || filter.passable(node))
            && node != source
            && bans.nodes.get(node.index()).is_none_or(|b| !b)
    };
    let hop_ok = |from: NodeIx, to: NodeIx| from != source || !bans.first_hops.contains(&to);

    scratch.from_source[source.index()] = 1;
    scratch.to_target[target.index()] = 1;
    let mut levels = Levels {
        scratch,
        source_levels: vec![vec![source]],
        target_levels: vec![vec![target]],
    };
    // The steps of the expansion where the sides met, into the nodes where
    // they met, each as (from, to, edge) in the path's direction, and which
    // side took them: exactly the steps the programme reads between the
    // expanded level and the meeting nodes, so it need not read them again.
    let mut meeting: Vec<(NodeIx, NodeIx, EdgeIx)> = Vec::new();
    let met_forward = loop {
        let (a, b) = levels.depths();
        if a + b >= max_hops {
            return None;
        }
        let work = |level: &[NodeIx]| level.iter().map(|&v| filter.degree(v)).sum::<usize>();
        let forward_side = work(&levels.source_levels[a]) <= work(&levels.target_levels[b]);
        // A level that meets the other side counts only where it meets it:
        // a node the other side has not reached lies on no fewest-hop path.
        // So from the first meeting on (from the start on the last level the
        // hop limit allows) a level keeps only meeting nodes.
        let mut met = a + b + 1 == max_hops;
        let mut next: Vec<NodeIx> = Vec::new();
        let s = &mut *levels.scratch;
        let (mine, other, depth) = if forward_side {
            (&mut s.from_source, &s.to_target, a)
        } else {
            (&mut s.to_target, &s.from_source, b)
        };
        let mark = (depth + 2) as u32;
        let frontier = if forward_side {
            &levels.source_levels[a]
        } else {
            &levels.target_levels[b]
        };
        let mut visit = |v: NodeIx, hop: Hop| {
            let w = hop.next;
            let reached = other[w.index()] != UNSET;
            if met && !reached {
                return;
            }
            let (from, to) = if forward_side { (v, w) } else { (w, v) };
            if !hop_ok(from, to) {
                return;
            }
            let seen = mine[w.index()];
            if seen == UNSET {
                let allowed = if forward_side {
                    usable(w)
                } else {
                    w == source || usable(w)
                };
                if !allowed {
                    return;
                }
                if reached && !met {
                    // The first meeting: what this level reached so far met
                    // nothing.
                    for &x in &next {
                        mine[x.index()] = UNSET;
                    }
                    next.clear();
                    met = true;
                }
                mine[w.index()] = mark;
                next.push(w);
            } else if seen != mark || !reached {
                return;
            }
            if reached {
                meeting.push((from, to, hop.edge));
            }
        };
        if forward_side {
            for &v in frontier {
                filter.out_hops(v).for_each(|hop| visit(v, hop));
            }
        } else {
            for &v in frontier {
                filter.in_hops(v).for_each(|hop| visit(v, hop));
            }
        }
        if next.is_empty() {
            return None;
        }
        if forward_side {
            levels.source_levels.push(next);
        } else {
            levels.target_levels.push(next);
        }
        if !meeting.is_empty() {
            break forward_side;
        }
    };
    let (a, b) = levels.depths();

    // Least (and greatest) weakness to the target, first over the target's
    // levels, then back over the source's levels (which meet the target's at
    // level a). Of the target's last level, which was never expanded and can
    // hold most of a big graph, only the nodes where the sides met lie on a
    // fewest-hop path. With each node's least weakness goes its smallest next
    // node that keeps it, so the best path is read off without a search.
    let s = &mut *levels.scratch;
    s.least[target.index()] = 1;
    s.most[target.index()] = 1;
    // A level is settled from the level after it (nearer the target), over
    // the same edges whichever end they are read from: each node of the
    // level pulls from its own steps, or each node of the next level pushes
    // back along the steps arriving at it; whichever reads fewer edges.
    // Common neighbours of the two ends are often hubs, and pulling would
    // read a hub's whole adjacency to find the one step to the target. The
    // level next to the meeting nodes takes the steps the meeting recorded.
    let relax = |s: &mut Scratch, v: NodeIx, w: NodeIx, weakness: u32| {
        let (to_w, to_w_most) = (s.least[w.index()], s.most[w.index()]);
        let low = weakness + to_w;
        let (least, step) = (s.least[v.index()], w.index() as u32 + 1);
        if least == UNSET || low < least {
            s.least[v.index()] = low;
            s.next[v.index()] = step;
        } else if low == least {
            s.next[v.index()] = s.next[v.index()].min(step);
        }
        if with_most {
            s.most[v.index()] = s.most[v.index()].max(weakness + to_w_most);
        }
    };
    let settle = |s: &mut Scratch,
                  level: &[NodeIx],
                  settles: &dyn Fn(&Scratch, NodeIx) -> bool,
                  next: &[NodeIx],
                  on: &dyn Fn(&Scratch, NodeIx) -> bool,
                  recorded: Option<&[(NodeIx, NodeIx, EdgeIx)]>| {
        for &v in level {
            if settles(s, v) {
                s.least[v.index()] = UNSET;
                s.most[v.index()] = UNSET;
                s.next[v.index()] = UNSET;
            }
        }
        if let Some(steps) = recorded {
            for &(v, w, edge) in steps {
                if settles(s, v) && on(s, w) && s.least[w.index()] != UNSET {
                    relax(s, v, w, filter.weakness(edge));
                }
            }
            return;
        }
        let pull: usize = level
            .iter()
            .filter(|&&v| settles(s, v))
            .map(|&v| filter.degree(v))
            .sum();
        let push: usize = next
            .iter()
            .filter(|&&w| s.least[w.index()] != UNSET)
            .map(|&w| filter.degree(w))
            .sum();
        if pull <= push {
            for &v in level {
                if !settles(s, v) {
                    continue;
                }
                for h in filter.out_hops(v) {
                    let w = h.next;
                    if on(s, w) && hop_ok(v, w) && s.least[w.index()] != UNSET {
                        relax(s, v, w, filter.weakness(h.edge));
                    }
                }
            }
            return;
        }
        for &w in next {
            if s.least[w.index()] == UNSET || !on(s, w) {
                continue;
            }
            for h in filter.in_hops(w) {
                let v = h.next;
                if settles(s, v) && hop_ok(v, w) {
                    relax(s, v, w, filter.weakness(h.edge));
                }
            }
        }
    };
    for j in 1..=b {
        let settles = |s: &Scratch, v: NodeIx| {
            s.to_target[v.index()] == (j + 1) as u32
                && (j != b || s.from_source[v.index()] == (a + 1) as u32)
        };
        let on = |s: &Scratch, w: NodeIx| s.to_target[w.index()] == j as u32;
        let recorded = (j == b && !met_forward).then_some(&meeting[..]);
        settle(
            s,
            &levels.target_levels[j],
            &settles,
            &levels.target_levels[j - 1],
            &on,
            recorded,
        );
    }
    for i in (0..a).rev() {
        let settles = |s: &Scratch, v: NodeIx| s.from_source[v.index()] == (i + 1) as u32;
        let on = |s: &Scratch, w: NodeIx| s.from_source[w.index()] == (i + 2) as u32;
        let recorded = (i + 1 == a && met_forward).then_some(&meeting[..]);
        settle(
            s,
            &levels.source_levels[i],
            &settles,
            &levels.source_levels[i + 1],
            &on,
            recorded,
        );
    }
    debug_assert_ne!(
        s.least[source.index()],
        UNSET,
        "the levels met, so a path exists"
    );
    Some(levels)
}

/// The best path from `source` to `target` of at most `max_hops` hops.
pub(crate) fn best_path(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    bans: &Bans<'_>,
    scratch: &mut Scratch,
) -> Option<Best> {
    if source == target {
        return Some(Best {
            nodes: vec![source],
            weakness: 0,
        });
    }
    let levels = meet(filter, source, target, max_hops, bans, scratch, false)?;
    let (a, b) = levels.depths();
    let s = &*levels.scratch;
    let weakness = s.least[source.index()] - 1;
    let mut nodes = Vec::with_capacity(a + b + 1);
    nodes.push(source);
    let mut at = source;
    for _ in 0..a + b {
        let step = s.next[at.index()];
        debug_assert_ne!(step, UNSET, "every settled node has a next node");
        at = NodeIx::new(step.checked_sub(1)? as usize);
        nodes.push(at);
    }
    debug_assert_eq!(at, target);
    Some(Best { nodes, weakness })
}

/// How many candidate steps [`fewest_hop_paths`] may look at before it
/// leaves the listing to Yen's algorithm (whose answer is the same).
const LISTING_WORK: usize = 20_000_000;

/// The first `limit` paths of the fewest hops from `source` to `target`
/// (at most `max_hops`), in Yen's order: least weakness, then node sequence.
/// `Some(empty)` when there is no path; fewer than `limit` when that is all
/// there are of that length; `None` when listing them would take more than
/// [`LISTING_WORK`] steps.
pub(crate) fn fewest_hop_paths(
    filter: &impl SearchView,
    source: NodeIx,
    target: NodeIx,
    max_hops: usize,
    limit: usize,
    scratch: &mut Scratch,
) -> Option<Vec<Best>> {
    if source == target {
        return Some(vec![Best {
            nodes: vec![source],
            weakness: 0,
        }]);
    }
    let Some(levels) = meet(filter, source, target, max_hops, &NO_BANS, scratch, true) else {
        return Some(Vec::new());
    };
    let (a, b) = levels.depths();
    let hops = a + b;
    let s = &*levels.scratch;
    // The next nodes of a node on a fewest-hop path, each with the least
    // weakness of an edge reaching it, ascending; a node has one position on
    // such paths, so the lists are cached by node.
    let mut children: FxHashMap<NodeIx, Vec<(NodeIx, u32)>> = FxHashMap::default();
    let mut work = 0usize;
    // A node one step before the target steps only to the target. Its list
    // is read off its own edges until that has cost as many edges as the
    // target has, then off the target's edges once for all such nodes.
    let mut last_pulled = 0usize;
    let mut into_target: Option<FxHashMap<NodeIx, u32>> = None;
    let mut found = Vec::new();
    let (lowest, highest) = (s.least[source.index()] - 1, s.most[source.index()] - 1);
    for total in lowest..=highest {
        // Depth-first in node order, keeping only steps after which the
        // remaining weakness can still be met exactly.
        let mut nodes = vec![source];
        let mut spent = vec![0u32];
        let mut cursor = vec![0usize];
        while let Some(&v) = nodes.last() {
            let pos = nodes.len() - 1;
            if pos == hops {
                if spent[pos] == total {
                    found.push(Best {
                        nodes: nodes.clone(),
                        weakness: total,
                    });
                    if found.len() == limit {
                        return Some(found);
                    }
                }
                nodes.pop();
                spent.pop();
                cursor.pop();
                continue;
            }
            if pos + 1 == hops && into_target.is_none() && !children.contains_key(&v) {
                last_pulled += filter.degree(v);
                if last_pulled > filter.degree(target) {
                    let mut weakest: FxHashMap<NodeIx, u32> = FxHashMap::default();
                    for h in filter.in_hops(target) {
                        // Only nodes the programme reached can be listed.
                        if s.least[h.next.index()] == UNSET {
                            continue;
                        }
                        let weakness = filter.weakness(h.edge);
                        weakest
                            .entry(h.next)
                            .and_modify(|w| *w = (*w).min(weakness))
                            .or_insert(weakness);
                    }
                    work += filter.degree(target);
                    into_target = Some(weakest);
                }
            }
            let list = children.entry(v).or_insert_with(|| {
                if pos + 1 == hops
                    && let Some(weakest) = &into_target
                {
                    return weakest
                        .get(&v)
                        .map(|&w| vec![(target, w)])
                        .unwrap_or_default();
                }
                let mut list: Vec<(NodeIx, u32)> = filter
                    .out_hops(v)
                    .filter(|h| levels.on_level(pos, h.next) && s.least[h.next.index()] != UNSET)
                    .map(|h| (h.next, filter.weakness(h.edge)))
                    .collect();
                work += list.len();
                list.sort_unstable();
                list.dedup_by_key(|(w, _)| *w);
                list
            });
            if work > LISTING_WORK {
                return None;
            }
            let left = total - spent[pos];
            let at = cursor[pos];
            let next = list[at..].iter().position(|&(w, weakness)| {
                weakness + s.least[w.index()] - 1 <= left && weakness + s.most[w.index()] > left
            });
            work += next.map_or(list.len() - at, |i| i + 1);
            match next {
                Some(i) => {
                    let (w, weakness) = list[at + i];
                    cursor[pos] = at + i + 1;
                    nodes.push(w);
                    spent.push(spent[pos] + weakness);
                    cursor.push(0);
                }
                None => {
                    nodes.pop();
                    spent.pop();
                    cursor.pop();
                }
            }
        }
    }
    Some(found)
}
