"""What routers and the seed ask of freight: each opens its unit of work, runs one action and commits once.
Checkout, inside its own transaction, calls `domain.freight.quote.shipping_fee` instead."""

from __future__ import annotations

from domain.freight import quote as quotes
from domain.freight import templates
from domain.unit_of_work import use_case

list_templates = use_case(templates.list_templates)
get_template = use_case(templates.get_template)
create_template = use_case(templates.create_template)
update_template = use_case(templates.update_template)
delete_template = use_case(templates.delete_template)
set_default = use_case(templates.set_default)
quote = use_case(quotes.quote)
