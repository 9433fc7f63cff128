"""The database: one SQLAlchemy object, attached to the app in ``create_app``, and its helpers."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ColumnElement, ForeignKey, MetaData, func, select
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

# Named constraints let Alembic alter and drop them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def belongs_to(table: str) -> MappedColumn[Any]:
    """Point at the row of ``table`` this one belongs to: indexed, and deleted along with it."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


def count_rows(model: type[Any], *conditions: ColumnElement[bool]) -> int:
    """Count the rows of a table that meet every condition."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
