//! Rendering of diagnostics: human text (with a source snippet and caret, in
//! color when asked) and JSON lines. This is the only place diagnostics
//! become text.

use super::{Diagnostic, Severity, Span};
use std::io::{self, Write};

/// The text of the file the spans point into.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Where each line starts, found on first use (most runs render no
    /// excerpt, and the scan is a pass over the whole file).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The text as excerpts show it, when parts are masked (secrets).
    shown: Option<String>,
    /// Columns are byte offsets (no counting of characters).
    ascii: bool,
    /// No excerpt of this file is printed (positions only), and why.
    pub hidden: Option<&'static str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Source {
            hidden: None,
            ascii: text.is_ascii(),
            name: name.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
            shown: None,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            starts
        })
    }

    /// Mask these byte ranges in every excerpt: each character becomes `*`
    /// padded to its byte length, so offsets stay valid; line breaks stay.
    pub fn mask(&mut self, spans: &[Span]) {
        if spans.is_empty() {
            return;
        }
        let mut bytes = self
            .shown
            .take()
            .unwrap_or_else(|| self.text.clone())
            .into_bytes();
        for s in spans {
            let end = s.end.min(bytes.len());
            for b in &mut bytes[s.start.min(end)..end] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b'*';
                }
            }
        }
        self.shown = Some(String::from_utf8(bytes).unwrap_or_default());
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = if self.ascii {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map(|s| s.chars().count())
                .unwrap_or(offset - start)
        };
        (line + 1, col + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let text = self.shown.as_deref().unwrap_or(&self.text);
        let starts = self.line_starts();
        let start = starts[line - 1];
        let end = starts.get(line).map(|e| e - 1).unwrap_or(text.len());
        text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

struct Palette {
    error: &'static str,
    warning: &'static str,
    note: &'static str,
    blue: &'static str,
    bold: &'static str,
    reset: &'static str,
}

const COLOR: Palette = Palette {
    error: "\x1b[1;31m",
    warning: "\x1b[1;33m",
    note: "\x1b[1;36m",
    blue: "\x1b[1;34m",
    bold: "\x1b[1m",
    reset: "\x1b[0m",
};
const PLAIN: Palette = Palette {
    error: "",
    warning: "",
    note: "",
    blue: "",
    bold: "",
    reset: "",
};

/// Write diagnostics in the chosen format. `source` is the project file, when
/// it could be read.
pub fn write_all<'a>(
    out: &mut dyn Write,
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    source: Option<&Source>,
    format: Format,
    style: Style,
) -> io::Result<()> {
    for d in diags {
        match format {
            Format::Human => write_human(out, d, source, style)?,
            Format::Json => write_json(out, d, source)?,
        }
    }
    Ok(())
}

/// Text from the input as it may reach a terminal: C0 and C1 control
/// characters (ESC, BEL, CR, …) and bidirectional overrides
/// (U+202A–U+202E, U+2066–U+2069) are written as `\u{…}` escapes, so a value
/// cannot move the cursor, recolor the screen or hide a log line. Tabs stay.
pub fn escape_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) && c != '\n' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else if c == '\n' {
            out.push_str("\\n");
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn write_human(
    out: &mut dyn Write,
    d: &Diagnostic,
    source: Option<&Source>,
    style: Style,
) -> io::Result<()> {
    let message = escape_terminal(&d.message);
    let path = escape_terminal(&d.path);
    let help = d.help.as_deref().map(escape_terminal);
    let p = if style.color { &COLOR } else { &PLAIN };
    let sev_color = match d.severity {
        Severity::Error => p.error,
        Severity::Warning => p.warning,
        Severity::Note => p.note,
    };
    if d.severity == Severity::Note && d.span.is_none() {
        return writeln!(out, "{sev_color}note{}: {message}", p.reset);
    }
    writeln!(
        out,
        "{sev_color}{}[{}]{}{}: {}{}",
        d.severity.as_str(),
        d.code.as_str(),
        p.reset,
        p.bold,
        message,
        p.reset
    )?;
    let located = d.span.zip(source);
    if let Some((span, src)) = located {
        let (line, col) = src.line_col(span.start);
        let width = line.to_string().len().max(
            d.labels
                .iter()
                .map(|l| src.line_col(l.span.start).0.to_string().len())
                .max()
                .unwrap_or(0),
        );
        let pad = " ".repeat(width);
        write!(
            out,
            "{pad}{}-->{} {}:{line}:{col}",
            p.blue, p.reset, src.name
        )?;
        if !path.is_empty() {
            write!(out, " ({path})")?;
        }
        writeln!(out)?;
        writeln!(out, "{pad} {}|{}", p.blue, p.reset)?;
        if let Some(why) = src.hidden {
            writeln!(out, "{pad} {}={} (no excerpt: {why})", p.blue, p.reset)?;
        } else {
            // The primary span and the labels, in the order of the file.
            // The primary span (`^`) and the labels (`-`, as rustc marks
            // secondary spans), in the order of the file.
            let mut parts: Vec<(Span, String, &str, char)> =
                vec![(span, String::new(), sev_color, '^')];
            parts.extend(d.labels.iter().map(|l| {
                (
                    l.span,
                    escape_terminal(&l.message).into_owned(),
                    p.blue,
                    '-',
                )
            }));
            parts.sort_by_key(|(s, ..)| s.start);
            for (s, message, color, mark) in &parts {
                snippet(out, src, *s, message, color, *mark, width, p)?;
            }
        }
        writeln!(out, "{pad} {}|{}", p.blue, p.reset)?;
        if let Some(help) = &help {
            writeln!(
                out,
                "{pad} {}={} {}help{}: {help}",
                p.blue, p.reset, p.bold, p.reset
            )?;
        }
    } else {
        if let Some(src) = source {
            if path.is_empty() {
                writeln!(out, " --> {}", src.name)?;
            } else {
                writeln!(out, " --> {} ({path})", src.name)?;
            }
        } else if !path.is_empty() {
            writeln!(out, " --> {path}")?;
        }
        if let Some(help) = &help {
            writeln!(out, "  = {}help{}: {help}", p.bold, p.reset)?;
        }
    }
    writeln!(out)
}

#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut dyn Write,
    src: &Source,
    span: Span,
    message: &str,
    color: &str,
    mark: char,
    width: usize,
    p: &Palette,
) -> io::Result<()> {
    let (line, col) = src.line_col(span.start);
    let text = src.line_text(line);
    // Long lines (minified files, huge strings) are cut around the caret.
    let (clipped, col_in_clipped) = clip_line(text, col - 1);
    // Escapes and tabs (as four spaces) shift the caret with the text.
    let prefix: String = clipped.chars().take(col_in_clipped).collect();
    let col_in_shown = excerpt_text(&prefix).chars().count();
    let shown = excerpt_text(&clipped);
    let (end_line, end_col) = src.line_col(span.end.max(span.start + 1));
    let carets = if end_line == line {
        (end_col.saturating_sub(col)).clamp(1, 80)
    } else {
        1
    };
    writeln!(out, "{line:>width$} {}|{} {shown}", p.blue, p.reset)?;
    let sep = if message.is_empty() { "" } else { " " };
    writeln!(
        out,
        "{} {}|{} {}{color}{}{sep}{message}{}",
        " ".repeat(width),
        p.blue,
        p.reset,
        " ".repeat(col_in_shown),
        mark.to_string().repeat(carets),
        p.reset
    )
}

/// A source line as an excerpt shows it: escaped for the terminal, tabs as
/// four spaces.
fn excerpt_text(s: &str) -> String {
    escape_terminal(s).replace('\t', "    ")
}

/// The line cut to at most 120 characters around the caret (40 before it),
/// with `...` where it was cut; and the caret's column in the result. Works
/// on the window only, so a 16 MiB one-line file costs no more than a short
/// one.
fn clip_line(text: &str, col: usize) -> (String, usize) {
    const MAX: usize = 120;
    const BEFORE: usize = 40;
    // Byte offset of the caret's character (or the end).
    let caret = text.char_indices().nth(col).map_or(text.len(), |(b, _)| b);
    let head = &text[..caret];
    if text.len() <= MAX && text.chars().nth(MAX).is_none() {
        return (text.to_string(), col);
    }
    let start = head
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(b, _)| b)
        .min(caret);
    let before = head[start..].chars().count();
    let window: String = text[start..].chars().take(MAX).collect();
    let end = start + window.len();
    let mut s = window;
    let mut offset = before;
    if start > 0 {
        s.insert_str(0, "...");
        offset += 3;
    }
    if end < text.len() {
        s.push_str("...");
    }
    (s, offset)
}

/// One JSON object per line, like `cargo --message-format json`.
pub fn write_json(out: &mut dyn Write, d: &Diagnostic, source: Option<&Source>) -> io::Result<()> {
    let span = |s: Span| {
        let mut m = serde_json::Map::new();
        if let Some(src) = source {
            let (line, column) = src.line_col(s.start);
            let (end_line, end_column) = src.line_col(s.end);
            m.insert("file".into(), src.name.clone().into());
            m.insert("line".into(), line.into());
            m.insert("column".into(), column.into());
            m.insert("end_line".into(), end_line.into());
            m.insert("end_column".into(), end_column.into());
        }
        m.insert("byte_start".into(), s.start.into());
        m.insert("byte_end".into(), s.end.into());
        serde_json::Value::Object(m)
    };
    let labels: Vec<serde_json::Value> = d
        .labels
        .iter()
        .map(|l| serde_json::json!({ "message": l.message, "span": span(l.span) }))
        .collect();
    let v = serde_json::json!({
        "severity": d.severity.as_str(),
        "code": d.code.as_str(),
        "message": d.message,
        "path": d.path,
        "file": source.map(|s| s.name.clone()),
        "span": d.span.map(span),
        "labels": labels,
        "help": d.help,
    });
    writeln!(out, "{v}")
}

/// `error: 2 problems ...` closing line for the human format.
pub fn summary(errors: usize, warnings: usize) -> Option<String> {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(format!("{} emitted", plural(w, "warning"))),
        (e, 0) => Some(format!("{} found", plural(e, "error"))),
        (e, w) => Some(format!(
            "{} and {} found",
            plural(e, "error"),
            plural(w, "warning")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn line_and_column_are_one_based_and_count_chars() {
        let s = Source::new("f.json", "{\n  \"é\": 1,\n  \"b\": x\n}");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(4), (2, 3));
        let x = s.text.find('x').unwrap();
        assert_eq!(s.line_col(x), (3, 8));
    }

    #[test]
    fn human_form_has_snippet_caret_and_help() {
        let s = Source::new("agentcore.json", "{\n  \"nam\": 1\n}\n");
        let d = Diagnostic::new(Code::UnknownKey, "nam", "unknown key `nam`")
            .at(Span::new(4, 9))
            .help("did you mean `name`?");
        let mut out = Vec::new();
        write_human(&mut out, &d, Some(&s), Style { color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("--> agentcore.json:2:3 (nam)"), "{text}");
        assert!(text.contains("2 |   \"nam\": 1"), "{text}");
        assert!(text.contains("  |   ^^^^^"), "{text}");
        assert!(text.contains("= help: did you mean `name`?"), "{text}");
    }

    #[test]
    fn carets_line_up_after_tabs_and_labels_come_in_line_order() {
        let s = Source::new("f.json", "{\n\t\t\"nmae\": 3,\n\t\t\"name\": 4\n}\n");
        let at = s.text.find("\"nmae\"").unwrap();
        let first = s.text.find("\"name\"").unwrap();
        let d = Diagnostic::new(Code::UnknownKey, "nmae", "unknown key")
            .at(Span::new(first, first + 6))
            .label(Span::new(at, at + 6), "typo here");
        let mut out = Vec::new();
        write_human(&mut out, &d, Some(&s), Style { color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("2 |         \"nmae\": 3,"), "{text}");
        assert!(text.contains("  |         ------ typo here"), "{text}");
        let (l2, l3) = (text.find("2 |").unwrap(), text.find("3 |").unwrap());
        assert!(l2 < l3, "labels in line order: {text}");
        assert!(text.contains("  |         ^^^^^^"), "{text}");
    }
}
