"""The use cases of the payment records (domain/payments/reading.py): each opens a read-only unit of work, reads,
and commits nothing. The export batches open their own, one per batch."""

from __future__ import annotations

from domain.payments import reading
from domain.unit_of_work import use_case

list_payments = use_case(reading.list_payments)
list_refunds = use_case(reading.list_refunds)
list_my_payments = use_case(reading.list_my_payments)
get_payment = use_case(reading.get_payment)
order_payments = use_case(reading.order_payments)
count_payments = use_case(reading.count_payments)
count_refunds = use_case(reading.count_refunds)
