//! Regular expressions of the rules and of the registry schemas, matched in
//! linear time without building an automaton.
//!
//! Nearly every pattern the compiler checks is a sequence of character
//! classes and literals with counted repetitions (`^s3://.{1,2043}$`,
//! `^[a-zA-Z][a-zA-Z0-9_]{0,47}$`), optionally grouped or alternated.
//! Compiling those with the `regex` crate costs up to a millisecond each
//! (counted repetition is unrolled into thousands of NFA states), more than
//! checking a whole large project against them. Here the pattern is parsed
//! once with `regex-syntax` (the `regex` crate's own parser, so the syntax
//! and the classes are exactly the same) and matched by carrying the *set of
//! input positions* reachable so far through the pattern: a class repeated
//! `{m,n}` moves every position forward by the run of matching symbols,
//! computed once per step, so a match costs O(pattern × input). Repeating
//! anything but a single symbol is allowed when bounded (at most
//! [`MAX_WORK`] passes in all); other patterns (unbounded repetition of a
//! group) fall back to the `regex` crate, which is also linear.
//!
//! Patterns are read in byte mode (`.` is one byte, `\s` ASCII) when they
//! allow it, like the `regex::bytes` matcher they replace; patterns that
//! need Unicode classes (`\p{L}`) are matched over characters.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The most position-set passes one match may take (a bounded repetition
/// of a group of `k` steps, repeated at most `n` times, takes `n × k`).
pub const MAX_WORK: u64 = 4096;

/// A compiled pattern.
pub struct Pattern(Engine);

enum Engine {
    Linear {
        program: Node,
        unicode: bool,
        /// Position-set passes per match ([`work`]).
        work: u64,
        /// The `regex` crate's automaton for inputs so long that passes ×
        /// length would exceed [`MAX_STEPS`], built the first time one comes.
        long: std::sync::OnceLock<Option<regex::bytes::Regex>>,
        source: String,
    },
    Regex(regex::bytes::Regex),
}

/// The most symbol visits one linear match may take; longer inputs (a
/// megabyte-long name in a hostile file) go to the `regex` crate, whose
/// match time does not depend on the pattern's repetition counts.
pub const MAX_STEPS: u64 = 1 << 20;

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Engine::Linear { .. } => "Pattern(linear)",
            Engine::Regex(_) => "Pattern(regex)",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Matches the empty string.
    Empty,
    /// One symbol from the sorted, inclusive ranges.
    Class(Vec<(u32, u32)>),
    /// These symbols in order.
    Literal(Vec<u32>),
    /// Start or end of the input.
    Start,
    End,
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        min: u32,
        max: Option<u32>,
        sub: Box<Node>,
    },
}

impl Pattern {
    /// Compile `pattern`: byte mode if it allows, else Unicode. `None` if
    /// neither the `regex` crate nor this matcher accepts it (look-around).
    pub fn new(pattern: &str) -> Option<Pattern> {
        for unicode in [false, true] {
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(unicode)
                .utf8(unicode)
                .build()
                .parse(pattern);
            let Ok(hir) = parsed else { continue };
            if let Some(program) = lower(&hir, unicode) {
                if let Some(work) = work(&program).filter(|w| *w <= MAX_WORK) {
                    return Some(Pattern(Engine::Linear {
                        program,
                        unicode,
                        work,
                        long: std::sync::OnceLock::new(),
                        source: pattern.to_string(),
                    }));
                }
            }
            return regex::bytes::RegexBuilder::new(pattern)
                .unicode(unicode)
                .build()
                .ok()
                .map(|r| Pattern(Engine::Regex(r)));
        }
        None
    }

    /// Whether the pattern matches somewhere in `s` (as `Regex::is_match`).
    pub fn is_match(&self, s: &str) -> bool {
        match &self.0 {
            Engine::Regex(r) => r.is_match(s.as_bytes()),
            Engine::Linear {
                work,
                unicode,
                long,
                source,
                ..
            } if work.saturating_mul(s.len() as u64 + 1) > MAX_STEPS => long
                .get_or_init(|| {
                    regex::bytes::RegexBuilder::new(source)
                        .unicode(*unicode)
                        .build()
                        .ok()
                })
                .as_ref()
                .is_some_and(|r| r.is_match(s.as_bytes())),
            Engine::Linear {
                program, unicode, ..
            } => {
                let symbols: Vec<u32> = if *unicode {
                    s.chars().map(u32::from).collect()
                } else {
                    s.bytes().map(u32::from).collect()
                };
                // Unanchored: a match may start at any position.
                let start = vec![true; symbols.len() + 1];
                step(program, &symbols, start).contains(&true)
            }
        }
    }

    /// Whether this pattern is matched by the linear matcher (for tests).
    pub fn is_linear(&self) -> bool {
        matches!(self.0, Engine::Linear { .. })
    }
}

fn lower(h: &Hir, unicode: bool) -> Option<Node> {
    Some(match h.kind() {
        HirKind::Empty => Node::Empty,
        HirKind::Literal(l) => Node::Literal(if unicode {
            std::str::from_utf8(&l.0)
                .ok()?
                .chars()
                .map(u32::from)
                .collect()
        } else {
            l.0.iter().map(|b| u32::from(*b)).collect()
        }),
        HirKind::Class(Class::Unicode(c)) => Node::Class(
            c.ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect(),
        ),
        HirKind::Class(Class::Bytes(c)) => Node::Class(
            c.ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect(),
        ),
        HirKind::Look(Look::Start) => Node::Start,
        HirKind::Look(Look::End) => Node::End,
        HirKind::Look(_) => return None,
        HirKind::Repetition(r) => Node::Repeat {
            min: r.min,
            max: r.max,
            sub: Box::new(lower(&r.sub, unicode)?),
        },
        HirKind::Capture(c) => lower(&c.sub, unicode)?,
        HirKind::Concat(items) => Node::Concat(
            items
                .iter()
                .map(|x| lower(x, unicode))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(items) => Node::Alternation(
            items
                .iter()
                .map(|x| lower(x, unicode))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Whether the node matches exactly one symbol (a class or a one-symbol
/// literal): its repetition is one pass over runs.
fn is_single(n: &Node) -> bool {
    match n {
        Node::Class(_) => true,
        Node::Literal(l) => l.len() == 1,
        _ => false,
    }
}

/// The number of position-set passes a match takes, `None` if unbounded.
fn work(n: &Node) -> Option<u64> {
    Some(match n {
        Node::Empty | Node::Start | Node::End | Node::Class(_) => 1,
        Node::Literal(l) => l.len() as u64,
        Node::Concat(items) | Node::Alternation(items) => {
            items.iter().map(work).sum::<Option<u64>>()?.max(1)
        }
        Node::Repeat { sub, .. } if is_single(sub) => 2,
        Node::Repeat { max, sub, .. } => u64::from((*max)?).saturating_mul(work(sub)?) + 1,
    })
}

fn in_class(ranges: &[(u32, u32)], x: u32) -> bool {
    ranges
        .binary_search_by(|(lo, hi)| {
            if *hi < x {
                std::cmp::Ordering::Less
            } else if *lo > x {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The positions reachable after `n`, from the positions in `from`.
fn step(n: &Node, s: &[u32], from: Vec<bool>) -> Vec<bool> {
    let len = s.len();
    match n {
        Node::Empty => from,
        Node::Start => {
            let mut out = vec![false; len + 1];
            out[0] = from[0];
            out
        }
        Node::End => {
            let mut out = vec![false; len + 1];
            out[len] = from[len];
            out
        }
        Node::Class(c) => {
            let mut out = vec![false; len + 1];
            for p in 0..len {
                out[p + 1] = from[p] && in_class(c, s[p]);
            }
            out
        }
        Node::Literal(l) => {
            let mut out = vec![false; len + 1];
            for p in 0..=len.saturating_sub(l.len()) {
                if from[p] && s.get(p..p + l.len()) == Some(l.as_slice()) {
                    out[p + l.len()] = true;
                }
            }
            out
        }
        Node::Concat(items) => items.iter().fold(from, |set, x| step(x, s, set)),
        Node::Alternation(items) => {
            let mut out = vec![false; len + 1];
            for x in items {
                for (o, r) in out.iter_mut().zip(step(x, s, from.clone())) {
                    *o |= r;
                }
            }
            out
        }
        Node::Repeat { min, max, sub } => {
            let one = |x: u32| -> bool {
                match &**sub {
                    Node::Class(c) => in_class(c, x),
                    Node::Literal(l) => l[0] == x,
                    _ => false,
                }
            };
            if is_single(sub) {
                // run[p]: how many symbols from p on the class matches.
                let mut run = vec![0usize; len + 1];
                for p in (0..len).rev() {
                    run[p] = if one(s[p]) { run[p + 1] + 1 } else { 0 };
                }
                let (min, max) = (*min as usize, max.map(|m| m as usize));
                let mut delta = vec![0i64; len + 2];
                for p in (0..=len).filter(|p| from[*p]) {
                    let hi = p + max.map_or(run[p], |m| m.min(run[p]));
                    let lo = p + min;
                    if lo <= hi {
                        delta[lo] += 1;
                        delta[hi + 1] -= 1;
                    }
                }
                let mut out = vec![false; len + 1];
                let mut acc = 0i64;
                for p in 0..=len {
                    acc += delta[p];
                    out[p] = acc > 0;
                }
                out
            } else {
                let max = max.unwrap_or(u32::MAX);
                let mut acc = if *min == 0 {
                    from.clone()
                } else {
                    vec![false; len + 1]
                };
                let mut cur = from;
                for k in 1..=max {
                    let next = step(sub, s, cur.clone());
                    let settled = next == cur;
                    cur = next;
                    if k >= *min || settled {
                        for (a, c) in acc.iter_mut().zip(&cur) {
                            *a |= *c;
                        }
                    }
                    if settled || !cur.contains(&true) {
                        break;
                    }
                }
                acc
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The linear matcher agrees with the `regex` crate on every pattern
    /// the compiler uses, for inputs built around each pattern's edges.
    fn agree(pattern: &str, inputs: &[&str]) {
        let p = Pattern::new(pattern).unwrap();
        let unicode = regex::bytes::RegexBuilder::new(pattern)
            .unicode(false)
            .build()
            .is_err();
        let r = regex::bytes::RegexBuilder::new(pattern)
            .unicode(unicode)
            .build()
            .unwrap();
        for s in inputs {
            assert_eq!(
                p.is_match(s),
                r.is_match(s.as_bytes()),
                "{pattern} on {s:?} ({p:?})"
            );
        }
    }

    #[test]
    fn agrees_with_the_regex_crate() {
        let inputs = [
            "",
            "a",
            "ab",
            "a-b",
            "a--b",
            "-a",
            "a-",
            "s3://",
            "s3://x",
            "s3://é",
            "x s3://y",
            "abc_1",
            "é",
            "0123456789012",
            "012345678901",
            "arn:aws:iam::123456789012:role/x",
            "arn:aws-cn:iam::123456789012:role/",
            "arn:aws:iam:::role/x",
            "sg-0123abcd",
            "sg-0123456789abcdefg",
            "sg-0123456789abcdef0",
            "/",
            "/a/",
            "/a",
            "a/b\n",
            "a\nb",
            "subnet-01234567",
            "https://x.example:443/p",
            "https://x",
            "ftp://x",
            "Agent_1",
            "1Agent",
            "naïve",
            "tab\there",
            "aaaa",
            "ab-cd-ef",
            "{x}",
            "a{b}c",
            "a{b",
            "x.py",
            "dir/x.py:handler",
            "x.py:",
            "-",
            "--",
        ];
        let long = "a".repeat(3000);
        // Long enough that passes × length exceeds MAX_STEPS for the
        // group repetitions: those inputs take the regex crate's path.
        let longer = "a-".repeat(200_000);
        let s3 = format!("s3://{}", "b".repeat(2043));
        let s3_over = format!("s3://{}", "b".repeat(2044));
        let mut all: Vec<&str> = inputs.to_vec();
        all.extend([
            long.as_str(),
            longer.as_str(),
            s3.as_str(),
            s3_over.as_str(),
        ]);
        for pattern in [
            r"^s3://.{1,2043}$",
            r"^[a-zA-Z][a-zA-Z0-9_]{0,47}$",
            r"^([0-9a-zA-Z][-]?){1,48}$",
            r"^([0-9a-zA-Z]-?){1,100}$",
            r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
            r"^[a-zA-Z0-9\s._:/=+@-]{1,128}$",
            r"^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+$",
            r"^sg-(([0-9a-z]{8})|([0-9a-z]{17}))$",
            r"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$",
            r"^https://[a-zA-Z0-9\-\.]+(:[0-9]{1,5})?(/.*)?$",
            r"^[a-zA-Z0-9\-_/]*(\{[a-zA-Z][a-zA-Z0-9]*\}[a-zA-Z0-9\-_/]*)*$",
            r"^[a-zA-Z0-9_][a-zA-Z0-9_/.-]*\.(py|ts|js)(:[a-zA-Z_][a-zA-Z0-9_]*)?$",
            r"[a-zA-Z][a-zA-Z0-9_]{0,47}",
            r"^[^\s]+$",
            r"^https://.*",
            r"^.+/\.well-known/openid-configuration$",
            r"(a|ab)(c|bcd)?",
            r"^(a?){0,3}$",
            r"^(|a)+$",
            r"a*$",
            r"^$",
        ] {
            agree(pattern, &all);
        }
    }

    #[test]
    fn costly_patterns_are_linear_and_unbounded_groups_fall_back() {
        assert!(Pattern::new(r"^s3://.{1,2043}$").unwrap().is_linear());
        assert!(Pattern::new(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")
            .unwrap()
            .is_linear());
        assert!(Pattern::new(r"^([0-9a-zA-Z]-?){1,100}$")
            .unwrap()
            .is_linear());
        assert!(!Pattern::new(r"^(ab)*$").unwrap().is_linear());
        assert!(Pattern::new(r"^(?!x)").is_none());
    }
}
