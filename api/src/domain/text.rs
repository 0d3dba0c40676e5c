//! Free text and phone numbers as staff type them: trimmed, required where the record needs them, bounded in length.

use super::InvalidField;

/// Longest free text accepted, in characters.
pub const MAX_CHARS: usize = 500;

/// A text that must not be blank, trimmed; at most [`MAX_CHARS`] characters.
pub fn required(field: &str, text: &str) -> Result<String, InvalidField> {
    let text = text.trim();
    if text.is_empty() {
        return Err(InvalidField::new(field, "required", "must not be blank", "不能为空"));
    }
    if text.chars().count() > MAX_CHARS {
        return Err(InvalidField::new(
            field,
            "max-length",
            format!("must be at most {MAX_CHARS} characters"),
            format!("不能超过{MAX_CHARS}个字符"),
        ));
    }
    Ok(text.to_owned())
}

/// An optional text: blank reads as none; otherwise trimmed and at most [`MAX_CHARS`] characters, as [`required`].
pub fn optional(field: &str, text: Option<&str>) -> Result<Option<String>, InvalidField> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => required(field, text).map(Some),
        None => Ok(None),
    }
}

/// An optional phone number: digits with `-`, `+` and spaces, at most 20 characters; blank reads as none.
pub fn phone(field: &str, phone: Option<&str>) -> Result<Option<String>, InvalidField> {
    let Some(phone) = phone.map(str::trim).filter(|p| !p.is_empty()) else { return Ok(None) };
    let well_formed = phone.len() <= 20
        && phone.bytes().any(|b| b.is_ascii_digit())
        && phone.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+' || b == b' ');
    if !well_formed {
        return Err(InvalidField::new(field, "phone", "not a phone number", "不是有效的电话号码"));
    }
    Ok(Some(phone.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_texts_are_trimmed_and_bounded() {
        assert_eq!(required("name", "  滨河公馆 ").unwrap(), "滨河公馆");
        assert_eq!(required("name", " \t ").unwrap_err().violation.rule, "required");
        let long = "字".repeat(MAX_CHARS + 1);
        assert_eq!(required("name", &long).unwrap_err().violation.rule, "max-length");
        assert!(required("name", &"字".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn phones_take_digits_dashes_plus_and_spaces() {
        assert_eq!(phone("phone", Some(" 0561-6800123 ")).unwrap().as_deref(), Some("0561-6800123"));
        assert_eq!(phone("phone", Some("+86 139 0000 0000")).unwrap().as_deref(), Some("+86 139 0000 0000"));
        assert_eq!(phone("phone", Some("  ")).unwrap(), None);
        assert_eq!(phone("phone", None).unwrap(), None);
        for bad in ["call me", "0561-68x0123", "123456789012345678901", "--"] {
            let error = phone("phone", Some(bad)).unwrap_err();
            assert_eq!((error.field.as_str(), error.violation.rule), ("phone", "phone"), "{bad}");
        }
    }
}
