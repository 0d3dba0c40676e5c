//! The import template (`wuye import --template FILE.xlsx`, and the workbench's download): one sheet per kind with
//! the Chinese headers, the English field names beneath them and a row of examples (which the import skips if it
//! is left in place); the code lists as drop-downs; and a sheet 说明 explaining every column from the schema's
//! descriptions of the matching input fields.

use super::sheets::{Column, Kind, SHEETS, Sheet, choices, code_list};
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
use rust_xlsxwriter::{Color, DataValidation, Format, Workbook, Worksheet, XlsxError};

/// The rows a template's drop-downs and formats cover below the headers.
const ROWS: u32 = 10_000;

/// The template workbook's bytes.
pub fn template() -> Result<Vec<u8>, XlsxError> {
    let sdl = crate::graphql::sdl();
    let mut workbook = Workbook::new();
    for sheet in SHEETS {
        write_sheet(workbook.add_worksheet(), &sheet)?;
    }
    write_explanations(workbook.add_worksheet(), &sdl)?;
    workbook.save_to_buffer()
}

fn write_sheet(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.zh)?;
    let required = Format::new().set_bold().set_background_color(Color::RGB(0xFFE7A8));
    let optional = Format::new().set_bold().set_background_color(Color::RGB(0xE8F0E8));
    let field = Format::new().set_italic().set_font_color(Color::RGB(0x666666));
    let example = Format::new().set_font_color(Color::RGB(0x1F5C99));
    let text = Format::new().set_num_format("@");
    for (index, column) in sheet.columns.iter().enumerate() {
        let col = index as u16;
        let header = if column.required { &required } else { &optional };
        worksheet.write_string_with_format(0, col, column.zh, header)?;
        worksheet.write_string_with_format(1, col, column.field, &field)?;
        if !column.example.is_empty() {
            worksheet.write_string_with_format(2, col, column.example, &example)?;
        }
        worksheet.set_column_width(col, (column.zh.chars().count() as f64 * 2.2).max(14.0))?;
        if matches!(column.kind, Kind::Text | Kind::Identifier) {
            // Codes such as credit codes and phone numbers stay text: Excel would otherwise drop leading zeros.
            worksheet.set_column_format(col, &text)?;
        }
        if let Some(validation) = validation(column)? {
            worksheet.add_data_validation(2, col, ROWS, col, &validation)?;
        }
    }
    worksheet.set_freeze_panes(2, 0)?;
    Ok(())
}

/// A column's drop-down or check, if it has one.
fn validation(column: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let list = match column.kind {
        Kind::Code(name) => choices(name),
        Kind::YesNo => vec!["是", "否"],
        _ => return Ok(None),
    };
    let message = format!("请从列表中选择 Choose from the list: {}", column.zh);
    Ok(Some(DataValidation::new().allow_list_strings(&list)?.set_input_message(message)?))
}

fn write_explanations(worksheet: &mut Worksheet, sdl: &str) -> Result<(), XlsxError> {
    worksheet.set_name("说明")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let headers =
        ["表 Sheet", "列 Column", "字段 Field", "必填 Required", "格式与取值 Format and values", "说明 Meaning"];
    for (col, header) in headers.iter().enumerate() {
        worksheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (col, width) in [14.0, 22.0, 24.0, 10.0, 48.0, 80.0].into_iter().enumerate() {
        worksheet.set_column_width(col as u16, width)?;
    }
    let mut row = 1;
    for sheet in SHEETS {
        for column in sheet.columns {
            let meaning = match column.note {
                Some((zh, en)) => format!("{zh}。{en}."),
                None => description(sdl, sheet.input, column.field).unwrap_or_default(),
            };
            let cells = [
                format!("{} {}", sheet.zh, sheet.en),
                column.zh.to_owned(),
                column.field.to_owned(),
                if column.required { "是 Yes" } else { "否 No" }.to_owned(),
                format_of(column.kind),
                meaning,
            ];
            for (col, cell) in cells.iter().enumerate() {
                worksheet.write_string_with_format(row, col as u16, cell, &wrap)?;
            }
            row += 1;
        }
    }
    let rules = [
        "第 1 行为中文列名，第 2 行为英文字段名，第 3 行为示例（原样保留时导入会跳过）。Row 1 holds the Chinese headers, row 2 \
         the field names, row 3 an example (skipped by the import if left as it is).",
        "各表按 企业 → 小区 → 合同 → 委员会 → 委员 的顺序导入，后面的表可引用前面表中的编码。The sheets are imported in this \
         order, and a sheet may refer to codes of the sheets before it.",
        "先试运行（不写入），无错误后再加 --commit 写入；同一文件再次导入不会产生变化。A dry run comes first and writes \
         nothing; --commit writes once it finds no error; importing the same file again changes nothing.",
    ];
    for (offset, rule) in rules.iter().enumerate() {
        worksheet.write_string(row + 1 + offset as u32, 0, *rule)?;
    }
    Ok(())
}

/// What a column of `kind` takes, in both languages.
fn format_of(kind: Kind) -> String {
    match kind {
        Kind::Text => "文本 Text".into(),
        Kind::Identifier => "代码或号码（文本）Code or number, as text".into(),
        Kind::Integer => "整数 Whole number".into(),
        Kind::Decimal => "数字，最多两位小数 Number, at most two decimals".into(),
        Kind::Degrees => "度（GCJ-02）Degrees (GCJ-02)".into(),
        Kind::Date => "日期，如 2026-03-01 Date, e.g. 2026-03-01".into(),
        Kind::YesNo => "是 / 否 Yes / No".into(),
        Kind::Code(name) | Kind::Codes(name) => {
            let list = code_list(name);
            let values: Vec<String> = list.values.iter().map(|v| format!("{}（{}）", v.label_zh, v.code)).collect();
            let several = if matches!(kind, Kind::Codes(_)) {
                "，可填多个，以逗号分隔 several, comma-separated"
            } else {
                ""
            };
            format!("{} {}{several}：{}", list.label_zh, list.label_en, values.join("、"))
        }
    }
}

/// The description the schema gives the field `field` of the input type `input`; a dotted `field` goes through the
/// input types of its parts (`location.latitude`).
pub fn description(sdl: &str, input: &str, field: &str) -> Option<String> {
    let document = async_graphql::parser::parse_schema(sdl).ok()?;
    let inputs: Vec<_> = document
        .definitions
        .into_iter()
        .filter_map(|definition| match definition {
            TypeSystemDefinition::Type(ty) => match &ty.node.kind {
                TypeKind::InputObject(object) => Some((ty.node.name.node.to_string(), object.fields.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mut type_name = input.to_owned();
    let mut found = None;
    for part in field.split('.') {
        let (_, fields) = inputs.iter().find(|(name, _)| *name == type_name)?;
        let field = fields.iter().find(|f| f.node.name.node == part)?;
        type_name = field.node.ty.node.base.to_string().trim_matches(['[', ']', '!']).to_owned();
        found = field.node.description.as_ref().map(|d| d.node.trim().replace('\n', " "));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::cells::{Cell, read};
    use super::*;

    #[test]
    fn the_template_reads_back_with_its_headers_and_examples() {
        let bytes = template().expect("a template");
        let grids = read("template.xlsx", &bytes).expect("readable");
        for sheet in SHEETS {
            let grid = grids.iter().find(|g| g.name == sheet.zh).expect(sheet.zh);
            assert_eq!(sheet.header_row(grid), Some(0), "{}", sheet.zh);
            let fields: Vec<String> = grid.rows[1].iter().map(Cell::shown).collect();
            assert_eq!(fields, sheet.columns.iter().map(|c| c.field).collect::<Vec<_>>());
            assert_eq!(grid.rows[2][0].shown(), sheet.columns[0].example);
        }
        let explained = grids.iter().find(|g| g.name == "说明").expect("the explanations");
        let housing = explained.rows.iter().find(|r| r[2].shown() == "housingType").expect("housingType explained");
        assert!(housing[4].shown().contains("商品房（COMMODITY）"), "{:?}", housing[4]);
        assert!(!housing[5].shown().is_empty(), "the schema's description");
    }
}
