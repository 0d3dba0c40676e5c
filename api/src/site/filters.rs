//! The templates' own filter: `unbroken`, for text that may hold a date or an amount inside a sentence
//! (`当前等级 D，自2026年12月8日起。`). Chinese text may break between any two characters, so a date would wrap
//! over two lines on a phone (2026年12 / 月8日); the filter escapes the text and keeps each date and amount on one
//! line (`<span class="nowrap">`). Templates write `{{ sentence|unbroken }}`.

use askama::filters::Safe;

/// The length in bytes of a run of ASCII digits at the start of `text`, if it has `min..=max` of them.
fn digits(text: &str, min: usize, max: usize) -> Option<usize> {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    (min..=max).contains(&n).then_some(n)
}

/// The length of the date or amount at the start of `text`, as the site writes them: `2026年12月8日`,
/// `8 Dec 2026`, `¥3,819,398.77`, `-¥5.00`.
fn figure_at(text: &str) -> Option<usize> {
    let chinese_date = || {
        let mut at = digits(text, 4, 4)?;
        for unit in ['年', '月'] {
            at += text[at..].strip_prefix(unit).map(|_| unit.len_utf8())?;
            at += digits(&text[at..], 1, 2)?;
        }
        at += text[at..].strip_prefix('日').map(|_| '日'.len_utf8())?;
        Some(at)
    };
    let english_date = || {
        let mut at = digits(text, 1, 2)?;
        let rest = text[at..].strip_prefix(' ')?;
        let month = rest.get(..3).filter(|m| m.bytes().all(|b| b.is_ascii_alphabetic()))?;
        at += 1 + month.len();
        at += text[at..].strip_prefix(' ').map(|_| 1)?;
        at += digits(&text[at..], 4, 4)?;
        Some(at)
    };
    let amount = || {
        let sign = usize::from(text.starts_with('-'));
        let mut at = sign + text[sign..].strip_prefix('¥').map(|_| '¥'.len_utf8())?;
        at += text[at..].bytes().take_while(|b| b.is_ascii_digit() || *b == b',').count();
        at += text[at..].strip_prefix('.').map(|_| 1)?;
        at += digits(&text[at..], 2, 2)?;
        Some(at)
    };
    chinese_date().or_else(english_date).or_else(amount)
}

/// `c` escaped for HTML.
fn escape(c: char, html: &mut String) {
    match c {
        '&' => html.push_str("&amp;"),
        '<' => html.push_str("&lt;"),
        '>' => html.push_str("&gt;"),
        '"' => html.push_str("&quot;"),
        '\'' => html.push_str("&#39;"),
        c => html.push(c),
    }
}

/// `text` escaped for HTML, each date and amount in it kept on one line.
pub fn unbroken_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 32);
    let mut rest = text;
    let mut previous_is_digit = false;
    while let Some(c) = rest.chars().next() {
        // A figure starts where no digit runs into it.
        if !previous_is_digit && let Some(len) = figure_at(rest) {
            html.push_str("<span class=\"nowrap\">");
            rest[..len].chars().for_each(|c| escape(c, &mut html));
            html.push_str("</span>");
            rest = &rest[len..];
            previous_is_digit = false;
            continue;
        }
        escape(c, &mut html);
        previous_is_digit = c.is_ascii_digit();
        rest = &rest[c.len_utf8()..];
    }
    html
}

/// `{{ text|unbroken }}`: the text escaped, each date and amount kept on one line.
#[askama::filter_fn]
pub fn unbroken<T: std::fmt::Display>(text: T, _: &dyn askama::Values) -> askama::Result<Safe<String>> {
    Ok(Safe(unbroken_html(&text.to_string())))
}

#[cfg(test)]
mod tests {
    use super::unbroken_html;

    #[test]
    fn dates_and_amounts_stay_on_one_line_and_the_rest_is_escaped() {
        assert_eq!(
            unbroken_html("当前等级 D，自2026年12月8日起 <b>"),
            "当前等级 D，自<span class=\"nowrap\">2026年12月8日</span>起 &lt;b&gt;"
        );
        assert_eq!(
            unbroken_html("Grade A since 8 Dec 2026."),
            "Grade A since <span class=\"nowrap\">8 Dec 2026</span>."
        );
        assert_eq!(unbroken_html("余额 -¥3,819,398.77"), "余额 <span class=\"nowrap\">-¥3,819,398.77</span>");
        assert_eq!(unbroken_html("12026年1月1日"), "12026年1月1日", "no figure begins inside a number");
    }
}
