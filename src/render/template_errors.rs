//! Theme template errors as diagnostics: each located in its template file (line, column and span where Tera
//! gives them), with Tera's message kept whole.

use crate::diagnostic::{Diagnostic, Location};

use super::{theme, ThemeFiles};

/// A template error with the template's file and, where Tera gives it, the exact span.
pub(super) fn template_error(files: &ThemeFiles, err: &tera::Error) -> Diagnostic {
    let mut errors = template_errors(files, err);
    errors.swap_remove(0)
}

/// Every error in a Tera error (checking references reports several at once), each located in its
/// template, keeping Tera's message whole.
pub(super) fn template_errors(files: &ThemeFiles, err: &tera::Error) -> Vec<Diagnostic> {
    let located = |name: &str, message: &str, location: Option<Location>| {
        let rel = format!("templates/{name}");
        // A report parsed from text has a line and column only: find its byte offset in the template.
        // (`end` then holds the width of Tera's underline, in characters.)
        let location = location.map(|l| match files.read(&rel) {
            Ok(text) if l.start == 0 => {
                let text = String::from_utf8_lossy(&text);
                let mut at = Location::from_line_col(&text, l.line, l.column);
                at.end = text[at.start..]
                    .char_indices()
                    .nth(l.end.max(1))
                    .map_or(text.len(), |(i, _)| at.start + i);
                at
            }
            _ => l,
        });
        let from = match files.source(&rel) {
            Some(theme::FileSource::BuiltIn) => {
                " (the built-in copy: `dossier theme eject` writes it out to edit)"
            }
            _ => "",
        };
        Diagnostic::error(files.shown(&rel), format!("template error: {message}"))
            .at(location)
            .with_hint(format!(
                "in theme template `{name}`{from}: fix the template; the previous site is left untouched"
            ))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let location = Location {
                line: span.start_line,
                column: span.start_col + 1,
                start: span.range.start,
                end: span.range.end,
            };
            vec![located(r.filename(), r.message(), Some(location))]
        }
        tera::ErrorKind::Msg(text) => {
            let reports: Vec<Diagnostic> = text
                .split("\n\n")
                .filter_map(|report| {
                    let (message, name, location) = parse_report(report)?;
                    Some(located(name, message, location))
                })
                .collect();
            if reports.is_empty() {
                vec![unlocated(files, err, "")]
            } else {
                reports
            }
        }
        tera::ErrorKind::TemplateNotFound(name) => vec![unlocated(files, err, name)],
        tera::ErrorKind::MissingParent { current, .. } => {
            vec![located(current, &err.to_string(), None)]
        }
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => {
            vec![located(tpl, &err.to_string(), None)]
        }
        _ => vec![unlocated(files, err, "")],
    }
}

/// An error Tera gives without a place: its whole chain of causes, one per line.
fn unlocated(files: &ThemeFiles, err: &tera::Error, name: &str) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let hint = if name.is_empty() {
        format!(
            "in theme `{}`: fix its templates; the previous site is left untouched",
            files.name()
        )
    } else {
        format!("no theme template is called `{name}`: add templates/{name} to the theme, or fix the name")
    };
    Diagnostic::error(
        files.shown("templates"),
        format!("template error: {}", chain.join("\n")),
    )
    .with_hint(hint)
}

/// Reads one of Tera's text reports: `error: MESSAGE` then ` --> NAME:LINE:COL`.
fn parse_report(report: &str) -> Option<(&str, &str, Option<Location>)> {
    let mut lines = report.lines().map(str::trim).filter(|l| !l.is_empty());
    let message = lines.next()?.strip_prefix("error: ")?;
    let place = lines.next()?.strip_prefix("--> ")?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let width = lines
        .find(|l| l.contains('^'))
        .map_or(1, |l| l.matches('^').count());
    Some((
        message,
        name,
        Some(Location {
            line,
            column,
            start: 0,
            end: width,
        }),
    ))
}
