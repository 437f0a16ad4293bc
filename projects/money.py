"""Amounts in several currencies, added up in kip and US dollars with a round's exchange rates.

Amounts are `Decimal` from the database to the page; a float never touches them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from projects.models import Currency

CENT = Decimal("0.01")


@dataclass
class Totals:
    """A sum of amounts in kip and dollars, with the currencies that had no rate (left out)."""

    lak: Decimal = Decimal(0)
    usd: Decimal | None = Decimal(0)
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    missing_rates: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return not self.missing_rates


def rates_map(reporting_round) -> dict[str, Decimal]:
    """Kip per unit for each currency of the round; kip itself is 1."""
    rates = {rate.currency: rate.lak_per_unit for rate in reporting_round.rates.all()}
    rates[Currency.LAK] = Decimal(1)
    return rates


def to_lak(amount: Decimal, currency: str, rates: dict[str, Decimal]) -> Decimal | None:
    rate = rates.get(currency)
    if rate is None:
        return None
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def add_up(amounts: Iterable[tuple[Decimal | None, str]], rates: dict[str, Decimal]) -> Totals:
    """Sum (amount, currency) pairs in kip and dollars. Amounts in a currency without a rate are
    counted in `by_currency` and named in `missing_rates`, never guessed."""
    totals = Totals()
    for amount, currency in amounts:
        if amount is None:
            continue
        currency = currency or Currency.LAK
        totals.by_currency[currency] = totals.by_currency.get(currency, Decimal(0)) + amount
    for currency, amount in totals.by_currency.items():
        lak = to_lak(amount, currency, rates)
        if lak is None:
            totals.missing_rates.add(currency)
        else:
            totals.lak += lak
    usd_rate = rates.get(Currency.USD)
    totals.usd = (totals.lak / usd_rate).quantize(CENT, rounding=ROUND_HALF_UP) if usd_rate else None
    if usd_rate is None:
        totals.missing_rates.add(Currency.USD)
    return totals
