//! Messages with text arguments, formatted once: when a message only interpolates its text arguments (never
//! selects on them, passes them to a function or reaches another message that could), it is formatted once per
//! set of numeric arguments with a marker for each text, and each call fills the texts in. A source page asks
//! for the same message with different titles twenty times; Fluent formatting costs far more than a copy.

use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};

/// Marks a text argument's place in a message formatted with markers (a private-use character).
const MARK: char = '\u{F8FF}';

/// A message cut at its text arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slots {
    /// Literal text, then for each slot (the index of a text argument, the literal text after it).
    first: String,
    rest: Vec<(usize, String)>,
}

/// The marker that stands for text argument `i` while the message is formatted.
pub fn marker(i: usize) -> String {
    format!("{MARK}{i}{MARK}")
}

impl Slots {
    /// Cuts `formatted` (a message formatted with [`marker`]s for `texts` text arguments) at its markers;
    /// `None` when the message's own text holds the marker character.
    pub fn cut(formatted: &str, texts: usize) -> Option<Slots> {
        let mut parts = formatted.split(MARK);
        let first = parts.next()?.to_owned();
        let mut rest = Vec::new();
        while let Some(index) = parts.next() {
            let index: usize = index.parse().ok().filter(|&i| i < texts)?;
            rest.push((index, parts.next()?.to_owned()));
        }
        Some(Slots { first, rest })
    }

    /// The message with `texts` in their slots.
    pub fn fill(&self, texts: &[String]) -> String {
        let len = self.first.len()
            + self
                .rest
                .iter()
                .map(|(i, s)| texts.get(*i).map_or(0, String::len) + s.len())
                .sum::<usize>();
        let mut out = String::with_capacity(len);
        out.push_str(&self.first);
        for (i, literal) in &self.rest {
            out.push_str(texts.get(*i).map_or("", String::as_str));
            out.push_str(literal);
        }
        out
    }
}

/// True when the pattern `elements` uses the variables `texts` only as interpolations: not as a selector, not
/// in a function's arguments, and without a message or term reference (which could use them either way).
pub fn interpolates_only(elements: &[PatternElement<&str>], texts: &[&str]) -> bool {
    elements.iter().all(|el| match el {
        PatternElement::TextElement { .. } => true,
        PatternElement::Placeable { expression } => expression_ok(expression, texts),
    })
}

fn expression_ok(e: &Expression<&str>, texts: &[&str]) -> bool {
    match e {
        Expression::Inline(i) => inline_ok(i, texts),
        Expression::Select { selector, variants } => {
            !mentions(selector, texts)
                && inline_ok(selector, texts)
                && variants
                    .iter()
                    .all(|v| interpolates_only(&v.value.elements, texts))
        }
    }
}

fn inline_ok(i: &InlineExpression<&str>, texts: &[&str]) -> bool {
    match i {
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::VariableReference { .. } => true,
        InlineExpression::Placeable { expression } => expression_ok(expression, texts),
        InlineExpression::FunctionReference { arguments, .. } => {
            !arguments.positional.iter().any(|a| mentions(a, texts))
                && !arguments.named.iter().any(|a| mentions(&a.value, texts))
        }
        InlineExpression::MessageReference { .. } | InlineExpression::TermReference { .. } => false,
    }
}

/// True when `i` refers to one of the variables `texts`, or to anything that could.
fn mentions(i: &InlineExpression<&str>, texts: &[&str]) -> bool {
    match i {
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => false,
        InlineExpression::VariableReference { id } => texts.contains(&id.name),
        InlineExpression::Placeable { expression } => match &**expression {
            Expression::Inline(i) => mentions(i, texts),
            Expression::Select { .. } => true,
        },
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().any(|a| mentions(a, texts))
                || arguments.named.iter().any(|a| mentions(&a.value, texts))
        }
        InlineExpression::MessageReference { .. } | InlineExpression::TermReference { .. } => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_ok(ftl: &str, texts: &[&str]) -> bool {
        let resource = fluent_syntax::parser::parse(ftl).expect("valid FTL");
        let message = resource
            .body
            .iter()
            .find_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m),
                _ => None,
            })
            .expect("a message");
        interpolates_only(&message.value.as_ref().unwrap().elements, texts)
    }

    #[test]
    fn only_plain_interpolations_of_texts_are_cut() {
        assert!(pattern_ok(
            "m = <a href=\"{ $href }\">{ $title }</a>\n",
            &["href", "title"]
        ));
        let plural = "m = { $count ->\n    [one] one word in { $title }\n   *[other] { $count } words in { $title }\n}\n";
        assert!(pattern_ok(plural, &["title"]));
        let on_text = "m = { $kind ->\n    [a] A { $title }\n   *[other] B\n}\n";
        assert!(!pattern_ok(on_text, &["kind", "title"]));
        assert!(pattern_ok(on_text, &["title"]));
        assert!(!pattern_ok(
            "m = { other-message } { $title }\n",
            &["title"]
        ));
        assert!(!pattern_ok("m = { -term } { $title }\n", &["title"]));
        assert!(!pattern_ok("m = { FN($title) }\n", &["title"]));
        assert!(pattern_ok(
            "m = { NUMBER($count) } { $title }\n",
            &["title"]
        ));
    }

    #[test]
    fn a_formatted_message_is_cut_at_its_markers_and_filled_again() {
        let formatted = format!(
            "<a href=\"{}\">{}</a> and {} again",
            marker(1),
            marker(0),
            marker(1)
        );
        let slots = Slots::cut(&formatted, 2).unwrap();
        let texts = ["Title".to_owned(), "#p-2".to_owned()];
        assert_eq!(
            slots.fill(&texts),
            "<a href=\"#p-2\">Title</a> and #p-2 again"
        );
        assert_eq!(Slots::cut("no slots", 0).unwrap().fill(&[]), "no slots");
        assert_eq!(Slots::cut(&format!("{MARK} in the text"), 1), None);
        assert_eq!(Slots::cut(&marker(2), 2), None);
    }
}
