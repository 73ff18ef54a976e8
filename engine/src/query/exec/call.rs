//! CALL: runs a procedure once per input row and binds what it yields.

use super::super::error::{Result, type_error};
use super::super::plan::ir::CallOp;
use super::super::value::Value;
use super::{Ctx, Row, eval};

pub fn run(c: &CallOp, rows: Vec<Row>, ctx: &Ctx) -> Result<Vec<Row>> {
    let procedure = &c.procedure;
    let mut out = Vec::new();
    for row in rows {
        let mut args = Vec::with_capacity(c.args.len());
        for (e, field) in c.args.iter().zip(&procedure.inputs) {
            let v = eval(e, &row, ctx)?;
            let type_name = v.type_name();
            let v = field.ty.coerce(v).ok_or_else(|| {
                type_error(format!(
                    "argument `{}` of {} must be a {}, not a {type_name}",
                    field.name,
                    procedure.name,
                    field.ty.name()
                ))
            })?;
            args.push(v);
        }
        let results = procedure.call(ctx.graph, &args);
        ctx.budget.spend_items(results.len() as u64)?;
        // A procedure without outputs passes its input rows through.
        if procedure.outputs.is_empty() {
            out.push(row);
            continue;
        }
        let mut any = false;
        for result in results {
            let mut r = row.clone();
            r.resize(c.width.max(r.len()), Value::Null);
            for &(index, slot) in &c.yields {
                r[slot] = result[index].clone();
            }
            if let Some(filter) = &c.filter {
                match eval(filter, &r, ctx)?.truth() {
                    Ok(Some(true)) => {}
                    Ok(_) => continue,
                    Err(t) => {
                        return Err(type_error(format!("WHERE expects a boolean, not a {t}")));
                    }
                }
            }
            any = true;
            ctx.budget.hold(super::super::limits::row_bytes(&r))?;
            out.push(r);
            ctx.check_rows(out.len())?;
        }
        if c.optional && !any {
            let mut r = row;
            r.resize(c.width.max(r.len()), Value::Null);
            out.push(r);
        }
    }
    Ok(out)
}
