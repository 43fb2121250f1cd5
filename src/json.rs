//! A span-preserving JSON parser. Every value and every object key keeps its
//! byte range in the source, so later stages can point at the exact place of
//! a problem. Object entries keep their order (needed to rewrite the file
//! without reordering it). Depth and size are bounded: a hostile file ends in
//! a diagnostic, never a stack overflow.

use crate::diagnostics::{Code, Diagnostic, Span};

/// Deeper nesting than this is rejected (real project files nest < 20).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number's text exactly as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }
    /// The last entry with this key (JSON.parse semantics for duplicates).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }
}

/// Parser errors are boxed: they are rare and `Diagnostic` is large.
pub type PResult<T> = Result<T, Box<Diagnostic>>;

/// Parse a document. On a syntax error returns the diagnostic for the first
/// error (JSON has no reliable recovery); duplicate keys are reported as
/// warnings in `warnings`.
pub fn parse(text: &str, warnings: &mut Vec<Diagnostic>) -> PResult<Node> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        warnings,
        duplicates: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err_here("unexpected characters after the end of the JSON document"));
    }
    if p.duplicates > MAX_DUPLICATE_WARNINGS {
        p.warnings.push(Diagnostic::new(
            Code::DuplicateKey,
            "",
            format!(
                "and {} more keys that appear twice in their object",
                p.duplicates - MAX_DUPLICATE_WARNINGS
            ),
        ));
    }
    Ok(v)
}

trait BoxLabel {
    fn map_label(self, span: Span, msg: &str) -> Self;
}

impl BoxLabel for Box<Diagnostic> {
    fn map_label(self, span: Span, msg: &str) -> Self {
        Box::new((*self).label(span, msg))
    }
}

struct Parser<'a, 'w> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    warnings: &'w mut Vec<Diagnostic>,
    /// Duplicate keys seen; past [`MAX_DUPLICATE_WARNINGS`] only counted.
    duplicates: usize,
}

/// Where a wide object finds a key seen before: its entries' indexes in
/// a table keyed by a hash of the key, compared with the entry's own key.
/// The keys are the input's, so an attacker's: the hash is SipHash with a
/// per-process random key (std's `RandomState`), which keys cannot be
/// chosen to collide under (an unkeyed hash such as FNV can be made to put
/// every key in one bucket, and every lookup then scans them all).
struct KeyIndex {
    /// (hash, entry): the hash kept so that growing the table does not
    /// rehash (and fetch) every key.
    table: hashbrown::HashTable<(u64, usize)>,
    hasher: std::collections::hash_map::RandomState,
}

impl KeyIndex {
    fn new(entries: &[Entry]) -> Self {
        let mut index = KeyIndex {
            table: hashbrown::HashTable::with_capacity(entries.len() * 2),
            hasher: Default::default(),
        };
        for i in 0..entries.len() {
            index.find_or_insert(entries, &entries[i].key, i);
        }
        index
    }

    /// The first entry whose key is `key`, or, when there is none, `None`
    /// with `next` recorded as its entry.
    fn find_or_insert(&mut self, entries: &[Entry], key: &str, next: usize) -> Option<usize> {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key);
        match self.table.entry(
            hash,
            |&(h, i)| h == hash && entries[i].key == key,
            |&(h, _)| h,
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => Some(o.get().1),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert((hash, next));
                None
            }
        }
    }
}

/// Whether `b` must be escaped in a JSON string: `"`, `\\`, or a control
/// character.
pub(crate) fn needs_escape(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The index of the first byte of `s` at or after `from` that must be
/// escaped in a JSON string (where a string's plain run ends, for the
/// parser), eight bytes at a time: most strings have none.
pub(crate) fn next_special(s: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while from + 8 <= s.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[from..from + 8]);
        let x = u64::from_le_bytes(w);
        // A byte is zero in `q`/`bs` where x has '"'/'\\'; `x - 0x20` borrows
        // (sets the high bit) where a byte of x is below 0x20. Bytes with
        // the high bit set (UTF-8) are excluded by `!x`.
        let q = x ^ (ONES * u64::from(b'"'));
        let bs = x ^ (ONES * u64::from(b'\\'));
        let hit = (q.wrapping_sub(ONES) & !q)
            | (bs.wrapping_sub(ONES) & !bs)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        if hit & HIGH != 0 {
            // A match in this word (a borrow can also mark the bytes after
            // one, never a word without one): find it exactly.
            if let Some(i) = s[from..from + 8].iter().position(|&b| needs_escape(b)) {
                return Some(from + i);
            }
        }
        from += 8;
    }
    s[from..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| from + i)
}

/// At most this many duplicate-key warnings are kept; one more says how
/// many were left out (a file of a million duplicates stays cheap).
pub const MAX_DUPLICATE_WARNINGS: usize = 1000;

impl Parser<'_, '_> {
    fn err_here(&self, msg: &str) -> Box<Diagnostic> {
        let end = (self.i + 1).min(self.s.len()).max(self.i);
        Box::new(Diagnostic::new(Code::JsonSyntax, "", msg.to_string()).at(Span::new(self.i, end)))
    }

    fn ws(&mut self) {
        // Indentation a word at a time (pretty-printed files are mostly
        // runs of spaces after a line break).
        const SPACES: u64 = 0x2020_2020_2020_2020;
        loop {
            match self.s.get(self.i) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.i += 1,
                _ => return,
            }
            while let Some(w) = self.s.get(self.i..self.i + 8) {
                if u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) != SPACES {
                    break;
                }
                self.i += 8;
            }
        }
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.i..).and_then(|r| r.chars().next()) {
            None => "end of file".to_string(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn value(&mut self, depth: usize) -> PResult<Node> {
        if depth > MAX_DEPTH {
            return Err(Box::new(
                Diagnostic::new(
                    Code::TooDeep,
                    "",
                    format!("JSON nests more than {MAX_DEPTH} levels deep"),
                )
                .at(Span::new(self.i, self.i + 1))
                .help("agentcore.json never needs this depth; the file is probably corrupt"),
            ));
        }
        let start = self.i;
        match self.s.get(self.i) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node {
                    kind: Kind::String(s),
                    span: Span::new(start, self.i),
                })
            }
            Some(b't') => self.literal("true", Kind::Bool(true)),
            Some(b'f') => self.literal("false", Kind::Bool(false)),
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err_here(&format!(
                "expected a JSON value, found {}",
                self.describe_here()
            ))),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> PResult<Node> {
        let start = self.i;
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(Node {
                kind,
                span: Span::new(start, self.i),
            })
        } else {
            Err(self.err_here(&format!(
                "expected a JSON value, found {}",
                self.describe_here()
            )))
        }
    }

    fn number(&mut self) -> PResult<Node> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let st = p.i;
            while let Some(b'0'..=b'9') = p.s.get(p.i) {
                p.i += 1;
            }
            p.i - st
        };
        let int_start = self.i;
        if digits(self) == 0 {
            return Err(self.err_here("expected a digit in a number"));
        }
        if self.s[int_start] == b'0' && self.i - int_start > 1 {
            self.i = int_start + 1;
            return Err(self.err_here("numbers must not have leading zeros"));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err_here("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err_here("expected a digit in the exponent"));
            }
        }
        let text = &self.text[start..self.i];
        if text.contains(['.', 'e', 'E']) && !text.parse::<f64>().is_ok_and(f64::is_finite) {
            let d = Diagnostic::new(
                Code::JsonSyntax,
                "",
                "this number is out of range (JSON.parse reads it as Infinity)".to_string(),
            )
            .at(Span::new(start, self.i));
            return Err(Box::new(d));
        }
        Ok(Node {
            kind: Kind::Number(text.to_string()),
            span: Span::new(start, self.i),
        })
    }

    fn string(&mut self) -> PResult<String> {
        let open = self.i;
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            // Fast path: copy a run of plain bytes.
            let run_start = self.i;
            self.i = next_special(self.s, self.i).unwrap_or(self.s.len());
            out.push_str(&self.text[run_start..self.i]);
            match self.s.get(self.i) {
                None => {
                    let d = self.err_here("unterminated string");
                    return Err(Box::new(
                        d.label(Span::new(open, open + 1), "string starts here"),
                    ));
                }
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err_here("invalid escape sequence in string"));
                        }
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.err_here(
                        "control character in string (write it as an escape such as \\n)",
                    ))
                }
            }
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let h = self.text.get(self.i..self.i + 4).and_then(|h| {
            u32::from_str_radix(h, 16)
                .ok()
                .filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        match h {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => Err(self.err_here("expected four hex digits after \\u")),
        }
    }

    fn unicode_escape(&mut self) -> PResult<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.s.get(self.i) == Some(&b'\\') && self.s.get(self.i + 1) == Some(&b'u') {
                self.i += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
            }
            // JSON.parse keeps lone surrogates; Rust strings cannot.
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn array(&mut self, depth: usize) -> PResult<Node> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Node {
                kind: Kind::Array(items),
                span: Span::new(start, self.i),
            });
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        return Err(
                            self.err_here("trailing comma before `]` is not allowed in JSON")
                        );
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    return Ok(Node {
                        kind: Kind::Array(items),
                        span: Span::new(start, self.i),
                    });
                }
                _ => {
                    return Err(self
                        .err_here(&format!(
                            "expected `,` or `]` in array, found {}",
                            self.describe_here()
                        ))
                        .map_label(Span::new(start, start + 1), "array starts here"))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> PResult<Node> {
        let start = self.i;
        self.i += 1;
        let mut entries: Vec<Entry> = Vec::new();
        // Wide objects find duplicates through an index (built when the
        // object grows past `SCAN` entries).
        let mut index: Option<KeyIndex> = None;
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Node {
                kind: Kind::Object(entries),
                span: Span::new(start, self.i),
            });
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err_here(&format!(
                    "expected a key in double quotes, found {}",
                    self.describe_here()
                )));
            }
            let kstart = self.i;
            let key = self.string()?;
            let key_span = Span::new(kstart, self.i);
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err_here(&format!(
                    "expected `:` after the key, found {}",
                    self.describe_here()
                )));
            }
            self.i += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            const SCAN: usize = 16;
            let prev = if entries.len() < SCAN {
                entries.iter().position(|e| e.key == key)
            } else {
                let next = entries.len();
                index
                    .get_or_insert_with(|| KeyIndex::new(&entries))
                    .find_or_insert(&entries, &key, next)
            }
            .map(|i| &entries[i]);
            if prev.is_some() {
                self.duplicates += 1;
            }
            if let Some(prev) = prev.filter(|_| self.duplicates <= MAX_DUPLICATE_WARNINGS) {
                self.warnings.push(
                    Diagnostic::new(
                        Code::DuplicateKey,
                        "",
                        format!("key `{key}` appears twice in this object; the last one wins"),
                    )
                    .at(key_span)
                    .label(prev.key_span, "first defined here"),
                );
            }
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        return Err(
                            self.err_here("trailing comma before `}` is not allowed in JSON")
                        );
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Node {
                        kind: Kind::Object(entries),
                        span: Span::new(start, self.i),
                    });
                }
                _ => {
                    return Err(self
                        .err_here(&format!(
                            "expected `,` or `}}` after an object entry, found {}",
                            self.describe_here()
                        ))
                        .map_label(Span::new(start, start + 1), "object starts here"))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> PResult<Node> {
        parse(t, &mut Vec::new())
    }

    #[test]
    fn parses_with_spans_and_order() {
        let n = p(r#"{"b": [1, -2.5e3, true, null], "a": "x\u00e9\n"}"#).unwrap();
        let o = n.as_object().unwrap();
        assert_eq!(o[0].key, "b");
        assert_eq!(o[1].key, "a");
        assert_eq!(o[1].value.as_str(), Some("xé\n"));
        assert_eq!(o[0].key_span, Span::new(1, 4));
        let arr = o[0].value.as_array().unwrap();
        assert_eq!(arr[1].kind, Kind::Number("-2.5e3".into()));
    }

    #[test]
    fn syntax_errors_point_at_the_offending_byte() {
        let e = p("{\"a\": 1,}").unwrap_err();
        assert_eq!(e.span.unwrap().start, 8);
        let e = p("{\"a\" 1}").unwrap_err();
        assert_eq!(e.span.unwrap().start, 5);
        let e = p("[01]").unwrap_err();
        assert_eq!(e.code, Code::JsonSyntax);
        assert!(p("\"abc").is_err());
        assert!(p("{} x").is_err());
        assert!(p("").is_err());
    }

    #[test]
    fn deep_nesting_is_a_diagnostic_not_a_crash() {
        let t = "[".repeat(100_000);
        assert_eq!(p(&t).unwrap_err().code, Code::TooDeep);
    }

    #[test]
    fn duplicate_keys_warn_and_last_wins() {
        let mut w = Vec::new();
        let n = parse(r#"{"a": 1, "a": 2}"#, &mut w).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(n.get("a").unwrap().kind, Kind::Number("2".into()));
    }

    #[test]
    fn word_scans_agree_with_byte_loops() {
        // Every special byte (and a UTF-8 byte, a near miss) at every
        // position of strings long enough to span several words.
        let specials = [b'"', b'\\', b'\n', 0x1f, 0x00];
        let near = [b'!', b'#', b'[', b']', b' ', 0x7f, 0xc3, 0xa0, 0x9f];
        for len in 0..40 {
            for pos in 0..=len {
                for &b in specials.iter().chain(near.iter()) {
                    let mut s = vec![b'a'; len];
                    if pos < len {
                        s[pos] = b;
                    }
                    for from in 0..=len {
                        let want = s[from..]
                            .iter()
                            .position(|&c| needs_escape(c))
                            .map(|i| from + i);
                        assert_eq!(next_special(&s, from), want, "{s:?} from {from}");
                    }
                }
            }
        }
        // Strings with an escape and indentation of every width parse as
        // serde_json parses them.
        for pad in 0..20 {
            for pos in 0..20 {
                let mut body = "x".repeat(20);
                body.insert_str(pos, "\\\"\\n\\u00e9");
                let text = format!(
                    "{{\n{}\"k\":{}\"{body}\"\n{}}}",
                    " ".repeat(pad),
                    " ".repeat(pad),
                    "\t".repeat(pad % 3)
                );
                let want: serde_json::Value = serde_json::from_str(&text).unwrap();
                let got = p(&text).unwrap();
                assert_eq!(got.get("k").unwrap().as_str(), want["k"].as_str(), "{text}");
            }
        }
    }

    #[test]
    fn wide_objects_find_every_duplicate_and_only_duplicates() {
        // Past the scanned prefix the index decides: every seventh key
        // repeated later, the label on its first appearance.
        let keys: Vec<String> = (0..2000).map(|i| format!("k{i}")).collect();
        let mut text = String::from("{");
        let mut spans = Vec::new();
        for k in &keys {
            spans.push(text.len());
            text.push_str(&format!("\"{k}\": 1, "));
        }
        let repeated: Vec<usize> = (0..keys.len()).step_by(7).collect();
        for &i in &repeated {
            text.push_str(&format!("\"{}\": 2, ", keys[i]));
        }
        text.push_str("\"last\": 3}");
        let mut w = Vec::new();
        let n = parse(&text, &mut w).unwrap();
        assert_eq!(w.len(), repeated.len());
        for (d, &i) in w.iter().zip(&repeated) {
            assert!(
                d.message.contains(&format!("`{}`", keys[i])),
                "{}",
                d.message
            );
            assert_eq!(d.labels[0].span.start, spans[i], "{}", keys[i]);
        }
        assert_eq!(n.get("k0").unwrap().kind, Kind::Number("2".into()));
        assert_eq!(n.get("k1").unwrap().kind, Kind::Number("1".into()));
    }
}
