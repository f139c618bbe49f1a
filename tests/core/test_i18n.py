"""English and Norwegian Bokmål (issue 14): the user's language, the switch, formats, forms and date formulas."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.decimals import as_decimal, format_amount
from core.fields import DateFormulaField, DateFormulaFormField, DateFormulaInput
from core.forms import read_localized_numbers
from core.widgets import date_input
from tests.campaigns.factories import CampaignFactory
from tests.core.factories import UserFactory

NORWEGIAN = {"HTTP_ACCEPT_LANGUAGE": "nb-NO,nb;q=0.9,en;q=0.5"}


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request leaves its language active in the thread (each real request activates its own); tests after
    these must not read Norwegian."""
    yield
    translation.deactivate()


def render(source: str, **context) -> str:
    return Template("{% load humanize dateformulas %}" + source).render(Context(context))


# --- which language a request speaks ----------------------------------------------------------


@pytest.mark.django_db
def test_a_user_without_a_choice_reads_the_browser_language(client):
    client.force_login(UserFactory(username="kari"))
    response = client.get(reverse("core:profile"), **NORWEGIAN)
    assert response["Content-Language"] == "nb"
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Mine innstillinger" in html
    assert client.get(reverse("core:profile"))["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_language_chosen_on_my_settings_is_used_on_the_next_request(client):
    user = UserFactory(username="kari")
    client.force_login(user)
    response = client.post(reverse("core:profile"), {"language": "nb"}, follow=True)
    user.refresh_from_db()
    assert user.language == "nb"
    assert response.redirect_chain[-1][0] == reverse("core:profile")
    assert "Innstillingene dine er lagret." in response.content.decode()
    # The browser asks for English; the user's choice wins.
    response = client.get(reverse("core:profile"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "nb"
    assert "Mine innstillinger" in response.content.decode()


@pytest.mark.django_db
def test_choosing_the_browser_language_again_follows_accept_language(client):
    user = UserFactory(username="kari", language="nb")
    client.force_login(user)
    response = client.post(reverse("core:profile"), {"language": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Your settings have been saved." in response.content.decode()
    user.refresh_from_db()
    assert user.language == ""
    assert client.get(reverse("core:profile"), **NORWEGIAN)["Content-Language"] == "nb"
    assert client.get(reverse("core:profile"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


@pytest.mark.django_db
def test_my_settings_refuses_a_language_the_app_does_not_speak(client):
    user = UserFactory(username="kari")
    client.force_login(user)
    response = client.post(reverse("core:profile"), {"language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
def test_the_language_switch_saves_the_choice_and_goes_back(client):
    user = UserFactory(username="kari")
    client.force_login(user)
    back = reverse("core:noseries_list") + "?page=1"
    response = client.post(reverse("core:set_language"), {"language": "nb", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert response.cookies["django_language"].value == "nb"
    user.refresh_from_db()
    assert user.language == "nb"


@pytest.mark.django_db
def test_the_language_switch_never_redirects_to_another_site(client):
    client.force_login(UserFactory(username="kari"))
    response = client.post(reverse("core:set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_the_language_switch_refuses_an_unknown_language(client):
    user = UserFactory(username="kari", language="nb")
    client.force_login(user)
    response = client.post(reverse("core:set_language"), {"language": "xx"}, follow=True)
    assert "Velg English eller Norsk bokmål." in response.content.decode()
    user.refresh_from_db()
    assert user.language == "nb"


@pytest.mark.django_db
def test_the_navigation_links_my_settings_and_offers_both_languages(client):
    client.force_login(UserFactory(username="kari", first_name="Kari", last_name="Nordmann"))
    html = client.get(reverse("core:profile")).content.decode()
    assert f'href="{reverse("core:profile")}"' in html
    assert f'action="{reverse("core:set_language")}"' in html
    assert 'name="language" value="nb" lang="nb"' in html
    assert 'aria-pressed="true">EN<span class="visually-hidden"> – English</span>' in html


def test_the_login_page_speaks_the_browser_language(client):
    html = client.get(reverse("login"), **NORWEGIAN).content.decode()
    assert '<html lang="nb">' in html


# --- an English user sees what they saw before ---------------------------------------------------


@pytest.mark.django_db
def test_an_english_user_sees_dates_and_amounts_as_before(client_as, marketer):
    CampaignFactory(no="CP0042", starting_date=datetime.date(2026, 3, 1), ending_date=datetime.date(2026, 12, 31))
    html = client_as(marketer).get(reverse("campaigns:list"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "2026-03-01" in html
    assert "2026-12-31" in html
    assert '<html lang="en">' in html


def test_short_dates_and_amounts_follow_the_language():
    day = datetime.date(2026, 12, 31)
    source = '{{ day|date:"SHORT_DATE_FORMAT" }}|{{ amount|floatformat:"2g" }}|{{ count|intcomma }}|{{ rate }}'
    with translation.override("en"):
        assert render(source, day=day, amount=Decimal("1234.5"), count=12000, rate=Decimal("1.5")) == (
            "2026-12-31|1,234.50|12,000|1.5"
        )
    with translation.override("nb"):
        assert render(source, day=day, amount=Decimal("1234.5"), count=12000, rate=Decimal("1.5")) == (
            "31.12.2026|1\xa0234,50|12\xa0000|1,5"
        )


# --- forms read Norwegian dates and decimals -------------------------------------------------------


class AmountForm(forms.Form):
    date = forms.DateField(widget=date_input())
    amount = forms.DecimalField(max_digits=18, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        read_localized_numbers(self)


@pytest.mark.parametrize(("date", "amount"), [("31.12.2026", "1,5"), ("2026-12-31", "1.5"), ("31.12.26", "1,50")])
def test_a_norwegian_user_may_type_dates_and_decimals_the_norwegian_way(date, amount):
    with translation.override("nb"):
        form = AmountForm(data={"date": date, "amount": amount})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date": datetime.date(2026, 12, 31), "amount": Decimal("1.5")}


def test_an_english_user_types_as_before():
    with translation.override("en"):
        assert AmountForm(data={"date": "2026-12-31", "amount": "1.5"}).is_valid()
        form = AmountForm(data={"date": "31.12.2026", "amount": "1,5"})
        assert not form.is_valid()
        assert set(form.errors) == {"date", "amount"}


def test_date_and_number_inputs_keep_the_values_a_browser_needs():
    # <input type="date"> and type="number" take ISO values in every language; the browser shows them its way.
    with translation.override("nb"):
        form = AmountForm(initial={"date": datetime.date(2026, 12, 31), "amount": Decimal("1.5")})
        assert 'type="date" name="date" value="2026-12-31"' in str(form["date"])
        assert 'type="number" name="amount" value="1.5"' in str(form["amount"])


# --- date formulas in the user's language --------------------------------------------------------


class FormulaForm(forms.Form):
    start = forms.DateField()
    formula = DateFormulaFormField(base_field="start")


def test_a_norwegian_formula_is_stored_in_the_neutral_form():
    with translation.override("nb"):
        form = FormulaForm(data={"start": "30.11.2026", "formula": "lm+1u-1å"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["formula"] == "CM+1W-1Y"


def test_an_english_user_cannot_type_norwegian_letters():
    with translation.override("en"):
        form = FormulaForm(data={"start": "2026-11-30", "formula": "1U"})
        assert not form.is_valid()
        assert form.errors["formula"] == [
            '"U" in date formula "1U" is not a unit. Use D, WD, W, M, Q or Y, or C with one of them.'
        ]


def test_a_stored_formula_is_shown_in_the_readers_letters():
    widget = DateFormulaInput(base_date=datetime.date(2026, 11, 30))
    with translation.override("nb"):
        html = widget.render("formula", "CM+2W+WD1", attrs={"id": "id_formula"})
        assert 'value="LM+2U+UD1"' in html
        assert "LM+2U+UD1 fra man 30.11.2026 → man 21.12.2026" in html
        assert render("{{ formula|date_formula }}", formula="-CQ+1Y") == "-LK+1Å"
    with translation.override("en"):
        assert 'value="CM+2W+WD1"' in widget.render("formula", "CM+2W+WD1")
        assert render("{{ formula|date_formula }}", formula="-CQ+1Y") == "-CQ+1Y"


def test_a_formula_typed_in_norwegian_stays_as_typed_when_the_form_comes_back():
    with translation.override("nb"):
        form = FormulaForm(data={"start": "", "formula": "1u+1x"})
        assert not form.is_valid()
        assert 'value="1u+1x"' in str(form["formula"])
        assert form.errors["formula"] == [
            '"X" i datoformelen "1u+1x" er ingen enhet. Bruk D, UD, U, M, K eller Å, eller L med en av dem.'
        ]


@pytest.mark.django_db
def test_the_model_field_saves_the_neutral_form_of_norwegian_input():
    field = DateFormulaField()
    field.set_attributes_from_name("date_formula")
    with translation.override("nb"):
        assert field.clean("<lu + 1d>", None) == "CW+1D"


@pytest.mark.django_db
def test_the_live_preview_speaks_the_users_language(client):
    client.force_login(UserFactory(username="kari", language="nb"))
    url = reverse("core:date_formula_preview")
    response = client.get(url, {"field": "f", "f": "2u+1d", "base_field": "b", "b": "2026-11-30"})
    assert response.content.decode().count("2U+1D fra man 30.11.2026 → tir 15.12.2026") == 1
    response = client.get(url, {"field": "f", "f": "UD9"})
    assert "ukedagen må være 1 (mandag) til 7 (søndag)" in response.content.decode()


def test_card_forms_read_a_norwegian_decimal_comma():
    from core.forms import VersionedModelForm
    from pricing.models import SalesPrice

    class PriceForm(VersionedModelForm):
        class Meta:
            model = SalesPrice
            fields = ["unit_price"]

    with translation.override("nb"):
        form = PriceForm(data={"unit_price": "1234,5"})
        form.is_valid()
        assert form.cleaned_data["unit_price"] == Decimal("1234.5")
        assert 'type="number"' in str(form["unit_price"])
    with translation.override("en"):
        form = PriceForm(data={"unit_price": "1234,5"})
        form.is_valid()
        assert "unit_price" in form.errors


@pytest.mark.django_db
def test_list_filters_offer_all_in_the_users_language(client_as, marketer):
    html = client_as(marketer).get(reverse("campaigns:list"), **NORWEGIAN).content.decode()
    status = html.split('name="status"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>Alle</option>' in status


@pytest.mark.parametrize(
    ("value", "decimals", "english", "norwegian"),
    [
        (Decimal("1234.5"), 2, "1,234.50", "1\xa0234,50"),
        (Decimal("-1234567.125"), 2, "-1,234,567.12", "-1\xa0234\xa0567,12"),
        (Decimal("0.237"), 2, "0.24", "0,24"),
        (Decimal("12.34567"), 5, "12.34567", "12,34567"),
        (1000, 0, "1,000", "1\xa0000"),
    ],
)
def test_amounts_are_written_in_the_readers_notation(value, decimals, english, norwegian):
    with translation.override("en"):
        assert format_amount(value, decimals) == english == f"{as_decimal(value):,.{decimals}f}"
    with translation.override("nb"):
        assert format_amount(value, decimals) == norwegian


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [("no", "nb"), ("nn-NO,nn;q=0.9,en;q=0.5", "nb"), ("de-DE,de;q=0.9,en-GB;q=0.8", "en"), ("", "en"), ("*", "en")],
)
def test_browsers_asking_for_any_norwegian_get_bokmal(client, accept_language, language):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_the_switch_cookie_outranks_the_browser_but_not_the_users_choice(client):
    client.cookies["django_language"] = "nb"
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "nb"
    client.force_login(UserFactory(username="kari", language="en"))
    assert client.get(reverse("core:profile"), **NORWEGIAN)["Content-Language"] == "en"
