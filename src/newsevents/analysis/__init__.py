"""What the text says, resolved: mentions to actors and places, times, quantities, quotes and
coreference (the analysis stage; event coding joins it here)."""
