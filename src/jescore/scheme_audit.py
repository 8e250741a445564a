"""Is the factor plan itself fair? Facts about a scheme's weights, from the plan alone.

A job evaluation scheme defends an equal pay claim only if it is analytical and free of sex
bias. Equality bodies name what to look at in the plan before any job is scored:

- **The four criteria.** EU Directive 2023/970, Article 4(4), asks for criteria that include
  skills, effort, responsibility and working conditions. Each factor may say which one it
  measures (``criterion:`` in the scheme file); a criterion no factor measures is a gap.
- **Weights.** A factor's weight is its top level's points as a share of the sum of every
  factor's top points (the most a job can score). The NJC's Technical Note 2 for local
  government sets weights from agreed principles (never fitted to current pay, which would
  carry past bias into the scheme) and gives every factor at least 5% of the total: the
  default floor here. A share below it is stated as a fact, not judged.
- **Level steps.** Points must rise with every level (jescore refuses a scheme where they do
  not); how they rise (even steps, widening, narrowing) is shown, since the Equality and Human
  Rights Commission (EHRC) asks for levels that are measurable steps in demand.
- **Pairs the EHRC names.** Physical effort against mental effort, against emotional effort and
  against manual dexterity; financial responsibility against responsibility for people. Where
  both sides exist, the ratio of their top points is shown, not judged. Factors are matched to
  a side by their criterion and the words of their name: jescore's reading, listed so that it
  can be checked.
- **Demands often overlooked in women-dominated work** (the EIGE toolkit for the European
  Commission): a checklist, each demand beside the scheme's factors of the criterion it
  belongs to, for the user to answer.

Pure functions over a loaded :class:`~jescore.models.Scheme`: no reading, no printing. Shares
are exact fractions; renderers round them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from jescore.models import CRITERIA, Factor, Scheme

#: The default floor, in percent: NJC Technical Note 2.
FLOOR = Fraction(5)

#: Where the floor comes from.
FLOOR_SOURCE = (
    "NJC for Local Government Services, Job Evaluation Technical Note 2: weights come from "
    "agreed principles, not from fitting them to current pay, and every factor carries at "
    "least 5% of the total"
)
#: Where the four criteria come from.
CRITERIA_SOURCE = (
    "Directive (EU) 2023/970 on pay transparency, Article 4(4): criteria that include skills, "
    "effort, responsibility and working conditions"
)
CRITERIA_URL = "https://eur-lex.europa.eu/eli/dir/2023/970/oj"
#: Where the pairs come from.
PAIRS_SOURCE = (
    "Equality and Human Rights Commission, job evaluation schemes free of sex bias (design of "
    "the scheme): a scheme discriminates if it over-weights demands typical of men's jobs, "
    "such as physical effort, against those of women's jobs, such as mental concentration, "
    "manual dexterity, caring or emotional demands"
)
PAIRS_URL = "https://www.equalityhumanrights.com/en/advice-and-guidance/job-evaluation-schemes"
#: Where the checklist comes from.
OVERLOOKED_SOURCE = (
    "European Institute for Gender Equality (EIGE), gender-neutral job evaluation and "
    "classification toolkit for the European Commission (2026): demands often overlooked in "
    "women-dominated jobs; demands typical of men-dominated jobs may be counted twice"
)
OVERLOOKED_URL = (
    "https://eige.europa.eu/gender-mainstreaming/toolkits/gender-neutral-job-evaluation"
)
#: Level steps: what the EHRC asks of levels.
STEPS_SOURCE = (
    "Equality and Human Rights Commission: levels should be measurable steps in demand; "
    "jescore refuses a scheme whose points do not rise with every level"
)

#: Criteria as people write them.
CRITERION_NAMES = {
    "skills": "skills",
    "effort": "effort",
    "responsibility": "responsibility",
    "working-conditions": "working conditions",
}


@dataclass(frozen=True, slots=True)
class Aspect:
    """A demand the EHRC's pairs name, found in a scheme by criterion and words of the name."""

    key: str
    name: str
    criterion: str
    words: re.Pattern[str]

    def matches(self, factor: Factor) -> bool:
        """Whether the factor measures this demand (jescore's reading of its name)."""
        if factor.criterion != self.criterion:
            return False
        text = f"{factor.name} {factor.id.replace('-', ' ').replace('_', ' ')}".lower()
        return self.words.search(text) is not None


def _words(*words: str) -> re.Pattern[str]:
    """Words (regular expressions) at the start of a word of the text."""
    return re.compile(r"\b(?:" + "|".join(words) + r")")


PHYSICAL_EFFORT = Aspect("physical-effort", "physical effort", "effort", _words("physical"))
MENTAL_EFFORT = Aspect("mental-effort", "mental effort", "effort", _words("mental"))
EMOTIONAL_EFFORT = Aspect("emotional-effort", "emotional effort", "effort", _words("emotional"))
DEXTERITY = Aspect(
    "manual-dexterity", "manual dexterity", "skills", _words("physical", "dexterity", "manual")
)
FINANCIAL = Aspect(
    "financial-responsibility", "financial responsibility", "responsibility", _words("financ")
)
PEOPLE = Aspect(
    "people-responsibility",
    "responsibility for people",
    "responsibility",
    _words(
        "people",
        "patient",
        "client",
        r"care\b",
        "human resources",
        "staff",
        "service users",
        "victims",
        "pupils",
        "children",
        "supervis",
        "employees",
    ),
)

#: The pairs the EHRC names: (first, second); the ratio is first's top points to second's.
PAIRS: tuple[tuple[Aspect, Aspect], ...] = (
    (PHYSICAL_EFFORT, MENTAL_EFFORT),
    (PHYSICAL_EFFORT, EMOTIONAL_EFFORT),
    (PHYSICAL_EFFORT, DEXTERITY),
    (FINANCIAL, PEOPLE),
)

#: Demands often overlooked in women-dominated work (EIGE), in jescore's words, each with the
#: criterion the toolkit places it under.
OVERLOOKED: tuple[tuple[str, str], ...] = (
    ("Listening actively and settling conflict", "skills"),
    ("Coordinating work, people or services", "skills"),
    ("Reading and using non-verbal communication", "skills"),
    ("Manual dexterity: fine, precise work with the hands", "skills"),
    ("Responsibility for the health, safety and emotional well-being of others", "responsibility"),
    ("Being the first point of contact for the public", "responsibility"),
    ("Training new staff", "responsibility"),
    ("Emotional effort of calming and de-escalating people", "effort"),
    ("Lifting and moving adults or children", "effort"),
    ("Working for several people at once", "effort"),
    ("Monotonous, detailed work", "effort"),
    ("Cleaning chemicals and other hazards of care and cleaning work", "working-conditions"),
    ("Awkward postures", "working-conditions"),
    ("Working alone or in isolation", "working-conditions"),
    ("Unpredictable hours", "working-conditions"),
)


@dataclass(frozen=True, slots=True)
class FactorWeight:
    """One factor's weight and level steps."""

    factor: Factor
    top_points: int
    #: Top points as a percentage of the sum of every factor's top points (exact).
    share: Fraction
    below_floor: bool
    #: Points gained from each level to the next.
    steps: tuple[int, ...]
    #: 'even', 'widening', 'narrowing', 'uneven' or 'one level'.
    shape: str


@dataclass(frozen=True, slots=True)
class CriterionWeight:
    """One criterion: the factors that measure it and their weight together."""

    criterion: str
    factors: tuple[Factor, ...]
    top_points: int
    share: Fraction


@dataclass(frozen=True, slots=True)
class Pair:
    """Two factors on the two sides of a pair the EHRC names, and their ratio of top points."""

    first_aspect: Aspect
    second_aspect: Aspect
    first: Factor
    second: Factor

    @property
    def ratio(self) -> Fraction | None:
        """First's top points over second's; None when the second's top is 0 points.

        A factor of one level may be worth nothing.
        """
        second = self.second.levels[-1].points
        return Fraction(self.first.levels[-1].points, second) if second else None


@dataclass(frozen=True, slots=True)
class Unpaired:
    """A pair the EHRC names that the scheme does not have both sides of."""

    first_aspect: Aspect
    second_aspect: Aspect
    #: The sides the scheme has no factor for (by criterion and name); empty when one factor
    #: measures both.
    missing: tuple[Aspect, ...]


@dataclass(frozen=True, slots=True)
class Demand:
    """One demand of the EIGE checklist, beside the scheme's factors that may cover it."""

    demand: str
    criterion: str
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class PlanAudit:
    """Everything ``scheme audit`` reports about one scheme."""

    scheme: Scheme
    #: The sum of every factor's top points: the most a job can score.
    total: int
    floor: Fraction
    factors: tuple[FactorWeight, ...]
    criteria: tuple[CriterionWeight, ...]
    #: Criteria no factor measures (in the order of :data:`CRITERIA`).
    missing: tuple[str, ...]
    #: Factors whose criterion the scheme does not give.
    unmapped: tuple[Factor, ...]
    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...]
    demands: tuple[Demand, ...]


def shape_of(steps: tuple[int, ...]) -> str:
    """How a factor's points rise: even steps, widening, narrowing, or uneven."""
    if not steps:
        return "one level"
    if len(set(steps)) == 1:
        return "even"
    pairs = list(zip(steps, steps[1:], strict=False))
    if all(a <= b for a, b in pairs):
        return "widening"
    if all(a >= b for a, b in pairs):
        return "narrowing"
    return "uneven"


def audit(scheme: Scheme, floor: Fraction = FLOOR) -> PlanAudit:
    """The facts ``scheme audit`` reports: weights, criteria, steps, pairs and the checklist.

    ``floor`` is a percentage of the total (default: 5, NJC Technical Note 2).
    """
    total = scheme.max_total
    weights = []
    for f in scheme.factors:
        top = f.levels[-1].points
        points = [level.points for level in f.levels]
        steps = tuple(b - a for a, b in zip(points, points[1:], strict=False))
        share = Fraction(100 * top, total) if total else Fraction(0)
        weights.append(FactorWeight(f, top, share, share < floor, steps, shape_of(steps)))
    criteria = []
    for criterion in CRITERIA:
        members = tuple(f for f in scheme.factors if f.criterion == criterion)
        top = sum(f.levels[-1].points for f in members)
        criteria.append(
            CriterionWeight(
                criterion, members, top, Fraction(100 * top, total) if total else Fraction(0)
            )
        )
    missing = tuple(c.criterion for c in criteria if not c.factors)
    unmapped = tuple(f for f in scheme.factors if f.criterion is None)
    pairs, unpaired = [], []
    for first, second in PAIRS:
        ones = [f for f in scheme.factors if first.matches(f)]
        others = [f for f in scheme.factors if second.matches(f)]
        found = [(a, b) for a in ones for b in others if a is not b]
        if found:
            pairs += [Pair(first, second, a, b) for a, b in found]
        else:
            lacking = tuple(
                aspect for aspect, side in ((first, ones), (second, others)) if not side
            )
            # Nothing lacking: one factor measures both demands, so there is no ratio to show.
            unpaired.append(Unpaired(first, second, lacking))
    demands = tuple(
        Demand(text, criterion, tuple(f for f in scheme.factors if f.criterion == criterion))
        for text, criterion in OVERLOOKED
    )
    return PlanAudit(
        scheme,
        total,
        floor,
        tuple(weights),
        tuple(criteria),
        missing,
        unmapped,
        tuple(pairs),
        tuple(unpaired),
        demands,
    )
