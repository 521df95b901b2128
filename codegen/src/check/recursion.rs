//! Recursion boxed: every reference held by value that closes a cycle (a field without list or
//! map around it, a union variant likewise) is marked `boxed`, so that each Rust type has a size.

use std::collections::HashMap;

use crate::model::{BaseType, Model, ModelKind, QualifiedName};

/// Marks the by-value references that close a cycle, so that Rust boxes them.
pub(super) fn box_recursion(models: &mut [Model], index: &HashMap<QualifiedName, usize>) {
    // Edges held by value: a model field or union variant without list or map around it.
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| match &f.ty.base {
                    BaseType::Model { name, .. } if f.ty.wrappers.is_empty() => Some(index[name]),
                    _ => None,
                })
                .collect(),
            ModelKind::Union(u) => u.variants.iter().filter_map(|v| v.bare_model().map(|m| index[m])).collect(),
            ModelKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, model) in models.iter_mut().enumerate() {
        match &mut model.kind {
            ModelKind::Struct(s) => {
                for f in &mut s.fields {
                    if let BaseType::Model { name, .. } = &f.ty.base {
                        f.boxed = f.ty.wrappers.is_empty() && component[index[name]] == component[i];
                    }
                }
            }
            ModelKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = v.bare_model().is_some_and(|m| component[index[m]] == component[i]);
                }
            }
            ModelKind::Enum(_) => {}
        }
    }
}

/// Tarjan's algorithm, iterative so that a chain of thousands of models cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().expect("tarjan stack");
                    on_stack[w] = false;
                    component[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        let edges = vec![vec![1], vec![0], vec![2], vec![]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[2], c[3]);
    }
}
