"""SQLAlchemy 2 typed models. The schema itself is created by the Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class IngestRun(Base):
    __tablename__ = "ingest_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    command: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="running")
    documents_added: Mapped[int] = mapped_column(Integer, default=0)
    documents_skipped: Mapped[int] = mapped_column(Integer, default=0)
    documents_failed: Mapped[int] = mapped_column(Integer, default=0)
    stories: Mapped[int] = mapped_column(Integer, default=0)
    sentences: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[str | None] = mapped_column(Text)
    tool_version: Mapped[str] = mapped_column(String(32))
    engine: Mapped[str] = mapped_column(String(64))


class Source(Base):
    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(8))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(16), default="auto")  # builtin | auto | analyst
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    aliases: Mapped[list[SourceAlias]] = relationship(back_populates="source", cascade="all, delete-orphan")


class SourceAlias(Base):
    __tablename__ = "source_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), unique=True)
    origin: Mapped[str] = mapped_column(String(16), default="auto")  # auto | analyst | merge
    source: Mapped[Source] = relationship(back_populates="aliases")


class Document(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(8))
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ingest_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_run.id", ondelete="SET NULL"))
    stories: Mapped[list[Story]] = relationship(back_populates="document", cascade="all, delete-orphan")


class Story(Base):
    __tablename__ = "story"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(16))  # YYYY-MM-DD[THH:MM]
    published_date: Mapped[date | None] = mapped_column(Date, index=True)
    byline: Mapped[str | None] = mapped_column(String(300))
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    document: Mapped[Document] = relationship(back_populates="stories")
    sentences: Mapped[list[Sentence]] = relationship(back_populates="story", cascade="all, delete-orphan")
    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)


class Sentence(Base):
    __tablename__ = "sentence"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    story: Mapped[Story] = relationship(back_populates="sentences")
    claims: Mapped[list[Claim]] = relationship(back_populates="sentence", cascade="all, delete-orphan")


class Claim(Base):
    __tablename__ = "claim"
    id: Mapped[int] = mapped_column(primary_key=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("sentence.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # index within the sentence
    fingerprint: Mapped[str] = mapped_column(String(120), index=True)  # stable across re-analysis
    kind: Mapped[str] = mapped_column(String(16), index=True)
    cue_text: Mapped[str | None] = mapped_column(String(300))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    content_start: Mapped[int | None] = mapped_column(Integer)
    content_end: Mapped[int | None] = mapped_column(Integer)
    content_text: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    event_date_end: Mapped[date | None] = mapped_column(Date)
    event_date_text: Mapped[str | None] = mapped_column(String(200))
    event_date_start_offset: Mapped[int | None] = mapped_column(Integer)
    event_date_end_offset: Mapped[int | None] = mapped_column(Integer)
    checkworthiness: Mapped[float] = mapped_column(Float, default=0.0)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    method: Mapped[str] = mapped_column(String(64))
    review_status: Mapped[str] = mapped_column(String(16), default="auto")  # auto | confirmed | rejected | edited
    sentence: Mapped[Sentence] = relationship(back_populates="claims")
    sources: Mapped[list[ClaimSource]] = relationship(back_populates="claim", cascade="all, delete-orphan")
    dates: Mapped[list[ClaimDate]] = relationship(back_populates="claim", cascade="all, delete-orphan")


class ClaimDate(Base):
    __tablename__ = "claim_date"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    phrase: Mapped[str] = mapped_column(String(200))
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    date: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    claim: Mapped[Claim] = relationship(back_populates="dates")


class ClaimSource(Base):
    __tablename__ = "claim_source"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # one of model.ROLES
    mention_text: Mapped[str | None] = mapped_column(String(300))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16), default="auto")  # auto | analyst
    claim: Mapped[Claim] = relationship(back_populates="sources")
    source: Mapped[Source] = relationship()


class ClaimRelation(Base):
    __tablename__ = "claim_relation"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    target_claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # one of model.RELATION_KINDS
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(16), default="story")  # story | corpus
    origin: Mapped[str] = mapped_column(String(16), default="auto")  # auto | analyst
    status: Mapped[str] = mapped_column(String(16), default="auto")  # auto | confirmed | rejected
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("claim_id", "target_claim_id", "kind"),)


class ClaimKey(Base):
    """Index of normalized key terms for finding related claims across articles."""

    __tablename__ = "claim_key"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    # SQLite keeps it as its primary key's b-tree, with no rowid table beside it (migration 0005)
    __table_args__ = (Index("ix_claim_key_claim", "claim_id"), {"sqlite_with_rowid": False})


class ReviewDecision(Base):
    """An analyst's decision, keyed by stable fingerprints so it survives re-ingest and re-analysis."""

    __tablename__ = "review_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    analyst: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    claim_fingerprint: Mapped[str | None] = mapped_column(String(120), index=True)
    target_fingerprint: Mapped[str | None] = mapped_column(String(120))
    payload: Mapped[str | None] = mapped_column(Text)  # JSON
    note: Mapped[str | None] = mapped_column(Text)


# Indexes the migrations add for reports and ingest at scale, declared here too so that the models describe
# the schema the migrations make (tests/test_schema.py compares them)
Index("ix_claim_source_source_role", ClaimSource.source_id, ClaimSource.role, ClaimSource.claim_id)  # 0003
Index("ix_claim_checkworthiness", Claim.checkworthiness.desc(), Claim.id)  # 0004: unattributed, best first
Index("ix_claim_review_status", Claim.review_status)  # 0004: source_stats_v subtracts the rejected
Index("ix_story_published_order", text("(CASE WHEN published IS NULL THEN 1 ELSE 0 END)"), Story.published,
      Story.document_id)  # 0004: claims report, stories in report order (undated last)
# the decisions about one document's claims, found by the fingerprints' document part (migration 0006)
DOC_PART = 21  # a fingerprint opens with the document's hash, 20 hex digits, and a colon
Index("ix_review_decision_claim_doc", func.substr(ReviewDecision.__table__.c.claim_fingerprint, 1, DOC_PART))
Index("ix_review_decision_target_doc", func.substr(ReviewDecision.__table__.c.target_fingerprint, 1, DOC_PART))
