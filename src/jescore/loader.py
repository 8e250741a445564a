"""Loading jescore's three file types into checked models, every problem with file and line.

The pieces, each in its own module:

- :mod:`jescore.yamldoc`: bytes within limits, then YAML with the line of every value;
- :mod:`jescore.validation`: pydantic's errors turned into messages a person can act on;
- :mod:`jescore.kinds`: which kind of file a document is;
- :mod:`jescore.references`: shipped schemes by id, other files by path.

This module puts them together: a scheme, a grading structure, or a questionnaire with the
scheme and grading it names, read through a :class:`Library` that loads each scheme and grading
once per run and keeps references inside the folders the user pointed at. Callers get models
or an :class:`~jescore.errors.InputError` listing every problem at once; they never see PyYAML
or pydantic exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from jescore.errors import InputError, Problem, UsageError
from jescore.files import inside, resolved
from jescore.kinds import Kind, kind_of, other_kind_message
from jescore.models import (
    FileRef,
    GradingStructure,
    Profile,
    Questionnaire,
    Scheme,
    coverage_findings,
    grading_findings,
    questionnaire_findings,
    record_findings,
    scheme_findings,
)
from jescore.profile_range import ProfileScore, profile_findings, range_findings, score
from jescore.references import (
    looks_like_path,
    relative,
    shipped_gradings,
    shipped_scales,
    shipped_schemes,
)
from jescore.safety import clean_line, excerpt
from jescore.scale import PayScale, scale_findings
from jescore.validation import findings_to_problems, raise_problems, validate
from jescore.yamldoc import Document, Reader, dotted, parse, read_file, read_text

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated scheme or grading structure, where it came from, and its warnings."""

    file: FileRef
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedScheme(Loaded):
    """A scheme file, loaded."""

    scheme: Scheme = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class LoadedGrading(Loaded):
    """A grading-structure file, loaded."""

    grading: GradingStructure = field(kw_only=True)


class OtherKind(InputError):
    """A file of another kind than the one asked for.

    A scheme where a questionnaire was due, a CI workflow among questionnaires: commands skip
    such files when they were found in folders.
    """


def _read(path: Path, name: str, reader: Reader) -> tuple[Document, FileRef]:
    text, digest = read_text(path, name, reader)
    # Names shown in results come from paths, which strangers choose too.
    return parse(text, name), FileRef(clean_line(name), digest)


def _expect(doc: Document, wanted: tuple[Kind, ...], found: bool) -> Kind | None:
    """The document's kind when it is one of ``wanted``; raise :class:`OtherKind` otherwise.

    A file named on the command line whose kind cannot be told is validated as the first kind
    wanted, to say what it lacks; one found in a folder is another kind of file.
    """
    kind = kind_of(doc.data)
    if kind in wanted or (kind is None and not found):
        return kind
    raise OtherKind([Problem(other_kind_message(kind, wanted), file=doc.file)])


def load_scheme_file(
    path: Path, display: str | None = None, shipped: bool = False, reader: Reader = read_file
) -> LoadedScheme:
    """Load and check a scheme file."""
    doc, ref = _read(path, display or str(path), reader)
    _expect(doc, (Kind.SCHEME,), found=False)
    return _scheme(doc, FileRef(ref.path, ref.sha256, shipped))


def _scheme(doc: Document, ref: FileRef) -> LoadedScheme:
    scheme = validate(Scheme, doc, "scheme")
    errors, warnings = findings_to_problems(doc, scheme_findings(scheme))
    raise_problems(doc, errors)
    return LoadedScheme(ref, tuple(warnings), scheme=scheme)


def load_grading_file(
    path: Path, display: str | None = None, shipped: bool = False, reader: Reader = read_file
) -> LoadedGrading:
    """Load and check a grading-structure file."""
    doc, ref = _read(path, display or str(path), reader)
    _expect(doc, (Kind.GRADING,), found=False)
    return _grading(doc, FileRef(ref.path, ref.sha256, shipped))


def _grading(doc: Document, ref: FileRef) -> LoadedGrading:
    grading = validate(GradingStructure, doc, "grading structure")
    errors, _ = findings_to_problems(doc, grading_findings(grading))
    raise_problems(doc, errors)
    return LoadedGrading(ref, grading=grading)


def load_definition(path: Path, found: bool = False) -> LoadedScheme | LoadedGrading:
    """Load a scheme file or a grading-structure file, whichever it is.

    Raises :class:`OtherKind` for a questionnaire and, when the file was ``found`` in a folder
    or by a pattern rather than named, for YAML of no jescore kind (which a search skips).
    """
    doc, ref = _read(path, str(path), read_file)
    if _expect(doc, (Kind.SCHEME, Kind.GRADING), found) is Kind.GRADING:
        return _grading(doc, ref)
    return _scheme(doc, ref)


def grading_fit(
    scheme: Scheme, loaded: LoadedGrading, other_scheme: bool = False
) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings about using a grading structure with a scheme.

    Bands written for another scheme are an error unless ``other_scheme`` allows them (then a
    warning); totals the scheme can reach outside every band are a warning.
    """
    doc_file, grading = loaded.file.path, loaded.grading
    errors: list[Problem] = []
    warnings = [
        Problem(f.message, file=doc_file, location=dotted(f.loc), warning=True)
        for f in coverage_findings(scheme, grading)
    ]
    if grading.scheme is not None and grading.scheme != scheme.id:
        message = f"these bands are for scheme '{grading.scheme}', not '{scheme.id}'"
        if other_scheme:
            warnings.insert(0, Problem(message, file=doc_file, location="scheme", warning=True))
        else:
            errors.append(
                Problem(
                    f"{message}; to use them anyway, run with --allow-other-scheme-bands",
                    file=doc_file,
                    location="scheme",
                )
            )
    return errors, warnings


# --- where schemes and gradings come from -----------------------------------------------


class OutsideTree(UsageError):
    """A file named inside a questionnaire lies outside the folders jescore may read."""


class Library:
    """Resolves scheme and grading references and loads each file once per run.

    Args:
        reader: reads the files that references name by path (the questionnaires' own
            folder, or an old revision in git); shipped files always come from jescore itself.
        roots: folders a reference inside a file may lead into (default: the current folder).
            Paths are compared after symbolic links are followed.
    """

    def __init__(self, reader: Reader = read_file, roots: Iterable[Path] | None = None) -> None:
        self.reader = reader
        cwd = Path.cwd()
        self.roots = tuple(dict.fromkeys(resolved(r) for r in (cwd, *(roots or ()))))
        self._loaded: dict[str, LoadedScheme | LoadedGrading] = {}
        #: Every file read through this library (so that no output ever replaces one).
        self.files: list[Path] = []

    def scheme(self, ref: str, base: Path | None = None) -> LoadedScheme:
        """A shipped scheme id, or a path (named in a file in ``base``, when given)."""
        loaded = self._load("scheme", ref, base)
        assert isinstance(loaded, LoadedScheme)
        return loaded

    def grading(self, ref: str, base: Path | None = None) -> LoadedGrading:
        """A shipped grading-structure id, or a path (named in a file in ``base``, when given)."""
        loaded = self._load("grading structure", ref, base)
        assert isinstance(loaded, LoadedGrading)
        return loaded

    def inside(self, path: Path) -> bool:
        """Whether a path, once symbolic links are followed, lies in one of the roots.

        A link that loops or leads nowhere counts where it stands; reading it says what is
        wrong.
        """
        return inside(path, self.roots)

    def _load(self, kind: str, ref: str, base: Path | None) -> LoadedScheme | LoadedGrading:
        load = load_scheme_file if kind == "scheme" else load_grading_file
        if looks_like_path(ref):
            path = relative(ref, base)
            key = f"{kind}:{path}"
            if key not in self._loaded:
                if base is not None and not self.inside(path):
                    raise OutsideTree(
                        f"'{excerpt(ref)}' lies outside the folders jescore may read (the "
                        "current folder and the folders of the files given); to read it, "
                        "run with --allow-dir FOLDER"
                    )
                self.files.append(path)
                self._loaded[key] = load(path, reader=self.reader)
            return self._loaded[key]
        key = f"{kind}:shipped:{ref}"
        if key in self._loaded:
            return self._loaded[key]
        shipped = shipped_schemes() if kind == "scheme" else shipped_gradings()
        if ref not in shipped:
            raise UsageError(
                f"unknown {kind} '{excerpt(ref)}': shipped ones are "
                f"{', '.join(shipped) or 'none'}; or give the path of a {kind} file"
            )
        path = shipped[ref]
        self.files.append(path)  # read like any other: never written over
        folder = "factors" if kind == "scheme" else "factors/grading"
        self._loaded[key] = load(path, f"{folder}/{path.name}", True)
        return self._loaded[key]


#: Keys whose line a later message about the whole file may need (a panel's grouping): read
#: off the top of the node tree as each questionnaire is loaded, so nothing is parsed again.
TOP_KEYS = (
    "job",
    "evaluator",
    "evaluator.name",
    "scheme",
    "grading",
    # For messages about headcounts (jescore neutrality).
    "equality.headcount",
)


@dataclass(frozen=True, slots=True)
class Job:
    """A questionnaire with the scheme and grading structure it is scored under."""

    questionnaire: Questionnaire
    file: FileRef
    scheme: LoadedScheme
    grading: LoadedGrading | None
    warnings: tuple[Problem, ...]
    #: Line of each of :data:`TOP_KEYS` the file has.
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def bands(self) -> tuple[GradingStructure | None, FileRef | None]:
        """The bands the job is scored with and their file: its own, else its scheme's."""
        if self.grading is not None:
            return self.grading.grading, self.grading.file
        scheme = self.scheme.scheme
        if scheme.grading is not None:
            return scheme.grading, self.scheme.file
        return None, None


def load_job(
    path: Path,
    library: Library,
    bands: str | None = None,
    display: str | None = None,
    found: bool = False,
    other_scheme_bands: bool = False,
    strict: bool = False,
) -> Job:
    """Load a questionnaire, resolve its scheme (and grading), and check it against them.

    Args:
        path: the questionnaire file.
        library: resolves and caches schemes and grading structures.
        bands: a grading structure (shipped id or path) replacing the scheme's own bands;
            a path is taken relative to the working folder, not to the questionnaire.
        display: the name to show for the file (default: its path).
        found: the file was found in a folder or by a pattern: if it is not a questionnaire,
            raise :class:`OtherKind` (callers skip it) instead of saying what it lacks.
        other_scheme_bands: allow bands written for another scheme (a warning, not an error).
        strict: refuse a consensus record that is not settled (a factor marked ``discuss:
            true``) or was scored under another version of its scheme or grading file; without
            it, each is a warning.
    """
    library.files.append(path)
    doc, ref = _read(path, display or str(path), library.reader)
    _expect(doc, (Kind.QUESTIONNAIRE,), found)
    return _job(doc, ref, path, library, bands, other_scheme_bands, strict)


def _job(
    doc: Document,
    ref: FileRef,
    path: Path,
    library: Library,
    bands: str | None,
    other_scheme_bands: bool,
    strict: bool = False,
) -> Job:
    questionnaire = validate(Questionnaire, doc, "questionnaire")
    base = path.parent
    scheme = _resolve(doc, "scheme", lambda: library.scheme(questionnaire.scheme, base))
    grading: LoadedGrading | None = None
    if bands is not None:
        grading = library.grading(bands)
    elif questionnaire.grading is not None:
        grading_ref = questionnaire.grading
        grading = _resolve(doc, "grading", lambda: library.grading(grading_ref, base))
    errors, warnings = findings_to_problems(
        doc, questionnaire_findings(questionnaire, scheme.scheme)
    )
    raise_problems(doc, errors)
    if grading is not None:
        fit_errors, fit_warnings = grading_fit(scheme.scheme, grading, other_scheme_bands)
        if fit_errors:
            raise InputError(fit_errors)
        warnings += fit_warnings
    grading_file = grading.file if grading is not None else None
    unsettled = record_findings(questionnaire, scheme.scheme, scheme.file, grading_file)
    if unsettled:
        _, found = findings_to_problems(doc, unsettled)
        if strict:
            raise InputError(
                [replace(p, warning=False, message=f"{p.message}; refused under --strict")
                 for p in found]
            )  # fmt: skip
        warnings += [replace(p, message=f"{p.message}; --strict refuses it") for p in found]
    lines = {}
    for key in TOP_KEYS:
        line = doc.key_line(*key.split("."))
        if line is not None:
            lines[key] = line
    return Job(questionnaire, ref, scheme, grading, tuple(warnings), lines)


@dataclass(frozen=True, slots=True)
class LoadedProfile:
    """A job profile with the scheme (and grading) it was checked against, and its score range."""

    scored: ProfileScore
    file: FileRef
    scheme: LoadedScheme
    grading: LoadedGrading | None
    warnings: tuple[Problem, ...]

    @property
    def profile(self) -> Profile:
        """The profile as written."""
        return self.scored.profile


def load_profile(
    path: Path,
    library: Library,
    bands: str | None = None,
    found: bool = False,
    other_scheme_bands: bool = False,
) -> LoadedProfile:
    """Load a job profile, resolve its scheme, and check its ranges and band against them.

    Args:
        path: the profile file.
        library: resolves and caches schemes and grading structures.
        bands: a grading structure (shipped id or path) replacing the scheme's own bands.
        found: the file was found in a folder or by a pattern: if it is not a profile, raise
            :class:`OtherKind` (callers skip it) instead of saying what it lacks.
        other_scheme_bands: allow bands written for another scheme (a warning, not an error).
    """
    library.files.append(path)
    doc, ref = _read(path, str(path), library.reader)
    _expect(doc, (Kind.PROFILE,), found)
    return _profile(doc, ref, path, library, bands, other_scheme_bands)


def _profile(
    doc: Document,
    ref: FileRef,
    path: Path,
    library: Library,
    bands: str | None,
    other_scheme_bands: bool,
) -> LoadedProfile:
    profile = validate(Profile, doc, "profile")
    scheme = _resolve(doc, "scheme", lambda: library.scheme(profile.scheme, path.parent))
    grading: LoadedGrading | None = library.grading(bands) if bands is not None else None
    fit_errors: list[Problem] = []
    fit_warnings: list[Problem] = []
    if grading is not None:
        fit_errors, fit_warnings = grading_fit(scheme.scheme, grading, other_scheme_bands)
    if fit_errors:
        raise InputError(fit_errors)
    structure = grading.grading if grading is not None else scheme.scheme.grading
    errors, warnings = findings_to_problems(
        doc, profile_findings(profile, scheme.scheme, structure)
    )
    raise_problems(doc, errors)
    scored = score(profile, scheme.scheme, structure)
    _, range_warnings = findings_to_problems(doc, range_findings(scored))
    return LoadedProfile(
        scored, ref, scheme, grading, tuple(warnings + range_warnings + fit_warnings)
    )


def load_any(
    path: Path,
    library: Library,
    bands: str | None = None,
    found: bool = False,
    other_scheme_bands: bool = False,
    strict: bool = False,
) -> Job | LoadedProfile:
    """Load a questionnaire or a profile, whichever the file is (for ``jescore match``).

    Raises :class:`OtherKind` for other kinds of file; when the file was named rather than
    ``found`` and its kind cannot be told, it is checked as a questionnaire.
    """
    library.files.append(path)
    doc, ref = _read(path, str(path), library.reader)
    if _expect(doc, (Kind.QUESTIONNAIRE, Kind.PROFILE), found) is Kind.PROFILE:
        return _profile(doc, ref, path, library, bands, other_scheme_bands)
    return _job(doc, ref, path, library, bands, other_scheme_bands, strict)


def _resolve(doc: Document, key: str, load: Callable[[], T]) -> T:
    """Load the scheme or grading a questionnaire names, blaming the questionnaire's line.

    An unknown id written in a questionnaire is invalid input at that line, not a usage error.
    A named file that cannot be read at all (missing, a folder, outside the tree...) is
    reported at that line too, naming the file; problems inside a file that was read keep
    their own file and line.
    """
    try:
        return load()
    except UsageError as exc:
        line = doc.line_of((key,))  # only now: finding lines walks the whole document
        raise InputError([Problem(exc.message, file=doc.file, line=line, location=key)]) from None
    except InputError as exc:
        line = doc.line_of((key,))
        raise InputError(
            [
                Problem(
                    f"{excerpt(p.file, 200)}: {p.message}", file=doc.file, line=line, location=key
                )
                if p.line is None and p.file is not None and not p.warning
                else p
                for p in exc.problems
            ]
        ) from None


def referenced_files(path: Path, reader: Reader = read_file) -> list[Path]:
    """Scheme and grading files a questionnaire names by path (none for other YAML files)."""
    try:
        doc, _ = _read(path, str(path), reader)
    except InputError:
        return []
    data = doc.data
    if kind_of(data) is not Kind.QUESTIONNAIRE:
        return []
    refs = [data.get("scheme"), data.get("grading")]
    return [
        relative(ref, path.parent) for ref in refs if isinstance(ref, str) and looks_like_path(ref)
    ]


# --- pay scales ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedScale(Loaded):
    """A pay-scale file, loaded."""

    scale: PayScale = field(kw_only=True)


def load_scale_file(
    path: Path, display: str | None = None, shipped: bool = False, reader: Reader = read_file
) -> LoadedScale:
    """Load and check a pay-scale file (points rising, years rising, awards above -100%)."""
    doc, ref = _read(path, display or str(path), reader)
    _expect(doc, (Kind.SCALE,), found=False)
    scale = validate(PayScale, doc, "pay scale")
    errors, warnings = findings_to_problems(doc, scale_findings(scale))
    raise_problems(doc, errors)
    return LoadedScale(FileRef(ref.path, ref.sha256, shipped), tuple(warnings), scale=scale)


def load_scale(ref: str) -> tuple[LoadedScale, Path]:
    """A shipped pay-scale id or the path of a pay-scale file, loaded, and the file read."""
    if looks_like_path(ref):
        path = Path(ref)
        return load_scale_file(path), path
    shipped = shipped_scales()
    if ref not in shipped:
        raise UsageError(
            f"unknown pay scale '{excerpt(ref)}': shipped ones are "
            f"{', '.join(shipped) or 'none'}; or give the path of a pay-scale file"
        )
    path = shipped[ref]
    return load_scale_file(path, f"factors/scales/{path.name}", True), path
