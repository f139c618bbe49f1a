"""BC's messages for tasks, activities and Assign Activity (table 5080 "To-do"), as module constants."""

from django.utils.translation import gettext_lazy as _

MUST_FILL_IN = _("You must fill in the %(field)s field.")
MUST_SPECIFY_SALESPERSON_OR_TEAM = _("You must specify Salesperson Code or Team Code.")
MUST_FILL_IN_SALESPERSON_OR_TEAM = _("You must fill in either the Salesperson Code field or the Team Code field.")
MEETING_ORGANIZER_REQUIRED = _(
    "Activity %(activity)s contains Tasks of type Meeting. You must fill in the Meeting Organizer field."
)
TASK_ORGANIZER_REQUIRED = _("You must specify the Task organizer.")
DATE_OUT_OF_RANGE = _(
    "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range."
)
DURATION_NEGATIVE = _(
    "Information that you have entered in this field will cause the duration to be negative which is not "
    "allowed. Please modify the ending date/time value."
)
DURATION_UNDER_ONE_MINUTE = _(
    "Information that you have entered in this field will cause the duration to be less than 1 minute, which "
    "is not allowed. Please modify the ending date/time value."
)
DURATION_OVER_TEN_YEARS = _(
    "Information that you have entered in this field will cause the duration to be more than 10 years, which "
    "is not allowed. Please modify the ending date/time value."
)
TYPE_CHANGE_NOT_ALLOWED = _(
    "You cannot change a Task type from Blank or Phone Call to Meeting and vice versa. You can only change a "
    "Task type from Blank to Phone Call or from Phone Call to Blank."
)
SALESPERSON_IS_MEETING_ORGANIZER = _(
    "You cannot change the Salesperson Code for this Task, because this salesperson is the meeting organizer."
)
COMPLETED_BY_REQUIRED = _("The Completed By field must be filled in for Tasks assigned to a team.")
RECURRING_INTERVAL_REQUIRED = _(
    "Recurring Date Interval must have a value in Task: No.=%(no)s. It cannot be zero or empty."
)
CALC_DUE_DATE_FROM_REQUIRED = _("Calc. Due Date From must be specified.")
RECURRING_TASK_CREATED = _("Task No. %(new)s has been created from recurring Task %(old)s.")
CONTACT_PRIVACY_BLOCKED = _("You cannot use contact %(no)s because they are marked as blocked due to privacy.")
SALESPERSON_PRIVACY_BLOCKED = _("Privacy Blocked must not be true for Salesperson / Purchaser %(code)s.")
SALESPERSON_BLOCKED = _(
    "The field %(field)s of table Task contains a value (%(code)s) that cannot be found in the related table "
    "(Salesperson/Purchaser)."
)

# Questions (BC Confirm dialogs).
REGISTER_INTERACTION_QST = _("Do you want to register an Interaction Log Entry?")
CLOSE_TASK_QST = _("Do you want to close the Task?")
CREATE_TASK_FOR_SEGMENT_QST = _("Do you want to create a Task for all contacts in the %(segment)s Segment?")
ASSIGN_ACTIVITY_TO_SEGMENT_QST = _("Do you want to assign an activity to all Contacts in the %(segment)s Segment?")
TEAM_MEMBER_TASKS_DELETED_QST = _(
    "Tasks of the %(old)s team members who do not belong to the %(new)s team will be deleted. Do you want to continue?"
)
REASSIGN_TEAM_TASK_QST = _(
    "Task No. %(no)s will be reassigned to %(salesperson)s and the corresponding salesperson Tasks for team "
    "members will be deleted. Do you want to continue?"
)
REASSIGN_TASK_QST = _("Task No. %(no)s will be reassigned to %(salesperson)s. Do you want to continue?")
REOPEN_CHANGE_TEAM_QST = _(
    "Task No. %(no)s is closed and will be reopened. The Tasks of the %(old)s team members who do not belong "
    "to the %(new)s team will be deleted. Do you want to continue?"
)
REOPEN_REASSIGN_TEAM_TASK_QST = _(
    "Task No. %(no)s is closed and will be reopened. It will be reassigned to %(salesperson)s, and the "
    "corresponding salesperson Tasks for team members will be deleted. Do you want to continue?"
)
REOPEN_REASSIGN_QST = _(
    "Task No. %(no)s is closed. It will be reopened and reassigned to %(salesperson)s. Do you want to continue?"
)
REOPEN_ASSIGN_TO_TEAM_QST = _("Task No. %(no)s is closed. Do you want to reopen it and assign to the %(team)s team?")

# Activities.
ACTIVITY_STEP_EXISTS = _(
    "The Activity Step already exists. Identification fields and values: Activity Code='%(activity)s',"
    "Step No.='%(step)s'"
)
