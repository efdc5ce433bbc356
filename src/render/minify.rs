//! Conservative minification of the theme's CSS and JavaScript, to keep every page light: comments and
//! indentation go, strings are never touched.

/// CSS without comments, with whitespace runs collapsed and dropped next to `{ } ; ,` and after `:` in
/// declarations. Strings are copied verbatim.
pub fn css(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush(&mut out, &mut pending_space, c);
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            c => {
                flush(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out.push('\n');
    out
}

/// Writes a pending space before `next` unless a neighbour makes it useless.
fn flush(out: &mut String, pending: &mut bool, next: char) {
    if *pending {
        let prev = out.chars().next_back();
        let useless = prev.is_none()
            || matches!(prev, Some('{' | '}' | ';' | ',' | '>'))
            || matches!(next, '{' | '}' | ';' | ',' | '>');
        if !useless {
            out.push(' ');
        }
        *pending = false;
    }
}

/// JavaScript with each line's indentation and trailing spaces removed, and blank lines and lines that are
/// only a `//` or `/* ... */` comment dropped. Nothing inside a line changes, except that a comment opening a
/// line and closed on it before code (`/** @const */ var a = 1;`) keeps only the code.
pub fn js(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut in_comment = false;
    for line in input.lines() {
        let mut t = line.trim();
        if in_comment {
            match t.find("*/") {
                Some(end) => {
                    in_comment = false;
                    t = t[end + 2..].trim_start();
                }
                None => continue,
            }
        }
        while let Some(rest) = t.strip_prefix("/*") {
            match rest.find("*/") {
                Some(end) => t = rest[end + 2..].trim_start(),
                None => {
                    in_comment = true;
                    t = "";
                }
            }
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_keeps_strings_selectors_and_calc() {
        let input = "/* c */\n:root { --a: 1rem; }\n.a  .b::before { content: \"a  /* b */ ,  c\"; }\n\
                     @media (min-width: 6rem) {\n  .x { margin: calc(-1 * (var(--a) + 2px)) 0; }\n}\n";
        assert_eq!(
            css(input),
            ":root{--a: 1rem;}.a .b::before{content: \"a  /* b */ ,  c\";}@media (min-width: 6rem){.x{margin: calc(-1 * (var(--a) + 2px)) 0;}}\n"
        );
    }

    #[test]
    fn js_drops_indentation_and_comment_lines_only() {
        let input = "/* header\n   more */\n(function () {\n  // note\n  var a = '/* not a comment */';\n\n  return a; // kept\n}());\n";
        assert_eq!(
            js(input),
            "(function () {\nvar a = '/* not a comment */';\nreturn a; // kept\n}());\n"
        );
    }

    #[test]
    fn js_keeps_code_after_a_comment_that_opens_its_line() {
        let input =
            "/** @const */ var a_1 = [\n  1\n];\n/* a\n b */ var b = 2;\n/* c */ /* d */\nvar c;\n";
        assert_eq!(js(input), "var a_1 = [\n1\n];\nvar b = 2;\nvar c;\n");
    }
}
