//! Diagnostics: every problem any stage finds is a [`Diagnostic`] value with a
//! stable code, a JSON path into `agentcore.json` and, where one exists, a
//! byte span in the source. Stages only *collect* diagnostics; rendering
//! happens in one place ([`render`]).

mod codes;
pub mod render;

pub use codes::Code;

/// A byte range in the project file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A secondary label: another place in the file that explains the problem
/// (`first defined here`, `credential defined here`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// JSON path in the project file, e.g. `credentials[2].tokenExchange.grantType`.
    /// Empty for the document root or for problems that have no place in the file.
    pub path: String,
    pub span: Option<Span>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            message: message.into(),
            path: path.into(),
            span: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        if span.is_some() {
            self.span = span;
        }
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `help: did you mean `x`?` for a misspelled key, enum value or name.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    let lower = input.to_ascii_lowercase();
    for c in candidates {
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        let limit = (c.len().max(input.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// [`did_you_mean`] for names with a common suffix the user may leave off
/// (`Gitub`, `github`, `Githb` → `GithubOauth2`): each candidate is also
/// compared without `suffix`, case-insensitively.
pub fn did_you_mean_stem<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    suffix: &str,
) -> Option<String> {
    let lower = input.to_ascii_lowercase();
    let suffix = suffix.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let full = c.to_ascii_lowercase();
        let stem = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        let d = edit_distance(&lower, &full).min(edit_distance(&lower, &stem));
        let limit = (stem.len().max(lower.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 256 || b.len() > 256 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("tokenExchang", ["tokenExchange", "tags"]).as_deref(),
            Some("did you mean `tokenExchange`?")
        );
        assert_eq!(did_you_mean("zzzz", ["tokenExchange", "tags"]), None);
        assert_eq!(
            did_you_mean(
                "token_exchange",
                ["TOKEN_EXCHANGE", "JWT_AUTHORIZATION_GRANT"]
            )
            .as_deref(),
            Some("did you mean `TOKEN_EXCHANGE`?")
        );
    }

    #[test]
    fn vendor_suggestions_without_the_suffix_and_case() {
        let vendors = [
            "CustomOauth2",
            "GithubOauth2",
            "GoogleOauth2",
            "SlackOauth2",
        ];
        for typo in ["Gitub", "github", "Githb", "GithubOauth"] {
            assert_eq!(
                did_you_mean_stem(typo, vendors, "Oauth2").as_deref(),
                Some("did you mean `GithubOauth2`?"),
                "{typo}"
            );
        }
        assert_eq!(did_you_mean_stem("Salesforce9000", vendors, "Oauth2"), None);
    }
}
