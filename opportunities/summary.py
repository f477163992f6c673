"""What an opportunity's lots add up to, stored in denormalised columns for the list."""

from dataclasses import dataclass

from opportunities.clauses import ClauseType


@dataclass(frozen=True)
class LotSummary:
    clause_types: list
    sector_ids: list
    total_hours: int


def summarise_lots(lots):
    """``lots``: iterable of (clauses, insertion_hours, sector_ids)."""
    clauses, sectors, hours = set(), set(), 0
    for lot_clauses, lot_hours, lot_sectors in lots:
        clauses.update(lot_clauses or ())
        sectors.update(lot_sectors or ())
        if lot_hours and ClauseType.INSERTION in (lot_clauses or ()):
            hours += lot_hours
    return LotSummary(
        clause_types=[clause.value for clause in ClauseType if clause in clauses],
        sector_ids=sorted(sectors),
        total_hours=hours,
    )
