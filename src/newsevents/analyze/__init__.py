"""The analysis stage: a clean Article becomes an Analysis (mentions resolved to actors and
places, times, quantities, quotes, coreference)."""
