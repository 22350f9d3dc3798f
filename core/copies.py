"""Columns one table copies from another, kept by PostgreSQL on every write.

A copy lets a filter read a related row's value from the row itself, walked by its own index
(a statement's speaker, its outlet: claims/triggers.py). Triggers keep it whoever writes: a
model's save, a queryset's update, fixtures, raw SQL. Only the corpus loader, which disables
triggers, writes the copies itself.
"""

import pgtrigger


def copied_on_write(
    name: str, *, copy: str, source: str, key: str
) -> tuple[pgtrigger.Trigger, pgtrigger.Trigger]:
    """The triggers giving a row `copy` from the `source` table's row its `key` names, whatever
    the writer sent: before an insert, and before an update that changes `key` or sends another
    copy (a review's save leaves the source unlocked, so it cannot deadlock with a change of the
    source updating this row).

    FOR SHARE waits for a concurrent change of the source's value to commit; read without it,
    the old value would be kept, since that change's own update of the copies cannot see this
    row."""
    func = f"SELECT {copy}_id INTO NEW.{copy}_id FROM {source} WHERE id = NEW.{key}_id FOR SHARE; RETURN NEW;"
    on_insert = pgtrigger.Trigger(
        name=f"{name}_on_insert", when=pgtrigger.Before, operation=pgtrigger.Insert, func=func
    )
    on_update = pgtrigger.Trigger(
        name=f"{name}_on_update",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange(key, copy),
        func=func,
    )
    return on_insert, on_update


def copies_follow(name: str, *, column: str, copies: str, key: str) -> pgtrigger.Trigger:
    """The trigger by which, after a source row's `column` changes, the rows of `copies` whose
    `key` names it take the new value."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=pgtrigger.UpdateOf(f"{column}_id"),
        condition=pgtrigger.AnyChange(column),
        func=f"UPDATE {copies} SET {column}_id = NEW.{column}_id WHERE {key}_id = NEW.id; RETURN NULL;",
    )
