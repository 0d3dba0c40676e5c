//! The tables a task's statements touch: what an anonymous answer read (so that its cached copy and its ETag depend
//! on those tables alone) and what a write changed (so that its audit event advances the version of those tables
//! alone). Learnt from the text of every statement the database connection runs (the metric callback calls
//! [`note`]), so no resolver, loader or planned answer has to declare anything, and a new one cannot forget to.
//!
//! A table named where it is not one (`EXTRACT(YEAR FROM …)`) only adds a dependency that never changes; a table
//! read and not seen would serve a stale answer, so the reader errs on the side of seeing too much.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::future::Future;

/// The tables touched so far in one scope.
#[derive(Debug, Default)]
struct Touched {
    read: BTreeSet<Box<str>>,
    written: BTreeSet<Box<str>>,
}

tokio::task_local! {
    static TOUCHED: RefCell<Touched>;
}

/// Runs `work`, noting the tables its statements touch; returns its output and the tables it read.
pub async fn reads_of<F: Future>(work: F) -> (F::Output, BTreeSet<Box<str>>) {
    // Boxed: the work is a whole request, and held inline it made the scope's future too large for a debug build's
    // stack (the GraphQL parser then refuses the document at its stack limit).
    let work = Box::pin(work);
    TOUCHED
        .scope(RefCell::new(Touched::default()), async {
            let output = work.await;
            let read = TOUCHED.with(|touched| std::mem::take(&mut touched.borrow_mut().read));
            (output, read)
        })
        .await
}

/// Notes the tables of `sql`, a statement run by this task: nothing outside [`reads_of`].
pub fn note(sql: &str) {
    let _ = TOUCHED.try_with(|touched| {
        let mut touched = touched.borrow_mut();
        let statement = tables(sql);
        touched.read.extend(statement.read.into_iter().map(Box::from));
        touched.written.extend(statement.written.into_iter().map(Box::from));
    });
}

/// The tables written since the last call, which the caller takes on (the audit records their new version); `None`
/// outside [`reads_of`], where what was written is not known (a command-line load: then everything changed).
pub fn take_written() -> Option<BTreeSet<Box<str>>> {
    TOUCHED.try_with(|touched| std::mem::take(&mut touched.borrow_mut().written)).ok()
}

/// The tables one statement reads and writes.
#[derive(Debug, Default, PartialEq)]
pub struct Statement<'a> {
    pub read: Vec<&'a str>,
    pub written: Vec<&'a str>,
}

/// The tables `sql` names: every table after `FROM` or `JOIN` (and in a `FROM` list) is read; the target of
/// `INSERT INTO`, `UPDATE` and `DELETE FROM` is written. String literals are skipped.
pub fn tables(sql: &str) -> Statement<'_> {
    let tokens = tokens(sql);
    let mut statement = Statement::default();
    // Where the next name is a table: after FROM, JOIN, a comma of a FROM list, INTO, or an UPDATE that begins a
    // statement (not `FOR UPDATE`, not `DO UPDATE`).
    let mut expecting = false;
    // Whether that table is written: after INTO, DELETE FROM or such an UPDATE, wherever the statement has them
    // (after a `WITH …` too).
    let mut writing = false;
    // Inside a FROM list, after a table and its alias.
    let mut in_list = false;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Word(word) | Token::Quoted(word) if expecting => {
                if !word.eq_ignore_ascii_case("lateral") && !word.eq_ignore_ascii_case("only") {
                    statement.read.push(word);
                    if writing {
                        statement.written.push(word);
                    }
                    expecting = false;
                    writing = false;
                    in_list = true;
                }
            }
            Token::Word(word) => {
                let keyword = word.to_ascii_uppercase();
                match keyword.as_str() {
                    "FROM" | "JOIN" | "INTO" => {
                        let after_delete =
                            i > 0 && matches!(tokens[i - 1], Token::Word(w) if w.eq_ignore_ascii_case("delete"));
                        writing = keyword == "INTO" || keyword == "FROM" && after_delete;
                        expecting = true;
                        in_list = false;
                    }
                    "UPDATE" if i == 0 || matches!(tokens[i - 1], Token::Other) => {
                        expecting = true;
                        writing = true;
                    }
                    "AS" if in_list => {}
                    _ if in_list && i > 0 && matches!(tokens[i - 1], Token::Word(_) | Token::Quoted(_)) => {
                        // An alias right after the table, or a keyword ending the list.
                        if is_clause_keyword(&keyword) {
                            in_list = false;
                        }
                    }
                    _ => in_list = false,
                }
            }
            Token::Quoted(_) => {}
            Token::Comma if in_list => expecting = true,
            Token::Other | Token::Comma => {
                expecting = false;
                writing = false;
                in_list = false;
            }
        }
    }
    statement
}

/// Keywords that end a `FROM` list (its next word is not an alias).
fn is_clause_keyword(word: &str) -> bool {
    matches!(
        word,
        "WHERE"
            | "GROUP"
            | "ORDER"
            | "LIMIT"
            | "OFFSET"
            | "HAVING"
            | "UNION"
            | "EXCEPT"
            | "INTERSECT"
            | "ON"
            | "USING"
            | "INNER"
            | "LEFT"
            | "RIGHT"
            | "FULL"
            | "CROSS"
            | "NATURAL"
            | "FOR"
            | "WINDOW"
            | "SET"
            | "VALUES"
            | "RETURNING"
            | "DEFAULT"
            | "SELECT"
    )
}

#[derive(Debug)]
enum Token<'a> {
    /// A bare word: a keyword or an unquoted name.
    Word(&'a str),
    /// A double-quoted name, without its quotes.
    Quoted(&'a str),
    Comma,
    /// Anything else: punctuation, a number, a parameter, a string literal.
    Other,
}

fn tokens(sql: &str) -> Vec<Token<'_>> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            tokens.push(Token::Word(&sql[start..i]));
        } else if b == b'"' || b == b'`' {
            let start = i + 1;
            i = start;
            while i < bytes.len() && bytes[i] != b {
                i += 1;
            }
            tokens.push(Token::Quoted(&sql[start..i.min(bytes.len())]));
            i += 1;
        } else if b == b'\'' {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    // '' inside a literal is a quote, not its end.
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            tokens.push(Token::Other);
        } else if b == b',' {
            tokens.push(Token::Comma);
            i += 1;
        } else if b == b'.' {
            // A qualified name (`"estate"."id"`, `schema.table`): the part after the dot is the same name's column
            // or table, never a table of its own after FROM; keep the list state as it is.
            i += 1;
            if let Some(Token::Word(_) | Token::Quoted(_)) = tokens.last() {
                // Skip the next name: `x.y` counts as the one name x (a column of x, or a table of schema x).
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'`') {
                    let quote = bytes[i];
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'*')
                    {
                        i += 1;
                    }
                }
            }
        } else {
            // Multi-byte characters (names in Chinese in a literal are inside quotes already) and punctuation.
            let width = sql[i..].chars().next().map_or(1, char::len_utf8);
            tokens.push(Token::Other);
            i += width;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> Vec<&str> {
        tables(sql).read
    }

    #[test]
    fn sea_orm_selects_name_their_tables() {
        assert_eq!(
            read(r#"SELECT "estate"."id", "estate"."name" FROM "estate" WHERE "estate"."code" = $1 LIMIT $2"#),
            ["estate"]
        );
        assert_eq!(
            read(
                r#"SELECT "c"."id" FROM "service_contract" AS "c" INNER JOIN "enterprise" ON "c"."enterprise_id" = "enterprise"."id" WHERE "c"."estate_id" IN (SELECT "id" FROM "estate" WHERE "community_id" = $1)"#
            ),
            ["service_contract", "enterprise", "estate"]
        );
        assert_eq!(read(r#"SELECT COUNT(*) AS num_items FROM (SELECT "id" FROM "complaint") AS "sub""#), ["complaint"]);
    }

    #[test]
    fn hand_written_sql_with_aliases_and_lists() {
        assert_eq!(read("SELECT e.id FROM estate e, community c WHERE e.community_id = c.id"), ["estate", "community"]);
        assert_eq!(read("SELECT 1 FROM estate AS e LEFT JOIN town t ON t.id = e.town_id"), ["estate", "town"]);
        assert_eq!(read("SELECT 'FROM nowhere', x FROM LATERAL estate"), ["estate"]);
        assert_eq!(read("WITH x AS (SELECT id FROM fund_account) SELECT * FROM x"), ["fund_account", "x"]);
    }

    #[test]
    fn writes_name_their_target() {
        assert_eq!(tables(r#"INSERT INTO "complaint" ("a") VALUES ($1) RETURNING "id""#).written, ["complaint"]);
        assert_eq!(tables(r#"UPDATE "estate" SET "name" = $1 WHERE "estate"."id" = $2"#).written, ["estate"]);
        assert_eq!(tables(r#"DELETE FROM "committee_member" WHERE "id" = $1"#).written, ["committee_member"]);
        assert_eq!(
            tables(r#"INSERT INTO "x" ("a") SELECT "a" FROM "y" ON CONFLICT ("a") DO UPDATE SET "a" = 1"#).read,
            ["x", "y"]
        );
        assert!(tables(r#"SELECT "id" FROM "audit_chain_head" WHERE "id" = $1 FOR UPDATE"#).written.is_empty());
        assert_eq!(
            tables(r#"WITH "gone" AS (DELETE FROM "a" RETURNING "id") UPDATE "b" SET "n" = 1 FROM "gone""#).written,
            ["a", "b"]
        );
        assert_eq!(tables("INSERT OR REPLACE INTO sequence (name) VALUES ('x')").written, ["sequence"]);
    }

    #[tokio::test]
    async fn a_scope_collects_what_its_task_touched() {
        let ((), read) = reads_of(async {
            note(r#"SELECT "id" FROM "estate""#);
            note(r#"INSERT INTO "complaint" ("a") VALUES ($1)"#);
            assert_eq!(take_written().unwrap().into_iter().collect::<Vec<_>>(), [Box::from("complaint")]);
            assert!(take_written().unwrap().is_empty());
        })
        .await;
        assert_eq!(read.into_iter().collect::<Vec<_>>(), [Box::from("complaint"), Box::from("estate")]);
        assert!(take_written().is_none());
    }
}
