"""Creating, changing and deleting contacts with BC's rules (DOMAIN 4; BC table 5050 Contact).

Field formats (e-mail, phone) and the company/type rules are plain functions here, so the contact card
and the contact import validate in exactly the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from core.models import MarketingSetup, NoSeries
from core.services import MANUAL_NOS_NOT_ALLOWED, SETUP_FIELD_EMPTY, assign_no, update_if_unchanged
from salespeople.services import SALESPERSON_BLOCKED  # the salespeople app's wording, one message everywhere

# Formats (BC: Mail Management.CheckValidEmailAddresses; Contact."Phone No." OnValidate).
EMAIL_INVALID = _('The email address "%(email)s" is not valid.')
PHONE_NO_LETTERS = _("Phone No. must not contain letters.")
# Company and type (BC: Company No. relation filtered on Type = Company; CheckContactType; TypeChange).
COMPANY_NOT_FOUND = _("There is no contact with No. %(no)s.")
COMPANY_IS_PERSON = _("Contact %(no)s is a person. A person's Company No. must be a company contact.")
COMPANY_HAS_COMPANY = _("A company is its own company: leave Company No. blank for a company contact.")
TYPE_CHANGE_PERSONS = _("Type cannot be changed because there are one or more related people linked to the contact.")
TYPE_CHANGE_INTERACTIONS = _(
    "Type cannot be changed because one or more interaction log entries are linked to the contact."
)
TYPE_CHANGE_TASKS = _("Type cannot be changed because one or more tasks are linked to the contact.")
CHANGE_WITH_SEGMENTS = _(
    "You cannot change %(field)s because one or more unlogged segments are assigned to the contact."
)
TYPE_CHANGE_COMPANY_DATA = _(
    "Type cannot be changed to Person while the contact has industry groups or business relations. Remove them first."
)
TYPE_CHANGE_PERSON_DATA = _(
    "Type cannot be changed to Company while the contact has job responsibilities. Remove them first."
)
COMPANY_ONLY_GROUPS = _("Only a company contact can have %(what)s.")
PERSON_ONLY_GROUPS = _("Only a person contact can have job responsibilities.")
NO_ALREADY_EXISTS = _("Contact %(no)s already exists.")
# Deleting (BC: Contact OnDelete; DOMAIN issue: refused while on a segment or with interaction history).
DELETE_ON_SEGMENT = _(
    "You cannot delete the %(no)s record of the Contact because the contact is assigned one or more unlogged segments."
)
DELETE_WITH_INTERACTIONS = _(
    "You cannot delete contact %(no)s because it has interaction log entries (%(count)d). Interaction history is kept."
)
DELETE_COMPANY_WITH_PERSONS = _(
    "You cannot delete company %(no)s because persons belong to it (%(count)d). Delete them or move them to "
    "another company first."
)
DELETE_WITH_OPEN_TASKS = _("You cannot delete contact %(no)s because there are one or more tasks open.")
DELETE_REFERENCED = _("You cannot delete contact %(no)s because other records refer to it: %(what)s.")
# Other apps call check_not_privacy_blocked before creating tasks, interactions or opportunities.
PRIVACY_BLOCKED = _("You cannot use contact %(no)s %(name)s because they are marked as blocked due to privacy.")

_email_validator = EmailValidator()

# The fields the contact card edits (apart from type, company and the group links).
CARD_FIELDS = [
    "name",
    "salesperson",
    "address",
    "post_code",
    "city",
    "country_region_code",
    "territory_code",
    "phone_no",
    "email",
    "correspondence_type",
    "language_code",
    "exclude_from_segment",
    "privacy_blocked",
]


@dataclass
class ContactGroups:
    """The codes a contact is linked to; None leaves that kind of link unchanged."""

    industry_groups: Sequence[IndustryGroup] | None = None
    business_relations: Sequence[BusinessRelation] | None = None
    mailing_groups: Sequence[MailingGroup] | None = None
    job_responsibilities: Sequence[JobResponsibility] | None = None


# --- formats --------------------------------------------------------------------------------------


def validate_email_address(value: str) -> None:
    """Raise BC's message when `value` is not one valid e-mail address (blank is allowed)."""
    if not value:
        return
    try:
        _email_validator(value)
    except ValidationError:
        raise ValidationError(EMAIL_INVALID, params={"email": value}, code="invalid_email") from None


_LETTER = re.compile(r"[^\W\d_]")  # any letter, in any alphabet


def validate_phone_no(value: str) -> None:
    if value and _LETTER.search(value):
        raise ValidationError(PHONE_NO_LETTERS, code="phone_letters")


def normalize_code(value: str) -> str:
    """Code fields (post code, country, territory, language, group codes) are stored upper-case, as in BC."""
    return value.strip().upper()


# --- company and type rules -----------------------------------------------------------------------


def company_error(*, contact_type: str, company_no: str, company: Contact | None, own_no: str = "") -> str | None:
    """The message for a Company No. that does not fit the contact's type, or None.

    `company` is the contact found for `company_no` (None when there is none).
    """
    if not company_no:
        return None
    if contact_type == Contact.Type.COMPANY:
        return None if own_no and company_no == own_no else str(COMPANY_HAS_COMPANY)
    if company is None:
        return str(COMPANY_NOT_FOUND % {"no": company_no})
    if company.type != Contact.Type.COMPANY:
        return str(COMPANY_IS_PERSON % {"no": company_no})
    return None


def group_errors(*, contact_type: str, groups: ContactGroups) -> dict[str, str]:
    """Industry groups and business relations belong to companies, job responsibilities to persons."""
    errors = {}
    if contact_type == Contact.Type.PERSON:
        if groups.industry_groups:
            errors["industry_groups"] = str(COMPANY_ONLY_GROUPS % {"what": _("industry groups")})
        if groups.business_relations:
            errors["business_relations"] = str(COMPANY_ONLY_GROUPS % {"what": _("business relations")})
    elif groups.job_responsibilities:
        errors["job_responsibilities"] = str(PERSON_ONLY_GROUPS)
    return errors


def change_errors(*, original: Contact, new_type: str, new_company_id: int | None) -> dict[str, str]:
    """BC's TypeChange and Company No. checks against the records linked to an existing contact."""
    if new_type != original.type:
        if original.interactions.exists():
            return {"type": str(TYPE_CHANGE_INTERACTIONS)}
        if original.tasks.exists():
            return {"type": str(TYPE_CHANGE_TASKS)}
        if original.is_company and original.members.filter(type=Contact.Type.PERSON).exists():
            return {"type": str(TYPE_CHANGE_PERSONS)}
        if original.segment_lines.exists():
            return {"type": str(CHANGE_WITH_SEGMENTS % {"field": _("Type")})}
    elif new_type == Contact.Type.PERSON and new_company_id != original.company_id and original.segment_lines.exists():
        return {"company_no": str(CHANGE_WITH_SEGMENTS % {"field": _("Company No.")})}
    return {}


def type_change_group_errors(*, new_type: str, groups: ContactGroups) -> dict[str, str]:
    """A company keeps no industry groups or business relations when it becomes a person, and vice versa."""
    if new_type == Contact.Type.PERSON and (groups.industry_groups or groups.business_relations):
        return {"type": str(TYPE_CHANGE_COMPANY_DATA)}
    if new_type == Contact.Type.COMPANY and groups.job_responsibilities:
        return {"type": str(TYPE_CHANGE_PERSON_DATA)}
    return {}


def salesperson_error(*, contact: Contact, original_salesperson_id: int | None) -> str | None:
    """A blocked (or privacy blocked) salesperson stays valid where it is, but cannot be chosen anew."""
    salesperson = contact.salesperson
    if salesperson is None or salesperson.pk == original_salesperson_id:
        return None
    if not (salesperson.blocked or salesperson.privacy_blocked):
        return None
    return str(SALESPERSON_BLOCKED % {"code": salesperson.code})


def find_company(company_no: str) -> Contact | None:
    return Contact.objects.filter(no=company_no).first() if company_no else None


def check_not_privacy_blocked(contact: Contact) -> None:
    """BC's CheckIfPrivacyBlockedGeneric: tasks, interactions and opportunities refuse such a contact."""
    if contact.privacy_blocked:
        raise ValidationError(PRIVACY_BLOCKED, params={"no": contact.no, "name": contact.name}, code="privacy")


# --- numbers --------------------------------------------------------------------------------------


def draw_contact_nos(count: int) -> tuple[list[str], NoSeries]:
    """Draw `count` consecutive numbers from Marketing Setup's Contact Nos. in one step (gapless, locked).

    Must run inside the transaction that stores the contacts, like core.services.draw_no.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("draw_contact_nos must run inside the transaction that stores the numbers.")
    setup = MarketingSetup.get()
    if setup.contact_nos_id is None:
        caption = MarketingSetup._meta.get_field("contact_nos").verbose_name
        raise ValidationError(SETUP_FIELD_EMPTY, params={"field": caption}, code="no_series")
    series = NoSeries.objects.select_for_update().get(pk=setup.contact_nos_id)
    nos = list(number_block(series, count))
    if nos:
        series.last_no_used = nos[-1]
        series.save(update_fields=["last_no_used"])
    return nos, series


def number_block(series: NoSeries, count: int) -> Iterable[str]:
    """The next `count` numbers of `series` (as increment_no would give them one by one)."""
    start = series.next_no_preview
    match = re.search(r"(\d+)(\D*)$", start)
    if match is None:
        raise ValueError(f"{start!r} contains no number to increment.")
    prefix, digits, suffix = start[: match.start(1)], match.group(1), match.group(2)
    width, first = len(digits), int(digits)
    for index in range(count):
        yield f"{prefix}{str(first + index * series.increment_by).zfill(width)}{suffix}"


def manual_no_error() -> str | None:
    """Typing a No. needs a series that allows manual numbers (or no series), as core.services.assign_no."""
    series = MarketingSetup.get().contact_nos
    if series is not None and not series.manual_nos:
        return str(MANUAL_NOS_NOT_ALLOWED % {"code": series.code})
    return None


# --- create, update, delete -----------------------------------------------------------------------


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def _company_for(contact: Contact, company_no: str, own_no: str = "") -> Contact | None:
    if contact.type == Contact.Type.COMPANY:
        message = company_error(contact_type=contact.type, company_no=company_no, company=None, own_no=own_no)
        _raise_if({"company_no": message} if message else {})
        return None
    company = find_company(company_no)
    message = company_error(contact_type=contact.type, company_no=company_no, company=company, own_no=own_no)
    _raise_if({"company_no": message} if message else {})
    return company


@transaction.atomic
def create_contact(
    *, contact: Contact, company_no: str = "", manual_no: str = "", groups: ContactGroups | None = None
) -> Contact:
    """Insert a new contact: number from the series (or typed), a company is its own company,
    a person's Company Name comes from its company."""
    groups = groups or ContactGroups()
    company = _company_for(contact, company_no)
    errors = group_errors(contact_type=contact.type, groups=groups)
    if message := salesperson_error(contact=contact, original_salesperson_id=None):
        errors["salesperson"] = message
    _raise_if(errors)
    if manual_no and Contact.objects.filter(no=manual_no).exists():
        raise ValidationError({"no": [NO_ALREADY_EXISTS % {"no": manual_no}]})
    try:
        contact.no, contact.no_series = assign_no(setup_field="contact_nos", manual_no=manual_no)
    except ValidationError as error:
        raise ValidationError({"no": error.messages}) from None
    contact.company = company
    contact.company_name = company.name if company else (contact.name if contact.is_company else "")
    contact.last_date_modified = timezone.localdate()
    try:
        with transaction.atomic():
            contact.save(force_insert=True)
    except IntegrityError:
        # The drawn number was typed by hand on another contact earlier.
        raise ValidationError({"no": [NO_ALREADY_EXISTS % {"no": contact.no}]}) from None
    if contact.is_company:
        Contact.objects.filter(pk=contact.pk).update(company=contact.pk)
        contact.company = contact
    _save_groups(contact, groups)
    return contact


@transaction.atomic
def update_contact(
    *, contact: Contact, expected_version: int, company_no: str = "", groups: ContactGroups | None = None
) -> Contact:
    """Save the card of an existing contact with BC's type and company rules and optimistic locking."""
    groups = groups or ContactGroups()
    original = Contact.objects.get(pk=contact.pk)
    if contact.is_company:
        _company_for(contact, company_no, own_no=contact.no)
        company = contact
    else:
        company = _company_for(contact, company_no)
    errors = change_errors(original=original, new_type=contact.type, new_company_id=company.pk if company else None)
    effective = _effective_groups(original, groups)
    if not errors and contact.type != original.type:
        errors = type_change_group_errors(new_type=contact.type, groups=effective)
    errors = group_errors(contact_type=contact.type, groups=effective) | errors
    if message := salesperson_error(contact=contact, original_salesperson_id=original.salesperson_id):
        errors["salesperson"] = message
    _raise_if(errors)
    contact.company = company
    contact.company_name = company.name if company else ""
    contact.last_date_modified = timezone.localdate()
    update_if_unchanged(
        instance=contact,
        expected_version=expected_version,
        fields=[*CARD_FIELDS, "type", "company", "company_name", "last_date_modified"],
    )
    if contact.is_company and contact.name != original.name:
        # BC's OnModify: the persons of a company carry its name.
        contact.members.filter(type=Contact.Type.PERSON).update(
            company_name=contact.name, last_date_modified=contact.last_date_modified
        )
    _save_groups(contact, groups)
    return contact


def _effective_groups(original: Contact, groups: ContactGroups) -> ContactGroups:
    """The links the contact will have: the given ones, or (where None) the ones it has now."""

    def pick(given, current):
        return list(current.all()) if given is None else given

    return ContactGroups(
        industry_groups=pick(groups.industry_groups, original.industry_groups),
        business_relations=pick(groups.business_relations, original.business_relations),
        mailing_groups=[],
        job_responsibilities=pick(groups.job_responsibilities, original.job_responsibilities),
    )


_LINKS = [
    ("industry_groups", ContactIndustryGroup, "industry_group"),
    ("business_relations", ContactBusinessRelation, "business_relation"),
    ("mailing_groups", ContactMailingGroup, "mailing_group"),
    ("job_responsibilities", ContactJobResponsibility, "job_responsibility"),
]


def _save_groups(contact: Contact, groups: ContactGroups) -> None:
    """Make the contact's links exactly the given codes (kinds given as None stay as they are)."""
    for attribute, link_model, field_name in _LINKS:
        wanted = getattr(groups, attribute)
        if wanted is None:
            continue
        wanted_ids = {item.pk for item in wanted}
        existing = link_model.objects.filter(contact=contact)
        existing.exclude(**{f"{field_name}_id__in": wanted_ids}).delete()
        present = set(existing.values_list(f"{field_name}_id", flat=True))
        link_model.objects.bulk_create(
            [link_model(contact=contact, **{f"{field_name}_id": pk}) for pk in sorted(wanted_ids - present)]
        )


def delete_errors(contact: Contact) -> list[str]:
    """Why the contact cannot be deleted (empty when it can)."""
    errors = []
    if contact.segment_lines.exists():
        errors.append(str(DELETE_ON_SEGMENT % {"no": contact.no}))
    if interactions := contact.interactions.count():
        errors.append(str(DELETE_WITH_INTERACTIONS % {"no": contact.no, "count": interactions}))
    if contact.is_company and (persons := contact.members.filter(type=Contact.Type.PERSON).count()):
        errors.append(str(DELETE_COMPANY_WITH_PERSONS % {"no": contact.no, "count": persons}))
    if contact.tasks.filter(closed=False).exists():
        errors.append(str(DELETE_WITH_OPEN_TASKS % {"no": contact.no}))
    return errors


@transaction.atomic
def delete_contact(*, contact: Contact) -> None:
    """Delete a contact and its group links; refused while it is in use (segments, history, persons, tasks)."""
    if errors := delete_errors(contact):
        raise ValidationError(errors[0], code="in_use")
    if contact.is_company:
        # The self-reference would PROTECT the company from its own deletion.
        Contact.objects.filter(pk=contact.pk).update(company=None)
    try:
        with transaction.atomic():
            contact.delete()
    except ProtectedError as error:
        what = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            DELETE_REFERENCED, params={"no": contact.no, "what": ", ".join(what)}, code="in_use"
        ) from None
