//! Public-income disclosures (公共收益公示): quarters and their parts, due dates, totals and balances, all over
//! integer fen. Income belongs to all owners after reasonable cost (民法典 art. 282); the enterprise discloses it
//! (art. 943) for the part of each quarter it served.

use super::InvalidField;
use chrono::{Datelike, Days, NaiveDate};

/// When public-income disclosures are due (README, "Money"): a county's setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRules {
    /// Days after a quarter ends within which its disclosure is due.
    pub due_days: u32,
    /// First day of the first quarter whose disclosure is due in wuye (earlier accounts were kept on paper).
    pub from: NaiveDate,
}

impl Default for DueRules {
    fn default() -> Self {
        DueRules { due_days: 30, from: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") }
    }
}

/// A quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub quarter: u32,
}

impl Quarter {
    /// The quarter `quarter` (1–4) of `year`.
    pub fn new(year: i32, quarter: i32) -> Result<Self, InvalidField> {
        let fits = (1..=4).contains(&quarter) && (2000..=2100).contains(&year);
        if !fits {
            let message = "a quarter is 1 to 4 of a year from 2000 to 2100";
            return Err(InvalidField::new("quarter", "quarter", message, "季度应为2000至2100年间某年的第1至4季度"));
        }
        Ok(Quarter { year, quarter: quarter as u32 })
    }

    /// The quarter a day falls in.
    pub fn of(day: NaiveDate) -> Self {
        Quarter { year: day.year(), quarter: (day.month() - 1) / 3 + 1 }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 3 * self.quarter - 2, 1).expect("a quarter's first day")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a quarter's last day")
    }

    pub fn next(self) -> Self {
        if self.quarter == 4 {
            Quarter { year: self.year + 1, quarter: 1 }
        } else {
            Quarter { quarter: self.quarter + 1, ..self }
        }
    }

    /// The day its disclosure is due: `due_days` after it ends.
    pub fn due_on(self, due_days: u32) -> NaiveDate {
        self.last_day().checked_add_days(Days::new(u64::from(due_days))).unwrap_or(NaiveDate::MAX)
    }

    /// The quarters from `self` up to and including `last`, in order.
    pub fn through(self, last: Quarter) -> impl Iterator<Item = Quarter> {
        std::iter::successors(Some(self), |q| Some(q.next())).take_while(move |q| *q <= last)
    }
}

/// The part of `quarter` a party served, given the first day it served and the last (none while it still serves);
/// `None` if it did not serve in the quarter.
pub fn part_served(quarter: Quarter, from: NaiveDate, until: Option<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    let start = from.max(quarter.first_day());
    let end = until.map_or(quarter.last_day(), |u| u.min(quarter.last_day()));
    (start <= end).then_some((start, end))
}

/// One line's amounts, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub gross: i64,
    pub cost: i64,
}

/// A period's totals and balances, in fen, all derived: net = gross − cost; closing = opening + net − transferred
/// to the fund − other use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub gross: i64,
    pub cost: i64,
    pub net: i64,
    pub transferred_to_fund: i64,
    pub other_use: i64,
    pub opening: i64,
    pub closing: i64,
}

/// The totals of a period with these lines and uses, opening with the previous period's closing balance.
pub fn totals(lines: &[Line], transferred_to_fund: i64, other_use: i64, opening: i64) -> Totals {
    let gross: i64 = lines.iter().map(|l| l.gross).sum();
    let cost: i64 = lines.iter().map(|l| l.cost).sum();
    let net = gross - cost;
    let closing = opening + net - transferred_to_fund - other_use;
    Totals { gross, cost, net, transferred_to_fund, other_use, opening, closing }
}

/// Amounts are never negative, and a period cannot hand out more than it has: what is transferred to the fund and
/// otherwise used together stay within the opening balance plus the period's net income.
pub fn check_amounts(
    lines: &[Line],
    transferred_to_fund: i64,
    other_use: i64,
    opening: i64,
) -> Result<(), InvalidField> {
    for (i, line) in lines.iter().enumerate() {
        if line.gross < 0 || line.cost < 0 {
            let message = "income and cost are not negative";
            return Err(InvalidField::new(format!("items[{i}]"), "non-negative", message, "收入和成本不能为负数"));
        }
    }
    for (field, amount) in [("transferredToFund", transferred_to_fund), ("otherUse", other_use)] {
        if amount < 0 {
            return Err(InvalidField::new(field, "non-negative", "must not be negative", "不能为负数"));
        }
    }
    let available = totals(lines, 0, 0, opening).closing;
    if transferred_to_fund + other_use > available {
        let message = format!("transfers and other uses exceed the {available} fen available");
        return Err(InvalidField::new(
            "transferredToFund",
            "within-available",
            message,
            "转入维修资金和其他使用之和超出可分配金额",
        ));
    }
    Ok(())
}

/// A period in a chain of disclosures: its lines and what it handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub lines: Vec<Line>,
    pub transferred_to_fund: i64,
    pub other_use: i64,
}

/// The totals of consecutive periods, each opening with the previous one's closing balance (the first with 0).
pub fn chain(periods: &[Period]) -> Vec<Totals> {
    let mut opening = 0;
    periods
        .iter()
        .map(|p| {
            let t = totals(&p.lines, p.transferred_to_fund, p.other_use, opening);
            opening = t.closing;
            t
        })
        .collect()
}

/// Who owes the disclosure of a part of a quarter: the enterprise serving under a contract (by the contract's id),
/// or the owners' committee where no contract was in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Discloser {
    Contract(i64),
    Committee,
}

impl Discloser {
    /// The key naming the part within its quarter: the contract's id, or 0 for the committee's part.
    pub fn part_key(self) -> i64 {
        match self {
            Discloser::Contract(id) => id,
            Discloser::Committee => 0,
        }
    }
}

/// The parts of `quarter` that are owed a disclosure: one per contract in force during it (its served part);
/// where none was, the whole quarter, by the committee, if one existed during it. `contracts` are (id, first day,
/// last day served if it ended), `committees` (formed on, dissolved on).
pub fn parts_owed(
    quarter: Quarter,
    contracts: &[(i64, NaiveDate, Option<NaiveDate>)],
    committees: &[(NaiveDate, Option<NaiveDate>)],
) -> Vec<(Discloser, NaiveDate, NaiveDate)> {
    let served: Vec<(Discloser, NaiveDate, NaiveDate)> = contracts
        .iter()
        .filter_map(|&(id, from, until)| {
            part_served(quarter, from, until).map(|(start, end)| (Discloser::Contract(id), start, end))
        })
        .collect();
    if !served.is_empty() {
        return served;
    }
    let committee_existed =
        committees.iter().any(|&(formed, dissolved)| part_served(quarter, formed, dissolved).is_some());
    if committee_existed { vec![(Discloser::Committee, quarter.first_day(), quarter.last_day())] } else { Vec::new() }
}

/// How a counterparty is shown to the public: a private person only as 个人 (个人信息保护法).
pub fn public_counterparty(name: &str, is_person: bool) -> &str {
    if is_person { "个人" } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_have_their_days_and_due_dates() {
        let q4 = Quarter::new(2025, 4).unwrap();
        assert_eq!((q4.first_day(), q4.last_day()), (day(2025, 10, 1), day(2025, 12, 31)));
        assert_eq!(q4.next(), Quarter { year: 2026, quarter: 1 });
        assert_eq!(q4.due_on(30), day(2026, 1, 30));
        assert_eq!(Quarter::of(day(2026, 9, 30)), Quarter { year: 2026, quarter: 3 });
        assert_eq!(Quarter::new(2026, 1).unwrap().last_day(), day(2026, 3, 31));
        let through: Vec<Quarter> = Quarter::new(2025, 3).unwrap().through(Quarter::new(2026, 1).unwrap()).collect();
        assert_eq!(through.len(), 3);
        assert_eq!(Quarter::new(2026, 5).unwrap_err().violation.rule, "quarter");
    }

    #[test]
    fn a_quarter_in_which_service_changed_hands_has_two_parts() {
        let q = Quarter::new(2026, 2).unwrap();
        assert_eq!(part_served(q, day(2023, 5, 1), Some(day(2026, 5, 15))), Some((day(2026, 4, 1), day(2026, 5, 15))));
        assert_eq!(part_served(q, day(2026, 5, 16), None), Some((day(2026, 5, 16), day(2026, 6, 30))));
        assert_eq!(part_served(q, day(2026, 7, 1), None), None, "started after the quarter");
        assert_eq!(part_served(q, day(2020, 1, 1), Some(day(2026, 3, 31))), None, "ended before it");
    }

    #[test]
    fn totals_and_balances_follow_from_the_lines() {
        let lines = [Line { gross: 10, cost: 0 }, Line { gross: 20, cost: 5 }];
        let t = totals(&lines, 10, 5, 100);
        assert_eq!((t.gross, t.cost, t.net, t.closing), (30, 5, 25, 110));
        assert_eq!(totals(&[Line { gross: 10, cost: 0 }, Line { gross: 20, cost: 0 }], 0, 0, 0).gross, 30);
    }

    #[test]
    fn amounts_are_not_negative_and_uses_stay_within_what_is_available() {
        let lines = [Line { gross: 1_000, cost: 200 }];
        assert!(check_amounts(&lines, 800, 0, 0).is_ok());
        assert!(check_amounts(&lines, 800, 100, 100).is_ok());
        assert_eq!(check_amounts(&lines, 801, 0, 0).unwrap_err().violation.rule, "within-available");
        assert_eq!(check_amounts(&[Line { gross: -1, cost: 0 }], 0, 0, 0).unwrap_err().field, "items[0]");
        assert_eq!(check_amounts(&lines, 0, -1, 0).unwrap_err().field, "otherUse");
    }

    #[test]
    fn a_chain_opens_each_period_with_the_last_closing() {
        let period = |gross, transferred| Period {
            lines: vec![Line { gross, cost: 0 }],
            transferred_to_fund: transferred,
            other_use: 0,
        };
        let totals = chain(&[period(100, 60), period(50, 80)]);
        assert_eq!((totals[0].opening, totals[0].closing), (0, 40));
        assert_eq!((totals[1].opening, totals[1].closing), (40, 10));
    }

    #[test]
    fn parts_are_owed_by_contracts_or_else_by_the_committee() {
        let q = Quarter::new(2026, 2).unwrap();
        let contracts = [(7, day(2023, 1, 1), Some(day(2026, 5, 15))), (9, day(2026, 5, 16), None)];
        let parts = parts_owed(q, &contracts, &[]);
        assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), vec![Discloser::Contract(7), Discloser::Contract(9)]);
        let committees = [(day(2025, 1, 1), None)];
        assert_eq!(parts_owed(q, &[], &committees), vec![(Discloser::Committee, q.first_day(), q.last_day())]);
        assert!(parts_owed(q, &[], &[(day(2020, 1, 1), Some(day(2026, 3, 31)))]).is_empty());
        assert_eq!(Discloser::Committee.part_key(), 0);
    }

    #[test]
    fn private_persons_are_shown_as_individuals() {
        assert_eq!(public_counterparty("张三", true), "个人");
        assert_eq!(public_counterparty("中国移动濉溪分公司", false), "中国移动濉溪分公司");
    }
}
