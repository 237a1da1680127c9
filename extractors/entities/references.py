"""References: definite descriptions ("the law", "the watchdog", "the app"), pronouns, and
authorities the text describes without naming ("Indonesia's government", "the government").

A description takes the latest fitting entity before it (else the first after); a
description of an authority with no antecedent becomes that authority of the place in play,
so "the government ordered ..." has an agent even where no ministry is named.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from extractors.gazetteer import ENTITY_BASE
from extractors.lookup import WordSet, doc_text, inflections, sentence_of
from extractors.model import Mention

if TYPE_CHECKING:
    from extractors.entities.resolver import EntityResolver, MentionRef

_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her"}
_AUTHORITIES = ("Government", "Regulator", "Legislature", "Court")
_WHOLE_GOVERNMENT = frozenset({"government", "administration", "cabinet"})
_HELD = frozenset({"business", "businesses"})
# heads naming who makes or holds the thing their modifier names: "the iPhone maker" is not the iPhone
_OWNERS = frozenset({"maker", "owner", "parent", "developer", "publisher", "creator", "operator"})
# members of a legislature, who act for it together ("lawmakers passed"); one member is a person
_MEMBERS = frozenset({"lawmakers", "legislators", "mps", "senators", "deputies", "parliamentarians", "congressmen"})
# Unnamed authorities a phrase may place: "regulators in South Korea", "the government of Nepal".
_PLACED_AUTHORITIES = frozenset(
    {"regulator", "regulators", "government", "authority", "authorities", "administration", "watchdog", "ministry"}
)
_BARE_CHAMBERS = frozenset({"parliament", "congress", "legislature"})
_CHAMBER_OF = {"senators": ("senate",), "deputies": ("deputies", "house", "assembly")}


def resolve_references(res: EntityResolver) -> None:
    from extractors.entities.resolver import MentionRef, clean_span

    doc = res.doc
    resolution = res.cues["resolution"]
    head_types = {w: t for t, ws in resolution.items() if t not in ("law_heads", "organization_groups") for w in ws}
    org_groups = set(resolution["organization_groups"])
    for token in (doc[i] for i in _head_words(tuple(sorted(head_types))).positions(doc)):
        if token.i in res.by_token or token.pos_ not in ("NOUN", "PROPN"):
            continue
        etype = head_types.get(token.lower_) or head_types.get(token.lemma_.lower())
        if not etype:
            continue
        if etype == "Company" and token.lemma_.lower() == "group":
            if any(c.lower_ in org_groups for c in token.children if c.dep_ in ("amod", "compound")):
                etype = "Organization"  # "the trade group", "a rights group"
        dets = [c for c in token.children if c.dep_ in ("det", "poss")]
        if token.lower_ in _HELD and any(d.dep_ == "poss" and d.i in res.by_token for d in dets):
            continue  # "TikTok's US business": what TikTok runs, not the company told last
        if token.tag_ in ("NNS", "NNPS") and token.lower_ not in ("justices", "rules", "authorities", *_MEMBERS):
            # "the apps": many things, not one entity; "the companies", "both firms": the ones
            # the story last named together
            if etype in ("Company", "Platform") and any(d.lower_ in ("the", "both") for d in dets):
                group = _latest_group(res, token, etype)
                if group:
                    res.groups[token.i] = group
            continue
        if any(c.dep_ == "appos" and res.entity_at(c) is not None for c in token.children):
            continue  # "the operator Telenor said": the name beside the description says who
        if token.dep_ in ("attr", "oprd") and etype in ("Platform", "Company"):
            continue  # "X became the most downloaded app": what X became, not an app told before
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
        if token.lemma_.lower() not in _OWNERS and any(
            (named := res.entity_at(m)) is not None and named.type == etype for m in modifiers + dets
        ):
            continue  # "the Bluesky app", "Bluesky's app": Bluesky, named in it, not one told before or after
        definite = any(d.lower_ in ("the", "this", "that", "its", "their") or d.dep_ == "poss" for d in dets)
        # "passed by parliament", "Congress voted": a bare chamber is the place's own
        bare_chamber = not dets and not modifiers and token.lower_ in _BARE_CHAMBERS and token.tag_ in ("NN", "NNP")
        if not definite and not modifiers and token.lower_ not in _MEMBERS and not bare_chamber:
            continue
        if etype == "Jurisdiction" and token.lemma_.lower() in ("country", "nation", "state") and not modifiers:
            iri = res.places.at(token)  # "across the country": the place the paragraph is about
            if iri is not None and iri not in res.entities:
                res.new_entity(iri, "Jurisdiction", iri.rsplit("/", 1)[-1])
        elif token.lower_ in _MEMBERS or bare_chamber:
            # "Brazilian lawmakers", "senators in Canberra": the place's legislature, by name
            iri = legislature_of(res, token)
        elif etype == "Government" and token.lemma_.lower() in _WHOLE_GOVERNMENT and _place_named_on(res, token):
            # "Nepal's government", "the Kenyan government": that state's whole government, not
            # a ministry the sentence also names ("... failed to register with the Ministry")
            iri = synthesize(res, token, etype, definite)
        else:
            iri = antecedent(res, token, etype, [m.lower_ for m in modifiers], strict=not definite)
        if iri is None and etype in _AUTHORITIES:
            iri = synthesize(res, token, etype, definite)
        if iri:
            left = min([token.i, *(c.i for c in dets + modifiers)])
            span = doc[left : token.i + 1]
            span = clean_span(span) if len(clean_span(span)) else span
            ref = MentionRef(span.start, span.end, iri, res.entities[iri].type, sentence_of(span[0]).start)
            res.mentions.append(ref)
            res._starts = None
            for i in range(span.start, span.end):
                res.by_token.setdefault(i, ref)
            res.entities[iri].mentions.append(Mention(span.start_char, span.end_char, span.text))
    res.mentions.sort(key=lambda m: m.start)


def _latest_group(res: EntityResolver, token: Token, etype: str) -> list[str]:
    """The latest two or more entities of a type named in one coordination ("TikTok Inc. and
    ByteDance", "against Apple, Google and Meta") in this sentence or the two before it; else
    the latest such group the story has named (a release names its defendants once, in the
    lede, and calls them "the companies" from then on)."""
    floor = res.prev_sent_start(res.doc[res.prev_sent_start(token)])
    near = _group_between(res, floor, token, etype)
    if near or token.i + 1 in res.by_token:
        return near  # "the messaging apps Signal and Telegram" names its own
    return _group_between(res, 0, token, etype)


def _group_between(res: EntityResolver, floor: int, token: Token, etype: str) -> list[str]:
    groups: dict[int, list[str]] = {}
    # "the two mobile platforms" may be the companies that run them; "the companies" are companies
    kinds = (etype,) if etype == "Company" else ("Company", "Platform")
    for m in res.between(floor, token.i):
        if m.type not in kinds or m.iri not in res.entities:
            continue
        root = res.doc[m.end - 1]
        while root.dep_ in ("conj", "appos") and root.head.i < root.i:
            root = root.head
        members = groups.setdefault(root.i, [])
        if m.iri not in members:
            members.append(m.iri)
    together = [g for _, g in sorted(groups.items()) if len(g) >= 2]
    return together[-1] if together else []


@cache
def _head_words(heads: tuple[str, ...]) -> WordSet:
    return WordSet({f for h in heads for f in inflections(h, False)})


# Offices whose unnamed holder acts for the state: "Kenya's president", "the Thai prime minister"
HEADS_OF_GOVERNMENT = frozenset({"president", "premier", "chancellor", "king", "emir", "sultan", "minister"})


def head_of_government(token: Token) -> bool:
    """'president', 'prime minister' (not 'justice minister', whose ministry is a body of its own)."""
    word = token.lemma_.lower()
    if word == "minister":
        return any(c.dep_ in ("compound", "amod") and c.lower_ == "prime" for c in token.children)
    return word in HEADS_OF_GOVERNMENT


def synthesize(res: EntityResolver, token: Token, etype: str, definite: bool) -> str | None:
    """'Indonesia's government', 'the Turkish regulator', 'the government': an unnamed
    authority of a named place (the place on the words, else the place in play)."""
    from extractors.entities.resolver import slug

    place = None
    for child in token.children:
        ref = res.by_token.get(child.i)
        if ref and ref.type == "Jurisdiction" and child.dep_ in ("poss", "amod", "compound"):
            place = ref.iri
        if (
            child.dep_ == "prep"
            and child.lower_ in ("in", "of")
            and place is None
            and token.lemma_.lower() in _PLACED_AUTHORITIES
            and not any(c.dep_ == "poss" for c in token.children)  # "the company's office in Kenya"
        ):
            # "regulators in South Korea", "the government of Nepal"
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                ref = res.by_token.get(obj.i)
                if ref and ref.type == "Jurisdiction":
                    place = ref.iri
    head = token.lemma_.lower()
    if any(
        c.lower_ in ("news", "press", "state-run", "official") and c.dep_ in ("compound", "amod")
        for c in token.children
    ):
        return None  # "the news agency IRNA": a source, not an authority
    if place is None:
        if not definite or head not in ("government", "administration", "cabinet", "authorities", "authority"):
            return None
        place = res.places.at(token)
        if place is None:
            return None
    where = place_label(res, place)
    if where is None:
        return None
    kind = [
        c.lower_
        for c in token.children
        if c.dep_ in ("compound", "amod") and c.i not in res.by_token and c.pos_ in ("NOUN", "ADJ", "PROPN")
    ]
    if etype == "Regulator":
        known = regulator_of_kind(res, place, doc_words(token))
        if known is not None:
            return known
    if etype == "Government" and (
        head in ("government", "administration", "cabinet", "authorities", "authority") or head in HEADS_OF_GOVERNMENT
    ):
        label = f"Government of {where}"  # "Kenya's president signed it": the state acting through its head
    else:
        label = " ".join([where, *kind, head])  # "Spain competition authority", "Kenya telecoms regulator"
    iri = f"{ENTITY_BASE}{slug(etype)}/{slug(label)}"
    res.new_entity(iri, etype, label, home=place)
    return iri


def legislature_of(res: EntityResolver, token: Token) -> str | None:
    """The legislature whose members the plural means: of the place named on the words ("Brazilian
    lawmakers", "lawmakers in Brasília"), else of the place in play; its chamber for "senators"
    or "deputies" where the gazetteer knows one, else the whole body (listed first). None where
    the gazetteer knows no legislature of the place."""
    place = _place_named_on(res, token)
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            ref = res.by_token.get(obj.i)
            if ref is not None and ref.type == "Jurisdiction":
                place = place or ref.iri
    place = place or res.places.at(token)
    if place is None:
        return None
    bodies = [
        e
        for e in res.gaz.entries.values()
        if e.type == "Legislature" and e.home and ENTITY_BASE + e.home == place and "committee" not in e.label.lower()
    ]
    if not bodies:
        return None
    words = _CHAMBER_OF.get(token.lower_, ())
    chamber = next((e for e in bodies if any(w in e.label.lower() for w in words)), None)
    entry = chamber or bodies[0]
    return res.new_entity(entry.iri, "Legislature", entry.label).id


# What a regulator watches over, in the words a description or a name uses for it.
_REMITS = {
    "competition": ("competition", "antitrust", "anti-trust", "cartel", "cartels", "markets", "concurrence"),
    "data": ("data", "privacy", "personal information"),
    "telecoms": ("telecom", "telecoms", "telecommunications", "communications", "ict", "cyberspace"),
    "media": ("media", "broadcasting", "broadcast", "broadcaster", "audiovisual"),
    "consumer": ("consumer", "consumers"),
}


def doc_words(token: Token) -> list[str]:
    """The words a description puts before its head: 'the data protection authority'."""
    return [t.lower_ for t in token.doc[token.left_edge.i : token.i] if t.pos_ in ("NOUN", "ADJ", "PROPN")]


def regulator_of_kind(res: EntityResolver, place: str, words: list[str]) -> str | None:
    """'Spain's competition regulator', 'the Turkish antitrust board': the one regulator of that
    place the gazetteer knows for that remit, where the description names one and exactly one
    known regulator's names speak of it."""
    text = " ".join(words)
    remits = [r for r, cues in _REMITS.items() if any(re.search(rf"\b{re.escape(c)}\b", text) for c in cues)]
    if len(remits) != 1:
        return None
    cues = _REMITS[remits[0]]
    fits = [
        e
        for e in res.gaz.entries.values()
        if e.type == "Regulator"
        and e.home
        and ENTITY_BASE + e.home == place
        and any(re.search(rf"\b{re.escape(c)}\b", n.lower()) for n in (e.label, *e.aliases) for c in cues)
    ]
    if len(fits) != 1:
        return None
    return res.new_entity(fits[0].iri, "Regulator", fits[0].label).id


def place_label(res: EntityResolver, place: str) -> str | None:
    if place in res.entities:
        return res.entities[place].label
    entry = res.gaz.by_iri(place)
    return entry.label if entry else None


def court_for(res: EntityResolver, token: Token) -> str | None:
    """'A federal judge blocked the law': the court the judge sits on, or one named for the place."""
    from extractors.entities.resolver import slug

    courts = sorted((m for m in res.mentions if m.type == "Court" and m.iri in res.entities), key=lambda m: m.start)
    if _indefinite(token):
        # "Last month, two federal judges blocked laws in Arkansas and Texas": judges brought in
        # new sit on no court told before, unless their sentence or what follows names it
        sentence = sentence_of(token).start
        courts = [m for m in courts if m.sent_start == sentence or m.start > token.i]
    before = [m for m in courts if m.start < token.i]
    if before:
        return before[-1].iri
    if courts:
        return courts[0].iri  # "Judge blocks Florida's ban" in a headline: the court named below
    place = (
        _seat_of_judge(res, token)
        or next(
            (m.iri for m in res.mentions if m.type == "Jurisdiction" and m.sent_start == sentence_of(token).start), None
        )
        or res.places.at(token)
    )
    made = [
        e.id
        for e in res.entities.values()
        if e.type == "Court"
        and e.id.startswith(f"{ENTITY_BASE}court/")
        and " court in " in f" {e.label} "
        # a judge brought in new ("two federal judges ... in Texas") sits on the one made for
        # the same place only ("Judge blocks Montana's ban ... A federal judge on Thursday")
        and (not _indefinite(token) or res.home.get(e.id) == place)
    ]
    if made:
        return made[0]  # every unnamed judge of the story sits on the one court already made for them
    if place is None:
        return None
    where = place_label(res, place)
    if where is None:
        return None
    titles = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    federal = "federal" in titles or ("district" in titles and bool(titles & {"u.s.", "us"}))
    label = f"{'federal ' if federal else ''}court in {where}"
    iri = f"{ENTITY_BASE}court/{slug(label)}"
    entity = res.new_entity(iri, "Court", label, home=place)
    entity.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))
    return iri


def _indefinite(token: Token) -> bool:
    """'a federal judge', 'two judges', 'another court': someone not met before in the story."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("a", "an", "another")) or (c.dep_ == "nummod" and c.like_num)
        for c in token.children
    )


def _seat_of_judge(res: EntityResolver, token: Token) -> str | None:
    """'A U.S. District Judge in Utah': the place the judge sits, named on the judge, before
    any other place of the sentence (the 'U.S.' of the title among them)."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            ref = res.by_token.get(obj.i)
            if ref is not None and ref.type == "Jurisdiction":
                return ref.iri
    return None


def antecedent(res: EntityResolver, token: Token, etype: str, modifiers: list[str], strict: bool = False) -> str | None:
    """The entity a reference means: the latest fitting mention before it, else the first after."""
    doc = res.doc
    types = ("Company", "Platform") if etype == "Company" else (etype,)
    # not a name inside the description itself: "the iPhone maker" is not the iPhone
    first = token.left_edge.i
    cands = [m for m in res.mentions if m.type in types and m.iri in res.entities and not first <= m.start <= token.i]
    if etype in ("Platform", "Company") and token.lemma_.lower() != "store":
        cands = [m for m in cands if not res.is_app_store(m.iri)]
    head = token.lemma_.lower()
    if etype == "LegalInstrument":
        law_heads = res.cues["resolution"]["law_heads"]
        lawlike = [m for m in cands if _names_a_law(res.entities[m.iri].label, law_heads)]
        if not lawlike and head in [*law_heads, "measure", "provision", "legislation", "statute"]:
            return None  # "the law" is not the First Amendment or a ruling
        cands = lawlike or cands
        place = _place_named_on(res, token)
        if place is not None:
            # "the Utah law", "Florida's law": a law of that place, not the one told last
            cands = [m for m in cands if res.home.get(m.iri) == place]
            if not cands:
                return None
    keyed = [m for m in cands if _label_fits(res, m.iri, head, modifiers)]
    if keyed:
        cands = keyed
    elif strict:
        return None
    elif etype == "Government" and head in _WHOLE_GOVERNMENT and token.text[0].isupper() and not token.is_sent_start:
        # "Decree 53 of the Government": capitalised, the state's government by name, not the
        # ministry told last (which "the government" in lower case may well mean)
        return None
    elif etype == "Government" and head == "ministry" and not modifiers:
        ministry = ministry_of_portfolio(res, token)
        if ministry is not None:
            return ministry
    before = sorted((m for m in cands if m.start < token.i), key=lambda m: m.start)
    if etype == "LegalInstrument" and not keyed and len({m.iri for m in before}) > 1:
        return _salient_law(res, token, before)
    if etype == "Company" and before:
        floor = res.prev_sent_start(token)
        recent = [m for m in before if m.sent_start >= floor]
        subjects = [m for m in recent if doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[-1].iri
    if before:
        return before[-1].iri
    after = sorted((m for m in cands if m.start > token.i), key=lambda m: m.start)
    return after[0].iri if after else None


def _salient_law(res: EntityResolver, token: Token, before: list[MentionRef]) -> str:
    """'The bill' in a story of two laws: within a paragraph, the law told last; opening a
    paragraph that names no law yet, the law the story has named most so far (the one it is
    about), the latest on a tie. A paragraph is a topic: "the bill" after a paragraph break
    goes back to the story's law, not to one told once in passing before the break."""
    from extractors.entities.linking import paragraph_start

    if before[-1].start >= paragraph_start(token):
        return before[-1].iri
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for m in before:
        counts[m.iri] = counts.get(m.iri, 0) + 1
        last[m.iri] = m.start
    return max(counts, key=lambda i: (counts[i], last[i]))


_PORTFOLIO = re.compile(
    r"\bminister(?:\s+of\s+state)?\s+(?:for|of)\s+((?:[a-z]+(?:,\s*|\s+and\s+|\s+))*?[a-z]+)\b(?=\s*(?:[,.;:)]|$|\s+(?:said|says|told|has|had|was|is|wrote|in|on)\b))",
    re.I,
)
_LABEL_FILLER = frozenset({"ministry", "of", "the", "and", "for", "federal", "national", "state"})


def ministry_of_portfolio(res: EntityResolver, token: Token) -> str | None:
    """'The ministry' in a story that names no ministry but a minister's portfolio ("the
    minister of state for electronics and information technology"): the ministry of that
    portfolio in the place in play, when the gazetteer knows exactly one."""
    place = res.places.at(token) or res.places.main
    if place is None:
        return None
    wanted: set[str] = set()
    for match in _PORTFOLIO.finditer(doc_text(res.doc)):
        wanted |= {w for w in re.findall(r"[a-z]+", match.group(1).lower()) if w not in _LABEL_FILLER}
    if not wanted:
        return None
    fits = [
        entry
        for entry in res.gaz.entries.values()
        if entry.type == "Government"
        and entry.home
        and ENTITY_BASE + entry.home == place
        and "ministry" in entry.label.lower()
        and {w for w in re.findall(r"[a-z]+", entry.label.lower()) if w not in _LABEL_FILLER} <= wanted
    ]
    if len(fits) != 1:
        return None
    entry = fits[0]
    if entry.iri not in res.entities:
        res.new_entity(entry.iri, entry.type, entry.label)
    return entry.iri


_BILL_PREFIXES = frozenset({"sb", "hb", "ab", "hr", "s", "h", "bill"})  # "Utah SB 287", "H.R. 7521"


def _place_named_on(res: EntityResolver, token: Token) -> str | None:
    """The jurisdiction a reference names on itself: 'the Utah law', 'Florida's law'."""
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod"):
            ref = res.by_token.get(child.i)
            if ref is not None and ref.type == "Jurisdiction":
                return ref.iri
    return None


def _names_a_law(label: str, law_heads: list[str]) -> bool:
    """A law's name holds its kind word wherever the year or number goes: "Online Safety Act
    2021", "Law No. 5651", "Decree 147/2024/ND-CP"."""
    words = label.lower().replace(",", " ").split()
    while words and (any(c.isdigit() for c in words[-1]) or words[-1] in ("no.", "no", "(no.")):
        words.pop()
    return bool(words) and (words[-1] in law_heads or words[-1].replace(".", "") in _BILL_PREFIXES)


def _label_fits(res: EntityResolver, iri: str, head: str, modifiers: list[str]) -> bool:
    entity = res.entities[iri]
    names = " ".join([entity.label, *entity.aliases]).lower()
    keys = [m for m in modifiers if m not in ("same", "federal", "new", "separate", "first")]
    if head in ("justices", "justice"):
        keys.append("supreme")
    if head in names and not keys:
        return True
    stems = [k.rstrip("s") for k in keys]
    return bool(stems) and all(s in names for s in stems)


def _is_subject(span: Span) -> bool:
    """A name is a subject when its head is ('the Division of Consumer Protection sued'), or
    the head of a phrase that is ('TikTok's owner said')."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or root.head.dep_ in ("nsubj", "nsubjpass")


def _says_of_a_plain_noun(res: EntityResolver, token: Token) -> bool:
    """'Users say they are switching to RedNote': the subject of what a speaker says is the
    speaker when the speaker is a plain noun (users, parents, critics) that names no entity."""
    clause = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return False
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.pos_ != "NOUN" or res.entity_at(speaker) is not None:
        return False
    return (speaker.tag_ == "NNS") == (token.lower_ in ("they", "them", "their"))


def _subject_of_first_conjunct(res: EntityResolver, token: Token) -> MentionRef | None:
    """'Arkansas sued TikTok in March, and in September it sued Google': the subject pronoun of
    a coordinated clause keeps the first clause's subject, even a place acting as a party,
    which the latest-name rule below would pass over for a name in between."""
    verb = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    ref = res.entity_at(subject) if subject is not None else None
    if ref is None or ref.iri not in res.entities:
        return None
    if (ref.type == "Person") != (token.lower_ in ("he", "his", "she", "her")):
        return None
    return ref


def pronoun(res: EntityResolver, token: Token, types: tuple[str, ...]) -> str | None:
    """'it', 'they', 'he': the latest entity of a fitting type, subjects first."""
    doc = res.doc
    if token.lower_ not in _PRONOUNS:
        return None
    if _says_of_a_plain_noun(res, token):
        return None
    shared = _subject_of_first_conjunct(res, token)
    if shared is not None:
        return shared.iri if shared.type in types else None
    wanted = (
        ("Person",)
        if token.lower_ in ("he", "his", "she", "her")
        else (
            "Platform",
            "Company",
            "Regulator",
            "Government",
            "Court",
            "Legislature",
            "LegalInstrument",
            "Organization",
        )
    )
    floor = res.prev_sent_start(token)
    earlier = [
        m
        for m in res.between(floor, token.i)
        if m.start < token.i and m.type in wanted and m.iri in res.entities and m.sent_start >= floor
    ]
    subjects = [m for m in earlier if _is_subject(doc[m.start : m.end])]
    pick = subjects or earlier
    if not pick or pick[-1].type not in types:
        return None
    return pick[-1].iri
