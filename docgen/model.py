"""Typed records: what a clerk writes once (YAML/JSON/spreadsheet) and every template reads.

One meeting file (:class:`Record`) can hold all four documents: an invitation (Giấy mời),
the minutes (Biên bản, from ``meeting``), a decision (Quyết định) and a pledge agreement
(Bản giao ước thi đua). Field names are English; values are Vietnamese text.
"""
from __future__ import annotations

import datetime as dt
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .kinds import SLUGS
from .vi.decree30 import Authority


KINDS = SLUGS
"""Document kinds (docgen.kinds), in the order they are rendered."""


def unwrap_optional(ann: Any) -> Any:
    """``Optional[X]`` → ``X`` (other annotations unchanged): for code that reads the model's
    field types (loaders, spreadsheets, web forms)."""
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return unwrap_optional(args[0])
    return ann


_PLAIN = (str, int, dt.date, dt.datetime, type(None))


def as_data(model: BaseModel) -> dict[str, Any]:
    """``model.model_dump()`` of a record model, without pydantic's serializer: every field in
    declared order, nested records as dicts, lists new. A record holds only text, numbers, dates,
    lists and nested records, which model_dump returns as they are; anything else (a value of
    another type assigned after validation) is left to model_dump."""
    out = _plain(model)
    return out if out is not None else model.model_dump()


def _plain(model: BaseModel) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    values = model.__dict__
    for name, info in type(model).__pydantic_fields__.items():
        value = values[name]
        if type(value) in _PLAIN:
            out[name] = value
        elif type(value) is list:
            items = []
            for item in value:
                if type(item) in _PLAIN:
                    items.append(item)
                elif isinstance(item, _Model) and type(item) is _item_type(info.annotation):
                    sub = _plain(item)
                    if sub is None:
                        return None
                    items.append(sub)
                else:
                    return None
            out[name] = items
        elif isinstance(value, _Model) and type(value) is unwrap_optional(info.annotation):
            sub = _plain(value)
            if sub is None:
                return None
            out[name] = sub
        else:
            return None
    return out


def _item_type(ann: Any) -> Any:
    args = get_args(unwrap_optional(ann))
    return args[0] if get_origin(unwrap_optional(ann)) is list and args else None


def is_model(ann: Any) -> bool:
    """Whether an annotation is a nested record model."""
    return isinstance(ann, type) and issubclass(ann, BaseModel)


class _Model(BaseModel):
    # defer_build: pydantic's schema (validator and serializer) is generated on first use, not
    # when the classes are created; a well-formed record is built by docgen.validation.fast and
    # read through as_data, so a warm render never generates it.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, defer_build=True)


class Agency(_Model):
    """The issuing agency (cơ quan ban hành) and its direct parent (cơ quan chủ quản)."""

    name: str = Field(min_length=2, description="Tên cơ quan ban hành, ví dụ: Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng")
    parent: str | None = Field(None, description="Cơ quan chủ quản trực tiếp, ví dụ: UBND tỉnh Lâm Đồng")
    code: str = Field(min_length=1, max_length=20, description="Chữ viết tắt tên cơ quan trong số, ký hiệu: BQL")
    place: str = Field(min_length=2, description="Địa danh ghi trên văn bản: Lâm Đồng")
    drafting_unit: str = Field("VP", description="Đơn vị soạn thảo, ghi ở dòng Lưu: VT, VP.")
    header_name: str | None = Field(None, description="Tên cơ quan in ở tiêu đề nếu khác tên đầy đủ (chữ in hoa tự động; "
                                                      "docgen tự xuống dòng, muốn tự ngắt thì ghi \\n ở chỗ xuống dòng)")


class Person(_Model):
    """A person: name, title (chức vụ) and unit (đơn vị)."""

    name: str = Field(min_length=2)
    title: str | None = None
    unit: str | None = None


class Invitee(_Model):
    """Someone invited: a person (name, title, unit) or a unit only."""

    name: str | None = None
    title: str | None = None
    unit: str | None = None

    @model_validator(mode="after")
    def _needs_someone(self) -> Invitee:
        if not (self.name or self.unit):
            raise ValueError("cần ít nhất họ tên (name) hoặc đơn vị (unit)")
        return self


class Signer(_Model):
    """The signature block: authority prefix (TM./KT./Q./TL./TUQ.), on whose behalf, title, name."""

    authority: Authority | None = Field(None, description="TM., KT., Q., TL. hoặc TUQ.")
    on_behalf_of: str | None = Field(None, description="Sau tiền tố: TM. KHỐI THI ĐUA / KT. TRƯỞNG BAN")
    title: str = Field(min_length=2, description="Chức vụ người ký: PHÓ TRƯỞNG BAN")
    name: str = Field(min_length=2, description="Họ tên người ký")

    @model_validator(mode="after")
    def _authority_needs_whom(self) -> Signer:
        if self.authority and not self.on_behalf_of and self.authority not in ("Q.",):
            raise ValueError(f"quyền hạn ký {self.authority} cần ghi rõ thay mặt/ký thay ai (on_behalf_of)")
        return self


class Meeting(_Model):
    """A meeting (cuộc họp, hội nghị): what the invitation announces and the minutes record."""

    title: str = Field(min_length=3, description="Tên cuộc họp, hội nghị")
    start: dt.datetime
    end: dt.datetime | None = None
    place: str = Field(min_length=2)
    chair: Person
    secretary: Person | None = None
    attendees: list[Invitee] = Field(default_factory=list)
    absentees: list[Invitee] = Field(default_factory=list)
    agenda: list[str] = Field(default_factory=list)
    proceedings: list[str] = Field(default_factory=list)
    conclusions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _end_after_start(self) -> Meeting:
        if self.end is not None and self.end <= self.start:
            raise ValueError("thời gian kết thúc (end) phải sau thời gian bắt đầu (start)")
        return self


class Minutes(_Model):
    """Numbering and recipients of the minutes (Biên bản) of ``meeting``."""

    number: int | None = Field(None, ge=1, le=99999)
    recipients: list[str] = Field(default_factory=list)


class Invitation(_Model):
    """Giấy mời: number, date, invitees and the points to note."""

    number: int = Field(ge=1, le=99999)
    date: dt.date
    subject: str | None = Field(None, description="Trích yếu; mặc định: tên cuộc họp")
    invitees: list[Invitee] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    signer: Signer | None = None


class Article(_Model):
    """One article (Điều) of a decision: optional title, text and clauses."""

    title: str | None = None
    text: str | None = None
    clauses: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_content(self) -> Article:
        if not (self.title or self.text or self.clauses):
            raise ValueError("mỗi điều cần có nội dung (title, text hoặc clauses)")
        return self


class AppendixEntry(_Model):
    """One person in the list that goes with a decision (Danh sách kèm theo)."""

    name: str = Field(min_length=2, description="Họ và tên")
    position: str | None = Field(None, description="Chức vụ, đơn vị công tác")
    role: str | None = Field(None, description="Nhiệm vụ được giao, ví dụ: Trưởng ban, Thành viên")


class Appendix(_Model):
    """Danh sách / Phụ lục issued with a decision: printed after the signature, from a new page,
    under its own heading and the line ``(Kèm theo Quyết định số … ngày … của …)``."""

    heading: str = Field("Danh sách", min_length=3, description="Danh sách hoặc Phụ lục (kèm số La Mã nếu nhiều)")
    title: str = Field(min_length=3, description="Tên danh sách, phụ lục: Thành viên Ban Tổ chức …")
    people: list[AppendixEntry] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_content(self) -> Appendix:
        if not (self.people or self.paragraphs):
            raise ValueError("danh sách, phụ lục cần có người (people) hoặc nội dung (paragraphs)")
        return self


class Decision(_Model):
    """Quyết định (Mẫu 1.2): bases, proposer, articles, executors."""

    number: int = Field(ge=1, le=99999)
    date: dt.date
    subject: str = Field(min_length=3, description="Trích yếu, ví dụ: Về việc ...")
    authority: str = Field(min_length=3, description="Thẩm quyền ban hành, ví dụ: TRƯỞNG BAN QUẢN LÝ ...")
    bases: list[str] = Field(min_length=1)
    proposer: str | None = Field(None, description="Theo đề nghị của ...")
    articles: list[Article] = Field(min_length=1)
    executors: list[str] = Field(default_factory=list, description="Những người, đơn vị thi hành (điều cuối)")
    recipients: list[str] = Field(default_factory=list)
    signer: Signer | None = None
    appendix: Appendix | None = Field(None, description="Danh sách, phụ lục kèm theo quyết định")


class PledgeMember(_Model):
    """A member unit of the bloc that signs the pledge, with its head (or a deputy signing for
    the head: ``authority: KT.``, ``on_behalf_of: Trưởng ban``)."""

    unit: str = Field(min_length=2)
    header_name: str | None = Field(None, description="Tên đơn vị in ở ô ký nếu khác tên đầy đủ")
    authority: Authority | None = Field(None, description="TM., KT., Q., TL. hoặc TUQ. trước chức vụ người ký")
    on_behalf_of: str | None = Field(None, description="Sau tiền tố: KT. TRƯỞNG BAN")
    signer: Person

    @model_validator(mode="after")
    def _authority_needs_whom(self) -> PledgeMember:
        if self.authority and not self.on_behalf_of and self.authority != "Q.":
            raise ValueError(f"quyền hạn ký {self.authority} cần ghi rõ thay mặt/ký thay ai (on_behalf_of)")
        return self


class PledgeSection(_Model):
    """A group of pledges (chỉ tiêu) under one heading."""

    title: str
    items: list[str] = Field(min_length=1)


class Pledge(_Model):
    """Bản giao ước thi đua of an emulation bloc for one year."""

    bloc: str = Field(min_length=3, description="Tên Khối thi đua")
    header_name: str | None = Field(None, description="Tên Khối in ở tiêu đề nếu khác tên đầy đủ (chữ in hoa tự "
                                                      "động; ghi \\n ở chỗ muốn xuống dòng)")
    year: int = Field(ge=2000, le=2100)
    date: dt.date
    place: str | None = None
    bases: list[str] = Field(default_factory=list)
    intro: str | None = None
    sections: list[PledgeSection] = Field(min_length=1)
    members: list[PledgeMember] = Field(min_length=2)


class Record(_Model):
    """One meeting record: the agency, the default signer and the documents it needs."""

    agency: Agency
    signer: Signer
    meeting: Meeting | None = None
    minutes: Minutes | None = None
    invitation: Invitation | None = None
    decision: Decision | None = None
    pledge: Pledge | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        if self.invitation is not None and self.meeting is None:
            raise ValueError("giấy mời (invitation) cần thông tin cuộc họp (meeting)")
        if self.minutes is not None and self.meeting is None:
            raise ValueError("biên bản (minutes) cần thông tin cuộc họp (meeting)")
        return self

    def kinds(self) -> list[str]:
        """The document kinds this record can produce, in the canonical order."""
        have = {
            "giay-moi": self.invitation is not None,
            "bien-ban": self.meeting is not None and bool(self.meeting.proceedings or self.minutes),
            "giao-uoc-thi-dua": self.pledge is not None,
            "quyet-dinh": self.decision is not None,
        }
        return [k for k in KINDS if have[k]]

