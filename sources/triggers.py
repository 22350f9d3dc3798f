"""After an article's outlet changes, its statements' copies follow (claims/triggers.py)."""

import pgtrigger

article_outlet_to_statements = pgtrigger.Trigger(
    name="article_outlet_to_statements",
    when=pgtrigger.After,
    operation=pgtrigger.UpdateOf("outlet_id"),
    condition=pgtrigger.AnyChange("outlet"),
    func="UPDATE claims_statement SET outlet_id = NEW.outlet_id WHERE article_id = NEW.id; RETURN NULL;",
)
