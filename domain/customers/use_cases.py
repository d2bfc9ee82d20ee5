"""What routers, jobs and the seed ask of the customer list: each opens its unit of work, runs one action and
commits once. Inside another feature's transaction (an order's checkout), call `actions` or `standing` instead."""

from __future__ import annotations

from domain.customers import actions, standing
from domain.unit_of_work import use_case

list_customers = use_case(actions.list_customers)
get_customer = use_case(actions.get_customer)
customer_details = use_case(actions.customer_details)
list_tags = use_case(actions.list_tags)
list_notes = use_case(actions.list_notes)
add_note = use_case(actions.add_note)
add_tag = use_case(actions.add_tag)
remove_tag = use_case(actions.remove_tag)
blacklist = use_case(actions.blacklist)
clear_blacklist = use_case(actions.clear_blacklist)
standing_of = use_case(standing.standing_of)
