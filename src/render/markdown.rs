//! Markdown to HTML: raw HTML shown as text, `@` links resolved, unsafe links dropped, code highlighted by class.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::resolve::links::is_unsafe_url;
use crate::resolve::Site;

/// CSS class prefix of highlighted code tokens.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Syntect's packed syntaxes, loaded once and only when a code block needs them.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders `markdown` for a page whose path to the site root is `root` (`""` or `"../"`).
pub fn render(markdown: &str, site: &Site, root: &str) -> String {
    // Smart punctuation: the dossier's own prose gets curly quotes, dashes and ellipses (sources never pass here).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, String)> = None;
    // Links whose start was dropped must also lose their end.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut dropped_images: Vec<bool> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(CowStr::from(highlight(lang, text))));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match link_href(&dest_url, site, root) {
                Some(href) => {
                    dropped_links.push(false);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(href),
                        title,
                        id,
                    }));
                }
                None => dropped_links.push(true),
            },
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Only images shipped with the site: a remote one would be an outside request, an unsafe one worse.
                let local = !dest_url.contains(':') && !dest_url.starts_with("//");
                dropped_images.push(!local);
                if local {
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) => {
                if !dropped_images.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Image));
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Renders Markdown that should sit inline (a title or a note): one paragraph's content, no `<p>`.
pub fn render_inline(markdown: &str, site: &Site, root: &str) -> String {
    let html = render(markdown, site, root);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

/// The href for a link destination, or `None` to drop the link (unsafe or unresolvable).
fn link_href(dest: &str, site: &Site, root: &str) -> Option<String> {
    if let Some(target) = dest.strip_prefix('@') {
        return site
            .resolve_ref(target)
            .ok()
            .map(|t| format!("{root}{}", t.href));
    }
    if is_unsafe_url(dest) {
        return None;
    }
    Some(dest.to_owned())
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            // A syntax that fails on odd input falls back to plain, escaped text.
            return format!("<pre class=\"code\"><code>{}</code></pre>", escape(code));
        }
    }
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\"{lang_class}><code>{}</code></pre>",
        generator.finalize()
    )
}

/// The highlighting stylesheet for light and dark schemes, in the classes used above.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let light = syntect::html::css_for_theme_with_class_style(
        &themes.themes["InspiredGitHub"],
        CLASS_STYLE,
    )
    .unwrap_or_default();
    let dark = syntect::html::css_for_theme_with_class_style(
        &themes.themes["base16-ocean.dark"],
        CLASS_STYLE,
    )
    .unwrap_or_default();
    format!("/* Code highlighting (syntect) */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

/// Escapes text for HTML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML content and attributes.
pub fn escape_into(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).expect("writing to a String cannot fail");
}

/// The text of `markdown` as plain words (links keep their text, code its content), typeset like the
/// rendered prose, for meta descriptions and image cards.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let blank = |out: &String| out.is_empty() || out.ends_with(' ');
    for event in Parser::new_ext(markdown, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !blank(&out) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    let kept = cut[..at].trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    format!("{kept}…")
}

/// True if any Markdown text in the site has a fenced or indented code block.
pub fn has_code(markdown: &str) -> bool {
    // A code block is fenced (``` or ~~~) or indented (four spaces or a tab): without either, there is none,
    // and most texts are told so without being parsed.
    static FOUR_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"    "));
    let bytes = markdown.as_bytes();
    let may =
        memchr::memchr3(b'`', b'~', b'\t', bytes).is_some() || FOUR_SPACES.find(bytes).is_some();
    may && Parser::new(markdown).any(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render, truncate_words};

    #[test]
    fn code_blocks_are_found_however_they_are_written() {
        use pulldown_cmark::{Event, Parser, Tag};
        let samples = [
            ("plain *prose*, `inline code` only", false),
            ("```\nfenced\n```", true),
            ("~~~rust\ntilde\n~~~", true),
            ("para\n\n    indented", true),
            ("para\n\n\tindented by a tab", true),
            (">     indented in a quote", true),
            ("- item\n\n      code in a list item", true),
            ("two  spaces   three, never four", false),
        ];
        for (markdown, expected) in samples {
            let parsed =
                Parser::new(markdown).any(|e| matches!(e, Event::Start(Tag::CodeBlock(_))));
            assert_eq!(parsed, expected, "{markdown:?} parses as expected");
            assert_eq!(super::has_code(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn plain_text_keeps_words_and_typesets_them() {
        assert_eq!(
            plain_text("It's [the *offer*](@pay/offer) -- `x`.\n\nSecond paragraph."),
            "It’s the offer – x. Second paragraph."
        );
    }

    #[test]
    fn long_text_is_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("one two, three four", 12), "one two…");
        assert!(truncate_words(&"word ".repeat(100), 160).chars().count() <= 160);
    }

    #[test]
    fn editorial_prose_gets_smart_punctuation_and_code_does_not() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, ..) = crate::resolve_site(root).expect("the real dossier resolves");
        let html = render(
            "The mayor's \"final\" offer -- or not --- wait... `it's \"code\"`",
            &site,
            "",
        );
        assert!(
            html.contains("The mayor’s “final” offer – or not — wait… <code>it's \"code\"</code>"),
            "{html}"
        );
    }
}
