//! Wire formats of exact quantities and calendar values. Money and areas are decimal strings, never floats.

use crate::domain::fixed_point;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

fn string_input<'a>(value: &'a Value, what: &str) -> Result<&'a str, String> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(format!("{what} is written as a string such as \"1234.56\", never a number")),
    }
}

/// Declares a scalar written as a decimal string with two places over a `fixed_point` quantity.
macro_rules! decimal_scalar {
    ($(#[doc = $doc:literal] $name:ident = $graphql_name:literal)+) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(pub fixed_point::$name);

        #[doc = $doc]
        #[Scalar(name = $graphql_name)]
        impl ScalarType for $name {
            fn parse(value: Value) -> InputValueResult<Self> {
                let text = string_input(&value, stringify!($name)).map_err(InputValueError::custom)?;
                fixed_point::$name::parse(text)
                    .map($name)
                    .map_err(|v| InputValueError::custom(format!("{} [{}]", v.message, v.rule)))
            }

            fn to_value(&self) -> Value {
                Value::String(self.0.to_string())
            }
        }

        impl $name {
            /// The quantity stored as this integer (fen, hundredths of m²).
            pub fn stored(value: i64) -> Self {
                $name(fixed_point::$name(value))
            }
        }
    )+};
}

decimal_scalar! {
    /// 金额 An amount of money in CNY, as a decimal string with two places, e.g. "1234.56" (stored as integer fen).
    Money = "Money"
    /// 面积 A floor area in m², as a decimal string with two places, e.g. "12345.67" (stored as integer hundredths).
    Area = "Area"
    /// 分数 An assessment score from 0 to 100, as a decimal string with two places, e.g. "96.50".
    Score = "Score"
}

/// 日期 A calendar date of the county (Asia/Shanghai), "YYYY-MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// 日期 A calendar date of the county (Asia/Shanghai), "YYYY-MM-DD".
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom(format!("'{text}' is not a date YYYY-MM-DD"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// 时间 An instant, RFC 3339 in UTC, e.g. "2026-11-27T01:35:00Z".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// 时间 An instant, RFC 3339 in UTC, e.g. "2026-11-27T01:35:00Z".
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|_| InputValueError::custom(format!("'{text}' is not an RFC 3339 instant"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}
