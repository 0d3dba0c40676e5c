//! Cutting a field, or a fragment's definition, out of a document's text as it was written (for the fields a plan
//! leaves to the executor): where each ends, past its arguments and its selection, strings and comments skipped.

/// Where the field whose text starts at `start` ends: past its alias and name, its arguments and its selection.
pub fn field_end(text: &str, start: usize) -> Option<usize> {
    let mut at = name_end(text, start)?;
    let mut next = skip_ignored(text, at);
    if text[next..].starts_with(':') {
        at = name_end(text, skip_ignored(text, next + 1))?;
        next = skip_ignored(text, at);
    }
    if text[next..].starts_with('(') {
        at = balanced(text, next)?;
        next = skip_ignored(text, at);
    }
    if text[next..].starts_with('{') {
        at = balanced(text, next)?;
    }
    Some(at)
}

/// Where the fragment definition whose text starts at `start` ends: past the selection, its first `{` outside any
/// directive's arguments.
pub fn fragment_end(text: &str, start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        at = skip_ignored(text, at);
        match text.as_bytes().get(at)? {
            b'{' => return balanced(text, at),
            b'(' => at = balanced(text, at)?,
            _ => at += text[at..].chars().next()?.len_utf8(),
        }
    }
}

/// Past a name (`[_A-Za-z][_0-9A-Za-z]*`) that starts at `at`.
fn name_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes.get(at).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return None;
    }
    let mut end = at + 1;
    while bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        end += 1;
    }
    Some(end)
}

/// Past white space, commas and comments.
fn skip_ignored(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(b) = bytes.get(at) {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => at += 1,
            b'#' => at += text[at..].find('\n').unwrap_or(text.len() - at),
            _ if text[at..].starts_with('\u{feff}') => at += 3,
            _ => break,
        }
    }
    at
}

/// Past the bracket that opens at `at` and everything up to the one that closes it, strings and comments skipped.
fn balanced(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut at, mut depth) = (start, 0usize);
    loop {
        match *bytes.get(at)? {
            b'"' if text[at..].starts_with("\"\"\"") => {
                let mut end = at + 3;
                // `\"""` inside a block string does not close it.
                loop {
                    end += text[end..].find("\"\"\"")?;
                    if bytes[end - 1] != b'\\' {
                        break;
                    }
                    end += 3;
                }
                at = end + 3;
            }
            b'"' => {
                at += 1;
                while *bytes.get(at)? != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at += 1;
            }
            b'#' => at += text[at..].find('\n')?,
            b'(' | b'{' | b'[' => {
                depth += 1;
                at += 1;
            }
            b')' | b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                at += 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_fragments_are_cut_where_they_end() {
        fn cut(text: &str) -> &str {
            &text[..field_end(text, 0).unwrap()]
        }
        assert_eq!(cut("name code"), "name");
        assert_eq!(cut("n: name, code"), "n: name");
        assert_eq!(cut("a : b (x: \")\", y: {z: [1]}) c"), "a : b (x: \")\", y: {z: [1]})");
        assert_eq!(cut("f(x: 1) # c { \n { a b { c } } d"), "f(x: 1) # c { \n { a b { c } }");
        assert_eq!(cut("f { a(s: \"\"\" } \\\"\"\" \"\"\") } g"), "f { a(s: \"\"\" } \\\"\"\" \"\"\") }");
        let fragment = "fragment F on Estate @x(if: {a: 1}) { code } query";
        assert_eq!(&fragment[..fragment_end(fragment, 0).unwrap()], "fragment F on Estate @x(if: {a: 1}) { code }");
    }
}
