"""Pages of a long list (the territorial list): which page, its rows, the links to the others."""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.i18n import _
from proxisante.web.errors import ApiError

PAGE_SIZE = 50


@dataclass(frozen=True)
class Pagination:
    """Page ``page`` (from 1) of ``pages``, ``size`` rows each, ``total`` rows in all."""

    page: int
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def first_row(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)

    def numbers(self) -> list[int | None]:
        """The page numbers to link: the first, the last, two either side of this one; None
        where pages are skipped (an ellipsis)."""
        keep = {1, self.pages} | set(range(self.page - 2, self.page + 3))
        out: list[int | None] = []
        for n in range(1, self.pages + 1):
            if n in keep:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def paginate(raw: str | None, total: int, size: int = PAGE_SIZE) -> Pagination:
    """The page asked for by the query parameter ``page`` (absent: the first); a 400 naming
    the parameter and the pages that exist when it is not one of them."""
    pages = max(1, -(-total // size))
    if raw is None or raw.strip() == "":
        return Pagination(1, pages, total, size)
    try:
        page = int(raw.strip())
    except ValueError:
        page = 0
    if not 1 <= page <= pages:
        raise ApiError(
            400,
            _("Paramètre page : attendu un nombre entier de 1 à {pages}, reçu {value}.").format(
                pages=pages, value=repr(raw[:20])
            ),
        )
    return Pagination(page, pages, total, size)
