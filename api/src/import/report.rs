//! The import's report as a person reads it, in Chinese and English: what each sheet's rows would do (or did), and
//! every failing row with its sheet, row, column and rule. (`--format json` prints the same report as JSON.)

use super::run::Report;
use std::fmt::Write;

impl Report {
    /// The report as text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let what =
            if self.committed { "已写入 committed" } else { "试运行，未写入 dry run, nothing written" };
        let _ = writeln!(out, "导入 import of {} (sha256 {}) — {what}", self.file, self.sha256);
        for s in self.sheets.iter().filter(|s| s.rows > 0) {
            let _ = writeln!(
                out,
                "  {} {}: {} 行 rows · 新建 created {} · 更新 updated {} · 不变 unchanged {} · 错误 failed {}",
                s.sheet, s.en, s.rows, s.created, s.updated, s.unchanged, s.failed
            );
        }
        if self.sheets.iter().all(|s| s.rows == 0) && self.problems.is_empty() {
            let _ =
                writeln!(out, "  没有找到可导入的表 no sheet of the template found (企业, 小区, 合同, 委员会, 委员)");
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "错误 problems ({}):", self.problems.len());
        }
        for p in &self.problems {
            let place = match (&p.column, p.header, &p.field) {
                (Some(letter), Some(header), Some(field)) => format!(" {letter} 列 column ({header} {field})"),
                (None, Some(header), Some(field)) => format!(" ({header} {field})"),
                _ => String::new(),
            };
            let row = if p.row > 0 { format!(" 第 {} 行 row {}", p.row, p.row) } else { String::new() };
            let _ = writeln!(out, "  {}{row}{place} [{}] {} / {}", p.sheet, p.rule, p.zh, p.en);
        }
        if let Some(stopped) = &self.stopped {
            let _ = writeln!(
                out,
                "中断 stopped after {} rows written: {} / {}",
                stopped.rows_written, stopped.zh, stopped.en
            );
        }
        out
    }
}
