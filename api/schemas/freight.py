"""Request and response bodies for freight templates and the staff's trial quote."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID, uuid4

from pydantic import AfterValidator, Field, model_validator

from api.schemas.common import DecimalText, MoneyOut, Schema, WholeNumber
from domain.freight.calculation import FreightItem, FreightQuote
from domain.freight.entities import FreightBasis, FreightRegionRule, FreightTemplate
from domain.freight.templates import MAX_REGION_RULES, RuleDraft, TemplateDraft
from domain.money import Money, is_known_currency, precision, to_minor

RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", description="GB/T 2260 code; a province code covers its cities")]
Units = Annotated[
    int,
    Field(ge=1, le=100_000_000, strict=True, description="Items (by_quantity) or grams (by_weight)"),
    WholeNumber,
]


def _known_currency(code: str) -> str:
    if not is_known_currency(code):
        raise ValueError(f"Unknown currency: {code}")
    return code


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["CNY"]), AfterValidator(_known_currency)]
MAX_REGIONS = 500


class ChargeIn(Schema):
    first: Units
    first_fee: DecimalText
    additional: Units
    additional_fee: DecimalText


class RegionRuleIn(ChargeIn):
    region_codes: Annotated[list[RegionCode], Field(min_length=1, max_length=MAX_REGIONS)]


class TemplateIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=64)]
    currency: Currency = "CNY"
    basis: FreightBasis
    default_rule: ChargeIn
    region_rules: Annotated[list[RegionRuleIn], Field(max_length=MAX_REGION_RULES, default_factory=list)]
    free_over: DecimalText | None = Field(default=None, description="Free shipping from this order subtotal on")
    unserved_region_codes: Annotated[list[RegionCode], Field(max_length=MAX_REGIONS, default_factory=list)]

    @model_validator(mode="after")
    def _amounts_fit_the_currency(self) -> TemplateIn:
        digits = precision(self.currency)
        amounts = [self.free_over, self.default_rule.first_fee, self.default_rule.additional_fee]
        amounts += [fee for rule in self.region_rules for fee in (rule.first_fee, rule.additional_fee)]
        for amount in amounts:
            exponent = amount.as_tuple().exponent if amount is not None else 0
            if isinstance(exponent, int) and -exponent > digits:
                raise ValueError(f"{self.currency} amounts have at most {digits} decimals")
        return self

    def draft(self) -> TemplateDraft:
        def rule(charge: ChargeIn, codes: list[str]) -> RuleDraft:
            return RuleDraft(
                region_codes=codes,
                first=charge.first,
                first_fee_minor=to_minor(charge.first_fee, self.currency),
                additional=charge.additional,
                additional_fee_minor=to_minor(charge.additional_fee, self.currency),
            )

        return TemplateDraft(
            name=self.name,
            currency=self.currency,
            basis=self.basis,
            default_rule=rule(self.default_rule, []),
            region_rules=[rule(r, list(r.region_codes)) for r in self.region_rules],
            free_over_minor=None if self.free_over is None else to_minor(self.free_over, self.currency),
            unserved_region_codes=tuple(self.unserved_region_codes),
        )


class ChargeOut(Schema):
    first: int
    first_fee: MoneyOut
    additional: int
    additional_fee: MoneyOut

    @classmethod
    def of(cls, rule: FreightTemplate | FreightRegionRule, currency: str) -> ChargeOut:
        return cls(
            first=rule.first,
            first_fee=MoneyOut.of(Money.of_minor(rule.first_fee_minor, currency)),
            additional=rule.additional,
            additional_fee=MoneyOut.of(Money.of_minor(rule.additional_fee_minor, currency)),
        )


class RegionRuleOut(ChargeOut):
    region_codes: list[str]


class TemplateOut(Schema):
    id: UUID
    name: str
    currency: str
    basis: FreightBasis
    default_rule: ChargeOut
    region_rules: list[RegionRuleOut]
    free_over: MoneyOut | None
    unserved_region_codes: list[str]
    is_default: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, t: FreightTemplate) -> TemplateOut:
        return cls(
            id=t.id,
            name=t.name,
            currency=t.currency,
            basis=FreightBasis(t.basis),
            default_rule=ChargeOut.of(t, t.currency),
            region_rules=[
                RegionRuleOut(region_codes=list(r.region_codes), **ChargeOut.of(r, t.currency).model_dump())
                for r in t.region_rules
            ],
            free_over=MoneyOut.minor(t.free_over_minor, t.currency),
            unserved_region_codes=list(t.unserved_region_codes),
            is_default=t.is_default,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


class QuoteItemIn(Schema):
    sku_id: UUID | None = None
    quantity: Annotated[int, Field(ge=1, le=1_000_000, strict=True), WholeNumber]
    weight_grams: Annotated[int, Field(ge=0, le=1_000_000_000, strict=True), WholeNumber] | None = Field(
        default=None, description="Per unit; missing counts as 0 g"
    )
    subtotal: DecimalText = Field(description="The line's amount (unit price × quantity)")


class QuoteIn(Schema):
    region_code: RegionCode
    currency: Currency = "CNY"
    template_id: UUID | None = Field(default=None, description="Try this template; the shop's default otherwise")
    items: Annotated[list[QuoteItemIn], Field(min_length=1, max_length=100)]

    def freight_items(self) -> list[FreightItem]:
        return [
            FreightItem(
                sku_id=i.sku_id or uuid4(),
                quantity=i.quantity,
                weight_grams=i.weight_grams,
                subtotal=Money(Decimal(i.subtotal), self.currency),
            )
            for i in self.items
        ]


class QuoteOut(Schema):
    fee: MoneyOut
    applied: str = Field(description="no_template, default, region or free_over_threshold")
    template_id: UUID | None
    template_name: str | None
    region_codes: list[str] = Field(description="The codes of the region rule that applied")
    charged_units: int = Field(description="Items or grams the charge counted")
    charge: ChargeOut | None = Field(description="The rule's charge, before the free-shipping threshold")
    subtotal: MoneyOut

    @classmethod
    def of(cls, quote: FreightQuote, currency: str) -> QuoteOut:
        template, charge = quote.template, quote.charge
        return cls(
            fee=MoneyOut.of(quote.fee),
            applied=str(quote.applied),
            template_id=template.id if template else None,
            template_name=template.name if template else None,
            region_codes=list(quote.region_codes),
            charged_units=quote.charged_units,
            charge=None
            if charge is None
            else cls._charge(
                charge.first, charge.first_fee_minor, charge.additional, charge.additional_fee_minor, currency
            ),
            subtotal=MoneyOut.of(quote.subtotal or Money.zero(currency)),
        )

    @staticmethod
    def _charge(first: int, first_fee: int, additional: int, additional_fee: int, currency: str) -> ChargeOut:
        return ChargeOut(
            first=first,
            first_fee=MoneyOut.of(Money.of_minor(first_fee, currency)),
            additional=additional,
            additional_fee=MoneyOut.of(Money.of_minor(additional_fee, currency)),
        )
