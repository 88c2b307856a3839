"""Events: who did what to whom, where, when and on whose word, coded in PLOVER.

For every trigger word of the lexicon (data/plover/triggers.jsonl) in an English block, the
dependency parse gives the actor and recipient (active, passive, control and relative clauses,
coordination, nominal events); the analysis gives what those words resolve to, the place, the
time and the counts. Auxiliary modes come from the verb group and its clause. Reports of one
event within an article are merged. Everything is tied to character offsets in Article.text.

One module per pass, around the ``EventFrame`` of each trigger (frame.py): triggers.py (which
words are events), arguments.py (actor, recipient), circumstances.py (place, time, sizes,
modes, attribution), merge.py (reports of one event), coder.py (``code_events``, the Event).
"""

from .coder import code_events
from .frame import Draft, EventFrame

__all__ = ["Draft", "EventFrame", "code_events"]
