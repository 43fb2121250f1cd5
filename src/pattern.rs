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
//! Inputs of up to 63 symbols (names, identifiers, most ARNs) carry the
//! set as the bits of one `u64`, with one bit mask per character class of
//! the pattern computed once per input: a step is a few word operations,
//! and any pattern shape is allowed there.
//!
//! Patterns are read in byte mode (`.` is one byte, `\s` ASCII) when they
//! allow it, like the `regex::bytes` matcher they replace; patterns that
//! need Unicode classes (`\p{L}`) are matched over characters.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The most position-set passes one match may take (a bounded repetition
/// of a group of `k` steps, repeated at most `n` times, takes `n × k`).
pub const MAX_WORK: u64 = 4096;

/// The most symbol visits one interval-set match may take; longer inputs
/// (a megabyte-long name in a hostile file) go to the `regex` crate, whose
/// match time does not depend on the pattern's repetition counts.
pub const MAX_STEPS: u64 = 1 << 20;

/// Inputs up to this many symbols are matched on a `u64` bit set
/// (positions 0..=63).
const BITS: usize = 63;

/// A compiled pattern.
pub struct Pattern(Engine);

enum Engine {
    Linear {
        program: Program,
        unicode: bool,
        /// Interval-set passes per match ([`work`]); `None` when some group
        /// repetition is unbounded (then only short inputs are matched here).
        work: Option<u64>,
        /// The `regex` crate's automaton, for inputs the linear engines do
        /// not take, built the first time one comes.
        fallback: std::sync::OnceLock<Option<regex::bytes::Regex>>,
        source: String,
    },
    /// A pattern with syntax the linear engines do not take (word
    /// boundaries, line anchors).
    Regex(regex::bytes::Regex),
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Engine::Linear { work, .. } => write!(f, "Pattern(work {work:?})"),
            Engine::Regex(_) => f.write_str("Pattern(regex)"),
        }
    }
}

struct Program {
    root: Node,
    /// The pattern's character classes (literal symbols are one-symbol
    /// classes): sorted inclusive ranges.
    classes: Vec<Vec<(u32, u32)>>,
    /// Each class's members below 256, as a bit table.
    low: Vec<[u64; 4]>,
}

impl Program {
    fn new(root: Node, classes: Vec<Vec<(u32, u32)>>) -> Program {
        let low = classes
            .iter()
            .map(|c| {
                let mut t = [0u64; 4];
                for x in 0..256u32 {
                    if in_class(c, x) {
                        t[(x / 64) as usize] |= 1 << (x % 64);
                    }
                }
                t
            })
            .collect();
        Program { root, classes, low }
    }

    fn has(&self, class: usize, x: u32) -> bool {
        if x < 256 {
            self.low[class][(x / 64) as usize] & (1 << (x % 64)) != 0
        } else {
            in_class(&self.classes[class], x)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Matches the empty string.
    Empty,
    /// One symbol of class `classes[i]`.
    Class(usize),
    /// These symbols in order (two or more).
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
    /// the syntax is not the `regex` crate's (look-around).
    pub fn new(pattern: &str) -> Option<Pattern> {
        for unicode in [false, true] {
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(unicode)
                .utf8(unicode)
                .build()
                .parse(pattern);
            let Ok(hir) = parsed else { continue };
            let mut classes = Vec::new();
            let Some(root) = lower(&hir, unicode, &mut classes) else {
                return regex::bytes::RegexBuilder::new(pattern)
                    .unicode(unicode)
                    .build()
                    .ok()
                    .map(|r| Pattern(Engine::Regex(r)));
            };
            let work = work(&root).filter(|w| *w <= MAX_WORK);
            return Some(Pattern(Engine::Linear {
                program: Program::new(root, classes),
                unicode,
                work,
                fallback: std::sync::OnceLock::new(),
                source: pattern.to_string(),
            }));
        }
        None
    }

    /// Whether the pattern matches somewhere in `s` (as `Regex::is_match`).
    pub fn is_match(&self, s: &str) -> bool {
        let (program, unicode, work, fallback, source) = match &self.0 {
            Engine::Regex(r) => return r.is_match(s.as_bytes()),
            Engine::Linear {
                program,
                unicode,
                work,
                fallback,
                source,
            } => (program, unicode, work, fallback, source),
        };
        if *unicode {
            let chars: Vec<char> = s.chars().collect();
            program.matches(&chars, *work)
        } else {
            program.matches(s.as_bytes(), *work)
        }
        .unwrap_or_else(|| {
            fallback
                .get_or_init(|| {
                    regex::bytes::RegexBuilder::new(source)
                        .unicode(*unicode)
                        .build()
                        .ok()
                })
                .as_ref()
                .is_some_and(|r| r.is_match(s.as_bytes()))
        })
    }

    /// Whether inputs of any length are matched without the `regex` crate.
    pub fn is_linear(&self) -> bool {
        matches!(&self.0, Engine::Linear { work: Some(_), .. })
    }
}

impl Program {
    /// Match, or `None` when the input is for the `regex` crate.
    fn matches<T: Copy + Into<u32>>(&self, s: &[T], work: Option<u64>) -> Option<bool> {
        let len = s.len();
        if len <= BITS && self.classes.len() <= MAX_CLASSES {
            let mut masks = Masks {
                program: self,
                s,
                known: [None; MAX_CLASSES],
            };
            // Unanchored: a match may start at any position.
            let all = if len == BITS {
                u64::MAX
            } else {
                (1u64 << (len + 1)) - 1
            };
            return Some(masks.bits(&self.root, all) != 0);
        }
        if work?.saturating_mul(len as u64 + 1) > MAX_STEPS {
            return None;
        }
        Some(!self.step(&self.root, s, vec![(0, len)]).is_empty())
    }

    /// The positions reachable after `n`, from the positions in `from`.
    fn step<T: Copy + Into<u32>>(&self, n: &Node, s: &[T], from: Set) -> Set {
        let len = s.len();
        let class = |i: usize, p: usize| p < len && self.has(i, s[p].into());
        match n {
            Node::Empty => from,
            Node::Start if contains(&from, 0) => vec![(0, 0)],
            Node::End if contains(&from, len) => vec![(len, len)],
            Node::Start | Node::End => Set::new(),
            Node::Class(i) => {
                let mut out = Set::new();
                for p in positions(&from).filter(|p| class(*i, *p)) {
                    push(&mut out, p + 1, p + 1);
                }
                out
            }
            Node::Literal(l) => {
                let mut out = Set::new();
                for p in positions(&from) {
                    let here = s.get(p..p + l.len());
                    if here.is_some_and(|h| h.iter().zip(l).all(|(a, b)| (*a).into() == *b)) {
                        push(&mut out, p + l.len(), p + l.len());
                    }
                }
                out
            }
            Node::Concat(items) => items.iter().fold(from, |set, x| self.step(x, s, set)),
            Node::Alternation(items) => items.iter().fold(Set::new(), |acc, x| {
                union(&acc, &self.step(x, s, from.clone()))
            }),
            Node::Repeat { min, max, sub } if matches!(**sub, Node::Class(_)) => {
                let Node::Class(i) = **sub else {
                    unreachable!()
                };
                let (min, max) = (*min as usize, max.map(|m| m as usize));
                let mut out = Set::new();
                // The run of matching symbols found last: [start, end).
                let mut run = (usize::MAX, 0);
                for p in positions(&from) {
                    if !(run.0..=run.1).contains(&p) {
                        let mut e = p;
                        while class(i, e) {
                            e += 1;
                        }
                        run = (p, e);
                    }
                    let reach = run.1 - p;
                    let (lo, hi) = (p + min, p + max.map_or(reach, |m| m.min(reach)));
                    if lo <= hi {
                        push(&mut out, lo, hi);
                    }
                }
                out
            }
            Node::Repeat { min, max, sub } => {
                let mut acc = if *min == 0 { from.clone() } else { Set::new() };
                let mut cur = from;
                for k in 1..=max.unwrap_or(u32::MAX) {
                    let next = self.step(sub, s, cur.clone());
                    let settled = next == cur;
                    cur = next;
                    if k >= *min || settled {
                        acc = union(&acc, &cur);
                    }
                    if settled || cur.is_empty() {
                        break;
                    }
                }
                acc
            }
        }
    }
}

/// The bit-set engine's state for one input of at most 63 symbols: each
/// class's mask (bit `p` set when symbol `p` is in the class), computed the
/// first time a step needs all of it.
struct Masks<'a, T> {
    program: &'a Program,
    s: &'a [T],
    known: [Option<u64>; MAX_CLASSES],
}

/// Programs with more classes than this use the interval engine only.
const MAX_CLASSES: usize = 24;

impl<T: Copy + Into<u32>> Masks<'_, T> {
    fn mask(&mut self, class: usize) -> u64 {
        if let Some(m) = self.known[class] {
            return m;
        }
        let m = self
            .s
            .iter()
            .enumerate()
            .filter(|(_, x)| self.program.has(class, (**x).into()))
            .fold(0u64, |m, (i, _)| m | 1 << i);
        self.known[class] = Some(m);
        m
    }

    /// The positions (bits) reachable after `n` from `x`.
    fn bits(&mut self, n: &Node, x: u64) -> u64 {
        let len = self.s.len();
        match n {
            Node::Empty => x,
            Node::Start => x & 1,
            Node::End => x & (1 << len),
            // A few positions (anchored patterns): test just those symbols.
            Node::Class(i) if x.count_ones() <= 2 && self.known[*i].is_none() => {
                let mut out = 0;
                let mut rest = x;
                while rest != 0 {
                    let p = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    if p < len && self.program.has(*i, self.s[p].into()) {
                        out |= 1 << (p + 1);
                    }
                }
                out
            }
            Node::Class(i) => (x & self.mask(*i)) << 1,
            Node::Literal(l) => {
                let mut out = 0;
                let mut rest = x;
                while rest != 0 {
                    let p = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    let here = self.s.get(p..p + l.len());
                    if here.is_some_and(|h| h.iter().zip(l).all(|(a, b)| (*a).into() == *b)) {
                        out |= 1 << (p + l.len());
                    }
                }
                out
            }
            Node::Concat(items) => items.iter().fold(x, |x, n| self.bits(n, x)),
            Node::Alternation(items) => items.iter().fold(0, |acc, n| acc | self.bits(n, x)),
            Node::Repeat { min, max, sub } if matches!(**sub, Node::Class(_)) => {
                let Node::Class(i) = **sub else {
                    unreachable!()
                };
                let m = self.mask(i);
                let mut acc = if *min == 0 { x } else { 0 };
                let mut cur = x;
                // At most len symbols can be read.
                let rounds = max.map_or(len + 1, |m| (m as usize).min(len + 1));
                for k in 1..=rounds {
                    cur = (cur & m) << 1;
                    if cur == 0 {
                        break;
                    }
                    if k >= *min as usize {
                        acc |= cur;
                    }
                }
                acc
            }
            Node::Repeat { min, max, sub } => {
                let mut acc = if *min == 0 { x } else { 0 };
                let mut cur = x;
                // Positions move forward or stay (and a position that stays
                // stays for good), so the sets settle or empty within about
                // len + 1 rounds past `min`; the bound is a guard.
                let rounds = max.unwrap_or_else(|| min.saturating_add(2 * (len as u32 + 2)));
                for k in 1..=rounds {
                    let next = self.bits(sub, cur);
                    let settled = next == cur;
                    cur = next;
                    if k >= *min || settled {
                        acc |= cur;
                    }
                    if settled || cur == 0 {
                        break;
                    }
                }
                acc
            }
        }
    }
}

fn class_index(classes: &mut Vec<Vec<(u32, u32)>>, ranges: Vec<(u32, u32)>) -> usize {
    match classes.iter().position(|c| *c == ranges) {
        Some(i) => i,
        None => {
            classes.push(ranges);
            classes.len() - 1
        }
    }
}

fn lower(h: &Hir, unicode: bool, classes: &mut Vec<Vec<(u32, u32)>>) -> Option<Node> {
    Some(match h.kind() {
        HirKind::Empty => Node::Empty,
        HirKind::Literal(l) => {
            let symbols: Vec<u32> = if unicode {
                std::str::from_utf8(&l.0)
                    .ok()?
                    .chars()
                    .map(u32::from)
                    .collect()
            } else {
                l.0.iter().map(|b| u32::from(*b)).collect()
            };
            match symbols[..] {
                [x] => Node::Class(class_index(classes, vec![(x, x)])),
                _ => Node::Literal(symbols),
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges().iter();
            let ranges = ranges.map(|r| (u32::from(r.start()), u32::from(r.end())));
            Node::Class(class_index(classes, ranges.collect()))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges = c.ranges().iter();
            let ranges = ranges.map(|r| (u32::from(r.start()), u32::from(r.end())));
            Node::Class(class_index(classes, ranges.collect()))
        }
        HirKind::Look(Look::Start) => Node::Start,
        HirKind::Look(Look::End) => Node::End,
        // Word boundaries and line anchors: not used by the compiler's
        // patterns; the regex crate takes them.
        HirKind::Look(_) => return None,
        HirKind::Repetition(r) => Node::Repeat {
            min: r.min,
            max: r.max,
            sub: Box::new(lower(&r.sub, unicode, classes)?),
        },
        HirKind::Capture(c) => lower(&c.sub, unicode, classes)?,
        HirKind::Concat(items) => Node::Concat(
            items
                .iter()
                .map(|x| lower(x, unicode, classes))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(items) => Node::Alternation(
            items
                .iter()
                .map(|x| lower(x, unicode, classes))
                .collect::<Option<_>>()?,
        ),
    })
}

/// The number of interval-set passes a match takes, `None` if unbounded.
fn work(n: &Node) -> Option<u64> {
    Some(match n {
        Node::Empty | Node::Start | Node::End | Node::Class(_) | Node::Literal(_) => 1,
        Node::Concat(items) | Node::Alternation(items) => {
            items.iter().map(work).sum::<Option<u64>>()?.max(1)
        }
        Node::Repeat { sub, .. } if matches!(**sub, Node::Class(_)) => 2,
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

/// A set of input positions: sorted, disjoint, non-adjacent inclusive
/// intervals. Anchored patterns keep it to one or two intervals, so a step
/// costs what the symbols it reads cost.
type Set = Vec<(usize, usize)>;

/// Add `[lo, hi]` to a set built in increasing order of `lo`.
fn push(out: &mut Set, lo: usize, hi: usize) {
    match out.last_mut() {
        Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
        _ => out.push((lo, hi)),
    }
}

fn union(a: &Set, b: &Set) -> Set {
    let mut all: Vec<(usize, usize)> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut out = Set::with_capacity(all.len());
    for (lo, hi) in all {
        push(&mut out, lo, hi);
    }
    out
}

fn positions(set: &Set) -> impl Iterator<Item = usize> + '_ {
    set.iter().flat_map(|(lo, hi)| *lo..=*hi)
}

fn contains(set: &Set, p: usize) -> bool {
    set.iter().any(|(lo, hi)| (*lo..=*hi).contains(&p))
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
        let edge63 = "a".repeat(63);
        let edge64 = "a".repeat(64);
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
            edge63.as_str(),
            edge64.as_str(),
            "a/b/c",
            "ab",
            "abab",
            "a word",
            "sword",
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
            r"^(ab)*$",
            r"^[a-zA-Z0-9\-\._\*\?@]+(/[a-zA-Z0-9\-\._\*\?@]+)*$",
            r"\bword",
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
        // Unbounded group repetition: bit sets for short inputs, the regex
        // crate for long ones; both agree with the regex crate.
        let p = Pattern::new(r"^(ab)*$").unwrap();
        assert!(!p.is_linear());
        assert!(p.is_match("abab") && !p.is_match("aba"));
        assert!(p.is_match(&"ab".repeat(100)) && !p.is_match(&format!("{}a", "ab".repeat(100))));
        assert!(Pattern::new(r"^(?!x)").is_none());
    }
}
