//! Gateway and target rules (filled in by the gateway issue).

use crate::diagnostics::Diagnostic;
use crate::project::Project;

pub fn check(_project: &Project, _d: &mut Vec<Diagnostic>) {}
