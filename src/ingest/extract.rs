//! The article's main text from an HTML page (readability by `dom_smoothie`), written out as a reader sees it:
//! one block element per paragraph, a `<br>` a line break, white space collapsed as rendered, entities decoded,
//! no-break spaces and typographic quotes kept.

use dom_query::{Document, NodeRef};

/// Elements whose content a reader never sees as text.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select",
    "input", "textarea", "head", "title", "meta", "link", "object", "canvas", "video", "audio",
    "picture",
];

/// Elements that start and end a paragraph of their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Deeper than this, an element's content is dropped: no article nests so far, and the walk stays bounded.
const MAX_DEPTH: usize = 256;

/// What readability found: the article's HTML and the title it settled on.
pub struct Extracted {
    /// The article's text, paragraphs separated by a blank line, ending with a line break.
    pub text: String,
    /// The title readability chose (from the page's metadata or headings).
    pub title: Option<String>,
    /// The byline readability found, if any.
    pub byline: Option<String>,
}

/// Extracts the main article of `html`; `None` if readability finds no article in it.
pub fn article(html: &str, url: Option<&str>) -> Option<Extracted> {
    let mut readability = dom_smoothie::Readability::new(html, url, None).ok()?;
    let found = readability.parse().ok()?;
    let text = render(&Document::from(found.content.as_ref()));
    if text.trim().is_empty() {
        return None;
    }
    let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Some(Extracted {
        text,
        title: clean(Some(found.title)),
        byline: clean(found.byline),
    })
}

/// The whole page's visible text, without its navigation, header, footer and asides: the fallback when
/// readability finds no article.
pub fn whole_page(html: &str) -> String {
    let doc = Document::from(html);
    doc.select("nav, header, footer, aside, [role=navigation], [role=contentinfo]")
        .remove();
    render(&doc)
}

/// Paragraphs being assembled.
#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    current: String,
    space: bool,
    pre: usize,
}

impl Writer {
    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            self.current.push_str(text);
            return;
        }
        for c in text.chars() {
            // HTML collapses ASCII white space only: a no-break space is text.
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.space = true;
                continue;
            }
            if self.space && !self.current.is_empty() && !self.current.ends_with('\n') {
                self.current.push(' ');
            }
            self.space = false;
            self.current.push(c);
        }
    }

    fn line_break(&mut self) {
        let kept = self.current.trim_end_matches(' ').len();
        self.current.truncate(kept);
        self.current.push('\n');
        self.space = false;
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.current);
        let text = text.trim_matches(|c| c == ' ' || c == '\n');
        if !text.trim().is_empty() {
            self.paragraphs.push(text.to_owned());
        }
        self.space = false;
    }
}

/// The visible text of `doc`, paragraphs separated by a blank line, ending with a line break.
fn render(doc: &Document) -> String {
    let mut w = Writer::default();
    walk(&doc.root(), &mut w, 0);
    w.flush();
    let mut out = w.paragraphs.join("\n\n");
    out.push('\n');
    out
}

fn walk(node: &NodeRef<'_>, w: &mut Writer, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            w.text(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        if HIDDEN.contains(&name) || child.has_attr("hidden") {
            continue;
        }
        match name {
            "br" => w.line_break(),
            "td" | "th" => {
                w.space = true;
                walk(&child, w, depth + 1);
                w.space = true;
            }
            "pre" => {
                w.flush();
                w.pre += 1;
                walk(&child, w, depth + 1);
                w.pre -= 1;
                w.flush();
            }
            _ if BLOCKS.contains(&name) => {
                w.flush();
                walk(&child, w, depth + 1);
                w.flush();
            }
            _ => walk(&child, w, depth + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        render(&Document::from(html))
    }

    #[test]
    fn blocks_become_paragraphs_and_inline_space_collapses() {
        assert_eq!(
            text("<div><h1>A  title</h1><p>One\n   <b>two</b>,<i> three</i></p><ul><li>a</li><li>b</li></ul></div>"),
            "A title\n\nOne two, three\n\na\n\nb\n"
        );
    }

    #[test]
    fn breaks_entities_nbsp_and_quotes_are_kept() {
        assert_eq!(
            text("<p>Line one <br> line&nbsp;two &amp; \u{201c}three\u{201d} &#8217;s</p>"),
            "Line one\nline\u{a0}two & \u{201c}three\u{201d} \u{2019}s\n"
        );
    }

    #[test]
    fn hidden_content_is_not_text() {
        assert_eq!(
            text("<p>Seen<script>var x = 1;</script><style>p{}</style><span hidden>no</span></p>"),
            "Seen\n"
        );
    }
}
