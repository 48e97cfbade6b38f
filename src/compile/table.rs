//! Compiles `table` declarations: checks column types and row shapes, and turns rows into values with spans.

use std::sync::Arc;

use super::error::CompileError;
use crate::compile::ir::Table;
use crate::compile::types::Type;
use crate::records::document::{Field, Value, ValueKind};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Cell, Table as AstTable};

/// A compiled table and the type of its rows.
pub(super) struct CompiledTable {
    pub table: Table,
    pub row_type: Type,
}

/// Compiles a table, or returns its errors.
pub(super) fn compile_table(
    ast: &AstTable,
    file: FileId,
) -> Result<CompiledTable, Vec<CompileError>> {
    let mut errors = Vec::new();
    let mut columns = Vec::new();
    for (name, ty) in &ast.columns {
        let column_type = match ty.value.as_str() {
            "number" => Type::Number,
            "text" => Type::Text,
            other => {
                errors.push(CompileError::UnknownName {
                    what: "column type",
                    name: other.to_owned(),
                    help: "table columns are `number` or `text`".to_owned(),
                    span: ty.span.into(),
                });
                continue;
            }
        };
        columns.push((name.value.clone(), column_type));
    }
    let mut rows = Vec::with_capacity(ast.rows.len());
    for row in &ast.rows {
        if row.cells.len() != ast.columns.len() {
            errors.push(CompileError::WrongType {
                place: format!("a row of table `{}`", ast.name.value),
                expected: format!("{} cells, one per column", ast.columns.len()),
                found: match row.cells.len() {
                    1 => "1 cell".to_owned(),
                    n => format!("{n} cells"),
                },
                help: "give every row one cell per column, in column order".to_owned(),
                span: row.span.into(),
            });
            continue;
        }
        let fields = row
            .cells
            .iter()
            .zip(&columns)
            .filter_map(|(cell, (name, ty))| {
                let kind = match (&cell.value, ty) {
                    (Cell::Number(n), Type::Number) => ValueKind::Number(*n),
                    (Cell::Text(t), Type::Text) => ValueKind::Text(t.clone()),
                    _ => {
                        errors.push(CompileError::WrongType {
                            place: format!("column `{name}` of table `{}`", ast.name.value),
                            expected: ty.to_string(),
                            found: match cell.value {
                                Cell::Number(_) => "a number".to_owned(),
                                Cell::Text(_) => "a text".to_owned(),
                            },
                            help: "numbers are written bare, texts in double quotes".to_owned(),
                            span: cell.span.into(),
                        });
                        return None;
                    }
                };
                Some(Field {
                    key: name.clone(),
                    key_span: cell.span,
                    value: Value {
                        kind,
                        span: cell.span,
                        file: None,
                    },
                })
            })
            .collect();
        rows.push(Value {
            kind: ValueKind::Map(fields),
            span: row.span,
            // A row a version carried over from its base's table points into the base's file.
            file: row.origin,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CompiledTable {
        table: Table {
            name: ast.name.value.clone(),
            file,
            rows: Value {
                kind: ValueKind::List(rows),
                span: Span::new(ast.span.start, ast.span.end),
                file: None,
            },
        },
        row_type: Type::Row(Arc::new(columns)),
    })
}
