//! Lowering patterns: MATCH paths (with shortest-path selectors), pattern
//! predicates, and CREATE paths.

use open_cypher::ast::{self, PathFactorKind, QuantifierKind, RelationshipDirection};

use super::super::error::{Result, semantic, unsupported};
use super::ir::{
    BinOp, CreateNode, CreateOp, CreatePath, CreateRel, Expr, MatchOp, NameKind, NodePat, PathPlan,
    PatternPlan, RelDir, RelPat, Selector, Span,
};
use super::{Aggregates, PatternMode, Planner, Scope, Ty, VarKind};

fn number(text: &str, span: Span) -> Result<usize> {
    text.replace('_', "")
        .parse()
        .map_err(|_| semantic(format!("invalid length {text}"), span))
}

/// Splits `a AND b AND c` into its parts.
fn conjuncts(e: Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::And(a, b) => {
            conjuncts(*a, out);
            conjuncts(*b, out);
        }
        other => out.push(other),
    }
}

impl Planner<'_> {
    pub(super) fn match_clause(
        &mut self,
        m: &ast::MatchClause,
        scope: &mut Scope,
        span: Span,
    ) -> Result<MatchOp> {
        let first_new = scope.width;
        let mut pattern = self.pattern(&m.pattern, scope, PatternMode::Match)?;
        let filter = m
            .where_clause
            .as_ref()
            .map(|w| self.where_expr(w, scope, "WHERE"))
            .transpose()?;
        let filter = filter.and_then(|f| push_down(f, &mut pattern, first_new));
        pattern.width = scope.width;
        Ok(MatchOp {
            optional: m.optional,
            pattern,
            filter,
            width: scope.width,
            span,
        })
    }

    /// Lowers a pattern, declaring its new variables in `scope`.
    pub(super) fn pattern(
        &mut self,
        pattern: &ast::Pattern,
        scope: &mut Scope,
        mode: PatternMode,
    ) -> Result<PatternPlan> {
        let first_new = scope.width;
        let mut paths = Vec::new();
        for part in &pattern.parts {
            let span = self.span(part.span);
            let mut selector = match part.kind.selector.as_ref().map(|s| &s.kind) {
                None | Some(ast::PathSelector::All) => Selector::All,
                Some(ast::PathSelector::AnyShortest) => Selector::AnyShortest,
                Some(ast::PathSelector::AllShortest) => Selector::AllShortest,
                Some(ast::PathSelector::Shortest {
                    count,
                    groups: false,
                }) => match count {
                    Some(k) => Selector::Shortest(number(k, span)?),
                    None => Selector::AnyShortest,
                },
                Some(_) => return Err(unsupported("this path selector", span)),
            };
            let mut factors = &part.kind.path.kind.factors;
            if let [single] = factors.as_slice()
                && let PathFactorKind::LegacyShortest { all, pattern } = &single.kind
            {
                selector = if *all {
                    Selector::AllShortest
                } else {
                    Selector::AnyShortest
                };
                factors = &pattern.kind.factors;
            }
            let mut nodes = Vec::new();
            let mut rels = Vec::new();
            for (i, factor) in factors.iter().enumerate() {
                let fspan = self.span(factor.span);
                match (&factor.kind, i % 2) {
                    (PathFactorKind::Node(n), 0) => {
                        nodes.push(self.node_pattern(n, scope, first_new, mode, fspan)?);
                    }
                    (PathFactorKind::Relationship(r), 1) => {
                        rels.push(self.rel_pattern(r, scope, first_new, mode, fspan)?);
                    }
                    _ => return Err(unsupported("this kind of pattern", fspan)),
                }
            }
            if nodes.len() != rels.len() + 1 {
                return Err(semantic("a pattern must end with a node", span));
            }
            if selector != Selector::All && rels.len() != 1 {
                return Err(unsupported(
                    "shortest-path selectors over more than one relationship pattern",
                    span,
                ));
            }
            let binding = match &part.kind.binding {
                Some(name) => {
                    if mode != PatternMode::Match {
                        return Err(unsupported("named paths in pattern expressions", span));
                    }
                    let text = &name.kind.text;
                    if scope.get(text).is_some() {
                        return Err(semantic(
                            format!("variable `{text}` is already declared"),
                            self.span(name.span),
                        ));
                    }
                    Some(scope.add(text, VarKind::Path))
                }
                None => None,
            };
            paths.push(PathPlan {
                binding,
                selector,
                nodes,
                rels,
            });
        }
        Ok(PatternPlan {
            paths,
            first_new,
            width: scope.width,
        })
    }

    fn variable(
        &mut self,
        name: Option<&ast::Name>,
        scope: &mut Scope,
        first_new: usize,
        mode: PatternMode,
        kind: VarKind,
    ) -> Result<usize> {
        let Some(name) = name else {
            return Ok(scope.hidden());
        };
        let text = &name.kind.text;
        if let Some(var) = scope.get(text) {
            let value_fits = match var.kind {
                VarKind::Value(Ty::Any) => true,
                VarKind::Value(Ty::Node) => kind == VarKind::Node,
                VarKind::Value(Ty::Rel) => kind == VarKind::Rel,
                VarKind::Value(Ty::List) => kind == VarKind::RelList,
                _ => false,
            };
            if kind != VarKind::Node && var.slot >= first_new {
                return Err(semantic(
                    format!("relationship variable `{text}` is used twice in one pattern"),
                    self.span(name.span),
                ));
            }
            let compatible = var.kind == kind || (value_fits && var.slot < first_new);
            if !compatible {
                return Err(semantic(
                    format!(
                        "variable `{text}` is already declared as a {}",
                        kind_name(var.kind)
                    ),
                    self.span(name.span),
                ));
            }
            return Ok(var.slot);
        }
        if mode == PatternMode::Predicate {
            return Err(semantic(
                format!(
                    "variable `{text}` is not defined (a pattern used as a condition cannot declare new variables)"
                ),
                self.span(name.span),
            ));
        }
        Ok(scope.add(text, kind))
    }

    fn prop_map(
        &mut self,
        properties: Option<&ast::Expr>,
        scope: &Scope,
    ) -> Result<Vec<(String, Expr)>> {
        let Some(props) = properties else {
            return Ok(Vec::new());
        };
        let ast::ExprKind::Map(entries) = &props.kind else {
            return Err(semantic(
                "a pattern's properties must be written as a map literal, e.g. {name: $name}",
                self.span(props.span),
            ));
        };
        let mut out = Vec::new();
        for entry in entries {
            self.note(NameKind::Property, &entry.key.kind.text, entry.key.span);
            let value = self.expr(&entry.value, scope, &mut Aggregates::Forbidden("a pattern"))?;
            out.push((entry.key.kind.text.clone(), value));
        }
        Ok(out)
    }

    fn node_pattern(
        &mut self,
        n: &ast::NodePattern,
        scope: &mut Scope,
        first_new: usize,
        mode: PatternMode,
        span: Span,
    ) -> Result<NodePat> {
        if n.where_clause.is_some() {
            return Err(unsupported("WHERE inside a node pattern", span));
        }
        let labels = match &n.labels {
            Some(l) => {
                let names = self.label_names(l)?;
                for name in &names {
                    self.note(NameKind::Label, name, l.span);
                }
                names
            }
            None => Vec::new(),
        };
        let props = self.prop_map(n.properties.as_deref(), scope)?;
        let slot = self.variable(n.variable.as_ref(), scope, first_new, mode, VarKind::Node)?;
        Ok(NodePat {
            slot,
            labels,
            props,
        })
    }

    fn rel_types(&mut self, labels: &ast::LabelExpression) -> Result<Vec<String>> {
        match &labels.kind {
            ast::LabelExpressionKind::Name(name) => {
                self.note(NameKind::RelType, &name.kind.text, name.span);
                Ok(vec![name.kind.text.clone()])
            }
            ast::LabelExpressionKind::Or(parts) => {
                let mut names = Vec::new();
                for part in parts {
                    names.extend(self.rel_types(part)?);
                }
                Ok(names)
            }
            ast::LabelExpressionKind::Parenthesized(inner) => self.rel_types(inner),
            _ => Err(unsupported(
                "relationship type expressions other than `:A|B`",
                self.span(labels.span),
            )),
        }
    }

    fn rel_pattern(
        &mut self,
        r: &ast::RelationshipPattern,
        scope: &mut Scope,
        first_new: usize,
        mode: PatternMode,
        span: Span,
    ) -> Result<RelPat> {
        if r.where_clause.is_some() {
            return Err(unsupported("WHERE inside a relationship pattern", span));
        }
        let types = match &r.labels {
            Some(l) => self.rel_types(l)?,
            None => Vec::new(),
        };
        // `*n` / `{n}` and `*a..b` / `{a,b}` read alike; only the default lower
        // bound differs (Cypher's `*..b` starts at 1, GQL's `{,b}` at 0).
        let bounds =
            |kind: &QuantifierKind, lowest: usize| -> Result<Option<(usize, Option<usize>)>, _> {
                Ok(match kind {
                    QuantifierKind::Fixed(n) => {
                        let n = number(n, span)?;
                        Some((n, Some(n)))
                    }
                    QuantifierKind::Range { lower, upper } => Some((
                        lower
                            .as_deref()
                            .map(|l| number(l, span))
                            .transpose()?
                            .unwrap_or(lowest),
                        upper.as_deref().map(|u| number(u, span)).transpose()?,
                    )),
                    _ => None,
                })
            };
        let length = match (&r.legacy_quantifier, &r.graph_quantifier) {
            (Some(q), None) => Some(match &q.kind {
                QuantifierKind::ZeroOrMore => (1, None),
                kind => {
                    bounds(kind, 1)?.ok_or_else(|| unsupported("this relationship length", span))?
                }
            }),
            (None, Some(q)) => Some(match &q.kind {
                QuantifierKind::ZeroOrMore => (0, None),
                QuantifierKind::OneOrMore => (1, None),
                QuantifierKind::Optional => (0, Some(1)),
                kind => bounds(kind, 0)?
                    .ok_or_else(|| unsupported("this relationship quantifier", span))?,
            }),
            (None, None) => None,
            _ => return Err(unsupported("two quantifiers on one relationship", span)),
        };
        let props = self.prop_map(r.properties.as_deref(), scope)?;
        let kind = if length.is_some() {
            VarKind::RelList
        } else {
            VarKind::Rel
        };
        let bound = r
            .variable
            .as_ref()
            .is_some_and(|name| scope.get(&name.kind.text).is_some());
        let slot = self.variable(r.variable.as_ref(), scope, first_new, mode, kind)?;
        if length.is_some() && bound {
            return Err(unsupported(
                "a bound variable on a variable-length relationship",
                span,
            ));
        }
        let dir = match r.direction.kind {
            RelationshipDirection::Right => RelDir::Right,
            RelationshipDirection::Left => RelDir::Left,
            _ => RelDir::Either,
        };
        Ok(RelPat {
            slot,
            types,
            dir,
            length,
            props,
            span,
        })
    }

    pub(super) fn create(
        &mut self,
        pattern: &ast::Pattern,
        scope: &mut Scope,
        span: Span,
    ) -> Result<CreateOp> {
        self.create_parts(&pattern.parts, scope, span, false)
    }

    /// The paths of a CREATE (or, with `undirected_ok`, of a MERGE).
    pub(super) fn create_parts(
        &mut self,
        parts: &[ast::PatternPart],
        scope: &mut Scope,
        span: Span,
        undirected_ok: bool,
    ) -> Result<CreateOp> {
        let mut paths = Vec::new();
        for part in parts {
            let pspan = self.span(part.span);
            if part.kind.selector.is_some() {
                return Err(semantic("CREATE takes no path selector", pspan));
            }
            let mut nodes = Vec::new();
            let mut rels = Vec::new();
            for (i, factor) in part.kind.path.kind.factors.iter().enumerate() {
                let fspan = self.span(factor.span);
                match (&factor.kind, i % 2) {
                    (PathFactorKind::Node(n), 0) => {
                        let labels = match &n.labels {
                            Some(l) => self.label_names(l)?,
                            None => Vec::new(),
                        };
                        let props = self.prop_map(n.properties.as_deref(), scope)?;
                        let existing = n
                            .variable
                            .as_ref()
                            .and_then(|v| scope.get(&v.kind.text))
                            .cloned();
                        let (slot, existing) = match existing {
                            Some(var) => {
                                if !matches!(
                                    var.kind,
                                    VarKind::Node | VarKind::Value(Ty::Any | Ty::Node)
                                ) {
                                    return Err(semantic(
                                        format!("variable `{}` is not a node", var.name),
                                        fspan,
                                    ));
                                }
                                if !labels.is_empty()
                                    || n.properties.is_some()
                                    || (i == 0 && part.kind.path.kind.factors.len() == 1)
                                {
                                    return Err(semantic(
                                        format!("variable `{}` is already bound", var.name),
                                        fspan,
                                    ));
                                }
                                (var.slot, true)
                            }
                            None => {
                                let slot = match &n.variable {
                                    Some(v) => scope.add(&v.kind.text, VarKind::Node),
                                    None => scope.hidden(),
                                };
                                (slot, false)
                            }
                        };
                        nodes.push(CreateNode {
                            slot,
                            existing,
                            labels,
                            props,
                        });
                    }
                    (PathFactorKind::Relationship(r), 1) => {
                        rels.push(self.create_rel(r, scope, fspan, undirected_ok)?);
                    }
                    _ => return Err(semantic("CREATE needs a simple path pattern", fspan)),
                }
            }
            if nodes.len() != rels.len() + 1 {
                return Err(semantic("a pattern must end with a node", pspan));
            }
            let binding = match &part.kind.binding {
                Some(name) => {
                    if scope.get(&name.kind.text).is_some() {
                        return Err(semantic(
                            format!("variable `{}` is already declared", name.kind.text),
                            self.span(name.span),
                        ));
                    }
                    Some(scope.add(&name.kind.text, VarKind::Path))
                }
                None => None,
            };
            paths.push(CreatePath {
                binding,
                nodes,
                rels,
            });
        }
        Ok(CreateOp {
            paths,
            width: scope.width,
            span,
        })
    }

    fn create_rel(
        &mut self,
        r: &ast::RelationshipPattern,
        scope: &mut Scope,
        span: Span,
        undirected_ok: bool,
    ) -> Result<CreateRel> {
        if r.legacy_quantifier.is_some() || r.graph_quantifier.is_some() {
            return Err(semantic(
                "CREATE cannot make variable-length relationships",
                span,
            ));
        }
        let types = match &r.labels {
            Some(ast::LabelExpression {
                kind: ast::LabelExpressionKind::Name(name),
                ..
            }) => vec![name.kind.text.clone()],
            _ => Vec::new(),
        };
        let [rel_type] = types.as_slice() else {
            return Err(semantic(
                "CREATE needs exactly one relationship type, as in -[:TYPE]->",
                span,
            ));
        };
        let (backwards, undirected) = match r.direction.kind {
            RelationshipDirection::Right => (false, false),
            RelationshipDirection::Left => (true, false),
            RelationshipDirection::Undirected if undirected_ok => (false, true),
            _ => {
                return Err(semantic(
                    "CREATE needs a direction, as in -[:TYPE]-> or <-[:TYPE]-",
                    span,
                ));
            }
        };
        let props = self.prop_map(r.properties.as_deref(), scope)?;
        let slot = match &r.variable {
            Some(v) => {
                if scope.get(&v.kind.text).is_some() {
                    return Err(semantic(
                        format!("variable `{}` is already bound", v.kind.text),
                        span,
                    ));
                }
                scope.add(&v.kind.text, VarKind::Rel)
            }
            None => scope.hidden(),
        };
        Ok(CreateRel {
            slot,
            rel_type: rel_type.clone(),
            backwards,
            undirected,
            props,
        })
    }
}

fn kind_name(kind: VarKind) -> &'static str {
    match kind {
        VarKind::Node => "node",
        VarKind::Rel => "relationship",
        VarKind::RelList => "list of relationships",
        VarKind::Path => "path",
        VarKind::Value(t) => t.name(),
    }
}

/// Moves `n.key = value` conditions on nodes new in this pattern into the
/// node's property map, where the matcher can use an index; returns the
/// rest of the filter.
fn push_down(filter: Expr, pattern: &mut PatternPlan, first_new: usize) -> Option<Expr> {
    let mut parts = Vec::new();
    conjuncts(filter, &mut parts);
    let mut rest: Vec<Expr> = Vec::new();
    for part in parts {
        let target = match &part {
            Expr::Bin(BinOp::Eq, a, b, _) => match (a.as_ref(), b.as_ref()) {
                (Expr::Prop(base, key), value) | (value, Expr::Prop(base, key)) => {
                    match base.as_ref() {
                        Expr::Slot(s)
                            if *s >= first_new && !value.reads_slot(&|slot| slot >= first_new) =>
                        {
                            Some((*s, key.clone(), value.clone()))
                        }
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        };
        let node = target.as_ref().and_then(|(slot, _, _)| {
            pattern
                .paths
                .iter_mut()
                .flat_map(|p| p.nodes.iter_mut())
                .find(|n| n.slot == *slot)
        });
        match (node, target) {
            (Some(node), Some((_, key, value))) => node.props.push((key, value)),
            _ => rest.push(part),
        }
    }
    rest.into_iter()
        .reduce(|a, b| Expr::And(Box::new(a), Box::new(b)))
}
