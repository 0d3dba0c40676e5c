//! The five sheets of a county's registry — enterprises, estates, contracts, committees and their members — as the
//! template lays them out and the import reads them: each column's Chinese header, the English field name beneath
//! it (the field of the schema's input type where there is one, whose description explains it), whether it must be
//! filled, what it holds, and an example. Rows refer to each other by code: a contract names its estate's code and
//! its enterprise's credit code, a committee and its members their estate's code.

use super::cells::{Cell, Grid};
use entity::vocab::{CODE_LISTS, CodeList};

/// What a column holds, and so how a cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words (a name, an address): a number there is a mistake.
    Text,
    /// A code or a phone number: text, or digits a spreadsheet may have stored as a number.
    Identifier,
    /// One value of the named code list: its code, or its Chinese or English label.
    Code(&'static str),
    /// Several values of the named code list, separated by commas (、，, or ;).
    Codes(&'static str),
    Integer,
    /// A decimal with at most two places (money, areas).
    Decimal,
    /// Degrees of latitude or longitude.
    Degrees,
    /// A day: `2026-03-01`, `2026/3/1`, `2026年3月1日`, or a date cell.
    Date,
    /// 是/否, Y/N, true/false, 1/0.
    YesNo,
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The Chinese header.
    pub zh: &'static str,
    /// The English field name beneath it.
    pub field: &'static str,
    pub required: bool,
    pub kind: Kind,
    pub example: &'static str,
    /// What the column means where the schema's input type has no such field (a reference by code), in Chinese and
    /// English; `None` where the input field's description says it.
    pub note: Option<(&'static str, &'static str)>,
}

/// One sheet of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// Its name in the workbook, Chinese.
    pub zh: &'static str,
    /// What it is in English (also accepted as its name, and as a CSV file's name).
    pub en: &'static str,
    /// The schema's input type whose field descriptions explain the columns.
    pub input: &'static str,
    pub columns: &'static [Column],
}

const fn column(zh: &'static str, field: &'static str, required: bool, kind: Kind, example: &'static str) -> Column {
    Column { zh, field, required, kind, example, note: None }
}

const fn noted(
    zh: &'static str,
    field: &'static str,
    kind: Kind,
    example: &'static str,
    note: (&'static str, &'static str),
) -> Column {
    Column { zh, field, required: true, kind, example, note: Some(note) }
}

const ESTATE_CODE: (&str, &str) = (
    "小区编码，与“小区”表或 wuye 中已有的小区编码一致",
    "The estate's code, as in the estates sheet or already in wuye",
);

pub const ENTERPRISES: Sheet = Sheet {
    zh: "企业",
    en: "enterprises",
    input: "RegisterEnterpriseInput",
    columns: &[
        column("统一社会信用代码", "creditCode", true, Kind::Identifier, "91340621MA2T9999X4"),
        column("企业名称", "name", true, Kind::Text, "濉溪县示例物业服务有限公司"),
        column("法定代表人", "legalRepresentative", true, Kind::Text, "张三"),
        column("住所", "address", true, Kind::Text, "濉溪县濉溪镇示例路1号"),
        column("联系电话", "phone", false, Kind::Identifier, "0561-6012345"),
    ],
};

pub const ESTATES: Sheet = Sheet {
    zh: "小区",
    en: "estates",
    input: "CreateEstateInput",
    columns: &[
        Column {
            zh: "小区编码",
            field: "code",
            required: false,
            kind: Kind::Identifier,
            example: "XQ3406219001",
            note: Some((
                "XQ + 县代码 + 序号；留空则由 wuye 编码（此时合同、委员会表无法引用该小区，再次导入时按社区与名称对应）",
                "XQ, the county code and a serial; left empty, wuye numbers the estate (the contracts and committees \
                 sheets cannot then refer to it, and a second import finds it by community and name)",
            )),
        },
        column("社区代码", "communityCode", true, Kind::Identifier, "340621100001"),
        column("小区名称", "name", true, Kind::Text, "示例花园"),
        column("地址", "address", true, Kind::Text, "濉溪镇示例路88号"),
        column("纬度", "location.latitude", false, Kind::Degrees, "33.916"),
        column("经度", "location.longitude", false, Kind::Degrees, "116.766"),
        column("房屋类型", "housingType", true, Kind::Code("HousingType"), "商品房"),
        column("服务模式", "serviceMode", true, Kind::Code("ServiceMode"), "市场化"),
        column("五有服务", "fiveBasics", false, Kind::Codes("FiveBasicsService"), ""),
        column("楼栋数", "buildings", true, Kind::Integer, "12"),
        column("户数", "households", true, Kind::Integer, "480"),
        column("专有部分面积（㎡）", "privateArea", true, Kind::Decimal, "52000.00"),
        column("物业管理用房面积（㎡）", "managementRoomArea", true, Kind::Decimal, "320.00"),
        column("竣工年份", "completedYear", false, Kind::Integer, "2015"),
    ],
};

pub const CONTRACTS: Sheet = Sheet {
    zh: "合同",
    en: "contracts",
    input: "CreateContractInput",
    columns: &[
        noted("小区编码", "estateCode", Kind::Identifier, "XQ3406219001", ESTATE_CODE),
        noted(
            "企业信用代码",
            "enterpriseCreditCode",
            Kind::Identifier,
            "91340621MA2T9999X4",
            (
                "企业的统一社会信用代码，与“企业”表或 wuye 中已有的一致",
                "The enterprise's credit code, as in the enterprises sheet or already in wuye",
            ),
        ),
        column("开始日期", "startOn", true, Kind::Date, "2024-01-01"),
        column("结束日期", "endOn", true, Kind::Date, "2026-12-31"),
        column("物业费（元/㎡·月）", "feePerSquareMeterMonth", true, Kind::Decimal, "1.20"),
        column("选聘方式", "selection", true, Kind::Code("SelectionMethod"), "招投标"),
    ],
};

pub const COMMITTEES: Sheet = Sheet {
    zh: "委员会",
    en: "committees",
    input: "FormManagementCommitteeInput",
    columns: &[
        noted("小区编码", "estateCode", Kind::Identifier, "XQ3406219001", ESTATE_CODE),
        noted(
            "类型",
            "kind",
            Kind::Code("CommitteeKind"),
            "业主委员会",
            (
                "业主委员会（业主大会选举）或物业管理委员会（镇组建）",
                "An owners' committee (elected) or a management committee (formed by the town)",
            ),
        ),
        noted(
            "成立或选举日期",
            "formedOn",
            Kind::Date,
            "2023-06-18",
            (
                "物业管理委员会的组建日期，或业主委员会的选举日期",
                "The day a management committee was formed, or an owners' committee elected",
            ),
        ),
        Column {
            zh: "备案日期",
            field: "filedOn",
            required: false,
            kind: Kind::Date,
            example: "2023-07-01",
            note: Some((
                "业主委员会的备案日期（业主委员会必填）",
                "The day an owners' committee was filed (required for one)",
            )),
        },
        column("任期届满日期", "termEnd", false, Kind::Date, "2028-06-17"),
    ],
};

pub const MEMBERS: Sheet = Sheet {
    zh: "委员",
    en: "committee members",
    input: "CommitteeMemberInput",
    columns: &[
        noted("小区编码", "estateCode", Kind::Identifier, "XQ3406219001", ESTATE_CODE),
        column("姓名", "name", true, Kind::Text, "李四"),
        column("职务", "position", true, Kind::Code("MemberPosition"), "主任"),
        column("来源", "affiliation", true, Kind::Code("MemberAffiliation"), "业主"),
        column("是否业主代表", "isOwnerRepresentative", true, Kind::YesNo, "是"),
        column("是否党员", "isPartyMember", true, Kind::YesNo, "是"),
        column("优先人选标签", "tags", false, Kind::Codes("MemberTag"), ""),
        column("联系电话", "phone", false, Kind::Identifier, "13800000000"),
    ],
};

/// The sheets, in the order they are read: what a sheet refers to comes before it.
pub const SHEETS: [Sheet; 5] = [ENTERPRISES, ESTATES, CONTRACTS, COMMITTEES, MEMBERS];

/// The code list named `name`.
pub fn code_list(name: &str) -> &'static CodeList {
    CODE_LISTS.iter().find(|list| list.name == name).expect("every column's code list exists")
}

/// The values of a code list as a drop-down offers them: the Chinese label.
pub fn choices(name: &str) -> Vec<&'static str> {
    code_list(name).values.iter().map(|v| v.label_zh).collect()
}

impl Sheet {
    /// Whether a grid is this sheet: by its name (Chinese or English), or, for a CSV file named otherwise, by its
    /// headers.
    pub fn matches(&self, grid: &Grid) -> bool {
        let name = grid.name.trim();
        name == self.zh || name.eq_ignore_ascii_case(self.en) || self.header_row(grid).is_some()
    }

    /// The row (index into `grid.rows`) holding this sheet's headers: the first whose cells name every required
    /// column, in Chinese or by field name.
    pub fn header_row(&self, grid: &Grid) -> Option<usize> {
        grid.rows.iter().take(10).position(|row| {
            let names: Vec<String> = row.iter().map(Cell::shown).collect();
            self.columns.iter().filter(|c| c.required).all(|c| names.iter().any(|n| heads(c, n)))
        })
    }

    /// Where each column is in the header row (`None` for an optional column left out).
    pub fn positions(&self, header: &[Cell]) -> Vec<Option<usize>> {
        let names: Vec<String> = header.iter().map(Cell::shown).collect();
        self.columns.iter().map(|c| names.iter().position(|n| heads(c, n))).collect()
    }
}

/// Whether a header cell's text names `column`: its Chinese header, or its field name, either maybe with the other
/// beside it (the template puts the field name on the row beneath; a person may merge them into one cell).
fn heads(column: &Column, text: &str) -> bool {
    let text = text.trim();
    text == column.zh
        || text.eq_ignore_ascii_case(column.field)
        || column.field.rsplit_once('.').is_some_and(|(_, last)| text.eq_ignore_ascii_case(last))
        || text.split_whitespace().next().is_some_and(|first| first == column.zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_its_code_list_and_an_explanation() {
        let sdl = crate::graphql::sdl();
        for sheet in SHEETS {
            assert!(sdl.contains(&format!("input {} ", sheet.input)), "{}", sheet.input);
            for column in sheet.columns {
                if let Kind::Code(list) | Kind::Codes(list) = column.kind {
                    assert!(!choices(list).is_empty(), "{list}");
                }
                let in_input = super::super::template::description(&sdl, sheet.input, column.field).is_some();
                assert!(in_input || column.note.is_some(), "{}.{} is explained nowhere", sheet.en, column.field);
            }
        }
    }

    #[test]
    fn headers_are_found_in_chinese_or_by_field_name() {
        let grid = |cells: &[&str]| Grid {
            name: "Sheet1".into(),
            rows: vec![vec![], cells.iter().map(|c| Cell::Text(c.to_string())).collect()],
        };
        let chinese = grid(&["统一社会信用代码", "企业名称", "法定代表人", "住所"]);
        assert_eq!(ENTERPRISES.header_row(&chinese), Some(1));
        assert!(ENTERPRISES.matches(&chinese) && !ESTATES.matches(&chinese));
        let english = grid(&["creditCode", "NAME", "legalRepresentative", "address", "phone"]);
        assert_eq!(ENTERPRISES.positions(&english.rows[1]), [Some(0), Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(ENTERPRISES.header_row(&grid(&["企业名称"])), None);
    }
}
