"""The pipeline page's choices: which sales cycle, and which salesperson's and campaign's opportunities."""

from __future__ import annotations

from django import forms
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.http import usable_text
from core.models import MarketingSetup
from opportunities.models import SalesCycle
from salespeople.models import Salesperson


class PipelineFilterForm(forms.Form):
    """GET form of the pipeline; a user who sees only own opportunities gets no salesperson choice."""

    sales_cycle = forms.ModelChoiceField(
        label=_("Sales Cycle Code"), queryset=SalesCycle.objects.none(), to_field_name="code", required=False
    )
    salesperson = forms.ModelChoiceField(
        label=_("Salesperson Code"),
        queryset=Salesperson.objects.only("code", "name").order_by("code"),
        to_field_name="code",
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign No."),
        queryset=Campaign.objects.only("no", "description").order_by("no"),
        to_field_name="no",
        required=False,
    )

    def __init__(self, data, *, user) -> None:
        if not data.get("sales_cycle"):
            data = data.copy()
            data["sales_cycle"] = default_cycle_code()
        super().__init__(data)
        # Blocked cycles are not offered, but a blocked cycle asked for by its code still shows its pipeline.
        asked_for = usable_text(data["sales_cycle"])  # the field itself refuses a NUL byte; this query must not see it
        self.fields["sales_cycle"].queryset = SalesCycle.objects.filter(Q(blocked=False) | Q(code=asked_for))
        self.fields["sales_cycle"].empty_label = None
        if not user.has_perm("opportunities.view_all_opportunities"):
            del self.fields["salesperson"]

    def cycle(self) -> SalesCycle | None:
        """The chosen cycle, the default when none was chosen; None when the code is unknown or no cycle exists."""
        self.is_valid()  # a field with an error is left out of cleaned_data; the others still apply
        return self.cleaned_data.get("sales_cycle")

    def filter(self, opportunities):
        """The opportunities of the chosen salesperson and campaign (the cycle is applied by the pipeline)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("salesperson"):
            opportunities = opportunities.filter(salesperson=data["salesperson"])
        if data.get("campaign"):
            opportunities = opportunities.filter(campaign=data["campaign"])
        return opportunities


def default_cycle_code() -> str:
    """Marketing Setup's Default Sales Cycle Code, else the first cycle not blocked ("" when there is none)."""
    default = MarketingSetup.objects.filter(pk=1).values("default_sales_cycle")
    code = (
        SalesCycle.objects.filter(Q(pk__in=default) | Q(blocked=False))
        .order_by(Case(When(pk__in=default, then=0), default=1), "code")
        .values_list("code", flat=True)
        .first()
    )
    return code or ""
