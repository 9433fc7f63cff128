"""Scoring and anonymity: plain data in, plain data out, safe to show by construction."""

from __future__ import annotations

from toolkit.core.scoring.anonymity import OTHER_PERSPECTIVES, Suppressed, SuppressedBecause
from toolkit.core.scoring.data import Comment, ResponseData, RoundData
from toolkit.core.scoring.profile import build_profile
from toolkit.core.scoring.responses import ScoringPlan, score_partners, score_response
from toolkit.core.scoring.results import (
    Change,
    ChangeSince,
    ChoiceResult,
    DimensionResult,
    GroupProfile,
    GroupScore,
    ItemResult,
    NotComparable,
    PartnerScores,
    PerceptionGap,
    PerceptionMatrix,
    RoundProfile,
    SplitOpinion,
)
from toolkit.core.scoring.stats import AnswerCount, Distribution, Summary

__all__ = [
    "OTHER_PERSPECTIVES",
    "AnswerCount",
    "Change",
    "ChangeSince",
    "ChoiceResult",
    "Comment",
    "DimensionResult",
    "Distribution",
    "GroupProfile",
    "GroupScore",
    "ItemResult",
    "NotComparable",
    "PartnerScores",
    "PerceptionGap",
    "PerceptionMatrix",
    "ResponseData",
    "RoundData",
    "RoundProfile",
    "ScoringPlan",
    "SplitOpinion",
    "Summary",
    "Suppressed",
    "SuppressedBecause",
    "build_profile",
    "score_partners",
    "score_response",
]
