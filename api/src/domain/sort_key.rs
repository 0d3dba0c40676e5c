//! A sort key for Chinese names, written beside the name at write time so that SQLite and PostgreSQL (with a
//! byte-order collation) order names alike, in pinyin order as a Chinese reader expects.
//!
//! Each Han character becomes its toneless pinyin followed by the tone digit (1–4, 5 for the neutral tone), so
//! 濉溪 → `sui1xi1`; the digit also ends the syllable, which keeps 西安 (xi1an1) before 先 (xian1). ASCII letters and
//! digits are lower-cased and kept; other characters are kept as they are, after all of these.

use pinyin::ToPinyin;

pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 2);
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(reading) => {
                let with_tone = reading.with_tone_num_end();
                key.push_str(with_tone);
                if !with_tone.ends_with(|d: char| d.is_ascii_digit()) {
                    key.push('5');
                }
            }
            None if c.is_ascii_alphanumeric() => key.push(c.to_ascii_lowercase()),
            None if c.is_whitespace() => {}
            None => key.push(c),
        }
    }
    key
}

/// The pinyin initials of a name, as people type to find it: 滨河公馆 → `bhgg`. ASCII letters and digits are kept,
/// lower-cased; everything else is left out.
pub fn initials(name: &str) -> String {
    name.chars()
        .zip(name.to_pinyin())
        .filter_map(|(c, reading)| match reading {
            Some(reading) => reading.with_tone_num_end().chars().next(),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

/// The full toneless pinyin of a name, as people type it in full: 书香花园 → `shuxianghuayuan`. ASCII letters and
/// digits are kept, lower-cased; everything else is left out.
pub fn spelling(name: &str) -> String {
    let mut spelled = String::with_capacity(name.len() * 2);
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(reading) => spelled.extend(reading.with_tone_num_end().chars().filter(|c| !c.is_ascii_digit())),
            None if c.is_ascii_alphanumeric() => spelled.push(c.to_ascii_lowercase()),
            None => {}
        }
    }
    spelled
}

/// What people type, as names are written: traditional characters simplified (書香 → 书香), lower-cased, and
/// pinyin typed with spaces or apostrophes closed up (`shu xiang`, `xi'an` → `shuxiang`, `xian`).
pub fn as_typed(text: &str) -> String {
    let simplified = fast2s::convert(text.trim()).to_lowercase();
    if simplified.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\'') {
        simplified.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
    } else {
        simplified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_as_typed_in_full_pinyin_or_traditional_characters() {
        assert_eq!(spelling("书香花园"), "shuxianghuayuan");
        assert_eq!(spelling("A区3号楼"), "aqu3haolou");
        assert_eq!(as_typed(" 書香 "), "书香");
        assert_eq!(as_typed("Shu Xiang"), "shuxiang");
        assert_eq!(as_typed("滨河 雅居"), "滨河 雅居");
    }

    #[test]
    fn han_characters_sort_by_pinyin() {
        assert_eq!(sort_key("濉溪县"), "sui1xi1xian4");
        let mut names = vec!["濉溪镇", "百善镇", "韩村镇", "刘桥镇", "五沟镇", "四铺镇"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["百善镇", "韩村镇", "刘桥镇", "四铺镇", "濉溪镇", "五沟镇"]);
    }

    #[test]
    fn latin_and_digits_are_kept_lowercase() {
        assert_eq!(sort_key("A区 2号"), "aqu12hao4");
    }

    #[test]
    fn initials_are_the_first_letters_of_the_syllables() {
        assert_eq!(initials("滨河公馆"), "bhgg");
        assert_eq!(initials("锦绣花园2期"), "jxhy2q");
        assert_eq!(initials("A区·东门"), "aqdm");
    }
}
