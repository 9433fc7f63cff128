"""Every questionnaire the toolkit offers, loaded once from folders of files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.questionnaire.errors import Code, Collector, Problem, QuestionnaireError
from toolkit.core.questionnaire.loader import LoadResult, display_name, load_questionnaire
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.paths import shipped

PATTERNS = ("*.yaml", "*.yml")


def default_questionnaire_dir() -> Path:
    """Find the questionnaires that ship with the toolkit, installed or in a checkout."""
    return shipped("questionnaires")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions naturally, so 1.10 comes after 1.9."""
    parts = re.findall(r"\d+|[^\d.\-_ ]+", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in parts)


def questionnaire_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the questionnaire files among paths, looking inside folders."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(f for pattern in PATTERNS for f in path.glob(pattern))
        else:
            yield path


@dataclass(frozen=True)
class Entry:
    """A loaded questionnaire with the file and exact text it came from."""

    questionnaire: Questionnaire
    path: Path
    source: str


class QuestionnaireLibrary:
    """Questionnaires indexed by (id, version) and by content hash."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._by_version: dict[tuple[str, str], Entry] = {}
        self._by_hash: dict[str, Entry] = {}

    @classmethod
    def load(cls, paths: Iterable[str | os.PathLike[str]]) -> QuestionnaireLibrary:
        """Load every file under paths, keeping all problems instead of raising."""
        library = cls()
        paths = list(paths)
        for folder in (Path(p) for p in paths):
            if folder.is_dir() and not any(questionnaire_files([folder])):
                Collector(display_name(folder), problems=library.problems).add(
                    Code.NO_QUESTIONNAIRES
                )
        for path in questionnaire_files(paths):
            library.add(path, load_questionnaire(path))
        return library

    def add(self, path: Path, result: LoadResult) -> None:
        """Index one loaded file, reporting clashes with files already indexed."""
        self.problems.extend(result.problems)
        q = result.questionnaire
        if q is None:
            return
        entry = Entry(q, path, result.source)
        known = self._by_version.get((q.id, q.version))
        if known is None:
            self._by_version[(q.id, q.version)] = entry
            self._by_hash[q.content_hash] = entry
            return
        same = known.questionnaire.content_hash == q.content_hash
        report = Collector(display_name(path), problems=self.problems)
        report.add(
            Code.SAME_FILE_TWICE if same else Code.DUPLICATE_VERSION,
            ("version",),
            line=None,
            id=q.id,
            version=q.version,
            other=display_name(known.path),
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def get(self, id: str, version: str | None = None) -> Questionnaire:
        """Return a questionnaire by id, the latest version unless one is named."""
        return self.entry(id, version).questionnaire

    def entry(self, id: str, version: str | None = None) -> Entry:
        """Return a questionnaire with its file and text; raise KeyError if unknown."""
        if version is not None:
            return self._by_version[(id, version)]
        versions = [v for (qid, v) in self._by_version if qid == id]
        if not versions:
            raise KeyError(id)
        return self._by_version[(id, max(versions, key=version_key))]

    def by_hash(self, content_hash: str) -> Questionnaire:
        """Return the questionnaire with this content hash; raise KeyError if unknown."""
        return self._by_hash[content_hash].questionnaire

    def versions(self, id: str) -> list[Questionnaire]:
        """Return every version of a questionnaire, oldest first."""
        found = [e.questionnaire for (qid, _), e in self._by_version.items() if qid == id]
        return sorted(found, key=lambda q: version_key(q.version))

    def __iter__(self) -> Iterator[Questionnaire]:
        keys = sorted(self._by_version, key=lambda k: (k[0], version_key(k[1])))
        return (self._by_version[key].questionnaire for key in keys)

    def __len__(self) -> int:
        return len(self._by_version)

    def __contains__(self, id: object) -> bool:
        return any(qid == id for qid, _ in self._by_version)


def library_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the shipped folder followed by any extra folders."""
    return [default_questionnaire_dir(), *map(Path, extra)]


def load_library(paths: Iterable[str | os.PathLike[str]] | None = None) -> QuestionnaireLibrary:
    """Load the library, raising QuestionnaireError if any file has an error."""
    library = QuestionnaireLibrary.load(library_dirs() if paths is None else paths)
    if library.errors:
        raise QuestionnaireError(library.problems)
    return library
