"""The genogram: a small generational layout of the family record, drawn as SVG (and PNG for Word).

Why not Graphviz: see docs/decisions/0007-genogram-layout.md. In short, a genogram is a few
generations of couples and their children, which a layered layout with barycentre ordering
handles in ~100 lines, with no native dependency to crash (Debian's Graphviz 2.43 segfaults with
orthogonal edges and labels) and full control of genogram conventions.

Layout: people get generations from PARENT links (partners and siblings share one); each
generation is a row of "units" (chains of partners); rows are ordered by the barycentre of
parents and children, then units are placed left to right and nudged towards their parents and
children without overlapping.

Symbols: square male, circle female, diamond sex not known; a cross through a deceased person; a
double outline for the subject child; a line between partners (one slash: separated, two
slashes: former partners); children hang from their parents' line; a dashed box round each
household. Only presentation attributes are used (no ``style``), so the SVG can sit inline under
the strict content security policy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.utils import timezone

from cspr.cases.models import Case, Household, Person, PersonRole, Relationship, RelationshipKind, Sex

SLOT = 150  # horizontal room per person (shape plus label)
ROW = 190  # vertical distance between generations
R = 20  # half the size of a symbol
MARGIN = 40
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
INK = "#0b0c0c"
GREY = "#505a5f"


@dataclass
class Family:
    people: list[Person]
    relationships: list[Relationship]
    households: list[Household]
    today: dt.date


@dataclass
class Unit:
    members: list[int]
    x: float = 0.0

    @property
    def width(self) -> float:
        return len(self.members) * SLOT


@dataclass
class Layout:
    generation: dict[int, int]
    rows: dict[int, list[Unit]] = field(default_factory=dict)
    pos: dict[int, tuple[float, float]] = field(default_factory=dict)


def load(case: Case, today: dt.date | None = None) -> Family:
    return Family(
        people=list(Person.objects.filter(case=case).order_by("date_of_birth", "id")),
        relationships=list(Relationship.objects.filter(case=case).order_by("id")),
        households=list(Household.objects.filter(case=case).prefetch_related("members").order_by("id")),
        today=today or timezone.localdate(),
    )


def _edges(family: Family, *kinds: str) -> list[tuple[int, int]]:
    return [(r.from_person_id, r.to_person_id) for r in family.relationships if r.kind in kinds]


def generations(family: Family) -> dict[int, int]:
    ids = [p.pk for p in family.people]
    gen = dict.fromkeys(ids, 0)
    parent = _edges(family, RelationshipKind.PARENT)
    same = _edges(family, RelationshipKind.PARTNER, RelationshipKind.FORMER_PARTNER, RelationshipKind.SIBLING)
    for _ in range(len(ids) * 2 + 2):
        changed = False
        for p, c in parent:
            if gen[c] < gen[p] + 1:
                gen[c], changed = gen[p] + 1, True
            if gen[p] < gen[c] - 1:
                gen[p], changed = gen[c] - 1, True
        for a, b in same:
            top = max(gen[a], gen[b])
            if gen[a] != top or gen[b] != top:
                gen[a] = gen[b] = top
                changed = True
        if not changed:
            break
    related = {i for edge in parent + same for i in edge}
    subject = next((p.pk for p in family.people if p.role == PersonRole.SUBJECT_CHILD), None)
    for pid in ids:
        if pid not in related and subject is not None and pid != subject:
            gen[pid] = gen[subject]
    low = min(gen.values(), default=0)
    return {pid: g - low for pid, g in gen.items()}


def _chains(members: list[int], partners: list[tuple[int, int]]) -> list[list[int]]:
    """Partner chains within one generation (father - mother - mother's new partner)."""
    adj: dict[int, list[int]] = defaultdict(list)
    member_set = set(members)
    for a, b in partners:
        if a in member_set and b in member_set:
            adj[a].append(b)
            adj[b].append(a)
    seen: set[int] = set()
    chains: list[list[int]] = []
    for start in sorted(members, key=lambda m: (len(adj[m]) != 1, members.index(m))):
        if start in seen:
            continue
        chain, stack = [], [start]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            chain.append(node)
            stack.extend(n for n in reversed(adj[node]) if n not in seen)
        chains.append(chain)
    return chains


def layout(family: Family) -> Layout:
    gen = generations(family)
    result = Layout(generation=gen)
    partners = _edges(family, RelationshipKind.PARTNER, RelationshipKind.FORMER_PARTNER)
    parents_of: dict[int, list[int]] = defaultdict(list)
    children_of: dict[int, list[int]] = defaultdict(list)
    for p, c in _edges(family, RelationshipKind.PARENT):
        parents_of[c].append(p)
        children_of[p].append(c)
    order = [p.pk for p in family.people]
    for g in sorted(set(gen.values())):
        members = [pid for pid in order if gen[pid] == g]
        result.rows[g] = [Unit(chain) for chain in _chains(members, partners)]
    _order_rows(result, parents_of, children_of)
    _place(result, parents_of, children_of)
    return result


def _index_positions(result: Layout) -> dict[int, float]:
    pos: dict[int, float] = {}
    for units in result.rows.values():
        i = 0
        for unit in units:
            for m in unit.members:
                pos[m] = i
                i += 1
    return pos


def _order_rows(result: Layout, parents_of: dict[int, list[int]], children_of: dict[int, list[int]]) -> None:
    gens = sorted(result.rows)

    def sort_by(g: int, links: dict[int, list[int]]) -> None:
        pos = _index_positions(result)
        units = result.rows[g]

        def key(item: tuple[int, Unit]) -> float:
            i, unit = item
            linked = [pos[o] for m in unit.members for o in links.get(m, []) if o in pos]
            return sum(linked) / len(linked) if linked else float(i)

        for unit in units:
            # Turn a partner chain round when its members' parents sit the other way round above it.
            bary = [sum(pos[o] for o in links[m] if o in pos) / len(links[m]) for m in unit.members if links.get(m)]
            if len(bary) >= 2 and bary[0] > bary[-1]:
                unit.members.reverse()
        result.rows[g] = [u for _, u in sorted(enumerate(units), key=key)]

    for _ in range(3):
        for g in gens[1:]:
            sort_by(g, parents_of)
        for g in reversed(gens[:-1]):
            sort_by(g, children_of)
    for g in gens[1:]:
        sort_by(g, parents_of)


def _centres(result: Layout) -> dict[int, float]:
    return {m: u.x + (i + 0.5) * SLOT for units in result.rows.values() for u in units for i, m in enumerate(u.members)}


def _nudge(result: Layout, g: int, links: dict[int, list[int]]) -> None:
    """Move each unit of row ``g`` under (or over) the people it links to, keeping order and gaps."""
    cx = _centres(result)
    prev_right = None
    for unit in result.rows[g]:
        linked = [cx[o] for m in unit.members for o in links.get(m, []) if o in cx]
        target = (sum(linked) / len(linked) - unit.width / 2) if linked else unit.x
        if prev_right is not None:
            target = max(target, prev_right + SLOT * 0.2)
        unit.x = target
        prev_right = unit.x + unit.width


def _place(result: Layout, parents_of: dict[int, list[int]], children_of: dict[int, list[int]]) -> None:
    for units in result.rows.values():
        x = 0.0
        for unit in units:
            unit.x = x
            x += unit.width + SLOT * 0.2
    gens = sorted(result.rows)
    for _ in range(3):
        for g in gens[1:]:
            _nudge(result, g, parents_of)
        for g in reversed(gens[:-1]):
            _nudge(result, g, children_of)
    low = min((u.x for units in result.rows.values() for u in units), default=0.0)
    for g, units in result.rows.items():
        for unit in units:
            for i, m in enumerate(unit.members):
                result.pos[m] = (unit.x - low + (i + 0.5) * SLOT + MARGIN, MARGIN + 40 + g * ROW)


def age_label(person: Person, today: dt.date) -> str:
    if person.date_of_birth is None:
        return "d., age not known" if person.deceased else "Age not known"
    end = person.date_of_death or today
    years = (
        end.year
        - person.date_of_birth.year
        - ((end.month, end.day) < (person.date_of_birth.month, person.date_of_birth.day))
    )
    if years < 1:
        months = max(
            0,
            (end.year - person.date_of_birth.year) * 12
            + end.month
            - person.date_of_birth.month
            - (end.day < person.date_of_birth.day),
        )
        age = f"{months} month{'s' if months != 1 else ''}"
    else:
        age = f"{years}"
    if person.deceased:
        return f"Died aged {age}" if person.date_of_death else f"Deceased (b. {person.date_of_birth.year})"
    return f"Age {age}"


def short_name(person: Person) -> str:
    return person.first_name if len(person.first_name) <= 16 else person.initials


def _shape(person: Person, x: float, y: float, grow: float = 0) -> str:
    r = R + grow
    width = "3" if person.role == PersonRole.SUBJECT_CHILD else "2"
    common = f'fill="{"none" if grow else "#ffffff"}" stroke="{INK}" stroke-width="{width}"'
    if person.sex == Sex.MALE:
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {common}/>'
    if person.sex == Sex.FEMALE:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    d = r * 1.25
    return (
        f'<polygon points="{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}" {common}/>'
    )


def _text(x: float, y: float, text: str, *, size: int = 13, weight: str = "normal", anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{INK}">{escape(text)}</text>'
    )


def _person(person: Person, x: float, y: float, today: dt.date) -> list[str]:
    parts = [f"<g><title>{escape(describe_person(person, today))}</title>", _shape(person, x, y)]
    if person.role == PersonRole.SUBJECT_CHILD:
        parts.append(_shape(person, x, y, grow=6))
    if person.deceased:
        d = R * 0.9
        parts.append(
            f'<path d="M{x - d:.1f},{y - d:.1f} L{x + d:.1f},{y + d:.1f} M{x + d:.1f},{y - d:.1f} L{x - d:.1f},{y + d:.1f}" stroke="{INK}" stroke-width="2"/>'
        )
    top = y + R + 22
    parts.append(_text(x, top, short_name(person), weight="bold"))
    parts.append(_text(x, top + 16, age_label(person, today)))
    if person.role == PersonRole.SUBJECT_CHILD:
        parts.append(_text(x, top + 32, "Subject child", size=12))
    elif person.relationship_to_child:
        parts.append(_text(x, top + 32, person.relationship_to_child[:22], size=12))
    parts.append("</g>")
    return parts


def _line(x1: float, y1: float, x2: float, y2: float, *, width: float = 2, dash: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{INK}" stroke-width="{width}"{extra}/>'
    )


def _slashes(x: float, y: float, count: int) -> list[str]:
    return [_line(x - 4 + 8 * i - 5, y + 8, x - 4 + 8 * i + 5, y - 8) for i in range(count)]


def _partnership(a: tuple[float, float], b: tuple[float, float], rel: Relationship, title: str) -> list[str]:
    (x1, y1), (x2, y2) = sorted([a, b])
    parts = [f"<g><title>{escape(title)}</title>"]
    if abs(y1 - y2) < 1 and abs(x2 - x1) <= SLOT + 1:
        parts.append(_line(x1 + R, y1, x2 - R, y2))
        mid = ((x1 + x2) / 2, y1)
    else:  # not side by side: an arch over the row
        lift = y1 - R - 24
        parts.append(
            f'<path d="M{x1:.1f},{y1 - R:.1f} V{lift:.1f} H{x2:.1f} V{y2 - R:.1f}" fill="none" stroke="{INK}" stroke-width="2"/>'
        )
        mid = ((x1 + x2) / 2, lift)
    if rel.kind == RelationshipKind.FORMER_PARTNER:
        parts += _slashes(mid[0], mid[1], 2)
    elif rel.separated:
        parts += _slashes(mid[0], mid[1], 1)
    parts.append("</g>")
    return parts


def _children(family: Family, lay: Layout, names: dict[int, str]) -> list[str]:
    parents_of: dict[int, set[int]] = defaultdict(set)
    for p, c in _edges(family, RelationshipKind.PARENT):
        parents_of[c].add(p)
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for child, parents in parents_of.items():
        groups[frozenset(parents)].append(child)
    parts: list[str] = []
    offsets: dict[int, int] = defaultdict(int)
    for parent_set, kids in sorted(groups.items(), key=lambda kv: sorted(kv[0])):
        ps = [lay.pos[p] for p in sorted(parent_set)]
        ks = sorted(lay.pos[k] for k in kids)
        row_y = ks[0][1]
        bar = row_y - R - 26 - 6 * offsets[int(row_y)]
        offsets[int(row_y)] += 1
        if len(ps) >= 2 and abs(ps[0][1] - ps[1][1]) < 1:
            ox, oy = (ps[0][0] + ps[1][0]) / 2, ps[0][1]
        else:
            ox, oy = ps[0][0], ps[0][1] + R + 62
        title = ", ".join(names[p] for p in sorted(parent_set)) + " — parent of " + ", ".join(names[k] for k in kids)
        parts.append(f"<g><title>{escape(title)}</title>")
        parts.append(_line(ox, oy, ox, bar))
        xs = [k[0] for k in ks] + [ox]
        parts.append(_line(min(xs), bar, max(xs), bar))
        for kx, ky in ks:
            parts.append(_line(kx, bar, kx, ky - R - 6))
        parts.append("</g>")
    return parts


def _siblings_without_parents(family: Family, lay: Layout, names: dict[int, str]) -> list[str]:
    parents: dict[int, set[int]] = defaultdict(set)
    for p, c in _edges(family, RelationshipKind.PARENT):
        parents[c].add(p)
    parts: list[str] = []
    for a, b in _edges(family, RelationshipKind.SIBLING):
        if parents[a] & parents[b]:
            continue  # already joined under their parents
        (x1, y1), (x2, _) = sorted([lay.pos[a], lay.pos[b]])
        bar = y1 - R - 16
        parts += [
            f"<g><title>{escape(names[a])} — sibling of {escape(names[b])}</title>",
            _line(x1, y1 - R - 6, x1, bar),
            _line(x1, bar, x2, bar),
            _line(x2, bar, x2, y1 - R - 6),
            "</g>",
        ]
    return parts


def _runs(lay: Layout, members: set[int]) -> list[list[int]]:
    """Members of a household in unbroken runs along each row: a box never takes in a non-member."""
    runs: list[list[int]] = []
    for g in sorted(lay.rows):
        row = [m for unit in lay.rows[g] for m in unit.members]
        run: list[int] = []
        for pid in row:
            if pid in members:
                run.append(pid)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def _households(family: Family, lay: Layout) -> list[str]:
    parts: list[str] = []
    dashes = ["8 5", "3 4", "12 4 3 4"]
    for i, household in enumerate(family.households):
        members = {m.pk for m in household.members.all() if m.pk in lay.pos}
        if not members:
            continue
        pad = 6 + 5 * i
        parts.append(f"<g><title>Household: {escape(household.name)}</title>")
        for run in _runs(lay, members):
            (x1, y), (x2, _) = lay.pos[run[0]], lay.pos[run[-1]]
            left, right = x1 - SLOT / 2 + 20 - pad, x2 + SLOT / 2 - 20 + pad  # clear of partner-line slashes
            top, bottom = y - R - 14 - pad, y + R + 72 + pad
            parts += [
                f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" rx="10" '
                f'fill="none" stroke="{GREY}" stroke-width="2" stroke-dasharray="{dashes[i % len(dashes)]}"/>',
                _text(left + 8, bottom - 7, f"Household: {household.name}", size=12, anchor="start"),
            ]
        parts.append("</g>")
    return parts


def _legend(y: float) -> list[str]:
    from types import SimpleNamespace

    parts = [_text(MARGIN, y, "Key", weight="bold", anchor="start")]
    y += 30
    samples: list[tuple[str, list[str]]] = []
    x = MARGIN + R
    for label, sex, role, dead in (
        ("Male", Sex.MALE, "", False),
        ("Female", Sex.FEMALE, "", False),
        ("Sex not known", Sex.UNKNOWN, "", False),
        ("Subject child", Sex.FEMALE, PersonRole.SUBJECT_CHILD, False),
        ("Deceased", Sex.MALE, "", True),
    ):
        fake = SimpleNamespace(sex=sex, role=role)
        shapes = [_shape(fake, x, y)]  # type: ignore[arg-type]
        if role:
            shapes.append(_shape(fake, x, y, grow=6))  # type: ignore[arg-type]
        if dead:
            d = R * 0.9
            shapes.append(
                f'<path d="M{x - d:.1f},{y - d:.1f} L{x + d:.1f},{y + d:.1f} M{x + d:.1f},{y - d:.1f} L{x - d:.1f},{y + d:.1f}" stroke="{INK}" stroke-width="2"/>'
            )
        samples.append((label, [*shapes, _text(x + R + 14, y + 5, label, anchor="start")]))
        x += 150
    for _, svg in samples:
        parts += svg
    y += 50
    x = MARGIN
    for label, count in (("Partners", 0), ("Separated", 1), ("Former partners", 2)):
        parts.append(_line(x, y, x + 60, y))
        parts += _slashes(x + 30, y, count)
        parts.append(_text(x + 70, y + 5, label, anchor="start"))
        x += 190
    parts.append(
        f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="60" height="24" rx="6" fill="none" stroke="{GREY}" stroke-width="2" stroke-dasharray="8 5"/>'
    )
    parts.append(_text(x + 70, y + 5, "Household", anchor="start"))
    return parts


def describe_person(person: Person, today: dt.date) -> str:
    bits = [
        str(person),
        Sex(person.sex).label.lower() if person.sex != Sex.UNKNOWN else "sex not known",
        age_label(person, today).lower(),
    ]
    if person.role == PersonRole.SUBJECT_CHILD:
        bits.append("the subject child")
    elif person.relationship_to_child:
        bits.append(person.relationship_to_child.lower())
    return ", ".join(bits)


def describe_relationship(rel: Relationship, names: dict[int, str]) -> str:
    a, b = names[rel.from_person_id], names[rel.to_person_id]
    match rel.kind:
        case RelationshipKind.PARENT:
            text = f"{a} is a parent of {b}"
        case RelationshipKind.PARTNER:
            text = f"{a} and {b} are partners" + (" (separated)" if rel.separated else "")
        case RelationshipKind.FORMER_PARTNER:
            text = f"{a} and {b} are former partners" + (" (separated)" if rel.separated else "")
        case RelationshipKind.SIBLING:
            text = f"{a} and {b} are siblings"
        case _:
            text = f"{a} and {b}: {rel.note or 'other relationship'}"
    return text


def text_alternative(family: Family) -> dict[str, list[str]]:
    names = {p.pk: str(p) for p in family.people}
    return {
        "people": [describe_person(p, family.today) for p in family.people],
        "relationships": [describe_relationship(r, names) for r in family.relationships],
        "households": [
            f"{h.name}: " + (", ".join(str(m) for m in h.members.all()) or "no members recorded")
            for h in family.households
        ],
    }


def render_svg(family: Family, *, title: str = "Genogram") -> str:
    lay = layout(family)
    names = {p.pk: str(p) for p in family.people}
    people = {p.pk: p for p in family.people}
    body: list[str] = []
    body += _households(family, lay)
    body += _children(family, lay, names)
    body += _siblings_without_parents(family, lay, names)
    for rel in family.relationships:
        if rel.kind in (RelationshipKind.PARTNER, RelationshipKind.FORMER_PARTNER):
            body += _partnership(
                lay.pos[rel.from_person_id], lay.pos[rel.to_person_id], rel, describe_relationship(rel, names)
            )
        elif rel.kind == RelationshipKind.OTHER:
            (x1, y1), (x2, y2) = sorted([lay.pos[rel.from_person_id], lay.pos[rel.to_person_id]])
            body.append(
                f"<g><title>{escape(describe_relationship(rel, names))}</title>{_line(x1 + R, y1, x2 - R, y2, width=1.5, dash='2 4')}</g>"
            )
    for pid, (x, y) in lay.pos.items():
        body += _person(people[pid], x, y, family.today)
    width = max([x for x, _ in lay.pos.values()] + [0]) + SLOT / 2 + MARGIN
    width = max(width, 900)
    bottom = max([y for _, y in lay.pos.values()] + [MARGIN]) + R + 110
    body += _legend(bottom)
    height = bottom + 120
    if not family.people:
        body.append(_text(MARGIN, MARGIN + 20, "No family members are recorded yet.", anchor="start"))
    desc = f"{len(family.people)} people and {len(family.relationships)} relationships. A text version follows the picture."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-labelledby="genogram-title genogram-desc">'
        f'<title id="genogram-title">{escape(title)}</title><desc id="genogram-desc">{escape(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def _digest(family: Family) -> str:
    parts: list[Iterable[object]] = [
        [
            (
                p.pk,
                p.first_name,
                p.last_name,
                p.sex,
                p.role,
                p.date_of_birth,
                p.date_of_death,
                p.deceased,
                p.relationship_to_child,
            )
            for p in family.people
        ],
        [(r.pk, r.from_person_id, r.to_person_id, r.kind, r.separated, r.note) for r in family.relationships],
        [(h.pk, h.name, sorted(m.pk for m in h.members.all())) for h in family.households],
        [family.today],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def svg_for_case(case: Case) -> tuple[str, Family]:
    family = load(case)
    return render_svg(family, title=f"Genogram for case {case.reference}"), family


def png_for_case(case: Case) -> bytes:
    """PNG for Word documents, cached by the content of the family record (so edits show at once)."""
    import cairosvg

    family = load(case)
    key = f"genogram-png:{case.pk}:{_digest(family)}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    svg = render_svg(family, title=f"Genogram for case {case.reference}")
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=1.5)
    cache.set(key, png, 60 * 60)
    return png
