"""Whether a line of a ToR names a task: it opens with an action verb.

"Support the design of…", "Coordinating partner meetings…", "Appuyer la préparation…", and
after a framing clause, "As TC operation leader, ensure…". The ToR parser uses it to tell a
list of duties that lost its bullets from paragraphs of context.
"""

from __future__ import annotations

import re

from matcher.vocab import fold

__all__ = ["opens_with_action"]

# Verbs that open a task in a ToR (English base, -s and -ing forms; French and Spanish
# infinitives). A line opening with one of them is a duty or a learning outcome.
_ACTION_VERBS = frozenset(
    """assist support contribute provide prepare draft develop coordinate organize organise
    conduct monitor ensure maintain manage participate facilitate review analyse analyze
    undertake identify liaise promote strengthen collect compile track oversee lead design
    implement follow represent advise serve perform carry research establish build engage work
    help act produce update document report write translate collaborate communicate plan
    mobilize mobilise formulate evaluate assess advocate deliver administer process keep respond
    handle apply foster enhance improve consolidate interpret mainstream operationalize
    operationalise train mentor supervise guide verify reconcile execute create define integrate
    streamline negotiate map share disseminate submit gather attend arrange record control
    procure conceptualize conceptualise initiate launch run test configure install troubleshoot
    automate migrate deploy secure audit calculate forecast budget draw generate prioritize
    prioritise oversee recommend coach brief inform outreach host convene moderate cooperate
    partner measure validate inventory examine explore investigate study learn gain understand
    take be give make bring hold seek use select act serve enable own drive shape optimise
    optimize scale champion steward curate coordinate
    acquire familiarize familiarise obtain become develop strengthen enhance apply practice
    appuyer organiser assurer preparer developper contribuer participer coordonner faire creer
    collaborer soutenir analyser rediger suivre veiller elaborer mettre assister realiser
    apoyar elaborar coordinar participar contribuir preparar realizar asegurar brindar
    desarrollar organizar colaborar analizar redactar dar gestionar promover facilitar""".split()
)


_FRAMING = re.compile(
    r"^\W*(?:as|in|under|with|within|through|together with|where relevant|when required|"
    r"if required|as required|as needed|in close|in coordination|in collaboration)\b[^,]{0,80},\s*"
)


def opens_with_action(text: str) -> bool:
    """True when ``text`` opens with a task verb ("Support the…", "Coordinating…"), also
    after a framing clause ("As TC operation leader, ensure…", "Under the guidance of the
    Representative, supports…")."""
    # The verb opens the text, after at most a short framing clause: fold only the start.
    folded = fold(text[:160])
    framed = _FRAMING.match(folded)
    if framed is not None:
        folded = folded[framed.end():]
    words = re.findall(r"[a-z]+", folded[:40])
    if not words:
        return False
    first = words[0]
    stems = {first, first[:-1] if first.endswith("s") else first,
             first[:-2] if first.endswith("es") else first,
             first[:-3] if first.endswith("ing") else first,
             first[:-3] + "e" if first.endswith("ing") else first}
    return bool(stems & _ACTION_VERBS) or (first == "responsible" and "for" in words[1:3])
