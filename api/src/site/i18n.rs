//! Chinese first, English on request (`?lang=en`, a plain link, so it works without JavaScript): the reader's
//! language, and the words of the site's own frame in it. Names of estates and enterprises stay as they are.

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// From the `lang` query parameter.
    pub fn from_query(query: Option<&str>) -> Self {
        let english = query.unwrap_or_default().split('&').any(|pair| pair == "lang=en");
        if english { Lang::En } else { Lang::Zh }
    }

    /// The `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `?lang=en` for English links, nothing for Chinese ones.
    pub fn suffix(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En => "?lang=en",
        }
    }

    /// Chinese or English.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
