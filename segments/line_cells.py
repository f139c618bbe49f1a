"""The segment card's Lines list cells that need the page: the selection checkbox, Campaign Target, the actions.

They are written in Python rather than as a template per cell: at 50 lines a page, 150 template includes (each
with its translations, URL reversing and CSRF token) cost more than the page's SQL at a million contacts.
`LineCells(request, segment).cells()` gives the list kit its renderers (`core.lists.PageCells`); the htmx
answer to a toggled Campaign Target writes its cell with the same `target`, so both agree to the byte.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.lists import PageCells
from core.markup import markup
from segments.models import SegmentHeader, SegmentLine

# A line number no segment reaches: reversed once, then replaced by each line's number.
_LINE_NO = 987654321


def _line_url(url_name: str, segment_no: str) -> str:
    """The URL of `url_name` for the segment with "{line}" where the line number goes, or "" if it is not served."""
    try:
        url = reverse(url_name, kwargs={"no": segment_no, "line_no": _LINE_NO})
    except NoReverseMatch:
        return ""  # the opportunities app may be absent (segments sits below it)
    return url.replace(str(_LINE_NO), "{line}")


class LineCells:
    """Renderers for one request's lines: permissions, token and URLs are read once, not per line."""

    def __init__(self, request: HttpRequest, segment: SegmentHeader, next_url: str = "") -> None:
        user = request.user
        self.can_select = user.has_perm("segments.delete_segmentline")
        self.can_change = user.has_perm("segments.change_segmentline")
        self.can_create_opportunity = user.has_perm("opportunities.add_opportunity")
        self.csrf_token = get_token(request)
        self.next_url = next_url or request.get_full_path()
        self.update_url = _line_url("segments:line_update", segment.no)
        self.target_url = _line_url("segments:line_target", segment.no)
        self.opportunity_url = _line_url("opportunities:create_from_segment_line", segment.no)
        # The words, translated once for the page's 50 lines.
        self.words = {
            "select": _("Select line %(no)s"),
            "target": _("Campaign Target for %(no)s"),
            "edit_line": _("Edit line %(no)s"),
            "opportunity_for": _("Create Opportunity for line %(no)s"),
            "yes": _("Yes"),
            "no": _("No"),
            "save": _("Save"),
            "edit": _("Edit"),
            "opportunity": _("Create Opportunity"),
        }
        self.csrf_input = markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', self.csrf_token)

    def cells(self) -> PageCells:
        return {"select": self.select, "target": self.target, "actions": self.actions}

    def select(self, line: SegmentLine, _value=None) -> str:
        """The checkbox of Remove selected lines (a form elsewhere on the card)."""
        if not self.can_select:
            return ""
        return markup(
            '<input class="form-check-input" type="checkbox" name="line" value="{}" form="remove-lines" '
            'aria-label="{}">',
            line.line_no,
            self.words["select"] % {"no": line.line_no},
        )

    def target(self, line: SegmentLine, _value=None) -> str:
        """Campaign Target: a checkbox that saves itself (htmx; a Save button without JavaScript), or Yes/No."""
        if not self.can_change:
            return self.words["yes"] if line.campaign_target else self.words["no"]
        url = self.target_url.format(line=line.line_no)
        return markup(
            '<form method="post" action="{url}" class="m-0" data-testid="line-target" hx-post="{url}" '
            'hx-trigger="change" hx-target="this" hx-swap="outerHTML">{csrf}'
            '<input type="hidden" name="next" value="{next}">'
            '<input class="form-check-input" type="checkbox" name="campaign_target" value="1"{checked} '
            'aria-label="{label}">'
            '<noscript><button class="btn btn-sm btn-link p-0" type="submit">{save}</button></noscript></form>',
            url=url,
            csrf=self.csrf_input,
            next=self.next_url,
            checked=mark_safe(" checked") if line.campaign_target else "",
            label=self.words["target"] % {"no": line.contact.no},
            save=self.words["save"],
        )

    def actions(self, line: SegmentLine, _value=None) -> str:
        """Edit the line, and Create Opportunity from it (BC's action on a segment line)."""
        if not self.can_change:
            edit = ""
        else:
            edit = markup(
                '<a class="btn btn-sm btn-link" href="{}" aria-label="{}">{}</a>',
                self.update_url.format(line=line.line_no),
                self.words["edit_line"] % {"no": line.line_no},
                self.words["edit"],
            )
        if not (self.can_create_opportunity and self.opportunity_url):
            return edit
        return markup(
            '{}<form method="post" action="{}" class="d-inline" data-testid="line-create-opportunity">{}'
            '<button class="btn btn-sm btn-link" type="submit" aria-label="{}">{}</button></form>',
            edit,
            self.opportunity_url.format(line=line.line_no),
            self.csrf_input,
            self.words["opportunity_for"] % {"no": line.line_no},
            self.words["opportunity"],
        )
