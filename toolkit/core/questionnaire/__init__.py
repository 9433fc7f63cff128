"""Questionnaire files: the format, loading, checking and the library of them."""

from __future__ import annotations

from toolkit.core.questionnaire.errors import Code, Problem, QuestionnaireError, Severity
from toolkit.core.questionnaire.library import (
    Entry,
    QuestionnaireLibrary,
    default_questionnaire_dir,
    library_dirs,
    load_library,
    version_key,
)
from toolkit.core.questionnaire.loader import (
    MAX_BYTES,
    LoadResult,
    load_questionnaire,
    load_questionnaire_text,
)
from toolkit.core.questionnaire.schema import (
    Category,
    Dimension,
    Exclusion,
    Item,
    LocalText,
    Option,
    Questionnaire,
    Scale,
    ScaleKind,
    Scoring,
    Section,
    ShowIf,
    Use,
    localise,
)

__all__ = [
    "MAX_BYTES",
    "Category",
    "Code",
    "Dimension",
    "Entry",
    "Exclusion",
    "Item",
    "LoadResult",
    "LocalText",
    "Option",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "QuestionnaireLibrary",
    "Scale",
    "ScaleKind",
    "Scoring",
    "Section",
    "Severity",
    "ShowIf",
    "Use",
    "default_questionnaire_dir",
    "library_dirs",
    "load_library",
    "load_questionnaire",
    "load_questionnaire_text",
    "localise",
    "version_key",
]
