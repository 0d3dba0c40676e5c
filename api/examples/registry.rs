//! A synthetic county registry for the import's benchmark (`bench/import.sh`): a workbook of the template's five
//! sheets with `estates` estates spread over the communities given, `enterprises` enterprises, a contract and an
//! owners' committee of five for every estate.
//!
//! Usage: `registry <out.xlsx> <estates> <enterprises> <community code>…`.

use api::domain::credit_code::check_character;
use api::import::sheets::{SHEETS, Sheet};
use rust_xlsxwriter::{Workbook, XlsxError};

fn sheet(workbook: &mut Workbook, sheet: &Sheet, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet.zh)?;
    for (col, column) in sheet.columns.iter().enumerate() {
        worksheet.write_string(0, col as u16, column.zh)?;
        worksheet.write_string(1, col as u16, column.field)?;
    }
    for (index, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            if !value.is_empty() {
                worksheet.write_string(index as u32 + 2, col as u16, value)?;
            }
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, estates, enterprises, communities @ ..] = args.as_slice() else {
        return Err("usage: registry <out.xlsx> <estates> <enterprises> <community code>…".into());
    };
    let (estates, enterprises): (usize, usize) = (estates.parse()?, enterprises.parse()?);
    let credit = |n: usize| {
        let first = format!("91340621MA3B{n:04}X");
        let check = check_character(&first).expect("a check character");
        format!("{first}{check}")
    };
    let owned = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<String>>();
    let firms: Vec<Vec<String>> = (0..enterprises)
        .map(|n| {
            owned(&[
                &credit(n),
                &format!("濉溪县第{n}物业服务有限公司"),
                "张三",
                "濉溪县濉溪镇相山路1号",
                "0561-6012345",
            ])
        })
        .collect();
    let code = |n: usize| format!("XQ340621{:05}", 10_000 + n);
    let homes: Vec<Vec<String>> = (0..estates)
        .map(|n| {
            let community = &communities[n % communities.len()];
            owned(&[
                &code(n),
                community,
                &format!("基准小区{n}号"),
                "濉溪镇基准路",
                "",
                "",
                "商品房",
                "市场化",
                "",
                "10",
                "400",
                "40000.00",
                "300.00",
                "2015",
            ])
        })
        .collect();
    let contracts: Vec<Vec<String>> = (0..estates)
        .map(|n| owned(&[&code(n), &credit(n % enterprises), "2025-01-01", "2027-12-31", "1.20", "招投标"]))
        .collect();
    let committees: Vec<Vec<String>> =
        (0..estates).map(|n| owned(&[&code(n), "业主委员会", "2025-06-01", "2025-06-20", ""])).collect();
    let members: Vec<Vec<String>> = (0..estates)
        .flat_map(|n| {
            (0..5).map(move |seat| {
                let position = if seat == 0 { "主任" } else { "委员" };
                vec![code(n), format!("委员{n}-{seat}"), position.into(), "业主".into(), "是".into(), "否".into()]
            })
        })
        .collect();
    let mut workbook = Workbook::new();
    for (spec, rows) in SHEETS.iter().zip([&firms, &homes, &contracts, &committees, &members]) {
        sheet(&mut workbook, spec, rows)?;
    }
    workbook.save(out)?;
    Ok(())
}
