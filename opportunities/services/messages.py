"""BC's messages and questions for opportunities (tables 5090–5094, pages 5126–5129), as module constants."""

from django.utils.translation import gettext_lazy as _

MUST_FILL_IN = _("You must fill in the %(field)s field.")
MUST_BE_GREATER_THAN_ZERO = _("%(field)s must be greater than 0.")

# Create Opportunity wizard (page 5126)
CONTACT_REQUIRED = _("You must fill in the contact that is involved in the opportunity.")
EMPTY_SEGMENT = _("You cannot create opportunities on an empty segment.")
CREATE_FOR_SEGMENT_QST = _("Do you want to create an opportunity for all contacts in the %(segment)s segment?")
CREATE_ALL_IN_SEGMENT_QST = _("Do you want to create an opportunity for all contacts in segment?")
ACTIVATE_FIRST_STAGE_QST = _("Would you like to activate first stage for this opportunity?")
CLOSE_DATE_BEFORE_WORKDATE = _("The Estimated closing date has to be later than this change.")
CREATED_FROM_INTERACTION = _("Opportunity %(no)s was created based on selected interaction log entry.")

# Update Opportunity wizard (page 5129)
NO_STAGES = _("There are no stages in sales cycle %(code)s.")
NOT_A_VALID_SELECTION = _("%(action)s is not a valid selection.")
STAGE_NOT_VALID_FOR_ACTION = _("Stage %(stage)s is not a valid stage for %(action)s.")
DATE_OF_CHANGE_BEFORE_LAST = _("The Date of Change has to be after last Date of change.")
QUOTE_REQUIRED = _("You cannot go to this stage before you have assigned a sales quote.")
CLOSE_DATE_BEFORE_CHANGE = _("The Estimated closing date has to be later than this change.")
STAGE_NOT_FOUND = _("Sales Cycle Stage not found.")

# Close Opportunity wizard (page 5128)
SELECT_WON_OR_LOST = _("You must select either Won or Lost.")
CLOSING_DATE_BEFORE_LAST = _("The Closing Date has to be after last Date of change.")
CLOSE_CODE_WRONG_TYPE = _("Close Opportunity Code %(code)s is a %(code_type)s code; choose a %(action)s code.")

# TestField errors (BC's standard texts)
CLOSED_MUST_BE_NO = _("Closed must be equal to 'No'  in Opportunity: No.=%(no)s. Current value is 'Yes'.")
STATUS_MUST_BE_NOT_STARTED = _(
    "Status must be equal to 'Not Started'  in Opportunity: No.=%(no)s. Current value is '%(status)s'."
)
SALES_CYCLE_MUST_HAVE_VALUE = _(
    "Sales Cycle Code must have a value in Opportunity: No.=%(no)s. It cannot be zero or empty."
)
CYCLE_BLOCKED = _("Blocked must be equal to 'No'  in Sales Cycle: Code=%(code)s. Current value is 'Yes'.")
CONTACT_PRIVACY_BLOCKED = _("You cannot use contact %(no)s because they are marked as blocked due to privacy.")
SALESPERSON_BLOCKED = _(
    "Blocked must be equal to 'No'  in Salesperson/Purchaser: Code=%(code)s. Current value is 'Yes'."
)
INTERACTION_CANCELED = _(
    "Canceled must be equal to 'No'  in Interaction Log Entry: Entry No.=%(no)s. Current value is 'Yes'."
)
INTERACTION_HAS_OPPORTUNITY = _(
    "Opportunity No. must be equal to ''  in Interaction Log Entry: Entry No.=%(no)s. "
    "Current value is '%(opportunity)s'."
)

# The card (table 5092's field validations) and deletion
CONTACT_OTHER_COMPANY = _("Contact %(no)s %(name)s is related to another company.")
SALESPERSON_MUST_HAVE_VALUE = _(
    "Salesperson Code must have a value in Opportunity: No.=%(no)s. It cannot be zero or empty."
)
CAMPAIGN_NOT_ON_CREATION_DATE = _(
    "Campaign No. %(campaign)s cannot be used: the opportunity's Creation Date %(date)s is outside the campaign's "
    "Starting Date and Ending Date."
)
CAMPAIGN_NOT_ACTIVATED = _("Activated must be equal to 'Yes'  in Campaign: No.=%(no)s. Current value is 'No'.")
SEGMENT_OTHER_CAMPAIGN = _(
    "Campaign No. must be equal to '%(campaign)s'  in Segment Header: No.=%(segment)s. Current value is '%(current)s'."
)
QUOTE_ALREADY_ASSIGNED = _("Sales Quote %(quote)s is already assigned to opportunity %(opportunity)s.")
CHANGE_TASKS_CONTACT_QST = _("Do you want to change Contact No. on the related open tasks with the same Contact No.?")
CHANGE_TASKS_SALESPERSON_QST = _(
    "Do you want to change Salesperson Code on the related open tasks with the same Salesperson Code?"
)
CHANGE_TASKS_CAMPAIGN_QST = _(
    "Do you want to change Campaign No. on the related open tasks with the same Campaign No.?"
)
CANNOT_DELETE_ACTIVE = _("You cannot delete this opportunity while it is active.")

# --- wizard pages (opportunities/views/wizards.py) ---
DATE_OUT_OF_RANGE = _(
    "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range."
)
PERCENT_OVER_100 = _("%(field)s must not be greater than 100.")

# --- list, card, creation paths and deletion (opportunities/views/opportunities.py, services/card.py) ---
OPPORTUNITY_CREATED = _("Opportunity %(no)s has been created.")
OPPORTUNITY_SAVED = _("Opportunity %(no)s has been saved.")
OPPORTUNITY_DELETED = _("Opportunity %(no)s has been deleted.")
OPPORTUNITY_EXISTS = _("Opportunity %(no)s already exists.")
SEGMENT_OPPORTUNITIES_CREATED = _("%(count)d opportunities have been created: %(first)s to %(last)s.")
SEGMENT_NO_OPPORTUNITIES = _("No opportunities have been created.")
SEGMENT_PRIVACY_SKIPPED = _("%(count)d contacts blocked due to privacy were left out.")
TASKS_CHANGED = _("%(count)d open tasks have been changed.")
DELETE_CLOSED_QST = _("Do you want to delete the %(count)d closed opportunities within the filters?")
CLOSED_OPPORTUNITIES_DELETED = _("%(count)d closed opportunities have been deleted.")
